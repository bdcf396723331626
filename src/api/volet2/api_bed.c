/*
 * Emergency temporary beds (issue 13): the board of places, a place and
 * its closures, the CRT's limits, a person's allowance, the stays and
 * their arrival / departure / cancellation, the refusals and the
 * occupancy (domain/volet2/bed.h). Replies are described with the typed
 * writer (json/jw.h); the domain decides and traces each person.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "domain/volet2/bed.h"
#include "json/jv.h"
#include "json/jw.h"

#define BED_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Place") \
	X(S, label, JW_STR, 0, NULL, NULL, "Nom de la place") \
	X(S, kind, JW_ENUM, 0, bed_kind_codes, NULL, "Type de place") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "EHPAD partenaire (null : place du CRT)") \
	X(S, org_name, JW_STR, JW_NULLABLE, NULL, NULL, "Son nom") \
	X(S, opened_on, JW_DATE, 0, NULL, NULL, "Ouverte depuis le") \
	X(S, retired_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Retirée depuis le (plus proposée ; null : en service)") \
	X(S, today, JW_ENUM, 0, bed_state_codes, NULL, "État ce soir") \
	X(S, states, JW_ARR_ENUM, 0, bed_state_codes, NULL, \
	    "État de chaque jour affiché, à partir de from")
JW_FIELDS(BED, BED_F);
JW_ROWS(BED, BED_F);
static const struct jw_schema bed_schema = JW_INIT(BED, "Bed", "Place");

#define STAY_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Séjour") \
	X(S, bed_id, JW_INT, 0, NULL, NULL, "Place") \
	X(S, bed_label, JW_STR, 0, NULL, NULL, "Nom de la place") \
	X(S, person_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Personne (null : masquée pour vous)") \
	X(S, identity_hidden, JW_BOOL, 0, NULL, NULL, \
	    "true : vous n'avez pas accès à cette personne") \
	X(S, birth_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom de naissance") \
	X(S, first_names, JW_STR, JW_NULLABLE, NULL, NULL, "Prénom(s)") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom d'usage") \
	X(S, birth_date, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Date de naissance") \
	X(S, status, JW_ENUM, 0, bed_stay_status_codes, NULL, \
	    "booked (réservé), in_progress (arrivé), ended, cancelled") \
	X(S, reason, JW_ENUM, JW_NULLABLE, bed_reason_codes, NULL, \
	    "Motif (null sans accès à la partie soins)") \
	X(S, start_on, JW_DATE, 0, NULL, NULL, "Entrée prévue") \
	X(S, planned_end_on, JW_DATE, 0, NULL, NULL, \
	    "Sortie prévue (la dernière nuit est la veille)") \
	X(S, arrived_on, JW_DATE, JW_NULLABLE, NULL, NULL, "Arrivée") \
	X(S, ended_on, JW_DATE, JW_NULLABLE, NULL, NULL, "Sortie") \
	X(S, days, JW_INT, 0, NULL, NULL, "Nuits (prévues, ou réelles)") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Note")
JW_FIELDS(STAY, STAY_F);
JW_ROWS(STAY, STAY_F);
const struct jw_schema api_bed_stay_schema =
    JW_INIT(STAY, "BedStay", "Séjour en hébergement temporaire");

#define CLO_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Fermeture") \
	X(S, bed_id, JW_INT, 0, NULL, NULL, "Place") \
	X(S, start_on, JW_DATE, 0, NULL, NULL, "Du") \
	X(S, end_on, JW_DATE, 0, NULL, NULL, "Au (inclus)") \
	X(S, reason, JW_STR, 0, NULL, NULL, "Motif")
JW_FIELDS(CLO, CLO_F);
JW_ROWS(CLO, CLO_F);
static const struct jw_schema closure_schema =
    JW_INIT(CLO, "BedClosure", "Fermeture d'une place");

#define BOARD_F(X, S) \
	X(S, today, JW_DATE, 0, NULL, NULL, "Aujourd'hui (fuseau du CRT)") \
	X(S, from, JW_DATE, 0, NULL, NULL, "Premier jour affiché") \
	X(S, days, JW_INT, 0, NULL, NULL, "Jours affichés") \
	X(S, free_today, JW_INT, 0, NULL, NULL, "Places libres ce soir") \
	X(S, beds, JW_ARR, 0, NULL, &bed_schema, "Places") \
	X(S, stays, JW_ARR, 0, NULL, &api_bed_stay_schema, \
	    "Séjours des jours affichés (et d'aujourd'hui)") \
	X(S, closures, JW_ARR, 0, NULL, &closure_schema, "Fermetures")
JW_FIELDS(BOARD, BOARD_F);
JW_ROWS(BOARD, BOARD_F);
const struct jw_schema api_bed_board_schema =
    JW_INIT(BOARD, "BedBoard", "Places d'hébergement temporaire");

#define BSET_F(X, S) \
	X(S, max_stay_days, JW_INT, 0, NULL, NULL, \
	    "Durée maximale d'un séjour (jours)") \
	X(S, max_year_days, JW_INT, 0, NULL, NULL, \
	    "Jours au plus sur 365 jours glissants") \
	X(S, hold_days, JW_INT, 0, NULL, NULL, \
	    "Jours pendant lesquels la place en volet 2 est tenue")
JW_FIELDS(BSET, BSET_F);
JW_ROWS(BSET, BSET_F);
const struct jw_schema api_bed_settings_schema =
    JW_INIT(BSET, "BedSettings", "Limites des séjours");

#define ALLOW_F(X, S) \
	X(S, days, JW_INT, 0, NULL, NULL, "Nuits du séjour demandé") \
	X(S, max_stay_days, JW_INT, 0, NULL, NULL, "Durée maximale") \
	X(S, max_year_days, JW_INT, 0, NULL, NULL, \
	    "Maximum sur 365 jours glissants") \
	X(S, used_days, JW_INT, 0, NULL, NULL, \
	    "Jours déjà utilisés par les autres séjours dans la fenêtre de " \
	    "365 jours la plus chargée que touche le séjour") \
	X(S, left_days, JW_INT, 0, NULL, NULL, "Jours restants") \
	X(S, window_from, JW_DATE, 0, NULL, NULL, "Début de la fenêtre") \
	X(S, window_to, JW_DATE, 0, NULL, NULL, \
	    "Dernier jour de la fenêtre (la veille de la sortie, ou plus " \
	    "tard quand une fenêtre suivante est plus chargée)") \
	X(S, window_days, JW_INT, 0, NULL, NULL, \
	    "Nuits du séjour demandé dans cette fenêtre") \
	X(S, held, JW_BOOL, 0, NULL, NULL, \
	    "La personne est accompagnée (volet 2) : sa place est tenue") \
	X(S, hold_days, JW_INT, 0, NULL, NULL, "Jours de place tenue") \
	X(S, held_until, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Place tenue jusqu'au (null : pas d'accompagnement)") \
	X(S, allowed, JW_BOOL, 0, NULL, NULL, "Le séjour respecte les limites")
JW_FIELDS(ALLOW, ALLOW_F);
JW_ROWS(ALLOW, ALLOW_F);
const struct jw_schema api_bed_allowance_schema =
    JW_INIT(ALLOW, "BedAllowance", "Jours restants d'une personne");

#define REFU_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Demande refusée") \
	X(S, asked_by, JW_STR, 0, NULL, NULL, "Qui a demandé") \
	X(S, asked_at, JW_DATETIME, 0, NULL, NULL, "Quand (UTC)") \
	X(S, reason, JW_STR, 0, NULL, NULL, "Motif de la demande") \
	X(S, has_person, JW_BOOL, 0, NULL, NULL, \
	    "La personne est connue (son dossier n'est pas montré ici)") \
	X(S, recorded_by, JW_STR, 0, NULL, NULL, "Notée par")
JW_FIELDS(REFU, REFU_F);
JW_ROWS(REFU, REFU_F);
static const struct jw_schema refusal_schema =
    JW_INIT(REFU, "BedRefusal", "Demande urgente refusée faute de place");

#define MON_F(X, S) \
	X(S, month, JW_INT, 0, NULL, NULL, "Mois (1-12)") \
	X(S, open_days, JW_INT, 0, NULL, NULL, \
	    "Nuits-lits ouvertes (fermetures exclues), jusqu'à aujourd'hui") \
	X(S, occupied_days, JW_INT, 0, NULL, NULL, "Nuits-lits occupées") \
	X(S, rate, JW_NUM, JW_NULLABLE, NULL, NULL, \
	    "Taux d'occupation (0-1 ; null : aucune nuit ouverte)") \
	X(S, refusals, JW_INT, 0, NULL, NULL, "Demandes refusées")
JW_FIELDS(MON, MON_F);
JW_ROWS(MON, MON_F);
static const struct jw_schema month_schema =
    JW_INIT(MON, "BedMonth", "Occupation d'un mois");

#define OCC_F(X, S) \
	X(S, year, JW_INT, 0, NULL, NULL, "Année") \
	X(S, open_days, JW_INT, 0, NULL, NULL, "Nuits-lits ouvertes") \
	X(S, occupied_days, JW_INT, 0, NULL, NULL, "Nuits-lits occupées") \
	X(S, rate, JW_NUM, JW_NULLABLE, NULL, NULL, "Taux d'occupation") \
	X(S, refusals, JW_INT, 0, NULL, NULL, "Demandes refusées") \
	X(S, months, JW_ARR, 0, NULL, &month_schema, "Les douze mois") \
	X(S, items, JW_ARR, 0, NULL, &refusal_schema, \
	    "Les demandes refusées de l'année, les plus récentes d'abord")
JW_FIELDS(OCC, OCC_F);
JW_ROWS(OCC, OCC_F);
const struct jw_schema api_bed_occupancy_schema =
    JW_INIT(OCC, "BedOccupancy", "Occupation et refus d'une année");

static void
write_stay(struct jw *w, const struct bed_stay *s)
{
	jw_int(w, STAY_id, s->id);
	jw_int(w, STAY_bed_id, s->bed_id);
	jw_str(w, STAY_bed_label, s->bed_label);
	jw_id_or_null(w, STAY_person_id, s->hidden ? 0 : s->person_id);
	jw_bool(w, STAY_identity_hidden, s->hidden);
	jw_str(w, STAY_birth_name, s->birth_name);
	jw_str(w, STAY_first_names, s->first_names);
	jw_str(w, STAY_used_name, s->used_name);
	jw_str(w, STAY_birth_date, s->birth_date);
	jw_str(w, STAY_status, s->status);
	jw_str(w, STAY_reason, s->reason);
	jw_str(w, STAY_start_on, s->start_on);
	jw_str(w, STAY_planned_end_on, s->planned_end_on);
	jw_str(w, STAY_arrived_on, s->arrived_on);
	jw_str(w, STAY_ended_on, s->ended_on);
	jw_int(w, STAY_days, s->days);
	jw_str(w, STAY_note, s->note);
}

static int
reply_stay(struct ctx *ctx, struct req *req, int64_t id)
{
	struct bed_stay s;
	struct jw w;
	int rc = bed_stay_get(ctx, id, &s);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_bed_stay_schema);
	write_stay(&w, &s);
	api_reply(req, &w);
	return E_OK;
}

static int
query_int(struct ctx *ctx, struct req *req, const char *name, int min, int max,
    int *out)
{
	const char *s = req_query(req, name);
	char *end;
	long v;

	if (s == NULL)
		return E_OK;
	v = strtol(s, &end, 10);
	if (s[0] == '\0' || *end != '\0' || v < min || v > max)
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "query.%s.invalid", name), name,
		    arena_printf(&ctx->arena,
			"Ce paramètre est un nombre de %d à %d.", min, max));
	*out = (int)v;
	return E_OK;
}

static int
bed_board_get(struct ctx *ctx, struct req *req)
{
	struct bed_board b;
	struct jw w;
	int days = 28, i, j, rc;
	long t;

	rc = query_int(ctx, req, "days", 1, BED_BOARD_MAX_DAYS, &days);
	if (rc == E_OK)
		rc = bed_board(ctx, req_query(req, "from"), days, &b);
	if (rc != E_OK)
		return rc;
	t = bed_days_between(b.from, b.today);
	jw_begin(&w, &api_bed_board_schema);
	jw_str(&w, BOARD_today, b.today);
	jw_str(&w, BOARD_from, b.from);
	jw_int(&w, BOARD_days, b.ndays);
	jw_int(&w, BOARD_free_today, b.free_today);
	jw_arr_begin(&w, BOARD_beds);
	for (i = 0; i < b.nbeds; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, BED_id, b.beds[i].id);
		jw_str(&w, BED_label, b.beds[i].label);
		jw_str(&w, BED_kind, b.beds[i].kind);
		jw_id_or_null(&w, BED_org_id, b.beds[i].org_id);
		jw_str(&w, BED_org_name, b.beds[i].org_name);
		jw_str(&w, BED_opened_on, b.beds[i].opened_on);
		jw_str(&w, BED_retired_on, b.beds[i].retired_on);
		jw_str(&w, BED_today,
		    t >= 0 && t < b.ndays
			? bed_state_codes[b.states[i * b.ndays + t]]
			: "free");
		jw_arr_begin(&w, BED_states);
		for (j = 0; j < b.ndays; j++)
			jw_item_str(
			    &w, bed_state_codes[b.states[i * b.ndays + j]]);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, BOARD_stays);
	for (i = 0; i < b.nstays; i++) {
		jw_item_obj_begin(&w);
		write_stay(&w, &b.stays[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, BOARD_closures);
	for (i = 0; i < b.nclosures; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, CLO_id, b.closures[i].id);
		jw_int(&w, CLO_bed_id, b.closures[i].bed_id);
		jw_str(&w, CLO_start_on, b.closures[i].start_on);
		jw_str(&w, CLO_end_on, b.closures[i].end_on);
		jw_str(&w, CLO_reason, b.closures[i].reason);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

struct bed_in {
	struct jv_str label, kind, opened_on;
	struct jv_int org_id;
};

static const struct jv_field bed_fields[] = {
	{ "label", JV_STR, offsetof(struct bed_in, label), JV_REQ, 1, 200, NULL,
	    "Nom de la place", NULL, 0 },
	{ "kind", JV_ENUM, offsetof(struct bed_in, kind), JV_REQ, 0, 0,
	    bed_kind_codes, "Type de place", NULL, 0 },
	{ "org_id", JV_INT, offsetof(struct bed_in, org_id), JV_NULL, 1,
	    900719925474099L, NULL, "EHPAD partenaire", NULL, 0 },
	{ "opened_on", JV_DATE, offsetof(struct bed_in, opened_on), JV_NULL, 0,
	    0, NULL, "Ouverte depuis le", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_create_post(struct ctx *ctx, struct req *req)
{
	const struct bed_in *in = req->in;
	int64_t id;
	int rc;

	rc = bed_create(ctx,
	    in->org_id.set && !in->org_id.null ? in->org_id.v : 0, in->label.s,
	    in->kind.s, in->opened_on.s, &id);
	if (rc == E_OK)
		api_id_reply(req, id);
	return rc;
}

struct bed_patch_in {
	struct jv_str label;
	struct jv_bool retired;
};

static const struct jv_field bed_patch_fields[] = {
	{ "label", JV_STR, offsetof(struct bed_patch_in, label), 0, 1, 200,
	    NULL, "Nom de la place", NULL, 0 },
	{ "retired", JV_BOOL, offsetof(struct bed_patch_in, retired), 0, 0, 0,
	    NULL, "Retirée (true) ou remise en service (false)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_patch(struct ctx *ctx, struct req *req)
{
	const struct bed_patch_in *in = req->in;
	int rc;

	rc = bed_update(ctx, req->ids[0], in->label.set ? in->label.s : NULL,
	    in->retired.set ? in->retired.v : -1);
	if (rc == E_OK)
		api_id_reply(req, req->ids[0]);
	return rc;
}

struct closure_in {
	struct jv_str start_on, end_on, reason;
};

static const struct jv_field closure_fields[] = {
	{ "start_on", JV_DATE, offsetof(struct closure_in, start_on), JV_REQ, 0,
	    0, NULL, "Du", NULL, 0 },
	{ "end_on", JV_DATE, offsetof(struct closure_in, end_on), JV_REQ, 0, 0,
	    NULL, "Au (inclus)", NULL, 0 },
	{ "reason", JV_STR, offsetof(struct closure_in, reason),
	    JV_REQ | JV_MULTI, 1, 500, NULL, "Motif", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_closure_post(struct ctx *ctx, struct req *req)
{
	const struct closure_in *in = req->in;
	int64_t id;
	int rc;

	rc = bed_close(
	    ctx, req->ids[0], in->start_on.s, in->end_on.s, in->reason.s, &id);
	if (rc == E_OK)
		api_id_reply(req, id);
	return rc;
}

static int
reply_settings(struct ctx *ctx, struct req *req)
{
	struct bed_settings s;
	struct jw w;
	int rc = bed_settings_get(ctx, &s);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_bed_settings_schema);
	jw_int(&w, BSET_max_stay_days, s.max_stay_days);
	jw_int(&w, BSET_max_year_days, s.max_year_days);
	jw_int(&w, BSET_hold_days, s.hold_days);
	api_reply(req, &w);
	return E_OK;
}

static int
bed_settings_get_h(struct ctx *ctx, struct req *req)
{
	return reply_settings(ctx, req);
}

struct settings_in {
	struct jv_int max_stay_days, max_year_days, hold_days;
};

static const struct jv_field settings_fields[] = {
	{ "max_stay_days", JV_INT, offsetof(struct settings_in, max_stay_days),
	    JV_REQ, 1, 365, NULL, "Durée maximale d'un séjour", NULL, 0 },
	{ "max_year_days", JV_INT, offsetof(struct settings_in, max_year_days),
	    JV_REQ, 1, 365, NULL, "Jours au plus sur 365 jours glissants", NULL,
	    0 },
	{ "hold_days", JV_INT, offsetof(struct settings_in, hold_days), JV_REQ,
	    1, 365, NULL, "Jours de place tenue", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_settings_put(struct ctx *ctx, struct req *req)
{
	const struct settings_in *in = req->in;
	struct bed_settings s;
	int rc;

	s.max_stay_days = (int)in->max_stay_days.v;
	s.max_year_days = (int)in->max_year_days.v;
	s.hold_days = (int)in->hold_days.v;
	rc = bed_settings_set(ctx, &s);
	return rc != E_OK ? rc : reply_settings(ctx, req);
}

static int
bed_allowance_get(struct ctx *ctx, struct req *req)
{
	struct bed_allowance a;
	const char *start = req_query(req, "start_on");
	const char *end = req_query(req, "planned_end_on");
	int64_t pid = 0;
	struct jw w;
	int rc;

	rc = api_query_id(ctx, req, "person_id", &pid);
	if (rc == E_OK && pid == 0)
		rc = err_set(ctx, E_INVALID, "query.person_id.invalid",
		    "person_id", "Choisissez la personne (person_id).");
	if (rc == E_OK && (start == NULL || end == NULL))
		rc = err_set(ctx, E_INVALID, "bedstay.dates", "planned_end_on",
		    "Donnez l'entrée (start_on) et la sortie prévue "
		    "(planned_end_on).");
	if (rc == E_OK)
		rc = bed_allowance(ctx, pid, start, end, &a);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_bed_allowance_schema);
	jw_int(&w, ALLOW_days, a.days);
	jw_int(&w, ALLOW_max_stay_days, a.max_stay_days);
	jw_int(&w, ALLOW_max_year_days, a.max_year_days);
	jw_int(&w, ALLOW_used_days, a.used_days);
	jw_int(&w, ALLOW_left_days, a.left_days);
	jw_str(&w, ALLOW_window_from, a.window_from);
	jw_str(&w, ALLOW_window_to, a.window_to);
	jw_int(&w, ALLOW_window_days, a.window_days);
	jw_bool(&w, ALLOW_held, a.held);
	jw_int(&w, ALLOW_hold_days, a.hold_days);
	jw_str(&w, ALLOW_held_until, a.held_until);
	jw_bool(&w, ALLOW_allowed,
	    a.days <= a.max_stay_days && a.window_days <= a.left_days &&
		!(a.held && a.days > a.hold_days));
	api_reply(req, &w);
	return E_OK;
}

struct stay_in {
	struct jv_int bed_id, person_id;
	struct jv_str start_on, planned_end_on, reason, note;
};

static const struct jv_field stay_fields[] = {
	{ "bed_id", JV_INT, offsetof(struct stay_in, bed_id), JV_REQ, 1,
	    900719925474099L, NULL, "Place", NULL, 0 },
	{ "person_id", JV_INT, offsetof(struct stay_in, person_id), JV_REQ, 1,
	    900719925474099L, NULL, "Personne", NULL, 0 },
	{ "start_on", JV_DATE, offsetof(struct stay_in, start_on), JV_REQ, 0, 0,
	    NULL, "Entrée prévue", NULL, 0 },
	{ "planned_end_on", JV_DATE, offsetof(struct stay_in, planned_end_on),
	    JV_REQ, 0, 0, NULL, "Sortie prévue", NULL, 0 },
	{ "reason", JV_ENUM, offsetof(struct stay_in, reason), JV_REQ, 0, 0,
	    bed_reason_codes, "Motif", NULL, 0 },
	{ "note", JV_STR, offsetof(struct stay_in, note), JV_NULL | JV_MULTI, 0,
	    500, NULL, "Note", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_stay_post(struct ctx *ctx, struct req *req)
{
	const struct stay_in *in = req->in;
	int64_t id;
	int rc;

	rc = bed_stay_create(ctx, in->bed_id.v, in->person_id.v, in->start_on.s,
	    in->planned_end_on.s, in->reason.s, in->note.s, &id);
	return rc != E_OK ? rc : reply_stay(ctx, req, id);
}

static int
bed_stay_get_h(struct ctx *ctx, struct req *req)
{
	return reply_stay(ctx, req, req->ids[0]);
}

struct move_in {
	struct jv_str on;
};

static const struct jv_field move_fields[] = {
	{ "on", JV_DATE, offsetof(struct move_in, on), JV_NULL, 0, 0, NULL,
	    "Le (absent : aujourd'hui)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_arrival_post(struct ctx *ctx, struct req *req)
{
	const struct move_in *in = req->in;
	int rc = bed_stay_arrive(ctx, req->ids[0], in->on.s);

	return rc != E_OK ? rc : reply_stay(ctx, req, req->ids[0]);
}

static int
bed_departure_post(struct ctx *ctx, struct req *req)
{
	const struct move_in *in = req->in;
	int rc = bed_stay_depart(ctx, req->ids[0], in->on.s);

	return rc != E_OK ? rc : reply_stay(ctx, req, req->ids[0]);
}

struct cancel_in {
	int unused;
};

static const struct jv_field cancel_fields[] = { { NULL, 0, 0, 0, 0, 0, NULL,
    NULL, NULL, 0 } };

static int
bed_cancel_post(struct ctx *ctx, struct req *req)
{
	int rc = bed_stay_cancel(ctx, req->ids[0]);

	return rc != E_OK ? rc : reply_stay(ctx, req, req->ids[0]);
}

struct refusal_in {
	struct jv_str asked_by, asked_at, reason;
	struct jv_int person_id;
};

static const struct jv_field refusal_fields[] = {
	{ "asked_by", JV_STR, offsetof(struct refusal_in, asked_by), JV_REQ, 1,
	    200, NULL, "Qui a demandé", NULL, 0 },
	{ "asked_at", JV_STR, offsetof(struct refusal_in, asked_at), JV_NULL, 1,
	    40, NULL, "Quand (ISO 8601 ; absent : maintenant)", NULL, 0 },
	{ "reason", JV_STR, offsetof(struct refusal_in, reason),
	    JV_REQ | JV_MULTI, 1, 500, NULL, "Motif de la demande", NULL, 0 },
	{ "person_id", JV_INT, offsetof(struct refusal_in, person_id), JV_NULL,
	    1, 900719925474099L, NULL, "Personne (si connue)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
bed_refusal_post(struct ctx *ctx, struct req *req)
{
	const struct refusal_in *in = req->in;
	int64_t id;
	int rc;

	rc = bed_refusal_add(ctx,
	    in->person_id.set && !in->person_id.null ? in->person_id.v : 0,
	    in->asked_by.s, in->asked_at.s, in->reason.s, &id);
	if (rc == E_OK)
		api_id_reply(req, id);
	return rc;
}

static void
write_rate(struct jw *w, int f, long occ, long open)
{
	if (open > 0)
		jw_num(w, f, (double)occ / (double)open);
	else
		jw_null(w, f);
}

static int
bed_occupancy_get(struct ctx *ctx, struct req *req)
{
	struct bed_occupancy o;
	struct bed_board b;
	struct jw w;
	int year = 0, i, rc;

	rc = query_int(ctx, req, "year", 2000, 2200, &year);
	if (rc == E_OK && year == 0) {
		/* The current year of the CRT's zone. */
		rc = bed_board(ctx, NULL, 1, &b);
		if (rc == E_OK)
			year = (int)strtol(b.today, NULL, 10);
	}
	if (rc == E_OK)
		rc = bed_occupancy(ctx, year, &o);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_bed_occupancy_schema);
	jw_int(&w, OCC_year, o.year);
	jw_int(&w, OCC_open_days, o.open_days);
	jw_int(&w, OCC_occupied_days, o.occupied_days);
	write_rate(&w, OCC_rate, o.occupied_days, o.open_days);
	jw_int(&w, OCC_refusals, o.refusals);
	jw_arr_begin(&w, OCC_months);
	for (i = 0; i < 12; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, MON_month, o.months[i].month);
		jw_int(&w, MON_open_days, o.months[i].open_days);
		jw_int(&w, MON_occupied_days, o.months[i].occupied_days);
		write_rate(&w, MON_rate, o.months[i].occupied_days,
		    o.months[i].open_days);
		jw_int(&w, MON_refusals, o.months[i].refusals);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, OCC_items);
	for (i = 0; i < o.nitems; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, REFU_id, o.items[i].id);
		jw_str(&w, REFU_asked_by, o.items[i].asked_by);
		jw_str(&w, REFU_asked_at, o.items[i].asked_at);
		jw_str(&w, REFU_reason, o.items[i].reason);
		jw_bool(&w, REFU_has_person, o.items[i].person_id != 0);
		jw_str(&w, REFU_recorded_by, o.items[i].created_by);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_param board_params[] = {
	{ "from", JV_DATE, 0, 0, NULL, NULL,
	    "Premier jour (AAAA-MM-JJ ; absent : aujourd'hui)" },
	{ "days", JV_INT, 1, BED_BOARD_MAX_DAYS, NULL, "28",
	    "Nombre de jours" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
static const struct route_param allowance_params[] = {
	{ "person_id", JV_INT, 1, 0, NULL, NULL, "Personne" },
	{ "start_on", JV_DATE, 0, 0, NULL, NULL, "Entrée prévue" },
	{ "planned_end_on", JV_DATE, 0, 0, NULL, NULL, "Sortie prévue" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
static const struct route_param occupancy_params[] = {
	{ "year", JV_INT, 2000, 2200, NULL, NULL,
	    "Année (absente : l'année en cours)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error board_errors[] = { { E_INVALID,
						       "query.from.invalid" },
	{ E_INVALID, "query.days.invalid" }, { 0, NULL } };
static const struct route_error create_errors[] = {
	{ E_INVALID, "bed.label.invalid" }, { E_INVALID, "bed.kind.invalid" },
	{ E_INVALID, "bed.opened_on.invalid" },
	{ E_INVALID, "bed.org_id.invalid" }, { 0, NULL }
};
static const struct route_error closure_errors[] = {
	{ E_NOT_FOUND, "bed.not_found" }, { E_INVALID, "bed_closure.dates" },
	{ E_INVALID, "bed_closure.reason.invalid" },
	{ E_CONFLICT, "bed.closure.overlap" }, { 0, NULL }
};
static const struct route_error settings_errors[] = {
	{ E_INVALID, "bed_settings.max_stay_days.invalid" },
	{ E_INVALID, "bed_settings.max_year_days.invalid" },
	{ E_INVALID, "bed_settings.hold_days.invalid" }, { 0, NULL }
};
static const struct route_error allowance_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "query.person_id.invalid" },
	{ E_INVALID, "bedstay.dates" }, { 0, NULL } };
static const struct route_error stay_errors[] = { API_ACCESS_ERRORS,
	{ E_NOT_FOUND, "bed.not_found" }, { E_INVALID, "bedstay.dates" },
	{ E_INVALID, "bedstay.reason.invalid" },
	{ E_INVALID, "bedstay.note.invalid" },
	{ E_INVALID, "bedstay.max_stay" }, { E_INVALID, "bedstay.max_year" },
	{ E_INVALID, "bedstay.hold" }, { E_CONFLICT, "bedstay.overlap" },
	{ E_CONFLICT, "bedstay.person_overlap" },
	{ E_CONFLICT, "bedstay.closed" }, { E_INVALID, "bedstay.bed_retired" },
	{ 0, NULL } };
static const struct route_error get_errors[] = {
	{ E_NOT_FOUND, "bedstay.not_found" }, { 0, NULL }
};
static const struct route_error move_errors[] = { { E_NOT_FOUND,
						      "bedstay.not_found" },
	{ E_FORBIDDEN, "access.denied" }, { E_CONFLICT, "bedstay.state" },
	{ E_INVALID, "bedstay.on.invalid" }, { 0, NULL } };
static const struct route_error refusal_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "bed_refusal.asked_by.invalid" },
	{ E_INVALID, "bed_refusal.asked_at.invalid" },
	{ E_INVALID, "bed_refusal.reason.invalid" }, { 0, NULL } };
static const struct route_error occupancy_errors[] = {
	{ E_INVALID, "query.year.invalid" }, { 0, NULL }
};

static const struct route_error patch_errors[] = {
	{ E_NOT_FOUND, "bed.not_found" }, { E_INVALID, "bed.label.too_short" },
	{ E_INVALID, "bed.retire.stays" }, { 0, NULL }
};

const struct route_doc api_bed_docs[] = { { M_GET, "/api/v1/beds", board_params,
					      board_errors },
	{ M_POST, "/api/v1/beds", NULL, create_errors },
	{ M_PATCH, "/api/v1/beds/{id}", NULL, patch_errors },
	{ M_POST, "/api/v1/beds/{id}/closures", NULL, closure_errors },
	{ M_PUT, "/api/v1/beds/settings", NULL, settings_errors },
	{ M_GET, "/api/v1/beds/allowance", allowance_params, allowance_errors },
	{ M_GET, "/api/v1/beds/occupancy", occupancy_params, occupancy_errors },
	{ M_POST, "/api/v1/beds/refusals", NULL, refusal_errors },
	{ M_POST, "/api/v1/bedstays", NULL, stay_errors },
	{ M_GET, "/api/v1/bedstays/{id}", NULL, get_errors },
	{ M_POST, "/api/v1/bedstays/{id}/arrival", NULL, move_errors },
	{ M_POST, "/api/v1/bedstays/{id}/departure", NULL, move_errors },
	{ M_POST, "/api/v1/bedstays/{id}/cancel", NULL, move_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_bed_routes[] = {
	{ M_GET, "/api/v1/beds", bed_board_get, NULL, PERM_BED_READ, NULL, 0, 0,
	    200, "bed",
	    "Les places d'hébergement temporaire, leur état chaque jour, "
	    "les séjours (chaque personne décidée et tracée) et fermetures",
	    "BedBoard" },
	{ M_POST, "/api/v1/beds", bed_create_post, NULL, PERM_BED_MANAGE,
	    bed_fields, sizeof(struct bed_in), R_WRITE, 201, "bed",
	    "Ajouter une place (du CRT ou d'un EHPAD partenaire)", "Id" },
	{ M_PATCH, "/api/v1/beds/{id}", bed_patch, NULL, PERM_BED_MANAGE,
	    bed_patch_fields, sizeof(struct bed_patch_in), R_WRITE, 200, "bed",
	    "Renommer une place, la retirer (plus proposée aux réservations ; "
	    "son historique reste) ou la remettre en service",
	    "Id" },
	{ M_POST, "/api/v1/beds/{id}/closures", bed_closure_post, NULL,
	    PERM_BED_MANAGE, closure_fields, sizeof(struct closure_in), R_WRITE,
	    201, "bed", "Fermer une place pour une période", "Id" },
	{ M_GET, "/api/v1/beds/settings", bed_settings_get_h, NULL,
	    PERM_BED_READ, NULL, 0, 0, 200, "bed",
	    "Les limites des séjours du CRT", "BedSettings" },
	{ M_PUT, "/api/v1/beds/settings", bed_settings_put, NULL,
	    PERM_CRT_SETTINGS, settings_fields, sizeof(struct settings_in),
	    R_WRITE, 200, "bed",
	    "Régler les limites (durée maximale, jours sur 365 jours "
	    "glissants, place tenue)",
	    "BedSettings" },
	{ M_GET, "/api/v1/beds/allowance", bed_allowance_get, NULL,
	    PERM_BED_BOOK, NULL, 0, 0, 200, "bed",
	    "Les jours restants d'une personne pour un séjour, avant de le "
	    "réserver",
	    "BedAllowance" },
	{ M_GET, "/api/v1/beds/occupancy", bed_occupancy_get, NULL,
	    PERM_BED_READ, NULL, 0, 0, 200, "bed",
	    "Occupation par mois et par an (nuits occupées / nuits "
	    "ouvertes) et demandes refusées",
	    "BedOccupancy" },
	{ M_POST, "/api/v1/beds/refusals", bed_refusal_post, NULL,
	    PERM_BED_BOOK, refusal_fields, sizeof(struct refusal_in), R_WRITE,
	    201, "bed", "Noter une demande urgente refusée faute de place",
	    "Id" },
	{ M_POST, "/api/v1/bedstays", bed_stay_post, NULL, PERM_BED_BOOK,
	    stay_fields, sizeof(struct stay_in), R_WRITE, 201, "bed",
	    "Réserver une place pour une personne (limites et chevauchements "
	    "vérifiés)",
	    "BedStay" },
	{ M_GET, "/api/v1/bedstays/{id}", bed_stay_get_h, NULL, PERM_BED_READ,
	    NULL, 0, 0, 200, "bed", "Un séjour", "BedStay" },
	{ M_POST, "/api/v1/bedstays/{id}/arrival", bed_arrival_post, NULL,
	    PERM_BED_BOOK, move_fields, sizeof(struct move_in), R_WRITE, 200,
	    "bed", "Noter l'arrivée", "BedStay" },
	{ M_POST, "/api/v1/bedstays/{id}/departure", bed_departure_post, NULL,
	    PERM_BED_BOOK, move_fields, sizeof(struct move_in), R_WRITE, 200,
	    "bed", "Noter la sortie", "BedStay" },
	{ M_POST, "/api/v1/bedstays/{id}/cancel", bed_cancel_post, NULL,
	    PERM_BED_BOOK, cancel_fields, sizeof(struct cancel_in), R_WRITE,
	    200, "bed", "Annuler une réservation pas encore commencée",
	    "BedStay" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
