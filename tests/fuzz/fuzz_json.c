/*
 * libFuzzer driver: request bodies through jv_parse + a validation table
 * with every field type (strings, enums, dates, ints, bools, nested
 * objects, arrays). Run by hand (`make fuzz`), not a CI gate.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/ctx.h"
#include "base/rnd.h"
#include "json/jv.h"

struct item {
	struct jv_int	 v;
	struct jv_str	 s;
};

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

static const char *const kinds[] = { "a", "bb", "ccc", NULL };

static const struct jv_field item_f[] = {
	{ "v", JV_INT, offsetof(struct item, v), JV_REQ, 0, 9, NULL, "V",
	  NULL, 0 },
	{ "s", JV_STR, offsetof(struct item, s), JV_NULL, 0, 8, NULL, "S",
	  NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
static const struct jv_field sub_f[] = {
	{ "x", JV_STR, 0, JV_MULTI, 0, 5, NULL, "X", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};
static const struct jv_field fields[] = {
	{ "name", JV_STR, offsetof(struct in, name), JV_REQ, 1, 30, NULL,
	  "Nom", NULL, 0 },
	{ "n", JV_INT, offsetof(struct in, n), JV_NULL, 1, 100, NULL, "N",
	  NULL, 0 },
	{ "b", JV_BOOL, offsetof(struct in, b), 0, 0, 0, NULL, "B", NULL, 0 },
	{ "kind", JV_ENUM, offsetof(struct in, kind), 0, 1, 5, kinds, "K",
	  NULL, 0 },
	{ "day", JV_DATE, offsetof(struct in, day), 0, 10, 10, NULL, "D",
	  NULL, 0 },
	{ "note", JV_STR, offsetof(struct in, note), JV_MULTI | JV_NULL, 0,
	  50, NULL, "Note", NULL, 0 },
	{ "sub", JV_OBJ, offsetof(struct in, sub), 0, 0, 0, NULL, "Sub",
	  sub_f, 0 },
	{ "list", JV_ARR, offsetof(struct in, list), 0, 0, 4, NULL, "L",
	  item_f, sizeof(struct item) },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct ctx ctx;
	struct in in;
	json_t *j = NULL;

	if (!init) {
		rnd_init();
		init = 1;
	}
	ctx_init(&ctx, 256 * 1024);
	memset(&in, 0, sizeof(in));
	if (jv_parse(&ctx, (const char *)data, size, &j) == E_OK &&
	    jv_object(&ctx, "f", j, fields, &in) == E_OK) {
		/* Valid output must respect the table. */
		if (in.name.s == NULL || jv_utf8_len(in.name.s, in.name.len) >
		    30 || (in.n.set && !in.n.null && (in.n.v < 1 ||
		    in.n.v > 100)) || in.list.n > 4)
			__builtin_trap();
	} else if (ctx.err == E_OK || ctx.err_key == NULL ||
	    ctx.err_msg == NULL)
		__builtin_trap();	/* every refusal carries key + message */
	json_decref(j);
	ctx_release(&ctx);
	return 0;
}
