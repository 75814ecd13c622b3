/*
 * Validators for the fixed-layout payloads: KE (§3.4), ID (§3.5), CERT
 * (§3.6), CERTREQ (§3.7), AUTH (§3.8), Nonce (§3.9), Delete (§3.11) and
 * EAP (§3.16, RFC 3748).
 */
#include "ikev2/msg_priv.h"

size_t ikev2_ke_len(uint16_t group)
{
	switch (group) {
	case 1: return 96;            /* MODP 768 */
	case 2: return 128;           /* MODP 1024 */
	case 5: return 192;           /* MODP 1536 */
	case 14: return 256;          /* MODP 2048 */
	case 15: return 384;          /* MODP 3072 */
	case 16: return 512;          /* MODP 4096 */
	case 17: return 768;          /* MODP 6144 */
	case 18: return 1024;         /* MODP 8192 */
	case 19: return 64;           /* ECP 256: x | y (RFC 5903) */
	case 20: return 96;           /* ECP 384 */
	case 21: return 132;          /* ECP 521 */
	case 22: return 128;          /* MODP 1024/160 (RFC 5114) */
	case 23: case 24: return 256; /* MODP 2048/224, 2048/256 */
	case 25: return 48;           /* ECP 192 */
	case 26: case 27: return 56;  /* ECP 224, brainpoolP224r1 (RFC 6954) */
	case 28: return 64;           /* brainpoolP256r1 */
	case 29: return 96;           /* brainpoolP384r1 */
	case 30: return 128;          /* brainpoolP512r1 */
	case 31: return 32;           /* Curve25519 (RFC 8031) */
	case 32: return 56;           /* Curve448 */
	}
	return 0;
}

int ikm_ke(struct ikev2_ke *ke, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	if (len < 4)
		return IKM_SYNTAX(e, off, "KE payload truncated");
	ke->group = ikm_get16(b);
	ke->data = ikm_span(b + 4, len - 4);
	if (!ke->data.len)
		return IKM_SYNTAX(e, off + 4, "KE payload without data");
	size_t want = ikev2_ke_len(ke->group);
	if (want && want != ke->data.len)
		return IKM_SYNTAX(e, off + 4, "KE data size does not match the group");
	return 0;
}

int ikm_id(struct ikev2_id *id, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	if (len < 4)
		return IKM_SYNTAX(e, off, "ID payload truncated");
	id->type = b[0];
	id->body = ikm_span(b, len);
	id->data = ikm_span(b + 4, len - 4);
	size_t n = id->data.len;
	bool ok;
	switch (id->type) {
	case IKEV2_ID_IPV4_ADDR: ok = n == 4; break;
	case IKEV2_ID_IPV6_ADDR: ok = n == 16; break;
	case IKEV2_ID_NULL: ok = n == 0; break;  /* RFC 7619 */
	case IKEV2_ID_FQDN:
	case IKEV2_ID_RFC822_ADDR:
	case IKEV2_ID_DER_ASN1_DN:
	case IKEV2_ID_DER_ASN1_GN:
	case IKEV2_ID_KEY_ID: ok = n > 0; break;
	default: ok = true;  /* unknown type: authentication will refuse it */
	}
	if (!ok)
		return IKM_SYNTAX(e, off + 4, "ID data size does not match its type");
	return 0;
}

int ikm_cert(struct ikev2_cert *c, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	if (len < 2)
		return IKM_SYNTAX(e, off, "CERT payload without data");
	c->encoding = b[0];
	c->data = ikm_span(b + 1, len - 1);
	return 0;
}

/* An empty CA list is allowed: some peers send one to ask for any cert. */
int ikm_certreq(struct ikev2_cert *c, const uint8_t *b, size_t len, size_t off,
		struct ikev2_perr *e)
{
	if (len < 1)
		return IKM_SYNTAX(e, off, "CERTREQ payload truncated");
	c->encoding = b[0];
	c->data = ikm_span(b + 1, len - 1);
	return 0;
}

int ikm_auth(struct ikev2_auth *a, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	if (len < 5)
		return IKM_SYNTAX(e, off, "AUTH payload without data");
	a->method = b[0];
	a->data = ikm_span(b + 4, len - 4);
	a->sig = a->data;
	a->sig_alg = ikm_span(NULL, 0);
	if (a->method == IKEV2_AUTH_DIGITAL_SIG) {
		/* RFC 7427 §3: ASN.1 length (1) | AlgorithmIdentifier | signature */
		size_t alen = b[4];
		if (alen == 0 || 1 + alen >= len - 4)
			return IKM_SYNTAX(e, off + 4, "bad RFC 7427 AlgorithmIdentifier length");
		a->sig_alg = ikm_span(b + 5, alen);
		a->sig = ikm_span(b + 5 + alen, len - 5 - alen);
	}
	return 0;
}

int ikm_nonce(struct ikev2_span *n, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	if (len < 16 || len > 256)  /* §3.9 */
		return IKM_SYNTAX(e, off, "nonce size outside 16..256");
	*n = ikm_span(b, len);
	return 0;
}

int ikm_delete(struct ikev2_delete *d, const uint8_t *b, size_t len, size_t off,
	       struct ikev2_perr *e)
{
	if (len < 4)
		return IKM_SYNTAX(e, off, "Delete payload truncated");
	d->proto = b[0];
	d->spi_len = b[1];
	d->nspi = ikm_get16(b + 2);
	d->spis = ikm_span(b + 4, len - 4);
	switch (d->proto) {
	case IKEV2_PROTO_IKE:  /* the IKE SA itself: no SPIs (§3.11) */
		if (d->spi_len != 0 || d->nspi != 0 || len != 4)
			return IKM_SYNTAX(e, off + 1, "IKE SA Delete carries SPIs");
		return 0;
	case IKEV2_PROTO_AH:
	case IKEV2_PROTO_ESP:
		if (d->spi_len != 4)
			return IKM_SYNTAX(e, off + 1, "Delete SPI size is not 4");
		if ((size_t)d->nspi * 4 != len - 4)
			return IKM_SYNTAX(e, off + 2, "Delete SPI count does not match its length");
		return 0;
	}
	return IKM_SYNTAX(e, off, "Delete for an unknown protocol");
}

int ikm_eap(struct ikev2_eap *eap, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	if (len < 4)
		return IKM_SYNTAX(e, off, "EAP payload truncated");
	eap->code = b[0];
	eap->id = b[1];
	eap->type = 0;
	eap->pkt = ikm_span(b, len);
	eap->data = ikm_span(NULL, 0);
	/* the payload holds exactly one EAP packet */
	if (ikm_get16(b + 2) != len)
		return IKM_SYNTAX(e, off + 2, "EAP length differs from the payload");
	switch (eap->code) {
	case IKEV2_EAP_REQUEST:
	case IKEV2_EAP_RESPONSE:
		if (len < 5 || b[4] == 0)
			return IKM_SYNTAX(e, off + 4, "EAP Request/Response without a type");
		if (b[4] == 254 && len < 12)  /* Expanded: Vendor-Id (3) | Vendor-Type (4) */
			return IKM_SYNTAX(e, off + 4, "EAP expanded type truncated");
		eap->type = b[4];
		eap->data = ikm_span(b + 5, len - 5);
		return 0;
	case IKEV2_EAP_SUCCESS:
	case IKEV2_EAP_FAILURE:
		if (len != 4)
			return IKM_SYNTAX(e, off, "EAP Success/Failure longer than 4");
		return 0;
	}
	return IKM_SYNTAX(e, off, "unknown EAP code");
}
