// Maillage — the record section's code lists and French words: sex,
// INS OIDs, identity documents and flags, the AGGIR grid, access kinds,
// the DLU texts, caregivers' situations, legal protections, document
// types. The server validates the codes; these are the words shown.

const SEX_LABELS = { F: 'Femme', M: 'Homme', I: 'Indéterminé' };

const INS_OIDS = [
  { value: '1.2.250.1.213.1.4.8', label: 'INS-NIR' },
  { value: '1.2.250.1.213.1.4.9', label: 'INS-NIA (numéro provisoire)' },
  { value: '1.2.250.1.213.1.4.10', label: 'NIR de test' },
  { value: '1.2.250.1.213.1.4.11', label: 'NIR de démonstration' },
];

const IDENTITY_DOCUMENTS = {
  cni: 'Carte nationale d\'identité',
  passeport: 'Passeport',
  titre_sejour: 'Titre de séjour',
};

const IDENTITY_FLAGS = [
  ['doubtful', 'Identité douteuse'],
  ['fictitious', 'Identité fictive'],
  ['homonym', 'Homonyme'],
  ['duplicate', 'Doublon suspecté'],
];

// AGGIR grid (DOMAIN §1): the ten discriminant variables in their order,
// the 17 sub-variables entered by the four adverbs S, T, C, H. The letters
// and the GIR are always computed by the server (POST /api/v1/aggir).
const AGGIR_VARIABLES = [
  ['COH', 'Cohérence'], ['ORI', 'Orientation'], ['TOI', 'Toilette'],
  ['HAB', 'Habillage'], ['ALI', 'Alimentation'], ['ELI', 'Élimination'],
  ['TRA', 'Transferts'], ['DIN', 'Déplacements à l\'intérieur'],
  ['DEX', 'Déplacements à l\'extérieur'], ['COM', 'Alerter'],
];

const AGGIR_SUBVARIABLES = [
  ['coh_communication', 'Cohérence — communication'],
  ['coh_comportement', 'Cohérence — comportement'],
  ['ori_temps', 'Orientation — dans le temps'],
  ['ori_espace', 'Orientation — dans l\'espace'],
  ['toi_haut', 'Toilette — haut'],
  ['toi_bas', 'Toilette — bas'],
  ['hab_haut', 'Habillage — haut'],
  ['hab_moyen', 'Habillage — moyen'],
  ['hab_bas', 'Habillage — bas'],
  ['ali_se_servir', 'Alimentation — se servir'],
  ['ali_manger', 'Alimentation — manger'],
  ['eli_urinaire', 'Élimination — urinaire'],
  ['eli_fecale', 'Élimination — fécale'],
  ['transferts', 'Transferts'],
  ['deplacements_interieur', 'Déplacements à l\'intérieur'],
  ['deplacements_exterieur', 'Déplacements à l\'extérieur'],
  ['alerter', 'Alerter'],
];

const AGGIR_ADVERBS = [
  ['s', 'Spontanément'],
  ['t', 'Totalement'],
  ['c', 'Correctement'],
  ['h', 'Habituellement'],
];

const AGGIR_INPUT_KIND = { answers: 'grille détaillée', letters: 'dix lettres' };

const ACCESS_KIND = {
  normal: 'Accès normal',
  breakglass: 'Accès d\'urgence (bris de glace)',
  none: 'Aucun accès',
};

// DLU (DOMAIN §5): the texts in the order an emergency team reads them,
// with the hints of the edit form.
const DLU_TEXTS = {
  people_to_call: ['Personnes à prévenir',
    'Noms, liens et téléphones, dans l\'ordre où les appeler.'],
  trusted_person: ['Personne de confiance', 'Nom, lien et téléphone.'],
  allergies: ['Allergies', 'Médicaments, aliments, matériaux (latex…), avec la '
    + 'réaction observée. Écrivez « Aucune connue » si c\'est le cas.'],
  treatments: ['Traitements en cours', 'Médicaments, doses et horaires ; '
    + 'anticoagulants et insuline en premier.'],
  history: ['Antécédents significatifs', 'Maladies, interventions, '
    + 'hospitalisations récentes.'],
  directives_where: ['Où trouver les directives anticipées',
    'Lieu du document au domicile, ou personne qui le détient.'],
  devices: ['Appareillages et dispositifs', 'Téléassistance, oxygène, '
    + 'pacemaker, sonde, prothèses, lunettes, appareils auditifs…'],
  mobility: ['Mobilité', 'Marche, aides techniques, transferts, risque de chute.'],
  communication: ['Communication', 'Langue, parole, façon de se faire comprendre.'],
  cognition: ['Cognition', 'Orientation, mémoire, troubles du comportement.'],
  senses: ['Sens (vue, audition)', null],
  habits: ['Habitudes de vie', 'Rythme, repas, animaux, ce qui rassure la personne.'],
  home_access: ['Accès au domicile', 'Clés, boîte à clés, code, voisin qui a un double.'],
};

const DLU_DIRECTIVES = { oui: 'Oui', non: 'Non', inconnu: 'Inconnu' };

const CAREGIVER_SITUATIONS = { present: 'présent', epuise: 'épuisé', absent: 'absent' };

const LEGAL_PROTECTIONS = [
  ['aucune', 'Aucune'], ['sauvegarde_justice', 'Sauvegarde de justice'],
  ['curatelle_simple', 'Curatelle simple'], ['curatelle_renforcee', 'Curatelle renforcée'],
  ['tutelle', 'Tutelle'], ['habilitation_familiale', 'Habilitation familiale'],
  ['mandat_protection_future', 'Mandat de protection future'],
];

const INFORMED_TO = { personne: 'à la personne', representant: 'à son représentant' };

const DOC_TYPES = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

export {
  ACCESS_KIND, AGGIR_ADVERBS, AGGIR_INPUT_KIND, AGGIR_SUBVARIABLES, AGGIR_VARIABLES,
  CAREGIVER_SITUATIONS, DLU_DIRECTIVES, DLU_TEXTS, DOC_TYPES, IDENTITY_DOCUMENTS, IDENTITY_FLAGS,
  INFORMED_TO, INS_OIDS, LEGAL_PROTECTIONS, SEX_LABELS,
};
