/*
 * AGGIR → GIR (DOMAIN §1: CASF annexe 2-1 grid, annexe 2-2 algorithm).
 * Ten discriminant variables in the fixed order COH ORI TOI HAB ALI ELI
 * TRA DIN DEX COM, each A, B or C; sub-variables scored with the four
 * adverbs S/T/C/H.
 */
#ifndef DOMAIN_AGGIR_H
#define DOMAIN_AGGIR_H

enum aggir_var {
	AGGIR_COH,
	AGGIR_ORI,
	AGGIR_TOI,
	AGGIR_HAB,
	AGGIR_ALI,
	AGGIR_ELI,
	AGGIR_TRA,
	AGGIR_DIN,
	AGGIR_DEX,
	AGGIR_COM,
	AGGIR__MAX
};

/* Sub-variables, in grid order; variables without any count as one. */
enum aggir_sub {
	AGGIR_COH_COMMUNICATION,
	AGGIR_COH_COMPORTEMENT,
	AGGIR_ORI_TEMPS,
	AGGIR_ORI_ESPACE,
	AGGIR_TOI_HAUT,
	AGGIR_TOI_BAS,
	AGGIR_HAB_HAUT,
	AGGIR_HAB_MOYEN,
	AGGIR_HAB_BAS,
	AGGIR_ALI_SE_SERVIR,
	AGGIR_ALI_MANGER,
	AGGIR_ELI_URINAIRE,
	AGGIR_ELI_FECALE,
	AGGIR_TRA_SUB,
	AGGIR_DIN_SUB,
	AGGIR_DEX_SUB,
	AGGIR_COM_SUB,
	AGGIR_SUB__MAX
};

extern const char *const aggir_var_codes[AGGIR__MAX + 1];
extern const char *const aggir_sub_codes[AGGIR_SUB__MAX + 1];
extern const char *const aggir_sub_labels[AGGIR_SUB__MAX + 1];
/* The variable each sub-variable belongs to. */
extern const enum aggir_var aggir_sub_var[AGGIR_SUB__MAX];

struct aggir_result {
	char letters[AGGIR__MAX + 1];
	int rank; /* 1..13 */
	int gir; /* 1..6 */
};

/* Letter from the four adverbs (1 = yes): all yes A, all no C, else B. */
char aggir_adverbs(int s, int t, int c, int h);
/* Letters of the 17 sub-variables → the 10 variable letters. -1 if bad. */
int
aggir_from_subs(const char subs[AGGIR_SUB__MAX], char letters[AGGIR__MAX + 1]);
/* "AACCBBBBAA" → rank and GIR. -1 when not 10 letters among A/B/C. */
int aggir_compute(const char *letters, struct aggir_result *);
int aggir_rank_to_gir(int rank);
/* Group g's (0 = A .. 7 = H) weighted sum for a valid grid, and its
 * thresholds (n, min[], rank[]), to explain a result and for tests. */
int aggir_group_sum(const char *letters, int g);
int aggir_group_steps(int g, const int **min, const int **rank);

#endif
