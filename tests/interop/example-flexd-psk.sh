#!/bin/bash
# example-flexd-psk.sh -- bash.  A template, not run by run.sh (no
# scenario- prefix): copy it to scenario-flexd-psk.sh once flexd answers IKE.
# flexd is the FlexVPN server (IKEv2 responder) in hub, configured through
# flexsh with conf/flexd-hub-psk.cfg; a strongSwan client in cl1 connects
# with PSK and must get a VIP, DNS, SAs, and ESP pings through.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-psk
require_flexd
topo_up 1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects to flexd" client_up cl1
assert_client_tunnel cl1 10.99.0. 10.10.0.53 10.10.0.54
check "ESP ping from $IOP_VIP to the hub" ping_ok cl1 "$IOP_VIP" 10.10.0.1
check "the pings went through cl1's CHILD SA both ways" esp_at_least cl1 3
check "flexd shows the IKE SA READY" grep -q READY <(flexsh_hub "show crypto ikev2 sa")
pass "strongSwan client -> flexd, PSK: VIP $IOP_VIP in ${IOP_INITIATE_MS} ms"
