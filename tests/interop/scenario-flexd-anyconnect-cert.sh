#!/bin/bash
# scenario-flexd-anyconnect-cert.sh -- bash.  AnyConnect-EAP dual
# authentication (`authentication remote anyconnect-eap aggregate
# cert-request`, ../shared/spec/anyconnect-eap.md §4-5): the test client
# (tests/tools/ac-client.c) in cl1 against flexd (hub,
# conf/flexd-hub-anyconnect.cfg with cert-request added) proves a client
# certificate (PKCS#7 TLV 3 + signature TLV 1) before the login form, then
# its username/password (local database):
#   - good certificate (pki_lab's CA = the HUB-RSA trustpoint) + good
#     password -> up: address, `Remote certificate:` in `show crypto ikev2
#     sa detailed`, log lines for the certificate and the user;
#   - an ECDSA client certificate -> up too;
#   - no certificate (client-cert-fail), a certificate from another CA (same
#     CA name), an expired one from the right CA, a broken signature, good certificate + wrong password ->
#     EAP-Failure + AUTHENTICATION_FAILED, the reason in flexd's log, no SA
#     kept; the login form is never reached for the first three.
# Without cert-request the same client logs in with its password alone.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-anyconnect-cert
require_flexd
ACC=$IOP_REPO/build/tests/ac-client
[ -x "$ACC" ] || skip "no $ACC (make build/tests/ac-client)"
topo_up 1
pki_lab 1

start_flexd hub "$IOP_RUN/flash"
cp "$IOP_PKI/hub-rsa.p12" "$IOP_CONF/acvpn.xml" "$FLEXD_FLASH/"
flexsh_hub_script "$IOP_CONF/flexd-hub-anyconnect.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the AnyConnect config" grep -q '^%' <(grep -v '^% Importing pkcs12' "$IOP_RUN/hub/config.out")
flexsh_hub "configure terminal" "crypto ikev2 profile AC-PROF" \
	"authentication remote anyconnect-eap aggregate cert-request" "end" >"$IOP_RUN/hub/cert-request.out"
check_not "flexd took cert-request" grep -q '^%' "$IOP_RUN/hub/cert-request.out"
flexsh_hub "show running-config" >"$IOP_RUN/hub/running.txt"
check "running-config: aggregate cert-request" \
	grep -qx ' authentication remote anyconnect-eap aggregate cert-request' "$IOP_RUN/hub/running.txt"

# ac NAME ARGS...: run the client in cl1 (output in $IOP_RUN/cl1/NAME.out); its status
ac() {
	local name=$1
	shift
	out=$IOP_RUN/cl1/$name.out
	nsx cl1 "$ACC" -s 192.0.2.1 -a "$IOP_PKI/ca.crt" -t 30 "$@" >"$out" 2>&1
}
P=$IOP_PKI
logs() { flexsh_hub "show logging" >"$IOP_RUN/hub/$1"; }
# sa_of USER FILE: the detailed blocks whose Remote EAP id is USER
sa_of() { awk -v RS= -v u="$1" 'index($0, "      Remote EAP id: " u "\n")' "$IOP_RUN/hub/$2"; }
CL1_DN="cn=cl1.lab.example,ou=VPN,o=flexd interop,c=US"
refused() { # NAME: the client saw EAP-Failure with AUTHENTICATION_FAILED
	grep -q 'FAIL: EAP-Failure: the headend refused the login (with AUTHENTICATION_FAILED)' "$IOP_RUN/cl1/$1.out"
}
no_form() { ! grep -q 'Please enter your username and password' "$IOP_RUN/cl1/$1.out"; }

# --- good certificate + good password
check "alice with cl1's RSA certificate logs in" ac good -u alice -p alice-pw -m "$P/cl1-rsa.crt" -K "$P/cl1-rsa.key"
check "client: asked for its certificate after init" \
	grep -q 'the headend asks for the client certificate (client-cert-request)' "$out"
check "client: sent the certificate and its signature" \
	grep -q 'sending client certificate CN=cl1.lab.example (+0 CA), its signature (method 1, 256 bytes)' "$out"
check "client: the login form came after the certificate" \
	grep -q 'auth-request: Please enter your username and password.' "$out"
check "client: EAP-Success, final AUTH, address" \
	grep -q 'EAP-Success' "$out" && grep -q 'final AUTH verified' "$out" && grep -Eq '^ADDRESS 10\.99\.0\.' "$out"
addr=$(awk '/^ADDRESS/ { print $2 }' "$out")
flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/sa-good.txt"
sa_of alice sa-good.txt >"$IOP_RUN/hub/sa-alice.txt"
check "flexd: alice's SA READY with $addr" \
	grep -q 'READY' "$IOP_RUN/hub/sa-alice.txt" && grep -qx "      Assigned host addr: $addr" "$IOP_RUN/hub/sa-alice.txt"
check "flexd: Remote certificate is cl1's DN" grep -qx "      Remote certificate: $CL1_DN" "$IOP_RUN/hub/sa-alice.txt"
check "flexd: Auth verify: AnyConnect-EAP" grep -q 'Auth sign: RSA, Auth verify: AnyConnect-EAP$' "$IOP_RUN/hub/sa-alice.txt"
logs log-good.txt
check "flexd log: certificate verified" \
	grep -q "ANYCONNECT_EAP: AnyConnect-EAP client certificate from 192.0.2.2 verified: $CL1_DN" "$IOP_RUN/hub/log-good.txt"
check "flexd log: alice authenticated by local with the certificate" \
	grep -q "AnyConnect-EAP user alice (peer 192.0.2.2) authenticated by local, certificate $CL1_DN" "$IOP_RUN/hub/log-good.txt"

# --- an ECDSA certificate
check "alice with cl1's ECDSA certificate logs in" ac ecdsa -u alice -p alice-pw -m "$P/cl1-ecdsa.crt" -K "$P/cl1-ecdsa.key"
check "client: ECDSA signature (method 9)" grep -q 'its signature (method 9' "$out"
check "client: address" grep -Eq '^ADDRESS 10\.99\.0\.' "$out"

nsa() { flexsh_hub "show crypto ikev2 sa" | grep -c '192\.0\.2\.2/' || true; }
before=$(nsa)

# --- no certificate
check_not "a client without a certificate is refused" ac nocert -u alice -p alice-pw
check "client: answered client-cert-fail, got EAP-Failure" \
	grep -q 'answering client-cert-fail' "$out" && refused nocert
check "client: never saw the login form" no_form nocert
logs log-nocert.txt
check "flexd log: no client certificate" grep -q '%AAA-4-ANYCONNECT_EAP: AnyConnect-EAP client certificate from 192.0.2.2 refused: no client certificate (the client has none: client-cert-fail)' "$IOP_RUN/hub/log-nocert.txt"

# --- a certificate from another CA with the very same CA name
rogue=$IOP_RUN/rogue
pki_init "$rogue"
pki_cert "$rogue" cl1-rsa rsa cl1.lab.example "DNS:cl1.lab.example"
check_not "a certificate from another CA is refused" ac rogue -u alice -p alice-pw -m "$rogue/cl1-rsa.crt" -K "$rogue/cl1-rsa.key"
check "client: EAP-Failure, no login form" refused rogue && no_form rogue
logs log-rogue.txt
check "flexd log: certificate not trusted" \
	grep -q "ANYCONNECT_EAP: AnyConnect-EAP client certificate from 192.0.2.2 refused: certificate $CL1_DN: certificate not trusted: " "$IOP_RUN/hub/log-rogue.txt"

# --- an expired certificate from the right CA (valid 2020-2021)
/usr/bin/python3 - "$P" <<'PY'
import datetime, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
d = sys.argv[1]
ca_key = serialization.load_pem_private_key(open(d + "/ca.key", "rb").read(), None)
ca = x509.load_pem_x509_certificate(open(d + "/ca.crt", "rb").read())
key = ec.generate_private_key(ec.SECP256R1())
name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, "flexd interop"),
                  x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "VPN"),
                  x509.NameAttribute(NameOID.COMMON_NAME, "old.lab.example")])
cert = (x509.CertificateBuilder().subject_name(name).issuer_name(ca.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.datetime(2020, 1, 1)).not_valid_after(datetime.datetime(2021, 1, 1))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256()))
open(d + "/old.crt", "wb").write(cert.public_bytes(serialization.Encoding.PEM))
open(d + "/old.key", "wb").write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
PY
check "the expired certificate chains to the lab CA but is expired" \
	grep -q 'certificate has expired' <(openssl verify -CAfile "$P/ca.crt" "$P/old.crt" 2>&1)
check_not "an expired certificate is refused" ac expired -u alice -p alice-pw -m "$P/old.crt" -K "$P/old.key"
check "client: EAP-Failure, no login form" refused expired && no_form expired
logs log-expired.txt
check "flexd log: certificate has expired" \
	grep -q "refused: certificate cn=old.lab.example,ou=VPN,o=flexd interop,c=US: certificate not trusted: certificate has expired" "$IOP_RUN/hub/log-expired.txt"

# --- a broken signature
check_not "a broken signature is refused" ac badsig -u alice -p alice-pw -m "$P/cl1-rsa.crt" -K "$P/cl1-rsa.key" -B
check "client: sent a broken signature, got EAP-Failure, no login form" \
	grep -q 'a BROKEN signature' "$out" && refused badsig && no_form badsig
logs log-badsig.txt
check "flexd log: signature does not verify" \
	grep -q "refused: certificate $CL1_DN: the RSA signature does not verify" "$IOP_RUN/hub/log-badsig.txt"

# --- good certificate, wrong password
check_not "good certificate + wrong password is refused" ac badpw -u alice -p wrong-pw -m "$P/cl1-rsa.crt" -K "$P/cl1-rsa.key"
check "client: the form came, then EAP-Failure" \
	grep -q 'Please enter your username and password' "$out" && refused badpw
logs log-badpw.txt
check "flexd log: certificate verified, then alice rejected" \
	grep -q 'AnyConnect-EAP user alice rejected' "$IOP_RUN/hub/log-badpw.txt"
check "flexd log: IKE AUTHENTICATION_FAILED line for the refused logins" \
	grep -q 'EAP authentication of peer 192.0.2.2 .* failed: AnyConnect-EAP client certificate from 192.0.2.2 refused' "$IOP_RUN/hub/log-badpw.txt"
sleep 2 # a refused SA goes at the next 1 s tick
check "flexd keeps no SA for the refused logins" test "$(nsa)" = "$before"
check "flexd still runs" pid_alive "$FLEXD_PID"

# --- cert-request off: the password alone again
flexsh_hub "configure terminal" "crypto ikev2 profile AC-PROF" \
	"authentication remote anyconnect-eap aggregate" "end" >/dev/null
check "without cert-request alice logs in with her password only" ac plain -u alice -p alice-pw
check "client: no certificate asked" grep -qv 'client-cert-request' "$out" && ! grep -q 'client-cert-request' "$out"

stop_flexd
pass "AnyConnect-EAP cert-request: RSA/ECDSA client certificate + password up; no certificate, other CA, expired, bad signature, wrong password refused"
