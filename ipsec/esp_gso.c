/* Completing partial checksums and cutting TCP/IPv4 GSO reads (see esp_gso.h). */
#include "esp_gso.h"

#include <linux/virtio_net.h>
#include <string.h>

#include "inet_csum.h"

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static void wr16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void wr32(uint8_t *p, uint32_t v) { wr16(p, (uint16_t)(v >> 16)); wr16(p + 2, (uint16_t)v); }


int esp_gso_begin(struct esp_gso_iter *it, const uint8_t *vnet, uint8_t *pkt, size_t len)
{
	struct virtio_net_hdr h;
	memcpy(&h, vnet, sizeof h);
	memset(it, 0, sizeof *it);
	/* a GSO packet's checksum is left partial too: each segment gets its
	 * own in esp_gso_next, so only a plain one is completed here */
	if ((h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) && h.gso_type == VIRTIO_NET_HDR_GSO_NONE) {
		/* the field holds the pseudo-header sum: fold in the rest */
		size_t start = h.csum_start, at = (size_t)h.csum_start + h.csum_offset;
		if (start >= len || at + 2 > len)
			return -1;
		uint16_t c = (uint16_t)~inet_fold(inet_sum(pkt + start, len - start, 0));
		if (c == 0 && h.csum_offset == 6)
			c = 0xffff; /* UDP's field (offset 6; TCP's is 16): 0 would mean "no checksum" */
		wr16(pkt + at, c);
	}
	if (h.gso_type == VIRTIO_NET_HDR_GSO_NONE)
		return 1;
	if (h.gso_type != VIRTIO_NET_HDR_GSO_TCPV4)
		return -1; /* only TSO4 was offered */
	/* IPv4 without options, TCP, header lengths the packet holds */
	if (len < 40 || pkt[0] != 0x45 || pkt[9] != 6)
		return -1;
	size_t thl = (size_t)(pkt[32] >> 4) * 4;
	size_t hlen = 20 + thl;
	if (thl < 20 || hlen >= len || h.gso_size == 0)
		return -1;
	it->pkt = pkt;
	it->len = len;
	it->hlen = hlen;
	it->mss = h.gso_size;
	it->off = hlen;
	it->segs = (unsigned)((len - hlen + it->mss - 1) / it->mss);
	return (int)it->segs;
}

long esp_gso_next(struct esp_gso_iter *it, uint8_t *out, size_t cap)
{
	if (it->off >= it->len)
		return 0;
	size_t pay = it->len - it->off < it->mss ? it->len - it->off : it->mss;
	size_t n = it->hlen + pay;
	if (n > cap)
		return -1;
	int last = it->off + pay == it->len;
	memcpy(out, it->pkt, it->hlen);
	memcpy(out + it->hlen, it->pkt + it->off, pay);
	/* IPv4: length, identification, header checksum */
	wr16(out + 2, (uint16_t)n);
	wr16(out + 4, (uint16_t)(rd16(it->pkt + 4) + it->i));
	wr16(out + 10, 0);
	wr16(out + 10, (uint16_t)~inet_fold(inet_sum(out, 20, 0)));
	/* TCP: sequence, flags, checksum over pseudo-header and segment */
	uint8_t *th = out + 20;
	wr32(th + 4, rd32(it->pkt + 24) + (uint32_t)(it->off - it->hlen));
	if (!last)
		th[13] &= (uint8_t)~0x09; /* FIN, PSH: the last segment's */
	if (it->i)
		th[13] &= (uint8_t)~0x80; /* CWR: the first's */
	wr16(th + 16, 0);
	uint64_t s = inet_sum(out + 12, 8, 0) + 6 + (n - 20);
	wr16(th + 16, (uint16_t)~inet_fold(inet_sum(th, n - 20, s)));
	it->off += pay;
	it->i++;
	return (long)n;
}
