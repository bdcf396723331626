/*
 * Alerts (issue 12): the user's alerts on a person, their
 * acknowledgement and closing, and the product rules (a registry of
 * kinds, one raise and one close statement each, in q_alert.def). This
 * module owns the alert table and nothing else; it reads the tables the
 * rules look at (supports, DLU, plans, AGGIR, referrals, conventions)
 * with its own statements, never writes them. Access is decided by
 * access/ for every row shown.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/coordination/alert.h"
#include "domain/coordination/note.h"
#include "domain/coordination/visit.h"
#include "domain/event.h"
#include "json/jv.h"

/* SPEC: issue 12 — user kinds first (alert_user_kind_codes), then the
 * product's, one per rule of `rules` below (plus the visit and
 * vigilance-note kinds, see docs/ARCHITECTURE.md « Alerts »). */
const char *const alert_kind_codes[] = { "chute", "denutrition",
	"declin_cognitif", "epuisement_aidant", "autre", "dlu_review",
	"plan_review", "aggir_old", "exit_proposed", "feedback_owed",
	"convention_review", "visit_a_pointer", "breakglass_review",
	"vigilance_unacked", "operator_silent", "oncall_gap", NULL };
const char *const alert_kind_labels[] = { "Chute", "Dénutrition",
	"Déclin cognitif", "Épuisement de l'aidant", "Autre",
	"DLU absent ou à revoir", "Action du plan à revoir",
	"Évaluation AGGIR à refaire", "Sortie à proposer",
	"Retour dû à l'orienteur", "Convention à revoir", "Visite non pointée",
	"Accès d'urgence à revoir",
	"Note « à prendre en compte » non confirmée",
	"Téléassistance sans signal", "Trou dans l'astreinte", NULL };
const char *const alert_user_kind_codes[] = { "chute", "denutrition",
	"declin_cognitif", "epuisement_aidant", "autre", NULL };
const char *const alert_severity_codes[] = { "faible", "moyenne", "haute",
	"critique", NULL };
const char *const alert_source_codes[] = { "user", "product", NULL };
const char *const alert_route_codes[] = { "coordination", "oncall", NULL };
const char *const alert_state_codes[] = { "open", "acked", "closed", NULL };

#define ALERT_CATS (CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS))
#define DETAIL_MAX 1000
#define ACTION_MAX 1000

/* Issue 12 review (F19): a text of the alert, with the input table's
 * codes — alert.<field>.required (missing or empty), .too_long (over
 * `max` characters); `ask` is the French request. */
static int
text_check(struct ctx *ctx, const char *s, size_t max, const char *field,
    const char *ask)
{
	if (s == NULL || s[0] == '\0')
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "alert.%s.required", field),
		    field, arena_printf(&ctx->arena, "%s.", ask));
	if (jv_utf8_len(s, strlen(s)) > max)
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "alert.%s.too_long", field),
		    field,
		    arena_printf(&ctx->arena, "%s en %zu caractères au plus.",
			ask, max));
	return E_OK;
}

static int
in_list(const char *const *l, const char *s)
{
	for (; s != NULL && *l != NULL; l++)
		if (strcmp(*l, s) == 0)
			return 1;
	return 0;
}

static void
row_read(struct ctx *ctx, struct db_stmt *st, struct alert *a)
{
	memset(a, 0, sizeof(*a));
	a->id = db_col_i64(st, 0);
	a->person_id = db_col_i64(st, 1);
	a->kind = db_col_dup(ctx, st, 2);
	a->severity = db_col_dup(ctx, st, 3);
	a->source = db_col_dup(ctx, st, 4);
	a->detail = db_col_dup(ctx, st, 5);
	a->route = db_col_dup(ctx, st, 6);
	a->due_at = db_col_dup(ctx, st, 7);
	a->raised_at = db_col_dup(ctx, st, 8);
	a->raised_by = db_col_i64(st, 9);
	a->raised_by_name = db_col_dup(ctx, st, 10);
	a->acked_at = db_col_dup(ctx, st, 11);
	a->acked_by = db_col_i64(st, 12);
	a->acked_by_name = db_col_dup(ctx, st, 13);
	a->closed_at = db_col_dup(ctx, st, 14);
	a->closed_by = db_col_i64(st, 15);
	a->closed_by_name = db_col_dup(ctx, st, 16);
	a->close_action = db_col_dup(ctx, st, 17);
	a->ref_id = db_col_i64(st, 18);
	a->birth_name = db_col_dup(ctx, st, 19);
	a->first_names = db_col_dup(ctx, st, 20);
	a->used_name = db_col_dup(ctx, st, 21);
	a->note_category = db_col_dup(ctx, st, 22);
	a->raised_by_org = db_col_dup(ctx, st, 23);
	a->state = a->closed_at != NULL ? "closed"
	    : a->acked_at != NULL       ? "acked"
					: "open";
}

/* The CRT's zone, département and Whit Monday policy (defaults: Paris). */
struct crt_cal {
	const char *tz, *dept;
	int whit;
};

static void
crt_cal_of(struct ctx *ctx, int64_t crt_id, struct crt_cal *c)
{
	struct db_stmt *st;

	c->tz = "Europe/Paris";
	c->dept = NULL;
	c->whit = 0;
	st = db_stmt(ctx->db, Q_ALERT_CRTS);
	while (db_step(ctx, st) == DB_ROW) {
		if (db_col_i64(st, 0) != crt_id)
			continue;
		if (!db_col_null(st, 3) && calendar_zone_ok(db_col_text(st, 3)))
			c->tz = db_col_dup(ctx, st, 3);
		c->dept = db_col_dup(ctx, st, 4);
		c->whit = (int)db_col_i64(st, 5);
	}
}

const char *
alert_route_at(time_t t, const char *tz, const char *dept, int whit_worked)
{
	struct calendar_local l;

	if (calendar_to_local(tz, t, &l) != 0)
		return "coordination";
	if (calendar_weekday(l.y, l.m, l.d) >= 5 ||
	    calendar_holiday(l.y, l.m, l.d, dept, whit_worked) != NULL)
		return "oncall";
	if (l.hh < 8 || l.hh >= 18)
		return "oncall";
	return "coordination";
}

time_t
alert_next_day_at(time_t t, const char *tz)
{
	struct calendar_local l;
	long days;
	time_t u;

	if (calendar_to_local(tz, t, &l) != 0)
		return t + 3600;
	days = calendar_days(l.y, l.m, l.d) + 1;
	calendar_from_days(days, &l.y, &l.m, &l.d);
	l.hh = 0;
	l.mm = 0;
	u = calendar_to_utc(tz, &l);
	return u > t ? u : t + 3600;
}

/*
 * SPEC: issue 12 review (F16) — the data categories an alert shows: the
 * identity and the care part; the alert of a vigilance note is about
 * that note, so it follows the note's own category (a medical note's
 * alert is read by who reads medical notes). *need: the category the
 * reader must hold (besides the identity) to see the alert at all, 0
 * when the identity suffices.
 */
static unsigned
alert_cats(const struct alert *a, unsigned *need)
{
	int c;

	*need = 0;
	if (strcmp(a->kind, "vigilance_unacked") != 0)
		return ALERT_CATS;
	c = note_category_cat(a->note_category);
	/* A vigilance alert without its note (never: notes are not
	 * deleted) is shown to the readers of medical data only. */
	*need = CAT_BIT(c < 0 ? CAT_MEDICAL : c);
	return CAT_BIT(CAT_ADMIN) | *need;
}

/*
 * Whether ctx's user may see alert `a`, deciding and tracing it (`action`)
 * for an alert on a person; *g receives the grant. Person-less alerts are
 * for the roles that read the partnerships. A break-the-glass grant
 * opens one emergency reading of the record, not the alerts (F12).
 */
static int
visible(struct ctx *ctx, const struct alert *a, const char *action,
    struct access_grant *g, int *ok)
{
	static const struct access_grant none;
	enum access_row row;
	unsigned cats, need;
	int rc;

	*g = none;
	*ok = 0;
	if (a->person_id == 0) {
		*ok = access_permits(ctx->role, PERM_PARTNERSHIP_READ);
		return E_OK;
	}
	cats = alert_cats(a, &need);
	rc = access_list_row(ctx, a->person_id, cats, action, g, &row);
	if (rc != E_OK)
		return rc;
	*ok = row == ACCESS_ROW_VISIBLE && g->kind == GRANT_NORMAL &&
	    (g->read & need) == need;
	return E_OK;
}

/* The detail is the care part: hidden from who does not read it. */
static void
mask(struct alert *a, const struct access_grant *g)
{
	if (a->person_id != 0 && !(g->read & CAT_BIT(CAT_SOINS)))
		a->detail = NULL;
}

/*
 * Runs a product write returning (id, person_id) of the alerts it raised
 * or closed, then emits `alert.changed` for each, in ctx's CRT (after the
 * walk: event_emit runs statements of its own).
 */
static int
run_emit(struct ctx *ctx, struct db_stmt *st)
{
	struct {
		int64_t id, person_id;
	} *v = NULL, *e;
	enum db_res r;
	int n = 0, cap = 0, i, rc;

	while ((r = db_step(ctx, st)) == DB_ROW) {
		e = arena_push(&ctx->arena, &v, &n, &cap, sizeof(*e));
		if (e == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop d'alertes à la fois.");
		e->id = db_col_i64(st, 0);
		e->person_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; i < n; i++) {
		rc = event_emit(ctx, "alert.changed", v[i].person_id, v[i].id);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

int
alert_create(struct ctx *ctx, int64_t person_id, const char *kind,
    const char *severity, const char *detail, int64_t *id)
{
	struct access_grant g;
	struct crt_cal cal;
	struct db_stmt *st;
	enum db_res r;
	int rc;

	if (!in_list(alert_user_kind_codes, kind))
		return err_set(ctx, E_INVALID, "alert.kind.invalid", "kind",
		    "Le type d'alerte (kind) doit être chute, denutrition, "
		    "declin_cognitif, epuisement_aidant ou autre.");
	if (!in_list(alert_severity_codes, severity))
		return err_set(ctx, E_INVALID, "alert.severity.invalid",
		    "severity",
		    "La gravité (severity) doit être faible, moyenne, haute "
		    "ou critique.");
	rc = text_check(ctx, detail, DETAIL_MAX, "detail",
	    "Décrivez ce qui s'est passé (detail)");
	if (rc != E_OK)
		return rc;
	/* Raising needs to know the person: her identity, for the trace
	 * the care part the detail is. */
	rc = access_require(
	    ctx, person_id, CAT_BIT(CAT_ADMIN), ACT_READ, "alert.create", &g);
	if (rc != E_OK)
		return rc;
	crt_cal_of(ctx, ctx->crt_id, &cal);
	st = db_stmt(ctx->db, Q_ALERT_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, severity);
	db_bind_text(st, 5, detail);
	db_bind_text(
	    st, 6, alert_route_at(clock_now_s(), cal.tz, cal.dept, cal.whit));
	db_bind_text(st, 7, ctx->now);
	db_bind_i64(st, 8, ctx->user_id);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	/* Stepped to its end: a statement left on its RETURNING row keeps
	 * SQLite's connection busy, and the next job of the commit batch
	 * could not open its savepoint (issue 12 review: 503 db.busy for
	 * the others' notes while alerts were raised). */
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	return event_emit(ctx, "alert.changed", person_id, *id);
}

/* What ctx's user may do with alert `a` (already visible). */
static void
may(const struct ctx *ctx, struct alert *a)
{
	int h = access_alert_may_handle((enum role)ctx->role, a->kind);

	a->may_ack = h && strcmp(a->state, "open") == 0;
	a->may_close = h && strcmp(a->state, "acked") == 0 &&
	    strcmp(a->kind, "vigilance_unacked") != 0;
}

static int
load(struct ctx *ctx, int64_t id, struct alert *a)
{
	struct db_stmt *st;
	enum db_res r;

	st = db_stmt(ctx->db, Q_ALERT_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return err_set(ctx, E_NOT_FOUND, "alert.not_found", NULL,
		    "Cette alerte n'existe pas.");
	row_read(ctx, st, a);
	return E_OK;
}

int
alert_get(struct ctx *ctx, int64_t id, struct alert *a)
{
	struct access_grant g;
	int rc, ok;

	rc = load(ctx, id, a);
	if (rc == E_OK)
		rc = visible(ctx, a, "alert.read", &g, &ok);
	if (rc != E_OK)
		return rc;
	if (!ok)
		return err_set(ctx, E_NOT_FOUND, "alert.not_found", NULL,
		    "Cette alerte n'existe pas.");
	mask(a, &g);
	may(ctx, a);
	return E_OK;
}

/* SPEC: issue 13 — the on-call roster, through the hooks main wires. */
static const struct alert_oncall *oncall_hooks;

void
alert_oncall_set(const struct alert_oncall *h)
{
	oncall_hooks = h;
}

/* The note categories of a CAT mask as ",soins,traitement," (SQL). */
static const char *
note_codes(struct ctx *ctx, unsigned read)
{
	const char *s = ",";
	int i;

	for (i = 0; note_category_codes[i] != NULL; i++)
		if (read & CAT_BIT(note_category_cat(note_category_codes[i])))
			s = arena_printf(
			    &ctx->arena, "%s%s,", s, note_category_codes[i]);
	return s;
}

/* Binds the list filter (ALERT_WHERE of q_alert.def) from 1. */
static int
bind_where(struct ctx *ctx, struct db_stmt *st, const struct alert_query *q)
{
	struct access_list_filter f;
	const char *state = q->state ? q->state : "";
	const char *kind = q->kind ? q->kind : "";
	const char *week;
	unsigned rd = 0;
	int i, rc, by_name, mine_people, on_duty = 0;

	rc = access_list_filter(ctx, &f);
	if (rc == E_OK && f.allowed)
		rc = access_user_reads(ctx, 0, ctx->user_id, &rd);
	if (rc != E_OK)
		return rc;
	/* « Mine »: the coordination every alert (where they are routed by
	 * day; it keeps seeing the night's too); a partner organisation
	 * those of its people (every alert it may see); the others those
	 * they raised or handled, and a care professional's those of the
	 * people she visits or is the plan referent of (not every person
	 * of every circle she is in). SPEC: issue 13 — and an alert routed
	 * to the on-call service (night, weekend, holiday) and not closed
	 * is the on-call person's: whoever is on duty now (the open ones
	 * are handed over with the shift). */
	by_name = q->mine && ctx->role != ROLE_COORDINATEUR &&
	    !access_role_is_external((enum role)ctx->role);
	mine_people = by_name &&
	    (ctx->role == ROLE_SOIGNANT || ctx->role == ROLE_INTERVENANT);
	week = clock_paris_date(
	    &ctx->arena, clock_iso_after(&ctx->arena, -7L * 86400));
	if (by_name && oncall_hooks != NULL && oncall_hooks->on_duty != NULL) {
		rc = oncall_hooks->on_duty(
		    ctx, ctx->crt_id, ctx->user_id, clock_now_s(), &on_duty);
		if (rc != E_OK)
			return rc;
	}
	db_bind_i64(st, 1, ctx->crt_id);
	for (i = 2; i <= 6; i++)
		db_bind_text(st, i, state);
	db_bind_text(st, 7, kind);
	db_bind_text(st, 8, kind);
	db_bind_i64(st, 9, q->person_id);
	db_bind_i64(st, 10, q->person_id);
	db_bind_i64(st, 11, access_permits(ctx->role, PERM_PARTNERSHIP_READ));
	db_bind_i64(st, 12, f.allowed);
	db_bind_i64(st, 13, f.need_circle);
	db_bind_i64(st, 14, ctx->user_id);
	db_bind_i64(st, 15, ctx->org_id);
	db_bind_i64(st, 16, f.check_objections);
	db_bind_i64(st, 17, ctx->org_id);
	db_bind_text(st, 18, note_codes(ctx, rd));
	db_bind_i64(st, 19, by_name);
	for (i = 20; i <= 22; i++)
		db_bind_i64(st, i, ctx->user_id);
	db_bind_i64(st, 23, on_duty != 0);
	db_bind_i64(st, 24, mine_people);
	db_bind_i64(st, 25, ctx->user_id);
	db_bind_text(st, 26, week);
	db_bind_text(st, 27, week);
	db_bind_i64(st, 28, ctx->user_id);
	db_bind_text(st, 29, q->route ? q->route : "");
	db_bind_text(st, 30, q->route ? q->route : "");
	return E_OK;
}

int
alert_list(struct ctx *ctx, const struct alert_query *q, struct alert **out,
    int *n, int *total)
{
	struct access_grant g;
	struct alert *rows = NULL, *keep;
	struct db_stmt *st;
	enum db_res r;
	struct alert *row;
	int cap = 0, cnt = 0, i, k = 0, ok, rc;

	*out = NULL;
	*n = *total = 0;
	st = db_stmt(ctx->db, Q_ALERT_COUNT);
	rc = bind_where(ctx, st, q);
	if (rc != E_OK)
		return rc;
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? (int)ctx->err : E_DB;
	*total = (int)db_col_i64(st, 0);
	while ((r = db_step(ctx, st)) == DB_ROW)
		;
	if (r == DB_ERR)
		return ctx->err;
	st = db_stmt(ctx->db, Q_ALERT_LIST);
	rc = bind_where(ctx, st, q);
	if (rc != E_OK)
		return rc;
	db_bind_i64(st, 31, q->limit);
	db_bind_i64(st, 32, q->offset);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		row = arena_push(&ctx->arena, &rows, &cnt, &cap, sizeof(*row));
		if (row == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_read(ctx, st, row);
	}
	if (r == DB_ERR)
		return ctx->err;
	/* Each row shown decided and traced once the statement is done
	 * (access/ runs its own); the SQL already left out the others, so
	 * nothing is traced for them (F15). */
	keep =
	    cnt ? arena_alloc(&ctx->arena, sizeof(*keep) * (size_t)cnt) : NULL;
	for (i = 0; i < cnt; i++) {
		rc = visible(ctx, &rows[i], "alert.list", &g, &ok);
		if (rc != E_OK)
			return rc;
		if (!ok) {
			(*total)--;
			continue;
		}
		mask(&rows[i], &g);
		may(ctx, &rows[i]);
		keep[k++] = rows[i];
	}
	*out = keep;
	*n = k;
	return E_OK;
}

int
alert_list_counts(
    struct ctx *ctx, const struct alert_query *q, int64_t *counts, int nkinds)
{
	struct db_stmt *st;
	enum db_res r;
	const char *kind;
	int k, rc;

	memset(counts, 0, sizeof(*counts) * (size_t)nkinds);
	st = db_stmt(ctx->db, Q_ALERT_COUNT_BY_KIND);
	rc = bind_where(ctx, st, q);
	if (rc != E_OK)
		return rc;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		kind = db_col_text(st, 0);
		for (k = 0; k < nkinds && alert_kind_codes[k] != NULL; k++)
			if (strcmp(alert_kind_codes[k], kind) == 0)
				counts[k] = db_col_i64(st, 1);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* An alert ctx's user may handle: seen (traced as `action`), of a kind
 * her role handles (access_alert_may_handle: 403 alert.kind.forbidden)
 * and still in a state that allows the step. */
static int
handle(struct ctx *ctx, int64_t id, const char *action, struct alert *a)
{
	static const struct access_missing missing = { E_NOT_FOUND,
		"alert.not_found", NULL, "Cette alerte n'existe pas." };
	struct access_grant g;
	unsigned cats, need;
	int rc;

	rc = load(ctx, id, a);
	if (rc != E_OK)
		return rc;
	if (a->person_id != 0) {
		cats = alert_cats(a, &need);
		rc = access_require_sub(
		    ctx, a->person_id, cats, ACT_READ, action, &g, &missing);
		if (rc == E_FORBIDDEN && need != 0 &&
		    strcmp(ctx->err_key ? ctx->err_key : "", "access.denied") ==
			0) {
			/* The note's category is not read: the alert is as
			 * missing as the note (its existence is health
			 * data); the denial is traced. */
			err_clear(ctx);
			return err_set(ctx, E_NOT_FOUND, "alert.not_found",
			    NULL, "Cette alerte n'existe pas.");
		}
		if (rc != E_OK)
			return rc;
	} else if (!access_permits(ctx->role, PERM_PARTNERSHIP_READ))
		return err_set(ctx, E_NOT_FOUND, "alert.not_found", NULL,
		    "Cette alerte n'existe pas.");
	if (!access_alert_may_handle((enum role)ctx->role, a->kind))
		return err_set(ctx, E_FORBIDDEN, "alert.kind.forbidden", NULL,
		    "Cette alerte est traitée par la coordination : elle se "
		    "clôt d'elle-même quand sa cause disparaît.");
	return E_OK;
}

int
alert_ack(struct ctx *ctx, int64_t id, struct alert *out)
{
	struct db_stmt *st;
	int rc;

	rc = handle(ctx, id, "alert.ack", out);
	if (rc != E_OK)
		return rc;
	if (strcmp(out->state, "open") != 0)
		return err_set(ctx, E_CONFLICT, "alert.state", NULL,
		    strcmp(out->state, "acked") == 0
			? "Cette alerte est déjà prise en compte."
			: "Cette alerte est close.");
	st = db_stmt(ctx->db, Q_ALERT_ACK);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) != 1)
		return err_set(ctx, E_CONFLICT, "alert.state", NULL,
		    "Cette alerte vient d'être prise en compte.");
	rc = event_emit_if(ctx, rc, "alert.changed", out->person_id, id);
	return rc == E_OK ? alert_get(ctx, id, out) : rc;
}

int
alert_close(struct ctx *ctx, int64_t id, const char *action, struct alert *out)
{
	struct db_stmt *st;
	int rc;

	rc = text_check(ctx, action, ACTION_MAX, "action",
	    "Dites ce qui a été fait (action)");
	if (rc != E_OK)
		return rc;
	rc = handle(ctx, id, "alert.close", out);
	if (rc != E_OK)
		return rc;
	/* SPEC: issue 12 review (F16) — a vigilance note's alert closes
	 * when the note is taken into account in the notebook, not by
	 * hand (a hand-closed cause is never raised again). */
	if (strcmp(out->kind, "vigilance_unacked") == 0)
		return err_set(ctx, E_CONFLICT, "alert.closes_by_cause", NULL,
		    "Cette alerte se clôt quand un autre professionnel que "
		    "son auteur confirme la note dans le carnet de liaison "
		    "(« J'ai pris connaissance »).");
	if (strcmp(out->state, "acked") != 0)
		return err_set(ctx, E_CONFLICT, "alert.state", NULL,
		    strcmp(out->state, "open") == 0
			? "Prenez d'abord l'alerte en compte, puis "
			  "clôturez-la avec l'action menée."
			: "Cette alerte est déjà close.");
	st = db_stmt(ctx->db, Q_ALERT_CLOSE);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->user_id);
	db_bind_text(st, 3, action);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) != 1)
		return err_set(ctx, E_CONFLICT, "alert.state", NULL,
		    "Cette alerte vient d'être close.");
	rc = event_emit_if(ctx, rc, "alert.changed", out->person_id, id);
	return rc == E_OK ? alert_get(ctx, id, out) : rc;
}

const char *
alert_kind_label(const char *kind)
{
	int i;

	for (i = 0; alert_kind_codes[i] != NULL; i++)
		if (strcmp(alert_kind_codes[i], kind) == 0)
			return alert_kind_labels[i];
	return kind;
}

/* « par <name> (<org>) », « par Maillage » for the product (no user). */
static const char *
by_whom(struct ctx *ctx, const char *name, const char *org)
{
	if (name == NULL)
		return "par Maillage";
	return org ? arena_printf(&ctx->arena, "par %s (%s)", name, org)
		   : arena_printf(&ctx->arena, "par %s", name);
}

int
alert_timeline(struct ctx *ctx, const struct access_grant *g,
    int (*add)(void *, const char *at, const char *kind, const char *label),
    void *arg)
{
	int care = (g->read & CAT_BIT(CAT_SOINS)) != 0;
	struct db_stmt *st;
	struct alert a;
	const char *what, *text;
	enum db_res r = DB_DONE;
	int rc = E_OK, cat;

	st = db_stmt(ctx->db, Q_ALERT_OF_PERSON);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while (rc == E_OK && (r = db_step(ctx, st)) == DB_ROW) {
		row_read(ctx, st, &a);
		cat = a.note_category ? note_category_cat(a.note_category) : -1;
		if (a.note_category != NULL &&
		    (cat < 0 || !(g->read & CAT_BIT(cat))))
			continue;
		what = arena_printf(
		    &ctx->arena, "Alerte « %s »", alert_kind_label(a.kind));
		text = care ? a.detail : NULL;
		rc = add(arg, a.raised_at, "alert.raised",
		    arena_printf(&ctx->arena, "%s (%s) levée %s%s%s", what,
			a.severity,
			by_whom(ctx, a.raised_by ? a.raised_by_name : NULL,
			    a.raised_by_org),
			text ? " : " : "", text ? text : ""));
		if (rc == E_OK && a.acked_at != NULL)
			rc = add(arg, a.acked_at, "alert.acked",
			    arena_printf(&ctx->arena, "%s prise en compte %s",
				what,
				by_whom(ctx,
				    a.acked_by ? a.acked_by_name : NULL,
				    NULL)));
		if (rc != E_OK || a.closed_at == NULL)
			continue;
		text = care ? a.close_action : NULL;
		rc = add(arg, a.closed_at, "alert.closed",
		    arena_printf(&ctx->arena, "%s close %s%s%s%s", what,
			by_whom(
			    ctx, a.closed_by ? a.closed_by_name : NULL, NULL),
			a.closed_by ? "" : " (cause disparue)",
			text ? " : " : "", text ? text : ""));
	}
	if (rc != E_OK)
		return rc;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
alert_open_counts(struct ctx *ctx, int64_t *counts, int nkinds)
{
	struct db_stmt *st;
	enum db_res r;
	const char *k;
	int i;

	memset(counts, 0, sizeof(*counts) * (size_t)nkinds);
	/* The CRT's alerts (no person: a convention) count only for the
	 * roles that read them (issue 12 review: the count is its list). */
	st = db_stmt(ctx->db,
	    access_permits(ctx->role, PERM_PARTNERSHIP_READ)
		? Q_ALERT_OPEN_BY_KIND
		: Q_ALERT_OPEN_BY_KIND_PERSONS);
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		k = db_col_text(st, 0);
		for (i = 0; i < nkinds && alert_kind_codes[i] != NULL; i++)
			if (strcmp(alert_kind_codes[i], k) == 0)
				counts[i] = db_col_i64(st, 1);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* ---- The product rules ---- */

/* The cut-off a rule compares against, from the CRT's settings. */
enum cutoff {
	CUT_TODAY,
	CUT_YEAR,
	CUT_AGGIR,
	CUT_3MONTHS,
	CUT_FEEDBACK,
	CUT_WEEK,
	CUT_NOW,
	CUT__MAX
};

/* SPEC: issue 12 — the registry of product kinds: one raise and one
 * close statement each, bound the same way (q_alert.def). */
static const struct rule {
	const char *kind;
	enum q raise, close;
	enum cutoff cut;
	const char *closed_fr; /* what made the cause go; NULL: users only */
} rules[] = {
	{ "dlu_review", Q_ALERT_dlu_review_RAISE, Q_ALERT_dlu_review_CLOSE,
	    CUT_YEAR,
	    "Close par Maillage : DLU revu (ou accompagnement terminé)" },
	{ "plan_review", Q_ALERT_plan_review_RAISE, Q_ALERT_plan_review_CLOSE,
	    CUT_TODAY,
	    "Close par Maillage : action revue, terminée ou plan remplacé" },
	{ "aggir_old", Q_ALERT_aggir_old_RAISE, Q_ALERT_aggir_old_CLOSE,
	    CUT_AGGIR,
	    "Close par Maillage : nouvelle évaluation AGGIR (ou "
	    "accompagnement terminé)" },
	{ "exit_proposed", Q_ALERT_exit_proposed_RAISE,
	    Q_ALERT_exit_proposed_CLOSE, CUT_3MONTHS,
	    "Close par Maillage : retour d'hospitalisation ou sortie "
	    "enregistrée" },
	{ "feedback_owed", Q_ALERT_feedback_owed_RAISE,
	    Q_ALERT_feedback_owed_CLOSE, CUT_FEEDBACK,
	    "Close par Maillage : retour fait à l'orienteur" },
	{ "convention_review", Q_ALERT_convention_review_RAISE,
	    Q_ALERT_convention_review_CLOSE, CUT_TODAY,
	    "Close par Maillage : convention revue ou terminée" },
	/* Reviewed by a user, never closed by the product: its close
	 * statement is not run (closed_fr NULL). */
	{ "breakglass_review", Q_ALERT_breakglass_review_RAISE,
	    Q_ALERT_breakglass_review_CLOSE, CUT_WEEK, NULL },
	/* Issue 13: a telealarm operator past its heartbeat deadline.
	 * Raised from C (check_silent_operators: its text in local time),
	 * so its raise here is Q__MAX. */
	{ "operator_silent", Q__MAX, Q_ALERT_operator_silent_CLOSE, CUT_NOW,
	    "Close par Maillage : l'opérateur a de nouveau donné signe de "
	    "vie" },
};

/* SPEC: issue 12 — a visit is « à pointer » past its grace; a critical
 * one is due from its planned start (no grace). */
#define VISIT_LOOKBACK_S (36 * 3600) /* older unmarked visits: the list */
#define VISIT_LOOKAHEAD_S (24 * 3600)

struct visit_check {
	struct ctx *ctx;
	time_t now, *next_due;
	const char *route;
	int rc;
};

static int
visit_cb(void *arg, const struct visit_occ *o)
{
	struct visit_check *vc = arg;
	struct ctx *ctx = vc->ctx;
	const struct visit_series *s = o->series;
	struct calendar_local l;
	struct db_stmt *st;
	char due_iso[CLOCK_ISO_LEN + 1];
	time_t due;

	if (strcmp(o->state, "planned") != 0 &&
	    strcmp(o->state, "a_pointer") != 0)
		return E_OK;
	due = s->critical ? o->start_t : o->start_t + (time_t)s->grace_min * 60;
	if (due > vc->now) {
		if (*vc->next_due == 0 || due < *vc->next_due)
			*vc->next_due = due;
		return E_OK;
	}
	if (o->local_start == NULL ||
	    calendar_parse_local(o->local_start, &l) != 0)
		memset(&l, 0, sizeof(l));
	clock_fmt_iso(due_iso, due, 0);
	st = db_stmt(ctx->db, Q_ALERT_VISIT_RAISE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, s->person_id);
	db_bind_text(st, 3, s->critical ? "critique" : "haute");
	db_bind_text(st, 4,
	    arena_printf(&ctx->arena, "visit_a_pointer:%lld:%s",
		(long long)s->id, o->key));
	db_bind_i64(st, 5, s->id);
	db_bind_text(st, 6,
	    arena_printf(&ctx->arena,
		"%s prévue le %02d/%02d/%04d à %02dh%02d, non pointée",
		s->critical ? "Visite critique" : "Visite", l.d, l.m, l.y, l.hh,
		l.mm));
	db_bind_text(st, 7, vc->route);
	db_bind_text(st, 8, due_iso);
	db_bind_text(st, 9, ctx->now);
	db_bind_i64(st, 10, ctx->crt_id);
	db_bind_text(st, 11,
	    arena_printf(&ctx->arena, "visit_a_pointer:%lld:%s",
		(long long)s->id, o->key));
	return run_emit(ctx, st);
}

static int
check_visits(struct ctx *ctx, int64_t crt_id, const char *route, time_t now,
    time_t *next_due)
{
	struct visit_check vc = { ctx, now, next_due, route, E_OK };
	struct db_stmt *st;
	int64_t saved = ctx->crt_id;
	int rc;

	ctx->crt_id = crt_id;
	rc = visit_due_each(ctx, now - VISIT_LOOKBACK_S,
	    now + VISIT_LOOKAHEAD_S, visit_cb, &vc);
	if (rc == E_OK) {
		st = db_stmt(ctx->db, Q_ALERT_VISIT_CLOSE);
		db_bind_text(st, 1, ctx->now);
		db_bind_text(st, 2, "Close par Maillage : visite pointée");
		db_bind_i64(st, 3, crt_id);
		rc = run_emit(ctx, st);
	}
	ctx->crt_id = saved;
	return rc;
}

/* SPEC: issue 13 — the gaps of the roster starting within 7 days (or
 * under way). Looked for from 8 days back, so a gap under way keeps its
 * start (its key). */
#define GAP_LOOKBACK_S (8L * 86400)

struct gap_check {
	struct ctx *ctx;
	int64_t crt_id;
	const char *tz, *route;
	time_t now;
	const char **keys; /* the causes still there */
	int n, cap;
	int rc;
};

static const char *
gap_key(struct ctx *ctx, time_t start)
{
	char iso[CLOCK_ISO_LEN + 1];

	clock_fmt_iso(iso, start, 0);
	return arena_printf(&ctx->arena, "oncall_gap:%s", iso);
}

static int
gap_cb(void *arg, time_t start, time_t end, unsigned flags)
{
	struct gap_check *gc = arg;
	struct ctx *ctx = gc->ctx;
	struct calendar_local a, b;
	struct db_stmt *st;
	const char *key, **k, *who;
	char due[CLOCK_ISO_LEN + 1];

	if (end <= gc->now || start >= gc->now + ALERT_ONCALL_GAP_AHEAD_S)
		return E_OK;
	key = gap_key(ctx, start);
	k = arena_push(&ctx->arena, &gc->keys, &gc->n, &gc->cap, sizeof(*k));
	if (k == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Trop de trous dans l'astreinte.");
	*k = key;
	if (calendar_to_local(gc->tz, start, &a) != 0 ||
	    calendar_to_local(gc->tz, end, &b) != 0)
		return E_OK;
	/* flags: 1 no level 1, 2 no level 2, 4 no nurse nor doctor. */
	who = (flags & 3) == 3 ? "Personne d'astreinte aux niveaux 1 et 2"
	    : (flags & 1)      ? "Personne d'astreinte au niveau 1"
	    : (flags & 2)      ? "Personne d'astreinte au niveau 2"
			       : "Ni infirmier(ère) ni médecin joignable";
	clock_fmt_iso(due, start - ALERT_ONCALL_GAP_AHEAD_S, 0);
	st = db_stmt(ctx->db, Q_ALERT_ONCALL_GAP_RAISE);
	db_bind_i64(st, 1, gc->crt_id);
	db_bind_text(st, 2, start <= gc->now + 86400 ? "critique" : "haute");
	db_bind_text(st, 3, key);
	db_bind_text(st, 4,
	    arena_printf(&ctx->arena,
		"%s du %02d/%02d/%04d %02dh%02d au %02d/%02d/%04d %02dh%02d",
		who, a.d, a.m, a.y, a.hh, a.mm, b.d, b.m, b.y, b.hh, b.mm));
	db_bind_text(st, 5, gc->route);
	db_bind_text(st, 6, due);
	db_bind_text(st, 7, ctx->now);
	db_bind_i64(st, 8, gc->crt_id);
	db_bind_text(st, 9, key);
	return run_emit(ctx, st);
}

static int
check_oncall_gaps(struct ctx *ctx, int64_t crt_id, const char *tz,
    const char *route, time_t now)
{
	struct gap_check gc = { ctx, crt_id, tz, route, now, NULL, 0, 0, 0 };
	struct {
		int64_t id;
		const char *key;
	} *open = NULL, *o;
	struct db_stmt *st;
	enum db_res r;
	int n = 0, cap = 0, i, j, rc;

	if (oncall_hooks == NULL || oncall_hooks->gaps == NULL)
		return E_OK;
	/* As far beyond: a gap is shown whole (its end in the detail). */
	rc = oncall_hooks->gaps(ctx, crt_id, now - GAP_LOOKBACK_S,
	    now + ALERT_ONCALL_GAP_AHEAD_S + GAP_LOOKBACK_S, gap_cb, &gc);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ALERT_ONCALL_GAP_OPEN);
	db_bind_i64(st, 1, crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &open, &n, &cap, sizeof(*o));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop d'alertes à la fois.");
		o->id = db_col_i64(st, 0);
		o->key = db_col_dup(ctx, st, 1);
	}
	if (r == DB_ERR)
		return ctx->err;
	/* Closed once the gap is filled (or moved: a new cause). */
	for (i = 0; i < n; i++) {
		for (j = 0; j < gc.n && strcmp(gc.keys[j], open[i].key) != 0;
		     j++)
			;
		if (j < gc.n)
			continue;
		st = db_stmt(ctx->db, Q_ALERT_ONCALL_GAP_CLOSE);
		db_bind_text(st, 1, ctx->now);
		db_bind_text(
		    st, 2, "Close par Maillage : trou de l'astreinte comblé");
		db_bind_i64(st, 3, crt_id);
		db_bind_i64(st, 4, open[i].id);
		rc = run_emit(ctx, st);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

/* SPEC: issue 13 — the telealarm operators silent past their heartbeat
 * deadline, one alert per deadline; the last heartbeat said in the CRT's
 * local time as the other alerts say their dates (issue 13 §6: no raw
 * ISO instant). Rows read first, then inserted (one statement at a
 * time on the connection). */
static int
check_silent_operators(
    struct ctx *ctx, int64_t crt_id, const char *tz, const char *route)
{
	struct {
		int64_t id;
		const char *name, *last, *key;
	} *v = NULL, *o;
	struct calendar_local l;
	struct db_stmt *st;
	enum db_res r;
	const char *detail;
	int64_t ms;
	int n = 0, cap = 0, i, rc;

	st = db_stmt(ctx->db, Q_ALERT_SILENT_DUE);
	db_bind_i64(st, 1, crt_id);
	db_bind_text(st, 2, ctx->now);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, &n, &cap, sizeof(*o));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop d'alertes à la fois.");
		o->id = db_col_i64(st, 0);
		o->name = db_col_dup(ctx, st, 1);
		o->last = db_col_null(st, 2) ? NULL : db_col_dup(ctx, st, 2);
		o->key = db_col_dup(ctx, st, 3);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; i < n; i++) {
		if (v[i].last != NULL && clock_parse_iso(v[i].last, &ms) == 0 &&
		    calendar_to_local(tz, (time_t)(ms / 1000), &l) == 0)
			detail = arena_printf(&ctx->arena,
			    "Téléassistance %s : aucun signal (heartbeat) "
			    "depuis le %02d/%02d/%04d à %02dh%02d",
			    v[i].name, l.d, l.m, l.y, l.hh, l.mm);
		else
			detail = arena_printf(&ctx->arena,
			    "Téléassistance %s : aucun signal (heartbeat)",
			    v[i].name);
		st = db_stmt(ctx->db, Q_ALERT_operator_silent_RAISE);
		db_bind_i64(st, 1, crt_id);
		db_bind_i64(st, 2, v[i].id);
		db_bind_text(st, 3, detail);
		db_bind_text(st, 4, v[i].key);
		db_bind_text(st, 5, route);
		db_bind_text(st, 6, ctx->now);
		db_bind_text(st, 7, ctx->now);
		db_bind_i64(st, 8, crt_id);
		db_bind_text(st, 9, v[i].key);
		rc = run_emit(ctx, st);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

static int
check_crt(struct ctx *ctx, int64_t crt_id, int aggir_months, int fb_days,
    const struct crt_cal *cal, time_t now, time_t *next_due)
{
	struct calendar_local l;
	const char *cut[CUT__MAX], *route, *today;
	struct db_stmt *st;
	int64_t saved;
	size_t i;
	time_t nd;
	int rc;

	if (calendar_to_local(cal->tz, now, &l) != 0)
		return E_OK;
	today = arena_printf(&ctx->arena, "%04d-%02d-%02d", l.y, l.m, l.d);
	cut[CUT_TODAY] = today;
	cut[CUT_YEAR] = clock_add_months(&ctx->arena, today, -12);
	cut[CUT_AGGIR] = clock_add_months(&ctx->arena, today, -aggir_months);
	cut[CUT_3MONTHS] = clock_add_months(&ctx->arena, today, -3);
	calendar_from_days(
	    calendar_days(l.y, l.m, l.d) - fb_days, &l.y, &l.m, &l.d);
	cut[CUT_FEEDBACK] =
	    arena_printf(&ctx->arena, "%04d-%02d-%02d", l.y, l.m, l.d);
	/* The break-the-glass rule compares instants: 7 days ago, UTC. */
	cut[CUT_WEEK] = clock_iso_after(&ctx->arena, -7L * 86400);
	cut[CUT_NOW] = ctx->now;
	route = alert_route_at(now, cal->tz, cal->dept, cal->whit);
	/* The events are the CRT's (run_emit). */
	saved = ctx->crt_id;
	ctx->crt_id = crt_id;
	rc = E_OK;
	for (i = 0; rc == E_OK && i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (rules[i].raise == Q__MAX) {
			rc =
			    check_silent_operators(ctx, crt_id, cal->tz, route);
		} else {
			st = db_stmt(ctx->db, rules[i].raise);
			db_bind_text(st, 1, route);
			db_bind_text(st, 2, ctx->now);
			db_bind_text(st, 3, ctx->now);
			db_bind_i64(st, 4, crt_id);
			db_bind_text(st, 5, cut[rules[i].cut]);
			rc = run_emit(ctx, st);
		}
		if (rc != E_OK || rules[i].closed_fr == NULL)
			continue;
		st = db_stmt(ctx->db, rules[i].close);
		db_bind_text(st, 1, ctx->now);
		db_bind_text(st, 2, rules[i].closed_fr);
		db_bind_i64(st, 3, crt_id);
		db_bind_text(st, 4, cut[rules[i].cut]);
		rc = run_emit(ctx, st);
	}
	if (rc == E_OK)
		rc = check_oncall_gaps(ctx, crt_id, cal->tz, route, now);
	ctx->crt_id = saved;
	if (rc != E_OK)
		return rc;
	rc = check_visits(ctx, crt_id, route, now, next_due);
	if (rc != E_OK)
		return rc;
	/* Every date rule flips at the next local midnight. */
	nd = alert_next_day_at(now, cal->tz);
	if (*next_due == 0 || nd < *next_due)
		*next_due = nd;
	return E_OK;
}

/* A CRT and its settings, for the checks. */
struct crt_row {
	int64_t id;
	int aggir, fb;
	struct crt_cal cal;
};

/* SPEC: issue 12 — a vigilance note not acknowledged one hour past the
 * end of the first visit after it (the notebook's rule) is an alert. */
struct vigilance_check {
	struct ctx *ctx;
	const struct crt_row *crts;
	int n;
	time_t now;
};

static int
vigilance_cb(void *arg, const struct note_overdue *o)
{
	struct vigilance_check *vc = arg;
	struct ctx *ctx = vc->ctx;
	struct calendar_local l;
	struct db_stmt *st;
	const char *tz = "Europe/Paris", *route = "coordination", *key;
	int64_t ms, saved;
	int i, rc;

	for (i = 0; i < vc->n; i++)
		if (vc->crts[i].id == o->crt_id) {
			tz = vc->crts[i].cal.tz;
			route = alert_route_at(vc->now, tz,
			    vc->crts[i].cal.dept, vc->crts[i].cal.whit);
		}
	if (clock_parse_iso(o->visit_end, &ms) != 0 ||
	    calendar_to_local(tz, (time_t)(ms / 1000), &l) != 0)
		memset(&l, 0, sizeof(l));
	key = arena_printf(
	    &ctx->arena, "vigilance_unacked:%lld", (long long)o->note_id);
	st = db_stmt(ctx->db, Q_ALERT_VIGILANCE_RAISE);
	db_bind_i64(st, 1, o->crt_id);
	db_bind_i64(st, 2, o->person_id);
	db_bind_text(st, 3, key);
	db_bind_i64(st, 4, o->note_id);
	/* Ids and dates only: the note's category and text are read in
	 * the notebook, under the reader's rights. */
	db_bind_text(st, 5,
	    arena_printf(&ctx->arena,
		"Note « à prendre en compte » non confirmée une heure après "
		"la visite terminée le %02d/%02d/%04d à %02dh%02d",
		l.d, l.m, l.y, l.hh, l.mm));
	db_bind_text(st, 6, route);
	db_bind_text(st, 7, o->due_at);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, o->crt_id);
	db_bind_text(st, 10, key);
	saved = ctx->crt_id;
	ctx->crt_id = o->crt_id;
	rc = run_emit(ctx, st);
	ctx->crt_id = saved;
	return rc;
}

static int
check_vigilance(struct ctx *ctx, const struct crt_row *crts, int n, time_t now,
    time_t *next_due)
{
	struct vigilance_check vc = { ctx, crts, n, now };
	char now_iso[CLOCK_ISO_LEN + 1];
	struct db_stmt *st;
	int64_t saved = ctx->crt_id;
	int i, rc;

	clock_fmt_iso(now_iso, now, 0);
	rc = note_vigilance_overdue_each(
	    ctx, now_iso, next_due, vigilance_cb, &vc);
	for (i = 0; rc == E_OK && i < n; i++) {
		st = db_stmt(ctx->db, Q_ALERT_VIGILANCE_CLOSE);
		db_bind_text(st, 1, ctx->now);
		db_bind_text(
		    st, 2, "Close par Maillage : note prise en compte");
		db_bind_i64(st, 3, crts[i].id);
		ctx->crt_id = crts[i].id;
		rc = run_emit(ctx, st);
	}
	ctx->crt_id = saved;
	return rc;
}

int
alert_check_all(struct ctx *ctx, time_t *next_due)
{
	struct crt_row *crts = NULL, *c;
	struct db_stmt *st;
	enum db_res r;
	time_t now = clock_now_s();
	int n = 0, cap = 0, i, rc;

	*next_due = 0;
	st = db_stmt(ctx->db, Q_ALERT_CRTS);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = arena_push(&ctx->arena, &crts, &n, &cap, sizeof(*c));
		if (c == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Trop de CRT.");
		c->id = db_col_i64(st, 0);
		c->aggir = (int)db_col_i64(st, 1);
		c->fb = (int)db_col_i64(st, 2);
		c->cal.tz = "Europe/Paris";
		if (!db_col_null(st, 3) && calendar_zone_ok(db_col_text(st, 3)))
			c->cal.tz = db_col_dup(ctx, st, 3);
		c->cal.dept = db_col_dup(ctx, st, 4);
		c->cal.whit = (int)db_col_i64(st, 5);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; i < n; i++) {
		rc = check_crt(ctx, crts[i].id, crts[i].aggir, crts[i].fb,
		    &crts[i].cal, now, next_due);
		if (rc != E_OK)
			return rc;
	}
	return check_vigilance(ctx, crts, n, now, next_due);
}
