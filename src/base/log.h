/*
 * Server log to stderr, one line per event, English, never secrets
 * (passwords, tokens, person data stay out of it).
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *, ...) __attribute__((format(printf, 1, 2)));
/* 0 = errors only, 1 = +warnings, 2 = +info (default). */
void log_set_level(int);

#endif
