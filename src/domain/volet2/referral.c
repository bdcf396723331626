/*
 * Referral rules: codes of sources and channels (PRODUCT §3), dates not
 * in the future, the referrer's organisation from the directory, and the
 * order of the triage steps. No SQL text, no HTTP.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/event.h"
#include "domain/directory/org.h"
#include "domain/volet2/dac.h"
#include "domain/volet2/referral.h"

const char *const referral_source_codes[] = { "medecin_traitant", "dac",
	"hopital", "ssiad", "saad", "had", "ccas", "clic", "assistant_social",
	"ehpad_liste_attente", "aidant", "personne", "autre", NULL };
const char *const referral_source_labels[] = { "Médecin traitant", "DAC",
	"Hôpital", "SSIAD", "SAAD", "HAD", "CCAS", "CLIC",
	"Assistant(e) de service social", "Liste d'attente d'EHPAD", "Aidant",
	"La personne elle-même", "Autre", NULL };
const char *const referral_channel_codes[] = { "telephone",
	"messagerie_securisee", "viatrajectoire", "formulaire", "numero_unique",
	"courrier", NULL };
const char *const referral_channel_labels[] = { "Téléphone",
	"Messagerie sécurisée", "ViaTrajectoire", "Formulaire",
	"Numéro unique départemental", "Courrier", NULL };
/*
 * recu → oriente_dac | liste_attente → evaluation → (committee) admis |
 * refuse | oriente_ailleurs; recu/oriente_dac → classe.
 */
const char *const referral_status_codes[] = { "recu", "oriente_dac",
	"liste_attente", "evaluation", "classe", "admis", "refuse",
	"oriente_ailleurs", NULL };
const char *const referral_status_labels[] = { "Reçue",
	"Orientée vers le "
	"DAC",
	"Sur liste d'attente", "En évaluation", "Classée", "Admise", "Refusée",
	"Orientée ailleurs", NULL };
const char *const referral_action_codes[] = { "complexe", "orienter_dac",
	"reponse_dac", "retour", "accepter", "classer", NULL };

int
referral_create(struct ctx *ctx, const struct access_grant *g,
    const struct referral_in *in, int64_t *id)
{
	struct db_stmt *st;
	struct org o;
	const char *on;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	on = in->received_on.set && !in->received_on.null
	    ? in->received_on.s
	    : clock_today_plus(&ctx->arena, 0);
	if (strcmp(on, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID, "referral.received_on.future",
		    "received_on",
		    "La date de réception ne peut pas être "
		    "dans le futur.");
	if (in->requested_volet.v != 1 && in->requested_volet.v != 2)
		return err_set(ctx, E_INVALID,
		    "referral.requested_volet.invalid", "requested_volet",
		    "Le volet demandé est 1 ou 2.");
	if (in->hospital_doctor.set && !in->hospital_doctor.null &&
	    strcmp(in->source.s, "hopital") != 0)
		return err_set(ctx, E_INVALID,
		    "referral.hospital_doctor.source", "hospital_doctor",
		    "Le médecin hospitalier ne se renseigne que pour une "
		    "demande venant de l'hôpital.");
	if (in->referrer_org_id.set && !in->referrer_org_id.null) {
		rc = org_get(ctx, in->referrer_org_id.v, &o);
		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			return err_set(ctx, E_INVALID,
			    "referral.referrer_org_id.invalid",
			    "referrer_org_id",
			    "Cette structure n'est pas dans "
			    "l'annuaire du CRT.");
		}
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_REF_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	db_bind_text(st, 3, in->source.s);
	db_bind_text(st, 4, in->channel.s);
	db_bind_text(st, 5, in->reason.s);
	db_bind_i64(st, 6, in->requested_volet.v);
	db_bind_i64(st, 7, in->urgent.set && in->urgent.v);
	db_bind_text(st, 8, in->hospital_doctor.s);
	db_bind_text(st, 9, in->referrer_name.s);
	db_bind_text(st, 10, in->referrer_contact.s);
	if (in->referrer_org_id.set && !in->referrer_org_id.null)
		db_bind_i64(st, 11, in->referrer_org_id.v);
	else
		db_bind_null(st, 11);
	db_bind_text(st, 12, on);
	db_bind_text(st, 13, ctx->now);
	db_bind_i64(st, 14, ctx->user_id);
	db_bind_text(st, 15, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "referral.changed", g->person_id, *id);
	return rc;
}

static void
row_ref(struct ctx *ctx, struct db_stmt *st, struct referral *r)
{
	int c = 0;

	r->id = db_col_i64(st, c++);
	r->person_id = db_col_i64(st, c++);
	r->birth_name = db_col_dup(ctx, st, c++);
	r->first_names = db_col_dup(ctx, st, c++);
	r->birth_name_display = db_col_dup(ctx, st, c++);
	r->first_names_display = db_col_dup(ctx, st, c++);
	r->birth_date = db_col_dup(ctx, st, c++);
	r->sex = db_col_dup(ctx, st, c++);
	r->source = db_col_dup(ctx, st, c++);
	r->channel = db_col_dup(ctx, st, c++);
	r->reason = db_col_dup(ctx, st, c++);
	r->requested_volet = (int)db_col_i64(st, c++);
	r->urgent = (int)db_col_i64(st, c++);
	r->hospital_doctor = db_col_dup(ctx, st, c++);
	r->referrer_name = db_col_dup(ctx, st, c++);
	r->referrer_contact = db_col_dup(ctx, st, c++);
	r->referrer_org_id = db_col_null(st, c) ? 0 : db_col_i64(st, c);
	c++;
	r->referrer_org = db_col_dup(ctx, st, c++);
	r->received_on = db_col_dup(ctx, st, c++);
	r->status = db_col_dup(ctx, st, c++);
	r->complex = (int)db_col_i64(st, c++);
	r->dac_oriented_at = db_col_dup(ctx, st, c++);
	r->dac_oriented_by = db_col_dup(ctx, st, c++);
	r->dac_reason = db_col_dup(ctx, st, c++);
	r->dac_answer = db_col_dup(ctx, st, c++);
	r->dac_answered_at = db_col_dup(ctx, st, c++);
	r->feedback_given_at = db_col_dup(ctx, st, c++);
	r->feedback_by = db_col_dup(ctx, st, c++);
	r->feedback_note = db_col_dup(ctx, st, c++);
	r->created_at = db_col_dup(ctx, st, c++);
	r->created_by = db_col_dup(ctx, st, c++);
	r->updated_at = db_col_dup(ctx, st, c++);
}

int
referral_set_status(struct ctx *ctx, int64_t id, const char *status)
{
	struct db_stmt *st;

	st = db_stmt(ctx->db, Q_REF_STATUS);
	db_bind_text(st, 1, status);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_i64(st, 4, id);
	return db_run(ctx, st);
}

int
referral_get(struct ctx *ctx, int64_t id, struct referral *r)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_REF_GET);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	if (db_one(ctx, st, "referral.not_found",
		"Cette demande n'existe "
		"pas.") != E_OK)
		return ctx->err;
	row_ref(ctx, st, r);
	return E_OK;
}

int
referral_list(struct ctx *ctx, const char *status, int feedback_due,
    int open_only, int64_t person_id, struct referral **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_REF_LIST);
	struct referral *v = NULL, *r;
	enum db_res res;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, status ? status : "");
	db_bind_text(st, 3, status ? status : "");
	db_bind_i64(st, 4, feedback_due);
	db_bind_i64(st, 5, person_id);
	db_bind_i64(st, 6, person_id);
	db_bind_i64(st, 7, open_only);
	while ((res = db_step(ctx, st)) == DB_ROW) {
		r = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (r == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_ref(ctx, st, r);
	}
	*out = v;
	return res == DB_ERR ? ctx->err : E_OK;
}

static int
out_of_order(struct ctx *ctx, const char *msg)
{
	return err_set(ctx, E_CONFLICT, "referral.state", NULL, msg);
}

int
referral_triage(struct ctx *ctx, const struct access_grant *g, int64_t id,
    const char *action, const char *text)
{
	struct referral r;
	struct db_stmt *st;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	rc = referral_get(ctx, id, &r);
	if (rc != E_OK)
		return rc;
	if (r.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "referral.not_found", NULL,
		    "Cette demande n'existe pas.");
	if (strcmp(action, "complexe") == 0) {
		if (strcmp(r.status, "recu") != 0)
			return out_of_order(ctx,
			    "Seule une demande reçue, "
			    "pas encore orientée, peut être signalée complexe.");
		r.complex = 1;
	} else if (strcmp(action, "orienter_dac") == 0) {
		if (strcmp(r.status, "recu") != 0)
			return out_of_order(ctx,
			    "Seule une demande reçue peut "
			    "être orientée vers le DAC.");
		r.status = "oriente_dac";
		r.dac_oriented_at = ctx->now;
		r.dac_reason = text;
	} else if (strcmp(action, "reponse_dac") == 0) {
		if (strcmp(r.status, "oriente_dac") != 0 ||
		    r.dac_answer != NULL)
			return out_of_order(ctx,
			    "La réponse du DAC se saisit "
			    "après l'orientation, une seule fois.");
		r.dac_answer = text;
		r.dac_answered_at = ctx->now;
	} else if (strcmp(action, "retour") == 0) {
		if (r.feedback_given_at != NULL)
			return out_of_order(ctx,
			    "Le retour d'information a "
			    "déjà été donné.");
		r.feedback_given_at = ctx->now;
		r.feedback_note = text;
	} else if (strcmp(action, "accepter") == 0) {
		/* Received, or sent back by the DAC once it has answered. */
		if (strcmp(r.status, "recu") != 0 &&
		    (strcmp(r.status, "oriente_dac") != 0 ||
			r.dac_answer == NULL))
			return out_of_order(ctx,
			    "Seule une demande reçue (ou "
			    "renvoyée par le DAC après sa réponse) peut être "
			    "inscrite sur la liste d'attente.");
		if (r.requested_volet != 2)
			return out_of_order(ctx,
			    "La liste d'attente est celle "
			    "du volet 2.");
		r.status = "liste_attente";
	} else if (strcmp(action, "classer") == 0) {
		if (strcmp(r.status, "recu") != 0 &&
		    strcmp(r.status, "oriente_dac") != 0)
			return out_of_order(ctx,
			    "Cette demande ne peut plus "
			    "être classée.");
		r.status = "classe";
	} else
		return err_set(ctx, E_INVALID, "referral.action.invalid",
		    "action", "Action inconnue.");
	st = db_stmt(ctx->db, Q_REF_TRIAGE);
	db_bind_text(st, 1, r.status);
	db_bind_i64(st, 2, r.complex);
	db_bind_text(st, 3, r.dac_oriented_at);
	/* NULL keeps the author recorded by an earlier step. */
	if (strcmp(action, "orienter_dac") == 0)
		db_bind_i64(st, 4, ctx->user_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, r.dac_reason);
	db_bind_text(st, 6, r.dac_answer);
	db_bind_text(st, 7, r.dac_answered_at);
	db_bind_text(st, 8, r.feedback_given_at);
	if (strcmp(action, "retour") == 0)
		db_bind_i64(st, 9, ctx->user_id);
	else
		db_bind_null(st, 9);
	db_bind_text(st, 10, r.feedback_note);
	db_bind_text(st, 11, ctx->now);
	db_bind_i64(st, 12, ctx->crt_id);
	db_bind_i64(st, 13, id);
	rc = db_run(ctx, st);
	/* Issue 10 point 7: the orientation names the CRT's DAC. */
	if (rc == E_OK && strcmp(action, "orienter_dac") == 0)
		rc = dac_orient(ctx, g, id);
	if (rc == E_OK && strcmp(action, "accepter") == 0) {
		st = db_stmt(ctx->db, Q_WAIT_ENTER);
		db_bind_text(st, 1, ctx->now);
		db_bind_i64(st, 2, ctx->crt_id);
		db_bind_i64(st, 3, id);
		rc = db_run(ctx, st);
	}
	if (rc == E_OK)
		rc = event_emit(ctx, "referral.changed", g->person_id, id);
	return rc;
}
