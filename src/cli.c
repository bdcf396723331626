/*
 * Command-line administration. Messages to the operator are in French;
 * nothing secret is printed except a generated password, once, on
 * purpose, to the terminal that asked for it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "access/access.h"
#include "api/api.h"
#include "audit/audit.h"
#include "auth/password.h"
#include "auth/session.h"
#include "base/ctx.h"
#include "base/log.h"
#include "cli.h"
#include "db/backup.h"
#include "db/db.h"
#include "db/migrate.h"
#include "domain/directory/org.h"
#include "domain/directory/territory.h"
#include "domain/platform/user.h"
#include "domain/record/person.h"
#include "domain/seed/demo.h"
#include "http/openapi.h"
#include "json/jv.h"

const char *
cli_opt(int argc, char **argv, const char *name, const char *def)
{
	int i;

	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return def;
}

int
cli_flag(int argc, char **argv, const char *name)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return 1;
	return 0;
}

int
cli_check_opts(
    int argc, char **argv, const char *const *known, const char *usage)
{
	int i, k, ok;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			printf("%s\n", usage);
			return 1;
		}
		if (strncmp(argv[i], "--", 2) != 0)
			continue;
		ok = 0;
		for (k = 0; known[k] != NULL; k++)
			if (strcmp(argv[i], known[k]) == 0)
				ok = 1;
		if (!ok) {
			fprintf(stderr, "option inconnue : %s\n%s\n", argv[i],
			    usage);
			return 2;
		}
	}
	return 0;
}

static const char *key_opt;
static int key_create;

void
cli_trace_key(const char *path, int create)
{
	key_opt = path;
	key_create = create;
}

/* Set by commands that write no trace (migrate): no key needed. */
static int key_none;
/* migrate --to N: stop at version N (tests building an older schema). */
static int migrate_to;

/* The C steps of the migrations (db/migrate.h): data rewrites SQL cannot
 * do, run inside their migration's transaction. */
const struct migrate_step cli_migrate_steps[] = {
	{ 29, person_rniv_migrate },
	{ 0, NULL },
};

/* The trace key: --trace-key, $MAILLAGE_TRACE_KEY, or <sqlite db>.tracekey. */
static int
load_key(const char *url)
{
	const char *p = key_opt;
	char path[4096], err[4200];

	if (p == NULL || p[0] == '\0')
		p = getenv("MAILLAGE_TRACE_KEY");
	if (p == NULL || p[0] == '\0') {
		if (strncmp(url, "sqlite:", 7) != 0) {
			fprintf(stderr,
			    "clé de trace requise pour "
			    "PostgreSQL : --trace-key FICHIER ou "
			    "MAILLAGE_TRACE_KEY\n");
			return -1;
		}
		snprintf(path, sizeof(path), "%s.tracekey", url + 7);
		p = path;
	}
	if (audit_key_load(p, key_create, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

/* The directory of `path`, resolved (symbolic links, ".."), into buf. */
static void
dir_of(const char *path, char *buf, size_t len)
{
	char d[4096], *s;

	snprintf(d, sizeof(d), "%s", path);
	s = strrchr(d, '/');
	if (s == NULL)
		snprintf(d, sizeof(d), ".");
	else if (s == d)
		d[1] = '\0';
	else
		*s = '\0';
	if (realpath(d, buf) == NULL || strlen(buf) >= len)
		snprintf(buf, len, "%s", d);
}

int
cli_serve_lock(const char *url)
{
	static int fd = -1;
	char path[4096];

	if (strncmp(url, "sqlite:", 7) != 0 || fd >= 0)
		return 0;
	if (snprintf(path, sizeof(path), "%s.lock", url + 7) >=
	    (int)sizeof(path)) {
		fprintf(stderr, "chemin de la base trop long\n");
		return -1;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "%s : %s\n", path, strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		fprintf(stderr,
		    "la base %s est déjà servie par un autre processus "
		    "« maillage serve » : une base SQLite n'a qu'un serveur "
		    "(PostgreSQL pour plusieurs)\n",
		    url + 7);
		close(fd);
		fd = -1;
		return -1;
	}
	return 0; /* held until the process ends */
}

int
cli_key_beside_db(const char *url)
{
	const char *p = key_opt;
	char kd[4096], dd[4096];

	if (strncmp(url, "sqlite:", 7) != 0)
		return 0;
	if (p == NULL || p[0] == '\0')
		p = getenv("MAILLAGE_TRACE_KEY");
	if (p == NULL || p[0] == '\0')
		return 1; /* <sqlite db>.tracekey */
	dir_of(p, kd, sizeof(kd));
	dir_of(url + 7, dd, sizeof(dd));
	return strcmp(kd, dd) == 0;
}

const char *
cli_checkpoint_path(const char *url, const char *opt, char *buf, size_t len)
{
	const char *p = opt;

	if (p == NULL || p[0] == '\0')
		p = getenv("MAILLAGE_CHECKPOINT");
	if (p != NULL && p[0] != '\0')
		return p;
	if (strncmp(url, "sqlite:", 7) != 0)
		return NULL;
	snprintf(buf, len, "%s.checkpoints", url + 7);
	return buf;
}

static int cli_begin(struct ctx *, struct db *, int, const char *);
static int cli_end(struct ctx *, struct db *, int);

/* Name keys of the persons stored before migration 0024 (computed in C,
 * so not by the migration itself); nothing to do on later starts. */
static int
backfill_name_keys(struct db *db)
{
	struct ctx ctx;
	int done = 0, rc;

	if (cli_begin(&ctx, db, 0, NULL) != 0)
		return -1;
	rc = cli_end(&ctx, db, person_name_keys_backfill(&ctx, &done));
	if (rc == 0 && done > 0)
		fprintf(stderr,
		    "clés de recherche calculées pour %d "
		    "personne(s)\n",
		    done);
	ctx_release(&ctx);
	return rc;
}

int
cli_open(const char *url, struct db **db)
{
	char err[512];
	int applied;

	if (!key_none && load_key(url) != 0)
		return -1;
	if (db_open(url, db, err, sizeof(err)) != 0) {
		fprintf(stderr, "base de données inaccessible : %s\n", err);
		return -1;
	}
	if (migrate_upto(*db, cli_migrate_steps,
		migrate_to > 0 ? migrate_to : migrate_latest(), &applied, err,
		sizeof(err)) != 0) {
		fprintf(stderr, "migration impossible : %s\n", err);
		db_close(*db);
		*db = NULL;
		return -1;
	}
	/* The backfill reads the latest schema: not on an older one. */
	if (migrate_to == 0 && backfill_name_keys(*db) != 0) {
		db_close(*db);
		*db = NULL;
		return -1;
	}
	return 0;
}

/*
 * Begins a CLI transaction acting as "cli"; with need_crt, on the CRT
 * named by crt_code (NULL: the first CRT of the database).
 */
static int
cli_begin(struct ctx *ctx, struct db *db, int need_crt, const char *crt_code)
{
	ctx_init(ctx, 0);
	ctx->db = db;
	ctx->login = "cli";
	ctx->ip = "local";
	ctx->role = ROLE_ADMIN;
	ctx->profession = PROF_ADMINISTRATEUR;
	if (db_begin(ctx, db, 1) != E_OK)
		return -1;
	if (!need_crt)
		return 0;
	if (org_crt_find(ctx, crt_code, &ctx->crt_id) != E_OK) {
		fprintf(stderr, "%s\n",
		    ctx->err_msg ? ctx->err_msg : "CRT introuvable");
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int
cli_end(struct ctx *ctx, struct db *db, int rc)
{
	if (rc == E_OK)
		rc = audit_flush(ctx, db);
	if (rc == E_OK)
		rc = db_commit(ctx, db);
	else
		db_rollback(db);
	if (rc != E_OK)
		fprintf(stderr, "échec : %s\n",
		    ctx->err_msg ? ctx->err_msg : db_last_error(db));
	return rc == E_OK ? 0 : 1;
}

/* A password from stdin when it is not a terminal, else generated. */
static int
read_password(char *out, size_t len, int *generated)
{
	size_t n;

	*generated = 0;
	if (!isatty(STDIN_FILENO) && fgets(out, (int)len, stdin) != NULL) {
		n = strcspn(out, "\r\n");
		out[n] = '\0';
		if (n > 0)
			return 0;
	}
	password_generate(out);
	*generated = 1;
	return 0;
}

static const char init_usage[] =
    "usage : maillage init --db URL [--crt CODE] [--crt-name NOM] "
    "[--admin IDENTIFIANT]\n"
    "Crée le schéma, le CRT et son premier administrateur. Le mot de passe\n"
    "est lu sur l'entrée standard, ou généré et affiché une seule fois.";

int
cli_init(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--crt", "--crt-name",
		"--admin", "--trace-key", NULL };
	const char *url, *code, *name, *login;
	char pw[300], hash[PASSWORD_HASH_MAX];
	struct user_fields f;
	struct db *db;
	struct ctx ctx;
	int64_t crt, id;
	int made, gen, rc;

	rc = cli_check_opts(argc, argv, known, init_usage);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	url = cli_opt(argc, argv, "--db", "sqlite:maillage.db");
	code = cli_opt(argc, argv, "--crt", "crt");
	name = cli_opt(argc, argv, "--crt-name",
	    "Centre de ressources "
	    "territorial");
	login = cli_opt(argc, argv, "--admin", "admin");
	cli_trace_key(cli_opt(argc, argv, "--trace-key", NULL), 1);
	read_password(pw, sizeof(pw), &gen);
	rc = password_policy(pw);
	if (rc != 0) {
		/* The policy's own reason (issue 8 review point 13). */
		fprintf(stderr, "%s\n", password_policy_fr(rc));
		return 2;
	}
	if (password_hash(pw, hash) != 0 || cli_open(url, &db) != 0)
		return 1;
	if (cli_begin(&ctx, db, 0, NULL) != 0)
		return 1;
	rc = org_crt_ensure(&ctx, code, name, name, &crt, &made);
	if (rc == E_OK) {
		memset(&f, 0, sizeof(f));
		f.login = login;
		f.display_name = "Administrateur";
		f.role = "admin";
		f.profession = "administrateur";
		f.pw_hash = hash;
		rc = user_create(&ctx, &f, &id);
	}
	if (rc == E_OK)
		audit_add(&ctx, "user.create", 0, "", "-", "ok", login);
	rc = cli_end(&ctx, db, rc);
	if (rc == 0) {
		printf("CRT « %s » prêt, administrateur « %s » créé.\n", code,
		    login);
		if (gen)
			printf(
			    "Mot de passe (affiché une seule fois) : %s\n", pw);
	}
	ctx_release(&ctx);
	db_close(db);
	return rc;
}

int
cli_migrate(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--to", NULL };
	static const char usage[] =
	    "usage : maillage migrate --db URL [--to VERSION]\n"
	    "Applique les migrations en attente (jusqu'à VERSION : pour les "
	    "tests d'une base ancienne).";
	struct db *db;
	const char *to;
	int rc = cli_check_opts(argc, argv, known, usage);

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	to = cli_opt(argc, argv, "--to", NULL);
	if (to != NULL) {
		char *end;
		long v = strtol(to, &end, 10);

		if (*end != '\0' || v < 1 || v > migrate_latest()) {
			fprintf(stderr, "--to : version de 1 à %d\n%s\n",
			    migrate_latest(), usage);
			return 2;
		}
		migrate_to = (int)v;
	}
	key_none = 1; /* migrations write no trace row */
	if (cli_open(cli_opt(argc, argv, "--db", "sqlite:maillage.db"), &db) !=
	    0)
		return 1;
	printf("schéma à jour (version %d)\n", migrate_current(db));
	db_close(db);
	return 0;
}

int
cli_demo(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--communes",
		"--trace-key", NULL };
	static const char usage[] =
	    "usage : maillage demo --db URL "
	    "[--communes FICHIER]\n"
	    "Crée le CRT de démonstration (CRT Nord Lozère) s'il n'existe "
	    "pas.\nMot de passe des comptes : $MAILLAGE_DEMO_PASSWORD ou "
	    "« maillage-demo ».";
	const char *pw = getenv("MAILLAGE_DEMO_PASSWORD");
	struct db *db;
	struct ctx ctx;
	int made, rc, i;

	rc = cli_check_opts(argc, argv, known, usage);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	if (pw == NULL || pw[0] == '\0')
		pw = "maillage-demo";
	cli_trace_key(cli_opt(argc, argv, "--trace-key", NULL), 1);
	if (cli_open(cli_opt(argc, argv, "--db", "sqlite:maillage.db"), &db) !=
	    0)
		return 1;
	if (cli_begin(&ctx, db, 0, NULL) != 0)
		return 1;
	rc = demo_seed(&ctx, pw,
	    cli_opt(argc, argv, "--communes", TERRITORY_COMMUNES_FILE), &made);
	rc = cli_end(&ctx, db, rc);
	if (rc == 0) {
		printf(made ? "CRT de démonstration créé : CRT Nord Lozère.\n"
			    : "CRT de démonstration déjà présent.\n");
		printf("Comptes de démonstration (mot de passe « %s ») :\n",
		    getenv("MAILLAGE_DEMO_PASSWORD") ? "$MAILLAGE_DEMO_PASSWORD"
						     : pw);
		for (i = 0; demo_logins[i] != NULL; i++)
			printf("  %-13s %s\n", demo_logins[i],
			    demo_login_labels[i]);
	}
	ctx_release(&ctx);
	db_close(db);
	return rc;
}

static const char user_usage[] =
    "usage : maillage user add --db URL --login ID --name NOM --role ROLE "
    "--profession PROF [--org ID] [--crt CODE]\n"
    "        maillage user disable --db URL --login ID\n"
    "        maillage user passwd --db URL --login ID\n"
    "Le mot de passe est lu sur l'entrée standard, ou généré et affiché.";

int
cli_user(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--login", "--name",
		"--role", "--profession", "--org", "--crt", NULL };
	const char *verb = argc > 1 ? argv[1] : "", *login, *name;
	char pw[300], hash[PASSWORD_HASH_MAX];
	struct user_fields f;
	struct user u;
	struct db *db;
	struct ctx ctx;
	int64_t id;
	int gen = 0, rc;

	rc = cli_check_opts(argc, argv, known, user_usage);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	login = cli_opt(argc, argv, "--login", NULL);
	if (login == NULL ||
	    (strcmp(verb, "add") != 0 && strcmp(verb, "disable") != 0 &&
		strcmp(verb, "passwd") != 0)) {
		fprintf(stderr, "%s\n", user_usage);
		return 2;
	}
	if (strcmp(verb, "disable") != 0) {
		read_password(pw, sizeof(pw), &gen);
		rc = password_policy(pw);
		if (rc != 0) {
			fprintf(stderr, "%s\n", password_policy_fr(rc));
			return 2;
		}
		if (password_hash(pw, hash) != 0)
			return 1;
	}
	/* Every text stored is valid UTF-8 (the API's JSON relies on it),
	 * from the command line too. */
	name = cli_opt(argc, argv, "--name", login);
	if (!jv_utf8_valid(name) || jv_has_ctl(name, strlen(name), 0)) {
		fprintf(stderr,
		    "maillage user : --name doit être un texte "
		    "UTF-8 sans caractère de contrôle.\n");
		return 2;
	}
	if (cli_open(cli_opt(argc, argv, "--db", "sqlite:maillage.db"), &db) !=
	    0)
		return 1;
	if (cli_begin(&ctx, db, strcmp(verb, "add") == 0,
		cli_opt(argc, argv, "--crt", NULL)) != 0)
		return 1;
	memset(&f, 0, sizeof(f));
	f.disabled = -1;
	if (strcmp(verb, "add") == 0) {
		f.login = login;
		f.display_name = name;
		f.role = cli_opt(argc, argv, "--role", "");
		f.profession = cli_opt(argc, argv, "--profession", "");
		f.org_id = strtoll(cli_opt(argc, argv, "--org", "0"), NULL, 10);
		f.pw_hash = hash;
		rc = user_create(&ctx, &f, &id);
	} else {
		rc = user_by_login(&ctx, login, &u, NULL);
		if (rc == E_NOT_FOUND)
			rc = err_set(&ctx, E_NOT_FOUND, "user.not_found", NULL,
			    "Cet utilisateur n'existe pas.");
		if (rc == E_OK) {
			ctx.crt_id = u.crt_id;
			if (strcmp(verb, "disable") == 0)
				f.disabled = 1;
			else
				f.pw_hash = hash;
			rc = user_update(&ctx, u.id, &f);
		}
		if (rc == E_OK)
			rc = session_delete_user(&ctx, db, u.id);
	}
	if (rc == E_OK)
		audit_add(&ctx,
		    strcmp(verb, "add") == 0 ? "user.create" : "user.update", 0,
		    "", "-", "ok",
		    arena_printf(&ctx.arena, "%s %s", verb, login));
	rc = cli_end(&ctx, db, rc);
	if (rc == 0) {
		printf("compte « %s » : %s effectué.\n", login, verb);
		if (gen)
			printf(
			    "Mot de passe (affiché une seule fois) : %s\n", pw);
	}
	ctx_release(&ctx);
	db_close(db);
	return rc;
}

static const char audit_usage[] =
    "usage : maillage audit verify --db URL [--trace-key FICHIER] "
    "[--checkpoint FICHIER]\n"
    "        maillage audit rekey --db URL [--trace-key FICHIER] "
    "[--checkpoint FICHIER]\n"
    "verify : vérifie la chaîne de la trace des accès et les points de\n"
    "contrôle (têtes de chaîne hors base) ; code de sortie 1 si une ligne\n"
    "a été modifiée, supprimée ou déplacée.\n"
    "rekey : scelle avec la clé une trace écrite avant la clé de trace,\n"
    "après l'avoir vérifiée en entier avec l'ancien hachage ; refuse un\n"
    "CRT qui a déjà des lignes scellées ou des points de contrôle.";

static int
audit_rekey_cmd(const char *url, const char *cpf)
{
	struct db *db;
	struct ctx ctx;
	long n;
	int rc;

	if (cli_open(url, &db) != 0)
		return 1;
	if (cli_begin(&ctx, db, 0, NULL) != 0) {
		db_close(db);
		return 1;
	}
	n = audit_rekey(&ctx, cpf, stdout);
	rc = cli_end(&ctx, db, n < 0 ? E_INVALID : E_OK);
	if (n < 0)
		fprintf(stderr,
		    "trace non re-scellée, rien n'a été modifié : "
		    "voir ci-dessus\n");
	else if (rc == 0 && n > 0)
		printf("trace re-scellée : %ld ligne(s)\n", n);
	else if (rc == 0)
		printf("trace déjà scellée avec la clé : rien à faire\n");
	ctx_release(&ctx);
	db_close(db);
	return n < 0 ? 1 : rc;
}

int
cli_audit(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--trace-key",
		"--checkpoint", NULL };
	const char *url, *cpf, *opt;
	char cpbuf[4096];
	struct db *db;
	long bad, rows;
	int rc = cli_check_opts(argc, argv, known, audit_usage);

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	if (argc < 2 ||
	    (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "rekey") != 0)) {
		fprintf(stderr, "%s\n", audit_usage);
		return 2;
	}
	url = cli_opt(argc, argv, "--db", "sqlite:maillage.db");
	cli_trace_key(cli_opt(argc, argv, "--trace-key", NULL), 0);
	opt = cli_opt(argc, argv, "--checkpoint", NULL);
	cpf = cli_checkpoint_path(url, opt, cpbuf, sizeof(cpbuf));
	if (strcmp(argv[1], "rekey") == 0) {
		/* Same file as verify; the default one may not exist yet. */
		if (cpf != NULL && cpf == cpbuf && access(cpf, F_OK) != 0)
			cpf = NULL;
		return audit_rekey_cmd(url, cpf);
	}
	if (cli_open(url, &db) != 0)
		return 1;
	if (cpf != NULL && cpf == cpbuf && access(cpf, F_OK) != 0) {
		/* The default file does not exist yet (no server ran). */
		printf("pas de points de contrôle (%s absent) : une troncature "
		       "de la fin de la trace ne peut être détectée\n",
		    cpf);
		cpf = NULL;
	} else if (cpf == NULL)
		printf("pas de points de contrôle (--checkpoint FICHIER ou "
		       "MAILLAGE_CHECKPOINT) : une troncature de la fin de la "
		       "trace ne peut être détectée\n");
	bad = audit_verify(db, cpf, stdout, &rows);
	db_close(db);
	if (bad < 0) {
		fprintf(stderr, "lecture de la trace impossible\n");
		return 1;
	}
	if (bad > 0) {
		printf("trace ALTÉRÉE : %ld anomalie(s) sur %ld ligne(s)\n",
		    bad, rows);
		return 1;
	}
	printf("trace intègre : %ld ligne(s) vérifiée(s)%s\n", rows,
	    cpf ? ", points de contrôle compris" : "");
	return 0;
}

int
cli_backup(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--to", "--trace-key",
		"--checkpoint", NULL };
	static const char usage[] =
	    "usage : maillage backup --db URL --to "
	    "FICHIER [--trace-key FICHIER] [--checkpoint FICHIER]\n"
	    "Sauvegarde en ligne et cohérente (SQLite : copie de la base ;\n"
	    "PostgreSQL : pg_dump au format custom). Affiche les têtes de "
	    "chaîne\nde la trace et les ajoute aux points de contrôle.";
	const char *url, *to, *cpf;
	char err[4400], cpbuf[4096];
	struct db *db;
	int rc = cli_check_opts(argc, argv, known, usage);

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	url = cli_opt(argc, argv, "--db", "sqlite:maillage.db");
	to = cli_opt(argc, argv, "--to", NULL);
	if (to == NULL || !db_url_ok(url)) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	if (access(to, F_OK) == 0) {
		fprintf(stderr,
		    "%s existe déjà : choisissez un nouveau "
		    "fichier\n",
		    to);
		return 2;
	}
	/* The heads, committed before the copy starts (so the copy holds
	 * them), printed and checkpointed outside the database. */
	cli_trace_key(cli_opt(argc, argv, "--trace-key", NULL), 0);
	cpf = cli_checkpoint_path(url,
	    cli_opt(argc, argv, "--checkpoint", NULL), cpbuf, sizeof(cpbuf));
	/* A backup is never refused for want of a key or a checkpoint file:
	 * the heads are printed anyway, the operator warned. */
	if (load_key(url) != 0) {
		fprintf(stderr,
		    "attention : sans clé de trace, les têtes ne "
		    "sont pas ajoutées aux points de contrôle\n");
		cpf = NULL;
	} else if (cpf == NULL)
		fprintf(stderr,
		    "attention : pas de fichier de points de "
		    "contrôle (--checkpoint ou MAILLAGE_CHECKPOINT)\n");
	if (cpf != NULL && audit_checkpoint_open(cpf, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if (db_open(url, &db, err, sizeof(err)) != 0) {
		fprintf(stderr, "base de données inaccessible : %s\n", err);
		audit_checkpoint_close();
		return 1;
	}
	rc = audit_checkpoint(db, 1, stdout);
	db_close(db);
	audit_checkpoint_close();
	if (rc < 0) {
		fprintf(stderr,
		    "têtes de chaîne illisibles ou points de "
		    "contrôle non écrits\n");
		return 1;
	}
	if (backup_run(url, to, err, sizeof(err)) != 0) {
		fprintf(stderr, "sauvegarde impossible : %s\n", err);
		return 1;
	}
	printf("sauvegarde écrite : %s\n", to);
	return 0;
}

int
cli_routes(int argc, char **argv)
{
	static const char *const known[] = { "--markdown", NULL };
	static const char usage[] =
	    "usage : maillage routes [--markdown]\n"
	    "Liste les routes de l'API (« MÉTHODE /chemin »), ou produit\n"
	    "docs/API.md avec --markdown.";
	int rc = cli_check_opts(argc, argv, known, usage);

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	if (cli_flag(argc, argv, "--markdown"))
		openapi_markdown(stdout, api_tables, api_ntables,
		    access_perm_codes, api_schemas, api_user_replies);
	else
		openapi_list(stdout, api_tables, api_ntables);
	return 0;
}

/*
 * SPEC: issue 9 §1 — the permission table as text, one permission a
 * line: its name, then the codes of the roles holding it. The web UI's
 * fallback table (web/core/perm.js) is compared with it by
 * tools/check-web.mjs, so the two cannot drift.
 */
int
cli_permissions(int argc, char **argv)
{
	static const char *const known[] = { NULL };
	static const char usage[] =
	    "usage : maillage permissions\n"
	    "Liste les permissions (une par ligne : son nom, puis les rôles\n"
	    "qui la détiennent).";
	int rc = cli_check_opts(argc, argv, known, usage);
	unsigned k;
	int r;

	if (rc != 0)
		return rc == 1 ? 0 : 2;
	for (k = PERM_ANY + 1; k < PERM__MAX; k++) {
		fputs(access_perm_codes[k], stdout);
		for (r = 0; r < ROLE__MAX; r++)
			if (access_permits(r, k))
				printf(" %s", access_role_codes[r]);
		putchar('\n');
	}
	return 0;
}

int
cli_territory(int argc, char **argv)
{
	static const char *const known[] = { "--db", "--file", NULL };
	static const char usage[] =
	    "usage : maillage territory import --db URL "
	    "[--file communes.json]\n"
	    "Charge les communes françaises (code INSEE, nom, codes postaux,\n"
	    "département) du paquet npm @etalab/decoupage-administratif ;\n"
	    "par défaut " TERRITORY_COMMUNES_FILE ".";
	struct db *db;
	struct ctx ctx;
	int rc, n = 0;

	rc = cli_check_opts(argc, argv, known, usage);
	if (rc != 0)
		return rc == 1 ? 0 : 2;
	if (argc < 2 || strcmp(argv[1], "import") != 0) {
		fprintf(stderr, "%s\n", usage);
		return 2;
	}
	if (cli_open(cli_opt(argc, argv, "--db", "sqlite:maillage.db"), &db) !=
	    0)
		return 1;
	if (cli_begin(&ctx, db, 0, NULL) != 0)
		return 1;
	rc = territory_import(
	    &ctx, cli_opt(argc, argv, "--file", TERRITORY_COMMUNES_FILE), &n);
	rc = cli_end(&ctx, db, rc);
	if (rc == 0)
		printf("%d communes chargées.\n", n);
	ctx_release(&ctx);
	db_close(db);
	return rc;
}
