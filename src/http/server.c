/*
 * libmicrohttpd glue and the request pipeline (STYLE §6). Owns: parsing,
 * limits, routing, the session/CSRF steps (through hooks), validation of
 * the body into the route's typed struct, the coarse role check, the
 * transaction around the handler, and rendering of JSON and errors.
 * Must not: know any resource, any table, or any domain rule.
 *
 * Threads: MHD's epoll pool runs read handlers inline; write handlers and
 * trace rows run on the group-commit writer (db/commit.c) while the
 * connection is suspended. The response is queued on the handler's next
 * call (after resume), never before the commit.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "base/log.h"
#include "base/xalloc.h"
#include "db/commit.h"
#include "db/db.h"
#include "http/live.h"
#include "http/server.h"
#include "http/static.h"
#include "json/jout.h"
#include "json/jv.h"
#include "json/jw.h"

#define ARENA_CAP (8u * 1024 * 1024)
#define SERVER_POOL_BYTES (16u * 1024)
/* h->early: a 400 with its own key, apart from request.malformed. */
#define EARLY_FRAMING 1400
#define EARLY_CODING 1401 /* a transfer coding other than chunked */
#define EARLY_CTYPE 1402 /* two Content-Type headers */
#define FRESH_GRACE_MS 1000 /* SIGTERM: a new connection's request */
#define LIMIT_LOG_MS 10000 /* connection-limit log lines */
#define DRAIN_MAX (16ull * 1024 * 1024) /* read and drop up to */

const char *const route_method_names[M__MAX] = { "GET", "POST", "PUT", "PATCH",
	"DELETE" };

enum phase {
	PH_NEW,
	PH_BODY,
	PH_WAIT, /* suspended, a job is with the writer */
	PH_READY /* response can be queued */
};

struct hreq {
	struct ctx ctx;
	struct req req;
	struct buf body;
	const struct route *route;
	struct MHD_Connection *conn;
	struct commit_job job;
	enum phase phase;
	int early; /* status decided at once, or EARLY_* */
	int toobig;
	int is_static;
	struct static_file sf; /* is_static: what to send */
	int rc; /* handler result */
	int suspended; /* counted in `suspended` */
	const char *allow; /* 405: methods of the path */
};

static struct MHD_Daemon *daemon_h;
static const struct route_table *tables;
static size_t ntables;
static struct http_hooks hooks;
static struct http_config cfg;
static atomic_int inflight; /* requests begun, not completed */
static atomic_int suspended; /* of which waiting for the writer */
static atomic_int fresh; /* connections without a request yet */
static _Atomic int64_t limit_log_at; /* mhd_log: last limit line */
static atomic_int limit_hits;
static atomic_int draining; /* SIGTERM: answers close their connection */
/* Set once the drain is over: no connection may be suspended any more
 * (MHD_stop_daemon aborts on one), so a new job is refused with a 503. */
static atomic_int stopping;
static MHD_socket listen_fd = MHD_INVALID_SOCKET;

const char *
req_query(const struct req *r, const char *name)
{
	int i;

	for (i = 0; i < r->nquery; i++)
		if (strcmp(r->query[i].k, name) == 0)
			return r->query[i].v;
	return NULL;
}

static int
method_of(const char *m)
{
	int i;

	for (i = 0; i < M__MAX; i++)
		if (strcmp(m, route_method_names[i]) == 0)
			return i;
	return -1;
}

/* Matches "/a/{id}/b" against a path; {x} takes a positive integer. */
static int
path_match(const char *pat, const char *path, struct req *req)
{
	const char *p = pat, *s = path;
	int64_t v;
	int n = 0;

	while (*p != '\0' && *s != '\0') {
		if (*p == '{') {
			if (*s < '1' || *s > '9')
				return 0;
			v = 0;
			while (*s >= '0' && *s <= '9') {
				if (v > 900719925474099) /* 2^53 / 10 */
					return 0;
				v = v * 10 + (*s++ - '0');
			}
			while (*p != '}' && *p != '\0')
				p++;
			if (*p == '}')
				p++;
			if (req != NULL && n < REQ_MAX_IDS)
				req->ids[n] = v;
			n++;
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p != '\0' || *s != '\0')
		return 0;
	if (req != NULL)
		req->nids = n;
	return 1;
}

const struct route *
http_match(const char *method, const char *path, struct req *req, int *status)
{
	int m = method_of(method), path_seen = 0;
	size_t t, i;

	for (t = 0; t < ntables; t++) {
		for (i = 0; tables[t].rows[i].path != NULL; i++) {
			const struct route *r = &tables[t].rows[i];

			if (!path_match(r->path, path, NULL))
				continue;
			path_seen = 1;
			if ((int)r->method != m)
				continue;
			path_match(r->path, path, req);
			*status = 0;
			return r;
		}
	}
	*status = path_seen ? 405 : 404;
	return NULL;
}

/* "GET, PATCH" for the routes whose pattern matches url. */
static const char *
allowed_methods(struct hreq *h, const char *url)
{
	char buf[64] = "";
	size_t t, i, o = 0;
	int m;

	for (m = 0; m < M__MAX; m++) {
		for (t = 0; t < ntables; t++)
			for (i = 0; tables[t].rows[i].path != NULL; i++)
				if ((int)tables[t].rows[i].method == m &&
				    path_match(
					tables[t].rows[i].path, url, NULL))
					goto found;
		continue;
	found:
		o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%s",
		    o ? ", " : "", route_method_names[m]);
	}
	return arena_strdup(&h->ctx.arena, buf);
}

static enum MHD_Result
collect_query(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct hreq *h = cls;

	(void)kind;
	if (h->req.nquery >= REQ_MAX_QUERY || k == NULL)
		return MHD_YES;
	h->req.query[h->req.nquery].k = arena_strdup(&h->ctx.arena, k);
	h->req.query[h->req.nquery].v = arena_strdup(&h->ctx.arena, v ? v : "");
	h->req.nquery++;
	return MHD_YES;
}

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
static int
utf8_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp, min;
	int n;

	while (*p) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if (*p >= 0xc2 && *p <= 0xdf) {
			n = 1;
			cp = *p & 0x1f;
			min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			n = 2;
			cp = *p & 0x0f;
			min = 0x800;
		} else if (*p >= 0xf0 && *p <= 0xf4) {
			n = 3;
			cp = *p & 0x07;
			min = 0x10000;
		} else
			return 0;
		for (p++; n > 0; n--, p++) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (*p & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
	}
	return 1;
}

static void
client_ip(struct hreq *h)
{
	const union MHD_ConnectionInfo *ci;
	const char *real;
	char buf[INET6_ADDRSTRLEN] = "-";

	ci = MHD_get_connection_info(
	    h->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL) {
		if (ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET,
			    &((const struct sockaddr_in *)(const void *)
				    ci->client_addr)
				 ->sin_addr,
			    buf, sizeof(buf));
		else if (ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6,
			    &((const struct sockaddr_in6 *)(const void *)
				    ci->client_addr)
				 ->sin6_addr,
			    buf, sizeof(buf));
	}
	real =
	    MHD_lookup_connection_value(h->conn, MHD_HEADER_KIND, "X-Real-IP");
	if (cfg.trust_proxy && real != NULL && strlen(real) < 64 &&
	    (strcmp(buf, "127.0.0.1") == 0 || strcmp(buf, "::1") == 0)) {
		/* Only a well-formed address from the local proxy counts. */
		unsigned char a[sizeof(struct in6_addr)];

		if (inet_pton(AF_INET, real, a) == 1 ||
		    inet_pton(AF_INET6, real, a) == 1)
			snprintf(buf, sizeof(buf), "%s", real);
	}
	h->ctx.ip = arena_strdup(&h->ctx.arena, buf);
}

static void
add_common_headers(struct MHD_Response *resp, struct hreq *h)
{
	MHD_add_response_header(resp, "X-Request-Id", h->ctx.request_id);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result
queue(struct hreq *, struct MHD_Response *, int, const char *);

/*
 * An embedded file's headers: its cache policy, ETag and encoding (the
 * reply varies with Accept-Encoding), and the strict CSP, which allows
 * index.html's inline scripts (its import map, web/early.js) and styles
 * by their hashes only.
 */
static void
static_headers(struct MHD_Response *resp, const struct static_file *sf)
{
	char csp[1024];

	(void)snprintf(csp, sizeof(csp),
	    "default-src 'self'; img-src 'self' data:; "
	    "style-src 'self' %s; script-src 'self' %s; "
	    "frame-ancestors 'none'; base-uri 'none'; "
	    "form-action 'self'",
	    static_style_hashes(), static_script_hashes());
	MHD_add_response_header(resp, "Cache-Control", sf->cache);
	MHD_add_response_header(resp, "ETag", sf->etag);
	MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (sf->encoding != NULL && !sf->not_modified)
		MHD_add_response_header(resp, "Content-Encoding", sf->encoding);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
}

static enum MHD_Result
send_buffer(struct hreq *h, int status, const char *type, const void *data,
    size_t len, int must_copy)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer(len, (void *)(uintptr_t)data,
	    must_copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	return queue(h, resp, status, type);
}

/*
 * gzip for the API's JSON replies (issue 10 §12): over rural 4G a byte
 * costs ~5 µs, a record with its parts is 4-25 KB of JSON and the labels
 * of /api/v1/meta 10 KB; gzip divides them by 2-3. A reply under
 * GZIP_MIN stays as it is: a person read (1.6 KB), a list row or an
 * error would save under 1 KB (~4 ms on the wire) for ~15 µs of server
 * CPU, which the read benchmark would pay (measured with wrk and
 * Accept-Encoding, docs/PERFORMANCE.md). Level 1, the fastest. Returns
 * the gzip form (xmalloc), or NULL when it would not be smaller.
 */
#define GZIP_MIN 2048
#define GZIP_LEVEL 1
#define GZIP_WBITS 15
#define GZIP_MEMLEVEL 8

/* One deflate state per thread, reset for each reply: setting one up
 * (~100 KiB allocated and cleared) cost more than compressing a record
 * (measured: +30 µs per 1.6 KB reply). Released when its thread ends
 * (the key's destructor), so a sanitized build reports no leak. */
static pthread_key_t gz_key;
static pthread_once_t gz_once = PTHREAD_ONCE_INIT;

static void
gz_free(void *p)
{
	deflateEnd(p);
	xfree(p);
}

static void
gz_key_init(void)
{
	if (pthread_key_create(&gz_key, gz_free) != 0)
		abort();
}

static char *
gzip_form(const char *data, size_t len, size_t *outlen)
{
	z_stream *zs;
	char *out;
	uLong cap;
	int rc;

	(void)pthread_once(&gz_once, gz_key_init);
	zs = pthread_getspecific(gz_key);
	if (zs == NULL) {
		zs = xcalloc(1, sizeof(*zs));
		/* windowBits 15 + 16: a gzip header and trailer, no name nor
		 * time. */
		if (deflateInit2(zs, GZIP_LEVEL, Z_DEFLATED, GZIP_WBITS + 16,
			GZIP_MEMLEVEL, Z_DEFAULT_STRATEGY) != Z_OK ||
		    pthread_setspecific(gz_key, zs) != 0) {
			xfree(zs);
			return NULL;
		}
	} else if (deflateReset(zs) != Z_OK)
		return NULL;
	cap = deflateBound(zs, (uLong)len);
	out = xmalloc(cap);
	zs->next_in = (Bytef *)(uintptr_t)data;
	zs->avail_in = (uInt)len;
	zs->next_out = (Bytef *)out;
	zs->avail_out = (uInt)cap;
	rc = deflate(zs, Z_FINISH);
	*outlen = zs->total_out;
	if (rc != Z_STREAM_END || *outlen >= len) {
		xfree(out);
		return NULL;
	}
	return out;
}

/* Takes ownership of a heap buffer (xmalloc): no copy. A JSON reply of
 * GZIP_MIN bytes or more goes gzipped to a client that accepts it; every
 * JSON reply says it varies with Accept-Encoding (a cache must not give
 * the gzip form to a client that did not ask for it). */
static enum MHD_Result
send_owned(struct hreq *h, int status, const char *type, char *data, size_t len)
{
	struct MHD_Response *resp;
	int json = type != NULL && strncmp(type, "application/json", 16) == 0;
	const char *enc = NULL;
	char *gz;
	size_t gzlen;

	if (json && len >= GZIP_MIN &&
	    static_accepts_gzip(MHD_lookup_connection_value(
		h->conn, MHD_HEADER_KIND, "Accept-Encoding"))) {
		gz = gzip_form(data, len, &gzlen);
		if (gz != NULL) {
			xfree(data);
			data = gz;
			len = gzlen;
			enc = "gzip";
		}
	}
	resp = MHD_create_response_from_buffer_with_free_callback(
	    len, data, xfree);
	if (resp == NULL) {
		xfree(data);
		return MHD_NO;
	}
	if (json)
		MHD_add_response_header(resp, "Vary", "Accept-Encoding");
	if (enc != NULL)
		MHD_add_response_header(resp, "Content-Encoding", enc);
	return queue(h, resp, status, type);
}

static enum MHD_Result
queue(struct hreq *h, struct MHD_Response *resp, int status, const char *type)
{
	enum MHD_Result ret;

	if (resp == NULL)
		return MHD_NO;
	add_common_headers(resp, h);
	if (type != NULL)
		MHD_add_response_header(resp, "Content-Type", type);
	if (h->is_static) {
		static_headers(resp, &h->sf);
	} else
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	if (h->req.set_cookie != NULL)
		MHD_add_response_header(resp, "Set-Cookie", h->req.set_cookie);
	if (h->req.disposition != NULL) {
		/* A stored file: never rendered in our origin. */
		MHD_add_response_header(
		    resp, "Content-Disposition", h->req.disposition);
		MHD_add_response_header(resp, "Content-Security-Policy",
		    "default-src 'none'; sandbox");
	}
	if (h->req.retry_after != NULL)
		MHD_add_response_header(
		    resp, "Retry-After", h->req.retry_after);
	if (status == 405 && h->route == NULL && h->allow != NULL)
		MHD_add_response_header(resp, "Allow", h->allow);
	if (atomic_load(&draining))
		MHD_add_response_header(resp, "Connection", "close");
	ret = MHD_queue_response(h->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result
send_json(struct hreq *h, int status, json_t *j)
{
	char *s;
	size_t n;

	s = jout_dump(j, &n);
	return send_owned(h, status, "application/json; charset=utf-8", s, n);
}

/*
 * The error reply, described once (issue 9 §2). The record an error
 * refers to (err_set_ref) is one of the optional integer members.
 */
#define ERRB_F(X, S) \
	X(S, code, JW_STR, 0, NULL, NULL, "Code stable de l'erreur") \
	X(S, message, JW_STR, 0, NULL, NULL, "Message en français") \
	X(S, field, JW_STR, JW_OPTIONAL, NULL, NULL, "Champ en cause") \
	X(S, holder_id, JW_INT, JW_OPTIONAL, NULL, NULL, \
	    "Dossier qui porte déjà cet INS (person.ins.taken)") \
	X(S, request_id, JW_STR, 0, NULL, NULL, \
	    "Référence de la requête (journal du serveur)")
JW_FIELDS(ERRB, ERRB_F);
JW_ROWS(ERRB, ERRB_F);
static const struct jw_schema error_body_schema =
    JW_INIT(ERRB, "ErrorBody", "Erreur");

#define ERR_F(X, S) X(S, error, JW_OBJ, 0, NULL, &error_body_schema, "L'erreur")
JW_FIELDS(ERR, ERR_F);
JW_ROWS(ERR, ERR_F);
const struct jw_schema http_error_schema =
    JW_INIT(ERR, "Error", "Erreur (code stable et message en français)");

static enum MHD_Result
send_error(struct hreq *h)
{
	struct ctx *ctx = &h->ctx;
	int status = err_status(ctx->err);
	const char *msg = ctx->err_msg, *key = ctx->err_key;
	struct jw w;
	char *body;
	size_t n;
	int f;

	if (ctx->err == E_DB || ctx->err == E_INTERNAL) {
		/* Details went to the log; the user gets a reference. */
		key = "server.error";
		msg = arena_printf(&ctx->arena,
		    "Une erreur interne est "
		    "survenue (référence %s).",
		    ctx->request_id);
	}
	if (ctx->err == E_UNAVAILABLE && key == NULL) {
		key = "server.unavailable";
		msg = "Le service est momentanément indisponible.";
	}
	jw_begin(&w, &http_error_schema);
	jw_obj_begin(&w, ERR_error);
	jw_str(&w, ERRB_code, key ? key : "error");
	jw_str(&w, ERRB_message, msg ? msg : "La requête n'a pas pu aboutir.");
	if (ctx->err_field != NULL)
		jw_str(&w, ERRB_field, ctx->err_field);
	if (ctx->err_ref_name != NULL) {
		for (f = 0; f < ERRB__N; f++)
			if (strcmp(ERRB_rows[f].name, ctx->err_ref_name) == 0)
				break;
		if (f < ERRB__N)
			jw_int(&w, f, ctx->err_ref_id);
		else
			log_error("BUG: error reference %s not described",
			    ctx->err_ref_name);
	}
	jw_str(&w, ERRB_request_id, ctx->request_id);
	jw_obj_end(&w);
	body = jw_finish(&w, &n);
	return send_owned(
	    h, status, "application/json; charset=utf-8", body, n);
}

static enum MHD_Result
send_result(struct hreq *h)
{
	int status;

	if (h->ctx.err != E_OK)
		return send_error(h);
	status = h->req.status ? h->req.status
			       : (h->route->status ? h->route->status : 200);
	if ((h->route->flags & R_STREAM) && h->req.live != NULL)
		return queue(h,
		    live_response(h->conn, &h->ctx, &h->req, h->req.live), 200,
		    NULL);
	if (h->req.raw_owned != NULL) {
		char *p = h->req.raw_owned;

		h->req.raw_owned = NULL; /* MHD frees it now */
		return send_owned(
		    h, status, h->req.raw_type, p, h->req.raw_len);
	}
	if (h->req.raw_body != NULL)
		return send_buffer(h, status, h->req.raw_type, h->req.raw_body,
		    h->req.raw_len, 1);
	if (status == 204 || h->req.out == NULL)
		return send_buffer(h,
		    status == 200 && h->req.out == NULL ? 204 : status, NULL,
		    "", 0, 0);
	return send_json(h, status, h->req.out);
}

/* Runs on the writer thread, inside the batch transaction. */
static int
job_run(struct commit_job *j, struct db *db)
{
	struct hreq *h = j->arg;
	struct ctx *ctx = &h->ctx;
	int rc = E_OK, f;

	if (h->route != NULL && (h->route->flags & R_WRITE) &&
	    ctx->err == E_OK) {
		ctx->db = db;
		if (db_savepoint(db) != 0)
			return err_set(ctx, E_UNAVAILABLE, "db.busy", NULL,
			    "Le service est momentanément occupé, veuillez "
			    "réessayer.");
		rc = h->route->handler(ctx, &h->req);
		if (rc == E_OK && ctx->err != E_OK)
			rc = ctx->err;
		if (db_txn_lost(db)) {
			/* Rolled back by the database (disk full): no
			 * savepoint left, nothing may run outside the batch. */
			hooks.discard(ctx);
			h->rc = rc != E_OK ? rc : E_UNAVAILABLE;
			return h->rc;
		}
		if (rc == E_OK || ctx->commit_on_error) {
			f = hooks.flush(ctx, db);
			if (f != E_OK) {
				ctx->commit_on_error = 0;
				rc = f;
			}
		}
		if (rc != E_OK && ctx->err == E_OK)
			err_set(ctx, rc, "server.error", NULL, NULL);
		if (rc != E_OK && !ctx->commit_on_error)
			db_savepoint_rollback(db);
		else
			db_savepoint_release(db);
		h->rc = rc;
	}
	/* Rows of a read: no savepoint needed, a failed insert leaves the
	 * chain consistent (audit.c reloads it) and the request fails. */
	if (hooks.pending(ctx) && !(h->route->flags & R_WRITE)) {
		f = hooks.flush(ctx, db);
		if (f != E_OK)
			hooks.discard(ctx);
		return f;
	}
	/* Rows of a refused write (denials, failed logins are traced even
	 * though the change itself is undone). */
	if (hooks.pending(ctx)) {
		if (db_savepoint(db) != 0)
			return E_UNAVAILABLE;
		f = hooks.flush(ctx, db);
		if (f != E_OK) {
			db_savepoint_rollback(db);
			hooks.discard(ctx);
			return f;
		}
		db_savepoint_release(db);
	}
	return rc;
}

static void
job_done(struct commit_job *j, int rc)
{
	struct hreq *h = j->arg;

	if (rc == E_UNAVAILABLE && h->ctx.err == E_OK && db_store_full())
		err_set(&h->ctx, E_UNAVAILABLE, "store.full", NULL,
		    db_store_full_msg);
	else if (rc == E_UNAVAILABLE && h->ctx.err == E_OK)
		err_set(&h->ctx, E_UNAVAILABLE, "db.unavailable", NULL,
		    "Le service est momentanément indisponible, veuillez "
		    "réessayer.");
	else if (rc != E_OK && h->ctx.err == E_OK)
		err_set(&h->ctx, E_INTERNAL, "server.error", NULL, NULL);
	if (rc != E_OK && h->ctx.err == E_OK)
		h->ctx.err = rc;
	h->phase = PH_READY;
	MHD_resume_connection(h->conn);
}

static void
to_writer(struct hreq *h)
{
	h->job.run = job_run;
	h->job.done = job_done;
	h->job.arg = h;
	/* Counted until the handler's next call: MHD keeps a resumed
	 * connection on its suspended list until then. Counted before
	 * `stopping` is read: either server_drain() sees the count and
	 * waits, or this request sees `stopping` and is refused. */
	atomic_fetch_add(&suspended, 1);
	if (atomic_load(&stopping)) {
		atomic_fetch_sub(&suspended, 1);
		if (hooks.pending(&h->ctx))
			hooks.discard(&h->ctx);
		err_set(&h->ctx, E_UNAVAILABLE, "server.stopping", NULL,
		    "Le service redémarre : veuillez réessayer dans un "
		    "instant.");
		h->phase = PH_READY;
		return;
	}
	h->phase = PH_WAIT;
	h->suspended = 1;
	/* Suspend first: done() may resume before we return. */
	MHD_suspend_connection(h->conn);
	commit_submit(&h->job);
}

static int
validate_body(struct hreq *h)
{
	const struct route *r = h->route;
	json_t *j = NULL;
	int rc;

	if (r->flags & (R_UPLOAD | R_SIGNED)) {
		h->req.body = h->body.p;
		h->req.body_len = h->body.len;
		return E_OK;
	}
	if (r->in == NULL) {
		if (h->body.len > 0 && r->method != M_GET &&
		    r->method != M_DELETE)
			return err_set(&h->ctx, E_BADREQ, "request.body", NULL,
			    "Cette requête n'attend pas de contenu.");
		return E_OK;
	}
	h->req.in = arena_zalloc(&h->ctx.arena, r->in_size);
	if (h->req.in == NULL)
		return err_set(&h->ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
	rc = jv_parse(&h->ctx, h->body.p ? h->body.p : "", h->body.len, &j);
	if (rc != E_OK)
		return rc;
	rc = jv_object(&h->ctx, r->tag, j, r->in, h->req.in);
	json_decref(j);
	return rc;
}

/* "application/json", any case, with or without parameters. */
static int
is_json_type(const char *v)
{
	static const char want[] = "application/json";
	size_t n = sizeof(want) - 1;

	if (v == NULL || strncasecmp(v, want, n) != 0)
		return 0;
	v += n;
	while (*v == ' ' || *v == '\t')
		v++;
	return *v == '\0' || *v == ';';
}

static void process_steps(struct hreq *);

static const char *
header_dup(struct hreq *h, struct MHD_Connection *conn, const char *name)
{
	const char *v;

	v = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
	return v != NULL ? arena_strdup(&h->ctx.arena, v) : NULL;
}

/* R_SIGNED: the Standard Webhooks headers (issue 13), checked by the
 * route's own `prepare` step. */
static void
hook_headers(struct hreq *h, struct MHD_Connection *conn)
{
	h->req.hook.id = header_dup(h, conn, "webhook-id");
	h->req.hook.timestamp = header_dup(h, conn, "webhook-timestamp");
	h->req.hook.signature = header_dup(h, conn, "webhook-signature");
	h->req.hook.op = header_dup(h, conn, "X-Operator");
}

/* Whatever path a request takes, this thread's connection keeps no
 * statement on a row (session lookup and `prepare` run outside a txn). */
static void
process(struct hreq *h)
{
	struct db *db = db_thread();

	if (db == NULL) {
		err_set(&h->ctx, E_UNAVAILABLE, "db.unavailable", NULL,
		    "Le service est momentanément indisponible.");
		h->phase = PH_READY;
		return;
	}
	/* One read transaction on this thread's connection covers the
	 * session lookup, `prepare` and a read route's handler: a single
	 * consistent snapshot, and half the lock traffic of two. */
	h->ctx.db = db;
	if (db_begin(&h->ctx, db, 0) != E_OK) {
		h->phase = PH_READY;
		return;
	}
	process_steps(h);
	db_rollback(db); /* reads only: nothing to keep */
}

static void
process_steps(struct hreq *h)
{
	struct ctx *ctx = &h->ctx;
	const struct route *r = h->route;
	int rc;

	if (h->toobig) {
		err_set(ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
		goto ready;
	}
	if (!(r->flags & R_PUBLIC) || h->req.cookie_token != NULL) {
		rc = hooks.session(ctx, &h->req);
		if (rc != E_OK && !(r->flags & R_PUBLIC))
			goto ready;
		if (rc != E_OK)
			err_clear(ctx);
	}
	if (r->method != M_GET && !(r->flags & R_NOCSRF) &&
	    !hooks.csrf_ok(ctx, &h->req)) {
		err_set(ctx, E_FORBIDDEN, "csrf.invalid", NULL,
		    "Jeton de sécurité absent ou invalide : rechargez la "
		    "page.");
		goto ready;
	}
	if (r->perm != 0 && ctx->user_id != 0 && !hooks.permits(ctx, r->perm)) {
		err_set(ctx, E_FORBIDDEN, "role.forbidden", NULL,
		    "Votre rôle ne permet pas cette action.");
		goto ready;
	}
	/* Every JSON route takes JSON only: a form or text/plain body
	 * (what a cross-site form can send) is refused, after the session
	 * and CSRF answers so that those keep their meaning. */
	if (r->in != NULL && !(r->flags & R_UPLOAD) &&
	    (h->req.content_type != NULL || h->body.len > 0) &&
	    !is_json_type(h->req.content_type)) {
		err_set(ctx, E_MEDIA, "request.content_type", NULL,
		    "Le contenu doit être envoyé en JSON (Content-Type: "
		    "application/json).");
		goto ready;
	}
	if (validate_body(h) != E_OK)
		goto ready;
	if (r->flags & R_WRITE) {
		if (r->prepare != NULL) {
			rc = r->prepare(ctx, &h->req);
			if (rc != E_OK && ctx->err == E_OK)
				err_set(ctx, rc, "server.error", NULL, NULL);
			/* A refused preparation skips the handler; its trace
			 * rows, if any, still go through the writer. */
			if (rc != E_OK && !hooks.pending(ctx))
				goto ready;
		}
		to_writer(h);
		return;
	}
	/* Read route, inside process()'s read transaction. */
	rc = r->handler(ctx, &h->req);
	if (rc != E_OK && ctx->err == E_OK)
		err_set(ctx, rc, "server.error", NULL, NULL);
	if (hooks.pending(ctx)) {
		/* SPEC: PRODUCT §1 — the trace row is committed before
		 * the answer leaves. */
		to_writer(h);
		return;
	}
ready:
	h->phase = PH_READY;
}

/*
 * Connections that have not begun a request yet: at SIGTERM, one that
 * was just accepted (its request maybe still in the socket) is given a
 * moment to begin it, so that it is answered rather than cut. Idle
 * keep-alive connections have begun one before and do not hold the drain.
 */
struct conn_state {
	int fresh;
};

static void
on_connection(void *cls, struct MHD_Connection *conn, void **sock_ctx,
    enum MHD_ConnectionNotificationCode code)
{
	struct conn_state *cs;

	(void)cls;
	(void)conn;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		cs = xcalloc(1, sizeof(*cs));
		cs->fresh = 1;
		atomic_fetch_add(&fresh, 1);
		*sock_ctx = cs;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED && *sock_ctx != NULL) {
		cs = *sock_ctx;
		if (cs->fresh)
			atomic_fetch_sub(&fresh, 1);
		xfree(cs);
		*sock_ctx = NULL;
	}
}

/* The first request of a connection has begun. */
static void
conn_started(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	struct conn_state *cs;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	cs = ci != NULL ? ci->socket_context : NULL;
	if (cs != NULL && cs->fresh) {
		cs->fresh = 0;
		atomic_fetch_sub(&fresh, 1);
	}
}

/* The framing headers of a request (RFC 9112 §6.3). */
struct framing {
	int cl; /* Content-Length lines */
	int te; /* Transfer-Encoding lines */
	int te_other; /* one that is not just "chunked" */
	int ct; /* Content-Type lines */
};

static enum MHD_Result
count_framing(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
	struct framing *f = cls;

	(void)kind;
	if (k != NULL && strcasecmp(k, "Content-Length") == 0)
		f->cl++;
	else if (k != NULL && strcasecmp(k, "Transfer-Encoding") == 0) {
		/* Only "chunked" is understood: "gzip", "chunked, chunked"
		 * would leave MHD waiting for a body it cannot frame. */
		f->te++;
		if (v == NULL || strcasecmp(v, "chunked") != 0)
			f->te_other = 1;
	} else if (k != NULL && strcasecmp(k, "Content-Type") == 0)
		f->ct++;
	return MHD_YES;
}

/*
 * Renders a refusal decided from the request line and headers alone.
 * Ambiguous framing and a body not worth reading (refuse_now) are queued
 * on the first call, before any body byte is read: MHD then sends no
 * `100 Continue`, skips the announced body and closes the connection.
 * The others (404, 405, bad bytes) wait for the small body to be read
 * and dropped, so that a client still sending reads the answer.
 */
static enum MHD_Result
send_early(struct hreq *h)
{
	switch (h->early) {
	case 404:
		err_set(&h->ctx, E_NOT_FOUND, "route.not_found", NULL,
		    "Cette adresse n'existe pas.");
		break;
	case 405:
		err_set(&h->ctx, E_METHOD, "route.method", NULL,
		    "Méthode non permise pour cette adresse.");
		break;
	case 413:
		err_set(&h->ctx, E_TOOBIG, "request.too_big", NULL,
		    "La requête est trop volumineuse.");
		break;
	case EARLY_FRAMING:
		err_set(&h->ctx, E_BADREQ, "request.framing", NULL,
		    "Requête mal formée : longueur du contenu ambiguë "
		    "(en-têtes Content-Length ou Transfer-Encoding en "
		    "double).");
		break;
	case EARLY_CODING:
		err_set(&h->ctx, E_BADREQ, "request.framing", NULL,
		    "Requête mal formée : codage de transfert non pris en "
		    "charge (seul Transfer-Encoding: chunked est accepté).");
		break;
	case EARLY_CTYPE:
		err_set(&h->ctx, E_BADREQ, "request.framing", NULL,
		    "Requête mal formée : type de contenu ambigu (en-tête "
		    "Content-Type en double).");
		break;
	default:
		err_set(&h->ctx, E_BADREQ, "request.malformed", NULL,
		    "Requête mal formée.");
		break;
	}
	return send_error(h);
}

/*
 * A body announced over `cap` that is not worth reading: the client waits
 * for `100 Continue` (it has sent nothing yet), or the length is beyond
 * DRAIN_MAX (1e18 would hold the connection until the idle timeout).
 * Smaller ones are read and dropped, then answered 413: a client that is
 * still sending when we close would get a reset instead of our answer.
 */
static int
refuse_now(struct hreq *h, size_t cap)
{
	const char *cl, *ex;
	unsigned long long n;

	cl = MHD_lookup_connection_value(
	    h->conn, MHD_HEADER_KIND, "Content-Length");
	if (cl == NULL)
		return 0;
	n = strtoull(cl, NULL, 10);
	ex = MHD_lookup_connection_value(h->conn, MHD_HEADER_KIND, "Expect");
	return n > cap && (ex != NULL || n > DRAIN_MAX);
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	struct hreq *h = *con_cls;
	struct framing fr = { 0, 0, 0, 0 };
	const char *cl, *v;
	int status;

	(void)cls;
	(void)version;
	if (h == NULL) {
		h = xcalloc(1, sizeof(*h));
		ctx_init(&h->ctx, ARENA_CAP);
		buf_init(&h->body, cfg.body_max);
		h->conn = conn;
		*con_cls = h;
		atomic_fetch_add(&inflight, 1);
		conn_started(conn);
		client_ip(h);
		/* Two lengths (or a length and chunks) are a smuggling
		 * attempt or a broken client: which one counts is a guess. */
		MHD_get_connection_values(
		    conn, MHD_HEADER_KIND, count_framing, &fr);
		if (fr.cl > 1 || fr.te > 1 || (fr.cl > 0 && fr.te > 0)) {
			h->early = EARLY_FRAMING;
			return send_early(h);
		}
		if (fr.te_other || fr.ct > 1) {
			h->early = fr.te_other ? EARLY_CODING : EARLY_CTYPE;
			return send_early(h);
		}
		/* A %00 in the path (see unescape): never a file name. */
		if (strstr(url, "\xc0\x80") != NULL) {
			h->early = 404;
			return MHD_YES;
		}
		if (!utf8_ok(url)) {
			h->early = 400;
			return MHD_YES;
		}
		/* HEAD is GET without the body (RFC 9110 §9.3.2); MHD drops
		 * the body and keeps the headers. */
		if (strcmp(method, "HEAD") == 0)
			method = "GET";
		h->route = http_match(method, url, &h->req, &status);
		if (h->route == NULL) {
			if (strcmp(method, "GET") == 0 &&
			    strncmp(url, "/api/", 5) != 0 &&
			    static_find(url,
				MHD_lookup_connection_value(
				    conn, MHD_GET_ARGUMENT_KIND, "v"),
				MHD_lookup_connection_value(
				    conn, MHD_HEADER_KIND, "Accept-Encoding"),
				MHD_lookup_connection_value(
				    conn, MHD_HEADER_KIND, "If-None-Match"),
				&h->sf)) {
				h->is_static = 1;
			} else {
				h->early = status;
				if (status == 405)
					h->allow = allowed_methods(h, url);
			}
			if (refuse_now(h, cfg.body_max)) {
				h->is_static = 0;
				h->early = 413;
				return send_early(h);
			}
			return MHD_YES;
		}
		h->ctx.route = h->route->path;
		h->req.route = h->route;
		h->body.cap = (h->route->flags & R_UPLOAD) ? cfg.upload_max
							   : cfg.body_max;
		cl = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, "Content-Length");
		v = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, "Content-Type");
		if (refuse_now(h, h->body.cap)) {
			h->early = 413;
			return send_early(h);
		}
		if (cl != NULL && strtoull(cl, NULL, 10) > h->body.cap)
			h->toobig = 1;
		h->req.content_type = v ? arena_strdup(&h->ctx.arena, v) : NULL;
		MHD_get_connection_values(
		    conn, MHD_GET_ARGUMENT_KIND, collect_query, h);
		v = MHD_lookup_connection_value(
		    conn, MHD_COOKIE_KIND, cfg.cookie);
		h->req.cookie_token = v ? arena_strdup(&h->ctx.arena, v) : NULL;
		v = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, "X-CSRF-Token");
		h->req.csrf_header = v ? arena_strdup(&h->ctx.arena, v) : NULL;
		if (h->route->flags & R_SIGNED)
			hook_headers(h, conn);
		if (h->route->flags & R_STREAM) {
			v = MHD_lookup_connection_value(
			    conn, MHD_HEADER_KIND, "Last-Event-ID");
			h->req.last_event_id =
			    v ? arena_strdup(&h->ctx.arena, v) : NULL;
		}
		v = MHD_lookup_connection_value(
		    conn, MHD_HEADER_KIND, "X-Forwarded-Proto");
		h->req.https = v != NULL && strcmp(v, "https") == 0;
		h->phase = PH_BODY;
		return MHD_YES;
	}
	if (h->suspended) {
		h->suspended = 0;
		atomic_fetch_sub(&suspended, 1);
	}
	if (*upload_size != 0) {
		if (!h->early && !h->toobig &&
		    buf_add(&h->body, upload, *upload_size) != 0) {
			h->toobig = 1;
			buf_release(&h->body);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (h->is_static && h->sf.not_modified)
		return send_buffer(h, 304, NULL, "", 0, 0);
	if (h->is_static)
		return send_buffer(
		    h, 200, h->sf.type, h->sf.data, h->sf.len, 0);
	if (h->early)
		return send_early(h);
	if (h->phase == PH_BODY) {
		for (int i = 0; i < h->req.nquery; i++)
			if (!utf8_ok(h->req.query[i].v))
				err_set(&h->ctx, E_BADREQ, "request.utf8", NULL,
				    "Paramètre mal encodé (UTF-8 "
				    "attendu).");
		if (h->ctx.err != E_OK)
			h->phase = PH_READY;
		else
			process(h);
	}
	if (h->phase == PH_WAIT)
		return MHD_YES;
	return send_result(h);
}

static void
on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode code)
{
	struct hreq *h = *con_cls;

	(void)cls;
	(void)conn;
	(void)code;
	if (h == NULL)
		return;
	if (h->req.out != NULL)
		json_decref(h->req.out);
	if (h->suspended)
		atomic_fetch_sub(&suspended, 1);
	xfree(h->req.raw_owned);
	buf_release(&h->body);
	ctx_release(&h->ctx);
	xfree(h);
	*con_cls = NULL;
	atomic_fetch_sub(&inflight, 1);
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decoding of the path and the query (MHD's, but for %00): a NUL
 * would cut "/index.html%00.js" to "/index.html" in every C string after
 * this point. It becomes C0 80 (the overlong form of U+0000), which
 * on_request answers 404 in a path and utf8_ok() refuses in a query. The
 * output is never longer than the input (3 bytes become at most 2).
 */
static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *r = s, *w = s;
	int hi, lo;

	(void)cls;
	(void)c;
	while (*r != '\0') {
		hi = r[0] == '%' ? hexval(r[1]) : -1;
		lo = hi >= 0 ? hexval(r[2]) : -1;
		if (lo >= 0) {
			if (hi == 0 && lo == 0) {
				*w++ = (char)0xc0;
				*w++ = (char)0x80;
			} else
				*w++ = (char)(hi << 4 | lo);
			r += 3;
		} else
			*w++ = *r++;
	}
	*w = '\0';
	return (size_t)(w - s);
}

static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	/* A client past --per-ip-limit or --max-connections gets one line
	 * per socket from MHD: a thousand sockets would flood the journal.
	 * One line per LIMIT_LOG_MS, with the count since the last one. */
	if (strstr(line, "connection limit") != NULL ||
	    strstr(line, "per IP") != NULL) {
		int64_t now = clock_mono_ms(),
			last = atomic_load(&limit_log_at);
		int n = atomic_fetch_add(&limit_hits, 1) + 1;

		if (last != 0 && now - last < LIMIT_LOG_MS)
			return;
		if (!atomic_compare_exchange_strong(&limit_log_at, &last, now))
			return;
		atomic_fetch_sub(&limit_hits, n);
		log_warn("http: %s (%d connection(s) refused since the last "
			 "such line)",
		    line, n);
		return;
	}
	/* A client that leaves a live stream (a tab closed or reloaded) is
	 * normal: MHD reports the failed send of the stream's next chunk;
	 * not logged (every reload of every user would be a warning). */
	if (strstr(line, "/api/v1/events") != NULL &&
	    strstr(line, "no longer available") != NULL) {
		return;
	}
	log_warn("http: %s", line);
}

int
http_start(const struct http_config *c, const struct route_table *t, size_t nt,
    const struct http_hooks *hk, int *port)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *di;
	char host[64];
	const char *colon;
	long p;

	cfg = *c;
	tables = t;
	ntables = nt;
	hooks = *hk;
	live_init(hooks.session, hooks.reads, hooks.crt_event, hooks.on_duty);
	colon = strrchr(c->listen, ':');
	if (colon == NULL || (size_t)(colon - c->listen) >= sizeof(host)) {
		log_error("listen address must be HOST:PORT");
		return -1;
	}
	memcpy(host, c->listen, (size_t)(colon - c->listen));
	host[colon - c->listen] = '\0';
	p = strtol(colon + 1, NULL, 10);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)p);
	if (p < 0 || p > 65535 || inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
		log_error("listen address %s is not IPv4 HOST:PORT", c->listen);
		return -1;
	}
	daemon_h = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
		MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG |
		MHD_USE_TURBO,
	    0, NULL, NULL, on_request, NULL, MHD_OPTION_EXTERNAL_LOGGER,
	    mhd_log, NULL, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)(c->threads > 0 ? c->threads : 2),
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)(c->idle_timeout > 0 ? c->idle_timeout : 30),
	    /* One client (or one proxy) may not take every socket. */
	    MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)(c->max_connections > 0 ? c->max_connections : 1000),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    (unsigned)(c->per_ip_limit > 0 ? c->per_ip_limit : 64),
	    MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
	    /* MHD zeroes a connection's pool between requests: 16 KiB
	     * instead of 32 holds our headers and body chunks and halves
	     * that memset (docs/PERFORMANCE.md). */
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVER_POOL_BYTES,
	    MHD_OPTION_END);
	if (daemon_h == NULL) {
		log_error("cannot listen on %s", c->listen);
		return -1;
	}
	di = MHD_get_daemon_info(daemon_h, MHD_DAEMON_INFO_BIND_PORT);
	*port = di != NULL ? di->port : (int)p;
	di = MHD_get_daemon_info(daemon_h, MHD_DAEMON_INFO_LISTEN_FD);
	listen_fd = di != NULL ? di->listen_fd : MHD_INVALID_SOCKET;
	return 0;
}

void
http_stop(int timeout_ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int waited = 0;

	MHD_socket fd;
	int c;

	if (daemon_h == NULL)
		return;
	atomic_store(&draining, 1);
	/* Event streams never end by themselves: ended first. */
	live_stop();
	fd = MHD_quiesce_daemon(daemon_h);
	if (fd == MHD_INVALID_SOCKET)
		fd = listen_fd;
	if (fd != MHD_INVALID_SOCKET) {
		/* Connections the kernel already accepted (the backlog) are
		 * handed to MHD and answered; then the socket is closed so
		 * that new ones are refused at once, not left hanging. */
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
		for (;;) {
			struct sockaddr_storage ss;
			socklen_t sl = sizeof(ss);

			c = accept(fd, (struct sockaddr *)&ss, &sl);
			if (c < 0)
				break;
			if (MHD_add_connection(daemon_h, c,
				(struct sockaddr *)&ss, sl) != MHD_YES)
				log_warn("http: drain: connection dropped");
		}
		close(fd);
	}
	/*
	 * Requests under way are answered (up to timeout_ms), connections
	 * just accepted get FRESH_GRACE_MS to begin theirs. A job with the
	 * writer always ends (commit or error), and MHD may not stop with a
	 * suspended connection (it aborts): those are waited for however
	 * slow the disk; systemd's TimeoutStopSec has the last word.
	 */
	nanosleep(&ts, NULL);
	while (atomic_load(&suspended) > 0 ||
	    (waited < timeout_ms &&
		(atomic_load(&inflight) > 0 ||
		    (atomic_load(&fresh) > 0 && waited < FRESH_GRACE_MS)))) {
		if (waited == timeout_ms)
			log_warn("http: drain: %d request(s) still with the "
				 "writer after %d ms, waiting",
			    atomic_load(&suspended), waited);
		nanosleep(&ts, NULL);
		waited += 10;
	}
	/* A keep-alive connection may still begin a request: from now on
	 * one that needs the writer is refused instead of suspended, and
	 * the jobs already counted end first. */
	atomic_store(&stopping, 1);
	while (atomic_load(&suspended) > 0)
		nanosleep(&ts, NULL);
	MHD_stop_daemon(daemon_h);
	daemon_h = NULL;
}
