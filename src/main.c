/*
 * maillage: the CRT information system. Wiring only: parse the command,
 * open and migrate the database, start the writer and the HTTP server,
 * wait for SIGTERM/SIGINT, drain. Everything else lives in the layers.
 */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "auth/session.h"
#include "base/arena.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "base/rnd.h"
#include "base/xalloc.h"
#include "cli.h"
#include "db/commit.h"
#include "db/db.h"
#include "domain/coordination/alert.h"
#include "domain/coordination/alert_timer.h"
#include "domain/coordination/note.h"
#include "domain/oncall/alarm.h"
#include "domain/oncall/roster.h"
#include "domain/volet2/episode.h"
#include "http/server.h"

/* What a request writes besides its handler's work: trace rows, and a
 * session's sliding last_seen (at most once a minute per session). */
static int
hook_flush(struct ctx *ctx, struct db *db)
{
	int rc = session_touch(ctx, db);

	if (ctx->err != E_OK)
		audit_mark_failed(ctx);
	return rc != E_OK ? rc : audit_flush(ctx, db);
}

static int
hook_pending(struct ctx *ctx)
{
	return audit_pending(ctx) || ctx->session_touch != 0;
}

static void
hook_discard(struct ctx *ctx)
{
	ctx->session_touch = 0;
	audit_discard(ctx);
}

static const char serve_usage[] =
    "usage : maillage serve [--db URL] [--listen ADRESSE:PORT] "
    "[--threads N] [--trust-proxy] [--trace-key FICHIER]\n"
    "  [--max-connections N] [--per-ip-limit N] [--session-idle SECONDES]\n"
    "  [--checkpoint FICHIER] [--drain-timeout S] [--allow-local-key]\n"
    "Points de contrôle de la trace : --checkpoint, MAILLAGE_CHECKPOINT ou\n"
    "<base sqlite>.checkpoints (obligatoire pour PostgreSQL).\n"
    "La clé de trace hors du répertoire de la base SQLite, sauf\n"
    "--allow-local-key (démonstration, tests).\n"
    "--test-clock : tests seulement, POST /api/v1/test/clock déplace\n"
    "l'heure du serveur (jamais en production ni dans la démonstration).\n"
    "URL : sqlite:CHEMIN (défaut sqlite:maillage.db) ou postgresql://...\n"
    "Le port 0 choisit un port libre et l'affiche. SIGTERM termine les\n"
    "requêtes en cours puis arrête le serveur.";

static int
serve(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--listen", "--threads",
		"--trust-proxy", "--max-connections", "--per-ip-limit",
		"--trace-key", "--checkpoint", "--session-idle",
		"--drain-timeout", "--allow-local-key", "--test-clock", NULL };
	struct http_hooks hooks = { api_session_hook, api_csrf_hook, hook_flush,
		hook_pending, hook_discard, api_permits_hook, api_live_reads,
		api_live_crt_event, api_live_on_duty };
	struct http_config cfg;
	struct db *db;
	sigset_t set;
	int64_t t0 = clock_mono_ms();
	char err[4400], cpbuf[4096];
	int port, sig, rc, drain;
	long idle;
	const char *url, *cpf;

	rc = cli_check_opts(argc, argv, known, serve_usage);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	url = cli_opt(argc, argv, "--db", "sqlite:maillage.db");
	memset(&cfg, 0, sizeof(cfg));
	cfg.listen = cli_opt(argc, argv, "--listen", "127.0.0.1:8080");
	cfg.threads =
	    (int)strtol(cli_opt(argc, argv, "--threads", "4"), NULL, 10);
	cfg.trust_proxy = cli_flag(argc, argv, "--trust-proxy");
	cfg.max_connections = (int)strtol(
	    cli_opt(argc, argv, "--max-connections", "1000"), NULL, 10);
	cfg.per_ip_limit =
	    (int)strtol(cli_opt(argc, argv, "--per-ip-limit", "64"), NULL, 10);
	if (cfg.max_connections < 1 || cfg.per_ip_limit < 1 ||
	    cfg.per_ip_limit > cfg.max_connections) {
		fprintf(stderr,
		    "--max-connections et --per-ip-limit : entiers "
		    "positifs, la limite par adresse au plus égale au total\n");
		return 2;
	}
	idle = strtol(cli_opt(argc, argv, "--session-idle", "1800"), NULL, 10);
	if (idle < 1 || idle > SESSION_TTL_SECS) {
		fprintf(stderr,
		    "--session-idle : un nombre de secondes entre 1 "
		    "et %d\n",
		    SESSION_TTL_SECS);
		return 2;
	}
	session_set_idle((int)idle);
	/* SIGTERM: seconds for requests under way (writes with the writer
	 * are always waited for); below systemd's TimeoutStopSec. */
	drain =
	    (int)strtol(cli_opt(argc, argv, "--drain-timeout", "10"), NULL, 10);
	if (drain < 0 || drain > 3600) {
		fprintf(stderr, "--drain-timeout : secondes, de 0 à 3600\n");
		return 2;
	}
	cfg.idle_timeout = 30;
	cfg.body_max = 1024 * 1024;
	cfg.upload_max = 5 * 1024 * 1024; /* documents */
	cfg.cookie = SESSION_COOKIE;
	cli_trace_key(cli_opt(argc, argv, "--trace-key", NULL), 0);
	/* SPEC: issue 12 — POST /api/v1/test/clock moves the server's time:
	 * for the HTTP tests only, never given by `make demo`. */
	if (cli_flag(argc, argv, "--test-clock")) {
		clock_test_enable();
		log_info("test clock enabled: POST /api/v1/test/clock");
	}
	/* A key beside the database is read by whoever reads the database
	 * (same directory, same user): it proves nothing then. */
	if (cli_key_beside_db(url) &&
	    !cli_flag(argc, argv, "--allow-local-key")) {
		fprintf(stderr,
		    "clé de trace dans le répertoire de la base : "
		    "placez-la ailleurs (--trace-key FICHIER, par exemple "
		    "LoadCredential= de systemd) ou passez --allow-local-key "
		    "(démonstration, tests)\n");
		return 1;
	}
	cpf = cli_checkpoint_path(url,
	    cli_opt(argc, argv, "--checkpoint", NULL), cpbuf, sizeof(cpbuf));
	if (cpf == NULL) {
		fprintf(stderr,
		    "fichier de points de contrôle requis pour "
		    "PostgreSQL : --checkpoint FICHIER ou MAILLAGE_CHECKPOINT\n");
		return 1;
	}
	if (cli_serve_lock(url) != 0 || cli_open(url, &db) != 0)
		return 1;
	/* A chain from before the key: sealed by `audit rekey` first (which
	 * refuses a chain with keyed rows or checkpoints). */
	if (audit_legacy_heads(db, stderr) != 0) {
		fprintf(stderr,
		    "trace non scellée avec la clé : lancez d'abord "
		    "« maillage audit rekey »\n");
		db_close(db);
		return 1;
	}
	/* The heads as found at start, then after commits and at stop. */
	if (audit_checkpoint_open(cpf, err, sizeof(err)) == 0 &&
	    audit_checkpoint(db, 1, NULL) < 0)
		snprintf(err, sizeof(err),
		    "points de contrôle %s : écriture "
		    "impossible",
		    cpf);
	else
		err[0] = '\0';
	if (err[0] != '\0') {
		fprintf(stderr, "%s\n", err);
		db_close(db);
		return 1;
	}
	db_close(db);
	/* Signals are taken by sigwait below, never by worker threads. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	db_pool_init(url);
	commit_set_hooks(audit_batch_begin, audit_batch_end);
	commit_set_after(audit_checkpoint_after_commit);
	commit_set_idle(audit_checkpoint_idle);
	if (api_live_start(url) != 0)
		return 1;
	if (commit_start(url, err, sizeof(err)) != 0) {
		log_error("writer: %s", err);
		return 1;
	}
	/* Issue 13: the telealarm calls not taken go up a level, and the
	 * next morning's note goes into the person's notebook. */
	alert_timer_add_check(alarm_escalate_due);
	alarm_set_note_writer(note_create_text);
	/* …and the person on duty reads, for the person of an open call,
	 * what she needs (decided in access/, the fact from here). */
	access_set_oncall(alarm_oncall_fact);
	if (alert_timer_start() != 0) {
		log_error("alert timer: cannot start");
		commit_stop();
		return 1;
	}
	if (http_start(&cfg, api_tables, api_ntables, &hooks, &port) != 0) {
		alert_timer_stop();
		commit_stop();
		return 1;
	}
	printf("Maillage écoute sur http://%.*s:%d (prêt en %lld ms)\n",
	    (int)(strrchr(cfg.listen, ':') - cfg.listen), cfg.listen, port,
	    (long long)(clock_mono_ms() - t0));
	fflush(stdout);
	sigwait(&set, &sig);
	log_info("signal %d: draining", sig);
	http_stop(drain * 1000);
	alert_timer_stop();
	api_live_stop();
	commit_stop();
	audit_checkpoint_close();
	log_info("stopped");
	return 0;
}

static void
usage(FILE *out)
{
	fprintf(out,
	    "usage : maillage COMMANDE [options] (--help pour chaque "
	    "commande)\n\n"
	    "  serve     sert l'API et l'interface web\n"
	    "  init      crée le schéma, un CRT et son administrateur\n"
	    "  migrate   applique les migrations\n"
	    "  demo      crée le CRT de démonstration (CRT Nord Lozère)\n"
	    "  user      add | disable | passwd : gère les comptes\n"
	    "  audit     verify | rekey : vérifie (ou scelle) la trace des accès\n"
	    "  backup    sauvegarde en ligne et cohérente\n"
	    "  territory import : charge les communes françaises\n"
	    "  routes    liste les routes de l'API (--markdown pour "
	    "docs/API.md)\n"
	    "  permissions liste les permissions et les rôles qui les "
	    "détiennent\n"
	    "  help      cette aide\n");
}

/* SPEC: issue 13 — the alerts see the on-call roster through these
 * (the two contexts are peers: the wiring is main's). */
static const struct alert_oncall oncall_for_alerts = { roster_user_on_duty,
	roster_gap_each };
/* SPEC: issue 12 review (F24) — the person's timeline (volet 2) shows her
 * alerts (coordination), peers too. */
static const struct episode_alerts alerts_for_timeline = { alert_timeline };

int
main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "serve", serve },
		{ "init", cli_init },
		{ "migrate", cli_migrate },
		{ "demo", cli_demo },
		{ "user", cli_user },
		{ "audit", cli_audit },
		{ "backup", cli_backup },
		{ "routes", cli_routes },
		{ "territory", cli_territory },
		{ "permissions", cli_permissions },
	};
	size_t i;

	if (rnd_init() != 0) {
		fprintf(stderr, "libsodium unavailable\n");
		return 1;
	}
	json_set_alloc_funcs(xmalloc, xfree);
	db_global_init();
	alert_oncall_set(&oncall_for_alerts);
	episode_alerts_set(&alerts_for_timeline);
	if (argc < 2 || strcmp(argv[1], "help") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return argc < 2 ? 2 : 0;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name) == 0) {
			int rc = cmds[i].fn(argc - 1, argv + 1);

			arena_thread_done();
			return rc;
		}
	}
	fprintf(stderr, "commande inconnue : %s\n", argv[1]);
	usage(stderr);
	return 2;
}
