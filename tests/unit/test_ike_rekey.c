/* Child SA lifetime arithmetic and the rekey collision rule
 * (ikev2/ike_child_life.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ikev2/ike_child_life.h"

static void test_soft_seconds(void **state)
{
	(void)state;
	/* IOS minimum 120 s: rekey between 85 % and 90 % */
	assert_int_equal(ike_life_soft_seconds(120, 0.0), 108);
	assert_int_equal(ike_life_soft_seconds(120, 0.999), 103);
	assert_int_equal(ike_life_soft_seconds(3600, 0.0), 3240);
	assert_int_equal(ike_life_soft_seconds(3600, 0.5), 3150);
	for (double j = 0; j < 1; j += 0.01) {
		int s = ike_life_soft_seconds(3600, j);
		assert_true(s >= 3060 && s <= 3240);
		s = ike_life_soft_seconds(2592000, j);
		assert_true(s >= 2592000 / 100 * 85 && s <= 2592000 / 10 * 9);
	}
	/* out-of-range jitter is no jitter; tiny lifetimes stay in [1, hard - 1] */
	assert_int_equal(ike_life_soft_seconds(120, -1), 108);
	assert_int_equal(ike_life_soft_seconds(120, 7), 108);
	assert_int_equal(ike_life_soft_seconds(2, 0.9), 1);
	assert_int_equal(ike_life_soft_seconds(10, 0), 9);
	assert_int_equal(ike_life_soft_seconds(0, 0), 1);
}

static void test_bytes(void **state)
{
	(void)state;
	assert_int_equal(ike_life_hard_bytes(2560), 2621440);
	assert_int_equal(ike_life_soft_bytes(2621440), 2359296);
	assert_true(ike_life_hard_bytes(4608000) == 4718592000ULL);
	assert_true(ike_life_hard_bytes(UINT64_MAX / 512) == UINT64_MAX); /* no wrap */
	assert_int_equal(ike_life_hard_bytes(0), 0);
	assert_int_equal(ike_life_soft_bytes(0), 0);
}

static void test_check(void **state)
{
	(void)state;
	/* seconds */
	assert_int_equal(ike_life_check(0, 108, 120, 0, 0, 0), LIFE_OK);
	assert_int_equal(ike_life_check(107, 108, 120, 0, 0, 0), LIFE_OK);
	assert_int_equal(ike_life_check(108, 108, 120, 0, 0, 0), LIFE_SOFT);
	assert_int_equal(ike_life_check(119, 108, 120, 0, 0, 0), LIFE_SOFT);
	assert_int_equal(ike_life_check(120, 108, 120, 0, 0, 0), LIFE_HARD);
	/* volume, either limit first */
	assert_int_equal(ike_life_check(1, 108, 120, 2359295, 2359296, 2621440), LIFE_OK);
	assert_int_equal(ike_life_check(1, 108, 120, 2359296, 2359296, 2621440), LIFE_SOFT);
	assert_int_equal(ike_life_check(1, 108, 120, 2621440, 2359296, 2621440), LIFE_HARD);
	assert_int_equal(ike_life_check(120, 108, 120, 5, 2359296, 2621440), LIFE_HARD);
	/* no volume limit (kilobytes disable): bytes never matter */
	assert_int_equal(ike_life_check(1, 108, 120, UINT64_MAX, 0, 0), LIFE_OK);
}

static void test_collision(void **state)
{
	(void)state;
	uint8_t a[32], b[32], c[32], d[32];
	memset(a, 0x10, sizeof a);
	memset(b, 0x20, sizeof b);
	memset(c, 0x30, sizeof c);
	memset(d, 0x40, sizeof d);
	/* the lowest nonce (a) in our exchange, as Ni or as Nr: we lose */
	assert_true(ike_rekey_we_lose(a, 32, c, 32, b, 32, d, 32));
	assert_true(ike_rekey_we_lose(c, 32, a, 32, d, 32, b, 32));
	/* in theirs: we win */
	assert_false(ike_rekey_we_lose(b, 32, c, 32, a, 32, d, 32));
	assert_false(ike_rekey_we_lose(c, 32, d, 32, b, 32, a, 32));
	/* octet-string order: first differing octet decides, not the sum */
	uint8_t x[32], y[32];
	memset(x, 0xff, sizeof x);
	x[0] = 0x01;
	memset(y, 0x00, sizeof y);
	y[0] = 0x02;
	assert_true(ike_rekey_we_lose(x, 32, d, 32, y, 32, d, 32));
	/* a prefix is lower than its extension (nonces of 16..256 octets) */
	assert_true(ike_rekey_we_lose(x, 16, d, 32, x, 32, d, 32));
	assert_false(ike_rekey_we_lose(x, 32, d, 32, x, 16, d, 32));
	/* exactly one side loses for any four distinct nonces */
	const uint8_t *n[4] = { a, b, c, d };
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			for (int k = 0; k < 4; k++)
				for (int l = 0; l < 4; l++) {
					if (i == j || i == k || i == l || j == k || j == l || k == l)
						continue;
					bool us = ike_rekey_we_lose(n[i], 32, n[j], 32, n[k], 32, n[l], 32);
					bool them = ike_rekey_we_lose(n[k], 32, n[l], 32, n[i], 32, n[j], 32);
					assert_true(us != them);
					assert_true(us == (i == 0 || j == 0));
				}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_soft_seconds),
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_collision),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
