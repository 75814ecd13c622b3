#!/bin/bash
# scenario-harness-selftest.sh -- bash.
# The harness checks itself, before flexd has an IKE engine: a strongSwan
# client (cl1) connects to a strongSwan RESPONDER (hub) with PSK.  Proves:
#   - cl1 got a virtual IP from the responder's pool and both DNS servers
#   - swanctl --list-sas on both ends: IKE SA ESTABLISHED, CHILD SA INSTALLED
#   - pings from the VIP through userspace ESP-in-UDP reach the hub (lan0)
#     and the lan namespace behind it (forwarded by the hub)
#   - negative: cl2 with a wrong PSK is refused (the harness can see failure)
#   - charon_stop stops by PID and the client's SA goes away with it
# Cleanup (namespaces, processes, mounts) is checked by run.sh/the caller.
set -eu
. "$(dirname "$0")/lib.sh"

iop_init harness-selftest
topo_up 2

charon_start hub hub
charon_start cl1 client
charon_start cl2 client
sw_conf hub hub-psk
sw_conf cl1 client-psk
sw_conf cl2 client-psk PSK=not-the-right-key

# --- a good client
check "cl1: swanctl --initiate succeeds" client_up cl1
ms_good=$IOP_INITIATE_MS
assert_client_tunnel cl1 10.99.0. 10.10.0.53 10.10.0.54
vip=$IOP_VIP
check "hub: IKE SA rw-psk ESTABLISHED" sa_established hub rw-psk
check "hub: CHILD SA rw INSTALLED" child_installed hub rw
check "hub: SA is for cl1's identity and VIP" \
	grep -q "remote 'cl1.lab.example' @ 192.0.2.2\[4500\] \[$vip\]" <(sw hub --list-sas)
check "hub: UDP-encapsulated (kernel-libipsec fakes NAT-D)" \
	grep -q "INSTALLED, TUNNEL-in-UDP" <(sw hub --list-sas)
check "ping $vip -> 10.10.0.1 (hub) through ESP" ping_ok cl1 "$vip" 10.10.0.1
check "ping $vip -> 10.10.0.2 (lan, forwarded by hub) through ESP" ping_ok cl1 "$vip" 10.10.0.2
check "cl1: >= 6 packets each way through its CHILD SA ($(esp_counts cl1))" esp_at_least cl1 6
check "hub: >= 6 packets each way through its CHILD SA ($(esp_counts hub))" esp_at_least hub 6

# --- a client with the wrong key
check_not "cl2 with a wrong PSK is refused" client_up cl2 hub 10
check_not "cl2: no IKE SA established" sa_established cl2
check "cl2: AUTHENTICATION_FAILED or MAC mismatch logged" \
	grep -Eq "AUTHENTICATION_FAILED|MAC mismatched" "$IOP_RUN/cl2/charon.log" "$IOP_RUN/hub/charon.log"
check "hub: still exactly one IKE SA" test "$(sw hub --list-sas | grep -c ': #[0-9]*, ESTABLISHED')" = 1

# --- stop the client: it deletes its SA, the hub sees it go
charon_stop cl1
wait_for 5 "hub deletes cl1's IKE SA" sa_none hub
log "ok: hub: cl1's SA gone after cl1's charon stopped"

pass "strongSwan client -> strongSwan responder, PSK: VIP $vip, DNS, SAs, ESP pings, wrong PSK refused; swanctl --initiate ${ms_good} ms"
