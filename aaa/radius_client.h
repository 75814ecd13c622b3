/*
 * RADIUS client transport on the event loop (base/loop.h): non-blocking UDP,
 * 256 ids per source port and more source ports when more requests are
 * pending to one server, retransmission per IOS `timeout`/`retransmit`, reply
 * validation (source, id, Response Authenticator, Message-Authenticator),
 * one completion callback per request, on the loop thread. Nothing blocks:
 * 1,000 requests waiting 120 s each cost 1,000 small structs, no threads.
 */
#ifndef FLEXD_RADIUS_CLIENT_H
#define FLEXD_RADIUS_CLIENT_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aaa/radius_pkt.h"

#define RADIUS_SECRET_MAX 128
#define RADIUS_MAX_SOCKS 16 /* 16 x 256 ids pending per server */

struct radius_server_cfg {
	struct sockaddr_in addr; /* server address and auth (or acct) port */
	struct in_addr source; /* ip radius source-interface; INADDR_ANY = kernel's choice */
	uint8_t secret[RADIUS_SECRET_MAX];
	size_t secret_len;
	unsigned timeout_ms; /* IOS `timeout` seconds x 1000 (IOS default 5 s) */
	unsigned retransmit; /* IOS `retransmit` (default 3): sends = retransmit + 1 */
	/* dead-criteria: marked dead when dead_tries sends in a row went
	 * unanswered AND the oldest of them is dead_time_ms old; stays dead for
	 * deadtime_ms (IOS: no `deadtime`, never marked dead). 0 = off. */
	unsigned dead_tries, dead_time_ms, deadtime_ms;
};

struct radius_stats {
	uint64_t requests, transmits, retransmits, timeouts, send_errors;
	uint64_t accepts, rejects, challenges, acct_responses;
	/* replies dropped, never delivered */
	uint64_t drop_bad_auth; /* Response- or Message-Authenticator wrong */
	uint64_t drop_no_msg_auth; /* Access-* reply without Message-Authenticator */
	uint64_t drop_malformed; /* lengths, code not matching the request */
	uint64_t drop_unknown_id; /* no request pending on that id */
	uint64_t drop_bad_source; /* not from the server's address and port */
	uint64_t dead_marks; /* times marked dead */
	uint64_t server_errors; /* valid replies their user could not use (radius_server_count_error) */
	unsigned pending, sockets;
};

enum radius_result {
	RADIUS_R_REPLY, /* reply verified: code in reply[0] */
	RADIUS_R_TIMEOUT, /* no valid reply after retransmit + 1 sends */
	RADIUS_R_CANCELLED, /* server removed while pending */
};

/* reply/len valid only during the call. */
typedef void (*radius_done_fn)(void *ctx, enum radius_result res, const uint8_t *reply,
			       size_t len);

struct radius_server;
struct radius_req;

struct radius_server *radius_server_new(const struct radius_server_cfg *cfg);
/* Pending requests complete with RADIUS_R_CANCELLED. Not from a callback. */
void radius_server_free(struct radius_server *s);
const struct radius_stats *radius_server_stats(const struct radius_server *s);
/* A verified reply that is wrong for what was asked (an Access-Challenge
 * without EAP-Message in EAP pass-through): `server error` in show aaa servers. */
void radius_server_count_error(struct radius_server *s);
/* The server a request goes to. */
struct radius_server *radius_req_server(const struct radius_req *r);

/* A request with an id and a random Request Authenticator; add attributes
 * to radius_req_pkt() (User-Password through radius_req_add_password, which
 * needs the secret), then radius_req_send(). NULL when all ids are in use. */
struct radius_req *radius_req_new(struct radius_server *s, uint8_t code);
struct radius_pkt *radius_req_pkt(struct radius_req *r);
int radius_req_add_password(struct radius_req *r, const void *pw, size_t len);
/* The shared secret of the request's server and its Request
 * Authenticator (for attributes encrypted with them: MS-MPPE keys). */
const uint8_t *radius_req_secret(const struct radius_req *r, size_t *len);
/* Message-Authenticator (or the accounting authenticator), send, arm the
 * timeout; fn is called exactly once, later, never from inside this call. */
int radius_req_send(struct radius_req *r, radius_done_fn fn, void *ctx);
/* Forget a request (its callback is not called); the id is freed. */
void radius_req_cancel(struct radius_req *r);

/* Dead per dead-criteria and within deadtime: the group layer (TODO, not
 * here) skips it and tries the next server. A request already sent to it
 * still completes normally; a valid reply revives it at once. */
bool radius_server_is_dead(const struct radius_server *s);

#endif
