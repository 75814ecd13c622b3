/* Handlers of system/ commands (the table is in sys_cmdtable.c). */
#ifndef FLEXD_SYS_CMDS_H
#define FLEXD_SYS_CMDS_H

#include "cli/vty.h"
#include "parser/parser.h"
#include "running-config/store.h"

/* Report a store failure as an IOS-style error. */
static inline int sys_db_fail(struct vty *v)
{
	return vty_error(v, "%s", store_errmsg());
}

/* global_cmds.c */
int cmd_hostname(struct vty *v, const struct cmd_args *a);
int cmd_enable_secret(struct vty *v, const struct cmd_args *a);
int cmd_enable_secret_scrypt(struct vty *v, const struct cmd_args *a);
int cmd_enable_password(struct vty *v, const struct cmd_args *a);
int cmd_service_timestamps(struct vty *v, const struct cmd_args *a);
int cmd_service_pwenc(struct vty *v, const struct cmd_args *a);
int cmd_ip_domain_name(struct vty *v, const struct cmd_args *a);
int cmd_ip_domain_lookup(struct vty *v, const struct cmd_args *a);
int cmd_ip_http_server(struct vty *v, const struct cmd_args *a);
int cmd_ip_http_secure(struct vty *v, const struct cmd_args *a);
int cmd_ip_http_auth(struct vty *v, const struct cmd_args *a);
int cmd_ip_forward_nd(struct vty *v, const struct cmd_args *a);
int cmd_boot_marker(struct vty *v, const struct cmd_args *a);
int cmd_ipv6_unicast_routing(struct vty *v, const struct cmd_args *a);

/* route_cmds.c */
int cmd_ip_route(struct vty *v, const struct cmd_args *a);
int cmd_ip_nat_source(struct vty *v, const struct cmd_args *a);

/* acl_cmds.c */
int cmd_acl_std(struct vty *v, const struct cmd_args *a);
int cmd_acl_ext(struct vty *v, const struct cmd_args *a);
int cmd_acl_regular(struct vty *v, const struct cmd_args *a);
int cmd_ace_std(struct vty *v, const struct cmd_args *a);
int cmd_ace_ext(struct vty *v, const struct cmd_args *a);
int cmd_ace_remark(struct vty *v, const struct cmd_args *a);
int cmd_ace_noseq(struct vty *v, const struct cmd_args *a);
int cmd_legacy_std(struct vty *v, const struct cmd_args *a);
int cmd_legacy_ext(struct vty *v, const struct cmd_args *a);
int cmd_legacy_remark(struct vty *v, const struct cmd_args *a);
int cmd_legacy_no(struct vty *v, const struct cmd_args *a);

/* vrf_qos_cmds.c */
int cmd_vrf(struct vty *v, const struct cmd_args *a);
int cmd_vrf_description(struct vty *v, const struct cmd_args *a);
int cmd_vrf_rd(struct vty *v, const struct cmd_args *a);
int cmd_vrf_af(struct vty *v, const struct cmd_args *a);
int cmd_vrf_exit_af(struct vty *v, const struct cmd_args *a);
int cmd_class_map(struct vty *v, const struct cmd_args *a);
int cmd_class_map_match(struct vty *v, const struct cmd_args *a);
int cmd_policy_map(struct vty *v, const struct cmd_args *a);
int cmd_policy_map_class(struct vty *v, const struct cmd_args *a);

/* acl_show.c */
int cmd_show_ip_acl(struct vty *v, const struct cmd_args *a);

/* line_cmds.c */
int cmd_line(struct vty *v, const struct cmd_args *a);
int cmd_line_login(struct vty *v, const struct cmd_args *a);
int cmd_line_password(struct vty *v, const struct cmd_args *a);
int cmd_line_privilege(struct vty *v, const struct cmd_args *a);
int cmd_line_exec_timeout(struct vty *v, const struct cmd_args *a);
int cmd_line_transport(struct vty *v, const struct cmd_args *a);
int cmd_line_logging_sync(struct vty *v, const struct cmd_args *a);
int cmd_line_length(struct vty *v, const struct cmd_args *a);
int cmd_line_stopbits(struct vty *v, const struct cmd_args *a);
int cmd_line_access_class(struct vty *v, const struct cmd_args *a);

#endif
