/*
 * RFC 7383 IKEv2 fragmentation: reassembly of received SKF fragments and
 * splitting of our messages into SKF fragments.  See ike_frag.h.
 */
#include "ike_frag.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct frag {
	uint8_t *p;       /* decrypted inner octets of this fragment (NULL: not here) */
	size_t len;
};

struct ike_frag_rx {
	uint32_t msgid;
	uint8_t exchange;
	uint16_t total;   /* Total Fragments of the kept fragments */
	unsigned held;
	size_t bytes;     /* sum of the kept fragments' lengths */
	uint8_t first;    /* fragment 1's Next Payload */
	struct frag f[IKE_FRAG_MAX_FRAGS];
};

static struct ike_frag_stats stats;

const struct ike_frag_stats *ike_frag_stats(void) { return &stats; }

unsigned ike_frag_rx_held(const struct ike_frag_rx *rx) { return rx ? rx->held : 0; }

static void drop_all(struct ike_frag_rx *rx)
{
	for (unsigned i = 0; i < IKE_FRAG_MAX_FRAGS; i++) {
		if (rx->f[i].p) {
			ikev2_wipe(rx->f[i].p, rx->f[i].len);
			free(rx->f[i].p);
		}
		rx->f[i] = (struct frag){ NULL, 0 };
	}
	rx->held = 0;
	rx->bytes = 0;
	rx->total = 0;
	rx->first = 0;
}

void ike_frag_rx_free(struct ike_frag_rx *rx)
{
	if (!rx)
		return;
	drop_all(rx);
	free(rx);
}

static enum ike_frag_rc count(enum ike_frag_rc rc)
{
	switch (rc) {
	case IKE_FRAG_DONE: stats.rx_reassembled++; break;
	case IKE_FRAG_DUP: stats.rx_dup++; break;
	case IKE_FRAG_STALE: stats.rx_stale++; break;
	case IKE_FRAG_BAD: stats.rx_bad++; break;
	case IKE_FRAG_LIMIT: stats.rx_limit++; break;
	case IKE_FRAG_MORE: break;
	}
	return rc;
}

enum ike_frag_rc ike_frag_rx_add(struct ike_frag_rx **rxp, struct ikev2_sk_dir *in, const uint8_t *dgram,
				 const struct ikev2_msg *m, uint8_t *out, size_t cap, size_t *out_len,
				 uint8_t *first)
{
	stats.rx_frags++;
	const struct ikev2_sk *sk = &m->sk;
	/* the codec framed it: 1 <= number <= total, body inside the datagram */
	if (!sk->frag || sk->frag_num == 0 || sk->frag_num > sk->frag_total || !sk->body.p || m->raw.p != dgram ||
	    sk->aad_len > m->raw.len || sk->body.p < dgram || sk->body.len > m->raw.len ||
	    (size_t)(sk->body.p - dgram) > m->raw.len - sk->body.len)
		return count(IKE_FRAG_BAD);
	if (sk->frag_total > IKE_FRAG_MAX_FRAGS)
		return count(IKE_FRAG_LIMIT);

	/* authenticate and decrypt this fragment alone (§2.6); every later
	 * decision uses only fields the ICV covered */
	static uint8_t plain[65536];
	size_t len;
	if (ikev2_sk_decrypt(in, dgram, sk->aad_len, sk->body.p, sk->body.len, plain, sizeof plain, &len) != 0)
		return count(IKE_FRAG_BAD);

	struct ike_frag_rx *rx = *rxp;
	if (rx && rx->msgid != m->hdr.msgid)
		drop_all(rx);  /* a newer request: the old one is never finished */
	if (!rx) {
		rx = calloc(1, sizeof *rx);
		if (!rx) {
			ikev2_wipe(plain, len);
			return count(IKE_FRAG_LIMIT);
		}
		*rxp = rx;
	}
	if (rx->held == 0) {
		rx->msgid = m->hdr.msgid;
		rx->exchange = m->hdr.exchange;
		rx->total = sk->frag_total;
	} else if (m->hdr.exchange != rx->exchange) {
		ikev2_wipe(plain, len);
		return count(IKE_FRAG_BAD);
	}
	/* §2.6.1: a greater Total Fragments means the sender re-fragmented
	 * (smaller PMTU): start over; a smaller one is a stale fragment */
	if (sk->frag_total > rx->total) {
		drop_all(rx);
		rx->total = sk->frag_total;
	} else if (sk->frag_total < rx->total) {
		ikev2_wipe(plain, len);
		return count(IKE_FRAG_STALE);
	}
	struct frag *f = &rx->f[sk->frag_num - 1];
	if (f->p) {
		ikev2_wipe(plain, len);
		return count(IKE_FRAG_DUP);
	}
	if (len > IKE_FRAG_MAX_BYTES - rx->bytes) {
		ikev2_wipe(plain, len);
		drop_all(rx);
		return count(IKE_FRAG_LIMIT);
	}
	f->p = malloc(len ? len : 1);
	if (!f->p) {
		ikev2_wipe(plain, len);
		return count(IKE_FRAG_LIMIT);
	}
	memcpy(f->p, plain, len);
	ikev2_wipe(plain, len);
	f->len = len;
	rx->held++;
	rx->bytes += len;
	if (sk->frag_num == 1)
		rx->first = sk->next;
	if (rx->held < rx->total)
		return count(IKE_FRAG_MORE);

	/* all here: concatenate in order */
	if (rx->bytes > cap) {
		drop_all(rx);
		return count(IKE_FRAG_LIMIT);
	}
	size_t off = 0;
	for (unsigned i = 0; i < rx->total; i++) {
		memcpy(out + off, rx->f[i].p, rx->f[i].len);
		off += rx->f[i].len;
	}
	*out_len = off;
	*first = rx->first;
	ike_frag_rx_free(rx);
	*rxp = NULL;
	return count(IKE_FRAG_DONE);
}

/* ---------- sending ---------- */

#define SKF_OVERHEAD (IKEV2_HDR_LEN + IKEV2_GENHDR_LEN + 4)  /* header, SKF header, number/total */

size_t ike_frag_dgram_max(int mtu, int family, bool natt)
{
	size_t over = (family == AF_INET6 ? 40 : 20) + 8 + (natt ? 4 : 0);
	return mtu > 0 && (size_t)mtu > over ? (size_t)mtu - over : 0;
}

/* Inner octets one fragment can carry. */
static size_t per_frag(const struct ikev2_sk_dir *out, size_t max_dgram)
{
	return max_dgram > SKF_OVERHEAD ? ikev2_sk_max_inner(out, max_dgram - SKF_OVERHEAD) : 0;
}

unsigned ike_frag_count(const struct ikev2_sk_dir *out, size_t inner_len, size_t max_dgram)
{
	size_t per = per_frag(out, max_dgram);
	if (per == 0)
		return 0;
	size_t n = inner_len ? (inner_len + per - 1) / per : 1;
	return n <= IKE_FRAG_MAX_FRAGS ? (unsigned)n : 0;
}

int ike_frag_build(struct ikev2_sk_dir *out, const struct ikev2_hdr *h, const uint8_t *inner, size_t inner_len,
		   uint8_t first, size_t max_dgram, uint8_t *buf, size_t cap, size_t *len)
{
	unsigned n = ike_frag_count(out, inner_len, max_dgram);
	size_t per = per_frag(out, max_dgram);
	if (n == 0)
		return -1;
	size_t off = 0, done = 0;
	for (unsigned i = 1; i <= n; i++) {
		size_t chunk = inner_len - done < per ? inner_len - done : per;
		struct ikev2_writer w;
		struct ikev2_sk_slot slot;
		ikev2_w_init(&w, buf + off, cap - off, h);
		ikev2_w_skf(&w, i == 1 ? first : 0, (uint16_t)i, (uint16_t)n, ikev2_sk_iv_len(out),
			    ikev2_sk_ct_len(out, chunk), ikev2_sk_icv_len(out), &slot);
		size_t dl;
		if (ikev2_w_finish(&w, &dl) != 0 ||
		    ikev2_sk_encrypt(out, buf + off, slot.aad_len, inner + done, chunk, buf + off + slot.iv_off,
				     slot.end - slot.iv_off) != 0)
			return -1;
		off += dl;
		done += chunk;
	}
	*len = off;
	stats.tx_msgs++;
	stats.tx_frags += n;
	return (int)n;
}

bool ike_frag_next(const uint8_t *buf, size_t len, size_t *off, const uint8_t **p, size_t *n)
{
	if (*off >= len || len - *off < IKEV2_HDR_LEN)
		return false;
	const uint8_t *h = buf + *off;
	size_t l = (size_t)h[24] << 24 | (size_t)h[25] << 16 | (size_t)h[26] << 8 | h[27];
	if (l < IKEV2_HDR_LEN || l > len - *off)
		return false;
	*p = h;
	*n = l;
	*off += l;
	return true;
}
