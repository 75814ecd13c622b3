/* ESP transport mode: IPv4 header rebuild/strip, selector check (see esp_transport.h). */
#include "esp_transport.h"

#include <string.h>

static uint16_t csum16(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

bool esp_tp_ip4_parse(const uint8_t *ip, size_t len, struct esp_tp_ip4 *out)
{
	if (len < ESP_TP_IP4_HDR || len > 65535 || ip[0] >> 4 != 4)
		return false;
	size_t hl = (size_t)(ip[0] & 0x0f) * 4;
	size_t total = (size_t)ip[2] << 8 | ip[3];
	if (hl < ESP_TP_IP4_HDR || hl > len || total != len)
		return false;
	if ((ip[6] & 0x20) || ((ip[6] & 0x1f) | ip[7]))   /* MF, or a fragment offset */
		return false;
	out->hl = hl;
	out->proto = ip[9];
	out->src = get32(ip + 12);
	out->dst = get32(ip + 16);
	return true;
}

size_t esp_tp_ip4_build(uint8_t *pkt, size_t payload_len, uint32_t src, uint32_t dst, uint8_t proto)
{
	if (payload_len > 65535 - ESP_TP_IP4_HDR)
		return 0;
	size_t total = ESP_TP_IP4_HDR + payload_len;
	memset(pkt, 0, ESP_TP_IP4_HDR);
	pkt[0] = 0x45;
	pkt[2] = (uint8_t)(total >> 8);
	pkt[3] = (uint8_t)total;
	pkt[6] = 0x40;            /* DF: it arrived whole, it is delivered locally */
	pkt[8] = 64;
	pkt[9] = proto;
	put32(pkt + 12, src);
	put32(pkt + 16, dst);
	uint16_t c = csum16(pkt, ESP_TP_IP4_HDR);
	pkt[10] = (uint8_t)(c >> 8);
	pkt[11] = (uint8_t)c;
	return total;
}

static bool in_range(const struct ikev2_ts *t, uint16_t v)
{
	return t->sport <= v && v <= t->eport;
}

static bool full_range(const struct ikev2_ts *t)
{
	return t->sport == 0 && t->eport == 65535;
}

bool esp_tp_selectors_ok(const struct ikev2_ts *src_ts, const struct ikev2_ts *dst_ts, uint8_t proto,
			 const uint8_t *payload, size_t len)
{
	if ((src_ts->proto && src_ts->proto != proto) || (dst_ts->proto && dst_ts->proto != proto))
		return false;
	switch (proto) {
	case 6: case 17: case 132: case 136:   /* TCP, UDP, SCTP, UDP-Lite: ports first */
		if (len < 4)
			return false;
		return in_range(src_ts, (uint16_t)(payload[0] << 8 | payload[1])) &&
		       in_range(dst_ts, (uint16_t)(payload[2] << 8 | payload[3]));
	case 1:                                  /* ICMP: type | code in the sender's field */
		if (full_range(src_ts) && full_range(dst_ts))
			return true;
		if (len < 2)
			return false;
		{
			/* RFC 7296 §3.13.1: one 16-bit value; a peer may name it on
			 * either side, so each selector is full or holds it */
			uint16_t tc = (uint16_t)(payload[0] << 8 | payload[1]);
			return (full_range(src_ts) || in_range(src_ts, tc)) && (full_range(dst_ts) || in_range(dst_ts, tc));
		}
	default:
		return full_range(src_ts) && full_range(dst_ts);
	}
}
