/*
 * show crypto ipsec sa [peer A.B.C.D] [detail]: one block per flow of
 * every established session, the IOS-XE layout of
 * ../shared/spec/show-formats.md §9; `detail` swaps the two-counter
 * `#send errors` line for the classic-IOS block (what the ntc template
 * cisco_ios_show_crypto_ipsec_sa_detail parses) and adds the replay
 * window size.  Counters: ipsec_sa_view.c.
 */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/vty.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"
#include "ipsec_cmds.h"
#include "ipsec_sa_policy.h"
#include "ipsec_sa_view.h"

/* The host interface holding our address, and its MTU (1500 if unknown). */
static int local_mtu(const struct sockaddr_storage *local, char *ifname, size_t len)
{
	snprintf(ifname, len, "unknown");
	int mtu = 1500;
	struct ifaddrs *ifa = NULL;
	if (getifaddrs(&ifa) != 0)
		return mtu;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != local->ss_family)
			continue;
		bool same = local->ss_family == AF_INET
				    ? ((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr.s_addr ==
					      ((const struct sockaddr_in *)(const void *)local)->sin_addr.s_addr
				    : memcmp(&((const struct sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr,
					     &((const struct sockaddr_in6 *)(const void *)local)->sin6_addr, 16) == 0;
		if (!same)
			continue;
		snprintf(ifname, len, "%s", i->ifa_name);
		int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd >= 0) {
			struct ifreq ifr;
			memset(&ifr, 0, sizeof ifr);
			snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", i->ifa_name);
			if (ioctl(fd, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu > 0)
				mtu = ifr.ifr_mtu;
			close(fd);
		}
		break;
	}
	freeifaddrs(ifa);
	return mtu;
}

/* The largest inner packet whose ESP packet (with outer IP and, when
 * encapsulated, UDP headers) fits the path MTU: 1422 for AES-CBC-256 +
 * SHA-256 with UDP encapsulation at 1500, as IOS prints. */
static int plaintext_mtu(const struct esp_sa *sa, int pmtu, bool v6, bool udp, bool transport)
{
	int outer = (v6 ? 40 : 20) + (udp ? 8 : 0);
	int own = transport ? (v6 ? 40 : 20) : 0; /* transport: the packet's header stays outside ESP */
	if (!sa)
		return pmtu - outer + own;
	for (int n = pmtu - outer + own; n > own; n--)
		if ((int)esp_encap_len(sa, (size_t)(n - own)) + outer <= pmtu)
			return n;
	return 0;
}

static void sa_entry(struct vty *v, const struct ike_sa *s, const struct ike_child *c, bool in, bool detail,
		     const struct ipsec_sa_policy *pol, const char *map)
{
	struct esp_dp_sa_info info;
	bool have = esp_dp_sa_info(c, &info) && info.sa;
	uint32_t spi = in ? c->spi_in : c->spi_out;
	char tf[64];
	ipsec_child_transform(c, tf, sizeof tf);
	vty_out(v, "      spi: 0x%08X(%u)\n", spi, spi);
	vty_out(v, "        transform: %s ,\n", tf);
	vty_out(v, "        in use settings ={%s%s, }\n", c->transport ? "Transport" : "Tunnel", s->natt ? " UDP-Encaps" : "");
	/* conn id / flow_id are platform handles: ours is the SPI's low half
	 * ("SW" = software crypto, as IOS names its software engine) */
	unsigned conn = spi & 0xffff;
	vty_out(v, "        conn id: %u, flow_id: SW:%u, sibling_flags FFFFFFFF80000048, crypto map: %s\n", conn, conn,
		map);
	const struct esp_stats *st = have ? esp_sa_stats(info.sa) : NULL;
	uint64_t bytes = st ? (in ? st->dec_bytes : st->enc_bytes) : 0;
	long long sec = ipsec_life_sec_left(pol, c);
	if (pol->kb_disabled)
		vty_out(v, "        sa timing: remaining key lifetime (sec): (%lld)\n", sec); /* unverified */
	else
		vty_out(v, "        sa timing: remaining key lifetime (k/sec): (%lld/%lld)\n",
			ipsec_life_kb_left(pol, bytes), sec);
	vty_out(v, "        IV size: %zu bytes\n", have ? esp_inner_offset(info.sa) - ESP_HDR_LEN : (size_t)0);
	unsigned window = have ? esp_sa_replay(info.sa)->size : 0;
	if (detail)
		vty_out(v, "        replay detection support: %s  replay window size: %u\n", window ? "Y" : "N", window);
	else
		vty_out(v, "        replay detection support: %s\n", window ? "Y" : "N");
	vty_out(v, "        Status: ACTIVE(ACTIVE)\n\n");
}

static void sa_list(struct vty *v, const struct ike_sa *s, const struct ike_child *first, bool in, bool detail,
		    const struct ipsec_sa_policy *pol, const char *map)
{
	vty_out(v, "     %s esp sas:\n", in ? "inbound" : "outbound");
	for (const struct ike_child *c = first; c; c = c->next)
		if (ipsec_flow_same(c, first))
			sa_entry(v, s, c, in, detail, pol, map);
	vty_out(v, "     %s ah sas:\n\n", in ? "inbound" : "outbound");
	vty_out(v, "     %s pcp sas:\n\n", in ? "inbound" : "outbound");
}

static void counters(struct vty *v, const struct ipsec_sa_counters *k, bool detail)
{
	vty_out(v, "    #pkts encaps: %llu, #pkts encrypt: %llu, #pkts digest: %llu\n", (unsigned long long)k->encaps,
		(unsigned long long)k->encaps, (unsigned long long)k->encaps);
	vty_out(v, "    #pkts decaps: %llu, #pkts decrypt: %llu, #pkts verify: %llu\n", (unsigned long long)k->decaps,
		(unsigned long long)k->decaps, (unsigned long long)k->decaps);
	vty_out(v, "    #pkts compressed: 0, #pkts decompressed: 0\n");
	vty_out(v, "    #pkts not compressed: 0, #pkts compr. failed: 0\n");
	vty_out(v, "    #pkts not decompressed: 0, #pkts decompress failed: 0\n");
	if (!detail) {
		vty_out(v, "    #send errors %llu, #recv errors %llu\n\n", (unsigned long long)ipsec_sa_send_errors(k),
			(unsigned long long)ipsec_sa_recv_errors(k));
		return;
	}
	vty_out(v, "    #pkts no sa (send) 0, #pkts invalid sa (rcv) %llu\n", (unsigned long long)k->invalid_sa);
	vty_out(v, "    #pkts encaps failed (send) %llu, #pkts decaps failed (rcv) %llu\n",
		(unsigned long long)k->encaps_failed, (unsigned long long)k->decaps_failed);
	vty_out(v, "    #pkts invalid prot (recv) %llu, #pkts verify failed: %llu\n",
		(unsigned long long)k->invalid_prot, (unsigned long long)k->verify_failed);
	vty_out(v, "    #pkts invalid identity (recv) %llu, #pkts invalid len (rcv) %llu\n",
		(unsigned long long)k->invalid_identity, (unsigned long long)k->invalid_len);
	vty_out(v, "    #pkts replay rollover (send): %llu, #pkts replay rollover (rcv) 0\n",
		(unsigned long long)k->rollover_send);
	vty_out(v, "    ##pkts replay failed (rcv): %llu\n", (unsigned long long)k->replay_failed);
	vty_out(v, "    #pkts tagged (send): 0, #pkts untagged (rcv): 0\n");
	vty_out(v, "    #pkts not tagged (send): 0, #pkts not untagged (rcv): 0\n");
	vty_out(v, "    #pkts internal err (send): %llu, #pkts internal err (recv) %llu\n\n",
		(unsigned long long)k->send_err, (unsigned long long)k->internal_rcv);
}

static void flow_block(struct vty *v, const struct ike_sa *s, const struct ike_child *first, bool detail,
		       const struct ipsec_sa_policy *pol, const char *map)
{
	char l[96], r[96], lip[64], rip[64], idb[IF_NAMESIZE + 8];
	sockaddr_ip(&s->local, lip, sizeof lip);
	sockaddr_ip(&s->peer, rip, sizeof rip);
	ipsec_ts_ident(&first->ts_r, l, sizeof l);
	ipsec_ts_ident(&first->ts_i, r, sizeof r);
	bool v6 = first->ts_r.type == IKEV2_TS_IPV6_ADDR_RANGE;
	const char *form = v6 ? "addr/prefixlen/prot/port" : "addr/mask/prot/port";
	vty_out(v, "   protected vrf: (none)\n");
	vty_out(v, "   local  ident (%s): (%s)\n", form, l);
	vty_out(v, "   remote ident (%s): (%s)\n", form, r);
	vty_out(v, "   current_peer %s port %u\n", rip, sockaddr_port(&s->peer));
	vty_out(v, "     PERMIT, flags={origin_is_acl,}\n");
	struct ipsec_sa_counters sum, k;
	memset(&sum, 0, sizeof sum);
	const struct ike_child *cur = NULL; /* the SA traffic goes out on: newest not rekeyed */
	for (const struct ike_child *c = first; c; c = c->next) {
		if (!ipsec_flow_same(c, first))
			continue;
		if (ipsec_sa_counters_of(c, &k))
			ipsec_sa_counters_add(&sum, &k);
		if (!cur && !c->rekeyed)
			cur = c;
	}
	counters(v, &sum, detail);
	int pmtu = local_mtu(&s->local, idb, sizeof idb);
	struct esp_dp_sa_info info;
	const struct esp_sa *osa = cur && esp_dp_sa_info(cur, &info) ? info.sa : NULL;
	vty_out(v, "     local crypto endpt.: %s, remote crypto endpt.: %s\n", lip, rip);
	vty_out(v, "     plaintext mtu %d, path mtu %d, ip mtu %d, ip mtu idb %s\n",
		plaintext_mtu(osa, pmtu, s->peer.ss_family == AF_INET6, s->natt, cur && cur->transport), pmtu, pmtu,
		idb);
	uint32_t ospi = cur ? cur->spi_out : 0;
	if (ospi)
		vty_out(v, "     current outbound spi: 0x%08X(%u)\n", ospi, ospi);
	else
		vty_out(v, "     current outbound spi: 0x0(0)\n");
	if (cur && cur->pfs_group)
		vty_out(v, "     PFS (Y/N): Y, DH group: group%u\n", cur->pfs_group);
	else
		vty_out(v, "     PFS (Y/N): N, DH group: none\n");
	vty_out(v, "\n");
	sa_list(v, s, first, true, detail, pol, map);
	sa_list(v, s, first, false, detail, pol, map);
}

int ipsec_cmd_show_sa(struct vty *v, const struct cmd_args *a)
{
	const char *peer = arg(a, "PEER");
	bool detail = has(a, "detail");
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		if (!ipsec_sa_selected(s, peer))
			continue;
		char ifn[48], map[64], lip[64];
		ipsec_sa_ifname(s, ifn, sizeof ifn);
		snprintf(map, sizeof map, "%s-head-0", ifn);
		struct ipsec_sa_policy pol;
		ipsec_sa_policy_for(s->profile, &pol);
		vty_out(v, "interface: %s\n", ifn);
		vty_out(v, "    Crypto map tag: %s, local addr %s\n\n", map, sockaddr_ip(&s->local, lip, sizeof lip));
		for (const struct ike_child *c = s->children; c; c = c->next)
			if (ipsec_flow_first(s, c))
				flow_block(v, s, c, detail, &pol, map);
	}
	return CMD_SUCCESS;
}
