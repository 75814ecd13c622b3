/* Login authentication of SSH sessions through AAA (sshd's PAM hook asks
 * the engine with an AUTH frame; see `flexsh --login-auth`). */
#ifndef FLEXD_LOGIN_AUTH_H
#define FLEXD_LOGIN_AUTH_H

#include <stdbool.h>

/* Check user/password as `line vty 0` and the AAA method lists say
 * (aaa/aaa_auth.h: local, RADIUS, ...); logs %SEC_LOGIN-5-LOGIN_SUCCESS or
 * -4-LOGIN_FAILED.  On success the privilege the session starts at is
 * remembered for the next HELLO of that user from that peer (the login
 * shell sshd starts next).  LOGIN_OK/LOGIN_FAIL when decided at once (fn
 * not called); LOGIN_PENDING: fn(ctx, ok) comes later, on the loop (a
 * RADIUS server may take its whole timeout). */
enum login_answer { LOGIN_OK, LOGIN_FAIL, LOGIN_PENDING };
typedef void (*login_done_fn)(void *ctx, bool ok);
enum login_answer login_authenticate(const char *user, const char *password, const char *peer, login_done_fn fn,
				     void *ctx);

/* The privilege a new vty session of user from peer starts at: what the
 * login authentication granted (consumed), else 1. */
int login_take_privilege(const char *user, const char *peer);

#endif
