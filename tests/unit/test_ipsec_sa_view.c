/* What the IPsec shows print about Child SAs (ipsec/ipsec_sa_view.c,
 * ipsec/ipsec_sa_policy.c): the replay window and lifetimes from the
 * config (profile over global), the window reaching the data plane's SA,
 * per-SA drop counters by IOS name, selectors and transforms as IOS
 * spells them, kilobytes left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ikev2/ike_sa.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"
#include "ipsec/ipsec_sa_policy.h"
#include "ipsec/ipsec_sa_view.h"
#include "running-config/store.h"

static int setup(void **st)
{
	(void)st;
	assert_int_equal(store_open(":memory:"), 0);
	assert_int_equal(db_script("INSERT OR IGNORE INTO ipsec_profile(name) VALUES('P');"
				   "UPDATE ipsec_profile SET ikev2_profile = 'IKEP' WHERE name = 'P';"),
			 0);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	store_close();
	return 0;
}

static void test_policy(void **state)
{
	(void)state;
	struct ipsec_sa_policy p;
	ipsec_sa_policy_for("IKEP", &p);
	assert_string_equal(p.ipsec_profile, "P");
	assert_int_equal(p.life_sec, 3600);
	assert_int_equal(p.life_kb, 4608000);
	assert_false(p.kb_disabled);
	assert_int_equal(p.replay_window, 64);
	assert_false(p.replay_off);
	/* global window-size, then the profile's own, then replay disable */
	assert_int_equal(db_exec("UPDATE ipsec_global SET replay_window = 1024, lifetime_seconds = 900", ""), 0);
	ipsec_sa_policy_for("IKEP", &p);
	assert_int_equal(p.replay_window, 1024);
	assert_int_equal(p.life_sec, 900);
	assert_int_equal(db_exec("UPDATE ipsec_profile SET replay_window = 256, lifetime_kilobytes = 10000"
				 " WHERE name = 'P'", ""), 0);
	ipsec_sa_policy_for("IKEP", &p);
	assert_int_equal(p.replay_window, 256);
	assert_int_equal(p.life_kb, 10000);
	ipsec_sa_policy_for("OTHER", &p); /* no IPsec profile bound: default + global */
	assert_string_equal(p.ipsec_profile, "default");
	assert_int_equal(p.replay_window, 1024);
	assert_int_equal(db_exec("UPDATE ipsec_profile SET replay_disable = 1, replay_window = NULL WHERE name = 'P'",
				 ""), 0);
	ipsec_sa_policy_for("IKEP", &p);
	assert_true(p.replay_off);
	assert_int_equal(p.replay_window, 0);
	assert_int_equal(db_exec("UPDATE ipsec_global SET replay_disable = 1", ""), 0);
	ipsec_sa_policy_for("OTHER", &p);
	assert_true(p.replay_off);
	assert_int_equal(db_exec("UPDATE ipsec_global SET replay_disable = 0, replay_window = 64,"
				 " lifetime_seconds = 3600", ""), 0);
}

static void ts_range(struct ikev2_ts *t, const char *a, const char *b)
{
	memset(t, 0, sizeof *t);
	t->type = IKEV2_TS_IPV4_ADDR_RANGE;
	t->eport = 65535;
	unsigned x[4], y[4];
	assert_int_equal(sscanf(a, "%u.%u.%u.%u", &x[0], &x[1], &x[2], &x[3]), 4);
	assert_int_equal(sscanf(b, "%u.%u.%u.%u", &y[0], &y[1], &y[2], &y[3]), 4);
	for (int i = 0; i < 4; i++) {
		t->start[i] = (uint8_t)x[i];
		t->end[i] = (uint8_t)y[i];
	}
}

static void test_selectors(void **state)
{
	(void)state;
	struct ikev2_ts t;
	char s[96];
	ts_range(&t, "0.0.0.0", "255.255.255.255");
	ipsec_ts_ident(&t, s, sizeof s);
	assert_string_equal(s, "0.0.0.0/0.0.0.0/0/0");
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "0.0.0.0/0.0.0.0");
	ts_range(&t, "10.99.0.1", "10.99.0.1");
	ipsec_ts_ident(&t, s, sizeof s);
	assert_string_equal(s, "10.99.0.1/255.255.255.255/0/0");
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "host 10.99.0.1");
	ts_range(&t, "10.10.0.0", "10.10.0.255");
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "10.10.0.0/255.255.255.0");
	ts_range(&t, "10.10.0.0", "10.10.1.255");
	t.proto = 47;
	t.sport = t.eport = 0;
	ipsec_ts_ident(&t, s, sizeof s);
	assert_string_equal(s, "10.10.0.0/255.255.254.0/47/0");
	ts_range(&t, "10.0.0.1", "10.0.0.5"); /* not a prefix: its first host */
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "host 10.0.0.1");
	/* IPv6: prefix lengths */
	memset(&t, 0, sizeof t);
	t.type = IKEV2_TS_IPV6_ADDR_RANGE;
	t.eport = 65535;
	memset(t.end, 0xff, 16);
	ipsec_ts_ident(&t, s, sizeof s);
	assert_string_equal(s, "::/0/0/0");
	t.start[0] = 0xfd;
	t.end[0] = 0xfd;
	memset(t.end + 1, 0, 7); /* fd00::/64 */
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "fd00::/64");
	memset(t.end + 1, 0, 15);
	t.end[15] = 5; /* fd00:: .. fd00::5: not a prefix, its first host */
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "host fd00::");
	memset(t.end + 1, 0xff, 15); /* fd00::/8 */
	ipsec_ts_flow(&t, s, sizeof s);
	assert_string_equal(s, "fd00::/8");
}

static void test_transform_and_life(void **state)
{
	(void)state;
	struct ike_child c;
	char s[64];
	memset(&c, 0, sizeof c);
	c.encr = IKEV2_ENCR_AES_GCM_16;
	c.keylen = 256;
	ipsec_child_transform(&c, s, sizeof s);
	assert_string_equal(s, "esp-gcm 256");
	c.encr = 12;
	c.integ = 12;
	ipsec_child_transform(&c, s, sizeof s);
	assert_string_equal(s, "esp-256-aes esp-sha256-hmac");
	c.keylen = 128;
	c.integ = 2;
	ipsec_child_transform(&c, s, sizeof s);
	assert_string_equal(s, "esp-aes esp-sha-hmac");
	struct ipsec_sa_policy p = { .life_kb = 4608000, .life_sec = 3600 };
	assert_int_equal(ipsec_life_kb_left(&p, 0), 4608000);
	assert_int_equal(ipsec_life_kb_left(&p, 1), 4607999);
	assert_int_equal(ipsec_life_kb_left(&p, 1024), 4607999);
	assert_int_equal(ipsec_life_kb_left(&p, 1025), 4607998);
	assert_int_equal(ipsec_life_kb_left(&p, 100000ULL * 1024 * 1024), 0);
	c.created = ike_now_s() - 100;
	long long left = ipsec_life_sec_left(&p, &c);
	assert_true(left >= 3499 && left <= 3500);
	c.created = ike_now_s() - 5000;
	assert_int_equal(ipsec_life_sec_left(&p, &c), 0);
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

static void child_init(struct ike_child *c, uint32_t spi)
{
	memset(c, 0, sizeof *c);
	c->spi_in = spi;
	c->spi_out = 0x0a0b0c0d;
	c->encr = IKEV2_ENCR_AES_GCM_16;
	c->keylen = 256;
	c->keys.e_len = 36;
	for (int i = 0; i < 36; i++) {
		c->keys.ei[i] = (uint8_t)(i * 7);
		c->keys.er[i] = (uint8_t)(i * 11 + 1);
	}
	ts_range(&c->ts_i, "10.99.0.1", "10.99.0.1");
	ts_range(&c->ts_r, "0.0.0.0", "255.255.255.255");
}

/* The window the child carries reaches its ESP SA; no window = 64. */
static void test_window_to_dp(void **state)
{
	(void)state;
	struct ike_child a, b, d;
	child_init(&a, 0xc1000001);
	a.replay_set = true;
	a.replay_window = 1024;
	child_init(&b, 0xc1000002);
	b.replay_set = true;
	b.replay_window = 0; /* replay disable */
	child_init(&d, 0xc1000003);
	esp_dp_child_up(&a);
	esp_dp_child_up(&b);
	esp_dp_child_up(&d);
	struct esp_dp_sa_info i;
	assert_true(esp_dp_sa_info(&a, &i));
	assert_int_equal(esp_sa_replay(i.sa)->size, 1024);
	assert_true(esp_dp_sa_info(&b, &i));
	assert_int_equal(esp_sa_replay(i.sa)->size, 0);
	assert_true(esp_dp_sa_info(&d, &i));
	assert_int_equal(esp_sa_replay(i.sa)->size, ESP_REPLAY_DEFAULT);
	struct ike_child other = a; /* same SPI, another child: not its SA */
	assert_false(esp_dp_sa_info(&other, &i));
	esp_dp_child_down(&a);
	esp_dp_child_down(&b);
	esp_dp_child_down(&d);
	assert_false(esp_dp_sa_info(&a, &i));
}

/* Drops land in the IOS counters by kind, per SA. */
static void test_counters(void **state)
{
	(void)state;
	struct ike_child c;
	child_init(&c, 0xc2000001);
	esp_dp_child_up(&c);
	struct ike_child ic = c; /* the client's side seals */
	ic.spi_in = c.spi_out;
	ic.spi_out = c.spi_in;
	struct esp_sa *cl = esp_sa_from_child(&ic, true, 64);
	assert_non_null(cl);
	static const uint8_t vip[4] = { 10, 99, 0, 1 }, other[4] = { 10, 99, 0, 9 };
	uint8_t inner[60], pkt[200];
	ip4(inner, vip);
	ssize_t n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	assert_true(n > 0);
	esp_dp_rx(pkt, (size_t)n, NULL, NULL); /* decapsulated (no TUN here) */
	esp_dp_rx(pkt, (size_t)n, NULL, NULL); /* replayed */
	n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	pkt[n - 1] ^= 1; /* tampered ICV */
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);
	esp_dp_rx(pkt, 20, NULL, NULL); /* truncated: bad length */
	ip4(inner, other); /* outside the selectors */
	n = esp_encap(cl, inner, sizeof inner, ESP_NH_IPV4, pkt, sizeof pkt);
	esp_dp_rx(pkt, (size_t)n, NULL, NULL);
	struct ipsec_sa_counters k;
	assert_true(ipsec_sa_counters_of(&c, &k));
	assert_int_equal(k.decaps, 2);
	assert_int_equal(k.dec_bytes, 120);
	assert_int_equal(k.replay_failed, 1);
	assert_int_equal(k.verify_failed, 1);
	assert_int_equal(k.invalid_len, 1);
	assert_int_equal(k.invalid_identity, 1);
	assert_int_equal(k.internal_rcv, 1); /* the good one: no TUN to write to */
	assert_int_equal(k.decaps_failed, 0);
	assert_int_equal(ipsec_sa_recv_errors(&k), 5);
	assert_int_equal(ipsec_sa_send_errors(&k), 0);
	struct ipsec_sa_counters sum;
	memset(&sum, 0, sizeof sum);
	ipsec_sa_counters_add(&sum, &k);
	ipsec_sa_counters_add(&sum, &k);
	assert_int_equal(sum.replay_failed, 2);
	assert_int_equal(sum.decaps, 4);
	esp_dp_child_down(&c);
	assert_false(ipsec_sa_counters_of(&c, &k));
	assert_int_equal(k.decaps, 0);
	esp_sa_free(cl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_transform_and_life),
		cmocka_unit_test(test_window_to_dp),
		cmocka_unit_test(test_counters),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
