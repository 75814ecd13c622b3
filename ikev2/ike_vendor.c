/* Cisco Vendor IDs (anyconnect-eap.md §2): plain ASCII, no NUL, except the
 * fragmentation one (16 octets). */
#include <string.h>

#include "ike_vendor.h"

static const struct {
	uint8_t bit;
	const char *body;
	size_t len;
} vids[] = {
	{ IKE_VID_CISCO_COPYRIGHT, "CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc.", 55 },
	{ IKE_VID_ANYCONNECT_EAP, "CISCO-ANYCONNECT-EAP", 20 },
	{ IKE_VID_GRE_MODE, "CISCO-GRE-MODE", 14 },
	{ IKE_VID_FRAGMENTATION, "\x40\x48\xb7\xd5\x6e\xbc\xe8\x85\x25\xe7\xde\x7f\x00\xd6\xc2\xd3", 16 },
	{ IKE_VID_FLEXVPN, "FLEXVPN-SUPPORTED", 17 },
};

const uint8_t *ike_vendor_body(uint8_t vid, size_t *len)
{
	for (size_t i = 0; i < sizeof vids / sizeof vids[0]; i++)
		if (vids[i].bit == vid) {
			*len = vids[i].len;
			return (const uint8_t *)vids[i].body;
		}
	return NULL;
}

uint8_t ike_vendor_seen(const struct ikev2_msg *m)
{
	uint8_t seen = 0;
	for (unsigned i = 0; i < m->nvid; i++)
		for (size_t k = 0; k < sizeof vids / sizeof vids[0]; k++)
			if (m->vid[i].len == vids[k].len && memcmp(m->vid[i].p, vids[k].body, vids[k].len) == 0)
				seen |= vids[k].bit;
	return seen;
}

void ike_vendor_write(struct ikev2_writer *w, uint8_t seen)
{
	if (!(seen & IKE_VID_ANYCONNECT_EAP))
		return;
	/* the order of seed 001's flow; no FRAGMENTATION: we do not speak
	 * Cisco's proprietary fragments (RFC 7383 is offered instead) */
	static const uint8_t ours[] = { IKE_VID_CISCO_COPYRIGHT, IKE_VID_GRE_MODE, IKE_VID_ANYCONNECT_EAP };
	for (size_t i = 0; i < sizeof ours; i++) {
		size_t len = 0;
		const uint8_t *b = ike_vendor_body(ours[i], &len);
		if (b)
			ikev2_w_vendor(w, b, len);
	}
}
