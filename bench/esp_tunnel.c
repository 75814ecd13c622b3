/*
 * The ESP client side of bench/esp-throughput (ike-loadgen -E): once the
 * generator's one IKE SA is up, carry a TUN device's packets in ESP-in-UDP
 * (RFC 3948) over the generator's socket, with flexd's own ESP layer
 * (ipsec/esp.h), as fast as it goes: a TX thread (TUN -> esp_encap in
 * place -> sendmmsg) and an RX thread (recvmmsg -> esp_decap -> TUN).  A
 * load generator, not a gateway: it stops with the process (SIGTERM).
 *
 * The two threads share the esp_sa: TX uses only its outbound half
 * (context, sequence number, IV pool, enc counters), RX only the inbound
 * half (context, replay window, dec counters); only the drop counters of a
 * failing packet are common (a lost increment there is harmless here).
 */
#include "bench/esp_tunnel.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ikev2/ike_socket.h"
#include "ipsec/esp.h"
#include "ipsec/esp_gro.h"
#include "ipsec/esp_gso.h"
#include "ipsec/esp_transport.h"

#define BATCH 64
#define HEAD  32           /* >= esp_inner_offset() */
#define SLOT  (HEAD + 9216 + ESP_MAX_OVERHEAD)

static struct esp_sa *tsa;
static int tun_fd, udp_fd;
static struct sockaddr_in to;
static unsigned long tx_pkts, rx_pkts, rx_bad;
static bool tp;                    /* transport mode: tp_local <-> tp_remote */
/* Tunnel mode: the TUN with the offloads flexd's gateway uses (TSO reads
 * cut by esp_gso, GRO writes by esp_gro, UDP GSO sends), so the client is
 * not what limits the gateway's figures; ET_CLIENT_PLAIN=1: packet by packet. */
static struct esp_gro *gro;
static uint32_t tp_local, tp_remote;

void esp_tunnel_set_transport(uint32_t local, uint32_t remote)
{
	tp = true;
	tp_local = local;
	tp_remote = remote;
}

static void *rx_loop(void *arg)
{
	(void)arg;
	static uint8_t buf[BATCH][SLOT], inner[SLOT];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	for (;;) {
		memset(mm, 0, sizeof mm);
		for (int i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){ buf[i], sizeof buf[i] };
			mm[i].msg_hdr.msg_iov = &iov[i];
			mm[i].msg_hdr.msg_iovlen = 1;
		}
		struct pollfd p = { .fd = udp_fd, .events = POLLIN };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return NULL;
		int n = recvmmsg(udp_fd, mm, BATCH, MSG_DONTWAIT, NULL);
		for (int i = 0; i < n; i++) {
			size_t len = mm[i].msg_len, ilen;
			uint8_t nh;
			/* 4 zero octets: IKE behind the non-ESP marker (ignored now) */
			if (len < 8 || !(buf[i][0] | buf[i][1] | buf[i][2] | buf[i][3]))
				continue;
			uint8_t *in = tp ? inner + ESP_TP_IP4_HDR : inner; /* room for the header */
			if (esp_decap(tsa, buf[i], len, in, sizeof inner - (size_t)(in - inner), &ilen, &nh) != ESP_OK) {
				rx_bad++;
				continue;
			}
			if (tp && !(ilen = esp_tp_ip4_build(inner, ilen, tp_remote, tp_local, nh))) {
				rx_bad++;
				continue;
			}
			if (gro) {
				esp_gro_add(gro, inner, ilen);
				rx_pkts++;
			} else if (write(tun_fd, inner, ilen) == (ssize_t)ilen) {
				rx_pkts++;
			}
		}
		if (gro)
			esp_gro_flush(gro);
	}
}

/* Tunnel mode with offloads: one read is a packet or a TSO super-packet;
 * each packet or segment is sealed in its slot, trains go out as UDP GSO. */
static void tx_loop_offload(void)
{
	static uint8_t slot[BATCH][SLOT], rbuf[ESP_GRO_VNET_LEN + 65536];
	static struct ike_esp_out out[BATCH];
	size_t off = esp_inner_offset(tsa);
	unsigned n = 0;
	for (;;) {
		struct pollfd p = { .fd = tun_fd, .events = POLLIN };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return;
		for (int reads = 0; reads < BATCH; reads++) {
			ssize_t r = read(tun_fd, rbuf, sizeof rbuf);
			if (r <= ESP_GRO_VNET_LEN)
				break;
			uint8_t *ip = rbuf + ESP_GRO_VNET_LEN;
			size_t len = (size_t)r - ESP_GRO_VNET_LEN;
			struct esp_gso_iter it;
			if (esp_gso_begin(&it, rbuf, ip, len) < 0 || (!it.segs && len > SLOT - HEAD - ESP_MAX_OVERHEAD))
				continue;
			for (;;) {
				long m;
				if (it.segs) {
					m = esp_gso_next(&it, slot[n] + HEAD, SLOT - HEAD - ESP_MAX_OVERHEAD);
				} else {
					memcpy(slot[n] + HEAD, ip, len);
					m = (long)len;
				}
				if (m <= 0)
					break;
				uint8_t *pkt = slot[n] + HEAD - off;
				ssize_t e = esp_encap(tsa, slot[n] + HEAD, (size_t)m,
						      (slot[n][HEAD] >> 4) == 6 ? ESP_NH_IPV6 : ESP_NH_IPV4, pkt, SLOT - HEAD + off);
				if (e > 0) {
					out[n] = (struct ike_esp_out){ .data = pkt, .len = (size_t)e };
					memcpy(&out[n].peer, &to, sizeof to);
					if (++n == BATCH) {
						tx_pkts += ike_send_esp_batch_on(udp_fd, out, n);
						n = 0;
					}
				}
				if (!it.segs)
					break;
			}
		}
		tx_pkts += ike_send_esp_batch_on(udp_fd, out, n);
		n = 0;
	}
}

static void tx_loop(void)
{
	static uint8_t slot[BATCH][SLOT];
	struct mmsghdr mm[BATCH];
	struct iovec iov[BATCH];
	size_t off = esp_inner_offset(tsa);
	for (;;) {
		struct pollfd p = { .fd = tun_fd, .events = POLLIN };
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return;
		int n = 0;
		while (n < BATCH) {
			ssize_t r = read(tun_fd, slot[n] + HEAD, SLOT - HEAD - ESP_MAX_OVERHEAD);
			if (r <= 0)
				break;
			size_t skip = 0;
			uint8_t nh = (slot[n][HEAD] >> 4) == 6 ? ESP_NH_IPV6 : ESP_NH_IPV4;
			struct esp_tp_ip4 h;
			if (tp) { /* only ours to the server, without the IPv4 header */
				if (!esp_tp_ip4_parse(slot[n] + HEAD, (size_t)r, &h) || h.src != tp_local ||
				    h.dst != tp_remote)
					continue;
				skip = h.hl;
				nh = h.proto;
			}
			uint8_t *pkt = slot[n] + HEAD + skip - off;
			ssize_t e = esp_encap(tsa, slot[n] + HEAD + skip, (size_t)r - skip, nh, pkt, SLOT - HEAD + off - skip);
			if (e < 0)
				continue;
			iov[n] = (struct iovec){ pkt, (size_t)e };
			memset(&mm[n], 0, sizeof mm[n]);
			mm[n].msg_hdr.msg_name = &to;
			mm[n].msg_hdr.msg_namelen = sizeof to;
			mm[n].msg_hdr.msg_iov = &iov[n];
			mm[n].msg_hdr.msg_iovlen = 1;
			n++;
		}
		for (int o = 0; o < n;) {
			int s = sendmmsg(udp_fd, mm + o, (unsigned)(n - o), 0);
			if (s <= 0) {
				if (s < 0 && errno == EAGAIN) {
					struct pollfd w = { .fd = udp_fd, .events = POLLOUT };
					poll(&w, 1, 10);
					continue;
				}
				o++; /* lost */
				continue;
			}
			tx_pkts += (unsigned)s;
			o += s;
		}
	}
}

int esp_tunnel_run(int sock, const struct sockaddr_in *peer, struct esp_sa *sa, const char *tun_name)
{
	tsa = sa;
	udp_fd = sock;
	to = *peer;
	tun_fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (tun_fd < 0)
		return -1;
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	bool offload = !tp && !getenv("ET_CLIENT_PLAIN");
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (offload ? IFF_VNET_HDR : 0);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", tun_name);
	if (ioctl(tun_fd, TUNSETIFF, &ifr) != 0)
		return -1;
	if (offload) {
		int vlen = ESP_GRO_VNET_LEN;
		if (ioctl(tun_fd, TUNSETVNETHDRSZ, &vlen) != 0 || ioctl(tun_fd, TUNSETOFFLOAD, TUN_F_CSUM | TUN_F_TSO4) != 0 ||
		    !(gro = esp_gro_new(tun_fd)))
			return -1;
		/* sends block instead of failing with EAGAIN (a lost train) */
		fcntl(sock, F_SETFL, fcntl(sock, F_GETFL) & ~O_NONBLOCK);
	}
	printf("TUNNEL up %s\n", tun_name);
	fflush(stdout);
	pthread_t t;
	if (pthread_create(&t, NULL, rx_loop, NULL) != 0)
		return -1;
	if (gro)
		tx_loop_offload();
	else
		tx_loop();
	return -1;
}
