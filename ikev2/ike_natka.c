/*
 * NAT keepalives (RFC 3948 §2.3): a UDP datagram holding the one octet
 * 0xFF, from our 4500 port to the peer, every `nat keepalive N` seconds
 * (the IKEv2 profile's, else `crypto ikev2 nat keepalive N`) on the
 * engine's 1 s tick, so that a NAT in front of us keeps its mapping while
 * the tunnel is quiet.  Sent only when NAT was detected in front of us
 * (NAT_DETECTION_DESTINATION_IP mismatch: s->nat_local) or when the
 * profile says `nat force-encap` (IOS forces UDP encapsulation with it;
 * flexd's data plane always encapsulates, and the keepalives then keep
 * whatever path the operator forced alive).  Every N s regardless of other
 * traffic: simpler than tracking the last ESP sent per SA, and 1 octet.
 * The settings are read again when the running-config changes.
 */
#include "ike_conf.h"
#include "ike_debug.h"
#include "ike_sa.h"
#include "ike_socket.h"
#include "ipsec/esp.h"
#include "running-config/store.h"

static void natka_conf(struct ike_sa *s)
{
	long long gen = ike_conf_gen();
	if (gen > 0 && gen == s->natka_gen)
		return;
	s->natka_gen = gen;
	long long v = 0;
	s->natka_interval = 0;
	s->natka_force = false;
	if (s->profile[0]) {
		if (db_get_int(&v, "SELECT nat_keepalive FROM ikev2_profile WHERE name=? AND nat_keepalive IS NOT NULL",
			       "s", s->profile))
			s->natka_interval = (int)v;
		if (db_get_int(&v, "SELECT nat_force_encap FROM ikev2_profile WHERE name=?", "s", s->profile))
			s->natka_force = v != 0;
	}
	if (!s->natka_interval) {
		struct ike_conf_global g;
		ike_conf_global_get(&g);
		s->natka_interval = g.nat_keepalive;
	}
}

void ike_natka_tick(struct ike_sa *s, long long now)
{
	if (!s->natt)
		return;
	natka_conf(s);
	if (s->natka_interval <= 0 || (!s->nat_local && !s->natka_force))
		return;
	if (s->natka_last && now - s->natka_last < s->natka_interval)
		return;
	if (!s->natka_last && now - s->established < s->natka_interval) {
		s->natka_last = s->established; /* the first one N s after the SA came up */
		return;
	}
	static const uint8_t ka = ESP_NATT_KEEPALIVE;
	s->natka_last = now;
	if (ike_send_esp(&s->local, &s->peer, &ka, 1) == 0)
		ike_debug(IKE_DBG_INTERNAL, s, "Sending NAT keepalive");
}
