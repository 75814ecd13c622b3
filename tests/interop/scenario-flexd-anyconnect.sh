#!/bin/bash
# scenario-flexd-anyconnect.sh -- bash.  The AnyConnect test client
# (tests/tools/ac-client.c) in cl1 against flexd (hub) as an AnyConnect-EAP
# headend (conf/flexd-hub-anyconnect.cfg; ../shared/spec/anyconnect-eap.md):
#   - IKE_SA_INIT: the client's CISCO-ANYCONNECT-EAP vendor ID answered with
#     CISCO(COPYRIGHT), CISCO-GRE-MODE, CISCO-ANYCONNECT-EAP; a peer that
#     sends none gets none;
#   - local database: alice with the right password gets a pool address
#     (client's CFG_REPLY, flexd's `show crypto ikev2 sa detailed`, log
#     line); a wrong password ends in EAP-Failure with a log line;
#   - hostile XML (XXE DOCTYPE) as the client's init: refused, logged, no crash;
#   - FreeRADIUS in aaa with PAP (seed 000's Duo-proxy shape): alice; mfa
#     whose first Access-Request gets an Access-Challenge ("Enter your Duo
#     passcode:") that the client sees as a second login form, the passcode
#     sent back with the State is accepted; a wrong passcode is refused.
# The EAP rounds need the IKE_AUTH EAP engine (ikev2/ike_eap.c) and the
# method-list check (aaa/aaa_auth.c); without them only the IKE_SA_INIT
# part runs (said in the PASS line).
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-anyconnect
require_flexd
ACC=$IOP_REPO/build/tests/ac-client
[ -x "$ACC" ] || skip "no $ACC (make build/tests/ac-client)"
full=1
[ -f "$IOP_REPO/ikev2/ike_eap.c" ] && [ -f "$IOP_REPO/aaa/aaa_auth.c" ] || full=0
if [ $full = 1 ]; then
	command -v freeradius >/dev/null 2>&1 || skip "no freeradius (apt-get install freeradius)"
fi
topo_up 1
pki_lab 1

start_flexd hub "$IOP_RUN/flash"
cp "$IOP_PKI/hub-rsa.p12" "$IOP_CONF/acvpn.xml" "$FLEXD_FLASH/"
flexsh_hub_script "$IOP_CONF/flexd-hub-anyconnect.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the AnyConnect config" grep -q '^%' <(grep -v '^% Importing pkcs12' "$IOP_RUN/hub/config.out")
flexsh_hub "show running-config" >"$IOP_RUN/hub/running.txt"
check "running-config: anyconnect-eap profile" grep -qx ' authentication remote anyconnect-eap aggregate' "$IOP_RUN/hub/running.txt"
check "running-config: the validated AnyConnect profile" \
	grep -qx 'crypto vpn anyconnect profile acvpn bootflash:/acvpn.xml' "$IOP_RUN/hub/running.txt"

out=$IOP_RUN/cl1/ac.out
# ac NAME ARGS...: run the client in cl1 (output in $IOP_RUN/cl1/NAME.out); its status
ac() {
	local name=$1
	shift
	out=$IOP_RUN/cl1/$name.out
	nsx cl1 "$ACC" -s 192.0.2.1 -a "$IOP_PKI/ca.crt" -t 30 "$@" >"$out" 2>&1
}

# --- IKE_SA_INIT: vendor IDs
check "ac-client IKE_SA_INIT" ac init -I
check "the headend answered with the three Cisco vendor IDs" \
	grep -q 'vendor IDs from the headend: CISCO(COPYRIGHT) CISCO-GRE-MODE CISCO-ANYCONNECT-EAP (3 VID payloads)' "$out"
check "a peer sending no vendor ID gets none" ac novid -I -V
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/sa-init.txt"
check "flexd: both half-open SAs from cl1 are listed (two runs)" [ "$(grep -c "192\.0\.2\.2/[0-9]* .*IN-NEG" "$IOP_RUN/hub/sa-init.txt")" = 2 ]

if [ $full = 0 ]; then
	log "NOTE: ikev2/ike_eap.c or aaa/aaa_auth.c not in this tree: the EAP rounds are not tested"
	stop_flexd
	pass "AnyConnect IKE_SA_INIT vendor IDs, config (EAP rounds skipped: engine not merged)"
	exit 0
fi

# --- local database
sa_detail() { flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/$1"; }
# sa_of USER FILE: the detailed blocks whose Remote EAP id is USER
sa_of() { awk -v RS= -v u="$1" 'index($0, "      Remote EAP id: " u "\n")' "$IOP_RUN/hub/$2"; }
check "alice (local) logs in" ac local-ok -u alice -p alice-pw
check "client: hello, login form, complete, EAP-Success" \
	grep -q 'EAP request .*: hello' "$out" && grep -q 'EAP request .*: auth-request: Please enter your username and password.' "$out" &&
	grep -q 'complete: session-id [0-9]' "$out" && grep -q 'EAP-Success' "$out"
sha=$(sha1sum "$IOP_CONF/acvpn.xml" | awk '{ print toupper($1) }')
check "client: complete names the AnyConnect profile and its SHA-1" \
	grep -qx "ac-client: profile manifest: /CACHE/stc/profiles/acvpn.xml sha1 $sha" "$out"
check "client: final AUTH from SK_p verified" grep -q 'final AUTH verified (SK_p, no MSK)' "$out"
check "client: address from ACPOOL" grep -Eq '^ADDRESS 10\.99\.0\.([1-4][0-9]|50)$' "$out"
addr=$(awk '/^ADDRESS/ { print $2 }' "$out")
check "client: DNS 10.10.0.53" grep -q 'dns 10.10.0.53' "$out"
sa_detail sa-local.txt
sa_of alice sa-local.txt >"$IOP_RUN/hub/sa-alice.txt"
check "flexd: alice's SA is READY" grep -Eq '^[0-9]+ +192\.0\.2\.1/500 +192\.0\.2\.2/[0-9]+ +none/none +READY' "$IOP_RUN/hub/sa-alice.txt"
check "flexd: Auth sign: RSA, Auth verify: AnyConnect-EAP" grep -q 'Auth sign: RSA, Auth verify: AnyConnect-EAP$' "$IOP_RUN/hub/sa-alice.txt"
check "flexd: Remote id is the AnyConnect default" grep -qx '      Remote id: \*\$AnyConnectClient\$\*' "$IOP_RUN/hub/sa-alice.txt"
check "flexd: Assigned host addr: $addr" grep -qx "      Assigned host addr: $addr" "$IOP_RUN/hub/sa-alice.txt"
flexsh_hub "show logging" >"$IOP_RUN/hub/log1.txt"
check "flexd log: alice authenticated by local" \
	grep -q 'ANYCONNECT_EAP: AnyConnect-EAP user alice (peer 192.0.2.2) authenticated by local' "$IOP_RUN/hub/log1.txt"

check_not "alice with a wrong password is refused" ac local-bad -u alice -p wrong-pw
check "client: EAP-Failure" grep -q 'FAIL: EAP-Failure: the headend refused the login (with AUTHENTICATION_FAILED)' "$out"
check "flexd log: alice rejected" grep -q 'AnyConnect-EAP user alice rejected' <(flexsh_hub "show logging")

# --- hostile XML
printf '<?xml version="1.0"?>\n<!DOCTYPE config-auth [<!ENTITY x SYSTEM "file:///etc/shadow">]>\n<config-auth client="vpn" type="init" aggregate-auth-version="2"><group-access>&x;</group-access></config-auth>\n' >"$IOP_RUN/cl1/xxe.xml"
check_not "an XXE init document is refused" ac xxe -X "$IOP_RUN/cl1/xxe.xml"
check "client: EAP-Failure after the XXE document" grep -q 'FAIL: EAP-Failure: the headend refused the login (with AUTHENTICATION_FAILED)' "$out"
check "flexd log: the XML was refused, with the reason" \
	grep -q 'Malformed XML refused: AnyConnect-EAP: XML DOCTYPE/ENTITY declarations refused from 192.0.2.2' <(flexsh_hub "show logging")
check "flexd still runs" pid_alive "$FLEXD_PID"

# --- FreeRADIUS with PAP and an MFA challenge
radius_up
# the MFA proxy: user mfa, password first (-> Access-Challenge with a
# prompt and a State), then the passcode with that State (-> accept)
sed -i -e "s|^authorize {\$|&\n\t\$INCLUDE $IOP_RUN/aaa/mfa.unlang|" "$IOP_RADDB/sites-available/default"
cat >"$IOP_RUN/aaa/mfa.unlang" <<'UNLANG'
	if (&User-Name == "mfa") {
		if (!&State) {
			if (&User-Password == "mfa-pw") {
				update reply {
					&Reply-Message := "Enter your Duo passcode:"
					&State := 0x6d66612d7374657032
					&Message-Authenticator := 0x00
				}
				challenge
			}
			else {
				update reply {
					&Message-Authenticator := 0x00
				}
				reject
			}
		}
		elsif (&State == 0x6d66612d7374657032 && &User-Password == "123456") {
			update reply {
				&Message-Authenticator := 0x00
			}
			accept
		}
		else {
			update reply {
				&Message-Authenticator := 0x00
			}
			reject
		}
	}
UNLANG
radius_start
flexsh_hub "configure terminal" "crypto ikev2 profile AC-PROF" "aaa authentication anyconnect-eap AC-RADIUS" "end" >/dev/null

check "alice (RADIUS PAP) logs in" ac radius-ok -u alice -p alice-pw
check "client: address from ACPOOL" grep -Eq '^ADDRESS 10\.99\.0\.' "$out"
check "FreeRADIUS: Login OK: [alice]" grep -q 'Login OK: \[alice\]' "$IOP_RADIUS_LOG"
flexsh_hub "show logging" >"$IOP_RUN/hub/log2.txt"
check "flexd log: alice authenticated by group ACRAD" \
	grep -q 'AnyConnect-EAP user alice (peer 192.0.2.2) authenticated by group ACRAD' "$IOP_RUN/hub/log2.txt"

check "mfa logs in with password then passcode" ac mfa-ok -u mfa -p mfa-pw -c 123456
check "client: the challenge form carries the RADIUS prompt" grep -q 'challenge (challenge): Enter your Duo passcode:' "$out"
check "client: address after the challenge" grep -Eq '^ADDRESS 10\.99\.0\.' "$out"
check "FreeRADIUS: Login OK: [mfa]" grep -q 'Login OK: \[mfa' "$IOP_RADIUS_LOG"
check "flexd log: the challenge round" grep -q 'AnyConnect-EAP user mfa: challenge from .*, asking: Enter your Duo passcode:' <(flexsh_hub "show logging")
mfa_addr=$(awk '/^ADDRESS/ { print $2 }' "$out")
sa_detail sa-mfa.txt
sa_of mfa sa-mfa.txt >"$IOP_RUN/hub/sa-mfa-block.txt"
check "flexd: mfa's SA is READY with its address $mfa_addr" \
	grep -q 'READY' "$IOP_RUN/hub/sa-mfa-block.txt" && grep -qx "      Assigned host addr: $mfa_addr" "$IOP_RUN/hub/sa-mfa-block.txt"

check_not "mfa with a wrong passcode is refused" ac mfa-bad -u mfa -p mfa-pw -c 000000
check "client: EAP-Failure after the wrong passcode" grep -q 'FAIL: EAP-Failure: the headend refused the login (with AUTHENTICATION_FAILED)' "$out"
check_not "mfa without a passcode cannot answer the challenge" ac mfa-none -u mfa -p mfa-pw
check "client: says what was asked" grep -q 'asks "Enter your Duo passcode:" but no -c PASSCODE' "$out"

stop_flexd
pid_stop "$IOP_RADIUS_PID"
pass "AnyConnect-EAP: vendor IDs, local and RADIUS PAP logins, MFA challenge, wrong password/passcode, hostile XML"
