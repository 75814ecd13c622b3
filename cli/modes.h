/*
 * The command modes: one id per IOS mode, with its prompt suffix and its
 * parent (where `exit` goes and where implicit exit searches).
 */
#ifndef FLEXD_MODES_H
#define FLEXD_MODES_H

#include <stdbool.h>
#include <stdint.h>

#define MODE_LIST(X) \
	/*  id                       prompt suffix              parent */ \
	X(MODE_EXEC,                 "",                        MODE_NONE) \
	X(MODE_CONFIG,               "(config)",                MODE_EXEC) \
	X(MODE_IF,                   "(config-if)",             MODE_CONFIG) \
	X(MODE_STD_NACL,             "(config-std-nacl)",       MODE_CONFIG) \
	X(MODE_EXT_NACL,             "(config-ext-nacl)",       MODE_CONFIG) \
	X(MODE_IKEV2_PROPOSAL,       "(config-ikev2-proposal)", MODE_CONFIG) \
	X(MODE_IKEV2_POLICY,         "(config-ikev2-policy)",   MODE_CONFIG) \
	X(MODE_IKEV2_KEYRING,        "(config-ikev2-keyring)",  MODE_CONFIG) \
	X(MODE_IKEV2_KEYRING_PEER,   "(config-ikev2-keyring-peer)", MODE_IKEV2_KEYRING) \
	X(MODE_IKEV2_PROFILE,        "(config-ikev2-profile)",  MODE_CONFIG) \
	X(MODE_IKEV2_AUTHOR_POLICY,  "(config-ikev2-author-policy)", MODE_CONFIG) \
	X(MODE_IKEV2_NAME_MANGLER,   "(config-ikev2-name-mangler)", MODE_CONFIG) \
	X(MODE_IKEV2_FLEXVPN,        "(config-ikev2-flexvpn)",  MODE_CONFIG) \
	X(MODE_IKEV2_CLUSTER,        "(config-ikev2-cluster)",  MODE_CONFIG) \
	X(MODE_IPSEC_TRANSFORM,      "(cfg-crypto-trans)",      MODE_CONFIG) \
	X(MODE_IPSEC_PROFILE,        "(ipsec-profile)",         MODE_CONFIG) \
	X(MODE_PKI_TRUSTPOINT,       "(ca-trustpoint)",         MODE_CONFIG) \
	X(MODE_PKI_CERT_MAP,         "(ca-certificate-map)",    MODE_CONFIG) \
	X(MODE_PKI_CERT_CHAIN,       "(config-cert-chain)",     MODE_CONFIG) \
	X(MODE_PKI_CERT_HEX,         "(config-pubkey)",         MODE_PKI_CERT_CHAIN) \
	X(MODE_SSL_POLICY,           "(config-crypto-ssl-policy)", MODE_CONFIG) \
	X(MODE_SSL_PROFILE,          "(config-crypto-ssl-profile)", MODE_CONFIG) \
	X(MODE_RADIUS_SERVER,        "(config-radius-server)",  MODE_CONFIG) \
	X(MODE_SG_RADIUS,            "(config-sg-radius)",      MODE_CONFIG) \
	X(MODE_DYNAMIC_AUTHOR,       "(config-locsvr-da-radius)", MODE_CONFIG) \
	X(MODE_ATTR_LIST,            "(config-attr-list)",      MODE_CONFIG) \
	X(MODE_ACCT_MLIST,           "(cfg-acct-mlist)",        MODE_CONFIG) \
	X(MODE_LINE,                 "(config-line)",           MODE_CONFIG) \
	X(MODE_VRF,                  "(config-vrf)",            MODE_CONFIG) \
	X(MODE_VRF_AF,               "(config-vrf-af)",         MODE_VRF) \
	X(MODE_POLICY_MAP,           "(config-pmap)",           MODE_CONFIG) \
	X(MODE_POLICY_MAP_CLASS,     "(config-pmap-c)",         MODE_POLICY_MAP) \
	X(MODE_CLASS_MAP,            "(config-cmap)",           MODE_CONFIG) \
	X(MODE_LDAP_SERVER,          "(config-ldap-server)",    MODE_CONFIG) \
	X(MODE_SG_LDAP,              "(config-ldap-sg)",        MODE_CONFIG)

#define MODE_ENUM_(id, p, parent) id,
enum mode_id { MODE_NONE = -1, MODE_LIST(MODE_ENUM_) MODE_COUNT };
#undef MODE_ENUM_

#define MODE_BIT(m) (UINT64_C(1) << (m))
/* every config mode below global config */
#define MODES_CONFIG_SUB (~(MODE_BIT(MODE_EXEC) | MODE_BIT(MODE_CONFIG)) & ((UINT64_C(1) << MODE_COUNT) - 1))

const char *mode_prompt_suffix(int mode);
int mode_parent(int mode);
static inline bool mode_is_config(int mode) { return mode != MODE_EXEC; }

#endif
