/* Inbound TCP coalescing (ipsec/esp_gro.c), written to a SOCK_SEQPACKET
 * pair instead of a TUN (one message per write, as a TUN takes them):
 * contiguous segments become one GSO super-packet with a correct IP header
 * and the TCP pseudo-header sum; a gap, another flow, a bad checksum, a
 * PSH, a short segment, non-TCP each end the run and go as they are. */
#include <linux/virtio_net.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "ipsec/esp_gro.h"

static uint64_t sum16(const uint8_t *p, size_t len, uint64_t s)
{
	for (; len >= 2; p += 2, len -= 2)
		s += (uint64_t)(p[0] << 8 | p[1]);
	if (len)
		s += (uint64_t)p[0] << 8;
	return s;
}

static uint16_t fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* A TCP/IPv4 segment 10.99.0.1:40000 -> 10.10.0.2:5201 (sport changes
 * the flow) with a 12-octet timestamp option, pay octets of payload. */
static uint8_t df = 0x40;   /* IP flags octet of the next seg() */
static uint16_t ip_id;

static size_t seg(uint8_t *p, uint32_t seq, size_t pay, uint8_t flags, uint16_t sport)
{
	size_t len = 20 + 32 + pay;
	memset(p, 0, len);
	p[0] = 0x45, p[2] = (uint8_t)(len >> 8), p[3] = (uint8_t)len, p[6] = df, p[8] = 64, p[9] = 6;
	p[4] = (uint8_t)(ip_id >> 8), p[5] = (uint8_t)ip_id;
	p[12] = 10, p[13] = 99, p[15] = 1, p[16] = 10, p[17] = 10, p[19] = 2;
	uint16_t ck = (uint16_t)~fold(sum16(p, 20, 0));
	p[10] = (uint8_t)(ck >> 8), p[11] = (uint8_t)ck;
	uint8_t *t = p + 20;
	t[0] = (uint8_t)(sport >> 8), t[1] = (uint8_t)sport, t[2] = 0x14, t[3] = 0x51;
	t[4] = (uint8_t)(seq >> 24), t[5] = (uint8_t)(seq >> 16), t[6] = (uint8_t)(seq >> 8), t[7] = (uint8_t)seq;
	t[11] = 1, t[12] = 8 << 4, t[13] = flags, t[14] = 0x01, t[15] = 0xf5;
	t[20] = 1, t[21] = 1, t[22] = 8, t[23] = 10, t[27] = 7;
	for (size_t i = 0; i < pay; i++)
		t[32 + i] = (uint8_t)(seq + i);
	uint64_t ps = sum16(p + 12, 8, 0) + 6 + (len - 20);
	ck = (uint16_t)~fold(sum16(t, len - 20, ps));
	t[16] = (uint8_t)(ck >> 8), t[17] = (uint8_t)ck;
	return len;
}

static int sp[2];
static struct esp_gro *g;

static int setup(void **state)
{
	(void)state;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp))
		return -1;
	int big = 1 << 20;
	setsockopt(sp[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
	g = esp_gro_new(sp[0]);
	return g ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	esp_gro_free(g);
	close(sp[0]);
	close(sp[1]);
	return 0;
}

/* Next message: its virtio header and IP packet length. */
static size_t next(struct virtio_net_hdr *h, uint8_t *ip)
{
	static uint8_t b[ESP_GRO_VNET_LEN + 70000];
	ssize_t n = recv(sp[1], b, sizeof b, MSG_DONTWAIT);
	assert_true(n >= ESP_GRO_VNET_LEN);
	memcpy(h, b, sizeof *h);
	memcpy(ip, b + ESP_GRO_VNET_LEN, (size_t)n - ESP_GRO_VNET_LEN);
	return (size_t)n - ESP_GRO_VNET_LEN;
}

static void no_more(void)
{
	uint8_t b[16];
	assert_true(recv(sp[1], b, sizeof b, MSG_DONTWAIT) < 0);
}

static void test_merge(void **state)
{
	(void)state;
	static uint8_t p[2000], ip[70000];
	uint32_t seq = 1000;
	for (int i = 0; i < 5; i++, seq += 1000)
		assert_int_equal(esp_gro_add(g, p, seg(p, seq, 1000, 0x10, 40000)), 0);
	no_more(); /* held until the flush */
	assert_int_equal(esp_gro_flush(g), 0);
	struct virtio_net_hdr h;
	size_t n = next(&h, ip);
	assert_int_equal(n, 52 + 5000);
	assert_int_equal(h.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(h.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(h.gso_size, 1000);
	assert_int_equal(h.hdr_len, 52);
	assert_int_equal(h.csum_start, 20);
	assert_int_equal(h.csum_offset, 16);
	assert_int_equal(ip[2] << 8 | ip[3], n);
	assert_int_equal(fold(sum16(ip, 20, 0)), 0xffff);                 /* IP header checksum */
	uint16_t want = fold(sum16(ip + 12, 8, 0) + 6 + (n - 20));         /* pseudo-header sum */
	assert_int_equal(ip[36] << 8 | ip[37], want);
	for (size_t i = 0; i < 5000; i++) /* payload in order */
		assert_int_equal(ip[52 + i], (uint8_t)(1000 + i));
	/* completing the checksum as the kernel does gives a valid segment */
	ip[36] = ip[37] = 0;
	uint16_t full = (uint16_t)~fold(sum16(ip + 20, n - 20, sum16(ip + 12, 8, 0) + 6 + (n - 20)));
	ip[36] = (uint8_t)(full >> 8), ip[37] = (uint8_t)full;
	assert_int_equal(fold(sum16(ip + 20, n - 20, sum16(ip + 12, 8, 0) + 6 + (n - 20))), 0xffff);
	no_more();
	assert_int_equal(esp_gro_stats(g)->merged, 4);
}

static void test_breaks(void **state)
{
	(void)state;
	static uint8_t p[2000], ip[70000];
	struct virtio_net_hdr h;
	size_t n;
	/* a gap in the sequence: two single packets, written unchanged */
	size_t l1 = seg(p, 1, 1000, 0x10, 40000);
	esp_gro_add(g, p, l1);
	esp_gro_add(g, p, seg(p, 5001, 1000, 0x10, 40000));
	esp_gro_flush(g);
	n = next(&h, ip);
	assert_int_equal(n, l1);
	assert_int_equal(h.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	assert_int_equal(h.flags, 0);
	n = next(&h, ip);
	assert_int_equal(h.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	no_more();
	/* another flow; then a bad checksum; then PSH ends a run; a short one ends it too */
	esp_gro_add(g, p, seg(p, 1, 1000, 0x10, 40000));
	esp_gro_add(g, p, seg(p, 1001, 1000, 0x10, 40001));
	size_t lb = seg(p, 2001, 1000, 0x10, 40001);
	p[100] ^= 1;
	esp_gro_add(g, p, lb); /* bad: flushes 40001's, goes alone */
	esp_gro_add(g, p, seg(p, 1, 1000, 0x10, 40002));
	esp_gro_add(g, p, seg(p, 1001, 1000, 0x18, 40002)); /* PSH: merged, then closed */
	esp_gro_add(g, p, seg(p, 2001, 1000, 0x10, 40002));
	esp_gro_add(g, p, seg(p, 3001, 500, 0x10, 40002));  /* short: merged, closed */
	esp_gro_add(g, p, seg(p, 3501, 500, 0x10, 40002));
	uint8_t udp[28] = { 0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17 };
	esp_gro_add(g, udp, sizeof udp); /* not TCP */
	esp_gro_flush(g);
	size_t want[] = { 1052, 1052, lb, 2052, 1552, 552, 28 };
	int gso[] = { 0, 0, 0, 1, 1, 0, 0 };
	for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
		n = next(&h, ip);
		assert_int_equal(n, want[i]);
		assert_int_equal(h.gso_type, gso[i] ? VIRTIO_NET_HDR_GSO_TCPV4 : VIRTIO_NET_HDR_GSO_NONE);
	}
	assert_int_equal(ip[9], 17);
	no_more();
}

/* Without DF, only segments whose IP IDs count up are merged. */
static void test_ids(void **state)
{
	(void)state;
	static uint8_t p[2000], ip[70000];
	struct virtio_net_hdr h;
	df = 0;
	ip_id = 7;
	esp_gro_add(g, p, seg(p, 1, 1000, 0x10, 40000));
	ip_id = 8;
	esp_gro_add(g, p, seg(p, 1001, 1000, 0x10, 40000)); /* 7, 8: merged */
	ip_id = 10;
	esp_gro_add(g, p, seg(p, 2001, 1000, 0x10, 40000)); /* 10 after 8: not */
	esp_gro_flush(g);
	df = 0x40;
	assert_int_equal(next(&h, ip), 2052);
	assert_int_equal(h.gso_type, VIRTIO_NET_HDR_GSO_TCPV4);
	assert_int_equal(next(&h, ip), 1052);
	assert_int_equal(h.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	no_more();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ids, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
