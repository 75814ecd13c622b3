/* Every ikev2 command: syntax, help and handler (handlers in *_cmds.c). */
#include "cli/module.h"
#include "cli/modes.h"
#include "ikev2_cmds.h"

#define CFG   MODE_BIT(MODE_CONFIG)
#define PROP  MODE_BIT(MODE_IKEV2_PROPOSAL)
#define POLI  MODE_BIT(MODE_IKEV2_POLICY)
#define KRING MODE_BIT(MODE_IKEV2_KEYRING)
#define PEER  MODE_BIT(MODE_IKEV2_KEYRING_PEER)
#define PROF  MODE_BIT(MODE_IKEV2_PROFILE)
#define AUTH  MODE_BIT(MODE_IKEV2_AUTHOR_POLICY)
#define NMGL  MODE_BIT(MODE_IKEV2_NAME_MANGLER)
#define FLEX  MODE_BIT(MODE_IKEV2_FLEXVPN)
#define CLUS  MODE_BIT(MODE_IKEV2_CLUSTER)
#define EXEC  MODE_BIT(MODE_EXEC)

#define H_CI  "Encryption module\nConfigure IKEv2 Parameters\n"
#define H_SHOW "Show running system information\nEncryption and security parameters\nShow IKEv2 information\n"
#define H_IF  "Interface name\nInterface number"
#define H_KEY "Unencrypted key\nEncrypted key\n"
#define H_TRACK "Tracking object\nTracking object number\nTrigger on object up\nTrigger on object down"

/* IOS algorithm keywords; each is captured as ALG so the order is kept. */
/* chacha20-poly1305 and group 31 are flexd additions (issue 3 asks for them;
 * the IOS-XE releases in the spec list neither) */
#define ENC_ALGS "{3des$ALG|aes-cbc-128$ALG|aes-cbc-192$ALG|aes-cbc-256$ALG|aes-gcm-128$ALG|aes-gcm-256$ALG|chacha20-poly1305$ALG|des$ALG}..."
#define ENC_HELP "Triple DES\nAES-CBC with 128 bit key\nAES-CBC with 192 bit key\nAES-CBC with 256 bit key\n" \
		 "Combined-mode, 128 bit key, 16 byte ICV (Authentication Tag)\n" \
		 "Combined-mode, 256 bit key, 16 byte ICV (Authentication Tag)\n" \
		 "Combined-mode ChaCha20 with Poly1305, 256 bit key\nDES"
#define HASH_ALGS "{md5$ALG|sha1$ALG|sha256$ALG|sha384$ALG|sha512$ALG}..."
#define HASH_HELP "Message Digest 5\nSecure Hash Standard\nSecure Hash Standard 2 (256 bit)\n" \
		  "Secure Hash Standard 2 (384 bit)\nSecure Hash Standard 2 (512 bit)"
#define GRP_ALGS "{1$ALG|2$ALG|5$ALG|14$ALG|15$ALG|16$ALG|19$ALG|20$ALG|21$ALG|24$ALG|31$ALG}..."
#define GRP_HELP "DH 768 MODP\nDH 1024 MODP\nDH 1536 MODP\nDH 2048 MODP\nDH 3072 MODP\nDH 4096 MODP\n" \
		 "DH 256 ECP\nDH 384 ECP\nDH 521 ECP\nDH 2048 (256 subgroup) MODP\nDH Curve25519"

#define AAA_METHODS "{eap|anyconnect-eap|cert|psk}"
#define AAA_METHODS_HELP "EAP authentication\nAnyConnect EAP authentication\nCertificate authentication\n" \
			 "Pre-shared key authentication\n"
#define AUTHZ_TAIL "list LIST [AAANAME [local]|name-mangler MANGLER] [password [0|6] PW]"
#define AUTHZ_TAIL_HELP "AAA method list\nAAA method list name\nAAA user name (or IKEv2 authorization policy)\n" \
			"Use the local IKEv2 authorization policy of that name\nName mangler\nName mangler name\n" \
			"AAA password\n" H_KEY "Password"

static const struct cmd_def cmds[] = {
	/* ---------------- proposals ---------------- */
	{ CFG, "crypto ikev2 proposal NAME",
	  H_CI "Define IKEv2 proposals\nProposal name", ik_cmd_proposal, 0, 0, 0 },
	{ CFG, "crypto ikev2 proposal",
	  H_CI "Define IKEv2 proposals", ik_cmd_proposal_all, CMD_NO_ONLY, 0, 0 },
	{ PROP, "encryption " ENC_ALGS,
	  "Set encryption algorithm(s) for proposal\n" ENC_HELP, ik_cmd_prop_alg, 0, 0, 1 },
	{ PROP, "integrity " HASH_ALGS,
	  "Set integrity hash algorithm(s) for proposal\n" HASH_HELP, ik_cmd_prop_alg, 0, 0, 1 },
	{ PROP, "prf " HASH_ALGS,
	  "Set prf hash algorithm(s) for proposal\n" HASH_HELP, ik_cmd_prop_alg, 0, 0, 1 },
	{ PROP, "group " GRP_ALGS,
	  "Set the Diffie-Hellman group(s)\n" GRP_HELP, ik_cmd_prop_alg, 0, 0, 1 },

	/* ---------------- policies ---------------- */
	{ CFG, "crypto ikev2 policy NAME",
	  H_CI "Define IKEv2 policies\nPolicy name", ik_cmd_policy, 0, 0, 0 },
	{ CFG, "crypto ikev2 policy",
	  H_CI "Define IKEv2 policies", ik_cmd_policy_all, CMD_NO_ONLY, 0, 0 },
	{ POLI, "proposal NAME",
	  "Specify Proposal\nSpecify an IKEv2 proposal name", ik_cmd_pol_proposal, 0, 0, 0 },
	{ POLI, "match fvrf {any|NAME}",
	  "Match values of local fields\nMatch fvrf\nAny fvrf\nFront-door VRF name", ik_cmd_pol_fvrf, 0, 0, 2 },
	/* `match fvrif` (seed 000): a word, not a keyword, so that `match fvr`
	 * stays an unambiguous abbreviation of fvrf */
	{ POLI, "match FVRIF {any|NAME}",
	  "Match values of local fields\nMatch fvrf\nAny fvrf\nFront-door VRF name", ik_cmd_pol_fvrif, CMD_HIDDEN, 0, 2 },
	{ POLI, "match address local {A.B.C.D|X:X::X:X}",
	  "Match values of local fields\nLocal address\nLocal address\nIPv4 address\nIPv6 address",
	  ik_cmd_pol_local, 0, 0, 3 },
	{ POLI, "match inbound-only",
	  "Match values of local fields\nMatch only inbound (responder) negotiations", ik_cmd_pol_inbound, 0, 0, 0 },

	/* ---------------- keyrings ---------------- */
	{ CFG, "crypto ikev2 keyring NAME",
	  H_CI "Define IKEv2 keyrings\nKeyring name", ik_cmd_keyring, 0, 0, 0 },
	{ KRING, "peer NAME",
	  "Configure a Peer and associated keys\nName of the peer block", ik_cmd_kr_peer, 0, 0, 0 },
	{ PEER, "description LINE",
	  "Specify a description of this peer\nDescription of the peer", ik_cmd_peer_description, 0, 0, 1 },
	{ PEER, "address {A.B.C.D [A.B.C.D$MASK]|X:X::X:X/M}",
	  "Specify the address or the address range of the peer\nIPv4 address\nIPv4 mask\nIPv6 prefix",
	  ik_cmd_peer_address, 0, 0, 1 },
	{ PEER, "hostname WORD",
	  "Hostname of the peer\nHostname", ik_cmd_peer_hostname, 0, 0, 1 },
	{ PEER, "identity {address A.B.C.D|fqdn [domain] WORD|email [domain] WORD|key-id WORD}",
	  "Specify the identity of the peer\nIP address\nIPv4 address\nFully qualified domain name\n"
	  "Match on the domain part only\nFQDN string\nEmail address\nMatch on the domain part only\n"
	  "Email string\nKey-id opaque string\nKey-id string", ik_cmd_peer_identity, 0, 0, 1 },
	{ PEER, "pre-shared-key [local|remote] [0|6] KEY",
	  "Specify the keys\nSpecify signing key\nSpecify verifying key\n" H_KEY "The key",
	  ik_cmd_peer_psk, 0, 0, 1 },
	{ PEER, "pre-shared-key hex HEX",
	  "Specify the keys\nHexadecimal key\nThe key in hexadecimal", ik_cmd_peer_psk, 0, 0, 2 },

	/* ---------------- profiles ---------------- */
	{ CFG, "crypto ikev2 profile NAME",
	  H_CI "Define IKEv2 profiles\nProfile name", ik_cmd_profile, 0, 0, 0 },
	{ PROF, "description LINE",
	  "Specify a description of this profile\nDescription of the profile", ik_cmd_prof_description, 0, 0, 1 },
	{ PROF, "match identity remote {address {A.B.C.D [A.B.C.D$MASK]|X:X::X:X/M}|fqdn [domain] WORD|email [domain] WORD|key-id WORD|any}",
	  "Match values of peer\nPeer identity\nRemote identity\nIP address\nIPv4 address\nIPv4 mask\nIPv6 prefix\n"
	  "Fully qualified domain name string\nMatch on the domain part only\nFQDN string\n"
	  "Fully qualified email string\nMatch on the domain part only\nEmail string\n"
	  "Key-id opaque string - proprietary types of identification\nKey-id string\nMatch any peer identity",
	  ik_cmd_prof_match_id, 0, 0, 3 },
	{ PROF, "match certificate WORD",
	  "Match values of peer\nPeer certificate attributes\nCertificate map name", ik_cmd_prof_match_cert, 0, 0, 2 },
	{ PROF, "match fvrf {any|NAME}",
	  "Match values of peer\nFront-door VRF to match\nAny fvrf\nFront-door VRF name", ik_cmd_prof_match_fvrf, 0, 0, 2 },
	{ PROF, "match FVRIF {any|NAME}",
	  "Match values of peer\nFront-door VRF to match\nAny fvrf\nFront-door VRF name",
	  ik_cmd_prof_match_fvrif, CMD_HIDDEN, 0, 2 },
	{ PROF, "match address local {A.B.C.D|X:X::X:X|interface IFNAME [IFNUM]}",
	  "Match values of peer\nLocal address\nLocal address\nIPv4 address\nIPv6 address\nLocal interface\n" H_IF,
	  ik_cmd_prof_match_local, 0, 0, 3 },
	{ PROF, "match inbound-only",
	  "Match values of peer\nMatch only inbound (responder) negotiations", ik_cmd_prof_match_inbound, 0, 0, 0 },
	{ PROF, "identity local {address {A.B.C.D|X:X::X:X}|dn|email WORD|fqdn WORD|key-id WORD}",
	  "Specify the local IKE identity to use for the negotiation\nLocal identity\naddress\nIPv4 address\n"
	  "IPv6 address\nDistinguished Name\nFully qualified email string\nEmail string\n"
	  "Fully qualified domain name string\nFQDN string\nkey-id opaque string - proprietary types of identification\n"
	  "Key-id string", ik_cmd_prof_identity, 0, 0, 2 },
	{ PROF, "authentication local {pre-share [key [0|6] KEY]|rsa-sig|ecdsa-sig|eap [gtc|md5|mschapv2] [username USER password [0|6] PW]}",
	  "Set authentication method\nLocal authentication method\nPre-Shared Key\nSpecify the key\n" H_KEY "The key\n"
	  "Rivest-Shamir-Adleman Signature\nECDSA Signature\nExtensible Authentication Protocol\nEAP-GTC method\n"
	  "EAP-MD5 method\nEAP-MSCHAPv2 method\nEAP username\nUsername\nEAP password\n" H_KEY "Password",
	  ik_cmd_prof_auth_local, 0, 0, 2 },
	{ PROF, "authentication remote {pre-share [key [0|6] KEY]|rsa-sig|ecdsa-sig|eap [query-identity] [timeout <45-180>]|anyconnect-eap aggregate [cert-request]}",
	  "Set authentication method\nRemote authentication method\nPre-Shared Key\nSpecify the key\n" H_KEY "The key\n"
	  "Rivest-Shamir-Adleman Signature\nECDSA Signature\nExtensible Authentication Protocol\n"
	  "Query EAP identity from the peer\nEAP timeout\nTimeout in seconds\nAnyConnect EAP authentication\n"
	  "Aggregate authentication\nRequest a certificate from the client", ik_cmd_prof_auth_remote, 0, 0, 2 },
	{ PROF, "authentication {local|remote} pre-shared [key [0|6] KEY]",
	  "Set authentication method\nLocal authentication method\nRemote authentication method\nPre-Shared Key\n"
	  "Specify the key\n" H_KEY "The key", ik_cmd_prof_auth_preshared, CMD_HIDDEN, 0, 3 },
	{ PROF, "keyring {local NAME|aaa NAME [name-mangler MANGLER] [password [0|6] PW]}",
	  "Keyring\nLocal keyring\nKeyring name\nAAA based keyring\nAAA method list name\nName mangler\n"
	  "Name mangler name\nAAA password\n" H_KEY "Password", ik_cmd_prof_keyring, 0, 0, 1 },
	{ PROF, "keyring aaa list NAME",
	  "Keyring\nAAA based keyring\nAAA method list\nAAA method list name", ik_cmd_prof_keyring_list, CMD_HIDDEN, 0, 1 },
	{ PROF, "pki trustpoint WORD [sign|verify]",
	  "Specify certificate authorities\nSpecify trustpoints\nTrustpoint name\nUse for signing only\n"
	  "Use for verification only", ik_cmd_prof_trustpoint, 0, 0, 2 },
	{ PROF, "lifetime <120-86400>",
	  "Set lifetime for IKEv2 SAs\nLifetime in seconds", ik_cmd_prof_lifetime, 0, 0, 1 },
	{ PROF, "lifetime certificate",
	  "Set lifetime for IKEv2 SAs\nLimit the lifetime to the peer certificate's", ik_cmd_prof_lifetime, 0, 0, 2 },
	{ PROF, "dpd <10-3600> <2-60> {on-demand|periodic}",
	  "Enable IKE liveness check for peers\nDPD interval in seconds\nRetry interval in seconds\n"
	  "Send DPD only when there is no incoming data traffic\nSend DPD periodically", ik_cmd_prof_dpd, 0, 0, 1 },
	{ PROF, "nat keepalive <5-3600>",
	  "NAT options\nSet NAT keepalive interval\nKeepalive interval in seconds", ik_cmd_prof_nat, 0, 0, 2 },
	{ PROF, "nat force-encap",
	  "NAT options\nForce UDP encapsulation of IPsec", ik_cmd_prof_nat, 0, 0, 2 },
	{ PROF, "ivrf WORD",
	  "I-VRF of the profile\nVRF name", ik_cmd_prof_ivrf, 0, 0, 1 },
	{ PROF, "virtual-template <1-4095> [mode auto]",
	  "Specify the virtual-template for dynamic interface creation\nVirtual-template number\n"
	  "Tunnel mode\nDerive the tunnel mode from the session", ik_cmd_prof_vtemplate, 0, 0, 1 },
	{ PROF, "aaa authentication {eap|anyconnect-eap|list} LIST",
	  "AAA configuration\nAAA authentication\nEAP authentication\nAnyConnect EAP authentication\n"
	  "AAA authentication list\nAAA method list name", ik_cmd_prof_aaa_authen, 0, 0, 3 },
	{ PROF, "aaa authorization group [override] {eap|anyconnect-eap|cert|psk|any} " AUTHZ_TAIL,
	  "AAA configuration\nAAA authorization\nGroup authorization\nGroup attributes override user attributes\n"
	  AAA_METHODS_HELP "Any authentication method\n" AUTHZ_TAIL_HELP, ik_cmd_prof_aaa_authz, 0, 0, 0 },
	{ PROF, "aaa authorization user {eap|anyconnect-eap|psk} cached",
	  "AAA configuration\nAAA authorization\nUser authorization\nEAP authentication\n"
	  "AnyConnect EAP authentication\nPre-shared key authentication\nUse attributes cached at authentication",
	  ik_cmd_prof_aaa_authz, 0, 0, 4 },
	{ PROF, "aaa authorization user " AAA_METHODS " " AUTHZ_TAIL,
	  "AAA configuration\nAAA authorization\nUser authorization\n" AAA_METHODS_HELP AUTHZ_TAIL_HELP,
	  ik_cmd_prof_aaa_authz, 0, 0, 4 },
	{ PROF, "aaa authorization user {eap|anyconnect-eap|psk}",
	  "AAA configuration\nAAA authorization\nUser authorization\nEAP authentication\n"
	  "AnyConnect EAP authentication\nPre-shared key authentication", ik_cmd_prof_aaa_authz_bare, CMD_HIDDEN, 0, 4 },
	{ PROF, "aaa accounting {eap|anyconnect-eap|cert|psk|list} LIST",
	  "AAA configuration\nAAA accounting\n" AAA_METHODS_HELP "Accounting for every method\nAAA method list name",
	  ik_cmd_prof_aaa_acct, 0, 0, 3 },
	{ PROF, "anyconnect profile WORD",
	  "AnyConnect configuration\nAnyConnect profile to push\nProfile name", ik_cmd_prof_anyconnect, 0, 0, 2 },
	{ PROF, "reconnect [timeout <600-86400>]",
	  "Enable auto-reconnect for AnyConnect clients\nReconnect timeout\nTimeout in seconds",
	  ik_cmd_prof_reconnect, 0, 0, 0 },
	{ PROF, "config-exchange {request|set {accept|send}}",
	  "Config-exchange options\nRequest configuration\nSet configuration\nAccept a set\nSend a set",
	  ik_cmd_prof_cfg_exchange, 0, 0, 0 },
	{ PROF, "redirect gateway auth",
	  "IKEv2 redirect\nGateway redirect\nRedirect during IKE_AUTH", ik_cmd_prof_flag, 0, 0, 0 },
	{ PROF, "initial-contact force",
	  "Initial contact\nForce initial contact processing", ik_cmd_prof_flag, 0, 0, 0 },
	{ PROF, "dynamic",
	  "Dynamically created profile", ik_cmd_prof_flag, 0, 0, 0 },
	{ PROF, "shutdown",
	  "Shut down the profile", ik_cmd_prof_flag, 0, 0, 0 },

	/* ---------------- authorization policies ---------------- */
	{ CFG, "crypto ikev2 authorization policy NAME",
	  H_CI "IKEv2 authorization\nIKEv2 authorization policy\nPolicy name", ik_cmd_author, 0, 0, 0 },
	{ CFG, "crypto ikev2 authorization policy",
	  H_CI "IKEv2 authorization\nIKEv2 authorization policy", ik_cmd_author_all, CMD_NO_ONLY, 0, 0 },
	{ AUTH, "pool WORD$VAL",
	  "Local address pool\nPool name", ik_cmd_au_text, 0, 0, 1 },
	{ AUTH, "netmask A.B.C.D$VAL",
	  "Netmask of the assigned address\nNetmask", ik_cmd_au_text, 0, 0, 1 },
	{ AUTH, "dhcp {server WORD$VAL|giaddr A.B.C.D$VAL}",
	  "DHCP\nDHCP server\nServer address or name\nGateway address in DHCP requests\nGateway address",
	  ik_cmd_au_text, 0, 0, 2 },
	{ AUTH, "dhcp timeout <4-30>$N",
	  "DHCP\nDHCP timeout\nTimeout in seconds", ik_cmd_au_int, 0, 0, 2 },
	{ AUTH, "dns A.B.C.D$P1 [A.B.C.D$P2]",
	  "DNS servers\nPrimary DNS server\nSecondary DNS server", ik_cmd_au_pair, 0, 0, 1 },
	{ AUTH, "wins A.B.C.D$P1 [A.B.C.D$P2]",
	  "WINS servers\nPrimary WINS server\nSecondary WINS server", ik_cmd_au_pair, 0, 0, 1 },
	{ AUTH, "ipv6 pool WORD$VAL",
	  "IPv6 attributes\nLocal IPv6 pool\nPool name", ik_cmd_au_text, 0, 0, 2 },
	{ AUTH, "ipv6 dns X:X::X:X$P1 [X:X::X:X$P2]",
	  "IPv6 attributes\nIPv6 DNS servers\nPrimary DNS server\nSecondary DNS server", ik_cmd_au_pair, 0, 0, 2 },
	{ AUTH, "ipv6 prefix <1-128>$N",
	  "IPv6 attributes\nIPv6 prefix length\nPrefix length", ik_cmd_au_int, 0, 0, 2 },
	{ AUTH, "route set interface [IFNAME [IFNUM]]",
	  "Routes\nRoutes to push\nInterface address\n" H_IF, ik_cmd_au_route_if, 0, 0, 3 },
	{ AUTH, "route set access-list {ipv6 ACL|ACL}",
	  "Routes\nRoutes to push\nAccess list of the networks\nIPv6 access list\nAccess list name\n"
	  "Access list number or name", ik_cmd_au_route_acl, 0, 0, 3 },
	{ AUTH, "route set remote {ipv4 A.B.C.D A.B.C.D$MASK|ipv6 X:X::X:X/M}",
	  "Routes\nRoutes to push\nRemote (protected) network\nIPv4 network\nNetwork address\nNetwork mask\n"
	  "IPv6 network\nIPv6 prefix", ik_cmd_au_route_net, 0, 0, 3 },
	{ AUTH, "route set local {ipv4 A.B.C.D A.B.C.D$MASK [next-hop A.B.C.D$NH] [vrf VRF] [tag <1-497777>$TAG] [distance <1-255>$DIST]|ipv6 X:X::X:X/M}",
	  "Routes\nRoutes to push\nLocal static route\nIPv4 route\nNetwork address\nNetwork mask\nNext hop\n"
	  "Next hop address\nVRF\nVRF name\nRoute tag\nTag value\nAdministrative distance\nDistance\n"
	  "IPv6 route\nIPv6 prefix", ik_cmd_au_route_net, 0, 0, 3 },
	{ AUTH, "route accept any [tag <1-497777>$TAG] [distance <1-255>$DIST]",
	  "Routes\nRoutes to accept from the peer\nAccept any route\nRoute tag\nTag value\n"
	  "Administrative distance\nDistance", ik_cmd_au_route_accept, 0, 0, 3 },
	{ AUTH, "route accept route-map WORD$VAL",
	  "Routes\nRoutes to accept from the peer\nFilter with a route-map\nRoute-map name", ik_cmd_au_text, 0, 0, 3 },
	{ AUTH, "banner LINE$VAL",
	  "Banner for the client\nBanner text", ik_cmd_au_text, 0, 0, 1 },
	{ AUTH, "def-domain WORD$VAL",
	  "Default domain name\nDomain name", ik_cmd_au_text, 0, 0, 1 },
	{ AUTH, "split-dns WORD$VAL",
	  "Split DNS domain\nDomain name", ik_cmd_au_list, 0, 0, 1 },
	{ AUTH, "backup-gateway WORD$VAL",
	  "Backup gateway\nGateway address or name", ik_cmd_au_list, 0, 0, 1 },
	{ AUTH, "include-local-lan",
	  "Allow access to the local LAN", ik_cmd_au_flag, 0, 0, 0 },
	{ AUTH, "pfs",
	  "Perfect forward secrecy", ik_cmd_au_flag, 0, 0, 0 },
	{ AUTH, "smartcard-removal-disconnect",
	  "Disconnect on smartcard removal", ik_cmd_au_flag, 0, 0, 0 },
	{ AUTH, "configuration url WORD$VAL",
	  "Configuration\nConfiguration URL\nURL", ik_cmd_au_text, 0, 0, 2 },
	{ AUTH, "configuration version <1-32767>$N",
	  "Configuration\nConfiguration version\nVersion", ik_cmd_au_int, 0, 0, 2 },
	{ AUTH, "session-lifetime <120-25920000>$N",
	  "Session lifetime\nLifetime in seconds", ik_cmd_au_int, 0, 0, 1 },
	{ AUTH, "ipsec flow-limit <0-50000>$N",
	  "IPsec attributes\nMaximum number of IPsec SAs\nFlow limit", ik_cmd_au_int, 0, 0, 2 },
	{ AUTH, "aaa attribute list WORD$VAL",
	  "AAA attributes\nAAA attribute\nAAA attribute list\nAttribute list name", ik_cmd_au_text, 0, 0, 3 },
	{ AUTH, "mobileopt-serv A.B.C.D [port <1-65535>]",
	  "Mobile optimization server\nServer address\nServer port\nPort number", ik_cmd_au_mobileopt, 0, 0, 1 },

	/* ---------------- name manglers ---------------- */
	{ CFG, "crypto ikev2 name-mangler NAME",
	  H_CI "Name mangler\nName mangler name", ik_cmd_mangler, 0, 0, 0 },
	{ NMGL, "fqdn {all$FIELD|domain$FIELD|hostname$FIELD}",
	  "Derive the name from an FQDN identity\nThe whole FQDN\nThe domain part\nThe host name part",
	  ik_cmd_nm_rule, 0, 0, 1 },
	{ NMGL, "email {all$FIELD|domain$FIELD|username$FIELD}",
	  "Derive the name from an email identity\nThe whole address\nThe domain part\nThe user name part",
	  ik_cmd_nm_rule, 0, 0, 1 },
	{ NMGL, "dn {common-name$FIELD|country$FIELD|domain$FIELD|locality$FIELD|organization$FIELD|organization-unit$FIELD|state$FIELD}",
	  "Derive the name from a DN identity\nCommon name\nCountry\nDomain\nLocality\nOrganization\n"
	  "Organization unit\nState", ik_cmd_nm_rule, 0, 0, 1 },
	{ NMGL, "eap {all|dn {common-name$FIELD|country$FIELD|domain$FIELD|locality$FIELD|organization$FIELD|organization-unit$FIELD|state$FIELD}|prefix delimiter DELIM|suffix delimiter DELIM}",
	  "Derive the name from the EAP identity\nThe whole identity\nA DN field of the identity\nCommon name\n"
	  "Country\nDomain\nLocality\nOrganization\nOrganization unit\nState\nThe part before a delimiter\n"
	  "Delimiter\nDelimiter: . @ or \\\nThe part after a delimiter\nDelimiter\nDelimiter: . @ or \\",
	  ik_cmd_nm_rule, 0, 0, 1 },

	/* ---------------- FlexVPN client ---------------- */
	{ CFG, "crypto ikev2 client flexvpn NAME",
	  H_CI "IKEv2 client\nFlexVPN client profile\nClient profile name", ik_cmd_flexvpn, 0, 0, 0 },
	{ FLEX, "peer <1-255> {A.B.C.D|X:X::X:X|fqdn FQDN [dynamic [ipv6]]} [track <1-1000>$TRACK [up|down]]",
	  "Peer\nPeer priority\nIPv4 address\nIPv6 address\nFully qualified domain name\nFQDN string\n"
	  "Resolve the name at connection time\nResolve to an IPv6 address\n" H_TRACK,
	  ik_cmd_fx_peer, 0, 0, 2 },
	{ FLEX, "peer reactivate",
	  "Peer\nSwitch back to a better peer when it comes back", ik_cmd_fx_reactivate, 0, 0, 0 },
	{ FLEX, "client {connect|inside} IFNAME [IFNUM]",
	  "Client settings\nTunnel interface to bring up\nInside interface\n" H_IF, ik_cmd_fx_client, 0, 0, 2 },
	{ FLEX, "connect {auto|manual|track <1-1000>$TRACK [up|down]}",
	  "Connection mode\nConnect automatically\nConnect manually\n" H_TRACK, ik_cmd_fx_connect, 0, 0, 1 },
	{ FLEX, "source <1-255> IFNAME [IFNUM] [track <1-1000>$TRACK]",
	  "Source interface\nSource priority\n" H_IF "\nTracking object\nTracking object number",
	  ik_cmd_fx_source, 0, 0, 2 },
	{ FLEX, "backup group {<1-255>|default}",
	  "Backup\nBackup group\nGroup number\nDefault group", ik_cmd_fx_backup, 0, 0, 2 },

	/* ---------------- cluster ---------------- */
	{ CFG, "crypto ikev2 cluster",
	  H_CI "IKEv2 cluster (load balancer)", ik_cmd_cluster, 0, 0, 0 },
	{ CLUS, "standby-group WORD$VAL",
	  "HSRP group of the cluster\nHSRP group name", ik_cmd_cl_set, 0, 0, 1 },
	{ CLUS, "slave {max-session <1-100000>$VAL|hello <100-30000>$VAL|priority <1-100>$VAL|update <100-60000>$VAL}",
	  "Slave settings\nMaximum number of sessions\nSessions\nHello interval\nMilliseconds\nPriority\nPriority\n"
	  "Update interval\nMilliseconds", ik_cmd_cl_set, 0, 0, 2 },
	{ CLUS, "master {overload-limit <50-99>$VAL|weight {crypto-load <0-100>$VAL|system-load <0-100>$VAL}}",
	  "Master settings\nOverload limit\nPercent\nLoad weights\nCrypto load weight\nWeight\n"
	  "System load weight\nWeight", ik_cmd_cl_set, 0, 0, 2 },
	{ CLUS, "holdtime <100-120000>$VAL",
	  "Hold time\nMilliseconds", ik_cmd_cl_set, 0, 0, 1 },
	{ CLUS, "port <1-65535>$VAL",
	  "Cluster port\nPort number", ik_cmd_cl_set, 0, 0, 1 },
	{ CLUS, "fqdn WORD$VAL",
	  "Cluster FQDN\nFQDN string", ik_cmd_cl_set, 0, 0, 1 },
	{ CLUS, "shutdown",
	  "Shut down the cluster", ik_cmd_cl_set, 0, 0, 0 },

	/* ---------------- global ---------------- */
	{ CFG, "crypto ikev2 http-url cert",
	  H_CI "Enable http URL lookup\nCertificate lookup", ik_cmd_gl_http_url, 0, 0, 0 },
	{ CFG, "crypto ikev2 dpd <10-3600> <2-60> {on-demand|periodic}",
	  H_CI "Enable IKE liveness check for peers\nDPD interval in seconds\nRetry interval in seconds\n"
	  "Send DPD only when there is no incoming data traffic\nSend DPD periodically", ik_cmd_gl_dpd, 0, 0, 3 },
	{ CFG, "crypto ikev2 nat keepalive <5-3600>$N",
	  H_CI "NAT options\nSet NAT keepalive interval\nKeepalive interval in seconds", ik_cmd_gl_int, 0, 0, 4 },
	{ CFG, "crypto ikev2 window <1-200>$N",
	  H_CI "Set IKEv2 window size\nWindow size", ik_cmd_gl_int, 0, 0, 3 },
	{ CFG, "crypto ikev2 cookie-challenge <0-1000>$N",
	  H_CI "Enable cookie challenge\nHalf-open IKE SAs above which a cookie is asked", ik_cmd_gl_int, 0, 0, 3 },
	{ CFG, "crypto ikev2 limit {max-sa <1-99999>$N|queue sa-init <100-100000>$N}",
	  H_CI "Limit the number of SAs\nMaximum number of SAs\nNumber of SAs\nQueue limit\n"
	  "IKE_SA_INIT queue\nQueue length", ik_cmd_gl_int, 0, 0, 4 },
	{ CFG, "crypto ikev2 limit max-in-negotiation-sa <1-99999>$N [incoming|outgoing]",
	  H_CI "Limit the number of SAs\nMaximum number of SAs in negotiation\nNumber of SAs\n"
	  "Incoming negotiations\nOutgoing negotiations", ik_cmd_gl_limit_nego, 0, 0, 4 },
	{ CFG, "crypto ikev2 fragmentation [mtu <68-1500>$N]",
	  H_CI "Enable IKEv2 fragmentation\nFragmentation MTU\nMTU in bytes", ik_cmd_gl_fragmentation, 0, 0, 3 },
	{ CFG, "crypto ikev2 redirect {gateway {init|auth}|client [max-redirects <1-255>$N]}",
	  H_CI "IKEv2 redirect\nGateway (load balancer) redirect\nRedirect during IKE_SA_INIT\n"
	  "Redirect during IKE_AUTH\nAccept redirects\nMaximum number of redirects\nRedirects",
	  ik_cmd_gl_redirect, 0, 0, 4 },
	{ CFG, "crypto ikev2 diagnose error <1-1000>$N",
	  H_CI "Diagnose IKEv2\nKeep the exit path of failed negotiations\nNumber of entries", ik_cmd_gl_int, 0, 0, 4 },
	{ CFG, "crypto ikev2 certificate-cache <1-2048>$N",
	  H_CI "Cache of certificates fetched by HTTP URL\nNumber of certificates", ik_cmd_gl_int, 0, 0, 3 },
	{ CFG, "crypto ikev2 disconnect-revoked-peers",
	  H_CI "Disconnect peers whose certificate is revoked", ik_cmd_gl_flag, 0, 0, 0 },
	{ CFG, "crypto ikev2 cts sgt",
	  H_CI "Cisco TrustSec\nSecurity group tag inline tagging", ik_cmd_gl_flag, 0, 0, 0 },
	{ CFG, "crypto ikev2 reconnect key <1-2> [active] KEY",
	  H_CI "Auto-reconnect\nReconnect token key\nKey number\nUse this key to generate tokens\nKey string",
	  ik_cmd_gl_reconnect_key, 0, 0, 5 },

	/* ---------------- show ---------------- */
	{ EXEC, "show crypto ikev2 proposal [NAME]",
	  H_SHOW "Show IKEv2 proposals\nProposal name", ik_show_proposal, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto ikev2 policy [NAME]",
	  H_SHOW "Show IKEv2 policies\nPolicy name", ik_show_policy, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto ikev2 profile [NAME]",
	  H_SHOW "Show IKEv2 profiles\nProfile name", ik_show_profile, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto ikev2 authorization policy [NAME]",
	  H_SHOW "Show IKEv2 authorization\nShow IKEv2 authorization policies\nPolicy name",
	  ik_show_author, CMD_NO_NEGATE, PRIV_USER, 0 },
};

/* No init: IOS prints the proposal/policy/profile completeness warnings when
 * the mode is entered (see the handlers), not when it is left. */
const struct module ikev2_module = {
	.name = "ikev2",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
