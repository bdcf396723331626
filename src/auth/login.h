/*
 * Login throttling (issue 2): failures for a login or an address first
 * slow down (a growing wait between attempts), then lock for a while.
 * Attempts are stored, so the policy holds across restarts and servers.
 */
#ifndef AUTH_LOGIN_H
#define AUTH_LOGIN_H

struct ctx;
struct db;

#define LOGIN_WINDOW_SECS	(15 * 60)
#define LOGIN_SLOW_AFTER	5	/* failures before waits start */
#define LOGIN_LOCK_AFTER	10	/* failures before the lock */
#define LOGIN_LOCK_SECS		(15 * 60)
#define LOGIN_IP_LOCK_AFTER	50

/*
 * E_OK when an attempt may proceed; E_THROTTLED (retry_after set, in
 * seconds) when the login or the address must wait or is locked.
 * *locked tells a lock from a slow-down.
 */
int	 login_throttle(struct ctx *, struct db *, const char *login,
	    const char *ip, int *retry_after, int *locked);
/* Records an attempt. Returns E_OK or a database error. */
int	 login_record(struct ctx *, struct db *, const char *login,
	    const char *ip, int ok);
/* Failures counted for a login now (after recording), for the lock audit. */
int	 login_failures(struct ctx *, struct db *, const char *login);

#endif
