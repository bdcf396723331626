/*
 * CRT and organisation storage rules. Every query is scoped by
 * ctx->crt_id: no function here can reach another tenant's rows.
 */
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/calendar.h"
#include "domain/directory/directory.h"
#include "domain/directory/org.h"
#include "domain/text.h"

/*
 * SPEC: PRODUCT §4 — organisation types, with the mandatory partner
 * checklist of seed 001 (Part II §4 "Checklist des partenaires
 * obligatoires"), by group. Items the seed marks "si existant" are not
 * mandatory; types outside the checklist (the CRT itself, CCAS, CLIC...)
 * are not either.
 */
#define ORG_TYPES(X) \
	X(crt, "Centre de ressources territorial", "", 0) \
	X(dac, "Dispositif d'appui à la coordination (DAC)", \
	    "Coordination locale", 1) \
	X(saad, "Service d'aide et d'accompagnement à domicile (SAAD)", \
	    "Aide et soins à domicile", 1) \
	X(ssiad, "Service de soins infirmiers à domicile (SSIAD)", \
	    "Aide et soins à domicile", 1) \
	X(spasad, "Service polyvalent d'aide et de soins à domicile (SPASAD)", \
	    "Aide et soins à domicile", 1) \
	X(had, "Hospitalisation à domicile (HAD)", "Aide et soins à domicile", \
	    1) \
	X(esa, "Équipe spécialisée Alzheimer (ESA)", \
	    "Aide et soins à domicile", 1) \
	X(esmnd, "Équipe spécialisée maladies neurodégénératives (ESMND)", \
	    "Aide et soins à domicile", 1) \
	X(eaar, "Équipe d'appui en adaptation et réadaptation (EAAR)", \
	    "Aide et soins à domicile", 1) \
	X(apa, "Équipe médico-sociale APA du Département", \
	    "Aide et soins à domicile", 1) \
	X(ehpad, "EHPAD", "Filière de soins", 1) \
	X(accueil_jour, "Centre d'accueil de jour", "Filière de soins", 1) \
	X(eps_pa, "Équipe parcours santé personnes âgées (EPS PA)", \
	    "Filière de soins", 1) \
	X(emsp, "Équipe mobile de soins palliatifs (EMSP)", \
	    "Filière de soins", 1) \
	X(emg, "Équipe mobile de gériatrie (EMG)", "Filière de soins", 1) \
	X(emh, "Équipe mobile ou opérationnelle d'hygiène (EMH, EOH)", \
	    "Filière de soins", 1) \
	X(emppa, "Équipe mobile de psychiatrie de la personne âgée (EMPPA)", \
	    "Filière de soins", 1) \
	X(hopital, \
	    "Établissement de santé (MCO, SMR, USLD, UCC, hôpital " \
	    "de proximité)", \
	    "Filière de soins", 1) \
	X(sante_mentale, "Établissement ou service de santé mentale", \
	    "Filière de soins", 1) \
	X(centre15, "Centre 15 (SAMU)", "Filière de soins", 1) \
	X(cabinet_medical, "Médecin traitant (cabinet médical)", \
	    "Professionnels libéraux", 1) \
	X(cpts, "Communauté professionnelle territoriale de santé (CPTS)", \
	    "Professionnels libéraux", 1) \
	X(msp, "Maison de santé pluriprofessionnelle (MSP)", \
	    "Professionnels libéraux", 1) \
	X(centre_sante, "Centre de santé", "Professionnels libéraux", 1) \
	X(equipe_sante, "Équipe de santé du territoire", \
	    "Professionnels libéraux", 1) \
	X(pharmacie, "Pharmacie d'officine", "Professionnels libéraux", 1) \
	X(cabinet_infirmier, "Cabinet infirmier", "Professionnels libéraux", \
	    0) \
	X(pfr, "Plateforme d'accompagnement et de répit (PFR)", \
	    "Aide aux aidants", 1) \
	X(asso_aidants, "Association d'aide aux aidants", "Aide aux aidants", \
	    1) \
	X(cvs, "Représentants du CVS", "Aide aux aidants", 1) \
	X(repit_domicile, "Autre acteur de répit à domicile", \
	    "Aide aux aidants", 1) \
	X(asso_prevention, "Association de prévention", \
	    "Prévention de la perte d'autonomie", 1) \
	X(caisse_mutuelle, "Caisse ou mutuelle", \
	    "Prévention de la perte d'autonomie", 1) \
	X(cicat, \
	    "Centre d'information et de conseil en aides techniques " \
	    "(CICAT)", \
	    "Prévention de la perte d'autonomie", 1) \
	X(asso_vie_sociale, "Association de vie sociale et citoyenne", \
	    "Vie sociale et citoyenne", 1) \
	X(departement, "Conseil départemental", \
	    "Institutionnel et " \
	    "financeurs", \
	    1) \
	X(commune, "Commune ou intercommunalité", \
	    "Institutionnel et " \
	    "financeurs", \
	    1) \
	X(dispositif_innovant, \
	    "Dispositif innovant de soutien à domicile " \
	    "(ARS)", \
	    "Autres", 0) \
	X(plateforme_metiers, "Plateforme des métiers de l'autonomie", \
	    "Autres", 0) \
	X(ccas, "Centre communal d'action sociale (CCAS)", "", 0) \
	X(clic, "Centre local d'information et de coordination (CLIC)", "", 0) \
	X(teleassistance, "Téléassistance", "", 0) \
	X(mjpm, "Mandataire judiciaire (MJPM)", "", 0) \
	X(centre_formation, "Centre de formation", "", 0) \
	X(autre, "Autre", "", 0)

#define CODE(c, l, g, m) #c,
#define LABEL(c, l, g, m) l,
#define GROUP(c, l, g, m) g,
#define MAND(c, l, g, m) m,

const char *const org_type_codes[] = { ORG_TYPES(CODE) NULL };
const char *const org_type_labels[] = { ORG_TYPES(LABEL) NULL };
const char *const org_type_groups[] = { ORG_TYPES(GROUP) NULL };
const int org_type_mandatory[] = { ORG_TYPES(MAND) 0 };

int
org_crt_find(struct ctx *ctx, const char *code, int64_t *crt_id)
{
	struct db_stmt *st =
	    db_stmt(ctx->db, code ? Q_CRT_BY_CODE : Q_CRT_FIRST);
	enum db_res r;

	if (code != NULL)
		db_bind_text(st, 1, code);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "crt.not_found", NULL,
		    "Ce CRT n'existe pas.");
	*crt_id = db_col_i64(st, 0);
	db_stmt(ctx->db, code ? Q_CRT_BY_CODE : Q_CRT_FIRST);
	return E_OK;
}

int
org_crt_settings(
    struct ctx *ctx, int64_t *file_active_target, int64_t *aggir_valid_months)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRT_SETTINGS);

	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*file_active_target = db_col_i64(st, 0);
	*aggir_valid_months = db_col_i64(st, 1);
	return E_OK;
}

int
org_crt_settings_set(
    struct ctx *ctx, int64_t file_active_target, int64_t aggir_valid_months)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRT_SETTINGS_SET);
	int rc;

	db_bind_i64(st, 1, file_active_target);
	db_bind_i64(st, 2, aggir_valid_months);
	db_bind_i64(st, 3, ctx->crt_id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "crt.settings", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "target=%lld aggir=%lld",
		(long long)file_active_target, (long long)aggir_valid_months));
	return E_OK;
}

int
org_crt_oncall(struct ctx *ctx, const char **phone)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRT_ONCALL);

	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*phone = db_col_dup(ctx, st, 0);
	return db_run(ctx, st);
}

int
org_crt_oncall_set(struct ctx *ctx, const char *phone)
{
	struct db_stmt *st;
	int rc;

	if (phone != NULL && !directory_phone_ok(phone))
		return err_set(ctx, E_INVALID, "settings.oncall_phone.invalid",
		    "oncall_phone",
		    "Le numéro d'astreinte doit comporter 10 chiffres.");
	st = db_stmt(ctx->db, Q_CRT_ONCALL_SET);
	db_bind_text(st, 1, phone);
	db_bind_i64(st, 2, ctx->crt_id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "crt.settings", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "astreinte=%s", phone ? phone : "-"));
	return E_OK;
}

int
org_crt_alarm_escalation_set(struct ctx *ctx, int64_t seconds)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRT_ALARM_ESCALATION_SET);

	db_bind_i64(st, 1, seconds);
	db_bind_i64(st, 2, ctx->crt_id);
	return db_run(ctx, st);
}

int
org_crt_calendar(struct ctx *ctx, struct org_calendar *c)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CRT_CALENDAR);

	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	c->timezone = db_col_dup(ctx, st, 0);
	c->departement = db_col_dup(ctx, st, 1);
	c->whit_monday_worked = (int)db_col_i64(st, 2);
	return db_run(ctx, st);
}

/* A département code: 01-95 (but 20), 2A, 2B, 971-976. */
static int
departement_ok(const char *d)
{
	size_t n = d ? strlen(d) : 0;

	if (n == 2 && (strcmp(d, "2A") == 0 || strcmp(d, "2B") == 0))
		return 1;
	if (n == 2 && d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9')
		return strcmp(d, "00") != 0 && strcmp(d, "20") != 0 &&
		    strcmp(d, "95") <= 0;
	return n == 3 && strncmp(d, "97", 2) == 0 && d[2] >= '1' && d[2] <= '6';
}

int
org_crt_calendar_set(struct ctx *ctx, const struct org_calendar *c)
{
	struct db_stmt *st;
	int rc;

	if (c->timezone == NULL || strlen(c->timezone) > 64 ||
	    !calendar_zone_ok(c->timezone))
		return err_set(ctx, E_INVALID, "settings.timezone.invalid",
		    "timezone",
		    "Le fuseau horaire doit être un fuseau connu, par exemple "
		    "Europe/Paris.");
	if (c->departement != NULL && !departement_ok(c->departement))
		return err_set(ctx, E_INVALID, "settings.departement.invalid",
		    "departement",
		    "Le département doit être un code comme 48, 2A ou 974.");
	st = db_stmt(ctx->db, Q_CRT_CALENDAR_SET);
	db_bind_text(st, 1, c->timezone);
	db_bind_text(st, 2, c->departement);
	db_bind_i64(st, 3, c->whit_monday_worked ? 1 : 0);
	db_bind_i64(st, 4, ctx->crt_id);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "crt.settings", 0, "", "-", "ok",
	    arena_printf(&ctx->arena, "fuseau=%s departement=%s pentecote=%s",
		c->timezone, c->departement ? c->departement : "-",
		c->whit_monday_worked ? "travaille" : "ferie"));
	return E_OK;
}

int
org_create(struct ctx *ctx, const char *name, const char *type, int is_self,
    int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_INSERT);

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, type);
	db_bind_i64(st, 4, is_self);
	db_bind_text(st, 5, ctx->now);
	db_bind_text(st, 6, text_fold(&ctx->arena, name));
	db_bind_text(st, 7, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	return db_run(ctx, st);
}

int
org_crt_ensure(struct ctx *ctx, const char *code, const char *name,
    const char *carrier, int64_t *crt_id, int *created)
{
	struct db_stmt *st;
	int64_t org;
	int rc;

	*created = 0;
	rc = org_crt_find(ctx, code, crt_id);
	if (rc == E_OK) {
		ctx->crt_id = *crt_id;
		return E_OK;
	}
	if (rc != E_NOT_FOUND)
		return rc;
	err_clear(ctx);
	st = db_stmt(ctx->db, Q_CRT_INSERT);
	db_bind_text(st, 1, code);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, ctx->now);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*crt_id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	ctx->crt_id = *crt_id;
	rc = org_create(ctx, carrier ? carrier : name, "crt", 1, &org);
	if (rc == E_OK)
		rc = access_seed_matrix(ctx, *crt_id);
	if (rc == E_OK)
		*created = 1;
	return rc;
}

static void
row_org(struct ctx *ctx, struct db_stmt *st, struct org *o)
{
	o->id = db_col_i64(st, 0);
	o->name = db_col_dup(ctx, st, 1);
	o->type = db_col_dup(ctx, st, 2);
	o->is_self = (int)db_col_i64(st, 3);
}

int
org_find_by_name(struct ctx *ctx, const char *name, int64_t *id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_BY_NAME);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, name);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*id = r == DB_ROW ? db_col_i64(st, 0) : 0;
	db_stmt(ctx->db, Q_ORG_BY_NAME);
	return E_OK;
}

int
org_get(struct ctx *ctx, int64_t id, struct org *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "org.not_found", "org_id",
		    "Cette structure n'existe pas.");
	row_org(ctx, st, o);
	db_stmt(ctx->db, Q_ORG_GET);
	return E_OK;
}

int
org_self(struct ctx *ctx, struct org *o)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_SELF);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "org.not_found", NULL,
		    "La structure du CRT est introuvable.");
	row_org(ctx, st, o);
	db_stmt(ctx->db, Q_ORG_SELF);
	return E_OK;
}

int
org_list(struct ctx *ctx, struct org **out, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_ORG_LIST);
	struct org *v = NULL, *o;
	enum db_res r;
	int cap = 0;

	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_org(ctx, st, o);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}
