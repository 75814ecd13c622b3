#!/bin/bash
# scenario-flexd-tunnel-s2s.sh -- bash.  A static tunnel interface with
# flexd as responder (issue 5 item 6): conf/flexd-hub-s2s.cfg has Tunnel0
# to cl1 protected by IPsec profile S2S and `ip route 10.20.0.0
# 255.255.255.0 Tunnel0`.  cl1 is a strongSwan site-to-site initiator
# (no virtual IP) for its site 10.20.0.0/24 (10.20.0.1 on its lo).  While
# the IKE session is up, Tunnel0's line protocol is up, the route is in
# `show ip route` and in the hub's kernel (dev flexd0), and lan 10.10.0.2
# and 10.20.0.1 ping each other through ESP; when it goes, all of that goes.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-tunnel-s2s
require_flexd
topo_up 1
ip -n "$(ns cl1)" addr add 10.20.0.1/24 dev lo
# the lan's gateway for the remote site is the hub (as for the pool)
ip -n "$(ns lan)" route add 10.20.0.0/24 via 10.10.0.1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-s2s.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the site-to-site config" grep -q '^%' "$IOP_RUN/hub/config.out"

sh_hub() { flexsh_hub "$@" 2>&1; }
has_kroute() { ip -n "$(ns hub)" route show 10.20.0.0/24 | grep -q '^10.20.0.0/24 dev flexd0 '; }
t0_proto() { sh_hub "show interfaces Tunnel0" | grep -q "^Tunnel0 is up, line protocol is $1 \$"; }
check "before the session: Tunnel0 is up, line protocol is down" t0_proto down
check "before: show ip interface brief says down" \
	grep -qE '^Tunnel0 +172\.16\.0\.1 +YES manual up +down +$' <<<"$(sh_hub "show ip interface brief")"
check_not "before: no 10.20.0.0/24 in show ip route" grep -q '10.20.0.0/24' <<<"$(sh_hub "show ip route")"
check_not "before: no kernel route" has_kroute

charon_start cl1 client
sw_conf cl1 client-s2s LOCAL_TS=10.20.0.0/24 REMOTE_TS=10.10.0.0/24
check "cl1 connects to flexd (site to site)" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1
check "Tunnel0 line protocol up with the session" wait_for 5 "Tunnel0 up" t0_proto up
out=$(sh_hub "show interfaces Tunnel0")
printf '%s\n' "$out" >"$IOP_RUN/hub/tunnel0.out"
check "  Tunnel linestate evaluation up" grep -q '^  Tunnel linestate evaluation up$' <<<"$out"
check "  Tunnel protection via IPSec (profile \"S2S\")" grep -q '^  Tunnel protection via IPSec (profile "S2S")$' <<<"$out"
check "show ip interface brief: Tunnel0 up up" \
	grep -qE '^Tunnel0 +172\.16\.0\.1 +YES manual up +up +$' <<<"$(sh_hub "show ip interface brief")"
out=$(sh_hub "show ip route")
printf '%s\n' "$out" >"$IOP_RUN/hub/route.out"
check "show ip route: S 10.20.0.0/24 is directly connected, Tunnel0" \
	grep -qE '^S +10\.20\.0\.0/24 is directly connected, Tunnel0$' <<<"$out"
check "show ip route: C 172.16.0.0/30 on Tunnel0" \
	grep -qE '^C +172\.16\.0\.0/30 is directly connected, Tunnel0$' <<<"$out"
check "kernel: 10.20.0.0/24 dev flexd0 in the hub" has_kroute

check "lan pings 10.20.0.1 through Tunnel0: 5 of 5" \
	sh -c "ip netns exec $(ns lan) ping -n -q -c 5 -i 0.2 -W 2 10.20.0.1 | grep -q ' 5 received'"
check "10.20.0.1 pings lan: 5 of 5" ping_ok cl1 10.20.0.1 10.10.0.2 5
check "through ESP: cl1's CHILD SA >= 10 packets each way" esp_at_least cl1 10
out=$(sh_hub "show interfaces Tunnel0")
inp=$(awk '/packets input,/ { print $1 }' <<<"$out")
outp=$(awk '/packets output,/ { print $1 }' <<<"$out")
log "Tunnel0 counters: $inp in, $outp out"
check "show interfaces Tunnel0: >= 10 packets input and output" test "$inp" -ge 10 -a "$outp" -ge 10

# an IKE SA rekey and a Child SA rekey keep the binding (new IKE SA, same session)
sw cl1 --rekey --ike hub >"$IOP_RUN/cl1/rekey-ike.out" 2>&1 || fail "swanctl --rekey --ike hub refused"
sleep 1
check "after an IKE SA rekey: lan still reaches 10.20.0.1 (3 of 3)" \
	sh -c "ip netns exec $(ns lan) ping -n -q -c 3 -i 0.2 -W 2 10.20.0.1 | grep -q ' 3 received'"
sw cl1 --rekey --child hub >"$IOP_RUN/cl1/rekey-child.out" 2>&1 || fail "swanctl --rekey --child hub refused"
sleep 1
check "after a Child SA rekey: lan still reaches 10.20.0.1 (3 of 3)" \
	sh -c "ip netns exec $(ns lan) ping -n -q -c 3 -i 0.2 -W 2 10.20.0.1 | grep -q ' 3 received'"
check "Tunnel0 still up" t0_proto up
check_not "no down line for Tunnel0 during the rekeys" \
	grep -q 'Interface Tunnel0, changed state to down' <<<"$(sh_hub "show logging")"

sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
check "Tunnel0 line protocol down when the session goes" wait_for 5 "Tunnel0 down" t0_proto down
check_not "kernel: the route is gone" has_kroute
check_not "show ip route: 10.20.0.0/24 gone" grep -q '10.20.0.0/24' <<<"$(sh_hub "show ip route")"
out=$(sh_hub "show logging")
check "show logging: Tunnel0 line protocol up" \
	grep -qF '%LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel0, changed state to up' <<<"$out"
check "show logging: Tunnel0 line protocol down" \
	grep -qF '%LINEPROTO-5-UPDOWN: Line protocol on Interface Tunnel0, changed state to down' <<<"$out"
check_not "no Virtual-Access for a static tunnel session" grep -q 'Virtual-Access' <<<"$out"
pass "site to site: Tunnel0 bound to the IKE session, 10.20.0.0/24 through it both ways"
