/*
 * Admission of new IKE SAs: which IKE_SA_INIT requests may create state.
 * - `crypto ikev2 cookie-challenge N`: IOS asks for a cookie "only when
 *   the number of half-open SAs crosses the configured number"; here once
 *   N SAs are half-open (so `cookie-challenge 0`: always; not configured:
 *   never).
 * - `crypto ikev2 limit max-sa N`: IKE SAs in all, up and half-open.
 * - `crypto ikev2 limit max-in-negotiation-sa N [incoming|outgoing]`:
 *   half-open SAs; without a direction both ways; default 40/400.
 * - a per-source share of the half-open SAs (RFC 8019 §4.1): one address
 *   cannot fill the in-negotiation table alone.
 */
#ifndef FLEXD_IKE_LIMITS_H
#define FLEXD_IKE_LIMITS_H

#include "ike_cookie.h"
#include "ike_socket.h"
#include "msg.h"

/* IOS's in-negotiation defaults, as `show crypto ikev2 stats` shows them
 * ("Max in nego(in/out): 40/400"). */
#define IKE_NEGO_IN_DEFAULT 40
#define IKE_NEGO_OUT_DEFAULT 400

struct ike_limits {
	int cookie_at;         /* half-open SAs from which cookies are asked; -1 = never */
	int max_sa;            /* IKE SAs in all (up + half-open); 0 = no limit */
	int nego_in, nego_out; /* half-open SAs as responder / as initiator */
	int per_source;        /* half-open SAs one source address may hold */
};
/* The limits in force (running-config and defaults). */
void ike_limits_get(struct ike_limits *l);
/* One source's share of nego_in (see ike_limits.c for the choice). */
int ike_limits_per_source(int nego_in);

struct ike_limit_stats {
	unsigned long cookie_sent;     /* N(COOKIE) answers */
	unsigned long cookie_ok;       /* requests with a valid cookie */
	unsigned long cookie_bad;      /* with a cookie we did not give (or too old) */
	unsigned long cookie_missing;  /* without one while cookies were asked */
	unsigned long sa_limit;        /* dropped: max-sa */
	unsigned long nego_limit;      /* dropped: max-in-negotiation-sa */
	unsigned long source_limit;    /* dropped: the source's share */
};
const struct ike_limit_stats *ike_limit_stats(void);

enum ike_admit {
	IKE_ADMIT_OK,       /* go on: create the half-open SA */
	IKE_ADMIT_COOKIE,   /* answer with N(COOKIE) = cookie, keep nothing */
	IKE_ADMIT_DROP,     /* over a limit: no answer */
};
/* Decide about a new IKE_SA_INIT request (not a retransmission; it has
 * its Nonce), and count the decision. */
enum ike_admit ike_admit_init(const struct ike_dgram *d, const struct ikev2_msg *m,
			      uint8_t cookie[IKE_COOKIE_LEN]);

#endif
