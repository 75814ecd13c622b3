/*
 * SA payload (RFC 7296 §3.3): proposals, each with transforms, each with
 * attributes.  Every level's length must sit inside its parent's; counts
 * and "last" markers must agree with what is actually there.
 */
#include "ikev2/msg_priv.h"

#define PROP_HDR_LEN 8
#define XF_HDR_LEN   8
#define LAST_PROPOSAL  0
#define MORE_PROPOSALS 2
#define LAST_XF        0
#define MORE_XF        3

/* Transform attributes (§3.3.5): TV (AF bit, 2-octet value) or TLV. */
static int attributes(struct ikev2_transform *xf, const uint8_t *b, size_t len, size_t off,
		      struct ikev2_perr *e)
{
	size_t o = 0;
	unsigned n = 0;

	while (o < len) {
		if (++n > IKEV2_MAX_XF_ATTRS)
			return IKM_SYNTAX(e, off + o, "too many transform attributes");
		if (len - o < 4)
			return IKM_SYNTAX(e, off + o, "transform attribute truncated");
		uint16_t at = ikm_get16(b + o);
		bool tv = at & 0x8000;
		uint16_t type = at & 0x7fff;
		size_t alen = tv ? 4 : 4 + (size_t)ikm_get16(b + o + 2);
		if (alen > len - o)
			return IKM_SYNTAX(e, off + o + 2, "transform attribute overruns");
		if (type == IKEV2_ATTR_KEY_LENGTH) {
			if (!tv)
				return IKM_SYNTAX(e, off + o, "Key Length attribute not in TV form");
			if (xf->keylen)
				return IKM_SYNTAX(e, off + o, "duplicate Key Length attribute");
			xf->keylen = ikm_get16(b + o + 2);
			if (!xf->keylen)
				xf->unknown_attr = true;  /* no usable key length */
		} else {
			xf->unknown_attr = true;
		}
		o += alen;
	}
	return 0;
}

/* The transforms of one proposal; stored into out[] when out != NULL. */
static int transforms(struct ikev2_transform *out, unsigned want, const uint8_t *b, size_t len,
		      size_t off, struct ikev2_perr *e)
{
	size_t o = 0;
	unsigned n = 0;

	while (o < len) {
		if (n == want)
			return IKM_SYNTAX(e, off + o, "more transforms than announced");
		if (len - o < XF_HDR_LEN)
			return IKM_SYNTAX(e, off + o, "transform truncated");
		const uint8_t *t = b + o;
		size_t tlen = ikm_get16(t + 2);
		if (t[0] != LAST_XF && t[0] != MORE_XF)
			return IKM_SYNTAX(e, off + o, "bad transform Last Substruc");
		if (tlen < XF_HDR_LEN || tlen > len - o)
			return IKM_SYNTAX(e, off + o + 2, "bad transform length");
		if ((t[0] == LAST_XF) != (o + tlen == len))
			return IKM_SYNTAX(e, off + o, "Last Substruc disagrees with the transforms");
		struct ikev2_transform xf = { .type = t[4], .id = ikm_get16(t + 6) };
		if (attributes(&xf, t + XF_HDR_LEN, tlen - XF_HDR_LEN, off + o + XF_HDR_LEN, e))
			return -1;
		if (out)
			out[n] = xf;
		n++;
		o += tlen;
	}
	if (n != want)
		return IKM_SYNTAX(e, off, "fewer transforms than announced");
	return 0;
}

static int spi_size_ok(uint8_t proto, uint8_t spi_len)
{
	switch (proto) {
	case IKEV2_PROTO_IKE: return spi_len == 0 || spi_len == 8;  /* 8: rekey */
	case IKEV2_PROTO_AH:
	case IKEV2_PROTO_ESP: return spi_len == 4;
	}
	return 0;
}

int ikm_sa(struct ikev2_sa *sa, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	size_t o = 0;
	unsigned count = 0;
	uint8_t prev = 0;

	sa->nprop = sa->nxf = 0;
	sa->truncated = false;
	if (len == 0)
		return IKM_SYNTAX(e, off, "SA payload without proposals");
	while (o < len) {
		if (len - o < PROP_HDR_LEN)
			return IKM_SYNTAX(e, off + o, "proposal truncated");
		const uint8_t *q = b + o;
		size_t plen = ikm_get16(q + 2);
		uint8_t num = q[4], proto = q[5], spi_len = q[6], nxf = q[7];
		if (q[0] != LAST_PROPOSAL && q[0] != MORE_PROPOSALS)
			return IKM_SYNTAX(e, off + o, "bad proposal Last Substruc");
		if (plen < PROP_HDR_LEN || plen > len - o)
			return IKM_SYNTAX(e, off + o + 2, "bad proposal length");
		if ((q[0] == LAST_PROPOSAL) != (o + plen == len))
			return IKM_SYNTAX(e, off + o, "Last Substruc disagrees with the proposals");
		/* §3.3.1: the first is 1, each one more than the previous (a
		 * response carries the single chosen number) */
		if (num == 0 || (count && num != prev + 1))
			return IKM_SYNTAX(e, off + o + 4, "proposal number out of sequence");
		if (!spi_size_ok(proto, spi_len))
			return IKM_SYNTAX(e, off + o + 5, "bad protocol or SPI size");
		if (PROP_HDR_LEN + (size_t)spi_len > plen)
			return IKM_SYNTAX(e, off + o + 6, "SPI overruns the proposal");
		if (nxf == 0)
			return IKM_SYNTAX(e, off + o + 7, "proposal without transforms");

		bool store = sa->nprop < IKEV2_MAX_PROPOSALS && nxf <= IKEV2_MAX_XF_PER_PROP &&
			     sa->nxf + nxf <= IKEV2_MAX_TRANSFORMS;
		size_t xo = PROP_HDR_LEN + spi_len;
		if (transforms(store ? &sa->xf[sa->nxf] : NULL, nxf, q + xo, plen - xo, off + o + xo, e))
			return -1;
		if (store) {
			struct ikev2_proposal *p = &sa->prop[sa->nprop++];
			*p = (struct ikev2_proposal){ .num = num, .proto = proto, .spi_len = spi_len,
						      .xf_first = (uint16_t)sa->nxf, .nxf = nxf };
			memcpy(p->spi, q + PROP_HDR_LEN, spi_len);
			sa->nxf += nxf;
		} else {
			sa->truncated = true;
		}
		prev = num;
		count++;
		o += plen;
	}
	return 0;
}

void ikev2_w_sa(struct ikev2_writer *w, const struct ikev2_sa *sa)
{
	size_t start = ikm_w_begin(w, IKEV2_PL_SA, false);
	if (start == SIZE_MAX)
		return;
	if (sa->nprop == 0 || sa->nprop > IKEV2_MAX_PROPOSALS) {
		w->failed = true;
		return;
	}
	for (unsigned i = 0; i < sa->nprop; i++) {
		const struct ikev2_proposal *p = &sa->prop[i];
		if (p->nxf == 0 || p->nxf > 255 || p->spi_len > 8 ||
		    (size_t)p->xf_first + p->nxf > sa->nxf || sa->nxf > IKEV2_MAX_TRANSFORMS) {
			w->failed = true;
			return;
		}
		const struct ikev2_transform *xf = &sa->xf[p->xf_first];
		size_t plen = PROP_HDR_LEN + p->spi_len;
		for (unsigned j = 0; j < p->nxf; j++)
			plen += XF_HDR_LEN + (xf[j].keylen ? 4u : 0u);
		if (plen > 0xffff) {
			w->failed = true;
			return;
		}
		ikm_w_u8(w, i + 1 < sa->nprop ? MORE_PROPOSALS : LAST_PROPOSAL);
		ikm_w_u8(w, 0);
		ikm_w_u16(w, (uint16_t)plen);
		ikm_w_u8(w, p->num);
		ikm_w_u8(w, p->proto);
		ikm_w_u8(w, p->spi_len);
		ikm_w_u8(w, (uint8_t)p->nxf);
		ikm_w_put(w, p->spi, p->spi_len);
		for (unsigned j = 0; j < p->nxf; j++) {
			ikm_w_u8(w, j + 1 < p->nxf ? MORE_XF : LAST_XF);
			ikm_w_u8(w, 0);
			ikm_w_u16(w, XF_HDR_LEN + (xf[j].keylen ? 4 : 0));
			ikm_w_u8(w, xf[j].type);
			ikm_w_u8(w, 0);
			ikm_w_u16(w, xf[j].id);
			if (xf[j].keylen) {
				ikm_w_u16(w, 0x8000 | IKEV2_ATTR_KEY_LENGTH);
				ikm_w_u16(w, xf[j].keylen);
			}
		}
	}
	ikm_w_end(w, start);
}
