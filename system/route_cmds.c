/* Static routes and NAT source rules. */
#include "sys_cmds.h"

#include <stdio.h>
#include <string.h>

#include "interface/ifname.h"
#include "ip4.h"

/* ip route [vrf V] PREFIX MASK {NEXTHOP | IF [NEXTHOP]} [DIST] [tag T] [permanent] [name N] */
int cmd_ip_route(struct vty *v, const struct cmd_args *a)
{
	const char *vrf = arg(a, "VRF") ? arg(a, "VRF") : "";
	uint32_t p, m;
	if (!arg(a, "prefix") || !arg(a, "mask"))
		return vty_error(v, "Incomplete command.");
	if (!ip4_parse(arg(a, "prefix"), &p) || !ip4_parse(arg(a, "mask"), &m))
		return vty_error(v, "Bad IP address");
	if (!ip4_mask_ok(m) || (p & ~m)) {
		vty_out(v, "%%Inconsistent address and mask\n");
		return CMD_ERROR;
	}
	char pfx[16], msk[16], nh[16] = "", ifn[64] = "";
	ip4_fmt(p, pfx);
	ip4_fmt(m, msk);

	const char *ifarg = arg(a, "IFNAME");
	const char *nharg = arg(a, "nh") ? arg(a, "nh") : arg(a, "nh2");
	uint32_t tmp;
	if (ifarg && ip4_parse(ifarg, &tmp)) {
		/* the parser took the next hop for an interface name */
		ip4_fmt(tmp, nh);
		ifarg = NULL;
	}
	if (ifarg && !ifname_canonical(ifarg, NULL, ifn, sizeof ifn))
		return vty_error(v, "Invalid interface %s", ifarg);
	if (nharg) {
		if (!ip4_parse(nharg, &tmp))
			return vty_error(v, "Bad IP address");
		ip4_fmt(tmp, nh);
	}

	if (a->no || a->dflt) {
		int rc;
		if (!nh[0] && !ifn[0])
			rc = db_exec("DELETE FROM sys_route WHERE vrf = ? AND prefix = ? AND mask = ?",
				     "sss", vrf, pfx, msk);
		else
			rc = db_exec("DELETE FROM sys_route WHERE vrf = ? AND prefix = ? AND mask = ? "
				     "AND ifname = ? AND nexthop = ?", "sssss", vrf, pfx, msk, ifn, nh);
		if (rc)
			return sys_db_fail(v);
		if (db_changes() == 0)
			vty_out(v, "%%No matching route to delete\n");
		return CMD_SUCCESS;
	}
	if (!nh[0] && !ifn[0])
		return vty_error(v, "Incomplete command.");
	if (nh[0] && nh[0] == pfx[0] && !strcmp(nh, pfx) && m == 0xffffffffu)
		return vty_error(v, "Invalid next hop address (it's this router)");

	const char *dist = arg(a, "<1-255>");
	const char *tag = arg(a, "<1-4294967295>");
	if (db_exec("INSERT OR REPLACE INTO sys_route(vrf, prefix, mask, ifname, nexthop, distance, tag, permanent, name) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", "sssssssds",
		    vrf, pfx, msk, ifn, nh, dist, tag, has(a, "permanent") ? 1 : 0, arg(a, "RNAME")))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* ip nat inside source list ACL interface IF [overload] */
int cmd_ip_nat_source(struct vty *v, const struct cmd_args *a)
{
	const char *acl = arg(a, "ACL");
	if (a->no || a->dflt) {
		if (!acl) {
			if (db_exec("DELETE FROM sys_nat_source", NULL))
				return sys_db_fail(v);
		} else if (db_exec("DELETE FROM sys_nat_source WHERE acl = ?", "s", acl)) {
			return sys_db_fail(v);
		}
		return CMD_SUCCESS;
	}
	char ifn[64];
	const char *ifarg = arg(a, "IFNAME");
	if (!ifarg || !ifname_canonical(ifarg, NULL, ifn, sizeof ifn))
		return vty_error(v, "Invalid interface %s", ifarg ? ifarg : "");
	if (db_exec("INSERT OR REPLACE INTO sys_nat_source(acl, ifname, overload) VALUES (?, ?, ?)",
		    "ssd", acl, ifn, has(a, "overload") ? 1 : 0))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}
