/*
 * The demo's volet-2 year: each episode is written step by step with the
 * clock set back to the day the step happened, so dates, authors and
 * traces read like a real file active.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/platform/user.h"
#include "domain/record/document.h"
#include "domain/record/evaluation.h"
#include "domain/seed/demo_history.h"
#include "domain/volet2/admission.h"
#include "domain/volet2/committee.h"
#include "domain/volet2/plan.h"
#include "domain/volet2/referral.h"
#include "domain/volet2/support.h"

/* Demo orgs, in demo.c's order. */
enum { ORG_DAC, ORG_SSIAD, ORG_SAAD, ORG_HAD, ORG_PFR, ORG_CABINET };

struct hist {
	struct ctx *ctx;
	int64_t coord, medecin, ide, ergo, aide;
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

static int
episode_run(struct hist *h, const struct episode *e, const int64_t *pids,
    const int64_t *orgs, int64_t *sid)
{
	struct ctx *ctx = h->ctx;
	struct referral_in in;
	struct access_grant g;
	struct aggir_result r;
	struct committee_decision d;
	int64_t rid, id, cid, kase, members[3];
	int rc;

	*sid = 0;
	rc = at(h, e->received, "secretariat");
	if (rc == E_OK)
		rc = access_check(ctx, pids[e->person], &g);
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
	rc = referral_create(ctx, &g, &in, &rid);
	if (rc == E_OK)
		rc = at(h, e->received - 2, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pids[e->person], &g);
	if (rc == E_OK)
		rc = referral_triage(ctx, &g, rid, "accepter", NULL);
	if (rc == E_OK)
		rc = referral_triage(ctx, &g, rid, "retour",
		    "Demande reçue et "
		    "inscrite sur la liste d'attente.");
	if (rc == E_OK)
		rc = at(h, e->received - 8, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pids[e->person], &g);
	if (rc == E_OK)
		rc = admission_eval_add(ctx, &g, rid, "domicile",
		    ago(h, e->received - 8), 0, e->joint, 0, e->visit, &id);
	if (rc == E_OK)
		rc = evaluation_aggir_add(ctx, &g, ago(h, e->received - 8), 0,
		    "letters", arena_printf(&ctx->arena, "\"%s\"", e->letters),
		    e->letters, NULL, &id, &r);
	if (rc == E_OK)
		rc = at(h, e->received - 12, "medecin");
	if (rc == E_OK)
		rc = access_check(ctx, pids[e->person], &g);
	if (rc == E_OK)
		rc = admission_eval_add(ctx, &g, rid, "medicale",
		    ago(h, e->received - 12), 0, NULL, 1, e->medical, &id);
	if (rc == E_OK)
		rc = at(h, e->committee + 2, "coordination");
	if (rc != E_OK)
		return rc;
	members[0] = h->coord;
	members[1] = h->medecin;
	members[2] = h->ide;
	rc = committee_create(ctx, ago(h, e->committee), "DAC 48 (invitée)",
	    NULL, members, 3, &cid);
	if (rc == E_OK)
		rc = access_check(ctx, pids[e->person], &g);
	if (rc == E_OK)
		rc = committee_case_add(ctx, &g, cid, rid, NULL, &kase);
	if (rc == E_OK)
		rc = at(h, e->committee, "coordination");
	if (rc == E_OK)
		rc = access_check(ctx, pids[e->person], &g);
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

int
demo_history_seed(struct ctx *ctx, const int64_t *pids, const int64_t *orgs)
{
	struct hist h = { ctx, 0, 0, 0, 0, 0 };
	struct support_exit x;
	struct access_grant g;
	const char *now = ctx->now;
	int64_t sid[4], aid;
	struct user u;
	size_t i;
	int rc;

	const char *logins[] = { "coordination", "medecin", "ide", "ergo",
		"aide" };
	int64_t *ids[] = { &h.coord, &h.medecin, &h.ide, &h.ergo, &h.aide };

	for (i = 0; i < 5; i++) {
		rc = user_by_login(ctx, logins[i], &u, NULL);
		if (rc != E_OK)
			return rc == E_NOT_FOUND ? E_INTERNAL : rc;
		*ids[i] = u.id;
	}
	for (i = 0; i < sizeof(episodes) / sizeof(episodes[0]); i++) {
		rc = episode_run(&h, &episodes[i], pids, orgs, &sid[i]);
		if (rc != E_OK)
			return rc;
	}
	/* BOUDON: active for 9 months, plan reviewed. */
	rc = plan_write(&h, pids[2], sid[0], 276, orgs, 0);
	if (rc == E_OK)
		rc = contract_sign(&h, pids[2], sid[0], 270, "representant",
		    "UDAF de la Lozère (curatelle)");
	if (rc == E_OK)
		rc = plan_write(&h, pids[2], sid[0], 90, orgs, 1);
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
	ctx->now = now;
	return rc;
}
