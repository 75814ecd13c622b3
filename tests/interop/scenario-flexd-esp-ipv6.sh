#!/bin/bash
# scenario-flexd-esp-ipv6.sh -- bash.  IPv6 inside the tunnel (issue 5):
# strongSwan (cl1, kernel-libipsec) asks for an IPv4 and an IPv6 virtual
# address (conf/swanctl-client-author.conf); flexd hands out 2001:db8:99::1
# from `ipv6 local pool`, installs its host route into flexd0, and carries
# IPv6 both ways: cl1 pings the lan host 2001:db8:10::2 from its IPv6 VIP
# (in: decapsulated IPv6 written to the TUN; out: the reply read from the
# TUN, its SA found by the destination's pool block, encapsulated with next
# header 41).  Then a v4 ping still works beside it.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-esp-ipv6
require_flexd
topo_up 1
# IPv6 on where it is used (lib.sh turns it off everywhere); the hub routes it
for n in hub lan cl1; do
	nsx "$n" sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
done
nsx hub sysctl -q -w net.ipv6.conf.all.forwarding=1
ip -n "$(ns hub)" addr add 2001:db8:10::1/64 dev lan0 nodad
ip -n "$(ns lan)" addr add 2001:db8:10::2/64 dev eth0 nodad
ip -n "$(ns lan)" -6 route add default via 2001:db8:10::1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >>"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
ipv6 local pool FLEXPOOL6 2001:db8:99::/64 128
crypto ikev2 authorization policy FLEXPOL
 ipv6 pool FLEXPOOL6
end
EOF
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"

charon_start cl1 client
sw_conf cl1 client-author
check "cl1 connects to flexd" client_up cl1 hub 10
sw cl1 --list-sas --raw >"$IOP_RUN/cl1/sas-raw.txt" 2>&1
check "cl1 got 10.99.0.1 and 2001:db8:99::1" grep -q 'local-vips=\[10\.99\.0\.1 2001:db8:99::1\]' "$IOP_RUN/cl1/sas-raw.txt"
v6route() { ip -n "$(ns hub)" -6 route show 2001:db8:99::1 | grep -q 'dev flexd0'; }
check "hub kernel: 2001:db8:99::1 routed into flexd0 (flexd's host route)" wait_for 5 "v6 host route" v6route
# libipsec needs a moment to bring its IPv6 VIP up (no DAD on a TUN)
vip6_up() { nsx cl1 ip -6 addr show | grep -q '2001:db8:99::1'; }
check "cl1 has its IPv6 VIP on its TUN" wait_for 5 "cl1 IPv6 VIP" vip6_up
c0=$(esp_counts cl1)
check "cl1 pings the lan host over IPv6 from its VIP: 5 of 5 answered" \
	wait_for 10 "IPv6 ping" ping_ok cl1 2001:db8:99::1 2001:db8:10::2 5
log "cl1 CHILD SA packets in/out before/after the IPv6 pings: $c0 / $(esp_counts cl1)"
read -r i0 o0 <<<"$c0"
read -r i1 o1 <<<"$(esp_counts cl1)"
check "the IPv6 pings went through ESP (>= 5 more packets each way)" test $((i1 - i0)) -ge 5 -a $((o1 - o0)) -ge 5
check "IPv4 beside it: cl1 pings 10.10.0.2 from 10.99.0.1" ping_ok cl1 10.99.0.1 10.10.0.2 3
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
gone6() { ! v6route; }
check "the IPv6 host route goes with the session" wait_for 5 "v6 route gone" gone6
pass "IPv6 inside ESP both ways through flexd, beside IPv4"
