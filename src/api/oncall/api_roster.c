/*
 * The on-call roster (issue 13): its definition for the coordination
 * (layers, rotations, phones, fixed numbers, overrides and swaps), the
 * weeks ahead with their gaps, the publication, « who is on call now »
 * in one request for the UI and the operators, a person's own shifts and
 * her .ics feed (the round's secret address of issue 11 opens it too).
 * Rules in domain/oncall/roster*.c; replies with the typed writer.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "auth/feed.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/oncall/roster.h"
#include "domain/oncall/roster_edit.h"
#include "json/jv.h"
#include "json/jw.h"

static const char *const level_kind_codes[] = { "override", "swap", "vacancy",
	NULL };
static const char *const gap_reason_codes[] = { "level1", "level2", "nurse",
	NULL };

#define PERSON_F(X, S) \
	X(S, user_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Membre de l'équipe (null : un partenaire ou un numéro fixe)") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Partenaire dont c'est l'infirmier(ère) de nuit mutualisé(e)") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom affiché") \
	X(S, profession, JW_STR, JW_NULLABLE, NULL, NULL, "Profession") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Téléphone d'astreinte (null : aucun, la personne ne peut pas " \
	    "répondre)") \
	X(S, disabled, JW_BOOL, 0, NULL, NULL, "Compte désactivé")
JW_FIELDS(OPERSON, PERSON_F);
JW_ROWS(OPERSON, PERSON_F);
static const struct jw_schema oncall_person_schema =
    JW_INIT(OPERSON, "OncallPerson", "Personne d'astreinte");

#define LAYER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Plage") \
	X(S, kind, JW_ENUM, 0, roster_kind_codes, NULL, \
	    "day : jour de semaine ; night : chaque nuit ; weekend : jour de " \
	    "samedi et dimanche ; holiday : jour férié") \
	X(S, kind_label, JW_STR, 0, NULL, NULL, "Plage, en français") \
	X(S, level, JW_INT, 0, NULL, NULL, "Niveau (1 ou 2)") \
	X(S, start, JW_STR, 0, NULL, NULL, "Début, heure locale HH:MM") \
	X(S, end, JW_STR, 0, NULL, NULL, \
	    "Fin, heure locale HH:MM (le lendemain si avant le début)") \
	X(S, rotation_start, JW_DATE, 0, NULL, NULL, \
	    "Premier jour du roulement") \
	X(S, turn_days, JW_INT, 0, NULL, NULL, "Durée d'un tour, en jours") \
	X(S, members, JW_ARR, 0, NULL, &oncall_person_schema, \
	    "Le roulement, dans l'ordre")
JW_FIELDS(OLAYER, LAYER_F);
JW_ROWS(OLAYER, LAYER_F);
static const struct jw_schema oncall_layer_schema =
    JW_INIT(OLAYER, "OncallLayer", "Plage d'astreinte et son roulement");

#define OVR_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Remplacement") \
	X(S, level, JW_INT, 0, NULL, NULL, "Niveau") \
	X(S, starts_at, JW_DATETIME, 0, NULL, NULL, "Début (UTC)") \
	X(S, ends_at, JW_DATETIME, 0, NULL, NULL, "Fin (UTC)") \
	X(S, kind, JW_ENUM, 0, level_kind_codes, NULL, \
	    "override : remplacement ; swap : moitié d'un échange ; vacancy : " \
	    "créneau laissé vacant (un trou)") \
	X(S, swap_of, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "L'autre moitié de l'échange") \
	X(S, reason, JW_STR, JW_NULLABLE, NULL, NULL, "Motif") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Saisi le") \
	X(S, created_by_name, JW_STR, JW_NULLABLE, NULL, NULL, "Saisi par") \
	X(S, who, JW_OBJ, 0, NULL, &oncall_person_schema, "Qui remplace")
JW_FIELDS(OOVR, OVR_F);
JW_ROWS(OOVR, OVR_F);
static const struct jw_schema oncall_override_schema =
    JW_INIT(OOVR, "OncallOverride", "Remplacement ou échange");

#define FIXED_F(X, S) \
	X(S, label, JW_STR, 0, NULL, NULL, "Qui (médecin, centre 15...)") \
	X(S, phone, JW_STR, 0, NULL, NULL, "Numéro")
JW_FIELDS(OFIXED, FIXED_F);
JW_ROWS(OFIXED, FIXED_F);
static const struct jw_schema oncall_fixed_schema =
    JW_INIT(OFIXED, "OncallFixed", "Numéro fixe du niveau 3");

#define CAND_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Compte") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, profession, JW_STR, 0, NULL, NULL, "Profession") \
	X(S, phone, JW_STR, JW_NULLABLE, NULL, NULL, "Téléphone d'astreinte") \
	X(S, disabled, JW_BOOL, 0, NULL, NULL, "Compte désactivé")
JW_FIELDS(OCAND, CAND_F);
JW_ROWS(OCAND, CAND_F);
static const struct jw_schema oncall_candidate_schema = JW_INIT(
    OCAND, "OncallCandidate", "Membre de l'équipe pouvant être d'astreinte");

#define PART_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Organisation") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom")
JW_FIELDS(OPART, PART_F);
JW_ROWS(OPART, PART_F);
static const struct jw_schema oncall_partner_schema =
    JW_INIT(OPART, "OncallPartner", "Partenaire (infirmier(ère) de nuit)");

#define STATE_F(X, S) \
	X(S, draft, JW_BOOL, 0, NULL, NULL, \
	    "Modifiée depuis la dernière publication (ou jamais publiée)") \
	X(S, edited_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Dernière modification") \
	X(S, published_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Dernière publication") \
	X(S, published_by, JW_STR, JW_NULLABLE, NULL, NULL, "Publiée par") \
	X(S, publish_reason, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Motif écrit à la publication malgré des trous") \
	X(S, published_gaps, JW_INT, 0, NULL, NULL, \
	    "Trous des 30 jours suivants à la publication")
JW_FIELDS(OSTATE, STATE_F);
JW_ROWS(OSTATE, STATE_F);
static const struct jw_schema oncall_state_schema =
    JW_INIT(OSTATE, "OncallState", "Publication de l'astreinte");

#define ROSTER_F(X, S) \
	X(S, timezone, JW_STR, 0, NULL, NULL, "Fuseau horaire du CRT") \
	X(S, layers, JW_ARR, 0, NULL, &oncall_layer_schema, "Plages") \
	X(S, overrides, JW_ARR, 0, NULL, &oncall_override_schema, \
	    "Remplacements et échanges à venir ou en cours") \
	X(S, fixed, JW_ARR, 0, NULL, &oncall_fixed_schema, \
	    "Niveau 3 : numéros fixes (le centre 15 s'y ajoute toujours)") \
	X(S, team, JW_ARR, 0, NULL, &oncall_candidate_schema, \
	    "L'équipe pouvant tenir un créneau") \
	X(S, partners, JW_ARR, 0, NULL, &oncall_partner_schema, \
	    "Les partenaires") \
	X(S, state, JW_OBJ, 0, NULL, &oncall_state_schema, "Publication")
JW_FIELDS(OROSTER, ROSTER_F);
JW_ROWS(OROSTER, ROSTER_F);
const struct jw_schema api_oncall_roster_schema =
    JW_INIT(OROSTER, "OncallRoster", "Définition de l'astreinte");

#define SHIFT_F(X, S) \
	X(S, level, JW_INT, 0, NULL, NULL, "Niveau") \
	X(S, kind, JW_ENUM, 0, roster_kind_codes, NULL, "Plage") \
	X(S, start, JW_DATETIME, 0, NULL, NULL, "Début (UTC)") \
	X(S, end, JW_DATETIME, 0, NULL, NULL, "Fin (UTC)") \
	X(S, hours, JW_NUM, 0, NULL, NULL, "Heures réelles") \
	X(S, override_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Le remplacement qui tient ce créneau (null : le roulement)") \
	X(S, available, JW_BOOL, 0, NULL, NULL, \
	    "La personne peut répondre (compte actif, téléphone)") \
	X(S, who, JW_OBJ, 0, NULL, &oncall_person_schema, "Qui")
JW_FIELDS(OSHIFT, SHIFT_F);
JW_ROWS(OSHIFT, SHIFT_F);
static const struct jw_schema oncall_shift_schema =
    JW_INIT(OSHIFT, "OncallShift", "Créneau d'astreinte");

#define GAP_F(X, S) \
	X(S, start, JW_DATETIME, 0, NULL, NULL, "Début (UTC)") \
	X(S, end, JW_DATETIME, 0, NULL, NULL, "Fin (UTC)") \
	X(S, hours, JW_NUM, 0, NULL, NULL, "Durée en heures") \
	X(S, reasons, JW_ARR_ENUM, 0, gap_reason_codes, NULL, \
	    "level1 : personne au niveau 1 ; level2 : personne au niveau 2 ; " \
	    "nurse : ni infirmier(ère) ni médecin joignable") \
	X(S, within_7_days, JW_BOOL, 0, NULL, NULL, \
	    "Commence dans les 7 jours (une alerte est levée)") \
	X(S, within_30_days, JW_BOOL, 0, NULL, NULL, \
	    "Commence dans les 30 jours (publication avec motif)")
JW_FIELDS(OGAP, GAP_F);
JW_ROWS(OGAP, GAP_F);
static const struct jw_schema oncall_gap_schema =
    JW_INIT(OGAP, "OncallGap", "Trou de l'astreinte");

#define WEEKS_F(X, S) \
	X(S, from, JW_DATETIME, 0, NULL, NULL, "Depuis (UTC)") \
	X(S, to, JW_DATETIME, 0, NULL, NULL, "Jusqu'à (UTC)") \
	X(S, shifts, JW_ARR, 0, NULL, &oncall_shift_schema, \
	    "Les créneaux des semaines demandées") \
	X(S, gaps, JW_ARR, 0, NULL, &oncall_gap_schema, \
	    "Les trous des 52 semaines à venir") \
	X(S, overlap_minutes, JW_INT, 0, NULL, NULL, \
	    "Minutes où deux créneaux d'un même niveau se chevauchent") \
	X(S, state, JW_OBJ, 0, NULL, &oncall_state_schema, "Publication")
JW_FIELDS(OWEEKS, WEEKS_F);
JW_ROWS(OWEEKS, WEEKS_F);
const struct jw_schema api_oncall_weeks_schema =
    JW_INIT(OWEEKS, "OncallWeeks", "L'astreinte des semaines à venir");

#define ANS_F(X, S) \
	X(S, level, JW_INT, 0, NULL, NULL, "Niveau (1, 2, 3)") \
	X(S, user_id, JW_INT, JW_NULLABLE, NULL, NULL, "Membre de l'équipe") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, "Partenaire") \
	X(S, name, JW_STR, 0, NULL, NULL, "Nom") \
	X(S, profession, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Profession (null : numéro fixe)") \
	X(S, phone, JW_STR, 0, NULL, NULL, "Téléphone") \
	X(S, start, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Début du créneau (null : numéro fixe)") \
	X(S, end, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Fin du créneau")
JW_FIELDS(OANS, ANS_F);
JW_ROWS(OANS, ANS_F);
static const struct jw_schema oncall_answerer_schema =
    JW_INIT(OANS, "OncallAnswerer", "Qui répond");

#define NOW_F(X, S) \
	X(S, at, JW_DATETIME, 0, NULL, NULL, "À l'instant (UTC)") \
	X(S, answerers, JW_ARR, 0, NULL, &oncall_answerer_schema, \
	    "Par niveau : 1, 2, puis les numéros fixes et le centre 15") \
	X(S, gap, JW_BOOL, 0, NULL, NULL, \
	    "Personne au niveau 1 ou au niveau 2 en ce moment")
JW_FIELDS(ONOW, NOW_F);
JW_ROWS(ONOW, NOW_F);
const struct jw_schema api_oncall_now_schema =
    JW_INIT(ONOW, "OncallNow", "Qui est d'astreinte maintenant");

#define MINE_F(X, S) \
	X(S, on_duty_level, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Mon niveau en ce moment (null : pas d'astreinte)") \
	X(S, shifts, JW_ARR, 0, NULL, &oncall_shift_schema, \
	    "Mes créneaux des 60 jours à venir")
JW_FIELDS(OMINE, MINE_F);
JW_ROWS(OMINE, MINE_F);
const struct jw_schema api_oncall_mine_schema =
    JW_INIT(OMINE, "OncallMine", "Mes astreintes");

#define PUB_F(X, S) \
	X(S, gaps, JW_INT, 0, NULL, NULL, "Trous des 30 prochains jours") \
	X(S, state, JW_OBJ, 0, NULL, &oncall_state_schema, "Publication")
JW_FIELDS(OPUB, PUB_F);
JW_ROWS(OPUB, PUB_F);
const struct jw_schema api_oncall_publication_schema =
    JW_INIT(OPUB, "OncallPublication", "Astreinte publiée");

static const char *
iso(struct ctx *ctx, time_t t)
{
	char b[CLOCK_ISO_LEN + 1];

	clock_fmt_iso(b, t, 0);
	return arena_strdup(&ctx->arena, b);
}

static void
write_person(struct jw *w, const struct roster_person *p)
{
	jw_id_or_null(w, OPERSON_user_id, p->user_id);
	jw_id_or_null(w, OPERSON_org_id, p->org_id);
	jw_str(w, OPERSON_name, p->name ? p->name : "");
	jw_str(w, OPERSON_profession, p->profession);
	jw_str(w, OPERSON_phone,
	    p->phone != NULL && p->phone[0] != '\0' ? p->phone : NULL);
	jw_bool(w, OPERSON_disabled, p->disabled);
}

static void
write_state(struct jw *w, int f, const struct roster_state *s)
{
	jw_obj_begin(w, f);
	jw_bool(w, OSTATE_draft, s->draft);
	jw_str(w, OSTATE_edited_at, s->edited_at);
	jw_str(w, OSTATE_published_at, s->published_at);
	jw_str(w, OSTATE_published_by, s->published_by);
	jw_str(w, OSTATE_publish_reason, s->publish_reason);
	jw_int(w, OSTATE_published_gaps, s->published_gaps);
	jw_obj_end(w);
}

static int
reply_roster(struct ctx *ctx, struct req *req)
{
	struct roster_view v;
	struct jw w;
	int i, j, rc;

	rc = roster_edit_view(ctx, &v);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_oncall_roster_schema);
	jw_str(&w, OROSTER_timezone, v.tz);
	jw_arr_begin(&w, OROSTER_layers);
	for (i = 0; i < v.n_layers; i++) {
		const struct roster_layer_view *l = &v.layers[i];
		int k;

		jw_item_obj_begin(&w);
		jw_int(&w, OLAYER_id, l->id);
		jw_str(&w, OLAYER_kind, l->kind);
		for (k = 0; k < ROSTER__MAX &&
		     strcmp(roster_kind_codes[k], l->kind) != 0;
		     k++)
			;
		jw_str(&w, OLAYER_kind_label,
		    k < ROSTER__MAX ? roster_kind_labels[k] : l->kind);
		jw_int(&w, OLAYER_level, l->level);
		jw_str(&w, OLAYER_start, l->start_hm);
		jw_str(&w, OLAYER_end, l->end_hm);
		jw_str(&w, OLAYER_rotation_start, l->rotation_start);
		jw_int(&w, OLAYER_turn_days, l->turn_days);
		jw_arr_begin(&w, OLAYER_members);
		for (j = 0; j < l->n_members; j++) {
			jw_item_obj_begin(&w);
			write_person(&w, &l->members[j]);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, OROSTER_overrides);
	for (i = 0; i < v.n_overrides; i++) {
		const struct roster_override_view *o = &v.overrides[i];

		jw_item_obj_begin(&w);
		jw_int(&w, OOVR_id, o->id);
		jw_int(&w, OOVR_level, o->level);
		jw_str(&w, OOVR_starts_at, o->starts_at);
		jw_str(&w, OOVR_ends_at, o->ends_at);
		jw_str(&w, OOVR_kind, o->kind);
		jw_id_or_null(&w, OOVR_swap_of, o->swap_of);
		jw_str(&w, OOVR_reason, o->reason);
		jw_str(&w, OOVR_created_at, o->created_at);
		jw_str(&w, OOVR_created_by_name, o->created_by_name);
		jw_obj_begin(&w, OOVR_who);
		write_person(&w, &o->who);
		jw_obj_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, OROSTER_fixed);
	for (i = 0; i < v.n_fixed; i++) {
		jw_item_obj_begin(&w);
		jw_str(&w, OFIXED_label, v.fixed[i].label);
		jw_str(&w, OFIXED_phone, v.fixed[i].phone);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, OROSTER_team);
	for (i = 0; i < v.n_team; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, OCAND_id, v.team[i].id);
		jw_str(&w, OCAND_name, v.team[i].name);
		jw_str(&w, OCAND_profession, v.team[i].profession);
		jw_str(&w, OCAND_phone, v.team[i].phone);
		jw_bool(&w, OCAND_disabled, v.team[i].disabled);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, OROSTER_partners);
	for (i = 0; i < v.n_partners; i++) {
		jw_item_obj_begin(&w);
		jw_int(&w, OPART_id, v.partners[i].id);
		jw_str(&w, OPART_name, v.partners[i].name);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	write_state(&w, OROSTER_state, &v.state);
	api_reply(req, &w);
	return E_OK;
}

static int
roster_get_h(struct ctx *ctx, struct req *req)
{
	return reply_roster(ctx, req);
}

/* ---- Input ---- */

struct member_fin {
	struct jv_int user_id, org_id;
	struct jv_str name, phone;
};

static const struct jv_field member_fields[] = {
	{ "user_id", JV_INT, offsetof(struct member_fin, user_id), 0, 1,
	    INT64_MAX, NULL, "Membre de l'équipe", NULL, 0 },
	{ "org_id", JV_INT, offsetof(struct member_fin, org_id), 0, 1,
	    INT64_MAX, NULL, "Partenaire", NULL, 0 },
	{ "name", JV_STR, offsetof(struct member_fin, name), 0, 1, 120, NULL,
	    "Nom de l'infirmier(ère) de nuit du partenaire", NULL, 0 },
	{ "phone", JV_STR, offsetof(struct member_fin, phone), 0, 2, 20, NULL,
	    "Téléphone d'astreinte", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static void
member_of(const struct member_fin *f, struct roster_member_in *m)
{
	m->user_id = f->user_id.set ? f->user_id.v : 0;
	m->org_id = f->org_id.set ? f->org_id.v : 0;
	m->name = f->name.set ? f->name.s : NULL;
	m->phone = f->phone.set ? f->phone.s : NULL;
}

struct layer_fin {
	struct jv_str kind, start, end, rotation_start;
	struct jv_int level, turn_days;
	struct jv_arr members;
};

static const struct jv_field layer_fields[] = {
	{ "kind", JV_ENUM, offsetof(struct layer_fin, kind), JV_REQ, 0, 0,
	    roster_kind_codes, "Plage", NULL, 0 },
	{ "level", JV_INT, offsetof(struct layer_fin, level), JV_REQ, 1, 2,
	    NULL, "Niveau", NULL, 0 },
	{ "start", JV_STR, offsetof(struct layer_fin, start), JV_REQ, 5, 5,
	    NULL, "Début (HH:MM)", NULL, 0 },
	{ "end", JV_STR, offsetof(struct layer_fin, end), JV_REQ, 5, 5, NULL,
	    "Fin (HH:MM)", NULL, 0 },
	{ "rotation_start", JV_DATE, offsetof(struct layer_fin, rotation_start),
	    JV_REQ, 0, 0, NULL, "Premier jour du roulement", NULL, 0 },
	{ "turn_days", JV_INT, offsetof(struct layer_fin, turn_days), JV_REQ, 1,
	    28, NULL, "Durée d'un tour (jours)", NULL, 0 },
	{ "members", JV_ARR, offsetof(struct layer_fin, members), JV_REQ, 1, 20,
	    NULL, "Le roulement", member_fields, sizeof(struct member_fin) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
layer_put_h(struct ctx *ctx, struct req *req)
{
	const struct layer_fin *in = req->in;
	const struct member_fin *mf = in->members.items;
	struct roster_member_in *m;
	struct roster_layer_in l;
	int64_t id;
	int i, rc;

	m = arena_alloc(&ctx->arena, sizeof(*m) * (size_t)in->members.n);
	for (i = 0; i < in->members.n; i++)
		member_of(&mf[i], &m[i]);
	memset(&l, 0, sizeof(l));
	l.kind = in->kind.s;
	l.level = (int)in->level.v;
	l.start_hm = in->start.s;
	l.end_hm = in->end.s;
	l.rotation_start = in->rotation_start.s;
	l.turn_days = (int)in->turn_days.v;
	l.members = m;
	l.n_members = in->members.n;
	rc = roster_edit_layer_put(ctx, &l, &id);
	return rc != E_OK ? rc : reply_roster(ctx, req);
}

static int
layer_delete_h(struct ctx *ctx, struct req *req)
{
	int rc = roster_edit_layer_delete(ctx, req->ids[0]);

	return rc != E_OK ? rc : reply_roster(ctx, req);
}

struct phone_fin {
	struct jv_str phone;
};

static const struct jv_field phone_fields[] = {
	{ "phone", JV_STR, offsetof(struct phone_fin, phone), JV_REQ, 2, 20,
	    NULL, "Téléphone d'astreinte", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
phone_put_h(struct ctx *ctx, struct req *req)
{
	const struct phone_fin *in = req->in;
	int rc = roster_edit_phone_set(ctx, req->ids[0], in->phone.s);

	return rc != E_OK ? rc : reply_roster(ctx, req);
}

struct fixed_item_fin {
	struct jv_str label, phone;
};

static const struct jv_field fixed_item_fields[] = {
	{ "label", JV_STR, offsetof(struct fixed_item_fin, label), JV_REQ, 1,
	    120, NULL, "Qui", NULL, 0 },
	{ "phone", JV_STR, offsetof(struct fixed_item_fin, phone), JV_REQ, 2,
	    20, NULL, "Numéro", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

struct fixed_fin {
	struct jv_arr items;
};

static const struct jv_field fixed_fields[] = {
	{ "items", JV_ARR, offsetof(struct fixed_fin, items), JV_REQ, 0, 5,
	    NULL, "Numéros fixes du niveau 3", fixed_item_fields,
	    sizeof(struct fixed_item_fin) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
fixed_put_h(struct ctx *ctx, struct req *req)
{
	const struct fixed_fin *in = req->in;
	const struct fixed_item_fin *it = in->items.items;
	struct roster_fixed *f;
	int i, rc;

	f = in->items.n
	    ? arena_alloc(&ctx->arena, sizeof(*f) * (size_t)in->items.n)
	    : NULL;
	for (i = 0; i < in->items.n; i++) {
		f[i].label = it[i].label.s;
		f[i].phone = it[i].phone.s;
	}
	rc = roster_edit_fixed_set(ctx, f, in->items.n);
	return rc != E_OK ? rc : reply_roster(ctx, req);
}

struct override_fin {
	struct jv_int level, user_id, org_id;
	struct jv_str start, end, name, phone, reason;
};

static const struct jv_field override_fields[] = {
	{ "level", JV_INT, offsetof(struct override_fin, level), JV_REQ, 1, 2,
	    NULL, "Niveau", NULL, 0 },
	{ "start", JV_STR, offsetof(struct override_fin, start), JV_REQ, 16, 16,
	    NULL, "Début (AAAA-MM-JJTHH:MM, heure locale)", NULL, 0 },
	{ "end", JV_STR, offsetof(struct override_fin, end), JV_REQ, 16, 16,
	    NULL, "Fin (AAAA-MM-JJTHH:MM, heure locale)", NULL, 0 },
	{ "user_id", JV_INT, offsetof(struct override_fin, user_id), 0, 1,
	    INT64_MAX, NULL, "Membre de l'équipe", NULL, 0 },
	{ "org_id", JV_INT, offsetof(struct override_fin, org_id), 0, 1,
	    INT64_MAX, NULL, "Partenaire", NULL, 0 },
	{ "name", JV_STR, offsetof(struct override_fin, name), 0, 1, 120, NULL,
	    "Nom de l'infirmier(ère) de nuit du partenaire", NULL, 0 },
	{ "phone", JV_STR, offsetof(struct override_fin, phone), 0, 2, 20, NULL,
	    "Téléphone d'astreinte", NULL, 0 },
	{ "reason", JV_STR, offsetof(struct override_fin, reason), JV_MULTI, 0,
	    1000, NULL, "Motif", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
override_post_h(struct ctx *ctx, struct req *req)
{
	const struct override_fin *in = req->in;
	struct roster_member_in m;
	int64_t id;
	int rc;

	m.user_id = in->user_id.set ? in->user_id.v : 0;
	m.org_id = in->org_id.set ? in->org_id.v : 0;
	m.name = in->name.set ? in->name.s : NULL;
	m.phone = in->phone.set ? in->phone.s : NULL;
	rc = roster_edit_override_create(ctx, (int)in->level.v, in->start.s,
	    in->end.s, &m, in->reason.set ? in->reason.s : NULL, &id);
	return rc != E_OK ? rc : reply_roster(ctx, req);
}

struct swap_fin {
	struct jv_int level;
	struct jv_str a_start, a_end, b_start, b_end, reason;
};

static const struct jv_field swap_fields[] = {
	{ "level", JV_INT, offsetof(struct swap_fin, level), JV_REQ, 1, 2, NULL,
	    "Niveau", NULL, 0 },
	{ "a_start", JV_STR, offsetof(struct swap_fin, a_start), JV_REQ, 16, 16,
	    NULL, "Premier créneau : début (heure locale)", NULL, 0 },
	{ "a_end", JV_STR, offsetof(struct swap_fin, a_end), JV_REQ, 16, 16,
	    NULL, "Premier créneau : fin", NULL, 0 },
	{ "b_start", JV_STR, offsetof(struct swap_fin, b_start), JV_REQ, 16, 16,
	    NULL, "Second créneau : début", NULL, 0 },
	{ "b_end", JV_STR, offsetof(struct swap_fin, b_end), JV_REQ, 16, 16,
	    NULL, "Second créneau : fin", NULL, 0 },
	{ "reason", JV_STR, offsetof(struct swap_fin, reason), JV_MULTI, 0,
	    1000, NULL, "Motif", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
swap_post_h(struct ctx *ctx, struct req *req)
{
	const struct swap_fin *in = req->in;
	int64_t id;
	int rc;

	rc = roster_edit_swap_create(ctx, (int)in->level.v, in->a_start.s,
	    in->a_end.s, in->b_start.s, in->b_end.s,
	    in->reason.set ? in->reason.s : NULL, &id);
	return rc != E_OK ? rc : reply_roster(ctx, req);
}

static int
override_delete_h(struct ctx *ctx, struct req *req)
{
	int rc = roster_edit_override_delete(ctx, req->ids[0]);

	return rc != E_OK ? rc : reply_roster(ctx, req);
}

/* ---- The weeks ahead, publication, now, mine ---- */

static void
write_shift(struct ctx *ctx, struct jw *w, const struct roster_shift *s)
{
	jw_int(w, OSHIFT_level, s->level);
	jw_str(w, OSHIFT_kind, roster_kind_codes[s->kind]);
	jw_str(w, OSHIFT_start, iso(ctx, s->start));
	jw_str(w, OSHIFT_end, iso(ctx, s->end));
	jw_num(w, OSHIFT_hours, (double)(s->end - s->start) / 3600.0);
	jw_id_or_null(w, OSHIFT_override_id, s->override_id);
	jw_bool(w, OSHIFT_available, s->available);
	jw_obj_begin(w, OSHIFT_who);
	write_person(w, &s->who);
	jw_obj_end(w);
}

static int
weeks_get_h(struct ctx *ctx, struct req *req)
{
	struct roster_result all, sh;
	struct roster_state st;
	const char *q = req_query(req, "weeks");
	time_t now = clock_now_s(), to;
	long weeks = ROSTER_WEEKS_MAX;
	struct jw w;
	char *end;
	int i, b, rc;

	if (q != NULL) {
		weeks = strtol(q, &end, 10);
		if (*end != '\0' || weeks < 1 || weeks > ROSTER_WEEKS_MAX)
			return err_set(ctx, E_INVALID, "query.weeks.invalid",
			    "weeks",
			    "Le nombre de semaines (weeks) va de 1 à 52.");
	}
	to = now + weeks * 7 * 86400L;
	rc = roster_edit_window(
	    ctx, now, now + ROSTER_WEEKS_MAX * 7 * 86400L, &all);
	if (rc == E_OK)
		rc = roster_edit_window(ctx, now, to, &sh);
	if (rc == E_OK)
		rc = roster_edit_state_get(ctx, &st);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_oncall_weeks_schema);
	jw_str(&w, OWEEKS_from, iso(ctx, now));
	jw_str(&w, OWEEKS_to, iso(ctx, to));
	jw_arr_begin(&w, OWEEKS_shifts);
	for (i = 0; i < sh.n_shifts; i++) {
		jw_item_obj_begin(&w);
		write_shift(ctx, &w, &sh.shifts[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_arr_begin(&w, OWEEKS_gaps);
	for (i = 0; i < all.n_gaps; i++) {
		const struct roster_gap *g = &all.gaps[i];

		jw_item_obj_begin(&w);
		jw_str(&w, OGAP_start, iso(ctx, g->start));
		jw_str(&w, OGAP_end, iso(ctx, g->end));
		jw_num(&w, OGAP_hours, (double)(g->end - g->start) / 3600.0);
		jw_arr_begin(&w, OGAP_reasons);
		for (b = 0; b < 3; b++)
			if (g->flags & (1u << b))
				jw_item_str(&w, gap_reason_codes[b]);
		jw_arr_end(&w);
		jw_bool(&w, OGAP_within_7_days, g->start < now + 7 * 86400L);
		jw_bool(&w, OGAP_within_30_days,
		    g->start < now + ROSTER_PUBLISH_DAYS * 86400L);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_int(&w, OWEEKS_overlap_minutes, all.overlap_s / 60);
	write_state(&w, OWEEKS_state, &st);
	api_reply(req, &w);
	return E_OK;
}

struct publish_fin {
	struct jv_str reason;
};

static const struct jv_field publish_fields[] = {
	{ "reason", JV_STR, offsetof(struct publish_fin, reason), JV_MULTI, 0,
	    1000, NULL, "Motif (obligatoire s'il reste des trous)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
publish_post_h(struct ctx *ctx, struct req *req)
{
	const struct publish_fin *in = req->in;
	struct roster_state st;
	struct jw w;
	int gaps, rc;

	rc = roster_edit_publish(
	    ctx, in->reason.set ? in->reason.s : NULL, &gaps);
	if (rc == E_OK)
		rc = roster_edit_state_get(ctx, &st);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_oncall_publication_schema);
	jw_int(&w, OPUB_gaps, gaps);
	write_state(&w, OPUB_state, &st);
	api_reply(req, &w);
	return E_OK;
}

#define NOW_MAX 16

static int
now_get_h(struct ctx *ctx, struct req *req)
{
	struct roster_answerer a[NOW_MAX];
	time_t now = clock_now_s();
	int i, n, l1 = 0, l2 = 0, rc;
	struct jw w;

	rc = roster_at(ctx, ctx->crt_id, now, a, NOW_MAX, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_oncall_now_schema);
	jw_str(&w, ONOW_at, iso(ctx, now));
	jw_arr_begin(&w, ONOW_answerers);
	for (i = 0; i < n; i++) {
		l1 += a[i].level == 1;
		l2 += a[i].level == 2;
		jw_item_obj_begin(&w);
		jw_int(&w, OANS_level, a[i].level);
		jw_id_or_null(&w, OANS_user_id, a[i].user_id);
		jw_id_or_null(&w, OANS_org_id, a[i].org_id);
		jw_str(&w, OANS_name, a[i].name);
		jw_str(&w, OANS_profession,
		    a[i].level < 3 ? a[i].profession : NULL);
		jw_str(&w, OANS_phone, a[i].phone);
		jw_str(&w, OANS_start,
		    a[i].level < 3 ? iso(ctx, a[i].start) : NULL);
		jw_str(
		    &w, OANS_end, a[i].level < 3 ? iso(ctx, a[i].end) : NULL);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_bool(&w, ONOW_gap, l1 == 0 || l2 == 0);
	api_reply(req, &w);
	return E_OK;
}

#define MINE_DAYS 60

static int
mine_get_h(struct ctx *ctx, struct req *req)
{
	struct roster_shift *sh;
	time_t now = clock_now_s();
	struct jw w;
	int i, n, lv, rc;

	rc = roster_edit_shifts_of(
	    ctx, ctx->user_id, now, now + MINE_DAYS * 86400L, &sh, &n);
	if (rc == E_OK)
		rc = roster_user_on_duty(
		    ctx, ctx->crt_id, ctx->user_id, now, &lv);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_oncall_mine_schema);
	jw_id_or_null(&w, OMINE_on_duty_level, lv);
	jw_arr_begin(&w, OMINE_shifts);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		write_shift(ctx, &w, &sh[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/* The feed: public (a calendar app has no session), the token of the
 * round's secret address (issue 11) in the query, as text/calendar. */
static int
feed_ics_h(struct ctx *ctx, struct req *req)
{
	const char *text;
	int rc;

	rc = feed_open(ctx, ctx->db, req_query(req, "token"));
	if (rc != E_OK)
		return rc;
	if (!access_permits(ctx->role, PERM_ONCALL_READ))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne donne pas accès à l'astreinte.");
	rc = roster_edit_feed_ics(ctx, &text);
	if (rc != E_OK)
		return rc;
	req->raw_type = "text/calendar; charset=utf-8";
	req->raw_body = text;
	req->raw_len = strlen(text);
	return E_OK;
}

/* ---- Documentation rows ---- */

#define MEMBER_ERRORS \
	{ E_INVALID, "oncall.member.invalid" }, \
	    { E_INVALID, "oncall.member.unknown" }, \
	    { E_INVALID, "oncall.member.disabled" }, \
	    { E_INVALID, "oncall.member.no_phone" }, \
	    { E_INVALID, "oncall.member.profession" }, \
	    { E_INVALID, "oncall.phone.invalid" }, \
	{ \
		E_INVALID, "oncall.name.invalid" \
	}

static const struct route_error layer_errors[] = { MEMBER_ERRORS,
	{ E_INVALID, "oncall.kind.invalid" },
	{ E_INVALID, "oncall.level.invalid" },
	{ E_INVALID, "oncall.time.invalid" },
	{ E_INVALID, "oncall.rotation_start.invalid" },
	{ E_INVALID, "oncall.turn_days.invalid" },
	{ E_INVALID, "oncall.members.invalid" }, { 0, NULL } };
static const struct route_error layer_del_errors[] = {
	{ E_NOT_FOUND, "oncall.layer.not_found" }, { 0, NULL }
};
static const struct route_error phone_errors[] = {
	{ E_NOT_FOUND, "oncall.member.unknown" },
	{ E_INVALID, "oncall.phone.invalid" }, { 0, NULL }
};
static const struct route_error fixed_errors[] = { { E_INVALID,
						       "oncall.fixed.invalid" },
	{ E_INVALID, "oncall.phone.invalid" }, { 0, NULL } };
static const struct route_error override_errors[] = { MEMBER_ERRORS,
	{ E_INVALID, "oncall.level.invalid" },
	{ E_INVALID, "oncall.start.invalid" },
	{ E_INVALID, "oncall.end.invalid" },
	{ E_INVALID, "oncall.reason.invalid" },
	{ E_INVALID, "oncall.reason.required" }, { 0, NULL } };
static const struct route_error swap_errors[] = { { E_INVALID,
						      "oncall.level.invalid" },
	{ E_INVALID, "oncall.a_start.invalid" },
	{ E_INVALID, "oncall.a_end.invalid" },
	{ E_INVALID, "oncall.b_start.invalid" },
	{ E_INVALID, "oncall.b_end.invalid" },
	{ E_INVALID, "oncall.swap.invalid" },
	{ E_INVALID, "oncall.reason.invalid" }, { 0, NULL } };
static const struct route_error override_del_errors[] = {
	{ E_NOT_FOUND, "oncall.override.not_found" }, { 0, NULL }
};
static const struct route_error publish_errors[] = {
	{ E_INVALID, "oncall.publish.reason_required" },
	{ E_INVALID, "oncall.reason.invalid" }, { 0, NULL }
};
static const struct route_param weeks_params[] = {
	{ "weeks", JV_INT, 1, ROSTER_WEEKS_MAX, NULL, "52",
	    "Semaines de créneaux à rendre (les trous : toujours 52)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
static const struct route_error weeks_errors[] = {
	{ E_INVALID, "query.weeks.invalid" }, { 0, NULL }
};
static const struct route_param ics_params[] = {
	{ "token", JV_STR, 20, 128, NULL, NULL,
	    "Jeton secret de l'adresse d'agenda (celle de la tournée)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
static const struct route_error ics_errors[] = { { E_AUTH, "feed.unknown" },
	{ E_FORBIDDEN, "role.forbidden" }, { 0, NULL } };

const struct route_doc api_roster_docs[] = { { M_PUT, "/api/v1/oncall/layers",
						 NULL, layer_errors },
	{ M_DELETE, "/api/v1/oncall/layers/{id}", NULL, layer_del_errors },
	{ M_PUT, "/api/v1/oncall/phones/{id}", NULL, phone_errors },
	{ M_PUT, "/api/v1/oncall/fixed", NULL, fixed_errors },
	{ M_POST, "/api/v1/oncall/overrides", NULL, override_errors },
	{ M_POST, "/api/v1/oncall/swaps", NULL, swap_errors },
	{ M_DELETE, "/api/v1/oncall/overrides/{id}", NULL,
	    override_del_errors },
	{ M_GET, "/api/v1/oncall/weeks", weeks_params, weeks_errors },
	{ M_POST, "/api/v1/oncall/publish", NULL, publish_errors },
	{ M_GET, "/api/v1/oncall/feed.ics", ics_params, ics_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_roster_routes[] = {
	{ M_GET, "/api/v1/oncall/roster", roster_get_h, NULL, PERM_ONCALL_PLAN,
	    NULL, 0, 0, 200, "oncall",
	    "Définition de l'astreinte : plages, roulements, téléphones, "
	    "numéros fixes, remplacements, publication",
	    "OncallRoster" },
	{ M_PUT, "/api/v1/oncall/layers", layer_put_h, NULL, PERM_ONCALL_PLAN,
	    layer_fields, sizeof(struct layer_fin), R_WRITE, 200, "oncall",
	    "Créer ou remplacer une plage (jour, nuit, week-end, férié) d'un "
	    "niveau et son roulement",
	    "OncallRoster" },
	{ M_DELETE, "/api/v1/oncall/layers/{id}", layer_delete_h, NULL,
	    PERM_ONCALL_PLAN, NULL, 0, R_WRITE, 200, "oncall",
	    "Supprimer une plage", "OncallRoster" },
	{ M_PUT, "/api/v1/oncall/phones/{id}", phone_put_h, NULL,
	    PERM_ONCALL_PLAN, phone_fields, sizeof(struct phone_fin), R_WRITE,
	    200, "oncall", "Téléphone d'astreinte d'un membre de l'équipe",
	    "OncallRoster" },
	{ M_PUT, "/api/v1/oncall/fixed", fixed_put_h, NULL, PERM_ONCALL_PLAN,
	    fixed_fields, sizeof(struct fixed_fin), R_WRITE, 200, "oncall",
	    "Numéros fixes du niveau 3 (médecin, centre 15)", "OncallRoster" },
	{ M_POST, "/api/v1/oncall/overrides", override_post_h, NULL,
	    PERM_ONCALL_PLAN, override_fields, sizeof(struct override_fin),
	    R_WRITE, 201, "oncall",
	    "Remplacement : une personne tient un niveau sur un intervalle "
	    "(personne : créneau laissé vacant, avec son motif)",
	    "OncallRoster" },
	{ M_POST, "/api/v1/oncall/swaps", swap_post_h, NULL, PERM_ONCALL_PLAN,
	    swap_fields, sizeof(struct swap_fin), R_WRITE, 201, "oncall",
	    "Échange de deux créneaux entre leurs titulaires", "OncallRoster" },
	{ M_DELETE, "/api/v1/oncall/overrides/{id}", override_delete_h, NULL,
	    PERM_ONCALL_PLAN, NULL, 0, R_WRITE, 200, "oncall",
	    "Annuler un remplacement (un échange : ses deux moitiés)",
	    "OncallRoster" },
	{ M_GET, "/api/v1/oncall/weeks", weeks_get_h, NULL, PERM_ONCALL_READ,
	    NULL, 0, 0, 200, "oncall",
	    "L'astreinte calculée des semaines à venir et ses trous (52 "
	    "semaines)",
	    "OncallWeeks" },
	{ M_POST, "/api/v1/oncall/publish", publish_post_h, NULL,
	    PERM_ONCALL_PLAN, publish_fields, sizeof(struct publish_fin),
	    R_WRITE, 200, "oncall",
	    "Publier l'astreinte (un motif écrit s'il reste un trou dans "
	    "les 30 jours)",
	    "OncallPublication" },
	{ M_GET, "/api/v1/oncall/now", now_get_h, NULL, PERM_ONCALL_READ, NULL,
	    0, 0, 200, "oncall",
	    "Qui est d'astreinte maintenant, à chaque niveau (une requête)",
	    "OncallNow" },
	{ M_GET, "/api/v1/oncall/me", mine_get_h, NULL, PERM_ONCALL_READ, NULL,
	    0, 0, 200, "oncall",
	    "Mes créneaux d'astreinte des 60 jours à venir", "OncallMine" },
	{ M_GET, "/api/v1/oncall/feed.ics", feed_ics_h, NULL, 0, NULL, 0,
	    R_PUBLIC | R_RAW, 200, "oncall",
	    "Agenda iCalendar de mes astreintes (l'adresse secrète de la "
	    "tournée, sans session)",
	    NULL },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
