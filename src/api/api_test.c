/*
 * The controllable clock for tests (issue 12): POST /api/v1/test/clock
 * moves the server's "now" (base/clock.h) to an instant or by an offset,
 * then runs the alert check at once, so an HTTP test can make a rule due
 * and see its alert. Refused (403 clock.disabled) unless the server was
 * started with `serve --test-clock` (never by `make demo` nor in
 * production); public so that a test can move the time past its own
 * session's expiry. At the root of src/api/ because it reaches the timer
 * of the coordination context from the platform's concern (the clock).
 */
#include <stddef.h>
#include <string.h>

#include "api/api.h"
#include "base/clock.h"
#include "base/ctx.h"
#include "domain/coordination/alert_timer.h"
#include "json/jv.h"
#include "json/jw.h"

#define TCLOCK_F(X, S) \
	X(S, now, JW_DATETIME, 0, NULL, NULL, "Heure du serveur (UTC)") \
	X(S, offset_ms, JW_INT, 0, NULL, NULL, \
	    "Décalage sur l'heure réelle, en millisecondes") \
	X(S, alert_checks, JW_INT, 0, NULL, NULL, \
	    "Vérifications des alertes faites jusqu'ici")
JW_FIELDS(TCLOCK, TCLOCK_F);
JW_ROWS(TCLOCK, TCLOCK_F);
const struct jw_schema api_test_clock_schema =
    JW_INIT(TCLOCK, "TestClock", "Horloge du serveur (tests)");

struct tclock_in {
	struct jv_str now;
	struct jv_int offset_s;
	struct jv_bool reset;
};

static const struct jv_field tclock_fields[] = {
	{ "now", JV_STR, offsetof(struct tclock_in, now), 0, 20, 30, NULL,
	    "Nouvelle heure (UTC, AAAA-MM-JJTHH:MM:SS[.mmm]Z)", NULL, 0 },
	{ "offset_s", JV_INT, offsetof(struct tclock_in, offset_s), 0,
	    -3153600000LL, 3153600000LL, NULL,
	    "Avancer (ou reculer) l'heure de tant de secondes", NULL, 0 },
	{ "reset", JV_BOOL, offsetof(struct tclock_in, reset), 0, 0, 0, NULL,
	    "Revenir à l'heure réelle", NULL, 0 },
	{ NULL, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }
};

static int
tclock_reply(struct ctx *ctx, struct req *req)
{
	struct jw w;

	jw_begin(&w, &api_test_clock_schema);
	jw_str(&w, TCLOCK_now, clock_now_iso(&ctx->arena));
	jw_int(&w, TCLOCK_offset_ms, clock_offset_ms());
	jw_int(&w, TCLOCK_alert_checks, (int64_t)alert_timer_runs());
	api_reply(req, &w);
	return E_OK;
}

static int
not_enabled(struct ctx *ctx)
{
	return err_set(ctx, E_FORBIDDEN, "clock.disabled", NULL,
	    "L'horloge de test n'est ouverte qu'à un serveur lancé avec "
	    "--test-clock (tests seulement).");
}

static int
tclock_post(struct ctx *ctx, struct req *req)
{
	const struct tclock_in *in = req->in;
	struct timespec ts;
	int64_t at, real;

	if (!clock_test_enabled())
		return not_enabled(ctx);
	if (in->reset.set && in->reset.v)
		clock_set_offset_ms(0);
	if (in->now.set && !in->now.null) {
		if (clock_parse_iso(in->now.s, &at) != 0)
			return err_set(ctx, E_INVALID, "clock.now.invalid",
			    "now",
			    "L'heure (now) s'écrit "
			    "AAAA-MM-JJTHH:MM:SS[.mmm]Z.");
		clock_gettime(CLOCK_REALTIME, &ts);
		real = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
		clock_set_offset_ms(at - real);
	}
	if (in->offset_s.set && !in->offset_s.null)
		clock_set_offset_ms(clock_offset_ms() + in->offset_s.v * 1000);
	/* Answered once a check at the new time is committed: a test then
	 * reads its alerts without waiting for the timer. */
	if (alert_timer_kick_wait(10000) != 0)
		return err_set(ctx, E_UNAVAILABLE, "clock.check.timeout", NULL,
		    "La vérification des alertes n'a pas abouti à temps.");
	return tclock_reply(ctx, req);
}

static int
tclock_get(struct ctx *ctx, struct req *req)
{
	if (!clock_test_enabled())
		return not_enabled(ctx);
	return tclock_reply(ctx, req);
}

static const struct route_error tclock_errors[] = { { E_NOT_FOUND,
							"route.not_found" },
	{ E_INVALID, "clock.now.invalid" }, { 0, NULL } };

const struct route_doc api_test_docs[] = { { M_POST, "/api/v1/test/clock", NULL,
					       tclock_errors },
	{ M_GET, "/api/v1/test/clock", NULL, tclock_errors },
	{ M_GET, NULL, NULL, NULL } };

const struct route api_test_routes[] = {
	{ M_POST, "/api/v1/test/clock", tclock_post, NULL, 0, tclock_fields,
	    sizeof(struct tclock_in), R_PUBLIC | R_NOCSRF, 200, "test",
	    "Tests seulement (serve --test-clock) : déplacer l'heure du "
	    "serveur (now, offset_s, reset), puis vérifier les alertes",
	    "TestClock" },
	{ M_GET, "/api/v1/test/clock", tclock_get, NULL, 0, NULL, 0, R_PUBLIC,
	    200, "test", "Tests seulement : l'heure du serveur", "TestClock" },
	{ 0, NULL, NULL, NULL, 0, NULL, 0, 0, 0, NULL, NULL, NULL }
};
