#!/bin/bash
# scenario-flexd-transport-esp.sh -- bash.  ESP transport mode traffic
# through flexd (issue 5 item 2): host to host between the two outer
# addresses, cl1 192.0.2.2 <-> hub 192.0.2.1.  strongSwan's kernel-libipsec
# has no transport mode (scenario-flexd-transport.sh), so the peer is
# flexd's own ESP code: build/bench/ike-loadgen -E gcm256 -X (IKE_AUTH
# with N(USE_TRANSPORT_MODE), selectors = the two addresses, then a TUN
# tp0 whose packets it strips of their IPv4 header, encrypts with next
# header = their protocol, sends ESP-in-UDP to 4500; the reverse on
# receipt).  A flexd-to-flexd-code test: it proves both ends agree with
# each other and with the RFC as far as these tests read it, not interop.
#   - flexd (transform set `mode transport`) echoes the notify (the client
#     refuses a tunnel answer), installs its fib rules for 192.0.2.2
#     (IKE/NAT-T source ports -> main, the rest of what it sends -> table
#     7296 -> flexd0; strict rp_filter, which the hub runs with, passes
#     both the wire's ESP and flexd0's packets), `show crypto ipsec sa` says
#     Transport UDP-Encaps;
#   - ping 192.0.2.1 from cl1: 5/5, hub counters (#pkts decaps/encaps)
#     and flexd0's packet counters prove the replies went through ESP;
#   - iperf3 TCP 3 s between the outer addresses both ways (JSON: no
#     error, bytes; -R: flexd's TSO reads cut before the header comes off);
#   - clear crypto session removes the SA and flexd's rules/route, and so
#     does stopping flexd.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-transport-esp
require_flexd
LOADGEN=$IOP_REPO/build/bench/ike-loadgen
[ -x "$LOADGEN" ] || skip "no $LOADGEN (make)"
command -v iperf3 >/dev/null || skip "no iperf3 (INTEROP_EXTRA=iperf3 sh tests/interop/install.sh)"
topo_up 1
start_flexd hub "$IOP_RUN/flash"
{
	cat "$IOP_CONF/flexd-hub-psk.cfg"
	# ike-loadgen's IKE group is ECP-256 (19)
	printf 'configure terminal\ncrypto ikev2 proposal PROP\n group 14 19\n'
	printf 'crypto ipsec transform-set TS esp-gcm 256\n mode transport\nend\n'
} | flexsh_hub_script >"$IOP_RUN/hub/config.out" 2>&1
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"

hub_rules() { ip -n "$(ns hub)" rule; }
has_rules() {
	local r
	r=$(hub_rules)
	grep -qE '^7290:.*to 192\.0\.2\.2 ipproto udp sport 500 lookup main' <<<"$r" &&
		grep -qE '^7290:.*to 192\.0\.2\.2 ipproto udp dport 500 lookup main' <<<"$r" &&
		grep -qE '^7290:.*to 192\.0\.2\.2 ipproto udp sport 4500 lookup main' <<<"$r" &&
		grep -qE '^7290:.*to 192\.0\.2\.2 ipproto udp dport 4500 lookup main' <<<"$r" &&
		grep -qE '^7296:.*to 192\.0\.2\.2 iif lo lookup 7296' <<<"$r" &&
		ip -n "$(ns hub)" route show table 7296 | grep -q '^192\.0\.2\.2 dev flexd0 '
}
no_rules() { ! grep -q '192\.0\.2\.2' <<<"$(hub_rules)" && [ -z "$(ip -n "$(ns hub)" route show table 7296 2>/dev/null)" ]; }
check "no transport rules before the session" no_rules

bg_start cl1 esp-client "$LOADGEN" -s 192.0.2.1 -n 1 -w 1 -t 10 -i cl1.lab.example \
	-p interop-psk-0123456789 -N -E gcm256 -T tp0 -X
LG_PID=$IOP_LAST_PID
check "ike-loadgen's transport SA is up (flexd echoed USE_TRANSPORT_MODE)" \
	wait_for -p "$LG_PID" 10 "TUNNEL up" grep -q '^TUNNEL up tp0' "$IOP_RUN/cl1/esp-client.out"
check "  with selectors 192.0.2.2 (ours)" grep -q '^TRANSPORT 192.0.2.2$' "$IOP_RUN/cl1/esp-client.out"
# the client side routes like flexd does: its IKE/ESP to ports 500/4500 on
# the main table, everything else it sends to the hub into tp0
nsx cl1 ip link set tp0 mtu 1400 up
nsx cl1 ip route add 192.0.2.1/32 dev tp0 table 100
for p in 500 4500; do nsx cl1 ip rule add to 192.0.2.1/32 iif lo ipproto udp dport $p lookup main pref 100; done
nsx cl1 ip rule add to 192.0.2.1/32 iif lo lookup 100 pref 101

check "flexd installed its rules and the table 7296 route for 192.0.2.2" wait_for 5 "rules" has_rules
hub_rules >"$IOP_RUN/hub/rules.out"
out=$(flexsh_hub "show crypto ipsec sa")
printf '%s\n' "$out" >"$IOP_RUN/hub/ipsec0.out"
check "show crypto ipsec sa: in use settings ={Transport UDP-Encaps, }" \
	grep -q 'in use settings ={Transport UDP-Encaps, }' <<<"$out"
# AES-GCM-256 in UDP at 1500: 1438 in tunnel mode, the packet's own header
# stays outside ESP in transport mode: 20 more
check "show crypto ipsec sa: plaintext mtu 1458, path mtu 1500" \
	grep -q 'plaintext mtu 1458, path mtu 1500,' <<<"$out"
check "show crypto ipsec sa: the flow is 192.0.2.1 <-> 192.0.2.2" \
	grep -qE 'remote ident \(addr/mask/prot/port\): \(192\.0\.2\.2/255\.255\.255\.255/0/0\)' <<<"$out"

# strict reverse-path filtering on the hub: the wire's ESP from 192.0.2.2
# passes thanks to the port rules, what flexd writes to flexd0 thanks to
# the 7296 rule
ip netns exec "$(ns hub)" sysctl -qw net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.flexd0.rp_filter=1
pkts() { flexsh_hub "show crypto ipsec sa" | sed -n "s/.*#pkts $1: \([0-9]*\).*/\1/p" | head -n 1; }
tun_pkts() { ip -n "$(ns hub)" -s link show flexd0 | awk -v d="$1" '$1 == d":" { getline; print $2; exit }'; }
rx0=$(tun_pkts RX); tx0=$(tun_pkts TX)
check "cl1 pings the hub's own address 192.0.2.1: 5 of 5" ping_ok cl1 192.0.2.2 192.0.2.1 5
dec=$(pkts decaps); enc=$(pkts encaps)
log "hub: #pkts decaps $dec encaps $enc; flexd0 RX $rx0 -> $(tun_pkts RX), TX $tx0 -> $(tun_pkts TX)"
check "through ESP: hub decapsulated >= 5 and encapsulated >= 5" test "${dec:-0}" -ge 5 -a "${enc:-0}" -ge 5
check "the echo requests reached the hub's stack through flexd0 (RX +5)" test "$(($(tun_pkts RX) - rx0))" -ge 5
check "the replies left through flexd0, not the wire (TX +5)" test "$(($(tun_pkts TX) - tx0))" -ge 5

bg_start hub iperf3 iperf3 -s -B 192.0.2.1 -p 5201
IPERF_PID=$IOP_LAST_PID
wait_for -p "$IPERF_PID" 5 "iperf3 -s in hub" sh -c "ip netns exec $(ns hub) ss -tlnH | grep -q ':5201 '"
nsx cl1 iperf3 -c 192.0.2.1 -B 192.0.2.2 -p 5201 -t 3 -J >"$IOP_RUN/cl1/iperf.json" 2>&1 || true
iperf_ok() {
	python3 - "$1" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
if j.get("error"):
    print("iperf3 error: %s" % j["error"], file=sys.stderr); sys.exit(1)
rx = j.get("end", {}).get("sum_received", {})
if rx.get("bytes", 0) <= 0 or rx.get("seconds", 0) < 2.5:
    print("iperf3: %s" % rx, file=sys.stderr); sys.exit(1)
print("%.0f Mbit/s" % (rx["bits_per_second"] / 1e6))
PY
}
check "iperf3 TCP 3 s 192.0.2.2 -> 192.0.2.1 through transport ESP" iperf_ok "$IOP_RUN/cl1/iperf.json"
log "iperf3: $(iperf_ok "$IOP_RUN/cl1/iperf.json" 2>&1)"
check "hub decapsulated the TCP stream too (>= 1000 packets)" test "$(pkts decaps)" -ge 1000
# the other way (iperf3 -R): the hub's TCP leaves through flexd0, TSO
# super-packets cut into segments (esp_gso.c) before their headers come off
nsx cl1 iperf3 -c 192.0.2.1 -B 192.0.2.2 -p 5201 -t 3 -R -J >"$IOP_RUN/cl1/iperf-r.json" 2>&1 || true
check "iperf3 -R TCP 3 s 192.0.2.1 -> 192.0.2.2 through transport ESP" iperf_ok "$IOP_RUN/cl1/iperf-r.json"
log "iperf3 -R: $(iperf_ok "$IOP_RUN/cl1/iperf-r.json" 2>&1)"
check "hub encapsulated the TCP stream (>= 1000 packets)" test "$(pkts encaps)" -ge 1000
pid_stop "$IPERF_PID"

flexsh_hub "clear crypto session" >/dev/null
check "clear crypto session: flexd's rules and route for 192.0.2.2 are gone" wait_for 5 "rules gone" no_rules
pid_stop "$LG_PID"
# a new transport SA, then flexd stops: its rules go with it
bg_start cl1 esp-client2 "$LOADGEN" -s 192.0.2.1 -n 1 -w 1 -t 10 -i cl1.lab.example \
	-p interop-psk-0123456789 -N -E gcm256 -T tp1 -X
LG_PID=$IOP_LAST_PID
check "a second transport SA: the rules are back" wait_for 10 "rules" has_rules
stop_flexd
check "flexd stopped: its rules and route are gone" no_rules
pid_stop "$LG_PID"
pass "ESP transport mode: ping and TCP between the outer addresses through flexd0"
