/*
 * The access decision (PRODUCT §1). Owns: the role ceilings (legal bounds,
 * in code), the default profession × category matrix (seeded as data and
 * editable within the ceilings), the gathering of facts from the database
 * and the trace row of every decision. Must not: render anything, or let
 * a caller obtain person data without going through access_require().
 */
#include <stdio.h>
#include <string.h>

#include "access/access.h"
#include "audit/audit.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"

/* SPEC: PRODUCT §1 roles */
const char *const access_role_codes[ROLE__MAX + 1] = { "admin", "direction",
	"coordinateur", "medecin", "soignant", "intervenant", "secretariat",
	"partenaire", "proche", NULL };
const char *const access_role_labels[ROLE__MAX + 1] = {
	"Administrateur technique", "Direction", "Coordination", "Médecin",
	"Soignant", "Intervenant", "Secrétariat", "Partenaire externe",
	"Proche (personne ou aidant)", NULL
};
const char *const access_prof_codes[PROF__MAX + 1] = { "administrateur",
	"directeur", "idec", "medecin", "ide", "aide_soignant", "asg", "aes",
	"ergotherapeute", "psychologue", "psychomotricien", "dieteticien",
	"enseignant_apa", "assistant_social", "animateur", "secretaire",
	"coordinateur_parcours", "proche", NULL };
const char *const access_prof_labels[PROF__MAX + 1] = {
	"Administrateur technique", "Directeur / chef de projet",
	"Infirmier(ère) coordinateur(trice) (IDEC)", "Médecin",
	"Infirmier(ère) (IDE)", "Aide-soignant(e)",
	"Assistant(e) de soins en gérontologie",
	"Accompagnant(e) éducatif et social / aide à domicile",
	"Ergothérapeute", "Psychologue", "Psychomotricien(ne)",
	"Diététicien(ne)", "Enseignant(e) en activité physique adaptée",
	"Assistant(e) de service social", "Animateur(trice)",
	"Secrétaire médical(e)", "Coordinateur(trice) de parcours (DAC)",
	"Proche (personne ou aidant)", NULL
};
const char *const access_cat_codes[CAT__MAX + 1] = { "admin", "social", "soins",
	"medical", "psy", NULL };
const char *const access_cat_labels[CAT__MAX + 1] = { "Administratif", "Social",
	"Soins", "Médical", "Psychologique", NULL };

#define R(c) CAT_BIT(CAT_##c)

/*
 * Legal ceilings per role (PRODUCT §1 table). The editable matrix can
 * only narrow these: an admin never reads a record, the secretariat never
 * reads clinical notes, the direction never reads medical notes.
 */
static const unsigned ceiling[ROLE__MAX][2] = {
	[ROLE_ADMIN] = { 0, 0 },
	[ROLE_DIRECTION] = { R(ADMIN) | R(SOCIAL) | R(SOINS), 0 },
	[ROLE_COORDINATEUR] = { CAT_ALL, R(ADMIN) | R(SOCIAL) | R(SOINS) },
	[ROLE_MEDECIN] = { CAT_ALL, CAT_ALL },
	[ROLE_SOIGNANT] = { R(ADMIN) | R(SOCIAL) | R(SOINS) | R(MEDICAL),
	    R(SOINS) },
	[ROLE_INTERVENANT] = { R(ADMIN) | R(SOCIAL) | R(SOINS) | R(PSY),
	    R(SOCIAL) | R(SOINS) | R(PSY) },
	[ROLE_SECRETARIAT] = { R(ADMIN), R(ADMIN) },
	[ROLE_PARTENAIRE] = { R(ADMIN) | R(SOCIAL) | R(SOINS) | R(MEDICAL),
	    R(SOINS) },
	/* SPEC: issue 11 — the person or her caregiver reads no category
	 * of the record: her planning is read through
	 * access_proche_require() only. */
	[ROLE_PROCHE] = { 0, 0 },
};

/* Default matrix: what each profession's work needs (r, w). */
static const unsigned defaults[PROF__MAX][2] = {
	[PROF_ADMINISTRATEUR] = { 0, 0 },
	[PROF_DIRECTEUR] = { R(ADMIN) | R(SOCIAL) | R(SOINS), 0 },
	[PROF_IDEC] = { CAT_ALL, R(ADMIN) | R(SOCIAL) | R(SOINS) },
	[PROF_MEDECIN] = { CAT_ALL, CAT_ALL },
	[PROF_IDE] = { R(ADMIN) | R(SOCIAL) | R(SOINS) | R(MEDICAL), R(SOINS) },
	[PROF_AIDE_SOIGNANT] = { R(ADMIN) | R(SOCIAL) | R(SOINS), R(SOINS) },
	[PROF_ASG] = { R(ADMIN) | R(SOCIAL) | R(SOINS), R(SOINS) },
	[PROF_AES] = { R(ADMIN) | R(SOINS), R(SOINS) },
	[PROF_ERGOTHERAPEUTE] = { R(ADMIN) | R(SOCIAL) | R(SOINS), R(SOINS) },
	[PROF_PSYCHOLOGUE] = { R(ADMIN) | R(SOCIAL) | R(SOINS) | R(PSY),
	    R(PSY) },
	[PROF_PSYCHOMOTRICIEN] = { R(ADMIN) | R(SOINS), R(SOINS) },
	[PROF_DIETETICIEN] = { R(ADMIN) | R(SOINS), R(SOINS) },
	[PROF_ENSEIGNANT_APA] = { R(ADMIN) | R(SOINS), R(SOINS) },
	[PROF_ASSISTANT_SOCIAL] = { R(ADMIN) | R(SOCIAL), R(SOCIAL) },
	[PROF_ANIMATEUR] = { R(ADMIN) | R(SOCIAL), 0 },
	[PROF_SECRETAIRE] = { R(ADMIN), R(ADMIN) },
	[PROF_COORDINATEUR_PARCOURS] = { R(ADMIN) | R(SOCIAL) | R(SOINS), 0 },
	[PROF_PROCHE] = { 0, 0 },
};

#define RB(r) ROLE_BIT(ROLE_##r)

/* The roles a profession may hold; its legal ceiling is their union. */
static const unsigned prof_roles[PROF__MAX] = {
	[PROF_ADMINISTRATEUR] = RB(ADMIN),
	[PROF_DIRECTEUR] = RB(DIRECTION),
	[PROF_IDEC] = RB(COORDINATEUR) | RB(SOIGNANT),
	[PROF_MEDECIN] = RB(MEDECIN) | RB(PARTENAIRE),
	[PROF_IDE] = RB(SOIGNANT) | RB(COORDINATEUR) | RB(PARTENAIRE),
	[PROF_AIDE_SOIGNANT] = RB(SOIGNANT) | RB(PARTENAIRE),
	[PROF_ASG] = RB(SOIGNANT) | RB(PARTENAIRE),
	[PROF_AES] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_ERGOTHERAPEUTE] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_PSYCHOLOGUE] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_PSYCHOMOTRICIEN] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_DIETETICIEN] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_ENSEIGNANT_APA] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_ASSISTANT_SOCIAL] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_ANIMATEUR] = RB(INTERVENANT) | RB(PARTENAIRE),
	[PROF_SECRETAIRE] = RB(SECRETARIAT),
	[PROF_COORDINATEUR_PARCOURS] = RB(PARTENAIRE),
	[PROF_PROCHE] = RB(PROCHE),
};

int
access_prof_allows_role(enum profession p, enum role r)
{
	if ((int)p < 0 || p >= PROF__MAX || (int)r < 0 || r >= ROLE__MAX)
		return 0;
	return (prof_roles[p] & ROLE_BIT(r)) != 0;
}

unsigned
access_prof_ceiling(enum profession p, enum act a)
{
	unsigned c = 0;
	int r;

	for (r = 0; r < ROLE__MAX; r++)
		if (access_prof_allows_role(p, r))
			c |= ceiling[r][a == ACT_WRITE];
	return c;
}

/* Break-the-glass opens what the emergency view (DLU) needs. */
#define BREAKGLASS_CATS (R(ADMIN) | R(SOINS) | R(MEDICAL))
/* Issue 13: what the on-call person needs of the person of an open call:
 * the DLU's categories and the social one (her caregivers). */
#define ONCALL_CATS (R(ADMIN) | R(SOCIAL) | R(SOINS) | R(MEDICAL))
#define BREAKGLASS_SECS (4 * 3600)

unsigned
access_role_ceiling(enum role r, enum act a)
{
	if ((int)r < 0 || r >= ROLE__MAX)
		return 0;
	return ceiling[r][a == ACT_WRITE];
}

/*
 * Need to know: care staff, intervenants and partners see the people they
 * follow (their care circle); the on-call aide for someone else breaks
 * the glass (PRODUCT §1). Coordination, doctor, direction and secretariat
 * work on every record of the CRT.
 */
int
access_role_needs_circle(enum role r)
{
	return r == ROLE_SOIGNANT || r == ROLE_INTERVENANT ||
	    r == ROLE_PARTENAIRE;
}

int
access_role_is_external(enum role r)
{
	return r == ROLE_PARTENAIRE;
}

int
access_role_reads_records(enum role r)
{
	/* An unknown role is treated as one that reads. The proche reads
	 * no category of a record (only its person's planning, through
	 * access_proche_require), and its account is never approved: it is
	 * made from the record by the coordination (issue 11). */
	return (int)r < 0 || r >= ROLE__MAX ||
	    (r != ROLE_ADMIN && r != ROLE_PROCHE);
}

/* SPEC: issue 8 point 2 (review) — the approver covers the target. */
int
access_may_approve(
    enum role r, enum profession p, enum role tr, enum profession tp)
{
	unsigned mine, theirs;

	if ((int)r < 0 || r >= ROLE__MAX || (int)p < 0 || p >= PROF__MAX ||
	    (int)tr < 0 || tr >= ROLE__MAX || (int)tp < 0 || tp >= PROF__MAX)
		return 0;
	mine =
	    access_role_ceiling(r, ACT_READ) & access_prof_ceiling(p, ACT_READ);
	theirs = access_role_ceiling(tr, ACT_READ) &
	    access_prof_ceiling(tp, ACT_READ);
	return mine != 0 && (theirs & ~mine) == 0;
}

int
access_role_is_proche(enum role r)
{
	return r == ROLE_PROCHE;
}

int
access_role_may_breakglass(enum role r)
{
	/* Partners outside the circle get no emergency grant (issue 8):
	 * the on-call service is the CRT's own team. */
	return r == ROLE_MEDECIN || r == ROLE_SOIGNANT ||
	    r == ROLE_INTERVENANT || r == ROLE_COORDINATEUR;
}

void
access_default_rule(enum profession p, enum category c, int *r, int *w)
{
	*r = (defaults[p][0] & CAT_BIT(c)) != 0;
	*w = (defaults[p][1] & CAT_BIT(c)) != 0;
}

void
access_decide(const struct access_facts *f, struct access_grant *g)
{
	unsigned rd, wr;

	/* DOMAIN: access = role ceiling ∩ matrix ∩ circle ∩ consent */
	rd = access_role_ceiling(f->role, ACT_READ) & f->matrix_read;
	wr = access_role_ceiling(f->role, ACT_WRITE) & f->matrix_write;
	wr &= rd; /* writing supposes reading */
	if (access_role_needs_circle(f->role) && !f->in_circle)
		rd = wr = 0;
	if (access_role_is_external(f->role)) {
		if (f->org_objected)
			rd = wr = 0;
		rd &= ~f->objected_cats;
		wr &= ~f->objected_cats;
	}
	/* Without the identity nothing else can be shown. */
	if (!(rd & R(ADMIN)))
		rd = wr = 0;
	g->kind = rd ? GRANT_NORMAL : GRANT_NONE;
	g->read = rd;
	g->write = wr;
	g->base_read = rd;
	if (f->oncall && access_role_may_breakglass(f->role)) {
		/* SPEC: issue 13 — the duty itself opens, while on shift,
		 * what the on-call person needs, within the role's legal
		 * ceiling ∩ the profession's matrix; consent still binds a
		 * partner (rd above); never a write beyond her own. */
		unsigned oc = ONCALL_CATS &
		    access_role_ceiling(f->role, ACT_READ) & f->matrix_read;

		if (access_role_is_external(f->role))
			oc &= f->org_objected ? 0 : ~f->objected_cats;
		if ((oc & CAT_BIT(CAT_ADMIN)) != 0 && (oc & ~rd) != 0) {
			g->kind = GRANT_ONCALL;
			g->read = rd | oc;
			return;
		}
	}
	if (f->breakglass && access_role_may_breakglass(f->role)) {
		/* Emergency: what an on-call responder needs (identity, DLU,
		 * care notes: the DLU categories), never beyond the role's
		 * legal ceiling ∩ the profession's matrix, never a write. */
		unsigned bg = BREAKGLASS_CATS &
		    access_role_ceiling(f->role, ACT_READ) & f->matrix_read;

		if ((bg & CAT_BIT(CAT_ADMIN)) == 0 || (bg & ~rd) == 0)
			return;
		g->kind = GRANT_BREAKGLASS;
		g->read = rd | bg;
	}
}

const char *
access_cats_str(struct ctx *ctx, unsigned cats)
{
	char buf[64];
	size_t o = 0, n;
	int c;

	/* The codes are short and few: 5 × 8 characters fit in buf. */
	for (c = 0; c < CAT__MAX; c++) {
		if (!(cats & CAT_BIT(c)))
			continue;
		if (o)
			buf[o++] = ',';
		n = strlen(access_cat_codes[c]);
		memcpy(buf + o, access_cat_codes[c], n);
		o += n;
	}
	buf[o] = '\0';
	return arena_strdup(&ctx->arena, buf);
}

static int
access_index(const char *const *list, const char *s)
{
	int i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

int
access_role_from(const char *s)
{
	return s ? access_index(access_role_codes, s) : -1;
}

int
access_prof_from(const char *s)
{
	return s ? access_index(access_prof_codes, s) : -1;
}

int
access_cat_from(const char *s)
{
	return s ? access_index(access_cat_codes, s) : -1;
}

static int matrix_get(struct ctx *, enum profession, unsigned *, unsigned *);
static int rules_bump(struct ctx *, int64_t);

int
access_list_filter(struct ctx *ctx, struct access_list_filter *f)
{
	unsigned rd, wr;

	memset(f, 0, sizeof(*f));
	f->need_circle = access_role_needs_circle(ctx->role);
	f->check_objections = access_role_is_external(ctx->role);
	if (!(access_role_ceiling(ctx->role, ACT_READ) & R(ADMIN)))
		return E_OK;
	/* The identity must be readable per the matrix too. */
	if (matrix_get(ctx, ctx->profession, &rd, &wr) != E_OK)
		return ctx->err;
	f->allowed = (rd & CAT_BIT(CAT_ADMIN)) != 0;
	return E_OK;
}

/* Whether an open break-the-glass grant could change the decision
 * (saves the lookup for, e.g., a coordinator who reads everything). */
static access_oncall_fn oncall_fact;

void
access_set_oncall(access_oncall_fn fn)
{
	oncall_fact = fn;
}

/* Whether being on duty for this person would change the grant (else the
 * roster is not asked). */
static int
oncall_could_add(const struct access_facts *f)
{
	struct access_facts with = *f;
	struct access_grant a, b;

	with.oncall = 0;
	access_decide(&with, &a);
	with.oncall = 1;
	access_decide(&with, &b);
	return a.kind != b.kind || a.read != b.read;
}

static int
breakglass_could_add(const struct access_facts *f)
{
	struct access_facts with = *f;
	struct access_grant a, b;

	with.breakglass = 0;
	access_decide(&with, &a);
	with.breakglass = 1;
	access_decide(&with, &b);
	return a.kind != b.kind || a.read != b.read;
}

/*
 * The CRT's matrix row of a profession (CAT_BITs read and written).
 * Issue 9 §5: rows are kept per thread, keyed by CRT, profession and the
 * CRT's rules revision (access_rules_rev, read with the session in the same
 * snapshot as the request, raised in the transaction of every rule
 * change), so a change made by any process is seen at the next request;
 * without a known revision (CLI, seed, login) the database is read.
 */
#define MATRIX_SLOTS 64
struct matrix_slot {
	int64_t crt_id, tag;
	int prof;
	unsigned rd, wr;
};
static _Thread_local struct matrix_slot matrix_cache[MATRIX_SLOTS];

static int
matrix_get(struct ctx *ctx, enum profession prof, unsigned *rd, unsigned *wr)
{
	struct matrix_slot *m =
	    &matrix_cache[((uint64_t)ctx->crt_id * 31u + (unsigned)prof) %
		MATRIX_SLOTS];
	struct db_stmt *st;
	enum db_res r;
	int c;

	if (ctx->rules_tag != 0 && m->tag == ctx->rules_tag &&
	    m->crt_id == ctx->crt_id && m->prof == (int)prof) {
		*rd = m->rd;
		*wr = m->wr;
		return E_OK;
	}
	*rd = *wr = 0;
	st = db_stmt(ctx->db, Q_RULE_PROF);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, access_prof_codes[prof]);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		c = access_cat_from(db_col_text(st, 0));
		if (c < 0)
			continue;
		if (db_col_i64(st, 1))
			*rd |= CAT_BIT(c);
		if (db_col_i64(st, 2))
			*wr |= CAT_BIT(c);
	}
	if (r == DB_ERR)
		return ctx->err;
	if (ctx->rules_tag != 0) {
		m->crt_id = ctx->crt_id;
		m->prof = (int)prof;
		m->tag = ctx->rules_tag;
		m->rd = *rd;
		m->wr = *wr;
	}
	return E_OK;
}

/* After a rule change: raise the CRT's revision; this request reads the
 * database from now on (its tag is the old revision's). */
static int
rules_bump(struct ctx *ctx, int64_t crt_id)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_RULES_BUMP);

	db_bind_i64(st, 1, crt_id);
	ctx->rules_tag = 0;
	return db_run(ctx, st);
}

int
access_matrix(struct ctx *ctx, enum profession prof, unsigned *rd, unsigned *wr)
{
	return matrix_get(ctx, prof, rd, wr);
}

/* Gathers the facts of an account (role, profession, user, org) on a
 * person known to exist: matrix, circle, objections; no break-glass. */
static int
gather_as(struct ctx *ctx, int64_t pid, int role, int prof, int64_t uid,
    int64_t org, struct access_facts *f)
{
	struct db_stmt *st;
	enum db_res r;
	int c;

	memset(f, 0, sizeof(*f));
	f->role = role;
	f->prof = prof;
	if (matrix_get(ctx, prof, &f->matrix_read, &f->matrix_write) != E_OK)
		return ctx->err;
	if (access_role_needs_circle(f->role)) {
		st = db_stmt(ctx->db, Q_CIRCLE_HAS);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, pid);
		db_bind_i64(st, 3, uid);
		db_bind_i64(st, 4, org);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
		f->in_circle = r == DB_ROW;
	}
	if (access_role_is_external(f->role)) {
		st = db_stmt(ctx->db, Q_OBJ_BLOCKS);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, pid);
		db_bind_i64(st, 3, org);
		while ((r = db_step(ctx, st)) == DB_ROW) {
			if (!db_col_null(st, 0))
				f->org_objected = 1;
			c = access_cat_from(db_col_text(st, 1));
			if (c >= 0)
				f->objected_cats |= CAT_BIT(c);
		}
		if (r == DB_ERR)
			return ctx->err;
	}
	return E_OK;
}

/* Gathers the facts for ctx's user on a person known to exist. */
static int
gather(struct ctx *ctx, int64_t pid, struct access_facts *f)
{
	struct db_stmt *st;
	enum db_res r;

	if (gather_as(ctx, pid, ctx->role, ctx->profession, ctx->user_id,
		ctx->org_id, f) != E_OK)
		return ctx->err;
	if (oncall_fact != NULL && access_role_may_breakglass(f->role) &&
	    oncall_could_add(f)) {
		if (oncall_fact(ctx, pid, &f->oncall) != E_OK)
			return ctx->err;
	}
	if (access_role_may_breakglass(f->role) && breakglass_could_add(f)) {
		st = db_stmt(ctx->db, Q_BREAKGLASS_ACTIVE);
		db_bind_i64(st, 1, ctx->crt_id);
		db_bind_i64(st, 2, pid);
		db_bind_i64(st, 3, ctx->user_id);
		db_bind_text(st, 4, ctx->now);
		r = db_step(ctx, st);
		if (r == DB_ERR)
			return ctx->err;
		f->breakglass = r == DB_ROW;
	}
	return E_OK;
}

/*
 * SPEC: issue 8 point 7 — a person one may not see at all and a person
 * who does not exist get the same answer (status, code, message), so ids
 * cannot be probed. The denial is still traced when the person exists.
 */
static int
person_hidden(struct ctx *ctx)
{
	return err_set(ctx, E_NOT_FOUND, "person.not_found", NULL,
	    ACCESS_PERSON_HIDDEN_FR);
}

static int
person_exists(struct ctx *ctx, int64_t pid)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_PERSON_EXISTS);
	enum db_res r;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return person_hidden(ctx);
	return E_OK;
}

int
access_check(struct ctx *ctx, int64_t pid, struct access_grant *g)
{
	struct access_facts f;
	int rc;

	memset(g, 0, sizeof(*g));
	g->person_id = pid;
	rc = person_exists(ctx, pid);
	if (rc == E_OK)
		rc = gather(ctx, pid, &f);
	if (rc != E_OK)
		return rc;
	access_decide(&f, g);
	g->person_id = pid;
	return E_OK;
}

int
access_grant_covers(
    struct ctx *ctx, const struct access_grant *g, unsigned cats, enum act act)
{
	unsigned have = act == ACT_WRITE ? g->write : g->read;

	if (g->kind == GRANT_NONE || cats == 0 || (have & cats) != cats)
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	return E_OK;
}

/*
 * SPEC: issue 8 point 1 — what a break-the-glass grant opens: the person
 * read (identity and the care texts of the grant's categories) and the
 * DLU. Every other action refuses a grant that is only break-the-glass.
 */
int
access_action_is_emergency(const char *action)
{
	static const char *const emergency[] = { "person.read", "dlu.read",
		NULL };
	int i;

	for (i = 0; action != NULL && emergency[i] != NULL; i++)
		if (strcmp(action, emergency[i]) == 0)
			return 1;
	return 0;
}

static const char *const grant_names[] = { "denied", "normal", "breakglass",
	"proche", "oncall" };

int
access_action_is_oncall(const char *action)
{
	static const char *const oncall[] = { "person.read", "dlu.read",
		"caregiver.read", "visit.read", "visit.list", "note.list",
		"note.read", "alarm.read", "alarm.list", "alarm.create", NULL };
	int i;

	for (i = 0; action != NULL && oncall[i] != NULL; i++)
		if (strcmp(action, oncall[i]) == 0)
			return 1;
	return 0;
}

int
access_list_row(struct ctx *ctx, int64_t pid, unsigned cats, const char *action,
    struct access_grant *g, enum access_row *row)
{
	struct access_facts f;
	int rc;

	/* SPEC: PRODUCT §1 — a list shows identities: each one is an
	 * access, decided and traced like a read of the record. The row
	 * comes from the CRT's own query, so the person exists. */
	memset(g, 0, sizeof(*g));
	*row = ACCESS_ROW_HIDDEN;
	rc = gather(ctx, pid, &f);
	if (rc != E_OK)
		return rc;
	access_decide(&f, g);
	g->person_id = pid;
	cats |= CAT_BIT(CAT_ADMIN);
	if (!(g->read & CAT_BIT(CAT_ADMIN))) {
		g->kind = GRANT_NONE;
		g->read = g->write = 0;
		audit_add(ctx, action, pid,
		    access_cats_str(ctx, CAT_BIT(CAT_ADMIN)), "denied",
		    "denied", "");
		return E_OK;
	}
	*row = ACCESS_ROW_VISIBLE;
	audit_add(ctx, action, pid, access_cats_str(ctx, cats & g->read),
	    grant_names[g->kind], "ok", "");
	return E_OK;
}

void
access_list_shared_row(struct ctx *ctx, int64_t pid, const char *action)
{
	audit_add(ctx, action, pid, access_cats_str(ctx, CAT_BIT(CAT_ADMIN)),
	    grant_names[GRANT_NORMAL], "ok", "liste partagée");
}

void
access_trace_write(struct ctx *ctx, int64_t pid, unsigned cats,
    const char *action, const char *detail)
{
	audit_add(ctx, action, pid, access_cats_str(ctx, cats),
	    grant_names[GRANT_NORMAL], "ok", detail);
}

void
access_grant_for_merge(
    const struct access_grant *g, unsigned cats, struct access_grant *out)
{
	*out = *g;
	if (out->kind != GRANT_NONE)
		out->read |= cats;
}

/* SPEC: issue 9 §1 — permissions as data: permission → roles. */
#define INTAKE \
	(RB(COORDINATEUR) | RB(MEDECIN) | RB(SECRETARIAT) | RB(DIRECTION))
#define PREPARE (RB(COORDINATEUR) | RB(MEDECIN) | RB(SECRETARIAT))
#define STEER (RB(COORDINATEUR) | RB(DIRECTION))
/* Every role that works with the CRT: all but the proche (issue 11). */
#define STAFF (((1u << ROLE__MAX) - 1) & ~RB(PROCHE))

static const unsigned perm_roles[PERM__MAX] = {
	[PERM_ANY] = (1u << ROLE__MAX) - 1,
	/* UI permissions of the person routes, which the access decision
	 * gates per person: equal to the write ceiling on the identity, to
	 * access_role_may_breakglass() and to the soins read ceiling (unit
	 * test); reading records is every role but the administrator
	 * (access_role_reads_records()). */
	[PERM_PERSON_READ] = STAFF & ~RB(ADMIN),
	[PERM_PERSON_CREATE] = PREPARE,
	[PERM_PERSON_BREAKGLASS] =
	    RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) | RB(INTERVENANT),
	[PERM_PERSON_FILTER_GIR] = RB(DIRECTION) | RB(COORDINATEUR) |
	    RB(MEDECIN) | RB(SOIGNANT) | RB(INTERVENANT) | RB(PARTENAIRE),
	[PERM_PERSON_ACCESSES] = STEER,
	[PERM_BREAKGLASS_REPORT] = STEER,
	[PERM_TEAM_READ] = RB(DIRECTION) | RB(COORDINATEUR) | RB(MEDECIN) |
	    RB(SOIGNANT) | RB(INTERVENANT) | RB(SECRETARIAT),
	[PERM_REFERRAL_READ] = INTAKE,
	[PERM_REFERRAL_CREATE] = PREPARE,
	[PERM_REFERRAL_TRIAGE] = INTAKE,
	[PERM_COMMITTEE_READ] = INTAKE,
	[PERM_COMMITTEE_PREPARE] = PREPARE,
	[PERM_COMMITTEE_OPINION] =
	    RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) | RB(INTERVENANT),
	[PERM_REFERRAL_DECIDE] = RB(COORDINATEUR),
	[PERM_SUPPORT_READ] = INTAKE,
	[PERM_SUPPORT_CONTRACT] = PREPARE,
	[PERM_SUPPORT_EXIT] = RB(COORDINATEUR),
	[PERM_EVALUATION_WRITE] = RB(COORDINATEUR) | RB(MEDECIN),
	[PERM_PIPELINE_READ] = INTAKE,
	[PERM_WAITLIST_READ] = INTAKE | RB(PARTENAIRE),
	[PERM_WAITLIST_FLAGS] = PREPARE,
	[PERM_WAITLIST_SHARE] = STEER,
	/* Issue 10 point 7: the partner's own orientations (a partner
	 * whose organisation is not a DAC sees an empty list). */
	[PERM_DAC_REFERRALS] = RB(PARTENAIRE),
	[PERM_ELIGIBILITY_CRITERIA] = STEER,
	/* UI permission: the partner directory screen, for every role
	 * that reads records (its routes are open to any signed-in user). */
	[PERM_DIRECTORY_READ] = STAFF & ~RB(ADMIN),
	[PERM_DIRECTORY_EDIT] = STEER | RB(SECRETARIAT),
	[PERM_PARTNERSHIP_READ] = STEER,
	[PERM_CRT_SETTINGS] = STEER,
	[PERM_TERRITORY_WRITE] = STEER | RB(ADMIN),
	[PERM_MATRIX_READ] = STEER | RB(ADMIN),
	[PERM_MATRIX_WRITE] = RB(ADMIN),
	[PERM_USERS_MANAGE] = RB(ADMIN),
	/* Issue 8 review: the CRT doctor approves accounts too (the
	 * approver's ceiling must still cover the target's:
	 * access_may_approve()). */
	[PERM_ACCOUNTS_READ] = STEER | RB(MEDECIN) | RB(ADMIN),
	[PERM_ACCOUNTS_APPROVE] = STEER | RB(MEDECIN),
	/* Issue 11: visits. Reading is decided per person (identity) and
	 * per round (visit.c); planning is a write on the identity (the
	 * roles of person.create); marking is for those who visit — the
	 * visit's own member or organisation, or the coordination. */
	[PERM_VISIT_READ] = STAFF & ~RB(ADMIN),
	[PERM_VISIT_PLAN] = PREPARE,
	[PERM_VISIT_MARK] = RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) |
	    RB(INTERVENANT) | RB(PARTENAIRE),
	/* SPEC: issue 12 — the liaison notebook. Each note is decided by
	 * its data category (domain/coordination/note.c); these say who
	 * may ask at all: reading for the roles that read care data (not
	 * the secretariat, identity only; not the proche), writing and
	 * acknowledging for those who care (not the direction, read-only
	 * on records), who-has-read for the coordination and the doctor. */
	[PERM_NOTE_READ] = RB(DIRECTION) | RB(COORDINATEUR) | RB(MEDECIN) |
	    RB(SOIGNANT) | RB(INTERVENANT) | RB(PARTENAIRE),
	[PERM_NOTE_WRITE] = RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) |
	    RB(INTERVENANT) | RB(PARTENAIRE),
	[PERM_NOTE_RECEIPTS] = RB(COORDINATEUR) | RB(MEDECIN),
	/* SPEC: issue 11 — opening a person's planning to her or her
	 * caregiver is a write on her record's social part (caregivers):
	 * the coordination's, not the direction's (read-only on records,
	 * PRODUCT §1) nor the secretariat's (identity only). */
	[PERM_PROCHE_INVITE] = RB(COORDINATEUR),
	[PERM_PROCHE_PLANNING] = RB(PROCHE),
	/* SPEC: issue 12 — alerts. Read by every role that reads records
	 * (each alert decided per person); raised by those who see the
	 * person at home or in care, the partner included (within its
	 * circle and consent); acknowledged and closed by the care team,
	 * not by the direction (read-only) nor the partner. */
	[PERM_ALERT_READ] = STAFF & ~RB(ADMIN),
	[PERM_ALERT_RAISE] = RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) |
	    RB(INTERVENANT) | RB(PARTENAIRE),
	[PERM_ALERT_HANDLE] =
	    RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) | RB(INTERVENANT),
	/* SPEC: issue 13 — telealarm calls. Every call is the on-call
	 * service's business, seen by the care team on duty and by the
	 * direction (read-only, for the statistics); handled (taken, the
	 * home visit, the outcome) or entered by hand by the care team;
	 * the operators and the subscriber references are the
	 * coordination's and the direction's (the persons' identities
	 * stay decided per person by access/). */
	[PERM_ALARM_READ] = RB(DIRECTION) | RB(COORDINATEUR) | RB(MEDECIN) |
	    RB(SOIGNANT) | RB(INTERVENANT),
	[PERM_ALARM_HANDLE] =
	    RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT) | RB(INTERVENANT),
	[PERM_ALARM_OPERATORS] = STEER,
	/* SPEC: issue 13 — the on-call roster: « who is on call now » and
	 * one's own shifts for the CRT's team (not the partners, not the
	 * administrator); the roster is made and published by the
	 * coordination. */
	[PERM_ONCALL_READ] = RB(DIRECTION) | RB(COORDINATEUR) | RB(MEDECIN) |
	    RB(SOIGNANT) | RB(INTERVENANT) | RB(SECRETARIAT),
	[PERM_ONCALL_PLAN] = RB(COORDINATEUR),
	/* SPEC: issue 13 — emergency temporary beds. The availability is
	 * for the coordination, the direction and the care team on duty;
	 * booking (a write on the person's record, decided per person) for
	 * the coordination, the doctor and the nurse on call; the places
	 * and their closures for those who steer the CRT. */
	[PERM_BED_READ] = RB(DIRECTION) | RB(COORDINATEUR) | RB(MEDECIN) |
	    RB(SECRETARIAT) | RB(SOIGNANT) | RB(INTERVENANT),
	[PERM_BED_BOOK] = RB(COORDINATEUR) | RB(MEDECIN) | RB(SOIGNANT),
	[PERM_BED_MANAGE] = STEER,
};

/*
 * SPEC: issue 12 review (F23) — who may acknowledge and close an alert,
 * per kind, as data: every kind needs `alert.handle` (the care team),
 * and the product alerts whose cause is a coordination decision need
 * the permission of who acts on that cause. A kind not listed (the
 * users' kinds, the visit « à pointer », the vigilance note) needs
 * `alert.handle` only; the vigilance note's alert is further decided on
 * the note's category by the alerts module.
 */
static const struct {
	const char *kind;
	unsigned perm;
} alert_kind_perms[] = {
	{ "dlu_review", PERM_EVALUATION_WRITE },
	{ "plan_review", PERM_EVALUATION_WRITE },
	{ "aggir_old", PERM_EVALUATION_WRITE },
	{ "exit_proposed", PERM_SUPPORT_EXIT },
	{ "feedback_owed", PERM_REFERRAL_TRIAGE },
	{ "convention_review", PERM_DIRECTORY_EDIT },
	{ "breakglass_review", PERM_BREAKGLASS_REPORT },
	/* SPEC: issue 13 — a gap of the roster is its planner's. */
	{ "oncall_gap", PERM_ONCALL_PLAN },
};

unsigned
access_alert_kind_perm(const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL &&
	     i < sizeof(alert_kind_perms) / sizeof(alert_kind_perms[0]);
	     i++)
		if (strcmp(alert_kind_perms[i].kind, kind) == 0)
			return alert_kind_perms[i].perm;
	return PERM_ALERT_HANDLE;
}

int
access_alert_may_handle(enum role r, const char *kind)
{
	return access_permits(r, PERM_ALERT_HANDLE) &&
	    access_permits(r, access_alert_kind_perm(kind));
}

const char *const access_perm_codes[PERM__MAX] = { NULL,
#define ACCESS_PERM_NAME(id, name) name,
	ACCESS_PERMS(ACCESS_PERM_NAME)
#undef ACCESS_PERM_NAME
};

int
access_permits(enum role r, unsigned perm)
{
	if ((int)r < 0 || r >= ROLE__MAX || perm >= PERM__MAX)
		return 0;
	return (perm_roles[perm] & ROLE_BIT(r)) != 0;
}

unsigned
access_perm_roles(unsigned perm)
{
	return perm < PERM__MAX ? perm_roles[perm] : 0;
}

int
access_require(struct ctx *ctx, int64_t pid, unsigned cats, enum act act,
    const char *action, struct access_grant *g)
{
	unsigned have;
	int rc;

	/* SPEC: PRODUCT §1 access trace — every decision leaves a row. */
	rc = access_check(ctx, pid, g);
	if (rc == E_NOT_FOUND) {
		/* Nothing of a person was touched, but the attempt is traced
		 * like a denial, so that a missing id costs what a hidden one
		 * does (one commit) and probing shows (issue 8 point 7). */
		audit_add(ctx, action, 0,
		    access_cats_str(ctx, cats ? cats : CAT_BIT(CAT_ADMIN)),
		    "denied", "denied",
		    arena_printf(&ctx->arena, "personne inconnue n° %lld",
			(long long)pid));
		return rc;
	}
	if (rc != E_OK)
		return rc;
	have = act == ACT_WRITE ? g->write : g->read;
	if (cats == ACCESS_ANY)
		cats = have ? have : CAT_BIT(CAT_ADMIN);
	if (g->kind == GRANT_ONCALL && act == ACT_READ &&
	    !access_action_is_oncall(action)) {
		/* Outside the on-call views, the normal decision alone. */
		g->kind = g->base_read ? GRANT_NORMAL : GRANT_NONE;
		g->read = g->base_read;
		have = g->read;
		if ((cats & have) != cats) {
			audit_add(ctx, action, pid, access_cats_str(ctx, cats),
			    "denied", "denied", "hors accès d'astreinte");
			g->kind = GRANT_NONE;
			g->read = g->write = 0;
			return err_set(ctx, E_FORBIDDEN, "oncall.scope", NULL,
			    ACCESS_ONCALL_SCOPE_FR);
		}
	}
	if (g->kind == GRANT_BREAKGLASS && act == ACT_READ &&
	    !access_action_is_emergency(action)) {
		/* An emergency grant opens the emergency views only (issue 8
		 * point 1): not the documents, the timeline, AGGIR... (a write
		 * is refused below: the grant is read-only). */
		audit_add(ctx, action, pid, access_cats_str(ctx, cats),
		    "denied", "denied", "hors accès d'urgence");
		g->kind = GRANT_NONE;
		g->read = g->write = 0;
		return err_set(ctx, E_FORBIDDEN, "breakglass.scope", NULL,
		    ACCESS_BREAKGLASS_SCOPE_FR);
	}
	if ((cats & have) != cats) {
		audit_add(ctx, action, pid, access_cats_str(ctx, cats),
		    "denied", "denied", "");
		/* Without the identity, the user may not even learn that the
		 * person exists. */
		if (!(g->read & CAT_BIT(CAT_ADMIN))) {
			g->kind = GRANT_NONE;
			g->read = g->write = 0;
			return person_hidden(ctx);
		}
		g->kind = GRANT_NONE;
		g->read = g->write = 0;
		return err_set(ctx, E_FORBIDDEN, "access.denied", NULL,
		    "Vous n'avez pas accès à ces informations de la "
		    "personne.");
	}
	audit_add(ctx, action, pid, access_cats_str(ctx, cats),
	    grant_names[g->kind], "ok", "");
	return E_OK;
}

int
access_proche_bound(struct ctx *ctx, int64_t *pid)
{
	struct db_stmt *st;
	enum db_res r;

	*pid = 0;
	if (ctx->role != ROLE_PROCHE)
		return err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
	st = db_stmt(ctx->db, Q_PROCHE_BOUND);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->user_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW && !db_col_null(st, 0))
		*pid = db_col_i64(st, 0);
	db_stmt(ctx->db, Q_PROCHE_BOUND);
	return E_OK;
}

/* SPEC: issue 11 — the proche reads her one person's planning. */
int
access_proche_require(
    struct ctx *ctx, int64_t pid, const char *action, struct access_grant *g)
{
	int64_t bound;
	int rc;

	memset(g, 0, sizeof(*g));
	g->person_id = pid;
	rc = access_proche_bound(ctx, &bound);
	if (rc != E_OK)
		return rc;
	if (pid == 0)
		pid = bound;
	g->person_id = pid;
	if (bound == 0 || pid != bound) {
		/* Another person (or none): exactly what a person one may
		 * not see answers, the attempt traced as a denial (on no
		 * person when the id is not one of the CRT's). */
		rc = pid != 0 ? person_exists(ctx, pid) : E_NOT_FOUND;
		if (rc != E_OK && rc != E_NOT_FOUND)
			return rc;
		err_clear(ctx);
		audit_add(ctx, action, rc == E_OK ? pid : 0,
		    access_cats_str(ctx, CAT_BIT(CAT_ADMIN)), "denied",
		    "denied",
		    rc == E_OK ? "proche : autre personne"
			       : arena_printf(&ctx->arena,
				     "proche : personne inconnue n° %lld",
				     (long long)pid));
		g->person_id = 0;
		return person_hidden(ctx);
	}
	/* Not a category of the record: the planning's projection (who
	 * comes when), traced on the identity like any planning read. */
	g->kind = GRANT_PROCHE;
	g->read = CAT_BIT(CAT_ADMIN);
	audit_add(ctx, action, pid, access_cats_str(ctx, CAT_BIT(CAT_ADMIN)),
	    grant_names[GRANT_PROCHE], "ok", "planning du proche");
	return E_OK;
}

int
access_require_sub(struct ctx *ctx, int64_t pid, unsigned cats, enum act act,
    const char *action, struct access_grant *g, const struct access_missing *m)
{
	int rc = access_require(ctx, pid, cats, act, action, g);

	/* SPEC: issue 8 point 7 — a sub-resource of a hidden person gets
	 * exactly what a missing sub-resource receives (the denial is traced
	 * by access_require). */
	if (rc != E_NOT_FOUND)
		return rc;
	err_clear(ctx);
	return err_set(ctx, m->status, m->code, m->field, m->message);
}

/* What user_id or org_id's users read per role ceiling ∩ matrix; the
 * circle-bound roles only unless `every`. */
static int
role_reads(
    struct ctx *ctx, int64_t user_id, int64_t org_id, int every, unsigned *cats)
{
	struct db_stmt *st;
	enum db_res r;
	unsigned profs[ROLE__MAX] = { 0 }, rd, wr;
	int role, prof;

	/* SPEC: issue 8 point 3 — a circle member reads, through the
	 * circle, what its role's ceiling ∩ its profession's matrix allow
	 * (for an organisation: each of its enabled users). */
	*cats = 0;
	st = db_stmt(ctx->db, Q_MEMBER_ACCESS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, user_id);
	db_bind_i64(st, 3, user_id);
	db_bind_i64(st, 4, org_id);
	db_bind_i64(st, 5, org_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		role = access_role_from(db_col_text(st, 0));
		prof = access_prof_from(db_col_text(st, 1));
		if (role >= 0 && prof >= 0 &&
		    (every || access_role_needs_circle(role)))
			profs[role] |= 1u << prof;
	}
	if (r == DB_ERR)
		return ctx->err;
	for (role = 0; role < ROLE__MAX; role++)
		for (prof = 0; prof < PROF__MAX; prof++) {
			if (!(profs[role] & (1u << prof)))
				continue;
			if (matrix_get(ctx, prof, &rd, &wr) != E_OK)
				return ctx->err;
			*cats |= rd & access_role_ceiling(role, ACT_READ);
		}
	return E_OK;
}

int
access_member_gains(
    struct ctx *ctx, int64_t user_id, int64_t org_id, unsigned *cats)
{
	return role_reads(ctx, user_id, org_id, 0, cats);
}

int
access_user_visible(struct ctx *ctx, int64_t user_id, int *yes)
{
	struct db_stmt *st;
	enum db_res r;

	*yes = 0;
	if (user_id == ctx->user_id ||
	    access_permits(ctx->role, PERM_TEAM_READ)) {
		*yes = 1;
		return E_OK;
	}
	st = db_stmt(ctx->db, Q_CIRCLE_SHARED);
	db_bind_i64(st, 1, user_id);
	db_bind_i64(st, 2, ctx->crt_id);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_i64(st, 4, ctx->org_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*yes = r == DB_ROW;
	return r == DB_ROW ? db_run(ctx, st) : E_OK;
}

int
access_user_reads(struct ctx *ctx, int64_t pid, int64_t user_id, unsigned *cats)
{
	struct access_facts f;
	struct access_grant g;
	struct db_stmt *st;
	enum db_res r;
	int role, prof;
	int64_t org;

	/* Whatever the person: its role's ceiling ∩ its profession's
	 * matrix (any role). */
	if (pid == 0)
		return role_reads(ctx, user_id, 0, 1, cats);
	*cats = 0;
	st = db_stmt(ctx->db, Q_USER_FACTS);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, user_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_DONE)
		return E_OK;
	role = access_role_from(db_col_text(st, 0));
	prof = access_prof_from(db_col_text(st, 1));
	org = db_col_i64(st, 2);
	if (db_run(ctx, st) != E_OK)
		return ctx->err;
	if (role < 0 || prof < 0 || !access_role_reads_records(role))
		return E_OK;
	if (gather_as(ctx, pid, role, prof, user_id, org, &f) != E_OK)
		return ctx->err;
	memset(&g, 0, sizeof(g));
	access_decide(&f, &g);
	*cats = g.kind == GRANT_NORMAL ? g.read : 0;
	return E_OK;
}

int
access_objection_cats(
    struct ctx *ctx, int64_t pid, int64_t objection_id, unsigned *cats)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_OBJ_CATS);
	enum db_res r;
	int c;

	/* An organisation objection closes everything to it; a category
	 * objection, that category. Unknown: the caller's 404 follows. */
	*cats = 0;
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	db_bind_i64(st, 3, objection_id);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		c = access_cat_from(
		    db_col_null(st, 1) ? NULL : db_col_text(st, 1));
		*cats = !db_col_null(st, 0) || c < 0 ? CAT_ALL : CAT_BIT(c);
	}
	return E_OK;
}

int
access_may_widen(struct ctx *ctx, int64_t pid, unsigned cats,
    const char *action, struct access_grant *g)
{
	int rc;

	/* SPEC: issue 8 point 3 — whoever opens a record to others (a
	 * circle member, a lifted objection) must read every category
	 * opened, and write the identity; else a traced 403, nothing
	 * changed. */
	rc = access_check(ctx, pid, g);
	if (rc == E_NOT_FOUND) {
		err_clear(ctx);
		return access_require(
		    ctx, pid, CAT_BIT(CAT_ADMIN), ACT_WRITE, action, g);
	}
	if (rc != E_OK)
		return rc;
	cats |= CAT_BIT(CAT_ADMIN);
	if ((g->read & cats) != cats || g->kind != GRANT_NORMAL)
		return access_require(ctx, pid, cats, ACT_READ, action, g);
	return access_require(
	    ctx, pid, CAT_BIT(CAT_ADMIN), ACT_WRITE, action, g);
}

int
access_seed_matrix(struct ctx *ctx, int64_t crt_id)
{
	struct db_stmt *st;
	int p, c, r, w, rc;

	for (p = 0; p < PROF__MAX; p++) {
		/* The proche's is no profession of the matrix: its role's
		 * ceiling is empty, so no row could ever grant anything. */
		if (p == PROF_PROCHE)
			continue;
		for (c = 0; c < CAT__MAX; c++) {
			access_default_rule(p, c, &r, &w);
			st = db_stmt(ctx->db, Q_RULE_UPSERT);
			db_bind_i64(st, 1, crt_id);
			db_bind_text(st, 2, access_prof_codes[p]);
			db_bind_text(st, 3, access_cat_codes[c]);
			db_bind_i64(st, 4, r);
			db_bind_i64(st, 5, w);
			rc = db_run(ctx, st);
			if (rc != E_OK)
				return rc;
		}
	}
	return rules_bump(ctx, crt_id);
}

int
access_set_rule(
    struct ctx *ctx, enum profession p, enum category c, int r, int w)
{
	struct db_stmt *st;
	int rc;

	/* Within legal bounds: the ceilings of the roles this profession
	 * may hold (the secretariat never reads medical notes, the
	 * technical administrator never reads a record). The proche's is
	 * no row of the matrix at all (issue 11). */
	if (p == PROF_PROCHE ||
	    (r && !(access_prof_ceiling(p, ACT_READ) & CAT_BIT(c))) ||
	    (w && !(access_prof_ceiling(p, ACT_WRITE) & CAT_BIT(c))))
		return err_set(ctx, E_INVALID, "access.rule.out_of_bounds",
		    "items",
		    "Ce droit dépasse les limites légales de la "
		    "profession.");
	if (w && !r)
		return err_set(ctx, E_INVALID, "access.rule.write_without_read",
		    "items",
		    "Un droit d'écriture suppose le droit de lecture.");
	st = db_stmt(ctx->db, Q_RULE_UPSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, access_prof_codes[p]);
	db_bind_text(st, 3, access_cat_codes[c]);
	db_bind_i64(st, 4, r);
	db_bind_i64(st, 5, w);
	rc = db_run(ctx, st);
	if (rc == E_OK)
		rc = rules_bump(ctx, ctx->crt_id);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "access.rule", 0, access_cat_codes[c], "-", "ok",
	    arena_printf(&ctx->arena, "%s lecture=%d écriture=%d",
		access_prof_codes[p], r, w));
	return E_OK;
}

int
access_rules_each(struct ctx *ctx,
    int (*fn)(void *, const char *, const char *, int, int), void *arg)
{
	struct db_stmt *st = db_stmt(ctx->db, Q_RULE_LIST);
	enum db_res r;
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		rc = fn(arg, db_col_text(st, 0), db_col_text(st, 1),
		    (int)db_col_i64(st, 2), (int)db_col_i64(st, 3));
		if (rc != E_OK)
			return rc;
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

int
access_breakglass_each(struct ctx *ctx, const char *since,
    int (*fn)(void *, const struct access_breakglass_row *), void *arg)
{
	struct access_breakglass_row b;
	struct db_stmt *st = db_stmt(ctx->db, Q_BREAKGLASS_LIST);
	enum db_res r;
	int rc;

	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, since);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		b.id = db_col_i64(st, 0);
		b.person_id = db_col_i64(st, 1);
		b.birth_name = db_col_text(st, 2);
		b.first_names = db_col_text(st, 3);
		b.user_id = db_col_i64(st, 4);
		b.login = db_col_text(st, 5);
		b.name = db_col_text(st, 6);
		b.role = db_col_text(st, 7);
		b.reason = db_col_text(st, 8);
		b.opened_at = db_col_text(st, 9);
		b.expires_at = db_col_text(st, 10);
		b.renewal = (int)db_col_i64(st, 11);
		b.birth_name_display = db_col_text(st, 12);
		b.first_names_display = db_col_text(st, 13);
		rc = fn(arg, &b);
		if (rc != E_OK)
			return rc;
	}
	return r == DB_ERR ? ctx->err : E_OK;
}

/*
 * One UTF-8 code point at *p (advanced past it); an invalid byte is
 * returned as itself (≥ 0x80, never a letter) and skipped alone.
 */
static unsigned
utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0], n, i;

	if (c < 0x80)
		n = 0;
	else if ((c & 0xE0) == 0xC0)
		n = 1, c &= 0x1F;
	else if ((c & 0xF0) == 0xE0)
		n = 2, c &= 0x0F;
	else if ((c & 0xF8) == 0xF0)
		n = 3, c &= 0x07;
	else {
		*p = s + 1;
		return s[0];
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*p = s + 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p = s + n + 1;
	return c;
}

/* Letters of a French reason: ASCII letters and the Latin letters with
 * diacritics (U+00C0-U+024F but × and ÷); « … — » are not letters. */
static int
reason_letter(unsigned c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
	    (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

/*
 * A break-the-glass reason is real text: at least 15 characters, three
 * words of two letters or more (see reason_letter) and six distinct
 * characters, so dots, dashes, guillemets, digits or "aaaaaaaaaaaa" are
 * not a reason (issue 8 point 1).
 */
int
access_reason_is_text(const char *s)
{
	size_t n = 0, run = 0;
	int words = 0, distinct = 0;
	unsigned char seen[256] = { 0 };
	const unsigned char *p;
	unsigned c;

	if (s == NULL)
		return 0;
	for (p = (const unsigned char *)s; *p != '\0';) {
		if (!seen[*p]++)
			distinct++;
		c = utf8_next(&p);
		n++;
		if (reason_letter(c))
			run++;
		else {
			if (run >= 2)
				words++;
			run = 0;
		}
	}
	if (run >= 2)
		words++;
	return n >= 15 && words >= 3 && distinct >= 6;
}

/* The categories an emergency grant opens for ctx's user: within the
 * role's legal ceiling ∩ the profession's matrix (CAT_ADMIN when none,
 * so that a refusal still names what was asked). */
static int
breakglass_cats(struct ctx *ctx, unsigned *cats)
{
	unsigned rd, wr;

	if (matrix_get(ctx, ctx->profession, &rd, &wr) != E_OK)
		return ctx->err;
	*cats = BREAKGLASS_CATS & access_role_ceiling(ctx->role, ACT_READ) & rd;
	if (*cats == 0)
		*cats = CAT_BIT(CAT_ADMIN);
	return E_OK;
}

void
access_emergency_decide(
    const struct access_facts *f, struct access_emergency *e)
{
	const unsigned dlu = CAT_BIT(CAT_ADMIN) | CAT_BIT(CAT_SOINS);
	struct access_facts with = *f;
	struct access_grant g;

	memset(e, 0, sizeof(*e));
	access_decide(f, &g);
	if (g.kind != GRANT_NONE && (g.read & dlu) == dlu) {
		e->readable = 1;
		return;
	}
	if (!access_role_may_breakglass(f->role)) {
		e->refusal = "Votre rôle ne permet pas l'accès d'urgence.";
		return;
	}
	with.breakglass = 1;
	access_decide(&with, &g);
	if (g.kind != GRANT_NONE && (g.read & dlu) == dlu) {
		e->possible = 1;
		return;
	}
	if (access_role_is_external(f->role) &&
	    (f->org_objected || (f->objected_cats & dlu)))
		e->refusal = "La personne s'est opposée au partage de ces "
			     "informations avec votre structure : l'accès "
			     "d'urgence ne peut pas ouvrir son DLU. Appelez "
			     "l'astreinte du CRT.";
	else
		e->refusal = "Votre profession ne donne pas accès aux soins : "
			     "l'accès d'urgence ne peut pas ouvrir le DLU. "
			     "Appelez l'astreinte du CRT.";
}

int
access_emergency_row(struct ctx *ctx, int64_t pid, const char *action,
    struct access_emergency *e)
{
	struct access_facts f;
	int rc;

	/* SPEC: issue 10 point 5 — a search row shows the identity and
	 * the commune only: traced as such, with the emergency kind. */
	rc = gather(ctx, pid, &f);
	if (rc != E_OK)
		return rc;
	access_emergency_decide(&f, e);
	audit_add(ctx, action, pid, access_cats_str(ctx, CAT_BIT(CAT_ADMIN)),
	    grant_names[GRANT_BREAKGLASS], "ok", "recherche d'urgence");
	return E_OK;
}

int
access_breakglass(struct ctx *ctx, int64_t pid, const char *reason,
    const char **expires_at, int *renewal)
{
	struct db_stmt *st;
	struct access_facts f;
	struct access_emergency e;
	const char *exp;
	enum db_res r;
	unsigned bg = CAT_BIT(CAT_ADMIN);
	int rc;

	/* The trace names what this user's grant opens (issue 8: a
	 * psychologist's is admin,soins, not the whole BREAKGLASS_CATS). */
	rc = breakglass_cats(ctx, &bg);
	if (rc != E_OK)
		return rc;
	if (!access_role_may_breakglass(ctx->role)) {
		/* Refused on the role alone, whether the person exists or
		 * not (issue 8 point 7); traced when she does. */
		rc = person_exists(ctx, pid);
		if (rc != E_OK && rc != E_NOT_FOUND)
			return rc;
		audit_add(ctx, "person.breakglass", rc == E_OK ? pid : 0,
		    access_cats_str(ctx, bg), "denied", "denied",
		    rc == E_OK
			? "rôle non autorisé"
			: arena_printf(&ctx->arena,
			      "rôle non autorisé, personne inconnue n° %lld",
			      (long long)pid));
		err_clear(ctx);
		return err_set(ctx, E_FORBIDDEN, "breakglass.forbidden", NULL,
		    "Votre rôle ne permet pas l'accès d'urgence.");
	}
	rc = person_exists(ctx, pid);
	if (rc == E_OK)
		rc = gather(ctx, pid, &f);
	if (rc != E_OK)
		return rc;
	/* SPEC: issue 10 point 5 — never a grant that opens no DLU (an
	 * objection, a profession without `soins`): refused, traced, with
	 * the reason the pre-check gives. */
	access_emergency_decide(&f, &e);
	if (!e.readable && !e.possible) {
		audit_add(ctx, "person.breakglass", pid,
		    access_cats_str(ctx, bg), "denied", "denied",
		    "accès d'urgence sans effet");
		return err_set(
		    ctx, E_FORBIDDEN, "breakglass.refused", NULL, e.refusal);
	}
	if (!access_reason_is_text(reason)) {
		audit_add(ctx, "person.breakglass", pid,
		    access_cats_str(ctx, bg), "denied", "denied",
		    "motif insuffisant");
		return err_set(ctx, E_INVALID, "breakglass.reason.not_text",
		    "reason",
		    "Le motif doit décrire la situation en quelques "
		    "mots (au moins 3 mots et 15 caractères), par exemple « Chute "
		    "signalée par la téléassistance ».");
	}
	/* A renewal: the same user on the same person while a grant is
	 * open or shortly after; counted, reported to the coordination. */
	st = db_stmt(ctx->db, Q_BREAKGLASS_RECENT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_text(st, 4, clock_iso_after(&ctx->arena, -ACCESS_RENEWAL_SECS));
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	*renewal = r == DB_ROW ? (int)db_col_i64(st, 0) : 0;
	exp = clock_iso_after(&ctx->arena, BREAKGLASS_SECS);
	st = db_stmt(ctx->db, Q_BREAKGLASS_INSERT);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, pid);
	db_bind_i64(st, 3, ctx->user_id);
	db_bind_text(st, 4, reason);
	db_bind_text(st, 5, ctx->now);
	db_bind_text(st, 6, exp);
	rc = db_run(ctx, st);
	if (rc != E_OK)
		return rc;
	audit_add(ctx, "person.breakglass", pid, access_cats_str(ctx, bg),
	    "breakglass", "ok", reason);
	if (*renewal > 0)
		audit_add(ctx, "person.breakglass.renewal", pid,
		    access_cats_str(ctx, bg), "breakglass", "ok",
		    arena_printf(&ctx->arena, "renouvellement n°%d", *renewal));
	*expires_at = exp;
	return E_OK;
}
