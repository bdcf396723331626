/*
 * Editing and publishing the on-call roster (issue 13). Owns the writes
 * to the oncall_* tables; every edit marks the roster as a draft
 * (oncall_roster.edited_at) until it is published again. The rules of a
 * slot (an enabled account with a phone, a profession fit for the level)
 * are checked here, when a slot is given; what changes later (an account
 * disabled) shows as a gap of the computed roster (roster.c).
 */
#include <string.h>

#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/event.h"
#include "domain/oncall/roster.h"
#include "domain/oncall/roster_edit.h"
#include "json/jv.h"

#define REASON_MAX 1000
#define NAME_MAX_ 120
#define FIXED_MAX 5
#define MEMBERS_MAX 20
#define TURN_DAYS_MAX 28

const char *
roster_edit_tz(struct ctx *ctx)
{
	struct db_stmt *st;
	const char *tz = "Europe/Paris";

	st = db_stmt(ctx->db, Q_ROSTER_CRT);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) == DB_ROW && !db_col_null(st, 0) &&
	    calendar_zone_ok(db_col_text(st, 0)))
		tz = db_col_dup(ctx, st, 0);
	return tz;
}

/* A phone number: digits, spaces, dots, dashes, a leading +; 2 digits
 * at least ("15"), 20 characters at most. */
static int
phone_ok(const char *p)
{
	int digits = 0;
	size_t i, n;

	if (p == NULL)
		return 0;
	n = strlen(p);
	if (n < 2 || n > 20)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			digits++;
		else if (!(p[i] == ' ' || p[i] == '.' || p[i] == '-' ||
			     (p[i] == '+' && i == 0)))
			return 0;
	}
	return digits >= 2;
}

static int
text_ok(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && !jv_has_ctl(s, strlen(s), 0) &&
	    jv_utf8_len(s, strlen(s)) <= max;
}

/* Every roster write ends here: its date and author, and the event that
 * makes each live stream take its user's duty again at once (the on-call
 * grant, http/live.c) rather than at the next minute. */
static int
touch(struct ctx *ctx)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ROSTER_TOUCH);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->user_id);
	return event_emit_if(ctx, db_run(ctx, st), "oncall.changed", 0, 0);
}

static int
phone_store(struct ctx *ctx, int64_t user_id, const char *phone)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ROSTER_PHONE_SET);

	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_text(st, 3, phone);
	db_bind_text(st, 4, ctx->now);
	return db_run(ctx, st);
}

/*
 * SPEC: issue 13 — a slot cannot go to a disabled account or to someone
 * without a phone, and its profession must fit the level. A team
 * member's phone given here becomes her on-call phone.
 */
static int
member_check(struct ctx *ctx, int level, const struct roster_member_in *m)
{
	struct db_stmt *st;
	enum db_res r;
	char *prof, *phone;
	int disabled, proche;

	if ((m->user_id != 0) == (m->org_id != 0))
		return err_set(ctx, E_INVALID, "oncall.member.invalid",
		    "members",
		    "Chaque personne d'astreinte est un membre de l'équipe "
		    "(user_id) ou l'infirmier(ère) de nuit mutualisé(e) d'un "
		    "partenaire (org_id, name, phone).");
	if (m->phone != NULL && m->phone[0] != '\0' && !phone_ok(m->phone))
		return err_set(ctx, E_INVALID, "oncall.phone.invalid", "phone",
		    "Le numéro de téléphone n'est pas valide (chiffres, "
		    "espaces, points, tirets, + au début).");
	if (m->org_id != 0) {
		if (level != 2)
			return err_set(ctx, E_INVALID,
			    "oncall.member.profession", "members",
			    "L'infirmier(ère) de nuit mutualisé(e) d'un "
			    "partenaire ne peut tenir que le niveau 2.");
		st = db_stmt(ctx->db, Q_ROSTER_ORG);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, m->org_id);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
		if (r != DB_ROW)
			return err_set(ctx, E_INVALID, "oncall.member.unknown",
			    "members",
			    "Ce partenaire n'existe pas ou est archivé.");
		if (!text_ok(m->name, NAME_MAX_))
			return err_set(ctx, E_INVALID, "oncall.name.invalid",
			    "name",
			    "Nommez l'infirmier(ère) de nuit du partenaire "
			    "(120 caractères au plus).");
		if (m->phone == NULL || m->phone[0] == '\0')
			return err_set(ctx, E_INVALID, "oncall.member.no_phone",
			    "phone",
			    "Sans numéro de téléphone, personne ne peut être "
			    "d'astreinte : indiquez celui de l'infirmier(ère) "
			    "de nuit du partenaire.");
		return E_OK;
	}
	st = db_stmt(ctx->db, Q_ROSTER_USER);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, m->user_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return err_set(ctx, E_INVALID, "oncall.member.unknown",
		    "members", "Ce membre de l'équipe n'existe pas.");
	prof = db_col_dup(ctx, st, 2);
	disabled = db_col_i64(st, 3) != 0;
	proche = strcmp(db_col_text(st, 4), "proche") == 0 ||
	    strcmp(db_col_text(st, 4), "admin") == 0;
	phone = db_col_dup(ctx, st, 5);
	if (disabled)
		return err_set(ctx, E_INVALID, "oncall.member.disabled",
		    "members",
		    "Ce compte est désactivé : il ne peut pas être "
		    "d'astreinte.");
	if (proche || !roster_level_allows(level, prof))
		return err_set(ctx, E_INVALID, "oncall.member.profession",
		    "members",
		    level == 1
			? "Le niveau 1 est tenu par un(e) aide-soignant(e), "
			  "une ASG, une aide à domicile, un(e) "
			  "infirmier(ère) ou un médecin."
			: "Le niveau 2 est tenu par un(e) infirmier(ère) "
			  "ou un médecin.");
	if (m->phone != NULL && m->phone[0] != '\0')
		return phone_store(ctx, m->user_id, m->phone);
	if (phone == NULL || phone[0] == '\0')
		return err_set(ctx, E_INVALID, "oncall.member.no_phone",
		    "phone",
		    "Sans numéro de téléphone, personne ne peut être "
		    "d'astreinte : indiquez son téléphone d'astreinte.");
	return E_OK;
}

static int
hm_ok(const char *s)
{
	return s != NULL && strlen(s) == 5 && s[2] == ':' && s[0] >= '0' &&
	    s[0] <= '2' && s[1] >= '0' && s[1] <= '9' && s[3] >= '0' &&
	    s[3] <= '5' && s[4] >= '0' && s[4] <= '9' &&
	    (s[0] - '0') * 10 + (s[1] - '0') <= 23;
}

static int
kind_ok(const char *k)
{
	int i;

	for (i = 0; k != NULL && i < ROSTER__MAX; i++)
		if (strcmp(roster_kind_codes[i], k) == 0)
			return 1;
	return 0;
}

int
roster_edit_layer_put(
    struct ctx *ctx, const struct roster_layer_in *in, int64_t *id)
{
	struct calendar_local l;
	struct db_stmt *st;
	enum db_res r;
	int i, rc;

	if (!kind_ok(in->kind))
		return err_set(ctx, E_INVALID, "oncall.kind.invalid", "kind",
		    "La plage (kind) est day, night, weekend ou holiday.");
	if (in->level != 1 && in->level != 2)
		return err_set(ctx, E_INVALID, "oncall.level.invalid", "level",
		    "Le niveau est 1 (levée de doute) ou 2 (infirmier(ère) "
		    "ou médecin).");
	if (!hm_ok(in->start_hm) || !hm_ok(in->end_hm))
		return err_set(ctx, E_INVALID, "oncall.time.invalid", "start",
		    "Les heures de début et de fin s'écrivent HH:MM (heure "
		    "locale).");
	if (strcmp(in->start_hm, in->end_hm) == 0 &&
	    strcmp(in->kind, "night") == 0)
		return err_set(ctx, E_INVALID, "oncall.time.invalid", "end",
		    "Une nuit ne dure pas 24 heures : la fin doit différer du "
		    "début.");
	if (in->rotation_start == NULL ||
	    calendar_parse_date(in->rotation_start, &l) != 0)
		return err_set(ctx, E_INVALID, "oncall.rotation_start.invalid",
		    "rotation_start",
		    "La date de début du roulement s'écrit AAAA-MM-JJ.");
	if (in->turn_days < 1 || in->turn_days > TURN_DAYS_MAX)
		return err_set(ctx, E_INVALID, "oncall.turn_days.invalid",
		    "turn_days",
		    "Chaque tour dure de 1 à 28 jours (turn_days).");
	if (in->n_members < 1 || in->n_members > MEMBERS_MAX)
		return err_set(ctx, E_INVALID, "oncall.members.invalid",
		    "members",
		    "Le roulement compte de 1 à 20 personnes (members).");
	for (i = 0; i < in->n_members; i++) {
		rc = member_check(ctx, in->level, &in->members[i]);
		if (rc != E_OK)
			return rc;
	}
	st = db_stmt(ctx->db, Q_ROSTER_LAYER_UPSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, in->kind);
	db_bind_i64(st, 3, in->level);
	db_bind_text(st, 4, in->start_hm);
	db_bind_text(st, 5, in->end_hm);
	db_bind_text(st, 6, in->rotation_start);
	db_bind_i64(st, 7, in->turn_days);
	db_bind_text(st, 8, ctx->now);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	(void)db_step(ctx, st);
	st = db_stmt(ctx->db, Q_ROSTER_MEMBERS_CLEAR);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, *id);
	rc = db_run(ctx, st);
	for (i = 0; rc == E_OK && i < in->n_members; i++) {
		const struct roster_member_in *m = &in->members[i];

		st = db_stmt(ctx->db, Q_ROSTER_MEMBER_INSERT);
		db_bind_i64(st, 1, *id);
		db_bind_i64(st, 2, i);
		if (m->user_id) {
			db_bind_i64(st, 3, m->user_id);
			db_bind_null(st, 4);
			db_bind_null(st, 5);
			db_bind_null(st, 6);
		} else {
			db_bind_null(st, 3);
			db_bind_i64(st, 4, m->org_id);
			db_bind_text(st, 5, m->name);
			db_bind_text(st, 6, m->phone);
		}
		rc = db_run(ctx, st);
	}
	return rc == E_OK ? touch(ctx) : rc;
}

int
roster_edit_layer_delete(struct ctx *ctx, int64_t id)
{
	struct db_stmt *st;
	int rc;

	st = db_stmt(ctx->db, Q_ROSTER_MEMBERS_CLEAR);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	st = db_stmt(ctx->db, Q_ROSTER_LAYER_DELETE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) != 1)
		return err_set(ctx, E_NOT_FOUND, "oncall.layer.not_found", NULL,
		    "Cette plage d'astreinte n'existe pas.");
	return rc == E_OK ? touch(ctx) : rc;
}

int
roster_edit_phone_set(struct ctx *ctx, int64_t user_id, const char *phone)
{
	struct db_stmt *st;
	enum db_res r;
	int rc;

	if (!phone_ok(phone))
		return err_set(ctx, E_INVALID, "oncall.phone.invalid", "phone",
		    "Le numéro de téléphone n'est pas valide (chiffres, "
		    "espaces, points, tirets, + au début).");
	st = db_stmt(ctx->db, Q_ROSTER_USER);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, user_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r != DB_ROW)
		return err_set(ctx, E_NOT_FOUND, "oncall.member.unknown", NULL,
		    "Ce membre de l'équipe n'existe pas.");
	(void)db_step(ctx, st);
	rc = phone_store(ctx, user_id, phone);
	return rc == E_OK ? touch(ctx) : rc;
}

int
roster_edit_fixed_set(struct ctx *ctx, const struct roster_fixed *f, int n)
{
	struct db_stmt *st;
	int i, rc;

	if (n > FIXED_MAX)
		return err_set(ctx, E_INVALID, "oncall.fixed.invalid", "items",
		    "Cinq numéros fixes au plus.");
	for (i = 0; i < n; i++) {
		if (!text_ok(f[i].label, NAME_MAX_))
			return err_set(ctx, E_INVALID, "oncall.fixed.invalid",
			    "label", "Nommez chaque numéro fixe.");
		if (!phone_ok(f[i].phone))
			return err_set(ctx, E_INVALID, "oncall.phone.invalid",
			    "phone",
			    "Le numéro de téléphone n'est pas valide (chiffres, "
			    "espaces, points, tirets, + au début).");
	}
	st = db_stmt(ctx->db, Q_ROSTER_FIXED_CLEAR);
	db_bind_i64(st, 1, ctx->crt_id);
	rc = db_run(ctx, st);
	for (i = 0; rc == E_OK && i < n; i++) {
		st = db_stmt(ctx->db, Q_ROSTER_FIXED_INSERT);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, i);
		db_bind_text(st, 3, f[i].label);
		db_bind_text(st, 4, f[i].phone);
		rc = db_run(ctx, st);
	}
	return rc == E_OK ? touch(ctx) : rc;
}

/* A local "YYYY-MM-DDTHH:MM" in the CRT's zone to UTC. */
static int
local_utc(struct ctx *ctx, const char *tz, const char *s, const char *field,
    time_t *t)
{
	struct calendar_local l;

	if (s == NULL || calendar_parse_local(s, &l) != 0 ||
	    (*t = calendar_to_utc(tz, &l)) == (time_t)-1)
		return err_set(ctx, E_INVALID,
		    arena_printf(&ctx->arena, "oncall.%s.invalid", field),
		    field,
		    "La date et l'heure s'écrivent AAAA-MM-JJTHH:MM (heure "
		    "locale).");
	return E_OK;
}

static int
override_insert(struct ctx *ctx, int level, time_t start, time_t end,
    const struct roster_member_in *who, const char *kind, int64_t swap_of,
    const char *reason, int64_t *id)
{
	char s[CLOCK_ISO_LEN + 1], e[CLOCK_ISO_LEN + 1];
	struct db_stmt *st;
	enum db_res r;

	clock_fmt_iso(s, start, 0);
	clock_fmt_iso(e, end, 0);
	st = db_stmt(ctx->db, Q_ROSTER_OVERRIDE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, level);
	db_bind_text(st, 3, s);
	db_bind_text(st, 4, e);
	db_bind_null(st, 5);
	db_bind_null(st, 6);
	db_bind_null(st, 7);
	db_bind_null(st, 8);
	if (who->user_id)
		db_bind_i64(st, 5, who->user_id);
	else if (who->org_id) {
		db_bind_i64(st, 6, who->org_id);
		db_bind_text(st, 7, who->name);
		db_bind_text(st, 8, who->phone);
	}
	db_bind_text(st, 9, kind);
	if (swap_of)
		db_bind_i64(st, 10, swap_of);
	else
		db_bind_null(st, 10);
	if (reason != NULL && reason[0] != '\0')
		db_bind_text(st, 11, reason);
	else
		db_bind_null(st, 11);
	db_bind_i64(st, 12, ctx->user_id);
	db_bind_text(st, 13, ctx->now);
	r = db_step(ctx, st);
	if (r != DB_ROW)
		return r == DB_ERR ? ctx->err : E_INTERNAL;
	*id = db_col_i64(st, 0);
	(void)db_step(ctx, st);
	return E_OK;
}

static int
reason_check(struct ctx *ctx, const char *reason)
{
	if (reason != NULL && jv_utf8_len(reason, strlen(reason)) > REASON_MAX)
		return err_set(ctx, E_INVALID, "oncall.reason.invalid",
		    "reason", "Le motif tient en 1000 caractères au plus.");
	return E_OK;
}

int
roster_edit_override_create(struct ctx *ctx, int level, const char *start,
    const char *end, const struct roster_member_in *who, const char *reason,
    int64_t *id)
{
	const char *tz = roster_edit_tz(ctx);
	time_t s, e;
	int rc;

	if (level != 1 && level != 2)
		return err_set(ctx, E_INVALID, "oncall.level.invalid", "level",
		    "Le niveau est 1 (levée de doute) ou 2 (infirmier(ère) "
		    "ou médecin).");
	rc = local_utc(ctx, tz, start, "start", &s);
	if (rc == E_OK)
		rc = local_utc(ctx, tz, end, "end", &e);
	if (rc != E_OK)
		return rc;
	if (e <= s || e - s > 31L * 86400)
		return err_set(ctx, E_INVALID, "oncall.end.invalid", "end",
		    "La fin du remplacement suit son début, de 31 jours au "
		    "plus.");
	rc = reason_check(ctx, reason);
	if (rc != E_OK)
		return rc;
	/* SPEC: issue 13 — nobody given: the slot is vacant (a leave not
	 * yet replaced), a gap shown as such; its reason is required. */
	if (who->user_id == 0 && who->org_id == 0) {
		if (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0')
			return err_set(ctx, E_INVALID, "oncall.reason.required",
			    "reason",
			    "Un créneau laissé vacant doit dire pourquoi (congé, "
			    "absence...).");
		rc = override_insert(
		    ctx, level, s, e, who, "vacancy", 0, reason, id);
	} else {
		rc = member_check(ctx, level, who);
		if (rc == E_OK)
			rc = override_insert(
			    ctx, level, s, e, who, "override", 0, reason, id);
	}
	return rc == E_OK ? touch(ctx) : rc;
}

/* The single available holder of `level` over all of [s, e). */
static int
holder_of(struct ctx *ctx, int level, time_t s, time_t e,
    struct roster_member_in *out, int *ok)
{
	struct roster_result r;
	int i, n = 0, rc;

	*ok = 0;
	rc = roster_edit_window(ctx, s, e, &r);
	if (rc != E_OK)
		return rc;
	memset(out, 0, sizeof(*out));
	for (i = 0; i < r.n_shifts; i++) {
		const struct roster_person *p = &r.shifts[i].who;

		if (r.shifts[i].level != level)
			continue;
		if (!r.shifts[i].available)
			return E_OK;
		if (n > 0 &&
		    (p->user_id != out->user_id || p->org_id != out->org_id))
			return E_OK;
		out->user_id = p->user_id;
		out->org_id = p->org_id;
		out->name = p->name;
		out->phone = p->phone;
		n++;
	}
	/* Covered from start to end by that one person. */
	for (i = 0; i < r.n_gaps; i++)
		if ((level == 1 && (r.gaps[i].flags & ROSTER_GAP_L1)) ||
		    (level == 2 && (r.gaps[i].flags & ROSTER_GAP_L2)))
			return E_OK;
	*ok = n > 0;
	return E_OK;
}

int
roster_edit_swap_create(struct ctx *ctx, int level, const char *a_start,
    const char *a_end, const char *b_start, const char *b_end,
    const char *reason, int64_t *id)
{
	const char *tz = roster_edit_tz(ctx);
	struct roster_member_in x, y;
	time_t as, ae, bs, be;
	int64_t id2;
	int rc, okx, oky;

	if (level != 1 && level != 2)
		return err_set(ctx, E_INVALID, "oncall.level.invalid", "level",
		    "Le niveau est 1 (levée de doute) ou 2 (infirmier(ère) "
		    "ou médecin).");
	rc = local_utc(ctx, tz, a_start, "a_start", &as);
	if (rc == E_OK)
		rc = local_utc(ctx, tz, a_end, "a_end", &ae);
	if (rc == E_OK)
		rc = local_utc(ctx, tz, b_start, "b_start", &bs);
	if (rc == E_OK)
		rc = local_utc(ctx, tz, b_end, "b_end", &be);
	if (rc == E_OK)
		rc = reason_check(ctx, reason);
	if (rc != E_OK)
		return rc;
	if (ae <= as || be <= bs || ae - as > 31L * 86400 ||
	    be - bs > 31L * 86400 || (as < be && bs < ae))
		return err_set(ctx, E_INVALID, "oncall.swap.invalid", NULL,
		    "Les deux créneaux échangés ne se chevauchent pas et "
		    "durent 31 jours au plus chacun.");
	rc = holder_of(ctx, level, as, ae, &x, &okx);
	if (rc == E_OK)
		rc = holder_of(ctx, level, bs, be, &y, &oky);
	if (rc != E_OK)
		return rc;
	if (!okx || !oky || (x.user_id == y.user_id && x.org_id == y.org_id))
		return err_set(ctx, E_INVALID, "oncall.swap.invalid", NULL,
		    "Chaque créneau doit être tenu en entier par une seule "
		    "personne disponible, et ce ne sont pas les mêmes.");
	rc = override_insert(ctx, level, as, ae, &y, "swap", 0, reason, id);
	if (rc == E_OK)
		rc = override_insert(
		    ctx, level, bs, be, &x, "swap", *id, reason, &id2);
	if (rc == E_OK) {
		struct db_stmt *st = db_stmt(ctx->db, Q_ROSTER_OVERRIDE_LINK);

		db_bind_i64(st, 1, id2);
		db_bind_i64(st, 2, ctx->crt_id);
		db_bind_i64(st, 3, *id);
		rc = db_run(ctx, st);
	}
	return rc == E_OK ? touch(ctx) : rc;
}

int
roster_edit_override_delete(struct ctx *ctx, int64_t id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ROSTER_OVERRIDE_DELETE);
	int rc;

	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, id);
	db_bind_i64(st, 4, id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) < 1)
		return err_set(ctx, E_NOT_FOUND, "oncall.override.not_found",
		    NULL, "Ce remplacement n'existe pas.");
	return rc == E_OK ? touch(ctx) : rc;
}

int
roster_edit_window(
    struct ctx *ctx, time_t from, time_t to, struct roster_result *r)
{
	struct roster_def d;
	int rc;

	rc = roster_load(ctx, ctx->crt_id, from, &d);
	if (rc != E_OK)
		return rc;
	if (roster_compute(&ctx->arena, &d, from, to, r) != 0)
		return roster_compute_failed(ctx);
	return E_OK;
}

int
roster_edit_state_get(struct ctx *ctx, struct roster_state *s)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ROSTER_STATE);
	enum db_res r;

	memset(s, 0, sizeof(*s));
	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		s->edited_at = db_col_dup(ctx, st, 0);
		s->published_at = db_col_dup(ctx, st, 1);
		s->published_by = db_col_dup(ctx, st, 2);
		s->publish_reason = db_col_dup(ctx, st, 3);
		s->published_gaps = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
		(void)db_step(ctx, st);
	}
	s->draft = s->published_at == NULL ||
	    (s->edited_at != NULL && strcmp(s->edited_at, s->published_at) > 0);
	return E_OK;
}

int
roster_edit_publish(struct ctx *ctx, const char *reason, int *gaps)
{
	struct roster_result r;
	struct db_stmt *st;
	time_t now = clock_now_s();
	int rc;

	rc = reason_check(ctx, reason);
	if (rc == E_OK)
		rc = roster_edit_window(
		    ctx, now, now + ROSTER_PUBLISH_DAYS * 86400L, &r);
	if (rc != E_OK)
		return rc;
	*gaps = r.n_gaps;
	/* SPEC: issue 13 — not without a written reason with a gap in the
	 * next 30 days. */
	if (r.n_gaps > 0 &&
	    (reason == NULL || reason[strspn(reason, " \t\r\n")] == '\0'))
		return err_set(ctx, E_INVALID, "oncall.publish.reason_required",
		    "reason",
		    arena_printf(&ctx->arena,
			"L'astreinte a %d trou%s dans les 30 prochains jours : "
			"comblez-%s ou écrivez pourquoi vous la publiez "
			"quand même.",
			r.n_gaps, r.n_gaps > 1 ? "s" : "",
			r.n_gaps > 1 ? "les" : "le"));
	st = db_stmt(ctx->db, Q_ROSTER_PUBLISH);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, ctx->now);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_i64(st, 4, r.n_gaps);
	if (reason != NULL && reason[0] != '\0')
		db_bind_text(st, 5, reason);
	else
		db_bind_null(st, 5);
	return db_run(ctx, st);
}

/* Reads a person from ROSTER_OVERRIDES' columns (as roster_load). */
static void
override_read(
    struct ctx *ctx, struct db_stmt *st, struct roster_override_view *o)
{
	const char *org;

	memset(o, 0, sizeof(*o));
	o->id = db_col_i64(st, 0);
	o->level = (int)db_col_i64(st, 1);
	o->starts_at = db_col_dup(ctx, st, 2);
	o->ends_at = db_col_dup(ctx, st, 3);
	o->who.user_id = db_col_null(st, 4) ? 0 : db_col_i64(st, 4);
	o->who.org_id = db_col_null(st, 5) ? 0 : db_col_i64(st, 5);
	o->who.name = db_col_dup(ctx, st, 6);
	o->who.profession = db_col_dup(ctx, st, 7);
	o->who.phone = db_col_dup(ctx, st, 8);
	o->who.disabled = db_col_i64(st, 9) != 0;
	org = db_col_text(st, 10);
	if (o->who.user_id == 0 && o->who.org_id == 0) {
		o->who.name = "Créneau vacant";
		o->who.profession = NULL;
	} else if (o->who.user_id == 0) {
		o->who.profession = "ide";
		if (org != NULL)
			o->who.name = arena_printf(&ctx->arena, "%s (%s)",
			    o->who.name ? o->who.name : "", org);
	}
	o->kind = db_col_dup(ctx, st, 11);
	o->swap_of = db_col_null(st, 12) ? 0 : db_col_i64(st, 12);
	o->reason = db_col_dup(ctx, st, 13);
	o->created_at = db_col_dup(ctx, st, 14);
	o->created_by_name = db_col_dup(ctx, st, 15);
}

int
roster_edit_view(struct ctx *ctx, struct roster_view *v)
{
	struct roster_def d;
	struct db_stmt *st;
	enum db_res r;
	time_t now = clock_now_s();
	char iso[CLOCK_ISO_LEN + 1];
	int i, cap = 0, rc;

	memset(v, 0, sizeof(*v));
	rc = roster_load(ctx, ctx->crt_id, now, &d);
	if (rc != E_OK)
		return rc;
	v->tz = d.tz;
	v->n_layers = d.n_layers;
	v->layers = d.n_layers
	    ? arena_alloc(&ctx->arena, sizeof(*v->layers) * (size_t)d.n_layers)
	    : NULL;
	/* The stored texts, read again (roster_load keeps minutes). */
	st = db_stmt(ctx->db, Q_ROSTER_LAYERS);
	db_bind_i64(st, 1, ctx->crt_id);
	i = 0;
	while ((r = db_step(ctx, st)) == DB_ROW && i < d.n_layers) {
		struct roster_layer_view *l = &v->layers[i];

		l->id = db_col_i64(st, 0);
		l->kind = db_col_dup(ctx, st, 1);
		l->level = (int)db_col_i64(st, 2);
		l->start_hm = db_col_dup(ctx, st, 3);
		l->end_hm = db_col_dup(ctx, st, 4);
		l->rotation_start = db_col_dup(ctx, st, 5);
		l->turn_days = (int)db_col_i64(st, 6);
		l->updated_at = db_col_dup(ctx, st, 7);
		l->members = d.layers[i].members;
		l->n_members = d.layers[i].n_members;
		i++;
	}
	if (r == DB_ERR)
		return ctx->err;
	clock_fmt_iso(iso, now, 0);
	st = db_stmt(ctx->db, Q_ROSTER_OVERRIDES);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, iso);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		struct roster_override_view *o = arena_push(&ctx->arena,
		    &v->overrides, &v->n_overrides, &cap, sizeof(*o));

		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		override_read(ctx, st, o);
	}
	if (r == DB_ERR)
		return ctx->err;
	cap = 0;
	st = db_stmt(ctx->db, Q_ROSTER_FIXED);
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		struct roster_fixed *f = arena_push(
		    &ctx->arena, &v->fixed, &v->n_fixed, &cap, sizeof(*f));

		if (f == NULL)
			return E_TOOBIG;
		f->label = db_col_dup(ctx, st, 0);
		f->phone = db_col_dup(ctx, st, 1);
	}
	if (r == DB_ERR)
		return ctx->err;
	cap = 0;
	st = db_stmt(ctx->db, Q_ROSTER_TEAM);
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		struct roster_candidate *c = arena_push(
		    &ctx->arena, &v->team, &v->n_team, &cap, sizeof(*c));

		if (c == NULL)
			return E_TOOBIG;
		c->id = db_col_i64(st, 0);
		c->name = db_col_dup(ctx, st, 1);
		c->profession = db_col_dup(ctx, st, 2);
		c->disabled = db_col_i64(st, 3) != 0;
		c->phone = db_col_dup(ctx, st, 4);
	}
	if (r == DB_ERR)
		return ctx->err;
	cap = 0;
	st = db_stmt(ctx->db, Q_ROSTER_PARTNERS);
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		struct roster_partner *p = arena_push(&ctx->arena, &v->partners,
		    &v->n_partners, &cap, sizeof(*p));

		if (p == NULL)
			return E_TOOBIG;
		p->id = db_col_i64(st, 0);
		p->name = db_col_dup(ctx, st, 1);
	}
	if (r == DB_ERR)
		return ctx->err;
	return roster_edit_state_get(ctx, &v->state);
}

int
roster_edit_shifts_of(struct ctx *ctx, int64_t user_id, time_t from, time_t to,
    struct roster_shift **out, int *n)
{
	struct roster_result r;
	int i, k = 0, rc;

	*out = NULL;
	*n = 0;
	/* A day each side: whole shifts, then those meeting [from, to). */
	rc = roster_edit_window(ctx, from - 86400, to + 86400, &r);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < r.n_shifts; i++)
		if (r.shifts[i].who.user_id == user_id &&
		    r.shifts[i].end > from && r.shifts[i].start < to)
			r.shifts[k++] = r.shifts[i];
	*out = r.shifts;
	*n = k;
	return E_OK;
}

#define FEED_PAST_DAYS 14
#define FEED_NEXT_DAYS 60

int
roster_edit_feed_ics(struct ctx *ctx, const char **text)
{
	struct calendar_event *ev;
	struct roster_shift *sh;
	time_t now = clock_now_s();
	int i, n, rc;

	rc = roster_edit_shifts_of(ctx, ctx->user_id,
	    now - FEED_PAST_DAYS * 86400L, now + FEED_NEXT_DAYS * 86400L, &sh,
	    &n);
	if (rc != E_OK)
		return rc;
	ev = n ? arena_alloc(&ctx->arena, sizeof(*ev) * (size_t)n) : NULL;
	for (i = 0; i < n; i++) {
		memset(&ev[i], 0, sizeof(ev[i]));
		/* Stable across recomputations: the level and the start. */
		ev[i].uid = arena_printf(&ctx->arena,
		    "oncall-%lld-%d-%lld@maillage", (long long)ctx->user_id,
		    sh[i].level, (long long)sh[i].start);
		ev[i].start = sh[i].start;
		ev[i].end = sh[i].end;
		ev[i].summary =
		    arena_printf(&ctx->arena, "Astreinte niveau %d (%s)",
			sh[i].level, roster_kind_labels[sh[i].kind]);
	}
	*text = calendar_ics(&ctx->arena, "Mes astreintes", ev, n, now);
	if (*text == NULL)
		return err_set(ctx, E_INTERNAL, "oncall.ics", NULL,
		    "L'agenda n'a pas pu être produit.");
	return E_OK;
}
