/*
 * Unit tests: domain/coordination/note.c on an in-memory database after
 * the real migrations — the overdue rule of vigilance notes
 * (note_vigilance_overdue_each: one hour past the end of the first visit
 * started after the note, unless acknowledged or corrected), its edges,
 * and a negative case per checked field of a note.
 * SPEC: issue 12.
 */
#include "t.h"

#include "audit/audit.h"
#include "base/clock.h"
#include "domain/coordination/note.h"
#include "domain/coordination/visit.h"
#include "domain/record/person.h"

struct fix {
	struct db *db;
	struct ctx ctx;
	int64_t dac, coord, pid, sid;
};

static void
fix_open(struct fix *f)
{
	struct person_in in;
	struct visit_in v;
	int64_t *dups;
	int nd;

	f->db = t_memdb();
	t_crt_coordinator(&f->ctx, f->db, &f->dac, &f->coord);
	f->ctx.now = "2026-03-15T10:00:00.000Z";
	memset(&in, 0, sizeof(in));
	t_set_str(&in.birth_name, "ROUSSET");
	t_set_str(&in.first_names, "Marcelle");
	t_set_str(&in.birth_date, "1936-03-14");
	t_set_str(&in.sex, "F");
	assert_int_equal(
	    person_create(&f->ctx, &in, &f->pid, &dups, &nd), E_OK);
	/* Mondays 09:00 Paris (08:00Z in March), 30 minutes. */
	memset(&v, 0, sizeof(v));
	v.person_id = f->pid;
	v.user_id = f->coord;
	v.kind = "soins";
	v.starts_local = "2026-03-02T09:00";
	v.duration_min = 30;
	v.rrule = "FREQ=WEEKLY;BYDAY=MO";
	v.holiday_policy = "after";
	v.grace_min = 15;
	assert_int_equal(visit_create(&f->ctx, &v, &f->sid), E_OK);
}

static void
fix_close(struct fix *f)
{
	db_rollback(f->db);
	ctx_release(&f->ctx);
	db_close(f->db);
}

static int64_t
write_note(struct fix *f, const char *now, int vigilance, int64_t corrects)
{
	struct note_in in;
	int64_t id;

	memset(&in, 0, sizeof(in));
	in.person_id = f->pid;
	in.category = "soins";
	in.kind = "text";
	in.body = "Escarre au talon droit : surveiller la rougeur.";
	in.vigilance = vigilance;
	f->ctx.now = now;
	assert_int_equal(note_create(&f->ctx, &in, corrects, &id), E_OK);
	return id;
}

static void
mark(struct fix *f, const char *key, const char *arrived, const char *left)
{
	struct visit_mark_in m;
	struct visit_occ o;

	memset(&m, 0, sizeof(m));
	m.key = key;
	m.state = "done";
	m.arrived_at = arrived;
	m.left_at = left;
	m.how = "qr";
	f->ctx.now = "2026-04-30T12:00:00.000Z";
	assert_int_equal(visit_mark(&f->ctx, f->sid, &m, &o), E_OK);
}

/* A second coordinator of the CRT (the writer's colleague). */
static int64_t
other_user(struct fix *f)
{
	struct user_fields uf;
	int64_t id;

	memset(&uf, 0, sizeof(uf));
	uf.login = "coord2";
	uf.display_name = "D";
	uf.role = "coordinateur";
	uf.profession = "idec";
	uf.pw_hash = "x";
	assert_int_equal(user_create(&f->ctx, &uf, &id), E_OK);
	return id;
}

struct seen {
	int n;
	struct note_overdue last[8];
	time_t next_due; /* the earliest due instant still to come */
};

static int
collect(void *arg, const struct note_overdue *o)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->last[s->n] = *o;
	s->n++;
	return 0;
}

static struct seen
overdue(struct fix *f, const char *now)
{
	struct seen s;

	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    note_vigilance_overdue_each(&f->ctx, now, &s.next_due, collect, &s),
	    E_OK);
	return s;
}

/* DOMAIN: issue 12 — one hour past the end of the first visit started
 * after the note. */
static void
overdue_rule(void **state)
{
	struct fix f;
	struct seen s;
	struct note n;
	int64_t vig, plain, late, ms, other, corr;

	(void)state;
	fix_open(&f);
	/* Sunday 15 March: a vigilance note and a plain one. */
	vig = write_note(&f, "2026-03-15T17:00:00.000Z", 1, 0);
	plain = write_note(&f, "2026-03-15T17:05:00.000Z", 0, 0);
	(void)plain;
	/* No visit has started since: never overdue. */
	assert_int_equal(overdue(&f, "2026-03-30T00:00:00Z").n, 0);
	/* Monday 16: arrival 09:05, departure 09:40 (Paris). */
	mark(
	    &f, "2026-03-16T08:00:00Z", "2026-03-16T09:05", "2026-03-16T09:40");
	s = overdue(&f, "2026-03-16T09:39:59Z");
	assert_int_equal(s.n, 0);
	/* Not due yet: its instant is the timer's next wake-up. */
	assert_true(clock_parse_iso("2026-03-16T09:40:00Z", &ms) == 0);
	assert_int_equal((int64_t)s.next_due, ms / 1000);
	s = overdue(&f, "2026-03-16T09:40:00.000Z");
	assert_int_equal(s.n, 1);
	assert_int_equal((int64_t)s.next_due, 0); /* none still to come */
	assert_int_equal(s.last[0].note_id, vig);
	assert_int_equal(s.last[0].person_id, f.pid);
	assert_int_equal(s.last[0].crt_id, f.ctx.crt_id);
	assert_int_equal(s.last[0].series_id, f.sid);
	assert_string_equal(s.last[0].occ_key, "2026-03-16T08:00:00Z");
	assert_string_equal(s.last[0].visit_end, "2026-03-16T08:40:00.000Z");
	assert_string_equal(s.last[0].due_at, "2026-03-16T09:40:00.000Z");
	/* A note written during that visit (after its arrival) waits for
	 * the next one, 23 March; marked without its departure, the visit
	 * ends at arrival + the series' 30 minutes. */
	late = write_note(&f, "2026-03-16T08:20:00.000Z", 1, 0);
	mark(&f, "2026-03-23T08:00:00Z", "2026-03-23T09:10", NULL);
	s = overdue(&f, "2026-03-23T09:39:59Z");
	assert_int_equal(s.n, 1); /* the first note only */
	s = overdue(&f, "2026-03-23T09:40:00Z");
	assert_int_equal(s.n, 2);
	assert_int_equal(s.last[1].note_id, late);
	assert_string_equal(s.last[1].visit_end, "2026-03-23T08:40:00.000Z");
	assert_string_equal(s.last[1].occ_key, "2026-03-23T08:00:00Z");
	/* Not by its writer (review F6): refused, still overdue. */
	f.ctx.now = "2026-03-23T11:00:00.000Z";
	assert_int_equal(
	    note_ack(&f.ctx, vig, f.sid, "2026-03-23T08:00:00Z", &n),
	    E_CONFLICT);
	assert_string_equal(f.ctx.err_key, "note.own");
	err_clear(&f.ctx);
	assert_int_equal(overdue(&f, "2026-03-23T11:00:00Z").n, 2);
	/* Acknowledged by another professional: no longer overdue (with or
	 * without the visit named). */
	other = other_user(&f);
	f.ctx.user_id = other;
	f.ctx.now = "2026-03-23T11:00:00.000Z";
	assert_int_equal(
	    note_ack(&f.ctx, vig, f.sid, "2026-03-23T08:00:00Z", &n), E_OK);
	assert_non_null(n.acked_at);
	assert_int_equal(n.ack_count, 1);
	s = overdue(&f, "2026-03-23T11:00:00Z");
	assert_int_equal(s.n, 1);
	assert_int_equal(s.last[0].note_id, late);
	/* Corrected by a plain note (review F5): the correction keeps the
	 * flag and correcting is not taking into account — the corrected
	 * note is still due, the correction waits for its next visit. */
	f.ctx.user_id = f.coord;
	corr = write_note(&f, "2026-03-23T11:05:00.000Z", 0, late);
	s = overdue(&f, "2026-03-30T00:00:00Z");
	assert_int_equal(s.n, 1);
	assert_int_equal(s.last[0].note_id, late);
	f.ctx.user_id = other;
	f.ctx.now = "2026-03-23T11:10:00.000Z";
	assert_int_equal(note_ack(&f.ctx, late, 0, NULL, &n), E_OK);
	assert_int_equal(note_get(&f.ctx, corr, 0, &n), E_OK);
	assert_int_equal(n.vigilance, 1);
	f.ctx.user_id = f.coord;
	assert_int_equal(overdue(&f, "2026-03-30T00:00:00Z").n, 0);
	/* A malformed clock is refused. */
	assert_int_equal(
	    note_vigilance_overdue_each(&f.ctx, "demain", NULL, collect, &s),
	    E_INVALID);
	err_clear(&f.ctx);
	fix_close(&f);
}

/* A visit marked done then corrected to « not done » has not started:
 * the next done visit counts. */
static void
overdue_corrected_visit(void **state)
{
	struct fix f;
	struct visit_mark_in m;
	struct visit_occ o;
	struct seen s;

	(void)state;
	fix_open(&f);
	write_note(&f, "2026-03-15T17:00:00.000Z", 1, 0);
	mark(
	    &f, "2026-03-16T08:00:00Z", "2026-03-16T09:05", "2026-03-16T09:40");
	memset(&m, 0, sizeof(m));
	m.key = "2026-03-16T08:00:00Z";
	m.state = "not_done";
	m.reason_code = "absent";
	assert_int_equal(visit_mark(&f.ctx, f.sid, &m, &o), E_OK);
	assert_int_equal(overdue(&f, "2026-03-20T00:00:00Z").n, 0);
	mark(
	    &f, "2026-03-23T08:00:00Z", "2026-03-23T09:00", "2026-03-23T09:20");
	s = overdue(&f, "2026-03-23T09:20:00Z");
	assert_int_equal(s.n, 1);
	assert_string_equal(s.last[0].occ_key, "2026-03-23T08:00:00Z");
	fix_close(&f);
}

/* A negative case per checked field; nothing written. */
static void
note_checked(void **state)
{
	static const struct {
		const char *category, *kind, *body, *target, *data, *key;
		int64_t series;
		const char *err;
	} bad[] = {
		{ "chirurgie", "text", "x", NULL, NULL, NULL, 0,
		    "note.category.invalid" },
		{ "soins", "poeme", "x", NULL, NULL, NULL, 0,
		    "note.kind.invalid" },
		{ "soins", "text", NULL, NULL, NULL, NULL, 0,
		    "note.body.required" },
		/* Blank is no text (issue 12 review F19: one code). */
		{ "soins", "text", " \n\t", NULL, NULL, NULL, 0,
		    "note.body.required" },
		{ "soins", "text", "x", "Douleur", NULL, NULL, 0,
		    "note.kind.invalid" },
		{ "soins", "dar", NULL, NULL, "Se plaint", NULL, 0,
		    "note.target.required" },
		{ "soins", "dar", NULL, "Douleur", NULL, NULL, 0,
		    "note.data.required" },
		{ "soins", "dar", NULL, "Douleur", "  ", NULL, 0,
		    "note.data.required" },
		{ "soins", "dar", "x", "Douleur", "Se plaint", NULL, 0,
		    "note.body.invalid" },
		{ "soins", "text", "x", NULL, NULL, "2026-03-16T08:00:00Z", 0,
		    "note.visit.invalid" },
		/* Not an occurrence of the series (another hour). */
		{ "soins", "text", "x", NULL, NULL, "2026-03-16T08:01:00Z", 1,
		    "note.visit.invalid" },
	};
	struct fix f;
	struct note_in in;
	struct note *v;
	int64_t id;
	int i, n;

	(void)state;
	fix_open(&f);
	f.ctx.now = "2026-03-16T12:00:00.000Z";
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		memset(&in, 0, sizeof(in));
		in.person_id = f.pid;
		in.category = bad[i].category;
		in.kind = bad[i].kind;
		in.body = bad[i].body;
		in.target = bad[i].target;
		in.data = bad[i].data;
		in.occ_key = bad[i].key;
		in.series_id = bad[i].series ? f.sid : 0;
		assert_int_equal(note_create(&f.ctx, &in, 0, &id), E_INVALID);
		assert_string_equal(f.ctx.err_key, bad[i].err);
		err_clear(&f.ctx);
	}
	/* A real occurrence is accepted. */
	in.occ_key = "2026-03-16T08:00:00Z";
	in.series_id = f.sid;
	in.body = "Bien dormi.";
	assert_int_equal(note_create(&f.ctx, &in, 0, &id), E_OK);
	assert_int_equal(note_pending(&f.ctx, f.pid, &v, &n), E_OK);
	assert_int_equal(n, 0);
	fix_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(overdue_rule),
		cmocka_unit_test(overdue_corrected_visit),
		cmocka_unit_test(note_checked),
	};

	return cmocka_run_group_tests_name("note", tests, NULL, NULL);
}
