/* Tunnel and Virtual-Template commands: tunnel source/destination/mode/protection. */
#include "if_cmds.h"

#include <stdio.h>
#include <string.h>

#include "system/ip4.h"

static int need_tunnel(struct vty *v)
{
	if (if_cur_is_tunnel(v))
		return CMD_SUCCESS;
	return vty_error(v, "Tunnel commands are valid only on Tunnel and Virtual-Template interfaces");
}

int cmd_if_tun_source(struct vty *v, const struct cmd_args *a)
{
	if (need_tunnel(v))
		return CMD_ERROR;
	if (a->no || a->dflt)
		return IF_SET0(v, "tun_source = NULL");
	char buf[96];
	uint32_t ad;
	const char *addr = arg(a, "A.B.C.D");
	if (!addr && arg(a, "IFNAME") && !arg(a, "IFNUM") && ip4_parse(arg(a, "IFNAME"), &ad))
		addr = arg(a, "IFNAME");
	if (addr) {
		if (!ip4_canon(addr, buf))
			return vty_error(v, "Bad IP address %s", addr);
	} else if (!if_arg_name(v, a, "IFNAME", "IFNUM", buf, sizeof buf)) {
		return CMD_ERROR;
	} else if (!strcmp(buf, vty_key(v, 0))) {
		return vty_error(v, "Cannot use %s as its own tunnel source", buf);
	}
	return IF_SET(v, "tun_source = ?", "s", buf);
}

int cmd_if_tun_dest(struct vty *v, const struct cmd_args *a)
{
	if (need_tunnel(v))
		return CMD_ERROR;
	if (a->no || a->dflt)
		return IF_SET0(v, "tun_dest = NULL");
	if (has(a, "dynamic"))
		return IF_SET0(v, "tun_dest = 'dynamic'");
	char buf[16];
	if (!ip4_canon(arg(a, "A.B.C.D"), buf))
		return vty_error(v, "Bad IP address");
	return IF_SET(v, "tun_dest = ?", "s", buf);
}

int cmd_if_tun_mode(struct vty *v, const struct cmd_args *a)
{
	if (need_tunnel(v))
		return CMD_ERROR;
	const char *mode = NULL;   /* gre ip: the default, not rendered */
	if (!a->no && !a->dflt) {
		bool six = has(a, "ipv6");
		if (has(a, "ipsec"))
			mode = six ? "ipsec ipv6" : "ipsec ipv4";
		else if (six)
			mode = "gre ipv6";
	}
	return IF_SET(v, "tun_mode = ?", "s", mode);
}

int cmd_if_tun_protection(struct vty *v, const struct cmd_args *a)
{
	if (need_tunnel(v))
		return CMD_ERROR;
	if (a->no || a->dflt)
		return IF_SET0(v, "tun_profile = NULL, tun_shared = 0");
	return IF_SET(v, "tun_profile = ?, tun_shared = ?", "sd", arg(a, "PROFILE"), has(a, "shared") ? 1 : 0);
}
