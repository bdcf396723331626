/*
 * The territory (PRODUCT §8): French communes (reference data loaded from
 * @etalab/decoupage-administratif, never typed by hand) and, per CRT, the
 * communes it covers for volet 1 and for volet 2 with a travel time.
 */
#ifndef DOMAIN_TERRITORY_H
#define DOMAIN_TERRITORY_H

#include <stdint.h>

struct ctx;

struct commune {
	const char *code; /* INSEE code */
	const char *name;
	const char *postal_codes; /* space-separated */
	const char *departement;
	int64_t population;
	int volet1; /* covered by ctx's CRT */
	int volet2;
	int travel_minutes; /* -1: unknown */
};

/* Default location of the data file, relative to the working directory. */
#define TERRITORY_COMMUNES_FILE \
	"node_modules/@etalab/decoupage-administratif/data/communes.json"

/* Loads (upserts) every current commune from the package's communes.json.
 * E_INVALID with a French message when the file is missing or malformed. */
int territory_import(struct ctx *, const char *path, int *count);
/* Number of communes loaded. */
int territory_commune_count(struct ctx *, int64_t *n);
/* A commune by INSEE code with ctx's CRT coverage; E_NOT_FOUND. */
int territory_commune(struct ctx *, const char *code, struct commune *);
struct db_stmt;
/* A commune from a statement's columns i..i+7 (code, name, postal codes,
 * département, population, volet1, volet2, travel minutes). */
void
territory_commune_cols(struct ctx *, struct db_stmt *, int i, struct commune *);
/* Communes by name (accents ignored) or postal code, covered ones first. */
int territory_search(
    struct ctx *, const char *q, int limit, struct commune **, int *n);
/* The communes ctx's CRT covers. */
int territory_list(struct ctx *, struct commune **, int *n);
/* Sets coverage of a commune; both volets false removes it. */
int territory_set(
    struct ctx *, const char *code, int volet1, int volet2, int travel_minutes);
/* Demo: CRT Nord Lozère's volet-2 communes (seed 002) and all of Lozère
 * for volet 1. */
int territory_seed_demo(struct ctx *);

#endif
