/*
 * Login throttling (issues 2 and 8): failures of one login from one
 * address first slow down (a growing wait between attempts), then lock
 * that pair for a while; an address failing on many logins is locked
 * too. Failures from elsewhere never lock an account out (issue 8 point
 * 6): the real user's address keeps its own count. Attempts are stored,
 * so the policy holds across restarts and servers.
 */
#ifndef AUTH_LOGIN_H
#define AUTH_LOGIN_H

#include <stdint.h>

struct ctx;
struct db;

#define LOGIN_WINDOW_SECS (15 * 60)
#define LOGIN_SLOW_AFTER 5 /* failures (login, address) before waits */
#define LOGIN_LOCK_AFTER 10 /* failures (login, address) before the lock */
#define LOGIN_LOCK_SECS (15 * 60)
#define LOGIN_IP_LOCK_AFTER 50 /* failures of an address, any login */
#define LOGIN_NOTICE_AFTER \
	5 /* failures of a login, any address:
					   the user and coordination are told */

/*
 * The policy, pure: given the failures of the (login, address) pair and
 * of the address (counts and last instants, ms since the epoch) at `now`,
 * the wait in ms (0: go on) and whether it is a lock.
 */
int64_t login_wait(int n_pair, int64_t last_pair, int n_ip, int64_t last_ip,
    int64_t now, int *locked);
/*
 * E_OK when an attempt may proceed; E_THROTTLED (retry_after set, in
 * seconds) when the (login, address) pair or the address must wait or
 * is locked. *locked tells a lock from a slow-down.
 */
int login_throttle(struct ctx *, struct db *, const char *login, const char *ip,
    int *retry_after, int *locked);
/*
 * The address as throttling counts it: an IPv6 address by its /64 (one
 * host usually holds a whole /64: "2001:db8:1:2::/64"), an IPv4-mapped
 * IPv6 address as the IPv4 one, an IPv4 address (or anything else) as
 * is. out has at least LOGIN_ADDR_KEY bytes.
 */
#define LOGIN_ADDR_KEY 64
void login_addr_key(const char *ip, char *out);
/* Records an attempt. Returns E_OK or a database error. */
int login_record(
    struct ctx *, struct db *, const char *login, const char *ip, int ok);

/*
 * The login flow's trace rows (issue 9 §3: src/api writes no trace row).
 * Each is queued for ctx's CRT and user (the account's, once known) with
 * grant "-": login_trace() one row per event, login_failure_trace() the
 * rows a recorded failure of a known account may add.
 */
enum login_trace {
	LOGIN_T_OK, /* auth.login ok */
	LOGIN_T_FAILED, /* auth.login failed: wrong password */
	LOGIN_T_DISABLED, /* auth.login failed: account disabled */
	LOGIN_T_LOGOUT, /* auth.logout ok */
	LOGIN_T_PASSWORD, /* auth.password ok: password changed */
	LOGIN_T_PASSWORD_BAD, /* auth.password failed: wrong current one */
	LOGIN_T__MAX
};
void login_trace(struct ctx *, enum login_trace);
/*
 * After a recorded failure of a known account (at login or at a password
 * change): queues "auth.lock" when its (login, address) pair has just
 * locked, and "auth.failures" when the login's failures from every
 * address since its last success reach LOGIN_NOTICE_AFTER. Returns 1 in
 * that last case (the account and the coordination are told, once per
 * burst), else 0.
 */
int login_failure_trace(
    struct ctx *, struct db *, const char *login, const char *ip);

#endif
