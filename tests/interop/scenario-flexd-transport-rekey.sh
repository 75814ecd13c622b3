#!/bin/bash
# scenario-flexd-transport-rekey.sh -- bash (~2 min).  flexd's own Child SA
# rekey of a transport mode child asks for transport mode again (RFC 7296
# §1.3.3): `set security-association lifetime seconds 120` makes flexd
# start the rekey 102-108 s after the child was made; its CREATE_CHILD_SA
# request must carry N(REKEY_SA) and N(USE_TRANSPORT_MODE) (flexd's
# `debug crypto ikev2 packet` line for the request it builds).  The peer
# is ike-loadgen -X (flexd's own ESP code: see scenario-flexd-transport-esp.sh),
# which does not answer CREATE_CHILD_SA: the old transport SA keeps
# carrying pings meanwhile.  The responder side of transport rekeys is in
# tests/unit/test_ike_child_mode.c.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-transport-rekey
require_flexd
LOADGEN=$IOP_REPO/build/bench/ike-loadgen
[ -x "$LOADGEN" ] || skip "no $LOADGEN (make)"
topo_up 1
start_flexd hub "$IOP_RUN/flash"
{
	cat "$IOP_CONF/flexd-hub-psk.cfg"
	printf 'configure terminal\ncrypto ikev2 proposal PROP\n group 14 19\n'
	printf 'crypto ipsec transform-set TS esp-gcm 256\n mode transport\n'
	printf 'crypto ipsec profile IPSECPROF\n set security-association lifetime seconds 120\nend\n'
} | flexsh_hub_script >"$IOP_RUN/hub/config.out" 2>&1
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "debug crypto ikev2 packet" >/dev/null

bg_start cl1 esp-client "$LOADGEN" -s 192.0.2.1 -n 1 -w 1 -t 10 -i cl1.lab.example \
	-p interop-psk-0123456789 -N -E gcm256 -T tp0 -X
LG_PID=$IOP_LAST_PID
check "ike-loadgen's transport SA is up" \
	wait_for -p "$LG_PID" 10 "TUNNEL up" grep -q '^TUNNEL up tp0' "$IOP_RUN/cl1/esp-client.out"
nsx cl1 ip link set tp0 up
nsx cl1 ip route add 192.0.2.1/32 dev tp0 table 100
for p in 500 4500; do nsx cl1 ip rule add to 192.0.2.1/32 iif lo ipproto udp dport $p lookup main pref 100; done
nsx cl1 ip rule add to 192.0.2.1/32 iif lo lookup 100 pref 101
check "ping through the transport SA: 3 of 3" ping_ok cl1 192.0.2.2 192.0.2.1 3

rekey_req() {
	flexsh_hub "show logging" |
		grep -qE 'CREATE_CHILD_SA Exchange REQUEST Payload contents: NOTIFY\(REKEY_SA\) NOTIFY\(USE_TRANSPORT_MODE\) SA N'
}
check "flexd's rekey request asks for transport again (within 125 s)" wait_for 125 "rekey request" rekey_req
flexsh_hub "show logging" | grep 'CREATE_CHILD_SA Exchange REQUEST' | head -n 1 | sed 's/^/    /' >&2
check "the old transport SA still carries pings: 3 of 3" ping_ok cl1 192.0.2.2 192.0.2.1 3
pid_stop "$LG_PID"
pass "flexd's rekey of a transport child sends USE_TRANSPORT_MODE"
