/*
 * IKEv2 message writer: the header, payload chaining (each new payload's
 * type goes into the previous Next Payload field), lengths, and the simple
 * payloads.  SA, TS, CP and SK builders sit beside their parsers.  Any
 * overflow or invalid argument makes the writer fail for good; only
 * ikev2_w_finish reports it, so callers need not check each step.
 */
#include "ikev2/msg_priv.h"

void ikev2_w_init(struct ikev2_writer *w, uint8_t *buf, size_t cap, const struct ikev2_hdr *h)
{
	*w = (struct ikev2_writer){ .buf = buf, .cap = cap, .np_off = 16, .hdr_off = 0 };
	uint8_t *p = ikm_w_reserve(w, IKEV2_HDR_LEN);
	if (!p)
		return;
	for (int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(h->spi_i >> (56 - 8 * i));
		p[8 + i] = (uint8_t)(h->spi_r >> (56 - 8 * i));
	}
	p[16] = IKEV2_PL_NONE;
	p[17] = h->version ? h->version : IKEV2_VERSION;
	p[18] = h->exchange;
	p[19] = h->flags;
	ikm_put32(p + 20, h->msgid);
	ikm_put32(p + 24, 0);
}

void ikev2_w_init_inner(struct ikev2_writer *w, uint8_t *buf, size_t cap)
{
	*w = (struct ikev2_writer){ .buf = buf, .cap = cap, .np_off = SIZE_MAX, .hdr_off = SIZE_MAX };
}

int ikev2_w_finish(struct ikev2_writer *w, size_t *len)
{
	if (w->failed)
		return -1;
	if (w->hdr_off != SIZE_MAX) {
		if (w->len > UINT32_MAX)
			return -1;
		ikm_put32(w->buf + w->hdr_off + 24, (uint32_t)w->len);
	}
	if (len)
		*len = w->len;
	return 0;
}

uint8_t *ikm_w_reserve(struct ikev2_writer *w, size_t n)
{
	if (w->failed || !w->buf || n > w->cap - w->len) {
		w->failed = true;
		return NULL;
	}
	uint8_t *p = w->buf + w->len;
	w->len += n;
	return p;
}

void ikm_w_put(struct ikev2_writer *w, const void *src, size_t n)
{
	if (!n)
		return;
	uint8_t *p = ikm_w_reserve(w, n);
	if (!p)
		return;
	if (src)
		memcpy(p, src, n);
	else
		memset(p, 0, n);
}

void ikm_w_u8(struct ikev2_writer *w, uint8_t v)
{
	ikm_w_put(w, &v, 1);
}

void ikm_w_u16(struct ikev2_writer *w, uint16_t v)
{
	uint8_t b[2];
	ikm_put16(b, v);
	ikm_w_put(w, b, 2);
}

size_t ikm_w_begin(struct ikev2_writer *w, uint8_t type, bool critical)
{
	if (w->closed)  /* SK must be last */
		w->failed = true;
	size_t start = w->len;
	uint8_t *g = ikm_w_reserve(w, IKEV2_GENHDR_LEN);
	if (!g)
		return SIZE_MAX;
	if (w->np_off == SIZE_MAX)
		w->first = type;
	else
		w->buf[w->np_off] = type;
	w->np_off = start;
	g[0] = IKEV2_PL_NONE;
	g[1] = critical ? 0x80 : 0;
	ikm_put16(g + 2, 0);
	return start;
}

void ikm_w_end(struct ikev2_writer *w, size_t start)
{
	if (w->failed || start == SIZE_MAX)
		return;
	size_t plen = w->len - start;
	if (plen > 0xffff) {
		w->failed = true;
		return;
	}
	ikm_put16(w->buf + start + 2, (uint16_t)plen);
}

/* A payload made of a short fixed head and a variable tail. */
static void simple(struct ikev2_writer *w, uint8_t type, const uint8_t *head, size_t hlen,
		   const void *data, size_t len)
{
	size_t start = ikm_w_begin(w, type, false);
	if (start == SIZE_MAX)
		return;
	if (len && !data)
		w->failed = true;
	ikm_w_put(w, head, hlen);
	ikm_w_put(w, data, len);
	ikm_w_end(w, start);
}

void ikev2_w_payload(struct ikev2_writer *w, uint8_t type, bool critical, const void *body,
		     size_t len)
{
	size_t start = ikm_w_begin(w, type, critical);
	if (start == SIZE_MAX)
		return;
	if (len && !body)
		w->failed = true;
	ikm_w_put(w, body, len);
	ikm_w_end(w, start);
}

void ikev2_w_ke(struct ikev2_writer *w, uint16_t group, const void *data, size_t len)
{
	uint8_t head[4] = { (uint8_t)(group >> 8), (uint8_t)group, 0, 0 };
	if (!len || (ikev2_ke_len(group) && ikev2_ke_len(group) != len))
		w->failed = true;
	simple(w, IKEV2_PL_KE, head, sizeof(head), data, len);
}

void ikev2_w_nonce(struct ikev2_writer *w, const void *nonce, size_t len)
{
	if (len < 16 || len > 256)  /* §3.9 */
		w->failed = true;
	simple(w, IKEV2_PL_NONCE, NULL, 0, nonce, len);
}

void ikev2_w_notify(struct ikev2_writer *w, uint8_t proto, const void *spi, uint8_t spi_len,
		    uint16_t type, const void *data, size_t len)
{
	uint8_t head[4 + 8];
	if ((spi_len != 0 && spi_len != 4 && spi_len != 8) || (spi_len && !spi)) {
		w->failed = true;
		return;
	}
	head[0] = proto;
	head[1] = spi_len;
	ikm_put16(head + 2, type);
	if (spi_len)
		memcpy(head + 4, spi, spi_len);
	simple(w, IKEV2_PL_NOTIFY, head, 4u + spi_len, data, len);
}

void ikev2_w_id(struct ikev2_writer *w, uint8_t pltype, uint8_t idtype, const void *data,
		size_t len)
{
	uint8_t head[4] = { idtype, 0, 0, 0 };
	if (pltype != IKEV2_PL_IDI && pltype != IKEV2_PL_IDR)
		w->failed = true;
	simple(w, pltype, head, sizeof(head), data, len);
}

void ikev2_w_auth(struct ikev2_writer *w, uint8_t method, const void *data, size_t len)
{
	uint8_t head[4] = { method, 0, 0, 0 };
	if (!len)
		w->failed = true;
	simple(w, IKEV2_PL_AUTH, head, sizeof(head), data, len);
}

void ikev2_w_cert(struct ikev2_writer *w, uint8_t encoding, const void *data, size_t len)
{
	if (!len)
		w->failed = true;
	simple(w, IKEV2_PL_CERT, &encoding, 1, data, len);
}

void ikev2_w_certreq(struct ikev2_writer *w, uint8_t encoding, const void *data, size_t len)
{
	simple(w, IKEV2_PL_CERTREQ, &encoding, 1, data, len);
}

void ikev2_w_eap(struct ikev2_writer *w, uint8_t code, uint8_t id, uint8_t type, const void *data,
		 size_t len)
{
	bool typed = code == IKEV2_EAP_REQUEST || code == IKEV2_EAP_RESPONSE;
	size_t total = typed ? 5 + len : 4;
	if (code < IKEV2_EAP_REQUEST || code > IKEV2_EAP_FAILURE || (typed && !type) ||
	    total > 0xffff) {
		w->failed = true;
		return;
	}
	uint8_t head[5] = { code, id, (uint8_t)(total >> 8), (uint8_t)total, type };
	simple(w, IKEV2_PL_EAP, head, typed ? 5 : 4, typed ? data : NULL, typed ? len : 0);
}

void ikev2_w_delete(struct ikev2_writer *w, uint8_t proto, uint8_t spi_len, const void *spis,
		    uint16_t nspi)
{
	bool ok = proto == IKEV2_PROTO_IKE ? spi_len == 0 && nspi == 0 :
		  (proto == IKEV2_PROTO_AH || proto == IKEV2_PROTO_ESP) && spi_len == 4 && nspi > 0;
	if (!ok) {
		w->failed = true;
		return;
	}
	uint8_t head[4] = { proto, spi_len, (uint8_t)(nspi >> 8), (uint8_t)nspi };
	simple(w, IKEV2_PL_DELETE, head, sizeof(head), spis, (size_t)spi_len * nspi);
}

void ikev2_w_vendor(struct ikev2_writer *w, const void *vid, size_t len)
{
	simple(w, IKEV2_PL_VENDOR, NULL, 0, vid, len);
}
