/*
 * Static tunnel interfaces with flexd as responder (issue 5 item 6):
 * `interface TunnelN` with `tunnel destination D` and `tunnel protection
 * ipsec profile P`.  An IKE session from D whose IKEv2 profile is the one
 * P names (`set ikev2-profile`) is bound to TunnelN (no Virtual-Access):
 * the tunnel's line protocol is up while it lasts, the `ip route X M
 * TunnelN` prefixes get kernel routes into flexd's TUN, and packets the
 * kernel routes there for them leave on the session's newest Child SA
 * (esp_dp.c asks tunnel_bind_route4 when no pool address matches).
 * The routes are read when the session comes up.
 */
#ifndef FLEXD_TUNNEL_BIND_H
#define FLEXD_TUNNEL_BIND_H

#include <stdbool.h>
#include <stdint.h>

struct ike_sa;
struct esp_stats;

/* Session hooks (from interface/vaccess.c).  up: true when s was bound
 * to a tunnel interface. */
bool tunnel_bind_up(const struct ike_sa *s);
void tunnel_bind_gone(const struct ike_sa *s);
void tunnel_bind_child_gone(const struct ike_sa *s, const struct esp_stats *es);
/* Every IKE SA about to be freed (rekeyed ones too): drops cached pointers. */
void tunnel_bind_sa_freed(const struct ike_sa *s);

/* The IKE SA whose tunnel's routes hold dst (host order, longest prefix);
 * NULL: none. */
const struct ike_sa *tunnel_bind_route4(uint32_t dst);

struct tunnel_bind_info {
	bool up;
	char peer[64], local[64];
	uint64_t in_pkts, in_bytes, out_pkts, out_bytes;
};
/* State of tunnel interface ifname (up = bound to a live session). */
void tunnel_bind_info(const char *ifname, struct tunnel_bind_info *out);

#endif
