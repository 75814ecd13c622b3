/*
 * ipsec/pkt_ring and ipsec/tun_io: the ring's edges (full, wrap, order,
 * tags), then the two TUN threads against a real TUN device in a network
 * namespace of the test's own (root only; skipped otherwise): thousands of
 * packets each way arrive complete and in order, read ones reach on_rx on
 * the loop thread.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/loop.h"
#include "ipsec/pkt_ring.h"
#include "ipsec/tun_io.h"

static void test_ring_edges(void **state)
{
	(void)state;
	struct pkt_ring r;
	assert_int_equal(pkt_ring_init(&r, 6, 64), -1); /* not a power of two */
	assert_int_equal(pkt_ring_init(&r, 4, 64), 0);
	for (unsigned round = 0; round < 3; round++) { /* head and tail wrap */
		for (unsigned i = 0; i < 4; i++) {
			uint8_t *s = pkt_ring_slot(&r);
			assert_non_null(s);
			memset(s, (int)(round * 4 + i), 64);
			pkt_ring_push(&r, 10 + i, round * 100 + i);
		}
		assert_null(pkt_ring_slot(&r)); /* full */
		assert_int_equal(pkt_ring_count(&r), 4);
		for (unsigned i = 0; i < 4; i++) {
			size_t len;
			uint32_t tag;
			uint8_t *s = pkt_ring_at(&r, i, &len, &tag);
			assert_int_equal(s[0], round * 4 + i);
			assert_int_equal(s[63], round * 4 + i);
			assert_int_equal(len, 10 + i);
			assert_int_equal(tag, round * 100 + i);
		}
		pkt_ring_pop(&r, 1);
		assert_non_null(pkt_ring_slot(&r)); /* one free again */
		pkt_ring_pop(&r, 3);
		assert_int_equal(pkt_ring_count(&r), 0);
	}
	pkt_ring_free(&r);
}

#define NPKT 3000
#define PORT 40123

static uint16_t csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* A UDP/IPv4 packet 10.77.0.2 -> 10.77.0.1:PORT carrying seq (no UDP checksum). */
static size_t make_pkt(uint8_t *b, uint32_t seq)
{
	memset(b, 0, 32);
	b[0] = 0x45;
	b[3] = 32;
	b[8] = 64;
	b[9] = 17;
	b[12] = 10, b[13] = 77, b[15] = 2;
	b[16] = 10, b[17] = 77, b[19] = 1;
	uint16_t c = csum(b, 20);
	b[10] = (uint8_t)(c >> 8), b[11] = (uint8_t)c;
	b[20] = 0x30, b[21] = 0x39;
	b[22] = PORT >> 8, b[23] = PORT & 0xff;
	b[25] = 12;
	memcpy(b + 28, &seq, 4);
	return 32;
}

static struct tun_io *io;
static uint32_t rx_next;    /* seq the loop expects next from the reader */
static int rx_bad;
static pthread_t loop_thread;

static void on_rx(void *ctx)
{
	(void)ctx;
	if (!pthread_equal(pthread_self(), loop_thread))
		rx_bad++;
	unsigned n = tun_io_rx_count(io);
	for (unsigned i = 0; i < n; i++) {
		size_t len;
		uint8_t *p = tun_io_rx_at(io, i, &len) + 16;
		/* what the kernel routed into the TUN: our UDP datagrams to 10.77.0.2 */
		uint32_t seq;
		if (len != 32 || p[9] != 17) {
			continue; /* something else the kernel sent (none expected) */
		}
		memcpy(&seq, p + 28, 4);
		if (seq != rx_next)
			rx_bad++;
		rx_next = seq + 1;
	}
	tun_io_rx_pop(io, n);
	if (rx_next == NPKT)
		loop_stop();
}

static void give_up(void *data)
{
	(void)data;
	loop_stop();
}

static int tun_up(void)
{
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	strcpy(ifr.ifr_name, "tio0");
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	inet_pton(AF_INET, "10.77.0.1", &a.sin_addr);
	int ok = ioctl(fd, TUNSETIFF, &ifr) == 0;
	memcpy(&ifr.ifr_addr, &a, sizeof a);
	ok = ok && ioctl(s, SIOCSIFADDR, &ifr) == 0;
	inet_pton(AF_INET, "255.255.255.0", &a.sin_addr);
	memcpy(&ifr.ifr_netmask, &a, sizeof a);
	ok = ok && ioctl(s, SIOCSIFNETMASK, &ifr) == 0;
	ifr.ifr_qlen = 8192;
	ok = ok && ioctl(s, SIOCSIFTXQLEN, &ifr) == 0;
	ok = ok && ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
	ifr.ifr_flags |= IFF_UP;
	ok = ok && ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
	close(s);
	if (!ok) {
		close(fd);
		return -1;
	}
	return fd;
}

static void test_threads_real_tun(void **state)
{
	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) != 0) {
		print_message("skipped: needs root for a network namespace and a TUN\n");
		skip();
	}
	int fd = tun_up();
	assert_true(fd >= 0);
	loop_thread = pthread_self();
	assert_int_equal(loop_init(), 0);
	io = tun_io_start(fd, 2048, 16, 1500, on_rx, NULL);
	assert_non_null(io);

	/* loop -> writer thread -> TUN -> kernel -> our UDP socket, in order */
	int u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int big = 4 << 20;
	setsockopt(u, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	inet_pton(AF_INET, "10.77.0.1", &a.sin_addr);
	assert_int_equal(bind(u, (struct sockaddr *)&a, sizeof a), 0);
	uint32_t got = 0;
	int out_of_order = 0;
	for (uint32_t seq = 0; seq < NPKT; seq++) {
		uint8_t b[32];
		struct iovec iov = { b, make_pkt(b, seq) };
		while (tun_io_write(io, &iov, 1, 1) != 0) /* ring full: let the writer drain */
			usleep(100);
		if (seq % 64 == 63)
			tun_io_kick(io);
	}
	tun_io_kick(io);
	for (int spins = 0; got < NPKT && spins < 2000; spins++) {
		struct pollfd p = { u, POLLIN, 0 };
		if (poll(&p, 1, 5) <= 0)
			continue;
		uint32_t seq;
		uint8_t b[16];
		while (recv(u, b, sizeof b, MSG_DONTWAIT) == 4) {
			memcpy(&seq, b, 4);
			out_of_order += seq != got;
			got = seq + 1;
		}
	}
	assert_int_equal(got, NPKT);
	assert_int_equal(out_of_order, 0);

	/* kernel -> TUN -> reader thread -> on_rx on the loop thread, in order */
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	inet_pton(AF_INET, "10.77.0.2", &to.sin_addr);
	for (uint32_t seq = 0; seq < NPKT; seq++) {
		if (sendto(u, &seq, 4, 0, (struct sockaddr *)&to, sizeof to) != 4 && errno == ENOBUFS) {
			usleep(1000);
			seq--;
		}
		if (seq % 256 == 255)
			usleep(2000); /* the kernel's TUN queue is finite: pace the source */
	}
	loop_timer(10000, give_up, NULL); /* bounded */
	loop_run();
	assert_int_equal(rx_next, NPKT);
	assert_int_equal(rx_bad, 0);

	struct tun_io_stats st;
	tun_io_get_stats(io, &st);
	assert_int_equal(st.write_err_segs, 0);
	assert_true(st.writes >= NPKT);
	assert_true(st.reads >= NPKT);
	tun_io_stop(io, NULL);
	close(u);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ring_edges),
		cmocka_unit_test(test_threads_real_tun),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
