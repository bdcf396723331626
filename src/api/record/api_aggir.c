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
#include "json/jout.h"
#include "json/jv.h"

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

static const struct jv_field stch_fields[] = {
	{ "s", JV_BOOL, offsetof(struct stch, s), JV_REQ, 0, 0, NULL,
	    "Spontanément", NULL, 0 },
	{ "t", JV_BOOL, offsetof(struct stch, t), JV_REQ, 0, 0, NULL,
	    "Totalement", NULL, 0 },
	{ "c", JV_BOOL, offsetof(struct stch, c), JV_REQ, 0, 0, NULL,
	    "Correctement", NULL, 0 },
	{ "h", JV_BOOL, offsetof(struct stch, h), JV_REQ, 0, 0, NULL,
	    "Habituellement", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

#define SUB(i, name, label) \
	{ \
		name, JV_OBJ, \
		    offsetof(struct aggir_in, answers.sub[i]) - \
		    offsetof(struct aggir_in, answers), \
		    JV_REQ, 0, 0, NULL, label, stch_fields, 0 \
	}

/* Same order and codes as aggir_sub_codes (checked in aggir_answers()). */
static const struct jv_field answers_fields[] = {
	SUB(0, "coh_communication", "Cohérence — communication"),
	SUB(1, "coh_comportement", "Cohérence — comportement"),
	SUB(2, "ori_temps", "Orientation — dans le temps"),
	SUB(3, "ori_espace", "Orientation — dans l'espace"),
	SUB(4, "toi_haut", "Toilette — haut"),
	SUB(5, "toi_bas", "Toilette — bas"),
	SUB(6, "hab_haut", "Habillage — haut"),
	SUB(7, "hab_moyen", "Habillage — moyen"),
	SUB(8, "hab_bas", "Habillage — bas"),
	SUB(9, "ali_se_servir", "Alimentation — se servir"),
	SUB(10, "ali_manger", "Alimentation — manger"),
	SUB(11, "eli_urinaire", "Élimination — urinaire"),
	SUB(12, "eli_fecale", "Élimination — fécale"),
	SUB(13, "transferts", "Transferts"),
	SUB(14, "deplacements_interieur", "Déplacements à l'intérieur"),
	SUB(15, "deplacements_exterieur", "Déplacements à l'extérieur"),
	SUB(16, "alerter", "Alerter"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

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

/*
 * The ten letters from either input form, and the input as JSON text for
 * storage. *kind is "letters" or "answers".
 */
static int
aggir_grid(struct ctx *ctx, const struct aggir_in *in, char letters[11],
    const char **kind, const char **stored)
{
	char subs[AGGIR_SUB__MAX];
	json_t *j;
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
	j = json_object();
	for (i = 0; i < AGGIR_SUB__MAX; i++) {
		const struct stch *a = &in->answers.sub[i];

		assert(strcmp(answers_fields[i].name, aggir_sub_codes[i]) == 0);
		/* DOMAIN §1.1: S, T, C, H all yes → A, all no → C, else B. */
		subs[i] = aggir_adverbs(a->s.v, a->t.v, a->c.v, a->h.v);
		json_object_set_new(j, aggir_sub_codes[i],
		    json_pack("{s:b,s:b,s:b,s:b}", "s", a->s.v, "t", a->t.v,
			"c", a->c.v, "h", a->h.v));
	}
	aggir_from_subs(subs, letters);
	txt = jout_dump(j, &n);
	json_decref(j);
	*stored = arena_strndup(&ctx->arena, txt, n);
	xfree(txt);
	*kind = "answers";
	return E_OK;
}

static json_t *
result_json(const struct aggir_result *r)
{
	json_t *vars = json_array();
	int v;

	for (v = 0; v < AGGIR__MAX; v++)
		json_array_append_new(vars,
		    json_pack("{s:s,s:s#}", "code", aggir_var_codes[v],
			"letter", &r->letters[v], 1));
	return json_pack("{s:i,s:i,s:s,s:o}", "gir", r->gir, "rank", r->rank,
	    "letters", r->letters, "variables", vars);
}

static int
aggir_compute_route(struct ctx *ctx, struct req *req)
{
	struct aggir_result r;
	const char *kind, *stored;
	char letters[11];
	int rc;

	rc = aggir_grid(ctx, req->in, letters, &kind, &stored);
	if (rc != E_OK)
		return rc;
	aggir_compute(letters, &r);
	req->out = result_json(&r);
	return E_OK;
}

static json_t *
eval_json(const struct aggir_eval *e)
{
	struct aggir_result r;
	json_t *o, *answers;

	aggir_compute(e->letters, &r);
	o = result_json(&r);
	answers = json_loads(e->answers, 0, NULL);
	json_object_set_new(o, "id", json_integer(e->id));
	api_set_str(o, "evaluated_on", e->evaluated_on);
	json_object_set_new(o, "evaluator",
	    json_pack("{s:I,s:s}", "id", (json_int_t)e->evaluator_id, "name",
		e->evaluator_name));
	api_set_str(o, "input_kind", e->input_kind);
	json_object_set_new(o, "answers",
	    strcmp(e->input_kind, "answers") == 0 && answers != NULL
		? answers
		: json_null());
	if (strcmp(e->input_kind, "answers") != 0 && answers != NULL)
		json_decref(answers);
	api_set_str(o, "note", e->note);
	api_set_str(o, "created_at", e->created_at);
	return o;
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
	req->out = eval_json(&v[0]);
	return E_OK;
}

static int
aggir_list(struct ctx *ctx, struct req *req)
{
	struct access_grant g;
	struct aggir_eval *v;
	json_t *items;
	int rc, n, i;

	rc = access_require(
	    ctx, req->ids[0], CAT_BIT(CAT_SOINS), ACT_READ, "aggir.read", &g);
	if (rc == E_OK)
		rc = evaluation_aggir_list(ctx, &g, 100, &v, &n);
	if (rc != E_OK)
		return rc;
	items = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(items, eval_json(&v[i]));
	req->out = json_pack("{s:o}", "items", items);
	return E_OK;
}

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
