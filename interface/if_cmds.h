/* Handlers of interface/ commands (the table is in if_cmdtable.c). */
#ifndef FLEXD_IF_CMDS_H
#define FLEXD_IF_CMDS_H

#include "cli/vty.h"
#include "if_names.h"
#include "ifname.h"
#include "parser/parser.h"
#include "running-config/store.h"

static inline int if_db_fail(struct vty *v)
{
	return vty_error(v, "%s", store_errmsg());
}

/* UPDATE columns of the interface being edited (mode key 0). */
#define IF_SET(v, sql, types, ...) \
	(db_exec("UPDATE if_interface SET " sql " WHERE name = ?", types "s", __VA_ARGS__, vty_key(v, 0)) \
	 ? if_db_fail(v) : CMD_SUCCESS)
#define IF_SET0(v, sql) \
	(db_exec("UPDATE if_interface SET " sql " WHERE name = ?", "s", vty_key(v, 0)) \
	 ? if_db_fail(v) : CMD_SUCCESS)

/* Kind of the interface being edited. */
static inline enum if_kind if_cur_kind(struct vty *v)
{
	return ifname_kind(vty_key(v, 0));
}
static inline bool if_cur_is_tunnel(struct vty *v)
{
	enum if_kind k = if_cur_kind(v);
	return k == IFK_TUNNEL || k == IFK_VTEMPLATE;
}

/* Canonical interface name from IFNAME [IFNUM] captures; prints the error. */
bool if_arg_name(struct vty *v, const struct cmd_args *a, const char *name_key, const char *num_key,
		 char *out, size_t outlen);

/* if_cmds.c */
int cmd_interface(struct vty *v, const struct cmd_args *a);
int cmd_if_description(struct vty *v, const struct cmd_args *a);
int cmd_if_shutdown(struct vty *v, const struct cmd_args *a);
int cmd_if_mtu(struct vty *v, const struct cmd_args *a);
int cmd_if_bandwidth(struct vty *v, const struct cmd_args *a);
int cmd_if_negotiation(struct vty *v, const struct cmd_args *a);
int cmd_if_keepalive(struct vty *v, const struct cmd_args *a);
int cmd_if_encap(struct vty *v, const struct cmd_args *a);
int cmd_if_service_policy(struct vty *v, const struct cmd_args *a);
int cmd_if_standby(struct vty *v, const struct cmd_args *a);

/* if_ip_cmds.c */
int cmd_if_ip_address(struct vty *v, const struct cmd_args *a);
int cmd_if_ip_unnumbered(struct vty *v, const struct cmd_args *a);
int cmd_if_ip_mtu(struct vty *v, const struct cmd_args *a);
int cmd_if_ip_mss(struct vty *v, const struct cmd_args *a);
int cmd_if_ip_nat(struct vty *v, const struct cmd_args *a);
int cmd_if_ip_access_group(struct vty *v, const struct cmd_args *a);
int cmd_if_vrf(struct vty *v, const struct cmd_args *a);
int cmd_if_ipv6_address(struct vty *v, const struct cmd_args *a);
int cmd_if_ipv6_enable(struct vty *v, const struct cmd_args *a);
int cmd_if_ipv6_unnumbered(struct vty *v, const struct cmd_args *a);
int cmd_if_ipv6_mtu(struct vty *v, const struct cmd_args *a);
int cmd_if_ospf(struct vty *v, const struct cmd_args *a);

/* if_tunnel_cmds.c */
int cmd_if_tun_source(struct vty *v, const struct cmd_args *a);
int cmd_if_tun_dest(struct vty *v, const struct cmd_args *a);
int cmd_if_tun_mode(struct vty *v, const struct cmd_args *a);
int cmd_if_tun_protection(struct vty *v, const struct cmd_args *a);

/* if_show.c */
int cmd_show_ip_if_brief(struct vty *v, const struct cmd_args *a);

/* vaccess_show.c, route_show.c */
int cmd_show_derived_config(struct vty *v, const struct cmd_args *a);
int cmd_show_interfaces(struct vty *v, const struct cmd_args *a);
int cmd_show_ip_route(struct vty *v, const struct cmd_args *a);

#endif
