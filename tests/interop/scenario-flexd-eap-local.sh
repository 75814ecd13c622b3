#!/bin/bash
# scenario-flexd-eap-local.sh -- bash.  strongSwan (cl1, kernel-libipsec)
# -> flexd as its own EAP server (issue 4 item 3, "beyond IOS"): the
# profile's `aaa authentication eap LOCL` names `aaa authentication login
# LOCL local`, the users are `username` entries, no RADIUS anywhere.
# flexd proposes EAP-MSCHAPv2; a client set to MD5 or GTC answers with a
# legacy Nak and gets that method.  Proves, for each method:
#   - EAP-MSCHAPv2 (bob, `password 7`: MSK established, so AUTH from the
#     MSK), EAP-MD5 (alice, `password 0`, via Nak), EAP-GTC (carol,
#     `secret`, stored as type 9, via Nak): ESTABLISHED, CHILD SA, pool
#     address, `Remote EAP id`, `Auth verify: EAP`
#   - wrong passwords (MD5, MSCHAPv2): AUTHENTICATION_FAILED to the client,
#     an EAP_FAILED log line on flexd saying why, no SA left
#   - a type 9 secret asked for through MD5: refused, and the log line says
#     only EAP-GTC can check such a secret
#   - an unknown user: refused with "not in the local user database"
set -eu
. "$(dirname "$0")/lib.sh"
for m in md5 gtc mschapv2; do
	[ -e /usr/lib/ipsec/plugins/libstrongswan-eap-$m.so ] || skip "no strongSwan eap-$m plugin"
done

iop_init flexd-eap-local
require_flexd
topo_up 1

# bob's password in IOS type 7 form (Vigenere with the well-known key, seed 07)
bob7=$(python3 -c '
k = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
s = 7
print("%02d" % s + "".join("%02X" % (ord(c) ^ ord(k[(s + i) % len(k)])) for i, c in enumerate("bob-pw")))')

start_flexd hub "$IOP_RUN/flash"
# the EAP hub of the RADIUS scenario, its list pointed at the local database
sed -e 's/^aaa authentication login EAPLIST group RAD$/aaa authentication login LOCL local/' \
	-e 's/^ aaa authentication eap EAPLIST$/ aaa authentication eap LOCL/' \
	"$IOP_CONF/flexd-hub-eap.cfg" >"$IOP_RUN/hub/flexd-hub-eap-local.cfg"
cat >>"$IOP_RUN/hub/flexd-hub-eap-local.cfg" <<CFG
configure terminal
username alice password 0 alice-pw
username bob password 7 $bob7
username carol secret carol-pw
username dave secret dave-pw
no radius server R1
end
CFG
flexsh_hub_script "$IOP_RUN/hub/flexd-hub-eap-local.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the local EAP config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "show running-config" >"$IOP_RUN/hub/run.txt"
check "running-config: the profile names LOCL, LOCL is local" \
	sh -c "grep -qx ' aaa authentication eap LOCL' $IOP_RUN/hub/run.txt && grep -qx 'aaa authentication login LOCL local' $IOP_RUN/hub/run.txt"
check "running-config: bob's type 7 password, carol's secret hashed as type 9" \
	sh -c "grep -qx 'username bob password 7 $bob7' $IOP_RUN/hub/run.txt && grep -q '^username carol secret 9 ' $IOP_RUN/hub/run.txt"
check_not "no RADIUS server configured" grep -q '^radius server' "$IOP_RUN/hub/run.txt"

cat >"$IOP_RUN/eap-plugins.conf" <<'EOF'
charon {
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey sha1 sha2 md5 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown resolve eap-identity eap-md5 eap-gtc eap-mschapv2
}
EOF
charon_start cl1 client "$IOP_RUN/eap-plugins.conf"

out=$IOP_RUN/hub/step
clog=$IOP_RUN/cl1/charon.log
c0=0
mark() { c0=$(wc -l <"$clog"); }
newc() { tail -n +$((c0 + 1)) "$clog" >"$out.newc"; }
flexd_sa_gone() { ! flexsh_hub "show crypto ikev2 sa" | grep -q '192\.0\.2\.2/'; }
leave() {
	sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
	wait_for 5 "flexd dropped cl1's SA" flexd_sa_gone || fail "flexd kept cl1's SA after its Delete"
}

# one_method AUTH USER PASSWORD MSK-LINE: connect, assert, leave
one_method() {
	local auth=$1 user=$2 pw=$3 msk=$4 name=${1#eap-}
	sw_conf cl1 client-eap EAP_AUTH="$auth" EAP_ID="$user" EAP_PW="$pw" LOCAL_EXTRA="#"
	mark
	check "$name: cl1 connects through flexd's own EAP server" client_up cl1 hub 15
	newc
	check "$name: IKE SA ESTABLISHED" sa_established cl1
	check "$name: CHILD SA INSTALLED" child_installed cl1
	local vip
	vip=$(client_vip cl1)
	check "$name: pool address ($vip)" in_pool "$vip" 10.99.0.
	check "$name: strongSwan: $msk" grep -q "$msk" "$out.newc"
	check "$name: strongSwan verified the hub's PSK AUTH" \
		grep -q "authentication of 'hub.lab.example' with pre-shared key successful" "$out.newc"
	flexsh_hub "show crypto ikev2 sa detailed" >"$out.detail"
	check "$name: flexd shows Remote EAP id: $user" grep -qx "      Remote EAP id: $user" "$out.detail"
	check "$name: flexd shows Auth verify: EAP" grep -q 'Auth sign: PSK, Auth verify: EAP$' "$out.detail"
	leave
}

one_method eap-mschapv2 bob bob-pw "EAP method EAP_MSCHAPV2 succeeded, MSK established"
check "mschapv2: proposed first (no Nak needed)" grep -q 'server requested EAP_MSCHAPV2' "$out.newc"
one_method eap-md5 alice alice-pw "EAP method EAP_MD5 succeeded, no MSK established"
check "md5: the client Nak'd MSCHAPv2 for MD5" grep -qE 'requesting EAP_MD5|sending EAP_NAK' "$out.newc"
one_method eap-gtc carol carol-pw "EAP method EAP_GTC succeeded, no MSK established"

# refusals: the client is told AUTHENTICATION_FAILED, flexd logs why
refused() {
	local desc=$1 auth=$2 user=$3 pw=$4 why=$5
	sw_conf cl1 client-eap EAP_AUTH="$auth" EAP_ID="$user" EAP_PW="$pw" LOCAL_EXTRA="#"
	mark
	check_not "$desc: cl1 is refused" client_up cl1 hub 10
	newc
	check "$desc: cl1 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$out.newc"
	flexsh_hub "show logging" >"$out.log"
	check "$desc: flexd logged EAP_FAILED: $why" grep -qE "EAP_FAILED.*EAP authentication of peer 192\.0\.2\.2.*$user.*$why" "$out.log"
	check "$desc: flexd keeps no SA" wait_for 5 "flexd dropped the refused SA" flexd_sa_gone
	sw cl1 --terminate --ike hub --timeout 3 >/dev/null 2>&1 || true
}
refused "MD5 wrong password" eap-md5 alice not-alices "EAP-MD5: wrong password"
refused "MSCHAPv2 wrong password" eap-mschapv2 bob not-bobs "EAP-MSCHAPv2: wrong password"
refused "type 9 secret through MD5" eap-md5 dave dave-pw "type 9 secret: only EAP-GTC can check it"
refused "unknown user" eap-gtc mallory x "mallory is not in the local user database"
flexsh_hub "show logging" >"$out.log"
check_not "no password in flexd's log" grep -qE 'alice-pw|bob-pw|carol-pw|dave-pw|not-alices|not-bobs' "$out.log"

# and a good one still works after the refusals
one_method eap-gtc dave dave-pw "EAP method EAP_GTC succeeded, no MSK established"

stop_flexd
pass "strongSwan -> flexd's own EAP server (no RADIUS): MSCHAPv2, MD5 and GTC via Nak, wrong passwords, type 9 secret, unknown user"
