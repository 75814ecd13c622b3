/*
 * Configuration payload (RFC 7296 §3.15): CFG Type | RESERVED (3) |
 * attributes, each R bit + Type (15) | Length | Value.  Standard
 * attributes get their sizes checked (empty = "please assign" in a
 * request); private ones (Cisco Unity 28672.., others) pass through raw.
 */
#include "ikev2/msg_priv.h"

static bool attr_len_ok(uint16_t type, size_t len)
{
	switch (type) {
	case IKEV2_CFG_INTERNAL_IP4_ADDRESS:
	case IKEV2_CFG_INTERNAL_IP4_NETMASK:
	case IKEV2_CFG_INTERNAL_IP4_DNS:
	case IKEV2_CFG_INTERNAL_IP4_NBNS:
	case IKEV2_CFG_INTERNAL_ADDRESS_EXPIRY:
	case IKEV2_CFG_INTERNAL_IP4_DHCP: return len == 0 || len == 4;
	case IKEV2_CFG_INTERNAL_IP4_SUBNET: return len == 0 || len == 8;    /* address | mask */
	case IKEV2_CFG_INTERNAL_IP6_ADDRESS:
	case IKEV2_CFG_INTERNAL_IP6_SUBNET: return len == 0 || len == 17;   /* address | prefix */
	case IKEV2_CFG_INTERNAL_IP6_DNS:
	case IKEV2_CFG_INTERNAL_IP6_DHCP: return len == 0 || len == 16;
	case IKEV2_CFG_SUPPORTED_ATTRIBUTES: return len % 2 == 0;           /* list of types */
	}
	return true;
}

int ikm_cp(struct ikev2_cp *cp, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e)
{
	cp->n = 0;
	cp->truncated = false;
	if (len < 4)
		return IKM_SYNTAX(e, off, "CP payload truncated");
	cp->type = b[0];
	if (cp->type < IKEV2_CFG_REQUEST || cp->type > IKEV2_CFG_ACK)
		return IKM_SYNTAX(e, off, "unknown CFG type");
	size_t o = 4;
	while (o < len) {
		if (len - o < 4)
			return IKM_SYNTAX(e, off + o, "CP attribute truncated");
		uint16_t type = ikm_get16(b + o) & 0x7fff;  /* R bit: ignored on receipt */
		uint16_t alen = ikm_get16(b + o + 2);
		if (alen > len - o - 4)
			return IKM_SYNTAX(e, off + o + 2, "CP attribute overruns the payload");
		if (!attr_len_ok(type, alen))
			return IKM_SYNTAX(e, off + o + 2, "CP attribute size wrong for its type");
		if (cp->n == IKEV2_MAX_CP_ATTRS)
			cp->truncated = true;
		else
			cp->a[cp->n++] = (struct ikev2_cp_attr){ type, alen, alen ? b + o + 4 : NULL };
		o += 4 + (size_t)alen;
	}
	return 0;
}

void ikev2_w_cp(struct ikev2_writer *w, uint8_t cfg_type, const struct ikev2_cp_attr *a, unsigned n)
{
	if (cfg_type < IKEV2_CFG_REQUEST || cfg_type > IKEV2_CFG_ACK || (n && !a)) {
		w->failed = true;
		return;
	}
	size_t start = ikm_w_begin(w, IKEV2_PL_CP, false);
	if (start == SIZE_MAX)
		return;
	ikm_w_u8(w, cfg_type);
	ikm_w_put(w, NULL, 3);
	for (unsigned i = 0; i < n; i++) {
		if (a[i].type > 0x7fff || (a[i].len && !a[i].val) || !attr_len_ok(a[i].type, a[i].len)) {
			w->failed = true;
			return;
		}
		ikm_w_u16(w, a[i].type);
		ikm_w_u16(w, a[i].len);
		ikm_w_put(w, a[i].val, a[i].len);
	}
	ikm_w_end(w, start);
}
