/* The IKE/NAT-T sockets' batch paths (ikev2/ike_socket.c) on loopback:
 * recvmmsg demux of a burst larger than one batch (ESP, IKE behind the
 * non-ESP marker, keepalive, runt), and ike_send_esp_batch: UDP GSO
 * trains (same size, same peer, a shorter last one) arrive as the exact
 * datagrams they were, in order, next to single ones and other peers. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/loop.h"
#include "ikev2/ike_socket.h"

static unsigned n_esp, n_ike, esp_bad;
static size_t ike_len;

static void on_ike(const struct ike_dgram *d)
{
	n_ike++;
	ike_len = d->len;
}

static void on_esp(const uint8_t *p, size_t len, const struct sockaddr_storage *peer,
		   const struct sockaddr_storage *local)
{
	(void)local;
	/* datagram k: 8 + k octets, SPI 0x0100 + k, then k repeated */
	unsigned k = (unsigned)(len - 8);
	if (peer->ss_family != AF_INET || p[0] != 0 || p[1] != 0 || p[2] != 1 || p[3] != k)
		esp_bad++;
	for (size_t i = 4; i < len; i++)
		if (p[i] != (uint8_t)k)
			esp_bad++;
	n_esp++;
}

static void stop(void *d)
{
	(void)d;
	loop_stop();
}

static int udp_at(struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t l = sizeof *sa;
	if (fd < 0 || bind(fd, (struct sockaddr *)sa, sizeof *sa) || getsockname(fd, (struct sockaddr *)sa, &l))
		return -1;
	struct timeval tv = { 1, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	return fd;
}

static uint16_t port_base(void)
{
	return (uint16_t)(20000 + (getpid() % 20000));
}

static void test_rx_burst(void **state)
{
	(void)state;
	assert_int_equal(loop_init(), 0);
	uint16_t p = port_base();
	if (ike_socket_open(p, (uint16_t)(p + 1), on_ike, on_esp) != 0)
		skip(); /* ports taken: nothing to learn here */
	struct sockaddr_in me, natt = { .sin_family = AF_INET, .sin_port = htons((uint16_t)(p + 1)),
					.sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = udp_at(&me);
	assert_true(fd >= 0);
	uint8_t b[200];
	unsigned want = 100; /* more than one recvmmsg batch, more than one round */
	for (unsigned k = 0; k < want; k++) {
		memset(b, (int)k, sizeof b);
		b[0] = 0, b[1] = 0, b[2] = 1, b[3] = (uint8_t)k;
		assert_int_equal(sendto(fd, b, 8 + k, 0, (struct sockaddr *)&natt, sizeof natt), (ssize_t)(8 + k));
	}
	uint8_t ka = 0xff, ike[40] = { 0 }, runt[3] = { 1, 2, 3 };
	sendto(fd, &ka, 1, 0, (struct sockaddr *)&natt, sizeof natt);
	sendto(fd, ike, sizeof ike, 0, (struct sockaddr *)&natt, sizeof natt);
	sendto(fd, runt, sizeof runt, 0, (struct sockaddr *)&natt, sizeof natt);
	unsigned long ka0 = ike_socket_stats()->keepalives, short0 = ike_socket_stats()->dropped_short;
	loop_timer(300, stop, NULL);
	loop_run();
	assert_int_equal(n_esp, want);
	assert_int_equal(esp_bad, 0);
	assert_int_equal(n_ike, 1);
	assert_int_equal(ike_len, sizeof ike - 4); /* the marker stripped */
	assert_int_equal(ike_socket_stats()->keepalives, ka0 + 1);
	assert_int_equal(ike_socket_stats()->dropped_short, short0 + 1);
	close(fd);
	ike_socket_close();
}

static void test_tx_batch(void **state)
{
	(void)state;
	uint16_t p = port_base();
	if (ike_socket_open((uint16_t)(p + 2), (uint16_t)(p + 3), on_ike, on_esp) != 0)
		skip();
	struct sockaddr_in ra, rb;
	int a = udp_at(&ra), bfd = udp_at(&rb);
	assert_true(a >= 0 && bfd >= 0);
	/* to a: 5 x 300 (a train), 1 x 120 (its shorter last), 2 x 300, then b, then a 3 x 77 */
	static const size_t lens[] = { 300, 300, 300, 300, 300, 120, 300, 300, 50, 77, 77, 77 };
	static const int to_b[] = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
	enum { N = sizeof lens / sizeof lens[0] };
	static uint8_t data[N][300];
	struct ike_esp_out v[N];
	memset(v, 0, sizeof v);
	for (unsigned i = 0; i < N; i++) {
		memset(data[i], (int)(i + 1), lens[i]);
		memcpy(&v[i].peer, to_b[i] ? &rb : &ra, sizeof ra);
		v[i].data = data[i];
		v[i].len = lens[i];
	}
	assert_int_equal(ike_send_esp_batch(v, N), N);
	uint8_t buf[2000];
	for (unsigned i = 0; i < N; i++) {
		ssize_t n = recv(to_b[i] ? bfd : a, buf, sizeof buf, 0);
		assert_int_equal(n, (ssize_t)lens[i]);
		for (size_t k = 0; k < lens[i]; k++)
			assert_int_equal(buf[k], i + 1);
	}
	assert_true(recv(a, buf, sizeof buf, MSG_DONTWAIT) < 0); /* nothing more */
	close(a);
	close(bfd);
	ike_socket_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rx_burst),
		cmocka_unit_test(test_tx_batch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
