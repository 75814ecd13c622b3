/*
 * Kernel routing for transport-mode peers (rtnetlink fib rules).  The
 * protected traffic goes to the peer's own (outer) address, the address
 * IKE and the UDP-encapsulated ESP go to as well: a plain host route into
 * flexd0 would swallow IKE and loop.  So, per transport peer P:
 *
 *   pref 7290  to P/32 ipproto udp sport <IKE port>          lookup main
 *   pref 7290  to P/32 ipproto udp dport <IKE port>          lookup main
 *   (the same two for the NAT-T port)
 *   pref 7296  to P/32 iif lo                                 lookup 7296
 *   table 7296: P/32 dev flexd0
 *
 * `iif lo` = only what this host sends (transport mode protects the two
 * endpoints' own traffic; forwarded packets to P route as before).  The
 * port rules keep flexd's own IKE/ESP on the normal path (sport) and let
 * the wire's IKE/ESP from P pass a strict reverse-path check (rp_filter
 * looks P up as if this host sent to it: iif lo; ports are dissected for
 * that only for rules without `iif lo`, hence none on these; dport, or
 * sport if the kernel swaps them).  What flexd writes to flexd0 from P
 * passes the same check through the 7296 rule.  Needs
 * FRA_IP_PROTO/FRA_SPORT_RANGE (Linux 4.17+).  Chosen over a mark on
 * flexd's sockets (would change ike_socket.c, and every other locally sent
 * UDP from those ports is ours anyway) and over asking the operator to
 * route (a transport SA is useless without it).  Installed with the
 * peer's first transport child, removed with its last.
 */
#include "esp_transport_dp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "base/log.h"
#include "ikev2/ike_socket.h"
#include "system/route_netlink.h"

#define TP_TABLE     7296u
#define TP_PREF_IKE  7290u
#define TP_PREF_ALL  7296u

struct nl_req {
	struct nlmsghdr nh;
	union {
		struct rtmsg rt;
		struct fib_rule_hdr fr;
	} u;
	char attrs[128];
};

/* port > 0: UDP with that source port (dport false) or destination port */
static int rule(bool add, uint32_t peer_be, uint32_t pref, uint32_t table, uint16_t port, bool dport,
		const char *iif)
{
	struct nl_req r;
	memset(&r, 0, sizeof r);
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof r.u.fr);
	r.nh.nlmsg_type = add ? RTM_NEWRULE : RTM_DELRULE;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	r.u.fr.family = AF_INET;
	r.u.fr.dst_len = 32;
	r.u.fr.action = FR_ACT_TO_TBL;
	r.u.fr.table = table < 256 ? (unsigned char)table : RT_TABLE_UNSPEC;
	bool ok = rtnl_put_attr(&r, sizeof r, FRA_DST, &peer_be, 4);
	if (iif)
		ok = ok && rtnl_put_attr(&r, sizeof r, FRA_IIFNAME, iif, (unsigned short)(strlen(iif) + 1));
	ok = ok && rtnl_put_attr(&r, sizeof r, FRA_PRIORITY, &pref, 4) &&
	     rtnl_put_attr(&r, sizeof r, FRA_TABLE, &table, 4);
	if (port) {
		uint8_t proto = 17;
		struct fib_rule_port_range pr = { port, port };
		ok = ok && rtnl_put_attr(&r, sizeof r, FRA_IP_PROTO, &proto, 1) &&
		     rtnl_put_attr(&r, sizeof r, dport ? FRA_DPORT_RANGE : FRA_SPORT_RANGE, &pr, sizeof pr);
	}
	return ok ? rtnl_request(&r) : -EMSGSIZE;
}

static int route(bool add, uint32_t peer_be, int oif)
{
	struct nl_req r;
	memset(&r, 0, sizeof r);
	r.nh.nlmsg_len = NLMSG_LENGTH(sizeof r.u.rt);
	r.nh.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
	r.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_REPLACE : 0);
	r.u.rt.rtm_family = AF_INET;
	r.u.rt.rtm_dst_len = 32;
	r.u.rt.rtm_table = RT_TABLE_UNSPEC;
	r.u.rt.rtm_protocol = RTPROT_STATIC;
	r.u.rt.rtm_scope = RT_SCOPE_LINK;
	r.u.rt.rtm_type = RTN_UNICAST;
	uint32_t table = TP_TABLE;
	bool ok = rtnl_put_attr(&r, sizeof r, RTA_TABLE, &table, 4) &&
		  rtnl_put_attr(&r, sizeof r, RTA_DST, &peer_be, 4);
	if (oif)
		ok = ok && rtnl_put_attr(&r, sizeof r, RTA_OIF, &oif, 4);
	return ok ? rtnl_request(&r) : -EMSGSIZE;
}

int esp_tp_route(bool add, uint32_t peer, const char *dev)
{
	uint32_t be = htonl(peer);
	char a[16];
	snprintf(a, sizeof a, "%u.%u.%u.%u", peer >> 24, (peer >> 16) & 255, (peer >> 8) & 255, peer & 255);
	if (!add) {
		/* everything that may be there goes; errors (already gone) do not matter */
		(void)rule(false, be, TP_PREF_ALL, TP_TABLE, 0, false, "lo");
		/* the port rules without their ports (any port matches a delete):
		 * at shutdown the sockets are already closed */
		for (int i = 0; i < 8 && rule(false, be, TP_PREF_IKE, RT_TABLE_MAIN, 0, false, NULL) == 0; i++)
			;
		(void)route(false, be, 0);
		return 0;
	}
	int oif = (int)if_nametoindex(dev);
	if (!oif)
		return -ENODEV; /* no TUN (flexsh's engine, not root): nothing to route */
	int rc = route(true, be, oif);
	uint16_t ports[2] = { ike_socket_port(false), ike_socket_port(true) };
	/* source port: what flexd sends; destination port: the reverse-path
	 * check (rp_filter) of what P sends us (looked up towards P as if sent
	 * from here; the kernel dissects ports for it only for rules without
	 * `iif lo`, hence none here: forwarded packets go to main either way) */
	for (int i = 0; i < 2 && !rc; i++)
		for (int d = 0; d < 2 && !rc; d++)
			if (i == 0 || ports[1] != ports[0])
				rc = rule(true, be, TP_PREF_IKE, RT_TABLE_MAIN, ports[i], d == 1, NULL);
	if (!rc)
		rc = rule(true, be, TP_PREF_ALL, TP_TABLE, 0, false, "lo");
	if (rc && rc != -EEXIST) {
		log_msg(LOG_SEV_WARNING, "IPSEC", "TRANSPORT", "Cannot route transport mode traffic to %s via %s: %s", a,
			dev, strerror(-rc));
		esp_tp_route(false, peer, dev);
	}
	return rc == -EEXIST ? 0 : rc;
}
