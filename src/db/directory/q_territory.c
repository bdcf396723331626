/* SQL for communes (reference data) and each CRT's territory. */
#include <stddef.h>

#include "db/q.h"

#define COMMUNE_COLS \
	"c.code, c.name, c.postal_codes, c.departement, c.population, " \
	"t.volet1, t.volet2, t.travel_minutes"

const struct q_def q_territory_defs[] = {
	/*
	 * Bulk load: one JSON array of {code,name,key,postal,dept,pop} per
	 * statement (thousands of rows in one round trip on PostgreSQL).
	 */
	{ QN(Q_COMMUNE_LOAD),
	    "INSERT INTO commune (code, name, search_key, postal_codes, "
	    "departement, population) SELECT json_extract(value, '$.code'), "
	    "json_extract(value, '$.name'), json_extract(value, '$.key'), "
	    "json_extract(value, '$.postal'), json_extract(value, '$.dept'), "
	    "json_extract(value, '$.pop') FROM json_each(?) WHERE true "
	    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
	    "search_key = excluded.search_key, postal_codes = "
	    "excluded.postal_codes, departement = excluded.departement, "
	    "population = excluded.population",
	    "INSERT INTO commune (code, name, search_key, postal_codes, "
	    "departement, population) SELECT x.code, x.name, x.key, x.postal, "
	    "x.dept, x.pop FROM json_to_recordset(?::json) AS x(code text, "
	    "name text, key text, postal text, dept text, pop bigint) "
	    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
	    "search_key = excluded.search_key, postal_codes = "
	    "excluded.postal_codes, departement = excluded.departement, "
	    "population = excluded.population" },
	{ QN(Q_COMMUNE_COUNT), "SELECT COUNT(*) FROM commune", NULL },
	{ QN(Q_COMMUNE_GET),
	    "SELECT " COMMUNE_COLS " FROM commune c LEFT JOIN territory t "
	    "ON t.commune_code = c.code AND t.crt_id = ? WHERE c.code = ?",
	    NULL },
	/* By name (folded, prefix of a word) or by postal code prefix;
	 * the CRT's own communes first. */
	{ QN(Q_COMMUNE_SEARCH),
	    "SELECT " COMMUNE_COLS " FROM commune c LEFT JOIN territory t "
	    "ON t.commune_code = c.code AND t.crt_id = ? WHERE "
	    "c.search_key LIKE ? ESCAPE '\\' OR c.search_key LIKE ? ESCAPE '\\' "
	    "OR c.postal_codes LIKE ? ESCAPE '\\' OR c.postal_codes LIKE ? "
	    "ESCAPE '\\' ORDER BY (t.volet2 IS NULL), (t.volet1 IS NULL), "
	    "c.population DESC, c.name LIMIT ?",
	    NULL },
	{ QN(Q_TERRITORY_LIST),
	    "SELECT " COMMUNE_COLS " FROM territory t JOIN commune c "
	    "ON c.code = t.commune_code WHERE t.crt_id = ? "
	    "ORDER BY t.volet2 DESC, c.name",
	    NULL },
	{ QN(Q_TERRITORY_UPSERT),
	    "INSERT INTO territory (crt_id, commune_code, volet1, volet2, "
	    "travel_minutes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (crt_id, "
	    "commune_code) DO UPDATE SET volet1 = excluded.volet1, "
	    "volet2 = excluded.volet2, travel_minutes = excluded.travel_minutes",
	    NULL },
	{ QN(Q_TERRITORY_DELETE),
	    "DELETE FROM territory WHERE crt_id = ? AND commune_code = ?",
	    NULL },
	{ QN(Q_TERRITORY_DEPT),
	    "SELECT code FROM commune WHERE departement = ? ORDER BY code",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
