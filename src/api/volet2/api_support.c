/*
 * Support routes (issue 4 steps 7-10 and the views): the file active with
 * its places, one support with its absences, the versioned PPCS plan, the
 * contract, hospitalisations and absences, the exit with its relay; the
 * pipeline board, a person's timeline, the delays; the CRT's settings.
 */
#include <limits.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/volet2/episode.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/support.h"
#include "json/jv.h"
#include "json/jw.h"

/* Who records a contract; who decides an exit (the coordinator, PRODUCT
 * §3); who sets the CRT's limits (the direction too: no person data). */

/* The support replies, described once (issue 9 §2). A support read in
 * full (Support) extends the list row (SupportSummary), a plan read in
 * full (Plan) and a version of the list (PlanSummary) share their first
 * members: their indices are equal (SUP_x == SUPFULL_x, PLANV_x ==
 * PLAN_x). */
#define PLACES_F(X, S) \
	X(S, target, JW_INT, 0, NULL, NULL, "File active visée") \
	X(S, active, JW_INT, 0, NULL, NULL, "Accompagnements actifs") \
	X(S, preparing, JW_INT, 0, NULL, NULL, \
	    "Accompagnements en préparation (admis, contrat non signé)") \
	X(S, left, JW_INT, 0, NULL, NULL, "Places restantes (0 au moins)")
JW_FIELDS(PLACES, PLACES_F);
JW_ROWS(PLACES, PLACES_F);
const struct jw_schema api_support_places_schema =
    JW_INIT(PLACES, "Places", "Places restantes face à la file active visée");

void
api_support_places_write(struct jw *w, int f, const struct support_places *p)
{
	jw_obj_begin(w, f);
	jw_int(w, PLACES_target, p->target);
	jw_int(w, PLACES_active, p->active);
	jw_int(w, PLACES_preparing, p->preparing);
	jw_int(w, PLACES_left, p->left);
	jw_obj_end(w);
}

#define NAMED_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom")
JW_FIELDS(NAMED, NAMED_F);
JW_ROWS(NAMED, NAMED_F);
static const struct jw_schema named_schema =
    JW_INIT(NAMED, "NamedRef", "Utilisateur ou structure (identifiant et nom)");

/* {id, name} as member f, or null when id is 0. */
static void
named_write(struct jw *w, int f, int64_t id, const char *name)
{
	if (id == 0) {
		jw_null(w, f);
		return;
	}
	jw_obj_begin(w, f);
	jw_int(w, NAMED_id, id);
	jw_str(w, NAMED_name, name);
	jw_obj_end(w);
}

#define SPLAN_F(X, S) \
	X(S, version, JW_INT, 0, NULL, NULL, "Version en vigueur") \
	X(S, referent, JW_STR, JW_NULLABLE, NULL, NULL, "Référent")
JW_FIELDS(SPLAN, SPLAN_F);
JW_ROWS(SPLAN, SPLAN_F);
static const struct jw_schema splan_schema =
    JW_INIT(SPLAN, "SupportPlanRef", "Plan personnalisé en vigueur");

#define CONTRACT_F(X, S) \
	X(S, signed_on, JW_DATE, 0, NULL, NULL, "Signé le") \
	X(S, signed_by, JW_ENUM, 0, support_signer_codes, NULL, "Signé par") \
	X(S, signer, JW_STR, JW_NULLABLE, NULL, NULL, "Nom du représentant") \
	X(S, document_id, JW_INT, 0, NULL, NULL, "Contrat signé (document)") \
	X(S, recorded_by, JW_STR, JW_NULLABLE, NULL, NULL, "Enregistré par") \
	X(S, recorded_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Enregistré le")
JW_FIELDS(CONTRACT, CONTRACT_F);
JW_ROWS(CONTRACT, CONTRACT_F);
static const struct jw_schema contract_schema =
    JW_INIT(CONTRACT, "SupportContract", "Contrat d'accompagnement signé");

#define PROPOSED_F(X, S) \
	X(S, reason, JW_ENUM, 0, support_exit_codes, NULL, \
	    "Motif proposé (hospitalisation_longue)") \
	X(S, since, JW_DATE, 0, NULL, NULL, "Hospitalisé depuis")
JW_FIELDS(PROPOSED, PROPOSED_F);
JW_ROWS(PROPOSED, PROPOSED_F);
static const struct jw_schema proposed_schema =
    JW_INIT(PROPOSED, "SupportExitProposed",
	"Sortie proposée (hospitalisation de plus de 3 mois)");

#define RELAY_F(X, S) \
	X(S, org, JW_OBJ, JW_NULLABLE, NULL, &named_schema, \
	    "Service de droit commun (annuaire)") \
	X(S, name, JW_STR, JW_NULLABLE, NULL, NULL, "Relais (hors annuaire)") \
	X(S, informed_on, JW_DATE, JW_NULLABLE, NULL, NULL, "Relais informé le")
JW_FIELDS(RELAY, RELAY_F);
JW_ROWS(RELAY, RELAY_F);
static const struct jw_schema relay_schema =
    JW_INIT(RELAY, "SupportRelay", "Relais de droit commun");

#define EXIT_F(X, S) \
	X(S, reason, JW_ENUM, 0, support_exit_codes, NULL, "Motif de sortie") \
	X(S, on, JW_DATE, 0, NULL, NULL, "Date de sortie") \
	X(S, decision, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Décision de l'équipe") \
	X(S, doctor_opinion, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Avis du médecin (null si les soins ne sont pas lisibles)") \
	X(S, relay, JW_OBJ, 0, NULL, &relay_schema, "Relais") \
	X(S, by, JW_STR, JW_NULLABLE, NULL, NULL, "Décidée par") \
	X(S, at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Enregistrée le")
JW_FIELDS(EXIT, EXIT_F);
JW_ROWS(EXIT, EXIT_F);
static const struct jw_schema exit_schema =
    JW_INIT(EXIT, "SupportExit", "Sortie de l'accompagnement");

#define WITHDRAW_F(X, S) \
	X(S, label, JW_STR, 0, NULL, NULL, "« " SUPPORT_WITHDRAWAL_LABEL " »") \
	X(S, on, JW_DATE, 0, NULL, NULL, "Date de la renonciation") \
	X(S, reason, JW_STR, 0, NULL, NULL, "Motif") \
	X(S, by, JW_STR, JW_NULLABLE, NULL, NULL, "Enregistrée par") \
	X(S, at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Enregistrée le")
JW_FIELDS(WITHDRAW, WITHDRAW_F);
JW_ROWS(WITHDRAW, WITHDRAW_F);
static const struct jw_schema withdraw_schema = JW_INIT(WITHDRAW,
    "SupportWithdrawal", "Renonciation avant signature (pas une sortie)");

#define SUP_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de l'accompagnement") \
	X(S, person, JW_OBJ, 0, NULL, &api_person_ref_schema, \
	    "Personne accompagnée") \
	X(S, referral_id, JW_INT, 0, NULL, NULL, "Demande") \
	X(S, case_id, JW_INT, 0, NULL, NULL, "Dossier du comité") \
	X(S, status, JW_ENUM, 0, support_status_codes, NULL, "Statut") \
	X(S, received_on, JW_DATE, 0, NULL, NULL, "Demande reçue le") \
	X(S, decided_on, JW_DATE, 0, NULL, NULL, "Admission décidée le") \
	X(S, started_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Début (contrat signé)") \
	X(S, plan, JW_OBJ, JW_NULLABLE, NULL, &splan_schema, \
	    "Plan en vigueur (null : pas encore de plan)") \
	X(S, contract, JW_OBJ, JW_NULLABLE, NULL, &contract_schema, \
	    "Contrat (null : pas encore signé)") \
	X(S, hospitalised_since, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Hospitalisé depuis (null si les soins ne sont pas lisibles)") \
	X(S, absent_since, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Absent depuis (null si les soins ne sont pas lisibles)") \
	X(S, exit_proposed, JW_OBJ, JW_NULLABLE, NULL, &proposed_schema, \
	    "Sortie proposée") \
	X(S, exit, JW_OBJ, JW_NULLABLE, NULL, &exit_schema, "Sortie") \
	X(S, withdrawal, JW_OBJ, JW_NULLABLE, NULL, &withdraw_schema, \
	    "Renonciation avant signature")
JW_FIELDS(SUP, SUP_F);
JW_ROWS(SUP, SUP_F);
static const struct jw_schema sup_schema =
    JW_INIT(SUP, "SupportSummary", "Accompagnement (volet 2)");

#define ABSENCE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, kind, JW_ENUM, 0, support_absence_kinds, NULL, "Type") \
	X(S, start_on, JW_DATE, 0, NULL, NULL, "Début") \
	X(S, end_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Retour (null : en cours)") \
	X(S, place, JW_STR, 0, NULL, NULL, "Lieu (établissement, service)") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Note") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Enregistrée le") \
	X(S, created_by, JW_STR, 0, NULL, NULL, "Enregistrée par")
JW_FIELDS(ABSENCE, ABSENCE_F);
JW_ROWS(ABSENCE, ABSENCE_F);
static const struct jw_schema absence_schema =
    JW_INIT(ABSENCE, "SupportAbsence", "Hospitalisation ou absence");

#define SUPFULL_F(X, S) \
	SUP_F(X, S) \
	X(S, absences, JW_ARR, JW_NULLABLE, NULL, &absence_schema, \
	    "Hospitalisations et absences (null si les soins ne sont pas " \
	    "lisibles)") \
	X(S, access, JW_OBJ, 0, NULL, &api_grant_schema, \
	    "Accès de l'utilisateur")
JW_FIELDS(SUPFULL, SUPFULL_F);
JW_ROWS(SUPFULL, SUPFULL_F);
const struct jw_schema api_support_schema = JW_INIT(
    SUPFULL, "Support", "Un accompagnement : contrat, absences, sortie");

#define SUPS_F(X, S) \
	X(S, places, JW_OBJ, 0, NULL, &api_support_places_schema, "Places") \
	X(S, items, JW_ARR, 0, NULL, &sup_schema, "Accompagnements")
JW_FIELDS(SUPS, SUPS_F);
JW_ROWS(SUPS, SUPS_F);
const struct jw_schema api_support_list_schema =
    JW_INIT(SUPS, "SupportList", "File active et places restantes");

#define PSUPS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &sup_schema, "Accompagnements")
JW_FIELDS(PSUPS, PSUPS_F);
JW_ROWS(PSUPS, PSUPS_F);
const struct jw_schema api_person_supports_schema =
    JW_INIT(PSUPS, "PersonSupports", "Accompagnements d'une personne");

#define ACTION_F(X, S) \
	X(S, area, JW_ENUM, 0, plan_area_codes, NULL, "Axe") \
	X(S, domain, JW_ENUM, 0, plan_domain_codes, NULL, "Domaine") \
	X(S, need, JW_STR, 0, NULL, NULL, "Problème ou besoin") \
	X(S, objective, JW_STR, 0, NULL, NULL, "Objectif partagé") \
	X(S, action, JW_STR, 0, NULL, NULL, "Action") \
	X(S, who_user, JW_OBJ, JW_NULLABLE, NULL, &named_schema, \
	    "Membre de l'équipe responsable") \
	X(S, who_org, JW_OBJ, JW_NULLABLE, NULL, &named_schema, \
	    "Structure partenaire responsable") \
	X(S, frequency, JW_STR, 0, NULL, NULL, "Fréquence") \
	X(S, start_on, JW_DATE, 0, NULL, NULL, "Début") \
	X(S, due_on, JW_DATE, JW_NULLABLE, NULL, NULL, "Échéance") \
	X(S, review_on, JW_DATE, 0, NULL, NULL, "Réévaluation") \
	X(S, status, JW_ENUM, 0, plan_status_codes, NULL, "État") \
	X(S, status_reason, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Raison (non réalisée)")
JW_FIELDS(ACTION, ACTION_F);
JW_ROWS(ACTION, ACTION_F);
static const struct jw_schema action_schema =
    JW_INIT(ACTION, "PlanAction", "Action du plan personnalisé");

#define PLANV_F(X, S) \
	X(S, version, JW_INT, 0, NULL, NULL, "Version") \
	X(S, referent, JW_OBJ, 0, NULL, &named_schema, "Référent") \
	X(S, problems, JW_STR, 0, NULL, NULL, "Synthèse des problèmes") \
	X(S, project, JW_STR, 0, NULL, NULL, "Projet de la personne") \
	X(S, unmet, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Objectifs partagés non atteints") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Enregistrée le") \
	X(S, created_by, JW_STR, 0, NULL, NULL, "Enregistrée par")
#define PLANSUM_F(X, S) \
	PLANV_F(X, S) \
	X(S, action_count, JW_INT, 0, NULL, NULL, "Nombre d'actions")
JW_FIELDS(PLANSUM, PLANSUM_F);
JW_ROWS(PLANSUM, PLANSUM_F);
static const struct jw_schema plan_summary_schema =
    JW_INIT(PLANSUM, "PlanSummary", "Version du plan personnalisé");

#define PLANS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &plan_summary_schema, \
	    "Versions, la plus récente d'abord")
JW_FIELDS(PLANS, PLANS_F);
JW_ROWS(PLANS, PLANS_F);
const struct jw_schema api_plan_list_schema =
    JW_INIT(PLANS, "PlanList", "Versions du plan personnalisé");

#define PLAN_F(X, S) \
	PLANV_F(X, S) \
	X(S, actions, JW_ARR, 0, NULL, &action_schema, "Actions") \
	X(S, current, JW_BOOL, 0, NULL, NULL, "Version en vigueur") \
	X(S, support, JW_OBJ, 0, NULL, &sup_schema, "Accompagnement")
JW_FIELDS(PLAN, PLAN_F);
JW_ROWS(PLAN, PLAN_F);
const struct jw_schema api_plan_schema =
    JW_INIT(PLAN, "Plan", "Plan personnalisé (PPCS), une version");

#define CARDP_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénom(s) (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis")
JW_FIELDS(CARDP, CARDP_F);
JW_ROWS(CARDP, CARDP_F);
static const struct jw_schema cardp_schema =
    JW_INIT(CARDP, "CardPerson", "Personne (nom et prénoms)");

#define CARD_F(X, S) \
	X(S, person, JW_OBJ, 0, NULL, &cardp_schema, "Personne") \
	X(S, referral_id, JW_INT, 0, NULL, NULL, "Demande") \
	X(S, support_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Accompagnement (null avant l'admission)") \
	X(S, since, JW_DATE, JW_NULLABLE, NULL, NULL, "Dans l'étape depuis") \
	X(S, detail, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Statut ou motif de sortie") \
	X(S, urgent, JW_BOOL, 0, NULL, NULL, "Urgent") \
	X(S, flag, JW_BOOL, 0, NULL, NULL, \
	    "Orientée vers le DAC, ou sortie proposée")
JW_FIELDS(CARD, CARD_F);
JW_ROWS(CARD, CARD_F);
static const struct jw_schema card_schema =
    JW_INIT(CARD, "PipelineCard", "Carte du tableau de suivi");

#define COLUMN_F(X, S) \
	X(S, code, JW_ENUM, 0, episode_stage_codes, NULL, "Étape") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé de l'étape") \
	X(S, count, JW_INT, 0, NULL, NULL, \
	    "Effectif (toutes les personnes, même celles non montrées)") \
	X(S, items, JW_ARR, 0, NULL, &card_schema, "Cartes visibles")
JW_FIELDS(COLUMN, COLUMN_F);
JW_ROWS(COLUMN, COLUMN_F);
static const struct jw_schema column_schema =
    JW_INIT(COLUMN, "PipelineColumn", "Colonne du tableau de suivi");

#define PIPELINE_F(X, S) \
	X(S, places, JW_OBJ, 0, NULL, &api_support_places_schema, "Places") \
	X(S, columns, JW_ARR, 0, NULL, &column_schema, \
	    "Demandes → évaluation → comité → actifs → sortis")
JW_FIELDS(PIPELINE, PIPELINE_F);
JW_ROWS(PIPELINE, PIPELINE_F);
const struct jw_schema api_pipeline_schema =
    JW_INIT(PIPELINE, "Pipeline", "Tableau de suivi et effectifs");

#define EVENT_F(X, S) \
	X(S, on, JW_DATE, 0, NULL, NULL, "Jour (heure de Paris)") \
	X(S, at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Instant UTC des actes faits dans Maillage, sinon null") \
	X(S, kind, JW_STR, 0, NULL, NULL, \
	    "Type d'événement (referral.received, support.exit…)") \
	X(S, label, JW_STR, 0, NULL, NULL, "Libellé") \
	X(S, referral_id, JW_INT, JW_NULLABLE, NULL, NULL, "Demande") \
	X(S, support_id, JW_INT, JW_NULLABLE, NULL, NULL, "Accompagnement")
JW_FIELDS(EVENT, EVENT_F);
JW_ROWS(EVENT, EVENT_F);
static const struct jw_schema event_schema =
    JW_INIT(EVENT, "TimelineEvent", "Événement de la chronologie");

#define TIMELINE_F(X, S) \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, items, JW_ARR, 0, NULL, &event_schema, "Événements")
JW_FIELDS(TIMELINE, TIMELINE_F);
JW_ROWS(TIMELINE, TIMELINE_F);
const struct jw_schema api_timeline_schema =
    JW_INIT(TIMELINE, "Timeline", "Chronologie des épisodes d'une personne");

#define SETTINGS_F(X, S) \
	X(S, file_active_target, JW_INT, 0, NULL, NULL, \
	    "Objectif de file active") \
	X(S, aggir_valid_months, JW_INT, 0, NULL, NULL, \
	    "Validité d'une évaluation AGGIR (mois)") \
	X(S, oncall_phone, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Numéro d'astreinte du CRT, imprimé sur le DLU")
JW_FIELDS(SETTINGS, SETTINGS_F);
JW_ROWS(SETTINGS, SETTINGS_F);
const struct jw_schema api_settings_schema =
    JW_INIT(SETTINGS, "Settings", "Réglages du CRT");

/* `care`: the reader may see care data (hospitalisations, absences).
 * Writes the support's members into the object being written. */
static void
sup_write(struct jw *w, const struct support *s, int care)
{
	jw_int(w, SUP_id, s->id);
	{
		const char *const nm[4] = { s->birth_name, s->first_names,
			s->birth_name_display, s->first_names_display };

		api_person_ref_write(
		    w, SUP_person, s->person_id, nm, s->birth_date, s->sex);
	}
	jw_int(w, SUP_referral_id, s->referral_id);
	jw_int(w, SUP_case_id, s->case_id);
	jw_str(w, SUP_status, s->status);
	jw_str(w, SUP_received_on, s->received_on);
	jw_str(w, SUP_decided_on, s->decided_on);
	jw_str(w, SUP_started_on, s->started_on);
	if (s->plan_version) {
		jw_obj_begin(w, SUP_plan);
		jw_int(w, SPLAN_version, s->plan_version);
		jw_str(w, SPLAN_referent, s->referent);
		jw_obj_end(w);
	} else
		jw_null(w, SUP_plan);
	if (s->contract_signed_on) {
		jw_obj_begin(w, SUP_contract);
		jw_str(w, CONTRACT_signed_on, s->contract_signed_on);
		jw_str(w, CONTRACT_signed_by, s->contract_signed_by);
		jw_str(w, CONTRACT_signer, s->contract_signer);
		jw_int(w, CONTRACT_document_id, s->contract_document_id);
		jw_str(w, CONTRACT_recorded_by, s->contract_by);
		jw_str(w, CONTRACT_recorded_at, s->contract_at);
		jw_obj_end(w);
	} else
		jw_null(w, SUP_contract);
	jw_str(w, SUP_hospitalised_since, care ? s->hospitalised_since : NULL);
	jw_str(w, SUP_absent_since, care ? s->absent_since : NULL);
	if (care && s->exit_proposed) {
		jw_obj_begin(w, SUP_exit_proposed);
		jw_str(w, PROPOSED_reason, "hospitalisation_longue");
		jw_str(w, PROPOSED_since, s->hospitalised_since);
		jw_obj_end(w);
	} else
		jw_null(w, SUP_exit_proposed);
	if (s->exit_on) {
		jw_obj_begin(w, SUP_exit);
		jw_str(w, EXIT_reason, s->exit_reason);
		jw_str(w, EXIT_on, s->exit_on);
		jw_str(w, EXIT_decision, s->exit_decision);
		jw_str(w, EXIT_doctor_opinion,
		    care ? s->exit_doctor_opinion : NULL);
		jw_obj_begin(w, EXIT_relay);
		named_write(w, RELAY_org, s->relay_org_id, s->relay_org);
		jw_str(w, RELAY_name, s->relay_name);
		jw_str(w, RELAY_informed_on, s->relay_informed_on);
		jw_obj_end(w);
		jw_str(w, EXIT_by, s->exit_by);
		jw_str(w, EXIT_at, s->exit_at);
		jw_obj_end(w);
	} else
		jw_null(w, SUP_exit);
	/* Issue 8 point 16: renounced before signing, not an exit. */
	if (s->withdrawn_on) {
		jw_obj_begin(w, SUP_withdrawal);
		jw_str(w, WITHDRAW_label, SUPPORT_WITHDRAWAL_LABEL);
		jw_str(w, WITHDRAW_on, s->withdrawn_on);
		jw_str(w, WITHDRAW_reason, s->withdrawal_reason);
		jw_str(w, WITHDRAW_by, s->withdrawn_by);
		jw_str(w, WITHDRAW_at, s->withdrawn_at);
		jw_obj_end(w);
	} else
		jw_null(w, SUP_withdrawal);
}

/* For lists (no per-person grant): whether the role may read care data
 * at all (a secretary may not: no hospitalisation shown). */
static int
list_care(const struct ctx *ctx)
{
	return (access_role_ceiling(ctx->role, ACT_READ) &
		   CAT_BIT(CAT_SOINS)) != 0;
}

static int
sup_list(struct ctx *ctx, struct req *req)
{
	const char *status = req_query(req, "status");
	struct support_places p;
	struct support *v;
	struct access_grant g;
	enum access_row row;
	struct jw w;
	int n, i, rc;

	if (status != NULL && jv_enum_index(support_status_codes, status) < 0)
		return err_set(ctx, E_INVALID, "supports.status.invalid",
		    "status", "Statut d'accompagnement inconnu.");
	rc = support_places(ctx, &p);
	if (rc == E_OK)
		rc = support_list(ctx, status, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_support_list_schema);
	api_support_places_write(&w, SUPS_places, &p);
	jw_arr_begin(&w, SUPS_items);
	for (i = 0; i < n; i++) {
		/* Decided and traced per row; a hidden person is left out. */
		rc = access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
		    "support.list", &g, &row);
		if (rc != E_OK) {
			jw_release(&w);
			return rc;
		}
		if (row == ACCESS_ROW_VISIBLE) {
			jw_item_obj_begin(&w);
			sup_write(&w, &v[i], list_care(ctx));
			jw_obj_end(&w);
		}
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/* A hidden person's support answers like a missing one (issue 8 §7). */
static const struct access_missing support_missing = { E_NOT_FOUND,
	"support.not_found", NULL, SUPPORT_MISSING };

/* The support of path id with its person's access decided. */
static int
sup_access(struct ctx *ctx, struct req *req, unsigned cats, enum act act,
    const char *action, struct support *s, struct access_grant *g)
{
	int rc;

	rc = support_get(ctx, req->ids[0], s);
	if (rc == E_OK)
		rc = access_require_sub(
		    ctx, s->person_id, cats, act, action, g, &support_missing);
	return rc;
}

static int
sup_full(
    struct ctx *ctx, const struct access_grant *g, int64_t id, struct req *req)
{
	struct support_absence *a;
	struct support s;
	struct jw w;
	int n, i, rc, care = (g->read & CAT_BIT(CAT_SOINS)) != 0;

	n = 0;
	rc = support_get(ctx, id, &s);
	if (rc == E_OK && care)
		rc = support_absences(ctx, g, id, &a, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_support_schema);
	sup_write(&w, &s, care);
	/* null: the reader may not see them (care data). */
	if (care) {
		jw_arr_begin(&w, SUPFULL_absences);
		for (i = 0; i < n; i++) {
			jw_item_obj_begin(&w);
			jw_int(&w, ABSENCE_id, a[i].id);
			jw_str(&w, ABSENCE_kind, a[i].kind);
			jw_str(&w, ABSENCE_start_on, a[i].start_on);
			jw_str(&w, ABSENCE_end_on, a[i].end_on);
			jw_str(&w, ABSENCE_place, a[i].place);
			jw_str(&w, ABSENCE_note, a[i].note);
			jw_str(&w, ABSENCE_created_at, a[i].created_at);
			jw_str(&w, ABSENCE_created_by, a[i].created_by);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	} else
		jw_null(&w, SUPFULL_absences);
	api_grant_write(&w, SUPFULL_access, g);
	api_reply(req, &w);
	return E_OK;
}

static int
sup_get(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_ADMIN), ACT_READ, "support.read", &s, &g);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

int
api_supports_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	struct support *v;
	int n, i, rc;

	rc = access_require(
	    ctx, id, CAT_BIT(CAT_ADMIN), ACT_READ, "support.list", &g);
	if (rc == E_OK)
		rc = support_of_person(ctx, id, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_person_supports_schema);
	jw_arr_begin(w, PSUPS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		sup_write(w, &v[i], (g.read & CAT_BIT(CAT_SOINS)) != 0);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
person_supports(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_supports_part(ctx, req->ids[0], &w));
}

/* ---- plan ---- */

/* The members a version shares (PLANV_F) into the object being
 * written. */
static void
plan_head_write(struct jw *w, const struct plan *p)
{
	jw_int(w, PLAN_version, p->version);
	jw_obj_begin(w, PLAN_referent);
	jw_int(w, NAMED_id, p->referent_id);
	jw_str(w, NAMED_name, p->referent);
	jw_obj_end(w);
	jw_str(w, PLAN_problems, p->problems);
	jw_str(w, PLAN_project, p->project);
	jw_str(w, PLAN_unmet, p->unmet);
	jw_str(w, PLAN_created_at, p->created_at);
	jw_str(w, PLAN_created_by, p->created_by);
}

/* A version with its actions, whether it is current, and its support
 * (the whole reply). */
static void
plan_write(
    struct jw *w, const struct plan *p, int current, const struct support *s)
{
	const struct plan_action *a;
	int i;

	jw_begin(w, &api_plan_schema);
	plan_head_write(w, p);
	jw_arr_begin(w, PLAN_actions);
	for (i = 0; i < p->nactions; i++) {
		a = &p->actions[i];
		jw_item_obj_begin(w);
		jw_str(w, ACTION_area, a->area);
		jw_str(w, ACTION_domain, a->domain);
		jw_str(w, ACTION_need, a->need);
		jw_str(w, ACTION_objective, a->objective);
		jw_str(w, ACTION_action, a->action);
		named_write(w, ACTION_who_user, a->who_user_id, a->who_user);
		named_write(w, ACTION_who_org, a->who_org_id, a->who_org);
		jw_str(w, ACTION_frequency, a->frequency);
		jw_str(w, ACTION_start_on, a->start_on);
		jw_str(w, ACTION_due_on, a->due_on);
		jw_str(w, ACTION_review_on, a->review_on);
		jw_str(w, ACTION_status, a->status);
		jw_str(w, ACTION_status_reason, a->status_reason);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_bool(w, PLAN_current, current);
	jw_obj_begin(w, PLAN_support);
	sup_write(w, s, 1);
	jw_obj_end(w);
}

static void
plan_reply(
    struct req *req, const struct plan *p, int current, const struct support *s)
{
	struct jw w;

	plan_write(&w, p, current, s);
	api_reply(req, &w);
}

/*
 * The record page's plan part (issue 10 §12: the circle proposal read it
 * one round trip after the record): GET /supports/{sid}/plan of the
 * support the page picks — the first of the person's supports in
 * preparation or active that has a plan (api_view.c asks it only after
 * the supports part was given: their list was decided and traced).
 * E_NOT_FOUND with no error when there is none (the page asks nothing).
 */
int
api_plan_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	struct support *v, *s = NULL;
	struct plan p;
	int n, i, rc;

	rc = support_of_person(ctx, id, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n && s == NULL; i++)
		if (v[i].plan_version != 0 &&
		    (strcmp(v[i].status, "active") == 0 ||
			strcmp(v[i].status, "preparation") == 0))
			s = &v[i];
	if (s == NULL)
		return E_NOT_FOUND;
	rc = access_require_sub(ctx, s->person_id, CAT_BIT(CAT_SOINS), ACT_READ,
	    "plan.read", &g, &support_missing);
	if (rc == E_OK)
		rc = plan_get(ctx, &g, s->id, 0, &p);
	if (rc != E_OK)
		return rc;
	plan_write(w, &p, p.version == s->plan_version, s);
	return E_OK;
}

static int
plan_read(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	struct plan p;
	int64_t version = 0;
	int rc;

	rc = api_query_id(ctx, req, "version", &version);
	if (rc == E_OK && version > INT_MAX)
		rc = err_set(ctx, E_NOT_FOUND, "plan.not_found", NULL,
		    "Cette version du plan n'existe pas.");
	if (rc == E_OK)
		rc = sup_access(ctx, req, CAT_BIT(CAT_SOINS), ACT_READ,
		    "plan.read", &s, &g);
	if (rc == E_OK)
		rc = plan_get(ctx, &g, req->ids[0], (int)version, &p);
	if (rc != E_OK)
		return rc;
	plan_reply(req, &p, p.version == s.plan_version, &s);
	return E_OK;
}

static int
plan_list(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct support s;
	struct plan *v;
	struct jw w;
	int n, i, rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_READ, "plan.versions", &s, &g);
	if (rc == E_OK)
		rc = plan_versions(ctx, &g, req->ids[0], &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_plan_list_schema);
	jw_arr_begin(&w, PLANS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		plan_head_write(&w, &v[i]);
		jw_int(&w, PLANSUM_action_count, v[i].nactions);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct action_in {
	struct jv_str area;
	struct jv_str domain;
	struct jv_str need;
	struct jv_str objective;
	struct jv_str action;
	struct jv_int who_user_id;
	struct jv_int who_org_id;
	struct jv_str frequency;
	struct jv_str start_on;
	struct jv_str due_on;
	struct jv_str review_on;
	struct jv_str status;
	struct jv_str status_reason;
};

#define AF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct action_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}

static const struct jv_field action_fields[] = {
	AF(area, JV_ENUM, JV_REQ, 1, 40, plan_area_codes, "Axe"),
	AF(domain, JV_ENUM, JV_REQ, 1, 40, plan_domain_codes, "Domaine"),
	AF(need, JV_STR, JV_REQ | JV_MULTI, 2, 2000, NULL,
	    "Problème ou besoin"),
	AF(objective, JV_STR, JV_REQ | JV_MULTI, 2, 2000, NULL,
	    "Objectif partagé"),
	AF(action, JV_STR, JV_REQ | JV_MULTI, 2, 2000, NULL, "Action"),
	AF(who_user_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Membre de l'équipe responsable"),
	AF(who_org_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Structure partenaire responsable"),
	AF(frequency, JV_STR, JV_REQ, 2, 200, NULL, "Fréquence"),
	AF(start_on, JV_DATE, JV_REQ, 10, 10, NULL, "Début"),
	AF(due_on, JV_DATE, JV_NULL, 10, 10, NULL, "Échéance"),
	AF(review_on, JV_DATE, JV_REQ, 10, 10, NULL, "Réévaluation"),
	AF(status, JV_ENUM, JV_REQ, 1, 20, plan_status_codes, "État"),
	AF(status_reason, JV_STR, JV_NULL | JV_MULTI, 2, 2000, NULL,
	    "Raison (non réalisée)"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct plan_in {
	struct jv_int referent_id;
	struct jv_str problems;
	struct jv_str project;
	struct jv_str unmet;
	struct jv_arr actions;
};

static const struct jv_field plan_fields[] = {
	{ "referent_id", JV_INT, offsetof(struct plan_in, referent_id), JV_REQ,
	    1, 0, NULL, "Référent", NULL, 0 },
	{ "problems", JV_STR, offsetof(struct plan_in, problems),
	    JV_REQ | JV_MULTI, 2, 8000, NULL, "Synthèse des problèmes", NULL,
	    0 },
	{ "project", JV_STR, offsetof(struct plan_in, project),
	    JV_REQ | JV_MULTI, 2, 8000, NULL, "Projet de la personne", NULL,
	    0 },
	{ "unmet", JV_STR, offsetof(struct plan_in, unmet), JV_NULL | JV_MULTI,
	    0, 8000, NULL, "Objectifs partagés non atteints", NULL, 0 },
	{ "actions", JV_ARR, offsetof(struct plan_in, actions), JV_REQ, 1, 100,
	    NULL, "Actions", action_fields, sizeof(struct action_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
plan_put(struct ctx *ctx, struct req *req)
{
	const struct plan_in *in = req->in;
	const struct action_in *ai = in->actions.items;
	struct plan_action *acts;
	struct access_grant g;
	struct support s;
	struct plan p;
	int version, i, rc;

	acts = arena_alloc(
	    &ctx->arena, sizeof(*acts) * (size_t)(in->actions.n + 1));
	if (acts == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Requête trop volumineuse.");
	memset(&p, 0, sizeof(p));
	p.referent_id = in->referent_id.v;
	p.problems = in->problems.s;
	p.project = in->project.s;
	p.unmet = in->unmet.s;
	p.actions = acts;
	p.nactions = in->actions.n;
	for (i = 0; i < in->actions.n; i++) {
		memset(&acts[i], 0, sizeof(acts[i]));
		acts[i].area = ai[i].area.s;
		acts[i].domain = ai[i].domain.s;
		acts[i].need = ai[i].need.s;
		acts[i].objective = ai[i].objective.s;
		acts[i].action = ai[i].action.s;
		acts[i].who_user_id = jv_int_or(&ai[i].who_user_id, 0);
		acts[i].who_org_id = jv_int_or(&ai[i].who_org_id, 0);
		acts[i].frequency = ai[i].frequency.s;
		acts[i].start_on = ai[i].start_on.s;
		acts[i].due_on = ai[i].due_on.s;
		acts[i].review_on = ai[i].review_on.s;
		acts[i].status = ai[i].status.s;
		acts[i].status_reason = ai[i].status_reason.s;
	}
	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "plan.save", &s, &g);
	if (rc == E_OK)
		rc = plan_save(ctx, &g, req->ids[0], &p, &version);
	if (rc == E_OK)
		rc = support_get(ctx, req->ids[0], &s);
	if (rc == E_OK)
		rc = plan_get(ctx, &g, req->ids[0], version, &p);
	if (rc != E_OK)
		return rc;
	plan_reply(req, &p, 1, &s);
	return E_OK;
}

/* ---- contract, absences, exit ---- */

struct contract_in {
	struct jv_str signed_on;
	struct jv_str signed_by;
	struct jv_str signer_name;
	struct jv_int document_id;
};

static const struct jv_field contract_fields[] = {
	{ "signed_on", JV_DATE, offsetof(struct contract_in, signed_on), JV_REQ,
	    10, 10, NULL, "Signé le", NULL, 0 },
	{ "signed_by", JV_ENUM, offsetof(struct contract_in, signed_by), JV_REQ,
	    1, 20, support_signer_codes, "Signé par", NULL, 0 },
	{ "signer_name", JV_STR, offsetof(struct contract_in, signer_name),
	    JV_NULL, 2, 200, NULL, "Nom du représentant", NULL, 0 },
	{ "document_id", JV_INT, offsetof(struct contract_in, document_id),
	    JV_REQ, 1, 0, NULL, "Contrat signé (document)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
contract_post(struct ctx *ctx, struct req *req)
{
	const struct contract_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	if (strcmp(in->signed_by.s, "representant") == 0 &&
	    in->signer_name.s == NULL)
		return err_set(ctx, E_INVALID, "support.signer_name.required",
		    "signer_name",
		    "Indiquez le nom du représentant qui a "
		    "signé.");
	rc = sup_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "support.contract", &s, &g);
	if (rc == E_OK)
		rc = support_contract(ctx, &g, req->ids[0], in->signed_on.s,
		    in->signed_by.s, in->signer_name.s, in->document_id.v);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

struct absence_in {
	struct jv_str kind;
	struct jv_str start_on;
	struct jv_str end_on;
	struct jv_str place;
	struct jv_str note;
};

static const struct jv_field absence_fields[] = {
	{ "kind", JV_ENUM, offsetof(struct absence_in, kind), JV_REQ, 1, 20,
	    support_absence_kinds, "Type", NULL, 0 },
	{ "start_on", JV_DATE, offsetof(struct absence_in, start_on), JV_REQ,
	    10, 10, NULL, "Début", NULL, 0 },
	{ "end_on", JV_DATE, offsetof(struct absence_in, end_on), JV_NULL, 10,
	    10, NULL, "Retour", NULL, 0 },
	{ "place", JV_STR, offsetof(struct absence_in, place), JV_REQ, 2, 200,
	    NULL, "Lieu (établissement, service)", NULL, 0 },
	{ "note", JV_STR, offsetof(struct absence_in, note), JV_NULL | JV_MULTI,
	    0, 2000, NULL, "Note", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
absence_post(struct ctx *ctx, struct req *req)
{
	const struct absence_in *in = req->in;
	struct access_grant g;
	struct support s;
	int64_t aid;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "support.absence", &s, &g);
	if (rc == E_OK)
		rc = support_absence_add(ctx, &g, req->ids[0], in->kind.s,
		    in->start_on.s, in->end_on.s, in->place.s, in->note.s,
		    &aid);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

struct return_in {
	struct jv_str end_on;
};

static const struct jv_field return_fields[] = {
	{ "end_on", JV_DATE, offsetof(struct return_in, end_on), JV_REQ, 10, 10,
	    NULL, "Retour", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
absence_patch(struct ctx *ctx, struct req *req)
{
	const struct return_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "support.absence", &s, &g);
	if (rc == E_OK)
		rc = support_absence_end(
		    ctx, &g, req->ids[0], req->ids[1], in->end_on.s);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

struct exit_in {
	struct jv_str reason;
	struct jv_str exit_on;
	struct jv_str decision;
	struct jv_int relay_org_id;
	struct jv_str relay_name;
	struct jv_str relay_informed_on;
	struct jv_str doctor_opinion;
};

#define XF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct exit_in, n), fl, mn, mx, en, lab, NULL, \
		    0 \
	}

static const struct jv_field exit_fields[] = { XF(reason, JV_ENUM, JV_REQ, 1,
						   40, support_exit_codes,
						   "Motif de sortie"),
	XF(exit_on, JV_DATE, JV_REQ, 10, 10, NULL, "Date de sortie"),
	XF(decision, JV_STR, JV_REQ | JV_MULTI, 2, 4000, NULL,
	    "Décision de l'équipe"),
	XF(relay_org_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Service de droit commun qui prend le relais"),
	XF(relay_name, JV_STR, JV_NULL, 2, 200, NULL, "Relais (hors annuaire)"),
	XF(relay_informed_on, JV_DATE, JV_NULL, 10, 10, NULL,
	    "Relais informé le"),
	XF(doctor_opinion, JV_STR, JV_NULL | JV_MULTI, 2, 4000, NULL,
	    "Avis du médecin (critères non remplis, raison de santé)"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static int
exit_post(struct ctx *ctx, struct req *req)
{
	const struct exit_in *in = req->in;
	struct support_exit x = { in->reason.s, in->exit_on.s, in->decision.s,
		jv_int_or(&in->relay_org_id, 0), in->relay_name.s,
		in->relay_informed_on.s, in->doctor_opinion.s };
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    arena_printf(&ctx->arena, "support.exit.%s", in->reason.s), &s, &g);
	if (rc == E_OK)
		rc = support_exit(ctx, &g, req->ids[0], &x);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

struct relay_in {
	struct jv_str relay_informed_on;
};

static const struct jv_field relay_fields[] = {
	{ "relay_informed_on", JV_DATE,
	    offsetof(struct relay_in, relay_informed_on), JV_REQ, 10, 10, NULL,
	    "Relais informé le", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
exit_patch(struct ctx *ctx, struct req *req)
{
	const struct relay_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(
	    ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE, "support.relay", &s, &g);
	if (rc == E_OK)
		rc = support_relay_informed(
		    ctx, &g, req->ids[0], in->relay_informed_on.s);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

struct withdrawal_in {
	struct jv_str withdrawn_on;
	struct jv_str reason;
};

static const struct jv_field withdrawal_fields[] = {
	{ "withdrawn_on", JV_DATE, offsetof(struct withdrawal_in, withdrawn_on),
	    JV_REQ, 10, 10, NULL, "Date de la renonciation", NULL, 0 },
	{ "reason", JV_STR, offsetof(struct withdrawal_in, reason),
	    JV_REQ | JV_MULTI, 2, 4000, NULL, "Motif de la renonciation", NULL,
	    0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* SPEC: issue 8 point 16 — « Renonciation avant signature ». */
static int
withdrawal_post(struct ctx *ctx, struct req *req)
{
	const struct withdrawal_in *in = req->in;
	struct access_grant g;
	struct support s;
	int rc;

	rc = sup_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    "support.withdrawal", &s, &g);
	if (rc == E_OK)
		rc = support_withdraw(
		    ctx, &g, req->ids[0], in->withdrawn_on.s, in->reason.s);
	if (rc != E_OK)
		return rc;
	return sup_full(ctx, &g, req->ids[0], req);
}

/* ---- views ---- */

static int
pipeline_get(struct ctx *ctx, struct req *req)
{
	struct support_places p;
	struct board_card *v;
	struct access_grant g;
	enum access_row row;
	unsigned char *visible;
	struct jw w;
	int n, i, k, count[STAGE__MAX] = { 0 }, rc;

	rc = support_places(ctx, &p);
	if (rc == E_OK)
		rc = episode_board(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	visible = arena_alloc(&ctx->arena, (size_t)n + 1);
	if (visible == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Requête trop volumineuse.");
	for (i = 0; i < n; i++) {
		/* The column counts every case (the board's purpose); a card
		 * whose person the reader may not see is left out. */
		count[v[i].stage]++;
		rc = access_list_row(ctx, v[i].person_id, CAT_BIT(CAT_ADMIN),
		    "pipeline.read", &g, &row);
		if (rc != E_OK)
			return rc;
		visible[i] = row == ACCESS_ROW_VISIBLE;
	}
	jw_begin(&w, &api_pipeline_schema);
	api_support_places_write(&w, PIPELINE_places, &p);
	jw_arr_begin(&w, PIPELINE_columns);
	for (k = 0; k < STAGE__MAX; k++) {
		jw_item_obj_begin(&w);
		jw_str(&w, COLUMN_code, episode_stage_codes[k]);
		jw_str(&w, COLUMN_label, episode_stage_labels[k]);
		jw_int(&w, COLUMN_count, count[k]);
		jw_arr_begin(&w, COLUMN_items);
		for (i = 0; i < n; i++) {
			if (!visible[i] || (int)v[i].stage != k)
				continue;
			jw_item_obj_begin(&w);
			jw_obj_begin(&w, CARD_person);
			jw_int(&w, CARDP_id, v[i].person_id);
			jw_str(&w, CARDP_birth_name, v[i].birth_name);
			jw_str(&w, CARDP_first_names, v[i].first_names);
			jw_str(&w, CARDP_birth_name_display,
			    v[i].birth_name_display);
			jw_str(&w, CARDP_first_names_display,
			    v[i].first_names_display);
			jw_obj_end(&w);
			jw_int(&w, CARD_referral_id, v[i].referral_id);
			jw_id_or_null(&w, CARD_support_id, v[i].support_id);
			jw_str(&w, CARD_since, v[i].since);
			jw_str(&w, CARD_detail, v[i].detail);
			jw_bool(&w, CARD_urgent, v[i].urgent);
			jw_bool(&w, CARD_flag,
			    v[i].flag &&
				(v[i].stage != STAGE_ACTIF || list_care(ctx)));
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

int
api_timeline_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct timeline_event *v;
	struct access_grant g;
	int n, i, rc;

	rc = access_require(
	    ctx, id, CAT_BIT(CAT_ADMIN), ACT_READ, "timeline.read", &g);
	if (rc == E_OK)
		rc = episode_timeline(ctx, &g, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_timeline_schema);
	jw_int(w, TIMELINE_person_id, id);
	jw_arr_begin(w, TIMELINE_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		jw_str(w, EVENT_on, v[i].on);
		jw_str(w, EVENT_at, v[i].at);
		jw_str(w, EVENT_kind, v[i].kind);
		jw_str(w, EVENT_label, v[i].label);
		jw_id_or_null(w, EVENT_referral_id, v[i].referral_id);
		jw_id_or_null(w, EVENT_support_id, v[i].support_id);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
timeline_get(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_timeline_part(ctx, req->ids[0], &w));
}

#define DSTAT_F(X, S) \
	X(S, count, JW_INT, 0, NULL, NULL, "Nombre de parcours mesurés") \
	X(S, median_days, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Médiane (jours ; null sans parcours)") \
	X(S, mean_days, JW_NUM, JW_NULLABLE, NULL, NULL, \
	    "Moyenne (jours, fractionnaire ; null sans parcours)") \
	X(S, max_days, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Maximum (jours ; null sans parcours)")
JW_FIELDS(DSTAT, DSTAT_F);
JW_ROWS(DSTAT, DSTAT_F);
static const struct jw_schema delay_stat_schema =
    JW_INIT(DSTAT, "DelayStat", "Délai mesuré sur la période");

#define DDEC_F(X, S) \
	X(S, total, JW_INT, 0, NULL, NULL, "Décisions de la période") \
	X(S, admettre, JW_INT, 0, NULL, NULL, "Admissions") \
	X(S, refuser, JW_INT, 0, NULL, NULL, "Refus") \
	X(S, orienter, JW_INT, 0, NULL, NULL, "Orientations")
JW_FIELDS(DDEC, DDEC_F);
JW_ROWS(DDEC, DDEC_F);
static const struct jw_schema delay_decisions_schema =
    JW_INIT(DDEC, "DelayDecisions", "Décisions de commission par issue");

#define DELAYS_F(X, S) \
	X(S, from, JW_DATE, 0, NULL, NULL, "Début de la période") \
	X(S, to, JW_DATE, 0, NULL, NULL, "Fin de la période") \
	X(S, decisions, JW_OBJ, 0, NULL, &delay_decisions_schema, "Décisions") \
	X(S, referral_to_decision, JW_OBJ, 0, NULL, &delay_stat_schema, \
	    "De la demande à la décision") \
	X(S, decision_to_start, JW_OBJ, 0, NULL, &delay_stat_schema, \
	    "De la décision au début de l'accompagnement") \
	X(S, referral_to_start, JW_OBJ, 0, NULL, &delay_stat_schema, \
	    "De la demande au début de l'accompagnement")
JW_FIELDS(DELAYS, DELAYS_F);
JW_ROWS(DELAYS, DELAYS_F);
const struct jw_schema api_delays_schema =
    JW_INIT(DELAYS, "Delays", "Délais du volet 2 sur une période");

static void
stat_write(struct jw *w, int f, const struct delay_stat *d)
{
	jw_obj_begin(w, f);
	jw_int(w, DSTAT_count, d->count);
	if (d->count) {
		jw_int(w, DSTAT_median_days, d->median);
		jw_num(w, DSTAT_mean_days, d->mean);
		jw_int(w, DSTAT_max_days, d->max);
	} else {
		jw_null(w, DSTAT_median_days);
		jw_null(w, DSTAT_mean_days);
		jw_null(w, DSTAT_max_days);
	}
	jw_obj_end(w);
}

static int
delays_get(struct ctx *ctx, struct req *req)
{
	const char *from = req_query(req, "from"), *to = req_query(req, "to");
	struct delays d;
	struct jw w;
	int rc;

	if (to == NULL)
		to = clock_today_plus(&ctx->arena, 0);
	if (from == NULL)
		from = clock_add_months(&ctx->arena, to, -12);
	if (from == NULL || !clock_valid_date(from) || !clock_valid_date(to) ||
	    strcmp(from, to) > 0)
		return err_set(ctx, E_INVALID, "delays.period.invalid", "from",
		    "Période invalide (dates AAAA-MM-JJ, du … au …).");
	rc = episode_delays(ctx, from, to, &d);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_delays_schema);
	jw_str(&w, DELAYS_from, from);
	jw_str(&w, DELAYS_to, to);
	jw_obj_begin(&w, DELAYS_decisions);
	jw_int(&w, DDEC_total, d.decisions);
	jw_int(&w, DDEC_admettre, d.admitted);
	jw_int(&w, DDEC_refuser, d.refused);
	jw_int(&w, DDEC_orienter, d.oriented);
	jw_obj_end(&w);
	stat_write(&w, DELAYS_referral_to_decision, &d.to_decision);
	stat_write(&w, DELAYS_decision_to_start, &d.to_start);
	stat_write(&w, DELAYS_referral_to_start, &d.total);
	api_reply(req, &w);
	return E_OK;
}

static int
settings_reply(struct ctx *ctx, struct req *req)
{
	const char *oncall = NULL;
	int64_t target, months;
	struct jw w;
	int rc;

	rc = org_crt_settings(ctx, &target, &months);
	if (rc == E_OK)
		rc = org_crt_oncall(ctx, &oncall);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_settings_schema);
	jw_int(&w, SETTINGS_file_active_target, target);
	jw_int(&w, SETTINGS_aggir_valid_months, months);
	jw_str(&w, SETTINGS_oncall_phone, oncall);
	api_reply(req, &w);
	return E_OK;
}

static int
settings_get(struct ctx *ctx, struct req *req)
{
	return settings_reply(ctx, req);
}

struct settings_in {
	struct jv_int file_active_target;
	struct jv_int aggir_valid_months;
	struct jv_str oncall_phone;
};

static const struct jv_field settings_fields[] = {
	{ "file_active_target", JV_INT,
	    offsetof(struct settings_in, file_active_target), JV_REQ, 30, 500,
	    NULL, "Objectif de file active (30 au moins)", NULL, 0 },
	{ "aggir_valid_months", JV_INT,
	    offsetof(struct settings_in, aggir_valid_months), JV_REQ, 1, 60,
	    NULL, "Validité d'une évaluation AGGIR (mois)", NULL, 0 },
	{ "oncall_phone", JV_STR, offsetof(struct settings_in, oncall_phone),
	    JV_NULL, 0, 30, NULL,
	    "Numéro d'astreinte du CRT, imprimé sur le DLU (absent : inchangé)",
	    NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
settings_put(struct ctx *ctx, struct req *req)
{
	const struct settings_in *in = req->in;
	int rc;

	rc = org_crt_settings_set(
	    ctx, in->file_active_target.v, in->aggir_valid_months.v);
	if (rc == E_OK && in->oncall_phone.set)
		rc = org_crt_oncall_set(ctx,
		    in->oncall_phone.null || in->oncall_phone.s[0] == '\0'
			? NULL
			: in->oncall_phone.s);
	if (rc != E_OK)
		return rc;
	return settings_reply(ctx, req);
}

/* Query parameters as sup_list, delays_get and plan_read parse them
 * (route.h). */
static const struct route_param sup_list_query[] = {
	{ "status", JV_ENUM, 0, 0, support_status_codes, NULL, "Statut" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error sup_list_errors[] = {
	{ E_INVALID, "supports.status.invalid" }, { 0, NULL }
};

static const struct route_param delays_query[] = {
	{ "from", JV_DATE, 10, 10, NULL, NULL,
	    "Début (AAAA-MM-JJ ; par "
	    "défaut douze mois avant la fin)" },
	{ "to", JV_DATE, 10, 10, NULL, NULL,
	    "Fin (AAAA-MM-JJ ; par défaut "
	    "aujourd'hui)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error delays_errors[] = {
	{ E_INVALID, "delays.period.invalid" }, { 0, NULL }
};

static const struct route_param plan_query[] = {
	{ "version", JV_INT, 1, 0, NULL, NULL,
	    "Version du plan (par défaut "
	    "la dernière)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

/* Route-specific errors (route.h): those of the support of the path
 * (missing, or its person hidden: support.not_found; refused) and of the
 * domain functions each handler calls. */
#define SUP_ACCESS_ERRORS \
	{ E_NOT_FOUND, "support.not_found" }, \
	{ \
		E_FORBIDDEN, "access.denied" \
	}

static const struct route_error plan_errors[] = { { E_INVALID,
						      "query.version.invalid" },
	{ E_NOT_FOUND, "plan.not_found" }, SUP_ACCESS_ERRORS, { 0, NULL } };

static const struct route_error sup_errors[] = { SUP_ACCESS_ERRORS,
	{ 0, NULL } };

static const struct route_error plan_put_errors[] = { SUP_ACCESS_ERRORS,
	{ E_CONFLICT, "support.state" },
	{ E_INVALID, "plan.referent_id.invalid" },
	{ E_INVALID, "plan.actions.required" },
	{ E_INVALID, "plan.actions.who_user_id.invalid" },
	{ E_INVALID, "plan.actions.who_org_id.invalid" },
	{ E_INVALID, "plan.actions.due_on.invalid" },
	{ E_INVALID, "plan.actions.review_on.invalid" },
	{ E_INVALID, "plan.actions.status_reason.invalid" }, { 0, NULL } };

static const struct route_error contract_errors[] = { SUP_ACCESS_ERRORS,
	{ E_INVALID, "support.signer_name.required" },
	{ E_CONFLICT, "support.state" },
	{ E_INVALID, "support.signed_on.invalid" },
	{ E_INVALID, "support.document_id.invalid" }, { 0, NULL } };

static const struct route_error absence_post_errors[] = { SUP_ACCESS_ERRORS,
	{ E_CONFLICT, "support.state" },
	{ E_INVALID, "support.start_on.invalid" },
	{ E_INVALID, "support.end_on.invalid" }, { 0, NULL } };

static const struct route_error absence_patch_errors[] = { SUP_ACCESS_ERRORS,
	{ E_NOT_FOUND, "absence.not_found" }, { E_CONFLICT, "support.state" },
	{ E_INVALID, "support.end_on.invalid" }, { 0, NULL } };

static const struct route_error exit_post_errors[] = { SUP_ACCESS_ERRORS,
	{ E_CONFLICT, "support.state" },
	{ E_INVALID, "support.exit_on.invalid" },
	{ E_INVALID, "support.doctor_opinion.unused" },
	{ E_INVALID, "support.relay.required" },
	{ E_INVALID, "support.relay_org_id.invalid" },
	{ E_INVALID, "support.relay_informed_on.invalid" }, { 0, NULL } };

static const struct route_error exit_patch_errors[] = { SUP_ACCESS_ERRORS,
	{ E_CONFLICT, "support.state" },
	{ E_INVALID, "support.relay_informed_on.invalid" }, { 0, NULL } };

static const struct route_error withdrawal_errors[] = { SUP_ACCESS_ERRORS,
	{ E_CONFLICT, "support.state" },
	{ E_INVALID, "support.withdrawn_on.invalid" }, { 0, NULL } };

static const struct route_error person_errors[] = { { E_NOT_FOUND,
							"person.not_found" },
	{ E_FORBIDDEN, "access.denied" }, { 0, NULL } };

static const struct route_error settings_errors[] = {
	{ E_INVALID, "settings.oncall_phone.invalid" }, { 0, NULL }
};

const struct route_doc api_support_docs[] = { { M_PUT, "/api/v1/crt/settings",
						  NULL, settings_errors },
	{ M_GET, "/api/v1/supports", sup_list_query, sup_list_errors },
	{ M_GET, "/api/v1/supports/delays", delays_query, delays_errors },
	{ M_GET, "/api/v1/supports/{id}", NULL, sup_errors },
	{ M_GET, "/api/v1/supports/{id}/plan", plan_query, plan_errors },
	{ M_PUT, "/api/v1/supports/{id}/plan", NULL, plan_put_errors },
	{ M_GET, "/api/v1/supports/{id}/plan/versions", NULL, sup_errors },
	{ M_POST, "/api/v1/supports/{id}/contract", NULL, contract_errors },
	{ M_POST, "/api/v1/supports/{id}/absences", NULL, absence_post_errors },
	{ M_PATCH, "/api/v1/supports/{id}/absences/{absence}", NULL,
	    absence_patch_errors },
	{ M_POST, "/api/v1/supports/{id}/exit", NULL, exit_post_errors },
	{ M_POST, "/api/v1/supports/{id}/withdrawal", NULL, withdrawal_errors },
	{ M_PATCH, "/api/v1/supports/{id}/exit", NULL, exit_patch_errors },
	{ M_GET, "/api/v1/persons/{id}/supports", NULL, person_errors },
	{ M_GET, "/api/v1/persons/{id}/timeline", NULL, person_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_support_routes[] = {
	{ M_GET, "/api/v1/supports", sup_list, NULL, PERM_SUPPORT_READ, NULL, 0,
	    0, 200, "support", "File active (status) et places restantes",
	    "SupportList" },
	{ M_GET, "/api/v1/supports/delays", delays_get, NULL, PERM_SUPPORT_READ,
	    NULL, 0, 0, 200, "support",
	    "Délais demande → décision → début "
	    "(from, to : AAAA-MM-JJ ; 12 derniers mois par défaut)",
	    "Delays" },
	{ M_GET, "/api/v1/supports/{id}", sup_get, NULL, 0, NULL, 0, 0, 200,
	    "support", "Un accompagnement : contrat, absences, sortie",
	    "Support" },
	{ M_GET, "/api/v1/supports/{id}/plan", plan_read, NULL, 0, NULL, 0, 0,
	    200, "support",
	    "Plan personnalisé (PPCS) en vigueur, ou ?version=N", "Plan" },
	{ M_PUT, "/api/v1/supports/{id}/plan", plan_put, NULL, 0, plan_fields,
	    sizeof(struct plan_in), R_WRITE, 200, "support",
	    "Enregistrer une "
	    "nouvelle version du plan personnalisé",
	    "Plan" },
	{ M_GET, "/api/v1/supports/{id}/plan/versions", plan_list, NULL, 0,
	    NULL, 0, 0, 200, "support", "Versions du plan personnalisé",
	    "PlanList" },
	{ M_POST, "/api/v1/supports/{id}/contract", contract_post, NULL,
	    PERM_SUPPORT_CONTRACT, contract_fields, sizeof(struct contract_in),
	    R_WRITE, 200, "support",
	    "Contrat d'accompagnement signé : l'accompagnement "
	    "devient actif",
	    "Support" },
	{ M_POST, "/api/v1/supports/{id}/absences", absence_post, NULL, 0,
	    absence_fields, sizeof(struct absence_in), R_WRITE, 201, "support",
	    "Hospitalisation ou absence (la place est conservée)", "Support" },
	{ M_PATCH, "/api/v1/supports/{id}/absences/{absence}", absence_patch,
	    NULL, 0, return_fields, sizeof(struct return_in), R_WRITE, 200,
	    "support", "Retour à domicile", "Support" },
	{ M_POST, "/api/v1/supports/{id}/exit", exit_post, NULL,
	    PERM_SUPPORT_EXIT, exit_fields, sizeof(struct exit_in), R_WRITE,
	    200, "support",
	    "Sortie d'un accompagnement actif, décidée en équipe, motif et "
	    "relais de droit commun",
	    "Support" },
	{ M_POST, "/api/v1/supports/{id}/withdrawal", withdrawal_post, NULL,
	    PERM_SUPPORT_EXIT, withdrawal_fields, sizeof(struct withdrawal_in),
	    R_WRITE, 200, "support",
	    "Renonciation avant signature du contrat (date, "
	    "motif) : clôt un accompagnement en préparation, sans être une "
	    "sortie",
	    "Support" },
	{ M_PATCH, "/api/v1/supports/{id}/exit", exit_patch, NULL,
	    PERM_SUPPORT_EXIT, relay_fields, sizeof(struct relay_in), R_WRITE,
	    200, "support", "Date à laquelle le relais a été informé",
	    "Support" },
	{ M_GET, "/api/v1/persons/{id}/supports", person_supports, NULL, 0,
	    NULL, 0, 0, 200, "support", "Accompagnements d'une personne",
	    "PersonSupports" },
	{ M_GET, "/api/v1/persons/{id}/timeline", timeline_get, NULL, 0, NULL,
	    0, 0, 200, "support",
	    "Chronologie des épisodes d'une personne, par jour : "
	    "on est toujours le jour de l'événement (AAAA-MM-JJ, heure de "
	    "Paris ; une décision de comité est datée du jour du comité), at "
	    "l'instant UTC pour les actes faits dans Maillage (orientation DAC, "
	    "réponse, retour, classement, version du plan), sinon null",
	    "Timeline" },
	{ M_GET, "/api/v1/pipeline", pipeline_get, NULL, PERM_PIPELINE_READ,
	    NULL, 0, 0, 200, "support",
	    "Tableau de suivi : demandes → évaluation → "
	    "comité → actifs → sortis, avec les effectifs",
	    "Pipeline" },
	{ M_GET, "/api/v1/crt/settings", settings_get, NULL, 0, NULL, 0, 0, 200,
	    "support",
	    "Réglages du CRT (objectif de file active, "
	    "validité AGGIR)",
	    "Settings" },
	{ M_PUT, "/api/v1/crt/settings", settings_put, NULL, PERM_CRT_SETTINGS,
	    settings_fields, sizeof(struct settings_in), R_WRITE, 200,
	    "support", "Modifier les réglages du CRT", "Settings" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
