/*
 * Password authentication through an AAA method list, asynchronously: the
 * methods of the global `aaa authentication login LIST` (or `default`) -
 * the list `line vty`'s `login authentication`, or an IKEv2 profile's `aaa
 * authentication eap|anyconnect-eap LIST`, names - tried in order - `local` against `username` entries, `group G`
 * / `group radius` as a RADIUS PAP Access-Request with failover inside the
 * group - the next method only when one cannot answer (no such local user,
 * no server answered), never after a reject (IOS).  A RADIUS
 * Access-Challenge (an MFA proxy asking for a passcode) comes back as
 * AAA_CHALLENGE with the prompt (Reply-Message) and State; the caller asks
 * the user and calls again with the answer and that State.
 *
 * Users: cli/login_auth.c (SSH logins), the AnyConnect-EAP backend.
 */
#ifndef FLEXD_AAA_AUTH_H
#define FLEXD_AAA_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum aaa_service {
	AAA_SVC_LOGIN,          /* an SSH/vty login */
	AAA_SVC_EAP,            /* a profile's `aaa authentication eap LIST` */
	AAA_SVC_ANYCONNECT_EAP, /* a profile's `aaa authentication anyconnect-eap LIST` */
};

enum aaa_result {
	AAA_PASS,
	AAA_FAIL,      /* rejected: wrong password, unknown user at the last method */
	AAA_CHALLENGE, /* RADIUS Access-Challenge: ask prompt, call again with state */
	AAA_ERROR,     /* no method could answer (no list, no server answered) */
};

#define AAA_STATE_MAX 253
#define AAA_ATTRS_MAX 4096

struct aaa_reply {
	enum aaa_result res;
	const char *method;          /* "local", "group NAME": the one that answered */
	int priv;                    /* local user's privilege, 1 when none given */
	char prompt[256];            /* AAA_CHALLENGE: Reply-Message ("" = none) */
	char message[256];           /* Reply-Message of an accept/reject, "" = none */
	uint8_t state[AAA_STATE_MAX];/* AAA_CHALLENGE: State to send back */
	size_t state_len;
	/* AAA_PASS by RADIUS: the Access-Accept's attributes (RADIUS TLVs,
	 * radius_pkt.h's iterator reads them) for authorization; len 0 else */
	const uint8_t *attrs;
	size_t attrs_len;
};

/* Called exactly once per aaa_auth_start, on the loop thread, never from
 * inside aaa_auth_start; r is valid only during the call. */
typedef void (*aaa_auth_fn)(void *ctx, const struct aaa_reply *r);

struct aaa_auth_req;

/* list NULL or "default": the default list of the service.  state: the
 * State of a previous AAA_CHALLENGE (NULL/0 otherwise).  NULL on memory
 * exhaustion only (fn not called). */
struct aaa_auth_req *aaa_auth_start(enum aaa_service svc, const char *list, const char *user,
				    const char *password, const uint8_t *state, size_t state_len,
				    aaa_auth_fn fn, void *ctx);
/* Forget a request (fn is not called). */
void aaa_auth_cancel(struct aaa_auth_req *r);

/* The synchronous methods alone.  `username` entries (AAA_ERROR: no such
 * user; case_sensitive: local-case), and `line vty 0`'s password
 * (AAA_ERROR: none set). */
enum aaa_result aaa_check_local(const char *user, const char *pw, bool case_sensitive, int *priv);
enum aaa_result aaa_check_line(const char *pw);

#endif
