/* TCP coalescing of decapsulated packets for the TUN (see esp_gro.h). */
#include "esp_gro.h"

#include <linux/virtio_net.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "inet_csum.h"

#define GRO_MAX_SEGS 64
#define GRO_MAX_LEN  65535    /* IPv4 total length */

struct esp_gro {
	int fd;
	esp_gro_sink_fn sink;  /* NULL: write to fd */
	void *sink_ctx;
	size_t len;           /* octets of IP packet in pkt; 0 = nothing pending */
	unsigned segs;
	size_t hlen, mss;     /* IP+TCP header length, payload of the first segment */
	uint32_t next_seq;
	bool closed;          /* PSH or a short segment seen: nothing may follow */
	struct esp_gro_stats st;
	uint8_t buf[ESP_GRO_VNET_LEN + GRO_MAX_LEN];
};

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }

static uint64_t pseudo(const uint8_t *ip, size_t tcp_len)
{
	return inet_sum(ip + 12, 8, 0) + 6 + tcp_len;
}

/* A TCP/IPv4 segment we may merge: no IP options or fragments, ACK with
 * optional PSH only, some payload, a valid TCP checksum.  Sets *hlen. */
static bool tcp4_candidate(const uint8_t *ip, size_t len, size_t *hlen)
{
	if (len < 40 || ip[0] != 0x45 || rd16(ip + 2) != len || (rd16(ip + 6) & 0x3fff) || ip[9] != 6)
		return false;
	const uint8_t *th = ip + 20;
	size_t thl = (size_t)(th[12] >> 4) * 4;
	if (thl < 20 || 20 + thl >= len)
		return false;
	if ((th[13] & ~0x08) != 0x10) /* ACK, maybe PSH; nothing else */
		return false;
	*hlen = 20 + thl;
	return inet_fold(inet_sum(th, len - 20, pseudo(ip, len - 20))) == 0xffff;
}

/* Does candidate ip continue the pending super-packet? */
static bool continues(const struct esp_gro *g, const uint8_t *ip, size_t len, size_t hlen)
{
	const uint8_t *p = g->buf + ESP_GRO_VNET_LEN;
	size_t pay = len - hlen;
	return !g->closed && g->segs < GRO_MAX_SEGS && hlen == g->hlen && pay <= g->mss &&
	       g->len + pay <= GRO_MAX_LEN && ip[1] == p[1] && ip[8] == p[8] &&  /* TOS, TTL */
	       (ip[6] & 0x40) == (p[6] & 0x40) && !memcmp(ip + 12, p + 12, 8) &&  /* DF, addresses */
	       /* without DF the IDs must count up: the kernel numbers the segments so */
	       ((p[6] & 0x40) || rd16(ip + 4) == (uint16_t)(rd16(p + 4) + g->segs)) &&
	       !memcmp(ip + 20, p + 20, 4) && rd32(ip + 24) == g->next_seq &&     /* ports, sequence */
	       !memcmp(ip + 28, p + 28, 4) && ip[32] == p[32] &&                  /* ack, data offset */
	       !memcmp(ip + 34, p + 34, 2) && !memcmp(ip + 40, p + 40, hlen - 40); /* window, options */
}

/* One write to the TUN (or the sink standing for it). */
static int emit(struct esp_gro *g, const struct iovec *iov, int n, unsigned segs)
{
	size_t len = 0;
	for (int i = 0; i < n; i++)
		len += iov[i].iov_len;
	if (g->sink ? g->sink(g->sink_ctx, iov, n, segs) != 0 : writev(g->fd, iov, n) != (ssize_t)len) {
		g->st.write_err += segs;
		return -1;
	}
	g->st.writes++;
	return 0;
}

static int write_pkt(struct esp_gro *g, const uint8_t *ip, size_t len, unsigned segs)
{
	static const uint8_t zero[ESP_GRO_VNET_LEN];
	struct iovec iov[2] = { { (void *)zero, sizeof zero }, { (void *)ip, len } };
	return emit(g, iov, 2, segs);
}

int esp_gro_flush(struct esp_gro *g)
{
	if (!g->len)
		return 0;
	uint8_t *ip = g->buf + ESP_GRO_VNET_LEN;
	size_t len = g->len;
	unsigned segs = g->segs;
	g->len = 0;
	g->segs = 0;
	if (segs == 1)
		return write_pkt(g, ip, len, 1);
	/* the super-packet: IP length and header checksum for its size; the TCP
	 * checksum field holds the pseudo-header sum (CHECKSUM_PARTIAL), the
	 * kernel completes it for each segment it cuts */
	wr16(ip + 2, (uint16_t)len);
	wr16(ip + 10, 0);
	wr16(ip + 10, (uint16_t)~inet_fold(inet_sum(ip, 20, 0)));
	wr16(ip + 36, inet_fold(pseudo(ip, len - 20)));
	struct virtio_net_hdr h = {
		.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM, .gso_type = VIRTIO_NET_HDR_GSO_TCPV4,
		.hdr_len = (uint16_t)g->hlen, .gso_size = (uint16_t)g->mss, .csum_start = 20, .csum_offset = 16,
	};
	memcpy(g->buf, &h, sizeof h);
	struct iovec iov = { g->buf, ESP_GRO_VNET_LEN + len };
	return emit(g, &iov, 1, segs);
}

int esp_gro_add(struct esp_gro *g, const uint8_t *ip, size_t len)
{
	size_t hlen;
	int rc = 0;
	if (!tcp4_candidate(ip, len, &hlen)) {
		rc = esp_gro_flush(g);
		return write_pkt(g, ip, len, 1) || rc ? -1 : 0;
	}
	size_t pay = len - hlen;
	uint8_t *p = g->buf + ESP_GRO_VNET_LEN;
	if (g->len && continues(g, ip, len, hlen)) {
		memcpy(p + g->len, ip + hlen, pay);
		g->len += pay;
		g->segs++;
		g->st.merged++;
		p[33] |= ip[33] & 0x08; /* PSH */
	} else {
		rc = esp_gro_flush(g);
		memcpy(p, ip, len);
		g->len = len;
		g->segs = 1;
		g->hlen = hlen;
		g->mss = pay;
	}
	g->next_seq = rd32(ip + 24) + (uint32_t)pay;
	g->closed = (ip[33] & 0x08) || pay < g->mss;
	return rc;
}

struct esp_gro *esp_gro_new(int fd)
{
	struct esp_gro *g = calloc(1, sizeof *g);
	if (g)
		g->fd = fd;
	return g;
}

void esp_gro_set_sink(struct esp_gro *g, esp_gro_sink_fn fn, void *ctx)
{
	g->sink = fn;
	g->sink_ctx = ctx;
}

void esp_gro_free(struct esp_gro *g)
{
	free(g);
}

const struct esp_gro_stats *esp_gro_stats(const struct esp_gro *g) { return &g->st; }
