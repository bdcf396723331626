/*
 * Typed JSON writer (issue 9 §2). A reply is described once as a
 * jw_schema (a table of fields, generated from an X-macro list by
 * JW_SCHEMA) and written member by member straight into a byte buffer:
 * no jansson tree. The same description gives the OpenAPI schema
 * (openapi.c). Members are named by their index in the description
 * (the X-macro's enum), so a member that is not described cannot be
 * written; the type, nullability, enum values and required members are
 * checked as they are written unless NDEBUG is defined (a mismatch is a
 * BUG: logged and aborted, so tests catch it).
 */
#ifndef JSON_JW_H
#define JSON_JW_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

enum jw_type {
	JW_STR,
	JW_INT,
	JW_BOOL,
	JW_DATE, /* "AAAA-MM-JJ" */
	JW_DATETIME, /* ISO 8601 text as stored */
	JW_ENUM, /* string among enumv */
	JW_OBJ, /* object described by sub */
	JW_ARR, /* array of objects described by sub */
	JW_ARR_INT, /* array of integers */
	JW_ARR_ENUM, /* array of strings among enumv */
	JW_NUM, /* a finite number, possibly fractional */
	JW__MAX
};

/* Field flags. */
#define JW_NULLABLE 1u /* may be null */
#define JW_OPTIONAL 2u /* may be absent (else always written) */

struct jw_schema;

struct jw_field {
	const char *name;
	const char *key; /* "\"name\":" */
	size_t keylen;
	enum jw_type type;
	unsigned flags;
	const char *const *enumv; /* JW_ENUM/JW_ARR_ENUM, NULL-ended */
	const struct jw_schema *sub; /* JW_OBJ/JW_ARR */
	const char *label; /* French, for the documentation */
};

struct jw_schema {
	const char *name; /* components/schemas/<name> */
	const char *label; /* French */
	const struct jw_field *fields;
	int nfields; /* at most 64 */
};

/*
 * Describing a resource: LIST(X, S) expands X(S, name, type, flags,
 * enumv, sub, label) once per member. JW_FIELDS(S, LIST) declares
 * enum { S_name... }, JW_ROWS(S, LIST) the table S_rows, and
 * `const struct jw_schema S = JW_INIT(S, "Name", label);` the schema.
 */
#define JW_ENUM_(S, n, t, fl, en, sub, lab) S##_##n,
#define JW_ROW_(S, n, t, fl, en, sub, lab) \
	{ #n, "\"" #n "\":", sizeof(#n) + 2, t, fl, en, sub, lab },
#define JW_FIELDS(S, LIST) enum { LIST(JW_ENUM_, S) S##__N }
#define JW_ROWS(S, LIST) \
	static const struct jw_field S##_rows[] = { LIST(JW_ROW_, S) }
#define JW_INIT(S, nm, lab) \
	{ \
		nm, lab, S##_rows, S##__N \
	}

#define JW_DEPTH 8

struct jw_frame {
	const struct jw_schema *s; /* object members, or array items */
	const struct jw_field *f; /* the array's field (arrays) */
	uint64_t seen; /* members written (objects) */
	int n; /* members or items written */
	int arr;
};

struct jw {
	struct buf b;
	struct jw_frame st[JW_DEPTH];
	int depth;
};

/* Starts the reply: an object described by root. */
void jw_begin(struct jw *, const struct jw_schema *root);
/* Closes the root object; returns the bytes (xfree), NUL-terminated. */
char *jw_finish(struct jw *, size_t *len);
/* Drops an unfinished reply. */
void jw_release(struct jw *);

/* Members of the current object; f is the member's index. A NULL string
 * writes null. */
void jw_str(struct jw *, int f, const char *);
void jw_int(struct jw *, int f, int64_t);
/* A finite number, written as jansson writes a real (%.17g, ".0" added
 * to an integral value). */
void jw_num(struct jw *, int f, double);
/* An integer where 0 means "none": null. */
void jw_id_or_null(struct jw *, int f, int64_t);
void jw_bool(struct jw *, int f, int);
void jw_null(struct jw *, int f);
void jw_obj_begin(struct jw *, int f);
void jw_obj_end(struct jw *);
/* Member f (an object described by the same schema as inner's root) is
 * the reply inner was writing: inner is finished (its required members
 * checked), copied in and released. Lets a reply carry other routes'
 * replies unchanged (GET /persons/{id}/record). */
void jw_embed(struct jw *, int f, struct jw *inner);
void jw_arr_begin(struct jw *, int f);
void jw_arr_end(struct jw *);
/* Items of the current array. */
void jw_item_obj_begin(struct jw *);
void jw_item_int(struct jw *, int64_t);
void jw_item_str(struct jw *, const char *);

/* JSON string literal of s (n bytes, valid UTF-8) appended to b. */
void jw_put_str(struct buf *, const char *s, size_t n);

#endif
