/*
 * Committee rules: who sits (users of the CRT), which referrals may be put
 * on the agenda (evaluated ones, one undecided case each), and what a
 * decision needs (the meeting held, the team's opinion; to admit: both
 * evaluations, a recent AGGIR, eligibility or a written override).
 */
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/directory/org.h"
#include "domain/platform/user.h"
#include "domain/record/evaluation.h"
#include "domain/volet2/committee.h"
#include "domain/volet2/eligibility.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"
#include "json/jv.h"

const char *const committee_decision_codes[] = { "admettre", "refuser",
	"orienter", NULL };
const char *const committee_decision_labels[] = { "Admettre", "Refuser",
	"Orienter vers un autre service", NULL };
const char *const committee_refusal_codes[] = { "age", "gir", "territoire",
	"critere_exclusion", "refus_personne", "besoins_couverts", "capacite",
	"autre", NULL };
const char *const committee_refusal_labels[] = { "Moins de 60 ans",
	"GIR 5 ou 6", "Hors du territoire du volet 2",
	"Critère d'exclusion du CRT", "Refus de la personne",
	"Besoins couverts par le droit commun", "Capacité atteinte", "Autre",
	NULL };

static int
state_error(struct ctx *ctx, const char *code, const char *msg)
{
	return err_set(ctx, E_CONFLICT, code, NULL, msg);
}

static int
committee_create_do(struct ctx *ctx, const char *held_on, const char *guests,
    const char *note, const int64_t *members, int n, int64_t *id)
{
	struct db_stmt *st;
	struct user u;
	int i, j, rc;

	if (n < 1)
		return err_set(ctx, E_INVALID, "committee.members.required",
		    "members", "Indiquez au moins un membre du comité.");
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (members[j] == members[i])
				return err_set(ctx, E_INVALID,
				    "committee.members.duplicate", "members",
				    "Un membre est cité deux fois.");
		rc = user_get(ctx, members[i], &u);
		if (rc == E_NOT_FOUND ||
		    (rc == E_OK &&
			(u.disabled || strcmp(u.role, "admin") == 0))) {
			err_clear(ctx);
			return err_set(ctx, E_INVALID,
			    "committee.members.invalid", "members",
			    "Un membre n'est pas un utilisateur actif du CRT.");
		}
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_COMM_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, held_on);
	db_bind_text(st, 3, guests);
	db_bind_text(st, 4, note);
	db_bind_text(st, 5, ctx->now);
	db_bind_i64(st, 6, ctx->user_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	for (i = 0; rc == E_OK && i < n; i++) {
		st = db_stmt(ctx->db, Q_COMM_MEMBER_ADD);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, *id);
		db_bind_i64(st, 3, members[i]);
		rc = db_run(ctx, st);
	}
	return rc;
}

int
committee_create(struct ctx *ctx, const char *held_on, const char *guests,
    const char *note, const int64_t *members, int n, int64_t *id)
{
	int rc;

	rc = committee_create_do(ctx, held_on, guests, note, members, n, id);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "committee.create", 0, "", "-", "ok", held_on);
	return E_OK;
}

static void
row_comm(struct ctx *ctx, struct db_stmt *st, struct committee *c)
{
	memset(c, 0, sizeof(*c));
	c->id = db_col_i64(st, 0);
	c->held_on = db_col_dup(ctx, st, 1);
	c->guests = db_col_dup(ctx, st, 2);
	c->note = db_col_dup(ctx, st, 3);
	c->created_at = db_col_dup(ctx, st, 4);
	c->created_by = db_col_dup(ctx, st, 5);
	c->ncases = (int)db_col_i64(st, 6);
	c->ndecided = (int)db_col_i64(st, 7);
}

int
committee_list(struct ctx *ctx, struct committee **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_COMM_LIST);
	struct committee *v = NULL, *c;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (c == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_comm(ctx, st, c);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
committee_get(struct ctx *ctx, int64_t id, struct committee *c)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_COMM_GET);
	struct committee_member *m;
	enum db_res r;
	int cap = 0;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	if (db_one(ctx, st, "committee.not_found", "Ce comité n'existe pas.") !=
	    E_OK)
		return ctx->err;
	row_comm(ctx, st, c);
	st = db_stmt(ctx->db, Q_COMM_MEMBERS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(
		    &ctx->arena, &c->members, &c->nmembers, &cap, sizeof(*m));
		if (m == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		m->user_id = db_col_i64(st, 0);
		m->name = db_col_dup(ctx, st, 1);
		m->profession = db_col_dup(ctx, st, 2);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

static void
row_case(struct ctx *ctx, struct db_stmt *st, struct committee_case *k)
{
	int c = 0;

	k->id = db_col_i64(st, c++);
	k->committee_id = db_col_i64(st, c++);
	k->held_on = db_col_dup(ctx, st, c++);
	k->referral_id = db_col_i64(st, c++);
	k->person_id = db_col_i64(st, c++);
	k->birth_name = db_col_dup(ctx, st, c++);
	k->first_names = db_col_dup(ctx, st, c++);
	k->birth_name_display = db_col_dup(ctx, st, c++);
	k->first_names_display = db_col_dup(ctx, st, c++);
	k->birth_date = db_col_dup(ctx, st, c++);
	k->sex = db_col_dup(ctx, st, c++);
	k->referral_status = db_col_dup(ctx, st, c++);
	k->added_at = db_col_dup(ctx, st, c++);
	k->team_opinion = db_col_dup(ctx, st, c++);
	k->opinion_at = db_col_dup(ctx, st, c++);
	k->opinion_by = db_col_dup(ctx, st, c++);
	k->decision = db_col_dup(ctx, st, c++);
	k->refusal_reason = db_col_dup(ctx, st, c++);
	k->decision_note = db_col_dup(ctx, st, c++);
	k->oriented_to = db_col_dup(ctx, st, c++);
	k->oriented_org_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
	c++;
	k->oriented_org = db_col_dup(ctx, st, c++);
	k->eligible = db_col_null(st, c) ? -1 : (int)db_col_i64(st, c);
	c++;
	k->override_reason = db_col_dup(ctx, st, c++);
	k->decided_at = db_col_dup(ctx, st, c++);
	k->decided_by = db_col_dup(ctx, st, c++);
	k->support_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
}

static int
case_rows(
    struct ctx *ctx, struct db_stmt *st, struct committee_case **out, int *n)
{
	struct committee_case *v = NULL, *k;
	enum db_res r;
	int cap = 0;

	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		k = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (k == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_case(ctx, st, k);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
committee_cases(
    struct ctx *ctx, int64_t id, struct committee_case **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CASE_LIST);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	return case_rows(ctx, st, out, n);
}

int
committee_cases_of(
    struct ctx *ctx, int64_t rid, struct committee_case **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CASE_OF_REF);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, rid);
	return case_rows(ctx, st, out, n);
}

int
committee_case_get(
    struct ctx *ctx, int64_t cid, int64_t id, struct committee_case *k)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CASE_GET);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, id);
	if (db_one(ctx, st, "committee.case.not_found", CASE_MISSING) != E_OK)
		return ctx->err;
	row_case(ctx, st, k);
	return E_OK;
}

static int
count(struct ctx *ctx, struct db_stmt *st, int64_t *n)
{
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*n = db_col_i64(st, 0);
	return E_OK;
}

/* The committee sits on an evaluated file: on or after the referral's
 * date and its latest evaluation. */
static int
sat_after(
    struct ctx *ctx, const char *held_on, int64_t rid, const char *received_on)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_AEVAL_LAST);
	const char *last;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, rid);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	last = db_col_text(st, 0);
	if (strcmp(held_on, received_on) < 0 ||
	    (last != NULL && strcmp(held_on, last) < 0))
		return state_error(ctx, "committee.before_evaluation",
		    "Ce comité s'est tenu avant l'évaluation de la demande : "
		    "inscrivez-la à un comité ultérieur.");
	return E_OK;
}

int
committee_case_add(struct ctx *ctx, const struct access_grant *g, int64_t cid,
    int64_t rid, const char *opinion, int64_t *id)
{
	struct committee c;
	struct referral r;
	struct db_stmt *st;
	int64_t pending;
	int rc;

	/* The team's opinion is care data: only the care team writes it. */
	if (access_grant_covers(ctx, g,
		CAT_BIT(CAT_ADMIN) | (opinion ? CAT_BIT(CAT_SOINS) : 0),
		ACT_WRITE) != E_OK)
		return ctx->err;
	rc = committee_get(ctx, cid, &c);
	if (rc == E_OK)
		rc = referral_get(ctx, rid, &r);
	if (rc != E_OK)
		return rc;
	if (r.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "referral.not_found", NULL,
		    "Cette demande n'existe pas.");
	if (strcmp(r.status, "evaluation") != 0)
		return state_error(ctx, "referral.state",
		    "Seule une demande "
		    "évaluée (visite à domicile ou évaluation médicale) passe "
		    "en comité.");
	st = db_stmt(ctx->db, Q_CASE_PENDING);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, rid);
	rc = count(ctx, st, &pending);
	if (rc != E_OK)
		return rc;
	if (pending > 0)
		return state_error(ctx, "committee.case.pending",
		    "Cette "
		    "demande attend déjà une décision d'un comité.");
	rc = sat_after(ctx, c.held_on, rid, r.received_on);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_CASE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, cid);
	db_bind_i64(st, 3, rid);
	db_bind_text(st, 4, ctx->now);
	db_bind_i64(st, 5, ctx->user_id);
	db_bind_text(st, 6, opinion);
	db_bind_text(st, 7, opinion ? ctx->now : NULL);
	if (opinion)
		db_bind_i64(st, 8, ctx->user_id);
	else
		db_bind_null(st, 8);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "committee.changed", g->person_id, cid);
	return rc;
}

int
committee_case_opinion(struct ctx *ctx, const struct access_grant *g,
    int64_t cid, int64_t id, const char *opinion)
{
	struct committee_case k;
	struct db_stmt *st;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = committee_case_get(ctx, cid, id, &k);
	if (rc != E_OK)
		return rc;
	if (k.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "committee.case.not_found",
		    NULL, CASE_MISSING);
	if (k.decision != NULL)
		return state_error(ctx, "committee.case.decided",
		    "La décision "
		    "est prise : l'avis de l'équipe ne se modifie plus.");
	st = db_stmt(ctx->db, Q_CASE_OPINION);
	db_bind_text(st, 1, opinion);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_i64(st, 4, ctx->crt_id);
	db_bind_i64(st, 5, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "committee.changed", g->person_id, cid);
	return rc;
}

/* What admitting needs (DOMAIN §3): both evaluations, a recent AGGIR and
 * eligibility, or a written override; no support already open. */
static int
admit_checks(struct ctx *ctx, const struct access_grant *g,
    const struct committee_case *k, const struct committee_decision *d,
    int *eligible)
{
	struct eligibility el;
	struct aggir_eval *ev;
	struct db_stmt *st;
	const char *oldest;
	int64_t months, open;
	int n, rc;

	st = db_stmt(ctx->db, Q_AEVAL_KINDS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, k->referral_id);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, k->referral_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	if (db_col_i64(st, 0) == 0 || db_col_i64(st, 1) == 0)
		return state_error(ctx, "committee.evaluations_missing",
		    "L'admission suit la visite à domicile et l'évaluation "
		    "médicale par le médecin du CRT.");
	st = db_stmt(ctx->db, Q_CRT_SETTINGS);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	months = db_col_i64(st, 1);
	rc = evaluation_aggir_list(ctx, g, 1, &ev, &n);
	if (rc != E_OK)
		return rc;
	oldest = clock_add_months(
	    &ctx->arena, clock_today_plus(&ctx->arena, 0), -(int)months);
	if (n == 0 || strcmp(ev[0].evaluated_on, oldest) < 0)
		return state_error(ctx, "committee.aggir_outdated",
		    arena_printf(&ctx->arena,
			"L'évaluation AGGIR manque ou "
			"date de plus de %d mois : refaites-la avant d'admettre.",
			(int)months));
	st = db_stmt(ctx->db, Q_SUP_OPEN);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, k->person_id);
	rc = db_step(ctx, st);
	if (rc == DB_ERR)
		return ctx->err;
	open = rc == DB_ROW;
	if (open)
		return state_error(ctx, "support.already_open",
		    "Cette personne "
		    "est déjà accompagnée par le CRT.");
	rc = eligibility_compute(ctx, g, &el);
	if (rc != E_OK)
		return rc;
	*eligible = el.eligible;
	if (!el.eligible &&
	    (d->override_reason == NULL ||
		jv_utf8_len(d->override_reason, strlen(d->override_reason)) <
		    10))
		return err_set(ctx, E_INVALID, "committee.override_required",
		    "override_reason",
		    "La personne ne remplit pas les critères "
		    "d'éligibilité : motivez la dérogation par écrit (10 "
		    "caractères au moins).");
	return E_OK;
}

static int
check_decision(struct ctx *ctx, const struct committee_decision *d)
{
	struct org o;
	int rc;

	if (strcmp(d->decision, "refuser") == 0) {
		if (d->refusal_reason == NULL)
			return err_set(ctx, E_INVALID,
			    "committee.refusal_reason.required",
			    "refusal_reason", "Choisissez le motif du refus.");
		if (d->note == NULL)
			return err_set(ctx, E_INVALID,
			    "committee.note.required", "note",
			    "Expliquez le "
			    "refus en quelques mots.");
	} else if (d->refusal_reason != NULL)
		return err_set(ctx, E_INVALID,
		    "committee.refusal_reason.unused", "refusal_reason",
		    "Le motif de refus ne vaut que pour un "
		    "refus.");
	if (strcmp(d->decision, "orienter") == 0) {
		if (d->oriented_to == NULL && d->oriented_org_id == 0)
			return err_set(ctx, E_INVALID,
			    "committee.oriented_to.required", "oriented_to",
			    "Indiquez vers qui la personne est orientée.");
	} else if (d->oriented_to != NULL || d->oriented_org_id != 0)
		return err_set(ctx, E_INVALID, "committee.oriented_to.unused",
		    "oriented_to",
		    "L'orientation ne vaut que pour une décision "
		    "d'orienter.");
	if (d->oriented_org_id != 0) {
		rc = org_get(ctx, d->oriented_org_id, &o);
		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			return err_set(ctx, E_INVALID,
			    "committee.oriented_org_id.invalid",
			    "oriented_org_id",
			    "Cette structure n'est pas dans "
			    "l'annuaire du CRT.");
		}
		return rc;
	}
	return E_OK;
}

int
committee_decide(struct ctx *ctx, const struct access_grant *g, int64_t cid,
    int64_t id, const struct committee_decision *d, int64_t *sid)
{
	struct committee_case k;
	struct referral r;
	struct db_stmt *st;
	const char *status;
	int eligible = -1, rc;

	*sid = 0;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = check_decision(ctx, d);
	if (rc == E_OK)
		rc = committee_case_get(ctx, cid, id, &k);
	if (rc != E_OK)
		return rc;
	if (k.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "committee.case.not_found",
		    NULL, CASE_MISSING);
	if (k.decision != NULL)
		return state_error(ctx, "committee.case.decided",
		    "La décision "
		    "a déjà été prise pour ce dossier.");
	if (strcmp(k.held_on, clock_latest_today(&ctx->arena)) > 0)
		return state_error(ctx, "committee.not_held",
		    "La décision se "
		    "prend une fois le comité réuni.");
	if (k.team_opinion == NULL)
		return state_error(ctx, "committee.opinion_missing",
		    "Recueillez "
		    "d'abord l'avis de l'équipe.");
	if (strcmp(k.referral_status, "evaluation") != 0)
		return state_error(ctx, "referral.state",
		    "Cette demande n'est "
		    "plus en attente de décision.");
	rc = referral_get(ctx, k.referral_id, &r);
	if (rc == E_OK)
		rc = sat_after(ctx, k.held_on, k.referral_id, r.received_on);
	if (rc != E_OK)
		return rc;
	if (strcmp(d->decision, "admettre") == 0) {
		rc = admit_checks(ctx, g, &k, d, &eligible);
		if (rc != E_OK)
			return rc;
		status = "admis";
	} else
		status = strcmp(d->decision, "refuser") == 0
		    ? "refuse"
		    : "oriente_ailleurs";
	st = db_stmt(ctx->db, Q_CASE_DECIDE);
	db_bind_text(st, 1, d->decision);
	db_bind_text(st, 2, d->refusal_reason);
	db_bind_text(st, 3, d->note);
	db_bind_text(st, 4, d->oriented_to);
	if (d->oriented_org_id)
		db_bind_i64(st, 5, d->oriented_org_id);
	else
		db_bind_null(st, 5);
	if (eligible >= 0)
		db_bind_i64(st, 6, eligible);
	else
		db_bind_null(st, 6);
	db_bind_text(st, 7, eligible == 0 ? d->override_reason : NULL);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, ctx->user_id);
	db_bind_i64(st, 10, ctx->crt_id);
	db_bind_i64(st, 11, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	rc = referral_set_status(ctx, k.referral_id, status);
	if (rc == E_OK)
		rc = event_emit(ctx, "committee.changed", g->person_id, cid);
	if (rc != E_OK || eligible < 0)
		return rc;
	/* The decision is the committee's, on the day it sat. */
	return support_create(
	    ctx, k.person_id, k.referral_id, id, k.held_on, sid);
}
