/*
 * IKEv2 message fragmentation (RFC 7383): reassembly of the SKF fragments
 * a peer sends, and splitting our own messages into SKF fragments.
 *
 * Pure: codec + SK crypto only (no SA table, no sockets), so the unit tests
 * and the fuzz target drive it directly.  Each fragment is authenticated
 * and decrypted on its own (§2.6: the AAD / ICV cover the IKE header and
 * the SKF header with its numbers); nothing of a fragment is kept, and no
 * field of it is trusted beyond the codec's framing, before that succeeds.
 *
 * Receiving, per IKE SA (one message in reassembly at a time: the engine
 * only lets the expected message id through):
 *   uint8_t plain[65536]; size_t len; uint8_t first;
 *   switch (ike_frag_rx_add(&s->frag_rx, s->sk_in, dgram, &m, plain, sizeof plain, &len, &first)) {
 *   case IKE_FRAG_DONE: ikev2_msg_parse_inner(&m, first, plain, len); ...
 *   case IKE_FRAG_MORE: wait; others: dropped (see the enum) }
 *   ike_frag_rx_free(s->frag_rx) when the SA goes.
 *
 * Sending:
 *   n = ike_frag_count(out, inner_len, max_dgram);          // 0: cannot
 *   ike_frag_build(out, &hdr, inner, inner_len, first, max_dgram, buf, cap, &len);
 *   // buf holds n complete datagrams back to back (each IKE header's
 *   // Length delimits it): ike_frag_next() walks them.
 */
#ifndef FLEXD_IKE_FRAG_H
#define FLEXD_IKE_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto.h"
#include "msg.h"

/* Caps on what a peer can make us hold for one message (per IKE SA). */
#define IKE_FRAG_MAX_FRAGS 64     /* Total Fragments accepted */
#define IKE_FRAG_MAX_BYTES 32768  /* decrypted octets kept */

struct ike_frag_rx;               /* one message being reassembled */

enum ike_frag_rc {
	IKE_FRAG_MORE,    /* kept: waiting for the other fragments */
	IKE_FRAG_DONE,    /* complete: the inner chain is in out */
	IKE_FRAG_DUP,     /* that fragment is here already: ignored */
	IKE_FRAG_STALE,   /* smaller Total Fragments than the kept ones: ignored (§2.6.1) */
	IKE_FRAG_BAD,     /* integrity, decryption or an inconsistent header: dropped */
	IKE_FRAG_LIMIT,   /* over a cap: dropped, with what was kept of that message */
};

/* Add one SKF fragment: m = ikev2_msg_parse(dgram) with m->sk.frag set,
 * in = the peer's SK direction.  A fragment with another message id than
 * the kept ones starts over; a greater Total Fragments starts over.  On
 * DONE: out[0 .. *out_len) is the concatenated plaintext, *first the inner
 * chain's first payload type (fragment 1's Next Payload), and the state is
 * freed (*rx = NULL). */
enum ike_frag_rc ike_frag_rx_add(struct ike_frag_rx **rx, struct ikev2_sk_dir *in, const uint8_t *dgram,
				 const struct ikev2_msg *m, uint8_t *out, size_t cap, size_t *out_len,
				 uint8_t *first);
void ike_frag_rx_free(struct ike_frag_rx *rx);  /* NULL-safe */
/* Fragments held now (0 for none), for tests and shows. */
unsigned ike_frag_rx_held(const struct ike_frag_rx *rx);

/* The largest IKE message (header on, non-ESP marker off) that fits an IP
 * packet of mtu octets: mtu - IP header (20 or 40) - UDP 8 - marker 4 on
 * port 4500 (RFC 7383 §2.5.1).  0 when nothing fits. */
size_t ike_frag_dgram_max(int mtu, int family, bool natt);

/* How many SKF fragments of at most max_dgram octets carry inner_len
 * octets; 0 when max_dgram is too small or more than IKE_FRAG_MAX_FRAGS
 * would be needed. */
unsigned ike_frag_count(const struct ikev2_sk_dir *out, size_t inner_len, size_t max_dgram);

/* Encrypt inner into ike_frag_count() fragments (header h: SPIs, exchange,
 * flags, message id), written back to back into buf.  Returns the count,
 * -1 on failure (count 0, buffer too small, crypto). */
int ike_frag_build(struct ikev2_sk_dir *out, const struct ikev2_hdr *h, const uint8_t *inner, size_t inner_len,
		   uint8_t first, size_t max_dgram, uint8_t *buf, size_t cap, size_t *len);

/* Walk datagrams stored back to back: the one at *off (its length from its
 * IKE header) into *p and *n, *off moved past it.  false at the end or at a
 * length that does not fit. */
bool ike_frag_next(const uint8_t *buf, size_t len, size_t *off, const uint8_t **p, size_t *n);

/* Counters for `show crypto ikev2 stats` and debugging. */
struct ike_frag_stats {
	unsigned long rx_frags, rx_reassembled, rx_dup, rx_stale, rx_bad, rx_limit;
	unsigned long tx_msgs, tx_frags;
};
const struct ike_frag_stats *ike_frag_stats(void);

#endif
