/* IKE_SA_INIT cookies (ikev2/ike_cookie.c) and the per-source share of
 * the half-open limit (ikev2/ike_limits.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "ikev2/ike_cookie.h"
#include "ikev2/ike_limits.h"

static const uint8_t ni[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
				17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const uint64_t spi = 0x0123456789abcdefULL;

static struct sockaddr_storage v4(const char *ip)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(500);
	inet_pton(AF_INET, ip, &sin->sin_addr);
	return ss;
}

static struct sockaddr_storage v6(const char *ip)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(500);
	inet_pton(AF_INET6, ip, &sin6->sin6_addr);
	return ss;
}

static int setup(void **st)
{
	(void)st;
	ike_cookie_reset();
	return 0;
}

static void test_valid(void **st)
{
	(void)st;
	struct sockaddr_storage a = v4("192.0.2.2");
	uint8_t c[IKE_COOKIE_LEN];
	assert_int_equal(ike_cookie_make(100, ni, sizeof ni, &a, spi, c), 0);
	assert_true(ike_cookie_check(100, c, sizeof c, ni, sizeof ni, &a, spi));
	assert_true(ike_cookie_check(159, c, sizeof c, ni, sizeof ni, &a, spi));
	/* the same request gets the same cookie while the secret holds */
	uint8_t c2[IKE_COOKIE_LEN];
	assert_int_equal(ike_cookie_make(130, ni, sizeof ni, &a, spi, c2), 0);
	assert_memory_equal(c, c2, sizeof c);
	/* another port on the same address: still the same source */
	struct sockaddr_storage b = a;
	((struct sockaddr_in *)&b)->sin_port = htons(4500);
	assert_true(ike_cookie_check(130, c, sizeof c, ni, sizeof ni, &b, spi));
	/* IPv6 works the same */
	struct sockaddr_storage s6 = v6("2001:db8::2");
	assert_int_equal(ike_cookie_make(130, ni, sizeof ni, &s6, spi, c2), 0);
	assert_true(ike_cookie_check(131, c2, sizeof c2, ni, sizeof ni, &s6, spi));
	assert_false(ike_cookie_check(131, c2, sizeof c2, ni, sizeof ni, &a, spi));
}

/* A secret is current for IKE_COOKIE_ROTATE seconds, accepted one period
 * more, then never again. */
static void test_stale_secret(void **st)
{
	(void)st;
	struct sockaddr_storage a = v4("192.0.2.2");
	uint8_t c[IKE_COOKIE_LEN], fresh[IKE_COOKIE_LEN];
	assert_int_equal(ike_cookie_make(1000, ni, sizeof ni, &a, spi, c), 0);
	/* rotated once: the old cookie is still good, a new one differs */
	assert_true(ike_cookie_check(1000 + IKE_COOKIE_ROTATE + 1, c, sizeof c, ni, sizeof ni, &a, spi));
	assert_int_equal(ike_cookie_make(1000 + IKE_COOKIE_ROTATE + 1, ni, sizeof ni, &a, spi, fresh), 0);
	assert_memory_not_equal(c, fresh, sizeof c);
	assert_true(ike_cookie_check(1000 + IKE_COOKIE_ROTATE + 2, fresh, sizeof fresh, ni, sizeof ni, &a, spi));
	/* rotated twice: gone */
	assert_false(ike_cookie_check(1000 + 2 * IKE_COOKIE_ROTATE + 2, c, sizeof c, ni, sizeof ni, &a, spi));
	assert_true(ike_cookie_check(1000 + 2 * IKE_COOKIE_ROTATE + 2, fresh, sizeof fresh, ni, sizeof ni, &a,
				     spi));
}

/* Nobody asked for a cookie for a long time: the last secret is not kept
 * as "previous" however old it is. */
static void test_stale_after_idle(void **st)
{
	(void)st;
	struct sockaddr_storage a = v4("192.0.2.2");
	uint8_t c[IKE_COOKIE_LEN];
	assert_int_equal(ike_cookie_make(50, ni, sizeof ni, &a, spi, c), 0);
	assert_false(ike_cookie_check(50 + 2 * IKE_COOKIE_ROTATE, c, sizeof c, ni, sizeof ni, &a, spi));
	assert_false(ike_cookie_check(50 + 100 * IKE_COOKIE_ROTATE, c, sizeof c, ni, sizeof ni, &a, spi));
}

static void test_wrong_ip_spi_nonce(void **st)
{
	(void)st;
	struct sockaddr_storage a = v4("192.0.2.2"), other = v4("192.0.2.3");
	uint8_t c[IKE_COOKIE_LEN];
	assert_int_equal(ike_cookie_make(10, ni, sizeof ni, &a, spi, c), 0);
	assert_false(ike_cookie_check(10, c, sizeof c, ni, sizeof ni, &other, spi));
	assert_false(ike_cookie_check(10, c, sizeof c, ni, sizeof ni, &a, spi + 1));
	uint8_t ni2[32];
	memcpy(ni2, ni, sizeof ni2);
	ni2[31] ^= 1;
	assert_false(ike_cookie_check(10, c, sizeof c, ni2, sizeof ni2, &a, spi));
	assert_false(ike_cookie_check(10, c, sizeof c, ni, sizeof ni - 1, &a, spi));
	/* the secrets are per process: after a reset nothing old is good */
	ike_cookie_reset();
	assert_false(ike_cookie_check(10, c, sizeof c, ni, sizeof ni, &a, spi));
}

static void test_tampered(void **st)
{
	(void)st;
	struct sockaddr_storage a = v4("198.51.100.7");
	uint8_t c[IKE_COOKIE_LEN];
	assert_int_equal(ike_cookie_make(10, ni, sizeof ni, &a, spi, c), 0);
	for (size_t i = 0; i < sizeof c; i++) {
		uint8_t t[IKE_COOKIE_LEN];
		memcpy(t, c, sizeof t);
		t[i] ^= 0x40;
		assert_false(ike_cookie_check(10, t, sizeof t, ni, sizeof ni, &a, spi));
	}
	/* wrong lengths, nothing at all */
	uint8_t longer[IKE_COOKIE_LEN + 1];
	memcpy(longer, c, sizeof c);
	longer[IKE_COOKIE_LEN] = 0;
	assert_false(ike_cookie_check(10, longer, sizeof longer, ni, sizeof ni, &a, spi));
	assert_false(ike_cookie_check(10, c, sizeof c - 1, ni, sizeof ni, &a, spi));
	assert_false(ike_cookie_check(10, c, 0, ni, sizeof ni, &a, spi));
	assert_false(ike_cookie_check(10, NULL, 0, ni, sizeof ni, &a, spi));
	/* and the untouched one still is */
	assert_true(ike_cookie_check(10, c, sizeof c, ni, sizeof ni, &a, spi));
}

static void test_per_source_share(void **st)
{
	(void)st;
	assert_int_equal(ike_limits_per_source(IKE_NEGO_IN_DEFAULT), 10);
	assert_int_equal(ike_limits_per_source(8), 2);
	assert_int_equal(ike_limits_per_source(2), 1);
	assert_int_equal(ike_limits_per_source(1), 1);
	assert_int_equal(ike_limits_per_source(99999), 25000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_valid, setup),
		cmocka_unit_test_setup(test_stale_secret, setup),
		cmocka_unit_test_setup(test_stale_after_idle, setup),
		cmocka_unit_test_setup(test_wrong_ip_spi_nonce, setup),
		cmocka_unit_test_setup(test_tampered, setup),
		cmocka_unit_test_setup(test_per_source_share, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
