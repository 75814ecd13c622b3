/*
 * ESP transport mode (RFC 4303 §3.1.1), the packet side, pure: an ESP
 * payload is what followed the IPv4 header (next header = its protocol).
 * Inbound the data plane puts a fresh IPv4 header in front of the
 * decrypted payload for the TUN (src = the peer's outer address, dst =
 * ours); outbound it takes the header off a packet read from the TUN.
 * Both check protocol and ports against the Child SA's selectors.
 * IPv4 only; fragments are refused (RFC 4301 §7: transport mode carries
 * whole packets; the TUN's MTU keeps them whole).
 */
#ifndef FLEXD_IPSEC_ESP_TRANSPORT_H
#define FLEXD_IPSEC_ESP_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ikev2/msg.h"

#define ESP_TP_IP4_HDR 20

/* An IPv4 packet read from the TUN, checked: version 4, header length
 * 20..60 within len, total length == len, not a fragment.  Out: header
 * length, protocol, addresses (host order).  false: malformed. */
struct esp_tp_ip4 {
	size_t hl;
	uint8_t proto;
	uint32_t src, dst;
};
bool esp_tp_ip4_parse(const uint8_t *ip, size_t len, struct esp_tp_ip4 *out);

/* Inbound: pkt holds ESP_TP_IP4_HDR free octets, then the payload of
 * payload_len octets.  Writes the IPv4 header (src, dst host order, TTL
 * 64, checksum) and returns the packet length; 0 when it would exceed
 * 65535 octets. */
size_t esp_tp_ip4_build(uint8_t *pkt, size_t payload_len, uint32_t src, uint32_t dst, uint8_t proto);

/* Protocol and ports of a payload against a selector pair: src_ts for the
 * sender's side, dst_ts for the receiver's.  Protocol 0 in a selector is
 * any.  TCP, UDP, SCTP, UDP-Lite: the ports (the payload must hold them);
 * ICMP: type/code as RFC 7296 §3.13.1 puts them in the port fields (each
 * selector full or holding it); other
 * protocols pass only selectors with the full port range. */
bool esp_tp_selectors_ok(const struct ikev2_ts *src_ts, const struct ikev2_ts *dst_ts, uint8_t proto,
			 const uint8_t *payload, size_t len);

#endif
