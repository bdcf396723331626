/*
 * Support rules: the order of the steps (contract after a plan, absences
 * during an active support, one exit), dates not in the future nor before
 * the step they follow, the six exit reasons and the relay they need.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/directory/org.h"
#include "domain/record/document.h"
#include "domain/volet2/support.h"

const char *const support_status_codes[] = { "preparation", "active", "sortie",
	"renonce", NULL };
const char *const support_status_labels[] = { "En préparation (admis)", "Actif",
	"Sorti", SUPPORT_WITHDRAWAL_LABEL, NULL };
const char *const support_exit_codes[] = { "hospitalisation_longue",
	"souhait_personne", "entree_ehpad_usld", "criteres_non_remplis",
	"absence_plus_value", "deces", NULL };
const char *const support_exit_labels[] = { "Hospitalisation de plus de 3 mois",
	"Souhait de la personne ou de son représentant légal",
	"Entrée en EHPAD ou en USLD", "Ne remplit plus les critères",
	"L'accompagnement n'apporte plus de plus-value", "Décès", NULL };
const char *const support_signer_codes[] = { "personne", "representant", NULL };
const char *const support_absence_kinds[] = { "hospitalisation", "absence",
	NULL };

static int
state_error(struct ctx *ctx, const char *msg)
{
	return err_set(ctx, E_CONFLICT, "support.state", NULL, msg);
}

static void
row_sup(struct ctx *ctx, struct db_stmt *st, struct support *s)
{
	const char *limit;
	int c = 0;

	memset(s, 0, sizeof(*s));
	s->id = db_col_i64(st, c++);
	s->person_id = db_col_i64(st, c++);
	s->birth_name = db_col_dup(ctx, st, c++);
	s->first_names = db_col_dup(ctx, st, c++);
	s->birth_name_display = db_col_dup(ctx, st, c++);
	s->first_names_display = db_col_dup(ctx, st, c++);
	s->birth_date = db_col_dup(ctx, st, c++);
	s->sex = db_col_dup(ctx, st, c++);
	s->referral_id = db_col_i64(st, c++);
	s->case_id = db_col_i64(st, c++);
	s->status = db_col_dup(ctx, st, c++);
	s->decided_on = db_col_dup(ctx, st, c++);
	s->started_on = db_col_dup(ctx, st, c++);
	s->contract_signed_on = db_col_dup(ctx, st, c++);
	s->contract_signed_by = db_col_dup(ctx, st, c++);
	s->contract_signer = db_col_dup(ctx, st, c++);
	s->contract_document_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
	c++;
	s->contract_by = db_col_dup(ctx, st, c++);
	s->contract_at = db_col_dup(ctx, st, c++);
	s->exit_reason = db_col_dup(ctx, st, c++);
	s->exit_on = db_col_dup(ctx, st, c++);
	s->exit_decision = db_col_dup(ctx, st, c++);
	s->relay_org_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
	c++;
	s->relay_org = db_col_dup(ctx, st, c++);
	s->relay_name = db_col_dup(ctx, st, c++);
	s->relay_informed_on = db_col_dup(ctx, st, c++);
	s->exit_by = db_col_dup(ctx, st, c++);
	s->exit_at = db_col_dup(ctx, st, c++);
	s->received_on = db_col_dup(ctx, st, c++);
	s->plan_version = db_col_null(st, c) ? 0 : (int)db_col_i64(st, c);
	c++;
	s->referent = db_col_dup(ctx, st, c++);
	s->hospitalised_since = db_col_dup(ctx, st, c++);
	s->absent_since = db_col_dup(ctx, st, c++);
	s->exit_doctor_opinion = db_col_dup(ctx, st, c++);
	s->withdrawn_on = db_col_dup(ctx, st, c++);
	s->withdrawal_reason = db_col_dup(ctx, st, c++);
	s->withdrawn_by = db_col_dup(ctx, st, c++);
	s->withdrawn_at = db_col_dup(ctx, st, c++);
	/* PRODUCT §3 step 9: beyond 3 months in hospital, propose the exit. */
	if (s->hospitalised_since != NULL && strcmp(s->status, "active") == 0) {
		limit = clock_add_months(&ctx->arena,
		    clock_today_plus(&ctx->arena, 0),
		    -SUPPORT_LONG_HOSPITAL_MONTHS);
		s->exit_proposed =
		    limit != NULL && strcmp(s->hospitalised_since, limit) < 0;
	}
}

int
support_create(struct ctx *ctx, int64_t person_id, int64_t referral_id,
    int64_t case_id, const char *decided_on, int64_t *id)
{
	struct db_stmt *st;

	st = db_stmt(ctx->db, Q_SUP_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, person_id);
	db_bind_i64(st, 3, referral_id);
	db_bind_i64(st, 4, case_id);
	db_bind_text(st, 5, decided_on);
	db_bind_text(st, 6, ctx->now);
	db_bind_text(st, 7, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
support_get(struct ctx *ctx, int64_t id, struct support *s)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SUP_GET);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	if (db_one(ctx, st, "support.not_found", SUPPORT_MISSING) != E_OK)
		return ctx->err;
	row_sup(ctx, st, s);
	return E_OK;
}

static int
sup_rows(struct ctx *ctx, struct db_stmt *st, struct support **out, int *n)
{
	struct support *v = NULL, *s;
	enum db_res r;
	int cap = 0;

	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		s = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (s == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_sup(ctx, st, s);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
support_list(struct ctx *ctx, const char *status, struct support **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SUP_LIST);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, status ? status : "");
	db_bind_text(st, 3, status ? status : "");
	return sup_rows(ctx, st, out, n);
}

int
support_board(struct ctx *ctx, const char *since, struct support **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SUP_BOARD);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, since);
	return sup_rows(ctx, st, out, n);
}

int
support_of_person(struct ctx *ctx, int64_t pid, struct support **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SUP_OF_PERSON);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	return sup_rows(ctx, st, out, n);
}

int
support_places(struct ctx *ctx, struct support_places *p)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_SUP_COUNTS);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	p->active = (int)db_col_i64(st, 0);
	p->preparing = (int)db_col_i64(st, 1);
	p->target = (int)db_col_i64(st, 2);
	p->left = p->target - p->active - p->preparing;
	if (p->left < 0)
		p->left = 0;
	return E_OK;
}

/* The support of the grant's person, for a step. */
static int
own(struct ctx *ctx, const struct access_grant *g, unsigned cats, enum act act,
    int64_t id, struct support *s)
{
	int rc;

	if (access_grant_covers(ctx, g, cats, act) != E_OK)
		return ctx->err;
	rc = support_get(ctx, id, s);
	if (rc == E_OK && s->person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "support.not_found", NULL,
		    SUPPORT_MISSING);
	return rc;
}

/* The support of the grant's person, in the status a step needs. */
static int
own_in(struct ctx *ctx, const struct access_grant *g, unsigned cats,
    enum act act, int64_t id, const char *status, const char *msg,
    struct support *s)
{
	int rc;

	rc = own(ctx, g, cats, act, id, s);
	if (rc == E_OK && strcmp(s->status, status) != 0)
		rc = state_error(ctx, msg);
	return rc;
}

static int
date_between(struct ctx *ctx, const char *d, const char *from,
    const char *field, const char *msg)
{
	if (strcmp(d, clock_latest_today(&ctx->arena)) > 0 ||
	    (from != NULL && strcmp(d, from) < 0))
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "support.%s.invalid", field),
		    field, msg);
	return E_OK;
}

int
support_contract(struct ctx *ctx, const struct access_grant *g, int64_t id,
    const char *on, const char *by, const char *signer, int64_t doc)
{
	struct support s;
	struct document d;
	struct db_stmt *st;
	int rc;

	rc = own_in(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE, id, "preparation",
	    "Le contrat se signe une fois, avant le début de "
	    "l'accompagnement.",
	    &s);
	if (rc != E_OK)
		return rc;
	if (s.plan_version == 0)
		return state_error(ctx,
		    "Le contrat se signe après "
		    "l'élaboration du plan personnalisé.");
	rc = date_between(ctx, on, s.decided_on, "signed_on",
	    "La date de "
	    "signature doit être entre la décision d'admission et "
	    "aujourd'hui.");
	if (rc != E_OK)
		return rc;
	rc = document_meta(ctx, s.person_id, doc, &d);
	if (rc == E_NOT_FOUND) {
		err_clear(ctx);
		return err_set(ctx, E_INVALID, "support.document_id.invalid",
		    "document_id",
		    "Joignez le contrat signé, déposé dans les "
		    "documents de la personne.");
	}
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_SUP_CONTRACT);
	db_bind_text(st, 1, on);
	db_bind_text(st, 2, by);
	db_bind_text(st, 3, signer);
	db_bind_i64(st, 4, doc);
	db_bind_i64(st, 5, ctx->user_id);
	db_bind_text(st, 6, ctx->now);
	db_bind_text(st, 7, on);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, ctx->crt_id);
	db_bind_i64(st, 10, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "support.changed", g->person_id, id);
	return rc;
}

int
support_absences(struct ctx *ctx, const struct access_grant *g, int64_t id,
    struct support_absence **out, int *n)
{
	struct support_absence *v = NULL, *a;
	struct support s;
	struct db_stmt *st;
	enum db_res r;
	int cap = 0, rc;

	*n = 0;
	*out = NULL;
	/* Where and why the person is away is care data. */
	rc = own(ctx, g, CAT_BIT(CAT_SOINS), ACT_READ, id, &s);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ABS_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		a = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (a == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		a->id = db_col_i64(st, 0);
		a->kind = db_col_dup(ctx, st, 1);
		a->start_on = db_col_dup(ctx, st, 2);
		a->end_on = db_col_dup(ctx, st, 3);
		a->place = db_col_dup(ctx, st, 4);
		a->note = db_col_dup(ctx, st, 5);
		a->created_at = db_col_dup(ctx, st, 6);
		a->created_by = db_col_dup(ctx, st, 7);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

static int
overlaps(struct ctx *ctx, int64_t id, int64_t aid, const char *start,
    const char *end)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ABS_OVERLAP);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, aid);
	db_bind_text(st, 4, end);
	db_bind_text(st, 5, start);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	if (db_col_i64(st, 0) > 0)
		return state_error(ctx,
		    "Cette période chevauche une autre "
		    "hospitalisation ou absence.");
	return E_OK;
}

int
support_absence_add(struct ctx *ctx, const struct access_grant *g, int64_t id,
    const char *kind, const char *start, const char *end, const char *place,
    const char *note, int64_t *aid)
{
	struct support s;
	struct db_stmt *st;
	int rc;

	rc = own_in(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE, id, "active",
	    "Les hospitalisations et absences se notent pendant "
	    "l'accompagnement actif.",
	    &s);
	if (rc != E_OK)
		return rc;
	rc = date_between(ctx, start, s.started_on, "start_on",
	    "Le début "
	    "doit être entre le début de l'accompagnement et aujourd'hui.");
	if (rc == E_OK && end != NULL)
		rc = date_between(ctx, end, start, "end_on",
		    "Le retour doit "
		    "être entre le début et aujourd'hui.");
	if (rc == E_OK)
		rc = overlaps(ctx, id, 0, start, end);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ABS_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_text(st, 3, kind);
	db_bind_text(st, 4, start);
	db_bind_text(st, 5, end);
	db_bind_text(st, 6, place);
	db_bind_text(st, 7, note);
	db_bind_text(st, 8, ctx->now);
	db_bind_i64(st, 9, ctx->user_id);
	db_bind_text(st, 10, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*aid = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "support.changed", g->person_id, id);
	return rc;
}

int
support_absence_end(struct ctx *ctx, const struct access_grant *g, int64_t id,
    int64_t aid, const char *end)
{
	struct support s;
	struct db_stmt *st;
	const char *start;
	int rc;

	rc = own_in(ctx, g, CAT_BIT(CAT_SOINS), ACT_WRITE, id, "active",
	    "L'accompagnement est terminé : ses absences ne se modifient "
	    "plus.",
	    &s);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ABS_GET);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	db_bind_i64(st, 3, aid);
	if (db_one(ctx, st, "absence.not_found",
		"Cette absence n'existe "
		"pas.") != E_OK)
		return ctx->err;
	if (!db_col_null(st, 1))
		return state_error(ctx, "Le retour est déjà noté.");
	start = db_col_dup(ctx, st, 0);
	rc = date_between(ctx, end, start, "end_on",
	    "Le retour doit être "
	    "entre le début et aujourd'hui.");
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ABS_END);
	db_bind_text(st, 1, end);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	db_bind_i64(st, 5, aid);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "support.changed", g->person_id, id);
	return rc;
}

int
support_exit(struct ctx *ctx, const struct access_grant *g, int64_t id,
    const struct support_exit *x)
{
	struct support s;
	struct db_stmt *st;
	const char *from, *last;
	struct org o;
	int rc;

	rc = own(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE, id, &s);
	if (rc != E_OK)
		return rc;
	if (strcmp(s.status, "sortie") == 0)
		return state_error(ctx,
		    "La sortie est déjà enregistrée ; une "
		    "nouvelle admission commence un nouvel accompagnement.");
	/* Issue 8 point 16: an exit ends a support that started; before
	 * the contract, the person renounces (support_withdraw()). */
	if (strcmp(s.status, "active") != 0)
		return state_error(ctx,
		    strcmp(s.status, "preparation") == 0
			? "L'accompagnement n'a pas commencé (contrat non signé) : "
			  "enregistrez une renonciation avant signature, pas une "
			  "sortie."
			: "Cet accompagnement est clos.");
	/* Not before the start, nor before the last hospitalisation or
	 * absence began. */
	st = db_stmt(ctx->db, Q_ABS_LAST_START);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	from = s.started_on;
	last = db_col_dup(ctx, st, 0);
	if (last != NULL && strcmp(last, from) > 0)
		from = last;
	rc = date_between(ctx, x->exit_on, from, "exit_on",
	    "La date de "
	    "sortie doit être entre le début de l'accompagnement (ou de la "
	    "dernière absence) et aujourd'hui.");
	if (rc != E_OK)
		return rc;
	/* The doctor's opinion goes with "no longer meets the criteria". */
	if (x->doctor_opinion != NULL &&
	    strcmp(x->reason, "criteres_non_remplis") != 0)
		return err_set(ctx, E_INVALID, "support.doctor_opinion.unused",
		    "doctor_opinion",
		    "L'avis du médecin accompagne une sortie "
		    "pour critères non remplis.");
	/* PRODUCT §3 step 10: a relay, except after a death. */
	if (strcmp(x->reason, "deces") != 0 && x->relay_org_id == 0 &&
	    x->relay_name == NULL)
		return err_set(ctx, E_INVALID, "support.relay.required",
		    "relay_org_id",
		    "Indiquez le service de droit commun qui "
		    "prend le relais.");
	if (x->relay_org_id != 0) {
		rc = org_get(ctx, x->relay_org_id, &o);
		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			return err_set(ctx, E_INVALID,
			    "support.relay_org_id.invalid", "relay_org_id",
			    "Cette structure n'est pas dans l'annuaire du "
			    "CRT.");
		}
		if (rc != E_OK)
			return rc;
	}
	if (x->relay_informed_on != NULL) {
		rc = date_between(ctx, x->relay_informed_on, s.decided_on,
		    "relay_informed_on",
		    "Le relais est informé entre "
		    "l'admission et aujourd'hui.");
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_SUP_EXIT);
	db_bind_text(st, 1, x->reason);
	db_bind_text(st, 2, x->exit_on);
	db_bind_text(st, 3, x->decision);
	if (x->relay_org_id)
		db_bind_i64(st, 4, x->relay_org_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, x->relay_name);
	db_bind_text(st, 6, x->relay_informed_on);
	db_bind_i64(st, 7, ctx->user_id);
	db_bind_text(st, 8, ctx->now);
	db_bind_text(st, 9, ctx->now);
	db_bind_text(st, 10, x->doctor_opinion);
	db_bind_i64(st, 11, ctx->crt_id);
	db_bind_i64(st, 12, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "support.changed", g->person_id, id);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ABS_CLOSE_ALL);
	db_bind_text(st, 1, x->exit_on);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	return db_run(ctx, st);
}

int
support_closed(const struct support *s)
{
	return strcmp(s->status, "sortie") == 0 ||
	    strcmp(s->status, "renonce") == 0;
}

int
support_withdraw(struct ctx *ctx, const struct access_grant *g, int64_t id,
    const char *on, const char *reason)
{
	struct support s;
	struct db_stmt *st;
	int rc;

	rc = own_in(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE, id, "preparation",
	    "La renonciation se note avant la signature du contrat : un "
	    "accompagnement commencé se termine par une sortie.",
	    &s);
	if (rc != E_OK)
		return rc;
	rc = date_between(ctx, on, s.decided_on, "withdrawn_on",
	    "La date de "
	    "la renonciation doit être entre la décision d'admission et "
	    "aujourd'hui.");
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_SUP_WITHDRAW);
	db_bind_text(st, 1, on);
	db_bind_text(st, 2, reason);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_text(st, 4, ctx->now);
	db_bind_text(st, 5, ctx->now);
	db_bind_i64(st, 6, ctx->crt_id);
	db_bind_i64(st, 7, id);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "support.changed", g->person_id, id);
	return rc;
}

int
support_relay_informed(
    struct ctx *ctx, const struct access_grant *g, int64_t id, const char *on)
{
	struct support s;
	struct db_stmt *st;
	int rc;

	rc = own(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE, id, &s);
	if (rc != E_OK)
		return rc;
	if (strcmp(s.status, "sortie") != 0)
		return state_error(ctx,
		    "Le relais est informé de la sortie, "
		    "une fois celle-ci enregistrée.");
	rc = date_between(ctx, on, s.decided_on, "relay_informed_on",
	    "Le relais est informé entre l'admission et aujourd'hui.");
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_SUP_RELAY);
	db_bind_text(st, 1, on);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	return db_run(ctx, st);
}
