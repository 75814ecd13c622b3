/* The data plane's ESP SA table (ipsec/esp_dp.c): Child SAs in and out,
 * inbound lookup by SPI, decap, the inner source checked against the
 * child's selectors; every drop counted.  No TUN here (rx_no_tun counts
 * what would have been written). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ikev2/ike_sa.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"

static void ts_host(struct ikev2_ts *t, const uint8_t a[4])
{
	memset(t, 0, sizeof *t);
	t->type = IKEV2_TS_IPV4_ADDR_RANGE;
	t->eport = 65535;
	memcpy(t->start, a, 4);
	memcpy(t->end, a, 4);
}

/* A 60-octet IPv4 packet src -> 10.10.0.2. */
static void ip4(uint8_t *p, const uint8_t src[4])
{
	memset(p, 0, 60);
	p[0] = 0x45;
	p[3] = 60;
	p[8] = 64;
	p[9] = 1;
	memcpy(p + 12, src, 4);
	p[16] = 10, p[17] = 10, p[18] = 0, p[19] = 2;
}

static void child_init(struct ike_child *c)
{
	memset(c, 0, sizeof *c);
	c->spi_in = 0xc0010203;
	c->spi_out = 0x0a0b0c0d;
	c->encr = IKEV2_ENCR_AES_GCM_16;
	c->keylen = 256;
	c->keys.e_len = 36;
	for (int i = 0; i < 36; i++) {
		c->keys.ei[i] = (uint8_t)(i * 7);
		c->keys.er[i] = (uint8_t)(i * 11 + 1);
	}
	static const uint8_t vip[4] = { 10, 99, 0, 1 }, any[4] = { 0, 0, 0, 0 };
	ts_host(&c->ts_i, vip);
	ts_host(&c->ts_r, any);
	memset(c->ts_r.end, 0xff, 4);
}

static void test_table_rx(void **state)
{
	(void)state;
	struct ike_child c;
	child_init(&c);
	unsigned base = esp_dp_count();
	esp_dp_child_up(&c);
	esp_dp_child_up(&c); /* twice: one entry */
	assert_int_equal(esp_dp_count(), base + 1);
	struct ike_child bad = c;
	bad.spi_in = 0xc0010204;
	bad.encr = 3; /* 3DES: not in the data plane */
	esp_dp_child_up(&bad);
	assert_int_equal(esp_dp_count(), base + 1);

	/* the client's side of the SA seals (SPIs swapped, ei/ai) */
	struct ike_child ic = c;
	ic.spi_in = c.spi_out;
	ic.spi_out = c.spi_in;
	struct esp_sa *cl = esp_sa_from_child(&ic, true, 64);
	assert_non_null(cl);
	const struct esp_dp_stats *st = esp_dp_stats();
	struct esp_dp_stats before = *st;
	static const uint8_t vip[4] = { 10, 99, 0, 1 }, other[4] = { 10, 99, 0, 9 };
	uint8_t inner[60], pkt[200];
	ip4(inner, vip);
	ssize_t n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	assert_true(n > 0);
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);
	assert_int_equal(st->rx_no_tun, before.rx_no_tun + 1); /* decapsulated, selector ok */
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);                 /* replayed */
	assert_int_equal(st->rx_dropped, before.rx_dropped + 1);
	n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	pkt[n - 1] ^= 1; /* a fresh one, tampered */
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);
	assert_int_equal(st->rx_dropped, before.rx_dropped + 2);
	ip4(inner, other); /* a source the selectors do not allow */
	n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);
	assert_int_equal(st->rx_bad_selector, before.rx_bad_selector + 1);
	esp_dp_rx(pkt, 3, NULL, NULL); /* shorter than a header */
	assert_int_equal(st->rx_no_sa, before.rx_no_sa + 1);

	esp_dp_child_down(&c);
	assert_int_equal(esp_dp_count(), base);
	ip4(inner, vip);
	n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);
	assert_int_equal(st->rx_no_sa, before.rx_no_sa + 2);
	assert_int_equal(st->rx_no_tun, before.rx_no_tun + 1);
	esp_sa_free(cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_rx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
