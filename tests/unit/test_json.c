/* Unit tests: json/jv (validation tables → typed structs). */
#include <stdlib.h>

#include "t.h"

#include "base/xalloc.h"
#include "json/jout.h"
#include "json/jv.h"

struct in {
	struct jv_str	 name;
	struct jv_int	 n;
	struct jv_bool	 b;
	struct jv_str	 kind;
	struct jv_str	 day;
	struct jv_str	 note;
	struct {
		struct jv_str	 x;
	} sub;
	struct jv_arr	 list;
};

struct item {
	struct jv_int	 v;
};

static const char *const kinds[] = { "a", "b", NULL };

static const struct jv_field item_f[] = {
	{ "v", JV_INT, offsetof(struct item, v), JV_REQ, 0, 9, NULL, "V",
	  NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
static const struct jv_field sub_f[] = {
	{ "x", JV_STR, 0, 0, 0, 5, NULL, "X", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
static const struct jv_field f[] = {
	{ "name", JV_STR, offsetof(struct in, name), JV_REQ, 1, 3, NULL,
	  "Nom", NULL, 0 },
	{ "n", JV_INT, offsetof(struct in, n), JV_NULL, 1, 100, NULL, "N",
	  NULL, 0 },
	{ "b", JV_BOOL, offsetof(struct in, b), 0, 0, 0, NULL, "B", NULL, 0 },
	{ "kind", JV_ENUM, offsetof(struct in, kind), 0, 1, 5, kinds, "Genre",
	  NULL, 0 },
	{ "day", JV_DATE, offsetof(struct in, day), 0, 10, 10, NULL, "Jour",
	  NULL, 0 },
	{ "note", JV_STR, offsetof(struct in, note), JV_MULTI, 0, 50, NULL,
	  "Note", NULL, 0 },
	{ "sub", JV_OBJ, offsetof(struct in, sub), 0, 0, 0, NULL, "Sous",
	  sub_f, 0 },
	{ "list", JV_ARR, offsetof(struct in, list), 0, 0, 2, NULL, "Liste",
	  item_f, sizeof(struct item) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

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
	assert_int_equal(check("{\"name\":\"éèà\",\"n\":7,\"b\":true,"
	    "\"kind\":\"b\",\"day\":\"2024-02-29\",\"note\":\"a\\nb\","
	    "\"sub\":{\"x\":\"y\"},\"list\":[{\"v\":1},{\"v\":2}]}", &in, &k),
	    E_OK);
	assert_string_equal(in.name.s, "éèà");	/* 3 characters, 6 bytes */
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
		{ "{\"name\":\"a\",\"name\":\"b\"}", "json.malformed", E_BADREQ },
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
			fail_msg("case %zu %s: got %d %s", i, cases[i].body,
			    rc, k ? k : "(null)");
	}
}

/* jout_dump emits exactly what json_dumps(JSON_COMPACT) does. */
static void
writer_matches_jansson(void **state)
{
	static const char *const docs[] = {
		"{}", "[]", "{\"a\":[1,-2,9007199254740993,true,false,null]}",
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(accepts_valid),
		cmocka_unit_test(refuses_bad),
		cmocka_unit_test(writer_matches_jansson),
	};

	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
