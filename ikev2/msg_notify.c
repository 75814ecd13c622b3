/*
 * Notify payload (RFC 7296 §3.10): Protocol ID | SPI Size | Type | SPI |
 * data.  Types whose data the engine reads get their size checked here,
 * so the exchanges can read them without further checks.  Flag-like
 * status notifies with stray data are accepted (their data is ignored).
 */
#include "ikev2/msg_priv.h"

/* GW Identity Type (1) | GW Identity Length (1) | GW Identity | [Nonce] (RFC 5685 §8) */
static bool redirect_ok(const struct ikev2_span *d, bool exact)
{
	if (d->len < 2 || d->p[1] == 0 || (size_t)2 + d->p[1] > d->len)
		return false;
	return !exact || (size_t)2 + d->p[1] == d->len;
}

static bool data_ok(const struct ikev2_notify *n)
{
	size_t len = n->data.len;
	switch (n->type) {
	case IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD: return len == 1;
	case IKEV2_N_INVALID_KE_PAYLOAD: return len == 2;
	case IKEV2_N_NAT_DETECTION_SOURCE_IP:
	case IKEV2_N_NAT_DETECTION_DESTINATION_IP: return len == 20;  /* SHA-1 */
	case IKEV2_N_COOKIE: return len >= 1 && len <= 64;            /* §2.6 */
	case IKEV2_N_SET_WINDOW_SIZE: return len == 4;
	case IKEV2_N_IPCOMP_SUPPORTED: return len >= 3;               /* CPI | Transform ID */
	case IKEV2_N_SIGNATURE_HASH_ALGORITHMS: return len >= 2 && len % 2 == 0;
	case IKEV2_N_REKEY_SA: return n->spi.len == 4;
	case IKEV2_N_REDIRECT: return redirect_ok(&n->data, false);
	case IKEV2_N_REDIRECTED_FROM: return redirect_ok(&n->data, true);
	}
	return true;
}

int ikm_notify(struct ikev2_notify *n, const uint8_t *b, size_t len, size_t off,
	       struct ikev2_perr *e)
{
	if (len < 4)
		return IKM_SYNTAX(e, off, "Notify payload truncated");
	uint8_t spi_len = b[1];
	n->proto = b[0];
	n->type = ikm_get16(b + 2);
	if (spi_len != 0 && spi_len != 4 && spi_len != 8)
		return IKM_SYNTAX(e, off + 1, "Notify SPI size not 0, 4 or 8");
	if ((size_t)4 + spi_len > len)
		return IKM_SYNTAX(e, off + 1, "Notify SPI overruns the payload");
	/* an SPI needs a protocol it belongs to; without one the field is ignored */
	if ((spi_len == 4 && n->proto != IKEV2_PROTO_AH && n->proto != IKEV2_PROTO_ESP) ||
	    (spi_len == 8 && n->proto != IKEV2_PROTO_IKE))
		return IKM_SYNTAX(e, off, "Notify SPI size does not match its protocol");
	n->spi = ikm_span(b + 4, spi_len);
	n->data = ikm_span(b + 4 + spi_len, len - 4 - spi_len);
	if (!data_ok(n))
		return IKM_SYNTAX(e, off + 4 + spi_len, "Notify data size wrong for its type");
	return 0;
}
