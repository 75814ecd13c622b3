/*
 * show crypto session [detail] [remote A.B.C.D] [local A.B.C.D]: one block per
 * established IKE SA (a session), its flows and, with detail, their ESP
 * counters and lifetimes left (../shared/spec/show-formats.md §8).
 */
#include <stdio.h>
#include <string.h>

#include "cli/vty.h"
#include "base/ios_time.h"
#include "ikev2/ike_sa.h"
#include "ikev2/ike_socket.h"
#include "ipsec_cmds.h"
#include "ipsec_sa_policy.h"
#include "ipsec_sa_view.h"

/* Legend letters in force: D (DPD configured), N (NAT detected); the
 * order (alphabetical) fits the seeds' "DN", the rest is unverified. */
static void capabilities(struct ike_sa *s, char *out, size_t len)
{
	ike_sa_conf(s);
	snprintf(out, len, "%s%s", s->dpd_interval > 0 ? "D" : "", s->nat_peer || s->nat_local ? "N" : "");
	if (!*out)
		snprintf(out, len, "(none)");
}

static void life_text(const struct ipsec_sa_policy *pol, const struct ike_child *c, uint64_t bytes, char *out,
		      size_t len)
{
	long long sec = c ? ipsec_life_sec_left(pol, c) : 0;
	if (pol->kb_disabled)
		snprintf(out, len, "KB Vol Rekey Disabled/%lld", sec);
	else
		snprintf(out, len, "%lld/%lld", ipsec_life_kb_left(pol, bytes), sec);
}

static void flow_lines(struct vty *v, const struct ike_child *first, bool detail,
		       const struct ipsec_sa_policy *pol)
{
	char l[80], r[80], proto[8];
	ipsec_ts_flow(&first->ts_r, l, sizeof l);
	ipsec_ts_flow(&first->ts_i, r, sizeof r);
	if (first->ts_r.proto)
		snprintf(proto, sizeof proto, "%u", first->ts_r.proto);
	else
		snprintf(proto, sizeof proto, "ip");
	vty_out(v, "  IPSEC FLOW: permit %s %s %s \n", proto, l, r);
	int n = 0;
	struct ipsec_sa_counters sum, k, cur_k;
	memset(&sum, 0, sizeof sum);
	memset(&cur_k, 0, sizeof cur_k);
	const struct ike_child *cur = NULL;
	for (const struct ike_child *c = first; c; c = c->next) {
		if (!ipsec_flow_same(c, first))
			continue;
		n++;
		if (ipsec_sa_counters_of(c, &k))
			ipsec_sa_counters_add(&sum, &k);
		if (!cur && !c->rekeyed) {
			cur = c;
			cur_k = k;
		}
	}
	vty_out(v, "        Active SAs: %d, origin: crypto map\n", 2 * n);
	if (!detail)
		return;
	char in[64], out[64];
	life_text(pol, cur, cur_k.dec_bytes, in, sizeof in);
	life_text(pol, cur, cur_k.enc_bytes, out, sizeof out);
	vty_out(v, "        Inbound:  #pkts dec'ed %llu drop %llu life (KB/Sec) %s\n", (unsigned long long)sum.decaps,
		(unsigned long long)ipsec_sa_recv_errors(&sum), in);
	vty_out(v, "        Outbound: #pkts enc'ed %llu drop %llu life (KB/Sec) %s\n", (unsigned long long)sum.encaps,
		(unsigned long long)ipsec_sa_send_errors(&sum), out);
}

static void session(struct vty *v, struct ike_sa *s, bool detail)
{
	char ifn[48], lip[64], rip[64], t[32];
	ipsec_sa_ifname(s, ifn, sizeof ifn);
	sockaddr_ip(&s->local, lip, sizeof lip);
	sockaddr_ip(&s->peer, rip, sizeof rip);
	long long now = ike_now_s();
	vty_out(v, "Interface: %s\n", ifn);
	if (s->profile[0])
		vty_out(v, "Profile: %s\n", s->profile);
	if (detail) {
		ios_elapsed(now - s->established, t, sizeof t);
		vty_out(v, "Uptime: %s\n", t);
	}
	vty_out(v, "Session status: %s     \n", s->children ? "UP-ACTIVE" : "UP-IDLE");
	if (detail) {
		vty_out(v, "Peer: %s port %u fvrf: (none) ivrf: (none)\n", rip, sockaddr_port(&s->peer));
		vty_out(v, "      Phase1_id: %s\n", s->peer_id[0] ? s->peer_id : rip);
		vty_out(v, "      Desc: (none)\n");
	} else {
		vty_out(v, "Peer: %s port %u \n", rip, sockaddr_port(&s->peer));
	}
	vty_out(v, "  Session ID: %u  \n", ike_sa_session_id(s));
	vty_out(v, "  IKEv2 SA: local %s/%u remote %s/%u Active \n", lip, sockaddr_port(&s->local), rip,
		sockaddr_port(&s->peer));
	if (detail) {
		char caps[16];
		capabilities(s, caps, sizeof caps);
		long long left = s->lifetime - (now - s->established);
		if (left < 0)
			left = 0;
		snprintf(t, sizeof t, "%02lld:%02lld:%02lld", left / 3600, left % 3600 / 60, left % 60);
		vty_out(v, "          Capabilities:%s connid:%u lifetime:%s\n", caps, s->id, t);
	}
	struct ipsec_sa_policy pol;
	ipsec_sa_policy_for(s->profile, &pol);
	for (const struct ike_child *c = s->children; c; c = c->next)
		if (ipsec_flow_first(s, c))
			flow_lines(v, c, detail, &pol);
	vty_out(v, "\n");
}

int ipsec_cmd_show_session(struct vty *v, const struct cmd_args *a)
{
	const char *remote = arg(a, "REMOTE"), *local = arg(a, "LOCAL");
	bool detail = has(a, "detail");
	vty_out(v, "Crypto session current status\n\n");
	if (detail) {
		vty_out(v, "Code: C - IKE Configuration mode, D - Dead Peer Detection     \n");
		vty_out(v, "K - Keepalives, N - NAT-traversal, T - cTCP encapsulation     \n");
		vty_out(v, "X - IKE Extended Authentication, F - IKE Fragmentation\n");
		vty_out(v, "R - IKE Auto Reconnect, U - IKE Dynamic Route Update\n");
		vty_out(v, "S - SIP VPN\n\n");
	}
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		char rip[64];
		if (s->state != IKE_SA_ESTABLISHED || s->teardown) /* refused after IKE_AUTH: going */
			continue;
		if (remote && strcmp(remote, sockaddr_ip(&s->peer, rip, sizeof rip)) != 0)
			continue;
		if (local && strcmp(local, sockaddr_ip(&s->local, rip, sizeof rip)) != 0)
			continue;
		session(v, s, detail);
	}
	return CMD_SUCCESS;
}
