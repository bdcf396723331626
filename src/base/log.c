/*
 * Minimal leveled logging. A single fprintf per line keeps lines whole
 * across threads (stdio locks the stream).
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "clock.h"
#include "log.h"

static int log_level = 2;

void
log_set_level(int l)
{
	log_level = l;
}

static void
vlog(const char *lvl, const char *fmt, va_list ap)
{
	char ts[CLOCK_ISO_LEN + 1], line[2048];
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	clock_fmt_iso(ts, t.tv_sec, (int)(t.tv_nsec / 1000000));
	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "%s %s %s\n", ts, lvl, line);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 2)
		return;
	va_start(ap, fmt);
	vlog("info", fmt, ap);
	va_end(ap);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	if (log_level < 1)
		return;
	va_start(ap, fmt);
	vlog("warn", fmt, ap);
	va_end(ap);
}

void
log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("error", fmt, ap);
	va_end(ap);
}
