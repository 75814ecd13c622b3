/*
 * Encrypted payloads: SK (RFC 7296 §3.14) and SKF (RFC 7383 §2.5).  The
 * codec only frames them: where the encrypted body is, what the AEAD
 * associated data covers, and the padding arithmetic.  The crypto is
 * elsewhere.
 */
#include "ikev2/msg_priv.h"

int ikm_sk(struct ikev2_sk *sk, const uint8_t *p, size_t off, size_t plen, bool frag,
	   struct ikev2_perr *e)
{
	size_t body = off + IKEV2_GENHDR_LEN, blen = plen - IKEV2_GENHDR_LEN;

	*sk = (struct ikev2_sk){ .next = p[off], .frag = frag, .off = off };
	if (frag) {
		if (blen < 4)
			return IKM_SYNTAX(e, body, "SKF payload truncated");
		sk->frag_num = ikm_get16(p + body);
		sk->frag_total = ikm_get16(p + body + 2);
		if (sk->frag_num == 0 || sk->frag_num > sk->frag_total)
			return IKM_SYNTAX(e, body, "SKF fragment number outside 1..total");
		body += 4;
		blen -= 4;
	}
	/* AAD: IKE header .. the SK header (for SKF including number and total) */
	sk->aad_len = body;
	if (blen == 0)
		return IKM_SYNTAX(e, body, "empty encrypted payload");
	sk->body = ikm_span(p + body, blen);
	return 0;
}

int ikev2_sk_split(const struct ikev2_sk *sk, size_t iv_len, size_t icv_len, size_t block,
		   struct ikev2_span *iv, struct ikev2_span *ct, struct ikev2_span *icv)
{
	size_t len = sk->body.len;
	/* the ciphertext holds at least the Pad Length octet */
	if (iv_len > len || icv_len > len - iv_len || len - iv_len - icv_len == 0)
		return -1;
	size_t ct_len = len - iv_len - icv_len;
	if (block > 1 && ct_len % block)
		return -1;
	*iv = ikm_span(sk->body.p, iv_len);
	*ct = ikm_span(sk->body.p + iv_len, ct_len);
	*icv = ikm_span(sk->body.p + iv_len + ct_len, icv_len);
	return 0;
}

int ikev2_sk_unpad(const uint8_t *plain, size_t len, size_t *inner_len)
{
	if (!plain || len == 0)
		return -1;
	size_t pad = plain[len - 1];
	if (pad + 1 > len)
		return -1;
	*inner_len = len - pad - 1;
	return 0;
}

size_t ikev2_sk_pad_len(size_t inner_len, size_t block)
{
	if (block <= 1)
		return 0;
	return (block - (inner_len + 1) % block) % block;
}

/* The common part of SK and SKF: head = fragment fields (SKF) or none. */
static void encrypted(struct ikev2_writer *w, uint8_t type, uint8_t inner_first,
		      const uint8_t *head, size_t hlen, size_t iv_len, size_t ct_len, size_t icv_len,
		      struct ikev2_sk_slot *slot)
{
	memset(slot, 0, sizeof(*slot));
	if (ct_len == 0)
		w->failed = true;
	size_t start = ikm_w_begin(w, type, false);
	if (start == SIZE_MAX)
		return;
	ikm_w_put(w, head, hlen);
	size_t iv_off = w->len;
	if (iv_len > SIZE_MAX / 4 || ct_len > SIZE_MAX / 4 || icv_len > SIZE_MAX / 4) {
		w->failed = true;
		return;
	}
	ikm_w_put(w, NULL, iv_len + ct_len + icv_len);
	ikm_w_end(w, start);
	if (w->failed)
		return;
	w->buf[start] = inner_first;  /* SK's Next Payload names the first inner payload */
	w->closed = true;             /* §3.14: SK is the last payload */
	*slot = (struct ikev2_sk_slot){
		.iv_off = iv_off,
		.ct_off = iv_off + iv_len,
		.icv_off = iv_off + iv_len + ct_len,
		.aad_len = iv_off,
		.end = iv_off + iv_len + ct_len + icv_len,
	};
}

void ikev2_w_sk(struct ikev2_writer *w, uint8_t inner_first, size_t iv_len, size_t ct_len,
		size_t icv_len, struct ikev2_sk_slot *slot)
{
	encrypted(w, IKEV2_PL_SK, inner_first, NULL, 0, iv_len, ct_len, icv_len, slot);
}

void ikev2_w_skf(struct ikev2_writer *w, uint8_t inner_first, uint16_t frag_num,
		 uint16_t frag_total, size_t iv_len, size_t ct_len, size_t icv_len,
		 struct ikev2_sk_slot *slot)
{
	uint8_t head[4];
	if (frag_num == 0 || frag_num > frag_total || (frag_num != 1 && inner_first))
		w->failed = true;
	ikm_put16(head, frag_num);
	ikm_put16(head + 2, frag_total);
	encrypted(w, IKEV2_PL_SKF, inner_first, head, sizeof(head), iv_len, ct_len, icv_len, slot);
}
