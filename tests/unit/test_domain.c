/*
 * Unit tests: domain/ — INS keys (DOMAIN §2), search folding, logins,
 * and the person record through real grants on an in-memory database.
 */
#include "t.h"

#include "access/access.h"
#include "audit/audit.h"
#include "auth/login.h"
#include "auth/password.h"
#include "domain/directory/directory.h"
#include "domain/event.h"
#include "domain/record/country.h"
#include "domain/record/ins.h"
#include "domain/record/name_key.h"
#include "domain/directory/org.h"
#include "domain/record/person.h"
#include "domain/text.h"
#include "domain/platform/user.h"

static void
ins_keys(void **state)
{
	(void)state;
	/* DOMAIN §2 examples. */
	assert_true(ins_valid("295109912611193"));
	assert_true(ins_valid("253072B07300470"));
	assert_true(ins_valid("253072A07300443"));
	assert_false(ins_valid("295109912611199"));
	assert_int_equal(ins_key("2951099126111"), 93);
	assert_int_equal(ins_key("253072A073004"), 43);
	assert_int_equal(ins_key("253072B073004"), 70);
	/* Corsica letters only at positions 6-7. */
	assert_false(ins_valid("2530A2A07300443"));
	assert_false(ins_valid("29510991261119"));
	assert_false(ins_valid("2951099126111930"));
	assert_false(ins_valid("595109912611193"));
	assert_false(ins_valid(NULL));
}

/* NIR traits against the identity (issue 8 §15): ins, sex, birth date,
 * birthplace, the trait expected to disagree (NULL: they agree). */
static const struct {
	const char *ins, *sex, *date, *place, *want;
} traits[] = {
	/* Corsica: "20" before 1976, 2A/2B after; 2A is not 2B. */
	{ "253072B07300470", "F", "1953-07-01", "2B073", NULL },
	{ "253072007300416", "F", "1953-07-01", "2B073", NULL },
	{ "253072B07300470", "F", "1953-07-01", "2A004", "birthplace_insee" },
	{ "280022007300468", "F", "1980-02-01", "2B073", "birthplace_insee" },
	/* Overseas: three digits (974 La Réunion, not 971 Guadeloupe). */
	{ "178079741100408", "M", "1978-07-09", "97411", NULL },
	{ "178079741100408", "M", "1978-07-09", "97105", "birthplace_insee" },
	{ "280029710500139", "F", "1980-02-09", "97411", "birthplace_insee" },
	/* Algeria before independence: 91-94 in the NIR, 99352 the place;
	 * not for a birth after 1967 (91 is then Essonne). */
	{ "158099135200145", "M", "1958-09-09", "99352", NULL },
	{ "195019122800178", "M", "1995-01-09", "99352", "birthplace_insee" },
	/* Seine before 1968: 75 in the NIR, the commune now in 92. */
	{ "140037501200117", "M", "1940-03-09", "92012", NULL },
	{ "170037501200102", "M", "1970-03-09", "92012", "birthplace_insee" },
	/* Sex digits 3/4 (NIA) and 7/8 (temporary) follow odd/even. */
	{ "895109912611193", "F", "1995-10-03", "99126", NULL },
	{ "795109912611193", "F", "1995-10-03", NULL, "sex" },
	/* Month 20 and 50+ are unknown months too; 13 and 43 are not. */
	{ "295209912611193", "F", "1995-06-03", NULL, NULL },
	{ "295629912611193", "F", "1995-06-03", NULL, NULL },
	{ "295139912611193", "F", "1995-06-03", NULL, "birth_date" },
	{ "295439912611193", "F", "1995-06-03", NULL, "birth_date" },
};

static void
folding(void **state)
{
	struct arena a;
	size_t i;

	(void)state;
	arena_init(&a, 0);
	assert_string_equal(text_fold(&a, "Hélène  ÉMILE"), "helene emile");
	assert_string_equal(
	    text_fold(&a, "Saint-Chély d’Apcher"), "saint chely d apcher");
	assert_string_equal(
	    text_fold(&a, "Œuvre Ærø Straße"), "oeuvre aero strasse");
	assert_string_equal(text_fold(&a, "Łódź Ščepán"), "lodz scepan");
	assert_string_equal(text_fold(&a, "  x  "), "x");
	/* Decomposed accents fold like composed ones (issue 8 §12). */
	assert_string_equal(
	    text_fold(&a, "E\xcc\x81loi\xcc\x88se"), text_fold(&a, "Éloïse"));
	assert_string_equal(text_fold(&a, "C\xc5\x93ur"), "coeur");
	assert_false(text_has_forbidden("Éloïse d’Apcher"));
	assert_true(text_has_forbidden("Dupont\xe2\x80\xae")); /* U+202E */
	assert_true(text_has_forbidden("Du\xe2\x80\x8bpont")); /* U+200B */
	assert_true(text_has_forbidden("Du\xc2\xad"
				       "pont")); /* U+00AD */
	assert_true(text_has_forbidden("\xef\xbb\xbf"
				       "Dupont")); /* FEFF */
	assert_true(text_has_forbidden("Du\xd8\x9cpont")); /* U+061C */
	assert_true(text_has_forbidden("Du\xe2\x81\xa6p")); /* U+2066 */
	assert_true(text_has_forbidden("Du\xc2\x85p")); /* C1 NEL */
	assert_true(text_has_forbidden("Du\tpont"));
	/* Names: allow list (review of issue 8 §12). */
	{
		static const char *const bad[] = {
			"Germaine\xe3\x85\xa4", /* U+3164 */
			"\xe1\x85\x9f"
			"Dupont", /* U+115F */
			"Du\xcd\x8fpont", /* U+034F */
			"Dupont\xef\xb8\x8f", /* U+FE0F */
			"Du\xe1\x9e\xb4pont", /* U+17B4 */
			"Dupont\xe2\xa0\x80", /* U+2800 */
			"Du\xe2\x80\xa8pont", /* U+2028 */
			"\xef\xbc\xac\xef\xbc\xa5"
			"F", /* fullwidth LE */
			"Du\tpont", "Dupont2", "Du_pont", "Du.pont",
			"Du\xc3\x97pont", /* U+00D7 */
			"\xcc\x81"
			"Dupont", /* lone accent */
		};

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
			assert_false(text_name_ok(bad[i], TEXT_NAME_STRICT));
	}
	assert_true(text_name_ok(
	    "LEFÈVRE d’Apcher-O'Neil Œdipe Ærø Łódź", TEXT_NAME_STRICT));
	assert_true(text_name_ok("He\xcc\x81le\xcc\x80ne", TEXT_NAME_STRICT));
	assert_true(text_name_ok("St. Martin", TEXT_NAME_DISPLAY));
	assert_false(text_name_ok("M. Valentin (fils)", TEXT_NAME_DISPLAY));
	assert_true(text_name_ok("M. Valentin (fils)", TEXT_NAME_LABEL));
	assert_string_equal(
	    text_name_norm(
		&a, "\xc2\xa0LEF\xc3\x88VRE \xe2\x80\xaf  Odette\xc2\xa0"),
	    "LEFÈVRE Odette");
	/* The duplicate fold sees through invisible characters, no-break
	 * spaces and fullwidth letters (rows stored before the allow list). */
	{
		static const char *const same[] = {
			"\xef\xbc\xac\xef\xbc\xa5\xef\xbc\xa6\xc3\x88"
			"\xef\xbc\xb6\xef\xbc\xb2\xef\xbc\xa5",
			"LEF\xc2\xa0\xc3\x88VRE",
			"LEFÈVRE\xc2\xa0",
			"LEFÈVRE\xe3\x85\xa4",
			"LEFÈVRE\xef\xb8\x8f",
			"LEFÈVRE\xe2\xa0\x80",
			"LEF\xe1\x9e\xb4ÈVRE",
		};
		const char *want = text_fold(&a, "LEFÈVRE");

		for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
			assert_string_equal(text_fold(&a, same[i]),
			    strcmp(same[i], "LEF\xc2\xa0\xc3\x88VRE") == 0
				? "lef evre"
				: want);
	}
	/* Birthplace form and NIR traits (issue 8 §14, §15). */
	assert_true(ins_birthplace_form("75056"));
	assert_true(ins_birthplace_form("2A004"));
	assert_true(ins_birthplace_form("97411"));
	assert_true(ins_birthplace_form("99100"));
	assert_false(ins_birthplace_form("ABCDE"));
	assert_false(ins_birthplace_form("00000"));
	assert_false(ins_birthplace_form("96001"));
	assert_false(ins_birthplace_form("97711"));
	assert_false(ins_birthplace_form("7505"));
	assert_null(
	    ins_trait_mismatch("295109912611193", "F", "1995-10-03", "99126"));
	assert_string_equal(
	    ins_trait_mismatch("295109912611193", "M", "1995-10-03", NULL),
	    "sex");
	assert_string_equal(
	    ins_trait_mismatch("295109912611193", "F", "1996-10-03", NULL),
	    "birth_date");
	assert_string_equal(
	    ins_trait_mismatch("295109912611193", "F", "1995-11-03", NULL),
	    "birth_date");
	assert_null(ins_trait_mismatch("295309912611193", "F", "1995-11-03",
	    NULL)); /* month 30: unknown, accepted */
	assert_string_equal(
	    ins_trait_mismatch("295109912611193", "F", "1995-10-03", "75056"),
	    "birthplace_insee");
	for (i = 0; i < sizeof(traits) / sizeof(traits[0]); i++) {
		const char *r = ins_trait_mismatch(traits[i].ins, traits[i].sex,
		    traits[i].date, traits[i].place);

		if (traits[i].want == NULL)
			assert_null(r);
		else {
			assert_non_null(r);
			assert_string_equal(r, traits[i].want);
		}
	}
	arena_release(&a);
}

static void
directory_syntax(void **state)
{
	(void)state;
	assert_true(directory_finess_ok("480000017"));
	assert_true(directory_finess_ok("2A0000017"));
	assert_false(directory_finess_ok("4800000171"));
	assert_false(directory_finess_ok("48000001X"));
	assert_false(directory_finess_ok("A20000017"));
	assert_true(directory_rpps_ok("10000000014"));
	assert_false(directory_rpps_ok("1000000001"));
	assert_true(directory_phone_ok("04 66 31 00 20"));
	assert_true(directory_phone_ok("+33 4 66 31 00 20"));
	assert_true(directory_phone_ok("04.66.31.00.20"));
	assert_false(directory_phone_ok("04 66"));
	assert_false(directory_phone_ok("04-66-31-00-20"));
	assert_true(directory_email_ok("a.b@dac48.mssante.fr"));
	assert_false(directory_email_ok("a@b"));
	assert_false(directory_email_ok("@b.fr"));
	assert_false(directory_email_ok("a b@c.fr"));
	assert_false(directory_email_ok("a@@c.fr"));
}

static void
logins(void **state)
{
	(void)state;
	assert_true(user_login_ok("coordination"));
	assert_true(user_login_ok("j.dupont-2"));
	assert_false(user_login_ok("a"));
	assert_false(user_login_ok("Admin"));
	assert_false(user_login_ok(".x"));
	assert_false(user_login_ok("a b"));
	assert_false(user_login_ok("é"));
}

/* Create as coordinator, read back as a partner with and without circle. */
static void
person_through_grants(void **state)
{
	struct db *db = t_memdb();
	struct ctx ctx;
	struct person_in in;
	struct person p;
	struct access_grant g;
	int64_t pid, dac, uid, *dups, mid;
	int nd;

	(void)state;
	t_crt_coordinator(&ctx, db, &dac, &uid);
	memset(&in, 0, sizeof(in));
	t_set_str(&in.birth_name, "ROUSSET");
	t_set_str(&in.first_names, "Marcelle");
	t_set_str(&in.birth_date, "1936-03-14");
	t_set_str(&in.sex, "F");
	t_set_str(&in.data.c[CAT_SOINS], "Passage SSIAD");
	assert_int_equal(person_create(&ctx, &in, &pid, &dups, &nd), E_OK);
	assert_int_equal(nd, 0);
	/* Same identity again: created, flagged as a possible duplicate. */
	assert_int_equal(person_create(&ctx, &in, &mid, &dups, &nd), E_OK);
	assert_int_equal(nd, 1);
	assert_int_equal(dups[0], pid);
	/* The coordinator may not write medical data. */
	memset(&in, 0, sizeof(in));
	t_set_str(&in.data.c[CAT_MEDICAL], "x");
	assert_int_equal(access_require(&ctx, pid, CAT_BIT(CAT_MEDICAL),
			     ACT_WRITE, "person.update", &g),
	    E_FORBIDDEN);
	err_clear(&ctx);
	/* A DAC partner: nothing outside the circle, soins inside it. */
	ctx.role = ROLE_PARTENAIRE;
	ctx.profession = PROF_COORDINATEUR_PARCOURS;
	ctx.org_id = dac;
	assert_int_equal(access_check(&ctx, pid, &g), E_OK);
	assert_int_equal(g.kind, GRANT_NONE);
	assert_int_equal(person_get(&ctx, &g, &p), E_FORBIDDEN);
	err_clear(&ctx);
	/* Issue 8.7: not even the identity: answered as a missing person. */
	assert_int_equal(access_require(&ctx, pid, CAT_BIT(CAT_ADMIN), ACT_READ,
			     "person.read", &g),
	    E_NOT_FOUND);
	assert_string_equal(ctx.err_key, "person.not_found");
	assert_string_equal(ctx.err_msg, ACCESS_PERSON_HIDDEN_FR);
	err_clear(&ctx);
	assert_int_equal(access_require(&ctx, pid + 100, CAT_BIT(CAT_ADMIN),
			     ACT_READ, "person.read", &g),
	    E_NOT_FOUND);
	assert_string_equal(ctx.err_key, "person.not_found");
	assert_string_equal(ctx.err_msg, ACCESS_PERSON_HIDDEN_FR);
	err_clear(&ctx);
	ctx.role = ROLE_COORDINATEUR;
	ctx.profession = PROF_IDEC;
	ctx.org_id = 0;
	assert_int_equal(access_check(&ctx, pid, &g), E_OK);
	assert_int_equal(
	    person_circle_add(&ctx, &g, 0, dac, "DAC", &mid), E_OK);
	ctx.role = ROLE_PARTENAIRE;
	ctx.profession = PROF_COORDINATEUR_PARCOURS;
	ctx.org_id = dac;
	assert_int_equal(access_check(&ctx, pid, &g), E_OK);
	assert_int_equal(g.kind, GRANT_NORMAL);
	assert_int_equal(person_get(&ctx, &g, &p), E_OK);
	assert_string_equal(p.data[CAT_SOINS], "Passage SSIAD");
	assert_null(p.data[CAT_MEDICAL]);
	/* Unknown person in this CRT. */
	assert_int_equal(access_check(&ctx, pid + 100, &g), E_NOT_FOUND);
	audit_discard(&ctx);
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

/* Issue 8.5: trivial passwords are refused, ordinary ones pass. */
static void
password_rules(void **state)
{
	(void)state;
	assert_int_equal(password_policy("court"), -1);
	assert_int_equal(password_policy("aaaaaaaaaaaa"), -2);
	assert_int_equal(password_policy("123456789012"), -2);
	assert_int_equal(password_policy("abcdefghijkl"), -2);
	assert_int_equal(password_policy("LKJIHGFEDCBA"), -2);
	assert_int_equal(password_policy("ababababababab"), -2);
	assert_int_equal(password_policy("motdepasse12"), -2);
	assert_int_equal(password_policy("Azertyuiop!!"), -2);
	assert_int_equal(password_policy("maillage-demo"), 0);
	assert_int_equal(password_policy("Tilleul-Ruisseau-47"), 0);
}

/* Issue 8 review point 12: John the Ripper's list (john-data), compared
 * without case, alone or padded; keyboard walks; the product's name. */
static void
password_common_list(void **state)
{
	static const char *const weak[] = { "Welcome12345", "football1234",
		"Football2026!", "1q2w3e4r5t6y", "qazwsxedcrfv", "QAZWSXEDCRFV",
		"Maillage2026!", "2026maillage", "azertyuiop12", "Sunshine2026",
		"!!baseball99", "poiuytreza12", "1a2z3e4r5t6y", "PRINCESS-2026",
		"wxcvbn123456", NULL };
	int i;

	(void)state;
	for (i = 0; weak[i] != NULL; i++)
		if (password_policy(weak[i]) != -2)
			fail_msg("accepted: %s", weak[i]);
	/* Ordinary passphrases still pass, words inside included. */
	assert_int_equal(password_policy("Welcome-to-the-Lot-valley"), 0);
	assert_int_equal(password_policy("Tisane-de-verveine-au-jardin"), 0);
	assert_int_equal(password_policy("football et pétanque 48"), 0);
	assert_non_null(strstr(password_policy_fr(-2), "courants"));
	assert_non_null(strstr(password_policy_fr(-1), "12 caractères"));
	assert_null(password_policy_fr(0));
}

/* Issue 8.7: one CRT keeps its logins; on a shared host each CRT's new
 * logins carry its code, so they never clash with another CRT's. */
static void
login_scope(void **state)
{
	struct db *db = t_memdb();
	struct ctx ctx;
	const char *l;
	int64_t a, b;
	int made;

	(void)state;
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(
	    org_crt_ensure(&ctx, "Nord48", "N", "N", &a, &made), E_OK);
	assert_int_equal(user_login_scoped(&ctx, "medecin", &l), E_OK);
	assert_string_equal(l, "medecin");
	assert_int_equal(
	    org_crt_ensure(&ctx, "sud 48", "S", "S", &b, &made), E_OK);
	assert_int_equal(user_login_scoped(&ctx, "medecin", &l), E_OK);
	assert_string_equal(l, "medecin.sud-48");
	assert_int_equal(user_login_scoped(&ctx, "medecin.sud-48", &l), E_OK);
	assert_string_equal(l, "medecin.sud-48");
	ctx.crt_id = a;
	assert_int_equal(user_login_scoped(&ctx, "medecin", &l), E_OK);
	assert_string_equal(l, "medecin.nord48");
	/* 64 characters at most, suffix included. */
	assert_int_equal(user_login_scoped(&ctx,
			     "a234567890123456789012345678"
			     "9012345678901234567890123456789",
			     &l),
	    E_INVALID);
	assert_string_equal(ctx.err_key, "user.login.invalid");
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

/* Issue 8.5: a password may not contain the login, in any case. */
static void
password_login(void **state)
{
	(void)state;
	assert_int_equal(password_has_login("medecin-de-garde", "medecin"), 1);
	assert_int_equal(password_has_login("Le-MEDECIN-du-CRT", "medecin"), 1);
	assert_int_equal(password_has_login("xxMeDeCiN", "medecin"), 1);
	assert_int_equal(password_has_login("medeci-n-de-garde", "medecin"), 0);
	assert_int_equal(
	    password_has_login("Tilleul-Ruisseau-47", "medecin"), 0);
	assert_int_equal(password_has_login("med", "medecin"), 0);
	assert_int_equal(password_has_login("a.dupont.2026", "a.dupont"), 1);
	/* Too short a login would forbid too much: not checked. */
	assert_int_equal(password_has_login("jo-et-jo-2026", "jo"), 0);
	assert_int_equal(password_has_login("abc-jo", NULL), 0);
}

/* Issue 8.6: waits and locks count per (login, address) and per address;
 * nothing else can lock an account. */
static void
login_policy(void **state)
{
	int64_t now = 1700000000000LL, t = now - 200;
	int locked;

	(void)state;
	/* Addresses counted per IPv6 /64, IPv4-mapped as IPv4 (review of
	 * issue 8 §6). */
	{
		char k1[LOGIN_ADDR_KEY], k2[LOGIN_ADDR_KEY];

		login_addr_key("2001:db8:1:2::1", k1);
		login_addr_key("2001:0db8:0001:0002:ffff:1:2:78", k2);
		assert_string_equal(k1, "2001:db8:1:2::/64");
		assert_string_equal(k1, k2);
		login_addr_key("2001:db8:1:3::1", k2);
		assert_string_not_equal(k1, k2);
		login_addr_key("::ffff:192.0.2.7", k1);
		assert_string_equal(k1, "192.0.2.7");
		login_addr_key("192.0.2.7", k2);
		assert_string_equal(k2, "192.0.2.7");
		login_addr_key("::1", k1);
		assert_string_equal(k1, "0:0:0:0::/64");
	}
	assert_int_equal(login_wait(0, 0, 0, 0, now, &locked), 0);
	assert_int_equal(
	    login_wait(LOGIN_SLOW_AFTER - 1, t, 0, 0, now, &locked), 0);
	/* The 5th failure: 1 s after it, then 2 s, 4 s... */
	assert_int_equal(
	    login_wait(LOGIN_SLOW_AFTER, t, LOGIN_SLOW_AFTER, t, now, &locked),
	    800);
	assert_int_equal(locked, 0);
	assert_int_equal(
	    login_wait(LOGIN_SLOW_AFTER + 1, t, 0, 0, now, &locked), 1800);
	assert_int_equal(
	    login_wait(LOGIN_SLOW_AFTER, now - 5000, 0, 0, now, &locked), 0);
	/* The 10th failure of the pair: 15 minutes. */
	assert_int_equal(login_wait(LOGIN_LOCK_AFTER, t, 0, 0, now, &locked),
	    (int64_t)LOGIN_LOCK_SECS * 1000 - 200);
	assert_int_equal(locked, 1);
	assert_int_equal(
	    login_wait(LOGIN_LOCK_AFTER, now - (int64_t)LOGIN_LOCK_SECS * 1000,
		0, 0, now, &locked),
	    0);
	assert_int_equal(locked, 0);
	/* An address failing on many logins is locked whatever the login. */
	assert_int_equal(login_wait(0, 0, LOGIN_IP_LOCK_AFTER, t, now, &locked),
	    (int64_t)LOGIN_LOCK_SECS * 1000 - 200);
	assert_int_equal(locked, 1);
	assert_int_equal(
	    login_wait(0, 0, LOGIN_IP_LOCK_AFTER - 1, t, now, &locked), 0);
	/* The longer of a pair's slow-down and the address lock. */
	assert_int_equal(login_wait(LOGIN_SLOW_AFTER, t, LOGIN_IP_LOCK_AFTER, t,
			     now, &locked),
	    (int64_t)LOGIN_LOCK_SECS * 1000 - 200);
	assert_int_equal(locked, 1);
}

/*
 * Issue 9 §3: the administrative writes queue their own trace rows (the
 * handlers no longer do), and the CRT's volet-2 settings are read and
 * written through the directory, which owns the crt row.
 */
static void
context_writes_traced(void **state)
{
	struct db *db = t_memdb();
	struct ctx ctx;
	struct org_in in;
	int64_t crt, id, target, months;
	int made;

	(void)state;
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(
	    org_crt_ensure(&ctx, "nord48", "N", "N", &crt, &made), E_OK);
	ctx.crt_id = crt;
	audit_discard(&ctx);
	assert_null(ctx.traces);
	assert_int_equal(org_crt_settings_set(&ctx, 80, 12), E_OK);
	assert_non_null(ctx.traces);
	assert_string_equal(ctx.traces->action, "crt.settings");
	assert_string_equal(ctx.traces->detail, "target=80 aggir=12");
	assert_int_equal(org_crt_settings(&ctx, &target, &months), E_OK);
	assert_int_equal(target, 80);
	assert_int_equal(months, 12);
	memset(&in, 0, sizeof(in));
	in.name.set = 1;
	in.name.s = "SSIAD du Malzieu";
	in.name.len = strlen(in.name.s);
	in.type.set = 1;
	in.type.s = "ssiad";
	in.type.len = strlen(in.type.s);
	assert_int_equal(directory_org_create(&ctx, &in, &id), E_OK);
	assert_ptr_not_equal(ctx.traces_tail, ctx.traces);
	assert_string_equal(ctx.traces_tail->action, "org.create");
	assert_string_equal(ctx.traces_tail->detail,
	    arena_printf(&ctx.arena, "structure %lld", (long long)id));
	/* A refused write queues nothing. */
	in.type.s = "crt"; /* only the CRT itself */
	in.type.len = strlen(in.type.s);
	audit_discard(&ctx);
	assert_int_not_equal(directory_org_create(&ctx, &in, &id), E_OK);
	assert_null(ctx.traces);
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

/*
 * Issue 9 §3: the login flow and account administration queue their trace
 * rows from auth/ and domain/, not from src/api; the rows keep the action,
 * grant, outcome and detail the handlers wrote before.
 */
static void
expect_row(const struct trace_row **t, const char *action, const char *outcome,
    const char *detail)
{
	assert_non_null(*t);
	assert_string_equal((*t)->action, action);
	assert_int_equal((*t)->person_id, 0);
	assert_string_equal((*t)->categories, "");
	assert_string_equal((*t)->grant, "-");
	assert_string_equal((*t)->outcome, outcome);
	assert_string_equal((*t)->detail, detail);
	assert_string_equal((*t)->login, "admin");
	*t = (*t)->next;
}

static void
account_trace_rows(void **state)
{
	struct ctx ctx;
	struct user u;
	struct account_request a;
	const struct trace_row *t;

	(void)state;
	ctx_init(&ctx, 0);
	ctx.user_id = 7;
	ctx.login = "admin";
	ctx.role = ROLE_ADMIN;
	memset(&u, 0, sizeof(u));
	u.login = "ide2";
	u.role = "intervenant";
	memset(&a, 0, sizeof(a));
	a.id = 12;
	a.login = "ide2";
	a.role = "direction";
	a.requested_by_name = "Admin";
	login_trace(&ctx, LOGIN_T_OK);
	login_trace(&ctx, LOGIN_T_FAILED);
	login_trace(&ctx, LOGIN_T_DISABLED);
	login_trace(&ctx, LOGIN_T_LOGOUT);
	login_trace(&ctx, LOGIN_T_PASSWORD);
	login_trace(&ctx, LOGIN_T_PASSWORD_BAD);
	user_trace_created(&ctx, &u);
	user_trace_updated(&ctx, &u, 0, 0);
	user_trace_updated(&ctx, &u, 1, 1);
	user_trace_requested(&ctx, &a);
	user_trace_decided(&ctx, &a, 1, NULL);
	user_trace_decided(&ctx, &a, 0, "doublon");
	t = ctx.traces;
	expect_row(&t, "auth.login", "ok", "");
	expect_row(&t, "auth.login", "failed", "");
	expect_row(&t, "auth.login", "failed", "compte désactivé");
	expect_row(&t, "auth.logout", "ok", "");
	expect_row(&t, "auth.password", "ok", "");
	expect_row(
	    &t, "auth.password", "failed", "mot de passe actuel incorrect");
	expect_row(&t, "user.create", "ok", "ide2 (intervenant)");
	expect_row(&t, "user.update", "ok", "ide2");
	expect_row(&t, "user.update", "ok",
	    "ide2 désactivé mot de passe réinitialisé");
	expect_row(
	    &t, "user.request", "ok", "demande n° 12 : ide2 → direction");
	expect_row(
	    &t, "user.request.approve", "ok", "demande n° 12 de Admin : ide2");
	expect_row(&t, "user.request.reject", "ok",
	    "demande n° 12 de Admin : ide2 — doublon");
	assert_null(t);
	ctx_release(&ctx);
}

/* Issue 10 §3-4: tokens, SymSpell deletions, the phonetic key, the
 * bounded edit distance and the duplicate rule built on them. */
static void
name_keys(void **state)
{
	struct arena a;
	const char **v = NULL;
	int n = 0, cap = 0;

	(void)state;
	arena_init(&a, 0);
	name_key_tokens(
	    &a, "MALAVAL-Bergougnoux  Odette. Odette", &v, &n, &cap);
	assert_int_equal(n, 3);
	assert_string_equal(v[0], "malaval");
	assert_string_equal(v[1], "bergougnoux");
	assert_string_equal(v[2], "odette");
	name_key_tokens(&a, "Émile d’Hérouville", &v, &n, &cap);
	assert_int_equal(n, 6);
	assert_string_equal(v[3], "emile");
	assert_string_equal(v[4], "d");
	assert_string_equal(v[5], "herouville");
	/* Deletions: one per position, a double letter once; none under
	 * five letters. */
	v = NULL;
	n = cap = 0;
	name_key_deletions(&a, "rose", &v, &n, &cap);
	assert_int_equal(n, 0);
	name_key_deletions(&a, "teissier", &v, &n, &cap);
	assert_int_equal(n, 7);
	assert_string_equal(v[0], "eissier");
	assert_string_equal(v[2], "tessier");
	{
		int i, hit = 0;

		for (i = 0; i < n; i++)
			hit |= strcmp(v[i], "teisier") == 0;
		assert_true(hit); /* the typo of the issue is a variant */
	}
	/* Phonetic: French spellings of one sound share a key. */
	assert_string_equal(
	    name_key_phonetic(&a, "croze"), name_key_phonetic(&a, "crose"));
	assert_string_equal(name_key_phonetic(&a, "croze"), "kros");
	assert_string_equal(name_key_phonetic(&a, "teissier"),
	    name_key_phonetic(&a, "teysier"));
	assert_string_equal(name_key_phonetic(&a, "teissier"),
	    name_key_phonetic(&a, "tessier"));
	assert_string_equal(
	    name_key_phonetic(&a, "philippe"), name_key_phonetic(&a, "filipe"));
	assert_string_equal(
	    name_key_phonetic(&a, "durand"), name_key_phonetic(&a, "durant"));
	assert_string_not_equal(
	    name_key_phonetic(&a, "boudon"), name_key_phonetic(&a, "bourdon"));
	assert_string_equal(name_key_phonetic(&a, "rose"), "");
	/* Distance, capped at 2. */
	assert_int_equal(name_key_distance("rousset", "rousset"), 0);
	assert_int_equal(name_key_distance("rousset", "rouset"), 1);
	assert_int_equal(name_key_distance("rouset", "rousset"), 1);
	assert_int_equal(name_key_distance("rousset", "roussel"), 1);
	assert_int_equal(name_key_distance("rousset", "ruosset"), 1);
	assert_int_equal(name_key_distance("rousset", "russel"), 2);
	assert_int_equal(name_key_distance("abc", "abcde"), 2);
	/* Close: equal, one edit or same sound, from five letters. */
	assert_true(name_key_close(&a, "marcelle", "marcele"));
	assert_true(name_key_close(&a, "croze", "crose"));
	assert_true(name_key_close(&a, "anne", "anne"));
	assert_false(name_key_close(&a, "anne", "anna"));
	assert_false(name_key_close(&a, "boudon", "malaval"));
	arena_release(&a);
}

static void
identity_rule(void **state)
{
	struct ctx ctx;
	struct person a, b;

	(void)state;
	ctx_init(&ctx, 0);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	/* « Rousset Marcelle » vs « ROUSSET Marcelle Jeanne ». */
	a.birth_name = "Rousset";
	a.first_names = "Marcelle";
	b.birth_name = "ROUSSET";
	b.first_names = "Marcelle Jeanne";
	assert_true(person_identity_close(&ctx, &a, &b));
	assert_true(person_identity_close(&ctx, &b, &a));
	/* The first first name may be the other's second. */
	a.first_names = "Jeanne";
	assert_true(person_identity_close(&ctx, &a, &b));
	/* The used name of one is the birth name typed. */
	a.birth_name = "Astruc";
	a.first_names = "Germaine";
	b.birth_name = "BOUDON";
	b.used_name = "ASTRUC";
	b.first_names = "Germaine";
	assert_true(person_identity_close(&ctx, &a, &b));
	/* Another first name, or another name, is another person; a
	 * shared particle does not make two names alike. */
	a.first_names = "Paulette";
	assert_false(person_identity_close(&ctx, &a, &b));
	a.first_names = "Germaine";
	a.birth_name = "DE LA TOUR";
	b.birth_name = "DE LA SALLE";
	b.used_name = NULL;
	assert_false(person_identity_close(&ctx, &a, &b));
	ctx_release(&ctx);
}

/* The search's rank: exact tokens first, then the one-edit matches; the
 * keys follow a rename (memory database, real schema and statements). */
static void
search_rank(void **state)
{
	static const char *const names[] = { "MARTIN", "MARTINE", "MARTINEZ",
		"CROZE" };
	struct db *db = t_memdb();
	struct ctx ctx;
	struct person_in in;
	struct person_query pq;
	struct person *v;
	struct access_grant g;
	int64_t dac, uid, id[4], *dups, total;
	int nd, n, i;

	(void)state;
	t_crt_coordinator(&ctx, db, &dac, &uid);
	for (i = 0; i < 4; i++) {
		memset(&in, 0, sizeof(in));
		t_set_str(&in.birth_name, names[i]);
		t_set_str(&in.first_names, "Alice");
		t_set_str(&in.birth_date, "1940-01-01");
		t_set_str(&in.sex, "F");
		assert_int_equal(
		    person_create(&ctx, &in, &id[i], &dups, &nd), E_OK);
	}
	memset(&pq, 0, sizeof(pq));
	pq.beneficiary = -1;
	pq.limit = 50;
	pq.q = "martine";
	assert_int_equal(person_list(&ctx, &pq, &v, &n, &total), E_OK);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].birth_name, "MARTINE"); /* exact */
	assert_string_equal(v[1].birth_name, "MARTIN");
	assert_string_equal(v[2].birth_name, "MARTINEZ");
	pq.q = "alice crose";
	assert_int_equal(person_list(&ctx, &pq, &v, &n, &total), E_OK);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, id[3]);
	pq.q = "01011940 croze";
	assert_int_equal(person_list(&ctx, &pq, &v, &n, &total), E_OK);
	assert_int_equal(n, 1);
	/* Renamed: found under the new name only. */
	memset(&in, 0, sizeof(in));
	t_set_str(&in.birth_name, "SABATIER");
	assert_int_equal(access_require(&ctx, id[3], CAT_BIT(CAT_ADMIN),
			     ACT_WRITE, "person.update", &g),
	    E_OK);
	assert_int_equal(person_update(&ctx, &g, &in), E_OK);
	pq.q = "croze";
	assert_int_equal(person_list(&ctx, &pq, &v, &n, &total), E_OK);
	assert_int_equal(n, 0);
	pq.q = "sabatie";
	assert_int_equal(person_list(&ctx, &pq, &v, &n, &total), E_OK);
	assert_int_equal(n, 1);
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

/* SPEC: issue 10 §2 — strict traits in RNIV form. */
static void
rniv_form(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "Rousset", "ROUSSET" },
		{ "Marcelle Jeanne", "MARCELLE JEANNE" },
		{ "Hélène", "HELENE" },
		{ "He\xcc\x81le\xcc\x80ne", "HELENE" }, /* decomposed */
		{ "E\xcc\x81loi\xcc\x88se", "ELOISE" },
		{ "François", "FRANCOIS" },
		{ "Ç", "C" },
		{ "Œdipe", "OEDIPE" },
		{ "cœur", "COEUR" },
		{ "Lætitia", "LAETITIA" },
		{ "ÆLIS", "AELIS" },
		{ "Straße", "STRASSE" },
		{ "Ÿvonne", "YVONNE" },
		{ "Aÿ", "AY" },
		{ "Ðórr Þór", "DORR THOR" },
		{ "Ærø", "AERO" },
		{ "Łódź Ščepán", "LODZ SCEPAN" },
		{ "d’Apcher", "D'APCHER" },
		{ "O'Neil", "O'NEIL" },
		{ "Saint-Chély", "SAINT-CHELY" },
		{ "  Jean   Pierre  ", "JEAN PIERRE" },
		{ "Jean\xc2\xa0Pierre", "JEAN PIERRE" }, /* no-break space */
		{ "Jean\xe2\x80\xafPierre", "JEAN PIERRE" }, /* narrow nbsp */
		{ "ROUSSET", "ROUSSET" },
		{ "Noël Müller-Ñúñez", "NOEL MULLER-NUNEZ" },
		{ "Ìñigo Øster Åsa", "INIGO OSTER ASA" },
		{ "", "" },
	};
	struct arena a;
	size_t i;

	(void)state;
	arena_init(&a, 0);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(text_rniv(&a, cases[i].in), cases[i].want);
	assert_null(text_rniv(&a, NULL));
	/* Idempotent, and the search key of both forms is one. */
	assert_string_equal(text_rniv(&a, text_rniv(&a, "Lætitia d’Œ")),
	    text_rniv(&a, "Lætitia d’Œ"));
	assert_string_equal(text_fold(&a, text_rniv(&a, "Hélène d’Apcher")),
	    text_fold(&a, "Hélène d’Apcher"));
	arena_release(&a);
}

/* SPEC: issue 10 §2 — the country table (INSEE COG 99xxx). */
static void
country_lookup(void **state)
{
	const struct country *v[20];
	struct arena a;
	int n, i, alg = 0;

	(void)state;
	arena_init(&a, 0);
	assert_string_equal(country_find("99352")->name, "Algérie");
	assert_string_equal(country_find("99350")->name, "Maroc");
	assert_string_equal(country_find("99351")->name, "Tunisie");
	assert_string_equal(country_find("99127")->name, "Italie");
	assert_string_equal(country_find("99134")->name, "Espagne");
	assert_string_equal(country_find("99243")->name, "Viêt Nam");
	assert_int_equal(country_find("99115")->until, 1993);
	assert_null(country_find("99999"));
	assert_null(country_find("99100")); /* France: a commune code */
	assert_null(country_find("48095"));
	assert_null(country_find(NULL));
	n = country_search(&a, "algerie", v, 20);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->code, "99352");
	assert_int_equal(country_search(&a, "Algérie", v, 20), 1);
	assert_int_equal(country_search(&a, "ALG", v, 20), 1);
	n = country_search(&a, "99352", v, 20);
	assert_int_equal(n, 1);
	assert_string_equal(v[0]->name, "Algérie");
	/* A word of the name: "congo" finds both Congos. */
	assert_int_equal(country_search(&a, "congo", v, 20), 2);
	assert_int_equal(country_search(&a, "yougoslavie", v, 20), 1);
	n = country_search(&a, "9935", v, 20);
	for (i = 0; i < n; i++)
		alg += strcmp(v[i]->code, "99352") == 0;
	assert_int_equal(alg, 1);
	assert_int_equal(country_search(&a, "zzz", v, 20), 0);
	assert_int_equal(country_search(&a, "", v, 20), 0);
	assert_int_equal(country_search(&a, "99", v, 3), 3);
	arena_release(&a);
}

/*
 * SPEC: issue 10 §2 — migration 0029 on rows stored the old way: a
 * database built up to 0028, persons inserted as typed, then migrated:
 * the strict traits in RNIV form, the typed ones kept, the name keys of
 * the changed rows written. Without its C step the migration is refused.
 */
static void
rniv_migration(void **state)
{
	struct db *db = NULL;
	struct db_stmt *st;
	struct ctx ctx;
	char err[256];
	int applied;

	(void)state;
	assert_int_equal(db_open("sqlite::memory:", &db, err, sizeof(err)), 0);
	assert_int_equal(
	    migrate_upto(db, cli_migrate_steps, 28, &applied, err, sizeof(err)),
	    0);
	assert_int_equal(migrate_current(db), 28);
	assert_int_equal(db_script(db,
			     "INSERT INTO crt (code, name, created_at) "
			     "VALUES ('t', 'T', '2026-01-01')"),
	    0);
	assert_int_equal(db_script(db,
			     "INSERT INTO person (crt_id, birth_name, "
			     "first_names, used_name, birth_date, sex, "
			     "search_key, created_at, updated_at, "
			     "identity_status) VALUES (1, 'Rousset', "
			     "'Marcelle Jeanne', 'Dupré', '1936-03-14', 'F', "
			     "'rousset', 't', 't', 'QUAL'), (1, 'BOUDON', "
			     "'GERMAINE', NULL, '1934-07-21', 'F', 'boudon', "
			     "'t', 't', 'PROV')"),
	    0);
	/* No C step given: refused, nothing applied. */
	assert_int_equal(migrate_run(db, NULL, &applied, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "C step"));
	assert_int_equal(migrate_current(db), 28);
	assert_int_equal(
	    migrate_run(db, cli_migrate_steps, &applied, err, sizeof(err)), 0);
	assert_int_equal(applied, migrate_latest() - 28);
	ctx_init(&ctx, 0);
	ctx.db = db;
	st = db_stmt(db, Q_PERSON_RNIV_BATCH);
	db_bind_i64(st, 1, 0);
	assert_int_equal(db_step(&ctx, st), DB_ROW);
	assert_string_equal(db_col_text(st, 2), "ROUSSET");
	assert_string_equal(db_col_text(st, 3), "MARCELLE JEANNE");
	assert_string_equal(db_col_text(st, 4), "Dupré"); /* not strict */
	assert_string_equal(db_col_text(st, 6), "Rousset");
	assert_string_equal(db_col_text(st, 7), "Marcelle Jeanne");
	assert_int_equal(db_step(&ctx, st), DB_ROW);
	assert_string_equal(db_col_text(st, 2), "BOUDON");
	assert_null(db_col_text(st, 6)); /* already strict: no typed form */
	assert_int_equal(db_step(&ctx, st), DB_DONE);
	/* ROUSSET's name keys were written; BOUDON's are left to the
	 * start's backfill (person_name_keys_backfill). */
	st = db_stmt(db, Q_PNAME_MISSING);
	assert_int_equal(db_step(&ctx, st), DB_ROW);
	assert_string_equal(db_col_text(st, 1), "BOUDON");
	assert_int_equal(db_step(&ctx, st), DB_DONE);
	/* Idempotent: a second run changes nothing. */
	assert_int_equal(person_rniv_migrate(&ctx), E_OK);
	ctx_release(&ctx);
	db_close(db);
}

static void
count_event(const struct event *e, void *arg)
{
	int64_t *last = arg;

	assert_true(e->id > *last);
	*last = e->id;
}

/*
 * SPEC: issue 12 — the event log: a row written in a write that rolls back
 * (its savepoint, as the writer does for a failed request) is gone, so it
 * is never published; ids increase; a replay from below the pruned window
 * or beyond the last id is a reset.
 */
static void
event_log(void **state)
{
	struct db *db = t_memdb();
	struct event *ev;
	struct ctx ctx;
	int64_t crt, last = 0, max = 0;
	int made, n, reset;

	(void)state;
	ctx_init(&ctx, 0);
	ctx.db = db;
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(
	    org_crt_ensure(&ctx, "nord48", "N", "N", &crt, &made), E_OK);
	ctx.crt_id = crt;
	assert_int_equal(db_commit(&ctx, db), E_OK);
	event_take_dirty();
	/* A failed write: emitted, then rolled back with its savepoint. */
	assert_int_equal(db_begin(&ctx, db, 1), E_OK);
	assert_int_equal(db_savepoint(db), 0);
	assert_int_equal(event_emit(&ctx, "person.changed", 0, 7), E_OK);
	assert_int_equal(db_savepoint_rollback(db), 0);
	assert_int_equal(db_savepoint(db), 0);
	assert_int_equal(event_emit(&ctx, "visit.changed", 0, 8), E_OK);
	assert_int_equal(event_emit(&ctx, "visit.marked", 0, 8), E_OK);
	assert_int_equal(db_savepoint_release(db), 0);
	assert_int_equal(db_commit(&ctx, db), E_OK);
	assert_int_equal(event_take_dirty(), 1);
	assert_int_equal(event_take_dirty(), 0);
	/* Only the committed rows are read for publication, in order. */
	assert_int_equal(event_read_after(db, 0, 100, count_event, &last), 2);
	assert_int_equal(event_last_id(db, &max), E_OK);
	assert_int_equal(max, last);
	assert_int_equal(db_begin(&ctx, db, 0), E_OK);
	assert_int_equal(event_since(&ctx, 0, 10, &ev, &n, &reset, &max), E_OK);
	assert_int_equal(reset, 0);
	assert_int_equal(n, 2);
	assert_string_equal(ev[0].type, "visit.changed");
	assert_int_equal(ev[0].ref_id, 8);
	assert_true(ev[1].id > ev[0].id);
	assert_int_equal(event_since(&ctx, ev[0].id, 10, &ev, &n, &reset, &max),
	    E_OK);
	assert_int_equal(n, 1);
	/* Beyond the last id (another database): reset. */
	assert_int_equal(event_since(&ctx, max + 5, 10, &ev, &n, &reset, &max),
	    E_OK);
	assert_int_equal(reset, 1);
	/* More than a page can replay: reset too. */
	assert_int_equal(event_since(&ctx, 0, 1, &ev, &n, &reset, &max), E_OK);
	assert_int_equal(reset, 1);
	assert_int_equal(n, 0);
	db_rollback(db);
	ctx_release(&ctx);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ins_keys),
		cmocka_unit_test(event_log),
		cmocka_unit_test(folding),
		cmocka_unit_test(rniv_form),
		cmocka_unit_test(country_lookup),
		cmocka_unit_test(rniv_migration),
		cmocka_unit_test(logins),
		cmocka_unit_test(account_trace_rows),
		cmocka_unit_test(password_rules),
		cmocka_unit_test(password_common_list),
		cmocka_unit_test(password_login),
		cmocka_unit_test(login_policy),
		cmocka_unit_test(login_scope),
		cmocka_unit_test(directory_syntax),
		cmocka_unit_test(person_through_grants),
		cmocka_unit_test(context_writes_traced),
		cmocka_unit_test(name_keys),
		cmocka_unit_test(identity_rule),
		cmocka_unit_test(search_rank),
	};

	return cmocka_run_group_tests_name("domain", tests, NULL, NULL);
}
