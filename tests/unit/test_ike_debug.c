/* IKEv2 debug lines (ikev2/ike_debug.c): the payload list of a message,
 * lengths checked (a bad chain stops the list, never reads past the end),
 * nothing printed while debugging is off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "base/log.h"
#include "ikev2/ike_debug.h"
#include "ikev2/msg.h"

static char last[600];

static void grab(const char *line, void *data)
{
	(void)data;
	snprintf(last, sizeof last, "%s", line);
}

static const char *last_line(void)
{
	last[0] = '\0';
	log_foreach(grab, NULL);
	return last;
}

static void addrs(struct sockaddr_storage *l, struct sockaddr_storage *p)
{
	memset(l, 0, sizeof *l);
	memset(p, 0, sizeof *p);
	struct sockaddr_in *a = (void *)l, *b = (void *)p;
	a->sin_family = b->sin_family = AF_INET;
	a->sin_port = b->sin_port = htons(500);
	inet_pton(AF_INET, "192.0.2.1", &a->sin_addr);
	inet_pton(AF_INET, "192.0.2.2", &b->sin_addr);
}

/* header + SA(8) + N(nonce, 8) + NOTIFY(NAT_DETECTION_SOURCE_IP, 8) */
static size_t message(uint8_t *m, uint16_t notify_len)
{
	memset(m, 0, 64);
	for (int i = 0; i < 8; i++)
		m[i] = (uint8_t)(0x11 * (i + 1));
	m[16] = IKEV2_PL_SA;
	m[17] = 0x20;
	m[18] = IKEV2_EXCH_IKE_SA_INIT;
	m[19] = 0x08;
	uint8_t *p = m + 28;
	p[0] = IKEV2_PL_NONCE, p[3] = 8;
	p += 8;
	p[0] = IKEV2_PL_NOTIFY, p[3] = 8;
	p += 8;
	p[0] = IKEV2_PL_NONE, p[2] = (uint8_t)(notify_len >> 8), p[3] = (uint8_t)notify_len;
	p[6] = 0x40, p[7] = 0x04; /* 16388 NAT_DETECTION_SOURCE_IP */
	return 28 + 24;
}

static void test_packet_line(void **st)
{
	(void)st;
	uint8_t m[64];
	struct sockaddr_storage l, p;
	addrs(&l, &p);
	size_t n = message(m, 8);
	log_clear();
	ike_debug_flags = IKE_DBG_PACKET;
	ike_debug_packet(NULL, false, &l, &p, m, n);
	const char *s = last_line();
	assert_non_null(strstr(s, "IKEv2:Received Packet [From 192.0.2.2:500/To 192.0.2.1:500/VRF i0:f0] "
				  "Initiator SPI : 1122334455667788 - Responder SPI : 0000000000000000 Message id: 0 "
				  "IKEv2 IKE_SA_INIT Exchange REQUEST Payload contents: SA N NOTIFY(NAT_DETECTION_SOURCE_IP)"));
	ike_debug_flags = 0;
}

static void test_bad_lengths(void **st)
{
	(void)st;
	uint8_t m[64];
	struct sockaddr_storage l, p;
	addrs(&l, &p);
	ike_debug_flags = IKE_DBG_DEFAULT;
	/* the last payload claims 200 octets: the list stops before it */
	size_t n = message(m, 200);
	log_clear();
	ike_debug_packet(NULL, true, &l, &p, m, n);
	const char *s = last_line();
	assert_non_null(strstr(s, "Sending Packet [To 192.0.2.2:500/From 192.0.2.1:500/VRF i0:f0]"));
	assert_non_null(strstr(s, "Payload contents: SA N"));
	assert_null(strstr(s, "NOTIFY"));
	/* a length below the generic header: nothing listed, no loop */
	n = message(m, 2);
	log_clear();
	ike_debug_packet(NULL, true, &l, &p, m, n);
	assert_null(strstr(last_line(), "NOTIFY"));
	/* shorter than a header: nothing at all */
	log_clear();
	ike_debug_packet(NULL, true, &l, &p, m, 27);
	assert_int_equal(log_count(), 0);
	ike_debug_flags = 0;
}

static void test_off(void **st)
{
	(void)st;
	uint8_t m[64];
	struct sockaddr_storage l, p;
	addrs(&l, &p);
	size_t n = message(m, 8);
	log_clear();
	ike_debug_flags = 0;
	ike_debug_packet(NULL, false, &l, &p, m, n);
	ike_debug(IKE_DBG_ERROR, NULL, "x");
	assert_int_equal(log_count(), 0);
	ike_debug_flags = IKE_DBG_ERROR;
	ike_debug(IKE_DBG_INTERNAL, NULL, "internal");
	assert_int_equal(log_count(), 0);
	ike_debug(IKE_DBG_ERROR, NULL, "failed");
	assert_non_null(strstr(last_line(), "IKEv2-ERROR:failed"));
	ike_debug_flags = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packet_line),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_off),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
