/*
 * libFuzzer: a hostile datagram through every RADIUS reply path the client
 * runs (structure check, verify, attribute walk, EAP-Message concat, Cisco
 * AVPair walk). Must never read out of bounds or crash.
 */
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#include "aaa/radius_pkt.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const uint8_t auth[16] = { 1 };
	static uint8_t out[RADIUS_MAX_LEN];
	struct radius_attr_iter it;
	const uint8_t *v;
	size_t vl;
	uint8_t t;
	char s[256];
	int len;

	radius_reply_verify(d, n, auth, (const uint8_t *)"s", 1, true);
	radius_request_verify(d, n, (const uint8_t *)"s", 1);
	len = radius_pkt_check(d, n);
	if (len < 0)
		return 0;
	radius_attr_iter_init(&it, d, (size_t)len);
	while (radius_attr_next(&it, &t, &v, &vl))
		if (t == RADIUS_A_USER_PASSWORD)
			radius_password_unhide(out, v, vl, (const uint8_t *)"s", 1, auth);
	radius_attr_concat(d, (size_t)len, RADIUS_A_EAP_MESSAGE, out, sizeof(out));
	radius_attr_iter_init(&it, d, (size_t)len);
	while (radius_cisco_avpair_next(&it, s, sizeof(s)))
		;
	return 0;
}
