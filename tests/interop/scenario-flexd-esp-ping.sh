#!/bin/bash
# scenario-flexd-esp-ping.sh -- bash.  First traffic through flexd's data
# plane (issue 5): strongSwan (cl1, kernel-libipsec) connects to flexd
# (conf/flexd-hub-psk.cfg, ESP aes256gcm16, UDP-encapsulated on 4500), then
# pings 10.10.0.2 in the lan namespace from its virtual IP.  flexd's TUN
# flexd0 carries the inner packets: flexd routes each VIP into it.  The
# replies prove ESP only together with the client's SA counters (esp_at_least).
# A Child SA rekey and an IKE SA rekey keep the traffic flowing.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-esp-ping
require_flexd
topo_up 1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"
check "flexd created its TUN flexd0 (up)" sh -c "ip -n $(ns hub) link show flexd0 | grep -q ',UP'"
# no hand-made route: flexd adds a host route for each assigned address
check_not "no route into flexd0 before the session" sh -c "ip -n $(ns hub) route | grep -q flexd0"

charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1
vip=$(client_vip cl1)
check "cl1 got 10.99.0.1" test "$vip" = 10.99.0.1
check "flexd added the host route 10.99.0.1 dev flexd0 (rtnetlink)" \
	sh -c "ip -n $(ns hub) route show 10.99.0.1 | grep -q '^10.99.0.1 dev flexd0 '"
check "cl1 pings 10.10.0.2 in lan from its VIP: 5 of 5 answered" ping_ok cl1 "$vip" 10.10.0.2 5
check "through ESP: cl1's CHILD SA encrypted and decrypted >= 5 packets" esp_at_least cl1 5
log "cl1 ESP packets in/out: $(esp_counts cl1)"

# rekeys: the new Child SA carries the traffic (flexd sends with the newest
# child, the old pair goes with its Delete); an IKE SA rekey moves the
# children to the new IKE SA and traffic keeps flowing
out_spi() { sw cl1 --list-sas 2>/dev/null | awk '$1 == "out" { o = $2; sub(/,.*/, "", o); print o; exit }'; }
spi_moved() { [ -n "$(out_spi)" ] && [ "$(out_spi)" != "$1" ]; }
one_child() { [ "$(sw cl1 --list-sas 2>/dev/null | grep -cE '^  hub: #[0-9]+, reqid [0-9]+, INSTALLED')" = 1 ]; }
spi0=$(out_spi)
sw cl1 --rekey --child hub >"$IOP_RUN/cl1/rekey-child.out" 2>&1 || fail "swanctl --rekey --child hub refused"
check "the Child SA rekeyed (new flexd SPI on cl1)" wait_for 10 "new SPI" spi_moved "$spi0"
check "the old Child SA is gone on cl1 (its counters no longer summed)" wait_for 10 "one child" one_child
check "after the Child SA rekey: 5 of 5 answered" ping_ok cl1 "$vip" 10.10.0.2 5
check "on the new Child SA (>= 5 packets each way)" esp_at_least cl1 5
sw cl1 --rekey --ike hub >"$IOP_RUN/cl1/rekey-ike.out" 2>&1 || fail "swanctl --rekey --ike hub refused"
sleep 1
check "after the IKE SA rekey: 5 of 5 answered" ping_ok cl1 "$vip" 10.10.0.2 5

# the tunnel is gone with the session: no more replies, and no ESP sent
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "flexd dropped cl1's SA" sh -c "! $(printf %q "$IOP_REPO/build/flexsh") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show crypto ikev2 sa' | grep -q READY" ||
	fail "flexd still shows cl1's SA after its Delete"
pass "strongSwan -> flexd: ESP ping from $vip to lan 10.10.0.2 through flexd0"
