#!/bin/bash
# scenario-flexd-shows.sh -- bash.  strongSwan (cl1) -> flexd (hub), the
# PSK FlexVPN config plus `dpd 10 2 periodic` in the profile:
#   - `debug crypto ikev2` on a `terminal monitor` vty: flexd's debug lines
#     for the client's exchanges reach it (and `show logging`);
#   - `show crypto ikev2 session detailed`: the session, its DPD, lifetime
#     and the Child SA with the SPIs strongSwan has;
#   - `show ip local pool`: 1 address in use while cl1 is up;
#   - strongSwan's own DPD (dpd_delay 3s) answered by flexd;
#   - flexd's periodic DPD answered by strongSwan; then cl1's link goes
#     down: flexd retransmits, gives up, logs the session DOWN, drops the
#     SA and frees the pool address;
#   - `lifetime 120` set while cl1 is up: cl1 keeps 86400 (IOS applies a
#     profile to new SAs), cl2's SA runs 120 s; strongSwan does not rekey
#     that soon, so flexd rekeys it (as IOS) 102-108 s in: cl2 gets a new
#     IKE SA, the session stays UP; then cl2 leaves (its Delete reaches
#     the new SA: DOWN logged, address freed).
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-shows
require_flexd
topo_up 2
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "configure terminal" "crypto ikev2 profile FLEXPROF" "dpd 10 2 periodic" "end" >"$IOP_RUN/hub/dpd.out"
check_not "flexd accepted dpd 10 2 periodic" grep -q '^%' "$IOP_RUN/hub/dpd.out"

# a monitor vty with IKEv2 debugging on, kept open through a FIFO
mkfifo "$IOP_RUN/hub/monitor.in"
bg_start hub monitor sh -c 'exec "$1" --flash "$2" --join <"$3"' flexsh-mon "$FLEXSH" "$FLEXD_FLASH" \
	"$IOP_RUN/hub/monitor.in"
MON_PID=$IOP_LAST_PID
exec 7>"$IOP_RUN/hub/monitor.in"
printf 'terminal monitor\ndebug crypto ikev2\n' >&7
check "the monitor vty turned debugging on" wait_for 5 "debug on" grep -q 'IKEv2 default debugging is on' "$IOP_RUN/hub/monitor.out"

charon_start cl1 client
sw_conf cl1 client-psk
# strongSwan probes flexd every 3 s when idle
sed -i 's/^    vips = 0.0.0.0$/&\n    dpd_delay = 3s/' "$IOP_RUN/cl1/swanctl/swanctl.conf"
check "dpd_delay set in cl1's swanctl.conf" grep -q 'dpd_delay = 3s' "$IOP_RUN/cl1/swanctl/swanctl.conf"
sw cl1 --load-conns >>"$IOP_RUN/cl1/swanctl.out" 2>&1
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1
vip=$(client_vip cl1)
check "cl1 got 10.99.0.1" test "$vip" = 10.99.0.1

# debug lines on the monitor vty and in the log buffer
mon=$IOP_RUN/hub/monitor.out
check "debug: IKE_SA_INIT request received" wait_for 5 "debug lines" grep -Eq \
	'IKEv2:Received Packet \[From 192\.0\.2\.2:500/To 192\.0\.2\.1:500/VRF i0:f0\] Initiator SPI : [0-9A-F]{16} - Responder SPI : 0{16} Message id: 0 IKEv2 IKE_SA_INIT Exchange REQUEST Payload contents: SA KE N NOTIFY\(NAT_DETECTION_SOURCE_IP\) NOTIFY\(NAT_DETECTION_DESTINATION_IP\)' "$mon"
check "debug: IKE_SA_INIT response sent" grep -Eq \
	'IKEv2:\(SESSION ID = 1,SA ID = 1\):Sending Packet \[To 192\.0\.2\.2:500/From 192\.0\.2\.1:500/VRF i0:f0\] .* Message id: 0 IKEv2 IKE_SA_INIT Exchange RESPONSE Payload contents: SA KE N NOTIFY\(NAT_DETECTION_SOURCE_IP\)' "$mon"
check "debug: IKE_AUTH decrypted (IDi AUTH ...)" grep -Eq \
	'IKEv2:\(SESSION ID = 1,SA ID = 1\):Decrypted packet\. Message id: 1 IKEv2 IKE_AUTH Exchange REQUEST Payload contents: IDi .*AUTH' "$mon"
check "debug: IKE_AUTH response built (IDr AUTH CFG SA TSi TSr)" grep -Eq \
	'Building packet for encryption\. Message id: 1 IKEv2 IKE_AUTH Exchange RESPONSE Payload contents: IDr AUTH CFG SA TSi TSr' "$mon"
check "debug: the state change" grep -q 'IKEv2:(SESSION ID = 1,SA ID = 1):IKE_AUTH done: state READY' "$mon"
check "debug: profile chosen" grep -q "IKEv2:(SESSION ID = 1,SA ID = 1):Found matching IKEv2 profile 'FLEXPROF'" "$mon"
check "debug: peer's auth method and result" grep -q "IKEv2:(SESSION ID = 1,SA ID = 1):Verify peer's authentication method 'PSK'" "$mon"
check "debug: verification passed" grep -q "IKEv2:(SESSION ID = 1,SA ID = 1):Verification of peer's authentication data PASSED" "$mon"
check "debug: address assigned" grep -q 'IKEv2:(SESSION ID = 1,SA ID = 1):Assigned address 10\.99\.0\.1 to the peer' "$mon"
check "debug: Child SA chosen" grep -Eq 'IKEv2:\(SESSION ID = 1,SA ID = 1\):Child SA chosen: ESP SPI in 0x[0-9A-F]{8} out 0x[0-9A-F]{8}' "$mon"
check "the UP syslog on the monitor too" grep -Eq '%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is UP\.  Peer 192\.0\.2\.2:4500       Id: cl1\.lab\.example' "$mon"
flexsh_hub "show logging" >"$IOP_RUN/hub/logging1.txt"
check "show logging keeps the debug lines" grep -q 'IKE_AUTH Exchange RESPONSE' "$IOP_RUN/hub/logging1.txt"
check_not "no key material in the debug output" grep -Eqi 'interop-psk|SK_|skeyseed' "$mon"

# show crypto ikev2 session detailed
flexsh_hub "show crypto ikev2 session detailed" >"$IOP_RUN/hub/session.txt"
s=$IOP_RUN/hub/session.txt
check "session: title" grep -q '^IPv4 Crypto IKEv2 Session $' "$s"
check "session: Session-id:1, UP-ACTIVE, 1 IKE, 1 CHILD" grep -q '^Session-id:1, Status:UP-ACTIVE, IKE count:1, CHILD count:1$' "$s"
check "session: the READY row" grep -Eq '^1         192\.0\.2\.1/4500        192\.0\.2\.2/4500        none/none            READY  $' "$s"
check "session: lifetime 86400" grep -Eq '^      Life/Active Time: 86400/[0-9]+ sec$' "$s"
check "session: DPD from the profile" grep -q '^      DPD configured for 10 seconds, retry 2$' "$s"
check "session: fragmentation not configured" grep -q '^      Fragmentation not  configured\.$' "$s"
check "session: assigned address" grep -q '^      Assigned host addr: 10\.99\.0\.1$' "$s"
check "session: remote selector = the VIP" grep -q '^          remote selector 10\.99\.0\.1/0 - 10\.99\.0\.1/65535$' "$s"
check "session: child encryption" grep -q '^          Encr: AES-GCM, keysize: 256, esp_hmac: None$' "$s"
# the Child SA SPIs as strongSwan lists them (in/out swapped between the two ends)
sw cl1 --list-sas >"$IOP_RUN/cl1/list-sas.txt"
sw_in=$(sed -nE 's/^ +in +([0-9a-f]{8}),.*/\1/p' "$IOP_RUN/cl1/list-sas.txt" | head -n 1)
sw_out=$(sed -nE 's/^ +out +([0-9a-f]{8}),.*/\1/p' "$IOP_RUN/cl1/list-sas.txt" | head -n 1)
log "strongSwan child SPIs in $sw_in out $sw_out"
check "strongSwan lists both SPIs" test -n "$sw_in" -a -n "$sw_out"
check "session: ESP spi in/out = strongSwan's out/in" grep -q \
	"^          ESP spi in/out: 0x$(printf %X $((16#$sw_out)))/0x$(printf %X $((16#$sw_in)))  \$" "$s"

flexsh_hub "show ip local pool" >"$IOP_RUN/hub/pool1.txt"
check "pool: 253 free, 1 in use" grep -Eq '^ FLEXPOOL +10\.99\.0\.1 +10\.99\.0\.254 +253 +1$' "$IOP_RUN/hub/pool1.txt"
flexsh_hub "show ip local pool FLEXPOOL" >"$IOP_RUN/hub/pool1n.txt"
check "pool FLEXPOOL: 10.99.0.1 in use by cl1" grep -Eq '^    10\.99\.0\.1 +- +cl1\.lab\.example$' "$IOP_RUN/hub/pool1n.txt"
check_not "pool FLEXPOOL: 10.99.0.1 not listed as available" grep -Eq '^    10\.99\.0\.1$' "$IOP_RUN/hub/pool1n.txt"

# a shorter IKE lifetime for the next SA only
flexsh_hub "configure terminal" "crypto ikev2 profile FLEXPROF" "lifetime 120" "end" >"$IOP_RUN/hub/lifetime.out"
check_not "flexd accepted lifetime 120" grep -q '^%' "$IOP_RUN/hub/lifetime.out"
charon_start cl2 client
sw_conf cl2 client-psk
check "cl2 connects to flexd" client_up cl2 hub 10
t_cl2=$SECONDS
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/sa-two.txt"
check "cl1's SA keeps 86400" sh -c "grep -A2 -E '^1 +192\.0\.2\.1/4500 +192\.0\.2\.2/' '$IOP_RUN/hub/sa-two.txt' | grep -Eq '^      Life/Active Time: 86400/[0-9]+ sec'"
check "cl2's SA runs 120 s" sh -c "grep -A2 -E '^2 +192\.0\.2\.1/4500 +192\.0\.2\.3/' '$IOP_RUN/hub/sa-two.txt' | grep -Eq '^      Life/Active Time: 120/[0-9]+ sec'"

# both DPDs: strongSwan's (every 3 s) answered; flexd's (10 s) answered
check "flexd sent its periodic DPD and strongSwan answered" wait_for 15 "flexd DPD answered" \
	grep -q 'IKEv2:(SESSION ID = 1,SA ID = 1):DPD/liveness query answered' "$mon"
check "strongSwan sent DPDs to flexd" grep -q 'sending DPD request' "$IOP_RUN/cl1/charon.log"
check_not "strongSwan never had to retransmit" grep -q 'retransmit' "$IOP_RUN/cl1/charon.log"
check "cl1's SA still ESTABLISHED" sa_established cl1

# cl1's link goes down: flexd's DPD goes unanswered
t0=$SECONDS
nsx cl1 ip link set eth0 down
check "flexd logs the session DOWN (DPD: 10 s + 6 x 2 s)" wait_for 30 "DOWN logged" sh -c \
	"grep -Eq '%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is DOWN\.  Peer 192\.0\.2\.2:4500       Id: cl1\.lab\.example' '$mon'"
log "DOWN after $((SECONDS - t0)) s"
check "flexd retransmitted its DPD 5 times first" test "$(grep -c '(SESSION ID = 1,SA ID = 1):Retransmitting packet (DPD' "$mon")" -eq 5
check "and said why" grep -q 'IKEv2-ERROR:(SESSION ID = 1,SA ID = 1):Maximum number of retransmissions reached' "$mon"
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/sa-after.txt"
check_not "the SA is gone" grep -q '192\.0\.2\.2' "$IOP_RUN/hub/sa-after.txt"
flexsh_hub "show ip local pool" >"$IOP_RUN/hub/pool2.txt"
check "pool: cl1's address is free again, cl2's in use" grep -Eq '^ FLEXPOOL +10\.99\.0\.1 +10\.99\.0\.254 +253 +1$' "$IOP_RUN/hub/pool2.txt"
flexsh_hub "show ip local pool FLEXPOOL" >"$IOP_RUN/hub/pool2n.txt"
check "pool FLEXPOOL: 10.99.0.1 available again" grep -Eq '^    10\.99\.0\.1$' "$IOP_RUN/hub/pool2n.txt"
flexsh_hub "show crypto ikev2 session" >"$IOP_RUN/hub/session2.txt"
check "only cl2's session left" test "$(grep -c '^Session-id' "$IOP_RUN/hub/session2.txt")" -eq 1
check "cl2's session is Session-id:2" grep -q '^Session-id:2, Status:UP-ACTIVE' "$IOP_RUN/hub/session2.txt"

# cl2's lifetime runs low: flexd rekeys the IKE SA (IOS does), the session stays
left=$((115 - (SECONDS - t_cl2)))
check "flexd rekeys cl2's IKE SA before its lifetime" wait_for "$left" "cl2 rekey" grep -Eq \
	'IKEv2:\(SESSION ID = 2,SA ID = [0-9]+\):IKE SA lifetime \(120 sec\) running low: rekeying the IKE SA' "$mon"
log "cl2's IKE SA rekeyed after $((SECONDS - t_cl2)) s"
check "not before 85 % of 120 s" test $((SECONDS - t_cl2)) -ge 101
check "debug: the new IKE SA is READY" wait_for 5 "READY" grep -Eq \
	'IKEv2:\(SESSION ID = [0-9]+,SA ID = [0-9]+\):Rekeyed IKE SA is READY' "$mon"
cl2_new_ike() { sw cl2 --list-sas 2>/dev/null | grep -qE '^hub: #2, ESTABLISHED' &&
	[ "$(sw cl2 --list-sas 2>/dev/null | grep -cE '^hub: #[0-9]+, ')" = 1 ]; }
check "cl2 runs on the new IKE SA (#2), the old one deleted by flexd" wait_for 10 "cl2 #2" cl2_new_ike
check "cl2's CHILD SA carried over" child_installed cl2
check_not "no DOWN for cl2" grep -q 'DOWN\.  Peer 192\.0\.2\.3' "$mon"
flexsh_hub "show crypto ikev2 session" >"$IOP_RUN/hub/session2b.txt"
check "cl2's session is still Session-id:2, UP-ACTIVE" grep -q '^Session-id:2, Status:UP-ACTIVE' "$IOP_RUN/hub/session2b.txt"
# cl2 leaves: its Delete on the new SA ends the session
sw cl2 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
check "flexd logs cl2's session DOWN" wait_for 5 "cl2 DOWN" grep -Eq \
	'%CRYPTO-5-IKEV2_SESSION_STATUS: Crypto tunnel v2 is DOWN\.  Peer 192\.0\.2\.3:4500       Id: cl2\.lab\.example' "$mon"
flexsh_hub "show ip local pool" >"$IOP_RUN/hub/pool3.txt"
check "pool: nothing in use" grep -Eq '^ FLEXPOOL +10\.99\.0\.1 +10\.99\.0\.254 +254 +0$' "$IOP_RUN/hub/pool3.txt"
flexsh_hub "show crypto ikev2 session" >"$IOP_RUN/hub/session3.txt"
check_not "no session left" grep -q '^Session-id' "$IOP_RUN/hub/session3.txt"

printf 'undebug all\n' >&7
exec 7>&-
pid_stop "$MON_PID" 5
pass "shows, debug on a monitor vty, DPD both ways, dead peer deleted and its address freed, lifetime rekey"
