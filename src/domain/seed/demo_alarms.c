/*
 * The demo's telealarm calls (demo_alarms.h). Every message goes through
 * alarm_ingest and every step through alarm_step_add as the account that
 * takes it, at the time it would have (ctx->now moved back), so the
 * tables hold what the real routes would have written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "access/access.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/coordination/note.h"
#include "domain/oncall/alarm.h"
#include "domain/seed/demo.h"
#include "domain/seed/demo_alarms.h"
#include "domain/seed/demo_history.h"

static const char *
iso(struct ctx *ctx, time_t t)
{
	char buf[CLOCK_ISO_LEN + 1];

	clock_fmt_iso(buf, t, 0);
	return arena_strdup(&ctx->arena, buf);
}

static void
set(struct jv_str *f, const char *s)
{
	f->set = 1;
	f->null = s == NULL;
	f->s = s;
	f->len = s != NULL ? strlen(s) : 0;
}

static const char *
ref_of(struct ctx *ctx, int i)
{
	return arena_printf(&ctx->arena, "TA48-%04d", 101 + i);
}

static int
step(struct ctx *ctx, const char *login, time_t at, int64_t call,
    const char *kind, const char *detail, const char *outcome)
{
	int rc = demo_act_as(ctx, login);

	ctx->now = iso(ctx, at);
	return rc != E_OK ? rc
			  : alarm_step_add(ctx, call, kind, detail, outcome);
}

/* The handling of day d's call: most cleared by the aide on the phone,
 * every fifth with the nurse at the home, day 12 a hospitalisation. */
static int
handle(struct ctx *ctx, int d, time_t t, int64_t call)
{
	int rc;

	rc = step(ctx, "aide", t + 60 + d * 7, call, "take", NULL, NULL);
	if (rc == E_OK && d == 12) {
		rc = step(ctx, "aide", t + 240, call, "level2_called",
		    "Chute avec douleur à la hanche.", NULL);
		if (rc == E_OK)
			rc = step(ctx, "aide", t + 420, call, "samu_called",
			    "Régulation : envoi d'une ambulance.", NULL);
		if (rc == E_OK)
			rc = step(ctx, "aide", t + 3000, call, "close",
			    "Transportée aux urgences de Mende.",
			    "hospitalise");
		return rc;
	}
	if (rc == E_OK && d % 5 == 0) {
		rc = step(ctx, "aide", t + 300, call, "level2_called",
		    "Avis de l'infirmière demandé.", NULL);
		if (rc == E_OK)
			rc =
			    step(ctx, "ide", t + 600, call, "left", NULL, NULL);
		if (rc == E_OK)
			rc = step(
			    ctx, "ide", t + 1800, call, "arrived", NULL, NULL);
		if (rc == E_OK)
			rc = step(ctx, "ide", t + 3600, call, "left_home",
			    "Relevée, pas de blessure, recouchée.", NULL);
		if (rc == E_OK)
			rc = step(ctx, "ide", t + 3660, call, "close", NULL,
			    "domicile");
		return rc;
	}
	if (rc == E_OK)
		rc = step(ctx, "aide", t + 400, call, "advice",
		    "Rassurée au téléphone ; sa fille passera demain matin.",
		    NULL);
	if (rc == E_OK)
		rc =
		    step(ctx, "aide", t + 600, call, "close", NULL, "domicile");
	return rc;
}

static int
one_call(struct ctx *ctx, const struct alarm_operator *op, int d, time_t t,
    const char *ref, int64_t *call)
{
	static const char *const devices[] = { "0003", "0005", "0003", "0010" };
	static const char *const reasons[] = { "chute", "angoisse",
		"sans_reponse", "malaise" };
	struct alarm_receipt r;
	struct alarm_msg m;
	const char *id;

	memset(&m, 0, sizeof(m));
	id = arena_printf(&ctx->arena, "demo-%s-%02d", op->name, d);
	set(&m.event_id, id);
	set(&m.correlation_key, arena_printf(&ctx->arena, "inc-%02d", d));
	set(&m.action, "trigger");
	set(&m.subscriber_ref, ref);
	set(&m.device_type, devices[d % 4]);
	set(&m.status, d % 4 == 1 ? "0009" : "0010");
	set(&m.priority, d % 4 == 1 ? "high" : "normal");
	set(&m.occurred_at, iso(ctx, t - 90));
	set(&m.received_at, iso(ctx, t - 80));
	set(&m.sent_at, iso(ctx, t - 5));
	set(&m.callback_number, "04 66 00 00 00");
	m.assessment.spoke_with_person.set = 1;
	m.assessment.spoke_with_person.v = d % 3 != 0;
	m.assessment.reached_network.set = 1;
	m.assessment.reached_network.v = 0;
	set(&m.assessment.reason, reasons[d % 4]);
	ctx->now = iso(ctx, t);
	ctx->user_id = 0;
	*call = 0;
	if (alarm_ingest(ctx, op, &m, id, strlen(id), &r) != E_OK)
		return ctx->err;
	*call = r.call_id;
	return E_OK;
}

/* Whether `login` writes care notes on the person (her circle, her
 * matrix): the demo's calls go to the people both the aide and the
 * nurse on duty follow, so their next-morning notes are written. */
static int
writes_care(struct ctx *ctx, const char *login, int64_t pid)
{
	struct access_grant g;

	if (demo_act_as(ctx, login) != E_OK ||
	    access_check(ctx, pid, &g) != E_OK) {
		err_clear(ctx);
		return 0;
	}
	return (g.write & CAT_BIT(CAT_SOINS)) != 0;
}

int
demo_alarms_seed(struct ctx *ctx, int64_t crt_id, const struct demo_file *f)
{
	int followed[DEMO_FILE_MAX], both[DEMO_FILE_MAX], nf = 0, nb = 0;
	const char *secret = getenv("MAILLAGE_DEMO_ALARM_SECRET");
	const char *saved = ctx->now;
	struct alarm_operator ops[2];
	struct alarm_subscriber sub;
	time_t now = clock_now_s(), day, t;
	int64_t call;
	int i, d, rc;

	if (secret == NULL || *secret == '\0')
		secret = DEMO_ALARM_SECRET;
	memset(ops, 0, sizeof(ops));
	ops[0].crt_id = ops[1].crt_id = crt_id;
	ops[0].name = DEMO_ALARM_OPERATOR;
	ops[1].name = "alerte-lozere-demo";
	rc = alarm_operator_create(ctx, crt_id, ops[0].name,
	    "Téléassistance démo (Lozère)", secret, 15, &ops[0].id);
	if (rc == E_OK)
		rc = alarm_operator_create(ctx, crt_id, ops[1].name,
		    "Alerte Lozère (démo)", "maillage-demo-alarm-secret-2", 30,
		    &ops[1].id);
	if (rc == E_OK)
		rc = demo_act_as(ctx, "coordination");
	/* Every person of the file active is a subscriber of one of them. */
	for (i = 0; rc == E_OK && i < f->n; i++) {
		sub.operator_id = ops[i % 3 == 2].id;
		sub.subscriber_ref = ref_of(ctx, i);
		rc = alarm_subscriber_set(ctx, f->s[i].person_id, &sub, 1);
	}
	for (i = 0; rc == E_OK && i < f->n; i++) {
		if (!writes_care(ctx, "aide", f->s[i].person_id))
			continue;
		followed[nf++] = i;
		if (writes_care(ctx, "ide", f->s[i].person_id))
			both[nb++] = i;
	}
	day = now - now % 86400;
	for (d = DEMO_ALARM_DAYS; rc == E_OK && d >= 1 && nf > 0; d--) {
		if (d % 4 == 3)
			continue; /* a quiet night */
		/* Evenings and nights, local time about 19 h to 5 h. */
		t = day - d * 86400 + 18 * 3600 + (d * 2473) % (10 * 3600);
		/* The nurse closes every fifth call and day 12's: hers. */
		i = (d % 5 == 0 || d == 12) && nb > 0 ? both[(d * 7) % nb]
						      : followed[(d * 7) % nf];
		rc = one_call(
		    ctx, &ops[i % 3 == 2], d, t, ref_of(ctx, i), &call);
		if (rc == E_OK)
			rc = handle(ctx, d, t, call);
	}
	/* Yesterday evening: a subscriber the CRT does not know yet. */
	if (rc == E_OK)
		rc = one_call(
		    ctx, &ops[0], 0, now - 3 * 3600, "TA48-9999", &call);
	if (rc == E_OK)
		rc = step(ctx, "aide", now - 3 * 3600 + 120, call, "take", NULL,
		    NULL);
	if (rc == E_OK)
		rc = step(ctx, "aide", now - 3 * 3600 + 500, call, "close",
		    "Appel d'essai de l'opérateur, abonnée non connue du CRT "
		    "(à rapprocher).",
		    "autre");
	/* Each call's next-morning note, dated at its morning, written by
	 * the one who closed it, as the server's timer does. */
	ctx->now = saved;
	alarm_set_note_writer(note_create_text);
	if (rc == E_OK)
		rc = alarm_morning_run(ctx);
	alarm_set_note_writer(NULL);
	if (rc == E_OK)
		rc = demo_act_as(ctx, "coordination");
	return rc;
}
