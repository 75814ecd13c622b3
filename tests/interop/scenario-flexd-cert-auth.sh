#!/bin/bash
# scenario-flexd-cert-auth.sh -- bash.  strongSwan clients -> flexd (hub)
# with certificates (conf/flexd-hub-cert.cfg, pki_lab's CA, the hub's keys
# and certificates imported from PKCS#12 files):
#   cl1  RSA both ways, RFC 7427 signatures, identities DNs; its profile
#        chosen by `match certificate` (subject + issuer rule);
#   cl2  ECDSA P-256 both ways, RFC 7427, identities fqdn;
#   cl4  ECDSA with the classic method 9 both ways (no RFC 7427);
#   cl5  RSA with the classic method 1 both ways, its profile chosen by the
#        certificate map's subjectAltName rule;
#   cl3  a certificate from another CA with the very same CA name: refused
#        with AUTHENTICATION_FAILED, flexd logs why and keeps no SA.
# Asserts flexd's `show crypto ikev2 sa detailed` (Auth sign/verify, Remote
# id as the DN) and what strongSwan logged about the hub's signature.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-cert-auth
require_flexd
topo_up 5
pki_lab 5
start_flexd hub "$IOP_RUN/flash"
cp "$IOP_PKI/hub-rsa.p12" "$IOP_PKI/hub-ecdsa.p12" "$FLEXD_FLASH/"
flexsh_hub_script "$IOP_CONF/flexd-hub-cert.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the certificate config" grep -q '^%' <(grep -v '^% Importing pkcs12' "$IOP_RUN/hub/config.out")
check "both PKCS#12 files imported" test "$(grep -c 'Imported PKCS12 file successfully' "$IOP_RUN/hub/config.out")" = 2


HUB_DN="C=US, O=flexd interop, OU=VPN, CN=hub.lab.example"
# strongswan.conf addition: classic AUTH methods (1, 9), no SIGNATURE_HASH_ALGORITHMS
printf 'charon {\n  signature_authentication = no\n}\n' >"$IOP_RUN/classic.conf"
show_detail() { flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/$1"; }
# sa_block FILE PEER: the detailed block of the SA whose remote is PEER
sa_block() { awk -v p="$2/" '/^[0-9]+ +[0-9.]+\// { on = index($3, p) == 1 } on' "$IOP_RUN/hub/$1"; }

# --- cl1: RSA both ways, DN identities, RFC 7427
charon_start cl1 client
sw_install_cert cl1 cl1-rsa
sw_conf cl1 client-cert CERT=cl1-rsa.crt "LOCAL_ID=C=US, O=flexd interop, OU=VPN, CN=cl1.lab.example" \
	"REMOTE_ID=$HUB_DN"
check "cl1 (RSA) connects to flexd" client_up cl1 hub 15
check "cl1 sent its certificate IKE_AUTH in RFC 7383 fragments" grep -q 'splitting IKE message .* into [0-9]* fragments' "$IOP_RUN/cl1/charon.log"
assert_client_tunnel cl1
check "cl1: flexd's IKE_SA_INIT response asked for our CA (CERTREQ)" \
	grep -q 'received cert request for "C=US, O=flexd interop, CN=flexd interop CA"' "$IOP_RUN/cl1/charon.log"
check "cl1: flexd sent its certificate" \
	grep -q 'received end entity cert "C=US, O=flexd interop, OU=VPN, CN=hub.lab.example"' "$IOP_RUN/cl1/charon.log"
check "cl1: flexd authenticated by its RSA signature (RFC 7427)" \
	grep -q "authentication of '$HUB_DN' with RSA_EMSA_PKCS1_SHA2_256 successful" "$IOP_RUN/cl1/initiate.out"
show_detail sa-cl1.txt
sa_block sa-cl1.txt 192.0.2.2 >"$IOP_RUN/hub/sa-cl1-block.txt"
check "flexd: cl1's SA READY" grep -q '^[0-9]* *192\.0\.2\.1/4500 *192\.0\.2\.2/4500 *none/none *READY' "$IOP_RUN/hub/sa-cl1-block.txt"
check "flexd: Auth sign: RSA, Auth verify: RSA" grep -q 'DH Grp:14, Auth sign: RSA, Auth verify: RSA$' "$IOP_RUN/hub/sa-cl1-block.txt"
check "flexd: Remote id is cl1's DN" grep -q '^      Remote id: cn=cl1\.lab\.example,ou=VPN,o=flexd interop,c=US$' "$IOP_RUN/hub/sa-cl1-block.txt"
check "flexd: Local id is its certificate's DN" grep -q '^      Local id: cn=hub\.lab\.example,ou=VPN,o=flexd interop,c=US$' "$IOP_RUN/hub/sa-cl1-block.txt"

# --- cl2: ECDSA both ways, fqdn identities, RFC 7427
charon_start cl2 client
sw_install_cert cl2 cl2-ecdsa
sw_conf cl2 client-cert CERT=cl2-ecdsa.crt
check "cl2 (ECDSA) connects to flexd" client_up cl2 hub 15
assert_client_tunnel cl2
check "cl2: flexd authenticated by its ECDSA signature (RFC 7427)" \
	grep -q "authentication of 'hub.lab.example' with ECDSA_WITH_SHA256_DER successful" "$IOP_RUN/cl2/initiate.out"
show_detail sa-cl2.txt
sa_block sa-cl2.txt 192.0.2.3 >"$IOP_RUN/hub/sa-cl2-block.txt"
check "flexd: Auth sign: ECDSA, Auth verify: ECDSA" grep -q 'Auth sign: ECDSA, Auth verify: ECDSA$' "$IOP_RUN/hub/sa-cl2-block.txt"
check "flexd: Remote id cl2.lab.example" grep -q '^      Remote id: cl2\.lab\.example$' "$IOP_RUN/hub/sa-cl2-block.txt"
check "flexd: Local id hub.lab.example" grep -q '^      Local id: hub\.lab\.example$' "$IOP_RUN/hub/sa-cl2-block.txt"

# --- cl4: ECDSA, classic method 9 both ways
charon_start cl4 client "$IOP_RUN/classic.conf"
sw_install_cert cl4 cl4-ecdsa
sw_conf cl4 client-cert CERT=cl4-ecdsa.crt
check "cl4 (ECDSA, method 9) connects to flexd" client_up cl4 hub 15
assert_client_tunnel cl4
check "cl4: flexd authenticated with ECDSA-256 (method 9)" \
	grep -q "authentication of 'hub.lab.example' with ECDSA-256 signature successful" "$IOP_RUN/cl4/initiate.out"
show_detail sa-cl4.txt
check "flexd: cl4 Auth sign: ECDSA, Auth verify: ECDSA" \
	grep -q 'Auth sign: ECDSA, Auth verify: ECDSA$' <(sa_block sa-cl4.txt 192.0.2.5)

# --- cl5: RSA, classic method 1 both ways, map by subjectAltName
charon_start cl5 client "$IOP_RUN/classic.conf"
sw_install_cert cl5 cl5-rsa
sw_conf cl5 client-cert CERT=cl5-rsa.crt "REMOTE_ID=$HUB_DN"
check "cl5 (RSA, method 1) connects to flexd" client_up cl5 hub 15
assert_client_tunnel cl5
check "cl5: flexd authenticated with an RSA signature (method 1)" \
	grep -q "authentication of '$HUB_DN' with RSA signature successful" "$IOP_RUN/cl5/initiate.out"
show_detail sa-cl5.txt
check "flexd: cl5 Auth sign: RSA, Auth verify: RSA" \
	grep -q 'Auth sign: RSA, Auth verify: RSA$' <(sa_block sa-cl5.txt 192.0.2.6)

# --- cl3: a rogue CA with the same name as the real one
rogue=$IOP_RUN/rogue
pki_init "$rogue"
pki_cert "$rogue" cl3-rsa rsa cl3.lab.example "DNS:cl3.lab.example"
check "the rogue CA has the real CA's name" test "$(openssl x509 -noout -subject -in "$rogue/ca.crt")" = \
	"$(openssl x509 -noout -subject -in "$IOP_PKI/ca.crt")"
charon_start cl3 client
cp "$rogue/cl3-rsa.crt" "$IOP_RUN/cl3/swanctl/x509/"
cp "$rogue/cl3-rsa.key" "$IOP_RUN/cl3/swanctl/private/"
cp "$IOP_PKI/ca.crt" "$IOP_RUN/cl3/swanctl/x509ca/"
sw_conf cl3 client-cert CERT=cl3-rsa.crt "REMOTE_ID=$HUB_DN"
check_not "cl3 (untrusted certificate) is refused" client_up cl3 hub 8
check "cl3 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$IOP_RUN/cl3/charon.log"
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/show-sa-cl3.txt"
check_not "flexd keeps no SA for cl3" grep -q '192\.0\.2\.4/' "$IOP_RUN/hub/show-sa-cl3.txt"
flexsh_hub "show logging" >"$IOP_RUN/hub/logging.txt"
check "flexd logged why: the certificate is not trusted" \
	grep -q 'Authentication of peer 192\.0\.2\.4 (cl3\.lab\.example) failed: certificate not trusted' "$IOP_RUN/hub/logging.txt"
check "four SAs READY on flexd" test "$(grep -c READY "$IOP_RUN/hub/show-sa-cl3.txt")" = 4

# --- a CA pasted at the console (crypto pki authenticate, PEM) verifies
# peers: EC-PROF signs with HUB-EC but verifies only against PASTED
{
	printf 'configure terminal\ncrypto pki trustpoint PASTED\n enrollment terminal\n revocation-check none\n exit\n'
	printf 'crypto pki authenticate PASTED\n'
	cat "$IOP_PKI/ca.crt"
	printf 'quit\nyes\ncrypto ikev2 profile EC-PROF\n no pki trustpoint HUB-EC\n pki trustpoint HUB-EC sign\n'
	printf ' pki trustpoint PASTED verify\nend\n'
} | flexsh_hub_script >"$IOP_RUN/hub/paste.out"
check "flexd took the pasted CA certificate" grep -q '% Certificate successfully imported' "$IOP_RUN/hub/paste.out"
sw cl2 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
check "cl2 (ECDSA) connects again, verified against the pasted CA" client_up cl2 hub 15
flexsh_hub "show running-config | section EC-PROF" >"$IOP_RUN/hub/ec-prof.txt"
check "EC-PROF verifies with PASTED only" grep -q '^ pki trustpoint PASTED verify$' "$IOP_RUN/hub/ec-prof.txt"

pass "strongSwan -> flexd, certificates: RSA and ECDSA both ways (RFC 7427 and methods 1/9), DN ids, certificate map, untrusted CA refused"
