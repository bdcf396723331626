/*
 * The AGGIR algorithm. DOMAIN: AGGIR — coefficients and thresholds are
 * the CASF annexe 2-2 tables, copied as printed (including group B's
 * negative DIN values and group H's TRA B > C). The sub-variable →
 * variable rules are marked unconfirmed in DOMAIN.md: kept as a table.
 */
#include <string.h>

#include "domain/record/aggir.h"

const char *const aggir_var_codes[AGGIR__MAX + 1] = { "COH", "ORI", "TOI",
	"HAB", "ALI", "ELI", "TRA", "DIN", "DEX", "COM", NULL };

const char *const aggir_sub_codes[AGGIR_SUB__MAX + 1] = { "coh_communication",
	"coh_comportement", "ori_temps", "ori_espace", "toi_haut", "toi_bas",
	"hab_haut", "hab_moyen", "hab_bas", "ali_se_servir", "ali_manger",
	"eli_urinaire", "eli_fecale", "transferts", "deplacements_interieur",
	"deplacements_exterieur", "alerter", NULL };

const char *const aggir_sub_labels[AGGIR_SUB__MAX + 1] = {
	"Cohérence — communication", "Cohérence — comportement",
	"Orientation — dans le temps", "Orientation — dans l'espace",
	"Toilette — haut", "Toilette — bas", "Habillage — haut",
	"Habillage — moyen", "Habillage — bas", "Alimentation — se servir",
	"Alimentation — manger", "Élimination — urinaire",
	"Élimination — fécale", "Transferts", "Déplacements à l'intérieur",
	"Déplacements à l'extérieur", "Alerter", NULL
};

const enum aggir_var aggir_sub_var[AGGIR_SUB__MAX] = { AGGIR_COH, AGGIR_COH,
	AGGIR_ORI, AGGIR_ORI, AGGIR_TOI, AGGIR_TOI, AGGIR_HAB, AGGIR_HAB,
	AGGIR_HAB, AGGIR_ALI, AGGIR_ALI, AGGIR_ELI, AGGIR_ELI, AGGIR_TRA,
	AGGIR_DIN, AGGIR_DEX, AGGIR_COM };

/* How sub-variable letters combine (DOMAIN §1.1, unconfirmed: data). */
enum combine {
	ANY_C, /* A if all A, C if any C, else B */
	ALL_C, /* A if all A, C if all C, else B */
	SINGLE /* the variable's own letter */
};

static const enum combine combine_rule[AGGIR__MAX] = {
	[AGGIR_COH] = ANY_C,
	[AGGIR_ORI] = ANY_C,
	[AGGIR_TOI] = ALL_C,
	[AGGIR_HAB] = ALL_C,
	[AGGIR_ALI] = ANY_C,
	[AGGIR_ELI] = ANY_C,
	[AGGIR_TRA] = SINGLE,
	[AGGIR_DIN] = SINGLE,
	[AGGIR_DEX] = SINGLE,
	[AGGIR_COM] = SINGLE,
};

/* CASF annexe 2-2: [group][C=0/B=1][variable]. */
static const int coef[8][2][AGGIR__MAX] = {
	{ { 2000, 1200, 40, 40, 60, 100, 800, 200, 0, 0 },
	    { 0, 0, 16, 16, 20, 16, 120, 32, 0, 0 } },
	{ { 1500, 1200, 40, 40, 60, 100, 800, -80, 0, 0 },
	    { 320, 120, 16, 16, 0, 16, 120, -40, 0, 0 } },
	{ { 0, 0, 40, 40, 60, 160, 1000, 400, 0, 0 },
	    { 0, 0, 16, 16, 20, 20, 200, 40, 0, 0 } },
	{ { 0, 0, 0, 0, 2000, 400, 2000, 200, 0, 0 },
	    { 0, 0, 0, 0, 200, 200, 200, 0, 0, 0 } },
	{ { 400, 400, 400, 400, 400, 800, 800, 200, 0, 0 },
	    { 0, 0, 100, 100, 100, 100, 100, 0, 0, 0 } },
	{ { 200, 200, 500, 500, 500, 500, 500, 200, 0, 0 },
	    { 100, 100, 100, 100, 100, 100, 100, 0, 0, 0 } },
	{ { 150, 150, 300, 300, 500, 500, 400, 200, 0, 0 },
	    { 0, 0, 200, 200, 200, 200, 200, 100, 0, 0 } },
	{ { 0, 0, 3000, 3000, 3000, 3000, 1000, 1000, 0, 0 },
	    { 0, 0, 2000, 2000, 2000, 2000, 2000, 1000, 0, 0 } },
};

/* Per group: up to three (threshold, rank) steps, first reached wins. */
static const struct {
	int n;
	int min[3];
	int rank[3];
} steps[8] = {
	{ 3, { 4380, 4140, 3390 }, { 1, 2, 3 } },
	{ 1, { 2016 }, { 4 } },
	{ 2, { 1700, 1432 }, { 5, 6 } },
	{ 1, { 2400 }, { 7 } },
	{ 1, { 1200 }, { 8 } },
	{ 1, { 800 }, { 9 } },
	{ 1, { 650 }, { 10 } },
	{ 2, { 4000, 2000 }, { 11, 12 } },
};

char
aggir_adverbs(int s, int t, int c, int h)
{
	int yes = (s != 0) + (t != 0) + (c != 0) + (h != 0);

	return yes == 4 ? 'A' : yes == 0 ? 'C' : 'B';
}

int
aggir_rank_to_gir(int rank)
{
	if (rank == 1)
		return 1;
	if (rank >= 2 && rank <= 7)
		return 2;
	if (rank == 8 || rank == 9)
		return 3;
	if (rank == 10 || rank == 11)
		return 4;
	if (rank == 12)
		return 5;
	if (rank == 13)
		return 6;
	return -1;
}

int
aggir_from_subs(const char subs[AGGIR_SUB__MAX], char letters[AGGIR__MAX + 1])
{
	int v, s, n, a, c;

	for (v = 0; v < AGGIR__MAX; v++) {
		n = a = c = 0;
		for (s = 0; s < AGGIR_SUB__MAX; s++) {
			if (aggir_sub_var[s] != (enum aggir_var)v)
				continue;
			if (subs[s] != 'A' && subs[s] != 'B' && subs[s] != 'C')
				return -1;
			n++;
			a += subs[s] == 'A';
			c += subs[s] == 'C';
		}
		if (a == n)
			letters[v] = 'A';
		else if (combine_rule[v] == ANY_C ? c > 0 : c == n)
			letters[v] = 'C';
		else
			letters[v] = 'B';
	}
	letters[AGGIR__MAX] = '\0';
	return 0;
}

int
aggir_group_sum(const char *letters, int g)
{
	int v, sum = 0;

	for (v = 0; v < AGGIR__MAX; v++)
		if (letters[v] != 'A')
			sum += coef[g][letters[v] == 'B'][v];
	return sum;
}

int
aggir_group_steps(int g, const int **min, const int **rank)
{
	*min = steps[g].min;
	*rank = steps[g].rank;
	return steps[g].n;
}

int
aggir_compute(const char *letters, struct aggir_result *r)
{
	int g, v, k, sum;

	if (letters == NULL || strlen(letters) != AGGIR__MAX)
		return -1;
	for (v = 0; v < AGGIR__MAX; v++)
		if (letters[v] != 'A' && letters[v] != 'B' && letters[v] != 'C')
			return -1;
	memcpy(r->letters, letters, AGGIR__MAX + 1);
	for (g = 0; g < 8; g++) {
		sum = aggir_group_sum(letters, g);
		for (k = 0; k < steps[g].n; k++) {
			if (sum >= steps[g].min[k]) {
				r->rank = steps[g].rank[k];
				r->gir = aggir_rank_to_gir(r->rank);
				return 0;
			}
		}
	}
	r->rank = 13; /* group H below 2000 */
	r->gir = 6;
	return 0;
}
