#!/bin/bash
# scenario-flexd-esp-iperf.sh -- bash.  TCP through flexd's ESP data plane
# (issue 5 item 7): strongSwan (cl1, kernel-libipsec) -> flexd -> iperf3
# server in the lan namespace (started and stopped by PID).
#   - iperf3 TCP for 5 s from the client's VIP to 10.10.0.2 with each of
#     AES-GCM-256, AES-CBC-256 + HMAC-SHA256 and ChaCha20-Poly1305 (one
#     transform set each on flexd, the client offers only that one):
#     iperf3's JSON has no error and a throughput > 0, the client's SA
#     counters prove ESP, the client's SA shows the cipher.
#   - a Child SA rekey (swanctl --rekey --child) in the middle of a run:
#     iperf3 completes without error, the new SA carries the traffic.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-esp-iperf
require_flexd
command -v iperf3 >/dev/null || skip "no iperf3 (INTEROP_EXTRA=iperf3 sh tests/interop/install.sh)"
command -v python3 >/dev/null || skip "no python3 (reads iperf3's JSON)"
topo_up 1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >>"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
crypto ipsec transform-set T-GCM esp-gcm 256
 mode tunnel
crypto ipsec transform-set T-CBC esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto ipsec transform-set T-CHACHA esp-chacha20-poly1305
 mode tunnel
crypto ipsec profile IPSECPROF
 set transform-set T-GCM T-CBC T-CHACHA
end
EOF
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"
ip -n "$(ns hub)" route add 10.99.0.0/24 dev flexd0

bg_start lan iperf3 iperf3 -s -B 10.10.0.2 -p 5201
IPERF_PID=$IOP_LAST_PID
wait_for -p "$IPERF_PID" 5 "iperf3 -s listening in lan" sh -c "ip netns exec $(ns lan) ss -tlnH | grep -q ':5201 '"

# iperf_ok FILE: iperf3's JSON in FILE has no error, a sum_received above 0
# bit/s and the test ran its full time; prints "MBIT RETRANSMITS".
iperf_ok() {
	python3 - "$1" <<'PY'
import json, sys
try:
    j = json.load(open(sys.argv[1]))
except Exception as e:
    print("iperf3 JSON unreadable: %s" % e, file=sys.stderr); sys.exit(1)
if j.get("error"):
    print("iperf3 error: %s" % j["error"], file=sys.stderr); sys.exit(1)
end = j.get("end", {})
rx = end.get("sum_received", {})
tx = end.get("sum_sent", {})
want = j.get("start", {}).get("test_start", {}).get("duration", 0)
if rx.get("bits_per_second", 0) <= 0 or rx.get("bytes", 0) <= 0:
    print("iperf3: nothing received", file=sys.stderr); sys.exit(1)
if want and rx.get("seconds", 0) < want - 0.5:
    print("iperf3: ran %.1f s of %d" % (rx.get("seconds", 0), want), file=sys.stderr); sys.exit(1)
print("%.0f %d" % (rx["bits_per_second"] / 1e6, tx.get("retransmits", 0)))
PY
}

out_spi() { sw cl1 --list-sas 2>/dev/null | awk '$1 == "out" { o = $2; sub(/,.*/, "", o); print o; exit }'; }
spi_moved() { [ -n "$(out_spi)" ] && [ "$(out_spi)" != "$1" ]; }
one_child() { [ "$(sw cl1 --list-sas 2>/dev/null | grep -cE '^  hub: #[0-9]+, reqid [0-9]+, INSTALLED')" = 1 ]; }
flexd_gone() { ! flexsh_hub "show crypto ikev2 sa" | grep -q READY; }

charon_start cl1 client
# name ESP proposal (strongSwan)   what swanctl --list-sas shows
for c in "gcm aes256gcm16 AES_GCM_16-256" "cbc aes256-sha256 AES_CBC-256/HMAC_SHA2_256_128" \
	"chacha chacha20poly1305 CHACHA20_POLY1305"; do
	set -- $c
	name=$1 prop=$2 shown=$3
	sw_conf cl1 client-psk ESP_PROPOSALS="$prop"
	check "$name: cl1 connects to flexd" client_up cl1 hub 10
	check "$name: the Child SA uses $shown" grep -qF "$shown" <(sw cl1 --list-sas)
	vip=$(client_vip cl1)
	check "$name: cl1 got a VIP" in_pool "$vip" 10.99.0.
	nsx cl1 iperf3 -c 10.10.0.2 -B "$vip" -t 5 -J >"$IOP_RUN/cl1/iperf-$name.json" 2>&1 || true
	r=$(iperf_ok "$IOP_RUN/cl1/iperf-$name.json") || fail "$name: iperf3 TCP 5 s through flexd failed"
	log "ok: $name: iperf3 TCP 5 s: ${r% *} Mbit/s, ${r#* } retransmits"
	check "$name: through ESP (client SA >= 1000 packets each way: $(esp_counts cl1))" esp_at_least cl1 1000
	if [ "$name" = gcm ]; then
		# download: lan's TCP sends 64 KB super-packets into flexd0 (TSO
		# offered); flexd cuts them into segments the client's TCP accepts
		nsx cl1 iperf3 -c 10.10.0.2 -B "$vip" -t 3 -R -J >"$IOP_RUN/cl1/iperf-down.json" 2>&1 || true
		r=$(iperf_ok "$IOP_RUN/cl1/iperf-down.json") || fail "download: iperf3 -R TCP 3 s through flexd failed"
		log "ok: download: iperf3 -R TCP 3 s: ${r% *} Mbit/s, ${r#* } retransmits"
	fi
	sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
	check "$name: flexd dropped cl1's SA" wait_for 5 "flexd SA gone" flexd_gone
done

# a Child SA rekey while iperf3 runs: no connection lost
sw_conf cl1 client-psk ESP_PROPOSALS=aes256gcm16
check "rekey: cl1 connects to flexd" client_up cl1 hub 10
vip=$(client_vip cl1)
spi0=$(out_spi)
bg_start cl1 iperf-rekey iperf3 -c 10.10.0.2 -B "$vip" -t 10 -J
ipid=$IOP_LAST_PID
sleep 3
check "rekey: iperf3 still running at 3 s" pid_alive "$ipid"
sw cl1 --rekey --child hub >"$IOP_RUN/cl1/rekey-child.out" 2>&1 || fail "swanctl --rekey --child hub refused"
check "rekey: iperf3 was still running when the rekey was done" pid_alive "$ipid"
grep -q "rekey completed successfully" "$IOP_RUN/cl1/rekey-child.out" || fail "rekey: swanctl did not report success"
wait_for 15 "iperf3 with the rekey finished" sh -c "! kill -0 $ipid 2>/dev/null" || fail "iperf3 did not finish"
pid_stop "$ipid"
check "rekey: the old Child SA is gone on cl1" wait_for 10 "one child" one_child
check "rekey: the Child SA has a new flexd SPI on cl1" spi_moved "$spi0"
r=$(iperf_ok "$IOP_RUN/cl1/iperf-rekey.out") || fail "rekey: iperf3 across the Child SA rekey failed"
log "ok: rekey: iperf3 TCP 10 s across a Child SA rekey: ${r% *} Mbit/s, ${r#* } retransmits"
check "rekey: the new Child SA carries traffic (>= 1000 packets each way: $(esp_counts cl1))" esp_at_least cl1 1000

pid_stop "$IPERF_PID"
pass "iperf3 TCP through flexd with AES-GCM, AES-CBC+SHA256, ChaCha20-Poly1305; across a Child SA rekey"
