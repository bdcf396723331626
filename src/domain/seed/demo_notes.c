/*
 * The demo's liaison notebook (demo_notes.h). Every note goes through
 * note_create / note_get / note_ack as the account that writes or reads
 * it, at the time it would have (ctx->now moved back), so the access
 * decision and the trace are the real ones.
 */
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/coordination/note.h"
#include "domain/coordination/visit.h"
#include "domain/platform/user.h"
#include "domain/seed/demo.h"
#include "domain/seed/demo_history.h"
#include "domain/seed/demo_notes.h"

/* The writers, and the readers whose receipts the demo records. */
static const char *const logins[] = { "aide", "ide", "ergo", "psy",
	"coordination", "medecin", NULL };
#define W_AIDE 0
#define W_IDE 1
#define W_ERGO 2
#define W_PSY 3
#define W_COORD 4
#define W_MED 5

struct team {
	struct user u[6];
};

/* What each writes: category, free text or D/A/R. */
struct text {
	const char *category, *body, *target, *data, *actions, *results;
	int vigilance;
};

static const struct text aide_texts[] = {
	{ "vie_quotidienne",
	    "Toilette au lavabo, habillage avec aide pour "
	    "les bas. A bien mangé au petit-déjeuner.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "vie_quotidienne",
	    "Moral un peu bas ce matin, parle de sa sœur "
	    "décédée. Avons regardé les photos ensemble.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "soins", NULL, "Alimentation",
	    "N'a mangé que la moitié du "
	    "repas de midi, dit ne pas avoir faim.",
	    "Proposé un laitage et "
	    "une compote, noté dans le cahier.",
	    "Compote prise.", 0 },
	{ "vie_quotidienne",
	    "Frigo presque vide : sa fille prévenue par "
	    "téléphone, elle passe demain.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "soins",
	    "Chute sans gravité dans la salle de bain avant mon "
	    "arrivée, relevée seule. Pas de douleur déclarée, bleu au coude "
	    "gauche.",
	    NULL, NULL, NULL, NULL, 1 },
	{ "vie_quotidienne",
	    "Bonne journée, est sortie au jardin avec le "
	    "déambulateur.",
	    NULL, NULL, NULL, NULL, 0 },
};

static const struct text ide_texts[] = {
	{ "traitement",
	    "Pilulier de la semaine préparé. Doliprane à la "
	    "demande : 2 prises depuis lundi.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "soins", NULL, "Peau", "Rougeur au talon droit, non blanchissante.",
	    "Effleurage, talon en décharge, coussin installé.",
	    "À revoir jeudi.", 1 },
	{ "soins",
	    "Pansement de la jambe gauche refait, plaie propre, en "
	    "bonne voie.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "traitement",
	    "Tension 14/8, pouls régulier. Traitement pris "
	    "devant moi.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "soins", NULL, "Hydratation", "Urines foncées, bouche sèche.",
	    "Bouteille d'eau posée près du fauteuil, fille prévenue.",
	    "A bu 2 verres pendant le passage.", 0 },
};

static const struct text ergo_texts[] = {
	{ "soins",
	    "Essai du rehausseur de WC : adapté, commande à faire "
	    "par la famille.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "soins",
	    "Transferts lit-fauteuil sûrs avec la barre d'appui. "
	    "Tapis de la chambre retiré avec son accord.",
	    NULL, NULL, NULL, NULL, 0 },
};

static const struct text psy_texts[] = {
	{ "psy",
	    "Entretien : anxiété autour de l'hospitalisation de son "
	    "époux, sommeil perturbé. Revoir dans 15 jours.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "psy", "Plus apaisée, a repris les appels avec sa petite-fille.",
	    NULL, NULL, NULL, NULL, 0 },
};

static const struct text coord_texts[] = {
	{ "social",
	    "Dossier APA : révision demandée au Département, "
	    "visite de l'équipe médico-sociale prévue.",
	    NULL, NULL, NULL, NULL, 0 },
	{ "social",
	    "La fille aidante est épuisée : proposé un temps "
	    "d'accueil de jour et la plateforme de répit.",
	    NULL, NULL, NULL, NULL, 1 },
};

static const struct text med_texts[] = {
	{ "medical",
	    "Consultation : majoration du furosémide à 40 mg le "
	    "matin pendant 5 jours, contrôle du poids quotidien.",
	    NULL, NULL, NULL, NULL, 1 },
	{ "medical",
	    "Bilan sanguin normal, pas de changement de "
	    "traitement.",
	    NULL, NULL, NULL, NULL, 0 },
};

/* The ISO instant ctx->now takes for t (UTC, milliseconds). */
static const char *
iso(struct ctx *ctx, time_t t)
{
	char buf[CLOCK_ISO_LEN + 1];

	clock_fmt_iso(buf, t, 0);
	return arena_strdup(&ctx->arena, buf);
}

/* A refusal of the decision (a member out of a circle, a category the
 * writer does not write) skips the note: the demo writes only what the
 * real accounts may. */
static int
soft(struct ctx *ctx, int rc)
{
	if (rc == E_FORBIDDEN || rc == E_NOT_FOUND) {
		err_clear(ctx);
		return E_OK;
	}
	return rc;
}

static int
jot(struct ctx *ctx, const struct user *u, int64_t pid, time_t at,
    const struct visit_occ *o, const struct text *t, int64_t *id)
{
	struct note_in in;
	int rc;

	*id = 0;
	rc = demo_act_as(ctx, u->login);
	if (rc != E_OK)
		return rc;
	ctx->now = iso(ctx, at);
	memset(&in, 0, sizeof(in));
	in.person_id = pid;
	in.category = t->category;
	in.kind = t->body != NULL ? "text" : "dar";
	in.body = t->body;
	in.target = t->target;
	in.data = t->data;
	in.actions = t->actions;
	in.results = t->results;
	in.vigilance = t->vigilance;
	if (o != NULL) {
		in.series_id = o->series->id;
		in.occ_key = o->key;
	}
	return soft(ctx, note_create(ctx, &in, 0, id));
}

/* The visit's member writes, one visit in three, at its end. */
static int
on_visits(struct ctx *ctx, const struct team *tm, int64_t pid,
    const struct visit_occ *v, int n, time_t now, int *k)
{
	const struct text *t;
	struct text tt;
	const struct user *u;
	int64_t id;
	int j, w, rc;

	for (j = 0; j < n; j++) {
		if (v[j].mark == NULL || strcmp(v[j].state, "done") != 0 ||
		    v[j].series->user_id == 0 || v[j].end_t > now - 1800)
			continue;
		if ((v[j].key_t / 60 + pid) % 3 != 0)
			continue;
		for (w = 0; w < W_COORD; w++)
			if (tm->u[w].id == v[j].series->user_id)
				break;
		if (w == W_COORD)
			continue;
		u = &tm->u[w];
		(*k)++;
		switch (w) {
		case W_AIDE:
			t = &aide_texts[*k %
			    (int)(sizeof(aide_texts) / sizeof(aide_texts[0]))];
			break;
		case W_IDE:
			t = &ide_texts[*k %
			    (int)(sizeof(ide_texts) / sizeof(ide_texts[0]))];
			break;
		case W_ERGO:
			t = &ergo_texts[*k % 2];
			break;
		default:
			t = &psy_texts[*k % 2];
			break;
		}
		/* Not every fall or redness is flagged: one person in two. */
		tt = *t;
		tt.vigilance = t->vigilance && pid % 2 == 0;
		rc = jot(ctx, u, pid, v[j].end_t + 300, &v[j], &tt, &id);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

/* Receipts of the aide and the nurse on what is older than five days,
 * and the acknowledgement of the vigilance notes but the last ones. */
static int
readers(struct ctx *ctx, int64_t pid, time_t now)
{
	struct note_query q;
	struct note *v, out;
	const char *cut;
	int n, total, i, r, rc;

	cut = iso(ctx, now - 5 * 86400);
	for (r = W_AIDE; r <= W_IDE; r++) {
		rc = demo_act_as(ctx, logins[r]);
		if (rc != E_OK)
			return rc;
		ctx->now = iso(ctx, now - 86400);
		memset(&q, 0, sizeof(q));
		q.person_id = pid;
		q.limit = 200;
		rc = soft(ctx, note_list(ctx, &q, &v, &n, &total));
		if (rc != E_OK)
			return rc;
		for (i = 0; i < n; i++) {
			if (strcmp(v[i].created_at, cut) > 0)
				continue;
			rc = soft(ctx, note_get(ctx, v[i].id, 1, &out));
			if (rc != E_OK)
				return rc;
		}
	}
	return E_OK;
}

/* The account of user `id` in the team, or NULL. */
static const struct user *
member(const struct team *tm, int64_t id)
{
	int w;

	for (w = 0; logins[w] != NULL; w++)
		if (id != 0 && tm->u[w].id == id)
			return &tm->u[w];
	return NULL;
}

/* The rule of the notebook, as the team keeps it: a vigilance note is
 * acknowledged by the professional of the first visit done after it, on
 * her arrival (the coordination when a partner's service visited, or when
 * she may not read it). One in five of the last five days was missed: the
 * few « non confirmées » a CRT of this size has, not every note. */
static int
acks(struct ctx *ctx, const struct team *tm, int64_t pid,
    const struct visit_occ *v, int n, time_t now)
{
	struct note_query q;
	struct note *notes, out;
	const struct user *u;
	const char *recent = iso(ctx, now - 5 * 86400);
	int64_t made;
	int nn, total, i, j, w, rc;

	/* The CRT's doctor reads every category. */
	rc = demo_act_as(ctx, "medecin");
	if (rc != E_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.person_id = pid;
	q.limit = 200;
	rc = soft(ctx, note_list(ctx, &q, &notes, &nn, &total));
	for (i = 0; rc == E_OK && i < nn; i++) {
		if (!notes[i].vigilance || notes[i].ack_count != 0 ||
		    notes[i].corrected_by_id != 0 ||
		    clock_parse_iso(notes[i].created_at, &made) != 0)
			continue;
		if (strcmp(notes[i].created_at, recent) > 0 &&
		    notes[i].id % 5 == 0)
			continue;
		for (j = 0; j < n; j++)
			if (v[j].mark != NULL &&
			    strcmp(v[j].state, "done") == 0 &&
			    v[j].start_t > made / 1000 && v[j].start_t <= now)
				break;
		if (j == n)
			continue;
		memset(&out, 0, sizeof(out));
		u = member(tm, v[j].series->user_id);
		for (w = 0; rc == E_OK && w < 3 && out.acked_at == NULL; w++) {
			const struct user *by = w == 0 ? u
			    : w == 1                   ? &tm->u[W_COORD]
						       : &tm->u[W_MED];

			/* Another professional than its author. */
			if (by == NULL || by->id == notes[i].created_by)
				continue;
			rc = demo_act_as(ctx, by->login);
			ctx->now = iso(ctx, v[j].start_t);
			if (rc == E_OK)
				rc = soft(ctx,
				    note_ack(ctx, notes[i].id, 0, NULL, &out));
		}
	}
	return rc;
}

int
demo_notes_seed(struct ctx *ctx, const struct demo_file *file)
{
	struct team tm;
	struct visit_query q;
	struct visit_occ *v;
	const char *saved_now = ctx->now;
	time_t now = time(NULL);
	/* Today 00:00 UTC: the coordination writes at 10:00 and the doctor
	 * at 14:00 (Paris, winter), on working hours, not at night. */
	time_t day0 = now - now % 86400;
	int64_t id = 0, first_id = 0;
	int i, n, k = 0, rc;
	struct note_in in;

	memset(&tm, 0, sizeof(tm));
	for (i = 0; logins[i] != NULL; i++) {
		rc = user_by_login(ctx, logins[i], &tm.u[i], NULL);
		if (rc != E_OK)
			return rc == E_NOT_FOUND ? E_INTERNAL : rc;
	}
	for (i = 0; i < file->n; i++) {
		int64_t pid = file->s[i].person_id;

		rc = demo_act_as(ctx, "coordination");
		if (rc != E_OK)
			goto out;
		memset(&q, 0, sizeof(q));
		q.person_id = pid;
		q.from = clock_today_plus(&ctx->arena, -DEMO_NOTES_DAYS);
		q.to = clock_today_plus(&ctx->arena, 0);
		rc = visit_occurrences(ctx, &q, &v, &n);
		if (rc == E_OK)
			rc = on_visits(ctx, &tm, pid, v, n, now, &k);
		/* The coordination and the doctor, now and then. */
		if (rc == E_OK && i % 3 == 0)
			rc = jot(ctx, &tm.u[W_COORD], pid,
			    day0 - (time_t)(i % 10 + 3) * 86400 + 3600 * 9,
			    NULL, &coord_texts[i % 2], &id);
		if (rc == E_OK && i % 4 == 1)
			rc = jot(ctx, &tm.u[W_MED], pid,
			    day0 - (time_t)(i % 7 + 1) * 86400 + 3600 * 13,
			    NULL, &med_texts[(i / 4) % 2], &id);
		/* The first furosemide note is the one corrected below. */
		if (rc == E_OK && first_id == 0 && id != 0 && i % 4 == 1 &&
		    (i / 4) % 2 == 0)
			first_id = id;
		if (rc == E_OK)
			rc = readers(ctx, pid, now);
		if (rc == E_OK)
			rc = acks(ctx, &tm, pid, v, n, now);
		if (rc != E_OK)
			goto out;
	}
	/* The doctor corrects one of her notes (append-only: both stay). */
	if (first_id != 0) {
		struct note old;

		rc = demo_act_as(ctx, "medecin");
		ctx->now = iso(ctx, now - 3600 * 20);
		if (rc == E_OK)
			rc = note_get(ctx, first_id, 0, &old);
		if (rc == E_OK) {
			memset(&in, 0, sizeof(in));
			in.person_id = old.person_id;
			in.category = "medical";
			in.kind = "text";
			in.body =
			    "Correction : furosémide 40 mg le matin pendant "
			    "3 jours (et non 5), puis retour à 20 mg.";
			in.vigilance = 1;
			rc = note_create(ctx, &in, first_id, &id);
		}
	}
out:
	ctx->now = saved_now;
	if (rc == E_OK)
		rc = demo_act_as(ctx, "coordination");
	return rc;
}
