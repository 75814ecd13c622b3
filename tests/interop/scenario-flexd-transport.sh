#!/bin/bash
# scenario-flexd-transport.sh -- bash.  Transform-set `mode tunnel |
# transport [require]` drives the Child SA mode against strongSwan 5.9
# (kernel-libipsec), a host-to-host client (no virtual IP, selectors =
# its own address and the hub's; conf/swanctl-client-transport.conf):
#   1. flexd `mode transport`, client mode=transport: flexd echoes
#      N(USE_TRANSPORT_MODE) (charon's parsed IKE_AUTH response), its
#      debug says transport mode; kernel-libipsec then refuses to install
#      the SA (it has tunnel mode only: "IPsec SA: unsupported mode") and
#      charon deletes the child: flexd shows no Child SA afterwards.
#   2. flexd `mode tunnel`, client mode=transport: no notify in the answer
#      (the RFC 7296 §1.3.1 refusal); charon takes the tunnel mode SA it
#      was given, but libipsec cannot route a host-to-host tunnel to the
#      address IKE talks to ("conflicts with IKE traffic") and charon
#      deletes the child.  (A transport client with a subnet remote_ts is
#      no way out: strongSwan 5.9 then sends an empty TSr.)
#   3. flexd `mode transport require`, client mode=tunnel: NO_PROPOSAL_CHOSEN
#      for the child (charon's log), the IKE SA stays, flexd shows no child.
#   4. `transport require`, client mode=transport: echoed, as in 1.
# Transport mode traffic needs a transport-capable peer: see
# scenario-flexd-transport-esp.sh (flexd's own ESP client).
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-transport
require_flexd
topo_up 1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "debug crypto ikev2" >/dev/null

ts_mode() { flexsh_hub "configure terminal" "crypto ipsec transform-set TS esp-gcm 256" "$1" "end" >/dev/null; }
hub_ipsec() { flexsh_hub "show crypto ipsec sa" 2>&1; }
hub_has_child() { grep -q 'current outbound spi: 0x[1-9A-F]' <<<"$(hub_ipsec)"; }
hub_no_child() { ! hub_has_child; }
clog=$IOP_RUN/cl1/charon.log
# the charon log lines of the current attempt only (it appends)
mark() { wc -l <"$clog"; }
since() { tail -n +"$(($1 + 1))" "$clog"; }
down() {
	sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
	wait_for 5 "flexd dropped cl1's IKE SA" sh -c "! $(printf %q "$FLEXSH") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show crypto ikev2 sa' | grep -q READY" ||
		fail "flexd still has cl1's IKE SA"
}

charon_start cl1 client

# ---- 1. transport <-> transport
ts_mode "mode transport"
check "show crypto ipsec transform-set: will negotiate = { Transport,  }" \
	grep -q 'will negotiate = { Transport,  },' <<<"$(flexsh_hub "show crypto ipsec transform-set")"
sw_conf cl1 client-transport MODE=transport REMOTE_TS=dynamic
m=$(mark)
client_up cl1 hub 10 || true
since "$m" >"$IOP_RUN/cl1/case1.log"
check "1: charon sent N(USE_TRANSP) in IKE_AUTH" grep -qE 'generating IKE_AUTH request 1 \[.*N\(USE_TRANSP\)' "$IOP_RUN/cl1/case1.log"
check "1: flexd echoed N(USE_TRANSP) (charon parsed it)" \
	grep -qE 'parsed IKE_AUTH response 1 \[.*N\(USE_TRANSP\).* SA TSi TSr' "$IOP_RUN/cl1/case1.log"
check "1: charon's IKE SA is ESTABLISHED" sa_established cl1 hub
flexsh_hub "show logging" >"$IOP_RUN/hub/logging1.txt"
check "1: flexd made the Child SA in transport mode (debug)" \
	grep -q 'transport mode (USE_TRANSPORT_MODE)' "$IOP_RUN/hub/logging1.txt"
# kernel-libipsec has tunnel mode only; record what it does with the SA
if grep -q 'IPsec SA: unsupported mode' "$IOP_RUN/cl1/case1.log"; then
	log "1: kernel-libipsec refused the transport SA (IPsec SA: unsupported mode), as expected"
	check_not "1: charon has no CHILD SA installed" child_installed cl1
	check "1: flexd keeps no Child SA (charon deleted it)" wait_for 5 "child gone" hub_no_child
else
	log "1: kernel-libipsec installed the transport SA"
	check "1: flexd shows in use settings ={Transport UDP-Encaps, }" \
		grep -q 'in use settings ={Transport UDP-Encaps, }' <<<"$(hub_ipsec)"
fi
down

# ---- 2. flexd tunnel, client asks for transport: tunnel answered
ts_mode "mode tunnel"
m=$(mark)
client_up cl1 hub 10 || true
since "$m" >"$IOP_RUN/cl1/case2.log"
check "2: charon sent N(USE_TRANSP)" grep -qE 'generating IKE_AUTH request 1 \[.*N\(USE_TRANSP\)' "$IOP_RUN/cl1/case2.log"
check "2: flexd answered the Child SA without it (tunnel mode)" \
	grep -qE 'parsed IKE_AUTH response 1 \[ IDr AUTH SA TSi TSr' "$IOP_RUN/cl1/case2.log"
check "2: charon's IKE SA is ESTABLISHED" sa_established cl1 hub
flexsh_hub "show logging" >"$IOP_RUN/hub/logging2.txt"
check "2: flexd's debug: requested, tunnel mode answered" \
	grep -q 'USE_TRANSPORT_MODE requested, tunnel mode answered' "$IOP_RUN/hub/logging2.txt"
# charon takes the tunnel SA; libipsec cannot route a host-to-host tunnel
# to the address IKE talks to, and charon deletes the child again
if grep -q 'conflicts with IKE traffic' "$IOP_RUN/cl1/case2.log"; then
	log "2: charon accepted tunnel mode; libipsec: route to 192.0.2.1 conflicts with IKE traffic, child deleted"
	check "2: flexd keeps no Child SA (charon deleted it)" wait_for 5 "child gone" hub_no_child
else
	check "2: charon's CHILD SA INSTALLED, TUNNEL" grep -qE 'reqid [0-9]+, INSTALLED, TUNNEL' <<<"$(sw cl1 --list-sas)"
	check "2: flexd shows in use settings ={Tunnel UDP-Encaps, }" \
		grep -q 'in use settings ={Tunnel UDP-Encaps, }' <<<"$(hub_ipsec)"
fi
down

# ---- 3. transport require against a tunnel-only client
ts_mode "mode transport require"
sw_conf cl1 client-transport MODE=tunnel REMOTE_TS=dynamic
m=$(mark)
client_up cl1 hub 10 || true
since "$m" >"$IOP_RUN/cl1/case3.log"
check_not "3: charon did not ask for transport" grep -qE 'generating IKE_AUTH request 1 \[.*N\(USE_TRANSP\)' "$IOP_RUN/cl1/case3.log"
check "3: flexd answered NO_PROPOSAL_CHOSEN (charon's log)" \
	grep -qE 'received NO_PROPOSAL_CHOSEN notify|parsed IKE_AUTH response 1 \[.*N\(NO_PROP\)' "$IOP_RUN/cl1/case3.log"
check "3: the IKE SA stays ESTABLISHED" sa_established cl1 hub
check_not "3: no CHILD SA on cl1" child_installed cl1
out=$(hub_ipsec)
printf '%s\n' "$out" >"$IOP_RUN/hub/ipsec3.out"
check_not "3: flexd shows no Child SA" grep -q 'current outbound spi: 0x[1-9A-F]' <<<"$out"
check "3: flexd's IKE SA is READY" grep -q READY <<<"$(flexsh_hub "show crypto ikev2 sa")"
down

# ---- 4. transport require, client asks for transport: echoed
sw_conf cl1 client-transport MODE=transport REMOTE_TS=dynamic
m=$(mark)
client_up cl1 hub 10 || true
since "$m" >"$IOP_RUN/cl1/case4.log"
check "4: require + transport request: flexd echoed N(USE_TRANSP)" \
	grep -qE 'parsed IKE_AUTH response 1 \[.*N\(USE_TRANSP\).* SA TSi TSr' "$IOP_RUN/cl1/case4.log"
down
# ---- 5. strongSwan in transport mode with a subnet remote_ts sends its
# IKE_AUTH with a TSr of no selectors: authentic but malformed.  flexd
# answers INVALID_SYNTAX inside SK (RFC 7296 §3.10.1) and ends the
# half-open SA, so the client fails at once instead of retrying to timeout
sw_conf cl1 client-transport MODE=transport REMOTE_TS=10.10.0.0/24
m=$(mark)
client_up cl1 hub 10 || true
since "$m" >"$IOP_RUN/cl1/case5.log"
check "5: charon got INVALID_SYNTAX back (its log)" \
	grep -qE 'received INVALID_SYNTAX notify|parsed IKE_AUTH response 1 \[ N\(INVAL_SYN\) \]' "$IOP_RUN/cl1/case5.log"
check_not "5: charon did not retransmit IKE_AUTH" grep -q 'retransmit 1 of request with message ID 1' "$IOP_RUN/cl1/case5.log"
check "5: flexd logged the malformed IKE_AUTH" \
	grep -q 'IKE_AUTH from peer 192.0.2.2 malformed: answered INVALID_SYNTAX' <<<"$(flexsh_hub "show logging")"
check "5: flexd keeps no IKE SA" wait_for 5 "flexd SA gone" sh -c "! $(printf %q "$FLEXSH") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show crypto ikev2 sa' | grep -q 192.0.2.2"
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
pass "transform-set mode vs strongSwan: transport echoed, tunnel answered, require refuses tunnel, a malformed IKE_AUTH answered INVALID_SYNTAX"
