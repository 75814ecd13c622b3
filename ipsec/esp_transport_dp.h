/*
 * ESP transport mode in the data plane (ipsec/esp_dp.c calls these; the
 * packet work is ipsec/esp_transport.h).  Transport children are indexed
 * by the peer's outer IPv4 address (outbound: a packet read from the TUN
 * for that address), registered by the IKE engine when one is made and
 * dropped when it is freed; the peer's kernel routing comes with the
 * first one and goes with the last (esp_transport_route.c).
 */
#ifndef FLEXD_IPSEC_ESP_TRANSPORT_DP_H
#define FLEXD_IPSEC_ESP_TRANSPORT_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ike_sa;
struct ike_child;

/* Engine side (ike_child.c, ike_rekey_child.c, ike_create_child.c). */
void esp_tp_child_up(struct ike_sa *s, const struct ike_child *c);
void esp_tp_child_down(const struct ike_child *c);
void esp_tp_take_over(struct ike_sa *n, const struct ike_sa *old);   /* IKE SA rekey */

/* Inbound, after esp_decap of a transport child's packet: the payload
 * (*len octets at buf) checked against the child's selectors and given
 * its IPv4 header (src = the peer's outer address, dst = ours), in place
 * (moved up by 20 octets; cap = buf's size).  false: dropped (counted). */
bool esp_tp_rx(const struct ike_child *c, uint8_t nh, uint8_t *buf, size_t cap, size_t *len);
/* Outbound: the transport child (and its IKE SA, established) for a packet
 * to dst (host order), NULL if none. */
const struct ike_child *esp_tp_out(uint32_t dst, const struct ike_sa **s);
/* Outbound: the packet's IPv4 header checked (ours -> the peer, the
 * child's selectors); *skip = its length, *nh = its protocol.  false:
 * dropped (counted). */
bool esp_tp_tx(const struct ike_child *c, const uint8_t *ip, size_t len, size_t *skip, uint8_t *nh);

struct esp_tp_stats {
	unsigned long children;                   /* transport children registered */
	unsigned long rx_ok, rx_too_big, rx_bad_selector;
	unsigned long tx_ok, tx_bad_header, tx_bad_selector;
	unsigned long route_err;
};
const struct esp_tp_stats *esp_tp_stats(void);

/* esp_transport_route.c: the peer's routing rules (peer host order) into
 * dev; 0 or -errno (logged). */
int esp_tp_route(bool add, uint32_t peer, const char *dev);

#endif
