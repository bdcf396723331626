/*
 * AGGIR routes (DOMAIN §1): compute a grid without storing it, record an
 * evaluation in a person's record, list a person's evaluations. A grid
 * is given either as the ten variable letters or as the S/T/C/H answers
 * of all seventeen sub-variables, never both.
 */
#include <assert.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "base/xalloc.h"
#include "domain/record/aggir.h"
#include "domain/record/evaluation.h"
#include "json/jv.h"
#include "json/jw.h"

struct stch {
	struct jv_bool s;
	struct jv_bool t;
	struct jv_bool c;
	struct jv_bool h;
};

struct aggir_in {
	struct jv_str letters;
	struct {
		struct stch sub[AGGIR_SUB__MAX];
	} answers;
	struct jv_str evaluated_on;
	struct jv_int evaluator_id;
	struct jv_str note;
};

/*
 * The grid's answers, described once (issue 9 §2): the same X-macro
 * lists give the input validation (jv_field rows), the stored text and
 * the reply's AggirAnswers (written with jw). The sub-variables are in
 * the order and with the codes of aggir_sub_codes (checked in
 * aggir_grid()).
 */
#define STCH_F(X, S) \
	X(S, s, JW_BOOL, 0, NULL, NULL, "Spontanément") \
	X(S, t, JW_BOOL, 0, NULL, NULL, "Totalement") \
	X(S, c, JW_BOOL, 0, NULL, NULL, "Correctement") \
	X(S, h, JW_BOOL, 0, NULL, NULL, "Habituellement")
JW_FIELDS(STCH, STCH_F);
JW_ROWS(STCH, STCH_F);
static const struct jw_schema stch_schema =
    JW_INIT(STCH, "AggirAdverbs", "Réponses S/T/C/H d'une sous-variable");

#define ANS_F(X, S) \
	X(S, coh_communication, JW_OBJ, 0, NULL, &stch_schema, \
	    "Cohérence — communication") \
	X(S, coh_comportement, JW_OBJ, 0, NULL, &stch_schema, \
	    "Cohérence — comportement") \
	X(S, ori_temps, JW_OBJ, 0, NULL, &stch_schema, \
	    "Orientation — dans le temps") \
	X(S, ori_espace, JW_OBJ, 0, NULL, &stch_schema, \
	    "Orientation — dans l'espace") \
	X(S, toi_haut, JW_OBJ, 0, NULL, &stch_schema, "Toilette — haut") \
	X(S, toi_bas, JW_OBJ, 0, NULL, &stch_schema, "Toilette — bas") \
	X(S, hab_haut, JW_OBJ, 0, NULL, &stch_schema, "Habillage — haut") \
	X(S, hab_moyen, JW_OBJ, 0, NULL, &stch_schema, "Habillage — moyen") \
	X(S, hab_bas, JW_OBJ, 0, NULL, &stch_schema, "Habillage — bas") \
	X(S, ali_se_servir, JW_OBJ, 0, NULL, &stch_schema, \
	    "Alimentation — se servir") \
	X(S, ali_manger, JW_OBJ, 0, NULL, &stch_schema, \
	    "Alimentation — manger") \
	X(S, eli_urinaire, JW_OBJ, 0, NULL, &stch_schema, \
	    "Élimination — urinaire") \
	X(S, eli_fecale, JW_OBJ, 0, NULL, &stch_schema, \
	    "Élimination — fécale") \
	X(S, transferts, JW_OBJ, 0, NULL, &stch_schema, "Transferts") \
	X(S, deplacements_interieur, JW_OBJ, 0, NULL, &stch_schema, \
	    "Déplacements à l'intérieur") \
	X(S, deplacements_exterieur, JW_OBJ, 0, NULL, &stch_schema, \
	    "Déplacements à l'extérieur") \
	X(S, alerter, JW_OBJ, 0, NULL, &stch_schema, "Alerter")
JW_FIELDS(ANS, ANS_F);
JW_ROWS(ANS, ANS_F);
static const struct jw_schema answers_schema = JW_INIT(ANS, "AggirAnswers",
    "Réponses S/T/C/H de chacune des dix-sept sous-variables");

/* The same lists as input rows: every member required. */
#define STCH_JV(S, n, t, fl, en, sc, lab) \
	{ #n, JV_BOOL, offsetof(struct stch, n), JV_REQ, 0, 0, NULL, lab, \
		NULL, 0 },
#define ANS_JV(S, n, t, fl, en, sc, lab) \
	{ #n, JV_OBJ, \
		offsetof(struct aggir_in, answers.sub[ANS_##n]) - \
		    offsetof(struct aggir_in, answers), \
		JV_REQ, 0, 0, NULL, lab, stch_fields, 0 },

static const struct jv_field stch_fields[] = { STCH_F(STCH_JV, STCH){
    NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static const struct jv_field answers_fields[] = { ANS_F(ANS_JV, ANS){
    NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

#define GRID_FIELDS \
	{ "letters", JV_STR, offsetof(struct aggir_in, letters), 0, 10, 10, \
		NULL, "Grille (dix lettres)", NULL, 0 }, \
	{ \
		"answers", JV_OBJ, offsetof(struct aggir_in, answers), 0, 0, \
		    0, NULL, "Réponses S/T/C/H par sous-variable", \
		    answers_fields, 0 \
	}

static const struct jv_field compute_fields[] = { GRID_FIELDS,
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static const struct jv_field record_fields[] = { GRID_FIELDS,
	{ "evaluated_on", JV_DATE, offsetof(struct aggir_in, evaluated_on),
	    JV_REQ, 10, 10, NULL, "Date de l'évaluation", NULL, 0 },
	{ "evaluator_id", JV_INT, offsetof(struct aggir_in, evaluator_id),
	    JV_NULL, 1, 0, NULL, "Évaluateur", NULL, 0 },
	{ "note", JV_STR, offsetof(struct aggir_in, note), JV_NULL | JV_MULTI,
	    0, 2000, NULL, "Commentaire", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

/* Member f of an AggirAnswers object: one sub-variable's adverbs. */
static void
stch_write(struct jw *w, int f, int s, int t, int c, int h)
{
	jw_obj_begin(w, f);
	jw_bool(w, STCH_s, s);
	jw_bool(w, STCH_t, t);
	jw_bool(w, STCH_c, c);
	jw_bool(w, STCH_h, h);
	jw_obj_end(w);
}

/*
 * The ten letters from either input form, and the input as JSON text for
 * storage. *kind is "letters" or "answers".
 */
static int
aggir_grid(struct ctx *ctx, const struct aggir_in *in, char letters[11],
    const char **kind, const char **stored)
{
	char subs[AGGIR_SUB__MAX];
	struct jw w;
	char *txt;
	size_t n;
	int i, has_answers = 0;

	for (i = 0; i < AGGIR_SUB__MAX; i++)
		if (in->answers.sub[i].s.set)
			has_answers = 1;
	if (in->letters.set == has_answers)
		return err_set(ctx, E_INVALID, "aggir.input.one_of", "letters",
		    "Saisissez soit les dix lettres, soit les réponses "
		    "S/T/C/H de chaque sous-variable.");
	if (in->letters.set) {
		for (i = 0; i < AGGIR__MAX; i++)
			letters[i] = in->letters.s[i];
		letters[AGGIR__MAX] = '\0';
		if (strspn(letters, "ABC") != AGGIR__MAX)
			return err_set(ctx, E_INVALID, "aggir.letters.invalid",
			    "letters",
			    "La grille AGGIR doit comporter dix "
			    "lettres A, B ou C (COH ORI TOI HAB ALI ELI TRA "
			    "DIN DEX COM).");
		*kind = "letters";
		*stored = arena_printf(&ctx->arena, "\"%s\"", letters);
		return E_OK;
	}
	/* Stored as the reply's AggirAnswers, written by its description. */
	jw_begin(&w, &answers_schema);
	for (i = 0; i < AGGIR_SUB__MAX; i++) {
		const struct stch *a = &in->answers.sub[i];

		assert(strcmp(answers_fields[i].name, aggir_sub_codes[i]) == 0);
		/* DOMAIN §1.1: S, T, C, H all yes → A, all no → C, else B. */
		subs[i] = aggir_adverbs(a->s.v, a->t.v, a->c.v, a->h.v);
		stch_write(&w, ANS_coh_communication + i, a->s.v, a->t.v,
		    a->c.v, a->h.v);
	}
	aggir_from_subs(subs, letters);
	txt = jw_finish(&w, &n);
	*stored = arena_strndup(&ctx->arena, txt, n);
	xfree(txt);
	*kind = "answers";
	return E_OK;
}

static const char *const letter_codes[] = { "A", "B", "C", NULL };
static const char *const input_kinds[] = { "letters", "answers", NULL };

/* The computed grid and the recorded evaluation, described once; an
 * evaluation extends the result (shared first indices). */
#define VAR_F(X, S) \
	X(S, code, JW_ENUM, 0, aggir_var_codes, NULL, \
	    "Variable discriminante") \
	X(S, letter, JW_ENUM, 0, letter_codes, NULL, "Cotation (A, B ou C)")
JW_FIELDS(VAR, VAR_F);
JW_ROWS(VAR, VAR_F);
static const struct jw_schema var_schema =
    JW_INIT(VAR, "AggirVariable", "Cotation d'une variable discriminante");

#define RESULT_F(X, S) \
	X(S, gir, JW_INT, 0, NULL, NULL, "GIR (1 à 6)") \
	X(S, rank, JW_INT, 0, NULL, NULL, "Rang du groupe iso-ressources") \
	X(S, letters, JW_STR, 0, NULL, NULL, \
	    "Les dix lettres (COH ORI TOI HAB ALI ELI TRA DIN DEX COM)") \
	X(S, variables, JW_ARR, 0, NULL, &var_schema, \
	    "Cotation de chaque variable")
JW_FIELDS(RESULT, RESULT_F);
JW_ROWS(RESULT, RESULT_F);
const struct jw_schema api_aggir_result_schema =
    JW_INIT(RESULT, "AggirResult", "GIR calculé d'une grille AGGIR");

#define EVAL_F(X, S) \
	RESULT_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Identifiant") \
	X(S, evaluated_on, JW_DATE, 0, NULL, NULL, "Date de l'évaluation") \
	X(S, evaluator, JW_OBJ, 0, NULL, &api_user_ref_schema, "Évaluateur") \
	X(S, input_kind, JW_ENUM, 0, input_kinds, NULL, \
	    "Saisie : les dix lettres ou les réponses S/T/C/H") \
	X(S, answers, JW_OBJ, JW_NULLABLE, NULL, &answers_schema, \
	    "Réponses S/T/C/H (saisie par réponses seulement)") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Commentaire") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Enregistrée le")
JW_FIELDS(EVAL, EVAL_F);
JW_ROWS(EVAL, EVAL_F);
const struct jw_schema api_aggir_eval_schema =
    JW_INIT(EVAL, "AggirEval", "Évaluation AGGIR enregistrée");

#define EVLIST_F(X, S) \
	X(S, items, JW_ARR, 0, NULL, &api_aggir_eval_schema, \
	    "Évaluations, la plus récente d'abord")
JW_FIELDS(EVLIST, EVLIST_F);
JW_ROWS(EVLIST, EVLIST_F);
const struct jw_schema api_aggir_eval_list_schema =
    JW_INIT(EVLIST, "AggirEvalList", "Évaluations AGGIR de la personne");

/* The result's members of the object being written (an AggirResult or
 * an AggirEval). */
static void
result_write(struct jw *w, const struct aggir_result *r)
{
	char letter[2] = { 0, 0 };
	int v;

	jw_int(w, RESULT_gir, r->gir);
	jw_int(w, RESULT_rank, r->rank);
	jw_str(w, RESULT_letters, r->letters);
	jw_arr_begin(w, RESULT_variables);
	for (v = 0; v < AGGIR__MAX; v++) {
		jw_item_obj_begin(w);
		jw_str(w, VAR_code, aggir_var_codes[v]);
		letter[0] = r->letters[v];
		jw_str(w, VAR_letter, letter);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static int
aggir_compute_route(struct ctx *ctx, struct req *req)
{
	struct aggir_result r;
	const char *kind, *stored;
	char letters[11];
	struct jw w;
	int rc;

	rc = aggir_grid(ctx, req->in, letters, &kind, &stored);
	if (rc != E_OK)
		return rc;
	aggir_compute(letters, &r);
	jw_begin(&w, &api_aggir_result_schema);
	result_write(&w, &r);
	api_reply(req, &w);
	return E_OK;
}

/* The stored answers (the AggirAnswers text aggir_grid() wrote) as
 * member f; null if they cannot be read back. */
static void
answers_write(struct jw *w, int f, const char *stored)
{
	json_t *j = json_loads(stored, 0, NULL), *a;
	int i;

	if (!json_is_object(j)) {
		json_decref(j);
		jw_null(w, f);
		return;
	}
	jw_obj_begin(w, f);
	for (i = 0; i < AGGIR_SUB__MAX; i++) {
		a = json_object_get(j, aggir_sub_codes[i]);
		stch_write(w, ANS_coh_communication + i,
		    json_is_true(json_object_get(a, "s")),
		    json_is_true(json_object_get(a, "t")),
		    json_is_true(json_object_get(a, "c")),
		    json_is_true(json_object_get(a, "h")));
	}
	jw_obj_end(w);
	json_decref(j);
}

/* One evaluation's members of the object being written. */
static void
eval_write(struct jw *w, const struct aggir_eval *e)
{
	struct aggir_result r;

	aggir_compute(e->letters, &r);
	result_write(w, &r);
	jw_int(w, EVAL_id, e->id);
	jw_str(w, EVAL_evaluated_on, e->evaluated_on);
	api_user_ref_write(
	    w, EVAL_evaluator, e->evaluator_id, e->evaluator_name);
	jw_str(w, EVAL_input_kind, e->input_kind);
	if (strcmp(e->input_kind, "answers") == 0)
		answers_write(w, EVAL_answers, e->answers);
	else
		jw_null(w, EVAL_answers);
	jw_str(w, EVAL_note, e->note);
	jw_str(w, EVAL_created_at, e->created_at);
}

static int
aggir_record(struct ctx *ctx, struct req *req)
{
	const struct aggir_in *in = req->in;
	struct access_grant g;
	struct aggir_result r;
	struct aggir_eval *v;
	const char *kind, *stored;
	char letters[11];
	struct jw w;
	int64_t id;
	int rc, n;

	rc = aggir_grid(ctx, in, letters, &kind, &stored);
	if (rc == E_OK)
		rc = access_require(ctx, req->ids[0], CAT_BIT(CAT_SOINS),
		    ACT_WRITE, "aggir.add", &g);
	if (rc == E_OK)
		rc = evaluation_aggir_add(ctx, &g, in->evaluated_on.s,
		    jv_int_or(&in->evaluator_id, 0), kind, stored, letters,
		    in->note.s, &id, &r);
	if (rc == E_OK)
		rc = evaluation_aggir_list(ctx, &g, 1, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_aggir_eval_schema);
	eval_write(&w, &v[0]);
	api_reply(req, &w);
	return E_OK;
}

int
api_aggir_part(struct ctx *ctx, int64_t id, struct jw *w)
{
	struct access_grant g;
	struct aggir_eval *v;
	int rc, n, i;

	rc = access_require(
	    ctx, id, CAT_BIT(CAT_SOINS), ACT_READ, "aggir.read", &g);
	if (rc == E_OK)
		rc = evaluation_aggir_list(ctx, &g, 100, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_aggir_eval_list_schema);
	jw_arr_begin(w, EVLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		eval_write(w, &v[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

static int
aggir_list(struct ctx *ctx, struct req *req)
{
	struct jw w;

	return api_reply_if(req, &w, api_aggir_part(ctx, req->ids[0], &w));
}

#define GRID_ERRORS \
	{ E_INVALID, "aggir.input.one_of" }, \
	{ \
		E_INVALID, "aggir.letters.invalid" \
	}

static const struct route_error compute_errors[] = { GRID_ERRORS, { 0, NULL } };

static const struct route_error record_errors[] = { GRID_ERRORS,
	{ E_INVALID, "aggir.evaluated_on.invalid" },
	{ E_INVALID, "aggir.evaluated_on.before_birth" },
	{ E_INVALID, "aggir.evaluator_id.invalid" }, API_ACCESS_ERRORS,
	{ 0, NULL } };

static const struct route_error list_errors[] = { API_ACCESS_ERRORS,
	{ 0, NULL } };

const struct route_doc api_aggir_docs[] = { { M_POST, "/api/v1/aggir", NULL,
						compute_errors },
	{ M_POST, "/api/v1/persons/{id}/aggir", NULL, record_errors },
	{ M_GET, "/api/v1/persons/{id}/aggir", NULL, list_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_aggir_routes[] = {
	{ M_POST, "/api/v1/aggir", aggir_compute_route, NULL, 0, compute_fields,
	    sizeof(struct aggir_in), 0, 200, "aggir",
	    "Calculer le GIR d'une grille AGGIR (lettres ou réponses S/T/C/H), "
	    "sans l'enregistrer",
	    "AggirResult" },
	{ M_POST, "/api/v1/persons/{id}/aggir", aggir_record, NULL, 0,
	    record_fields, sizeof(struct aggir_in), R_WRITE, 201, "aggir",
	    "Enregistrer une évaluation AGGIR dans le dossier", "AggirEval" },
	{ M_GET, "/api/v1/persons/{id}/aggir", aggir_list, NULL, 0, NULL, 0, 0,
	    200, "aggir",
	    "Évaluations AGGIR de la personne, la plus "
	    "récente d'abord",
	    "AggirEvalList" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
