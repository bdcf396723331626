/*
 * Unit tests: DOMAIN: AGGIR — the DOMAIN.md examples, every group's
 * threshold boundaries, the sub-variable rules, and all 3^10 grids
 * against tests/golden/aggir_ranks.txt, made by an independent reference
 * implementation (tests/golden/aggir_ref.py).
 */
#include <stdio.h>

#include "t.h"

#include "domain/record/aggir.h"

#define NGRIDS	59049

static char golden[NGRIDS + 2];

static void
grid_of(int n, char g[11])
{
	int v;

	for (v = 9; v >= 0; v--) {
		g[v] = "ABC"[n % 3];
		n /= 3;
	}
	g[10] = '\0';
}

static int
load_golden(void **state)
{
	FILE *f = fopen("tests/golden/aggir_ranks.txt", "r");

	(void)state;
	if (f == NULL || fread(golden, 1, NGRIDS, f) != NGRIDS) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int
golden_rank(int n)
{
	char c = golden[n];

	return c <= '9' ? c - '0' : c - 'a' + 10;
}

static void
examples(void **state)
{
	static const struct {
		const char *g;
		int gir;
	} ex[] = {
		{ "CCCCCCCCCC", 1 }, { "CCAAAAAAAA", 2 }, { "AACCCCCCAA", 2 },
		{ "AACCBBBBAA", 3 }, { "BBBBBBBBBB", 4 }, { "AABBAAAAAA", 4 },
		{ "AABAAAAAAA", 5 }, { "AAAAAAABAA", 6 }, { "AAAAAAAAAA", 6 },
	};
	struct aggir_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		assert_int_equal(aggir_compute(ex[i].g, &r), 0);
		if (r.gir != ex[i].gir)
			fail_msg("%s: GIR %d, want %d", ex[i].g, r.gir,
			    ex[i].gir);
	}
	assert_int_equal(aggir_compute("AACCBBBBAA", &r), 0);
	assert_int_equal(r.rank, 9);
}

static void
refuses_bad_grids(void **state)
{
	struct aggir_result r;

	(void)state;
	assert_int_equal(aggir_compute("AACCBBBBA", &r), -1);
	assert_int_equal(aggir_compute("AACCBBBBAAA", &r), -1);
	assert_int_equal(aggir_compute("AACCBBBBAD", &r), -1);
	assert_int_equal(aggir_compute("aaccbbbbaa", &r), -1);
	assert_int_equal(aggir_compute(NULL, &r), -1);
}

static void
every_grid(void **state)
{
	struct aggir_result r;
	char g[11];
	int n, bad = 0;

	(void)state;
	for (n = 0; n < NGRIDS; n++) {
		grid_of(n, g);
		assert_int_equal(aggir_compute(g, &r), 0);
		if (r.rank != golden_rank(n) ||
		    r.gir != aggir_rank_to_gir(golden_rank(n))) {
			if (bad++ < 5)
				print_error("%s: rank %d, reference %d\n", g,
				    r.rank, golden_rank(n));
		}
	}
	assert_int_equal(bad, 0);
}

/*
 * For every threshold of every group: among the grids whose evaluation
 * reaches that group, the grid(s) exactly at (or first above) the
 * threshold get its rank, and the highest sum just below does not.
 */
static void
threshold_boundaries(void **state)
{
	const int *min, *rank;
	char g[11];
	int grp, k, n, steps, sum, first_rank, at, below, below_n, at_n;

	(void)state;
	for (grp = 0; grp < 8; grp++) {
		steps = aggir_group_steps(grp, &min, &rank);
		first_rank = rank[0];
		for (k = 0; k < steps; k++) {
			at = 1 << 30;
			below = -(1 << 30);
			at_n = below_n = -1;
			for (n = 0; n < NGRIDS; n++) {
				if (golden_rank(n) < first_rank)
					continue;	/* stopped earlier */
				grid_of(n, g);
				sum = aggir_group_sum(g, grp);
				if (k > 0 && sum >= min[k - 1])
					continue;	/* earlier step */
				if (sum >= min[k] && sum < at) {
					at = sum;
					at_n = n;
				}
				if (sum < min[k] && sum > below) {
					below = sum;
					below_n = n;
				}
			}
			assert_true(at_n >= 0);
			assert_true(below_n >= 0);
			if (golden_rank(at_n) != rank[k])
				fail_msg("group %d step %d: at %d rank %d",
				    grp, k, at, golden_rank(at_n));
			if (golden_rank(below_n) == rank[k])
				fail_msg("group %d step %d: below %d rank %d",
				    grp, k, below, golden_rank(below_n));
			grid_of(at_n, g);
			{
				struct aggir_result r;

				aggir_compute(g, &r);
				assert_int_equal(r.rank, rank[k]);
				grid_of(below_n, g);
				aggir_compute(g, &r);
				assert_int_not_equal(r.rank, rank[k]);
			}
		}
	}
}

static void
sub_variables(void **state)
{
	char subs[AGGIR_SUB__MAX], letters[AGGIR__MAX + 1];

	(void)state;
	assert_int_equal(aggir_adverbs(1, 1, 1, 1), 'A');
	assert_int_equal(aggir_adverbs(0, 0, 0, 0), 'C');
	assert_int_equal(aggir_adverbs(1, 0, 1, 1), 'B');
	memset(subs, 'A', sizeof(subs));
	assert_int_equal(aggir_from_subs(subs, letters), 0);
	assert_string_equal(letters, "AAAAAAAAAA");
	/* Cohérence: any C → C. Toilette: C only if both C. */
	subs[AGGIR_COH_COMMUNICATION] = 'C';
	subs[AGGIR_TOI_HAUT] = 'C';
	assert_int_equal(aggir_from_subs(subs, letters), 0);
	assert_string_equal(letters, "CABAAAAAAA");
	subs[AGGIR_TOI_BAS] = 'C';
	/* Habillage: C only if all three C; one B → B. */
	subs[AGGIR_HAB_HAUT] = 'C';
	subs[AGGIR_HAB_MOYEN] = 'C';
	subs[AGGIR_HAB_BAS] = 'B';
	subs[AGGIR_ELI_FECALE] = 'B';
	subs[AGGIR_DEX_SUB] = 'C';
	assert_int_equal(aggir_from_subs(subs, letters), 0);
	assert_string_equal(letters, "CACBABAACA");
	subs[AGGIR_HAB_BAS] = 'C';
	subs[AGGIR_ALI_MANGER] = 'C';
	assert_int_equal(aggir_from_subs(subs, letters), 0);
	assert_string_equal(letters, "CACCCBAACA");
	subs[AGGIR_ORI_ESPACE] = 'X';
	assert_int_equal(aggir_from_subs(subs, letters), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(examples),
		cmocka_unit_test(refuses_bad_grids),
		cmocka_unit_test(every_grid),
		cmocka_unit_test(threshold_boundaries),
		cmocka_unit_test(sub_variables),
	};

	return cmocka_run_group_tests_name("aggir", tests, load_golden, NULL);
}
