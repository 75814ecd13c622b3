#!/bin/bash
# scenario-harness-flexd.sh -- bash.
# The harness's flexd helpers, before flexd has an IKE engine:
# start_flexd runs build/flexd inside netns hub (by PID), flexsh_hub and
# flexsh_hub_script configure it through the vty socket in the flash dir
# (conf/flexd-hub-psk.cfg, the FlexVPN PSK server the flexd scenarios use),
# stop_flexd stops it by PID.  Skipped when build/flexd is not built.
set -eu
. "$(dirname "$0")/lib.sh"

iop_init harness-flexd
require_flexd
topo_up 1

start_flexd hub "$IOP_RUN/flash"
check "flexd runs in namespace $(ns hub)" test "$(ip netns identify "$FLEXD_PID")" = "$(ns hub)"
check "flexsh_hub_script: FlexVPN PSK config accepted" \
	flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub "show running-config" >"$IOP_RUN/hub/running.txt"
check "running-config has the IKEv2 profile" grep -qx " identity local fqdn hub.lab.example" "$IOP_RUN/hub/running.txt"
check "running-config has the pool" grep -q "^ip local pool FLEXPOOL 10.99.0.1 10.99.0.254" "$IOP_RUN/hub/running.txt"
check_not "flexsh_hub: a rejected command gives a non-zero status" flexsh_hub "configure terminal" "crypto ikev2 bogus" "end"
if nsx hub ss -Hunl | grep -Eq ':(500|4500) '; then
	log "note: flexd listens on UDP 500/4500 in hub"
else
	log "note: flexd does not listen on UDP 500/4500 yet (no IKE engine in this build)"
fi
pid=$FLEXD_PID
stop_flexd
check "stop_flexd: flexd $pid gone" sh -c "! kill -0 $pid 2>/dev/null"
# restart on the same flash: the config is still there (running.db)
start_flexd hub "$IOP_RUN/flash"
check "restarted flexd still has the profile" grep -qx " identity local fqdn hub.lab.example" <(flexsh_hub "show running-config")
stop_flexd

pass "flexd in hub by PID, configured through flexsh (vty socket in flash), stopped by PID"
