/* Interface IPv4/IPv6 commands: addresses, unnumbered, mtu, mss, NAT, ACLs, VRF. */
#include "if_cmds.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "system/ip4.h"
#include "system/system.h"

static int check_addr(struct vty *v, uint32_t ad, uint32_t m, const char *text)
{
	if (!ip4_mask_ok(m))
		return vty_error(v, "Bad mask 0x%X for address %s", m, text);
	int len = ip4_mask_len(m);
	if (len < 31 && ((ad & ~m) == 0 || (ad & ~m) == ~m))
		return vty_error(v, "Bad mask /%d for address %s", len, text);
	if (len == 0)
		return vty_error(v, "Bad mask /%d for address %s", len, text);
	if ((ad >> 24) == 0 || (ad >> 24) == 127 || (ad >> 24) >= 224)
		return vty_error(v, "Not a valid host address - %s", text);
	return CMD_SUCCESS;
}

int cmd_if_ip_address(struct vty *v, const struct cmd_args *a)
{
	const char *ifn = vty_key(v, 0);
	bool secondary = has(a, "secondary");
	uint32_t ad = 0, m = 0;
	char as[16] = "", ms[16] = "";
	if (arg(a, "addr")) {
		if (!ip4_parse(arg(a, "addr"), &ad) || !ip4_parse(arg(a, "mask"), &m))
			return vty_error(v, "Bad IP address");
		ip4_fmt(ad, as);
		ip4_fmt(m, ms);
	}
	if (a->no || a->dflt) {
		if (secondary) {
			if (db_exec("DELETE FROM if_secondary WHERE ifname = ? AND address = ?", "ss", ifn, as))
				return if_db_fail(v);
			return CMD_SUCCESS;
		}
		if (as[0] && !db_exists("SELECT 1 FROM if_interface WHERE name = ? AND ip_address = ?", "ss", ifn, as))
			return vty_error(v, "Invalid address");
		if (as[0] && db_exists("SELECT 1 FROM if_secondary WHERE ifname = ?", "s", ifn))
			return vty_error(v, "Must delete secondary before deleting primary");
		if (db_exec("DELETE FROM if_secondary WHERE ifname = ?", "s", ifn))
			return if_db_fail(v);
		return IF_SET0(v, "ip_mode = NULL, ip_address = NULL, ip_mask = NULL, ip_unnumbered = NULL");
	}
	if (has(a, "dhcp"))
		return IF_SET0(v, "ip_mode = 'dhcp', ip_address = NULL, ip_mask = NULL, ip_unnumbered = NULL");
	if (has(a, "negotiated"))
		return IF_SET0(v, "ip_mode = 'negotiated', ip_address = NULL, ip_mask = NULL, ip_unnumbered = NULL");
	if (check_addr(v, ad, m, as))
		return CMD_ERROR;
	if (secondary) {
		/* IOS prints secondaries before the primary, so a secondary may come first */
		if (db_exists("SELECT 1 FROM if_interface WHERE name = ? AND ip_mode IS NOT NULL "
			      "AND ip_mode != 'static'", "s", ifn) &&
		    IF_SET0(v, "ip_mode = NULL, ip_unnumbered = NULL"))
			return CMD_ERROR;
		if (db_exists("SELECT 1 FROM if_interface WHERE name = ? AND ip_address = ?", "ss", ifn, as))
			return vty_error(v, "%s is already the primary address of %s", as, ifn);
		if (db_exec("INSERT OR REPLACE INTO if_secondary(ifname, address, mask) VALUES (?, ?, ?)",
			    "sss", ifn, as, ms))
			return if_db_fail(v);
		return CMD_SUCCESS;
	}
	if (db_exec("DELETE FROM if_secondary WHERE ifname = ? AND address = ?", "ss", ifn, as))
		return if_db_fail(v);
	return IF_SET(v, "ip_mode = 'static', ip_address = ?, ip_mask = ?, ip_unnumbered = NULL", "ss", as, ms);
}

int cmd_if_ip_unnumbered(struct vty *v, const struct cmd_args *a)
{
	const char *ifn = vty_key(v, 0);
	if (a->no || a->dflt)
		return IF_SET0(v, "ip_mode = NULL, ip_unnumbered = NULL");
	char src[96];
	if (!if_arg_name(v, a, "IFNAME", "IFNUM", src, sizeof src))
		return CMD_ERROR;
	if (!strcmp(src, ifn))
		return vty_error(v, "Cannot use %s as its own unnumbered source", ifn);
	if (db_exec("DELETE FROM if_secondary WHERE ifname = ?", "s", ifn))
		return if_db_fail(v);
	return IF_SET(v, "ip_mode = 'unnumbered', ip_address = NULL, ip_mask = NULL, ip_unnumbered = ?", "s", src);
}

int cmd_if_ip_mtu(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "ip_mtu = NULL");
	return IF_SET(v, "ip_mtu = ?", "i", arg_int(a, "<68-9216>", 1500));
}

int cmd_if_ip_mss(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "tcp_mss = NULL");
	return IF_SET(v, "tcp_mss = ?", "i", arg_int(a, "<500-1460>", 1360));
}

int cmd_if_ip_nat(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "nat = NULL");
	return IF_SET(v, "nat = ?", "s", has(a, "inside") ? "inside" : "outside");
}

int cmd_if_ip_access_group(struct vty *v, const struct cmd_args *a)
{
	bool out = has(a, "out");
	const char *acl = (a->no || a->dflt) ? NULL : arg(a, "ACL");
	return out ? IF_SET(v, "acl_out = ?", "s", acl) : IF_SET(v, "acl_in = ?", "s", acl);
}

/* IOS removes the IPv4 addresses of an interface that changes VRF. */
int cmd_if_vrf(struct vty *v, const struct cmd_args *a)
{
	const char *ifn = vty_key(v, 0);
	bool legacy = has(a, "ip");
	char old[128] = "";
	db_get_text(old, sizeof old, "SELECT vrf FROM if_interface WHERE name = ? AND vrf IS NOT NULL", "s", ifn);
	const char *vrf = (a->no || a->dflt) ? NULL : arg(a, "VRF");
	if ((vrf && !strcmp(old, vrf)) || (!vrf && !old[0]))
		return CMD_SUCCESS;
	if (vrf && !sys_vrf_exists(vrf))
		return vty_error(v, "VRF %s not configured.", vrf);
	if (db_exists("SELECT 1 FROM if_interface WHERE name = ? AND ip_mode = 'static'", "s", ifn)) {
		vty_out(v, "%% Interface %s IPv4 disabled and address(es) removed due to %s VRF %s\n",
			ifn, vrf ? "enabling" : "disabling", vrf ? vrf : old);
		if (db_exec("DELETE FROM if_secondary WHERE ifname = ?", "s", ifn))
			return if_db_fail(v);
		if (IF_SET0(v, "ip_mode = NULL, ip_address = NULL, ip_mask = NULL"))
			return CMD_ERROR;
	}
	return IF_SET(v, "vrf = ?, vrf_legacy = ?", "sd", vrf, vrf ? (legacy ? 1 : 0) : 0);
}

/* IPv6 text as IOS prints it: compressed, upper case. */
static bool v6_canon(const char *in, char *out, size_t outlen)
{
	char addr[64];
	const char *slash = strchr(in, '/');
	size_t n = slash ? (size_t)(slash - in) : strlen(in);
	if (n >= sizeof addr)
		return false;
	memcpy(addr, in, n);
	addr[n] = '\0';
	struct in6_addr a6;
	if (inet_pton(AF_INET6, addr, &a6) != 1)
		return false;
	char txt[INET6_ADDRSTRLEN];
	inet_ntop(AF_INET6, &a6, txt, sizeof txt);
	for (char *p = txt; *p; p++)
		*p = (char)toupper((unsigned char)*p);
	snprintf(out, outlen, "%s%s", txt, slash ? slash : "");
	return true;
}

int cmd_if_ipv6_address(struct vty *v, const struct cmd_args *a)
{
	const char *ifn = vty_key(v, 0);
	const char *p = arg(a, "X:X::X:X/M") ? arg(a, "X:X::X:X/M") : arg(a, "X:X::X:X");
	char c[80] = "";
	if (p && !v6_canon(p, c, sizeof c))
		return vty_error(v, "Bad IPv6 address %s", p);
	if (a->no || a->dflt) {
		int rc = c[0] ? db_exec("DELETE FROM if_ipv6_address WHERE ifname = ? AND address = ?", "ss", ifn, c)
			      : db_exec("DELETE FROM if_ipv6_address WHERE ifname = ?", "s", ifn);
		return rc ? if_db_fail(v) : CMD_SUCCESS;
	}
	const char *kind = has(a, "eui-64") ? "eui-64" : has(a, "link-local") ? "link-local" : "";
	if (!strcmp(kind, "link-local") &&
	    db_exec("DELETE FROM if_ipv6_address WHERE ifname = ? AND kind = 'link-local'", "s", ifn))
		return if_db_fail(v);
	if (db_exec("INSERT OR REPLACE INTO if_ipv6_address(ifname, address, kind) VALUES (?, ?, ?)",
		    "sss", ifn, c, kind))
		return if_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_if_ipv6_enable(struct vty *v, const struct cmd_args *a)
{
	return IF_SET(v, "ipv6_enable = ?", "d", (a->no || a->dflt) ? 0 : 1);
}

int cmd_if_ipv6_unnumbered(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "ipv6_unnumbered = NULL");
	char src[96];
	if (!if_arg_name(v, a, "IFNAME", "IFNUM", src, sizeof src))
		return CMD_ERROR;
	return IF_SET(v, "ipv6_unnumbered = ?", "s", src);
}

/* ip ospf PID area AREA / ipv6 ospf PID area AREA (the area kept as typed) */
int cmd_if_ospf(struct vty *v, const struct cmd_args *a)
{
	bool v6 = has(a, "ipv6");
	if (a->no || a->dflt)
		return v6 ? IF_SET0(v, "ospf6_pid = NULL, ospf6_area = NULL") : IF_SET0(v, "ospf_pid = NULL, ospf_area = NULL");
	const char *area = arg(a, "<0-4294967295>") ? arg(a, "<0-4294967295>") : arg(a, "A.B.C.D");
	long long pid = arg_int(a, "<1-65535>", 1);
	return v6 ? IF_SET(v, "ospf6_pid = ?, ospf6_area = ?", "is", pid, area)
		  : IF_SET(v, "ospf_pid = ?, ospf_area = ?", "is", pid, area);
}

int cmd_if_ipv6_mtu(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "ipv6_mtu = NULL");
	return IF_SET(v, "ipv6_mtu = ?", "i", arg_int(a, "<1280-9976>", 1500));
}
