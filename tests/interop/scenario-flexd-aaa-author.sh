#!/bin/bash
# scenario-flexd-aaa-author.sh -- bash.  Authorization from RADIUS and
# AAA-based pre-shared keys (issue 4 items 5 and 6): strongSwan PSK clients
# (cl1, cl2) -> flexd (hub, conf/flexd-hub-psk.cfg) -> FreeRADIUS 3.2 in the
# aaa namespace (conf/radius-authorize-author).
#  1. `aaa authorization group psk list RADAUTH FLEXGRP` with `aaa
#     authorization network RADAUTH group RG`: flexd asks FreeRADIUS for
#     FLEXGRP (User-Password "cisco", Service-Type Outbound); the
#     Cisco-AVPairs reach the client: address from the pool the AVPair
#     names, DNS servers, split subnets, default domain.
#  2. The group is refused (Access-Reject): the client authenticated but
#     is refused (AUTHENTICATION_FAILED), flexd logs why.
#  3. `keyring aaa RADAUTH name-mangler HOST`: the PSK comes from RADIUS
#     (Tunnel-Password for cl1, ipsec:ikev2-password-local/remote for cl2);
#     with `aaa authorization user psk cached` cl1's Framed-IP-Address from
#     that answer beats the group's pool; a client with another PSK is
#     refused; a peer RADIUS does not know gets no key.
#  4. EAP-MD5 through FreeRADIUS with `aaa authorization user eap cached`:
#     the Access-Accept's Framed-IP-Address and DNS beat the group's, the
#     group still gives the split subnets; interface-config lines of both
#     (group first) kept for the Virtual-Access (debug crypto ikev2).
set -eu
. "$(dirname "$0")/lib.sh"
command -v freeradius >/dev/null 2>&1 || skip "no freeradius (apt-get install freeradius)"

iop_init flexd-aaa-author
require_flexd
topo_up 2

# ---- FreeRADIUS in aaa (198.51.100.2), as scenario-radius-flexd.sh starts it
raddb=$IOP_RUN/aaa/raddb
cp -a /etc/freeradius/3.0 "$raddb"
cp "$IOP_CONF/radius-clients.conf" "$raddb/clients.conf"
cp "$IOP_CONF/radius-authorize-author" "$raddb/mods-config/files/authorize"
cp "$IOP_CONF/radius-eap" "$raddb/mods-available/eap"
mkdir -p "$IOP_RUN/aaa/log" "$IOP_RUN/aaa/run"
sed -i -e "s|^logdir = .*|logdir = $IOP_RUN/aaa/log|" \
	-e "s|^run_dir = .*|run_dir = $IOP_RUN/aaa/run|" \
	-e 's|^\(\s*\)\(user\|group\) = freerad|\1#\2 = freerad|' \
	-e 's|^\(\s*\)auth = no|\1auth = yes|' "$raddb/radiusd.conf"
# flexd requires Message-Authenticator in every reply (BlastRADIUS)
sed -i -e 's|^post-auth {$|&\n\tupdate reply {\n\t\t\&Message-Authenticator := 0x00\n\t}|' \
	-e 's|^\(\s*\)Post-Auth-Type REJECT {$|&\n\1\tupdate reply {\n\1\t\t\&Message-Authenticator := 0x00\n\1\t}|' \
	"$raddb/sites-available/default"
RLOG=$IOP_RUN/aaa/log/radius.log
: >"$RLOG"
bg_start aaa freeradius freeradius -f -l "$RLOG" -d "$raddb" -n radiusd
radpid=$IOP_LAST_PID
wait_for 10 "FreeRADIUS ready" grep -q "Ready to process requests" "$RLOG"

start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >>"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
radius server R1
 address ipv4 198.51.100.2 auth-port 1812 acct-port 1813
 key testing123
 timeout 3
 retransmit 1
aaa group server radius RG
 server name R1
aaa authorization network RADAUTH group RG
ip local pool RADPOOL 10.99.7.1 10.99.7.10
crypto ikev2 name-mangler HOST
 fqdn hostname
crypto ikev2 profile FLEXPROF
 aaa authorization group psk list RADAUTH FLEXGRP
end
EOF
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "debug crypto ikev2 internal" >/dev/null
flexsh_hub "show running-config" >"$IOP_RUN/hub/running.txt"
check "running-config: the group authorization line" grep -qx ' aaa authorization group psk list RADAUTH FLEXGRP' "$IOP_RUN/hub/running.txt"

down() {
	sw "$1" --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
	wait_for 5 "$1 is gone" sa_none "$1" || fail "$1 kept its SA"
}

# ---- 1. group attributes from RADIUS reach the client
charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects (group authorization from RADIUS)" client_up cl1 hub 15
check "cl1's CHILD SA is INSTALLED" child_installed cl1
check "cl1's VIP from RADPOOL (ipsec:addr-pool)" test "$(client_vip cl1)" = 10.99.7.1
check "cl1 got the DNS servers of ipsec:dns-servers" dns_got cl1 10.10.0.77 10.10.0.78
L=$IOP_RUN/cl1/charon.log
check "CFG_REPLY: address, 2 DNS, 2 split subnets, default domain" \
	grep -qF 'CPRP(ADDR DNS DNS SUBNET SUBNET U_DEFDOM)' "$L"
check "cl1 processed the split subnets" grep -q 'processing INTERNAL_IP4_SUBNET attribute' "$L"
check "FreeRADIUS: the group lookup (Login OK: [FLEXGRP/cisco])" grep -q 'Login OK: \[FLEXGRP' "$RLOG"
flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/sa1.txt"
check "flexd: assigned host addr 10.99.7.1" grep -q '^      Assigned host addr: 10\.99\.7\.1$' "$IOP_RUN/hub/sa1.txt"
flexsh_hub "show logging" >"$IOP_RUN/hub/log1.txt"
check "flexd keeps ip:interface-config for the Virtual-Access" grep -q 'Virtual-Access interface-config: ip mtu 1300' "$IOP_RUN/hub/log1.txt"
down cl1

# ---- 2. Access-Reject for the group: refused after authentication
flexsh_hub "configure terminal" "crypto ikev2 profile FLEXPROF" \
	"aaa authorization group psk list RADAUTH REJGRP" "end" >"$IOP_RUN/hub/config2.out"
: >"$L"
check_not "cl1 is refused when RADIUS rejects its group" client_up cl1 hub 15
check "cl1 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$L"
check "cl1 has no SA" sa_none cl1
check "FreeRADIUS rejected REJGRP" grep -q 'Login incorrect.*\[REJGRP' "$RLOG"
flexsh_hub "show logging" >"$IOP_RUN/hub/log2.txt"
check "flexd logged the authorization failure" \
	grep -q 'Authorization of peer 192\.0\.2\.2 (cl1\.lab\.example) failed: group authorization: Access-Reject from group RG' "$IOP_RUN/hub/log2.txt"

# ---- 3. keyring aaa: the PSK from RADIUS
flexsh_hub_script >"$IOP_RUN/hub/config3.out" <<'EOF'
configure terminal
crypto ikev2 profile FLEXPROF
 no keyring
 keyring aaa RADAUTH name-mangler HOST
 aaa authorization group psk list RADAUTH FLEXGRP
 aaa authorization user psk cached
end
EOF
check_not "flexd accepted keyring aaa" grep -q '^%' "$IOP_RUN/hub/config3.out"
flexsh_hub "show running-config" >"$IOP_RUN/hub/running3.txt"
check "running-config: keyring aaa RADAUTH name-mangler HOST" grep -qx ' keyring aaa RADAUTH name-mangler HOST' "$IOP_RUN/hub/running3.txt"
: >"$L"
check "cl1 connects with the Tunnel-Password from RADIUS" client_up cl1 hub 15
check "FreeRADIUS: the key lookup for cl1 (mangled hostname)" grep -q 'Login OK: \[cl1' "$RLOG"
check "user psk cached: cl1's Framed-IP-Address beats the group pool" test "$(client_vip cl1)" = 10.99.7.50
check "the group's DNS still apply" dns_got cl1 10.10.0.77 10.10.0.78
down cl1
# cl2 can do EAP too (part 4)
cat >"$IOP_RUN/eap-plugins.conf" <<'EOF'
charon {
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey sha1 sha2 md5 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown resolve eap-identity eap-md5
}
EOF
charon_start cl2 client "$IOP_RUN/eap-plugins.conf"
sw_conf cl2 client-psk
check "cl2 connects with ipsec:ikev2-password-local/remote" client_up cl2 hub 15
check "cl2's VIP from the group's pool" in_pool "$(client_vip cl2)" 10.99.7.
down cl2
sw_conf cl2 client-psk PSK=not-what-radius-says-0123
: >"$IOP_RUN/cl2/charon.log"
check_not "cl2 with another PSK is refused" client_up cl2 hub 15
check "cl2 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$IOP_RUN/cl2/charon.log"
# a peer RADIUS does not know: Access-Reject for the key lookup
sw_conf cl2 client-psk LOCAL_ID=cl9.lab.example
check_not "a peer unknown to RADIUS gets no key" client_up cl2 hub 15
flexsh_hub "show logging" >"$IOP_RUN/hub/log3.txt"
check "flexd logged the missing key" grep -q 'No pre-shared key from AAA for peer 192\.0\.2\.3 (cl9\.lab\.example)' "$IOP_RUN/hub/log3.txt"

# ---- 4. EAP: the Access-Accept's attributes as cached user attributes
flexsh_hub_script >"$IOP_RUN/hub/config4.out" <<'EOF'
configure terminal
aaa authentication login EAPLIST group RG
crypto ikev2 profile EAPPROF
 match identity remote email domain eap.example
 identity local fqdn hub.lab.example
 authentication remote eap query-identity
 authentication local pre-share
 keyring local KR
 aaa authentication eap EAPLIST
 aaa authorization group eap list RADAUTH FLEXGRP
 aaa authorization user eap cached
 virtual-template 1
crypto ipsec profile IPSECEAP
 set transform-set TS
 set ikev2-profile EAPPROF
end
EOF
check_not "flexd accepted the EAP profile" grep -q '^%' "$IOP_RUN/hub/config4.out"
sw_conf cl2 client-eap EAP_AUTH=eap-md5 EAP_ID=erin EAP_PW=erin-pw LOCAL_ID=cl2@eap.example LOCAL_EXTRA="#"
: >"$IOP_RUN/cl2/charon.log"
check "cl2 connects with EAP-MD5 through FreeRADIUS" client_up cl2 hub 15
check "FreeRADIUS: Login OK for erin" grep -q 'Login OK: \[erin' "$RLOG"
check "user eap cached: erin's Framed-IP-Address beats the group pool" test "$(client_vip cl2)" = 10.99.7.88
check "user eap cached: erin's DNS beats the group's" dns_got cl2 10.10.0.99
check_not "the group's DNS are replaced" dns_got cl2 10.10.0.77
check "the group's split subnets still apply" grep -qF 'CPRP(ADDR DNS SUBNET SUBNET U_DEFDOM)' "$IOP_RUN/cl2/charon.log"
flexsh_hub "show logging" >"$IOP_RUN/hub/log4.txt"
grep 'Virtual-Access interface-config' "$IOP_RUN/hub/log4.txt" | tail -n 2 >"$IOP_RUN/hub/ifcfg4.txt"
check "interface-config: the group's line, then the cached user's" \
	test "$(sed 's/.*interface-config: //' "$IOP_RUN/hub/ifcfg4.txt" | tr '\n' '|')" = "ip mtu 1300|ip mtu 1100|"
down cl2

stop_flexd
pid_stop "$radpid"
# with FLEXD=build-san/flexd: the sanitizers' reports land here
check_not "flexd reported no sanitizer error" grep -Eq 'ERROR: (Address|Leak)Sanitizer|runtime error' "$IOP_RUN/hub/flexd.out"
pass "flexd: authorization and pre-shared keys from RADIUS"
