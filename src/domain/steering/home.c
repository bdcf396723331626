/*
 * The home page (issue 12): one function per role's view, each item one
 * count. Reads only (its own statements over the CRT's tables, and the
 * visits and alerts modules for the user's own people); writes nothing
 * but the trace rows those modules queue.
 */
#include <string.h>

#include "access/access.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "db/db.h"
#include "domain/coordination/alert.h"
#include "domain/coordination/message.h"
#include "domain/coordination/note.h"
#include "domain/coordination/visit.h"
#include "domain/oncall/roster.h"
#include "domain/platform/notice.h"
#include "domain/steering/home.h"
#include "domain/volet2/bed.h"
#include "domain/volet2/episode.h"

const char *const home_view_codes[HOME__MAX + 1] = { "none", "coordination",
	"care", "direction", "partner", NULL };

#define HOME_MAX_ITEMS 32

static struct home_item *
add(struct ctx *ctx, struct home *h, const char *key, const char *label,
    int64_t count, const char *link)
{
	struct home_item *it;

	if (h->n >= HOME_MAX_ITEMS)
		return NULL;
	if (h->items == NULL)
		h->items = arena_zalloc(
		    &ctx->arena, sizeof(*h->items) * HOME_MAX_ITEMS);
	it = &h->items[h->n++];
	it->key = key;
	it->label = label;
	it->count = count;
	it->link = link;
	return it;
}

static int
kind_index(const char *kind)
{
	int i;

	for (i = 0; alert_kind_codes[i] != NULL; i++)
		if (strcmp(alert_kind_codes[i], kind) == 0)
			return i;
	return -1;
}

/* Issue 12 review: the mentions of the user in a person's conversation
 * she has not seen yet (her `message.mention` notices, each written only
 * if she may read that conversation); the link opens the newest's
 * record, where the conversation marks them read. */
static int
my_mentions(struct ctx *ctx, struct home *h)
{
	const char *link;
	int64_t n;
	int rc;

	rc = notice_unread_kind(ctx, MESSAGE_MENTION_KIND, &n, &link);
	if (rc == E_OK)
		add(ctx, h, "messages.mentions", "Mentions non lues", n,
		    link != NULL ? link : "#/accueil");
	return rc;
}

/* The coordination's items that are open alerts of one kind, in order. */
static const struct {
	const char *key, *label, *kind;
} by_kind[] = {
	{ "visits.a_pointer", "Visites à pointer", "visit_a_pointer" },
	{ "notes.vigilance_unacked",
	    "Notes « à prendre en compte » non confirmées",
	    "vigilance_unacked" },
	{ "reviews.plan", "Actions du plan à revoir", "plan_review" },
	{ "reviews.dlu", "DLU à revoir", "dlu_review" },
	{ "reviews.aggir", "Évaluations AGGIR à refaire", "aggir_old" },
	{ "exits.proposed", "Sorties à proposer", "exit_proposed" },
	{ "breakglass.review", "Accès d'urgence à revoir",
	    "breakglass_review" },
	{ "conventions.due", "Conventions à revoir", "convention_review" },
};

/* Open alerts by kind as ctx's user's list counts them (its total). */
static int
listed_counts(struct ctx *ctx, int64_t *counts, int nk)
{
	struct alert_query q;

	memset(&q, 0, sizeof(q));
	q.state = "active";
	return alert_list_counts(ctx, &q, counts, nk);
}

static int
view_coordination(struct ctx *ctx, struct home *h)
{
	int64_t counts[32], open = 0;
	struct db_stmt *st;
	struct home_item *it;
	enum db_res r;
	int i, k, nk, rc;

	st = db_stmt(ctx->db, Q_HOME_REFERRALS);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err != E_OK ? ctx->err : E_INTERNAL;
	add(ctx, h, "referrals.urgent", "Demandes urgentes", db_col_i64(st, 0),
	    "#/demandes?urgent=1");
	add(ctx, h, "referrals.feedback", "Retours dus aux orienteurs",
	    db_col_i64(st, 1), "#/demandes?retour=1");
	add(ctx, h, "referrals.eligibility", "Éligibilités à vérifier",
	    db_col_i64(st, 2), "#/demandes?statut=recu");
	st = db_stmt(ctx->db, Q_HOME_NEXT_COMMITTEE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_text(st, 2, h->today);
	r = db_step(ctx, st);
	if (r == DB_ERR)
		return ctx->err;
	if (r == DB_ROW) {
		it = add(ctx, h, "committee.next", "Prochain comité",
		    db_col_i64(st, 2), "#/comites");
		if (it != NULL)
			it->detail =
			    clock_fr_date(&ctx->arena, db_col_text(st, 1));
	} else {
		it = add(ctx, h, "committee.next", "Prochain comité", 0,
		    "#/comites");
		if (it != NULL)
			it->detail = "aucun de prévu";
	}
	nk = 0;
	while (alert_kind_codes[nk] != NULL)
		nk++;
	/* The coordination reads every alert: the CRT's aggregate. The
	 * doctor and the secretariat count what their list counts (its
	 * total by kind, access in SQL: a vigilance alert under its note's
	 * category, no convention without the partnerships; review F3). */
	rc = ctx->role == ROLE_COORDINATEUR ? alert_open_counts(ctx, counts, nk)
					    : listed_counts(ctx, counts, nk);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nk; i++)
		open += counts[i];
	add(ctx, h, "alerts.open", "Alertes ouvertes", open,
	    "#/alertes?etat=active");
	for (i = 0; i < (int)(sizeof(by_kind) / sizeof(by_kind[0])); i++) {
		/* Conventions: for the roles that read the partnerships
		 * (the list it opens shows them only those). */
		if (strcmp(by_kind[i].kind, "convention_review") == 0 &&
		    !access_permits(ctx->role, PERM_PARTNERSHIP_READ))
			continue;
		k = kind_index(by_kind[i].kind);
		add(ctx, h, by_kind[i].key, by_kind[i].label,
		    k < 0 ? 0 : counts[k],
		    arena_printf(&ctx->arena, "#/alertes?etat=active&type=%s",
			by_kind[i].kind));
	}
	/* SPEC: issue 13 — the emergency beds free tonight. */
	rc = bed_free_today(ctx, &i);
	if (rc != E_OK)
		return rc;
	add(ctx, h, "beds.free", "Lits d'urgence libres ce soir", i, "#/lits");
	return my_mentions(ctx, h);
}

static int
my_alerts(struct ctx *ctx, struct home *h)
{
	struct alert_query q;
	struct alert *a;
	int n, rc, total;

	memset(&q, 0, sizeof(q));
	q.state = "active";
	q.mine = 1;
	/* The count is the list's total (access and « mine » in SQL): only
	 * the first row is decided and traced. */
	q.limit = 1;
	rc = alert_list(ctx, &q, &a, &n, &total);
	if (rc == E_OK)
		add(ctx, h, "alerts.mine", "Mes alertes ouvertes", total,
		    "#/alertes?etat=active&moi=1");
	return rc;
}

static int
view_care(struct ctx *ctx, struct home *h)
{
	struct visit_query q;
	struct visit_occ *v;
	struct note *notes;
	int n, i, k = 0, all, rc;

	memset(&q, 0, sizeof(q));
	q.user_id = ctx->user_id;
	q.from = h->today;
	q.to = h->today;
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].state, "suspended") != 0)
			k++;
	add(ctx, h, "round.today", "Ma tournée du jour", k,
	    "#/planning/tournee");
	/* My unread vigilance notes: « non lues » (each person decided and
	 * traced by the notebook), the vigilance ones counted. */
	rc = note_unread(ctx, &notes, &n, &all, &k);
	if (rc != E_OK)
		return rc;
	add(ctx, h, "notes.vigilance_unread",
	    "Transmissions « à prendre en compte » non lues", k,
	    "#/notes?vigilance=1");
	rc = my_alerts(ctx, h);
	return rc == E_OK ? my_mentions(ctx, h) : rc;
}

static int
view_direction(struct ctx *ctx, struct home *h)
{
	struct db_stmt *st;
	struct home_item *it;
	struct delays d;
	int64_t counts[32];
	const char *from;
	int i, nk, rc;

	st = db_stmt(ctx->db, Q_HOME_FILE_ACTIVE);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err != E_OK ? ctx->err : E_INTERNAL;
	it = add(ctx, h, "file_active", "File active", db_col_i64(st, 0),
	    "#/file-active");
	if (it != NULL)
		it->detail = arena_printf(&ctx->arena, "objectif %lld places",
		    (long long)db_col_i64(st, 1));
	st = db_stmt(ctx->db, Q_HOME_REFERRALS);
	db_bind_i64(st, 1, ctx->crt_id);
	if (db_step(ctx, st) != DB_ROW)
		return ctx->err != E_OK ? ctx->err : E_INTERNAL;
	add(ctx, h, "waitlist", "Personnes en liste d'attente",
	    db_col_i64(st, 3), "#/liste-attente");
	from = clock_add_months(&ctx->arena, h->today, -12);
	rc = episode_delays(ctx, from, h->today, &d);
	if (rc != E_OK)
		return rc;
	it = add(ctx, h, "delays.decision",
	    "Délai médian demande → décision (12 mois, jours)",
	    d.to_decision.median, "#/suivi");
	if (it != NULL)
		it->detail =
		    arena_printf(&ctx->arena, "%d décisions", d.decisions);
	add(ctx, h, "delays.start",
	    "Délai médian décision → début (12 mois, jours)", d.to_start.median,
	    "#/suivi");
	nk = 0;
	while (alert_kind_codes[nk] != NULL)
		nk++;
	rc = alert_open_counts(ctx, counts, nk);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < nk; i++)
		add(ctx, h,
		    arena_printf(&ctx->arena, "alerts.%s", alert_kind_codes[i]),
		    alert_kind_labels[i], counts[i],
		    arena_printf(&ctx->arena, "#/alertes?etat=active&type=%s",
			alert_kind_codes[i]));
	return E_OK;
}

static int
view_partner(struct ctx *ctx, struct home *h)
{
	struct visit_query q;
	struct visit_occ *v;
	struct db_stmt *st;
	struct access_grant g;
	enum access_row row;
	enum db_res r;
	int64_t *pids = NULL, *pid, people = 0;
	int n, i, np = 0, cap = 0, done = 0, rc;

	/* The people of its circles, each decided (and traced) by access/
	 * as the list it opens does (issue 12 review: a person who objected
	 * to the partner is not counted). */
	st = db_stmt(ctx->db, Q_HOME_ORG_PEOPLE);
	db_bind_i64(st, 1, ctx->crt_id);
	db_bind_i64(st, 2, ctx->org_id);
	db_bind_text(st, 3, h->today);
	while ((r = db_step(ctx, st)) == DB_ROW) {
		pid = arena_push(&ctx->arena, &pids, &np, &cap, sizeof(*pids));
		if (pid == NULL)
			return err_set(ctx, E_TOOBIG, "request.too_big", NULL,
			    "Réponse trop volumineuse.");
		*pid = db_col_i64(st, 0);
	}
	if (r == DB_ERR)
		return ctx->err;
	for (i = 0; i < np; i++) {
		rc = access_list_row(
		    ctx, pids[i], CAT_BIT(CAT_ADMIN), "home.people", &g, &row);
		if (rc != E_OK)
			return rc;
		if (row == ACCESS_ROW_VISIBLE && g.kind == GRANT_NORMAL)
			people++;
	}
	add(ctx, h, "people", "Personnes suivies avec vous", people,
	    "#/personnes");
	/* News within consent: the visits of the last 7 days at its
	 * people, decided per person by the visits module. */
	memset(&q, 0, sizeof(q));
	q.org_id = ctx->org_id;
	q.from = clock_paris_date(
	    &ctx->arena, clock_iso_after(&ctx->arena, -6L * 86400));
	q.to = h->today;
	rc = visit_occurrences(ctx, &q, &v, &n);
	if (rc != E_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].state, "done") == 0)
			done++;
	add(ctx, h, "news.visits_done", "Visites faites cette semaine", done,
	    "#/planning");
	return my_alerts(ctx, h);
}

/*
 * SPEC: issue 13 — the alerts routed to the on-call service that are
 * the user's because she is on duty now (0 when she is not), and her
 * level in the detail. For every role of the on-call team.
 */
static int
oncall_mine(struct ctx *ctx, struct home *h)
{
	struct alert_query q;
	struct home_item *it;
	struct alert *a;
	int n, level, rc, total;

	rc = roster_user_on_duty(
	    ctx, ctx->crt_id, ctx->user_id, clock_now_s(), &level);
	if (rc != E_OK || level == 0) {
		if (rc == E_OK)
			add(ctx, h, "oncall.mine", "Mes alertes d'astreinte", 0,
			    "#/alertes?etat=active&moi=1");
		return rc;
	}
	memset(&q, 0, sizeof(q));
	q.state = "active";
	q.mine = 1;
	q.route = "oncall";
	/* The count is the list's total, as « Mes alertes ouvertes ». */
	q.limit = 1;
	rc = alert_list(ctx, &q, &a, &n, &total);
	if (rc != E_OK)
		return rc;
	it = add(ctx, h, "oncall.mine", "Mes alertes d'astreinte", total,
	    "#/alertes?etat=active&moi=1");
	if (it != NULL)
		it->detail = arena_printf(
		    &ctx->arena, "D'astreinte maintenant (niveau %d)", level);
	return E_OK;
}

static int
view_of(struct ctx *ctx, struct home *h)
{
	switch (ctx->role) {
	case ROLE_COORDINATEUR:
	case ROLE_MEDECIN:
	case ROLE_SECRETARIAT:
		h->view = HOME_COORDINATION;
		return view_coordination(ctx, h);
	case ROLE_SOIGNANT:
	case ROLE_INTERVENANT:
		h->view = HOME_CARE;
		return view_care(ctx, h);
	case ROLE_DIRECTION:
		h->view = HOME_DIRECTION;
		return view_direction(ctx, h);
	case ROLE_PARTENAIRE:
		h->view = HOME_PARTNER;
		return view_partner(ctx, h);
	default:
		h->view = HOME_NONE;
		return E_OK;
	}
}

int
home_get(struct ctx *ctx, struct home *h)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->today = clock_paris_date(&ctx->arena, ctx->now);
	rc = view_of(ctx, h);
	if (rc == E_OK && h->view != HOME_NONE &&
	    access_permits(ctx->role, PERM_ONCALL_READ))
		rc = oncall_mine(ctx, h);
	return rc;
}
