/*
 * JSON output: a direct writer for the trees the handlers build with
 * jansson. Measured: json_dumps was ~20 % of a read's instructions (it
 * checks every object and array for cycles); this writer emits the same
 * bytes as json_dumps(JSON_COMPACT) for our trees.
 */
#ifndef JSON_JOUT_H
#define JSON_JOUT_H

#include <jansson.h>
#include <stddef.h>

/* Compact JSON text of j, heap-allocated (xfree), NUL-terminated. */
char *jout_dump(json_t *j, size_t *len);

#endif
