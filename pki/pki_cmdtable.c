/* Every command of the pki module (handlers in pki_cmds.h). */
#include "cli/module.h"
#include "pki_cmds.h"
#include "pki.h"

#define CFG     MODE_BIT(MODE_CONFIG)
#define TP      MODE_BIT(MODE_PKI_TRUSTPOINT)
#define MAP     MODE_BIT(MODE_PKI_CERT_MAP)
#define SSLPOL  MODE_BIT(MODE_SSL_POLICY)
#define SSLPROF MODE_BIT(MODE_SSL_PROFILE)
#define EXEC    MODE_BIT(MODE_EXEC)
#define CHAIN   MODE_BIT(MODE_PKI_CERT_CHAIN)
#define HEXM    MODE_BIT(MODE_PKI_CERT_HEX)

#define H_PKI "Encryption module\nPublic Key components\n"
#define H_KEY "Encryption module\nLong term key operations\n"
#define H_SSL "Encryption module\nConfigure SSL policy and profile\n"

#define RSAKP "WORD [<360-4096>$size [<360-4096>$encsize]]"
#define H_RSAKP "Key pair label\nSize of the signature key (or general purpose key)\nSize of the encryption key"

#define REVOC "{crl|none|ocsp}"
#define H_REVOC "Revocation check by CRL\nIgnore revocation check\nRevocation check by OCSP\n"

static const struct cmd_def cmds[] = {
	/* ---- global ---- */
	{ CFG, "crypto pki trustpoint NAME",
	  H_PKI "Define a CA trustpoint\nTrustpoint name",
	  pki_cmd_trustpoint, 0, 0, 0 },
	{ CFG, "crypto pki certificate map NAME <1-65535>",
	  H_PKI "Actions on certificates\nCertificate map\nCertificate map tag\n"
	  "Sequence to insert to map",
	  pki_cmd_cert_map, 0, 0, 6 },
	/* IOS takes the import in global config (seed 001 types it there) and in EXEC */
	{ CFG | EXEC, "crypto pki import NAME {pkcs12 URL password PW|certificate}",
	  H_PKI "Import certificates or keys\nTrustpoint name\nImport a PKCS12 file\n"
	  "PKCS12 file location (bootflash:FILE)\nPassword for the PKCS12 file\nPKCS12 passphrase\n"
	  "Import a certificate from the terminal",
	  pki_cmd_import, CMD_NO_NEGATE, PRIV_ENABLE, 0 },
	{ CFG, "crypto pki certificate chain NAME",
	  H_PKI "Actions on certificates\nCertificate chain\nTrustpoint name",
	  pki_cmd_cert_chain, 0, 0, 0 },
	{ CFG, "crypto pki authenticate NAME",
	  H_PKI "Get the certification authority certificate\nTrustpoint name",
	  pki_cmd_authenticate, CMD_NO_NEGATE, 0, 0 },
	{ CFG, "crypto pki enroll NAME",
	  H_PKI "Request a certificate from a CA\nTrustpoint name",
	  pki_cmd_enroll, CMD_NO_NEGATE, 0, 0 },
	{ CFG, "crypto key generate rsa [{general-keys|usage-keys|encryption|signature}]"
	  " [label WORD] [modulus <512-4096>] [exportable]",
	  H_KEY "Generate new keys\nGenerate RSA keys\n"
	  "Generate a general purpose RSA key pair for signing and encryption\n"
	  "Generate separate RSA key pairs for signing and encryption\n"
	  "Generate a general purpose RSA key pair for encryption\n"
	  "Generate a general purpose RSA key pair for signing\n"
	  "Provide a label\nRSA key pair label\n"
	  "Provide number of modulus bits on the command line\nsize of the key modulus [512-4096]\n"
	  "Allow the key to be exported",
	  pki_cmd_key_generate, CMD_NO_NEGATE, 0, 0 },
	{ CFG, "crypto key generate ec keysize {256|384|521} [label WORD] [exportable]",
	  H_KEY "Generate new keys\nGenerate EC keys for ECDSA\nNumber of bits in the EC key\n"
	  "256 bit keys (curve P-256)\n384 bit keys (curve P-384)\n521 bit keys (curve P-521)\n"
	  "Provide a label\nEC key pair label\nAllow the key to be exported",
	  pki_cmd_key_generate_ec, CMD_NO_NEGATE, 0, 0 },
	{ CFG, "crypto key zeroize {rsa|ec} [WORD]",
	  H_KEY "Remove keys\nRemove RSA keys\nRemove EC keys\nKey pair label",
	  pki_cmd_key_zeroize, CMD_NO_NEGATE, 0, 0 },
	{ CFG, "crypto vpn anyconnect profile NAME URL",
	  "Encryption module\nConfigure VPN\nConfigure AnyConnect\nConfigure an AnyConnect profile\n"
	  "Profile name\nProfile location (bootflash:FILE)",
	  pki_cmd_anyconnect_profile, 0, 0, 5 },
	{ CFG, "crypto ssl policy NAME",
	  H_SSL "Configure an SSL policy\nPolicy name",
	  pki_cmd_ssl_policy, 0, 0, 0 },
	{ CFG, "crypto ssl profile NAME",
	  H_SSL "Configure an SSL profile\nProfile name",
	  pki_cmd_ssl_profile, 0, 0, 0 },

	/* ---- (ca-trustpoint) ---- */
	{ TP, "enrollment {url URL|terminal [pem]|selfsigned|pkcs12}",
	  "Enrollment parameters\nCA server enrollment URL\nURL of the CA (http://...)\n"
	  "Enroll via the terminal (cut-and-paste)\nUse PEM encapsulation\n"
	  "Generate a Self Signed Certificate\nImport the certificate from a PKCS12 file",
	  pki_cmd_tp_enrollment, 0, 0, 1 },
	{ TP, "usage {ike|ssl-client|ssl-server}",
	  "Key usage\nIKE\nSSL client\nSSL server",
	  pki_cmd_tp_usage, 0, 0, 1 },
	{ TP, "serial-number [none]",
	  "Include serial number in certificate request\nDo not include the serial number",
	  pki_cmd_tp_serial_number, 0, 0, 1 },
	{ TP, "fqdn WORD",
	  "Fully qualified domain name for the certificate\nDomain name, or none",
	  pki_cmd_tp_fqdn, 0, 0, 1 },
	{ TP, "ip-address WORD",
	  "Include IP address in certificate request\nIP address, interface name, or none",
	  pki_cmd_tp_ip_address, 0, 0, 1 },
	{ TP, "subject-name LINE",
	  "Subject Name\nX.500 distinguished name (cn=...,o=...)",
	  pki_cmd_tp_subject_name, 0, 0, 1 },
	{ TP, "subject-alt-name LINE",
	  "Subject Alternative Name\nAlternative name",
	  pki_cmd_tp_subject_alt_name, 0, 0, 1 },
	{ TP, "revocation-check " REVOC " [" REVOC " [" REVOC "]]",
	  "Revocation checking options\n" H_REVOC H_REVOC H_REVOC,
	  pki_cmd_tp_revocation_check, 0, 0, 1 },
	{ TP, "rsakeypair " RSAKP,
	  "Specify the key pair to use when enrolling\n" H_RSAKP,
	  pki_cmd_tp_rsakeypair, 0, 0, 1 },
	{ TP, "rsa-keypair " RSAKP,
	  "Seed alias of rsakeypair\n" H_RSAKP,
	  pki_cmd_tp_rsa_keypair_alias, CMD_HIDDEN, 0, 1 },
	{ TP, "eckeypair WORD",
	  "Specify the Elliptic Curve key pair to use when enrolling\nKey pair label",
	  pki_cmd_tp_eckeypair, 0, 0, 1 },
	{ TP, "auto-enroll [<1-100>] [regenerate]",
	  "Auto-Enroll\nPercent of lifetime at which to re-enroll\nGenerate a new key pair when re-enrolling",
	  pki_cmd_tp_auto_enroll, 0, 0, 1 },
	{ TP, "password [{0$type|7$type}] WORD",
	  "Password for certificate requests\nThe password is not encrypted\n"
	  "The password is type 7 encrypted\nThe challenge password",
	  pki_cmd_tp_password, 0, 0, 1 },
	{ TP, "hash {md5|sha1|sha256|sha384|sha512}",
	  "Hash algorithm\nMD5\nSHA1\nSHA256\nSHA384\nSHA512",
	  pki_cmd_tp_hash, 0, 0, 1 },

	/* ---- (ca-certificate-map) ---- */
	{ MAP, "{alt-subject-name|expires-on|issuer-name|name|serial-number|subject-name"
	  "|unstructured-subject-name|valid-start} {eq|ne|co|nc|lt|ge} LINE",
	  "Alternate subject name\nCertificate expiration date\nIssuer name\nName\n"
	  "Serial number\nSubject name\nUnstructured subject name\nCertificate validity start date\n"
	  "equal\nnot equal\ncontains\ndoes not contain\nless than\ngreater than or equal\n"
	  "Value to match",
	  pki_cmd_cert_map_rule, 0, 0, 1 },

	/* ---- (config-crypto-ssl-policy) ---- */
	{ SSLPOL, "pki trustpoint WORD [sign]",
	  "Public Key components\nSpecify the trustpoint\nTrustpoint name\n"
	  "Use the trustpoint's certificate to sign",
	  pki_cmd_ssl_pol_trustpoint, 0, 0, 2 },
	{ SSLPOL, "ip address local A.B.C.D [port <1-65535>]",
	  "IP configuration\nLocal address\nLocal address to listen on\nIPv4 address\n"
	  "TCP port\nPort number",
	  pki_cmd_ssl_pol_address, 0, 0, 3 },
	{ SSLPOL, "ip interface local IF [port <1-65535>]",
	  "IP configuration\nListen on an interface's address\nLocal interface\nInterface name\n"
	  "TCP port\nPort number",
	  pki_cmd_ssl_pol_interface, 0, 0, 3 },
	{ SSLPOL, "shutdown", "Shut down the policy", pki_cmd_ssl_pol_shutdown, 0, 0, 0 },

	/* ---- (config-crypto-ssl-profile) ---- */
	{ SSLPROF, "match policy WORD",
	  "Match criteria\nMatch an SSL policy\nPolicy name",
	  pki_cmd_ssl_prof_match_policy, 0, 0, 2 },

	/* ---- (config-cert-chain) and (config-pubkey): certificates as hex ---- */
	{ CHAIN, "certificate [{ca|self-signed|rollover}] HEX$SERIAL",
	  "Exchange certificates\nCA certificate\nSelf-signed certificate\nRollover certificate\n"
	  "Certificate serial number (hex)",
	  pki_cmd_chain_certificate, 0, 0, 0 },
	{ HEXM, "HEX...", "Certificate data (hex)", pki_cmd_cert_hex, CMD_NO_NEGATE, 0, 0 },
	{ HEXM, "quit", "Exit data entry mode", pki_cmd_cert_quit, CMD_NO_NEGATE, 0, 0 },

	/* ---- shows ---- */
	{ EXEC, "show crypto pki trustpoints [status]",
	  "Show running system information\nEncryption module\nShow PKI information\n"
	  "Show trustpoints\nShow the trustpoints' enrollment status",
	  pki_cmd_show_trustpoints, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto pki certificates [WORD] [verbose]",
	  "Show running system information\nEncryption module\nShow PKI information\n"
	  "Show certificates\nTrustpoint name\nDisplay in verbose mode",
	  pki_cmd_show_certificates, CMD_NO_NEGATE, PRIV_USER, 0 },
	{ EXEC, "show crypto key mypubkey {rsa|ec} [WORD]",
	  "Show running system information\nEncryption module\nShow long term public keys\n"
	  "Show public keys associated with this router\nShow RSA public keys\nShow EC public keys\n"
	  "Key pair label",
	  pki_cmd_show_mypubkey, CMD_NO_NEGATE, PRIV_USER, 0 },
};

const struct module pki_module = {
	.name = "pki",
	.cmds = cmds,
	.ncmds = ARRAY_LEN(cmds),
	.init = pki_certchain_init,
	.save_private = pki_save_private_config,
	.load_private = pki_load_private_config,
};
