/* Handlers of the pki module; the table is in pki_cmdtable.c. */
#ifndef FLEXD_PKI_CMDS_H
#define FLEXD_PKI_CMDS_H

#include "cli/vty.h"

/* trustpoint_cmds.c */
int pki_cmd_trustpoint(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_enrollment(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_usage(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_serial_number(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_fqdn(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_ip_address(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_subject_name(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_subject_alt_name(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_revocation_check(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_rsakeypair(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_rsa_keypair_alias(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_eckeypair(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_auto_enroll(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_password(struct vty *v, const struct cmd_args *a);
int pki_cmd_tp_hash(struct vty *v, const struct cmd_args *a);

/* certmap_cmds.c */
int pki_cmd_cert_map(struct vty *v, const struct cmd_args *a);
int pki_cmd_cert_map_rule(struct vty *v, const struct cmd_args *a);

/* ssl_cmds.c */
int pki_cmd_anyconnect_profile(struct vty *v, const struct cmd_args *a);
/* A bootflash AnyConnect XML profile is well-formed (pki/anyconnect_profile.c); -1 with why. */
int pki_ac_profile_check(const char *path, char *why, size_t why_len);
int pki_cmd_ssl_policy(struct vty *v, const struct cmd_args *a);
int pki_cmd_ssl_pol_trustpoint(struct vty *v, const struct cmd_args *a);
int pki_cmd_ssl_pol_address(struct vty *v, const struct cmd_args *a);
int pki_cmd_ssl_pol_interface(struct vty *v, const struct cmd_args *a);
int pki_cmd_ssl_pol_shutdown(struct vty *v, const struct cmd_args *a);
int pki_cmd_ssl_profile(struct vty *v, const struct cmd_args *a);
int pki_cmd_ssl_prof_match_policy(struct vty *v, const struct cmd_args *a);

/* pki_exec_cmds.c: import (pkcs12, pasted certificate), authenticate, enroll */
int pki_cmd_import(struct vty *v, const struct cmd_args *a);
int pki_cmd_authenticate(struct vty *v, const struct cmd_args *a);
int pki_cmd_enroll(struct vty *v, const struct cmd_args *a);

/* key_cmds.c */
int pki_cmd_key_generate(struct vty *v, const struct cmd_args *a);
int pki_cmd_key_generate_ec(struct vty *v, const struct cmd_args *a);
int pki_cmd_key_zeroize(struct vty *v, const struct cmd_args *a);
int pki_cmd_show_mypubkey(struct vty *v, const struct cmd_args *a);

/* certchain_cmds.c */
int pki_cmd_cert_chain(struct vty *v, const struct cmd_args *a);
int pki_cmd_chain_certificate(struct vty *v, const struct cmd_args *a);
int pki_cmd_cert_hex(struct vty *v, const struct cmd_args *a);
int pki_cmd_cert_quit(struct vty *v, const struct cmd_args *a);
void pki_certchain_init(void);

/* pki_show.c */
int pki_cmd_show_trustpoints(struct vty *v, const struct cmd_args *a);
int pki_cmd_show_certificates(struct vty *v, const struct cmd_args *a);

#endif
