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
/* Failures counted now (after recording) for the (login, address) pair,
 * for the lock trace. */
int
login_failures(struct ctx *, struct db *, const char *login, const char *ip);
/* Failures of a login from every address since its last success, for the
 * once-per-burst notice. */
int login_failures_all(struct ctx *, struct db *, const char *login);

#endif
