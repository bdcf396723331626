/*
 * Admission committee routes (issue 4 step 6): meetings with their date
 * and members, the cases on their agenda, the team's opinion and the
 * coordinator's decision (admit, refuse with a reason, orient elsewhere).
 */
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "domain/volet2/committee.h"
#include "domain/volet2/referral.h"
#include "json/jv.h"
#include "json/jw.h"

/* Who reads, prepares and decides: permissions of the access module
 * (committee.read, committee.prepare, committee.opinion for the team's
 * opinion, support.exit for the coordinator's decision). */

/* The committee replies, described once (issue 9 §2). A meeting read
 * in full (Committee) extends the list row (CommitteeSummary): their
 * first members share their indices (COMM_x == COMMFULL_x). */
#define OPINION_F(X, S) \
	X(S, text, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Avis de l'équipe (null si les soins ne sont pas lisibles)") \
	X(S, given, JW_BOOL, 0, NULL, NULL, "Avis donné") \
	X(S, at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Donné le") \
	X(S, by, JW_STR, JW_NULLABLE, NULL, NULL, "Donné par")
JW_FIELDS(OPINION, OPINION_F);
JW_ROWS(OPINION, OPINION_F);
static const struct jw_schema opinion_schema =
    JW_INIT(OPINION, "CaseOpinion", "Avis de l'équipe sur le dossier");

#define ORG_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant de la structure") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom de la structure")
JW_FIELDS(ORG, ORG_F);
JW_ROWS(ORG, ORG_F);
static const struct jw_schema org_schema =
    JW_INIT(ORG, "CaseOrg", "Structure d'orientation");

#define CASE_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du dossier") \
	X(S, committee_id, JW_INT, 0, NULL, NULL, "Comité") \
	X(S, held_on, JW_DATE, 0, NULL, NULL, "Date du comité") \
	X(S, referral_id, JW_INT, 0, NULL, NULL, "Demande") \
	X(S, person, JW_OBJ, JW_NULLABLE, NULL, &api_person_ref_schema, \
	    "Personne (null si l'utilisateur ne peut pas la voir)") \
	X(S, identity_hidden, JW_BOOL, 0, NULL, NULL, \
	    "Identité masquée pour l'utilisateur") \
	X(S, referral_status, JW_ENUM, 0, referral_status_codes, NULL, \
	    "Statut de la demande") \
	X(S, added_at, JW_DATETIME, 0, NULL, NULL, "Inscrit le") \
	X(S, opinion, JW_OBJ, 0, NULL, &opinion_schema, "Avis de l'équipe") \
	X(S, decision, JW_ENUM, JW_NULLABLE, committee_decision_codes, NULL, \
	    "Décision (null : pas encore décidé)") \
	X(S, refusal_reason, JW_ENUM, JW_NULLABLE, committee_refusal_codes, \
	    NULL, "Motif du refus") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Motivation de la décision (null si les soins ne sont pas " \
	    "lisibles)") \
	X(S, oriented_to, JW_STR, JW_NULLABLE, NULL, NULL, "Orienté vers") \
	X(S, oriented_org, JW_OBJ, JW_NULLABLE, NULL, &org_schema, \
	    "Structure d'orientation") \
	X(S, eligible, JW_BOOL, JW_NULLABLE, NULL, NULL, \
	    "Éligible lors de la décision (null : avant la décision)") \
	X(S, override_reason, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Motif de dérogation (null si les soins ne sont pas lisibles)") \
	X(S, decided_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Décidé le") \
	X(S, decided_by, JW_STR, JW_NULLABLE, NULL, NULL, "Décidé par") \
	X(S, support_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Accompagnement ouvert par l'admission")
JW_FIELDS(CASE, CASE_F);
JW_ROWS(CASE, CASE_F);
const struct jw_schema api_committee_case_schema =
    JW_INIT(CASE, "CommitteeCase", "Dossier à l'ordre du jour d'un comité");

#define MEMBER_F(X, S) \
	X(S, user_id, JW_INT, 0, NULL, NULL, "Membre") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, profession, JW_STR, JW_NULLABLE, NULL, NULL, "Profession")
JW_FIELDS(MEMBER, MEMBER_F);
JW_ROWS(MEMBER, MEMBER_F);
static const struct jw_schema member_schema =
    JW_INIT(MEMBER, "CommitteeMember", "Membre du comité");

#define COMM_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant du comité") \
	X(S, held_on, JW_DATE, 0, NULL, NULL, "Date du comité") \
	X(S, guests, JW_STR, JW_NULLABLE, NULL, NULL, "Invités (partenaires)") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Note") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Programmé le") \
	X(S, created_by, JW_STR, 0, NULL, NULL, "Programmé par") \
	X(S, cases, JW_INT, 0, NULL, NULL, "Nombre de dossiers") \
	X(S, decided, JW_INT, 0, NULL, NULL, "Nombre de dossiers décidés")
JW_FIELDS(COMM, COMM_F);
JW_ROWS(COMM, COMM_F);
static const struct jw_schema comm_schema =
    JW_INIT(COMM, "CommitteeSummary", "Comité d'admission");

#define COMMS_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &comm_schema, \
	    "Comités, les plus récents d'abord")
JW_FIELDS(COMMS, COMMS_F);
JW_ROWS(COMMS, COMMS_F);
const struct jw_schema api_committee_list_schema =
    JW_INIT(COMMS, "CommitteeList", "Comités d'admission");

#define COMMFULL_F(X, S) \
	COMM_F(X, S) \
	X(S, members, JW_ARR, 0, NULL, &member_schema, "Membres") \
	X(S, items, JW_ARR, 0, NULL, &api_committee_case_schema, \
	    "Dossiers à l'ordre du jour")
JW_FIELDS(COMMFULL, COMMFULL_F);
JW_ROWS(COMMFULL, COMMFULL_F);
const struct jw_schema api_committee_schema = JW_INIT(
    COMMFULL, "Committee", "Comité d'admission, ses membres et ses dossiers");

/* `care`: the reader may see care data (the team's opinion, the
 * motivation of the decision, the override reason). `identity`: the
 * reader may see who the case is about; otherwise "person" is null and
 * "identity_hidden" true (the meeting's count of cases stays right).
 * Writes the case's members into the object being written. */
static void
case_write(struct jw *w, const struct committee_case *k, int care, int identity)
{
	jw_int(w, CASE_id, k->id);
	jw_int(w, CASE_committee_id, k->committee_id);
	jw_str(w, CASE_held_on, k->held_on);
	jw_int(w, CASE_referral_id, k->referral_id);
	if (identity)
		api_person_ref_write(w, CASE_person, k->person_id,
		    (const char *const[4]){ k->birth_name, k->first_names,
			k->birth_name_display, k->first_names_display },
		    k->birth_date, k->sex);
	else
		jw_null(w, CASE_person);
	jw_bool(w, CASE_identity_hidden, !identity);
	jw_str(w, CASE_referral_status, k->referral_status);
	jw_str(w, CASE_added_at, k->added_at);
	jw_obj_begin(w, CASE_opinion);
	jw_str(w, OPINION_text, care ? k->team_opinion : NULL);
	jw_bool(w, OPINION_given, k->team_opinion != NULL);
	jw_str(w, OPINION_at, k->opinion_at);
	jw_str(w, OPINION_by, k->opinion_by);
	jw_obj_end(w);
	jw_str(w, CASE_decision, k->decision);
	jw_str(w, CASE_refusal_reason, k->refusal_reason);
	jw_str(w, CASE_note, care ? k->decision_note : NULL);
	jw_str(w, CASE_oriented_to, k->oriented_to);
	if (k->oriented_org_id) {
		jw_obj_begin(w, CASE_oriented_org);
		jw_int(w, ORG_id, k->oriented_org_id);
		jw_str(w, ORG_name, k->oriented_org);
		jw_obj_end(w);
	} else
		jw_null(w, CASE_oriented_org);
	if (k->eligible < 0)
		jw_null(w, CASE_eligible);
	else
		jw_bool(w, CASE_eligible, k->eligible);
	jw_str(w, CASE_override_reason, care ? k->override_reason : NULL);
	jw_str(w, CASE_decided_at, k->decided_at);
	jw_str(w, CASE_decided_by, k->decided_by);
	jw_id_or_null(w, CASE_support_id, k->support_id);
}

/* One case as the whole reply. */
static void
case_reply(struct req *req, const struct committee_case *k, int care)
{
	struct jw w;

	jw_begin(&w, &api_committee_case_schema);
	case_write(&w, k, care, 1);
	api_reply(req, &w);
}

/* The summary members of a meeting into the object being written. */
static void
comm_write(struct jw *w, const struct committee *c)
{
	jw_int(w, COMM_id, c->id);
	jw_str(w, COMM_held_on, c->held_on);
	jw_str(w, COMM_guests, c->guests);
	jw_str(w, COMM_note, c->note);
	jw_str(w, COMM_created_at, c->created_at);
	jw_str(w, COMM_created_by, c->created_by);
	jw_int(w, COMM_cases, c->ncases);
	jw_int(w, COMM_decided, c->ndecided);
}

/* The meeting with its members and cases; each person shown is traced. */
static int
comm_full(struct ctx *ctx, int64_t id, struct req *req)
{
	struct committee c;
	struct committee_case *k;
	struct access_grant g;
	enum access_row row;
	struct jw w;
	int n, i, rc, care;

	rc = committee_get(ctx, id, &c);
	if (rc == E_OK)
		rc = committee_cases(ctx, id, &k, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_committee_schema);
	comm_write(&w, &c);
	jw_arr_begin(&w, COMMFULL_members);
	for (i = 0; i < c.nmembers; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, MEMBER_user_id, c.members[i].user_id);
		jw_str(&w, MEMBER_name, c.members[i].name);
		jw_str(&w, MEMBER_profession, c.members[i].profession);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, COMMFULL_items);
	for (i = 0; i < n; i++) {
		/* Each case is decided and traced by the access module; a
		 * case whose person the reader may not see is listed without
		 * identity (issue 9 §1). */
		rc = access_list_row(ctx, k[i].person_id,
		    CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS), "committee.read",
		    &g, &row);
		if (rc != E_OK) {
			jw_release(&w);
			return rc;
		}
		care = (g.read & CAT_BIT(CAT_SOINS)) != 0;
		jw_item_obj_begin(&w);
		case_write(&w, &k[i], care, row == ACCESS_ROW_VISIBLE);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct member_in {
	struct jv_int user_id;
};

static const struct jv_field member_fields[] = {
	{ "user_id", JV_INT, offsetof(struct member_in, user_id), JV_REQ, 1, 0,
	    NULL, "Membre", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct comm_in {
	struct jv_str held_on;
	struct jv_str guests;
	struct jv_str note;
	struct jv_arr members;
};

static const struct jv_field comm_fields[] = {
	{ "held_on", JV_DATE, offsetof(struct comm_in, held_on), JV_REQ, 10, 10,
	    NULL, "Date du comité", NULL, 0 },
	{ "guests", JV_STR, offsetof(struct comm_in, guests), JV_NULL, 0, 500,
	    NULL, "Invités (partenaires)", NULL, 0 },
	{ "note", JV_STR, offsetof(struct comm_in, note), JV_NULL | JV_MULTI, 0,
	    4000, NULL, "Note", NULL, 0 },
	{ "members", JV_ARR, offsetof(struct comm_in, members), JV_REQ, 1, 40,
	    NULL, "Membres", member_fields, sizeof(struct member_in) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
comm_post(struct ctx *ctx, struct req *req)
{
	const struct comm_in *in = req->in;
	const struct member_in *m = in->members.items;
	int64_t *ids, id;
	int i, rc;

	ids = arena_alloc(
	    &ctx->arena, sizeof(*ids) * (size_t)(in->members.n + 1));
	if (ids == NULL)
		return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "Requête trop volumineuse.");
	for (i = 0; i < in->members.n; i++)
		ids[i] = m[i].user_id.v;
	rc = committee_create(ctx, in->held_on.s, in->guests.s, in->note.s, ids,
	    in->members.n, &id);
	if (rc != E_OK)
		return rc;
	return comm_full(ctx, id, req);
}

static int
comm_list(struct ctx *ctx, struct req *req)
{
	struct committee *v;
	struct jw w;
	int n, i, rc;

	rc = committee_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_committee_list_schema);
	jw_arr_begin(&w, COMMS_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		comm_write(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static int
comm_get(struct ctx *ctx, struct req *req)
{
	return comm_full(ctx, req->ids[0], req);
}

struct case_in {
	struct jv_int referral_id;
	struct jv_str team_opinion;
};

static const struct jv_field case_fields[] = {
	{ "referral_id", JV_INT, offsetof(struct case_in, referral_id), JV_REQ,
	    1, 0, NULL, "Demande", NULL, 0 },
	{ "team_opinion", JV_STR, offsetof(struct case_in, team_opinion),
	    JV_NULL | JV_MULTI, 2, 4000, NULL, "Avis de l'équipe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* A hidden person's referral or case answers like a missing one
 * (issue 8 §7). */
static const struct access_missing referral_id_invalid = { E_INVALID,
	"committee.referral_id.invalid", "referral_id", REFERRAL_MISSING };
static const struct access_missing case_missing = { E_NOT_FOUND,
	"committee.case.not_found", NULL, CASE_MISSING };

static int
case_post(struct ctx *ctx, struct req *req)
{
	const struct case_in *in = req->in;
	struct committee_case k;
	struct access_grant g;
	struct referral r;
	int64_t id;
	int rc;

	rc = referral_get(ctx, in->referral_id.v, &r);
	if (rc == E_NOT_FOUND) {
		err_clear(ctx);
		return err_set(ctx, referral_id_invalid.status,
		    referral_id_invalid.code, referral_id_invalid.field,
		    referral_id_invalid.message);
	}
	if (rc == E_OK)
		rc = access_require_sub(ctx, r.person_id, CAT_BIT(CAT_ADMIN),
		    ACT_WRITE, "committee.case.add", &g, &referral_id_invalid);
	if (rc == E_OK)
		rc = committee_case_add(ctx, &g, req->ids[0], in->referral_id.v,
		    in->team_opinion.s, &id);
	if (rc == E_OK)
		rc = committee_case_get(ctx, req->ids[0], id, &k);
	if (rc != E_OK)
		return rc;
	case_reply(req, &k, (g.read & CAT_BIT(CAT_SOINS)) != 0);
	return E_OK;
}

/* The case with its person's access decided for `action`. */
static int
case_access(struct ctx *ctx, struct req *req, unsigned cats, enum act act,
    const char *action, struct access_grant *g)
{
	struct committee_case k;
	int rc;

	rc = committee_case_get(ctx, req->ids[0], req->ids[1], &k);
	if (rc == E_OK)
		rc = access_require_sub(
		    ctx, k.person_id, cats, act, action, g, &case_missing);
	return rc;
}

struct opinion_in {
	struct jv_str team_opinion;
};

static const struct jv_field opinion_fields[] = {
	{ "team_opinion", JV_STR, offsetof(struct opinion_in, team_opinion),
	    JV_REQ | JV_MULTI, 2, 4000, NULL, "Avis de l'équipe", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
case_patch(struct ctx *ctx, struct req *req)
{
	const struct opinion_in *in = req->in;
	struct committee_case k;
	struct access_grant g;
	int rc;

	rc = case_access(
	    ctx, req, CAT_BIT(CAT_SOINS), ACT_WRITE, "committee.opinion", &g);
	if (rc == E_OK)
		rc = committee_case_opinion(
		    ctx, &g, req->ids[0], req->ids[1], in->team_opinion.s);
	if (rc == E_OK)
		rc = committee_case_get(ctx, req->ids[0], req->ids[1], &k);
	if (rc != E_OK)
		return rc;
	case_reply(req, &k, (g.read & CAT_BIT(CAT_SOINS)) != 0);
	return E_OK;
}

struct decision_in {
	struct jv_str decision;
	struct jv_str refusal_reason;
	struct jv_str note;
	struct jv_str oriented_to;
	struct jv_int oriented_org_id;
	struct jv_str override_reason;
};

#define DF(n, t, fl, mn, mx, en, lab) \
	{ \
#n, t, offsetof(struct decision_in, n), fl, mn, mx, en, lab, \
		    NULL, 0 \
	}

static const struct jv_field decision_fields[] = {
	DF(decision, JV_ENUM, JV_REQ, 1, 20, committee_decision_codes,
	    "Décision"),
	DF(refusal_reason, JV_ENUM, JV_NULL, 1, 40, committee_refusal_codes,
	    "Motif du refus"),
	DF(note, JV_STR, JV_NULL | JV_MULTI, 2, 4000, NULL,
	    "Motivation de la décision"),
	DF(oriented_to, JV_STR, JV_NULL, 2, 300, NULL, "Orientée vers"),
	DF(oriented_org_id, JV_INT, JV_NULL, 1, 0, NULL,
	    "Structure d'orientation"),
	DF(override_reason, JV_STR, JV_NULL | JV_MULTI, 0, 4000, NULL,
	    "Motif de dérogation aux critères"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
case_decide(struct ctx *ctx, struct req *req)
{
	const struct decision_in *in = req->in;
	struct committee_decision d = { in->decision.s, in->refusal_reason.s,
		in->note.s, in->oriented_to.s,
		jv_int_or(&in->oriented_org_id, 0), in->override_reason.s };
	struct committee_case k;
	struct access_grant g;
	int64_t sid;
	int rc;

	rc = case_access(ctx, req, CAT_BIT(CAT_ADMIN), ACT_WRITE,
	    arena_printf(&ctx->arena, "committee.%s", in->decision.s), &g);
	if (rc == E_OK)
		rc = committee_decide(
		    ctx, &g, req->ids[0], req->ids[1], &d, &sid);
	if (rc == E_OK)
		rc = committee_case_get(ctx, req->ids[0], req->ids[1], &k);
	if (rc != E_OK)
		return rc;
	case_reply(req, &k, (g.read & CAT_BIT(CAT_SOINS)) != 0);
	return E_OK;
}

/* Route-specific errors (route.h). */
static const struct route_error comm_post_errors[] = {
	{ E_INVALID, "committee.members.required" },
	{ E_INVALID, "committee.members.duplicate" },
	{ E_INVALID, "committee.members.invalid" }, { 0, NULL }
};

static const struct route_error comm_get_errors[] = {
	{ E_NOT_FOUND, "committee.not_found" }, { 0, NULL }
};

static const struct route_error case_post_errors[] = {
	{ E_NOT_FOUND, "committee.not_found" },
	{ E_INVALID, "committee.referral_id.invalid" },
	{ E_FORBIDDEN, "access.denied" }, { E_CONFLICT, "referral.state" },
	{ E_CONFLICT, "committee.before_evaluation" },
	{ E_CONFLICT, "committee.case.pending" }, { 0, NULL }
};

static const struct route_error case_patch_errors[] = {
	{ E_NOT_FOUND, "committee.case.not_found" },
	{ E_FORBIDDEN, "access.denied" },
	{ E_CONFLICT, "committee.case.decided" }, { 0, NULL }
};

static const struct route_error case_decide_errors[] = {
	{ E_NOT_FOUND, "committee.case.not_found" },
	{ E_FORBIDDEN, "access.denied" },
	{ E_CONFLICT, "committee.case.decided" },
	{ E_CONFLICT, "committee.not_held" },
	{ E_CONFLICT, "committee.opinion_missing" },
	{ E_CONFLICT, "referral.state" },
	{ E_CONFLICT, "committee.evaluations_missing" },
	{ E_CONFLICT, "committee.aggir_outdated" },
	{ E_CONFLICT, "support.already_open" },
	{ E_INVALID, "committee.override_required" },
	{ E_INVALID, "committee.refusal_reason.required" },
	{ E_INVALID, "committee.refusal_reason.unused" },
	{ E_INVALID, "committee.note.required" },
	{ E_INVALID, "committee.oriented_to.required" },
	{ E_INVALID, "committee.oriented_to.unused" },
	{ E_INVALID, "committee.oriented_org_id.invalid" }, { 0, NULL }
};

const struct route_doc api_committee_docs[] = { { M_POST, "/api/v1/committees",
						    NULL, comm_post_errors },
	{ M_GET, "/api/v1/committees/{id}", NULL, comm_get_errors },
	{ M_POST, "/api/v1/committees/{id}/cases", NULL, case_post_errors },
	{ M_PATCH, "/api/v1/committees/{id}/cases/{case}", NULL,
	    case_patch_errors },
	{ M_POST, "/api/v1/committees/{id}/cases/{case}/decision", NULL,
	    case_decide_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_committee_routes[] = {
	{ M_POST, "/api/v1/committees", comm_post, NULL, PERM_COMMITTEE_PREPARE,
	    comm_fields, sizeof(struct comm_in), R_WRITE, 201, "committee",
	    "Programmer un comité d'admission (date, membres)", "Committee" },
	{ M_GET, "/api/v1/committees", comm_list, NULL, PERM_COMMITTEE_READ,
	    NULL, 0, 0, 200, "committee",
	    "Comités d'admission, les plus récents "
	    "d'abord",
	    "CommitteeList" },
	{ M_GET, "/api/v1/committees/{id}", comm_get, NULL, PERM_COMMITTEE_READ,
	    NULL, 0, 0, 200, "committee",
	    "Un comité, ses membres et ses dossiers", "Committee" },
	{ M_POST, "/api/v1/committees/{id}/cases", case_post, NULL,
	    PERM_COMMITTEE_PREPARE, case_fields, sizeof(struct case_in),
	    R_WRITE, 201, "committee",
	    "Inscrire une demande évaluée à l'ordre du jour", "CommitteeCase" },
	{ M_PATCH, "/api/v1/committees/{id}/cases/{case}", case_patch, NULL,
	    PERM_COMMITTEE_OPINION, opinion_fields, sizeof(struct opinion_in),
	    R_WRITE, 200, "committee", "Avis de l'équipe sur un dossier",
	    "CommitteeCase" },
	{ M_POST, "/api/v1/committees/{id}/cases/{case}/decision", case_decide,
	    NULL, PERM_REFERRAL_DECIDE, decision_fields,
	    sizeof(struct decision_in), R_WRITE, 200, "committee",
	    "Décision du coordinateur : admettre (dérogation motivée si non "
	    "éligible), refuser (motif), orienter ailleurs",
	    "CommitteeCase" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
