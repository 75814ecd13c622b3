#!/bin/bash
# bench/handshake-rate: IKEv2 handshakes per second, flexd against a
# strongSwan responder, on this machine in the same run (issue 3).
#
# build/bench/ike-loadgen in namespace cl1 opens N IKE SAs + one Child SA
# each (IKE_SA_INIT + IKE_AUTH, IKE aes256-sha256-ecp256, ESP aes256-sha256,
# a window of W handshakes in flight) against the responder in namespace
# hub: flexd, then strongSwan's charon, with PSK and with RSA-2048
# certificates both ways.  Each responder is started fresh for each mode.
# Printed per responder: IKE_SA/s (wall time of the generator) and the
# responder's CPU per handshake (utime+stime of all its threads from
# /proc/PID/stat, before/after: the figure that depends least on the
# generator, which shares the 2 cores), then the flexd/strongSwan ratios.
# Goal: flexd >= 2x strongSwan's rate, <= 1 ms CPU per PSK/P-256 handshake.
#
# strongSwan is not throttled: no cookies, no half-open block, a real IKE_SA
# hash table, logging at level 0, no route installation (flexd installs
# none either); ESP SAs go to kernel-libipsec (userspace) as in
# tests/interop.  Needs root (network namespaces); skipped otherwise.
# The generator asks for an address (CFG_REQUEST), as a FlexVPN client
# does, and claims to be behind a NAT (so it floats to 4500, as every
# kernel-libipsec client here does); both responders answer from a /20
# pool.  HR_CP=0 asks for none: flexd only (strongSwan's kernel-libipsec
# then refuses the Child SA's policies: TS_UNACCEPTABLE).
# Knobs: HR_N (default 2000), HR_N_RSA (default 1000), HR_WINDOW (32), HR_CP.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -eu
BUILD=$(cd "${1:-build}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
LOADGEN=$BUILD/bench/ike-loadgen
FLEXD=$BUILD/flexd
FLEXSH=$BUILD/flexsh
N=${HR_N:-2000}
N_RSA=${HR_N_RSA:-1000}
W=${HR_WINDOW:-32}
CP=${HR_CP:-1}
PSK=bench-psk-0123456789
IOP_VERBOSE=${IOP_VERBOSE:-0}
. "$REPO/tests/interop/lib.sh"
[ -x "$LOADGEN" ] || { echo "handshake-rate: no $LOADGEN (make $BUILD/bench/ike-loadgen)"; exit 0; }
if [ "$(id -u)" != 0 ]; then
	echo "handshake-rate: skipped (needs root for network namespaces)"
	exit 0
fi
iop_init handshake-rate
TCK=$(getconf CLK_TCK)

# cpu_ms PID: utime + stime of every thread of PID so far, in ms.
cpu_ms() {
	local line
	line=$(<"/proc/$1/stat")
	line=${line##*) }
	# shellcheck disable=SC2086
	set -- $line
	echo $(((${12} + ${13}) * 1000 / TCK))
}

# runq_ms PID: time the threads of PID spent runnable but waiting for a
# CPU (/proc/PID/task/*/schedstat, 2nd field, ns), in ms: on this shared
# 2-core machine the wall-clock rate also depends on what else runs.
runq_ms() {
	local t a b c s=0
	for t in /proc/"$1"/task/*/schedstat; do
		read -r a b c <"$t" 2>/dev/null || continue
		s=$((s + b))
	done
	echo $((s / 1000000))
}

# run_gen PID LABEL N ARGS...: the generator in cl1 against the responder
# PID; sets GEN_RATE, GEN_DONE, GEN_AUTHFAIL, CPU_PER (ms per completed
# handshake) and GEN_LINE (its RESULT line).
run_gen() {
	local pid=$1 label=$2 n=$3 c0 c1 q0
	shift 3
	c0=$(cpu_ms "$pid") q0=$(runq_ms "$pid")
	[ "$CP" = 1 ] && set -- -C "$@"
	nsx cl1 "$LOADGEN" -s 192.0.2.1 -n "$n" -w "$W" -t 45 -N "$@" \
		>"$IOP_RUN/gen-$label.out" 2>"$IOP_RUN/gen-$label.err" || true
	sleep 0.2 # the responder may still be finishing its last answer
	c1=$(cpu_ms "$pid") RUNQ=$(($(runq_ms "$pid") - q0))
	GEN_LINE=$(grep '^RESULT' "$IOP_RUN/gen-$label.out" || echo "RESULT completed=0 rate=0 auth_failed=0")
	GEN_DONE=$(sed -n 's/.* completed=\([0-9]*\).*/\1/p' <<<"$GEN_LINE")
	GEN_RATE=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' <<<"$GEN_LINE")
	GEN_AUTHFAIL=$(sed -n 's/.* auth_failed=\([0-9]*\).*/\1/p' <<<"$GEN_LINE")
	# failures keep the run's logs (the lines below name the files); the
	# flexd RSA run decides for itself
	[ "$label" = flexd-rsa ] || [ "$GEN_DONE" = "$n" ] || IOP_KEEP_LOGS=1
	CPU_PER=$(awk -v c=$((c1 - c0)) -v n="$GEN_DONE" 'BEGIN { if (n > 0) printf "%.2f", c / n; else print "n/a" }')
	log "$label: $GEN_LINE, responder CPU $((c1 - c0)) ms"
}

# figure LABEL N: "R IKE_SA/s, C ms CPU/handshake (its threads waited W ms for a CPU)"
# (+ failures) of the last run_gen.
figure() {
	local s="$GEN_RATE IKE_SA/s, $CPU_PER ms CPU/handshake (its threads waited $RUNQ ms for a CPU)"
	[ "$GEN_DONE" = "$2" ] || s="$s ($((${2} - GEN_DONE)) of $2 failed: $IOP_RUN/gen-$1.err)"
	echo "$s"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a > 0 && b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

topo_up 1
pki_lab 1 >/dev/null
cl=(-i cl1.lab.example -k "$IOP_PKI/cl1-rsa.key" -c "$IOP_PKI/cl1-rsa.crt" -a "$IOP_PKI/ca.crt")

# ---- flexd
flexd_up() {
	rm -rf "$IOP_RUN/flash"
	start_flexd hub "$IOP_RUN/flash"
	cp "$IOP_PKI/hub-rsa.p12" "$IOP_RUN/flash/"
	# PSK peers are *.psk.example, certificate peers *.lab.example; the
	# empty line after the import answers 'Source filename [...]?'
	# shellcheck disable=SC2119  # the config comes on stdin
	flexsh_hub_script >"$IOP_RUN/hub/config.out" 2>&1 <<-EOF || true
	configure terminal
	hostname hub
	aaa new-model
	aaa authorization network FLEXAUTHOR local
	ip local pool FLEXPOOL 10.99.0.1 10.99.15.254
	crypto ikev2 authorization policy FLEXPOL
	 pool FLEXPOOL
	 dns 10.10.0.53 10.10.0.54
	crypto ikev2 limit max-in-negotiation-sa 99999
	crypto ikev2 proposal PROP
	 encryption aes-cbc-256
	 integrity sha256
	 group 19
	crypto ikev2 policy POL
	 proposal PROP
	crypto ikev2 keyring KR
	 peer ALL
	  address 0.0.0.0 0.0.0.0
	  pre-shared-key $PSK
	crypto ikev2 profile PSKPROF
	 match identity remote fqdn domain psk.example
	 identity local fqdn hub.lab.example
	 authentication remote pre-share
	 authentication local pre-share
	 keyring local KR
	 aaa authorization group psk list FLEXAUTHOR FLEXPOL
	crypto ipsec transform-set TS esp-aes 256 esp-sha256-hmac
	 mode tunnel
	crypto ipsec profile IPSECPSK
	 set transform-set TS
	 set ikev2-profile PSKPROF
	crypto pki import HUB-TP pkcs12 flash:hub-rsa.p12 password ${IOP_P12_PASS:-flexd}

	crypto pki trustpoint HUB-TP
	 revocation-check none
	crypto ikev2 profile RSAPROF
	 match identity remote fqdn domain lab.example
	 identity local fqdn hub.lab.example
	 authentication remote rsa-sig
	 authentication local rsa-sig
	 pki trustpoint HUB-TP
	 aaa authorization group cert list FLEXAUTHOR FLEXPOL
	crypto ipsec profile IPSECRSA
	 set transform-set TS
	 set ikev2-profile RSAPROF
	end
	EOF
}

flexd_up
run_gen "$FLEXD_PID" flexd-psk "$N" -i cl1.psk.example -p "$PSK"
f_psk_rate=$GEN_RATE f_psk_cpu=$CPU_PER f_psk=$(figure flexd-psk "$N")
stop_flexd
if [ "$CP" = 1 ]; then
	# the same without CFG_REQUEST (no address from the pool): what the
	# address assignment costs; strongSwan cannot run this one (see above)
	flexd_up
	CP=0 run_gen "$FLEXD_PID" flexd-psk-nocp "$N" -i cl1.psk.example -p "$PSK"
	f_nocp=$(figure flexd-psk-nocp "$N")
	stop_flexd
fi

flexd_up
run_gen "$FLEXD_PID" flexd-rsa "$N_RSA" "${cl[@]}"
f_rsa_rate=$GEN_RATE f_rsa_cpu=$CPU_PER f_rsa=$(figure flexd-rsa "$N_RSA")
if [ "$GEN_DONE" = 0 ]; then
	# refused (AUTHENTICATION_FAILED): certificate auth is not in this flexd
	f_rsa="n/a (flexd cert auth not merged)"
	[ "$GEN_AUTHFAIL" -gt 0 ] || f_rsa="n/a (no SA came up: $IOP_RUN/gen-flexd-rsa.err)"
	f_rsa_rate=0 f_rsa_cpu=n/a
elif [ "$GEN_DONE" != "$N_RSA" ]; then
	IOP_KEEP_LOGS=1
fi
stop_flexd

# ---- strongSwan
cat >"$IOP_RUN/hub-bench.conf" <<'EOF'
charon {
  filelog {
    interop {
      default = 0
      ike = 0
      cfg = 0
      knl = 0
    }
  }
  # no DoS throttling of one busy client address (lab NOTES gotchas 3, 4)
  block_threshold = 100000
  cookie_threshold = 100000
  cookie_threshold_ip = 100000
  init_limit_half_open = 0
  # a hash table for the IKE_SAs (the default is one bucket)
  ikesa_table_size = 4096
  ikesa_table_segments = 16
  install_routes = no
}
EOF
swan_up() {
	rm -rf "$IOP_RUN/hub/swanctl"
	charon_start hub hub "$IOP_RUN/hub-bench.conf"
	SWAN_PID=$(cat "$IOP_RUN/hub/charon.ppid")
}
sw_args=(IKE_PROPOSALS=aes256-sha256-ecp256 ESP_PROPOSALS=aes256-sha256 PSK="$PSK" POOL=10.99.0.0/20)
# swan_conf TEMPLATE KEY=VALUE...: sw_conf, but without the pool unless
# HR_CP=1 (with a pool, strongSwan insists on a CFG_REQUEST: FAILED_CP_REQUIRED)
swan_conf() {
	local tpl=$1 f=$IOP_RUN/hub/swanctl/swanctl.conf
	shift
	render "$IOP_CONF/swanctl-$tpl.conf" "$f" "$@" LOCAL_ID=hub.lab.example
	[ "$CP" = 1 ] || sed -i '/pools = pool-rw/d' "$f"
	sw hub --load-all --noprompt >>"$IOP_RUN/hub/swanctl.out" 2>&1 || fail "swanctl --load-all failed"
}

swan_up
swan_conf hub-psk "${sw_args[@]}"
run_gen "$SWAN_PID" swan-psk "$N" -i cl1.psk.example -p "$PSK"
s_psk_rate=$GEN_RATE s_psk_cpu=$CPU_PER s_psk=$(figure swan-psk "$N")
charon_stop hub

swan_up
sw_install_cert hub hub-rsa
swan_conf hub-cert "${sw_args[@]}" CERT=hub-rsa.crt REMOTE_AUTH=pubkey
run_gen "$SWAN_PID" swan-rsa "$N_RSA" "${cl[@]}"
s_rsa_rate=$GEN_RATE s_rsa_cpu=$CPU_PER s_rsa=$(figure swan-rsa "$N_RSA")
charon_stop hub

ver=$(dpkg-query -W -f '${Version}' strongswan-charon 2>/dev/null || echo "?")
[ "$CP" = 1 ] && W="$W, CFG_REQUEST"
echo "handshake-rate: PSK/P-256, $N IKE SAs + Child SAs, window $W: flexd $f_psk"
echo "handshake-rate: PSK/P-256, $N IKE SAs + Child SAs, window $W: strongSwan $ver $s_psk"
[ -z "${f_nocp:-}" ] || echo "handshake-rate: PSK/P-256, $N IKE SAs + Child SAs, window ${W%%,*}, no CFG_REQUEST: flexd $f_nocp (no strongSwan figure: its kernel-libipsec refuses these Child SAs)"
echo "handshake-rate: PSK/P-256 flexd/strongSwan: rate $(ratio "$f_psk_rate" "$s_psk_rate") (goal >= 2x), CPU per handshake $(ratio "$f_psk_cpu" "$s_psk_cpu") (flexd goal <= 1 ms: $f_psk_cpu ms)"
echo "handshake-rate: RSA-2048/P-256, $N_RSA IKE SAs + Child SAs, window $W: flexd $f_rsa"
echo "handshake-rate: RSA-2048/P-256, $N_RSA IKE SAs + Child SAs, window $W: strongSwan $ver $s_rsa"
echo "handshake-rate: RSA-2048/P-256 flexd/strongSwan: rate $(ratio "$f_rsa_rate" "$s_rsa_rate"), CPU per handshake $(ratio "$f_rsa_cpu" "$s_rsa_cpu")"
