/*
 * The QR pointage of visits (issue 11): the QR code of a person, printed
 * on her DLU sheet, and the scan at the door that marks the arrival then
 * the departure (domain/coordination/visit_scan.h).
 * Replies are described with the typed writer (json/jw.h).
 */
#include <stddef.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "base/arena.h"
#include "base/ctx.h"
#include "domain/coordination/visit_scan.h"
#include "json/jv.h"
#include "json/jw.h"

#define VQR_F(X, S) \
	X(S, person_id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, url, JW_STR, 0, NULL, NULL, \
	    "Adresse que le QR code ouvre (#/pointage/<jeton>)") \
	X(S, size, JW_INT, 0, NULL, NULL, "Modules par côté") \
	X(S, modules, JW_STR, 0, NULL, NULL, \
	    "Modules du QR code, ligne après ligne : 1 noir, 0 blanc")
JW_FIELDS(VQR, VQR_F);
JW_ROWS(VQR, VQR_F);
const struct jw_schema api_visit_qr_schema =
    JW_INIT(VQR, "VisitQr", "QR code de pointage d'une personne, à imprimer");

static const char *const scan_actions[] = { "arrival", "departure", NULL };

#define VSP_F(X, S) \
	X(S, id, JW_INT, 0, NULL, NULL, "Personne") \
	X(S, birth_name, JW_STR, 0, NULL, NULL, "Nom de naissance") \
	X(S, first_names, JW_STR, 0, NULL, NULL, "Prénoms") \
	X(S, birth_name_display, JW_STR, 0, NULL, NULL, \
	    "Nom de naissance tel que saisi") \
	X(S, first_names_display, JW_STR, 0, NULL, NULL, \
	    "Prénom(s) tels que saisis") \
	X(S, used_name, JW_STR, JW_NULLABLE, NULL, NULL, "Nom d'usage")
JW_FIELDS(VSP, VSP_F);
JW_ROWS(VSP, VSP_F);
static const struct jw_schema vsp_schema =
    JW_INIT(VSP, "VisitScanPerson", "Personne chez qui l'on pointe");

#define VSCAN_F(X, S) \
	X(S, action, JW_ENUM, 0, scan_actions, NULL, \
	    "arrival : arrivée notée ; departure : départ, visite faite") \
	X(S, at, JW_DATETIME, 0, NULL, NULL, "Heure du scan (UTC)") \
	X(S, arrived_at, JW_DATETIME, JW_NULLABLE, NULL, NULL, \
	    "Arrivée scannée (départ seulement)") \
	X(S, series_id, JW_INT, 0, NULL, NULL, "Série") \
	X(S, key, JW_DATETIME, 0, NULL, NULL, "Occurrence") \
	X(S, planned_start, JW_DATETIME, 0, NULL, NULL, "Début prévu (UTC)") \
	X(S, planned_end, JW_DATETIME, 0, NULL, NULL, "Fin prévue (UTC)") \
	X(S, state, JW_ENUM, 0, visit_state_codes, NULL, \
	    "État de la visite après le scan") \
	X(S, kind, JW_ENUM, 0, visit_kind_codes, NULL, "Type") \
	X(S, person, JW_OBJ, 0, NULL, &vsp_schema, "Personne")
JW_FIELDS(VSCAN, VSCAN_F);
JW_ROWS(VSCAN, VSCAN_F);
const struct jw_schema api_visit_scan_schema =
    JW_INIT(VSCAN, "VisitScan", "Pointage par QR code");

struct qr_in {
	struct jv_str origin;
	struct jv_bool renew;
};

static const struct jv_field qr_fields[] = {
	{ "origin", JV_STR, offsetof(struct qr_in, origin), JV_REQ, 8, 200,
	    NULL, "Adresse du serveur vue du téléphone (https://hôte)", NULL,
	    0 },
	{ "renew", JV_BOOL, offsetof(struct qr_in, renew), 0, 0, 0, NULL,
	    "Renouveler le QR code (l'ancien ne marche plus)", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

/* "http(s)://host[:port]": letters, digits, dots, hyphens, one port. */
static int
origin_ok(const char *s)
{
	const char *p;

	if (strncmp(s, "https://", 8) == 0)
		p = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		p = s + 7;
	else
		return 0;
	if (*p == '\0' || *p == '.' || *p == '-' || *p == ':')
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			(*p >= '0' && *p <= '9') || *p == '.' || *p == '-' ||
			*p == ':' || *p == '[' || *p == ']'))
			return 0;
	return 1;
}

static int
qr_post(struct ctx *ctx, struct req *req)
{
	const struct qr_in *in = req->in;
	const char *token, *url, *modules;
	struct jw w;
	int size, rc;

	if (!origin_ok(in->origin.s))
		return err_set(ctx, E_INVALID, "visit.qr.origin.invalid",
		    "origin",
		    "L'adresse du serveur (origin) doit être de la forme "
		    "https://hôte ou https://hôte:port.");
	rc = visit_scan_token(ctx, req->ids[0], in->renew.v, &token);
	if (rc != E_OK)
		return rc;
	url =
	    arena_printf(&ctx->arena, "%s/#/pointage/%s", in->origin.s, token);
	if (visit_scan_matrix(ctx, url, &size, &modules) != 0)
		return err_set(ctx, E_INTERNAL, "server.error", NULL,
		    "Le QR code n'a pas pu être fabriqué.");
	jw_begin(&w, &api_visit_qr_schema);
	jw_int(&w, VQR_person_id, req->ids[0]);
	jw_str(&w, VQR_url, url);
	jw_int(&w, VQR_size, size);
	jw_str(&w, VQR_modules, modules);
	api_reply(req, &w);
	return E_OK;
}

struct scan_in {
	struct jv_str token;
};

static const struct jv_field scan_fields[] = {
	{ "token", JV_STR, offsetof(struct scan_in, token), JV_REQ, 1, 64, NULL,
	    "Jeton du QR code scanné", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
scan_post(struct ctx *ctx, struct req *req)
{
	const struct scan_in *in = req->in;
	struct visit_scan_out o;
	const struct visit_person *p;
	struct jw w;
	int rc;

	rc = visit_scan_door(ctx, in->token.s, &o);
	if (rc != E_OK)
		return rc;
	p = o.occ.person;
	jw_begin(&w, &api_visit_scan_schema);
	jw_str(&w, VSCAN_action, o.action);
	jw_str(&w, VSCAN_at, o.at);
	jw_str(&w, VSCAN_arrived_at, o.arrived_at);
	jw_int(&w, VSCAN_series_id, o.occ.series->id);
	jw_str(&w, VSCAN_key, o.occ.key);
	jw_str(&w, VSCAN_planned_start, o.occ.planned_start);
	jw_str(&w, VSCAN_planned_end, o.occ.planned_end);
	jw_str(&w, VSCAN_state, o.occ.state);
	jw_str(&w, VSCAN_kind, o.occ.series->kind);
	jw_obj_begin(&w, VSCAN_person);
	jw_int(&w, VSP_id, p ? p->id : 0);
	jw_str(&w, VSP_birth_name, p ? p->birth_name : "");
	jw_str(&w, VSP_first_names, p ? p->first_names : "");
	jw_str(&w, VSP_birth_name_display, p ? p->birth_name_display : "");
	jw_str(&w, VSP_first_names_display, p ? p->first_names_display : "");
	jw_str(&w, VSP_used_name, p ? p->used_name : NULL);
	jw_obj_end(&w);
	api_reply(req, &w);
	return E_OK;
}

static const struct route_error qr_errors[] = {
	{ E_INVALID, "visit.qr.origin.invalid" }, { 0, NULL }
};

static const struct route_error scan_errors[] = { { E_NOT_FOUND,
						      "visit.scan.unknown" },
	{ E_NOT_FOUND, "visit.scan.no_visit" }, { 0, NULL } };

const struct route_doc api_visit_scan_docs[] = {
	{ M_POST, "/api/v1/persons/{id}/visit-qr", NULL, qr_errors },
	{ M_POST, "/api/v1/visits/scan", NULL, scan_errors },
	{ M_GET, NULL, NULL, NULL }
};

const struct route api_visit_scan_routes[] = {
	{ M_POST, "/api/v1/persons/{id}/visit-qr", qr_post, NULL,
	    PERM_VISIT_PLAN, qr_fields, sizeof(struct qr_in), R_WRITE, 200,
	    "visit",
	    "QR code de pointage de la personne, à imprimer avec son DLU "
	    "(créé au premier appel ; renew : le renouveler)",
	    "VisitQr" },
	{ M_POST, "/api/v1/visits/scan", scan_post, NULL, PERM_VISIT_MARK,
	    scan_fields, sizeof(struct scan_in), R_WRITE, 200, "visit",
	    "Scan du QR code au domicile : l'arrivée, puis le départ (la "
	    "visite faite, pointée avec le QR code)",
	    "VisitScan" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
