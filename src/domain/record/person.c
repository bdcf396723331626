/*
 * Person record rules: identity validation (INS key, dates, sex), the
 * search key, per-category texts, circle and consent objections. Each
 * function checks that the grant covers what it touches (a bug otherwise:
 * callers obtain grants from access_require). No SQL text, no HTTP.
 */
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/directory/org.h"
#include "domain/directory/territory.h"
#include "domain/platform/user.h"
#include "domain/record/country.h"
#include "domain/record/ins.h"
#include "domain/record/name_key.h"
#include "domain/event.h"
#include "domain/record/person.h"
#include "domain/text.h"

const char *const person_sex_codes[] = { "F", "M", "I", NULL };
const char *const person_flag_codes[FLAG__MAX + 1] = { "doubtful", "fictitious",
	"homonym", "duplicate", NULL };
const char *const person_document_codes[] = { "cni", "passeport",
	"titre_sejour", NULL };
const char *const person_document_labels[] = { "Carte nationale d'identité",
	"Passeport", "Titre de séjour", NULL };

/* DOMAIN §2 (unconfirmed detail, kept as data): changing a strict trait
 * invalidates the match with the national INS service, not the document
 * check: QUAL → VALI, RECUP → PROV; PROV and VALI stay. */
static const struct {
	const char *from, *to;
} downgrade[] = { { "QUAL", "VALI" }, { "RECUP", "PROV" } };

static char *
search_key(struct ctx *ctx, const struct person *p)
{
	return text_fold(&ctx->arena,
	    arena_printf(&ctx->arena, "%s %s %s %s", p->birth_name,
		p->used_name ? p->used_name : "", p->first_names,
		p->used_first_name ? p->used_first_name : ""));
}

static const char *const month_fr[] = { "janvier", "février", "mars", "avril",
	"mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
	"décembre" };

/* "dans le département 48", "à l'étranger" (99), "en Corse" (20). */
static const char *
place_fr(struct ctx *ctx, const char *s, int n)
{
	if (strncmp(s, "99", 2) == 0)
		return "à l'étranger";
	if (strncmp(s, "20", 2) == 0 || strncmp(s, "2A", 2) == 0 ||
	    strncmp(s, "2B", 2) == 0)
		return arena_printf(&ctx->arena, "en Corse (%.2s)", s);
	return arena_printf(&ctx->arena, "dans le département %.*s", n, s);
}

/*
 * SPEC: DOMAIN §2 — the NIR encodes sex, birth year and month and the
 * birthplace's département: a matricule that contradicts the identity
 * typed is refused, naming the trait (ins_trait_mismatch() knows INSEE's
 * unknown months, Corsica, overseas, births abroad).
 */
static int
check_traits(struct ctx *ctx, const struct person *p)
{
	const char *f = ins_trait_mismatch(
		       p->ins, p->sex, p->birth_date, p->birthplace_insee),
		   *msg, *ins = p->ins;
	int m;

	if (f == NULL)
		return E_OK;
	if (strcmp(f, "sex") == 0)
		msg = (ins[0] - '0') % 2 == 1
		    ? "Le NIR indique un homme mais "
		      "le sexe saisi est féminin."
		    : "Le NIR indique une femme "
		      "mais le sexe saisi est masculin.";
	else if (strcmp(f, "birth_date") == 0 &&
	    strncmp(ins + 1, p->birth_date + 2, 2) != 0)
		msg = arena_printf(&ctx->arena,
		    "Le NIR indique une année de "
		    "naissance se terminant par %.2s mais la date de naissance "
		    "saisie est en %.4s.",
		    ins + 1, p->birth_date);
	else if (strcmp(f, "birth_date") == 0) {
		m = (ins[3] - '0') * 10 + (ins[4] - '0');
		msg = arena_printf(&ctx->arena,
		    "Le NIR indique une naissance "
		    "%s%s mais la date de naissance saisie est en %s.",
		    m >= 1 && m <= 12 ? "en " : "au mois codé ",
		    m >= 1 && m <= 12
			? month_fr[m - 1]
			: arena_printf(&ctx->arena, "%.2s", ins + 3),
		    month_fr[(p->birth_date[5] - '0') * 10 +
			(p->birth_date[6] - '0') - 1]);
	} else
		msg = arena_printf(&ctx->arena,
		    "Le NIR indique une naissance "
		    "%s mais le lieu de naissance saisi est %s.",
		    place_fr(
			ctx, ins + 5, ins[5] == '9' && ins[6] == '7' ? 3 : 2),
		    place_fr(ctx, p->birthplace_insee,
			p->birthplace_insee[0] == '9' &&
				p->birthplace_insee[1] == '7'
			    ? 3
			    : 2));
	return err_set(ctx, E_INVALID, "person.ins.trait_mismatch", f, msg);
}

/* SPEC: issue 8 §15 — one INS is one person within a CRT: 409 with the
 * id of the record that holds it (only the id: opening it still goes
 * through the access decision). */
static int
ins_taken(struct ctx *ctx, int64_t holder)
{
	err_set(ctx, E_CONFLICT, "person.ins.taken", "ins",
	    "Ce matricule INS "
	    "est déjà celui d'une autre personne : une personne n'a qu'un "
	    "INS. Ouvrez le dossier existant plutôt que d'en créer un "
	    "second.");
	if (holder != 0)
		err_set_ref(ctx, "person.ins.taken", "holder_id", holder);
	return E_CONFLICT;
}

static int
check_ins_holder(struct ctx *ctx, const struct person *p, int64_t self)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PERSON_INS_HOLDER);
	enum db_res r;
	int64_t holder;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, p->ins);
	db_bind_i64(st, 3, self);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK;
	holder = db_col_i64(st, 0);
	db_stmt(ctx->db, Q_PERSON_INS_HOLDER); /* reset */
	return ins_taken(ctx, holder);
}

/* A phone number as people type it: at least 6 digits, separated by
 * spaces, dots, dashes or parentheses, one leading "+" (international). */
static int
phone_ok(const char *s)
{
	int digits = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '+' && i == 0)
			continue;
		else if (s[i] != ' ' && s[i] != '.' && s[i] != '-' &&
		    s[i] != '(' && s[i] != ')')
			return 0;
	}
	return digits >= 6 && digits <= 20;
}

/*
 * SPEC: issue 10 §2 — a strict trait as typed ("Rousset") becomes its RNIV
 * form ("ROUSSET") in *trait; *typed keeps the typed text for display, or
 * NULL when the two are the same. Comparing the RNIV forms, a name typed
 * in another case or without its accents is no change of a strict trait.
 */
static void
strict_of(struct ctx *ctx, const char **trait, const char **typed)
{
	const char *strict = text_rniv(&ctx->arena, *trait);

	*typed = strcmp(strict, *trait) == 0 ? NULL : *trait;
	*trait = strict;
}

/* Applies `in` over `p` and checks the resulting identity. `p` holds the
 * stored identity on update, zeros on create. */
static int
merge_identity(struct ctx *ctx, struct person *p, const struct person_in *in)
{
	struct person old = *p;
	int i, strict;

	p->birth_name = jv_str_or(&in->birth_name, p->birth_name);
	p->first_names = jv_str_or(&in->first_names, p->first_names);
	p->used_name = jv_str_or(&in->used_name, p->used_name);
	p->used_first_name =
	    jv_str_or(&in->used_first_name, p->used_first_name);
	p->birth_date = jv_str_or(&in->birth_date, p->birth_date);
	p->sex = jv_str_or(&in->sex, p->sex);
	p->birthplace_insee =
	    jv_str_or(&in->birthplace_insee, p->birthplace_insee);
	p->ins = jv_str_or(&in->ins, p->ins);
	p->ins_oid = jv_str_or(&in->ins_oid, p->ins_oid);
	p->identity_status =
	    jv_str_or(&in->identity_status, p->identity_status);
	p->address = jv_str_or(&in->address, p->address);
	p->commune_code = jv_str_or(&in->commune_code, p->commune_code);
	p->phone = jv_str_or(&in->phone, p->phone);
	if (in->phone.set && p->phone != NULL && !phone_ok(p->phone))
		return err_set(ctx, E_INVALID, "person.phone.invalid", "phone",
		    "Le numéro de téléphone est invalide : des chiffres "
		    "(au moins 6), avec espaces, points, tirets, "
		    "parenthèses ou un « + » initial.");
	if (p->commune_code != NULL) {
		struct commune c;
		int rc = territory_commune(ctx, p->commune_code, &c);

		if (rc == E_NOT_FOUND) {
			err_clear(ctx);
			return err_set(ctx, E_INVALID,
			    "person.commune_code.invalid", "commune_code",
			    "Cette commune n'existe pas (code INSEE inconnu).");
		}
		if (rc != E_OK)
			return rc;
	}
	{
		/* Names given in this request: spaces normalised, then the
		 * allow list (stored names are compared as they are). */
		static const char *const fn[] = { "birth_name", "first_names",
			"used_name", "used_first_name" };
		static const char *const label[] = { "Le nom de naissance "
						     "contient",
			"Les prénoms contiennent",
			"Le nom d'usage "
			"contient",
			"Le prénom d'usage contient" };
		const struct jv_str *fi[] = { &in->birth_name, &in->first_names,
			&in->used_name, &in->used_first_name };
		const char **fp[] = { &p->birth_name, &p->first_names,
			&p->used_name, &p->used_first_name };

		for (i = 0; i < 4; i++) {
			if (!fi[i]->set || *fp[i] == NULL)
				continue;
			*fp[i] = text_name_norm(&ctx->arena, *fp[i]);
			if (!text_name_ok(*fp[i],
				i < 2 ? TEXT_NAME_STRICT : TEXT_NAME_DISPLAY))
				return err_set(ctx, E_INVALID,
				    "person.text.forbidden_char", fn[i],
				    arena_printf(&ctx->arena,
					"%s un caractère "
					"non autorisé : seuls les lettres latines, "
					"l'espace, le trait d'union et l'apostrophe "
					"sont acceptés%s.",
					label[i],
					i < 2 ? "" : " (et le point)"));
			if (i < 2)
				strict_of(ctx, fp[i],
				    i == 0 ? &p->birth_name_typed
					   : &p->first_names_typed);
		}
		if (text_has_forbidden(jv_str_or(
			&in->identity_document, p->identity_document)))
			return err_set(ctx, E_INVALID,
			    "person.text.forbidden_char", "identity_document",
			    "Le document d'identité contient un caractère "
			    "invisible ou de contrôle, refusé.");
	}
	if (p->birthplace_insee != NULL &&
	    !ins_birthplace_form(p->birthplace_insee))
		return err_set(ctx, E_INVALID, "person.birthplace.invalid",
		    "birthplace_insee",
		    "Le code INSEE du lieu de naissance "
		    "est invalide (département 01-95, 2A, 2B, 971-976 et "
		    "commune, ou 99 et code pays).");
	if (p->birth_name == NULL || p->birth_name[0] == '\0')
		return err_set(ctx, E_INVALID, "person.birth_name.required",
		    "birth_name", "Le nom de naissance est obligatoire.");
	if (p->first_names == NULL || p->first_names[0] == '\0')
		return err_set(ctx, E_INVALID, "person.first_names.required",
		    "first_names", "Le ou les prénoms sont obligatoires.");
	if (p->birth_date == NULL)
		return err_set(ctx, E_INVALID, "person.birth_date.required",
		    "birth_date", "La date de naissance est obligatoire.");
	if (strcmp(p->birth_date, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID, "person.birth_date.future",
		    "birth_date",
		    "La date de naissance ne peut pas être "
		    "dans le futur.");
	if (p->sex == NULL)
		return err_set(ctx, E_INVALID, "person.sex.required", "sex",
		    "Le sexe est obligatoire.");
	if (p->ins != NULL && !ins_valid(p->ins))
		return err_set(ctx, E_INVALID, "person.ins.invalid", "ins",
		    "Le matricule INS est invalide (15 caractères, clé de "
		    "contrôle vérifiée).");
	if (p->ins != NULL && p->ins_oid == NULL)
		return err_set(ctx, E_INVALID, "person.ins_oid.required",
		    "ins_oid",
		    "L'OID de l'INS est obligatoire avec le "
		    "matricule.");
	if (p->ins == NULL)
		p->ins_oid = NULL;
	/* On update, only when the INS or a trait it encodes changes: a
	 * record stored before this check stays editable otherwise. */
	if (p->ins != NULL &&
	    (old.birth_name == NULL || in->ins.set || in->sex.set ||
		in->birth_date.set || in->birthplace_insee.set)) {
		int rc = check_traits(ctx, p);

		if (rc != E_OK)
			return rc;
	}
	if (p->ins != NULL && text_differs(old.ins, p->ins)) {
		int rc = check_ins_holder(ctx, p, old.id);

		if (rc != E_OK)
			return rc;
	}
	p->identity_document =
	    jv_str_or(&in->identity_document, p->identity_document);
	for (i = 0; i < FLAG__MAX; i++)
		if (in->flags.f[i].set)
			p->flags[i] = in->flags.f[i].v;
	/* SPEC: DOMAIN §2 — a strict trait change lowers the status. */
	strict = old.birth_name != NULL &&
	    (text_differs(old.birth_name, p->birth_name) ||
		text_differs(old.first_names, p->first_names) ||
		text_differs(old.birth_date, p->birth_date) ||
		text_differs(old.sex, p->sex) ||
		text_differs(old.birthplace_insee, p->birthplace_insee));
	if (strict && !in->identity_status.set) {
		for (i = 0; i < (int)(sizeof(downgrade) / sizeof(downgrade[0]));
		     i++) {
			if (strcmp(p->identity_status, downgrade[i].from) != 0)
				continue;
			p->identity_status = downgrade[i].to;
			access_trace_write(ctx, old.id, CAT_BIT(CAT_ADMIN),
			    "identity.downgrade",
			    arena_printf(&ctx->arena,
				"%s → %s (trait strict modifié)",
				downgrade[i].from, downgrade[i].to));
			break;
		}
	}
	if (p->identity_status == NULL)
		p->identity_status = "PROV";
	/* Retrieved from the INS service (RECUP, QUAL) needs the INS;
	 * checked against a high-trust document (VALI, QUAL) needs it. */
	if ((strcmp(p->identity_status, "RECUP") == 0 ||
		strcmp(p->identity_status, "QUAL") == 0) &&
	    p->ins == NULL)
		return err_set(ctx, E_INVALID,
		    "person.identity_status.ins_required", "identity_status",
		    "Une identité récupérée ou qualifiée doit avoir son "
		    "matricule INS.");
	if ((strcmp(p->identity_status, "VALI") == 0 ||
		strcmp(p->identity_status, "QUAL") == 0) &&
	    p->identity_document == NULL)
		return err_set(ctx, E_INVALID,
		    "person.identity_document.required", "identity_document",
		    "Une identité validée ou qualifiée exige la pièce "
		    "d'identité contrôlée.");
	if (old.identity_status == NULL ||
	    text_differs(old.identity_status, p->identity_status) ||
	    text_differs(old.identity_document, p->identity_document)) {
		p->identity_status_at = ctx->now;
		p->identity_status_by = ctx->user_id;
	}
	return E_OK;
}

int
person_warnings(struct ctx *ctx, const char *birthplace,
    struct person_warning *w, int max, int *n)
{
	struct commune c;
	const char *kind, *why;
	int64_t count;
	int rc;

	*n = 0;
	if (birthplace == NULL || max < 1)
		return E_OK;
	if (strncmp(birthplace, "99", 2) == 0) {
		if (country_find(birthplace) != NULL)
			return E_OK;
		kind = "pays";
		why =
		    "de la liste des pays (ancien pays ou erreur de saisie ?)";
	} else {
		rc = territory_commune_count(ctx, &count);
		if (rc != E_OK || count == 0)
			return rc;
		rc = territory_commune(ctx, birthplace, &c);
		if (rc == E_OK || rc != E_NOT_FOUND)
			return rc;
		err_clear(ctx);
		kind = "INSEE";
		why = "du référentiel des communes (commune fusionnée depuis "
		      "la naissance ou erreur de saisie ?)";
	}
	w[0].code = "person.birthplace.unknown";
	w[0].field = "birthplace_insee";
	w[0].message = arena_printf(&ctx->arena,
	    "Le code %s %s du lieu de naissance est absent %s : vérifiez-le "
	    "sur la pièce d'identité.",
	    kind, birthplace, why);
	*n = 1;
	return E_OK;
}

const char *
person_birthplace_name(struct ctx *ctx, const char *code)
{
	const struct country *co;
	struct commune c;

	if (code == NULL)
		return NULL;
	if (strncmp(code, "99", 2) == 0) {
		co = country_find(code);
		return co != NULL ? co->name : NULL;
	}
	if (territory_commune(ctx, code, &c) == E_OK)
		return c.name;
	err_clear(ctx);
	return NULL;
}

unsigned
person_in_cats(const struct person_in *in)
{
	unsigned cats = 0;
	int c;

	if (in->birth_name.set || in->first_names.set || in->used_name.set ||
	    in->used_first_name.set || in->birth_date.set || in->sex.set ||
	    in->birthplace_insee.set || in->ins.set || in->ins_oid.set ||
	    in->identity_status.set || in->address.set ||
	    in->commune_code.set || in->phone.set ||
	    in->identity_document.set || in->flags.f[0].set ||
	    in->flags.f[1].set || in->flags.f[2].set || in->flags.f[3].set)
		cats |= CAT_BIT(CAT_ADMIN);
	for (c = 0; c < CAT__MAX; c++)
		if (in->data.c[c].set)
			cats |= CAT_BIT(c);
	return cats;
}

/* Binds status date, author, document and the four flags from `at`. */
static void
bind_vigilance(struct db_stmt *st, int at, const struct person *p)
{
	int i;

	db_bind_text(st, at, p->identity_status_at);
	if (p->identity_status_by)
		db_bind_i64(st, at + 1, p->identity_status_by);
	else
		db_bind_null(st, at + 1);
	db_bind_text(st, at + 2, p->identity_document);
	for (i = 0; i < FLAG__MAX; i++)
		db_bind_i64(st, at + 3 + i, p->flags[i]);
}

static int
write_data(struct ctx *ctx, int64_t pid, const struct person_in *in)
{
	struct db_stmt *st;
	int c, rc;

	for (c = 0; c < CAT__MAX; c++) {
		if (!in->data.c[c].set)
			continue;
		st = db_stmt(ctx->db, Q_PDATA_UPSERT);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, pid);
		db_bind_text(st, 3, access_cat_codes[c]);
		db_bind_text(st, 4, in->data.c[c].null ? "" : in->data.c[c].s);
		db_bind_text(st, 5, ctx->now);
		db_bind_i64(st, 6, ctx->user_id);
		rc = db_run(ctx, st);
		if (rc != E_OK)
			return rc;
	}
	return E_OK;
}

static void row_person(struct ctx *, struct db_stmt *, struct person *);
/* The columns of PERSON_COLS (src/db/record/q_person.def). */
#define PERSON_NCOLS 26

/* Tokens of up to two name texts, in the arena. */
static const char **
tokens_of(struct ctx *ctx, const char *a, const char *b, int *n)
{
	const char **v = NULL;
	int cap = 0;

	*n = 0;
	name_key_tokens(&ctx->arena, a, &v, n, &cap);
	name_key_tokens(&ctx->arena, b, &v, n, &cap);
	return v;
}

/* 1 when a token of `a` and a token of `b` are close; with `first`, only
 * the first token of `a` is tried. */
static int
any_close(
    struct ctx *ctx, const char **a, int na, const char **b, int nb, int first)
{
	int i, j;

	for (i = 0; i < (first && na > 0 ? 1 : na); i++) {
		/* Particles ("de", "la") do not make two names alike. */
		if (!first && na > 1 && strlen(a[i]) < 3)
			continue;
		for (j = 0; j < nb; j++)
			if (name_key_close(&ctx->arena, a[i], b[j]))
				return 1;
	}
	return 0;
}

int
person_identity_close(
    struct ctx *ctx, const struct person *a, const struct person *b)
{
	const char **an, **bn, **af, **bf;
	int nan, nbn, naf, nbf;

	an = tokens_of(ctx, a->birth_name, a->used_name, &nan);
	bn = tokens_of(ctx, b->birth_name, b->used_name, &nbn);
	af = tokens_of(ctx, a->first_names, a->used_first_name, &naf);
	bf = tokens_of(ctx, b->first_names, b->used_first_name, &nbf);
	/* The first first name of either is one of the other's. */
	if (!any_close(ctx, af, naf, bf, nbf, 1) &&
	    !any_close(ctx, bf, nbf, af, naf, 1))
		return 0;
	return any_close(ctx, an, nan, bn, nbn, 0);
}

/*
 * SPEC: issue 10 §3 — possible duplicates of identity p: the persons of
 * the CRT born the same day (an indexed probe) whose names are close
 * (person_identity_close: accents, case, one typo, phonetic), and the
 * holder of the same INS. At most `max`, self left out.
 */
static int
find_dups(struct ctx *ctx, const struct person *p, int64_t self, int max,
    int64_t **dups, int *n)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PERSON_DUP);
	struct person c;
	enum db_res r;
	int cap = 0;
	int64_t *slot;

	*dups = NULL;
	*n = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, p->birth_date);
	db_bind_i64(st, 3, ctx->crt_id);
	db_bind_text(st, 4, p->ins); /* NULL matches nothing */
	while ((r = db_step(ctx, st)) == DB_ROW) {
		int64_t id = db_col_i64(st, 0);

		if (id == self || (*n > 0 && (*dups)[*n - 1] == id))
			continue;
		memset(&c, 0, sizeof(c));
		c.birth_name = db_col_dup(ctx, st, 1);
		c.first_names = db_col_dup(ctx, st, 2);
		c.used_name = db_col_dup(ctx, st, 3);
		c.used_first_name = db_col_dup(ctx, st, 4);
		if (db_col_i64(st, 5) == 0 &&
		    !person_identity_close(ctx, p, &c))
			continue;
		if (*n >= max)
			continue;
		slot = arena_push(&ctx->arena, dups, n, &cap, sizeof(*slot));
		if (slot != NULL)
			*slot = id;
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* JSON array of strings (the search's variants), in the arena. */
static const char *
json_strings(struct ctx *ctx, const char **v, int n)
{
	size_t len = 3;
	char *o, *q;
	const char *c;
	int k;

	for (k = 0; k < n; k++)
		len += strlen(v[k]) * 6 + 3;
	o = q = arena_alloc(&ctx->arena, len);
	if (o == NULL)
		return "[]";
	*q++ = '[';
	for (k = 0; k < n; k++) {
		if (k > 0)
			*q++ = ',';
		*q++ = '"';
		for (c = v[k]; *c != '\0'; c++) {
			if ((unsigned char)*c < 0x20)
				continue;
			if (*c == '"' || *c == '\\')
				*q++ = '\\';
			*q++ = *c;
		}
		*q++ = '"';
	}
	*q++ = ']';
	*q = '\0';
	return o;
}

/*
 * The name keys of a person (issue 10 §4), replaced on every identity
 * write: its tokens ('t'), their one-deletion variants ('d') and phonetic
 * keys ('p'), for the search's index probes.
 */
static int
write_name_keys(
    struct ctx *ctx, int64_t crt, int64_t pid, const struct person *p)
{
	const char **tok, **var = NULL, *ph;
	int nt, nf, nv = 0, cap = 0, i, rc;
	struct db_stmt *st;

	tok = tokens_of(ctx, p->birth_name, p->used_name, &nt);
	{
		const char **f =
		    tokens_of(ctx, p->first_names, p->used_first_name, &nf);
		const char **slot;

		for (i = 0; i < nf; i++) {
			slot = arena_push(
			    &ctx->arena, &tok, &nt, &cap, sizeof(*slot));
			if (slot == NULL)
				return err_set(ctx, E_TOOBIG, "request.too_big",
				    NULL, "Réponse trop volumineuse.");
			*slot = f[i];
		}
	}
	cap = 0;
	st = db_stmt(ctx->db, Q_PNAME_DELETE);
	db_bind_i64(st, 1, crt);
	db_bind_i64(st, 2, pid);
	rc = db_run(ctx, st);
	for (i = 0; rc == E_OK && i < nt; i++)
		name_key_deletions(&ctx->arena, tok[i], &var, &nv, &cap);
	for (i = 0; rc == E_OK && i < nt + nv + nt; i++) {
		const char *kind = i < nt ? "t" : i < nt + nv ? "d" : "p";
		const char *key = i < nt ? tok[i]
		    : i < nt + nv        ? var[i - nt]
					 : NULL;

		if (key == NULL) {
			ph = name_key_phonetic(&ctx->arena, tok[i - nt - nv]);
			if (ph == NULL || ph[0] == '\0')
				continue;
			key = ph;
		}
		st = db_stmt(ctx->db, Q_PNAME_INSERT);
		db_bind_i64(st, 1, crt);
		db_bind_i64(st, 2, pid);
		db_bind_text(st, 3, kind);
		db_bind_text(st, 4, key);
		rc = db_run(ctx, st);
	}
	return rc;
}

/* A batch of persons with their CRT: each row of st read by `row`. */
static int
person_batch(struct ctx *ctx, struct db_stmt *st,
    void (*row)(struct ctx *, struct db_stmt *, struct person *, int64_t *),
    struct person **v, int64_t **crt, int *n)
{
	struct person *p;
	int64_t *c;
	int cap = 0, nc = 0, ccap = 0;
	enum db_res r;

	*v = NULL;
	*crt = NULL;
	*n = 0;
	while ((r = db_step(ctx, st)) == DB_ROW) {
		p = arena_push(&ctx->arena, v, n, &cap, sizeof(**v));
		c = arena_push(&ctx->arena, crt, &nc, &ccap, sizeof(**crt));
		if (p == NULL || c == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row(ctx, st, p, c);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/* Q_PNAME_MISSING: PERSON_COLS, then the CRT. */
static void
missing_row(struct ctx *ctx, struct db_stmt *st, struct person *p, int64_t *c)
{
	row_person(ctx, st, p);
	*c = db_col_i64(st, PERSON_NCOLS);
}

int
person_name_keys_backfill(struct ctx *ctx, int *done)
{
	struct person *v;
	int64_t *crt;
	int n, i, rc;

	*done = 0;
	do {
		rc = person_batch(ctx, db_stmt(ctx->db, Q_PNAME_MISSING),
		    missing_row, &v, &crt, &n);
		for (i = 0; rc == E_OK && i < n; i++)
			rc = write_name_keys(ctx, crt[i], v[i].id, &v[i]);
		*done += n;
	} while (rc == E_OK && n > 0);
	return rc;
}

/* Q_PERSON_RNIV_BATCH: id, CRT, the four names, the two typed forms. */
static void
rniv_row(struct ctx *ctx, struct db_stmt *st, struct person *p, int64_t *c)
{
	memset(p, 0, sizeof(*p));
	p->id = db_col_i64(st, 0);
	*c = db_col_i64(st, 1);
	p->birth_name = db_col_dup(ctx, st, 2);
	p->first_names = db_col_dup(ctx, st, 3);
	p->used_name = db_col_dup(ctx, st, 4);
	p->used_first_name = db_col_dup(ctx, st, 5);
	p->birth_name_typed = db_col_dup(ctx, st, 6);
	p->first_names_typed = db_col_dup(ctx, st, 7);
}

int
person_rniv_migrate(struct ctx *ctx)
{
	struct db_stmt *st;
	struct person *v, *p;
	int64_t *crt, last = 0;
	int n, i, rc;

	do {
		st = db_stmt(ctx->db, Q_PERSON_RNIV_BATCH);
		db_bind_i64(st, 1, last);
		rc = person_batch(ctx, st, rniv_row, &v, &crt, &n);
		if (rc == E_OK && n > 0)
			last = v[n - 1].id;
		for (i = 0; rc == E_OK && i < n; i++) {
			const char *b = v[i].birth_name, *f = v[i].first_names;

			p = &v[i];
			if (b == NULL || f == NULL)
				continue;
			/* A trait already in RNIV form keeps its typed form. */
			if (strcmp(text_rniv(&ctx->arena, b), b) != 0)
				strict_of(
				    ctx, &p->birth_name, &p->birth_name_typed);
			if (strcmp(text_rniv(&ctx->arena, f), f) != 0)
				strict_of(ctx, &p->first_names,
				    &p->first_names_typed);
			if (strcmp(b, p->birth_name) == 0 &&
			    strcmp(f, p->first_names) == 0)
				continue; /* already in RNIV form */
			st = db_stmt(ctx->db, Q_PERSON_RNIV_SET);
			db_bind_text(st, 1, p->birth_name);
			db_bind_text(st, 2, p->first_names);
			db_bind_text(st, 3, p->birth_name_typed);
			db_bind_text(st, 4, p->first_names_typed);
			db_bind_text(st, 5, search_key(ctx, p));
			db_bind_i64(st, 6, p->id);
			rc = db_run(ctx, st);
			if (rc == E_OK)
				rc = write_name_keys(ctx, crt[i], p->id, p);
		}
	} while (rc == E_OK && n > 0);
	return rc;
}

int
person_create(struct ctx *ctx, const struct person_in *in, int64_t *id,
    int64_t **dups, int *ndups)
{
	struct access_facts f;
	struct access_grant g;
	struct person p;
	struct db_stmt *st;
	int rc;
	unsigned cats = person_in_cats(in) | CAT_BIT(CAT_ADMIN);

	/* A new person has no circle and no objection yet: the decision
	 * is the role ceiling ∩ the profession's matrix. */
	memset(&f, 0, sizeof(f));
	f.role = ctx->role;
	f.prof = ctx->profession;
	f.in_circle = 1;
	if (access_matrix(
		ctx, ctx->profession, &f.matrix_read, &f.matrix_write) != E_OK)
		return ctx->err;
	access_decide(&f, &g);
	if ((g.write & cats) != cats || access_role_is_external(ctx->role))
		return err_set(ctx, E_FORBIDDEN, "person.create.forbidden",
		    NULL, "Votre profil ne permet pas de créer ce dossier.");
	memset(&p, 0, sizeof(p));
	rc = merge_identity(ctx, &p, in);
	if (rc == E_OK)
		rc = find_dups(ctx, &p, 0, 5, dups, ndups);
	if (rc != E_OK)
		return rc;
	if (*ndups > 0)
		p.flags[FLAG_DUPLICATE] = 1; /* flagged, never merged */
	st = db_stmt(ctx->db, Q_PERSON_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, p.birth_name);
	db_bind_text(st, 3, p.first_names);
	db_bind_text(st, 4, p.used_name);
	db_bind_text(st, 5, p.used_first_name);
	db_bind_text(st, 6, p.birth_date);
	db_bind_text(st, 7, p.sex);
	db_bind_text(st, 8, p.birthplace_insee);
	db_bind_text(st, 9, p.ins);
	db_bind_text(st, 10, p.ins_oid);
	db_bind_text(st, 11, p.identity_status);
	db_bind_text(st, 12, search_key(ctx, &p));
	db_bind_text(st, 13, ctx->now);
	db_bind_text(st, 14, ctx->now);
	db_bind_text(st, 15, p.address);
	db_bind_text(st, 16, p.commune_code);
	bind_vigilance(st, 17, &p);
	db_bind_text(st, 24, p.phone);
	db_bind_text(st, 25, p.birth_name_typed);
	db_bind_text(st, 26, p.first_names_typed);
	if (db_step(ctx, st) != DB_ROW) {
		/* A concurrent create took the INS (another app server): the
		 * unique index answers; the holder is not known here. */
		if (db_last_fail(ctx->db) == DBF_UNIQUE) {
			err_clear(ctx);
			return ins_taken(ctx, 0);
		}
		return ctx->err ? ctx->err : E_DB;
	}
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = write_name_keys(ctx, ctx->crt_id, *id, &p);
	if (rc == E_OK)
		rc = write_data(ctx, *id, in);
	if (rc == E_OK)
		access_trace_write(ctx, *id, cats, "person.create",
		    *ndups ? "doublon possible" : "");
	if (rc == E_OK)
		rc = event_emit(ctx, "person.changed", *id, *id);
	return rc;
}

static void
row_person(struct ctx *ctx, struct db_stmt *st, struct person *p)
{
	memset(p, 0, sizeof(*p));
	p->id = db_col_i64(st, 0);
	p->birth_name = db_col_dup(ctx, st, 1);
	p->first_names = db_col_dup(ctx, st, 2);
	p->used_name = db_col_dup(ctx, st, 3);
	p->used_first_name = db_col_dup(ctx, st, 4);
	p->birth_date = db_col_dup(ctx, st, 5);
	p->sex = db_col_dup(ctx, st, 6);
	p->birthplace_insee = db_col_dup(ctx, st, 7);
	p->ins = db_col_dup(ctx, st, 8);
	p->ins_oid = db_col_dup(ctx, st, 9);
	p->identity_status = db_col_dup(ctx, st, 10);
	p->created_at = db_col_dup(ctx, st, 11);
	p->updated_at = db_col_dup(ctx, st, 12);
	p->address = db_col_dup(ctx, st, 13);
	p->commune_code = db_col_dup(ctx, st, 14);
	p->identity_status_at = db_col_dup(ctx, st, 15);
	p->identity_status_by = db_col_null(st, 16) ? 0 : db_col_i64(st, 16);
	p->identity_document = db_col_dup(ctx, st, 17);
	p->flags[FLAG_DOUBTFUL] = (int)db_col_i64(st, 18);
	p->flags[FLAG_FICTITIOUS] = (int)db_col_i64(st, 19);
	p->flags[FLAG_HOMONYM] = (int)db_col_i64(st, 20);
	p->flags[FLAG_DUPLICATE] = (int)db_col_i64(st, 21);
	p->identity_status_by_name = db_col_dup(ctx, st, 22);
	p->phone = db_col_dup(ctx, st, 23);
	p->birth_name_typed = db_col_dup(ctx, st, 24);
	p->first_names_typed = db_col_dup(ctx, st, 25);
}

static int
load_identity(struct ctx *ctx, int64_t pid, struct person *p)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PERSON_GET);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return err_set(ctx, E_NOT_FOUND, "person.not_found", NULL,
		    ACCESS_PERSON_HIDDEN_FR);
	row_person(ctx, st, p);
	/* Q_PERSON_GET: PERSON_COLS (read by row_person, phone last), then
	 * the commune's columns. */
	if (!db_col_null(st, PERSON_NCOLS)) {
		territory_commune_cols(ctx, st, PERSON_NCOLS, &p->commune);
		p->has_commune = 1;
	}
	db_stmt(ctx->db, Q_PERSON_GET);
	return E_OK;
}

int
person_get(struct ctx *ctx, const struct access_grant *g, struct person *p)
{
	struct db_stmt *st;
	enum db_res r;
	int rc, c;

	rc = access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ);
	if (rc == E_OK)
		rc = load_identity(ctx, g->person_id, p);
	if (rc != E_OK)
		return rc;
	/* DOMAIN §2: the INS leaves the team only when QUAL. */
	if (access_role_is_external(ctx->role) &&
	    strcmp(p->identity_status, "QUAL") != 0)
		p->ins = p->ins_oid = NULL;
	for (c = 0; c < CAT__MAX; c++)
		if (c != CAT_ADMIN && (g->read & CAT_BIT(c)))
			p->data[c] = "";
	st = db_stmt(ctx->db, Q_PDATA_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = access_cat_from(db_col_text(st, 0));
		if (c < 0 || !(g->read & CAT_BIT(c)))
			continue; /* never leaves this function */
		p->data[c] = db_col_dup(ctx, st, 1);
		p->data_at[c] = db_col_dup(ctx, st, 2);
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

int
person_update(
    struct ctx *ctx, const struct access_grant *g, const struct person_in *in)
{
	struct person p;
	struct db_stmt *st;
	int rc;

	rc = access_grant_covers(ctx, g, person_in_cats(in), ACT_WRITE);
	if (rc == E_OK)
		rc = load_identity(ctx, g->person_id, &p);
	if (rc != E_OK)
		return rc;
	if (person_in_cats(in) & CAT_BIT(CAT_ADMIN)) {
		rc = merge_identity(ctx, &p, in);
		if (rc != E_OK)
			return rc;
		st = db_stmt(ctx->db, Q_PERSON_UPDATE);
		db_bind_text(st, 1, p.birth_name);
		db_bind_text(st, 2, p.first_names);
		db_bind_text(st, 3, p.used_name);
		db_bind_text(st, 4, p.used_first_name);
		db_bind_text(st, 5, p.birth_date);
		db_bind_text(st, 6, p.sex);
		db_bind_text(st, 7, p.birthplace_insee);
		db_bind_text(st, 8, p.ins);
		db_bind_text(st, 9, p.ins_oid);
		db_bind_text(st, 10, p.identity_status);
		db_bind_text(st, 11, search_key(ctx, &p));
		db_bind_text(st, 12, ctx->now);
		db_bind_text(st, 13, p.address);
		db_bind_text(st, 14, p.commune_code);
		bind_vigilance(st, 15, &p);
		db_bind_text(st, 22, p.phone);
		db_bind_text(st, 23, p.birth_name_typed);
		db_bind_text(st, 24, p.first_names_typed);
		db_bind_i64(st, 25, ctx->crt_id);
		db_bind_i64(st, 26, g->person_id);
		rc = db_run(ctx, st);
		if (rc != E_OK && db_last_fail(ctx->db) == DBF_UNIQUE) {
			err_clear(ctx);
			return ins_taken(ctx, 0);
		}
		if (rc == E_OK)
			rc =
			    write_name_keys(ctx, ctx->crt_id, g->person_id, &p);
		if (rc != E_OK)
			return rc;
	}
	rc = write_data(ctx, g->person_id, in);
	if (rc == E_OK)
		rc = event_emit(
		    ctx, "person.changed", g->person_id, g->person_id);
	return rc;
}

/* A search of the person list, parsed (issue 10 §4). */
#define SEARCH_SLOTS 4
struct search {
	const char *tok[SEARCH_SLOTS]; /* folded name tokens, "" unused */
	const char *hi[SEARCH_SLOTS]; /* prefix range's upper bound */
	const char *phon[SEARCH_SLOTS]; /* phonetic key, "" none */
	const char *vars[SEARCH_SLOTS]; /* JSON: token + its deletions */
	const char *all; /* JSON: every token, for the rank */
	const char *date; /* ISO birth date or "" */
	const char *ins; /* INS or "" */
};

/* A birth date typed as JJ/MM/AAAA, AAAA-MM-JJ or JJMMAAAA (also
 * AAAAMMJJ when that is not a day), ISO in the arena; NULL otherwise. */
static const char *
search_date(struct ctx *ctx, const char *t)
{
	int d, m, y;
	char tail;
	const char *iso = NULL;

	if (sscanf(t, "%2d/%2d/%4d%c", &d, &m, &y, &tail) == 3)
		iso = arena_printf(&ctx->arena, "%04d-%02d-%02d", y, m, d);
	else if (clock_valid_date(t))
		return t;
	else if (strlen(t) == 8 && strspn(t, "0123456789") == 8) {
		iso = arena_printf(
		    &ctx->arena, "%.4s-%.2s-%.2s", t + 4, t + 2, t);
		if (!clock_valid_date(iso))
			iso = arena_printf(
			    &ctx->arena, "%.4s-%.2s-%.2s", t, t + 4, t + 6);
	}
	return iso != NULL && clock_valid_date(iso) ? iso : NULL;
}

/*
 * What a search text means: an INS (15 characters with a valid key), or
 * words in any order, each a birth date (search_date) or a name token
 * (folded; the first SEARCH_SLOTS are used, each must match).
 */
static void
parse_q(struct ctx *ctx, const char *q, struct search *s)
{
	const char **tok = NULL, **var, *p, *date;
	char *w;
	int n = 0, cap = 0, nv, vcap, i;
	size_t len;

	for (i = 0; i < SEARCH_SLOTS; i++)
		s->tok[i] = s->hi[i] = s->phon[i] = "";
	for (i = 0; i < SEARCH_SLOTS; i++)
		s->vars[i] = "[]";
	s->all = "[]";
	s->date = s->ins = "";
	if (q == NULL || q[0] == '\0')
		return;
	if (ins_valid(q)) {
		s->ins = q;
		return;
	}
	for (p = q; *p != '\0';) {
		len = strcspn(p, " \t");
		w = arena_alloc(&ctx->arena, len + 1);
		if (w == NULL)
			return;
		memcpy(w, p, len);
		w[len] = '\0';
		p += len;
		p += strspn(p, " \t");
		if (len == 0)
			continue;
		date = search_date(ctx, w);
		if (date != NULL)
			s->date = date;
		else
			name_key_tokens(&ctx->arena, w, &tok, &n, &cap);
	}
	if (n > SEARCH_SLOTS)
		n = SEARCH_SLOTS;
	for (i = 0; i < n; i++) {
		s->tok[i] = tok[i];
		/* Above any continuation of the token: U+10FFFF. */
		s->hi[i] =
		    arena_printf(&ctx->arena, "%s\xf4\x8f\xbf\xbf", tok[i]);
		if (strlen(tok[i]) < NAME_KEY_FUZZY_MIN)
			continue;
		s->phon[i] = name_key_phonetic(&ctx->arena, tok[i]);
		var = NULL;
		nv = vcap = 0;
		name_key_deletions(&ctx->arena, tok[i], &var, &nv, &vcap);
		{
			const char **slot = arena_push(
			    &ctx->arena, &var, &nv, &vcap, sizeof(*slot));

			if (slot != NULL)
				*slot = tok[i];
		}
		s->vars[i] = json_strings(ctx, var, nv);
	}
	s->all = json_strings(ctx, tok, n);
}

int
person_emergency_search(struct ctx *ctx, const char *name,
    const char *birth_date, const char *commune, struct person_emergency **out,
    int *n, int *more)
{
	/* The whole CRT: a row is an identity, decided and traced below. */
	const struct access_list_filter all = { 1, 0, 0 };
	struct person_emergency *v = NULL, *x;
	struct person_query pq;
	struct search sq;
	struct db_stmt *st;
	enum db_res r;
	int cap = 0, i, k, letters = 0;

	*out = NULL;
	*n = *more = 0;
	/* The name alone, parsed as the list's search parses it (issue 10
	 * §4: any order, accents, one typo, phonetic). */
	parse_q(ctx, name, &sq);
	for (k = 0; k < SEARCH_SLOTS; k++)
		for (i = 0; sq.tok[k][i] != '\0'; i++)
			letters += sq.tok[k][i] >= 'a' && sq.tok[k][i] <= 'z';
	if (letters < 2)
		return err_set(ctx, E_INVALID, "emergency.name.required",
		    "name",
		    "Saisissez le nom de la personne (au moins 2 lettres).");
	if (birth_date == NULL && commune == NULL)
		return err_set(ctx, E_INVALID, "emergency.narrow.required",
		    "birth_date",
		    "Précisez la date de naissance ou la commune : la "
		    "recherche d'urgence ne parcourt pas le fichier.");
	if (birth_date != NULL && !clock_valid_date(birth_date))
		return err_set(ctx, E_INVALID, "emergency.birth_date.invalid",
		    "birth_date", "La date de naissance est invalide.");
	memset(&pq, 0, sizeof(pq));
	pq.q = birth_date != NULL
	    ? arena_printf(&ctx->arena, "%s %s", name, birth_date)
	    : name;
	pq.commune = commune;
	pq.beneficiary = -1;
	pq.limit = PERSON_EMERGENCY_MAX + 1;
	st = db_stmt(ctx->db, Q_PERSON_LIST);
	person_query_bind(ctx, st, &all, &pq);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		if (*n == PERSON_EMERGENCY_MAX) {
			*more = 1;
			break;
		}
		x = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (x == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		row_person(ctx, st, &x->p);
	}
	if (r == DB_ERR)
		return ctx->err;
	db_stmt(ctx->db, Q_PERSON_LIST);
	/* Decided after the query: the access statements would reset it. */
	for (i = 0; i < *n; i++) {
		x = &v[i];
		if (x->p.commune_code != NULL &&
		    territory_commune(ctx, x->p.commune_code, &x->p.commune) ==
			E_OK)
			x->p.has_commune = 1;
		else
			err_clear(ctx);
		if (access_emergency_row(
			ctx, x->p.id, "person.emergency", &x->e) != E_OK)
			return ctx->err;
	}
	*out = v;
	return E_OK;
}

void
person_filter_bind(
    struct ctx *ctx, struct db_stmt *st, const struct access_list_filter *f)
{
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, f->need_circle);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_i64(st, 4, ctx->org_id);
	db_bind_i64(st, 5, f->check_objections);
	db_bind_i64(st, 6, ctx->org_id);
}

/* The list filter of the user's role; E_FORBIDDEN for a role without
 * the person list (the technical administrator). */
static int
list_filter(struct ctx *ctx, struct access_list_filter *f)
{
	if (access_list_filter(ctx, f) != E_OK)
		return ctx->err;
	if (!f->allowed)
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Votre rôle ne donne pas accès aux dossiers des "
		    "personnes.");
	return E_OK;
}

void
person_query_bind(struct ctx *ctx, struct db_stmt *st,
    const struct access_list_filter *f, const struct person_query *pq)
{
	const char *commune = pq->commune ? pq->commune : "";
	struct search sq;
	int t, at;

	parse_q(ctx, pq->q, &sq);
	person_filter_bind(ctx, st, f);
	for (t = 0, at = 7; t < SEARCH_SLOTS; t++, at += 8) {
		db_bind_text(st, at, sq.tok[t]);
		db_bind_i64(st, at + 1, ctx->crt_id);
		db_bind_text(st, at + 2, sq.tok[t]);
		db_bind_text(st, at + 3, sq.hi[t]);
		db_bind_i64(st, at + 4, ctx->crt_id);
		db_bind_text(st, at + 5, sq.phon[t]);
		db_bind_i64(st, at + 6, ctx->crt_id);
		db_bind_text(st, at + 7, sq.vars[t]);
	}
	db_bind_text(st, at, sq.date);
	db_bind_text(st, at + 1, sq.date);
	db_bind_text(st, at + 2, sq.ins);
	db_bind_text(st, at + 3, sq.ins);
	db_bind_text(st, at + 4, commune);
	db_bind_text(st, at + 5, commune);
	db_bind_i64(st, at + 6, pq->volet2);
	db_bind_i64(st, at + 7, pq->gir);
	db_bind_i64(st, at + 8, pq->gir);
	db_bind_i64(st, at + 9, pq->beneficiary);
	db_bind_i64(st, at + 10, pq->beneficiary);
	/* Q_PERSON_LIST only: the rank's tokens and the page. */
	db_bind_text(st, at + 11, sq.all);
	db_bind_i64(st, at + 12, pq->limit);
	db_bind_i64(st, at + 13, pq->offset);
}

int
person_list(struct ctx *ctx, const struct person_query *pq, struct person **out,
    int *n, int64_t *total)
{
	struct access_list_filter f;
	struct access_grant g;
	enum access_row row;
	struct db_stmt *st;
	struct person *v = NULL, *p;
	enum db_res r;
	int cap = 0, i, k;

	*n = 0;
	*total = 0;
	*out = NULL;
	if (list_filter(ctx, &f) != E_OK)
		return ctx->err;
	/* The GIR is `soins` data: filtering by it would disclose it. */
	if (pq->gir != 0 &&
	    !(access_role_ceiling(ctx->role, ACT_READ) & CAT_BIT(CAT_SOINS)))
		return err_set(ctx, E_FORBIDDEN, "persons.gir.forbidden", "gir",
		    "Votre rôle ne permet pas de filtrer sur le GIR.");
	for (i = 0; i < 2; i++) {
		st = db_stmt(ctx->db, i == 0 ? Q_PERSON_COUNT : Q_PERSON_LIST);
		person_query_bind(ctx, st, &f, pq);
		if (i == 0) {
			if (db_step(ctx, st) != DB_ROW)
				return ctx->err ? ctx->err : E_DB;
			*total = db_col_i64(st, 0);
			db_stmt(ctx->db, Q_PERSON_COUNT);
			continue;
		}
		while ((r = db_step(ctx, st)) == DB_ROW) {
			p = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
			if (p == NULL)
				return err_set(ctx, E_TOOBIG, "request.too_big",
				    NULL, "Réponse trop volumineuse.");
			row_person(ctx, st, p);
			if (access_role_is_external(ctx->role) &&
			    strcmp(p->identity_status, "QUAL") != 0)
				p->ins = p->ins_oid = NULL;
		}
		if (r == DB_ERR)
			return ctx->err;
	}
	/* The SQL filter and access_decide() agree (unit test over the
	 * matrix); each row is still decided and traced by the access
	 * module, and a row it refuses is left out. Decided after the
	 * query: the access statements would reset the list's. */
	for (i = k = 0; i < *n; i++) {
		if (access_list_row(ctx, v[i].id, CAT_BIT(CAT_ADMIN),
			"person.list", &g, &row) != E_OK)
			return ctx->err;
		if (row == ACCESS_ROW_VISIBLE)
			v[k++] = v[i];
	}
	*total -= *n - k;
	*n = k;
	*out = v;
	return E_OK;
}

int
person_circle(struct ctx *ctx, const struct access_grant *g,
    struct circle_member **out, int *n)
{
	struct db_stmt *st;
	struct circle_member *v = NULL, *m;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_CIRCLE_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		m = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (m == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		m->id = db_col_i64(st, 0);
		m->user_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
		m->org_id = db_col_null(st, 2) ? 0 : db_col_i64(st, 2);
		m->role = db_col_dup(ctx, st, 3);
		m->since = db_col_dup(ctx, st, 4);
		m->name = db_col_dup(ctx, st, m->user_id ? 5 : 7);
		m->kind = db_col_dup(ctx, st, m->user_id ? 6 : 8);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
person_circle_add(struct ctx *ctx, const struct access_grant *g,
    int64_t user_id, int64_t org_id, const char *role, int64_t *id)
{
	struct db_stmt *st;
	struct user u;
	struct org o;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	if ((user_id != 0) == (org_id != 0))
		return err_set(ctx, E_INVALID, "circle.member.one_of",
		    "user_id",
		    "Indiquez soit un professionnel, soit une "
		    "structure.");
	rc = user_id ? user_get(ctx, user_id, &u) : org_get(ctx, org_id, &o);
	if (rc != E_OK)
		return rc;
	/* SPEC: issue 11 — a proche account is never in a care circle. */
	if (user_id && access_role_is_proche(access_role_from(u.role)))
		return err_set(ctx, E_INVALID, "circle.member.proche",
		    "user_id",
		    "Un compte proche ne fait pas partie du cercle de "
		    "soins.");
	st = db_stmt(ctx->db, Q_CIRCLE_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	if (user_id)
		db_bind_i64(st, 3, user_id);
	else
		db_bind_null(st, 3);
	if (org_id)
		db_bind_i64(st, 4, org_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, role);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->user_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "circle.changed", g->person_id, *id);
	return rc;
}

int
person_circle_end(
    struct ctx *ctx, const struct access_grant *g, int64_t member_id)
{
	struct db_stmt *st;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_CIRCLE_END);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, g->person_id);
	db_bind_i64(st, 4, member_id);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) == 0)
		return err_set(ctx, E_NOT_FOUND, "circle.not_found", NULL,
		    "Ce membre du cercle de soins n'existe pas.");
	if (rc == E_OK)
		rc = event_emit(ctx, "circle.changed", g->person_id, member_id);
	return rc;
}

int
person_objections(struct ctx *ctx, const struct access_grant *g,
    struct objection **out, int *n)
{
	struct db_stmt *st;
	struct objection *v = NULL, *o;
	enum db_res r;
	int cap = 0;

	*n = 0;
	*out = NULL;
	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_READ) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_OBJ_LIST);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		o = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (o == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		o->id = db_col_i64(st, 0);
		o->org_id = db_col_null(st, 1) ? 0 : db_col_i64(st, 1);
		o->org_name = db_col_dup(ctx, st, 2);
		o->category = db_col_dup(ctx, st, 3);
		o->note = db_col_dup(ctx, st, 4);
		o->since = db_col_dup(ctx, st, 5);
		o->withdrawn_at = db_col_dup(ctx, st, 6);
		o->informed_on = db_col_dup(ctx, st, 7);
		o->informed_by = db_col_dup(ctx, st, 8);
	}
	*out = v;
	return r == DB_ERR ? ctx->err : E_OK;
}

int
person_objection_add(struct ctx *ctx, const struct access_grant *g,
    int64_t org_id, const char *category, const char *note,
    const char *informed_on, const char *informed_by, int64_t *id)
{
	struct db_stmt *st;
	struct org o;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	if ((org_id != 0) == (category != NULL))
		return err_set(ctx, E_INVALID, "objection.target.one_of",
		    "org_id",
		    "Indiquez soit une structure, soit une "
		    "catégorie de données.");
	if (org_id != 0) {
		rc = org_get(ctx, org_id, &o);
		if (rc != E_OK)
			return rc;
		if (o.is_self)
			return err_set(ctx, E_INVALID, "objection.org_id.self",
			    "org_id",
			    "L'opposition vise le partage hors de l'équipe "
			    "du CRT.");
	}
	if (informed_on != NULL &&
	    strcmp(informed_on, clock_latest_today(&ctx->arena)) > 0)
		return err_set(ctx, E_INVALID, "objection.informed_on.future",
		    "informed_on",
		    "La date de l'opposition ne peut pas être dans le futur.");
	st = db_stmt(ctx->db, Q_OBJ_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, g->person_id);
	if (org_id)
		db_bind_i64(st, 3, org_id);
	else
		db_bind_null(st, 3);
	db_bind_text(st, 4, category);
	db_bind_text(st, 5, note);
	db_bind_text(st, 6, ctx->now);
	db_bind_i64(st, 7, ctx->user_id);
	db_bind_text(st, 8, informed_on);
	db_bind_text(st, 9, informed_by);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err ? ctx->err : E_DB;
	*id = db_col_i64(st, 0);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = event_emit(ctx, "consent.changed", g->person_id, *id);
	return rc;
}

int
person_objection_withdraw(
    struct ctx *ctx, const struct access_grant *g, int64_t oid)
{
	struct db_stmt *st;
	int rc;

	if (access_grant_covers(ctx, g, CAT_BIT(CAT_ADMIN), ACT_WRITE) != E_OK)
		return ctx->err;
	st = db_stmt(ctx->db, Q_OBJ_WITHDRAW);
	db_bind_text(st, 1, ctx->now);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, g->person_id);
	db_bind_i64(st, 4, oid);
	rc = db_run(ctx, st);
	if (rc == E_OK && db_changes(st) == 0)
		return err_set(ctx, E_NOT_FOUND, "objection.not_found", NULL,
		    "Cette opposition n'existe pas ou est déjà levée.");
	if (rc == E_OK)
		rc = event_emit(ctx, "consent.changed", g->person_id, oid);
	return rc;
}

/*
 * SPEC: issue 10 §3 — the duplicate check before a creation: the persons
 * of the CRT that could be the identity typed (find_dups, the rule of the
 * after-write warning). Each one is decided and traced by the access
 * module as a list row ("person.candidates"); the identity of a person the
 * user may not read is withheld (counted in *hidden).
 */
int
person_candidates(struct ctx *ctx, const struct person *probe,
    struct person **out, int *n, int *hidden)
{
	struct access_list_filter f;
	struct access_grant g;
	enum access_row row;
	struct person *v = NULL, *p;
	int64_t *ids;
	int nid, cap = 0, i, rc;

	*out = NULL;
	*n = *hidden = 0;
	if (list_filter(ctx, &f) != E_OK)
		return ctx->err;
	rc = find_dups(ctx, probe, 0, 10, &ids, &nid);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nid; i++) {
		if (access_list_row(ctx, ids[i], CAT_BIT(CAT_ADMIN),
			"person.candidates", &g, &row) != E_OK)
			return ctx->err;
		if (row != ACCESS_ROW_VISIBLE) {
			(*hidden)++;
			continue;
		}
		p = arena_push(&ctx->arena, &v, n, &cap, sizeof(*v));
		if (p == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		rc = load_identity(ctx, ids[i], p);
		if (rc != E_OK)
			return rc;
		if (access_role_is_external(ctx->role) &&
		    strcmp(p->identity_status, "QUAL") != 0)
			p->ins = p->ins_oid = NULL;
	}
	*out = v;
	return E_OK;
}
