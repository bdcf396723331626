/*
 * The demo's volet-2 year: each episode is written step by step with the
 * clock set back to the day the step happened, so dates, authors and
 * traces read like a real file active. The hand-written episodes of the
 * eight first people come first, then the generated cohort's
 * (demo_cohort.c): its referrals meet at a committee every four weeks.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/platform/user.h"
#include "domain/record/document.h"
#include "domain/record/evaluation.h"
#include "domain/seed/demo_cohort.h"
#include "domain/seed/demo_history.h"
#include "domain/volet2/admission.h"
#include "domain/volet2/committee.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"
#include "domain/volet2/waitlist.h"

/* Demo orgs, in demo.c's order. */
enum { ORG_DAC, ORG_SSIAD, ORG_SAAD, ORG_HAD, ORG_PFR, ORG_CABINET, ORG_IDEL };

#define MAX_COMMITTEES 32

struct hist {
	struct ctx *ctx;
	int64_t coord, medecin, ide, ergo, aide, psy;
	/* The committees held so far: days ago and id. */
	int cdays[MAX_COMMITTEES];
	int64_t cids[MAX_COMMITTEES];
	int nc;
	/* The referrals evaluated and waiting for the next committee. */
	int64_t eval_pid[MAX_COMMITTEES], eval_rid[MAX_COMMITTEES];
	int neval;
};

static const char *
ago(struct hist *h, int days)
{
	return clock_today_plus(&h->ctx->arena, -days);
}

/* Sets the clock to `days` ago (09:30 UTC) and acts as `login`. */
static int
at(struct hist *h, int days, const char *login)
{
	struct user u;
	int rc;

	h->ctx->now =
	    arena_printf(&h->ctx->arena, "%sT09:30:00Z", ago(h, days));
	rc = user_by_login(h->ctx, login, &u, NULL);
	if (rc != E_OK)
		return rc == E_NOT_FOUND ? E_INTERNAL : rc;
	h->ctx->user_id = u.id;
	h->ctx->org_id = u.org_id;
	h->ctx->login = u.login;
	h->ctx->role = access_role_from(u.role);
	h->ctx->profession = access_prof_from(u.profession);
	return E_OK;
}

static void
str(struct jv_str *f, const char *s)
{
	f->set = s != NULL;
	f->s = s;
	f->len = s ? strlen(s) : 0;
}

struct episode {
	int person; /* index in pids */
	const char *source;
	int referrer_org; /* -1: none */
	const char *referrer;
	const char *reason;
	int received; /* days ago */
	const char *letters; /* AGGIR grid */
	const char *visit; /* home visit findings */
	const char *joint; /* joint with, or NULL */
	const char *medical; /* medical evaluation findings */
	int committee; /* days ago */
	const char *opinion;
	const char *decision; /* admettre, refuser */
};

static const struct episode episodes[] = {
	{ 2, "medecin_traitant", ORG_CABINET, "Dr Valette",
	    "Chutes à "
	    "répétition, vit seule, refuse l'EHPAD.",
	    300, "AABCBBBCAA",
	    "Maison de bourg, chambre à l'étage, salle de bains inadaptée.",
	    "SSIAD du Malzieu",
	    "Troubles de la marche, ostéoporose ; avis "
	    "partagé avec le médecin traitant.",
	    282,
	    "Favorable : risque de "
	    "chute élevé, curatrice d'accord.",
	    "admettre" },
	{ 3, "dac", ORG_DAC, "Coordinatrice DAC 48",
	    "Retour à domicile "
	    "fragile après une décompensation cardiaque.",
	    250, "AACCBBBBAA",
	    "Vit seul en rez-de-chaussée, repas irréguliers.", NULL,
	    "Insuffisance cardiaque stade III, suivi cardiologique à Mende.",
	    235, "Favorable : situation complexe partagée avec le DAC.",
	    "admettre" },
	{ 4, "ssiad", ORG_SSIAD, "IDEC du SSIAD du Malzieu",
	    "Aggravation de "
	    "la dépendance, fils présent mais éloigné.",
	    360, "AACBBBBBAA", "Ferme isolée, accès difficile l'hiver.",
	    "SAAD ADMR", "Démence modérée, traitement stable.", 346,
	    "Favorable.", "admettre" },
	{ 5, "personne", -1, "René Pradal",
	    "Souhaite de l'aide pour "
	    "rester chez lui.",
	    200, "AAAABBBAAA",
	    "Autonome pour l'essentiel, "
	    "aide ménagère déjà en place.",
	    NULL,
	    "Pas de pathologie "
	    "évolutive.",
	    180, "Défavorable : besoins couverts par le SAAD.", "refuser" },
};

/* The committee held `days` ago, created two days before it sits (the
 * coordination, the doctor and the nurse; the DAC invited). */
static int
committee_at(struct hist *h, int days, int64_t *cid)
{
	int64_t members[3];
	int i, rc;

	for (i = 0; i < h->nc; i++)
		if (h->cdays[i] == days) {
			*cid = h->cids[i];
			return E_OK;
		}
	if (h->nc == MAX_COMMITTEES)
		return E_INTERNAL;
	members[0] = h->coord;
	members[1] = h->medecin;
	members[2] = h->ide;
	rc = committee_create(
	    h->ctx, ago(h, days), "DAC 48 (invitée)", NULL, members, 3, cid);
	if (rc == E_OK) {
		h->cdays[h->nc] = days;
		h->cids[h->nc++] = *cid;
	}
	return rc;
}

/* The referral received by the secretariat, accepted onto the waiting
 * list by the coordination with the feedback to the referrer. */
static int
referral_steps(struct hist *h, const struct episode *e, int64_t pid,
    const int64_t *orgs, int urgent, int64_t *rid)
{
	struct ctx *ctx = h->ctx;
	struct referral_in in;
	struct access_grant g;
	int rc;

	rc = at(h, e->received, "secretariat");
	if (rc == E_OK)
		rc = access_check(ctx, pid, &g);
	if (rc != E_OK)
		return rc;
	memset(&in, 0, sizeof(in));
	str(&in.source, e->source);
	str(&in.channel,
	    e->referrer_org == ORG_DAC ? "messagerie_securisee" : "telephone");
	str(&in.reason, e->reason);
	in.requested_volet.set = 1;
	in.requested_volet.v = 2;
	str(&in.referrer_name, e->referrer);
	if (e->referrer_org >= 0) {
		in.referrer_org_id.set = 1;
		in.referrer_org_id.v = orgs[e->referrer_org];
	}
	str(&in.received_on, ago(h, e->received));
	if (urgent) {
		in.urgent.set = 1;
		in.urgent.v = 1;
	}
	rc = referral_create(ctx, &g, &in, rid);
	if (rc == E_OK)
		rc = at(h, e->received - 2, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pid, &g);
	if (rc == E_OK)
		rc = referral_triage(ctx, &g, *rid, "accepter", NULL);
	if (rc == E_OK)
		rc = referral_triage(ctx, &g, *rid, "retour",
		    "Demande reçue et "
		    "inscrite sur la liste d'attente.");
	return rc;
}

/* The home visit with the AGGIR grid (the coordination), then, when
 * `medical`, the CRT doctor's evaluation. */
static int
evaluation_steps(struct hist *h, const struct episode *e, int64_t pid,
    int64_t rid, int medical)
{
	struct ctx *ctx = h->ctx;
	struct access_grant g;
	struct aggir_result r;
	int64_t id;
	int rc;

	rc = at(h, e->received - 8, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pid, &g);
	if (rc == E_OK)
		rc = admission_eval_add(ctx, &g, rid, "domicile",
		    ago(h, e->received - 8), 0, e->joint, 0, e->visit, &id);
	if (rc == E_OK)
		rc = evaluation_aggir_add(ctx, &g, ago(h, e->received - 8), 0,
		    "letters", arena_printf(&ctx->arena, "\"%s\"", e->letters),
		    e->letters, NULL, &id, &r);
	if (rc != E_OK || !medical)
		return rc;
	rc = at(h, e->received - 12, "medecin");
	if (rc == E_OK)
		rc = access_check(ctx, pid, &g);
	if (rc == E_OK)
		rc = admission_eval_add(ctx, &g, rid, "medicale",
		    ago(h, e->received - 12), 0, NULL, 1, e->medical, &id);
	return rc;
}

/* The case at its committee: the team's opinion, the decision. */
static int
committee_steps(struct hist *h, const struct episode *e, int64_t pid,
    int64_t rid, int64_t *sid)
{
	struct ctx *ctx = h->ctx;
	struct access_grant g;
	struct committee_decision d;
	int64_t cid, kase;
	int rc;

	rc = at(h, e->committee + 2, "coordination");
	if (rc == E_OK)
		rc = committee_at(h, e->committee, &cid);
	if (rc == E_OK)
		rc = access_check(ctx, pid, &g);
	if (rc == E_OK)
		rc = committee_case_add(ctx, &g, cid, rid, NULL, &kase);
	if (rc == E_OK)
		rc = at(h, e->committee, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pid, &g);
	if (rc == E_OK)
		rc = committee_case_opinion(ctx, &g, cid, kase, e->opinion);
	if (rc != E_OK)
		return rc;
	memset(&d, 0, sizeof(d));
	d.decision = e->decision;
	if (strcmp(e->decision, "refuser") == 0) {
		d.refusal_reason = "besoins_couverts";
		d.note = "Le SAAD en place répond aux besoins ; réévaluation "
			 "si la situation change.";
	}
	return committee_decide(ctx, &g, cid, kase, &d, sid);
}

static int
episode_run(struct hist *h, const struct episode *e, int64_t pid,
    const int64_t *orgs, int64_t *sid)
{
	int64_t rid;
	int rc;

	*sid = 0;
	rc = referral_steps(h, e, pid, orgs, 0, &rid);
	if (rc == E_OK)
		rc = evaluation_steps(h, e, pid, rid, 1);
	if (rc == E_OK)
		rc = committee_steps(h, e, pid, rid, sid);
	return rc;
}

static int
plan_write(struct hist *h, int64_t pid, int64_t sid, int days,
    const int64_t *orgs, int review)
{
	struct plan_action a[3];
	struct access_grant g;
	struct plan p;
	int version, rc;

	rc = at(h, days, "ide");
	if (rc == E_OK)
		rc = access_check(h->ctx, pid, &g);
	if (rc != E_OK)
		return rc;
	memset(a, 0, sizeof(a));
	a[0].area = "securite_domicile";
	a[0].domain = "environnement";
	a[0].need = "Risque de chute au domicile";
	a[0].objective = "Se déplacer sans chute chez soi";
	a[0].action = "Visite de l'ergothérapeute, barres d'appui, "
		      "téléassistance avec détecteur de chute";
	a[0].who_user_id = h->ergo;
	a[0].frequency = "une fois, puis à la demande";
	a[0].start_on = ago(h, days);
	a[0].due_on = ago(h, days - 30);
	a[0].review_on = ago(h, days - 90);
	a[0].status = review ? "realisee" : "en_cours";
	a[1].area = "suivi_renforce";
	a[1].domain = "sante";
	a[1].need = "Suivi de l'état de santé";
	a[1].objective = "Repérer tôt une décompensation";
	a[1].action = "Passage de l'infirmière coordinatrice, lien avec le "
		      "médecin traitant";
	a[1].who_user_id = h->ide;
	a[1].frequency = "chaque semaine";
	a[1].start_on = ago(h, days);
	a[1].review_on = ago(h, days - 90);
	a[1].status = "en_cours";
	a[2].area = "projet_vie_isolement";
	a[2].domain = "social";
	a[2].need = "Isolement, peu de sorties";
	a[2].objective = "Retrouver une activité sociale";
	a[2].action = "Aide à domicile pour les courses et une sortie au "
		      "marché";
	a[2].who_org_id = orgs[ORG_SAAD];
	a[2].frequency = "deux fois par semaine";
	a[2].start_on = ago(h, days);
	a[2].review_on = ago(h, days - 90);
	a[2].status = "en_cours";
	memset(&p, 0, sizeof(p));
	p.referent_id = h->ide;
	p.problems = "Perte d'autonomie à domicile, risque de chute, "
		     "isolement.";
	p.project = "Rester chez soi le plus longtemps possible, entourée.";
	p.unmet = review ? "La sortie au marché n'a lieu qu'une semaine sur "
			   "deux."
			 : NULL;
	p.actions = a;
	p.nactions = 3;
	return plan_save(h->ctx, &g, sid, &p, &version);
}

static const char demo_pdf[] = "%PDF-1.4\n% Contrat d'accompagnement "
			       "(démonstration)\n%%EOF\n";

static int
contract_sign(struct hist *h, int64_t pid, int64_t sid, int days,
    const char *by, const char *signer)
{
	struct access_grant g;
	int64_t doc;
	int rc;

	rc = at(h, days, "coordination");
	if (rc == E_OK)
		rc = access_check(h->ctx, pid, &g);
	if (rc == E_OK)
		rc = document_add(h->ctx, &g, "admin",
		    "Contrat "
		    "d'accompagnement signé",
		    "application/pdf", demo_pdf, sizeof(demo_pdf) - 1, &doc);
	if (rc == E_OK)
		rc = support_contract(
		    h->ctx, &g, sid, ago(h, days), by, signer, doc);
	return rc;
}

/* Two referrals still open today: one just received from a caregiver
 * (feedback owed), one complex situation oriented to the DAC. */
static int
open_referrals(struct hist *h, const int64_t *pids)
{
	struct referral_in in;
	struct access_grant g;
	int64_t rid;
	int rc;

	rc = at(h, 3, "secretariat");
	if (rc == E_OK)
		rc = access_check(h->ctx, pids[7], &g);
	if (rc != E_OK)
		return rc;
	memset(&in, 0, sizeof(in));
	str(&in.source, "aidant");
	str(&in.channel, "telephone");
	str(&in.reason,
	    "Son fils signale des oublis et une perte de poids ; "
	    "il vit seul depuis le décès de son épouse.");
	in.requested_volet.set = 1;
	in.requested_volet.v = 2;
	str(&in.referrer_name, "Pierre Croze (fils)");
	str(&in.referrer_contact, "06 71 23 45 67");
	str(&in.received_on, ago(h, 3));
	rc = referral_create(h->ctx, &g, &in, &rid);
	if (rc == E_OK)
		rc = at(h, 20, "coordination");
	if (rc == E_OK)
		rc = access_check(h->ctx, pids[6], &g);
	if (rc != E_OK)
		return rc;
	memset(&in, 0, sizeof(in));
	str(&in.source, "ccas");
	str(&in.channel, "messagerie_securisee");
	str(&in.reason,
	    "Conflit familial, dettes, refus d'aide : situation "
	    "sociale complexe.");
	in.requested_volet.set = 1;
	in.requested_volet.v = 2;
	str(&in.referrer_name, "CCAS de Saint-Chély-d'Apcher");
	str(&in.received_on, ago(h, 20));
	rc = referral_create(h->ctx, &g, &in, &rid);
	if (rc == E_OK)
		rc = referral_triage(h->ctx, &g, rid, "complexe", NULL);
	if (rc == E_OK)
		rc = referral_triage(h->ctx, &g, rid, "orienter_dac",
		    "Situation "
		    "multidimensionnelle : évaluation par le DAC d'abord.");
	return rc;
}

/*
 * The generated cohort (issue 11). Its plans are written from a catalogue
 * of actions, one per enum demo_act, each carried by a team member or a
 * partner, with the rhythm at which it brings someone to the home (what
 * the planning will expand; the plan's frequency says it in French).
 */
static const struct cohort_action {
	int act;
	const char *area, *domain, *need, *objective, *action;
	const char *login; /* carried by this account, or by org */
	int org;
	struct demo_rhythm rhythm; /* kind NULL: no visit at home */
} catalogue[] = {
	{ DA_IDE, "suivi_renforce", "sante", "Fragilité, polypathologie",
	    "Repérer tôt une dégradation",
	    "Visite de l'infirmière du CRT, suivi des transmissions des "
	    "intervenants, lien avec le médecin traitant",
	    "ide", -1,
	    { "chaque semaine", "visite_coordination", "FREQ=WEEKLY", "14:00",
		45 } },
	{ DA_AIDE, "suivi_renforce", "autonomie", "Aide aux gestes essentiels",
	    "Toilette et habillage en sécurité",
	    "Passage de l'aide-soignante du CRT : aide à la toilette, "
	    "surveillance de l'état général et de l'hydratation",
	    "aide", -1,
	    { "chaque jour, week-end compris", "toilette", "FREQ=DAILY",
		"08:00", 40 } },
	{ DA_SSIAD, "suivi_renforce", "sante", "Soins d'hygiène et de confort",
	    "Une peau saine, un confort préservé",
	    "Soins d'hygiène, prévention des escarres et surveillance par le "
	    "SSIAD",
	    NULL, 1,
	    { "chaque matin, 7 jours sur 7", "soins", "FREQ=DAILY", "07:45",
		45 } },
	{ DA_IDEL, "suivi_renforce", "sante", "Traitement à administrer",
	    "Un traitement pris sans erreur",
	    "Passage de l'infirmière libérale sur prescription : pilulier, "
	    "injections, pansements",
	    NULL, 6, { "chaque jour", "soins", "FREQ=DAILY", "07:15", 20 } },
	{ DA_SAAD, "projet_vie_isolement", "autonomie", "Repas et courses",
	    "Manger équilibré et garder ses habitudes",
	    "Aide à domicile de l'ADMR : préparation du repas, courses, une "
	    "sortie au marché",
	    NULL, 2,
	    { "du lundi au samedi", "repas",
		"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA", "11:30", 60 } },
	{ DA_NIGHT, "securite_domicile", "sante",
	    "Risque la nuit (chute, change)", "Passer une nuit sûre",
	    "Passage de nuit de l'ADMR : coucher, change, vérification de la "
	    "téléassistance",
	    NULL, 2,
	    { "chaque soir", "passage_nuit", "FREQ=DAILY", "21:30", 30 } },
	{ DA_ERGO, "securite_domicile", "environnement",
	    "Risque de chute au domicile", "Sécuriser le logement",
	    "Visite de l'ergothérapeute, préconisations d'aménagement et "
	    "aides techniques",
	    "ergo", -1,
	    { "une fois, puis à la demande", "visite_coordination", NULL,
		"10:00", 90 } },
	{ DA_TELE, "securite_domicile", "environnement",
	    "Personne seule une partie de la journée",
	    "Pouvoir alerter à tout moment",
	    "Mise en place de la téléassistance et des contacts d'alerte",
	    "coordination", -1, { "une fois", NULL, NULL, NULL, 0 } },
	{ DA_CRISIS, "gestion_crise", "aidant", "Absence brutale de l'aidant",
	    "Une solution d'accueil en cas de crise",
	    "Accueil d'urgence réservé dans un EHPAD partenaire ou au service "
	    "de médecine",
	    "coordination", -1, { "en cas de crise", NULL, NULL, NULL, 0 } },
	{ DA_PSY, "soutien_aidant", "aidant", "Aidant épuisé",
	    "Soulager l'aidant",
	    "Entretiens de soutien de la psychologue du CRT avec l'aidant, à "
	    "domicile",
	    "psy", -1,
	    { "toutes les deux semaines", "visite_coordination",
		"FREQ=WEEKLY;INTERVAL=2", "15:00", 60 } },
	{ DA_RESPITE, "soutien_aidant", "aidant", "Aidant sans répit",
	    "Des temps de répit réguliers",
	    "Accueil de jour et séjours de répit avec la plateforme de répit",
	    NULL, 4, { "chaque mois", NULL, NULL, NULL, 0 } },
};

/* Where the rhythms of one person differ from the catalogue's: the day
 * of the nurse's weekly visit, the hour of the aide's round. */
static const char *const week_days[] = { "MO", "TU", "WE", "TH", "FR" };
static const char *const round_hours[] = { "08:00", "08:50", "09:40", "10:30",
	"11:20", "14:00", "14:50", "15:40", "16:30", "17:20" };

static int64_t
login_id(const struct hist *h, const char *login)
{
	if (strcmp(login, "ide") == 0)
		return h->ide;
	if (strcmp(login, "aide") == 0)
		return h->aide;
	if (strcmp(login, "ergo") == 0)
		return h->ergo;
	if (strcmp(login, "psy") == 0)
		return h->psy;
	return h->coord;
}

/* The plan of case i, written `days` ago by its referent; `review` marks
 * the one-off actions done (a later version). `out` gets its visits. */
static int
cohort_plan(struct hist *h, const struct demo_case *c, int i, int64_t sid,
    int days, const int64_t *orgs, int review, struct demo_support *out)
{
	struct plan_action a[DEMO_ACTIONS_MAX];
	struct access_grant g;
	struct plan p;
	size_t k;
	int n = 0, rc;

	rc = at(h, days, c->ide ? "ide" : "coordination");
	if (rc == E_OK)
		rc = access_check(h->ctx, c->pid, &g);
	if (rc != E_OK)
		return rc;
	memset(a, 0, sizeof(a));
	memset(out, 0, sizeof(*out));
	for (k = 0; k < sizeof(catalogue) / sizeof(*catalogue); k++) {
		const struct cohort_action *t = &catalogue[k];
		struct demo_visit *v;

		if (!(c->acts & (1u << t->act)) || n == DEMO_ACTIONS_MAX)
			continue;
		a[n].area = t->area;
		a[n].domain = t->domain;
		a[n].need = t->need;
		a[n].objective = t->objective;
		a[n].action = t->action;
		/* The coordination watches over those the nurse does not. */
		if (t->act == DA_IDE && !c->ide)
			a[n].who_user_id = h->coord;
		else if (t->login != NULL)
			a[n].who_user_id = login_id(h, t->login);
		else
			a[n].who_org_id = orgs[t->org];
		a[n].frequency = t->rhythm.label;
		a[n].start_on = ago(h, days);
		a[n].review_on = ago(h, days - 90);
		a[n].status = "en_cours";
		if (t->rhythm.rrule == NULL && t->act != DA_CRISIS) {
			a[n].due_on = ago(h, days - 30);
			a[n].status = review ? "realisee" : "en_cours";
		}
		if (t->rhythm.kind != NULL &&
		    !(t->rhythm.rrule == NULL && review)) {
			v = &out->visits[out->nvisits++];
			v->position = n;
			v->user_id = a[n].who_user_id;
			v->org_id = a[n].who_org_id;
			v->rhythm = t->rhythm;
			if (t->act == DA_IDE)
				v->rhythm.rrule = arena_printf(&h->ctx->arena,
				    "FREQ=WEEKLY;BYDAY=%s", week_days[i % 5]);
			if (t->act == DA_AIDE)
				v->rhythm.at = round_hours[i / 3 % 10];
		}
		n++;
	}
	memset(&p, 0, sizeof(p));
	p.referent_id = c->ide ? h->ide : h->coord;
	p.problems = c->problems;
	p.project = c->project;
	p.unmet = review ? "Les sorties prévues n'ont lieu qu'une semaine "
			   "sur deux."
			 : NULL;
	p.actions = a;
	p.nactions = n;
	out->person_id = c->pid;
	out->support_id = sid;
	return plan_save(h->ctx, &g, sid, &p, &out->plan_version);
}

/* The committee that follows an evaluation: one every four weeks. */
static int
committee_after(int received)
{
	int k = (received - 14 - 7) / 28;

	return 7 + 28 * (k < 0 ? 0 : k);
}

/* Hospitalisations and absences of some supports (case, kind, from, to
 * days ago — to 0: still away —, where, why). */
static const struct {
	int kase;
	const char *kind;
	int from, to;
	const char *place, *note;
} cohort_absences[] = {
	{ 4, "hospitalisation", 70, 58, "CH de Mende, cardiologie",
	    "Décompensation cardiaque." },
	{ 5, "absence", 30, 23,
	    "EHPAD du CH Fanny Ramadier, hébergement temporaire",
	    "Séjour de répit de l'aidante." },
	{ 8, "hospitalisation", 5, 0, "CH de Saint-Chély-d'Apcher, médecine",
	    "Exacerbation de BPCO." },
	{ 16, "hospitalisation", 40, 31, "CHU de Clermont-Ferrand, orthopédie",
	    "Chute avec fracture de l'humérus." },
	{ 21, "absence", 20, 12, "Chez son fils à Aurillac",
	    "Séjour en famille." },
};

/* Each exit: days ago, the team's decision and the relay. */
static const struct {
	int days;
	const char *decision;
	int relay_org; /* -1: relay_name, or none after a death */
	const char *relay_name;
} cohort_exits[] = {
	{ 60,
	    "Décès à domicile, entourée des siens, comme elle le "
	    "souhaitait.",
	    -1, NULL },
	{ 100,
	    "Entrée en EHPAD souhaitée par la personne et son épouse "
	    "après l'aggravation des troubles.",
	    -1, "EHPAD de Saint-Alban-sur-Limagnole" },
	{ 25,
	    "Situation stabilisée : le SSIAD et l'infirmière libérale "
	    "suffisent.",
	    ORG_SSIAD, NULL },
};

static int
cohort_exit(struct hist *h, const struct demo_case *c, int64_t sid, int k,
    const int64_t *orgs)
{
	struct support_exit x;
	struct access_grant g;
	int rc;

	rc = at(h, cohort_exits[k].days, "coordination");
	if (rc == E_OK)
		rc = access_check(h->ctx, c->pid, &g);
	if (rc != E_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.reason = c->exit_reason;
	x.exit_on = ago(h, cohort_exits[k].days + 2);
	x.decision = cohort_exits[k].decision;
	if (cohort_exits[k].relay_org >= 0)
		x.relay_org_id = orgs[cohort_exits[k].relay_org];
	x.relay_name = cohort_exits[k].relay_name;
	if (x.relay_org_id != 0 || x.relay_name != NULL)
		x.relay_informed_on = ago(h, cohort_exits[k].days);
	return support_exit(h->ctx, &g, sid, &x);
}

/* The waiting list's criteria the coordination notes at the triage. */
static int
cohort_flags(struct hist *h, const struct demo_case *c, int64_t rid)
{
	struct access_grant g;
	int rc;

	if (!c->housing && !c->isolation)
		return E_OK;
	rc = at(h, c->received - 2, "coordination");
	if (rc == E_OK)
		rc = access_check(h->ctx, c->pid, &g);
	if (rc == E_OK)
		rc = waitlist_set_flags(
		    h->ctx, &g, rid, c->housing, c->isolation);
	return rc;
}

/* One generated person's year; an open support goes into `file`. */
static int
cohort_episode(struct hist *h, const struct demo_case *c, int i,
    const int64_t *orgs, struct demo_file *file)
{
	struct episode e;
	struct demo_support sup;
	struct access_grant g;
	int64_t rid, sid, aid;
	int plan_day, sign_day, rc;
	size_t k;

	memset(&e, 0, sizeof(e));
	e.source = c->source;
	e.referrer_org = c->referrer_org;
	e.referrer = c->referrer;
	e.reason = c->reason;
	e.received = c->received;
	e.letters = c->letters;
	e.visit = c->visit;
	e.joint = c->referrer_org == ORG_DAC ? "DAC 48"
	    : c->referrer_org == ORG_SSIAD   ? "SSIAD du Malzieu"
					     : NULL;
	e.medical = c->medical;
	e.committee = committee_after(c->received);
	e.opinion = "Favorable : accompagnement renforcé à domicile "
		    "justifié, la personne et son entourage d'accord.";
	e.decision = "admettre";
	rc = referral_steps(h, &e, c->pid, orgs, c->urgent, &rid);
	if (rc == E_OK)
		rc = cohort_flags(h, c, rid);
	if (rc != E_OK || c->fate == FATE_WAIT)
		return rc;
	rc = evaluation_steps(h, &e, c->pid, rid, c->fate != FATE_WAIT_EVAL);
	if (rc == E_OK && c->fate == FATE_WAIT_EVAL &&
	    h->neval < MAX_COMMITTEES) {
		h->eval_pid[h->neval] = c->pid;
		h->eval_rid[h->neval++] = rid;
	}
	if (rc != E_OK || c->fate == FATE_WAIT_EVAL)
		return rc;
	rc = committee_steps(h, &e, c->pid, rid, &sid);
	plan_day = e.committee - 4;
	sign_day = e.committee - 8;
	if (rc == E_OK)
		rc = cohort_plan(h, c, i, sid, plan_day, orgs, 0, &sup);
	if (rc != E_OK || c->fate == FATE_TO_SIGN)
		goto out;
	rc = contract_sign(h, c->pid, sid, sign_day,
	    c->letters[0] == 'C' ? "representant" : "personne",
	    c->letters[0] == 'C' ? "Habilitation familiale (proche aidant)"
				 : NULL);
	/* The team reviews each plan within three months: the current
	 * version is the last review, its review dates ahead — but for one
	 * case in twenty, whose review is a few days late (a handful of
	 * « Actions du plan à revoir » on the home page, not every plan). */
	if (rc == E_OK && plan_day > 90) {
		int r = i % 20 == 7 ? 92 + i % 5 : 10 + (i * 7) % 70;

		if (r < plan_day - 20)
			rc = cohort_plan(h, c, i, sid, r, orgs, 1, &sup);
	}
	for (k = 0; rc == E_OK &&
	     k < sizeof(cohort_absences) / sizeof(*cohort_absences);
	     k++) {
		if (cohort_absences[k].kase != i)
			continue;
		rc = at(h, cohort_absences[k].from - 1,
		    c->ide ? "ide" : "coordination");
		if (rc == E_OK)
			rc = access_check(h->ctx, c->pid, &g);
		if (rc == E_OK)
			rc = support_absence_add(h->ctx, &g, sid,
			    cohort_absences[k].kind,
			    ago(h, cohort_absences[k].from), NULL,
			    cohort_absences[k].place, cohort_absences[k].note,
			    &aid);
		if (rc == E_OK && cohort_absences[k].to > 0)
			rc = at(h, cohort_absences[k].to,
			    c->ide ? "ide" : "coordination");
		if (rc == E_OK && cohort_absences[k].to > 0)
			rc = support_absence_end(h->ctx, &g, sid, aid,
			    ago(h, cohort_absences[k].to));
	}
	if (rc == E_OK && c->fate == FATE_EXIT)
		return cohort_exit(h, c, sid, i - 30, orgs);
out:
	if (rc == E_OK) {
		if (file->n == DEMO_FILE_MAX)
			return E_INTERNAL;
		file->s[file->n++] = sup;
	}
	return rc;
}

/* The hand-written supports in the file: their plans (plan_write) bring
 * the nurse weekly and the SAAD twice a week. */
static void
file_add(struct hist *h, struct demo_file *file, int64_t pid, int64_t sid,
    int version, const int64_t *orgs)
{
	struct demo_support *s = &file->s[file->n++];

	memset(s, 0, sizeof(*s));
	s->person_id = pid;
	s->support_id = sid;
	s->plan_version = version;
	s->nvisits = 2;
	s->visits[0].position = 1;
	s->visits[0].user_id = h->ide;
	s->visits[0].rhythm = (struct demo_rhythm){ "chaque semaine",
		"visite_coordination", "FREQ=WEEKLY;BYDAY=TH", "14:00", 45 };
	s->visits[1].position = 2;
	s->visits[1].org_id = orgs[ORG_SAAD];
	s->visits[1].rhythm = (struct demo_rhythm){ "deux fois par semaine",
		"aide_domicile", "FREQ=WEEKLY;BYDAY=TU,FR", "10:00", 90 };
}

int
demo_history_seed(struct ctx *ctx, const int64_t *pids, const int64_t *orgs,
    const struct demo_case *cases, struct demo_file *file)
{
	struct hist h;
	struct support_exit x;
	struct access_grant g;
	const char *now = ctx->now;
	int64_t sid[4], aid, cid, kase;
	struct user u;
	size_t i;
	int rc;

	const char *logins[] = { "coordination", "medecin", "ide", "ergo",
		"aide", "psy" };
	int64_t *ids[] = { &h.coord, &h.medecin, &h.ide, &h.ergo, &h.aide,
		&h.psy };

	memset(&h, 0, sizeof(h));
	h.ctx = ctx;
	file->n = 0;
	for (i = 0; i < 6; i++) {
		rc = user_by_login(ctx, logins[i], &u, NULL);
		if (rc != E_OK)
			return rc == E_NOT_FOUND ? E_INTERNAL : rc;
		*ids[i] = u.id;
	}
	for (i = 0; i < sizeof(episodes) / sizeof(episodes[0]); i++) {
		rc = episode_run(
		    &h, &episodes[i], pids[episodes[i].person], orgs, &sid[i]);
		if (rc != E_OK)
			return rc;
	}
	/* BOUDON: active for 9 months, plan reviewed two months ago. */
	rc = plan_write(&h, pids[2], sid[0], 276, orgs, 0);
	if (rc == E_OK)
		rc = contract_sign(&h, pids[2], sid[0], 270, "representant",
		    "UDAF de la Lozère (curatelle)");
	if (rc == E_OK)
		rc = plan_write(&h, pids[2], sid[0], 60, orgs, 1);
	/* VALENTIN: active, in hospital for 4 months: exit proposed. */
	if (rc == E_OK)
		rc = plan_write(&h, pids[3], sid[1], 232, orgs, 0);
	if (rc == E_OK)
		rc = contract_sign(&h, pids[3], sid[1], 230, "personne", NULL);
	if (rc == E_OK)
		rc = at(&h, 118, "ide");
	if (rc == E_OK)
		rc = access_check(ctx, pids[3], &g);
	if (rc == E_OK)
		rc = support_absence_add(ctx, &g, sid[1], "hospitalisation",
		    ago(&h, 120), NULL, "CHU de Clermont-Ferrand, gériatrie",
		    "Chute avec fracture du col du fémur.", &aid);
	/* CHAZAL: supported for a year, left at her wish; relay SAAD. */
	if (rc == E_OK)
		rc = plan_write(&h, pids[4], sid[2], 340, orgs, 0);
	if (rc == E_OK)
		rc = contract_sign(&h, pids[4], sid[2], 338, "personne", NULL);
	if (rc == E_OK)
		rc = at(&h, 38, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pids[4], &g);
	if (rc == E_OK) {
		memset(&x, 0, sizeof(x));
		x.reason = "souhait_personne";
		x.exit_on = ago(&h, 40);
		x.decision = "Décidé en réunion d'équipe avec la personne et "
			     "son fils : le SAAD suffit désormais.";
		x.relay_org_id = orgs[ORG_SAAD];
		x.relay_informed_on = ago(&h, 38);
		rc = support_exit(ctx, &g, sid[2], &x);
	}
	if (rc == E_OK)
		rc = open_referrals(&h, pids);
	if (rc == E_OK) {
		file_add(&h, file, pids[2], sid[0], 2, orgs);
		file_add(&h, file, pids[3], sid[1], 1, orgs);
	}
	for (i = 0; rc == E_OK && i < DEMO_COHORT_N; i++)
		rc = cohort_episode(&h, &cases[i], (int)i, orgs, file);
	/* The next committee, four weeks after the last (committee_after:
	 * every 28 days), with the referrals evaluated since on its agenda:
	 * the home page's « Prochain comité » has a date and its cases. */
	if (rc == E_OK)
		rc = at(&h, 1, "coordination");
	if (rc == E_OK)
		rc = committee_at(&h, 7 - 28, &cid);
	for (i = 0; rc == E_OK && i < (size_t)h.neval; i++) {
		rc = access_check(ctx, h.eval_pid[i], &g);
		if (rc == E_OK)
			rc = committee_case_add(
			    ctx, &g, cid, h.eval_rid[i], NULL, &kase);
	}
	ctx->now = now;
	return rc;
}
