/*
 * Protected messages out (RFC 7296 §3.14): an inner payload chain
 * encrypted into SK and sent; responses kept for retransmitted requests.
 * Above `crypto ikev2 fragmentation [mtu N]`, to a peer that announced
 * support, the chain goes out as RFC 7383 SKF fragments instead.
 */
#include <stdlib.h>
#include <string.h>

#include "ike_conf.h"
#include "ike_frag.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "msg.h"

int ike_frag_mtu(const struct ike_sa *s)
{
	struct ike_conf_global g;
	ike_conf_global_get(&g);
	if (!g.fragmentation)
		return 0;
	if (g.frag_mtu_set)
		return g.frag_mtu;
	/* RFC 7383 §2.5.1's defaults when the path MTU is unknown */
	return s->peer.ss_family == AF_INET6 ? 1280 : 576;
}

/* Send the fragments of a message; all of them go to *keep when given
 * (retransmissions: walk them with ike_frag_next). */
static int send_frags(struct ike_sa *s, const struct ikev2_hdr *h, const uint8_t *inner, size_t inner_len,
		      uint8_t first, size_t max_dgram, uint8_t **keep, size_t *keep_len)
{
	unsigned n = ike_frag_count(s->sk_out, inner_len, max_dgram);
	size_t cap = (size_t)n * max_dgram, len;
	uint8_t *buf = n ? malloc(cap) : NULL;
	if (!buf || ike_frag_build(s->sk_out, h, inner, inner_len, first, max_dgram, buf, cap, &len) < 0) {
		free(buf);
		return -1;
	}
	int rc = 0;
	const uint8_t *p;
	size_t off = 0, pl;
	while (ike_frag_next(buf, len, &off, &p, &pl))
		rc |= ike_send(&s->local, &s->peer, s->natt, p, pl);
	if (keep) {
		free(*keep);
		*keep = buf;
		*keep_len = len;
	} else {
		free(buf);
	}
	return rc;
}

void ike_send_cached(struct ike_sa *s, const struct ike_dgram *d)
{
	const uint8_t *p;
	size_t off = 0, n;
	while (ike_frag_next(s->last_resp, s->last_resp_len, &off, &p, &n))
		ike_send(&d->local, &d->peer, d->natt, p, n);
}

/* Encrypt an inner chain into a message of this SA and send it; a copy
 * of the datagram goes to *keep when given (retransmissions). */
static int send_sk(struct ike_sa *s, uint8_t exchange, uint32_t msgid, uint8_t flags, const uint8_t *inner,
		   size_t inner_len, uint8_t first, uint8_t **keep, size_t *keep_len)
{
	/* room for IKE_AUTH's largest inner chain (a certificate chain) plus
	 * SK overhead; static: the engine thread alone sends */
	static uint8_t buf[16384];
	struct ikev2_hdr h = { .spi_i = s->spi_i, .spi_r = s->spi_r, .version = IKEV2_VERSION,
			       .exchange = exchange, .flags = flags | (s->orig_initiator ? IKEV2_FLAG_I : 0),
			       .msgid = msgid };
	if (s->frag_peer) {
		/* RFC 7383: only when configured and the message would not fit */
		int mtu = ike_frag_mtu(s);
		size_t max = ike_frag_dgram_max(mtu, s->peer.ss_family, s->natt);
		size_t whole = IKEV2_HDR_LEN + IKEV2_GENHDR_LEN + ikev2_sk_body_len(s->sk_out, inner_len);
		if (mtu && whole > max && ike_frag_count(s->sk_out, inner_len, max) > 0)
			return send_frags(s, &h, inner, inner_len, first, max, keep, keep_len);
	}
	struct ikev2_writer w;
	struct ikev2_sk_slot slot;
	ike_debug_inner(s, true, &h, first, inner, inner_len);
	ikev2_w_init(&w, buf, sizeof buf, &h);
	ikev2_w_sk(&w, first, ikev2_sk_iv_len(s->sk_out), ikev2_sk_ct_len(s->sk_out, inner_len),
		   ikev2_sk_icv_len(s->sk_out), &slot);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0 ||
	    ikev2_sk_encrypt(s->sk_out, buf, slot.aad_len, inner, inner_len, buf + slot.iv_off,
			     slot.end - slot.iv_off) != 0)
		return -1;
	if (keep) {
		free(*keep);
		*keep = malloc(n);
		if (*keep) {
			memcpy(*keep, buf, n);
			*keep_len = n;
		}
	}
	ike_debug_packet(s, true, &s->local, &s->peer, buf, n);
	return ike_send(&s->local, &s->peer, s->natt, buf, n);
}

int ike_send_protected(struct ike_sa *s, uint8_t exchange, uint32_t msgid, const uint8_t *inner,
		       size_t inner_len, uint8_t first)
{
	return send_sk(s, exchange, msgid, IKEV2_FLAG_R, inner, inner_len, first, &s->last_resp, &s->last_resp_len);
}

/* Delete of the IKE SA as a request of ours (we are the original
 * responder: no I flag; our own request ids); kept for resending when
 * kept is true (in dpd_req, like a liveness check). */
static int send_delete(struct ike_sa *s, bool kept)
{
	uint8_t inner[32];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_delete(&w, IKEV2_PROTO_IKE, 0, NULL, 0);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0)
		return -1;
	if (!kept)
		return send_sk(s, IKEV2_EXCH_INFORMATIONAL, s->own_msgid++, 0, inner, n, w.first, NULL, NULL);
	free(s->dpd_req);
	s->dpd_req = NULL;
	s->dpd_msgid = s->own_msgid++;
	return send_sk(s, IKEV2_EXCH_INFORMATIONAL, s->dpd_msgid, 0, inner, n, w.first, &s->dpd_req, &s->dpd_req_len);
}

int ike_send_delete(struct ike_sa *s) { return send_delete(s, false); }
int ike_send_delete_kept(struct ike_sa *s) { return send_delete(s, true); }

/* clear crypto sa: Delete of ESP SAs (our inbound SPIs, network order,
 * 4 octets each) as a request of ours, no retries (like ike_send_delete). */
int ike_send_delete_child(struct ike_sa *s, const uint8_t *spis, uint16_t nspi)
{
	uint8_t inner[16 + 4 * 256];
	struct ikev2_writer w;
	if (nspi > 256)
		return -1;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_delete(&w, IKEV2_PROTO_ESP, 4, spis, nspi);
	size_t n;
	if (ikev2_w_finish(&w, &n) != 0)
		return -1;
	return send_sk(s, IKEV2_EXCH_INFORMATIONAL, s->own_msgid++, 0, inner, n, w.first, NULL, NULL);
}

int ike_send_dpd(struct ike_sa *s)
{
	static const uint8_t none[1];
	s->dpd_msgid = s->own_msgid++;
	/* an empty INFORMATIONAL request (RFC 7296 §1.4), kept for retries */
	return send_sk(s, IKEV2_EXCH_INFORMATIONAL, s->dpd_msgid, 0, none, 0, IKEV2_PL_NONE, &s->dpd_req,
		       &s->dpd_req_len);
}

void ike_send_notify(struct ike_sa *s, uint8_t exchange, uint32_t msgid, uint16_t type)
{
	uint8_t inner[64];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, type, NULL, 0);
	size_t n;
	if (ikev2_w_finish(&w, &n) == 0)
		ike_send_protected(s, exchange, msgid, inner, n, w.first);
}


/* A request of ours (no I flag: we are the original responder) with the
 * next own message id, kept in *keep for retransmission. */
int ike_send_request(struct ike_sa *s, uint8_t exchange, const uint8_t *inner, size_t inner_len, uint8_t first,
		     uint32_t *msgid, uint8_t **keep, size_t *keep_len)
{
	*msgid = s->own_msgid++;
	return send_sk(s, exchange, *msgid, 0, inner, inner_len, first, keep, keep_len);
}
