#!/bin/bash
# bench/eap-rate: EAP-MD5 remote-access sessions per second through a real
# FreeRADIUS, flexd as the responder, then a strongSwan responder (charon,
# eap-radius) in the same run, with the same clients and FreeRADIUS (issue 4).
#
#   cl1..clK (strongSwan, EAP-MD5) --> hub (flexd | charon) --> aaa (FreeRADIUS 3.2)
#
# 1. Rate: K client namespaces, each one charon with M connections (distinct
#    RADIUS users, start_action = start); at T0 the K `swanctl --load-conns`
#    run at once, so K*M IKE_SA_INITs fire together; the round ends when the
#    clients' logs show K*M "CHILD_SA ... established" (the method of
#    ../shared/lab/NOTES.md, "EAP-MD5 handshakes/s", where strongSwan did
#    132-144/s for 4x100 with an RSA hub).  Printed: sessions/s (wall time
#    from T0, so the clients' own work is inside the window) and the
#    responder's CPU per session (utime+stime of all its threads from
#    /proc/PID/stat, before/after: the figure least tied to the clients,
#    which share the 2 cores).  Both hubs: PSK for themselves, EAP relayed
#    to RADIUS (flexd: tests/interop/conf/flexd-hub-eap.cfg, a /20 pool;
#    charon: remote auth = eap-radius, eap_id = %any), IKE
#    aes256-sha256-modp2048, ESP aes256gcm16, pool address + DNS, no
#    accounting, no cookies, no half-open limit (flexd: max-in-negotiation-sa
#    99999; charon: block/cookie thresholds 100000), logging at level 0.
# 2. MFA: S users ("slow") whose RADIUS answer takes 60 s (FreeRADIUS sleeps
#    3 x 20 s in an exec when their EAP-MD5 response arrives, as in
#    tests/interop/scenario-flexd-eap-slow-radius.sh) are started first from
#    one more namespace; once FreeRADIUS holds all S (or their number has
#    not grown for 5 s: printed as "H of S wait"), U other users (from
#    cl1..clK) start at once: printed is the time until all U are up, bounded
#    by EB_MFA_TIMEOUT (a stall is reported as "N of U in T s", never waited
#    out).  The RADIUS client of both hubs waits 75 s without retransmitting
#    (flexd `timeout 75`, `retransmit 0`; charon eap-radius
#    retransmit_timeout = 75, retransmit_tries = 1, half_open_timeout = 90
#    so that an IKE_SA waiting on RADIUS is not dropped at 30 s; flexd's EAP
#    timeout is 90 s by default).  charon's eap-radius
#    waits for each RADIUS answer in a worker thread holding one of the
#    server's sockets: with the lab's threads = 16 and sockets = 8 the slow
#    answers hold them all; so strongSwan runs it a second time with
#    threads = 128, sockets = 64 (EB_SWAN_TUNED="THREADS SOCKETS", empty: no
#    second run).
# How to read it: "sessions/s" = K*M / seconds until the last client SA is
# up; "ms CPU/session" = responder CPU per established session; then
# flexd/strongSwan ratios (rate: higher is better for flexd; CPU: lower).
# The machine is shared (2 cores, other jobs): compare the two responders of
# the same run, not runs of different days; CPU per session is the steadier
# figure.  Needs root (network namespaces), FreeRADIUS, strongSwan's
# eap-md5 and eap-radius plugins; skipped otherwise.
# Knobs: EB_K (client namespaces, 4), EB_M (connections per client, 100),
# EB_RATE_TIMEOUT (s, 60), EB_MFA_USERS (200), EB_MFA_SLOW (50),
# EB_MFA_TIMEOUT (s, 90), EB_MFA=0 skips part 2, EB_SWAN_THREADS (16),
# EB_SWAN_SOCKETS (8), EB_SWAN_TUNED ("128 64"), EB_LOG=1 (charon logs at the interop levels, to debug).
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
set -eu
BUILD=$(cd "${1:-build}" && pwd)
REPO=$(cd "$(dirname "$0")/.." && pwd)
K=${EB_K:-4}
M=${EB_M:-100}
RATE_TO=${EB_RATE_TIMEOUT:-60}
MFA=${EB_MFA:-1}
MU=${EB_MFA_USERS:-200}
MS=${EB_MFA_SLOW:-50}
MFA_TO=${EB_MFA_TIMEOUT:-90}
SW_THREADS=${EB_SWAN_THREADS:-16}
SW_SOCKETS=${EB_SWAN_SOCKETS:-8}
SW_TUNED=${EB_SWAN_TUNED-128 64}
# EB_LOG=1: the interop log levels (1, ike/cfg 2) instead of 0, to debug
if [ "${EB_LOG:-0}" = 1 ]; then LV=1 LV2=2; else LV=0 LV2=0; fi
PSK=interop-psk-0123456789
IOP_VERBOSE=${IOP_VERBOSE:-0}
FLEXD=$BUILD/flexd
# shellcheck disable=SC2034  # lib.sh uses it
FLEXSH=$BUILD/flexsh
. "$REPO/tests/interop/lib.sh"
if [ "$(id -u)" != 0 ]; then
	echo "eap-rate: skipped (needs root for network namespaces)"
	exit 0
fi
command -v freeradius >/dev/null ||
	{ echo "eap-rate: skipped (no freeradius: tests/interop/install.sh)"; exit 0; }
[ -e /usr/lib/ipsec/plugins/libstrongswan-eap-md5.so ] && [ -e /usr/lib/ipsec/plugins/libstrongswan-eap-radius.so ] ||
	{ echo "eap-rate: skipped (no strongSwan eap-md5/eap-radius plugin)"; exit 0; }
[ -x "$FLEXD" ] || { echo "eap-rate: skipped (no $FLEXD)"; exit 0; }
[ $((K * M)) -le 4000 ] && [ "$MU" -le 4000 ] ||
	{ echo "eap-rate: at most 4000 users (the /20 pool)"; exit 1; }
iop_init eap-rate
TCK=$(getconf CLK_TCK)
SLOWNS=cl$((K + 1))

# cpu_ms PID: utime + stime of every thread of PID so far, in ms.
cpu_ms() {
	local line
	line=$(<"/proc/$1/stat")
	line=${line##*) }
	# shellcheck disable=SC2086
	set -- $line
	echo $(((${12} + ${13}) * 1000 / TCK))
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && a > 0 && b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

topo_up $((K + 1))

# ---- FreeRADIUS: users u1..uN and s1..sS (password USER-pw); the s* users'
# EAP-MD5 response (the request with State) waits 60 s.  Each waiting
# request holds a FreeRADIUS thread: the pool is raised, and started whole
# (FreeRADIUS adds threads only slowly), so the others go on.
NU=$((K * M > MU ? K * M : MU))
{
	for i in $(seq 1 "$NU"); do printf 'u%d\tCleartext-Password := "u%d-pw"\n\n' "$i" "$i"; done
	for i in $(seq 1 "$MS"); do printf 's%d\tCleartext-Password := "s%d-pw"\n\n' "$i" "$i"; done
} >"$IOP_RUN/authorize"
radius_up "$IOP_RUN/authorize"
# slow.sh notes each slow request as it starts waiting (the bench waits for
# all S before starting the others), then sleeps
printf '#!/bin/sh\n[ "$1" = 1 ] && echo "$USER_NAME" >>%s\nexec sleep 20\n' "$IOP_RUN/aaa/slow.txt" >"$IOP_RUN/aaa/slow.sh"
for n in 1 2 3; do
	cat >"$IOP_RADDB/mods-enabled/slow20_$n" <<-EOF
	exec slow20_$n {
		wait = yes
		input_pairs = request
		program = "/bin/sh $IOP_RUN/aaa/slow.sh $n"
		timeout = 25
	}
	EOF
done
sed -i -e 's|^authorize {$|&\n\tif (\&User-Name =~ /^s[0-9]+$/ \&\& \&State) {\n\t\tslow20_1\n\t\tslow20_2\n\t\tslow20_3\n\t}|' \
	"$IOP_RADDB/sites-available/default"
sed -i -e 's|^max_request_time = .*|max_request_time = 90|' \
	-e 's|^\(\s*\)max_servers = .*|\1max_servers = 256|' \
	-e 's|^\(\s*\)start_servers = .*|\1start_servers = 128|' \
	-e 's|^\(\s*\)max_spare_servers = .*|\1max_spare_servers = 256|' "$IOP_RADDB/radiusd.conf"
# the EAP session of a slow user must outlive its 60 s answer
sed -i -e 's|timer_expire = .*|timer_expire = 120|' "$IOP_RADDB/mods-available/eap"
radius_start
logins() { grep -c 'Login OK' "$IOP_RADIUS_LOG" || true; }
radius_restart() {
	# it waits for its sleeping threads: no need to wait for it (SIGKILL
	# after 1 s; the notices of that go to the log, not the bench output)
	pid_stop "$IOP_RADIUS_PID" 1 2>>"$IOP_RUN/stops.log"
	rm -f "$IOP_RUN/aaa/slow.txt"
	radius_start
}

# ---- the clients: one charon per namespace, level-0 logs (the
# "established" lines), patient enough for a 60 s answer
cat >"$IOP_RUN/client-bench.conf" <<EOF
charon {
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey sha1 sha2 md5 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown eap-identity eap-md5
  filelog {
    interop {
      default = $LV
      ike = $LV2
      cfg = $LV2
      knl = $LV
    }
  }
  retransmit_tries = 6
  ikesa_table_size = 256
  ikesa_table_segments = 4
}
EOF
# swt SECS NS ARGS...: lib.sh's sw bounded by SECS (a charon without a free
# thread never answers vici: fail, never hang)
swt() {
	local secs=$1 n=$2
	shift 2
	STRONGSWAN_CONF=$IOP_RUN/$n/strongswan.conf SWANCTL_DIR=$IOP_RUN/$n/swanctl timeout "$secs" swanctl "$@"
}
# client_start NS USER...: a fresh charon in NS with USER's secrets loaded
# (the connections are loaded later, by load_conns)
client_start() {
	local n=$1
	shift
	rm -rf "$IOP_RUN/$n/swanctl"
	# the last charon's socket file would satisfy charon_start's wait at once
	rm -f "$IOP_RUN/$n/run/charon.vici"
	charon_start "$n" client "$IOP_RUN/client-bench.conf"
	sw_eap_users_conf "$n" start "$@"
	swt 30 "$n" --load-creds --noprompt >"$IOP_RUN/$n/swanctl.out" 2>&1 || fail "$n: swanctl --load-creds"
}
# load_conns NS...: swanctl --load-conns in every NS at once (so all their
# SAs start together), tracked by PID, waited for
load_conns() {
	local n pids=()
	for n in "$@"; do
		swt 60 "$n" --load-conns >>"$IOP_RUN/$n/swanctl.out" 2>&1 &
		pid_track $! "$n/load-conns"
		pids+=($!)
	done
	for n in "${pids[@]}"; do wait "$n" || true; done
}
# up_count NS...: CHILD SAs established so far in the logs of NS...
up_count() {
	local n c=0 x
	for n in "$@"; do
		x=$(grep -c 'CHILD_SA .* established' "$IOP_RUN/$n/charon.log" 2>/dev/null) || x=0
		c=$((c + x))
	done
	echo "$c"
}
# wait_up WANT SECONDS NS...: poll until WANT SAs are up in NS... or SECONDS
# pass; sets UP (how many) and UP_MS (ms since T0)
wait_up() {
	local want=$1 secs=$2 deadline
	shift 2
	deadline=$((T0 + secs * 1000))
	while :; do
		UP=$(up_count "$@")
		UP_MS=$(($(now_ms) - T0))
		[ "$UP" -lt "$want" ] && [ "$(now_ms)" -lt "$deadline" ] || break
		sleep 0.05
	done
}
clients=()
for i in $(seq 1 "$K"); do clients+=("cl$i"); done
clients_stop() {
	local n
	for n in "$@"; do charon_stop "$n"; done
}

# ---- the responders
flexd_up() { # [MFA]
	rm -rf "$IOP_RUN/flash"
	start_flexd hub "$IOP_RUN/flash"
	sed -e 's|^ip local pool FLEXPOOL .*|ip local pool FLEXPOOL 10.99.0.1 10.99.15.254|' \
		-e 's|^end$|crypto ikev2 limit max-in-negotiation-sa 99999\nend|' \
		"$IOP_CONF/flexd-hub-eap.cfg" >"$IOP_RUN/flexd-hub.cfg"
	flexsh_hub_script "$IOP_RUN/flexd-hub.cfg" >"$IOP_RUN/hub/config.out" 2>&1 || true
	if [ "${1:-}" = mfa ]; then
		flexsh_hub "configure terminal" "radius server R1" "timeout 75" "retransmit 0" "end" >>"$IOP_RUN/hub/config.out" 2>&1 || true
	fi
	! grep -q '^%' "$IOP_RUN/hub/config.out" || fail "flexd refused its config: $(grep '^%' "$IOP_RUN/hub/config.out" | head -n 3)"
	HUB_PID=$FLEXD_PID
}
swan_up() { # [MFA]
	local rt="" ho=30
	# MFA: one RADIUS try waits 75 s (tries = 1: one send); an IKE_SA still
	# authenticating is deleted as half-open after 30 s unless raised
	[ "${1:-}" = mfa ] && rt="retransmit_timeout = 75
      retransmit_tries = 1" ho=90
	cat >"$IOP_RUN/hub-bench.conf" <<-EOF
	charon {
	  filelog {
	    interop {
	      default = $LV
	      ike = $LV2
	      cfg = $LV2
	      knl = $LV
	    }
	  }
	  # no DoS throttling of the clients (lab NOTES gotchas 3, 4): no cookies
	  block_threshold = 100000
	  cookie_threshold = 100000
	  cookie_threshold_ip = 100000
	  init_limit_half_open = 0
	  ikesa_table_size = 4096
	  ikesa_table_segments = 16
	  threads = $SW_THREADS
	  half_open_timeout = $ho
	  plugins {
	    eap-radius {
	      servers {
	        aaa {
	          address = 198.51.100.2
	          secret = testing123
	          auth_port = 1812
	          sockets = $SW_SOCKETS
	        }
	      }
	      $rt
	    }
	  }
	}
	EOF
	rm -rf "$IOP_RUN/hub/swanctl"
	rm -f "$IOP_RUN/hub/run/charon.vici"
	charon_start hub hub "$IOP_RUN/hub-bench.conf"
	HUB_PID=$(cat "$IOP_RUN/hub/charon.ppid")
	cat >"$IOP_RUN/hub/swanctl/swanctl.conf" <<-EOF
	connections {
	  rw-eap {
	    version = 2
	    local_addrs = 192.0.2.1
	    proposals = aes256-sha256-modp2048
	    pools = pool-rw
	    unique = never
	    local { auth = psk
	            id = hub.lab.example }
	    remote { auth = eap-radius
	             eap_id = %any
	             id = %any }
	    children { rw { local_ts = 10.10.0.0/24
	                    esp_proposals = aes256gcm16 } }
	  }
	}
	pools { pool-rw { addrs = 10.99.0.0/20
	                  dns = 10.10.0.53, 10.10.0.54 } }
	secrets { ike-any { secret = $PSK } }
	EOF
	swt 30 hub --load-all --noprompt >"$IOP_RUN/hub/swanctl.out" 2>&1 || fail "hub: swanctl --load-all: $(tail -n 3 "$IOP_RUN/hub/swanctl.out")"
}
hub_down() {
	# charon with threads stuck on RADIUS needs SIGKILL (notices to the log)
	if [ "$1" = flexd ]; then stop_flexd; else charon_stop hub 2>>"$IOP_RUN/stops.log"; fi
}

# rate RESP: part 1 against RESP (flexd|swan); sets R_RATE R_CPU R_LINE
rate() {
	local resp=$1 i j users c0 c1 l0
	for i in $(seq 1 "$K"); do
		users=()
		for j in $(seq 1 "$M"); do users+=("u$(((i - 1) * M + j))"); done
		client_start "cl$i" "${users[@]}"
	done
	"${resp}_up"
	l0=$(logins)
	c0=$(cpu_ms "$HUB_PID")
	T0=$(now_ms)
	load_conns "${clients[@]}"
	wait_up $((K * M)) "$RATE_TO" "${clients[@]}"
	sleep 0.2 # the responder may still be finishing its last answer
	c1=$(cpu_ms "$HUB_PID")
	log "$resp: $UP of $((K * M)) up in $UP_MS ms, hub CPU $((c1 - c0)) ms, FreeRADIUS logins $(($(logins) - l0))"
	R_RATE=$(awk -v n="$UP" -v ms="$UP_MS" 'BEGIN { printf "%.0f", n * 1000 / ms }')
	R_CPU=$(awk -v c=$((c1 - c0)) -v n="$UP" 'BEGIN { if (n > 0) printf "%.2f", c / n; else print "n/a" }')
	R_LINE="$R_RATE sessions/s ($UP in $(awk -v ms="$UP_MS" 'BEGIN { printf "%.2f", ms / 1000 }') s), $R_CPU ms CPU/session"
	# shellcheck disable=SC2034  # lib.sh: keep the run's logs
	[ "$UP" = $((K * M)) ] || { R_LINE="$R_LINE ($((K * M - UP)) of $((K * M)) not up in ${RATE_TO} s)"; IOP_KEEP_LOGS=1; }
	clients_stop "${clients[@]}"
	hub_down "$resp"
}

# mfa RESP: part 2 against RESP; sets F_LINE F_MS
mfa() {
	local resp=$1 i j users per slow=() held t1 sl
	radius_restart
	"${resp}_up" mfa
	for i in $(seq 1 "$MS"); do slow+=("s$i"); done
	client_start "$SLOWNS" "${slow[@]}"
	per=$(((MU + K - 1) / K))
	for i in $(seq 1 "$K"); do
		users=()
		for j in $(seq 1 "$per"); do
			[ $(((i - 1) * per + j)) -le "$MU" ] && users+=("u$(((i - 1) * per + j))")
		done
		client_start "cl$i" "${users[@]}"
	done
	T0=$(now_ms)
	load_conns "$SLOWNS"
	# until FreeRADIUS sits on every slow user's answer, or their number
	# has not grown for 5 s (a responder may have fewer RADIUS requests
	# in flight), at most 30 s
	local n=0 grew=$T0
	held=0
	while [ $(($(now_ms) - T0)) -lt 30000 ] && [ $(($(now_ms) - grew)) -lt 5000 ]; do
		n=$(sort -u "$IOP_RUN/aaa/slow.txt" 2>/dev/null | wc -l)
		[ "$n" = "$held" ] || grew=$(now_ms)
		held=$n
		[ "$held" -lt "$MS" ] || break
		sleep 0.1
	done
	log "$resp: FreeRADIUS holds $held of $MS slow users after $(($(now_ms) - T0)) ms"
	T0=$(now_ms)
	load_conns "${clients[@]}"
	wait_up "$MU" "$MFA_TO" "${clients[@]}"
	sl=$(up_count "$SLOWNS")
	log "$resp: $UP of $MU up in $UP_MS ms; slow ones up meanwhile: $sl"
	F_MS=$UP_MS
	t1=$(awk -v ms="$UP_MS" 'BEGIN { printf "%.2f", ms / 1000 }')
	if [ "$UP" = "$MU" ]; then
		F_LINE="$MU users up in $t1 s"
	else
		F_LINE="stalled: $UP of $MU users up in $t1 s"
		F_MS=n/a
		# shellcheck disable=SC2034  # lib.sh: keep the logs (flexd must not stall)
		[ "$resp" = swan ] || IOP_KEEP_LOGS=1
	fi
	F_LINE="$F_LINE while $held of $MS wait on their 60 s RADIUS answer ($sl of them up by then)"
	clients_stop "${clients[@]}" "$SLOWNS"
	hub_down "$resp"
}

rate flexd
f_rate=$R_RATE f_cpu=$R_CPU f_line=$R_LINE
rate swan
s_rate=$R_RATE s_cpu=$R_CPU s_line=$R_LINE
if [ "$MFA" = 1 ]; then
	mfa flexd
	f_mfa=$F_LINE f_mfa_ms=$F_MS
	mfa swan
	s_mfa=$F_LINE s_mfa_ms=$F_MS
	if [ -n "$SW_TUNED" ]; then
		# again with a thread and a RADIUS socket for every waiting user
		read -r t_threads t_sockets <<<"$SW_TUNED"
		SW_THREADS=$t_threads SW_SOCKETS=$t_sockets mfa swan
		t_mfa=$F_LINE t_mfa_ms=$F_MS
	fi
fi

pid_stop "$IOP_RADIUS_PID" 1 2>>"$IOP_RUN/stops.log"
ver=$(dpkg-query -W -f '${Version}' strongswan-charon 2>/dev/null || echo "?")
echo "eap-rate: EAP-MD5 via FreeRADIUS, $K x $M clients at once: flexd $f_line"
echo "eap-rate: EAP-MD5 via FreeRADIUS, $K x $M clients at once: strongSwan $ver (threads $SW_THREADS, RADIUS sockets $SW_SOCKETS) $s_line"
echo "eap-rate: flexd/strongSwan: rate $(ratio "$f_rate" "$s_rate"), CPU per session $(ratio "$f_cpu" "$s_cpu")"
if [ "$MFA" = 1 ]; then
	echo "eap-rate: MFA: flexd $f_mfa"
	echo "eap-rate: MFA: strongSwan (threads $SW_THREADS, RADIUS sockets $SW_SOCKETS) $s_mfa"
	[ -z "$SW_TUNED" ] || echo "eap-rate: MFA: strongSwan (threads $t_threads, RADIUS sockets $t_sockets) $t_mfa"
	if [ "$s_mfa_ms" = n/a ] && [ "$f_mfa_ms" != n/a ]; then
		echo "eap-rate: MFA time flexd/strongSwan: < $(ratio "$f_mfa_ms" $((MFA_TO * 1000))) (strongSwan not done in $MFA_TO s)"
	else
		echo "eap-rate: MFA time flexd/strongSwan: $(ratio "$f_mfa_ms" "$s_mfa_ms") (lower is better for flexd)"
	fi
	[ -z "$SW_TUNED" ] || echo "eap-rate: MFA time flexd/strongSwan (threads $t_threads, RADIUS sockets $t_sockets): $(ratio "$f_mfa_ms" "$t_mfa_ms")"
fi
