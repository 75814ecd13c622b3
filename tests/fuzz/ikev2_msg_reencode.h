/*
 * Test helper shared by tests/unit/test_ikev2_msg.c and the fuzz target:
 * rebuild a parsed message with the ikev2/msg builders, payload by payload
 * in wire order (unknown payloads copied raw).  For a canonical input
 * (reserved bits zero, nothing truncated) the result is byte-identical.
 */
#ifndef FLEXD_TEST_IKEV2_MSG_REENCODE_H
#define FLEXD_TEST_IKEV2_MSG_REENCODE_H

#include "ikev2/msg.h"

/* Emit the payloads of m marked inner (or not) into w. */
static void reencode_chain(const struct ikev2_msg *m, bool inner, struct ikev2_writer *w)
{
	unsigned in = 0, ic = 0, icr = 0, iv = 0, id = 0;
	const uint8_t *base = inner ? m->plain.p : m->raw.p;

	for (unsigned i = 0; i < m->npl; i++) {
		const struct ikev2_pl_ref *r = &m->pl[i];
		const struct ikev2_notify *n;
		if (r->inner != inner) {
			/* keep the list indexes in step across both chains */
			in += r->type == IKEV2_PL_NOTIFY;
			ic += r->type == IKEV2_PL_CERT;
			icr += r->type == IKEV2_PL_CERTREQ;
			iv += r->type == IKEV2_PL_VENDOR;
			id += r->type == IKEV2_PL_DELETE;
			continue;
		}
		if (!r->known) {
			ikev2_w_payload(w, r->type, r->critical, base + r->off + IKEV2_GENHDR_LEN,
					r->len - IKEV2_GENHDR_LEN);
			continue;
		}
		switch (r->type) {
		case IKEV2_PL_SA: ikev2_w_sa(w, &m->sa); break;
		case IKEV2_PL_KE: ikev2_w_ke(w, m->ke.group, m->ke.data.p, m->ke.data.len); break;
		case IKEV2_PL_NONCE: ikev2_w_nonce(w, m->nonce.p, m->nonce.len); break;
		case IKEV2_PL_IDI:
			ikev2_w_id(w, r->type, m->idi.type, m->idi.data.p, m->idi.data.len);
			break;
		case IKEV2_PL_IDR:
			ikev2_w_id(w, r->type, m->idr.type, m->idr.data.p, m->idr.data.len);
			break;
		case IKEV2_PL_AUTH: ikev2_w_auth(w, m->auth.method, m->auth.data.p, m->auth.data.len); break;
		case IKEV2_PL_TSI: ikev2_w_ts(w, r->type, m->tsi.ts, m->tsi.n); break;
		case IKEV2_PL_TSR: ikev2_w_ts(w, r->type, m->tsr.ts, m->tsr.n); break;
		case IKEV2_PL_CP: ikev2_w_cp(w, m->cp.type, m->cp.a, m->cp.n); break;
		case IKEV2_PL_EAP:
			ikev2_w_eap(w, m->eap.code, m->eap.id, m->eap.type, m->eap.data.p, m->eap.data.len);
			break;
		case IKEV2_PL_NOTIFY:
			n = &m->notify[in++];
			ikev2_w_notify(w, n->proto, n->spi.p, (uint8_t)n->spi.len, n->type, n->data.p,
				       n->data.len);
			break;
		case IKEV2_PL_CERT:
			ikev2_w_cert(w, m->cert[ic].encoding, m->cert[ic].data.p, m->cert[ic].data.len);
			ic++;
			break;
		case IKEV2_PL_CERTREQ:
			ikev2_w_certreq(w, m->certreq[icr].encoding, m->certreq[icr].data.p,
					m->certreq[icr].data.len);
			icr++;
			break;
		case IKEV2_PL_VENDOR: ikev2_w_vendor(w, m->vid[iv].p, m->vid[iv].len); iv++; break;
		case IKEV2_PL_DELETE:
			ikev2_w_delete(w, m->del[id].proto, m->del[id].spi_len, m->del[id].spis.p,
				       m->del[id].nspi);
			id++;
			break;
		case IKEV2_PL_SK:
		case IKEV2_PL_SKF: {
			struct ikev2_sk_slot s;
			if (m->sk.frag)
				ikev2_w_skf(w, m->sk.next, m->sk.frag_num, m->sk.frag_total, 0,
					    m->sk.body.len, 0, &s);
			else
				ikev2_w_sk(w, m->sk.next, 0, m->sk.body.len, 0, &s);
			if (!w->failed)
				memcpy(w->buf + s.ct_off, m->sk.body.p, m->sk.body.len);
			break;
		}
		default: w->failed = true;
		}
	}
}

/* The outer message; -1 if a builder refused (or the buffer is short). */
static int reencode_outer(const struct ikev2_msg *m, uint8_t *buf, size_t cap, size_t *len)
{
	struct ikev2_writer w;
	ikev2_w_init(&w, buf, cap, &m->hdr);
	reencode_chain(m, false, &w);
	return ikev2_w_finish(&w, len);
}

/* The inner chain; *first gets its first payload type. */
static int reencode_inner(const struct ikev2_msg *m, uint8_t *buf, size_t cap, size_t *len,
			  uint8_t *first)
{
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, buf, cap);
	reencode_chain(m, true, &w);
	*first = w.first;
	return ikev2_w_finish(&w, len);
}

#endif
