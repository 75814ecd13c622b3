/* aaa/: handlers shared between the command files and the module table
 * (aaa_cmdtable.c), plus small helpers. */
#ifndef FLEXD_AAA_CMDS_H
#define FLEXD_AAA_CMDS_H

#include <stdbool.h>
#include <stdint.h>
#include "cli/vty.h"
#include "parser/parser.h"

struct buf;

/* ---- helpers (aaa_util.c) ---- */
bool aaa_new_model(void);
/* CMD_SUCCESS when aaa new-model is on, else prints why and CMD_ERROR. */
int aaa_require_new_model(struct vty *v);
/* The key type typed as [0|6|7] under capture name "KT" (0 when absent). */
int aaa_key_type(const struct cmd_args *a);
/* " <kw> [T ]KEY": type 0 is shown without its number, as IOS does. */
void aaa_render_key(struct buf *b, const char *kw, int type, const char *key);
/* Parse a dotted quad into host order. */
bool aaa_ipv4(const char *s, uint32_t *out);
/* Canonical interface name from "IFNAME" [+ "IFNUM"] captures; false when unknown. */
bool aaa_ifname(const struct cmd_args *a, char *out, size_t outlen);
/* Next seq of a table/column pair (SQL given whole, returns MAX+1). */
long long aaa_next_seq(const char *sql, const char *types, const char *key);

/* ---- aaa_global_cmds.c ---- */
int aaa_cmd_new_model(struct vty *v, const struct cmd_args *a);
int aaa_cmd_session_id(struct vty *v, const struct cmd_args *a);
int aaa_cmd_authen(struct vty *v, const struct cmd_args *a);
int aaa_cmd_author(struct vty *v, const struct cmd_args *a);
int aaa_cmd_acct(struct vty *v, const struct cmd_args *a);
int aaa_cmd_acct_update(struct vty *v, const struct cmd_args *a);
int aaa_cmd_mlist_action(struct vty *v, const struct cmd_args *a);
int aaa_cmd_mlist_broadcast(struct vty *v, const struct cmd_args *a);
int aaa_cmd_mlist_group(struct vty *v, const struct cmd_args *a);

/* ---- radius_cmds.c ---- */
int aaa_cmd_radius_server(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rs_address(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rs_key(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rs_timeout(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rs_retransmit(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rs_tester(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_host(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_address_alias(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_timeout(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_retransmit(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_key(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_deadtime(struct vty *v, const struct cmd_args *a);
int aaa_cmd_rglobal_dead_criteria(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ip_radius_source(struct vty *v, const struct cmd_args *a);

/* ---- radius_group_cmds.c ---- */
int aaa_cmd_group_server(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_server_name(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_server_name_alias(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_server_addr(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_private(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_source(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_vrf(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_deadtime(struct vty *v, const struct cmd_args *a);
int aaa_cmd_sg_load_balance(struct vty *v, const struct cmd_args *a);

/* ---- ldap_cmds.c ---- */
int aaa_cmd_ldap_group(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ldap_sg_server(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ldap_server(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_ipv4(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_port(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_attr_map(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_timeout(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_bind(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_base_dn(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_search_filter(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ls_authentication(struct vty *v, const struct cmd_args *a);
void aaa_render_ldap_groups(struct buf *b);
void aaa_render_ldap_servers(struct buf *b);

/* ---- dynauthor_cmds.c ---- */
int aaa_cmd_dynauthor(struct vty *v, const struct cmd_args *a);
int aaa_cmd_da_client(struct vty *v, const struct cmd_args *a);
int aaa_cmd_da_server_key(struct vty *v, const struct cmd_args *a);
int aaa_cmd_da_port(struct vty *v, const struct cmd_args *a);
int aaa_cmd_da_auth_type(struct vty *v, const struct cmd_args *a);
int aaa_cmd_da_ignore(struct vty *v, const struct cmd_args *a);

/* ---- attrlist_cmds.c ---- */
int aaa_cmd_attr_list(struct vty *v, const struct cmd_args *a);
int aaa_cmd_attr_type(struct vty *v, const struct cmd_args *a);

/* ---- user_cmds.c ---- */
int aaa_cmd_username(struct vty *v, const struct cmd_args *a);

/* ---- pool_cmds.c ---- */
int aaa_cmd_ip_pool(struct vty *v, const struct cmd_args *a);
int aaa_cmd_ipv6_pool(struct vty *v, const struct cmd_args *a);

/* ---- aaa_show.c ---- */
int aaa_cmd_show_ip_pool(struct vty *v, const struct cmd_args *a);
int aaa_cmd_show_aaa_servers(struct vty *v, const struct cmd_args *a);
int aaa_cmd_show_aaa_sessions(struct vty *v, const struct cmd_args *a);  /* aaa_acct_show.c */
int aaa_cmd_show_aaa_user_all(struct vty *v, const struct cmd_args *a);
int aaa_cmd_test_aaa(struct vty *v, const struct cmd_args *a);
void aaa_show_init(void);

#endif
