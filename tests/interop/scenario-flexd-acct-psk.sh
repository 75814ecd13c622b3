#!/bin/bash
# scenario-flexd-acct-psk.sh -- bash.  RADIUS accounting (issue 4 item 7)
# of a PSK session: strongSwan (cl1) -> flexd with `aaa accounting psk ACC`
# in the IKEv2 profile and `aaa accounting network ACC start-stop group
# RG`, a real FreeRADIUS 3.2 in the aaa namespace; what flexd sent is read
# from FreeRADIUS's detail file (radacct).  Proves:
#   - Start when the IKE SA is up: User-Name, Acct-Session-Id (8 hex
#     digits), Framed-IP-Address = the pool address, NAS-IP-Address,
#     Calling-Station-Id, Cisco-AVPair isakmp-phase1-id / isakmp-initiator-ip
#   - `aaa accounting update periodic 1`: an Interim-Update within ~70 s
#   - an IKE SA rekey sends nothing (the session stays)
#   - Stop when the client leaves: same Acct-Session-Id, Acct-Session-Time,
#     packet/octet counters of the pings through ESP, Acct-Terminate-Cause
#     User-Request; `clear crypto session` on a second session: Admin-Reset
#     and a new Acct-Session-Id
#   - the group lists a silent server first: records reach the second
#   - an EAP session (flexd's own EAP server, `aaa accounting eap ACC` in a
#     second profile): User-Name is the EAP identity, isakmp-phase1-id the
#     IKE identity
#   - `show aaa servers` Account counters (request, timeouts, failover,
#     start/interim/stop requests and responses) = the records FreeRADIUS
#     wrote, per server (SILENT: all timed out and failed over; R1: all)
#   - after a restart of flexd the next session's Acct-Session-Id is new
set -eu
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/radius-acct-lab.sh"

iop_init flexd-acct-psk
require_flexd
topo_up 1
radius_acct_start

start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >>"$IOP_RUN/hub/config.out" <<'CFG'
configure terminal
radius server SILENT
address ipv4 198.51.100.2 auth-port 1913 acct-port 1914
key testing123
timeout 1
retransmit 0
exit
radius server R1
address ipv4 198.51.100.2 auth-port 1812 acct-port 1813
key testing123
timeout 3
retransmit 1
exit
aaa group server radius RG
server name SILENT
server name R1
exit
aaa accounting network ACC start-stop group RG
aaa accounting update periodic 1
crypto ikev2 profile FLEXPROF
aaa accounting psk ACC
exit
username erin password 0 erin-pw
aaa authentication login LOCL local
crypto ikev2 profile EAPL
match identity remote email domain lab.example
identity local fqdn hub.lab.example
authentication remote eap query-identity
authentication local pre-share
keyring local KR
aaa authentication eap LOCL
aaa authorization group eap list FLEXAUTHOR FLEXPOL
aaa accounting eap ACC
virtual-template 1
exit
crypto ipsec profile IPSECEAP
set transform-set TS
set ikev2-profile EAPL
end
CFG
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "debug aaa accounting" >/dev/null
ip -n "$(ns hub)" route add 10.99.0.0/24 dev flexd0

cat >"$IOP_RUN/eap-plugins.conf" <<'EOF'
charon {
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey sha1 sha2 md5 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown resolve eap-identity eap-md5
}
EOF
charon_start cl1 client "$IOP_RUN/eap-plugins.conf"
sw_conf cl1 client-psk
check "cl1 connects to flexd" client_up cl1 hub 10
vip=$(client_vip cl1)
check "cl1 got 10.99.0.1" test "$vip" = 10.99.0.1

check "FreeRADIUS got a Start (after the silent server's 1 s)" wait_for 8 "Start record" acct_count_is Start 1
start=$(acct_records Start)
printf '%s' "$start" >"$IOP_RUN/aaa/start.txt"
sid=$(acct_attr "$start" Acct-Session-Id)
log "Start record: Acct-Session-Id $sid"
check "Start: Acct-Session-Id is 8 hex digits" sh -c "printf '%s' '$sid' | grep -qxE '[0-9A-F]{8}'"
check "Start: User-Name = the IKE identity" test "$(acct_attr "$start" User-Name)" = cl1.lab.example
check "Start: Framed-IP-Address = the pool address" test "$(acct_attr "$start" Framed-IP-Address)" = 10.99.0.1
check "Start: NAS-IP-Address = the hub" test "$(acct_attr "$start" NAS-IP-Address)" = 192.0.2.1
check "Start: Calling-Station-Id = the client" test "$(acct_attr "$start" Calling-Station-Id)" = 192.0.2.2
check "Start: isakmp-phase1-id" sh -c "grep -q 'Cisco-AVPair = \"isakmp-phase1-id=cl1.lab.example\"' $IOP_RUN/aaa/start.txt"
check "Start: isakmp-initiator-ip" sh -c "grep -q 'Cisco-AVPair = \"isakmp-initiator-ip=192.0.2.2\"' $IOP_RUN/aaa/start.txt"
check "Start: Acct-Authentic Local, Acct-Delay-Time 0" \
	test "$(acct_attr "$start" Acct-Authentic)/$(acct_attr "$start" Acct-Delay-Time)" = Local/0

flexsh_hub "show aaa sessions" >"$IOP_RUN/hub/aaa-sessions.txt"
check "show aaa sessions: the session, its user and address" \
	grep -qzP 'Session Id: 1\n   Unique Id: 1\n   User Name: cl1\.lab\.example\n   IP Address: 10\.99\.0\.1\n' "$IOP_RUN/hub/aaa-sessions.txt"
flexsh_hub "show aaa user all" >"$IOP_RUN/hub/aaa-user-all.txt"
check "show aaa user all: Unique id 1 in use, NET: Username=, its Session Id" \
	grep -qzP "Unique id 1 is currently in use\.\nNET: Username=cl1\.lab\.example\n    Session Id=$sid Unique Id=00000001\n" "$IOP_RUN/hub/aaa-user-all.txt"

check "cl1 pings lan through ESP: 5 of 5" ping_ok cl1 "$vip" 10.10.0.2 5

# the IKE SA rekey keeps the session: no Stop, no second Start
sw cl1 --rekey --ike hub >"$IOP_RUN/cl1/rekey-ike.out" 2>&1 || fail "swanctl --rekey --ike hub refused"
sleep 2
check "IKE SA rekey: no Stop" test "$(acct_count Stop)" = 0
check "IKE SA rekey: still one Start" test "$(acct_count Start)" = 1

# Interim-Update: the sweep sends it 60..70 s after the Start
check "an Interim-Update within 75 s" wait_for 75 "Interim" acct_count_ge Interim-Update 1
interim=$(acct_records Interim-Update)
check "Interim: same Acct-Session-Id" test "$(acct_attr "$interim" Acct-Session-Id)" = "$sid"
check "Interim: Acct-Session-Time >= 60" test "$(acct_attr "$interim" Acct-Session-Time)" -ge 60

# a Child SA rekey: the old child's traffic stays in the session's counters
sw cl1 --rekey --child hub >"$IOP_RUN/cl1/rekey-child.out" 2>&1 || fail "swanctl --rekey --child hub refused"
one_child() { [ "$(sw cl1 --list-sas 2>/dev/null | grep -cE '^  hub: #[0-9]+, reqid [0-9]+, INSTALLED')" = 1 ]; }
sleep 1
check "the Child SA rekeyed, the old one gone" wait_for 10 "one child" one_child
check "cl1 pings again after the rekeys: 5 of 5" ping_ok cl1 "$vip" 10.10.0.2 5
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
check "FreeRADIUS got the Stop" wait_for 8 "Stop record" acct_count_is Stop 1
stop=$(acct_records Stop)
flexsh_hub "show aaa sessions" >"$IOP_RUN/hub/aaa-sessions2.txt"
check "show aaa sessions: none left, 1 since reload" \
	test "$(cat "$IOP_RUN/hub/aaa-sessions2.txt")" = "Total sessions since last reload: 1"
printf '%s' "$stop" >"$IOP_RUN/aaa/stop.txt"
check "Stop: the Start's Acct-Session-Id" test "$(acct_attr "$stop" Acct-Session-Id)" = "$sid"
check "Stop: Acct-Terminate-Cause User-Request" test "$(acct_attr "$stop" Acct-Terminate-Cause)" = User-Request
t=$(acct_attr "$stop" Acct-Session-Time)
check "Stop: Acct-Session-Time $t s (>= 60, the session lived through the interim)" test "$t" -ge 60
check "Stop: Framed-IP-Address and User-Name" \
	test "$(acct_attr "$stop" Framed-IP-Address)/$(acct_attr "$stop" User-Name)" = 10.99.0.1/cl1.lab.example
inp=$(acct_attr "$stop" Acct-Input-Packets) outp=$(acct_attr "$stop" Acct-Output-Packets)
ino=$(acct_attr "$stop" Acct-Input-Octets) outo=$(acct_attr "$stop" Acct-Output-Octets)
log "Stop counters: in $inp pkts / $ino octets, out $outp pkts / $outo octets"
check "Stop: >= 10 packets each way (pings before and after the Child SA rekey)" test "$inp" -ge 10 -a "$outp" -ge 10
check "Stop: >= 10 x 84 octets each way" test "$ino" -ge 840 -a "$outo" -ge 840

# a second session, ended by the administrator
check "cl1 connects again" client_up cl1 hub 10
check "a second Start" wait_for 8 "2 Starts" acct_count_is Start 2
sid2=$(acct_attr "$(acct_records Start | awk 'BEGIN { RS = "" } NR == 2')" Acct-Session-Id)
check "with a new Acct-Session-Id ($sid2)" test -n "$sid2" -a "$sid2" != "$sid"
flexsh_hub "clear crypto session" >/dev/null
check "clear crypto session: a second Stop" wait_for 8 "2 Stops" acct_count_is Stop 2
stop2=$(acct_records Stop | awk 'BEGIN { RS = "" } NR == 2')
check "Stop: Acct-Terminate-Cause Admin-Reset, its own session id" \
	test "$(acct_attr "$stop2" Acct-Terminate-Cause)/$(acct_attr "$stop2" Acct-Session-Id)" = "Admin-Reset/$sid2"

# an EAP session: User-Name = the EAP identity
sw_conf cl1 client-eap EAP_AUTH=eap-md5 EAP_ID=erin EAP_PW=erin-pw LOCAL_EXTRA="#" LOCAL_ID=erin@lab.example
check "EAP: cl1 connects as erin@lab.example / EAP id erin" client_up cl1 hub 10
check "EAP: a third Start" wait_for 8 "3 Starts" acct_count_is Start 3
start3=$(acct_records Start | awk 'BEGIN { RS = "" } NR == 3')
printf '%s' "$start3" >"$IOP_RUN/aaa/start3.txt"
check "EAP Start: User-Name = the EAP identity" test "$(acct_attr "$start3" User-Name)" = erin
check "EAP Start: isakmp-phase1-id = the IKE identity" \
	grep -q 'Cisco-AVPair = "isakmp-phase1-id=erin@lab.example"' "$IOP_RUN/aaa/start3.txt"
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
check "EAP: its Stop" wait_for 8 "3 Stops" acct_count_is Stop 3

flexsh_hub "show logging" >"$IOP_RUN/hub/acct-log.out"
check "debug aaa accounting: the Start record and its answer" \
	sh -c "grep -q 'AAA/ACCT: Start record to group RG' '$IOP_RUN/hub/acct-log.out' && grep -q 'AAA/ACCT: Accounting-Response received' '$IOP_RUN/hub/acct-log.out'"

# show aaa servers: each server's Account counters against what FreeRADIUS
# wrote (every record went to SILENT first, timed out, failed over to R1)
nst=$(acct_count Start) nsp=$(acct_count Stop) nin=$(acct_count Interim-Update)
tot=$((nst + nsp + nin))
flexsh_hub "show aaa servers" >"$IOP_RUN/hub/aaa-servers.txt"
# block NAME: the lines of that server's block
block() { awk -v n="hostname $1" 'index($0, n) { on = 1 } on && /^$/ { exit } on' "$IOP_RUN/hub/aaa-servers.txt"; }
block R1 >"$IOP_RUN/hub/srv-r1.txt"
block SILENT >"$IOP_RUN/hub/srv-silent.txt"
log "FreeRADIUS detail: $nst Start, $nin Interim-Update, $nsp Stop"
check "show aaa servers R1: Account: request $tot (what FreeRADIUS logged), no timeouts" \
	grep -qx "     Account: request $tot, timeouts 0, failover 0, retransmission 0" "$IOP_RUN/hub/srv-r1.txt"
check "show aaa servers R1: Request: start $nst, interim $nin, stop $nsp" \
	grep -qx "             Request: start $nst, interim $nin, stop $nsp" "$IOP_RUN/hub/srv-r1.txt"
check "show aaa servers R1: Response: start $nst, interim $nin, stop $nsp" \
	grep -qx "             Response: start $nst, interim $nin, stop $nsp" "$IOP_RUN/hub/srv-r1.txt"
check "show aaa servers R1: Transaction: success $tot, failure 0 (after the Account line)" \
	sh -c "grep -A4 '^     Account:' '$IOP_RUN/hub/srv-r1.txt' | grep -qx '             Transaction: success $tot, failure 0'"
check "show aaa servers SILENT: Account: request $tot, timeouts $tot, failover $tot" \
	grep -qx "     Account: request $tot, timeouts $tot, failover $tot, retransmission 0" "$IOP_RUN/hub/srv-silent.txt"
check "show aaa servers SILENT: no Response" \
	grep -qx "             Response: start 0, interim 0, stop 0" "$IOP_RUN/hub/srv-silent.txt"
check "show aaa servers: no accounting outstanding" \
	sh -c "! grep 'Outstanding Accounting Transactions: [1-9]' '$IOP_RUN/hub/aaa-servers.txt'"

# a restart of flexd: the next session's Acct-Session-Id is new (not one
# FreeRADIUS already holds: the counter is kept in the flash directory)
stop_flexd
start_flexd hub "$IOP_RUN/flash"
check "cl1 connects to the restarted flexd" client_up cl1 hub 10
check "after the restart: a fourth Start" wait_for 8 "4 Starts" acct_count_is Start 4
sid4=$(acct_attr "$(acct_records Start | awk 'BEGIN { RS = "" } NR == 4')" Acct-Session-Id)
log "Acct-Session-Ids: $sid $sid2 $(acct_attr "$start3" Acct-Session-Id), after the restart $sid4"
check "after the restart: Acct-Session-Id $sid4 is 8 hex digits" sh -c "printf '%s' '$sid4' | grep -qxE '[0-9A-F]{8}'"
n4=$(cat "$RADACCT_DETAIL_DIR"/detail-* | grep -c "Acct-Session-Id = \"$sid4\"" || true)
check "after the restart: Acct-Session-Id $sid4 is in no earlier record of FreeRADIUS's (only in this Start)" [ "$n4" = 1 ]
check "after the restart: and it is above them" [ $((16#$sid4)) -gt $((16#$sid2)) ]
flexsh_hub "show aaa user all" >"$IOP_RUN/hub/aaa-user-all2.txt"
check "show aaa user all: the session's Acct-Session-Id" grep -q "Session Id=$sid4 " "$IOP_RUN/hub/aaa-user-all2.txt"
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
check "after the restart: its Stop, with the same Acct-Session-Id" wait_for 8 "4 Stops" acct_count_is Stop 4
check "after the restart: the Stop carries $sid4" \
	test "$(acct_attr "$(acct_records Stop | awk 'BEGIN { RS = "" } NR == 4')" Acct-Session-Id)" = "$sid4"
stop_flexd
pid_stop "$RADIUS_PID"
pass "flexd accounting: Start/Interim/Stop for PSK and EAP sessions in FreeRADIUS's detail file"
