/*
 * ipsec/esp_gso: a TCP/IPv4 super-packet as the TUN hands it over (virtio
 * header, partial checksum) is cut into segments a receiver accepts: valid
 * IP and TCP checksums, consecutive sequence numbers and IDs, FIN/PSH only
 * on the last, CWR only on the first, the payload in order; a partial UDP
 * checksum is completed; malformed headers are refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <linux/virtio_net.h>
#include <string.h>

#include "ipsec/esp_gso.h"
#include "ipsec/inet_csum.h"

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (; n >= 2; p += 2, n -= 2)
		s += (uint32_t)(p[0] << 8 | p[1]);
	if (n)
		s += (uint32_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* Does the IPv4 header, and the TCP/UDP checksum over the pseudo-header, verify? */
static int ip_ok(const uint8_t *ip, size_t len)
{
	return fold(sum16(ip, 20, 0)) == 0xffff && (size_t)(ip[2] << 8 | ip[3]) == len;
}

static int l4_ok(const uint8_t *ip, size_t len)
{
	uint32_t s = sum16(ip + 12, 8, 0) + ip[9] + (uint32_t)(len - 20);
	return fold(sum16(ip + 20, len - 20, s)) == 0xffff;
}

#define PAY 3500
#define MSS 1000

static uint8_t pkt[20 + 32 + PAY];

/* IPv4 10.0.0.1 -> 10.0.0.2, TCP with 12 octets of options, flags f. */
static size_t make_tcp(uint8_t f)
{
	size_t len = sizeof pkt;
	memset(pkt, 0, 52);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(len >> 8), pkt[3] = (uint8_t)len;
	pkt[4] = 0x12, pkt[5] = 0x34; /* id */
	pkt[8] = 64, pkt[9] = 6;
	pkt[12] = 10, pkt[15] = 1, pkt[16] = 10, pkt[19] = 2;
	uint8_t *th = pkt + 20;
	th[0] = 0x30, th[1] = 0x39, th[2] = 0x14, th[3] = 0x51;
	th[4] = 0xff, th[5] = 0xff, th[6] = 0xfe, th[7] = 0x00; /* seq wraps within the packet */
	th[12] = 8 << 4;
	th[13] = f;
	th[32 - 12] = 1, th[33 - 12] = 1, th[34 - 12] = 8, th[35 - 12] = 10; /* NOP NOP TS */
	for (size_t i = 0; i < PAY; i++)
		pkt[52 + i] = (uint8_t)(i * 7 + 3);
	return len;
}

static void vnet(uint8_t *h, uint8_t flags, uint8_t gso, uint16_t hdr_len, uint16_t size, uint16_t start,
		 uint16_t off)
{
	struct virtio_net_hdr v = { .flags = flags, .gso_type = gso, .hdr_len = hdr_len, .gso_size = size,
				    .csum_start = start, .csum_offset = off };
	memcpy(h, &v, sizeof v);
}

static void test_cut_tcp4(void **state)
{
	(void)state;
	size_t len = make_tcp(0x80 | 0x10 | 0x08 | 0x01); /* CWR ACK PSH FIN */
	uint8_t h[10];
	vnet(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4, 52, MSS, 20, 16);
	struct esp_gso_iter it;
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), 4);
	uint8_t seg[2048], payload[PAY];
	size_t got = 0;
	long n;
	unsigned i = 0;
	while ((n = esp_gso_next(&it, seg, sizeof seg)) > 0) {
		size_t pay = (size_t)n - 52;
		assert_int_equal(pay, i < 3 ? MSS : PAY - 3 * MSS);
		assert_true(ip_ok(seg, (size_t)n));
		assert_true(l4_ok(seg, (size_t)n));
		assert_int_equal(seg[4] << 8 | seg[5], 0x1234 + i);
		uint32_t seq = (uint32_t)seg[24] << 24 | (uint32_t)seg[25] << 16 | (uint32_t)seg[26] << 8 | seg[27];
		assert_int_equal(seq, 0xfffffe00u + i * MSS);
		uint8_t f = seg[33];
		assert_int_equal(!!(f & 0x80), i == 0);      /* CWR first */
		assert_int_equal(!!(f & 0x09), i == 3);      /* FIN, PSH last */
		assert_true(f & 0x10);                        /* ACK on all */
		assert_memory_equal(seg + 40, pkt + 40, 12);  /* options kept */
		memcpy(payload + got, seg + 52, pay);
		got += pay;
		i++;
	}
	assert_int_equal(n, 0);
	assert_int_equal(i, 4);
	assert_int_equal(got, PAY);
	assert_memory_equal(payload, pkt + 52, PAY);

	/* too small an output buffer: refused, not overrun */
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), 4);
	assert_int_equal(esp_gso_next(&it, seg, 100), -1);
}

static void test_plain_csum(void **state)
{
	(void)state;
	/* UDP 10.0.0.1 -> 10.0.0.2, 11 octets of payload, checksum left partial:
	 * the field holds the pseudo-header sum, as the kernel leaves it */
	uint8_t u[39] = { 0x45, 0, 0, 39, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
			  0x04, 0xd2, 0x16, 0x2e, 0, 19, 0, 0, 'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd' };
	uint16_t ic = (uint16_t)~fold(sum16(u, 20, 0));
	u[10] = (uint8_t)(ic >> 8), u[11] = (uint8_t)ic;
	uint16_t ph = fold(sum16(u + 12, 8, 0) + 17 + 19);
	u[26] = (uint8_t)(ph >> 8), u[27] = (uint8_t)ph;
	uint8_t h[10];
	vnet(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_NONE, 0, 0, 20, 6);
	struct esp_gso_iter it;
	assert_int_equal(esp_gso_begin(&it, h, u, sizeof u), 1);
	assert_int_equal(it.segs, 0);
	assert_true(l4_ok(u, sizeof u));
	/* no flag: left alone */
	uint8_t before[39];
	memcpy(before, u, sizeof u);
	vnet(h, 0, VIRTIO_NET_HDR_GSO_NONE, 0, 0, 0, 0);
	assert_int_equal(esp_gso_begin(&it, h, u, sizeof u), 1);
	assert_memory_equal(before, u, sizeof u);
}

/* inet_sum (eight octets a step, native loads) equals the plain RFC 1071
 * sum for every length and alignment. */
static void test_inet_sum(void **state)
{
	(void)state;
	uint8_t b[300];
	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)(i * 151 + 17);
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len + off <= sizeof b; len++)
			assert_int_equal(inet_fold(inet_sum(b + off, len, 0x1234)), fold(sum16(b + off, len, 0x1234)));
	memset(b, 0xff, sizeof b); /* the largest words: carries */
	assert_int_equal(inet_fold(inet_sum(b, 257, 0)), fold(sum16(b, 257, 0)));
}

static void test_malformed(void **state)
{
	(void)state;
	size_t len = make_tcp(0x10);
	uint8_t h[10];
	struct esp_gso_iter it;
	/* checksum position outside the packet */
	vnet(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_NONE, 0, 0, (uint16_t)len, 16);
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	vnet(h, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_NONE, 0, 0, 20, (uint16_t)(len - 21));
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	/* kinds not offered */
	vnet(h, 0, VIRTIO_NET_HDR_GSO_UDP, 0, MSS, 0, 0);
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	vnet(h, 0, VIRTIO_NET_HDR_GSO_TCPV6, 0, MSS, 0, 0);
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	/* zero segment size, IP options, not TCP, TCP header past the end */
	vnet(h, 0, VIRTIO_NET_HDR_GSO_TCPV4, 52, 0, 0, 0);
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	vnet(h, 0, VIRTIO_NET_HDR_GSO_TCPV4, 52, MSS, 0, 0);
	pkt[0] = 0x46;
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	pkt[0] = 0x45;
	pkt[9] = 17;
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	pkt[9] = 6;
	pkt[32] = 0xf0; /* 60-octet TCP header: still inside */
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), 4);
	assert_int_equal(esp_gso_begin(&it, h, pkt, 70), -1); /* ... but not inside 70 octets */
	pkt[32] = 0x10; /* 4 octets: too short */
	assert_int_equal(esp_gso_begin(&it, h, pkt, len), -1);
	assert_int_equal(esp_gso_begin(&it, h, pkt, 30), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_tcp4),
		cmocka_unit_test(test_plain_csum),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_inet_sum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
