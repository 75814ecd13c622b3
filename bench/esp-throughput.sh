#!/bin/bash
# bench/esp-throughput: iperf3 through a userspace ESP tunnel, flexd as the
# gateway, then a strongSwan responder with kernel-libipsec in the same
# topology, in the same run (issue 5 item 7).
#
#   cl1 (strongSwan, kernel-libipsec) --ESP-in-UDP--> hub (flexd | charon) --> lan (iperf3 -s)
#
# ESP AES-256-GCM-16, client VIP -> 10.10.0.2.  Per gateway: iperf3 TCP one
# stream and 4 streams (Mbit/s at the receiver, TCP retransmits), one
# stream lan -> client (iperf3 -R: the download a VPN user mostly does), UDP with
# 64-byte payloads as fast as the client sends (packets/s received, loss),
# the gateway's CPU per Gbit (utime+stime of all its threads from
# /proc/PID/stat, the figure that depends least on the client and on the
# other loads of this 2-core machine) and its drops: UDP receive-buffer
# overflows in hub (nstat UdpRcvbufErrors) and the TUN's TX drops (packets
# the kernel could not queue to the gateway).  Then the ratios.
# The client is kernel-libipsec in both runs: its own userspace ESP may be
# what limits the Mbit/s; the CPU per Gbit of the gateway does not depend on it.
# Goal (issue 5): >= 3x kernel-libipsec, >= 5 Gbit/s single stream, no drops.
# Needs root (network namespaces) and iperf3; skipped otherwise.
# Knobs: ET_TIME (seconds per iperf3 run, default 5), ET_ESP (strongSwan ESP
# proposal, default aes256gcm16; flexd's transform set follows it), ET_GW
# (gateways to run, default "flexd strongswan"; A/B runs of flexd alone).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -eu
BUILD=$(cd "${1:-build}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
T=${ET_TIME:-5}
ESP=${ET_ESP:-aes256gcm16}
GWS=" ${ET_GW:-flexd strongswan} "
IOP_VERBOSE=${IOP_VERBOSE:-0}
FLEXD=$BUILD/flexd
FLEXSH=$BUILD/flexsh
LOADGEN=$BUILD/bench/ike-loadgen
. "$REPO/tests/interop/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "esp-throughput: skipped (needs root for network namespaces)"
	exit 0
fi
command -v iperf3 >/dev/null && command -v python3 >/dev/null ||
	{ echo "esp-throughput: skipped (needs iperf3 and python3)"; exit 0; }
[ -x "$FLEXD" ] || { echo "esp-throughput: skipped (no $FLEXD)"; exit 0; }
iop_init esp-throughput
TCK=$(getconf CLK_TCK)
case $ESP in
aes256gcm16) TS="esp-gcm 256" LG=gcm256 ;;
aes256-sha256) TS="esp-aes 256 esp-sha256-hmac" LG=cbc256 ;;
chacha20poly1305) TS="esp-chacha20-poly1305" LG=chacha ;;
*) echo "esp-throughput: ET_ESP=$ESP not mapped to a transform set"; exit 1 ;;
esac

cpu_ms() {
	local line
	line=$(<"/proc/$1/stat")
	line=${line##*) }
	# shellcheck disable=SC2086
	set -- $line
	echo $(((${12} + ${13}) * 1000 / TCK))
}

# drops_hub TUN: "UDP-rcvbuf-errors TUN-tx-dropped" in hub so far
drops_hub() {
	local u d
	u=$(nsx hub nstat -az UdpRcvbufErrors 2>/dev/null | awk '$1 == "UdpRcvbufErrors" { print $2 }')
	d=$(nsx hub ip -s link show "$1" 2>/dev/null | awk '/TX:/ { getline; print $4; exit }')
	echo "${u:-0} ${d:-0}"
}

# iperf_fig FILE: "MBIT RETRANS" (TCP) or "PPS LOSS%" (UDP) from iperf3's JSON
iperf_fig() {
	python3 - "$1" <<'PY'
import json, sys
try:
    j = json.load(open(sys.argv[1]))
except Exception:
    print("0 n/a"); sys.exit(0)
if j.get("error"):
    print("0 error"); sys.exit(0)
e = j.get("end", {})
ts = j.get("start", {}).get("test_start", {})
rx, tx = e.get("sum_received", {}), e.get("sum_sent", {})
if ts.get("protocol") != "UDP":
    print("%.0f %d" % (rx.get("bits_per_second", 0) / 1e6, tx.get("retransmits", 0)))
else:
    # packets/s that reached the server; what the client sent
    blk = ts.get("blksize", 64) or 64
    got = rx.get("bytes", 0) / blk / (rx.get("seconds", 0) or 1)
    sent = tx.get("packets", 0) / (tx.get("seconds", 0) or 1)
    print("%.0f %.0f" % (got, sent))
PY
}

# run_gw PID TUN LABEL VIP: the three iperf3 runs from VIP in cl1 against
# the gateway PID (whose TUN is TUN); sets R_<LABEL>_{TCP1,TCP4,UDP,CPU,DROPS}
run_gw() {
	local pid=$1 tun=$2 lb=$3 vip=$4 c0 c1 d0 d1 f bytes
	[ -n "$vip" ] || { echo "esp-throughput: $lb: no tunnel"; return 1; }
	d0=$(drops_hub "$tun") c0=$(cpu_ms "$pid")
	nsx cl1 iperf3 -c 10.10.0.2 -B "$vip" -t "$T" -J >"$IOP_RUN/$lb-tcp1.json" 2>&1 || true
	nsx cl1 iperf3 -c 10.10.0.2 -B "$vip" -t "$T" -P 4 -J >"$IOP_RUN/$lb-tcp4.json" 2>&1 || true
	nsx cl1 iperf3 -c 10.10.0.2 -B "$vip" -t "$T" -R -J >"$IOP_RUN/$lb-down.json" 2>&1 || true
	c1=$(cpu_ms "$pid")
	nsx cl1 iperf3 -c 10.10.0.2 -B "$vip" -t "$T" -u -l 64 -b 0 -J >"$IOP_RUN/$lb-udp.json" 2>&1 || true
	d1=$(drops_hub "$tun")
	printf -v "R_${lb}_TCP1" '%s' "$(iperf_fig "$IOP_RUN/$lb-tcp1.json")"
	printf -v "R_${lb}_TCP4" '%s' "$(iperf_fig "$IOP_RUN/$lb-tcp4.json")"
	printf -v "R_${lb}_DOWN" '%s' "$(iperf_fig "$IOP_RUN/$lb-down.json")"
	printf -v "R_${lb}_UDP" '%s' "$(iperf_fig "$IOP_RUN/$lb-udp.json")"
	printf -v "R_${lb}_DROPS" '%s' "$((${d1% *} - ${d0% *})) UDP rcvbuf, $((${d1#* } - ${d0#* })) TUN tx"
	# gateway CPU per Gbit carried in the three TCP runs
	bytes=$(python3 -c 'import json,sys
t=0
for f in sys.argv[1:]:
    try: t+=json.load(open(f))["end"]["sum_received"]["bytes"]
    except Exception: pass
print(t)' "$IOP_RUN/$lb-tcp1.json" "$IOP_RUN/$lb-tcp4.json" "$IOP_RUN/$lb-down.json")
	f=$(awk -v c=$((c1 - c0)) -v b="$bytes" 'BEGIN { if (b > 0) printf "%.2f", c / 1000 / (b * 8 / 1e9); else print "n/a" }')
	printf -v "R_${lb}_CPU" '%s' "$f"
}

# lg_run GW_PID TUN LABEL: ike-loadgen's ESP client (-E, flexd's ESP code)
# in cl1, then run_gw through it
lg_run() {
	local vip
	if [ ! -x "$LOADGEN" ]; then
		echo "esp-throughput: no $LOADGEN (make $LOADGEN)"
		return 0
	fi
	bg_start cl1 esp-client "$LOADGEN" -s 192.0.2.1 -n 1 -w 1 -t 10 -i cl1.lab.example \
		-p interop-psk-0123456789 -C -N -E "$LG" -T esptun0
	LG_PID=$IOP_LAST_PID
	if ! wait_for -p "$LG_PID" 10 "ike-loadgen ESP tunnel" grep -q '^TUNNEL up' "$IOP_RUN/cl1/esp-client.out"; then
		echo "esp-throughput: $3: ike-loadgen's tunnel did not come up ($IOP_RUN/cl1/esp-client.out)"
		IOP_KEEP_LOGS=1
		pid_stop "$LG_PID"
		return 0
	fi
	vip=$(sed -n 's/^VIP //p' "$IOP_RUN/cl1/esp-client.out")
	nsx cl1 ip addr add "$vip/32" dev esptun0
	nsx cl1 ip link set esptun0 mtu 1400 txqueuelen 4096 up
	nsx cl1 ip route add 10.10.0.0/24 dev esptun0 src "$vip"
	run_gw "$1" "$2" "$3" "$vip" || true
	pid_stop "$LG_PID"
}

# sw_run GW_PID TUN LABEL: the strongSwan client in cl1, then run_gw through it
sw_run() {
	charon_start cl1 client "$IOP_RUN/quiet.conf"
	sw_conf cl1 client-psk ESP_PROPOSALS="$ESP"
	if client_up cl1 hub 10; then
		run_gw "$1" "$2" "$3" "$(client_vip cl1)" || true
	else
		echo "esp-throughput: $3: the strongSwan client did not connect ($IOP_RUN)"
		IOP_KEEP_LOGS=1
	fi
	charon_stop cl1
	rm -f "$IOP_RUN/cl1/run/charon.vici" # restarted later: wait for the new socket
}

cat >"$IOP_RUN/quiet.conf" <<'EOF'
charon {
  filelog {
    interop {
      default = 0
      ike = 0
      cfg = 0
      knl = 0
    }
  }
}
EOF

topo_up 1
bg_start lan iperf3 iperf3 -s -B 10.10.0.2 -p 5201
IPERF_PID=$IOP_LAST_PID
wait_for -p "$IPERF_PID" 5 "iperf3 -s in lan" sh -c "ip netns exec $(ns lan) ss -tlnH | grep -q ':5201 '"

# ---- flexd (IKE group 14 for strongSwan, 19 for ike-loadgen)
if [ "${GWS#* flexd }" != "$GWS" ]; then
start_flexd hub "$IOP_RUN/flash"
{
	cat "$REPO/tests/interop/conf/flexd-hub-psk.cfg"
	printf 'configure terminal\ncrypto ikev2 proposal PROP\n group 14 19\n'
	printf 'crypto ipsec transform-set TS %s\n mode tunnel\nend\n' "$TS"
} | flexsh_hub_script >"$IOP_RUN/hub/config.out" 2>&1 || true
ip -n "$(ns hub)" route add 10.99.0.0/24 dev flexd0
lg_run "$FLEXD_PID" flexd0 FL
sw_run "$FLEXD_PID" flexd0 F
stop_flexd
fi

# ---- strongSwan (kernel-libipsec) responder, logging at level 0
if [ "${GWS#* strongswan }" != "$GWS" ]; then
charon_start hub hub "$IOP_RUN/quiet.conf"
sw_conf hub hub-psk ESP_PROPOSALS="$ESP" IKE_PROPOSALS=aes256-sha256-modp2048,aes256-sha256-ecp256
lg_run "$(cat "$IOP_RUN/hub/charon.ppid")" ipsec0 SL
sw_run "$(cat "$IOP_RUN/hub/charon.ppid")" ipsec0 S
charon_stop hub
fi
pid_stop "$IPERF_PID"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2fx", a / b; else print "n/a" }'; }
# fig LABEL KIND: one figure of a row (KIND TCP1, TCP4, UDP: first word; CPU)
fig() { local v; eval "v=\${R_$1_$2:-0}"; echo "${v%% *}"; }
line() { # LABEL NAME
	local t1 t4 dn u c d
	eval "t1=\${R_$1_TCP1:-0 n/a} t4=\${R_$1_TCP4:-0 n/a} dn=\${R_$1_DOWN:-0 n/a} u=\${R_$1_UDP:-0 n/a} c=\${R_$1_CPU:-n/a} d=\${R_$1_DROPS:-n/a}"
	echo "  $2 TCP 1 stream ${t1%% *} Mbit/s (${t1#* } retr), 4 streams ${t4%% *} Mbit/s (${t4#* } retr), 1 stream down ${dn%% *} Mbit/s (${dn#* } retr), UDP 64 B ${u%% *} pkt/s received (client sent ${u#* }/s), gateway CPU $c s/Gbit, drops: $d"
}
cmp() { # FLEXD_LABEL STRONGSWAN_LABEL
	echo "  flexd/strongSwan: TCP 1 stream $(ratio "$(fig "$1" TCP1)" "$(fig "$2" TCP1)"), 4 streams $(ratio "$(fig "$1" TCP4)" "$(fig "$2" TCP4)"), down $(ratio "$(fig "$1" DOWN)" "$(fig "$2" DOWN)"), UDP 64 B pkt/s $(ratio "$(fig "$1" UDP)" "$(fig "$2" UDP)"), CPU per Gbit $(ratio "$(fig "$2" CPU)" "$(fig "$1" CPU)") less"
}
echo "ESP $ESP, iperf3 ${T} s per run, cl1 -> gateway -> lan (down: lan -> cl1); shared 2-core machine (other loads: figures vary)"
echo " client ike-loadgen -E (flexd's ESP code, batched, 2 threads):"
line FL "flexd     "
line SL "strongSwan"
cmp FL SL
echo " client strongSwan kernel-libipsec (its own ESP limits the rate):"
line F "flexd     "
line S "strongSwan"
cmp F S
