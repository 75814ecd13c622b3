/* Every command of the ipsec module (handlers in ipsec_cmds.h). */
#include "cli/module.h"
#include "ipsec_cmds.h"

#define CFG  MODE_BIT(MODE_CONFIG)
#define TS   MODE_BIT(MODE_IPSEC_TRANSFORM)
#define PROF MODE_BIT(MODE_IPSEC_PROFILE)
#define EXEC MODE_BIT(MODE_EXEC)

#define H_CRYPTO "Encryption module\n"
#define H_IPSEC  "Configure IPSEC policy\n"
#define H_SET    "Set values for encryption/decryption\n"
#define H_SA     "Security association parameters\n"
#define H_SHOW   "Show running system information\nEncryption module\nShow IPSEC policy information\n"

#define KEYSIZES "[128|192|256]"
#define H_KEYSIZES "128 bit keys.\n192 bit keys.\n256 bit keys.\n"

/* One to four transforms, any order; the handler checks the combination. */
#define TRANSFORMS \
	"{ah-md5-hmac|ah-sha-hmac|ah-sha256-hmac|ah-sha384-hmac|ah-sha512-hmac|comp-lzs" \
	"|esp-192-aes|esp-256-aes|esp-3des|esp-aes " KEYSIZES "|esp-chacha20-poly1305|esp-des|esp-gcm " KEYSIZES \
	"|esp-gmac " KEYSIZES "|esp-md5-hmac|esp-null|esp-seal|esp-sha-hmac|esp-sha256-hmac" \
	"|esp-sha384-hmac|esp-sha512-hmac}..."
#define H_TRANSFORMS \
	"AH-HMAC-MD5 transform\n" \
	"AH-HMAC-SHA transform\n" \
	"AH-HMAC-SHA256 transform\n" \
	"AH-HMAC-SHA384 transform\n" \
	"AH-HMAC-SHA512 transform\n" \
	"IP Compression using the LZS compression algorithm\n" \
	"ESP transform using 192 bit AES cipher\n" \
	"ESP transform using 256 bit AES cipher\n" \
	"ESP transform using 3DES(EDE) cipher (168 bits)\n" \
	"ESP transform using AES cipher\n" H_KEYSIZES \
	"ESP transform using ChaCha20-Poly1305 combined mode (flexd addition)\n" \
	"ESP transform using DES cipher (56 bits)\n" \
	"ESP transform using GCM cipher\n" H_KEYSIZES \
	"ESP transform using GMAC cipher\n" H_KEYSIZES \
	"ESP transform using HMAC-MD5 auth\n" \
	"ESP transform w/o cipher\n" \
	"ESP transform using SEAL cipher (160 bits)\n" \
	"ESP transform using HMAC-SHA auth\n" \
	"ESP transform using HMAC-SHA256 auth\n" \
	"ESP transform using HMAC-SHA384 auth\n" \
	"ESP transform using HMAC-SHA512 auth"

#define WINDOWS "[{64$size|128$size|256$size|512$size|1024$size}]"
#define H_WINDOWS \
	"Window size of 64\nWindow size of 128\nWindow size of 256\n" \
	"Window size of 512\nWindow size of 1024"

#define LIFETIME_SEC "seconds <120-2592000>"
#define LIFETIME_KB  "kilobytes {<2560-4294967295>|disable}"
#define H_LIFETIME_SEC "Time-based key duration in seconds\nSecurity association duration in seconds\n"
#define H_LIFETIME_KB \
	"Volume-based key duration\nSecurity association duration in kilobytes\n" \
	"Disable Volume-based Rekey\n"

static const struct cmd_def cmds[] = {
	/* ---- global ---- */
	{ CFG, "crypto ipsec transform-set NAME " TRANSFORMS,
	  H_CRYPTO H_IPSEC "Define transform and settings\nTransform set tag\n" H_TRANSFORMS,
	  ipsec_cmd_transform_set, 0, 0, 0 },
	{ CFG, "crypto ipsec transform-set",
	  H_CRYPTO H_IPSEC "Define transform and settings",
	  ipsec_cmd_transform_set_bare, CMD_NO_ONLY, 0, 0 },
	{ CFG, "crypto ipsec profile NAME",
	  H_CRYPTO H_IPSEC "Configure an ipsec policy profile\nProfile name",
	  ipsec_cmd_profile, 0, 0, 0 },
	{ CFG, "crypto ipsec profile",
	  H_CRYPTO H_IPSEC "Configure an ipsec policy profile",
	  ipsec_cmd_profile_bare, CMD_NO_ONLY, 0, 0 },
	{ CFG, "crypto ipsec security-association lifetime {" LIFETIME_SEC "|" LIFETIME_KB "}",
	  H_CRYPTO H_IPSEC H_SA "security association lifetime\n" H_LIFETIME_SEC H_LIFETIME_KB,
	  ipsec_cmd_sa_lifetime, 0, 0, 5 },
	{ CFG, "crypto ipsec security-association idle-time <60-86400>",
	  H_CRYPTO H_IPSEC H_SA "Automatically delete IPSec SAs after a given idle period\n"
	  "Idle time in seconds",
	  ipsec_cmd_sa_idle_time, 0, 0, 4 },
	{ CFG, "crypto ipsec security-association replay {disable|window-size " WINDOWS "}",
	  H_CRYPTO H_IPSEC H_SA "Set replay checking\nDisable replay checking\n"
	  "Set replay window size\n" H_WINDOWS,
	  ipsec_cmd_sa_replay, 0, 0, 5 },
	{ CFG, "crypto ipsec df-bit {clear|copy|set}",
	  H_CRYPTO H_IPSEC "Handling of encapsulated DF bit\n"
	  "Clear DF bit for encapsulated packets\n"
	  "Copy DF bit from inner for encapsulated packets\n"
	  "Set DF bit for encapsulated packets",
	  ipsec_cmd_df_bit, 0, 0, 3 },
	{ CFG, "crypto ipsec fragmentation {after-encryption|before-encryption}",
	  H_CRYPTO H_IPSEC "Fragmentation before/after encryption\n"
	  "Perform fragmentation of large packets after IPSec encapsulation\n"
	  "Perform fragmentation of large packets before IPSec encapsulation",
	  ipsec_cmd_fragmentation, 0, 0, 3 },
	{ CFG, "crypto ipsec nat-transparency {spi-matching|udp-encapsulation}",
	  H_CRYPTO H_IPSEC "IPSec NAT transparency model\n"
	  "Match inbound SPI to outbound SPI\nUDP encapsulation",
	  ipsec_cmd_nat_transparency, 0, 0, 4 },

	/* ---- (cfg-crypto-trans) ---- */
	{ TS, "mode {tunnel|transport [require]}",
	  "encapsulation mode (transport/tunnel)\n"
	  "tunnel (datagram encapsulation) mode\n"
	  "transport (payload encapsulation) mode\n"
	  "Use transport mode only (do not fall back to tunnel)",
	  ipsec_cmd_ts_mode, 0, 0, 1 },
	{ TS, "esn", "Enable Extended Sequence Number", ipsec_cmd_ts_esn, 0, 0, 0 },

	/* ---- (ipsec-profile) ---- */
	{ PROF, "set transform-set WORD$t [WORD$t [WORD$t [WORD$t [WORD$t [WORD$t]]]]]",
	  H_SET "Specify list of transform sets in priority order\n"
	  "Proposal tag\nProposal tag\nProposal tag\nProposal tag\nProposal tag\nProposal tag",
	  ipsec_cmd_prof_transform_set, 0, 0, 2 },
	{ PROF, "set ikev2-profile NAME",
	  H_SET "Specify ikev2 Profile\nikev2 Profile name",
	  ipsec_cmd_prof_ikev2_profile, 0, 0, 2 },
	{ PROF, "set isakmp-profile NAME",
	  H_SET "Specify isakmp Profile\nisakmp Profile name",
	  ipsec_cmd_prof_isakmp_profile, 0, 0, 2 },
	{ PROF, "set pfs [{group1|group14|group15|group16|group19|group2|group20|group21|group24|group5}]",
	  H_SET "Specify pfs settings\n"
	  "D-H Group1 (768-bit modp) Diffie-Hellman group\n"
	  "D-H Group14 (2048-bit modp) Diffie-Hellman group\n"
	  "D-H Group15 (3072-bit modp) Diffie-Hellman group\n"
	  "D-H Group16 (4096-bit modp) Diffie-Hellman group\n"
	  "D-H Group19 (256-bit ecp) Diffie-Hellman group\n"
	  "D-H Group2 (1024-bit modp) Diffie-Hellman group\n"
	  "D-H Group20 (384-bit ecp) Diffie-Hellman group\n"
	  "D-H Group21 (521-bit ecp) Diffie-Hellman group\n"
	  "D-H Group24 (2048-bit modp, 256 bit subgroup) Diffie-Hellman group\n"
	  "D-H Group5 (1536-bit modp) Diffie-Hellman group",
	  ipsec_cmd_prof_pfs, 0, 0, 2 },
	{ PROF, "set security-association lifetime {" LIFETIME_SEC "|" LIFETIME_KB "|days <1-30>}",
	  H_SET H_SA "security association lifetime\n" H_LIFETIME_SEC H_LIFETIME_KB
	  "Time-based key duration in days\nSecurity association duration in days",
	  ipsec_cmd_prof_lifetime, 0, 0, 4 },
	{ PROF, "set security-association idle-time <60-86400> [default]",
	  H_SET H_SA "Automatically delete IPSec SAs after a given idle period\n"
	  "Idle time in seconds\nUse the idle time as the default SA lifetime",
	  ipsec_cmd_prof_idle_time, 0, 0, 3 },
	{ PROF, "set security-association replay {disable|window-size " WINDOWS "}",
	  H_SET H_SA "Set replay checking\nDisable replay checking\nSet replay window size\n" H_WINDOWS,
	  ipsec_cmd_prof_replay, 0, 0, 3 },
	{ PROF, "set mixed-mode",
	  H_SET "Allow IPv4 traffic over an IPv6 tunnel and vice versa",
	  ipsec_cmd_prof_mixed_mode, 0, 0, 0 },
	{ PROF, "set security-policy limit <0-50000>",
	  H_SET "Security Policy\nMaximum number of flows\nNumber of flows",
	  ipsec_cmd_prof_policy_limit, 0, 0, 3 },
	{ PROF, "responder-only", "Do not initiate SAs, act as responder only",
	  ipsec_cmd_prof_responder_only, 0, 0, 0 },
	{ PROF, "description LINE",
	  "Enter a description\nUp to 80 characters describing this profile",
	  ipsec_cmd_prof_description, 0, 0, 1 },
	{ PROF, "reverse-route", "Reverse Route Injection",
	  ipsec_cmd_prof_reverse_route, 0, 0, 0 },
	{ PROF, "redundancy NAME stateful",
	  "Configure HA for this ipsec profile\nRedundancy group name\nenable stateful failover",
	  ipsec_cmd_prof_redundancy, 0, 0, 1 },

	/* ---- shows ---- */
	{ EXEC, "show crypto ipsec transform-set [NAME]",
	  H_SHOW "Crypto transform sets\nTransform set name",
	  ipsec_cmd_show_transform_set, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto ipsec profile [NAME]",
	  H_SHOW "Show ipsec profile information\nipsec profile name",
	  ipsec_cmd_show_profile, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto ipsec sa [peer A.B.C.D$PEER] [detail]",
	  H_SHOW "IPSEC SA table\nShow IPSEC SAs for a peer\nIP address of the peer\nDetailed information",
	  ipsec_cmd_show_sa, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto ipsec sa detail peer A.B.C.D$PEER",
	  H_SHOW "IPSEC SA table\nDetailed information\nShow IPSEC SAs for a peer\nIP address of the peer",
	  ipsec_cmd_show_sa, CMD_NO_NEGATE | CMD_HIDDEN, PRIV_USER, 0 },
	{ EXEC, "show crypto session [detail] [remote A.B.C.D$REMOTE] [local A.B.C.D$LOCAL]",
	  "Show running system information\nEncryption module\nShow crypto sessions (tunnels)\n"
	  "Show detail crypto session\nShow crypto sessions with this remote address\nIP address of the remote peer\n"
	  "Show crypto sessions with this local address\nIP address of the local endpoint",
	  ipsec_cmd_show_session, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto session remote A.B.C.D$REMOTE detail",
	  "Show running system information\nEncryption module\nShow crypto sessions (tunnels)\n"
	  "Show crypto sessions with this remote address\nIP address of the remote peer\nShow detail crypto session",
	  ipsec_cmd_show_session, CMD_NO_NEGATE | CMD_HIDDEN, PRIV_USER, 0 },
	{ EXEC, "clear crypto sa [peer A.B.C.D$PEER]",
	  "Reset functions\nEncryption module\nClear all IPSEC security associations\n"
	  "Clear all IPSEC SAs by peer\nIP address of the peer",
	  ipsec_cmd_clear_sa, CMD_NO_NEGATE, PRIV_ENABLE, 0 },
};

const struct module ipsec_module = {
	.name = "ipsec",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
};
