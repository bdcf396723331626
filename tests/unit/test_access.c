/*
 * Unit tests: access/ — the pure decision. SPEC: PRODUCT §1 access.
 * Expected grants are written out as data, not recomputed.
 */
#include "t.h"

#include <stdio.h>

#include "access/access.h"
#include "audit/audit.h"
#include "db/q.h"
#include "domain/directory/org.h"
#include "domain/platform/user.h"
#include "domain/record/person.h"

#define A CAT_BIT(CAT_ADMIN)
#define S CAT_BIT(CAT_SOCIAL)
#define O CAT_BIT(CAT_SOINS)
#define M CAT_BIT(CAT_MEDICAL)
#define P CAT_BIT(CAT_PSY)

static void
defaults_of(enum profession p, unsigned *r, unsigned *w)
{
	int c, rr, ww;

	*r = *w = 0;
	for (c = 0; c < CAT__MAX; c++) {
		access_default_rule(p, c, &rr, &ww);
		if (rr)
			*r |= CAT_BIT(c);
		if (ww)
			*w |= CAT_BIT(c);
	}
}

static void
table(void **state)
{
	static const struct {
		enum role role;
		enum profession prof;
		int circle, org_obj;
		unsigned obj_cats;
		int bg;
		enum grant_kind kind;
		unsigned read, write;
	} cases[] = {
		/* The technical administrator never reads a record. */
		{ ROLE_ADMIN, PROF_ADMINISTRATEUR, 1, 0, 0, 0, GRANT_NONE, 0,
		    0 },
		{ ROLE_ADMIN, PROF_ADMINISTRATEUR, 1, 0, 0, 1, GRANT_NONE, 0,
		    0 },
		/* Direction: read-only, no medical, no psy. */
		{ ROLE_DIRECTION, PROF_DIRECTEUR, 0, 0, 0, 0, GRANT_NORMAL,
		    A | S | O, 0 },
		/* Coordinator: everything readable, writes the non-medical. */
		{ ROLE_COORDINATEUR, PROF_IDEC, 0, 0, 0, 0, GRANT_NORMAL,
		    A | S | O | M | P, A | S | O },
		{ ROLE_MEDECIN, PROF_MEDECIN, 0, 0, 0, 0, GRANT_NORMAL,
		    A | S | O | M | P, A | S | O | M | P },
		/* Care staff see the people they follow (need to know). */
		{ ROLE_SOIGNANT, PROF_IDE, 1, 0, 0, 0, GRANT_NORMAL,
		    A | S | O | M, O },
		{ ROLE_SOIGNANT, PROF_AIDE_SOIGNANT, 1, 0, 0, 0, GRANT_NORMAL,
		    A | S | O, O },
		{ ROLE_SOIGNANT, PROF_AIDE_SOIGNANT, 0, 0, 0, 0, GRANT_NONE, 0,
		    0 },
		/* The on-call aide breaking the glass gets the DLU
		 * categories her matrix allows (no medical), read-only. */
		{ ROLE_SOIGNANT, PROF_AIDE_SOIGNANT, 0, 0, 0, 1,
		    GRANT_BREAKGLASS, A | O, 0 },
		{ ROLE_SOIGNANT, PROF_AIDE_SOIGNANT, 1, 0, 0, 1, GRANT_NORMAL,
		    A | S | O, O },
		/* A nurse's matrix has medical: her emergency view too. */
		{ ROLE_SOIGNANT, PROF_IDE, 0, 0, 0, 1, GRANT_BREAKGLASS,
		    A | O | M, 0 },
		/* Intervenants need the circle. */
		{ ROLE_INTERVENANT, PROF_ERGOTHERAPEUTE, 1, 0, 0, 0,
		    GRANT_NORMAL, A | S | O, O },
		{ ROLE_INTERVENANT, PROF_ERGOTHERAPEUTE, 0, 0, 0, 0, GRANT_NONE,
		    0, 0 },
		{ ROLE_INTERVENANT, PROF_ERGOTHERAPEUTE, 0, 0, 0, 1,
		    GRANT_BREAKGLASS, A | O, 0 },
		{ ROLE_INTERVENANT, PROF_PSYCHOLOGUE, 0, 0, 0, 1,
		    GRANT_BREAKGLASS, A | O, 0 },
		{ ROLE_INTERVENANT, PROF_PSYCHOLOGUE, 1, 0, 0, 0, GRANT_NORMAL,
		    A | S | O | P, P },
		/* Objections bind only external partners. */
		{ ROLE_INTERVENANT, PROF_PSYCHOLOGUE, 1, 1, M, 0, GRANT_NORMAL,
		    A | S | O | P, P },
		{ ROLE_SECRETARIAT, PROF_SECRETAIRE, 0, 0, 0, 0, GRANT_NORMAL,
		    A, A },
		{ ROLE_SECRETARIAT, PROF_SECRETAIRE, 0, 0, 0, 1, GRANT_NORMAL,
		    A, A },
		/* Partner (DAC): circle, then consent. */
		{ ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS, 1, 0, 0, 0,
		    GRANT_NORMAL, A | S | O, 0 },
		{ ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS, 0, 0, 0, 0,
		    GRANT_NONE, 0, 0 },
		{ ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS, 1, 1, 0, 0,
		    GRANT_NONE, 0, 0 },
		{ ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS, 1, 0, S, 0,
		    GRANT_NORMAL, A | O, 0 },
		{ ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS, 1, 0, A, 0,
		    GRANT_NONE, 0, 0 },
		/* A partner GP reads medical unless the person objects. */
		{ ROLE_PARTENAIRE, PROF_MEDECIN, 1, 0, 0, 0, GRANT_NORMAL,
		    A | S | O | M, O },
		{ ROLE_PARTENAIRE, PROF_MEDECIN, 1, 0, M, 0, GRANT_NORMAL,
		    A | S | O, O },
		/* A partner gets no emergency grant at all. */
		{ ROLE_PARTENAIRE, PROF_MEDECIN, 1, 1, 0, 1, GRANT_NONE, 0, 0 },
		{ ROLE_PARTENAIRE, PROF_MEDECIN, 0, 0, M, 1, GRANT_NONE, 0, 0 },
		{ ROLE_PARTENAIRE, PROF_MEDECIN, 0, 0, 0, 1, GRANT_NONE, 0, 0 },
		{ ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS, 0, 0, 0, 1,
		    GRANT_NONE, 0, 0 },
	};
	struct access_facts f;
	struct access_grant g;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(&f, 0, sizeof(f));
		f.role = cases[i].role;
		f.prof = cases[i].prof;
		defaults_of(f.prof, &f.matrix_read, &f.matrix_write);
		f.in_circle = cases[i].circle;
		f.org_objected = cases[i].org_obj;
		f.objected_cats = cases[i].obj_cats;
		f.breakglass = cases[i].bg;
		access_decide(&f, &g);
		if (g.kind != cases[i].kind || g.read != cases[i].read ||
		    g.write != cases[i].write)
			fail_msg("case %zu: kind %d read %#x write %#x, want "
				 "%d %#x %#x",
			    i, g.kind, g.read, g.write, cases[i].kind,
			    cases[i].read, cases[i].write);
	}
}

/* Properties over every combination of facts and matrices. */
static void
invariants(void **state)
{
	struct access_facts f;
	struct access_grant g;
	unsigned mr, mw, oc;
	int r, p, c, oo, bg;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		for (p = 0; p < PROF__MAX; p += 3)
			for (mr = 0; mr < 32; mr += 3)
				for (mw = 0; mw < 32; mw += 5)
					for (c = 0; c < 2; c++)
						for (oo = 0; oo < 2; oo++)
							for (oc = 0; oc < 32;
							     oc += 7)
								for (bg = 0;
								     bg < 2;
								     bg++) {
									memset(
									    &f,
									    0,
									    sizeof(
										f));
									f.role =
									    r;
									f.prof =
									    p;
									f.matrix_read =
									    mr;
									f.matrix_write =
									    mw;
									f.in_circle =
									    c;
									f.org_objected =
									    oo;
									f.objected_cats =
									    oc;
									f.breakglass =
									    bg;
									access_decide(
									    &f,
									    &g);
									/* Writing supposes reading; never above the ceiling. */
									assert_int_equal(
									    g.write &
										~g.read,
									    0);
									assert_int_equal(
									    g.write &
										~access_role_ceiling(
										    r,
										    ACT_WRITE),
									    0);
									if (g.kind ==
									    GRANT_NORMAL)
										assert_int_equal(
										    g.read &
											~access_role_ceiling(
											    r,
											    ACT_READ),
										    0);
									if (g.kind !=
									    GRANT_NONE)
										assert_true(
										    g.read &
										    A);
									else
										assert_int_equal(
										    g.read |
											g.write,
										    0);
									if (r ==
										ROLE_ADMIN ||
									    r ==
										ROLE_PROCHE)
										assert_int_equal(
										    g.kind,
										    GRANT_NONE);
									if (r ==
										ROLE_DIRECTION ||
									    r ==
										ROLE_SECRETARIAT)
										assert_int_equal(
										    g.read &
											(M |
											    P),
										    0);
									if (access_role_needs_circle(
										r) &&
									    !c &&
									    !bg)
										assert_int_equal(
										    g.kind,
										    GRANT_NONE);
									if (r ==
									    ROLE_PARTENAIRE) {
										assert_int_equal(
										    g.read &
											oc,
										    0);
										if (oo)
											assert_int_equal(
											    g.kind,
											    GRANT_NONE);
									}
									if (g.kind ==
									    GRANT_BREAKGLASS) {
										assert_int_equal(
										    g.write &
											~mw,
										    0);
										/* Never beyond the role's ceiling ∩ the matrix. */
										assert_int_equal(
										    g.read &
											~(access_role_ceiling(
											      r,
											      ACT_READ) &
											    mr),
										    0);
										assert_int_not_equal(
										    r,
										    ROLE_PARTENAIRE);
									}
								}
}

/*
 * Break-the-glass for every role × profession it may hold (default
 * matrix) × circle × objection (none, the organisation, each category) ×
 * category: each category is read under an open grant iff it is read
 * normally or is in the emergency set written out below (the DLU
 * categories within the role's ceiling ∩ the profession's matrix, none
 * for the roles that may not break the glass); writes never change.
 */
/* Facts of role r, profession p (default matrix), circle c, objection obj
 * (-2 none, -1 the organisation, else a category), decided without (n)
 * and with (g) an open emergency grant; f is left without it. */
static void
decide_both(struct access_facts *f, int r, int p, int c, int obj,
    struct access_grant *n, struct access_grant *g)
{
	memset(f, 0, sizeof(*f));
	f->role = r;
	f->prof = p;
	defaults_of(p, &f->matrix_read, &f->matrix_write);
	f->in_circle = c;
	f->org_objected = obj == -1;
	f->objected_cats = obj >= 0 ? CAT_BIT(obj) : 0;
	access_decide(f, n);
	f->breakglass = 1;
	access_decide(f, g);
	f->breakglass = 0;
}

static void
breakglass_every_combination(void **state)
{
	static const struct {
		enum role role;
		enum profession prof;
		unsigned bg;
	} emergency[] = {
		{ ROLE_COORDINATEUR, PROF_IDEC, A | O | M },
		{ ROLE_COORDINATEUR, PROF_IDE, A | O | M },
		{ ROLE_MEDECIN, PROF_MEDECIN, A | O | M },
		{ ROLE_SOIGNANT, PROF_IDEC, A | O | M },
		{ ROLE_SOIGNANT, PROF_IDE, A | O | M },
		{ ROLE_SOIGNANT, PROF_AIDE_SOIGNANT, A | O },
		{ ROLE_SOIGNANT, PROF_ASG, A | O },
		{ ROLE_INTERVENANT, PROF_AES, A | O },
		{ ROLE_INTERVENANT, PROF_ERGOTHERAPEUTE, A | O },
		{ ROLE_INTERVENANT, PROF_PSYCHOLOGUE, A | O },
		{ ROLE_INTERVENANT, PROF_PSYCHOMOTRICIEN, A | O },
		{ ROLE_INTERVENANT, PROF_DIETETICIEN, A | O },
		{ ROLE_INTERVENANT, PROF_ENSEIGNANT_APA, A | O },
		{ ROLE_INTERVENANT, PROF_ASSISTANT_SOCIAL, A },
		{ ROLE_INTERVENANT, PROF_ANIMATEUR, A },
	};
	struct access_facts f;
	struct access_grant n, g;
	unsigned bg, want_read;
	int r, p, c, obj, cat, combos = 0, pairs = 0;
	size_t i;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		for (p = 0; p < PROF__MAX; p++) {
			if (!access_prof_allows_role(p, r))
				continue;
			pairs++;
			bg = 0;
			for (i = 0;
			     i < sizeof(emergency) / sizeof(emergency[0]); i++)
				if (emergency[i].role == (enum role)r &&
				    emergency[i].prof == (enum profession)p)
					bg = emergency[i].bg;
			/* The table names exactly the pairs that may break it. */
			assert_int_equal(
			    bg != 0, access_role_may_breakglass(r));
			for (c = 0; c < 2; c++)
				for (obj = -2; obj < CAT__MAX; obj++) {
					decide_both(&f, r, p, c, obj, &n, &g);
					want_read = n.read | bg;
					for (cat = 0; cat < CAT__MAX; cat++) {
						combos++;
						if (((g.read >> cat) & 1) !=
							((want_read >> cat) &
							    1) ||
						    ((g.write >> cat) & 1) !=
							((n.write >> cat) & 1))
							fail_msg(
							    "role %s prof %s circle %d "
							    "objection %d category %s: read "
							    "%#x write %#x, want %#x %#x",
							    access_role_codes
								[r],
							    access_prof_codes
								[p],
							    c, obj,
							    access_cat_codes
								[cat],
							    g.read, g.write,
							    want_read, n.write);
					}
					assert_int_equal(g.kind,
					    (bg & ~n.read) ? GRANT_BREAKGLASS
							   : n.kind);
				}
		}
	/* Every pair allowed by the profession table was checked. */
	assert_true(pairs >= 25);
	assert_int_equal(combos, pairs * 2 * (CAT__MAX + 2) * CAT__MAX);
}

/* Issue 10 point 5: the emergency verdict agrees with access_decide()
 * for every role, profession, circle and objection: « readable » when the
 * DLU's categories are read already, « possible » exactly when an open
 * grant would read them, else a French refusal (never an accepted form
 * that then shows nothing). */
static void
emergency_verdict(void **state)
{
	const unsigned dlu = A | O;
	struct access_facts f;
	struct access_emergency e;
	struct access_grant n, g;
	int r, p, c, obj, refused_social = 0;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		for (p = 0; p < PROF__MAX; p++) {
			if (!access_prof_allows_role(p, r))
				continue;
			for (c = 0; c < 2; c++)
				for (obj = -2; obj < CAT__MAX; obj++) {
					decide_both(&f, r, p, c, obj, &n, &g);
					access_emergency_decide(&f, &e);
					assert_int_equal(e.readable,
					    n.kind != GRANT_NONE &&
						(n.read & dlu) == dlu);
					assert_int_equal(e.possible,
					    !e.readable &&
						access_role_may_breakglass(r) &&
						g.kind != GRANT_NONE &&
						(g.read & dlu) == dlu);
					assert_int_equal(e.refusal != NULL,
					    !e.readable && !e.possible);
					if (p == PROF_ASSISTANT_SOCIAL &&
					    r == ROLE_INTERVENANT &&
					    !e.readable) {
						assert_non_null(strstr(
						    e.refusal,
						    "ne donne pas accès aux soins"));
						refused_social++;
					}
					if (r == ROLE_PARTENAIRE && !e.readable)
						assert_non_null(
						    strstr(e.refusal,
							"rôle ne permet pas"));
				}
		}
	/* The social worker on call, outside the circle, is told at once. */
	assert_true(refused_social > 0);
}

static void
breakglass_reason(void **state)
{
	(void)state;
	assert_true(access_reason_is_text("Chute signalée par la "
					  "téléassistance"));
	assert_true(access_reason_is_text("Malaise au domicile, astreinte"));
	assert_false(access_reason_is_text(".........."));
	assert_false(access_reason_is_text("aaaaaaaaaaaaaaaaaaaa"));
	assert_false(access_reason_is_text("aa aa aa aa aa aa aa"));
	assert_false(access_reason_is_text("urgence"));
	assert_false(access_reason_is_text("1234567890 12345 678"));
	assert_false(access_reason_is_text("urgence  absolue"));
	assert_false(access_reason_is_text(NULL));
}

static void
profession_bounds(void **state)
{
	(void)state;
	/* Legal bounds per profession: a secretary never reads medical
	 * notes, an administrator nothing, a doctor everything. */
	assert_int_equal(access_prof_ceiling(PROF_SECRETAIRE, ACT_READ), A);
	assert_int_equal(access_prof_ceiling(PROF_ADMINISTRATEUR, ACT_READ), 0);
	assert_int_equal(
	    access_prof_ceiling(PROF_MEDECIN, ACT_WRITE), A | S | O | M | P);
	assert_false(access_prof_ceiling(PROF_DIRECTEUR, ACT_READ) & M);
	assert_true(access_prof_allows_role(PROF_IDE, ROLE_PARTENAIRE));
	assert_false(access_prof_allows_role(PROF_SECRETAIRE, ROLE_MEDECIN));
	assert_false(
	    access_prof_allows_role(PROF_ADMINISTRATEUR, ROLE_COORDINATEUR));
}

/* The default matrix never exceeds a profession's legal ceiling. */
/* Review 8: letters are decoded from UTF-8, so « … — » are no letters. */
static void
breakglass_reason_punctuation(void **state)
{
	(void)state;
	assert_false(access_reason_is_text("…… —— «» ……—— «« »»"));
	assert_false(access_reason_is_text("«««««« »»»»»» …… ——"));
	assert_false(access_reason_is_text("×÷×÷×÷ ×÷×÷ ×÷×÷×÷ ×÷"));
	assert_false(access_reason_is_text("€€€€€ ™™™™ ‰‰‰‰‰ ¿¿¿¿"));
	/* Invalid UTF-8 bytes are no letters either. */
	assert_false(access_reason_is_text("\xC3\xC3\xC3 \xE9\xE9\xE9 "
					   "\xFF\xFF\xFF \x80\x80\x80\x80"));
	/* French reasons with accents are. */
	assert_true(
	    access_reason_is_text("Épisode de fièvre, aidée à domicile"));
	assert_true(access_reason_is_text("Chute à domicile, appel du SAMU"));
	assert_true(access_reason_is_text(
	    "Œdème, hôpital prévenu, fille à l'étranger"));
	assert_true(
	    access_reason_is_text("Appel du SAMU, chute a domicile, besoin "
				  "des traitements"));
	/* Accented letters make words: « à » alone is one letter. */
	assert_true(access_reason_is_text("Éé àà ùù, çà et là"));
}

/* Review 7: a break-the-glass grant opens the emergency views only. */
static void
breakglass_scope(void **state)
{
	(void)state;
	assert_true(access_action_is_emergency("person.read"));
	assert_true(access_action_is_emergency("dlu.read"));
	assert_false(access_action_is_emergency("document.read"));
	assert_false(access_action_is_emergency("document.list"));
	assert_false(access_action_is_emergency("aggir.read"));
	assert_false(access_action_is_emergency("eligibility.read"));
	assert_false(access_action_is_emergency("timeline.read"));
	assert_false(access_action_is_emergency("profile.read"));
	assert_false(access_action_is_emergency("person.read.x"));
	assert_false(access_action_is_emergency(NULL));
}

/* SPEC: issue 13 — the on-call grant: on duty with an open call, a care
 * role outside the circle reads what the call needs (never beyond its
 * ceiling ∩ matrix, never a write); not the administrator nor the
 * secretariat; a partner stays bound by consent; only its views. */
static void
oncall_grant(void **state)
{
	struct access_facts f;
	struct access_grant g;
	unsigned r, w;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.role = ROLE_SOIGNANT;
	f.prof = PROF_AIDE_SOIGNANT;
	defaults_of(f.prof, &r, &w);
	f.matrix_read = r;
	f.matrix_write = w;
	access_decide(&f, &g);
	assert_int_equal(g.kind, GRANT_NONE);
	f.oncall = 1;
	access_decide(&f, &g);
	assert_int_equal(g.kind, GRANT_ONCALL);
	assert_true(g.read & CAT_BIT(CAT_ADMIN));
	assert_int_equal(g.read & ~r, 0);
	assert_int_equal(
	    g.read & ~access_role_ceiling(ROLE_SOIGNANT, ACT_READ), 0);
	assert_int_equal(g.write, 0);
	assert_int_equal(g.base_read, 0);
	/* In the circle already: the on-call grant adds nothing. */
	f.in_circle = 1;
	access_decide(&f, &g);
	assert_int_equal(g.kind, GRANT_NORMAL);
	/* The roles that may not answer an emergency get nothing. */
	memset(&f, 0, sizeof(f));
	f.role = ROLE_SECRETARIAT;
	f.prof = PROF_SECRETAIRE;
	defaults_of(f.prof, &f.matrix_read, &f.matrix_write);
	f.oncall = 1;
	access_decide(&f, &g);
	assert_true(g.kind != GRANT_ONCALL);
	f.role = ROLE_ADMIN;
	f.prof = PROF_ADMINISTRATEUR;
	defaults_of(f.prof, &f.matrix_read, &f.matrix_write);
	access_decide(&f, &g);
	assert_int_equal(g.kind, GRANT_NONE);
	assert_true(access_action_is_oncall("dlu.read"));
	assert_true(access_action_is_oncall("caregiver.read"));
	assert_true(access_action_is_oncall("note.list"));
	assert_false(access_action_is_oncall("document.list"));
	assert_false(access_action_is_oncall("aggir.read"));
	assert_false(access_action_is_oncall(NULL));
}

static void
defaults_within_bounds(void **state)
{
	unsigned r, w;
	int p;

	(void)state;
	for (p = 0; p < PROF__MAX; p++) {
		defaults_of(p, &r, &w);
		assert_int_equal(r & ~access_prof_ceiling(p, ACT_READ), 0);
		assert_int_equal(w & ~access_prof_ceiling(p, ACT_WRITE), 0);
		assert_int_equal(w & ~r, 0);
	}
}

static void
codes_round_trip(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < ROLE__MAX; i++)
		assert_int_equal(access_role_from(access_role_codes[i]), i);
	for (i = 0; i < PROF__MAX; i++)
		assert_int_equal(access_prof_from(access_prof_codes[i]), i);
	for (i = 0; i < CAT__MAX; i++)
		assert_int_equal(access_cat_from(access_cat_codes[i]), i);
	assert_int_equal(access_role_from("root"), -1);
	assert_int_equal(access_cat_from(""), -1);
}

/* The ids the person list's SQL fragment (q_person.c) shows ctx's user:
 * the list query without search filters, bound by person_list()'s own
 * person_query_bind(). */
static int
sql_visible(struct ctx *ctx, int64_t pid)
{
	struct access_list_filter f;
	struct person_query pq;
	struct db_stmt *st;
	enum db_res r;
	int seen = 0;

	assert_int_equal(access_list_filter(ctx, &f), E_OK);
	if (!f.allowed)
		return 0;
	memset(&pq, 0, sizeof(pq));
	pq.beneficiary = -1;
	pq.limit = 1000;
	st = db_stmt(ctx->db, Q_PERSON_LIST);
	person_query_bind(ctx, st, &f, &pq);
	while ((r = db_step(ctx, st)) == DB_ROW)
		if (db_col_i64(st, 0) == pid)
			seen = 1;
	assert_int_not_equal(r, DB_ERR);
	return seen;
}

/*
 * SPEC: issue 9 §1 — the SQL visibility fragment of the person list and
 * the C decision (access_list_row) agree on every role × profession it
 * may hold × care circle (none, the user, the user's organisation) ×
 * objection (none, against the user's organisation, against another one,
 * each category), on an in-memory database with the real schema.
 */
static void
list_sql_equals_decision(void **state)
{
	static const char *const names[] = { "ALBERT", "BERNARD", "CHARLES",
		"DENIS", "EMILE", "FERNAND", "GASTON", "HENRI", "ISIDORE" };
	struct db *db = t_memdb();
	struct ctx ctx;
	struct user_fields uf;
	struct person_in in;
	struct access_grant g;
	enum access_row row;
	int64_t dac, other, self, coord, pid[4][CAT__MAX + 3], *dups, id;
	int64_t users[ROLE__MAX * PROF__MAX];
	struct org so;
	char login[32], name[32];
	int nd, c, o, r, p, nu = 0, cases = 0, shown = 0;

	(void)state;
	t_crt_coordinator(&ctx, db, &dac, &coord);
	assert_int_equal(org_create(&ctx, "SSIAD", "ssiad", 0, &other), E_OK);
	assert_int_equal(org_self(&ctx, &so), E_OK);
	self = so.id;
	memset(&uf, 0, sizeof(uf));
	uf.display_name = "U";
	uf.pw_hash = "x";
	/* One user per role × profession it may hold: the team in the
	 * CRT's own organisation, partners in the DAC. */
	for (r = 0; r < ROLE__MAX; r++)
		for (p = 0; p < PROF__MAX; p++) {
			/* A proche account is made from a record (proche.c), and
		 * its role sees no person in a list (empty ceiling). */
			if (!access_prof_allows_role(p, r) || r == ROLE_PROCHE)
				continue;
			snprintf(login, sizeof(login), "u%d_%d", r, p);
			uf.login = arena_strdup(&ctx.arena, login);
			uf.role = access_role_codes[r];
			uf.profession = access_prof_codes[p];
			uf.org_id = r == ROLE_PARTENAIRE ? dac : 0;
			assert_int_equal(
			    user_create(&ctx, &uf, &users[nu++]), E_OK);
		}
	ctx.user_id = coord;
	ctx.role = ROLE_COORDINATEUR;
	ctx.profession = PROF_IDEC;
	ctx.org_id = 0;
	/* Objection o: 0 none, 1 the DAC, 2 another organisation (never
	 * the CRT's own: refused), 3+ the category o - 3. Circle c: 0 none,
	 * 1 each user, 2 the DAC, 3 the CRT's own organisation. */
	for (c = 0; c < 4; c++)
		for (o = 0; o < CAT__MAX + 3; o++) {
			memset(&in, 0, sizeof(in));
			snprintf(
			    name, sizeof(name), "%s%s", names[c], names[o]);
			t_set_str(
			    &in.birth_name, arena_strdup(&ctx.arena, name));
			t_set_str(&in.first_names, "Marie");
			t_set_str(&in.birth_date, "1936-03-14");
			t_set_str(&in.sex, "F");
			assert_int_equal(
			    person_create(&ctx, &in, &pid[c][o], &dups, &nd),
			    E_OK);
			assert_int_equal(
			    access_check(&ctx, pid[c][o], &g), E_OK);
			if (c == 1)
				for (r = 0; r < nu; r++)
					assert_int_equal(
					    person_circle_add(&ctx, &g,
						users[r], 0, "référent", &id),
					    E_OK);
			if (c >= 2)
				assert_int_equal(
				    person_circle_add(&ctx, &g, 0,
					c == 2 ? dac : self, "structure", &id),
				    E_OK);
			if (o == 1 || o == 2)
				assert_int_equal(person_objection_add(&ctx, &g,
						     o == 1 ? dac : other, NULL,
						     "non", NULL, NULL, &id),
				    E_OK);
			if (o >= 3)
				assert_int_equal(person_objection_add(&ctx, &g,
						     0, access_cat_codes[o - 3],
						     "non", NULL, NULL, &id),
				    E_OK);
		}
	nu = 0;
	for (r = 0; r < ROLE__MAX; r++)
		for (p = 0; p < PROF__MAX; p++) {
			if (!access_prof_allows_role(p, r))
				continue;
			ctx.user_id = users[nu++];
			ctx.role = r;
			ctx.profession = p;
			ctx.org_id = r == ROLE_PARTENAIRE ? dac : self;
			for (c = 0; c < 4; c++)
				for (o = 0; o < CAT__MAX + 3; o++) {
					assert_int_equal(
					    access_list_row(&ctx, pid[c][o],
						CAT_BIT(CAT_ADMIN),
						"person.list", &g, &row),
					    E_OK);
					if ((row == ACCESS_ROW_VISIBLE) !=
					    sql_visible(&ctx, pid[c][o]))
						fail_msg(
						    "role %s prof %s circle %d objection "
						    "%d: C %d, SQL %d",
						    access_role_codes[r],
						    access_prof_codes[p], c, o,
						    row, !row);
					/* Hidden: no grant at all; visible: the identity. */
					assert_int_equal(g.kind == GRANT_NONE,
					    row == ACCESS_ROW_HIDDEN);
					cases++;
					shown += row == ACCESS_ROW_VISIBLE;
				}
		}
	/* Every case was compared, and both answers occur. */
	assert_int_equal(cases, nu * 4 * (CAT__MAX + 3));
	assert_true(shown > 0 && shown < cases);
	audit_discard(&ctx);
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

/* Permissions as data: names unique and stable, and the UI permissions
 * of the person routes equal the access decision's own rules. */
static void
permission_table(void **state)
{
	unsigned k, j;
	int r;

	(void)state;
	assert_null(access_perm_codes[PERM_ANY]);
	for (k = 1; k < PERM__MAX; k++) {
		assert_non_null(access_perm_codes[k]);
		assert_true(access_perm_roles(k) != 0);
		for (j = 1; j < k; j++)
			assert_string_not_equal(
			    access_perm_codes[j], access_perm_codes[k]);
	}
	assert_string_equal(
	    access_perm_codes[PERM_SUPPORT_EXIT], "support.exit");
	assert_string_equal(
	    access_perm_codes[PERM_ACCOUNTS_APPROVE], "accounts.approve");
	for (r = 0; r < ROLE__MAX; r++) {
		assert_true(access_permits(r, PERM_ANY));
		assert_int_equal(access_permits(r, PERM_PERSON_CREATE),
		    (access_role_ceiling(r, ACT_WRITE) & A) != 0);
		assert_int_equal(access_permits(r, PERM_PERSON_BREAKGLASS),
		    access_role_may_breakglass(r));
		assert_int_equal(access_permits(r, PERM_PERSON_FILTER_GIR),
		    (access_role_ceiling(r, ACT_READ) & O) != 0);
		assert_int_equal(
		    access_permits(r, PERM_MATRIX_WRITE), r == ROLE_ADMIN);
		/* The UI's record and directory screens: every role that
		 * reads records (issue 8 review: all but the admin). */
		assert_int_equal(access_permits(r, PERM_PERSON_READ),
		    access_role_reads_records(r));
		assert_int_equal(access_permits(r, PERM_DIRECTORY_READ),
		    access_role_reads_records(r));
		/* Whoever approves reads the requests. */
		if (access_permits(r, PERM_ACCOUNTS_APPROVE))
			assert_true(access_permits(r, PERM_ACCOUNTS_READ));
	}
	assert_string_equal(access_perm_codes[PERM_PERSON_READ], "person.read");
	assert_string_equal(
	    access_perm_codes[PERM_DIRECTORY_READ], "directory.read");
	/* Issue 8 review: the CRT doctor approves accounts. */
	assert_true(access_permits(ROLE_MEDECIN, PERM_ACCOUNTS_APPROVE));
	assert_false(access_permits(ROLE_ADMIN, PERM_ACCOUNTS_APPROVE));
	/* The decision of the coordinator alone, as data. */
	assert_true(access_permits(ROLE_COORDINATEUR, PERM_REFERRAL_DECIDE));
	assert_false(access_permits(ROLE_MEDECIN, PERM_REFERRAL_DECIDE));
	assert_false(access_permits(ROLE_PARTENAIRE, PERM_SUPPORT_READ));
	assert_true(access_permits(ROLE_PARTENAIRE, PERM_WAITLIST_READ));
	assert_false(access_permits(ROLE__MAX, PERM_ANY));
	assert_false(access_permits(ROLE_ADMIN, PERM__MAX));
}

/*
 * Issue 8 review point 2-3: every role but the administrator reads
 * records (its accounts need an approval); an approver's read ceiling
 * must contain the target's.
 */
static void
approval_rules(void **state)
{
	int r;

	(void)state;
	for (r = 0; r < ROLE__MAX; r++)
		assert_int_equal(access_role_reads_records(r),
		    r != ROLE_ADMIN && r != ROLE_PROCHE);
	assert_true(access_role_reads_records((enum role) - 1));
	/* The direction reads no medical or psy data. */
	assert_false(access_may_approve(
	    ROLE_DIRECTION, PROF_DIRECTEUR, ROLE_MEDECIN, PROF_MEDECIN));
	assert_false(access_may_approve(
	    ROLE_DIRECTION, PROF_DIRECTEUR, ROLE_SOIGNANT, PROF_IDE));
	assert_false(access_may_approve(ROLE_DIRECTION, PROF_DIRECTEUR,
	    ROLE_INTERVENANT, PROF_PSYCHOLOGUE));
	assert_false(access_may_approve(
	    ROLE_DIRECTION, PROF_DIRECTEUR, ROLE_COORDINATEUR, PROF_IDEC));
	assert_true(access_may_approve(
	    ROLE_DIRECTION, PROF_DIRECTEUR, ROLE_SECRETARIAT, PROF_SECRETAIRE));
	/* Legal ceilings, not the editable matrix: the administrator could
	 * lower a row for the approval and raise it afterwards. */
	assert_false(access_may_approve(
	    ROLE_DIRECTION, PROF_DIRECTEUR, ROLE_SOIGNANT, PROF_AIDE_SOIGNANT));
	assert_false(access_may_approve(ROLE_DIRECTION, PROF_DIRECTEUR,
	    ROLE_PARTENAIRE, PROF_COORDINATEUR_PARCOURS));
	assert_true(access_may_approve(
	    ROLE_DIRECTION, PROF_DIRECTEUR, ROLE_DIRECTION, PROF_DIRECTEUR));
	/* The coordination and the CRT doctor read everything. */
	assert_true(access_may_approve(
	    ROLE_COORDINATEUR, PROF_IDEC, ROLE_MEDECIN, PROF_MEDECIN));
	assert_true(access_may_approve(
	    ROLE_MEDECIN, PROF_MEDECIN, ROLE_COORDINATEUR, PROF_IDEC));
	/* Nobody without reads approves; unknown codes never pass. */
	assert_false(access_may_approve(
	    ROLE_ADMIN, PROF_ADMINISTRATEUR, ROLE_ADMIN, PROF_ADMINISTRATEUR));
	assert_false(access_may_approve(
	    ROLE_COORDINATEUR, PROF_IDEC, (enum role) - 1, PROF_IDE));
}

/*
 * SPEC: issue 11 — the proche's ceiling: no category of any record, under
 * every fact the decision reads (any profession, any matrix row the
 * administrator could write, in a circle or not, objections, an open
 * emergency grant); never in a circle, no emergency, and no permission
 * but its planning's.
 */
static void
proche_ceiling(void **state)
{
	struct access_facts f;
	struct access_grant g;
	unsigned mr, mw, k;
	int p, c, oo, bg, r;

	(void)state;
	assert_int_equal(access_role_ceiling(ROLE_PROCHE, ACT_READ), 0);
	assert_int_equal(access_role_ceiling(ROLE_PROCHE, ACT_WRITE), 0);
	assert_int_equal(access_prof_ceiling(PROF_PROCHE, ACT_READ), 0);
	assert_false(access_role_needs_circle(ROLE_PROCHE));
	assert_false(access_role_may_breakglass(ROLE_PROCHE));
	assert_true(access_role_is_proche(ROLE_PROCHE));
	assert_string_equal(access_role_codes[ROLE_PROCHE], "proche");
	assert_string_equal(
	    access_role_labels[ROLE_PROCHE], "Proche (personne ou aidant)");
	for (r = 0; r < ROLE__MAX; r++) {
		assert_int_equal(
		    access_prof_allows_role(PROF_PROCHE, r), r == ROLE_PROCHE);
		if (r != ROLE_PROCHE)
			assert_false(access_role_is_proche(r));
	}
	for (p = 0; p < PROF__MAX; p++)
		assert_int_equal(
		    access_prof_allows_role(p, ROLE_PROCHE), p == PROF_PROCHE);
	for (k = PERM_ANY + 1; k < PERM__MAX; k++)
		assert_int_equal(
		    access_permits(ROLE_PROCHE, k), k == PERM_PROCHE_PLANNING);
	/* The planning is the proche's alone; the invitation the
	 * coordination's. */
	assert_int_equal(
	    access_perm_roles(PERM_PROCHE_PLANNING), ROLE_BIT(ROLE_PROCHE));
	assert_int_equal(
	    access_perm_roles(PERM_PROCHE_INVITE), ROLE_BIT(ROLE_COORDINATEUR));
	for (p = 0; p < PROF__MAX; p++)
		for (mr = 0; mr < 32; mr++)
			for (mw = 0; mw < 32; mw += 3)
				for (c = 0; c < 2; c++)
					for (oo = 0; oo < 2; oo++)
						for (bg = 0; bg < 2; bg++) {
							memset(
							    &f, 0, sizeof(f));
							f.role = ROLE_PROCHE;
							f.prof = p;
							f.matrix_read = mr;
							f.matrix_write = mw;
							f.in_circle = c;
							f.org_objected = oo;
							f.breakglass = bg;
							access_decide(&f, &g);
							assert_int_equal(
							    g.kind, GRANT_NONE);
							assert_int_equal(
							    g.read, 0);
							assert_int_equal(
							    g.write, 0);
						}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table),
		cmocka_unit_test(approval_rules),
		cmocka_unit_test(invariants),
		cmocka_unit_test(proche_ceiling),
		cmocka_unit_test(profession_bounds),
		cmocka_unit_test(breakglass_every_combination),
		cmocka_unit_test(emergency_verdict),
		cmocka_unit_test(breakglass_reason),
		cmocka_unit_test(breakglass_reason_punctuation),
		cmocka_unit_test(breakglass_scope),
		cmocka_unit_test(oncall_grant),
		cmocka_unit_test(defaults_within_bounds),
		cmocka_unit_test(codes_round_trip),
		cmocka_unit_test(list_sql_equals_decision),
		cmocka_unit_test(permission_table),
	};

	return cmocka_run_group_tests_name("access", tests, NULL, NULL);
}
