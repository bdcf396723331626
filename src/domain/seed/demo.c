/*
 * Demo data, created through the same domain functions a user would go
 * through (so access rules and traces apply). Synthetic people only.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "auth/password.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/directory/directory.h"
#include "domain/directory/org.h"
#include "domain/directory/territory.h"
#include "domain/platform/proche.h"
#include "domain/platform/user.h"
#include "domain/record/dlu.h"
#include "domain/record/ins.h"
#include "domain/record/person.h"
#include "domain/record/profile.h"
#include "domain/seed/demo.h"
#include "domain/seed/demo_cohort.h"
#include "domain/seed/demo_alarms.h"
#include "domain/seed/demo_beds.h"
#include "domain/seed/demo_notes.h"
#include "domain/seed/demo_oncall.h"
#include "domain/seed/demo_visits.h"
#include "domain/seed/demo_history.h"
#include "domain/volet2/eligibility.h"
#include "domain/volet2/plan_tpl.h"
#include "domain/volet2/waitlist.h"

const char *const demo_logins[] = { "admin", "direction", "coordination",
	"medecin", "ide", "aide", "ergo", "psy", "secretariat", "dac48",
	"proche", NULL };
const char *const demo_login_labels[] = { "administrateur technique",
	"direction du CRT", "infirmière coordinatrice (IDEC)",
	"médecin coordonnateur", "infirmière", "aide-soignante",
	"ergothérapeute", "psychologue", "secrétariat médical",
	"partenaire externe : DAC de la Lozère",
	"proche : Colette Rousset, fille de Mme ROUSSET (son planning)", NULL };

static const struct {
	const char *login, *name, *role, *prof;
	int org; /* index in demo_orgs, -1 = the CRT */
} demo_users[] = {
	{ "admin", "Administrateur Maillage", "admin", "administrateur", -1 },
	{ "direction", "Claire Vidal", "direction", "directeur", -1 },
	{ "coordination", "Sophie Boyer", "coordinateur", "idec", -1 },
	{ "medecin", "Dr Jean Rouvière", "medecin", "medecin", -1 },
	{ "ide", "Laure Chabert", "soignant", "ide", -1 },
	{ "aide", "Nadia Pagès", "soignant", "aide_soignant", -1 },
	{ "ergo", "Thomas Molinier", "intervenant", "ergotherapeute", -1 },
	{ "psy", "Émilie Castan", "intervenant", "psychologue", -1 },
	{ "secretariat", "Martine Rieutort", "secretariat", "secretaire", -1 },
	{ "dac48", "Julie Brunel", "partenaire", "coordinateur_parcours", 0 },
};

static const struct {
	const char *name, *type;
} demo_orgs[] = {
	{ "DAC de la Lozère (DAC 48)", "dac" },
	{ "SSIAD du Malzieu", "ssiad" },
	{ "ADMR Margeride — SAAD", "saad" },
	{ "HAD Lozère", "had" },
	{ "Plateforme de répit Lozère", "pfr" },
	{ "Cabinet médical de Saint-Chély-d'Apcher", "cabinet_medical" },
	/* Issue 11: the private nurse of the plans. Like most liberal
	 * nurses she works on prescription without a convention with the
	 * CRT; she is in the care circles of the people she visits. */
	{ "Cabinet infirmier Roux — Saint-Chély-d'Apcher",
	    "cabinet_infirmier" },
};
#define DEMO_NORGS (sizeof(demo_orgs) / sizeof(demo_orgs[0]))

/* Partner details (synthetic contacts) and conventions, months ago. */
static const struct {
	const char *address, *commune, *phone, *mss, *finess;
	const char *object;
	int signed_months_ago, duration, tacit;
} demo_org_details[] = {
	{ "Avenue du 11 Novembre", "48095", "04 66 49 00 10",
	    "accueil@dac48.mssante.fr", NULL,
	    "Articulation DAC 48 / CRT Nord Lozère : orientations croisées, "
	    "évaluations conjointes, partage via SPICO (convention du 24 "
	    "octobre 2024)",
	    0, 12, 1 },
	{ "Place du Portail", "48090", "04 66 31 00 20",
	    "ssiad.malzieu@ch-stchely.mssante.fr", "480000017",
	    "Interventions conjointes SSIAD / volet 2 et astreinte", 12, 12,
	    1 },
	{ "12 rue de la Margeride", "48140", "04 66 31 00 30",
	    "admr.margeride@admr.mssante.fr", NULL,
	    "Aide à domicile renforcée des bénéficiaires du volet 2", 8, 12,
	    1 },
	{ "Route de Badaroux", "48095", "04 66 49 00 40",
	    "coordination@had48.mssante.fr", NULL,
	    "Intervention conjointe HAD / SSIAD / volet 2", 18, 24, 0 },
	{ "Quai de Berlière", "48095", "04 66 49 00 50", NULL, NULL,
	    "Répit des aidants et actions collectives du volet 1", 10, 12, 1 },
	{ "Avenue de la Gare", "48140", "04 66 31 00 60",
	    "cabinet.stchely@medecin.mssante.fr", NULL, NULL, 0, 0, 0 },
	{ "4 rue des Pénitents", "48140", "04 66 31 00 70",
	    "celine.roux@infirmier.mssante.fr", NULL, NULL, 0, 0, 0 },
};

/* Synthetic professionals of the partner organisations. */
static const struct {
	int org;
	const char *last, *first, *profession, *rpps;
} demo_pros[] = {
	{ 0, "Brunel", "Julie", "Coordinatrice de parcours", NULL },
	{ 0, "Fabre", "Mathieu", "Coordinateur de parcours", NULL },
	{ 1, "Crouzet", "Hélène", "Infirmière coordinatrice du SSIAD",
	    "10000000014" },
	{ 2, "Monteil", "Sandrine", "Responsable de secteur", NULL },
	{ 5, "Valette", "Anne", "Médecin généraliste", "10000000022" },
	{ 5, "Cayrel", "Bernard", "Médecin généraliste", "10000000030" },
	{ 6, "Roux", "Céline", "Infirmière libérale", "10000000048" },
};

static void
set(struct jv_str *f, const char *s)
{
	f->set = s != NULL;
	f->s = s;
	f->len = s ? strlen(s) : 0;
}

static int
add_directory(struct ctx *ctx, const int64_t *orgs)
{
	struct org_in oi;
	struct professional_in pi;
	struct convention_in ci;
	const char *signed_on;
	int64_t id;
	size_t i;
	int rc;

	for (i = 0; i < DEMO_NORGS; i++) {
		memset(&oi, 0, sizeof(oi));
		set(&oi.address, demo_org_details[i].address);
		set(&oi.commune_code, demo_org_details[i].commune);
		set(&oi.phone, demo_org_details[i].phone);
		set(&oi.mssante, demo_org_details[i].mss);
		set(&oi.finess, demo_org_details[i].finess);
		rc = directory_org_update(ctx, orgs[i], &oi);
		if (rc != E_OK || demo_org_details[i].object == NULL)
			continue;
		memset(&ci, 0, sizeof(ci));
		/* The DAC 48 convention is the seed's (24 October 2024). */
		signed_on = i == 0
		    ? "2024-10-24"
		    : clock_add_months(&ctx->arena,
			  clock_today_plus(&ctx->arena, 0),
			  -demo_org_details[i].signed_months_ago);
		set(&ci.object, demo_org_details[i].object);
		set(&ci.signed_on, signed_on);
		ci.duration_months.set = 1;
		ci.duration_months.v = demo_org_details[i].duration;
		ci.tacit_renewal.set = 1;
		ci.tacit_renewal.v = demo_org_details[i].tacit;
		rc = directory_conv_add(ctx, orgs[i], &ci, &id);
		if (rc != E_OK)
			return rc;
	}
	if (rc != E_OK)
		return rc;
	for (i = 0; i < sizeof(demo_pros) / sizeof(demo_pros[0]); i++) {
		memset(&pi, 0, sizeof(pi));
		set(&pi.last_name, demo_pros[i].last);
		set(&pi.first_name, demo_pros[i].first);
		set(&pi.profession, demo_pros[i].profession);
		set(&pi.rpps, demo_pros[i].rpps);
		rc = directory_pro_add(ctx, orgs[demo_pros[i].org], &pi, &id);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

/* DLUs (reviewed N months ago) and caregivers of some demo people. */
static const struct {
	int person;
	int reviewed_months_ago;
	const char *treatments, *allergies, *history, *directives, *where;
	const char *trusted, *call, *devices, *mobility, *access;
} demo_dlus[] = {
	{ 0, 14,
	    "Fluindione 20 mg le soir (INR cible 2-3), furosémide 40 mg "
	    "le matin, bisoprolol 2,5 mg",
	    "Pénicilline (urticaire)",
	    "Insuffisance cardiaque (FEVG 35 %), ACFA, prothèse de hanche "
	    "droite 2019",
	    "oui", "Classeur rouge, tiroir de la commode",
	    "Mme Colette Rousset (fille), 06 12 34 56 78",
	    "Fille à Mende : 06 12 34 56 78 ; voisine Mme Bonnal : "
	    "04 66 31 22 33",
	    "Téléassistance (médaillon)",
	    "Marche avec "
	    "déambulateur, transferts seule",
	    "Clé dans la boîte à clés, "
	    "code 1936" },
	{ 1, 2,
	    "Lévodopa/carbidopa 100/25 mg 4 fois par jour, "
	    "paracétamol si douleur",
	    "Aucune connue",
	    "Maladie de Parkinson "
	    "(2016), chutes répétées, dépression",
	    "non", NULL, "Mme Simone Teissier (épouse)",
	    "Épouse au domicile : "
	    "04 66 31 44 55 ; fils à Clermont-Ferrand : 06 98 76 54 32",
	    "Téléassistance, lit médicalisé",
	    "Marche instable, aide pour "
	    "les transferts",
	    "Porte ouverte en journée ; la nuit, clé chez "
	    "la voisine" },
	{ 2, 5,
	    "Metformine 1000 mg matin et soir, insuline glargine 14 UI le "
	    "soir (passage infirmier)",
	    "Aucune connue",
	    "Diabète de type 2 (2009), "
	    "rétinopathie débutante",
	    "inconnu", NULL,
	    "Sous curatelle simple : curateur UDAF de la Lozère",
	    "Curateur UDAF de la Lozère : 04 66 49 20 70 ; nièce à Marvejols : "
	    "06 71 22 48 90",
	    "Lecteur de glycémie", "Marche seule, escalier difficile",
	    "Clé chez la voisine, Mme Astier" },
};

static const struct {
	int person;
	const char *name, *relation, *phone, *situation;
	int lives_with, trusted;
} demo_caregivers[] = {
	{ 0, "Colette Rousset", "Fille", "06 12 34 56 78", "present", 0, 1 },
	{ 1, "Simone Teissier", "Épouse", "04 66 31 44 55", "epuise", 1, 1 },
	{ 1, "Alain Teissier", "Fils", "06 98 76 54 32", "absent", 0, 0 },
	{ 4, "Michel Chazal", "Fils", "06 45 67 89 01", "present", 1, 1 },
};

/* Synthetic people of the Nord Lozère communes (seed 002). */
static const struct {
	const char *birth, *first, *used, *date, *sex, *place;
	const char *social, *soins, *medical, *psy;
	int dac_circle, objection; /* 1: DAC org; objection 1=org 2=medical */
	const char *address, *commune;
	const char *phone; /* ARCEP's range for fiction, 04 65 71 xx xx */
} demo_people[] = {
	{ "ROUSSET", "Marcelle Jeanne", NULL, "1936-03-14", "F", "48140",
	    "Vit seule à Saint-Chély-d'Apcher, fille à Mende.",
	    "Passage SSIAD matin et soir.", "Insuffisance cardiaque, AVK.",
	    NULL, 1, 0, "12 rue Théophile Roussel", "48140", "04 65 71 10 14" },
	{ "TEISSIER", "Paul Émile", NULL, "1931-11-02", "M", "48090",
	    "Vit avec son épouse au Malzieu-Ville, aidante épuisée.",
	    "Chutes répétées, téléassistance posée.", "Maladie de Parkinson.",
	    "Humeur triste depuis le décès de son "
	    "frère.",
	    1, 0, "3 place du Souvenir", "48090", "04 65 71 11 02" },
	{ "BOUDON", "Germaine", "ASTRUC", "1934-07-21", "F", "48003",
	    "Logement inadapté (escalier), APA en cours.",
	    "Toilette aidée par le SAAD.", "Diabète de type 2.", NULL, 0, 1,
	    "Le Bourg", "48002", "04 65 71 12 21" },
	{ "VALENTIN", "Henri Louis", NULL, "1940-01-30", "M", "48140",
	    "Isolement, pas d'enfant proche.",
	    "Pansement jambe 3 fois par "
	    "semaine.",
	    "Ulcère veineux.", NULL, 1, 2, "8 avenue de la Gare", "48140",
	    "04 65 71 13 30" },
	{ "CHAZAL", "Yvonne Marie", NULL, "1929-05-09", "F", "48137",
	    "Vit chez son fils à Saint-Alban-sur-Limagnole.", "Aide au lever.",
	    "Troubles cognitifs modérés.", NULL, 0, 0, "5 rue de l'Église",
	    "48132", "04 65 71 14 09" },
	{ "PRADAL", "René", NULL, "1938-09-17", "M", "48095",
	    "Ancien agriculteur, ferme isolée à Fontans.",
	    "Surveillance de l'alimentation.", "BPCO.", NULL, 1, 0,
	    "Ferme de la Vialle", "48063", "04 65 71 15 17" },
	{ "MALAVAL", "Odette Suzanne", "BERGOUGNOUX", "1935-12-24", "F",
	    "48090", "Sortie d'hospitalisation récente (CH Mende).",
	    "Passages infirmiers quotidiens.", "Fracture du col opérée.", NULL,
	    0, 0, "14 rue du Barry", "48090", "04 65 71 16 24" },
	{ "CROZE", "Albert", NULL, "1943-04-05", "M", "48181",
	    "Vit à Serverette avec son épouse.", NULL, NULL, NULL, 0, 0,
	    "Route de Mende", "48188", "04 65 71 17 05" },
};

void
demo_ins(
    char *out, const char *sex, const char *date, const char *place, int order)
{
	char s13[14];

	snprintf(s13, sizeof(s13), "%c%.2s%.2s%.5s%03d",
	    sex[0] == 'F' ? '2' : '1', date + 2, date + 5, place, order);
	snprintf(out, 16, "%s%02d", s13, ins_key(s13));
}

static int
add_users(struct ctx *ctx, const char *password, int64_t *orgs)
{
	struct user_fields f;
	char hash[PASSWORD_HASH_MAX];
	int64_t id;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(demo_users) / sizeof(demo_users[0]); i++) {
		if (password_hash(password, hash) != 0)
			return E_INTERNAL;
		memset(&f, 0, sizeof(f));
		f.login = demo_users[i].login;
		f.display_name = demo_users[i].name;
		f.role = demo_users[i].role;
		f.profession = demo_users[i].prof;
		f.org_id = demo_users[i].org >= 0 ? orgs[demo_users[i].org] : 0;
		f.pw_hash = hash;
		rc = user_create(ctx, &f, &id);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

static int
add_people(struct ctx *ctx, int64_t dac, int64_t ergo, int64_t ide,
    int64_t aide, int64_t *pids)
{
	struct person_in in;
	struct access_grant g;
	char ins[16];
	int64_t id, *dups, mid;
	int ndups, rc;
	size_t i;

	for (i = 0; i < sizeof(demo_people) / sizeof(demo_people[0]); i++) {
		memset(&in, 0, sizeof(in));
		set(&in.birth_name, demo_people[i].birth);
		set(&in.first_names, demo_people[i].first);
		set(&in.used_name, demo_people[i].used);
		set(&in.birth_date, demo_people[i].date);
		set(&in.sex, demo_people[i].sex);
		set(&in.birthplace_insee, demo_people[i].place);
		demo_ins(ins, demo_people[i].sex, demo_people[i].date,
		    demo_people[i].place, (int)(101 + i * 7));
		set(&in.ins, ins);
		set(&in.ins_oid, INS_OID_TEST);
		/* Every third identity qualified: INS retrieved from the
		 * national service and an identity card checked. */
		set(&in.identity_status, i % 3 == 0 ? "QUAL" : "PROV");
		if (i % 3 == 0)
			set(&in.identity_document, "cni");
		set(&in.address, demo_people[i].address);
		set(&in.commune_code, demo_people[i].commune);
		set(&in.phone, demo_people[i].phone);
		set(&in.data.c[CAT_SOCIAL], demo_people[i].social);
		set(&in.data.c[CAT_SOINS], demo_people[i].soins);
		rc = person_create(ctx, &in, &id, &dups, &ndups);
		if (rc != E_OK)
			return rc;
		pids[i] = id;
		rc = access_check(ctx, id, &g);
		if (rc != E_OK)
			return rc;
		if (demo_people[i].dac_circle)
			rc = person_circle_add(
			    ctx, &g, 0, dac, "Coordination de parcours", &mid);
		if (rc == E_OK && i % 2 == 0)
			rc = person_circle_add(
			    ctx, &g, ergo, 0, "Ergothérapeute référent", &mid);
		/* The nurse follows the first six, the aide the first four. */
		if (rc == E_OK && i < 6)
			rc = person_circle_add(
			    ctx, &g, ide, 0, "Infirmière référente", &mid);
		if (rc == E_OK && i < 4)
			rc = person_circle_add(
			    ctx, &g, aide, 0, "Aide-soignante", &mid);
		if (rc == E_OK && demo_people[i].objection == 1)
			rc = person_objection_add(ctx, &g, dac, NULL,
			    "Ne souhaite pas que le DAC ait accès au dossier.",
			    NULL, NULL, &mid);
		if (rc == E_OK && demo_people[i].objection == 2)
			rc = person_objection_add(ctx, &g, 0, "medical",
			    "Refuse le partage des données médicales avec les "
			    "partenaires.",
			    NULL, NULL, &mid);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

static int
add_dlus(struct ctx *ctx, const int64_t *pids)
{
	struct access_grant g;
	struct dlu_in d;
	struct caregiver_in cg;
	int64_t id;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(demo_dlus) / sizeof(demo_dlus[0]); i++) {
		rc = access_check(ctx, pids[demo_dlus[i].person], &g);
		if (rc != E_OK)
			return rc;
		memset(&d, 0, sizeof(d));
		set(&d.text[0], demo_dlus[i].treatments);
		set(&d.text[1], demo_dlus[i].allergies);
		set(&d.text[2], demo_dlus[i].history);
		set(&d.text[3], demo_dlus[i].where);
		set(&d.text[4], demo_dlus[i].trusted);
		set(&d.text[5], demo_dlus[i].call);
		set(&d.text[6], demo_dlus[i].devices);
		set(&d.text[7], demo_dlus[i].mobility);
		set(&d.text[12], demo_dlus[i].access);
		set(&d.directives, demo_dlus[i].directives);
		set(&d.reviewed_on,
		    clock_add_months(&ctx->arena,
			clock_today_plus(&ctx->arena, 0),
			-demo_dlus[i].reviewed_months_ago));
		rc = dlu_put(ctx, &g, &d);
		if (rc != E_OK)
			return rc;
	}
	for (i = 0; i < sizeof(demo_caregivers) / sizeof(demo_caregivers[0]);
	     i++) {
		rc = access_check(ctx, pids[demo_caregivers[i].person], &g);
		if (rc != E_OK)
			return rc;
		memset(&cg, 0, sizeof(cg));
		set(&cg.name, demo_caregivers[i].name);
		set(&cg.relation, demo_caregivers[i].relation);
		set(&cg.phone, demo_caregivers[i].phone);
		set(&cg.situation, demo_caregivers[i].situation);
		cg.lives_with.set = cg.trusted_person.set = 1;
		cg.lives_with.v = demo_caregivers[i].lives_with;
		cg.trusted_person.v = demo_caregivers[i].trusted;
		rc = dlu_caregiver_add(ctx, &g, &cg, &id);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

/* Usual GP (the two demo GPs in turn), consent information given to the
 * person, telealarm where the notes mention it. */
static int
add_profiles(struct ctx *ctx, const int64_t *pids, int64_t cabinet)
{
	struct access_grant g;
	struct professional *gps;
	struct profile_in in;
	int n, rc, i;

	rc = directory_pro_list(ctx, cabinet, &gps, &n);
	if (rc != E_OK || n == 0)
		return rc;
	for (i = 0; i < 8; i++) {
		rc = access_check(ctx, pids[i], &g);
		if (rc != E_OK)
			return rc;
		memset(&in, 0, sizeof(in));
		in.gp_id.set = 1;
		in.gp_id.v = gps[i % n].id;
		set(&in.consent_informed_on,
		    clock_add_months(&ctx->arena,
			clock_today_plus(&ctx->arena, 0), -(i + 1)));
		set(&in.consent_informed_to,
		    i == 2 ? "representant" : "personne");
		if (i < 2) {
			in.telealarm.set = in.telealarm.v = 1;
			set(&in.telealarm_provider, "Présence Verte");
		}
		if (i == 2) {
			set(&in.legal_protection, "curatelle_simple");
			set(&in.legal_representative,
			    "UDAF de la Lozère (curateur), service des "
			    "majeurs protégés, 04 66 49 20 70");
		}
		rc = profile_update(ctx, &g, &in);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

/* Medical and psychological notes, written by the CRT doctor. */
static int
add_medical(struct ctx *ctx)
{
	struct person_in in;
	struct access_grant g;
	struct person_query pq = { .limit = 200, .beneficiary = -1 };
	struct person *v;
	int64_t total;
	int n, rc, k;
	size_t i;

	rc = person_list(ctx, &pq, &v, &n, &total);
	if (rc != E_OK)
		return rc;
	for (k = 0; k < n; k++) {
		for (i = 0; i < sizeof(demo_people) / sizeof(demo_people[0]);
		     i++)
			if (strcmp(v[k].birth_name, demo_people[i].birth) == 0)
				break;
		if (i == sizeof(demo_people) / sizeof(demo_people[0]) ||
		    (demo_people[i].medical == NULL &&
			demo_people[i].psy == NULL))
			continue;
		memset(&in, 0, sizeof(in));
		set(&in.data.c[CAT_MEDICAL], demo_people[i].medical);
		set(&in.data.c[CAT_PSY], demo_people[i].psy);
		rc = access_require(ctx, v[k].id, person_in_cats(&in),
		    ACT_WRITE, "person.update", &g);
		if (rc == E_OK)
			rc = person_update(ctx, &g, &in);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

static int
demo_user_id(struct ctx *ctx, const char *login, int64_t *id)
{
	struct user u;
	int rc;

	rc = user_by_login(ctx, login, &u, NULL);
	if (rc != E_OK)
		return rc == E_NOT_FOUND ? E_INTERNAL : rc;
	*id = u.id;
	return E_OK;
}

/*
 * SPEC: issue 11 — the proche account of ROUSSET's daughter Colette (a
 * caregiver of her record), invited by the coordination, the link used
 * at once with the demo password, as the daughter would.
 */
static int
add_proche(struct ctx *ctx, int64_t pid, const char *password)
{
	struct proche_fields f;
	struct proche_invitation inv;
	struct access_grant g;
	struct proche p;
	char hash[PASSWORD_HASH_MAX];
	const char *token;
	int rc;

	memset(&f, 0, sizeof(f));
	f.login = "proche";
	f.display_name = "Colette Rousset";
	f.proche_for = "aidant";
	f.relation = "Fille";
	rc = access_check(ctx, pid, &g);
	if (rc == E_OK)
		rc = proche_create(ctx, &g, &f, &p, &token);
	if (rc == E_OK)
		rc = proche_invitation_find(ctx, token, &inv);
	if (rc != E_OK)
		return rc;
	if (password_hash(password, hash) != 0)
		return E_INTERNAL;
	rc = demo_act_as(ctx, "proche");
	if (rc == E_OK)
		rc = proche_invitation_use(ctx, &inv, hash);
	if (rc == E_OK)
		rc = demo_act_as(ctx, "coordination");
	return rc;
}

/* The demo acts through real accounts, so its writes are traced as theirs. */
int
demo_act_as(struct ctx *ctx, const char *login)
{
	struct user u;
	int rc;

	rc = user_by_login(ctx, login, &u, NULL);
	if (rc != E_OK)
		return rc == E_NOT_FOUND ? E_INTERNAL : rc;
	ctx->user_id = u.id;
	ctx->org_id = u.org_id;
	ctx->login = u.login;
	ctx->role = access_role_from(u.role);
	ctx->profession = access_prof_from(u.profession);
	return E_OK;
}

int
demo_seed(
    struct ctx *ctx, const char *password, const char *communes, int *created)
{
	struct demo_case cases[DEMO_COHORT_N];
	struct demo_file file;
	int64_t crt, orgs[DEMO_NORGS], ergo, ide, aide, ncommunes, pids[8];
	int64_t target, months;
	int loaded;
	size_t i;
	int rc, made;

	*created = 0;
	/* Real commune data first (reference data, loaded once). */
	rc = territory_commune_count(ctx, &ncommunes);
	if (rc == E_OK && ncommunes == 0)
		rc = territory_import(ctx, communes, &loaded);
	if (rc != E_OK)
		return rc;
	rc = org_crt_ensure(ctx, DEMO_CRT_CODE, "CRT Nord Lozère",
	    "EHPAD du CH Fanny Ramadier — CRT Nord Lozère", &crt, &made);
	if (rc != E_OK || !made)
		return rc;
	rc = territory_seed_demo(ctx);
	if (rc == E_OK)
		rc = eligibility_seed_demo(ctx);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < DEMO_NORGS; i++) {
		rc = org_create(
		    ctx, demo_orgs[i].name, demo_orgs[i].type, 0, &orgs[i]);
		if (rc != E_OK)
			return rc;
	}
	rc = add_directory(ctx, orgs);
	if (rc == E_OK)
		rc = add_users(ctx, password, orgs);
	if (rc != E_OK)
		return rc;
	/* People are entered by the coordinator, as in real life. */
	rc = demo_act_as(ctx, "coordination");
	/* Seed 002's convention (article 3: information shared with the
	 * DAC 48, within consent): the waiting list is shared with it. */
	if (rc == E_OK)
		rc = waitlist_share_set(ctx, orgs[0],
		    "Orientations croisées et évaluations conjointes "
		    "(convention du 24 octobre 2024)");
	if (rc != E_OK)
		return rc;
	rc = demo_user_id(ctx, "ergo", &ergo);
	if (rc == E_OK)
		rc = demo_user_id(ctx, "ide", &ide);
	if (rc == E_OK)
		rc = demo_user_id(ctx, "aide", &aide);
	if (rc == E_OK)
		rc = add_people(ctx, orgs[0], ergo, ide, aide, pids);
	if (rc == E_OK)
		rc = add_dlus(ctx, pids);
	if (rc == E_OK)
		rc = add_profiles(ctx, pids, orgs[5]);
	/* The on-call number every DLU prints (issue 10 point 6). */
	if (rc == E_OK)
		rc = org_crt_oncall_set(ctx, "04 66 32 15 15");
	/* The calendar of the visits (issue 11): Lozère's holidays. */
	if (rc == E_OK) {
		struct org_calendar cal = { "Europe/Paris", "48", 0 };

		rc = org_crt_calendar_set(ctx, &cal);
	}
	if (rc == E_OK)
		rc = demo_act_as(ctx, "medecin");
	if (rc == E_OK)
		rc = add_medical(ctx);
	if (rc == E_OK)
		rc = demo_act_as(ctx, "coordination");
	if (rc == E_OK)
		rc = plan_tpl_seed_demo(ctx);
	/* Issue 11: the CRT at its real size, 32 people followed. */
	if (rc == E_OK)
		rc = demo_cohort_seed(ctx, orgs, cases);
	if (rc == E_OK)
		rc = demo_history_seed(ctx, pids, orgs, cases, &file);
	/* The 32 open supports and 2 places for the first of the waiting
	 * list (seed 002: a file active of 30 people at least). */
	if (rc == E_OK)
		rc = org_crt_settings(ctx, &target, &months);
	if (rc == E_OK)
		rc = org_crt_settings_set(ctx, DEMO_FILE_TARGET, months);
	/* The visits of the planning (issue 11), from `file`: each open
	 * support with its plan's actions and their rhythm. */
	if (rc == E_OK)
		rc = demo_visits_seed(ctx, &file, pids[0], orgs[1]);
	/* The liaison notebook (issue 12), on those visits. */
	if (rc == E_OK)
		rc = demo_notes_seed(ctx, &file);
	/* Issue 13: the emergency temporary beds. */
	if (rc == E_OK)
		rc = demo_beds_seed(ctx, &file);
	if (rc == E_OK)
		rc = demo_alarms_seed(ctx, crt, &file);
	if (rc == E_OK)
		rc = add_proche(ctx, pids[0], password);
	/* The on-call roster (issue 13): SSIAD du Malzieu's night nurse. */
	if (rc == E_OK)
		rc = demo_oncall_seed(ctx, orgs[1]);
	if (rc == E_OK)
		*created = 1;
	return rc;
}
