/*
 * ikev2/ config side: the command handlers (one file per object kind) and
 * the helpers they share.  ikev2_cmdtable.c lists them all.
 */
#ifndef FLEXD_IKEV2_CMDS_H
#define FLEXD_IKEV2_CMDS_H

#include <stdbool.h>
#include "cli/vty.h"
#include "parser/parser.h"

struct cmd_args;
struct buf;

/* ---- helpers (ikev2_util.c) ---- */
int ik_dberr(struct vty *v);                  /* "% <sqlite message>", CMD_ERROR */
bool ik_proposal_complete(const char *name);
bool ik_proposal_usable(const char *name);    /* exists, not disabled, complete */
bool ik_policy_has_complete_proposal(const char *name);
int ik_proposal_restore_default(void);        /* smart default content back */
int ik_policy_restore_default(void);
int ik_author_restore_default(void);
/* Key type of `[0|6] KEY`: 6 when "6" was typed, else 0. */
int ik_key_type(const struct cmd_args *a, const char *name6);
/* Append " [6 ]KEY" as IOS prints a secret of that type. */
void ik_key_print(struct buf *b, long long type, const char *key);
/* Canonical interface name from IFNAME [IFNUM]; falls back to what was typed. */
void ik_ifname(const struct cmd_args *a, char *out, size_t len);
/* Was the FVRIF word of the `match fvrif` alias really "fvrif"?  (Else prints the caret error.) */
bool ik_is_fvrif(struct vty *v, const struct cmd_args *a);

/* ---- proposal_cmds.c ---- */
int ik_cmd_proposal(struct vty *v, const struct cmd_args *a);
int ik_cmd_proposal_all(struct vty *v, const struct cmd_args *a);
int ik_cmd_prop_alg(struct vty *v, const struct cmd_args *a);

/* ---- policy_cmds.c ---- */
int ik_cmd_policy(struct vty *v, const struct cmd_args *a);
int ik_cmd_policy_all(struct vty *v, const struct cmd_args *a);
int ik_cmd_pol_proposal(struct vty *v, const struct cmd_args *a);
int ik_cmd_pol_fvrf(struct vty *v, const struct cmd_args *a);
int ik_cmd_pol_fvrif(struct vty *v, const struct cmd_args *a);
int ik_cmd_pol_local(struct vty *v, const struct cmd_args *a);
int ik_cmd_pol_inbound(struct vty *v, const struct cmd_args *a);

/* ---- keyring_cmds.c ---- */
int ik_cmd_keyring(struct vty *v, const struct cmd_args *a);
int ik_cmd_kr_peer(struct vty *v, const struct cmd_args *a);
int ik_cmd_peer_description(struct vty *v, const struct cmd_args *a);
int ik_cmd_peer_address(struct vty *v, const struct cmd_args *a);
int ik_cmd_peer_hostname(struct vty *v, const struct cmd_args *a);
int ik_cmd_peer_identity(struct vty *v, const struct cmd_args *a);
int ik_cmd_peer_psk(struct vty *v, const struct cmd_args *a);

/* ---- profile_cmds.c / profile_aaa_cmds.c ---- */
int ik_cmd_profile(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_description(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_match_id(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_match_cert(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_match_fvrf(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_match_fvrif(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_match_local(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_match_inbound(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_identity(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_auth_local(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_auth_remote(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_auth_preshared(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_keyring(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_keyring_list(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_trustpoint(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_lifetime(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_dpd(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_nat(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_ivrf(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_vtemplate(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_aaa_authen(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_aaa_authz(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_aaa_authz_bare(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_aaa_acct(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_anyconnect(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_reconnect(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_cfg_exchange(struct vty *v, const struct cmd_args *a);
int ik_cmd_prof_flag(struct vty *v, const struct cmd_args *a);

/* ---- author_cmds.c ---- */
int ik_cmd_author(struct vty *v, const struct cmd_args *a);
int ik_cmd_author_all(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_text(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_pair(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_int(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_flag(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_list(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_route_if(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_route_acl(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_route_net(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_route_accept(struct vty *v, const struct cmd_args *a);
int ik_cmd_au_mobileopt(struct vty *v, const struct cmd_args *a);

/* ---- misc_cmds.c: name-mangler, flexvpn client, cluster ---- */
int ik_cmd_mangler(struct vty *v, const struct cmd_args *a);
int ik_cmd_nm_rule(struct vty *v, const struct cmd_args *a);
int ik_cmd_flexvpn(struct vty *v, const struct cmd_args *a);
int ik_cmd_fx_peer(struct vty *v, const struct cmd_args *a);
int ik_cmd_fx_reactivate(struct vty *v, const struct cmd_args *a);
int ik_cmd_fx_client(struct vty *v, const struct cmd_args *a);
int ik_cmd_fx_connect(struct vty *v, const struct cmd_args *a);
int ik_cmd_fx_source(struct vty *v, const struct cmd_args *a);
int ik_cmd_fx_backup(struct vty *v, const struct cmd_args *a);
int ik_cmd_cluster(struct vty *v, const struct cmd_args *a);
int ik_cmd_cl_set(struct vty *v, const struct cmd_args *a);

/* ---- global_cmds.c ---- */
int ik_cmd_gl_http_url(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_dpd(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_int(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_limit_nego(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_fragmentation(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_redirect(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_flag(struct vty *v, const struct cmd_args *a);
int ik_cmd_gl_reconnect_key(struct vty *v, const struct cmd_args *a);

/* ---- ikev2_show.c ---- */
int ik_show_proposal(struct vty *v, const struct cmd_args *a);
int ik_show_policy(struct vty *v, const struct cmd_args *a);
int ik_show_profile(struct vty *v, const struct cmd_args *a);
int ik_show_author(struct vty *v, const struct cmd_args *a);

/* ---- ikev2_render.c: one block of an object (shared with the shows) ---- */
void ik_render_author_body(struct buf *b, const char *name, const char *indent, bool show);

#endif
