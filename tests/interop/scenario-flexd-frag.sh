#!/bin/bash
# scenario-flexd-frag.sh -- bash.  RFC 7383 IKEv2 fragmentation between a
# strongSwan client (cl1, cl2) and flexd (hub), PSK (conf/flexd-hub-frag.cfg):
#  1. cl1 sends fragments of at most 576 octets (charon.fragment_size) and
#     an IKE_AUTH made large by long identities and many ESP proposals:
#     flexd reassembles it; flexd (`crypto ikev2 fragmentation mtu 400`,
#     a long local identity) answers in fragments that cl1 reassembles;
#     the SA and the Child SA are up, flexd shows the SA READY.
#     cl1's captured fragments, replayed once the request is answered:
#     fragment 1 brings flexd's cached response fragments back (RFC 7383
#     §2.6.1), fragment 2 nothing.
#  2. with `no crypto ikev2 fragmentation` (IOS default) flexd still
#     reassembles cl2's fragmented IKE_AUTH but answers in one message.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-frag
require_flexd
topo_up 2

label() { printf "$1%.0s" $(seq 60); }
HUB_ID=hub.$(label a).$(label b).$(label c).lab.example
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-frag.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"

# strongSwan: IKE fragments of at most 576 octets (whole IP datagram)
cat >"$IOP_RUN/frag.conf" <<'EOC'
charon {
  fragment_size = 576
}
EOC
ESP=aes256gcm16,aes128gcm16,aes256-sha256,aes128-sha256,aes256-sha1,aes128-sha1,aes256-sha384,aes256-sha512
for n in cl1 cl2; do
	charon_start "$n" client "$IOP_RUN/frag.conf"
	sw_conf "$n" client-psk REMOTE_ID="$HUB_ID" LOCAL_ID="$n.$(label x).$(label y).lab.example" \
		ESP_PROPOSALS="$ESP"
done

# 1. both directions fragmented (cl1's IKE_AUTH fragments captured for step 1b)
TOOL=$(dirname "$0")/ike_frag_tool.py
mkdir -p "$IOP_RUN/cl1/cap"
bg_start cl1 capture python3 "$TOOL" capture eth0 "$IOP_RUN/cl1/cap" 20
cap_pid=$IOP_LAST_PID
wait_for -p "$cap_pid" 10 "sniffer in cl1" test -e "$IOP_RUN/cl1/cap/ready"
check "cl1 connects to flexd" client_up cl1 hub 15
check "cl1's IKE SA is ESTABLISHED" sa_established cl1
check "cl1's CHILD SA is INSTALLED" child_installed cl1
check "cl1 got its address from the pool" test "$(client_vip cl1)" = 10.99.0.1
log1=$IOP_RUN/cl1/charon.log
check "cl1 split its IKE_AUTH into fragments" grep -Eq 'splitting IKE message \([0-9]+ bytes\) into [2-9] fragments' "$log1"
check "cl1 sent IKE_AUTH as EF(1/N)" grep -Eq 'generating IKE_AUTH request 1 \[ EF\(1/[2-9]\) \]' "$log1"
check "cl1 received flexd's first response fragment" grep -Eq 'received fragment #1 of [2-9], waiting for complete IKE message' "$log1"
check "cl1 reassembled flexd's IKE_AUTH response" grep -Eq 'received fragment #[2-9] of [2-9], reassembled fragmented IKE message \([0-9]+ bytes\)' "$log1"
check "cl1 parsed the reassembled IKE_AUTH response" grep -Eq 'parsed IKE_AUTH response 1 \[ .*AUTH' "$log1"
flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/show-sa-1.txt"
check "flexd shows cl1's SA READY" grep -q '192\.0\.2\.2/4500 *none/none *READY' "$IOP_RUN/hub/show-sa-1.txt"
check "flexd: cl1's long identity" grep -q "^      Remote id: cl1\.x\{60\}\.y\{60\}\.lab\.example$" "$IOP_RUN/hub/show-sa-1.txt"
check "flexd: its own long identity" grep -qF "      Local id: $HUB_ID" "$IOP_RUN/hub/show-sa-1.txt"
check "flexd: fragmentation configured" grep -qx '      Fragmentation configured\.' "$IOP_RUN/hub/show-sa-1.txt"
check "flexd: cl1 supports it, MTU 400 in use" grep -qx '      IETF Std Fragmentation MTU in use: 400 bytes\.' "$IOP_RUN/hub/show-sa-1.txt"

# 1b. retransmitted request: only fragment 1 is answered, from the cache
wait_for 5 "capture of cl1's fragments" test -s "$IOP_RUN/cl1/cap/frag-2.bin" ||
	fail "no capture of cl1's IKE_AUTH fragments: $(cat "$IOP_RUN/cl1/capture.out")"
pid_stop "$cap_pid" 2
nsx cl1 python3 "$TOOL" replay 192.0.2.1 "$IOP_RUN/cl1/cap/frag-1.bin" >"$IOP_RUN/cl1/replay-1.out"
nsx cl1 python3 "$TOOL" replay 192.0.2.1 "$IOP_RUN/cl1/cap/frag-2.bin" >"$IOP_RUN/cl1/replay-2.out"
log "replayed fragment 1 brought back: $(tr '\n' ';' <"$IOP_RUN/cl1/replay-1.out")"
check "fragment 1 again: flexd resends its response fragments" \
	grep -Eq '^35 0x20 1 36 1/2 [0-9]+$' "$IOP_RUN/cl1/replay-1.out"
check "... all of them, once" test "$(grep -Ec '^35 0x20 1 (36 1|0 2)/2 ' "$IOP_RUN/cl1/replay-1.out")" = 2
check "... and nothing else" test "$(wc -l <"$IOP_RUN/cl1/replay-1.out")" = 2
check "fragment 2 again: no answer" test ! -s "$IOP_RUN/cl1/replay-2.out"
check "cl1's SA is still up" sa_established cl1
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/show-sa-1b.txt"
check "flexd still has the one SA for cl1" test "$(grep -c '192\.0\.2\.2/4500' "$IOP_RUN/hub/show-sa-1b.txt")" = 1

# 2. fragmentation not configured: reassembly still, whole responses out
flexsh_hub "configure terminal" "no crypto ikev2 fragmentation" "end" >/dev/null
check "cl2 connects to flexd" client_up cl2 hub 15
check "cl2's IKE SA is ESTABLISHED" sa_established cl2
check "cl2's CHILD SA is INSTALLED" child_installed cl2
log2=$IOP_RUN/cl2/charon.log
check "cl2 sent its IKE_AUTH in fragments" grep -Eq 'generating IKE_AUTH request 1 \[ EF\(1/[2-9]\) \]' "$log2"
check_not "flexd's response to cl2 was not fragmented" grep -q 'received fragment' "$log2"
check "cl2 parsed one whole IKE_AUTH response" grep -Eq 'parsed IKE_AUTH response 1 \[ IDr AUTH' "$log2"
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/show-sa-2.txt"
check "flexd shows cl2's SA READY" grep -q '192\.0\.2\.3/4500 *none/none *READY' "$IOP_RUN/hub/show-sa-2.txt"
flexsh_hub "show crypto ikev2 sa remote 192.0.2.3 detailed" >"$IOP_RUN/hub/show-sa-2d.txt"
check "flexd: fragmentation not configured" grep -qx '      Fragmentation not  configured\.' "$IOP_RUN/hub/show-sa-2d.txt"
check_not "flexd: no MTU in use" grep -q 'Fragmentation MTU' "$IOP_RUN/hub/show-sa-2d.txt"
pass "strongSwan <-> flexd, RFC 7383: fragmented IKE_AUTH both ways, reassembly without fragmentation configured"
