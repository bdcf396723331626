/*
 * Episode views: which stage each open referral or support is at, the
 * events of a person's referrals and supports in date order, and the
 * delay statistics (median, mean, max in days) of a period's decisions.
 */
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/record/evaluation.h"
#include "domain/volet2/admission.h"
#include "domain/volet2/bed.h"
#include "domain/volet2/committee.h"
#include "domain/volet2/episode.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"
#include "json/jv.h"

const char *const episode_stage_codes[STAGE__MAX + 1] = { "demande",
	"liste_attente", "evaluation", "comite", "admis", "actif", "sorti",
	NULL };
const char *const episode_stage_labels[STAGE__MAX + 1] = { "Demandes",
	"Liste d'attente", "Évaluation", "Comité", "Admis (plan, contrat)",
	"File active", "Sortis (12 mois)", NULL };

static struct board_card *
card(struct ctx *ctx, struct board_card **v, int *n, int *cap)
{
	struct board_card *c = arena_push(&ctx->arena, v, n, cap, sizeof(**v));

	if (c == NULL)
		err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Réponse trop volumineuse.");
	return c;
}

int
episode_board(struct ctx *ctx, struct board_card **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_BOARD_REF);
	struct board_card *v = NULL, *c;
	struct support *s;
	const char *status;
	enum db_res r;
	int cap = 0, ns, i, rc;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		if ((c = card(ctx, &v, n, &cap)) == NULL)
			return ctx->err;
		c->referral_id = db_col_i64(st, 0);
		c->person_id = db_col_i64(st, 1);
		c->birth_name = db_col_dup(ctx, st, 2);
		c->first_names = db_col_dup(ctx, st, 3);
		c->birth_name_display = db_col_dup(ctx, st, 9);
		c->first_names_display = db_col_dup(ctx, st, 10);
		status = db_col_dup(ctx, st, 4);
		c->detail = status;
		c->urgent = (int)db_col_i64(st, 6);
		c->since = arena_strndup(&ctx->arena, db_col_text(st, 7), 10);
		if (strcmp(status, "recu") == 0 ||
		    strcmp(status, "oriente_dac") == 0) {
			c->stage = STAGE_DEMANDE;
			c->since = db_col_dup(ctx, st, 5);
			c->flag = strcmp(status, "oriente_dac") == 0;
		} else if (strcmp(status, "liste_attente") == 0)
			c->stage = STAGE_ATTENTE;
		else
			c->stage = db_col_i64(st, 8) > 0 ? STAGE_COMITE
							 : STAGE_EVALUATION;
	}
	if (r == DB_ERR)
		return ctx->err;
	rc = support_board(ctx,
	    clock_add_months(
		&ctx->arena, clock_today_plus(&ctx->arena, 0), -12),
	    &s, &ns);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < ns; i++) {
		/* A withdrawal before the contract is not an exit. */
		if (strcmp(s[i].status, "renonce") == 0)
			continue;
		if ((c = card(ctx, &v, n, &cap)) == NULL)
			return ctx->err;
		c->person_id = s[i].person_id;
		c->birth_name = s[i].birth_name;
		c->first_names = s[i].first_names;
		c->birth_name_display = s[i].birth_name_display;
		c->first_names_display = s[i].first_names_display;
		c->referral_id = s[i].referral_id;
		c->support_id = s[i].id;
		c->detail = s[i].status;
		if (strcmp(s[i].status, "preparation") == 0) {
			c->stage = STAGE_ADMIS;
			c->since = s[i].decided_on;
		} else if (strcmp(s[i].status, "active") == 0) {
			c->stage = STAGE_ACTIF;
			c->since = s[i].started_on;
			c->flag = s[i].exit_proposed;
		} else {
			c->stage = STAGE_SORTI;
			c->since = s[i].exit_on;
			c->detail = s[i].exit_reason;
		}
	}
	*out = v;
	return E_OK;
}

struct tl {
	struct ctx *ctx;
	struct timeline_event *v;
	int n;
	int cap;
};

/* An event dated by its day. */
static struct timeline_event *
ev(struct tl *t, const char *on, const char *kind, const char *label,
    int64_t rid, int64_t sid)
{
	struct timeline_event *e;

	if (on == NULL)
		return NULL;
	e = arena_push(&t->ctx->arena, &t->v, &t->n, &t->cap, sizeof(*e));
	if (e == NULL)
		return NULL;
	e->on = on;
	e->at = NULL;
	e->kind = kind;
	e->label = label;
	e->referral_id = rid;
	e->support_id = sid;
	return e;
}

/* An event that is its recording in Maillage: its instant, and its day
 * in Europe/Paris. */
static void
ev_at(struct tl *t, const char *at, const char *kind, const char *label,
    int64_t rid, int64_t sid)
{
	struct timeline_event *e;

	e = ev(t, clock_paris_date(&t->ctx->arena, at), kind, label, rid, sid);
	if (e != NULL)
		e->at = at;
}

static const char *
label_of(const char *const *codes, const char *const *labels, const char *code)
{
	int i = code ? jv_enum_index(codes, code) : -1;

	return i < 0 ? (code ? code : "") : labels[i];
}

/* Whether a comes after b: by day, then by instant when both have one
 * (issue 12 review F24: a day's alert events in time order). */
static int
event_after(const struct timeline_event *a, const struct timeline_event *b)
{
	int c = strcmp(a->on, b->on);

	if (c != 0)
		return c > 0;
	return a->at != NULL && b->at != NULL && strcmp(a->at, b->at) > 0;
}

/* Insertion sort by day (then instant): stable, so same-day events
 * keep their order (received before oriented, the committee before its
 * decision...); a person has few events. */
static void
sort_events(struct timeline_event *v, int n)
{
	struct timeline_event t;
	int i, j;

	for (i = 1; i < n; i++) {
		t = v[i];
		for (j = i; j > 0 && event_after(&v[j - 1], &t); j--)
			v[j] = v[j - 1];
		v[j] = t;
	}
}

static int
tl_referral(struct tl *t, const struct access_grant *g, int64_t rid)
{
	struct ctx *ctx = t->ctx;
	struct admission_eval *e;
	struct committee_case *k;
	struct referral r;
	int n, i, rc;

	rc = referral_get(ctx, rid, &r);
	if (rc != E_OK)
		return rc;
	ev(t, r.received_on, "referral.received",
	    arena_printf(&ctx->arena, "Demande reçue (%s)%s",
		label_of(
		    referral_source_codes, referral_source_labels, r.source),
		r.urgent ? ", urgente" : ""),
	    rid, 0);
	ev_at(t, r.dac_oriented_at, "referral.dac", "Orientée vers le DAC", rid,
	    0);
	ev_at(t, r.dac_answered_at, "referral.dac_answer", "Réponse du DAC",
	    rid, 0);
	ev_at(t, r.feedback_given_at, "referral.feedback",
	    "Retour d'information "
	    "au demandeur",
	    rid, 0);
	if (strcmp(r.status, "classe") == 0)
		ev_at(t, r.updated_at, "referral.closed", "Demande classée",
		    rid, 0);
	if (g->read & CAT_BIT(CAT_SOINS)) {
		rc = admission_evals(ctx, g, rid, &e, &n);
		if (rc != E_OK)
			return rc;
		/* admission_evals() left out what the grant may not read. */
		for (i = 0; i < n; i++)
			ev(t, e[i].done_on, "referral.evaluation",
			    strcmp(e[i].kind, "medicale") == 0
				? "Évaluation médicale"
				: e[i].joint_with
				? "Visite à domicile conjointe"
				: "Visite à domicile",
			    rid, 0);
	}
	rc = committee_cases_of(ctx, rid, &k, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++) {
		ev(t, k[i].held_on, "committee.case", "Passage en comité", rid,
		    0);
		if (k[i].decision != NULL)
			ev(t, k[i].held_on, "committee.decision",
			    arena_printf(&ctx->arena, "Décision : %s",
				label_of(committee_decision_codes,
				    committee_decision_labels, k[i].decision)),
			    rid, k[i].support_id);
	}
	return E_OK;
}

static int
tl_support(struct tl *t, const struct access_grant *g, const struct support *s)
{
	struct ctx *ctx = t->ctx;
	struct support_absence *a;
	struct plan *p;
	int n, i, rc;

	if (g->read & CAT_BIT(CAT_SOINS)) {
		rc = plan_versions(ctx, g, s->id, &p, &n);
		if (rc != E_OK)
			return rc;
		for (i = 0; i < n; i++)
			ev_at(t, p[i].created_at, "support.plan",
			    arena_printf(&ctx->arena,
				"Plan personnalisé, version %d", p[i].version),
			    s->referral_id, s->id);
	}
	ev(t, s->contract_signed_on, "support.contract",
	    "Contrat "
	    "d'accompagnement signé",
	    s->referral_id, s->id);
	ev(t, s->started_on, "support.start", "Début de l'accompagnement",
	    s->referral_id, s->id);
	n = 0;
	if (g->read & CAT_BIT(CAT_SOINS)) {
		rc = support_absences(ctx, g, s->id, &a, &n);
		if (rc != E_OK)
			return rc;
	}
	for (i = 0; i < n; i++) {
		ev(t, a[i].start_on, "support.absence",
		    arena_printf(&ctx->arena, "%s : %s",
			strcmp(a[i].kind, "hospitalisation") == 0
			    ? "Hospitalisation"
			    : "Absence",
			a[i].place),
		    s->referral_id, s->id);
		ev(t, a[i].end_on, "support.return", "Retour à domicile",
		    s->referral_id, s->id);
	}
	ev(t, s->withdrawn_on, "support.withdrawal",
	    arena_printf(&ctx->arena, SUPPORT_WITHDRAWAL_LABEL " : %s",
		s->withdrawal_reason),
	    s->referral_id, s->id);
	ev(t, s->exit_on, "support.exit",
	    arena_printf(&ctx->arena, "Sortie : %s",
		label_of(
		    support_exit_codes, support_exit_labels, s->exit_reason)),
	    s->referral_id, s->id);
	ev(t, s->relay_informed_on, "support.relay",
	    arena_printf(&ctx->arena, "Relais informé (%s)",
		s->relay_org        ? s->relay_org
		    : s->relay_name ? s->relay_name
				    : "—"),
	    s->referral_id, s->id);
	return E_OK;
}

/* SPEC: issue 12 — the person's alerts on her timeline (raised,
 * acknowledged, closed: dated and attributed), from the coordination
 * context through the source main sets (episode_alerts_set). */
static const struct episode_alerts *alerts_src;

void
episode_alerts_set(const struct episode_alerts *src)
{
	alerts_src = src;
}

static int
tl_alert_add(void *arg, const char *at, const char *kind, const char *label)
{
	struct tl *t = arg;

	ev_at(t, at, kind, label, 0, 0);
	return E_OK;
}

static int
tl_alerts(struct tl *t, const struct access_grant *g)
{
	if (alerts_src == NULL || alerts_src->events == NULL)
		return E_OK;
	return alerts_src->events(t->ctx, g, tl_alert_add, t);
}

/* SPEC: issue 13 — her telealarm calls on her timeline: received, and
 * closed with the outcome (its text with her care part only). */
static int
tl_alarms(struct tl *t, const struct access_grant *g)
{
	static const char *const outcome_fr[][2] = { { "domicile",
							 "reste à domicile" },
		{ "hospitalise", "hospitalisée" }, { "deces", "décès" },
		{ "autre", "autre" } };
	struct ctx *ctx = t->ctx;
	struct db_stmt *st;
	enum db_res r;
	int care = (g->read & CAT_BIT(CAT_SOINS)) != 0;
	const char *o, *text;
	size_t i;

	st = db_stmt(ctx->db, Q_EPISODE_ALARMS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		ev_at(t, db_col_dup(ctx, st, 0), "alarm.received",
		    "Appel de téléassistance", 0, 0);
		if (db_col_null(st, 2))
			continue;
		o = db_col_text(st, 3);
		for (i = 0; o != NULL &&
		     i < sizeof(outcome_fr) / sizeof(outcome_fr[0]);
		     i++)
			if (strcmp(o, outcome_fr[i][0]) == 0)
				o = outcome_fr[i][1];
		text = care ? db_col_text(st, 4) : NULL;
		ev_at(t, db_col_dup(ctx, st, 2), "alarm.closed",
		    arena_printf(&ctx->arena,
			"Appel de téléassistance clos : %s%s%s", o ? o : "—",
			text ? " — " : "", text ? text : ""),
		    0, 0);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* SPEC: issue 13 — a stay in an emergency temporary bed on the
 * person's timeline: booked, arrived, left (the reason with her care
 * part only, as bed.c decides). */
static int
tl_beds(struct tl *t, const struct access_grant *g)
{
	struct ctx *ctx = t->ctx;
	struct bed_stay *s;
	const char *why;
	int n, i, rc;

	rc = bed_stays_of_person(ctx, g, &s, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++) {
		if (strcmp(s[i].status, "cancelled") == 0)
			continue;
		why = s[i].reason
		    ? label_of(bed_reason_codes, bed_reason_labels, s[i].reason)
		    : NULL;
		ev(t, s[i].start_on, "bed.booked",
		    arena_printf(&ctx->arena,
			"Hébergement temporaire réservé (%s)%s%s, sortie "
			"prévue le %s",
			s[i].bed_label, why ? " : " : "", why ? why : "",
			clock_fr_date(&ctx->arena, s[i].planned_end_on)),
		    0, 0);
		ev(t, s[i].arrived_on, "bed.arrived",
		    "Arrivée en hébergement temporaire", 0, 0);
		ev(t, s[i].ended_on, "bed.left",
		    "Sortie d'hébergement temporaire", 0, 0);
	}
	return E_OK;
}

int
episode_timeline(struct ctx *ctx, const struct access_grant *g,
    struct timeline_event **out, int *n)
{
	struct tl t = { ctx, NULL, 0, 0 };
	struct db_stmt *st;
	struct aggir_eval *ae;
	struct support *s;
	int64_t *rids = NULL, *rid;
	int nr = 0, cap = 0, ns, i, rc;
	enum db_res r;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_REF_OF_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		rid = arena_push(&ctx->arena, &rids, &nr, &cap, sizeof(*rid));
		if (rid == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		*rid = db_col_i64(st, 0);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; i < nr; i++)
		if ((rc = tl_referral(&t, g, rids[i])) != E_OK)
			return rc;
	rc = support_of_person(ctx, g->person_id, &s, &ns);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < ns; i++)
		if ((rc = tl_support(&t, g, &s[i])) != E_OK)
			return rc;
	if (g->read & CAT_BIT(CAT_SOINS)) {
		rc = evaluation_aggir_list(ctx, g, 50, &ae, &ns);
		if (rc != E_OK)
			return rc;
		for (i = 0; i < ns; i++)
			ev(&t, ae[i].evaluated_on, "aggir",
			    arena_printf(&ctx->arena,
				"Évaluation AGGIR : GIR %d", ae[i].gir),
			    0, 0);
	}
	rc = tl_alerts(&t, g);
	if (rc == E_OK)
		rc = tl_alarms(&t, g);
	if (rc == E_OK)
		rc = tl_beds(&t, g);
	if (rc != E_OK)
		return rc;
	sort_events(t.v, t.n);
	*out = t.v;
	*n = t.n;
	return E_OK;
}

static int
int_cmp(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

static void
stat(struct delay_stat *d, int *v, int n)
{
	long sum = 0;
	int i;

	memset(d, 0, sizeof(*d));
	d->count = n;
	if (n == 0)
		return;
	qsort(v, (size_t)n, sizeof(*v), int_cmp);
	for (i = 0; i < n; i++)
		sum += v[i];
	d->median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	d->mean = (double)sum / n;
	d->max = v[n - 1];
}

int
episode_delays(
    struct ctx *ctx, const char *from, const char *to, struct delays *out)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SUP_DECISIONS);
	int *a = NULL, *b = NULL, *c = NULL, na = 0, nb = 0, nc = 0;
	int capa = 0, capb = 0, capc = 0, *x;
	const char *dec, *recv, *at, *start;
	enum db_res r;

	memset(out, 0, sizeof(*out));
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, from);
	db_bind_text(st, 3, to);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		dec = db_col_text(st, 0);
		recv = db_col_dup(ctx, st, 1);
		at = db_col_dup(ctx, st, 2);
		start = db_col_dup(ctx, st, 3);
		out->decisions++;
		if (strcmp(dec, "admettre") == 0)
			out->admitted++;
		else if (strcmp(dec, "refuser") == 0)
			out->refused++;
		else
			out->oriented++;
		if ((x = arena_push(&ctx->arena, &a, &na, &capa, sizeof(*x))) ==
		    NULL)
			break;
		*x = (int)clock_days_between(recv, at);
		if (start == NULL)
			continue;
		if ((x = arena_push(&ctx->arena, &b, &nb, &capb, sizeof(*x))) ==
		    NULL)
			break;
		*x = (int)clock_days_between(at, start);
		if ((x = arena_push(&ctx->arena, &c, &nc, &capc, sizeof(*x))) ==
		    NULL)
			break;
		*x = (int)clock_days_between(recv, start);
	}
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Période trop longue.");
	stat(&out->to_decision, a, na);
	stat(&out->to_start, b, nb);
	stat(&out->total, c, nc);
	return E_OK;
}
