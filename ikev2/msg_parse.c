/*
 * IKEv2 message parsing: the IKE header (RFC 7296 §3.1), the generic
 * payload chain (§3.2) and where each payload may appear.  The per-payload
 * validators live in msg_sa.c, msg_ts.c, msg_cp.c, msg_notify.c,
 * msg_payloads.c and msg_sk.c.
 */
#include "ikev2/msg_priv.h"

int ikm_err(struct ikev2_perr *e, uint16_t notify, size_t off, const char *why)
{
	e->notify = notify;
	e->off = off;
	e->why = why;
	return -1;
}

static bool known_type(uint8_t t)
{
	return (t >= IKEV2_PL_SA && t <= IKEV2_PL_EAP) || t == IKEV2_PL_SKF;
}

/* Payloads a message carries at most once (strongSwan's rules agree). */
static bool singleton(uint8_t t)
{
	switch (t) {
	case IKEV2_PL_SA: case IKEV2_PL_KE: case IKEV2_PL_IDI: case IKEV2_PL_IDR:
	case IKEV2_PL_AUTH: case IKEV2_PL_NONCE: case IKEV2_PL_TSI: case IKEV2_PL_TSR:
	case IKEV2_PL_CP: case IKEV2_PL_EAP:
		return true;
	}
	return false;
}

static bool encrypted_exchange(uint8_t x)
{
	return x == IKEV2_EXCH_IKE_AUTH || x == IKEV2_EXCH_CREATE_CHILD_SA ||
	       x == IKEV2_EXCH_INFORMATIONAL || x == IKEV2_EXCH_IKE_INTERMEDIATE;
}

static bool plain_exchange(uint8_t x)
{
	return x == IKEV2_EXCH_IKE_SA_INIT || x == IKEV2_EXCH_IKE_SESSION_RESUME;
}

/* May a known payload of type t stand outside SK in this exchange? */
static const char *outer_rule(uint8_t exch, uint8_t t)
{
	bool sk = t == IKEV2_PL_SK || t == IKEV2_PL_SKF;
	if (sk)
		return plain_exchange(exch) ? "SK payload in an unencrypted exchange" : NULL;
	if (t == IKEV2_PL_NOTIFY || t == IKEV2_PL_VENDOR)
		return NULL;
	if (encrypted_exchange(exch))
		return "payload must be inside SK";
	if (t == IKEV2_PL_SA || t == IKEV2_PL_KE || t == IKEV2_PL_NONCE || t == IKEV2_PL_CERTREQ)
		return NULL;
	return "payload must be inside SK";
}

/* Append to one of the repeatable lists, or fail at its cap. */
#define LIST_SLOT(m, arr, n) \
	((m)->n < sizeof((m)->arr) / sizeof((m)->arr[0]) ? &(m)->arr[(m)->n++] : NULL)

static int dispatch(struct ikev2_msg *m, uint8_t t, const uint8_t *b, size_t len, size_t off,
		    bool inner, struct ikev2_perr *e)
{
	switch (t) {
	case IKEV2_PL_SA: return ikm_sa(&m->sa, b, len, off, e);
	case IKEV2_PL_KE: return ikm_ke(&m->ke, b, len, off, e);
	case IKEV2_PL_IDI: return ikm_id(&m->idi, b, len, off, e);
	case IKEV2_PL_IDR: return ikm_id(&m->idr, b, len, off, e);
	case IKEV2_PL_AUTH: return ikm_auth(&m->auth, b, len, off, e);
	case IKEV2_PL_NONCE: return ikm_nonce(&m->nonce, b, len, off, e);
	case IKEV2_PL_TSI: return ikm_ts(&m->tsi, b, len, off, e);
	case IKEV2_PL_TSR: return ikm_ts(&m->tsr, b, len, off, e);
	case IKEV2_PL_CP: return ikm_cp(&m->cp, b, len, off, e);
	case IKEV2_PL_EAP: return ikm_eap(&m->eap, b, len, off, e);
	case IKEV2_PL_CERT: {
		struct ikev2_cert *c = LIST_SLOT(m, cert, ncert);
		return c ? ikm_cert(c, b, len, off, e) : IKM_SYNTAX(e, off, "too many CERT payloads");
	}
	case IKEV2_PL_CERTREQ: {
		struct ikev2_cert *c = LIST_SLOT(m, certreq, ncertreq);
		return c ? ikm_certreq(c, b, len, off, e) : IKM_SYNTAX(e, off, "too many CERTREQ payloads");
	}
	case IKEV2_PL_NOTIFY: {
		struct ikev2_notify *n = LIST_SLOT(m, notify, nnotify);
		if (!n)
			return IKM_SYNTAX(e, off, "too many Notify payloads");
		n->inner = inner;
		return ikm_notify(n, b, len, off, e);
	}
	case IKEV2_PL_DELETE: {
		struct ikev2_delete *d = LIST_SLOT(m, del, ndel);
		return d ? ikm_delete(d, b, len, off, e) : IKM_SYNTAX(e, off, "too many Delete payloads");
	}
	case IKEV2_PL_VENDOR: {
		struct ikev2_span *v = LIST_SLOT(m, vid, nvid);
		if (!v)
			return IKM_SYNTAX(e, off, "too many Vendor ID payloads");
		*v = ikm_span(b, len);
		return 0;
	}
	}
	return IKM_SYNTAX(e, off, "unhandled payload type");  /* not reached: known_type() */
}

/*
 * Walk a payload chain of p[start..len) whose first type is `type`.  Each
 * generic header is bounds-checked before its body is looked at; the chain
 * must end exactly at len.  SK/SKF end the chain (their Next Payload names
 * the first inner payload).
 */
static int walk(struct ikev2_msg *m, uint8_t type, const uint8_t *p, size_t len, size_t start,
		bool inner, struct ikev2_perr *e)
{
	size_t off = start;

	while (type != IKEV2_PL_NONE) {
		e->payload = type;
		if (len - off < IKEV2_GENHDR_LEN)
			return IKM_SYNTAX(e, off, "payload header truncated");
		uint8_t next = p[off];
		bool crit = p[off + 1] & 0x80;
		uint16_t plen = ikm_get16(p + off + 2);
		if (plen < IKEV2_GENHDR_LEN)
			return IKM_SYNTAX(e, off + 2, "payload length below 4");
		if (plen > len - off)
			return IKM_SYNTAX(e, off + 2, "payload overruns the message");
		if (m->npl == IKEV2_MAX_PAYLOADS)
			return IKM_SYNTAX(e, off, "too many payloads");
		bool known = known_type(type);
		m->pl[m->npl++] = (struct ikev2_pl_ref){ type, crit, inner, known, plen, off };

		if (!known) {
			/* §3.2: the critical bit is about this payload itself */
			if (crit)
				return ikm_err(e, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, off,
					       "unsupported critical payload");
			off += plen;
			type = next;
			continue;
		}
		const char *why = inner ? NULL : outer_rule(m->hdr.exchange, type);
		if (inner && (type == IKEV2_PL_SK || type == IKEV2_PL_SKF))
			why = "SK payload inside SK";
		if (why)
			return IKM_SYNTAX(e, off, why);
		if (singleton(type) && ikev2_msg_has(m, type))
			return IKM_SYNTAX(e, off, "duplicate payload");
		m->seen |= 1ull << (type - 32);

		if (type == IKEV2_PL_SK || type == IKEV2_PL_SKF) {
			if (off + plen != len)
				return IKM_SYNTAX(e, off, "SK payload is not the last");
			return ikm_sk(&m->sk, p, off, plen, type == IKEV2_PL_SKF, e);
		}
		if (dispatch(m, type, p + off + IKEV2_GENHDR_LEN, plen - IKEV2_GENHDR_LEN,
			     off + IKEV2_GENHDR_LEN, inner, e))
			return -1;
		off += plen;
		type = next;
	}
	e->payload = 0;
	if (off != len)
		return IKM_SYNTAX(e, off, "octets after the last payload");
	return 0;
}

struct ikev2_perr ikev2_msg_parse(struct ikev2_msg *m, const uint8_t *pkt, size_t len)
{
	struct ikev2_perr e = { 0 };

	memset(m, 0, sizeof(*m));
	if (!pkt || len < IKEV2_HDR_LEN) {
		ikm_err(&e, IKEV2_N_INVALID_SYNTAX, 0, "shorter than the IKE header");
		return e;
	}
	struct ikev2_hdr *h = &m->hdr;
	uint64_t spi_i = 0, spi_r = 0;
	for (int i = 0; i < 8; i++) {
		spi_i = spi_i << 8 | pkt[i];
		spi_r = spi_r << 8 | pkt[8 + i];
	}
	h->spi_i = spi_i;
	h->spi_r = spi_r;
	h->next = pkt[16];
	h->version = pkt[17];
	h->exchange = pkt[18];
	h->flags = pkt[19];
	h->msgid = ikm_get32(pkt + 20);
	h->length = ikm_get32(pkt + 24);
	m->raw = ikm_span(pkt, len);
	e.hdr_ok = true;

	/* §2.5: a major version above ours is answered; the minor is ignored */
	if (h->version >> 4 != 2) {
		ikm_err(&e, IKEV2_N_INVALID_MAJOR_VERSION, 17, "major version is not 2");
		return e;
	}
	if (h->length != len) {
		ikm_err(&e, IKEV2_N_INVALID_SYNTAX, 24, "length field differs from the datagram");
		return e;
	}
	if (walk(m, h->next, pkt, len, IKEV2_HDR_LEN, false, &e))
		return e;
	if (encrypted_exchange(h->exchange) && !ikev2_msg_has(m, IKEV2_PL_SK) &&
	    !ikev2_msg_has(m, IKEV2_PL_SKF))
		ikm_err(&e, IKEV2_N_INVALID_SYNTAX, len, "SK payload missing");
	return e;
}

struct ikev2_perr ikev2_msg_parse_inner(struct ikev2_msg *m, uint8_t first, const uint8_t *p,
					size_t len)
{
	struct ikev2_perr e = { .hdr_ok = true };

	if (!p && len) {
		ikm_err(&e, IKEV2_N_INVALID_SYNTAX, 0, "no buffer");
		return e;
	}
	m->plain = ikm_span(p, len);
	walk(m, first, p, len, 0, true, &e);
	return e;
}

const struct ikev2_notify *ikev2_msg_notify(const struct ikev2_msg *m, uint16_t type)
{
	for (unsigned i = 0; i < m->nnotify; i++)
		if (m->notify[i].type == type)
			return &m->notify[i];
	return NULL;
}
