/*
 * ikev2/ike_vendor: the Cisco vendor IDs recognised by their full body
 * (a prefix or a longer body is not a match), and the answer: the
 * headend's three VIDs to an AnyConnect client, none to other peers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ikev2/ike_vendor.h"
#include "ikev2/msg.h"

static struct ikev2_msg m;

/* An IKE_SA_INIT-shaped message with the given VID bodies, parsed back. */
static void parse_with(const char *const *vids, const size_t *lens, unsigned n, uint8_t seen_by_writer)
{
	static uint8_t buf[2048];
	struct ikev2_hdr h = { .spi_i = 1, .version = IKEV2_VERSION, .exchange = IKEV2_EXCH_IKE_SA_INIT,
			       .flags = IKEV2_FLAG_R };
	struct ikev2_writer w;
	ikev2_w_init(&w, buf, sizeof buf, &h);
	uint8_t nonce[16] = { 0 };
	ikev2_w_nonce(&w, nonce, sizeof nonce);
	for (unsigned i = 0; i < n; i++)
		ikev2_w_vendor(&w, vids[i], lens[i]);
	ike_vendor_write(&w, seen_by_writer);
	size_t len;
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(ikev2_msg_parse(&m, buf, len).notify, 0);
}

static void recognised(void **st)
{
	(void)st;
	const char *v[] = { "CISCO-ANYCONNECT-EAP", "CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc.",
			    "CISCO-ANYCONNECT-EAP-X", "CISCO-GRE-MOD" };
	size_t l[] = { 20, 55, 22, 13 };
	parse_with(v, l, 4, 0);
	assert_int_equal(m.nvid, 4);
	assert_int_equal(ike_vendor_seen(&m), IKE_VID_ANYCONNECT_EAP | IKE_VID_CISCO_COPYRIGHT);
	parse_with(v + 2, l + 2, 2, 0); /* near misses only */
	assert_int_equal(ike_vendor_seen(&m), 0);
	size_t fl = 0;
	const uint8_t *f = ike_vendor_body(IKE_VID_FRAGMENTATION, &fl);
	assert_int_equal(fl, 16);
	assert_int_equal(f[0], 0x40);
	assert_int_equal(f[15], 0xd3);
	assert_null(ike_vendor_body(0x80, &fl));
}

static void answer(void **st)
{
	(void)st;
	parse_with(NULL, NULL, 0, IKE_VID_ANYCONNECT_EAP | IKE_VID_CISCO_COPYRIGHT);
	assert_int_equal(m.nvid, 3);
	assert_int_equal(m.vid[1].len, 14);
	assert_memory_equal(m.vid[1].p, "CISCO-GRE-MODE", 14);
	assert_int_equal(ike_vendor_seen(&m), IKE_VID_CISCO_COPYRIGHT | IKE_VID_GRE_MODE | IKE_VID_ANYCONNECT_EAP);
	parse_with(NULL, NULL, 0, IKE_VID_CISCO_COPYRIGHT | IKE_VID_FLEXVPN); /* an IOS peer, not AnyConnect */
	assert_int_equal(m.nvid, 0);
	parse_with(NULL, NULL, 0, 0);
	assert_int_equal(m.nvid, 0);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(recognised),
		cmocka_unit_test(answer),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
