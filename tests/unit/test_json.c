/* Unit tests: json/jv (validation tables → typed structs). */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "t.h"

#include "base/xalloc.h"
#include "api/api.h"
#include "domain/record/person.h"
#include "json/jout.h"
#include "json/jw.h"
#include "json/jv.h"

struct in {
	struct jv_str name;
	struct jv_int n;
	struct jv_bool b;
	struct jv_str kind;
	struct jv_str day;
	struct jv_str note;
	struct {
		struct jv_str x;
	} sub;
	struct jv_arr list;
};

struct item {
	struct jv_int v;
};

static const char *const kinds[] = { "a", "b", NULL };

static const struct jv_field item_f[] = { { "v", JV_INT,
					      offsetof(struct item, v), JV_REQ,
					      0, 9, NULL, "V", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
static const struct jv_field sub_f[] = { { "x", JV_STR, 0, 0, 0, 5, NULL, "X",
					     NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };
static const struct jv_field f[] = { { "name", JV_STR,
					 offsetof(struct in, name), JV_REQ, 1,
					 3, NULL, "Nom", NULL, 0 },
	{ "n", JV_INT, offsetof(struct in, n), JV_NULL, 1, 100, NULL, "N", NULL,
	    0 },
	{ "b", JV_BOOL, offsetof(struct in, b), 0, 0, 0, NULL, "B", NULL, 0 },
	{ "kind", JV_ENUM, offsetof(struct in, kind), 0, 1, 5, kinds, "Genre",
	    NULL, 0 },
	{ "day", JV_DATE, offsetof(struct in, day), 0, 10, 10, NULL, "Jour",
	    NULL, 0 },
	{ "note", JV_STR, offsetof(struct in, note), JV_MULTI, 0, 50, NULL,
	    "Note", NULL, 0 },
	{ "sub", JV_OBJ, offsetof(struct in, sub), 0, 0, 0, NULL, "Sous", sub_f,
	    0 },
	{ "list", JV_ARR, offsetof(struct in, list), 0, 0, 2, NULL, "Liste",
	    item_f, sizeof(struct item) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 } };

/* Parses and validates; returns the code and leaves the key in *key. */
static int
check(const char *body, struct in *out, const char **key)
{
	static struct ctx ctx;
	json_t *j = NULL;
	int rc;

	ctx_release(&ctx);
	ctx_init(&ctx, 1 << 20);
	memset(out, 0, sizeof(*out));
	rc = jv_parse(&ctx, body, strlen(body), &j);
	if (rc == E_OK)
		rc = jv_object(&ctx, "t", j, f, out);
	json_decref(j);
	*key = ctx.err_key;
	return rc;
}

static void
accepts_valid(void **state)
{
	struct in in;
	const char *k;
	struct item *it;

	(void)state;
	assert_int_equal(
	    check("{\"name\":\"éèà\",\"n\":7,\"b\":true,"
		  "\"kind\":\"b\",\"day\":\"2024-02-29\",\"note\":\"a\\nb\","
		  "\"sub\":{\"x\":\"y\"},\"list\":[{\"v\":1},{\"v\":2}]}",
		&in, &k),
	    E_OK);
	assert_string_equal(in.name.s, "éèà"); /* 3 characters, 6 bytes */
	assert_int_equal(in.n.v, 7);
	assert_true(in.b.v);
	assert_string_equal(in.sub.x.s, "y");
	assert_int_equal(in.list.n, 2);
	it = in.list.items;
	assert_int_equal(it[1].v.v, 2);
	assert_int_equal(check("{\"name\":\"a\",\"n\":null}", &in, &k), E_OK);
	assert_true(in.n.set && in.n.null);
}

static void
refuses_bad(void **state)
{
	static const struct {
		const char *body, *key;
		int code;
	} cases[] = {
		{ "{", "json.malformed", E_BADREQ },
		{ "[1]", "json.not_object", E_BADREQ },
		{ "{\"name\":\"a\",\"name\":\"b\"}", "json.malformed",
		    E_BADREQ },
		{ "{\"name\":\"\xff\"}", "json.malformed", E_BADREQ },
		{ "{\"name\":\"a\\u0000\"}", "json.malformed", E_BADREQ },
		{ "{}", "t.name.required", E_INVALID },
		{ "{\"name\":null}", "t.name.required", E_INVALID },
		{ "{\"name\":\"\"}", "t.name.required", E_INVALID },
		{ "{\"name\":\"abcd\"}", "t.name.too_long", E_INVALID },
		{ "{\"name\":1}", "t.name.type", E_BADREQ },
		{ "{\"name\":\"a\",\"zz\":1}", "t.unknown_field", E_BADREQ },
		{ "{\"name\":\"a\\u0001\"}", "t.name.invalid", E_INVALID },
		{ "{\"name\":\"a\",\"n\":\"7\"}", "t.n.type", E_BADREQ },
		{ "{\"name\":\"a\",\"n\":101}", "t.n.range", E_INVALID },
		{ "{\"name\":\"a\",\"n\":1.5}", "t.n.type", E_BADREQ },
		{ "{\"name\":\"a\",\"b\":1}", "t.b.type", E_BADREQ },
		{ "{\"name\":\"a\",\"b\":null}", "t.b.type", E_BADREQ },
		{ "{\"name\":\"a\",\"kind\":\"c\"}", "t.kind.invalid",
		    E_INVALID },
		{ "{\"name\":\"a\",\"day\":\"2023-02-29\"}", "t.day.invalid",
		    E_INVALID },
		{ "{\"name\":\"a\",\"sub\":{\"x\":\"toolong\"}}",
		    "t.sub.x.too_long", E_INVALID },
		{ "{\"name\":\"a\",\"sub\":{\"q\":1}}", "t.sub.unknown_field",
		    E_BADREQ },
		{ "{\"name\":\"a\",\"list\":[{\"v\":1},{\"v\":2},{\"v\":3}]}",
		    "t.list.too_long", E_INVALID },
		{ "{\"name\":\"a\",\"list\":[{}]}", "t.list.v.required",
		    E_INVALID },
		{ "{\"name\":\"a\",\"list\":{}}", "t.list.type", E_BADREQ },
	};
	struct in in;
	const char *k;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = check(cases[i].body, &in, &k);

		if (rc != cases[i].code || k == NULL ||
		    strcmp(k, cases[i].key) != 0)
			fail_msg("case %zu %s: got %d %s", i, cases[i].body, rc,
			    k ? k : "(null)");
	}
}

/* jout_dump emits exactly what json_dumps(JSON_COMPACT) does. */
static void
writer_matches_jansson(void **state)
{
	static const char *const docs[] = {
		"{}",
		"[]",
		"{\"a\":[1,-2,9007199254740993,true,false,null]}",
		"{\"é\":\"\\u0001\\u001f\\\"\\\\/\\n\\r\\t\\b\\f\"}",
		"{\"x\":{\"y\":[{},[],\"<script>alert(1)</script>\"]},"
		"\"z\":\"Hélène d’Apcher — ✓ 𝄞\"}",
		"[1.5,0.1,-0.0]",
	};
	size_t i, n;
	json_t *j;
	char *a, *b;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		j = json_loads(docs[i], 0, NULL);
		assert_non_null(j);
		a = json_dumps(j, JSON_COMPACT);
		b = jout_dump(j, &n);
		assert_string_equal(b, a);
		assert_int_equal(n, strlen(a));
		free(a);
		xfree(b);
		json_decref(j);
	}
}

#define SUB_F(X, S) \
	X(S, k, JW_ENUM, 0, kinds, NULL, "K") \
	X(S, n, JW_INT, JW_NULLABLE, NULL, NULL, "N")
JW_FIELDS(SUB, SUB_F);
JW_ROWS(SUB, SUB_F);
static const struct jw_schema sub_schema = JW_INIT(SUB, "Sub", "Sub");

#define TOP_F(X, S) \
	X(S, s, JW_STR, JW_NULLABLE, NULL, NULL, "S") \
	X(S, b, JW_BOOL, 0, NULL, NULL, "B") \
	X(S, o, JW_OBJ, JW_NULLABLE, NULL, &sub_schema, "O") \
	X(S, a, JW_ARR, 0, NULL, &sub_schema, "A") \
	X(S, ids, JW_ARR_INT, 0, NULL, NULL, "Ids") \
	X(S, opt, JW_STR, JW_OPTIONAL, NULL, NULL, "Opt")
JW_FIELDS(TOP, TOP_F);
JW_ROWS(TOP, TOP_F);
static const struct jw_schema top_schema = JW_INIT(TOP, "Top", "Top");

#define NUM_F(X, S) X(S, n, JW_NUM, 0, NULL, NULL, "N")
JW_FIELDS(NUM, NUM_F);
JW_ROWS(NUM, NUM_F);
static const struct jw_schema num_schema = JW_INIT(NUM, "Num", "Num");

/* The typed writer: compact text, escapes as jansson, members in the
 * order written. */
static void
typed_writer(void **state)
{
	struct jw w;
	char *out;
	size_t n;

	(void)state;
	jw_begin(&w, &top_schema);
	jw_str(&w, TOP_s, "a\"\\\n\x01é𝄞");
	jw_bool(&w, TOP_b, 0);
	jw_null(&w, TOP_o);
	jw_arr_begin(&w, TOP_a);
	jw_item_obj_begin(&w);
	jw_str(&w, SUB_k, "b");
	jw_id_or_null(&w, SUB_n, 0);
	jw_obj_end(&w);
	jw_item_obj_begin(&w);
	jw_str(&w, SUB_k, "a");
	jw_int(&w, SUB_n, -9007199254740993LL);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_arr_begin(&w, TOP_ids);
	jw_item_int(&w, 1);
	jw_item_int(&w, 22);
	jw_arr_end(&w);
	out = jw_finish(&w, &n);
	assert_string_equal(out,
	    "{\"s\":\"a\\\"\\\\\\n\\u0001é𝄞\","
	    "\"b\":false,\"o\":null,\"a\":[{\"k\":\"b\",\"n\":null},"
	    "{\"k\":\"a\",\"n\":-9007199254740993}],\"ids\":[1,22]}");
	assert_int_equal(n, strlen(out));
	xfree(out);
}

/* Issue 9 §5: strings are scanned eight bytes at a time; every escape
 * must still be the one jansson writes, wherever it falls in a word. A
 * number is written as jansson writes a real. */
static void
writer_scan_and_numbers(void **state)
{
	static const char *const alphabet[] = { "a", "b", "\"", "\\", "\n",
		"\t", "\x01", "\x1f", "\x7f", " ", "\xc3\xa9", "z" };
	static const double nums[] = { 0, 1, -2.5, 12.25, 1.0 / 3, 1e21,
		123456789.125, 1e-7, -4.5e-300 };
	unsigned seed = 42;
	struct buf b;
	char *j;
	json_t *v;
	int i, k, len;
	char s[48];

	(void)state;
	for (i = 0; i < 20000; i++) {
		len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
		for (k = 0; k < len;) {
			const char *t;

			seed = seed * 1103515245u + 12345u;
			t = alphabet[(seed >> 16) % 12];
			if (k + (int)strlen(t) > len)
				break;
			memcpy(s + k, t, strlen(t));
			k += (int)strlen(t);
		}
		len = k;
		buf_init(&b, 0);
		jw_put_str(&b, s, (size_t)len);
		v = json_stringn_nocheck(s, (size_t)len);
		j = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		assert_non_null(b.p);
		assert_string_equal(b.p, j);
		free(j);
		json_decref(v);
		buf_release(&b);
	}
	for (i = 0; i < (int)(sizeof(nums) / sizeof(nums[0])); i++) {
		struct jw w;
		char *out;
		size_t n;
		char want[80];

		v = json_real(nums[i]);
		j = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		snprintf(want, sizeof(want), "{\"n\":%s}", j);
		free(j);
		json_decref(v);
		jw_begin(&w, &num_schema);
		jw_num(&w, NUM_n, nums[i]);
		out = jw_finish(&w, &n);
		assert_string_equal(out, want);
		xfree(out);
	}
}

/* A reply embedded as a member (GET /persons/{id}/record carries other
 * routes' replies): its text unchanged, the outer reply still checked. */
static void
writer_embeds(void **state)
{
	struct jw w, in;
	char *out;
	size_t n;

	(void)state;
	jw_begin(&in, &sub_schema);
	jw_str(&in, SUB_k, "a");
	jw_int(&in, SUB_n, 7);
	jw_begin(&w, &top_schema);
	jw_str(&w, TOP_s, NULL);
	jw_bool(&w, TOP_b, 1);
	jw_embed(&w, TOP_o, &in);
	jw_arr_begin(&w, TOP_a);
	jw_arr_end(&w);
	jw_arr_begin(&w, TOP_ids);
	jw_arr_end(&w);
	out = jw_finish(&w, &n);
	assert_string_equal(out,
	    "{\"s\":null,\"b\":true,\"o\":{\"k\":\"a\",\"n\":7},\"a\":[],\"ids\":[]}");
	xfree(out);
}

/* Runs a writer misuse in a child: it must abort (a BUG). */
static void
misuse(int which)
{
	struct jw w;
	size_t n;

	jw_begin(&w, &top_schema);
	switch (which) {
	case 0: /* non-nullable null */
		jw_null(&w, TOP_b);
		break;
	case 1: /* member not described */
		jw_int(&w, TOP__N, 1);
		break;
	case 2: /* required member missing */
		jw_bool(&w, TOP_b, 1);
		break;
	case 3: /* value outside the enum */
		jw_obj_begin(&w, TOP_o);
		jw_str(&w, SUB_k, "zz");
		break;
	case 4: /* wrong type */
		jw_int(&w, TOP_s, 3);
		break;
	case 5: /* written twice */
		jw_bool(&w, TOP_b, 1);
		jw_bool(&w, TOP_b, 1);
		break;
	case 6: { /* embedded reply of another description */
		struct jw in;

		jw_begin(&in, &num_schema);
		jw_num(&in, NUM_n, 1);
		jw_embed(&w, TOP_o, &in);
		break;
	}
	case 7: { /* embedded reply missing a required member */
		struct jw in;

		jw_begin(&in, &sub_schema);
		jw_embed(&w, TOP_o, &in);
		break;
	}
	}
	xfree(jw_finish(&w, &n));
}

static void
writer_checks_description(void **state)
{
	int which, st;
	pid_t pid;

	(void)state;
	for (which = 0; which < 8; which++) {
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			/* No core file, no noise: the abort is expected. */
			if (freopen("/dev/null", "w", stderr) == NULL)
				_exit(1);
			misuse(which);
			_exit(0);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		assert_true(WIFSIGNALED(st));
		assert_int_equal(WTERMSIG(st), SIGABRT);
	}
}

/* The person reply writes flags and data by index: the descriptions
 * list them in the order of their code lists. */
static void
person_description_orders(void **state)
{
	int i;

	(void)state;
	assert_int_equal(api_person_flags_schema.nfields, FLAG__MAX);
	for (i = 0; i < FLAG__MAX; i++)
		assert_string_equal(api_person_flags_schema.fields[i].name,
		    person_flag_codes[i]);
	assert_int_equal(api_person_data_schema.nfields, CAT__MAX);
	for (i = 0; i < CAT__MAX; i++)
		assert_string_equal(
		    api_person_data_schema.fields[i].name, access_cat_codes[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_valid),
		cmocka_unit_test(refuses_bad),
		cmocka_unit_test(writer_matches_jansson),
		cmocka_unit_test(typed_writer),
		cmocka_unit_test(writer_checks_description),
		cmocka_unit_test(writer_embeds),
		cmocka_unit_test(writer_scan_and_numbers),
		cmocka_unit_test(person_description_orders),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
