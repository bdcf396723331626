/*
 * The generated part of the demo (issue 11): 43 people after the eight
 * written by hand, drawn from fixed tables with a fixed-seed xorshift so
 * that every run, on SQLite and PostgreSQL, creates the same database.
 * Identities carry test INS numbers built like the hand-written ones
 * (demo_ins: OID test, valid key, traits matching sex, birth date and
 * birthplace); phones are in ARCEP's fiction ranges. This file writes
 * the people and what surrounds them; demo_history.c writes their year.
 * Synthetic people only.
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/directory/directory.h"
#include "domain/platform/user.h"
#include "domain/record/dlu.h"
#include "domain/record/ins.h"
#include "domain/record/person.h"
#include "domain/record/profile.h"
#include "domain/seed/demo.h"
#include "domain/seed/demo_cohort.h"

/* Demo orgs, in demo.c's order. */
enum { ORG_DAC, ORG_SSIAD, ORG_SAAD, ORG_HAD, ORG_PFR, ORG_CABINET, ORG_IDEL };

#define ACT(a) (1u << (a))

/* Family names of the Gévaudan, Aubrac and Margeride, and first names
 * below: none of the eight hand-written people's, none a test searches
 * for or close to one (« crose » is one edit from Rose, « Émile » is
 * TEISSIER's). */
static const char *const family_names[] = { "ALDEBERT", "ANGLADE", "BARRANDON",
	"BASTIDE", "BOISSONADE", "BOULET", "BRUGERON", "CASTANIER", "CHASSANG",
	"COUDERC", "DELMAS", "FAGES", "GIBELIN", "HERMABESSIERE", "JOUVE",
	"LAFONT", "MAGNE", "MIRMAN", "MOURGUES", "PEYTAVIN", "PLANCHON",
	"POUGET", "PUECH", "RAYNAL", "REVERSAT", "ROCHE", "SAGNET", "SEGUIN",
	"SOULIER", "TICHIT", "TRINQUIER", "VALADIER", "VERDIER", "BARBUT",
	"MALIGE", "AMARGER", "BOUNIOL", "COMBES", "BRINGER", "ESTEVE",
	"CHAPTAL", "GRASSET", "MEYRUEIX", "PORTAL", "BOYER-FABRE", "DALLE",
	"RICHARD", "BONICEL", "CAYLA", "FALCON", "GOUNY", "LAURENS", "OLIVIER",
	"ROUVEYRE", "SALTEL", "VIALA", "BOUCHARD" };
#define NFAMILY (sizeof(family_names) / sizeof(family_names[0]))

/* First names given in France between 1925 and 1950. */
static const char *const women[] = { "Marie", "Jeanne", "Germaine", "Yvette",
	"Paulette", "Simone", "Lucienne", "Raymonde", "Denise", "Andrée",
	"Henriette", "Madeleine", "Georgette", "Renée", "Josette", "Monique",
	"Jacqueline", "Ginette", "Huguette", "Marthe", "Marguerite", "Lucie",
	"Antoinette", "Fernande", "Gisèle", "Irène", "Augustine", "Léonie",
	"Berthe" };
static const char *const men[] = { "Jean", "Pierre", "Joseph", "Marcel",
	"André", "Louis", "Roger", "Robert", "Raymond", "Georges", "Lucien",
	"Maurice", "Fernand", "Gaston", "Marius", "Léon", "Clément", "Firmin",
	"Élie", "Baptiste", "Urbain", "Auguste", "Francis", "Gilbert" };
#define NWOMEN (sizeof(women) / sizeof(women[0]))
#define NMEN (sizeof(men) / sizeof(men[0]))

/* The 28 communes of the DAC 48 convention (seed 002), weighted by
 * population; `bourg` says whether addresses are streets or hamlets. */
static const struct {
	const char *code;
	int weight, bourg;
} communes[] = {
	{ "48140", 10, 1 }, /* Saint-Chély-d'Apcher */
	{ "48009", 5, 1 }, /* Peyre en Aubrac */
	{ "48132", 4, 1 }, /* Saint-Alban-sur-Limagnole */
	{ "48090", 3, 1 }, /* Le Malzieu-Ville */
	{ "48128", 2, 1 }, /* Rimeize */
	{ "48002", 2, 1 }, /* Albaret-Sainte-Marie */
	{ "48089", 2, 0 }, /* Le Malzieu-Forain */
	{ "48025", 1, 0 }, /* Les Bessons */
	{ "48064", 1, 0 }, /* Fournels */
	{ "48005", 1, 0 }, /* Antrenas */
	{ "48012", 1, 0 }, /* Les Monts-Verts */
	{ "48177", 1, 0 }, /* Saint-Pierre-le-Vieux */
	{ "48059", 1, 0 }, /* La Fage-Saint-Julien */
	{ "48188", 1, 0 }, /* Serverette */
	{ "48026", 1, 0 }, /* Blavignac */
	{ "48121", 1, 0 }, /* Prunières */
	{ "48032", 1, 0 }, /* Le Buisson */
	{ "48063", 1, 0 }, /* Fontans */
	{ "48190", 1, 0 }, /* Termes */
	{ "48169", 1, 0 }, /* Saint-Léger-du-Malzieu */
	{ "48001", 1, 0 }, /* Albaret-le-Comtal */
	{ "48058", 1, 0 }, /* La Fage-Montivernoux */
	{ "48179", 1, 0 }, /* Saint-Privat-du-Fau */
	{ "48106", 1, 0 }, /* Noalhac */
	{ "48046", 1, 0 }, /* Chaulhac */
	{ "48007", 1, 0 }, /* Arzenc-d'Apcher */
	{ "48077", 1, 0 }, /* Julianges */
	{ "48161", 1, 0 }, /* Saint-Juéry */
};
#define NCOMMUNES (sizeof(communes) / sizeof(communes[0]))

static const char *const streets[] = { "rue de l'Église", "place de la Mairie",
	"route de Saint-Flour", "rue du Barry", "rue des Écoles",
	"chemin du Moulin", "rue du Couderc", "avenue de la Margeride",
	"rue du Four", "impasse des Tilleuls" };
static const char *const hamlets[] = { "Le Bourg", "La Borie", "Le Villaret",
	"Le Mas", "La Chazette", "Le Cros", "La Roche", "Le Bouschet",
	"La Vialle Haute", "Les Estrets" };

/* Birthplaces other than the home commune: Mende, Marvejols, Langogne,
 * Saint-Flour, Laguiole, Espalion, Aurillac, Le Puy-en-Velay. */
static const char *const elsewhere[] = { "48095", "48092", "48080", "15187",
	"12119", "12096", "15014", "43157" };

/*
 * The situations of the supported people, one per generated person in
 * turn: sex, the note of the social and care parts, the referral, the
 * AGGIR grid (GIR 1 to 4), what the evaluations found, the plan, the
 * caregiver and, for some, the DLU.
 */
static const struct situation {
	int female;
	const char *social, *soins;
	const char *source, *referrer, *reason;
	int referrer_org;
	const char *letters;
	const char *visit, *medical;
	const char *problems, *project;
	unsigned acts;
	const char *cg_relation, *cg_situation; /* NULL: none */
	int cg_lives_with;
	const char *treatments, *history, *mobility, *access;
} situations[] = {
	{ 1, "Vit avec son époux, lui-même fatigué.",
	    "Alitée, change et toilette au lit.", "ssiad",
	    "IDEC du SSIAD du Malzieu",
	    "Grabataire depuis un AVC, époux âgé à bout de forces.", ORG_SSIAD,
	    "CCCCCCCCCB", "Lit médicalisé au salon, matelas à air.",
	    "Séquelles d'AVC avec aphasie, escarre talonnière en voie de "
	    "cicatrisation.",
	    "Dépendance totale, aidant épuisé, risque d'escarre.",
	    "Rester au domicile avec son époux.",
	    ACT(DA_SSIAD) | ACT(DA_IDEL) | ACT(DA_SAAD) | ACT(DA_NIGHT) |
		ACT(DA_CRISIS) | ACT(DA_RESPITE),
	    "Époux", "epuise", 1, "Apixaban 2,5 mg matin et soir, paracétamol",
	    "AVC ischémique sylvien gauche (2023), HTA", "Alitée, lève-malade",
	    "Porte ouverte, sonner" },
	{ 0, "Veuf, vit seul dans la ferme familiale.",
	    "Pansements d'ulcère et surveillance glycémique.",
	    "medecin_traitant", "Dr Cayrel",
	    "Diabétique insulino-traité, vit seul, plusieurs malaises.",
	    ORG_CABINET, "AABCBBBCAA",
	    "Ferme isolée, chauffage au bois, salle d'eau à l'étage.",
	    "Diabète de type 2 déséquilibré, artérite des membres inférieurs.",
	    "Hypoglycémies, isolement, logement inadapté.",
	    "Rester à la ferme près de ses bêtes, que son neveu soigne.",
	    ACT(DA_IDEL) | ACT(DA_SAAD) | ACT(DA_ERGO) | ACT(DA_TELE), "Neveu",
	    "present", 0, "Insuline glargine 18 UI le soir, metformine 850 mg",
	    "Diabète de type 2 (1998), artérite", "Marche avec une canne",
	    "Clé sous le pot de fleurs" },
	{ 1, "Vit seule au bourg, fille à Clermont-Ferrand.",
	    "Aide à la toilette et à l'habillage.", "hopital",
	    "Service de médecine du CH de Saint-Chély",
	    "Retour à domicile après une chute avec fracture du poignet.", -1,
	    "AACCBCCCCA", "Appartement au premier étage sans ascenseur.",
	    "Ostéoporose fracturaire, dénutrition modérée (IMC 19).",
	    "Chutes, dénutrition, isolement.",
	    "Rester chez elle, revoir ses voisines au club.",
	    ACT(DA_SSIAD) | ACT(DA_SAAD) | ACT(DA_ERGO) | ACT(DA_TELE) |
		ACT(DA_CRISIS),
	    "Fille", "absent", 0, "Alendronate 70 mg le lundi, vitamine D",
	    "Fracture du poignet (2025), ostéoporose",
	    "Déambulateur, escalier avec aide", "Clé à la boîte à clés" },
	{ 0, "Vit avec son épouse, ancien maçon.",
	    "Passage infirmier pour le pilulier.", "aidant", "Son épouse",
	    "Oublis de plus en plus fréquents, épouse inquiète et fatiguée.",
	    -1, "CBCCCCBBCB", "Maison de plain-pied, épouse très présente.",
	    "Maladie d'Alzheimer au stade modéré (MMS 16/30).",
	    "Troubles cognitifs, épuisement de l'épouse.",
	    "Vivre chez lui avec son épouse, garder ses promenades.",
	    ACT(DA_IDEL) | ACT(DA_SAAD) | ACT(DA_PSY) | ACT(DA_RESPITE) |
		ACT(DA_CRISIS),
	    "Épouse", "epuise", 1, "Donépézil 10 mg le soir",
	    "Maladie d'Alzheimer (2022)", "Marche seul, se perd dehors",
	    "Épouse au domicile" },
	{ 1, "Veuve, vit seule, voisins attentifs.",
	    "Surveillance du poids et des œdèmes.", "dac",
	    "Coordinatrice DAC 48",
	    "Insuffisance cardiaque, trois hospitalisations dans l'année.",
	    ORG_DAC, "AABBBBBBBA",
	    "Maison de bourg, chambre au rez-de-chaussée.",
	    "Insuffisance cardiaque à FEVG altérée, insuffisance rénale "
	    "modérée.",
	    "Décompensations répétées, suivi du traitement.",
	    "Éviter une nouvelle hospitalisation, rester au bourg.",
	    ACT(DA_IDE) | ACT(DA_AIDE) | ACT(DA_IDEL) | ACT(DA_TELE), NULL,
	    NULL, 0, "Furosémide 40 mg, bisoprolol 5 mg, ramipril 2,5 mg",
	    "Insuffisance cardiaque (2019)", "Marche seule, essoufflée",
	    "Clé chez la voisine" },
	{ 1, "Vit avec sa fille qui travaille à Saint-Chély.",
	    "Aide au lever et au coucher.", "medecin_traitant", "Dr Valette",
	    "Maladie de Parkinson évoluée, fille épuisée.", ORG_CABINET,
	    "BACCCCCCCA", "Maison familiale, lit médicalisé posé en 2024.",
	    "Maladie de Parkinson avec fluctuations motrices.",
	    "Dépendance pour les gestes de la vie quotidienne, aidante "
	    "épuisée.",
	    "Rester avec sa fille, partir une semaine en séjour de répit.",
	    ACT(DA_SSIAD) | ACT(DA_AIDE) | ACT(DA_SAAD) | ACT(DA_RESPITE) |
		ACT(DA_PSY),
	    "Fille", "epuise", 1,
	    "Lévodopa/bensérazide 5 fois par jour (horaires stricts)",
	    "Maladie de Parkinson (2012)", "Fauteuil roulant pour sortir",
	    "Fille au domicile le soir" },
	{ 0, "Vit seul, frère à Mende.", "Aucune aide en place.", "ccas",
	    "CCAS de Saint-Chély-d'Apcher",
	    "Repli à domicile, incurie, refus d'aide jusqu'ici.", -1,
	    "AABBAABBAA", "Logement encombré, réfrigérateur vide.",
	    "Syndrome dépressif, consommation d'alcool à réduire.",
	    "Isolement, alimentation, hygiène du logement.",
	    "Garder son chien et sa maison.",
	    ACT(DA_IDE) | ACT(DA_AIDE) | ACT(DA_SAAD) | ACT(DA_PSY), "Frère",
	    "absent", 0, NULL, NULL, NULL, NULL },
	{ 1, "Vit avec son époux à la ferme, fils en Auvergne.",
	    "Toilette aidée deux fois par semaine.", "saad", "ADMR Margeride",
	    "Chutes la nuit, époux qui ne peut plus la relever.", ORG_SAAD,
	    "AACBBBBCCA", "Ferme isolée, salle de bains avec baignoire.",
	    "Arthrose invalidante, hypotension orthostatique.",
	    "Chutes nocturnes, salle de bains inadaptée.",
	    "Rester à la ferme avec son époux.",
	    ACT(DA_AIDE) | ACT(DA_SAAD) | ACT(DA_ERGO) | ACT(DA_TELE) |
		ACT(DA_NIGHT),
	    "Époux", "present", 1, "Paracétamol 1 g trois fois par jour",
	    "Arthrose des genoux, hypotension orthostatique",
	    "Déambulateur, chutes la nuit", "Ferme, chien au portail" },
	{ 0, "Vit avec son épouse au bourg.", "Pansement de jambe.", "had",
	    "HAD Lozère", "Relais après une prise en charge en HAD.", ORG_HAD,
	    "ACCCCBCCCA", "Maison de bourg adaptée pendant l'HAD.",
	    "Insuffisance respiratoire sous oxygène, ulcère de jambe.",
	    "Dépendance lourde, oxygénothérapie, plaie.",
	    "Finir sa vie chez lui, entouré.",
	    ACT(DA_SSIAD) | ACT(DA_IDEL) | ACT(DA_IDE) | ACT(DA_NIGHT) |
		ACT(DA_CRISIS),
	    "Épouse", "present", 1, "Oxygène 2 L/min 15 h par jour, tiotropium",
	    "BPCO stade 4 (2018), ulcère veineux", "Fauteuil, transferts aidés",
	    "Épouse au domicile" },
	{ 1, "Veuve, vit seule, petite-fille présente le week-end.",
	    "Aide aux courses et aux repas.", "personne",
	    "Elle-même, au téléphone",
	    "Ne veut pas entrer en EHPAD, fatigue et solitude.", -1,
	    "AABBABAACA", "Maison au bourg, marches à l'entrée.",
	    "Polyarthrite, cataracte opérée.",
	    "Isolement, fatigue, sorties impossibles seule.",
	    "Retourner au club des aînés.",
	    ACT(DA_IDE) | ACT(DA_SAAD) | ACT(DA_TELE) | ACT(DA_ERGO),
	    "Petite-fille", "present", 0, NULL, NULL, NULL, NULL },
	{ 1, "Vit avec son fils célibataire.", "Passages SSIAD quotidiens.",
	    "ssiad", "IDEC du SSIAD du Malzieu",
	    "Aggravation de troubles cognitifs, fils débordé.", ORG_SSIAD,
	    "CCCCCCCCCA", "Maison ancienne, chambre au rez-de-chaussée.",
	    "Démence évoluée, troubles de la déglutition.",
	    "Dépendance totale, risque de fausse route.",
	    "Rester chez elle avec son fils.",
	    ACT(DA_SSIAD) | ACT(DA_AIDE) | ACT(DA_SAAD) | ACT(DA_NIGHT) |
		ACT(DA_RESPITE),
	    "Fils", "epuise", 1, "Mémantine 20 mg, eau gélifiée",
	    "Démence mixte (2020), fausses routes", "Alitée l'après-midi",
	    "Fils au domicile" },
	{ 0, "Vit seul, ancien instituteur.",
	    "Pilulier préparé chaque semaine.", "medecin_traitant",
	    "Dr Valette",
	    "Sortie de SMR après une fracture du fémur, vit seul.", ORG_CABINET,
	    "ABBCBBBBCA", "Maison de bourg, rampe posée.",
	    "Fracture du col opérée, rééducation à poursuivre.",
	    "Rééducation, risque de chute, isolement.",
	    "Marcher de nouveau jusqu'à la boulangerie.",
	    ACT(DA_IDE) | ACT(DA_IDEL) | ACT(DA_SAAD) | ACT(DA_ERGO) |
		ACT(DA_TELE),
	    "Fille", "present", 0, "Enoxaparine 4 000 UI jusqu'au J35",
	    "Fracture du col du fémur (2026)", "Déambulateur",
	    "Clé à la boîte à clés" },
	{ 1, "Vit avec sa sœur, toutes deux âgées.", "Aide au repas du soir.",
	    "clic", "CLIC de la Lozère",
	    "Deux sœurs âgées qui ne peuvent plus s'aider l'une l'autre.", -1,
	    "BBCBBBBBCA", "Maison de village, escalier intérieur.",
	    "Troubles cognitifs débutants, malvoyance.",
	    "Perte d'autonomie, aidante elle-même fragile.",
	    "Rester ensemble dans la maison familiale.",
	    ACT(DA_AIDE) | ACT(DA_SAAD) | ACT(DA_IDE) | ACT(DA_CRISIS), "Sœur",
	    "epuise", 1, NULL, NULL, NULL, NULL },
	{ 0, "Vit avec son épouse, agriculteur retraité.",
	    "Surveillance de la dialyse péritonéale.", "hopital",
	    "Néphrologie du CH de Mende",
	    "Dialyse péritonéale à domicile, épouse seule aidante.", -1,
	    "AABBBABBCA", "Maison adaptée, pièce dédiée à la dialyse.",
	    "Insuffisance rénale terminale en dialyse péritonéale.",
	    "Soins techniques quotidiens, épuisement à prévenir.",
	    "Continuer la dialyse chez lui.",
	    ACT(DA_IDEL) | ACT(DA_IDE) | ACT(DA_PSY) | ACT(DA_TELE), "Épouse",
	    "present", 1, "Dialyse péritonéale (4 échanges par jour)",
	    "Insuffisance rénale terminale (2024)", "Marche seul",
	    "Épouse au domicile" },
};
#define NSITUATIONS (sizeof(situations) / sizeof(situations[0]))

/* The waiting list: ten referrals still before the committee. */
static const struct waiting {
	int female;
	const char *source, *referrer, *reason;
	int referrer_org, urgent, housing, isolation;
	const char *letters, *visit; /* FATE_WAIT_EVAL only */
	const char *cg_relation, *cg_situation;
} waiting[] = {
	{ 1, "medecin_traitant", "Dr Cayrel",
	    "Chutes répétées, vit seule dans une maison à étage.", ORG_CABINET,
	    0, 1, 1, NULL, NULL, NULL, NULL },
	{ 0, "hopital", "Service de médecine du CH de Saint-Chély",
	    "Sortie d'hospitalisation prévue, épouse hospitalisée aussi.", -1,
	    1, 0, 1, NULL, NULL, "Épouse", "absent" },
	{ 1, "aidant", "Son fils",
	    "Fils épuisé, mère qui ne se lève plus seule.", -1, 0, 0, 0, NULL,
	    NULL, "Fils", "epuise" },
	{ 1, "dac", "Coordinatrice DAC 48",
	    "Situation repérée par le DAC : dénutrition, isolement.", ORG_DAC,
	    0, 0, 1, NULL, NULL, NULL, NULL },
	{ 0, "ssiad", "IDEC du SSIAD du Malzieu",
	    "Le SSIAD seul ne suffit plus, passages du soir à organiser.",
	    ORG_SSIAD, 0, 0, 0, NULL, NULL, "Fille", "present" },
	{ 1, "hopital", "Gériatrie du CHU de Clermont-Ferrand",
	    "Retour à domicile après un séjour en gériatrie, vit seule.", -1, 1,
	    1, 1, NULL, NULL, NULL, NULL },
	{ 0, "saad", "ADMR Margeride",
	    "L'aide à domicile constate une perte de poids et des oublis.",
	    ORG_SAAD, 0, 1, 0, "AABBABAACA",
	    "Maison de hameau, chauffage au fioul, escalier raide.", NULL,
	    NULL },
	{ 1, "medecin_traitant", "Dr Valette",
	    "Troubles cognitifs, fille à Lyon, voisine qui passe chaque jour.",
	    ORG_CABINET, 0, 0, 1, "CBCCCCBBCB",
	    "Vit seule, voisine présente, appareils ménagers dangereux.",
	    "Fille", "absent" },
	{ 1, "hopital", "Service de médecine du CH de Saint-Chély",
	    "Insuffisance cardiaque décompensée, retour à domicile urgent.", -1,
	    1, 0, 0, "AABBBBBBBA",
	    "Appartement au bourg, époux présent mais très âgé.", "Époux",
	    "epuise" },
	{ 0, "personne", "Lui-même, au téléphone",
	    "Souhaite rester chez lui malgré une perte d'autonomie récente.",
	    -1, 0, 1, 1, "AABCBBBCAA",
	    "Ferme isolée, salle d'eau inaccessible, pas de voisin proche.",
	    NULL, NULL },
};
#define NWAITING (sizeof(waiting) / sizeof(waiting[0]))

/* The three exits of the year: a death, an entry in EHPAD, a support no
 * longer adding anything (relays in demo_history.c). */
static const char *const exits[] = { "deces", "entree_ehpad_usld",
	"absence_plus_value" };
#define NFILE 30
#define NEXITS (sizeof(exits) / sizeof(exits[0]))

/* xorshift32 (Marsaglia): fixed seed, same cohort on every run. */
static unsigned
draw(unsigned *s, unsigned n)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	/* The high bits (Lemire's multiply-shift), not the weak low ones. */
	return (unsigned)(((uint64_t)*s * n) >> 32);
}

static void
put(struct jv_str *f, const char *s)
{
	f->set = s != NULL;
	f->s = s;
	f->len = s ? strlen(s) : 0;
}

/* Fills the story of case i (fates: the file, the exits, the list). */
static void
make_case(struct demo_case *c, int i)
{
	const struct situation *s;
	const struct waiting *w;

	memset(c, 0, sizeof(*c));
	c->referrer_org = -1;
	if (i < NFILE + (int)NEXITS) {
		s = &situations[i % NSITUATIONS];
		c->fate = i >= NFILE ? FATE_EXIT
		    : i % 10 == 9    ? FATE_TO_SIGN
				     : FATE_ACTIVE;
		c->female = s->female;
		c->source = s->source;
		c->referrer = s->referrer;
		c->reason = s->reason;
		c->referrer_org = s->referrer_org;
		c->urgent = strcmp(s->source, "hopital") == 0;
		c->letters = s->letters;
		c->visit = s->visit;
		c->medical = s->medical;
		c->problems = s->problems;
		c->project = s->project;
		/* The nurse follows a third, the aide another third; the
		 * coordination (IDEC) watches over the others herself: the
		 * follow-up action (DA_IDE) is in every plan, carried by one
		 * or the other, and the situation's own DA_IDE / DA_AIDE bits
		 * give way to who follows whom. */
		c->ide = i % 3 == 0;
		c->aide = i % 3 == 1;
		c->acts = (s->acts & ~(ACT(DA_IDE) | ACT(DA_AIDE))) |
		    ACT(DA_IDE) | (c->aide ? ACT(DA_AIDE) : 0);
		if (c->fate == FATE_EXIT) {
			c->exit_reason = exits[i - NFILE];
			c->received = 330 - (i - NFILE) * 40;
		} else if (c->fate == FATE_TO_SIGN)
			c->received = 52 - i / 10 * 4;
		else
			c->received = 340 - i * 9;
		return;
	}
	w = &waiting[i - NFILE - NEXITS];
	c->fate = w->letters ? FATE_WAIT_EVAL : FATE_WAIT;
	c->female = w->female;
	c->source = w->source;
	c->referrer = w->referrer;
	c->reason = w->reason;
	c->referrer_org = w->referrer_org;
	c->urgent = w->urgent;
	c->housing = w->housing;
	c->isolation = w->isolation;
	c->letters = w->letters;
	c->visit = w->visit;
	c->received = 4 + (i - NFILE - (int)NEXITS) * 4;
}

struct team {
	int64_t ide, aide, ergo, psy;
	int64_t gp[2], idel;
};

static int
team_ids(struct ctx *ctx, const int64_t *orgs, struct team *t)
{
	const char *logins[] = { "ide", "aide", "ergo", "psy" };
	int64_t *ids[] = { &t->ide, &t->aide, &t->ergo, &t->psy };
	struct professional *pros;
	struct user u;
	int n, rc;
	size_t i;

	for (i = 0; i < 4; i++) {
		rc = user_by_login(ctx, logins[i], &u, NULL);
		if (rc != E_OK)
			return rc == E_NOT_FOUND ? E_INTERNAL : rc;
		*ids[i] = u.id;
	}
	rc = directory_pro_list(ctx, orgs[ORG_CABINET], &pros, &n);
	if (rc != E_OK || n < 2)
		return rc != E_OK ? rc : E_INTERNAL;
	t->gp[0] = pros[0].id;
	t->gp[1] = pros[1].id;
	rc = directory_pro_list(ctx, orgs[ORG_IDEL], &pros, &n);
	if (rc != E_OK || n < 1)
		return rc != E_OK ? rc : E_INTERNAL;
	t->idel = pros[0].id;
	return E_OK;
}

/* The care circle: the team members and partners who act (DOMAIN §2),
 * the DAC only for the people it referred (convention, article 5). */
static int
circle(struct ctx *ctx, const struct access_grant *g, const struct team *t,
    const int64_t *orgs, const struct demo_case *c)
{
	static const struct {
		int act, org;
		const char *role;
	} partners[] = {
		{ DA_SSIAD, ORG_SSIAD, "Soins infirmiers à domicile" },
		{ DA_SAAD, ORG_SAAD, "Aide à domicile" },
		{ DA_IDEL, ORG_IDEL, "Infirmière libérale" },
		{ DA_RESPITE, ORG_PFR, "Répit de l'aidant" },
	};
	int64_t mid;
	size_t i;
	int rc = E_OK;

	if (c->ide)
		rc = person_circle_add(
		    ctx, g, t->ide, 0, "Infirmière référente", &mid);
	if (rc == E_OK && c->aide)
		rc = person_circle_add(
		    ctx, g, t->aide, 0, "Aide-soignante", &mid);
	if (rc == E_OK && (c->acts & ACT(DA_ERGO)))
		rc = person_circle_add(
		    ctx, g, t->ergo, 0, "Ergothérapeute référent", &mid);
	if (rc == E_OK && (c->acts & ACT(DA_PSY)))
		rc = person_circle_add(
		    ctx, g, t->psy, 0, "Soutien psychologique", &mid);
	for (i = 0; rc == E_OK && i < sizeof(partners) / sizeof(*partners); i++)
		if (c->acts & ACT(partners[i].act))
			rc = person_circle_add(ctx, g, 0, orgs[partners[i].org],
			    partners[i].role, &mid);
	if (rc == E_OK && c->referrer_org == ORG_DAC)
		rc = person_circle_add(
		    ctx, g, 0, orgs[ORG_DAC], "Coordination de parcours", &mid);
	return rc;
}

/* Relatives: whether a woman, whether she bears the person's name (a
 * daughter or a granddaughter is named after her husband). */
static const struct {
	const char *relation;
	int female, same_name;
} kin[] = {
	{ "Époux", 0, 1 },
	{ "Épouse", 1, 1 },
	{ "Fils", 0, 1 },
	{ "Fille", 1, 0 },
	{ "Frère", 0, 1 },
	{ "Sœur", 1, 1 },
	{ "Neveu", 0, 0 },
	{ "Petite-fille", 1, 0 },
};
static const char *const married_names[] = { "BERNARD", "GIRAL", "MAURIN",
	"TEYSSEDRE", "BOUQUET", "CAPELLE", "DUMAS", "ROQUES", "FABRE", "CROS",
	"VIGIER", "PRATLONG" };

/* The caregiver, with a mobile in ARCEP's fiction range 06 39 98 xx xx. */
static int
caregiver(struct ctx *ctx, const struct access_grant *g, const char *relation,
    const char *situation, int lives_with, const char *family, unsigned *seed,
    int i)
{
	struct caregiver_in cg;
	const char *first;
	int64_t id;
	size_t k;

	for (k = 0; k < sizeof(kin) / sizeof(*kin); k++)
		if (strcmp(kin[k].relation, relation) == 0)
			break;
	if (k == sizeof(kin) / sizeof(*kin))
		return E_INTERNAL;
	first =
	    kin[k].female ? women[draw(seed, NWOMEN)] : men[draw(seed, NMEN)];
	memset(&cg, 0, sizeof(cg));
	put(&cg.name,
	    arena_printf(&ctx->arena, "%s %s", first,
		kin[k].same_name
		    ? family
		    : married_names[i %
			  (sizeof(married_names) / sizeof(*married_names))]));
	put(&cg.relation, relation);
	put(&cg.phone,
	    arena_printf(
		&ctx->arena, "06 39 98 %02d %02d", 10 + i, 20 + i * 7 % 70));
	put(&cg.situation, situation);
	cg.lives_with.set = cg.trusted_person.set = 1;
	cg.lives_with.v = lives_with;
	cg.trusted_person.v = 1;
	return dlu_caregiver_add(ctx, g, &cg, &id);
}

static int
dlu(struct ctx *ctx, const struct access_grant *g, const struct situation *s,
    int months)
{
	struct dlu_in d;

	memset(&d, 0, sizeof(d));
	put(&d.text[0], s->treatments);
	put(&d.text[1], "Aucune connue");
	put(&d.text[2], s->history);
	put(&d.text[7], s->mobility);
	put(&d.text[12], s->access);
	put(&d.directives, months % 2 ? "non" : "inconnu");
	put(&d.reviewed_on,
	    clock_add_months(
		&ctx->arena, clock_today_plus(&ctx->arena, 0), -months));
	return dlu_put(ctx, g, &d);
}

static int
profile(struct ctx *ctx, const struct access_grant *g, const struct team *t,
    const struct demo_case *c, int i)
{
	struct profile_in in;

	memset(&in, 0, sizeof(in));
	in.gp_id.set = 1;
	in.gp_id.v = t->gp[i % 2];
	if (c->acts & ACT(DA_IDEL)) {
		in.nurse_id.set = 1;
		in.nurse_id.v = t->idel;
	}
	put(&in.consent_informed_on,
	    clock_today_plus(&ctx->arena, -(c->received - 2)));
	put(&in.consent_informed_to, "personne");
	if (c->acts & ACT(DA_TELE)) {
		in.telealarm.set = in.telealarm.v = 1;
		put(&in.telealarm_provider, "Présence Verte");
	}
	return profile_update(ctx, g, &in);
}

/* A commune drawn by weight. */
static int
commune_draw(unsigned *seed)
{
	unsigned total = 0, k;
	size_t i;

	for (i = 0; i < NCOMMUNES; i++)
		total += (unsigned)communes[i].weight;
	k = draw(seed, total);
	for (i = 0; k >= (unsigned)communes[i].weight; i++)
		k -= (unsigned)communes[i].weight;
	return (int)i;
}

int
demo_cohort_seed(struct ctx *ctx, const int64_t *orgs, struct demo_case *cases)
{
	const char *order[NFAMILY];
	unsigned seed = 48200; /* Saint-Chély-d'Apcher's postcode */
	struct person_in in;
	struct access_grant g;
	struct team t;
	char ins[16];
	const char *date, *place, *first;
	int64_t *dups;
	int ndups, rc, i, k, year, month, day;
	size_t j;

	rc = team_ids(ctx, orgs, &t);
	if (rc != E_OK)
		return rc;
	/* A small seed's first draws are poorly mixed: skip them. */
	for (i = 0; i < 16; i++)
		(void)draw(&seed, 2);
	/* A shuffled copy of the names: each family once. */
	for (j = 0; j < NFAMILY; j++)
		order[j] = family_names[j];
	for (j = NFAMILY - 1; j > 0; j--) {
		const char *tmp = order[j];
		unsigned r = draw(&seed, (unsigned)j + 1);

		order[j] = order[r];
		order[r] = tmp;
	}
	for (i = 0; i < DEMO_COHORT_N; i++) {
		struct demo_case *c = &cases[i];

		make_case(c, i);
		k = commune_draw(&seed);
		year = 1925 + (int)draw(&seed, 26);
		month = 1 + (int)draw(&seed, 12);
		day = 1 + (int)draw(&seed, 28);
		date = arena_printf(
		    &ctx->arena, "%04d-%02d-%02d", year, month, day);
		place = draw(&seed, 10) < 6
		    ? communes[k].code
		    : elsewhere[draw(
			  &seed, sizeof(elsewhere) / sizeof(*elsewhere))];
		first = c->female ? women[draw(&seed, NWOMEN)]
				  : men[draw(&seed, NMEN)];
		if (draw(&seed, 3) == 0) {
			const char *second = c->female
			    ? women[draw(&seed, NWOMEN)]
			    : men[draw(&seed, NMEN)];

			if (strcmp(second, first) != 0)
				first = arena_printf(
				    &ctx->arena, "%s %s", first, second);
		}
		memset(&in, 0, sizeof(in));
		put(&in.birth_name, order[i]);
		put(&in.first_names, first);
		put(&in.birth_date, date);
		put(&in.sex, c->female ? "F" : "M");
		put(&in.birthplace_insee, place);
		demo_ins(ins, c->female ? "F" : "M", date, place, 201 + i * 17);
		put(&in.ins, arena_strdup(&ctx->arena, ins));
		put(&in.ins_oid, INS_OID_TEST);
		put(&in.identity_status, i % 3 == 0 ? "QUAL" : "PROV");
		if (i % 3 == 0)
			put(&in.identity_document, i % 2 ? "passeport" : "cni");
		put(&in.address,
		    communes[k].bourg
			? arena_printf(&ctx->arena, "%d %s", 1 + i,
			      streets[draw(
				  &seed, sizeof(streets) / sizeof(*streets))])
			: hamlets[draw(
			      &seed, sizeof(hamlets) / sizeof(*hamlets))]);
		put(&in.commune_code, communes[k].code);
		put(&in.phone,
		    arena_printf(
			&ctx->arena, "04 65 71 %02d %02d", 20 + i, day + 10));
		if (i < NFILE + (int)NEXITS) {
			put(&in.data.c[CAT_SOCIAL],
			    situations[i % NSITUATIONS].social);
			put(&in.data.c[CAT_SOINS],
			    situations[i % NSITUATIONS].soins);
		}
		rc = person_create(ctx, &in, &c->pid, &dups, &ndups);
		if (rc == E_OK)
			rc = access_check(ctx, c->pid, &g);
		if (rc == E_OK)
			rc = circle(ctx, &g, &t, orgs, c);
		if (rc == E_OK)
			rc = profile(ctx, &g, &t, c, i);
		if (rc != E_OK)
			return rc;
		if (i < NFILE + (int)NEXITS) {
			const struct situation *s =
			    &situations[i % NSITUATIONS];

			if (s->cg_relation != NULL)
				rc = caregiver(ctx, &g, s->cg_relation,
				    s->cg_situation, s->cg_lives_with, order[i],
				    &seed, i);
			/* A DLU for those whose treatment is written. */
			if (rc == E_OK && s->treatments != NULL &&
			    c->fate != FATE_EXIT)
				rc = dlu(ctx, &g, s, 1 + i % 11);
		} else if (waiting[i - NFILE - (int)NEXITS].cg_relation) {
			const struct waiting *w =
			    &waiting[i - NFILE - (int)NEXITS];

			rc = caregiver(ctx, &g, w->cg_relation, w->cg_situation,
			    0, order[i], &seed, i);
		}
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}
