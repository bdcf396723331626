/* Unit tests: base/ (arena, buf, clock, rnd). */
#include "t.h"

#include <limits.h>
#include <stdio.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"

static void
arena_caps_and_aligns(void **state)
{
	struct arena a;
	char *p, *q;
	int i;

	(void)state;
	arena_init(&a, 64 * 1024);
	p = arena_alloc(&a, 3);
	q = arena_alloc(&a, 5);
	assert_non_null(p);
	assert_int_equal(((uintptr_t)q) % 16, 0);
	assert_string_equal(arena_printf(&a, "%s-%d", "x", 42), "x-42");
	for (i = 0; i < 100 && arena_alloc(&a, 1024) != NULL; i++)
		;
	assert_true(i < 100);
	assert_true(a.overflow);
	arena_release(&a);
}

static void
arena_push_grows(void **state)
{
	struct arena a;
	int *v = NULL, n = 0, cap = 0, i, *slot;

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < 1000; i++) {
		slot = arena_push(&a, &v, &n, &cap, sizeof(*v));
		assert_non_null(slot);
		*slot = i;
	}
	assert_int_equal(n, 1000);
	for (i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	arena_release(&a);
}

static void
buf_is_bounded(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	assert_int_equal(buf_adds(&b, "12345"), 0);
	assert_int_equal(buf_adds(&b, "67890"), 0);
	assert_int_equal(buf_adds(&b, "x"), -1);
	assert_int_equal(b.len, 10);
	assert_string_equal(b.p, "1234567890");
	buf_release(&b);
}

static void
dates(void **state)
{
	(void)state;
	assert_true(clock_valid_date("2024-02-29"));
	assert_false(clock_valid_date("2023-02-29"));
	assert_true(clock_valid_date("2000-02-29"));
	assert_false(clock_valid_date("1900-02-29"));
	assert_false(clock_valid_date("2024-13-01"));
	assert_false(clock_valid_date("2024-04-31"));
	assert_false(clock_valid_date("24-04-01"));
	assert_false(clock_valid_date("2024/04/01"));
	assert_false(clock_valid_date(NULL));
	assert_int_equal(clock_years_between("1940-03-15", "2026-03-14"), 85);
	assert_int_equal(clock_years_between("1940-03-15", "2026-03-15"), 86);
	assert_int_equal(clock_days_between("2024-02-28", "2024-03-01"), 2);
	assert_int_equal(clock_days_between("2023-02-28", "2023-03-01"), 1);
	assert_int_equal(clock_days_between("2026-01-10", "2025-12-31"), -10);
	assert_int_equal(clock_days_between("1970-01-01", "2000-01-01"), 10957);
	assert_int_equal(clock_days_between("2026-11-23T22:00:00Z", "2026-12-01"), 8);
	assert_int_equal(clock_days_between("bad", "2026-12-01"), 0);
}

static void
month_arithmetic(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_string_equal(clock_add_months(&a, "2024-10-24", 12),
	    "2025-10-24");
	assert_string_equal(clock_add_months(&a, "2024-01-31", 1),
	    "2024-02-29");
	assert_string_equal(clock_add_months(&a, "2023-01-31", 1),
	    "2023-02-28");
	assert_string_equal(clock_add_months(&a, "2026-03-15", -15),
	    "2024-12-15");
	assert_null(clock_add_months(&a, "2026-02-30", 1));
	assert_int_equal(strlen(clock_today_plus(&a, 30)), 10);
	arena_release(&a);
}

/* Issue 8 point 17: an instant's day in Europe/Paris (DOMAIN §9). */
static void
paris_dates(void **state)
{
	static const char *const cases[][2] = {
		{ "2026-01-15T22:59:59.999Z", "2026-01-15" },
		{ "2026-01-15T23:00:00.000Z", "2026-01-16" },
		{ "2026-12-31T23:00:00.000Z", "2027-01-01" },
		/* Summer time from 29 March 2026 01:00 UTC. */
		{ "2026-03-28T23:30:00.000Z", "2026-03-29" },
		{ "2026-03-29T00:59:00.000Z", "2026-03-29" },
		{ "2026-03-29T22:30:00.000Z", "2026-03-30" },
		{ "2026-06-30T21:59:00.000Z", "2026-06-30" },
		{ "2026-06-30T22:00:00.000Z", "2026-07-01" },
		/* Until 25 October 2026 01:00 UTC. */
		{ "2026-10-24T22:30:00.000Z", "2026-10-25" },
		{ "2026-10-25T22:30:00.000Z", "2026-10-25" },
		{ "2026-10-25T23:00:00.000Z", "2026-10-26" },
		{ "2024-03-30T22:30:00.000Z", "2024-03-30" },
		{ "2024-03-31T22:30:00.000Z", "2024-04-01" },
		{ "2026-05-04", "2026-05-04" },
	};
	struct arena a;
	size_t i;

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(clock_paris_date(&a, cases[i][0]),
		    cases[i][1]);
	assert_null(clock_paris_date(&a, NULL));
	assert_null(clock_paris_date(&a, "2026-02-30"));
	assert_null(clock_paris_date(&a, "2026-02-03T25:00:00Z"));
	assert_null(clock_paris_date(&a, "bad"));
	arena_release(&a);
}

/* Issue 10 §9: dates in French sentences, never ISO. */
static void
fr_dates(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a, 0);
	assert_string_equal(clock_fr_date(&a, "2026-12-02"), "02/12/2026");
	assert_string_equal(clock_fr_date(&a, "1934-07-21T23:30:00.000Z"),
	    "21/07/1934");
	assert_null(clock_fr_date(&a, NULL));
	assert_null(clock_fr_date(&a, "2026-02-30"));
	assert_null(clock_fr_date(&a, "2026-12"));
	arena_release(&a);
}

static void
iso_format(void **state)
{
	char b[CLOCK_ISO_LEN + 1];

	(void)state;
	clock_fmt_iso(b, 0, 7);
	assert_string_equal(b, "1970-01-01T00:00:00.007Z");
	assert_int_equal(strlen(b), CLOCK_ISO_LEN);
	clock_fmt_iso(b, 1795476600, 999);
	assert_string_equal(b, "2026-11-23T23:30:00.999Z");
	clock_fmt_iso(b, 951782400 - 1, 0);
	assert_string_equal(b, "2000-02-28T23:59:59.000Z");
	clock_fmt_iso(b, 4107456000 + 86399, 1);
	assert_string_equal(b, "2100-02-28T23:59:59.001Z");
}

/* The hand-written decimal formatter prints exactly what printf does. */
static void
decimal_format(void **state)
{
	static const long long v[] = { 0, 1, -1, 9, 10, -10, 99, 100,
	    1234567890123LL, -987654321LL, LLONG_MAX, LLONG_MIN,
	    LLONG_MIN + 1 };
	char a[BUF_I64_LEN], b[32];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		n = buf_fmt_i64(a, v[i]);
		snprintf(b, sizeof(b), "%lld", v[i]);
		assert_string_equal(a, b);
		assert_int_equal(n, strlen(b));
	}
	n = buf_fmt_u64(a, ULLONG_MAX);
	snprintf(b, sizeof(b), "%llu", ULLONG_MAX);
	assert_string_equal(a, b);
	assert_int_equal(n, 20);
}

static void
random_tokens_differ(void **state)
{
	char a[64], b[64];

	(void)state;
	assert_int_equal(rnd_init(), 0);
	rnd_token(a, sizeof(a), 32);
	rnd_token(b, sizeof(b), 32);
	assert_int_equal(strlen(a), 43);
	assert_string_not_equal(a, b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(arena_caps_and_aligns),
		cmocka_unit_test(arena_push_grows),
		cmocka_unit_test(buf_is_bounded),
		cmocka_unit_test(dates),
		cmocka_unit_test(paris_dates),
		cmocka_unit_test(fr_dates),
		cmocka_unit_test(decimal_format),
		cmocka_unit_test(iso_format),
		cmocka_unit_test(month_arithmetic),
		cmocka_unit_test(random_tokens_differ),
	};

	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
