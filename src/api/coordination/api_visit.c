/*
 * Visits at home (issue 11): series, their occurrences over a window,
 * markings, and the CRT's calendar settings. Thin handlers: the rules,
 * the access decisions and the traces are in domain/coordination/visit.c
 * (and the CRT row in domain/directory/org.c). Replies are described with
 * the typed writer (json/jw.h).
 */
#include <stddef.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/ctx.h"
#include "domain/calendar.h"
#include "domain/coordination/visit.h"
#include "domain/directory/org.h"
#include "json/jv.h"
#include "json/jw.h"

/* ---- Descriptions ---------------------------------------------------- */

#define VWHO_F(X, S) \
	X(S, user_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Membre de l'équipe qui intervient") \
	X(S, display_name, JW_STR, JW_NULLABLE, NULL, NULL, "Son nom") \
	X(S, profession, JW_STR, JW_NULLABLE, NULL, NULL, "Sa profession") \
	X(S, profession_label, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Libellé de la profession") \
	X(S, org_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Organisation qui intervient") \
	X(S, org_name, JW_STR, JW_NULLABLE, NULL, NULL, "Son nom") \
	X(S, professional_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Professionnel de l'organisation") \
	X(S, professional, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Nom du professionnel")
JW_FIELDS(VWHO, VWHO_F);
JW_ROWS(VWHO, VWHO_F);
static const struct jw_schema vwho_schema =
    JW_INIT(VWHO, "VisitWho", "Qui intervient");

#define VPER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance (RNIV)") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénoms (RNIV)") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom d'usage") \
	X(S, commune, JW_STR, JW_NULLABLE, NULL, NULL, "Commune")
JW_FIELDS(VPER, VPER_F);
JW_ROWS(VPER, VPER_F);
static const struct jw_schema vper_schema =
    JW_INIT(VPER, "VisitPerson", "La personne visitée");

#define VMARK_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Pointage") \
	X(S, state, JW_ENUM, 0, visit_mark_state_codes, NULL, \
	    "Faite, non faite, déplacée") \
	X(S, arrived_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Arrivée (UTC)") \
	X(S, left_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, "Départ (UTC)") \
	X(S, how, JW_ENUM, JW_NULLABLE, visit_how_codes, NULL, \
	    "Pointée par le code QR ou à la main") \
	X(S, hand_reason, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Raison du pointage à la main") \
	X(S, reason_code, JW_ENUM, JW_NULLABLE, visit_reason_codes, NULL, \
	    "Motif d'une visite non faite") \
	X(S, reason_text, JW_STR, JW_NULLABLE, NULL, NULL, "Précision") \
	X(S, moved_start, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Nouveau début (UTC)") \
	X(S, moved_duration_min, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Nouvelle durée (minutes)") \
	X(S, marked_at, JW_DATETIME, 0, NULL, NULL, "Pointée le") \
	X(S, marked_by, JW_OBJ, 0, NULL, &api_user_ref_schema, "Par") \
	X(S, replaces_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Pointage corrigé par celui-ci")
JW_FIELDS(VMARK, VMARK_F);
JW_ROWS(VMARK, VMARK_F);
static const struct jw_schema vmark_schema =
    JW_INIT(VMARK, "VisitMark", "Pointage d'une visite");

#define VREF_F(X, S) \
	X(S, series_id, JW_INT, 0, NULL, NULL, "Série") \
	X(S, key, JW_DATETIME, 0, NULL, NULL, \
	    "Visite (début UTC de l'instance)")
JW_FIELDS(VREF, VREF_F);
JW_ROWS(VREF, VREF_F);
static const struct jw_schema vref_schema =
    JW_INIT(VREF, "VisitRef", "Une visite d'une série");

#define VOCC_F(X, S) \
	X(S, series_id, JW_INT, 0, NULL, NULL, "Série") \
	X(S, key, JW_DATETIME, 0, NULL, NULL, \
	    "Identité de la visite : début UTC de l'instance de la règle") \
	X(S, planned_start, JW_DATETIME, 0, NULL, NULL, "Début prévu (UTC)") \
	X(S, planned_end, JW_DATETIME, 0, NULL, NULL, "Fin prévue (UTC)") \
	X(S, local_start, JW_STR, 0, NULL, NULL, \
	    "Début prévu, heure locale du CRT (AAAA-MM-JJTHH:MM)") \
	X(S, state, JW_ENUM, 0, visit_state_codes, NULL, "État") \
	X(S, kind, JW_ENUM, 0, visit_kind_codes, NULL, "Type") \
	X(S, kind_label, JW_STR, 0, NULL, NULL, "Libellé du type") \
	X(S, critical, JW_BOOL, 0, NULL, NULL, "Visite critique") \
	X(S, holiday, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Jour férié de l'instance") \
	X(S, person, JW_OBJ, 0, NULL, &vper_schema, "Personne") \
	X(S, who, JW_OBJ, 0, NULL, &vwho_schema, "Qui intervient") \
	X(S, mark, JW_OBJ, JW_NULLABLE, NULL, &vmark_schema, \
	    "Pointage en vigueur") \
	X(S, history, JW_ARR, 0, NULL, &vmark_schema, \
	    "Pointages corrigés, du plus ancien au plus récent") \
	X(S, conflicts, JW_ARR, 0, NULL, &vref_schema, \
	    "Visites du même intervenant qui se chevauchent")
JW_FIELDS(VOCC, VOCC_F);
JW_ROWS(VOCC, VOCC_F);
const struct jw_schema api_visit_occ_schema =
    JW_INIT(VOCC, "VisitOccurrence", "Une visite (occurrence d'une série)");

#define VLIST_F(X, S) \
	X(S, from, JW_DATE, 0, NULL, NULL, "Du (date locale)") \
	X(S, to, JW_DATE, 0, NULL, NULL, "Au (inclus)") \
	X(S, items, JW_ARR, 0, NULL, &api_visit_occ_schema, \
	    "Visites, par début prévu")
JW_FIELDS(VLIST, VLIST_F);
JW_ROWS(VLIST, VLIST_F);
const struct jw_schema api_visit_list_schema =
    JW_INIT(VLIST, "VisitList", "Visites d'une période");

#define VSER_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Série") \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, who, JW_OBJ, 0, NULL, &vwho_schema, "Qui intervient") \
	X(S, kind, JW_ENUM, 0, visit_kind_codes, NULL, "Type") \
	X(S, kind_label, JW_STR, 0, NULL, NULL, "Libellé du type") \
	X(S, action_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Action du plan personnalisé") \
	X(S, starts_local, JW_STR, 0, NULL, NULL, \
	    "Premier début, heure locale (AAAA-MM-JJTHH:MM)") \
	X(S, duration_min, JW_INT, 0, NULL, NULL, "Durée (minutes)") \
	X(S, rrule, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Règle de récurrence RFC 5545 (null : une seule fois)") \
	X(S, exdates, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Exceptions : dates ou dates et heures locales, séparées par " \
	    "des virgules") \
	X(S, until_on, JW_DATE, JW_NULLABLE, NULL, NULL, \
	    "Dernier jour (inclus)") \
	X(S, holiday_policy, JW_ENUM, 0, calendar_policy_codes, NULL, \
	    "Les jours fériés") \
	X(S, critical, JW_BOOL, 0, NULL, NULL, "Visite critique") \
	X(S, grace_min, JW_INT, 0, NULL, NULL, \
	    "À pointer après ce délai (minutes)") \
	X(S, note, JW_STR, JW_NULLABLE, NULL, NULL, "Note") \
	X(S, replaces_id, JW_INT, JW_NULLABLE, NULL, NULL, \
	    "Série changée par celle-ci à partir de son début") \
	X(S, created_at, JW_DATETIME, 0, NULL, NULL, "Créée le") \
	X(S, updated_at, JW_DATETIME, 0, NULL, NULL, "Modifiée le") \
	X(S, ended_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Annulée le (avant son premier jour)")
JW_FIELDS(VSER, VSER_F);
JW_ROWS(VSER, VSER_F);
const struct jw_schema api_visit_series_schema =
    JW_INIT(VSER, "VisitSeries", "Série de visites");

#define VCAL_F(X, S) \
	X(S, timezone, JW_STR, 0, NULL, NULL, "Fuseau horaire du CRT") \
	X(S, departement, JW_STR, JW_NULLABLE, NULL, NULL, \
	    "Département (jours fériés)") \
	X(S, whit_monday_worked, JW_BOOL, 0, NULL, NULL, \
	    "Lundi de Pentecôte travaillé (journée de solidarité)")
JW_FIELDS(VCAL, VCAL_F);
JW_ROWS(VCAL, VCAL_F);
const struct jw_schema api_crt_calendar_schema =
    JW_INIT(VCAL, "CrtCalendar", "Calendrier du CRT");

static const char *
label_of(const char *const *codes, const char *const *labels, const char *c)
{
	int i = c ? jv_enum_index(codes, c) : -1;

	return i >= 0 ? labels[i] : c;
}

static void
write_who(struct jw *w, int f, const struct visit_series *s)
{
	int p = s->user_profession ? access_prof_from(s->user_profession) : -1;

	jw_obj_begin(w, f);
	jw_id_or_null(w, VWHO_user_id, s->user_id);
	jw_str(w, VWHO_display_name, s->user_name);
	jw_str(w, VWHO_profession, s->user_profession);
	jw_str(w, VWHO_profession_label, p >= 0 ? access_prof_labels[p] : NULL);
	jw_id_or_null(w, VWHO_org_id, s->org_id);
	jw_str(w, VWHO_org_name, s->org_name);
	jw_id_or_null(w, VWHO_professional_id, s->professional_id);
	jw_str(w, VWHO_professional, s->pro_name);
	jw_obj_end(w);
}

static void
write_mark_members(struct jw *w, const struct visit_mark *m)
{
	jw_int(w, VMARK_id, m->id);
	jw_str(w, VMARK_state, m->state);
	jw_str(w, VMARK_arrived_at, m->arrived_at);
	jw_str(w, VMARK_left_at, m->left_at);
	jw_str(w, VMARK_how, m->how);
	jw_str(w, VMARK_hand_reason, m->hand_reason);
	jw_str(w, VMARK_reason_code, m->reason_code);
	jw_str(w, VMARK_reason_text, m->reason_text);
	jw_str(w, VMARK_moved_start, m->moved_start);
	jw_id_or_null(w, VMARK_moved_duration_min, m->moved_duration_min);
	jw_str(w, VMARK_marked_at, m->marked_at);
	api_user_ref_write(w, VMARK_marked_by, m->marked_by, m->marked_by_name);
	jw_id_or_null(w, VMARK_replaces_id, m->replaces_id);
	jw_obj_end(w);
}

static void
write_occ(struct jw *w, const struct visit_occ *o)
{
	const struct visit_series *s = o->series;
	int i;

	jw_int(w, VOCC_series_id, s->id);
	jw_str(w, VOCC_key, o->key);
	jw_str(w, VOCC_planned_start, o->planned_start);
	jw_str(w, VOCC_planned_end, o->planned_end);
	jw_str(w, VOCC_local_start, o->local_start);
	jw_str(w, VOCC_state, o->state);
	jw_str(w, VOCC_kind, s->kind);
	jw_str(w, VOCC_kind_label,
	    label_of(visit_kind_codes, visit_kind_labels, s->kind));
	jw_bool(w, VOCC_critical, s->critical);
	jw_str(w, VOCC_holiday, o->holiday);
	jw_obj_begin(w, VOCC_person);
	jw_int(w, VPER_id, o->person->id);
	jw_str(w, VPER_birth_name, o->person->birth_name);
	jw_str(w, VPER_first_names, o->person->first_names);
	jw_str(w, VPER_birth_name_display, o->person->birth_name_display);
	jw_str(w, VPER_first_names_display, o->person->first_names_display);
	jw_str(w, VPER_used_name, o->person->used_name);
	jw_str(w, VPER_commune, o->person->commune);
	jw_obj_end(w);
	write_who(w, VOCC_who, s);
	if (o->mark != NULL) {
		jw_obj_begin(w, VOCC_mark);
		write_mark_members(w, o->mark);
	} else
		jw_null(w, VOCC_mark);
	jw_arr_begin(w, VOCC_history);
	for (i = 0; i < o->nhistory; i++) {
		jw_item_obj_begin(w);
		write_mark_members(w, o->history[i]);
	}
	jw_arr_end(w);
	jw_arr_begin(w, VOCC_conflicts);
	for (i = 0; i < o->nconflicts; i++) {
		jw_item_obj_begin(w);
		jw_int(w, VREF_series_id, o->conflicts[i].series_id);
		jw_str(w, VREF_key, o->conflicts[i].key);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* ---- GET /visits ------------------------------------------------------ */

static const char *const all_values[] = { "1", NULL };

static int
visit_list(struct ctx *ctx, struct req *req)
{
	struct visit_query q;
	struct visit_occ *v;
	const char *all;
	struct jw w;
	int n, i, rc, sel;

	memset(&q, 0, sizeof(q));
	rc = api_query_id(ctx, req, "person_id", &q.person_id);
	if (rc == E_OK)
		rc = api_query_id(ctx, req, "user_id", &q.user_id);
	if (rc == E_OK)
		rc = api_query_id(ctx, req, "org_id", &q.org_id);
	if (rc != E_OK)
		return rc;
	all = req_query(req, "all");
	if (all != NULL && strcmp(all, "1") != 0)
		return err_set(ctx, E_INVALID, "query.all.invalid", "all",
		    "Le paramètre « all » vaut 1 (toute la file active).");
	q.all = all != NULL;
	sel = (q.person_id != 0) + (q.user_id != 0) + (q.org_id != 0) + q.all;
	if (sel != 1)
		return err_set(ctx, E_INVALID, "visit.selector.invalid",
		    "person_id",
		    "Indiquez une personne (person_id), un intervenant "
		    "(user_id), une organisation (org_id) ou toute la file "
		    "active (all=1), un seul des quatre.");
	q.from = req_query(req, "from");
	q.to = req_query(req, "to");
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_visit_list_schema);
	jw_str(&w, VLIST_from, q.from);
	jw_str(&w, VLIST_to, q.to);
	jw_arr_begin(&w, VLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(&w);
		write_occ(&w, &v[i]);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	api_reply(req, &w);
	return E_OK;
}

/*
 * The record page's planning part (issue 10 §12, GET
 * /persons/{id}/record?include=visits&week=…): exactly GET
 * /visits?person_id=id&from=week&to=week+6, with its route permission.
 * `week` is the Monday the page shows (NULL: this week in the CRT's
 * zone, the page's own default), its reply's from/to name it.
 */
int
api_visits_part(struct ctx *ctx, int64_t id, const char *week, struct jw *w)
{
	struct calendar_local l;
	struct org_calendar cal;
	struct visit_query q;
	struct visit_occ *v;
	long d;
	int n, i, y, m, dd, rc;

	if (!access_permits(ctx->role, PERM_VISIT_READ))
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
	if (week != NULL) {
		if (calendar_parse_date(week, &l) != 0)
			return err_set(ctx, E_INVALID, "record.week.invalid",
			    "week",
			    "La semaine (week) est la date AAAA-MM-JJ de son "
			    "lundi.");
	} else {
		rc = org_crt_calendar(ctx, &cal);
		if (rc != E_OK)
			return rc;
		if (calendar_to_local(cal.timezone, time(NULL), &l) != 0)
			return err_set(ctx, E_INTERNAL, "internal", NULL,
			    "Erreur interne.");
	}
	d = calendar_days(l.y, l.m, l.d);
	d -= calendar_weekday(l.y, l.m, l.d);
	memset(&q, 0, sizeof(q));
	q.person_id = id;
	calendar_from_days(d, &y, &m, &dd);
	q.from = arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, dd);
	calendar_from_days(d + 6, &y, &m, &dd);
	q.to = arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, dd);
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	jw_begin(w, &api_visit_list_schema);
	jw_str(w, VLIST_from, q.from);
	jw_str(w, VLIST_to, q.to);
	jw_arr_begin(w, VLIST_items);
	for (i = 0; i < n; i++) {
		jw_item_obj_begin(w);
		write_occ(w, &v[i]);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	return E_OK;
}

/* ---- Series ----------------------------------------------------------- */

static int
series_reply(struct ctx *ctx, struct req *req, int64_t id)
{
	struct visit_series s;
	struct jw w;
	int rc = visit_get(ctx, id, &s);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_visit_series_schema);
	jw_int(&w, VSER_id, s.id);
	jw_int(&w, VSER_person_id, s.person_id);
	write_who(&w, VSER_who, &s);
	jw_str(&w, VSER_kind, s.kind);
	jw_str(&w, VSER_kind_label,
	    label_of(visit_kind_codes, visit_kind_labels, s.kind));
	jw_id_or_null(&w, VSER_action_id, s.action_id);
	jw_str(&w, VSER_starts_local, s.starts_local);
	jw_int(&w, VSER_duration_min, s.duration_min);
	jw_str(&w, VSER_rrule, s.rrule);
	jw_str(&w, VSER_exdates, s.exdates);
	jw_str(&w, VSER_until_on, s.until_on);
	jw_str(&w, VSER_holiday_policy, s.holiday_policy);
	jw_bool(&w, VSER_critical, s.critical);
	jw_int(&w, VSER_grace_min, s.grace_min);
	jw_str(&w, VSER_note, s.note);
	jw_id_or_null(&w, VSER_replaces_id, s.replaces_id);
	jw_str(&w, VSER_created_at, s.created_at);
	jw_str(&w, VSER_updated_at, s.updated_at);
	jw_str(&w, VSER_ended_at, s.ended_at);
	api_reply(req, &w);
	return E_OK;
}

static int
series_get(struct ctx *ctx, struct req *req)
{
	return series_reply(ctx, req, req->ids[0]);
}

/* The series' fields, as the creation and the change take them. */
struct series_in {
	struct jv_int person_id, user_id, org_id, professional_id, action_id;
	struct jv_int duration_min, grace_min;
	struct jv_str from, starts_local, kind, rrule, exdates, until_on;
	struct jv_str holiday_policy, note;
	struct jv_bool critical;
};

#define SF(n, t, fl, min, max, en, lab) \
	{ \
#n, t, offsetof(struct series_in, n), fl, min, max, en, lab, \
		    NULL, 0 \
	}
/* Integers and texts the domain checks with visit.<field>.invalid get
 * wide limits here. */
#define SERIES_FIELDS(REQ) \
	SF(user_id, JV_INT, JV_NULL, 1, 0, NULL, "Membre de l'équipe"), \
	    SF(org_id, JV_INT, JV_NULL, 1, 0, NULL, "Organisation"), \
	    SF(professional_id, JV_INT, JV_NULL, 1, 0, NULL, "Professionnel"), \
	    SF(action_id, JV_INT, JV_NULL, 1, 0, NULL, \
		"Action du plan personnalisé"), \
	    SF(starts_local, JV_STR, REQ, 1, 40, NULL, "Début"), \
	    SF(duration_min, JV_INT, REQ, -1000000, 1000000, NULL, "Durée"), \
	    SF(kind, JV_ENUM, REQ, 0, 0, visit_kind_codes, "Type"), \
	    SF(rrule, JV_STR, JV_NULL, 0, 600, NULL, "Récurrence"), \
	    SF(exdates, JV_STR, JV_NULL, 0, 4000, NULL, "Exceptions"), \
	    SF(until_on, JV_STR, JV_NULL, 0, 40, NULL, "Dernier jour"), \
	    SF(holiday_policy, JV_ENUM, 0, 0, 0, calendar_policy_codes, \
		"Jours fériés"), \
	    SF(critical, JV_BOOL, 0, 0, 0, NULL, "Visite critique"), \
	    SF(grace_min, JV_INT, 0, -1000000, 1000000, NULL, \
		"Délai de pointage"), \
	    SF(note, JV_STR, JV_NULL | JV_MULTI, 0, 2000, NULL, "Note")

static const struct jv_field create_fields[] = { SF(person_id, JV_INT, JV_REQ,
						     1, 0, NULL, "Personne"),
	SERIES_FIELDS(JV_REQ), { NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

static const struct jv_field change_fields[] = { SF(from, JV_STR, JV_REQ, 1, 40,
						     NULL, "Date d'effet"),
	SERIES_FIELDS(0), { NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
#undef SF

static const char *
text_of(const struct jv_str *f, const char *old)
{
	if (!f->set)
		return old;
	return f->null || f->s == NULL || *f->s == '\0' ? NULL : f->s;
}

static int
series_create(struct ctx *ctx, struct req *req)
{
	const struct series_in *in = req->in;
	struct visit_in v;
	int64_t id;
	int rc;

	memset(&v, 0, sizeof(v));
	v.person_id = in->person_id.v;
	v.user_id = jv_int_or(&in->user_id, 0);
	v.org_id = jv_int_or(&in->org_id, 0);
	v.professional_id = jv_int_or(&in->professional_id, 0);
	v.action_id = jv_int_or(&in->action_id, 0);
	v.kind = in->kind.s;
	v.starts_local = in->starts_local.s;
	v.duration_min = in->duration_min.v;
	v.rrule = text_of(&in->rrule, NULL);
	v.exdates = text_of(&in->exdates, NULL);
	v.until_on = text_of(&in->until_on, NULL);
	v.holiday_policy =
	    in->holiday_policy.set ? in->holiday_policy.s : "keep";
	v.grace_min = jv_int_or(&in->grace_min, 15);
	v.critical = in->critical.set && in->critical.v;
	v.note = text_of(&in->note, NULL);
	rc = visit_create(ctx, &v, &id);
	if (rc != E_OK)
		return rc;
	api_id_reply(req, id);
	return E_OK;
}

static int
series_patch(struct ctx *ctx, struct req *req)
{
	const struct series_in *in = req->in;
	struct visit_series s;
	struct visit_in v;
	int64_t id;
	int rc;

	rc = visit_get(ctx, req->ids[0], &s);
	if (rc != E_OK)
		return rc;
	/* The change is the old series with the fields given. */
	memset(&v, 0, sizeof(v));
	v.user_id = s.user_id;
	v.org_id = s.org_id;
	v.professional_id = s.professional_id;
	if (in->user_id.set) {
		v.user_id = jv_int_or(&in->user_id, 0);
		if (v.user_id != 0)
			v.org_id = v.professional_id = 0;
	}
	if (in->org_id.set) {
		v.org_id = jv_int_or(&in->org_id, 0);
		if (v.org_id != 0)
			v.user_id = 0;
		if (v.org_id != s.org_id)
			v.professional_id = 0;
	}
	if (in->professional_id.set)
		v.professional_id = jv_int_or(&in->professional_id, 0);
	v.action_id =
	    in->action_id.set ? jv_int_or(&in->action_id, 0) : s.action_id;
	v.kind = in->kind.set ? in->kind.s : s.kind;
	v.starts_local = in->starts_local.set ? in->starts_local.s : NULL;
	v.duration_min =
	    in->duration_min.set ? in->duration_min.v : s.duration_min;
	v.rrule = text_of(&in->rrule, s.rrule);
	v.exdates = text_of(&in->exdates, s.exdates);
	v.until_on = text_of(&in->until_on, s.until_on);
	v.holiday_policy =
	    in->holiday_policy.set ? in->holiday_policy.s : s.holiday_policy;
	v.grace_min = jv_int_or(&in->grace_min, s.grace_min);
	v.critical = in->critical.set ? in->critical.v : s.critical;
	v.note = text_of(&in->note, s.note);
	rc = visit_change(ctx, s.id, in->from.s, &v, &id);
	if (rc != E_OK)
		return rc;
	return series_reply(ctx, req, id);
}

static int
series_delete(struct ctx *ctx, struct req *req)
{
	int rc = visit_cancel(ctx, req->ids[0], req_query(req, "from"));

	if (rc != E_OK)
		return rc;
	return series_reply(ctx, req, req->ids[0]);
}

/* ---- Markings --------------------------------------------------------- */

struct mark_in {
	struct jv_str key, state, arrived_at, left_at, how, hand_reason;
	struct jv_str reason_code, reason_text, moved_to_local;
	struct jv_int moved_duration_min;
};

#define MF(n, t, fl, min, max, en, lab) \
	{ \
#n, t, offsetof(struct mark_in, n), fl, min, max, en, lab, \
		    NULL, 0 \
	}
static const struct jv_field mark_fields[] = { MF(key, JV_STR, JV_REQ, 1, 40,
						   NULL, "Visite"),
	MF(state, JV_ENUM, JV_REQ, 0, 0, visit_mark_state_codes, "État"),
	MF(arrived_at, JV_STR, JV_NULL, 1, 40, NULL, "Arrivée"),
	MF(left_at, JV_STR, JV_NULL, 1, 40, NULL, "Départ"),
	MF(how, JV_ENUM, JV_NULL, 0, 0, visit_how_codes, "Pointage"),
	MF(hand_reason, JV_STR, JV_NULL, 1, 300, NULL,
	    "Raison du pointage à la main"),
	MF(reason_code, JV_ENUM, JV_NULL, 0, 0, visit_reason_codes, "Motif"),
	MF(reason_text, JV_STR, JV_NULL | JV_MULTI, 1, 1000, NULL, "Précision"),
	MF(moved_to_local, JV_STR, JV_NULL, 1, 40, NULL, "Nouvel horaire"),
	MF(moved_duration_min, JV_INT, JV_NULL, -1000000, 1000000, NULL,
	    "Nouvelle durée"),
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
#undef MF

static int
mark_post(struct ctx *ctx, struct req *req)
{
	const struct mark_in *in = req->in;
	struct visit_mark_in m;
	struct visit_occ o;
	struct jw w;
	int rc;

	memset(&m, 0, sizeof(m));
	m.key = in->key.s;
	m.state = in->state.s;
	m.arrived_at = text_of(&in->arrived_at, NULL);
	m.left_at = text_of(&in->left_at, NULL);
	m.how = text_of(&in->how, NULL);
	m.hand_reason = text_of(&in->hand_reason, NULL);
	m.reason_code = text_of(&in->reason_code, NULL);
	m.reason_text = text_of(&in->reason_text, NULL);
	m.moved_to_local = text_of(&in->moved_to_local, NULL);
	m.moved_duration_min = jv_int_or(&in->moved_duration_min, 0);
	/* « With the QR code » is the proof of presence: only the scan at
	 * the door says it (POST /api/v1/visits/scan), never a form. */
	if (m.how != NULL && strcmp(m.how, "qr") == 0)
		return err_set(ctx, E_INVALID, "visit.how.scan_only", "how",
		    "Une visite n'est « pointée avec le QR code » que par le "
		    "scan du QR code au domicile : ici, indiquez hand et la "
		    "raison.");
	rc = visit_mark(ctx, req->ids[0], &m, &o);
	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_visit_occ_schema);
	write_occ(&w, &o);
	api_reply(req, &w);
	return E_OK;
}

/* ---- The CRT's calendar ------------------------------------------------ */

static int
calendar_reply(struct ctx *ctx, struct req *req)
{
	struct org_calendar c;
	struct jw w;
	int rc = org_crt_calendar(ctx, &c);

	if (rc != E_OK)
		return rc;
	jw_begin(&w, &api_crt_calendar_schema);
	jw_str(&w, VCAL_timezone, c.timezone);
	jw_str(&w, VCAL_departement, c.departement);
	jw_bool(&w, VCAL_whit_monday_worked, c.whit_monday_worked);
	api_reply(req, &w);
	return E_OK;
}

struct cal_in {
	struct jv_str timezone, departement;
	struct jv_bool whit_monday_worked;
};

static const struct jv_field cal_fields[] = {
	{ "timezone", JV_STR, offsetof(struct cal_in, timezone), 0, 1, 64, NULL,
	    "Fuseau horaire", NULL, 0 },
	{ "departement", JV_STR, offsetof(struct cal_in, departement), JV_NULL,
	    1, 3, NULL, "Département", NULL, 0 },
	{ "whit_monday_worked", JV_BOOL,
	    offsetof(struct cal_in, whit_monday_worked), 0, 0, 0, NULL,
	    "Lundi de Pentecôte travaillé", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
calendar_patch(struct ctx *ctx, struct req *req)
{
	const struct cal_in *in = req->in;
	struct org_calendar c;
	int rc = org_crt_calendar(ctx, &c);

	if (rc != E_OK)
		return rc;
	c.timezone = text_of(&in->timezone, c.timezone);
	c.departement = text_of(&in->departement, c.departement);
	if (in->whit_monday_worked.set)
		c.whit_monday_worked = in->whit_monday_worked.v;
	rc = org_crt_calendar_set(ctx, &c);
	if (rc != E_OK)
		return rc;
	return calendar_reply(ctx, req);
}

static int
calendar_get(struct ctx *ctx, struct req *req)
{
	return calendar_reply(ctx, req);
}

/* ---- Rows ------------------------------------------------------------- */

static const struct route_param list_params[] = {
	{ "person_id", JV_INT, 1, 0, NULL, NULL, "Les visites d'une personne" },
	{ "user_id", JV_INT, 1, 0, NULL, NULL,
	    "La tournée d'un membre de l'équipe" },
	{ "org_id", JV_INT, 1, 0, NULL, NULL,
	    "Les visites d'une organisation" },
	{ "all", JV_ENUM, 0, 0, all_values, NULL,
	    "Toute la file active (1 ; coordination, direction, médecin, "
	    "secrétariat)" },
	{ "from", JV_DATE, 0, 0, NULL, NULL, "Du (date locale)" },
	{ "to", JV_DATE, 0, 0, NULL, NULL,
	    "Au, inclus (92 jours au plus ; 366 avec all=1)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_param delete_params[] = {
	{ "from", JV_DATE, 0, 0, NULL, NULL,
	    "Annuler à partir de ce jour (aujourd'hui ou plus tard)" },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};

static const struct route_error list_errors[] = { API_ACCESS_ERRORS,
	{ E_INVALID, "query.person_id.invalid" },
	{ E_INVALID, "query.user_id.invalid" },
	{ E_INVALID, "query.org_id.invalid" },
	{ E_INVALID, "query.all.invalid" },
	{ E_INVALID, "visit.selector.invalid" },
	{ E_INVALID, "visit.from.invalid" }, { E_INVALID, "visit.to.invalid" },
	{ E_INVALID, "visit.window.invalid" }, { E_FORBIDDEN, "visit.scope" },
	{ E_TOOBIG, "request.too_big" }, { 0, NULL } };

#define SERIES_ERRORS \
	{ E_INVALID, "visit.user_id.invalid" }, \
	    { E_INVALID, "visit.org_id.invalid" }, \
	    { E_INVALID, "visit.professional_id.invalid" }, \
	    { E_INVALID, "visit.kind.invalid" }, \
	    { E_INVALID, "visit.action_id.invalid" }, \
	    { E_INVALID, "visit.starts_local.invalid" }, \
	    { E_INVALID, "visit.duration_min.invalid" }, \
	    { E_INVALID, "visit.rrule.invalid" }, \
	    { E_INVALID, "visit.exdates.invalid" }, \
	    { E_INVALID, "visit.until_on.invalid" }, \
	    { E_INVALID, "visit.holiday_policy.invalid" }, \
	{ \
		E_INVALID, "visit.grace_min.invalid" \
	}

static const struct route_error create_errors[] = { API_ACCESS_ERRORS,
	SERIES_ERRORS, { 0, NULL } };

static const struct route_error change_errors[] = { SERIES_ERRORS,
	{ E_NOT_FOUND, "visit.not_found" }, { E_INVALID, "visit.from.invalid" },
	{ E_CONFLICT, "visit.ended" }, { 0, NULL } };

static const struct route_error get_errors[] = {
	{ E_NOT_FOUND, "visit.not_found" }, { 0, NULL }
};

static const struct route_error cancel_errors[] = {
	{ E_NOT_FOUND, "visit.not_found" }, { E_INVALID, "visit.from.invalid" },
	{ E_CONFLICT, "visit.ended" }, { 0, NULL }
};

static const struct route_error mark_errors[] = { { E_NOT_FOUND,
						      "visit.not_found" },
	{ E_NOT_FOUND, "visit.occurrence.not_found" },
	{ E_FORBIDDEN, "visit.mark.forbidden" },
	{ E_INVALID, "visit.key.invalid" },
	{ E_INVALID, "visit.state.invalid" },
	{ E_INVALID, "visit.arrived_at.invalid" },
	{ E_INVALID, "visit.left_at.invalid" },
	{ E_INVALID, "visit.how.invalid" },
	{ E_INVALID, "visit.how.scan_only" },
	{ E_INVALID, "visit.hand_reason.invalid" },
	{ E_INVALID, "visit.reason_code.invalid" },
	{ E_INVALID, "visit.reason_text.invalid" },
	{ E_INVALID, "visit.moved_to_local.invalid" },
	{ E_INVALID, "visit.moved_duration_min.invalid" }, { 0, NULL } };

static const struct route_error calendar_errors[] = {
	{ E_INVALID, "settings.timezone.invalid" },
	{ E_INVALID, "settings.departement.invalid" }, { 0, NULL }
};

const struct route_doc api_visit_docs[] = { { M_GET, "/api/v1/visits",
						list_params, list_errors },
	{ M_POST, "/api/v1/visits", NULL, create_errors },
	{ M_GET, "/api/v1/visits/series/{id}", NULL, get_errors },
	{ M_PATCH, "/api/v1/visits/series/{id}", NULL, change_errors },
	{ M_DELETE, "/api/v1/visits/series/{id}", delete_params,
	    cancel_errors },
	{ M_POST, "/api/v1/visits/series/{id}/marks", NULL, mark_errors },
	{ M_PATCH, "/api/v1/crt/calendar", NULL, calendar_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_visit_routes[] = {
	{ M_GET, "/api/v1/visits", visit_list, NULL, PERM_VISIT_READ, NULL, 0,
	    0, 200, "visit",
	    "Visites d'une période : d'une personne, d'une tournée, d'une "
	    "organisation ou de toute la file active, avec leur état, leur "
	    "pointage et leurs chevauchements",
	    "VisitList" },
	{ M_POST, "/api/v1/visits", series_create, NULL, PERM_VISIT_PLAN,
	    create_fields, sizeof(struct series_in), R_WRITE, 201, "visit",
	    "Planifier une visite, unique ou récurrente (RRULE)", "Id" },
	{ M_GET, "/api/v1/visits/series/{id}", series_get, NULL,
	    PERM_VISIT_READ, NULL, 0, 0, 200, "visit", "Une série de visites",
	    "VisitSeries" },
	{ M_PATCH, "/api/v1/visits/series/{id}", series_patch, NULL,
	    PERM_VISIT_PLAN, change_fields, sizeof(struct series_in), R_WRITE,
	    200, "visit",
	    "Changer une série à partir d'une date (le passé ne change pas) : "
	    "répond la nouvelle série",
	    "VisitSeries" },
	{ M_DELETE, "/api/v1/visits/series/{id}", series_delete, NULL,
	    PERM_VISIT_PLAN, NULL, 0, R_WRITE, 200, "visit",
	    "Arrêter une série à partir d'une date (?from=)", "VisitSeries" },
	{ M_POST, "/api/v1/visits/series/{id}/marks", mark_post, NULL,
	    PERM_VISIT_MARK, mark_fields, sizeof(struct mark_in), R_WRITE, 201,
	    "visit",
	    "Pointer une visite : faite, non faite ou déplacée (une "
	    "correction garde le pointage précédent)",
	    "VisitOccurrence" },
	{ M_GET, "/api/v1/crt/calendar", calendar_get, NULL, PERM_VISIT_READ,
	    NULL, 0, 0, 200, "visit",
	    "Calendrier du CRT : fuseau, département, lundi de Pentecôte",
	    "CrtCalendar" },
	{ M_PATCH, "/api/v1/crt/calendar", calendar_patch, NULL,
	    PERM_CRT_SETTINGS, cal_fields, sizeof(struct cal_in), R_WRITE, 200,
	    "visit", "Changer le calendrier du CRT", "CrtCalendar" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
