/*
 * The IKEv2 engine's shows: `show crypto ikev2 sa`, `show crypto ikev2
 * stats` (layouts: ../shared/spec/show-formats.md §3, §6).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/module.h"
#include "cli/vty.h"
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

static void sa_rows(struct vty *v, int family)
{
	bool header = false;
	for (const struct ike_sa *s = ike_sa_first(); s; s = s->next) {
		if (s->peer.ss_family != family)
			continue;
		if (!header) {
			vty_out(v, "Tunnel-id Local                 Remote                fvrf/ivrf            Status \n");
			header = true;
		}
		char l[64], r[64], lp[80], rp[80];
		snprintf(lp, sizeof lp, "%s/%u", sockaddr_ip(&s->local, l, sizeof l), sockaddr_port(&s->local));
		snprintf(rp, sizeof rp, "%s/%u", sockaddr_ip(&s->peer, r, sizeof r), sockaddr_port(&s->peer));
		vty_out(v, "%-10u%-22s%-22s%-21s%-7s\n", s->id, lp, rp, "none/none",
			s->state == IKE_SA_ESTABLISHED ? "READY" : "IN-NEG");
		vty_out(v, "      Encr: %s, keysize: %u, PRF: %s, Hash: %s, DH Grp:%u, Auth sign: %s, Auth verify: %s\n",
			encr_name(s->suite.encr), s->suite.encr_keylen, prf_name(s->suite.prf),
			hash_name(s->suite.integ), s->suite.dh,
			s->state == IKE_SA_ESTABLISHED ? "PSK" : "None",  /* PSK is the only method yet */
			s->state == IKE_SA_ESTABLISHED ? "PSK" : "None");
		vty_out(v, "      Life/Active Time: 86400/%lld sec\n\n",
			s->state == IKE_SA_ESTABLISHED ? mono_now() - s->established : 0LL);
	}
}

static int cmd_show_sa(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, " IPv4 Crypto IKEv2  SA \n\n");
	sa_rows(v, AF_INET);
	vty_out(v, " IPv6 Crypto IKEv2  SA \n\n");
	sa_rows(v, AF_INET6);
	return CMD_SUCCESS;
}

static int cmd_show_stats(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	const struct ike_stats *st = ike_engine_stats();
	const struct ike_socket_stats *ss = ike_socket_stats();
	const char *err = ike_socket_error();
	static const char dashes[] =
		"--------------------------------------------------------------------------------\n";
	if (*err)
		vty_out(v, "%% IKEv2 is not running: %s\n", err);
	int active = ike_sa_count(IKE_SA_ESTABLISHED), nego = ike_sa_count(IKE_SA_HALF_OPEN);
	vty_out(v, "%s                          Crypto IKEv2 SA Statistics\n%s", dashes, dashes);
	vty_out(v, "System Resource Limit:   0        Max IKEv2 SAs: 0        Max in nego(in/out): 40/400\n");
	vty_out(v, "Total incoming IKEv2 SA Count:    %-9d active:        %-9d negotiating: %-6d\n",
		active + nego, active, nego);
	vty_out(v, "Total outgoing IKEv2 SA Count:    %-9d active:        %-9d negotiating: %-6d\n", 0, 0, 0);
	vty_out(v, "Incoming IKEv2 Requests: %-8lu accepted:      %-8lu rejected:    %-8lu\n", st->in_requests,
		st->in_accepted, st->in_rejected);
	vty_out(v, "Outgoing IKEv2 Requests: %-8d accepted:      %-8d rejected:    %-8d\n", 0, 0, 0);
	vty_out(v, "Rejected IKEv2 Requests: %-8lu rsrc low:      %-8d SA limit:    %-8d\n", st->in_rejected, 0, 0);
	vty_out(v, "IKEv2 packets dropped at dispatch: %-8lu\n",
		st->dropped_malformed + st->dropped_unsupported + ss->dropped_short);
	vty_out(v, "Incoming Requests dropped as LOW Q limit reached : %-8d\n", 0);
	vty_out(v, "Incoming IKEV2 Cookie Challenged Requests: %-8d\n", 0);
	vty_out(v, "    accepted: %-8d rejected: %-8d rejected no cookie: %-8d\n", 0, 0, 0);
	vty_out(v, "Total Deleted sessions of Cert Revoked Peers: %-8d\n", 0);
	return CMD_SUCCESS;
}

#define EXEC MODE_BIT(MODE_EXEC)
static const struct cmd_def cmds[] = {
	{ EXEC, "show crypto ikev2 sa",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 SA",
	  cmd_show_sa, 0, PRIV_USER, 0 },
	{ EXEC, "show crypto ikev2 stats",
	  "Show running system information\nEncryption module\nShow IKEv2 information\nShow Crypto IKEv2 Statistics",
	  cmd_show_stats, 0, PRIV_USER, 0 },
};

const struct module ike_module = {
	.name = "ike",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
