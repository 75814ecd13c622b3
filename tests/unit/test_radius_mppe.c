/*
 * aaa/radius_mppe: MS-MPPE key encryption (RFC 2548 §2.4.2) against a
 * vector computed independently (Python hashlib, the RFC's formula), the
 * round trip, every malformed value, and the MSK from an Access-Accept's
 * Recv-Key || Send-Key (missing or broken keys: no MSK).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "aaa/radius_mppe.h"
#include "aaa/radius_pkt.h"

static const uint8_t S[] = "testing123";
#define SL (sizeof(S) - 1)
static const uint8_t R[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

/* key 0x20..0x3f, salt 0x8123: Salt | c(1) c(2) c(3) (Key-Length 32 + 32
 * octets + 15 zero octets = 48) */
static const uint8_t vec[50] = {
	0x81, 0x23, 0x52, 0x06, 0xc9, 0xea, 0xff, 0x7f, 0x73, 0xa9, 0xac, 0xf8, 0x34, 0x51, 0xc5, 0x96, 0xa2,
	0xad, 0x3c, 0x6c, 0x79, 0xf8, 0x76, 0xa7, 0x81, 0x5d, 0x26, 0xda, 0xdb, 0x11, 0x9d, 0x7f, 0x38, 0xcd,
	0xdb, 0x33, 0xdd, 0xb6, 0xbf, 0x1b, 0x4d, 0x21, 0x60, 0x23, 0x7f, 0x12, 0x37, 0xfa, 0xd8, 0xa8,
};

static void key32(uint8_t k[32], uint8_t first)
{
	for (int i = 0; i < 32; i++)
		k[i] = (uint8_t)(first + i);
}

static void known_vector(void **st)
{
	(void)st;
	uint8_t k[32], out[64], back[64];
	key32(k, 0x20);
	assert_int_equal(radius_mppe_encrypt(k, 32, 0x0123, S, SL, R, out, sizeof out), 50);
	assert_memory_equal(out, vec, 50); /* salt's high bit set by the encryption */
	assert_int_equal(radius_mppe_decrypt(vec, sizeof vec, S, SL, R, back, sizeof back), 32);
	assert_memory_equal(back, k, 32);
	/* another secret or authenticator: a different key (or an impossible length) */
	int n = radius_mppe_decrypt(vec, sizeof vec, (const uint8_t *)"other", 5, R, back, sizeof back);
	assert_true(n != 32 || memcmp(back, k, 32) != 0);
}

static void round_trip_lengths(void **st)
{
	(void)st;
	uint8_t k[64], out[300], back[300];
	for (size_t len = 0; len <= 64; len += 15) {
		for (size_t i = 0; i < len; i++)
			k[i] = (uint8_t)(i * 7 + 1);
		int n = radius_mppe_encrypt(k, len, 0x8001, S, SL, R, out, sizeof out);
		assert_int_equal(n, 2 + (int)((len + 1 + 15) / 16 * 16));
		assert_int_equal(radius_mppe_decrypt(out, (size_t)n, S, SL, R, back, sizeof back), (int)len);
		assert_memory_equal(back, k, len);
	}
}

static void malformed(void **st)
{
	(void)st;
	uint8_t v[50], back[64];
	memcpy(v, vec, sizeof v);
	v[0] &= 0x7f; /* salt without its high bit */
	assert_int_equal(radius_mppe_decrypt(v, sizeof v, S, SL, R, back, sizeof back), -1);
	assert_int_equal(radius_mppe_decrypt(vec, 49, S, SL, R, back, sizeof back), -1);  /* not 16k */
	assert_int_equal(radius_mppe_decrypt(vec, 2, S, SL, R, back, sizeof back), -1);   /* no String */
	assert_int_equal(radius_mppe_decrypt(vec, 18, S, SL, R, back, sizeof back), -1);  /* Key-Length 32 > 15 */
	assert_int_equal(radius_mppe_decrypt(vec, sizeof vec, S, SL, R, back, 31), -1);   /* beyond cap */
	assert_int_equal(radius_mppe_decrypt(NULL, 0, S, SL, R, back, sizeof back), -1);
	uint8_t out[8];
	assert_int_equal(radius_mppe_encrypt(back, 32, 1, S, SL, R, out, sizeof out), -1);
}

/* an Access-Accept-like packet with the keys as Microsoft VSAs */
static size_t accept_pkt(struct radius_pkt *p, bool recv, bool send, bool broken)
{
	uint8_t k[32], v[64];
	radius_pkt_init(p, RADIUS_ACCESS_ACCEPT, 7, R);
	radius_pkt_add_str(p, RADIUS_A_USER_NAME, "alice");
	if (recv) {
		key32(k, 0x40);
		int n = radius_mppe_encrypt(k, 32, 0x8002, S, SL, R, v, sizeof v);
		if (broken)
			v[0] = 0;
		assert_int_equal(radius_pkt_add_vsa(p, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_MPPE_RECV_KEY, v, (size_t)n), 0);
	}
	if (send) {
		key32(k, 0x80);
		int n = radius_mppe_encrypt(k, 32, 0x8003, S, SL, R, v, sizeof v);
		assert_int_equal(radius_pkt_add_vsa(p, RADIUS_VENDOR_MICROSOFT, RADIUS_MS_MPPE_SEND_KEY, v, (size_t)n), 0);
	}
	/* a Cisco VSA with the same vendor type is not a key */
	radius_pkt_add_vsa(p, RADIUS_VENDOR_CISCO, RADIUS_MS_MPPE_RECV_KEY, "x", 1);
	return p->len;
}

static void msk_from_accept(void **st)
{
	(void)st;
	struct radius_pkt p;
	uint8_t msk[64], k[32];
	size_t len = accept_pkt(&p, true, true, false);
	assert_int_equal(radius_mppe_msk(p.buf, len, S, SL, R, msk), 64);
	key32(k, 0x40);
	assert_memory_equal(msk, k, 32); /* Recv-Key first */
	key32(k, 0x80);
	assert_memory_equal(msk + 32, k, 32);
	assert_int_equal(radius_mppe_msk(p.buf, accept_pkt(&p, true, false, false), S, SL, R, msk), 0);
	assert_int_equal(radius_mppe_msk(p.buf, accept_pkt(&p, false, true, false), S, SL, R, msk), 0);
	assert_int_equal(radius_mppe_msk(p.buf, accept_pkt(&p, true, true, true), S, SL, R, msk), 0);
}

int main(void)
{
	const struct CMUnitTest t[] = {
		cmocka_unit_test(known_vector),
		cmocka_unit_test(round_trip_lengths),
		cmocka_unit_test(malformed),
		cmocka_unit_test(msk_from_accept),
	};
	return cmocka_run_group_tests(t, NULL, NULL);
}
