/*
 * The support contract generated from the CRT's template: see
 * contract_doc.h.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/record/person.h"
#include "domain/volet2/contract_doc.h"
#include "domain/volet2/support.h"

const char *const contract_doc_placeholders[] = { "nom", "prenoms",
	"date_naissance", "adresse", "date_debut", "referent", "crt", "date",
	"ne", NULL };
const char *const contract_doc_placeholder_labels[] = {
	"Nom (de naissance, et d'usage s'il existe)", "Prénoms",
	"Date de naissance", "Adresse et commune",
	"Début de l'accompagnement (ou date d'admission)",
	"Référent du plan personnalisé", "Nom du CRT", "Date du jour",
	"« né » ou « née » selon le sexe", NULL
};

/* Seeds 000/001: the support contract between the person and the CRT,
 * signed after the plan, the volet-2 prestations, the shared data. */
const char contract_doc_default[] =
    "CONTRAT D'ACCOMPAGNEMENT RENFORCÉ À DOMICILE\n"
    "\n"
    "Entre le Centre de Ressources Territorial {{crt}},\n"
    "et {{nom}} {{prenoms}}, {{ne}} le {{date_naissance}},\n"
    "demeurant {{adresse}},\n"
    "ci-après « la personne accompagnée ».\n"
    "\n"
    "Article 1 — Objet\n"
    "Le présent contrat définit l'accompagnement renforcé à domicile "
    "(volet 2 de la mission de centre de ressources territorial), en "
    "alternative à l'entrée en EHPAD, à compter du {{date_debut}}.\n"
    "\n"
    "Article 2 — Prestations\n"
    "Sécurisation de l'environnement et adaptation du logement ; gestion "
    "des situations de crise et soutien des aidants ; suivi renforcé "
    "autour de la personne (plan personnalisé, coordination des "
    "intervenants, surveillance gériatrique) ; continuité du projet de vie "
    "et lutte contre l'isolement.\n"
    "\n"
    "Article 3 — Plan personnalisé et référent\n"
    "Les actions sont décrites dans le plan personnalisé d'accompagnement, "
    "revu avec la personne. Référent : {{referent}}.\n"
    "\n"
    "Article 4 — Partage d'informations\n"
    "Les informations utiles à l'accompagnement sont partagées entre les "
    "professionnels qui l'assurent, dans le respect du secret "
    "professionnel ; la personne peut s'opposer au partage avec une "
    "structure ou pour une catégorie d'informations.\n"
    "\n"
    "Article 5 — Durée et fin\n"
    "L'accompagnement prend fin à la demande de la personne ou de son "
    "représentant légal, en cas d'entrée en établissement, d'"
    "hospitalisation de plus de trois mois ou lorsque les critères ne sont "
    "plus remplis.\n"
    "\n"
    "Fait le {{date}}, en deux exemplaires.\n"
    "\n"
    "La personne accompagnée ou son représentant          Pour le CRT\n";

/* The index of placeholder name s[0..n), or -1. */
static int
placeholder(const char *s, size_t n)
{
	int i;

	for (i = 0; contract_doc_placeholders[i]; i++)
		if (strlen(contract_doc_placeholders[i]) == n &&
		    memcmp(contract_doc_placeholders[i], s, n) == 0)
			return i;
	return -1;
}

/* Checks every {{...}} of body; E_OK or the 422. */
static int
check(struct ctx *ctx, const char *body)
{
	const char *p = body, *e;

	while ((p = strstr(p, "{{")) != NULL) {
		e = strstr(p + 2, "}}");
		if (e == NULL || placeholder(p + 2, (size_t)(e - p - 2)) < 0)
			return err_set(ctx, E_INVALID,
			    "contract_template.placeholder", "body",
			    "Le modèle contient un champ à remplir inconnu ou "
			    "mal fermé : utilisez {{nom}}, {{prenoms}}, "
			    "{{date_naissance}}, {{adresse}}, {{date_debut}}, "
			    "{{referent}}, {{crt}}, {{date}} ou {{ne}}.");
		p = e + 2;
	}
	return E_OK;
}

int
contract_doc_tpl_get(struct ctx *ctx, const char **body, int *is_default,
    const char **updated_at)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_CONTRACT_TPL_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*is_default = r != DB_ROW;
	*body = r == DB_ROW ? db_col_dup(ctx, st, 0) : contract_doc_default;
	*updated_at = r == DB_ROW ? db_col_dup(ctx, st, 1) : NULL;
	return E_OK;
}

int
contract_doc_tpl_set(struct ctx *ctx, const char *body)
{
	struct db_stmt *st;
	int rc;

	if (body != NULL && (rc = check(ctx, body)) != E_OK)
		return rc;
	if (body == NULL) {
		st = db_stmt(ctx->db, Q_CONTRACT_TPL_RESET);
		db_bind_i64(st, 1, ctx->crt_id);
	} else {
		st = db_stmt(ctx->db, Q_CONTRACT_TPL_SET);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_text(st, 2, body);
		db_bind_text(st, 3, ctx->now);
		db_bind_i64(st, 4, ctx->user_id);
	}
	rc = db_run(ctx, st);
	if (rc == E_OK)
		audit_add(ctx, "contract_template.update", 0, "", "-", "ok",
		    body == NULL ? "modèle par défaut" : "modèle du CRT");
	return rc;
}

static const char *
fr_date(struct ctx *ctx, const char *iso)
{
	if (iso == NULL || strlen(iso) < 10)
		return NULL;
	return arena_printf(
	    &ctx->arena, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso);
}

int
contract_doc_fill(struct ctx *ctx, const struct access_grant *g,
    int64_t support_id, const char **text)
{
	const char *vals[16], *body, *upd, *p, *e;
	struct support s;
	struct person per;
	struct db_stmt *st;
	struct buf b;
	int dflt, rc, k;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ) != E_OK)
		return ctx->err;
	rc = support_get(ctx, support_id, &s);
	if (rc == E_OK && s.person_id != g->person_id)
		return err_set(ctx, E_NOT_FOUND, "support.not_found", NULL,
		    SUPPORT_MISSING);
	if (rc == E_OK)
		rc = person_get(ctx, g, &per);
	if (rc == E_OK)
		rc = contract_doc_tpl_get(ctx, &body, &dflt, &upd);
	if (rc != E_OK)
		return rc;
	memset(vals, 0, sizeof(vals));
	/* The names as typed (issue 10 §2), as the record shows them. */
	vals[0] = per.used_name && *per.used_name
	    ? arena_printf(&ctx->arena, "%s (nom d'usage %s)",
		  PERSON_DISPLAY(&per, birth_name), per.used_name)
	    : PERSON_DISPLAY(&per, birth_name);
	vals[1] = PERSON_DISPLAY(&per, first_names);
	vals[2] = fr_date(ctx, per.birth_date);
	if (per.address != NULL && per.has_commune)
		vals[3] = arena_printf(
		    &ctx->arena, "%s, %s", per.address, per.commune.name);
	else
		vals[3] = per.address;
	vals[4] = fr_date(ctx, s.started_on ? s.started_on : s.decided_on);
	vals[5] = s.referent;
	st = db_stmt(ctx->db, Q_CONTRACT_CRT_NAME);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) == DB_ROW)
		vals[6] = db_col_dup(ctx, st, 0);
	vals[7] = fr_date(ctx, clock_today_plus(&ctx->arena, 0));
	vals[8] = per.sex && strcmp(per.sex, "F") == 0 ? "née"
	    : per.sex && strcmp(per.sex, "M") == 0     ? "né"
						       : "né(e)";
	buf_init(&b, 0);
	for (p = body; (e = strstr(p, "{{")) != NULL;) {
		buf_add(&b, p, (size_t)(e - p));
		p = strstr(e + 2, "}}");
		k = p ? placeholder(e + 2, (size_t)(p - e - 2)) : -1;
		if (k < 0) { /* a template saved before a check: kept as is */
			buf_add(&b, e, 2);
			p = e + 2;
			continue;
		}
		buf_adds(&b, vals[k] && *vals[k] ? vals[k] : "(à compléter)");
		p += 2;
	}
	buf_adds(&b, p);
	buf_add(&b, "", 1);
	*text = arena_printf(&ctx->arena, "%s", b.p);
	buf_release(&b);
	return E_OK;
}
