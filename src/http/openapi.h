/*
 * The OpenAPI 3 document and docs/API.md, generated from the route tables
 * and their validation tables so that they cannot go stale.
 */
#ifndef HTTP_OPENAPI_H
#define HTTP_OPENAPI_H

#include <jansson.h>
#include <stdio.h>

#include "http/route.h"

struct jw_schema;

/* Caller owns the result (json_decref). `perms`: the permission names,
 * indexed by a route's perm (access_perm_codes), listed per operation as
 * "x-permission". `schemas`: the described replies (NULL-ended); a
 * route whose `out` names one gets it as its 2xx schema. `alts`: the
 * other success replies of some routes (NULL-path ended), or NULL. */
json_t *openapi_build(const struct route_table *, size_t n, const char *version,
    const char *const *perms, const struct jw_schema *const *schemas,
    const struct route_reply *alts);
/* Writes docs/API.md's text. */
void openapi_markdown(FILE *, const struct route_table *, size_t n,
    const char *const *perms, const struct jw_schema *const *schemas,
    const struct route_reply *alts);
/* One line per route, "METHOD PATH", for tests and tools. */
void openapi_list(FILE *, const struct route_table *, size_t n);

#endif
