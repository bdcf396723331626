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

/* Who reads, prepares and decides: permissions of the access module
 * (committee.read, committee.prepare, committee.opinion for the team's
 * opinion, support.exit for the coordinator's decision). */

/* `care`: the reader may see care data (the team's opinion, the
 * motivation of the decision, the override reason). `identity`: the
 * reader may see who the case is about; otherwise "person" is null and
 * "identity_hidden" true (the meeting's count of cases stays right). */
static json_t *
case_json(const struct committee_case *k, int care, int identity)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(k->id));
	json_object_set_new(o, "committee_id", json_integer(k->committee_id));
	api_set_str(o, "held_on", k->held_on);
	json_object_set_new(o, "referral_id", json_integer(k->referral_id));
	json_object_set_new(o, "person",
	    identity ? json_pack("{s:I,s:s,s:s,"
				 "s:s,s:s?}",
			   "id", (json_int_t)k->person_id, "birth_name",
			   k->birth_name, "first_names", k->first_names,
			   "birth_date", k->birth_date, "sex", k->sex)
		     : json_null());
	json_object_set_new(o, "identity_hidden", json_boolean(!identity));
	api_set_str(o, "referral_status", k->referral_status);
	api_set_str(o, "added_at", k->added_at);
	json_object_set_new(o, "opinion",
	    json_pack("{s:s?,s:b,s:s?,s:s?}", "text",
		care ? k->team_opinion : NULL, "given", k->team_opinion != NULL,
		"at", k->opinion_at, "by", k->opinion_by));
	api_set_str(o, "decision", k->decision);
	api_set_str(o, "refusal_reason", k->refusal_reason);
	api_set_str(o, "note", care ? k->decision_note : NULL);
	api_set_str(o, "oriented_to", k->oriented_to);
	json_object_set_new(o, "oriented_org",
	    k->oriented_org_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)k->oriented_org_id,
		      "name", k->oriented_org)
		: json_null());
	json_object_set_new(o, "eligible",
	    k->eligible < 0 ? json_null() : json_boolean(k->eligible));
	api_set_str(o, "override_reason", care ? k->override_reason : NULL);
	api_set_str(o, "decided_at", k->decided_at);
	api_set_str(o, "decided_by", k->decided_by);
	json_object_set_new(o, "support_id",
	    k->support_id ? json_integer(k->support_id) : json_null());
	return o;
}

static json_t *
comm_json(const struct committee *c)
{
	return json_pack("{s:I,s:s,s:s?,s:s?,s:s,s:s,s:i,s:i}", "id",
	    (json_int_t)c->id, "held_on", c->held_on, "guests", c->guests,
	    "note", c->note, "created_at", c->created_at, "created_by",
	    c->created_by, "cases", c->ncases, "decided", c->ndecided);
}

/* The meeting with its members and cases; each person shown is traced. */
static int
comm_full(struct ctx *ctx, int64_t id, json_t **out)
{
	struct committee c;
	struct committee_case *k;
	struct access_grant g;
	enum access_row row;
	json_t *o, *members, *cases;
	int n, i, rc, care;

	rc = committee_get(ctx, id, &c);
	if (rc == E_OK)
		rc = committee_cases(ctx, id, &k, &n);
	if (rc != E_OK)
		return rc;
	o = comm_json(&c);
	members = json_array();
	for (i = 0; i < c.nmembers; i++)
		json_array_append_new(members,
		    json_pack("{s:I,s:s,s:s}", "user_id",
			(json_int_t)c.members[i].user_id, "name",
			c.members[i].name, "profession",
			c.members[i].profession));
	cases = json_array();
	for (i = 0; i < n; i++) {
		/* Each case is decided and traced by the access module; a
		 * case whose person the reader may not see is listed without
		 * identity (issue 9 §1). */
		rc = access_list_row(ctx, k[i].person_id,
		    CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS), "committee.read",
		    &g, &row);
		if (rc != E_OK) {
			json_decref(o);
			json_decref(members);
			json_decref(cases);
			return rc;
		}
		care = (g.read & CAT_BIT(CAT_SOINS)) != 0;
		json_array_append_new(
		    cases, case_json(&k[i], care, row == ACCESS_ROW_VISIBLE));
	}
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "items", cases);
	*out = o;
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
	return comm_full(ctx, id, &req->out);
}

static int
comm_list(struct ctx *ctx, struct req *req)
{
	struct committee *v;
	json_t *items;
	int n, i, rc;

	rc = committee_list(ctx, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, comm_json(&v[i]));
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

static int
comm_get(struct ctx *ctx, struct req *req)
{
	return comm_full(ctx, req->ids[0], &req->out);
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
	req->out = case_json(&k, (g.read & CAT_BIT(CAT_SOINS)) != 0, 1);
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
	req->out = case_json(&k, (g.read & CAT_BIT(CAT_SOINS)) != 0, 1);
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
	req->out = case_json(&k, (g.read & CAT_BIT(CAT_SOINS)) != 0, 1);
	return E_OK;
}

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
