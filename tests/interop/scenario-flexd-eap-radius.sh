#!/bin/bash
# scenario-flexd-eap-radius.sh -- bash.  strongSwan (cl1, kernel-libipsec)
# -> flexd (hub, conf/flexd-hub-eap.cfg) -> FreeRADIUS 3.2 (aaa namespace):
# EAP inside IKE_AUTH (RFC 7296 §2.16) relayed to RADIUS (RFC 3579), the
# hub authenticating itself with its PSK.  Proves, for each method:
#   - EAP-MD5 (no MSK: AUTH with SK_p), EAP-MSCHAPv2, EAP-TLS and EAP-TTLS
#     (MSCHAPv2 inside, for bob: alice's Reply-Message inside the tunnel
#     upsets strongSwan; MSK from MS-MPPE-Recv/Send-Key), EAP-GTC: the
#     client is ESTABLISHED with its Child SA and a pool address, strongSwan
#     logs whether an MSK was established, FreeRADIUS logs Login OK for the
#     user, flexd shows `Remote EAP id: USER` and `Auth verify: EAP`;
#   - a wrong password: Access-Reject -> EAP Failure and AUTHENTICATION_FAILED
#     to the client, an EAP_FAILED log line on flexd, no SA left;
#   - query-identity off: the IKE identity is the EAP identity RADIUS sees.
# (PEAP: Debian's strongSwan has no eap-peap plugin: scenario-flexd-eap-peap.sh
# proves it with tests/tools/ac-client -E peap.)
set -eu
. "$(dirname "$0")/lib.sh"
[ -e /usr/lib/ipsec/plugins/libstrongswan-eap-tls.so ] || skip "no strongSwan eap-tls plugin"

iop_init flexd-eap-radius
require_flexd
topo_up 1
pki_lab 1
# the RADIUS server's certificate: the client checks it against the IKE
# responder's identity (strongSwan's default EAP server identity)
pki_cert "$IOP_PKI" radius rsa hub.lab.example "DNS:hub.lab.example"

# --- FreeRADIUS with its own config dir, the lab users and EAP methods
radius_up
mkdir -p "$IOP_RUN/aaa/certs"
cp "$IOP_PKI/ca.crt" "$IOP_PKI/radius.crt" "$IOP_PKI/radius.key" "$IOP_RUN/aaa/certs/"
render "$IOP_CONF/radius-eap-tls" "$IOP_RADDB/mods-available/eap" CERTDIR="$IOP_RUN/aaa/certs"
# every Access-Request in radacct/<client>/auth-detail-* (Challenges too)
sed -i 's/^#\(\s*\)auth_log$/\1auth_log/' "$IOP_RADDB/sites-available/default"
# user nochal: an Access-Challenge without EAP-Message (a broken MFA proxy)
sed -i 's|^authorize {$|&\n\tif (\&User-Name == "nochal") {\n\t\tauth_log\n\t\tupdate control {\n\t\t\t\&Response-Packet-Type := Access-Challenge\n\t\t}\n\t\tupdate reply {\n\t\t\t\&Reply-Message := "Enter passcode"\n\t\t\t\&State := 0x6e6f6561700a\n\t\t\t\&Message-Authenticator := 0x00\n\t\t}\n\t\thandled\n\t}|' \
	"$IOP_RADDB/sites-available/default"
radius_start
rlog=$IOP_RADIUS_LOG
radpid=$IOP_RADIUS_PID

# --- flexd
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-eap.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the EAP config" grep -q '^%' "$IOP_RUN/hub/config.out"

# --- the client: EAP methods on top of the usual plugins
cat >"$IOP_RUN/eap-plugins.conf" <<'EOF'
charon {
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey sha1 sha2 md5 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown resolve eap-identity eap-md5 eap-gtc eap-mschapv2 eap-tls eap-ttls
  plugins {
    eap-ttls {
      phase2_method = mschapv2
    }
  }
}
EOF
charon_start cl1 client "$IOP_RUN/eap-plugins.conf"
sw_install_cert cl1 cl1-rsa

out=$IOP_RUN/hub/step
clog=$IOP_RUN/cl1/charon.log
# mark: remember where the logs are; newc/newr: what was logged since
c0=0 r0=0
mark() { c0=$(wc -l <"$clog"); r0=$(wc -l <"$rlog"); }
newc() { tail -n +$((c0 + 1)) "$clog" >"$out.newc"; }
newr() { tail -n +$((r0 + 1)) "$rlog" >"$out.newr"; }
detail() { flexsh_hub "show crypto ikev2 sa detailed" >"$out.detail"; }
flexd_sa_gone() { ! flexsh_hub "show crypto ikev2 sa" | grep -q '192\.0\.2\.2/'; }
flexd_has_sa() { flexsh_hub "show crypto ikev2 sa" | grep -q '192\.0\.2\.2/'; }
eap_timeout_logged() { flexsh_hub "show logging" | grep -q EAP_TIMEOUT; }
leave() {
	sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
	wait_for 5 "flexd dropped cl1's SA" flexd_sa_gone || fail "flexd kept cl1's SA after its Delete"
}

# one_method AUTH USER PASSWORD MSK-LINE [KEY=VALUE...]: connect, assert, leave
one_method() {
	local auth=$1 user=$2 pw=$3 msk=$4 name=${1#eap-}
	shift 4
	sw_conf cl1 client-eap EAP_AUTH="$auth" EAP_ID="$user" EAP_PW="$pw" LOCAL_EXTRA="#" "$@"
	mark
	check "$name: cl1 connects through EAP" client_up cl1 hub 20
	newc
	newr
	check "$name: IKE SA ESTABLISHED" sa_established cl1
	check "$name: CHILD SA INSTALLED" child_installed cl1
	local vip
	vip=$(client_vip cl1)
	check "$name: pool address ($vip)" in_pool "$vip" 10.99.0.
	check "$name: strongSwan: $msk" grep -q "$msk" "$out.newc"
	check "$name: strongSwan verified the hub's PSK AUTH" \
		grep -q "authentication of 'hub.lab.example' with pre-shared key successful" "$out.newc"
	[ "${via_local:-}" = 1 ] || check "$name: FreeRADIUS Login OK for $user" grep -q "Login OK: \[$user" "$out.newr"
	detail
	check "$name: flexd shows Remote EAP id: $user" grep -qx "      Remote EAP id: $user" "$out.detail"
	check "$name: flexd shows Auth verify: EAP" grep -q 'Auth sign: PSK, Auth verify: EAP$' "$out.detail"
	check "$name: flexd shows the SA READY" grep -q '192\.0\.2\.2/4500 .*READY' "$out.detail"
	leave
}

one_method eap-md5 alice alice-pw "EAP method EAP_MD5 succeeded, no MSK established"
check "query-identity: flexd asked the client for its EAP identity" grep -q 'server requested EAP_IDENTITY' "$out.newc"
one_method eap-mschapv2 bob bob-pw "EAP method EAP_MSCHAPV2 succeeded, MSK established"
# `debug radius` around the GTC run: the EAP Access-Requests and
# Challenges are shown, the GTC password (in the clear inside EAP) is not
flexsh_hub "debug radius" >/dev/null
one_method eap-gtc carol carol-pw "EAP method EAP_GTC succeeded, no MSK established"
flexsh_hub "no debug radius" >/dev/null
flexsh_hub "show logging" >"$out.dbg"
check "debug radius: the EAP Access-Requests to FreeRADIUS" grep -q 'RADIUS: Send Access-Request to 198\.51\.100\.2:1812 id' "$out.dbg"
check "debug radius: their EAP-Message decoded (carol's Identity)" \
	grep -qE 'RADIUS:  EAP-Message +\[79\] +[0-9]+ +EAP Response id [0-9]+ len [0-9]+ Identity "carol"' "$out.dbg"
check "debug radius: the Challenge's EAP Request (GTC) and State" \
	sh -c "grep -qE 'EAP-Message +\[79\] +[0-9]+ +EAP Request id [0-9]+ len [0-9]+ GTC' $(printf %q "$out.dbg") && grep -q 'RADIUS:  State  *\[24\]' $(printf %q "$out.dbg")"
check "debug radius: the GTC Response shown without its type-data" \
	grep -qE 'EAP-Message +\[79\] +[0-9]+ +EAP Response id [0-9]+ len [0-9]+ GTC$' "$out.dbg"
check_not "debug radius: carol's password appears nowhere (text or hex)" \
	grep -qiE 'carol-pw|63 61 72 6F 6C 2D 70 77|61 72 6F 6C 2D 70' "$out.dbg"
one_method eap-tls cl1.lab.example x "EAP method EAP_TLS succeeded, MSK established" \
	LOCAL_EXTRA="certs = cl1-rsa.crt"
one_method eap-ttls bob bob-pw "EAP method EAP_TTLS succeeded, MSK established"

# --- a wrong password: Access-Reject -> EAP Failure + AUTHENTICATION_FAILED
sw_conf cl1 client-eap EAP_AUTH=eap-mschapv2 EAP_ID=bob EAP_PW=not-bobs LOCAL_EXTRA="#"
mark
check_not "wrong password: cl1 is refused" client_up cl1 hub 15
newc
newr
check "wrong password: cl1 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$out.newc"
check "wrong password: FreeRADIUS rejected bob" grep -q 'Login incorrect.*\[bob' "$out.newr"
flexsh_hub "show logging" >"$out.log"
check "wrong password: flexd logged the EAP failure" grep -q 'EAP_FAILED.*EAP authentication of peer 192\.0\.2\.2.*bob.*Access-Reject' "$out.log"
# a failure found by a later step goes at the next 1 s tick
check "wrong password: flexd keeps no SA" wait_for 5 "flexd dropped the refused SA" flexd_sa_gone

# --- a method list of two: `local group RAD`.  lou is only a local user,
# alice only FreeRADIUS's: the local method errs for alice (not a local
# user) and RADIUS gets the EAP identity the client already gave; lou's
# wrong password is a reject, final: FreeRADIUS never hears of lou.
# Then `group DEADG local` (a server that never answers, 2 s): lou by local.
reqs() { cat "$IOP_RUN"/aaa/log/radacct/*/auth-detail-* 2>/dev/null | grep -c "User-Name = \"$1\"" || true; }
flexsh_hub "configure terminal" "username lou password 0 lou-pw" "aaa authentication login BOTH local group RAD" \
	"crypto ikev2 profile EAPPROF" "aaa authentication eap BOTH" "end" >"$out.cfg"
check_not "list BOTH = local group RAD accepted" grep -q '^%' "$out.cfg"
check "FreeRADIUS logs each Access-Request (auth_log): alice's and bob's so far" \
	sh -c "[ $(reqs alice) -ge 1 ] && [ $(reqs bob) -ge 1 ]"
via_local=1 one_method eap-md5 lou lou-pw "EAP method EAP_MD5 succeeded, no MSK established"
check "list BOTH: lou was served by flexd itself (MSCHAPv2 proposed, Nak'd to MD5)" \
	grep -qE 'server requested EAP_MSCHAPV2|sending EAP_NAK' "$out.newc"
check "list BOTH: FreeRADIUS received no request for lou" [ "$(reqs lou)" = 0 ]
a0=$(reqs alice)
one_method eap-md5 alice alice-pw "EAP method EAP_MD5 succeeded, no MSK established"
check "list BOTH: alice (no local user) went to FreeRADIUS ($(reqs alice) requests, were $a0)" [ "$(reqs alice)" -gt "$a0" ]
check "list BOTH: the client was asked its EAP identity once" [ "$(grep -c 'server requested EAP_IDENTITY' "$out.newc")" = 1 ]
sw_conf cl1 client-eap EAP_AUTH=eap-md5 EAP_ID=lou EAP_PW=not-lous LOCAL_EXTRA="#"
mark
check_not "list BOTH, lou's wrong password: cl1 is refused" client_up cl1 hub 15
newc
check "list BOTH, wrong password: cl1 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$out.newc"
flexsh_hub "show logging" >"$out.log"
check "list BOTH, wrong password: flexd logged EAP-MD5: wrong password" \
	grep -q 'EAP_FAILED.*EAP authentication of peer 192\.0\.2\.2.*lou.*EAP-MD5: wrong password' "$out.log"
check "list BOTH, wrong password: a reject is final, FreeRADIUS received no request for lou" [ "$(reqs lou)" = 0 ]
check "list BOTH, wrong password: flexd keeps no SA" wait_for 5 "flexd dropped the refused SA" flexd_sa_gone
sw cl1 --terminate --ike hub --timeout 3 >/dev/null 2>&1 || true
# an Access-Challenge without EAP-Message: counted as a server error on R1,
# logged, an EAP Failure to the client; final (lou-less list: no local try)
sw_conf cl1 client-eap EAP_AUTH=eap-md5 EAP_ID=nochal EAP_PW=x LOCAL_EXTRA="#"
check_not "Challenge without EAP-Message: cl1 is refused" client_up cl1 hub 15
check "Challenge without EAP-Message: FreeRADIUS was asked for nochal" [ "$(reqs nochal)" -ge 1 ]
flexsh_hub "show logging" >"$out.log"
check "Challenge without EAP-Message: flexd logged RADIUS-3-EAP_NO_REQUEST" \
	grep -qE '%RADIUS-3-EAP_NO_REQUEST: RADIUS Access-Challenge without EAP-Message \(group (RAD|radius)\) for EAP identity nochal' "$out.log"
check "Challenge without EAP-Message: and the EAP failure" \
	grep -q 'EAP_FAILED.*nochal.*Access-Challenge without EAP-Message' "$out.log"
flexsh_hub "show aaa servers" >"$out.srv"
check "Challenge without EAP-Message: show aaa servers counts a server error on R1" \
	sh -c "grep -A6 'auth-port 1812, acct-port 1813, hostname R1' $(printf %q "$out.srv") | grep -q 'server error 1,'"
check "Challenge without EAP-Message: flexd keeps no SA" wait_for 5 "flexd dropped the refused SA" flexd_sa_gone
sw cl1 --terminate --ike hub --timeout 3 >/dev/null 2>&1 || true
flexsh_hub "configure terminal" "radius server DEAD1" "address ipv4 198.51.100.2 auth-port 1915 acct-port 1916" \
	"key testing123" "timeout 2" "retransmit 0" "exit" "aaa group server radius DEADG" "server name DEAD1" "exit" \
	"aaa authentication login DEADLOC group DEADG local" "crypto ikev2 profile EAPPROF" \
	"aaa authentication eap DEADLOC" "end" >"$out.cfg"
check_not "list DEADLOC = group DEADG local accepted" grep -q '^%' "$out.cfg"
via_local=1 one_method eap-md5 lou lou-pw "EAP method EAP_MD5 succeeded, no MSK established"
flexsh_hub "show aaa servers" >"$out.srv"
check "list DEADLOC: DEAD1 was asked and timed out" \
	sh -c "grep -A4 'RADIUS: id [0-9]*, priority [0-9]*, host 198.51.100.2, auth-port 1915' $(printf %q "$out.srv") | grep -q 'timeouts 1,'"
flexsh_hub "configure terminal" "crypto ikev2 profile EAPPROF" "aaa authentication eap EAPLIST" "end" >"$out.cfg"

# --- query-identity off: the IKE identity goes to RADIUS as the EAP identity
flexsh_hub "configure terminal" "crypto ikev2 profile EAPPROF" "no authentication remote eap" \
	"authentication remote eap" "end" >"$out.cfg"
check_not "profile without query-identity accepted" grep -q '^%' "$out.cfg"
check "running-config: authentication remote eap without query-identity" \
	sh -c "$(printf %q "$IOP_REPO/build/flexsh") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show running-config' | grep -qx ' authentication remote eap'"
one_method eap-md5 dave@lab.example dave-pw "EAP method EAP_MD5 succeeded, no MSK established" \
	LOCAL_ID=dave@lab.example
check_not "query-identity off: the client was asked no EAP-Identity" grep -q 'server requested EAP_IDENTITY' "$out.newc"

# --- EAP timeout: a RADIUS server that never answers (60 s) while the
# profile's EAP timeout is 45 s.  The client's retransmissions of the
# pending request are dropped (nothing to resend yet), the SA outlives the
# 30 s half-open limit, and at 45 s flexd ends the conversation.
flexsh_hub "configure terminal" "radius server SILENT" "address ipv4 198.51.100.2 auth-port 1913 acct-port 1914" \
	"key testing123" "timeout 60" "retransmit 0" "exit" "aaa group server radius QUIET" "server name SILENT" "exit" \
	"aaa authentication login QUIETLIST group QUIET" "crypto ikev2 profile EAPPROF" "no authentication remote eap" \
	"authentication remote eap query-identity timeout 45" "aaa authentication eap QUIETLIST" "end" >"$out.cfg"
check_not "profile with timeout 45 and a silent group accepted" grep -q '^%' "$out.cfg"
flexsh_hub "debug crypto ikev2" >/dev/null
sw_conf cl1 client-eap EAP_AUTH=eap-md5 EAP_ID=alice EAP_PW=alice-pw LOCAL_EXTRA="#"
t0=$(now_ms)
check_not "silent RADIUS: the client gives up" client_up cl1 hub 40
since_t0() { [ $(($(now_ms) - t0)) -ge "$1" ]; }
wait_for 40 "32 s since the EAP started" since_t0 32000
check "silent RADIUS: flexd keeps the SA past the 30 s half-open limit" flexd_has_sa
wait_for 20 "flexd's EAP timeout" eap_timeout_logged || fail "no EAP_TIMEOUT log line"
ms=$(($(now_ms) - t0))
check "EAP timeout after about 45 s ($ms ms)" [ "$ms" -ge 44000 -a "$ms" -lt 50000 ]
flexsh_hub "show logging" >"$out.log"
check "the timeout line names the peer and its EAP id" grep -q 'EAP_TIMEOUT.*192\.0\.2\.2.*EAP id alice.*timed out' "$out.log"
check "retransmissions of the pending request were dropped" grep -q 'while its answer is pending: dropped' "$out.log"
check "flexd keeps no SA after the timeout" wait_for 5 "flexd dropped the timed-out SA" flexd_sa_gone

stop_flexd
# with FLEXD=build-san/flexd: the sanitizers' reports land here
check_not "flexd reported no sanitizer error" grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$IOP_RUN/hub/flexd.out"
pid_stop "$radpid"
pass "strongSwan -> flexd -> FreeRADIUS: EAP-MD5, MSCHAPv2, GTC, TLS, TTLS; wrong password refused; query-identity on and off; EAP timeout"
