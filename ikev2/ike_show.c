/*
 * The IKEv2 engine's shows: `show crypto ikev2 sa`, `show crypto ikev2
 * stats` (layouts: ../shared/spec/show-formats.md §3, §6).
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/module.h"
#include "cli/vty.h"
#include "ike_conf.h"
#include "ike_limits.h"
#include "ike_sa.h"
#include "ike_socket.h"

static const char *encr_name(uint16_t id)
{
	switch (id) {
	case 12: return "AES-CBC";
	case 20: return "AES-GCM";
	case 28: return "CHACHA20-POLY1305";
	case 3: return "3DES";
	default: return "Unknown";
	}
}

static const char *prf_name(uint16_t id)
{
	switch (id) {
	case 2: return "SHA1";
	case 5: return "SHA256";
	case 6: return "SHA384";
	case 7: return "SHA512";
	default: return "Unknown";
	}
}

static const char *hash_name(uint16_t integ)
{
	switch (integ) {
	case 0: return "None";
	case 2: return "SHA96";
	case 12: return "SHA256";
	case 13: return "SHA384";
	case 14: return "SHA512";
	default: return "Unknown";
	}
}

static long long mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Lifetime and DPD the SA runs with (its profile's, read once). */
static int sa_lifetime(struct ike_sa *s)
{
	ike_sa_conf(s);
	return s->conf_read ? s->lifetime : 86400;
}

static void sa_detail(struct vty *v, struct ike_sa *s)
{
	char a[64];
	vty_out(v, "      CE id: %u, Session-id: %u\n", 1000 + ike_sa_session_id(s), ike_sa_session_id(s));
	vty_out(v, "      Local spi: %016llX       Remote spi: %016llX\n", (unsigned long long)s->spi_r,
		(unsigned long long)s->spi_i);
	vty_out(v, "      Status Description: %s\n",
		s->state == IKE_SA_ESTABLISHED ? "Negotiation done" : "Initiator waiting for AUTH response");
	vty_out(v, "      Local id: %s\n", s->local_id[0] ? s->local_id : sockaddr_ip(&s->local, a, sizeof a));
	vty_out(v, "      Remote id: %s\n", s->peer_id);
	if (s->eap_id[0])
		vty_out(v, "      Remote EAP id: %s\n", s->eap_id);
	if (s->eap_cert[0]) /* flexd's line (IOS's form for dual authentication is not public) */
		vty_out(v, "      Remote certificate: %s\n", s->eap_cert);
	char l[16], r[16];
	/* our requests (DPD, Delete): the last one sent, and the next id */
	snprintf(l, sizeof l, "%u", s->own_msgid ? s->own_msgid - 1 : 0);
	snprintf(r, sizeof r, "%u", s->next_msgid - 1);
	vty_out(v, "      %-19s%-15s%-20s%-10s\n", "Local req msg id:", l, "Remote req msg id:", r);
	snprintf(l, sizeof l, "%u", s->own_msgid);
	snprintf(r, sizeof r, "%u", s->next_msgid);
	vty_out(v, "      %-19s%-15s%-20s%-10s\n", "Local next msg id:", l, "Remote next msg id:", r);
	snprintf(l, sizeof l, "%u", s->own_msgid ? s->own_msgid - 1 : 0);
	snprintf(r, sizeof r, "%u", s->next_msgid - 1);
	vty_out(v, "      %-19s%-15s%-20s%-10s\n", "Local req queued:", l, "Remote req queued:", r);
	vty_out(v, "      %-19s%-15s%-20s%-10s\n", "Local window:", "5", "Remote window:", "1");
	ike_sa_conf(s);
	vty_out(v, "      DPD configured for %d seconds, retry %d\n", s->dpd_interval, s->dpd_interval ? s->dpd_retry : 0);
	/* RFC 7383: `crypto ikev2 fragmentation [mtu N]` as our messages to
	 * this SA are cut now (ike_frag_mtu), and whether the peer announced
	 * support.  "Fragmentation configured." and the MTU line are
	 * unverified (no IOS capture found; IOS docs only say both methods
	 * show "as appropriate"): the closest form to IOS's not-configured
	 * line and its "IETF Std Fragmentation" wording. */
	int mtu = ike_frag_mtu(s);
	vty_out(v, "      Fragmentation %s\n", mtu ? "configured." : "not  configured.");
	if (mtu && s->frag_peer)
		vty_out(v, "      IETF Std Fragmentation MTU in use: %d bytes.\n", mtu);
	vty_out(v, "      Dynamic Route Update: disabled\n");
	vty_out(v, "      Extended Authentication not configured.\n");
	if (s->nat_peer || s->nat_local)
		vty_out(v, "      NAT-T is detected %s\n", s->nat_local ? "inside" : " outside");
	else
		vty_out(v, "      NAT-T is not detected  \n");
	vty_out(v, "      Cisco Trust Security SGT is disabled\n");
	if (s->assigned) {
		struct in_addr ia = { .s_addr = htonl(s->assigned) };
		vty_out(v, "      Assigned host addr: %s\n", inet_ntoa(ia));
	}
	vty_out(v, "      Initiator of SA : No\n");
	vty_out(v, "      PEER TYPE: Other\n");
}

/* The SAs a `local A.B.C.D` / `remote A.B.C.D` filter keeps (NULL: any). */
static bool sa_match(const struct ike_sa *s, const char *local, const char *remote)
{
	char l[64], r[64];
	return (!local || strcmp(local, sockaddr_ip(&s->local, l, sizeof l)) == 0) &&
	       (!remote || strcmp(remote, sockaddr_ip(&s->peer, r, sizeof r)) == 0);
}

static void sa_header(struct vty *v)
{
	vty_out(v, "Tunnel-id Local                 Remote                fvrf/ivrf            Status \n");
}

/* The row and its Encr / Life lines (shared by the sa and session shows). */
static void sa_row(struct vty *v, struct ike_sa *s)
{
	char l[64], r[64], lp[80], rp[80];
	snprintf(lp, sizeof lp, "%s/%u", sockaddr_ip(&s->local, l, sizeof l), sockaddr_port(&s->local));
	snprintf(rp, sizeof rp, "%s/%u", sockaddr_ip(&s->peer, r, sizeof r), sockaddr_port(&s->peer));
	vty_out(v, "%-10u%-22s%-22s%-21s%-7s\n", s->id, lp, rp, "none/none",
		s->state == IKE_SA_ESTABLISHED ? "READY" : s->state == IKE_SA_REKEYED ? "DELETE" : "IN-NEG");
	vty_out(v, "      Encr: %s, keysize: %u, PRF: %s, Hash: %s, DH Grp:%u, Auth sign: %s, Auth verify: %s\n",
		encr_name(s->suite.encr),
		/* ChaCha20 has no key length attribute: its key is 256 bits */
		s->suite.encr == 28 ? 256u : s->suite.encr_keylen, prf_name(s->suite.prf),
		hash_name(s->suite.integ), s->suite.dh,
		s->state == IKE_SA_ESTABLISHED && s->auth_sign[0] ? s->auth_sign : "None",
		s->state == IKE_SA_ESTABLISHED && s->auth_verify[0] ? s->auth_verify : "None");
	vty_out(v, "      Life/Active Time: %d/%lld sec\n", sa_lifetime(s),
		s->state == IKE_SA_ESTABLISHED ? mono_now() - s->established : 0LL);
}

static void sa_rows(struct vty *v, int family, bool detailed, const char *local, const char *remote)
{
	bool header = false;
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		if (s->peer.ss_family != family || !sa_match(s, local, remote))
			continue;
		if (!header) {
			sa_header(v);
			header = true;
		}
		sa_row(v, s);
		if (detailed)
			sa_detail(v, s);
		vty_out(v, "\n");
	}
}

static int cmd_show_sa(struct vty *v, const struct cmd_args *a)
{
	bool detailed = has(a, "detailed") || has(a, "detail");
	const char *local = arg(a, "LOCAL"), *remote = arg(a, "REMOTE");
	vty_out(v, " IPv4 Crypto IKEv2  SA \n\n");
	sa_rows(v, AF_INET, detailed, local, remote);
	vty_out(v, " IPv6 Crypto IKEv2  SA \n\n");
	sa_rows(v, AF_INET6, detailed, local, remote);
	return CMD_SUCCESS;
}

/* ---------- show crypto ikev2 session [detailed] (spec §5) ---------- */

static const char *esp_hmac(uint16_t integ)
{
	return integ ? hash_name(integ) : "None";
}

static void ts_text(const struct ikev2_ts *t, char *out, size_t len)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	int af = t->type == IKEV2_TS_IPV6_ADDR_RANGE ? AF_INET6 : AF_INET;
	inet_ntop(af, t->start, a, sizeof a);
	inet_ntop(af, t->end, b, sizeof b);
	snprintf(out, len, "%s/%u - %s/%u", a, t->sport, b, t->eport);
}

static void child_lines(struct vty *v, const struct ike_child *c, bool detailed)
{
	char l[128], r[128];
	ts_text(&c->ts_r, l, sizeof l);
	ts_text(&c->ts_i, r, sizeof r);
	vty_out(v, "Child sa: local selector  %s\n", l);
	vty_out(v, "          remote selector %s\n", r);
	vty_out(v, "          ESP spi in/out: 0x%X/0x%X  \n", c->spi_in, c->spi_out);
	if (!detailed)
		return;
	vty_out(v, "          AH spi in/out: 0x0/0x0  \n");
	vty_out(v, "          CPI in/out: 0x0/0x0  \n");
	vty_out(v, "          Encr: %s, keysize: %u, esp_hmac: %s\n", encr_name(c->encr), c->keylen,
		esp_hmac(c->integ));
	vty_out(v, "          ah_hmac: None, comp: IPCOMP_NONE, mode tunnel\n");
}

static const char *session_status(const struct ike_sa *s)
{
	if (s->state != IKE_SA_ESTABLISHED)
		return "DOWN-NEGOTIATING";
	return s->children ? "UP-ACTIVE" : "UP-IDLE";
}

static void session_rows(struct vty *v, int family, bool detailed)
{
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		if (s->peer.ss_family != family)
			continue;
		int nchild = 0;
		for (const struct ike_child *c = s->children; c; c = c->next)
			nchild++;
		vty_out(v, "Session-id:%u, Status:%s, IKE count:1, CHILD count:%d\n\n", ike_sa_session_id(s), session_status(s),
			nchild);
		sa_header(v);
		sa_row(v, s);
		if (detailed)
			sa_detail(v, s);
		for (const struct ike_child *c = s->children; c; c = c->next)
			child_lines(v, c, detailed);
		vty_out(v, "\n");
	}
}

static int cmd_show_session(struct vty *v, const struct cmd_args *a)
{
	bool detailed = has(a, "detailed") || has(a, "detail");
	vty_out(v, "IPv4 Crypto IKEv2 Session \n\n");
	session_rows(v, AF_INET, detailed);
	vty_out(v, "IPv6 Crypto IKEv2 Session \n\n");
	session_rows(v, AF_INET6, detailed);
	return CMD_SUCCESS;
}

/* clear crypto ikev2 sa / clear crypto session: the peer is told (Delete) */
static int cmd_clear(struct vty *v, const struct cmd_args *a)
{
	(void)v;
	ike_clear(arg(a, "LOCAL"), arg(a, "REMOTE"));
	return CMD_SUCCESS;
}

/* show crypto ikev2 stats: the limits in force (ike_limits.c), the SA
 * counts, what was refused and why, and the cookie challenges.  A line
 * above the table says when the IKE ports could not be bound. */
static int cmd_show_stats(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	const struct ike_stats *st = ike_engine_stats();
	const struct ike_socket_stats *ss = ike_socket_stats();
	const struct ike_limit_stats *ls = ike_limit_stats();
	const char *err = ike_socket_error();
	static const char dashes[] =
		"--------------------------------------------------------------------------------\n";
	if (*err)
		vty_out(v, "%% IKEv2 is not running: %s (retrying every %d seconds)\n", err, IKE_SOCKET_RETRY_S);
	struct ike_limits lim;
	ike_limits_get(&lim);
	int active = ike_sa_count(IKE_SA_ESTABLISHED), nego = ike_sa_count(IKE_SA_HALF_OPEN);
	unsigned long limited = ls->sa_limit + ls->nego_limit + ls->source_limit;
	vty_out(v, "%s                          Crypto IKEv2 SA Statistics\n%s", dashes, dashes);
	vty_out(v, "System Resource Limit:   %-9dMax IKEv2 SAs: %-9dMax in nego(in/out): %d/%d\n", 0, lim.max_sa,
		lim.nego_in, lim.nego_out);
	vty_out(v, "Total incoming IKEv2 SA Count:    %-9dactive:        %-9dnegotiating: %-6d\n",
		active + nego, active, nego);
	vty_out(v, "Total outgoing IKEv2 SA Count:    %-9dactive:        %-9dnegotiating: %-6d\n", 0, 0, 0);
	vty_out(v, "Incoming IKEv2 Requests: %-8lu accepted:      %-8lu rejected:    %-8lu\n", st->in_requests,
		st->in_accepted, st->in_rejected);
	vty_out(v, "Outgoing IKEv2 Requests: %-8d accepted:      %-8d rejected:    %-8d\n", 0, 0, 0);
	vty_out(v, "Rejected IKEv2 Requests: %-8lu rsrc low:      %-8d SA limit:    %-8lu\n", st->in_rejected, 0,
		limited);
	vty_out(v, "IKEv2 packets dropped at dispatch: %-8lu\n",
		st->dropped_malformed + st->dropped_unsupported + ss->dropped_short);
	vty_out(v, "Incoming Requests dropped as LOW Q limit reached : %-8d\n", 0);
	vty_out(v, "Incoming IKEV2 Cookie Challenged Requests: %-8lu\n", ls->cookie_sent);
	vty_out(v, "    accepted: %-8lu rejected: %-8lu rejected no cookie: %-8lu\n", ls->cookie_ok, ls->cookie_bad,
		ls->cookie_missing);
	vty_out(v, "Total Deleted sessions of Cert Revoked Peers: %-8d\n", 0);
	return CMD_SUCCESS;
}

#define EXEC MODE_BIT(MODE_EXEC)
static const struct cmd_def cmds[] = {
	{ EXEC, "show crypto ikev2 sa [{local A.B.C.D$LOCAL|remote A.B.C.D$REMOTE}] [detailed]",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 SA\n"
	  "Local address\nLocal IPv4 address\nRemote address\nRemote IPv4 address\n"
	  "Show detailed information",
	  cmd_show_sa, 0, PRIV_USER, 0 },
	/* older releases spell it `detail` (spec §2) */
	{ EXEC, "show crypto ikev2 sa detail",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 SA\n"
	  "Show detailed information",
	  cmd_show_sa, CMD_HIDDEN, PRIV_USER, 0 },
	{ EXEC, "show crypto ikev2 session [detailed]",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 Session\n"
	  "Show detailed information",
	  cmd_show_session, 0, PRIV_USER, 0 },
	{ EXEC, "show crypto ikev2 session detail",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 Session\n"
	  "Show detailed information",
	  cmd_show_session, CMD_HIDDEN, PRIV_USER, 0 },
	{ EXEC, "clear crypto ikev2 sa [local A.B.C.D$LOCAL] [remote A.B.C.D$REMOTE]",
	  "Reset functions\nEncryption module\nIKEv2 information\nClear IKEv2 SAs\n"
	  "Local address\nLocal IPv4 address\nRemote address\nRemote IPv4 address",
	  cmd_clear, 0, PRIV_ENABLE, 0 },
	{ EXEC, "clear crypto session [remote A.B.C.D$REMOTE] [local A.B.C.D$LOCAL]",
	  "Reset functions\nEncryption module\nClear crypto session\n"
	  "Remote address\nRemote IPv4 address\nLocal address\nLocal IPv4 address",
	  cmd_clear, 0, PRIV_ENABLE, 0 },
	{ EXEC, "show crypto ikev2 stats",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 Statistics",
	  cmd_show_stats, 0, PRIV_USER, 0 },
};

const struct module ike_module = {
	.name = "ike",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
