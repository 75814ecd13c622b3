#!/bin/bash
# scenario-flexd-vaccess.sh -- bash.  Virtual-Template -> Virtual-Access
# (issue 5 items 3 and 4): strongSwan clients (PSK, kernel-libipsec)
# connect to flexd whose profile says `virtual-template 1 mode auto`.
# Each session gets Virtual-AccessN cloned from Virtual-Template1 (ip
# unnumbered, ip mtu, ip nat inside; tunnel mode from the session) plus
# the interface-config lines of the local authorization policy's `aaa
# attribute list`, shown
# by `show derived-config interface virtual-access N`, `show interfaces
# virtual-access N` (counters from the ESP SAs), `show ip interface brief`
# and `show ip route`; the kernel of the hub gets a host route for each
# VIP into flexd0, so `lan` reaches the clients with no hand-made route.
# Teardown removes interface and routes; an IKE SA rekey keeps them.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-vaccess
require_flexd
topo_up 2
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >>"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
interface Virtual-Template1 type tunnel
 ip mtu 1400
 ip nat inside
 no tunnel mode
crypto ikev2 profile FLEXPROF
 virtual-template 1 mode auto
aaa attribute list VA-ATTRS
 attribute type interface-config "ip tcp adjust-mss 1360"
crypto ikev2 authorization policy FLEXPOL
 aaa attribute list VA-ATTRS
end
EOF
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"
check "flexd created its TUN flexd0" sh -c "ip -n $(ns hub) link show flexd0 | grep -q ',UP'"
check_not "no route into flexd0 before any session" sh -c "ip -n $(ns hub) route | grep -q flexd0"

sh_hub() { flexsh_hub "$@" 2>&1; }
kroute() { ip -n "$(ns hub)" route show "$1" 2>/dev/null; }
has_kroute() { kroute "$1" | grep -q "^$1 dev flexd0 "; }
# "A B C D" counters of show interfaces virtual-access N: in pkts, in bytes, out pkts, out bytes
va_counters() {
	sh_hub "show interfaces virtual-access $1" | awk '
		/packets input,/ { ip = $1; ib = $4 }
		/packets output,/ { op = $1; ob = $4 }
		END { print ip + 0, ib + 0, op + 0, ob + 0 }'
}

# ---- first client: Virtual-Access1
charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1
vip1=$(client_vip cl1)
check "cl1 got 10.99.0.1" test "$vip1" = 10.99.0.1

out=$(sh_hub "show derived-config interface virtual-access 1")
body='!
interface Virtual-Access1
 ip unnumbered Loopback0
 ip mtu 1400
 ip nat inside
 ip tcp adjust-mss 1360
 tunnel source 192.0.2.1
 tunnel mode ipsec ipv4
 tunnel destination 192.0.2.2
 tunnel protection ipsec profile IPSECPROF
 no tunnel protection ipsec initiate
end'
# the count: "!" through "end" with newlines, plus one (show-formats.md §10)
want="Building configuration...

Derived configuration : $(($(printf '%s\n' "$body" | wc -c) + 1)) bytes
$body"
printf '%s\n' "$out" >"$IOP_RUN/hub/derived1.out"
check "show derived-config interface virtual-access 1: template lines, the policy's interface-config line, tunnel lines, mode auto = ipsec ipv4" \
	test "$out" = "$want"

out=$(sh_hub "show interfaces virtual-access 1")
printf '%s\n' "$out" >"$IOP_RUN/hub/intf1.out"
check "Virtual-Access1 is up, line protocol is up" grep -q '^Virtual-Access1 is up, line protocol is up $' <<<"$out"
check "  cloned from Virtual-Template1" grep -q '^  Tunnel vaccess, cloned from Virtual-Template1$' <<<"$out"
check "  unnumbered, address of Loopback0" \
	grep -q '^  Interface is unnumbered. Using address of Loopback0 (10.10.0.1)$' <<<"$out"
check "  tunnel endpoints" grep -q '^  Tunnel source 192.0.2.1, destination 192.0.2.2$' <<<"$out"
check "  IPSEC/IP transport" grep -q '^  Tunnel protocol/transport IPSEC/IP$' <<<"$out"
check "  protection profile" grep -q '^  Tunnel protection via IPSec (profile "IPSECPROF")$' <<<"$out"

out=$(sh_hub "show ip route")
printf '%s\n' "$out" >"$IOP_RUN/hub/route1.out"
check "show ip route: S 10.99.0.1/32 is directly connected, Virtual-Access1" \
	grep -qE '^S +10\.99\.0\.1/32 is directly connected, Virtual-Access1$' <<<"$out"
check "show ip route: under the 10.0.0.0/32 heading (Loopback0 and the VIP)" \
	grep -q '^      10.0.0.0/32 is subnetted, 2 subnets$' <<<"$out"
check "kernel: 10.99.0.1 dev flexd0 in the hub" has_kroute 10.99.0.1
log "hub kernel route: $(kroute 10.99.0.1)"

c0=$(va_counters 1)
check "lan pings cl1's VIP (no hand-made route): 5 of 5 answered" \
	sh -c "ip netns exec $(ns lan) ping -n -q -c 5 -i 0.2 -W 2 $vip1 | grep -q ' 5 received'"
check "cl1 pings lan from its VIP: 5 of 5 answered" ping_ok cl1 "$vip1" 10.10.0.2 5
check "through ESP: cl1's CHILD SA >= 10 packets each way" esp_at_least cl1 10
c1=$(va_counters 1)
log "Virtual-Access1 counters before/after: $c0 / $c1"
read -r i0 _ o0 _ <<<"$c0"
read -r i1 ib1 o1 ob1 <<<"$c1"
check "show interfaces virtual-access 1: >= 10 more packets input" test $((i1 - i0)) -ge 10
check "show interfaces virtual-access 1: >= 10 more packets output" test $((o1 - o0)) -ge 10
check "show interfaces virtual-access 1: bytes counted (84 per ping)" test "$ib1" -ge $((i1 * 84)) -a "$ob1" -ge $((o1 * 84))
out=$(sh_hub "show interfaces virtual-access 1")
check "show interfaces virtual-access 1: Last input/output seconds ago, not never" \
	grep -qE '^  Last input 00:00:[0-5][0-9], output 00:00:[0-5][0-9], output hang never$' <<<"$out"
# the 5 minute rates move at the next 5 s sample after the pings
rates_up() {
	sh_hub "show interfaces virtual-access 1" >"$IOP_RUN/hub/intf1-rates.out"
	grep -qE '^  5 minute input rate [1-9][0-9]* bits/sec, [0-9]+ packets/sec$' "$IOP_RUN/hub/intf1-rates.out" &&
		grep -qE '^  5 minute output rate [1-9][0-9]* bits/sec, [0-9]+ packets/sec$' "$IOP_RUN/hub/intf1-rates.out"
}
check "show interfaces virtual-access 1: 5 minute input and output rates above 0" wait_for 12 "rates" rates_up

# ---- second client: Virtual-Access2
charon_start cl2 client
sw_conf cl2 client-psk
check "cl2 connects to flexd" client_up cl2 hub 10
vip2=$(client_vip cl2)
check "cl2 got 10.99.0.2" test "$vip2" = 10.99.0.2
check "Virtual-Access2: tunnel destination 192.0.2.3" \
	grep -q '^ tunnel destination 192.0.2.3$' <<<"$(sh_hub "show derived-config interface virtual-access 2")"
out=$(sh_hub "show ip interface brief")
printf '%s\n' "$out" >"$IOP_RUN/hub/brief2.out"
check "show ip interface brief lists Virtual-Access1" \
	grep -qE '^Virtual-Access1 +10\.10\.0\.1 +YES unset +up +up +$' <<<"$out"
check "show ip interface brief lists Virtual-Access2" \
	grep -qE '^Virtual-Access2 +10\.10\.0\.1 +YES unset +up +up +$' <<<"$out"
check "show ip route: S 10.99.0.2/32 ... Virtual-Access2" \
	grep -qE '^S +10\.99\.0\.2/32 is directly connected, Virtual-Access2$' <<<"$(sh_hub "show ip route")"
check "kernel: 10.99.0.2 dev flexd0" has_kroute 10.99.0.2
check "lan pings cl2's VIP: 3 of 3" \
	sh -c "ip netns exec $(ns lan) ping -n -q -c 3 -i 0.2 -W 2 $vip2 | grep -q ' 3 received'"

# ---- an IKE SA rekey keeps the session: same interface, no down line
sw cl2 --rekey --ike hub >"$IOP_RUN/cl2/rekey-ike.out" 2>&1 || fail "swanctl --rekey --ike hub refused"
sleep 1
check "after cl2's IKE SA rekey: Virtual-Access2 still up" \
	grep -q '^Virtual-Access2 is up, line protocol is up $' <<<"$(sh_hub "show interfaces virtual-access 2")"
check "after the rekey: lan still reaches cl2" \
	sh -c "ip netns exec $(ns lan) ping -n -q -c 3 -i 0.2 -W 2 $vip2 | grep -q ' 3 received'"
check_not "no down line for Virtual-Access2" \
	grep -q 'Interface Virtual-Access2, changed state to down' <<<"$(sh_hub "show logging")"

# ---- cl1 leaves: its interface and routes go, cl2's stay
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
gone1() { ! sh_hub "show interfaces virtual-access 1" | grep -q 'is up'; }
check "Virtual-Access1 is gone with cl1's session" wait_for 5 "Virtual-Access1 gone" gone1
out=$(sh_hub "show interfaces virtual-access 1" || true)
check "show interfaces virtual-access 1 now says so" grep -q '^% ' <<<"$out"
check_not "kernel: no route for 10.99.0.1 any more" has_kroute 10.99.0.1
check_not "show ip route: 10.99.0.1 gone" grep -q '10.99.0.1/32' <<<"$(sh_hub "show ip route")"
check "Virtual-Access2 still up" grep -q '^Virtual-Access2 is up' <<<"$(sh_hub "show interfaces virtual-access 2")"
check "kernel: 10.99.0.2 still there" has_kroute 10.99.0.2

out=$(sh_hub "show logging")
printf '%s\n' "$out" >"$IOP_RUN/hub/logging.out"
for l in '%LINK-3-UPDOWN: Interface Virtual-Access1, changed state to up' \
	'%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access1, changed state to up' \
	'%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access1, changed state to down' \
	'%LINK-3-UPDOWN: Interface Virtual-Access1, changed state to down' \
	'%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access2, changed state to up'; do
	check "show logging: $l" grep -qF "$l" <<<"$out"
done
check "LINEPROTO down before LINK down (IOS order)" \
	sh -c "grep -nF 'Virtual-Access1, changed state to down' '$IOP_RUN/hub/logging.out' | head -1 | grep -q LINEPROTO"

# ---- cl1 again: the lowest free number, Virtual-Access1
check "cl1 reconnects" client_up cl1 hub 10
check "cl1's new session is Virtual-Access1 again (lowest free)" \
	grep -q '^ tunnel destination 192.0.2.2$' <<<"$(sh_hub "show derived-config interface virtual-access 1")"

# ---- both leave: nothing left
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
sw cl2 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
none_left() { ! sh_hub "show ip interface brief" | grep -q '^Virtual-Access'; }
check "no Virtual-Access left" wait_for 5 "no Virtual-Access" none_left
check_not "no route into flexd0 left in the hub" sh -c "ip -n $(ns hub) route | grep -q flexd0"
pass "Virtual-Access per session, derived config, counters, host routes in flexd0, teardown"
