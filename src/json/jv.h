/*
 * JSON input: parsing with jansson (duplicates rejected, UTF-8 checked)
 * and validation tables that turn an object into a typed C struct at once
 * (kcgi's fieldmap). Unknown fields and wrong types are refused; domain
 * code never walks a JSON tree. Error keys are "<prefix>.<field>.<what>".
 */
#ifndef JSON_JV_H
#define JSON_JV_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct ctx;

enum jv_type {
	JV_STR, /* struct jv_str */
	JV_INT, /* struct jv_int */
	JV_BOOL, /* struct jv_bool */
	JV_ENUM, /* struct jv_str, value among `enumv` */
	JV_DATE, /* struct jv_str, "YYYY-MM-DD", a real day */
	JV_OBJ, /* nested table `sub` into the struct at `off` */
	JV_ARR /* struct jv_arr of objects per `sub`, each `esize` */
};

enum jv_flags {
	JV_REQ = 1 << 0, /* must be present and not null */
	JV_NULL = 1 << 1, /* null accepted (clears the value) */
	JV_MULTI = 1 << 2 /* multi-line text: \n and \t allowed */
};

struct jv_str {
	int set; /* present in the input */
	int null; /* present as null */
	const char *s; /* arena copy, NUL-terminated; NULL if null */
	size_t len;
};

struct jv_int {
	int set;
	int null;
	int64_t v;
};

struct jv_bool {
	int set;
	int v;
};

struct jv_arr {
	int set;
	int n;
	void *items; /* n structs of esize bytes, arena */
};

struct jv_field {
	const char *name;
	enum jv_type type;
	size_t off;
	unsigned flags;
	int64_t min; /* chars for strings, value for ints */
	int64_t max;
	const char *const *enumv; /* NULL-terminated */
	const char *label; /* French label for messages */
	const struct jv_field *sub; /* JV_OBJ/JV_ARR; NULL-name ended */
	size_t esize; /* JV_ARR element size; max = count */
};

/* Parses a body. 400 json.malformed (incl. bad UTF-8, duplicates). */
int jv_parse(struct ctx *, const char *body, size_t len, json_t **out);
/* Validates `obj` (must be an object) against `fields` into `out`. */
int jv_object(struct ctx *, const char *prefix, json_t *obj,
    const struct jv_field *fields, void *out);
/* Whether a NUL-terminated text is valid UTF-8 (jansson's check). */
int jv_utf8_valid(const char *);
/* Counts UTF-8 code points of a valid UTF-8 string. */
size_t jv_utf8_len(const char *, size_t);
/* True if the text holds a control character (other than \n\t if multi). */
int jv_has_ctl(const char *, size_t, int multi);
/* A field applied over a stored value: unchanged if absent, NULL if
 * given as null, else the new text (merging PATCH-style input). */
const char *jv_str_or(const struct jv_str *, const char *old);
/* An optional integer field: its value, or `def` when absent or null. */
int64_t jv_int_or(const struct jv_int *, int64_t def);
/* Index of s in a NULL-terminated list, or -1. */
int jv_enum_index(const char *const *list, const char *s);

#endif
