#!/bin/bash
# scenario-radius-flexd.sh -- bash.
# flexd (hub) configured by flexsh with `radius server` and `aaa group server
# radius`, against a real FreeRADIUS 3.2 in the aaa namespace (198.51.100.2),
# requests triggered with `test aaa group G USER PASS legacy`. Proves:
#   - the client's server list comes from the running-config
#   - good password -> "User was successfully authenticated.", bad ->
#     "User authentication request was rejected by server."
#   - a group whose first server is silent fails over to the second, and
#     `show aaa servers` counts it (timeouts, failover on the silent one;
#     request/accept/reject on the live one)
#   - a key changed in the config is used at once (wrong key -> no answer)
#   - `ip radius source-interface` picks the source address FreeRADIUS sees
set -eu
. "$(dirname "$0")/lib.sh"

iop_init radius-flexd
require_flexd
topo_up 1

radius_up
# a second hub address that FreeRADIUS knows with its own secret: only
# requests sent from it (ip radius source-interface) are answered
cat >>"$IOP_RADDB/clients.conf" <<'EOF'
client hub-src {
	ipaddr = 198.51.100.3
	secret = src-secret
	shortname = hub-src
}
EOF
nsx hub ip addr add 198.51.100.3/24 dev aaa0
radius_start
radpid=$IOP_RADIUS_PID

start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script >"$IOP_RUN/hub/config.out" <<'CFG'
configure terminal
aaa new-model
radius server SILENT
address ipv4 198.51.100.2 auth-port 1913 acct-port 1914
key testing123
timeout 1
retransmit 0
exit
radius server R1
address ipv4 198.51.100.2 auth-port 1812 acct-port 1813
key testing123
timeout 3
retransmit 1
exit
aaa group server radius G
server name R1
exit
aaa group server radius FO
server name SILENT
server name R1
exit
end
CFG

out=$IOP_RUN/hub/step.out
# server block of `show aaa servers` for hostname $1, line starting with $2: value after word $3
srv() {
	flexsh_hub "show aaa servers" >"$out.show"
	awk -v h="hostname $1" -v p="$2" -v n="$3" '
		/^RADIUS:/ { on = index($0, h) > 0 }
		on && index($0, p) { gsub(",", ""); for (i = 1; i < NF; i++) if ($i == n) { print $(i + 1); exit } }' "$out.show"
}

flexsh_hub "test aaa group G alice alice-pw legacy" >"$out"
check "good password: User was successfully authenticated." grep -qx "User was successfully authenticated." "$out"
flexsh_hub "test aaa group G alice wrong-pw legacy" >"$out"
check "bad password: rejected by server" grep -qx "User authentication request was rejected by server." "$out"
check "FreeRADIUS: Login OK: [alice]" grep -q 'Login OK: \[alice\]' "$IOP_RUN/aaa/log/radius.log"
check "show aaa servers R1: 2 requests" [ "$(srv R1 'Authen:' request)" = 2 ]
check "show aaa servers R1: accept 1, reject 1" \
	[ "$(srv R1 'Response: accept' accept)/$(srv R1 'Response: accept' reject)" = 1/1 ]
check "show aaa servers R1: State UP" grep -q "State: current UP" "$out.show"

# failover: SILENT (1 s, no retransmit) times out, R1 answers
t=$(now_ms)
flexsh_hub "test aaa group FO alice alice-pw legacy" >"$out"
ms=$(($(now_ms) - t))
check "failover: accepted through the second server" grep -qx "User was successfully authenticated." "$out"
check "failover: after the silent server's 1 s timeout ($ms ms)" [ "$ms" -ge 1000 ] && [ "$ms" -lt 3000 ]
check "show aaa servers SILENT: timeouts 1, failover 1" \
	[ "$(srv SILENT 'Authen:' timeouts)/$(srv SILENT 'Authen:' failover)" = 1/1 ]
check "show aaa servers R1: 3 requests, 2 accepts" \
	[ "$(srv R1 'Authen:' request)/$(srv R1 'Response: accept' accept)" = 3/2 ]

# the key is read from the config when it changes: a wrong key gets no answer
flexsh_hub "configure terminal" "radius server R1" "key not-the-secret" "timeout 1" "retransmit 0" "end" >/dev/null
flexsh_hub "test aaa group G alice alice-pw legacy" >"$out"
check_not "wrong key: not authenticated" grep -q "successfully" "$out"
check "wrong key: R1 timed out" [ "$(srv R1 'Authen:' timeouts)" = 1 ]

# ip radius source-interface: the request leaves from that interface's address
flexsh_hub "configure terminal" "interface GigabitEthernet3" "ip address 198.51.100.3 255.255.255.0" "exit" \
	"radius server SRC" "address ipv4 198.51.100.2 auth-port 1812 acct-port 1813" "key src-secret" \
	"timeout 1" "retransmit 0" "exit" "aaa group server radius SG" "server name SRC" "end" >/dev/null
flexsh_hub "test aaa group SG alice alice-pw legacy" >"$out"
check_not "no source-interface: sent from 198.51.100.1 with src-secret, not answered" grep -q "successfully" "$out"
flexsh_hub "configure terminal" "ip radius source-interface GigabitEthernet3" "end" >/dev/null
flexsh_hub "test aaa group SG alice alice-pw legacy" >"$out"
check "ip radius source-interface GigabitEthernet3: sent from 198.51.100.3, accepted" \
	grep -qx "User was successfully authenticated." "$out"

stop_flexd
pid_stop "$radpid"
pass "flexd RADIUS: config-built servers, test aaa accept/reject, failover, show aaa servers counters"
