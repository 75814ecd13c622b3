/* ESP transport mode: the IPv4 header strip (TUN -> ESP) and rebuild
 * (ESP -> TUN) with hostile lengths, the selector check, the transport
 * children's index (ipsec/esp_transport*.c), the Child SA mode decision
 * (ikev2/ike_child_mode.c), and a transport packet through the data
 * plane (decap with a non-IP next header, header rebuilt, selectors). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ikev2/ike_child_mode.h"
#include "ikev2/ike_sa.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"
#include "ipsec/esp_transport.h"
#include "ipsec/esp_transport_dp.h"

#define PEER  0xc0a86402u   /* 192.168.100.2 */
#define LOCAL 0xc0a86401u   /* 192.168.100.1 */

static void ts_host(struct ikev2_ts *t, uint32_t a, uint8_t proto, uint16_t sp, uint16_t ep)
{
	memset(t, 0, sizeof *t);
	t->type = IKEV2_TS_IPV4_ADDR_RANGE;
	t->proto = proto;
	t->sport = sp;
	t->eport = ep;
	uint32_t be = htonl(a);
	memcpy(t->start, &be, 4);
	memcpy(t->end, &be, 4);
}

/* An IPv4 header + payload of plen octets: src -> dst, proto. */
static size_t ip4(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto, size_t plen)
{
	size_t n = 20 + plen;
	memset(p, 0, n);
	p[0] = 0x45;
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	p[8] = 64;
	p[9] = proto;
	uint32_t s = htonl(src), d = htonl(dst);
	memcpy(p + 12, &s, 4);
	memcpy(p + 16, &d, 4);
	for (size_t i = 0; i < plen; i++)
		p[20 + i] = (uint8_t)(i + 3);
	return n;
}

static uint16_t sum16(const uint8_t *p, size_t len)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static void test_parse_hostile(void **state)
{
	(void)state;
	static uint8_t p[70000];
	struct esp_tp_ip4 h;
	size_t n = ip4(p, LOCAL, PEER, 6, 40);
	assert_true(esp_tp_ip4_parse(p, n, &h));
	assert_int_equal(h.hl, 20);
	assert_int_equal(h.proto, 6);
	assert_int_equal(h.src, LOCAL);
	assert_int_equal(h.dst, PEER);
	/* every length below the header, and one short of the total */
	for (size_t l = 0; l < 20; l++)
		assert_false(esp_tp_ip4_parse(p, l, &h));
	assert_false(esp_tp_ip4_parse(p, n - 1, &h));
	assert_false(esp_tp_ip4_parse(p, n + 1, &h));  /* total length says less than read */
	p[0] = 0x65;                                   /* IPv6 version nibble */
	assert_false(esp_tp_ip4_parse(p, n, &h));
	for (int ihl = 0; ihl < 5; ihl++) {
		p[0] = (uint8_t)(0x40 | ihl);
		assert_false(esp_tp_ip4_parse(p, n, &h));
	}
	p[0] = 0x4f;                                   /* 60-octet header in a 20-octet packet */
	size_t m = ip4(p, LOCAL, PEER, 6, 0);
	p[0] = 0x4f;
	assert_false(esp_tp_ip4_parse(p, m, &h));
	n = ip4(p, LOCAL, PEER, 6, 40);
	p[0] = 0x46;                                   /* options: 24-octet header */
	assert_true(esp_tp_ip4_parse(p, n, &h));
	assert_int_equal(h.hl, 24);
	p[0] = 0x45;
	p[6] = 0x20;                                   /* MF */
	assert_false(esp_tp_ip4_parse(p, n, &h));
	p[6] = 0x00, p[7] = 0x01;                      /* fragment offset */
	assert_false(esp_tp_ip4_parse(p, n, &h));
	p[6] = 0x40, p[7] = 0;                         /* DF alone is fine */
	assert_true(esp_tp_ip4_parse(p, n, &h));
	assert_false(esp_tp_ip4_parse(p, 65536, &h));  /* beyond any IPv4 packet */
}

static void test_build(void **state)
{
	(void)state;
	static uint8_t p[70000];
	memset(p + 20, 0xab, 100);
	size_t n = esp_tp_ip4_build(p, 100, PEER, LOCAL, 17);
	assert_int_equal(n, 120);
	assert_int_equal(sum16(p, 20), 0xffff);        /* the checksum verifies */
	struct esp_tp_ip4 h;
	assert_true(esp_tp_ip4_parse(p, n, &h));       /* and our own parser takes it */
	assert_int_equal(h.src, PEER);
	assert_int_equal(h.dst, LOCAL);
	assert_int_equal(h.proto, 17);
	assert_int_equal(p[8], 64);
	assert_int_equal(p[20], 0xab);
	assert_int_equal(esp_tp_ip4_build(p, 65515, PEER, LOCAL, 6), 65535);
	assert_int_equal(esp_tp_ip4_build(p, 65516, PEER, LOCAL, 6), 0);
	assert_int_equal(esp_tp_ip4_build(p, (size_t)-1, PEER, LOCAL, 6), 0);
	assert_int_equal(esp_tp_ip4_build(p, 0, PEER, LOCAL, 6), 20);
}

static void test_selectors(void **state)
{
	(void)state;
	struct ikev2_ts any_p, any_l, tcp22, web;
	ts_host(&any_p, PEER, 0, 0, 65535);
	ts_host(&any_l, LOCAL, 0, 0, 65535);
	ts_host(&tcp22, PEER, 6, 22, 22);
	ts_host(&web, LOCAL, 6, 80, 80);
	uint8_t pl[8] = { 0, 22, 0, 80, 1, 2, 3, 4 };   /* ports 22 -> 80 */
	assert_true(esp_tp_selectors_ok(&any_p, &any_l, 6, pl, 8));
	assert_true(esp_tp_selectors_ok(&any_p, &any_l, 47, pl, 0));  /* GRE, any selectors */
	assert_true(esp_tp_selectors_ok(&tcp22, &web, 6, pl, 8));
	assert_false(esp_tp_selectors_ok(&tcp22, &web, 17, pl, 8));   /* protocol */
	assert_false(esp_tp_selectors_ok(&web, &tcp22, 6, pl, 8));    /* ports swapped */
	for (size_t l = 0; l < 4; l++)                                /* no room for ports */
		assert_false(esp_tp_selectors_ok(&any_p, &any_l, 6, pl, l));
	struct ikev2_ts ports = any_p;
	ports.sport = 1000;
	assert_false(esp_tp_selectors_ok(&ports, &any_l, 47, pl, 8)); /* no ports in GRE */
	uint8_t echo[4] = { 8, 0, 0, 0 };
	ts_host(&ports, PEER, 1, 0x0800, 0x08ff);                      /* ICMP echo request only */
	assert_true(esp_tp_selectors_ok(&ports, &any_l, 1, echo, 4));
	echo[0] = 0;
	assert_false(esp_tp_selectors_ok(&ports, &any_l, 1, echo, 4));
	assert_false(esp_tp_selectors_ok(&ports, &any_l, 1, echo, 1));
	struct ikev2_ts echo_l;                                        /* named on both sides */
	ts_host(&echo_l, LOCAL, 1, 0x0800, 0x0800);
	echo[0] = 8;
	assert_true(esp_tp_selectors_ok(&ports, &echo_l, 1, echo, 4));
	echo[1] = 1;                                                   /* code 1: outside the second */
	assert_false(esp_tp_selectors_ok(&ports, &echo_l, 1, echo, 4));
}

static void child_init(struct ike_child *c, uint32_t spi_in)
{
	memset(c, 0, sizeof *c);
	c->spi_in = spi_in;
	c->spi_out = 0x0a0b0c0d;
	c->encr = IKEV2_ENCR_AES_GCM_16;
	c->keylen = 256;
	c->keys.e_len = 36;
	for (int i = 0; i < 36; i++) {
		c->keys.ei[i] = (uint8_t)(i * 7);
		c->keys.er[i] = (uint8_t)(i * 11 + 1);
	}
	c->transport = true;
	ts_host(&c->ts_i, PEER, 0, 0, 65535);
	ts_host(&c->ts_r, LOCAL, 0, 0, 65535);
}

static void test_rx_tx_checks(void **state)
{
	(void)state;
	struct ike_child c;
	child_init(&c, 0xc1000001);
	struct esp_tp_stats b = *esp_tp_stats();
	uint8_t buf[128];
	/* payload of 100 octets: no room for a header in a 110-octet buffer */
	size_t len = 100;
	memset(buf, 0, sizeof buf);
	assert_false(esp_tp_rx(&c, 6, buf, 110, &len));
	assert_int_equal(esp_tp_stats()->rx_too_big, b.rx_too_big + 1);
	len = 100;
	buf[0] = 0x12, buf[1] = 0x34, buf[2] = 0, buf[3] = 80;
	assert_true(esp_tp_rx(&c, 6, buf, sizeof buf, &len));
	assert_int_equal(len, 120);
	struct esp_tp_ip4 h;
	assert_true(esp_tp_ip4_parse(buf, len, &h));
	assert_int_equal(h.src, PEER);
	assert_int_equal(h.dst, LOCAL);
	assert_int_equal(h.proto, 6);
	assert_int_equal(buf[20], 0x12);
	assert_int_equal(buf[23], 80);
	/* selectors: only TCP to port 80 */
	ts_host(&c.ts_r, LOCAL, 6, 80, 80);
	len = 100;
	memset(buf, 0, sizeof buf);
	buf[3] = 81;
	assert_false(esp_tp_rx(&c, 6, buf, sizeof buf, &len));
	assert_int_equal(esp_tp_stats()->rx_bad_selector, b.rx_bad_selector + 1);
	len = 2;
	assert_false(esp_tp_rx(&c, 6, buf, sizeof buf, &len));  /* too short for ports */

	/* outbound */
	child_init(&c, 0xc1000001);
	size_t skip = 0;
	uint8_t nh = 0;
	size_t n = ip4(buf, LOCAL, PEER, 17, 30);
	assert_true(esp_tp_tx(&c, buf, n, &skip, &nh));
	assert_int_equal(skip, 20);
	assert_int_equal(nh, 17);
	n = ip4(buf, 0x0a000001, PEER, 17, 30);              /* forwarded, not ours */
	assert_false(esp_tp_tx(&c, buf, n, &skip, &nh));
	n = ip4(buf, LOCAL, PEER + 1, 17, 30);               /* another host */
	assert_false(esp_tp_tx(&c, buf, n, &skip, &nh));
	assert_int_equal(esp_tp_stats()->tx_bad_selector, b.tx_bad_selector + 2);
	n = ip4(buf, LOCAL, PEER, 17, 30);
	assert_false(esp_tp_tx(&c, buf, n - 1, &skip, &nh)); /* truncated */
	assert_false(esp_tp_tx(&c, buf, 19, &skip, &nh));
	assert_int_equal(esp_tp_stats()->tx_bad_header, b.tx_bad_header + 2);
}

static void sa_init(struct ike_sa *s)
{
	memset(s, 0, sizeof *s);
	struct sockaddr_in *p = (struct sockaddr_in *)&s->peer, *l = (struct sockaddr_in *)&s->local;
	p->sin_family = l->sin_family = AF_INET;
	p->sin_addr.s_addr = htonl(PEER);
	l->sin_addr.s_addr = htonl(LOCAL);
	s->state = IKE_SA_ESTABLISHED;
}

static void test_index(void **state)
{
	(void)state;
	struct ike_sa s, n;
	sa_init(&s);
	sa_init(&n);
	struct ike_child a, b, t;
	child_init(&a, 0xc1000011);
	child_init(&b, 0xc1000012);
	child_init(&t, 0xc1000013);
	t.transport = false;                      /* a tunnel child is not indexed */
	const struct ike_sa *o = NULL;
	esp_tp_child_up(&s, &t);
	assert_null(esp_tp_out(PEER, &o));
	esp_tp_child_up(&s, &a);
	assert_ptr_equal(esp_tp_out(PEER, &o), &a);
	assert_ptr_equal(o, &s);
	assert_null(esp_tp_out(LOCAL, &o));
	esp_tp_child_up(&s, &b);                  /* rekey: the newest carries */
	assert_ptr_equal(esp_tp_out(PEER, &o), &b);
	b.rekeyed = true;
	assert_ptr_equal(esp_tp_out(PEER, &o), &a);
	esp_tp_take_over(&n, &s);                 /* IKE SA rekey */
	assert_ptr_equal(esp_tp_out(PEER, &o), &a);
	assert_ptr_equal(o, &n);
	n.state = IKE_SA_REKEYED;
	assert_null(esp_tp_out(PEER, &o));
	n.state = IKE_SA_ESTABLISHED;
	esp_tp_child_down(&a);
	esp_tp_child_down(&b);
	esp_tp_child_down(&t);
	assert_null(esp_tp_out(PEER, &o));
}

static void test_mode_decision(void **state)
{
	(void)state;
	/* tunnel sets answer everything; transport answers everything;
	 * transport require only a transport request */
	assert_true(ike_child_mode_fits(false, false, false));
	assert_true(ike_child_mode_fits(false, false, true));
	assert_true(ike_child_mode_fits(true, false, false));
	assert_true(ike_child_mode_fits(true, false, true));
	assert_false(ike_child_mode_fits(true, true, false));
	assert_true(ike_child_mode_fits(true, true, true));

	static struct ikev2_msg m;
	memset(&m, 0, sizeof m);
	bool refuse;
	assert_false(ike_child_mode_wanted(&m, NULL, &refuse));
	assert_false(refuse);
	m.nnotify = 1;
	m.notify[0].type = IKEV2_N_USE_TRANSPORT_MODE;
	assert_false(ike_child_mode_requested(&m));   /* outside SK: not counted */
	m.notify[0].inner = true;
	assert_true(ike_child_mode_wanted(&m, NULL, &refuse));
	struct ike_child old;
	child_init(&old, 0xc1000021);
	assert_true(ike_child_mode_wanted(&m, &old, &refuse));
	assert_false(refuse);
	old.transport = false;                        /* a tunnel child stays tunnel */
	assert_false(ike_child_mode_wanted(&m, &old, &refuse));
	assert_false(refuse);
	old.transport = true;
	m.nnotify = 0;                                /* transport rekeyed without the notify */
	assert_false(ike_child_mode_wanted(&m, &old, &refuse));
	assert_true(refuse);

	struct ike_sa s;
	sa_init(&s);
	struct ikev2_ts_list tsi = { .n = 2 }, tsr = { .n = 1 };
	ts_host(&tsi.ts[0], 0x0a000001, 0, 0, 65535);           /* not the peer */
	ts_host(&tsi.ts[1], PEER, 6, 0, 65535);
	memset(tsi.ts[1].start, 0, 4);                           /* 0.0.0.0 - PEER, TCP */
	ts_host(&tsr.ts[0], 0, 0, 0, 65535);
	memset(tsr.ts[0].end, 0xff, 4);                          /* anything */
	struct ikev2_ts oi, orr;
	assert_true(ike_child_mode_ts(&s, &tsi, &tsr, &oi, &orr));
	uint32_t pb = htonl(PEER), lb = htonl(LOCAL);
	assert_memory_equal(oi.start, &pb, 4);
	assert_memory_equal(oi.end, &pb, 4);
	assert_int_equal(oi.proto, 6);
	assert_memory_equal(orr.start, &lb, 4);
	assert_memory_equal(orr.end, &lb, 4);
	tsi.n = 1;                                               /* no selector holds the peer */
	assert_false(ike_child_mode_ts(&s, &tsi, &tsr, &oi, &orr));
	tsi.n = 2;                                               /* TSi fits, TSr does not: */
	ts_host(&tsr.ts[0], 0x0a000001, 0, 0, 65535);
	struct ikev2_ts keep_i = oi, keep_r = orr;
	memset(oi.start, 0xee, 4);
	keep_i = oi;
	assert_false(ike_child_mode_ts(&s, &tsi, &tsr, &oi, &orr));
	assert_memory_equal(&oi, &keep_i, sizeof oi);           /* outputs untouched */
	assert_memory_equal(&orr, &keep_r, sizeof orr);
	ts_host(&tsr.ts[0], 0, 0, 0, 65535);
	memset(tsr.ts[0].end, 0xff, 4);
	tsi.n = 2;
	s.assigned = 0x0a630001;                                 /* a virtual IP: tunnel only */
	assert_false(ike_child_mode_ts(&s, &tsi, &tsr, &oi, &orr));
	s.assigned = 0;
	s.peer.ss_family = AF_INET6;
	assert_false(ike_child_mode_ts(&s, &tsi, &tsr, &oi, &orr));
}

/* A transport packet through the data plane: the peer seals a UDP
 * payload (next header 17); esp_dp_rx decaps it, rebuilds the header and
 * would write it (no TUN here: rx_no_tun); a tunnel SA refuses next
 * header 17. */
static void test_dp_rx(void **state)
{
	(void)state;
	struct ike_child c;
	child_init(&c, 0xc1000031);
	esp_dp_child_up(&c);
	struct ike_child ic = c;
	ic.spi_in = c.spi_out;
	ic.spi_out = c.spi_in;
	struct esp_sa *cl = esp_sa_from_child(&ic, true, 64);
	assert_non_null(cl);
	uint8_t payload[40], pkt[200];
	memset(payload, 0, sizeof payload);
	payload[1] = 53, payload[3] = 53;
	struct esp_dp_stats b = *esp_dp_stats();
	struct esp_tp_stats tb = *esp_tp_stats();
	ssize_t n = esp_encap(cl, payload, sizeof payload, 17, pkt, sizeof pkt);
	assert_true(n > 0);
	struct sockaddr_storage ss = { 0 };
	esp_dp_rx(pkt, (size_t)n, &ss, &ss);
	assert_int_equal(esp_dp_stats()->rx_no_tun, b.rx_no_tun + 1);
	assert_int_equal(esp_dp_stats()->rx_bad_selector, b.rx_bad_selector);
	assert_int_equal(esp_tp_stats()->rx_ok, tb.rx_ok + 1);
	/* a TCP-only child: the UDP payload is outside its selectors */
	c.ts_i.proto = 6;
	n = esp_encap(cl, payload, sizeof payload, 17, pkt, sizeof pkt);
	esp_dp_rx(pkt, (size_t)n, &ss, &ss);
	assert_int_equal(esp_dp_stats()->rx_bad_selector, b.rx_bad_selector + 1);
	esp_dp_child_down(&c);
	esp_sa_free(cl);

	/* the same SA in tunnel mode: next header 17 is not an IP packet */
	c.transport = false;
	c.ts_i.proto = 0;
	ic.transport = false;
	struct esp_sa *tun = esp_sa_from_child(&c, false, 64), *tcl = esp_sa_from_child(&ic, true, 64);
	n = esp_encap(tcl, payload, sizeof payload, 17, pkt, sizeof pkt);
	size_t ilen;
	uint8_t nh, out[200];
	assert_int_equal(esp_decap(tun, pkt, (size_t)n, out, sizeof out, &ilen, &nh), ESP_DROP_NEXTHDR);
	esp_sa_free(tun);
	esp_sa_free(tcl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_rx_tx_checks),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_mode_decision),
		cmocka_unit_test(test_dp_rx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
