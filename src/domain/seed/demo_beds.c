/*
 * The demo's emergency temporary beds (demo_beds.h). Every write goes
 * through domain/volet2/bed.c as the coordination, so the limits apply to
 * the demo as to a user: stays of 5 to 21 nights, each person at most two
 * a year, none over the 30 days the volet-2 place is held.
 */
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/seed/demo.h"
#include "domain/seed/demo_beds.h"
#include "domain/seed/demo_history.h"
#include "domain/volet2/bed.h"

static const struct {
	const char *label, *kind;
} places[] = {
	{ "Chambre d'urgence — EHPAD Fanny Ramadier", "chambre_urgence" },
	{ "Hébergement temporaire — chambre 12", "hebergement_temporaire" },
};

static const char *const notes[] = {
	"Retour d'hospitalisation, aidante épuisée.",
	"L'épouse hospitalisée, personne seule à domicile.",
	"Répit de l'aidant, prévu avec la plateforme de répit.",
	NULL,
	"Chute sans fracture, domicile à aménager.",
	NULL,
};

static const struct {
	int days_ago;
	const char *asked_by, *reason;
} refusals[] = {
	{ 301, "CH de Mende — service des urgences",
	    "Sortie d'hospitalisation un vendredi soir, aidant absent" },
	{ 187, "SSIAD du Malzieu",
	    "Aidante hospitalisée en urgence, personne seule" },
	{ 64, "Médecin traitant, cabinet de Saint-Chély-d'Apcher",
	    "Crise à domicile, mise à l'abri demandée" },
	{ 19, "Plateforme de répit Lozère",
	    "Répit demandé pour le week-end prolongé" },
};

/* A stable pseudo-random number from two small integers. */
static unsigned
mix(unsigned a, unsigned b)
{
	unsigned long long x = (a + 1ull) * 0x9E3779B97F4A7C15ull ^ (b + 7ull);

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return (unsigned)(x % 1000);
}

static const char *
day(struct ctx *ctx, const char *today, long n)
{
	char d[11];

	bed_date_add(d, today, n);
	return arena_strdup(&ctx->arena, d);
}

/* One stay booked, arrived on its start and left on `left` (NULL: still
 * there). */
static int
stay(struct ctx *ctx, int64_t bed, int64_t pid, const char *start,
    const char *end, const char *left, int k)
{
	int64_t id;
	int rc;

	rc = bed_stay_create(ctx, bed, pid, start, end, bed_reason_codes[k % 4],
	    notes[k % 6], &id);
	if (rc == E_OK)
		rc = bed_stay_arrive(ctx, id, start);
	if (rc == E_OK && left != NULL)
		rc = bed_stay_depart(ctx, id, left);
	return rc;
}

int
demo_beds_seed(struct ctx *ctx, const struct demo_file *file)
{
	char tbuf[11];
	const char *today, *start, *end, *left, *cur;
	int64_t beds[2], id;
	long d, len, gap, curstart[2] = { -4, -9 };
	int b, j, m, n = file->n, rc = E_OK;
	size_t i;

	if (n < 4)
		return E_OK;
	m = (n - 2) & ~1; /* even: a rank keeps its parity, its place */
	bed_local_day(tbuf, "Europe/Paris", clock_now_s());
	today = arena_strdup(&ctx->arena, tbuf);
	rc = demo_act_as(ctx, "coordination");
	for (b = 0; rc == E_OK && b < 2; b++)
		rc = bed_create(ctx, 0, places[b].label, places[b].kind,
		    day(ctx, today, -400), &beds[b]);
	/* A year of past stays: each place in turn, its people from one half
	 * of the file active (even or odd rank), so no one is on both. */
	for (b = 0; rc == E_OK && b < 2; b++) {
		d = -365 + 4 * b;
		for (j = 0; rc == E_OK; j++) {
			len = 5 + mix(b, j) % 17;
			gap = 2 + mix(j, b) % 11;
			if (d + len + 2 > curstart[b])
				break;
			start = day(ctx, today, d);
			end = day(ctx, today, d + len);
			/* One stay in five ends a day early. */
			left = mix(b, j) % 5 == 0 ? day(ctx, today, d + len - 1)
						  : end;
			rc = stay(ctx, beds[b],
			    file->s[(2 * j + b) % m].person_id, start, end,
			    left, j + b);
			d += len + gap;
		}
	}
	/* A stay in progress on each place, the last two of the file. */
	for (b = 0; rc == E_OK && b < 2; b++) {
		cur = day(ctx, today, curstart[b]);
		rc = stay(ctx, beds[b], file->s[n - 1 - b].person_id, cur,
		    day(ctx, today, curstart[b] + 14 + 6 * b), NULL, b);
	}
	/* A booking ahead on the first place, after its stay. */
	if (rc == E_OK)
		rc = bed_stay_create(ctx, beds[0], file->s[1].person_id,
		    day(ctx, today, 14), day(ctx, today, 24), "repit",
		    "Répit prévu pendant les congés de la fille.", &id);
	for (i = 0; rc == E_OK && i < sizeof(refusals) / sizeof(refusals[0]);
	     i++)
		rc = bed_refusal_add(ctx, 0, refusals[i].asked_by,
		    clock_iso_after(&ctx->arena,
			-86400L * refusals[i].days_ago - 3600L * 5),
		    refusals[i].reason, &id);
	return rc;
}
