#!/bin/bash
# scenario-flexd-eap-peap.sh -- bash.  PEAP end to end: the test client
# (tests/tools/ac-client.c -E peap: PEAPv0 with EAP-MSCHAPv2 inside, TLS
# 1.2 through OpenSSL) in cl1 -> flexd (hub, conf/flexd-hub-eap.cfg:
# `authentication remote eap query-identity`, `aaa authentication eap
# EAPLIST` = group RAD) -> FreeRADIUS 3.2 in aaa (conf/radius-eap-peap:
# peap { default_eap_type = mschapv2 }).  Debian's strongSwan has no
# eap-peap plugin, hence the own client.  Proves:
#   - bob/bob-pw: the client Naks MD5 for PEAP, checks the RADIUS server's
#     certificate (lab CA, DNS radius.lab.example), runs MSCHAPv2 inside
#     (verifies the server's authenticator response), answers the Result
#     TLV; flexd takes the MSK from MS-MPPE-Recv/Send-Key and both final
#     AUTHs verify with the 64-octet TLS-PRF MSK: the client says so and
#     gets a pool address; flexd shows the SA READY with `Remote EAP id:
#     bob` and `Auth verify: EAP`; FreeRADIUS logs the PEAP inner and
#     outer Login OK;
#   - bob with a wrong password: the Result TLV is a failure, FreeRADIUS
#     rejects, the client is told EAP-Failure / AUTHENTICATION_FAILED,
#     flexd logs EAP_FAILED and keeps no SA from cl1;
#   - a CA the server's certificate does not chain to: the client refuses
#     the tunnel (TLS verification), flexd keeps no SA.
#   - our TLS handshake in 64-octet fragments (-F 64): reassembled by
#     FreeRADIUS, same result;
# The client has no data plane: the Child SA in the final response, only
# sent after the MSK-keyed AUTH verified on both sides, is the proof.
set -eu
. "$(dirname "$0")/lib.sh"

iop_init flexd-eap-peap
require_flexd
ACC=${AC_CLIENT:-$IOP_REPO/build/tests/ac-client}   # AC_CLIENT=build-san/tests/ac-client under ASan
[ -x "$ACC" ] || skip "no $ACC (make build/tests/ac-client)"
topo_up 1
pki_lab 1
pki_cert "$IOP_PKI" radius rsa radius.lab.example "DNS:radius.lab.example"
# a second CA that signed nothing the server has
mkdir -p "$IOP_RUN/otherca"
pki_init "$IOP_RUN/otherca"

# --- FreeRADIUS: PEAP/MSCHAPv2; the Login OK lines name the EAP type
radius_up
mkdir -p "$IOP_RUN/aaa/certs"
cp "$IOP_PKI/ca.crt" "$IOP_PKI/radius.crt" "$IOP_PKI/radius.key" "$IOP_RUN/aaa/certs/"
render "$IOP_CONF/radius-eap-peap" "$IOP_RADDB/mods-available/eap" CERTDIR="$IOP_RUN/aaa/certs"
sed -i -e 's|^\(\s*\)#\?\s*msg_goodpass = .*|\1msg_goodpass = "eap-type %{EAP-Type}"|' \
	-e 's|^\(\s*\)#\?\s*msg_badpass = .*|\1msg_badpass = "eap-type %{EAP-Type}"|' "$IOP_RADDB/radiusd.conf"
radius_start
rlog=$IOP_RADIUS_LOG
radpid=$IOP_RADIUS_PID

# --- flexd: the EAP hub, plus what the client proposes (ECP-256 IKE SA,
# AES-CBC/SHA-256 Child SA)
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-eap.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub "configure terminal" "crypto ikev2 proposal PROP19" "encryption aes-cbc-256" "integrity sha256" \
	"group 19" "exit" "crypto ikev2 policy POL" "proposal PROP19" "exit" \
	"crypto ipsec transform-set TSCBC esp-aes 256 esp-sha256-hmac" "mode tunnel" "exit" \
	"crypto ipsec profile IPSECPROF" "set transform-set TS TSCBC" "end" >>"$IOP_RUN/hub/config.out"
check_not "flexd accepted the EAP config" grep -q '^%' "$IOP_RUN/hub/config.out"

out=$IOP_RUN/cl1/peap.out
# peap NAME ARGS...: run the client in cl1 (output in $IOP_RUN/cl1/NAME.out); its status
peap() {
	local name=$1
	shift
	out=$IOP_RUN/cl1/$name.out
	nsx cl1 "$ACC" -E peap -s 192.0.2.1 -k interop-psk-0123456789 -i cl1.lab.example -t 30 "$@" >"$out" 2>&1
}
r0=0
mark() { r0=$(wc -l <"$rlog"); }
newr() { tail -n +$((r0 + 1)) "$rlog" >"$IOP_RUN/aaa/new.log"; }
flexd_sa_gone() { ! flexsh_hub "show crypto ikev2 sa" | grep -q '192\.0\.2\.2/'; }

# --- bob, right password
mark
check "bob logs in with PEAP/MSCHAPv2" peap ok -u bob -p bob-pw -C "$IOP_PKI/ca.crt" -R radius.lab.example
newr
check "client: headend PSK AUTH verified" grep -q 'headend authenticated by pre-shared key' "$out"
check "client: EAP Identity bob" grep -q 'EAP Identity requested, answered bob' "$out"
check "client: Nak from MD5 to PEAP" grep -q 'EAP method 4 offered, Nak -> PEAP' "$out"
check "client: PEAP Start" grep -q 'PEAP: Start' "$out"
check "client: TLS 1.2 tunnel, server certificate verified for radius.lab.example" \
	grep -q 'PEAP: TLS tunnel up (TLSv1.2, .*CN=radius.lab.example verified for radius.lab.example' "$out"
check "client: MSCHAPv2 authenticator response verified" grep -q 'MSCHAPv2 Success, authenticator response verified' "$out"
check "client: Result TLV success answered success" grep -q 'Result TLV success from the server, answered success' "$out"
check "client: PEAP MSK established" grep -q 'EAP-Success after [0-9]* rounds: PEAP MSK established' "$out"
check "client: the headend's final AUTH verified with the MSK" grep -q 'final AUTH verified (MSK)' "$out"
check "client: pool address" grep -Eq '^ADDRESS 10\.99\.0\.[0-9]+$' "$out"
check "FreeRADIUS: inner Login OK for bob (MSCHAPv2 in the tunnel)" \
	grep -q 'Login OK: \[bob\] (from client hub port 0 cli 192\.0\.2\.2 via TLS tunnel) eap-type MSCHAPv2' "$IOP_RUN/aaa/new.log"
check "FreeRADIUS: outer Login OK for bob with EAP-Type PEAP" \
	grep -q 'Login OK: \[bob\] (from client hub port [0-9]* cli 192\.0\.2\.2) eap-type PEAP' "$IOP_RUN/aaa/new.log"
flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/detail.txt"
check "flexd: SA from cl1 READY" grep -q '192\.0\.2\.2/[0-9]* .*READY' "$IOP_RUN/hub/detail.txt"
check "flexd: Remote EAP id: bob" grep -qx '      Remote EAP id: bob' "$IOP_RUN/hub/detail.txt"
check "flexd: Auth verify: EAP" grep -q 'Auth sign: PSK, Auth verify: EAP$' "$IOP_RUN/hub/detail.txt"
# the client just exits; clear its SA so the next cases start clean
flexsh_hub "clear crypto ikev2 sa" >/dev/null
check "flexd: SA cleared" wait_for 5 "flexd dropped cl1's SA" flexd_sa_gone

# --- our TLS handshake in 64-octet fragments: FreeRADIUS acknowledges each
# (empty requests through flexd) and reassembles by the L length
check "bob logs in with 64-octet PEAP fragments" \
	peap frag -u bob -p bob-pw -C "$IOP_PKI/ca.crt" -R radius.lab.example -F 64
check "client: the server's certificate flight came in more than one fragment" \
	grep -Eq 'handshake in ([2-9]|[1-9][0-9]+) packets from the server' "$out"
check "client: ClientHello and Finished went in more than 4 fragments" \
	grep -Eq ', ([5-9]|[1-9][0-9]+) of ours \(fragments of at most 64\)' "$out"
check "client: final AUTH verified with the MSK" grep -q 'final AUTH verified (MSK)' "$out"
flexsh_hub "clear crypto ikev2 sa" >/dev/null
check "flexd: SA cleared" wait_for 5 "flexd dropped cl1's SA" flexd_sa_gone

# --- a wrong password
mark
check_not "bob with a wrong password is refused" peap bad -u bob -p not-bobs -C "$IOP_PKI/ca.crt" -R radius.lab.example
newr
check "client: Result TLV failure" grep -q 'Result TLV failure from the server, answered failure' "$out"
check "client: told EAP-Failure with AUTHENTICATION_FAILED" \
	grep -q 'FAIL: EAP-Failure: the headend refused the login (with AUTHENTICATION_FAILED)' "$out"
check_not "client: no MSK" grep -q 'MSK established' "$out"
check "FreeRADIUS: the inner MS-CHAP2-Response of bob was wrong" \
	grep -q 'Login incorrect (mschap: MS-CHAP2-Response is incorrect): \[bob\] (from client hub port 0 cli 192\.0\.2\.2 via TLS tunnel) eap-type MSCHAPv2' "$IOP_RUN/aaa/new.log"
flexsh_hub "show logging" >"$IOP_RUN/hub/log.txt"
check "flexd: EAP_FAILED logged for bob" grep -q 'EAP_FAILED.*192\.0\.2\.2.*bob.*Access-Reject' "$IOP_RUN/hub/log.txt"
check "flexd: no SA from cl1" wait_for 5 "flexd dropped the refused SA" flexd_sa_gone

# --- the server's certificate against another CA: the client refuses
check_not "a RADIUS certificate from an unknown CA is refused" \
	peap badca -u bob -p bob-pw -C "$IOP_RUN/otherca/ca.crt" -R radius.lab.example
check "client: TLS verification failed" grep -q 'FAIL: EAP round [0-9]*: TLS handshake: server certificate: ' "$out"
check_not "client: no tunnel" grep -q 'TLS tunnel up' "$out"
# flexd times the half-open IKE_AUTH out; drop it now
flexsh_hub "clear crypto ikev2 sa" >/dev/null
check "flexd: no SA left" wait_for 5 "flexd dropped the abandoned SA" flexd_sa_gone

stop_flexd
check_not "flexd reported no sanitizer error" grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$IOP_RUN/hub/flexd.out"
check_not "ac-client reported no sanitizer error" grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$IOP_RUN"/cl1/*.out
pid_stop "$radpid"
pass "ac-client -E peap -> flexd -> FreeRADIUS: PEAPv0/MSCHAPv2 MSK-keyed AUTH and Child SA; wrong password and unknown CA refused"
