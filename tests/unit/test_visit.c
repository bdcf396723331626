/*
 * Unit tests: domain/coordination/visit.c on an in-memory database after
 * the real migrations — a series expanded with its EXDATE, DST and a
 * holiday move, markings and their corrections, conflicts, the states,
 * the change from a date, and a negative case per checked field.
 * SPEC: issue 11; DOMAIN §9.
 */
#include "t.h"

#include "audit/audit.h"
#include "domain/coordination/visit.h"
#include "domain/record/person.h"

struct fix {
	struct db *db;
	struct ctx ctx;
	int64_t dac, coord, aide, pid;
};

static void
fix_open(struct fix *f)
{
	struct user_fields uf;
	struct person_in in;
	int64_t *dups;
	int nd;

	f->db = t_memdb();
	t_crt_coordinator(&f->ctx, f->db, &f->dac, &f->coord);
	/* Mid-June 2026: the spring visits are in the past. */
	f->ctx.now = "2026-06-15T10:00:00.000Z";
	memset(&uf, 0, sizeof(uf));
	uf.login = "aide";
	uf.display_name = "Nadia";
	uf.role = "soignant";
	uf.profession = "aide_soignant";
	uf.pw_hash = "x";
	assert_int_equal(user_create(&f->ctx, &uf, &f->aide), E_OK);
	memset(&in, 0, sizeof(in));
	t_set_str(&in.birth_name, "ROUSSET");
	t_set_str(&in.first_names, "Marcelle");
	t_set_str(&in.birth_date, "1936-03-14");
	t_set_str(&in.sex, "F");
	assert_int_equal(
	    person_create(&f->ctx, &in, &f->pid, &dups, &nd), E_OK);
}

static void
fix_close(struct fix *f)
{
	db_rollback(f->db);
	ctx_release(&f->ctx);
	db_close(f->db);
}

static struct visit_in
weekly(const struct fix *f)
{
	struct visit_in v;

	memset(&v, 0, sizeof(v));
	v.person_id = f->pid;
	v.user_id = f->aide;
	v.kind = "soins";
	v.starts_local = "2026-03-02T09:00";
	v.duration_min = 30;
	v.rrule = "FREQ=WEEKLY;BYDAY=MO";
	v.exdates = "2026-03-09";
	v.holiday_policy = "after";
	v.grace_min = 15;
	return v;
}

static void
list(struct fix *f, const char *from, const char *to, struct visit_occ **v,
    int *n)
{
	struct visit_query q;

	memset(&q, 0, sizeof(q));
	q.person_id = f->pid;
	q.from = from;
	q.to = to;
	assert_int_equal(visit_occurrences(&f->ctx, &q, v, n), E_OK);
}

static void
series_expanded(void **state)
{
	struct fix f;
	struct visit_in in;
	struct visit_occ *v;
	int64_t id;
	int n;

	(void)state;
	fix_open(&f);
	in = weekly(&f);
	assert_int_equal(visit_create(&f.ctx, &in, &id), E_OK);
	list(&f, "2026-03-01", "2026-04-10", &v, &n);
	/* 9 March excluded; 30 March after the spring change (07:00Z);
	 * Easter Monday 6 April moved to Tuesday, its key unchanged. */
	assert_int_equal(n, 5);
	assert_string_equal(v[0].planned_start, "2026-03-02T08:00:00Z");
	assert_string_equal(v[1].planned_start, "2026-03-16T08:00:00Z");
	assert_string_equal(v[3].planned_start, "2026-03-30T07:00:00Z");
	assert_string_equal(v[3].local_start, "2026-03-30T09:00");
	assert_string_equal(v[4].key, "2026-04-06T07:00:00Z");
	assert_string_equal(v[4].planned_start, "2026-04-07T07:00:00Z");
	assert_string_equal(v[4].holiday, "Lundi de Pâques");
	assert_string_equal(v[4].state, "a_pointer");
	assert_string_equal(v[0].person->birth_name, "ROUSSET");
	/* The read is traced. */
	assert_non_null(f.ctx.traces_tail);
	assert_string_equal(f.ctx.traces_tail->action, "visit.read");
	fix_close(&f);
}

/* Each field refused with its own key, nothing stored. */
static void
series_checked(void **state)
{
	static const struct {
		const char *field, *value;
	} bad[] = {
		{ "kind", "promenade" },
		{ "starts_local", "2026-02-30T09:00" },
		{ "rrule", "FREQ=HOURLY" },
		{ "exdates", "2026-03-09,lundi" },
		{ "until_on", "2026-03-01" },
		{ "holiday_policy", "never" },
	};
	struct fix f;
	struct visit_in in;
	struct visit_occ *v;
	int64_t id;
	size_t i;
	int n;

	(void)state;
	fix_open(&f);
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		in = weekly(&f);
		if (strcmp(bad[i].field, "kind") == 0)
			in.kind = bad[i].value;
		else if (strcmp(bad[i].field, "starts_local") == 0)
			in.starts_local = bad[i].value;
		else if (strcmp(bad[i].field, "rrule") == 0)
			in.rrule = bad[i].value;
		else if (strcmp(bad[i].field, "exdates") == 0)
			in.exdates = bad[i].value;
		else if (strcmp(bad[i].field, "until_on") == 0)
			in.until_on = bad[i].value;
		else
			in.holiday_policy = bad[i].value;
		assert_int_equal(visit_create(&f.ctx, &in, &id), E_INVALID);
		assert_string_equal(f.ctx.err_key,
		    arena_printf(
			&f.ctx.arena, "visit.%s.invalid", bad[i].field));
		assert_string_equal(f.ctx.err_field, bad[i].field);
		err_clear(&f.ctx);
	}
	in = weekly(&f);
	in.duration_min = 4;
	assert_int_equal(visit_create(&f.ctx, &in, &id), E_INVALID);
	assert_string_equal(f.ctx.err_key, "visit.duration_min.invalid");
	err_clear(&f.ctx);
	in = weekly(&f);
	in.user_id = 0;
	assert_int_equal(visit_create(&f.ctx, &in, &id), E_INVALID);
	assert_string_equal(f.ctx.err_key, "visit.user_id.invalid");
	err_clear(&f.ctx);
	in.org_id = f.dac;
	in.professional_id = 999;
	assert_int_equal(visit_create(&f.ctx, &in, &id), E_INVALID);
	assert_string_equal(f.ctx.err_key, "visit.professional_id.invalid");
	err_clear(&f.ctx);
	list(&f, "2026-03-01", "2026-04-10", &v, &n);
	assert_int_equal(n, 0);
	fix_close(&f);
}

static void
markings_and_conflicts(void **state)
{
	struct fix f;
	struct visit_in in;
	struct visit_mark_in m;
	struct visit_occ o, *v;
	int64_t id, other;
	int n;

	(void)state;
	fix_open(&f);
	in = weekly(&f);
	assert_int_equal(visit_create(&f.ctx, &in, &id), E_OK);
	/* The same aide, 15 minutes later, on 16 March only. */
	in.rrule = NULL;
	in.exdates = NULL;
	in.starts_local = "2026-03-16T09:15";
	assert_int_equal(visit_create(&f.ctx, &in, &other), E_OK);
	list(&f, "2026-03-16", "2026-03-16", &v, &n);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].nconflicts, 1);
	assert_int_equal(v[0].conflicts[0].series_id, other);
	assert_string_equal(v[0].conflicts[0].key, "2026-03-16T08:15:00Z");
	assert_int_equal(v[1].nconflicts, 1);
	/* Done, then corrected: not done; the first kept in the history. */
	memset(&m, 0, sizeof(m));
	m.key = "2026-03-16T08:00:00Z";
	m.state = "done";
	m.arrived_at = "2026-03-16T09:05";
	m.left_at = "2026-03-16T09:30";
	m.how = "qr";
	assert_int_equal(visit_mark(&f.ctx, id, &m, &o), E_OK);
	assert_string_equal(o.state, "done");
	assert_string_equal(o.mark->arrived_at, "2026-03-16T08:05:00Z");
	memset(&m, 0, sizeof(m));
	m.key = "2026-03-16T08:00:00Z";
	m.state = "not_done";
	m.reason_code = "porte_close";
	assert_int_equal(visit_mark(&f.ctx, id, &m, &o), E_OK);
	assert_string_equal(o.state, "not_done");
	assert_int_equal(o.nhistory, 1);
	assert_string_equal(o.history[0]->state, "done");
	assert_int_equal(o.mark->replaces_id, o.history[0]->id);
	/* Not done: no longer a conflict. */
	assert_int_equal(o.nconflicts, 0);
	/* Not an occurrence: the excluded 9 March, another hour. */
	m.key = "2026-03-09T08:00:00Z";
	assert_int_equal(visit_mark(&f.ctx, id, &m, &o), E_NOT_FOUND);
	assert_string_equal(f.ctx.err_key, "visit.occurrence.not_found");
	err_clear(&f.ctx);
	m.key = "2026-03-16T08:01:00Z";
	assert_int_equal(visit_mark(&f.ctx, id, &m, &o), E_NOT_FOUND);
	err_clear(&f.ctx);
	/* « autre » needs its text. */
	m.key = "2026-03-23T08:00:00Z";
	m.reason_code = "autre";
	assert_int_equal(visit_mark(&f.ctx, id, &m, &o), E_INVALID);
	assert_string_equal(f.ctx.err_key, "visit.reason_text.invalid");
	err_clear(&f.ctx);
	fix_close(&f);
}

static void
change_from_a_date(void **state)
{
	struct fix f;
	struct visit_in in;
	struct visit_series s;
	int64_t id, nid;

	(void)state;
	fix_open(&f);
	in = weekly(&f);
	assert_int_equal(visit_create(&f.ctx, &in, &id), E_OK);
	/* The past does not change. */
	in.duration_min = 45;
	in.starts_local = NULL;
	assert_int_equal(
	    visit_change(&f.ctx, id, "2026-06-01", &in, &nid), E_INVALID);
	assert_string_equal(f.ctx.err_key, "visit.from.invalid");
	err_clear(&f.ctx);
	/* From Wednesday 17 June: the next Monday, 22 June, at 09:00. */
	assert_int_equal(
	    visit_change(&f.ctx, id, "2026-06-17", &in, &nid), E_OK);
	assert_int_equal(visit_get(&f.ctx, id, &s), E_OK);
	assert_string_equal(s.until_on, "2026-06-16");
	assert_int_equal(visit_get(&f.ctx, nid, &s), E_OK);
	assert_string_equal(s.starts_local, "2026-06-22T09:00");
	assert_int_equal(s.duration_min, 45);
	assert_int_equal(s.replaces_id, id);
	/* Cancelled from its first day: ended. */
	assert_int_equal(visit_cancel(&f.ctx, nid, "2026-06-22"), E_OK);
	assert_int_equal(visit_get(&f.ctx, nid, &s), E_OK);
	assert_non_null(s.ended_at);
	assert_int_equal(visit_cancel(&f.ctx, nid, "2026-06-23"), E_CONFLICT);
	assert_string_equal(f.ctx.err_key, "visit.ended");
	err_clear(&f.ctx);
	fix_close(&f);
}

/* The CRT's calendar (directory/org.c): checked, traced. */
static void
calendar_settings(void **state)
{
	struct fix f;
	struct org_calendar c = { "Europe/Paris", "57", 1 }, got;
	static const char *const bad_dept[] = { "20", "00", "96", "977", "2C",
		"5", NULL };
	int i;

	(void)state;
	fix_open(&f);
	assert_int_equal(org_crt_calendar(&f.ctx, &got), E_OK);
	assert_string_equal(got.timezone, "Europe/Paris");
	assert_null(got.departement);
	assert_int_equal(got.whit_monday_worked, 0);
	audit_discard(&f.ctx);
	assert_int_equal(org_crt_calendar_set(&f.ctx, &c), E_OK);
	assert_string_equal(f.ctx.traces->action, "crt.settings");
	assert_string_equal(f.ctx.traces->detail,
	    "fuseau=Europe/Paris departement=57 pentecote=travaille");
	assert_int_equal(org_crt_calendar(&f.ctx, &got), E_OK);
	assert_string_equal(got.departement, "57");
	assert_int_equal(got.whit_monday_worked, 1);
	for (i = 0; bad_dept[i] != NULL; i++) {
		c.departement = bad_dept[i];
		assert_int_equal(org_crt_calendar_set(&f.ctx, &c), E_INVALID);
		assert_string_equal(
		    f.ctx.err_key, "settings.departement.invalid");
		err_clear(&f.ctx);
	}
	c.departement = "2A";
	c.timezone = "Mars/Olympus";
	assert_int_equal(org_crt_calendar_set(&f.ctx, &c), E_INVALID);
	assert_string_equal(f.ctx.err_key, "settings.timezone.invalid");
	err_clear(&f.ctx);
	c.timezone = "America/Cayenne";
	c.departement = "973";
	assert_int_equal(org_crt_calendar_set(&f.ctx, &c), E_OK);
	fix_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(series_expanded),
		cmocka_unit_test(series_checked),
		cmocka_unit_test(markings_and_conflicts),
		cmocka_unit_test(change_from_a_date),
		cmocka_unit_test(calendar_settings),
	};

	return cmocka_run_group_tests_name("visit", tests, NULL, NULL);
}
