/*
 * libFuzzer target for the IKEv2 codec (ikev2/msg*.c).
 *
 * Input: one mode octet, then
 *   mode even: a datagram for ikev2_msg_parse; when it carries SK/SKF, the
 *              encrypted body is taken as plaintext (no IV/ICV), unpadded and
 *              parsed as the inner chain, as the engine does after decryption;
 *   mode odd:  first inner payload type (1 octet), then an inner chain for
 *              ikev2_msg_parse_inner.
 * Every decoded view is read (ASan catches any escaping the input) and must
 * lie inside the input; counts must respect the caps.  A message that parsed
 * is rebuilt with the builders: the rebuild must parse to the same shape
 * and, unless something was dropped (caps, unknown transform attributes),
 * have the same length.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/msg.h"
#include "tests/fuzz/ikev2_msg_reencode.h"

static const uint8_t *lo, *hi;  /* the buffers the views may point into */
static const uint8_t *lo2, *hi2;
static volatile unsigned sink;

#define CHECK(c)                                                                   \
	do {                                                                       \
		if (!(c)) {                                                        \
			fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); \
			abort();                                                   \
		}                                                                  \
	} while (0)

static void view(const uint8_t *p, size_t len)
{
	if (!len)
		return;
	CHECK(p);
	CHECK((p >= lo && p + len <= hi) || (p >= lo2 && p + len <= hi2));
	for (size_t i = 0; i < len; i++)
		sink += p[i];
}

static void span(struct ikev2_span s)
{
	view(s.p, s.len);
}

static void touch(const struct ikev2_msg *m)
{
	CHECK(m->npl <= IKEV2_MAX_PAYLOADS);
	CHECK(m->sa.nprop <= IKEV2_MAX_PROPOSALS && m->sa.nxf <= IKEV2_MAX_TRANSFORMS);
	for (unsigned i = 0; i < m->sa.nprop; i++) {
		const struct ikev2_proposal *p = &m->sa.prop[i];
		CHECK(p->nxf > 0 && p->xf_first + p->nxf <= m->sa.nxf && p->spi_len <= 8);
	}
	span(m->ke.data);
	span(m->nonce);
	CHECK(!m->nonce.len || (m->nonce.len >= 16 && m->nonce.len <= 256));
	span(m->idi.body);
	span(m->idr.body);
	span(m->auth.data);
	span(m->auth.sig_alg);
	span(m->auth.sig);
	CHECK(m->tsi.n <= IKEV2_MAX_TS && m->tsr.n <= IKEV2_MAX_TS);
	CHECK(m->cp.n <= IKEV2_MAX_CP_ATTRS);
	for (unsigned i = 0; i < m->cp.n; i++)
		view(m->cp.a[i].val, m->cp.a[i].len);
	span(m->eap.pkt);
	span(m->eap.data);
	span(m->sk.body);
	CHECK(m->nnotify <= IKEV2_MAX_NOTIFY && m->ncert <= IKEV2_MAX_CERT &&
	      m->ncertreq <= IKEV2_MAX_CERT && m->nvid <= IKEV2_MAX_VID && m->ndel <= IKEV2_MAX_DELETE);
	for (unsigned i = 0; i < m->nnotify; i++) {
		span(m->notify[i].spi);
		span(m->notify[i].data);
	}
	for (unsigned i = 0; i < m->ncert; i++)
		span(m->cert[i].data);
	for (unsigned i = 0; i < m->ncertreq; i++)
		span(m->certreq[i].data);
	for (unsigned i = 0; i < m->nvid; i++)
		span(m->vid[i]);
	for (unsigned i = 0; i < m->ndel; i++) {
		span(m->del[i].spis);
		CHECK(m->del[i].spis.len == (size_t)m->del[i].nspi * m->del[i].spi_len);
	}
	if (ikev2_msg_has(m, IKEV2_PL_SK) || ikev2_msg_has(m, IKEV2_PL_SKF))
		CHECK(m->sk.aad_len <= m->raw.len && m->sk.body.p == m->raw.p + m->sk.aad_len &&
		      m->sk.aad_len + m->sk.body.len == m->raw.len);
}

static bool truncated(const struct ikev2_msg *m)
{
	return m->sa.truncated || m->tsi.truncated || m->tsr.truncated || m->cp.truncated;
}

/* Transform attributes other than Key Length are not rebuilt. */
static bool lossy(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->sa.nxf; i++)
		if (m->sa.xf[i].unknown_attr)
			return true;
	return false;
}

/* Same shape: what the exchanges look at, counted. */
static void same_shape(const struct ikev2_msg *a, const struct ikev2_msg *b, bool inner_only)
{
	unsigned na = 0, nb = 0;
	for (unsigned i = 0; i < a->npl; i++)
		na += !inner_only || a->pl[i].inner;
	for (unsigned i = 0; i < b->npl; i++)
		nb += !inner_only || b->pl[i].inner;
	CHECK(na == nb);
	CHECK(a->sa.nprop == b->sa.nprop && a->sa.nxf == b->sa.nxf);
	CHECK(a->tsi.n == b->tsi.n && a->tsr.n == b->tsr.n && a->cp.n == b->cp.n);
	CHECK(a->ke.data.len == b->ke.data.len && a->nonce.len == b->nonce.len);
	CHECK(a->eap.pkt.len == b->eap.pkt.len && a->auth.data.len == b->auth.data.len);
	if (!inner_only) {
		CHECK(a->seen == b->seen && a->nnotify == b->nnotify && a->nvid == b->nvid);
		CHECK(a->sk.body.len == b->sk.body.len && a->sk.next == b->sk.next);
	}
}

static struct ikev2_msg m, m2;
static uint8_t out[70000], out2[70000];

/* Rebuild the inner chain of m (len octets) and parse it again. */
static void rebuild_inner(size_t len)
{
	size_t olen;
	uint8_t f;
	if (truncated(&m) || reencode_inner(&m, out2, sizeof(out2), &olen, &f))
		return;
	memset(&m2, 0, sizeof(m2));
	struct ikev2_perr e2 = ikev2_msg_parse_inner(&m2, f, out2, olen);
	CHECK(e2.notify == 0);
	same_shape(&m, &m2, true);
	CHECK(olen == len || lossy(&m));
}

static void outer(const uint8_t *p, size_t len)
{
	lo = p, hi = p + len;
	lo2 = hi2 = NULL;
	struct ikev2_perr e = ikev2_msg_parse(&m, p, len);
	if (e.notify) {
		CHECK(e.why && e.off <= len);
		return;
	}
	touch(&m);

	size_t olen;
	if (!truncated(&m) && reencode_outer(&m, out, sizeof(out), &olen) == 0) {
		CHECK(olen == len || lossy(&m));
		struct ikev2_perr e2 = ikev2_msg_parse(&m2, out, olen);
		CHECK(e2.notify == 0);
		same_shape(&m, &m2, false);
	}

	/* the SK body as a plaintext inner chain */
	if (!ikev2_msg_has(&m, IKEV2_PL_SK) && !ikev2_msg_has(&m, IKEV2_PL_SKF))
		return;
	struct ikev2_span iv, ct, icv;
	size_t ilen;
	if (ikev2_sk_split(&m.sk, 0, 0, 1, &iv, &ct, &icv) || ikev2_sk_unpad(ct.p, ct.len, &ilen))
		return;
	lo2 = ct.p, hi2 = ct.p + ilen;
	e = ikev2_msg_parse_inner(&m, m.sk.next, ct.p, ilen);
	if (e.notify) {
		CHECK(e.why && e.off <= ilen);
		return;
	}
	touch(&m);
	rebuild_inner(ilen);
}

static void inner(uint8_t first, const uint8_t *p, size_t len)
{
	lo = p, hi = p + len;
	lo2 = hi2 = NULL;
	memset(&m, 0, sizeof(m));
	struct ikev2_perr e = ikev2_msg_parse_inner(&m, first, p, len);
	if (e.notify) {
		CHECK(e.why && e.off <= len);
		return;
	}
	touch(&m);
	rebuild_inner(len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		if (size < 2)
			return 0;
		inner(data[1], data + 2, size - 2);
	} else {
		outer(data + 1, size - 1);
	}
	return 0;
}
