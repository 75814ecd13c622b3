/* Handlers of the ipsec module; the table is in ipsec_cmdtable.c. */
#ifndef FLEXD_IPSEC_CMDS_H
#define FLEXD_IPSEC_CMDS_H

#include "cli/vty.h"

/* transform_cmds.c */
int ipsec_cmd_transform_set(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_transform_set_bare(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_ts_mode(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_ts_esn(struct vty *v, const struct cmd_args *a);

/* profile_cmds.c */
int ipsec_cmd_profile(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_profile_bare(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_transform_set(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_ikev2_profile(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_isakmp_profile(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_pfs(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_lifetime(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_idle_time(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_replay(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_mixed_mode(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_policy_limit(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_responder_only(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_description(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_reverse_route(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_prof_redundancy(struct vty *v, const struct cmd_args *a);

/* global_cmds.c */
int ipsec_cmd_sa_lifetime(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_sa_idle_time(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_sa_replay(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_df_bit(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_fragmentation(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_nat_transparency(struct vty *v, const struct cmd_args *a);

/* ipsec_show.c */
int ipsec_cmd_show_transform_set(struct vty *v, const struct cmd_args *a);
int ipsec_cmd_show_profile(struct vty *v, const struct cmd_args *a);

/* ipsec_sa_show.c: show crypto ipsec sa [peer A.B.C.D] [detail] */
int ipsec_cmd_show_sa(struct vty *v, const struct cmd_args *a);
/* crypto_session_show.c: show crypto session [detail] [remote A.B.C.D] */
int ipsec_cmd_show_session(struct vty *v, const struct cmd_args *a);
/* ipsec_clear.c: clear crypto sa [peer A.B.C.D]; ipsec_clear_sa deletes
 * (and tells the peer about) the Child SAs of the matching sessions
 * (NULL = all) and returns how many went. */
int ipsec_cmd_clear_sa(struct vty *v, const struct cmd_args *a);
int ipsec_clear_sa(const char *peer);

#endif
