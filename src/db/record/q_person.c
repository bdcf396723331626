/* SQL for the person record, its per-category texts, circle and consent. */
#include <stddef.h>

#include "db/q.h"

#define PERSON_COLS \
	"p.id, p.birth_name, p.first_names, p.used_name, p.used_first_name, " \
	"p.birth_date, p.sex, p.birthplace_insee, p.ins, p.ins_oid, " \
	"p.identity_status, p.created_at, p.updated_at, p.address, " \
	"p.commune_code, p.identity_status_at, p.identity_status_by, " \
	"p.identity_document, p.flag_doubtful, p.flag_fictitious, " \
	"p.flag_homonym, p.flag_duplicate, " \
	"(SELECT display_name FROM app_user WHERE id = p.identity_status_by), " \
	"p.phone"

/*
 * The list filter comes from access_list_filter(): circle membership and
 * objections are applied in SQL for roles that need them, so paging stays
 * exact. Parameters: crt, need_circle, user, org, check_objections, org,
 * name key, name pattern, birth date (x2), INS (x2), commune (x2),
 * volet-2 territory only, GIR (x2), volet-2 beneficiary (-1 any, 0 no,
 * 1 an active support) (x2).
 */
#define PERSON_FILTER \
	"FROM person p WHERE p.crt_id = ? " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM circle_member c " \
	"WHERE c.person_id = p.id AND c.until IS NULL " \
	"AND (c.user_id = ? OR c.org_id = ?))) " \
	"AND (? = 0 OR NOT EXISTS (SELECT 1 FROM consent_objection ob " \
	"WHERE ob.person_id = p.id AND ob.withdrawn_at IS NULL " \
	"AND (ob.org_id = ? OR ob.category = 'admin'))) " \
	"AND (? = '' OR p.search_key LIKE ? ESCAPE '\\') " \
	"AND (? = '' OR p.birth_date = ?) AND (? = '' OR p.ins = ?) " \
	"AND (? = '' OR p.commune_code = ?) " \
	"AND (? = 0 OR EXISTS (SELECT 1 FROM territory t WHERE " \
	"t.crt_id = p.crt_id AND t.commune_code = p.commune_code " \
	"AND t.volet2 = 1)) " \
	"AND (? = 0 OR (SELECT a.gir FROM aggir_eval a WHERE " \
	"a.crt_id = p.crt_id AND a.person_id = p.id ORDER BY " \
	"a.evaluated_on DESC, a.id DESC LIMIT 1) = ?) " \
	"AND (? < 0 OR ? = (SELECT COUNT(*) FROM support s WHERE " \
	"s.crt_id = p.crt_id AND s.person_id = p.id AND " \
	"s.status = 'active')) "

const struct q_def q_person_defs[] = {
	{ QN(Q_PERSON_INSERT),
	    "INSERT INTO person (crt_id, birth_name, first_names, used_name, "
	    "used_first_name, birth_date, sex, birthplace_insee, ins, ins_oid, "
	    "identity_status, search_key, created_at, updated_at, address, "
	    "commune_code, identity_status_at, identity_status_by, "
	    "identity_document, flag_doubtful, flag_fictitious, flag_homonym, "
	    "flag_duplicate, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_PERSON_GET),
	    "SELECT " PERSON_COLS " FROM person p WHERE p.crt_id = ? "
	    "AND p.id = ?",
	    NULL },
	{ QN(Q_PERSON_UPDATE),
	    "UPDATE person SET birth_name = ?, first_names = ?, used_name = ?, "
	    "used_first_name = ?, birth_date = ?, sex = ?, birthplace_insee = ?, "
	    "ins = ?, ins_oid = ?, identity_status = ?, search_key = ?, "
	    "updated_at = ?, address = ?, commune_code = ?, "
	    "identity_status_at = ?, identity_status_by = ?, "
	    "identity_document = ?, flag_doubtful = ?, flag_fictitious = ?, "
	    "flag_homonym = ?, flag_duplicate = ?, phone = ? "
	    "WHERE crt_id = ? AND id = ?",
	    NULL },
	{ QN(Q_PERSON_LIST),
	    "SELECT " PERSON_COLS " " PERSON_FILTER
	    "ORDER BY p.search_key, p.id LIMIT ? OFFSET ?",
	    NULL },
	{ QN(Q_PERSON_COUNT), "SELECT COUNT(*) " PERSON_FILTER, NULL },
	{ QN(Q_PDATA_LIST),
	    "SELECT category, body, updated_at FROM person_data "
	    "WHERE crt_id = ? AND person_id = ? ORDER BY category",
	    NULL },
	{ QN(Q_PDATA_UPSERT),
	    "INSERT INTO person_data (crt_id, person_id, category, body, "
	    "updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?) "
	    "ON CONFLICT (person_id, category) DO UPDATE SET "
	    "body = excluded.body, updated_at = excluded.updated_at, "
	    "updated_by = excluded.updated_by",
	    NULL },
	{ QN(Q_CIRCLE_LIST),
	    "SELECT c.id, c.user_id, c.org_id, c.role, c.since, u.display_name, "
	    "u.profession, o.name, o.type FROM circle_member c "
	    "LEFT JOIN app_user u ON u.id = c.user_id "
	    "LEFT JOIN org o ON o.id = c.org_id WHERE c.crt_id = ? "
	    "AND c.person_id = ? AND c.until IS NULL ORDER BY c.id",
	    NULL },
	{ QN(Q_CIRCLE_INSERT),
	    "INSERT INTO circle_member (crt_id, person_id, user_id, org_id, "
	    "role, since, created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_CIRCLE_END),
	    "UPDATE circle_member SET until = ? WHERE crt_id = ? "
	    "AND person_id = ? AND id = ? AND until IS NULL",
	    NULL },
	{ QN(Q_OBJ_LIST),
	    "SELECT ob.id, ob.org_id, o.name, ob.category, ob.note, ob.since, "
	    "ob.withdrawn_at, ob.informed_on, ob.informed_by "
	    "FROM consent_objection ob "
	    "LEFT JOIN org o ON o.id = ob.org_id WHERE ob.crt_id = ? "
	    "AND ob.person_id = ? ORDER BY ob.id",
	    NULL },
	{ QN(Q_OBJ_INSERT),
	    "INSERT INTO consent_objection (crt_id, person_id, org_id, category, "
	    "note, since, created_by, informed_on, informed_by) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
	    NULL },
	{ QN(Q_OBJ_WITHDRAW),
	    "UPDATE consent_objection SET withdrawn_at = ? WHERE crt_id = ? "
	    "AND person_id = ? AND id = ? AND withdrawn_at IS NULL",
	    NULL },
	/* Two indexed probes: (crt, birth date) then names; (crt, INS). */
	{ QN(Q_PERSON_DUP),
	    "SELECT id, birth_name, first_names, 0 FROM person WHERE crt_id = ? "
	    "AND birth_date = ? "
	    "UNION SELECT id, birth_name, first_names, 1 FROM person "
	    "WHERE crt_id = ? AND ins = ? ORDER BY 1, 4 DESC LIMIT 200",
	    NULL },
	/* One INS is one person per CRT (issue 8 §15; the unique index
	 * person_crt_ins_one of migration 0020 guarantees it). */
	{ QN(Q_PERSON_INS_HOLDER),
	    "SELECT id FROM person WHERE crt_id = ? AND ins = ? AND id <> ? "
	    "ORDER BY id LIMIT 1",
	    NULL },
	{ QN(Q__MAX), NULL, NULL }
};
