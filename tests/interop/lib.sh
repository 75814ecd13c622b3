# shellcheck shell=bash disable=SC2015,SC2016
# (SC2015: `A && B || fail` is meant; SC2016: sh -c scripts take "$1".)
# tests/interop/lib.sh -- bash (not POSIX sh: arrays, local, [[ ]], EPOCHREALTIME).
#
# The interop harness: real strongSwan peers (and later FreeRADIUS, flexd)
# in network namespaces this run creates itself.  A scenario is a bash
# script that sources this file:
#
#   #!/bin/bash
#   set -eu
#   . "$(dirname "$0")/lib.sh"
#   iop_init my-scenario          # root check, run dir, cleanup trap
#   topo_up 1                     # hub, aaa, lan, cl1
#   ...
#   pass "what was proven"
#
# and exits 0 only if everything it checks worked (77 = skipped).  The EXIT
# trap stops every process started here by PID and deletes the namespaces,
# also when the scenario fails half way or is interrupted.
#
# Topology (topo_up N): namespace names are "$IOP_TAG-<short>", IOP_TAG
# defaults to fx$$, so parallel or leftover runs never collide.  Functions
# take the SHORT name (hub, cl1, ...); `ns hub` gives the real one.
#
#   cl1 192.0.2.2 eth0 --veth-- wan-cl1 -+
#   cl2 192.0.2.3 eth0 --veth-- wan-cl2 -+ br-wan 192.0.2.1/24  [hub]
#   clN 192.0.2.N+1 ...                  -+
#   [hub] aaa0 198.51.100.1/24 --veth-- eth0 198.51.100.2/24 [aaa]  (RADIUS later)
#   [hub] lan0 10.10.0.1/24    --veth-- eth0 10.10.0.2/24    [lan]  (host behind the hub)
#
# No default routes anywhere; hub forwards; aaa and lan route 10.99.0.0/16
# (the VPN pool, IOP default 10.99.0.0/24) via the hub.  IPv6 is off in all
# namespaces (quiet captures).  Traffic stays inside these namespaces.
#
# Runtime state (logs, configs, sockets, keys, flash) is in
# $IOP_RUN = $IOP_BASE/$IOP_TAG (IOP_BASE default /tmp/flexd-interop), never
# in the repo.  It is removed after a passing run, kept after a failing one.
#
# Environment knobs:
#   IOP_TAG=fxNNN     namespace prefix (run.sh sets one per scenario)
#   IOP_BASE=DIR      parent of the run dirs
#   IOP_KEEP=1        leave everything running at exit (tear down later with
#                     `bash tests/interop/lib.sh down TAG`)
#   IOP_KEEP_LOGS=1   keep $IOP_RUN after a passing run too
#   IOP_VERBOSE=1     echo every step with a timestamp (default on)
#   FLEXD, FLEXSH     binaries (default build/flexd, build/flexsh of this repo)

IOP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IOP_REPO=$(cd "$IOP_DIR/../.." && pwd)
IOP_CONF=$IOP_DIR/conf
IOP_TAG=${IOP_TAG:-fx$$}
IOP_BASE=${IOP_BASE:-/tmp/flexd-interop}
IOP_RUN=$IOP_BASE/$IOP_TAG
IOP_PKI=${IOP_PKI:-$IOP_RUN/pki}
FLEXD=${FLEXD:-$IOP_REPO/build/flexd}
FLEXSH=${FLEXSH:-$IOP_REPO/build/flexsh}
CHARON=${CHARON:-/usr/lib/ipsec/charon}
IOP_NAME=${IOP_NAME:-interop}
IOP_T0=${EPOCHREALTIME:-0}

# bash 5.2: '&' in ${var//pat/rep} would mean "the match"; values are literal
shopt -u patsub_replacement 2>/dev/null || true

# Defaults for every @KEY@ of the templates in conf/ (render, sw_conf).
# shellcheck disable=SC2054  # commas are inside values
IOP_DEFAULTS=(
	HUB_ADDR=192.0.2.1
	REMOTE_ID=hub.lab.example
	IKE_PROPOSALS=aes256-sha256-modp2048
	ESP_PROPOSALS=aes256gcm16,aes256-sha256
	REMOTE_TS=10.10.0.0/24,198.51.100.0/24
	LOCAL_TS=10.10.0.0/24,198.51.100.0/24
	PSK=interop-psk-0123456789
	POOL=10.99.0.0/24
	"DNS=10.10.0.53, 10.10.0.54"
	LOCAL_AUTH=pubkey
	REMOTE_AUTH=pubkey
)

# ---------------------------------------------------------------- messages

# log MSG...: a step, with seconds since iop_init, on stderr.
log() {
	[ "${IOP_VERBOSE:-1}" = 1 ] || return 0
	printf '[%s %6s] %s\n' "$IOP_NAME" "$(iop_elapsed)" "$*" >&2
}

# iop_elapsed: seconds (3 decimals) since iop_init.
iop_elapsed() {
	local now=${EPOCHREALTIME:-0}
	local us=$((${now/./} - ${IOP_T0/./}))
	printf '%d.%03d' $((us / 1000000)) $(((us / 1000) % 1000))
}

# now_ms: wall clock in milliseconds (for timing a step: t=$(now_ms); ...; echo $(( $(now_ms) - t )) ms).
now_ms() {
	local now=${EPOCHREALTIME/./}
	echo $((now / 1000))
}

# fail MSG...: print "FAIL: MSG" and exit 1 (the EXIT trap cleans up and
# dumps the tails of the logs).
fail() {
	echo "FAIL: [$IOP_NAME] $*" >&2
	exit 1
}

# skip MSG...: the scenario cannot run here (e.g. no flexd IKE engine yet):
# exit 77, which run.sh counts as skipped.
skip() {
	echo "SKIP: [$IOP_NAME] $*" >&2
	exit 77
}

# pass MSG...: print "PASS: MSG" (does not exit; the scenario ends with exit 0).
pass() {
	echo "PASS: [$IOP_NAME] $* ($(iop_elapsed) s)"
}

# check DESC CMD...: run CMD; fail with DESC unless it succeeds; log DESC if it does.
check() {
	local desc=$1
	shift
	if "$@"; then
		log "ok: $desc"
	else
		fail "$desc (command: $*)"
	fi
}

# check_not DESC CMD...: the negative form: fail with DESC if CMD succeeds.
check_not() {
	local desc=$1
	shift
	if "$@"; then
		fail "$desc (command unexpectedly succeeded: $*)"
	else
		log "ok: $desc"
	fi
}

# ---------------------------------------------------------------- waiting

# wait_for [-p PID] SECONDS DESC CMD...: poll CMD (output discarded) every
# 0.1 s until it succeeds.  Bounded both in count (SECONDS*10 tries) and in
# time (SECONDS of wall clock).  With -p, give up at once when process PID
# has exited (a daemon that died will never become ready).  Returns 1 with
# a message on stderr on timeout, so under set -e the scenario fails.
wait_for() {
	local pid=""
	if [ "$1" = -p ]; then
		pid=$2
		shift 2
	fi
	local secs=$1 desc=$2
	shift 2
	local n=0 max=$((secs * 10)) deadline=$((SECONDS + secs + 1))
	while [ $n -lt $max ] && [ $SECONDS -le $deadline ]; do
		if "$@" >/dev/null 2>&1; then
			return 0
		fi
		if [ -n "$pid" ] && ! pid_alive "$pid"; then
			echo "wait_for: process $pid exited before: $desc" >&2
			return 1
		fi
		sleep 0.1
		n=$((n + 1))
	done
	echo "wait_for: timed out after ${secs}s: $desc" >&2
	return 1
}

# ---------------------------------------------------------------- processes by PID

# pid_alive PID: true while PID exists and is not a zombie.
pid_alive() {
	local line
	[ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] || return 1
	read -r line <"/proc/$1/stat" 2>/dev/null || return 1
	line=${line##*) }
	[ "${line%% *}" != Z ]
}

# _pid_starttime PID: field 22 of /proc/PID/stat (start time in clock
# ticks): with the PID it identifies one process even if PIDs wrap.
_pid_starttime() {
	local line
	read -r line <"/proc/$1/stat" 2>/dev/null || return 1
	line=${line##*) }
	# shellcheck disable=SC2086
	set -- $line
	echo "${20}"
}

# pid_track PID NAME: remember PID (with its start time) for the cleanup.
# Every background process a scenario starts goes through this.
pid_track() {
	local st
	st=$(_pid_starttime "$1") || st=0
	echo "$1 $st $2" >>"$IOP_RUN/pids"
}

# pid_stop PID [SECONDS]: SIGTERM, wait up to SECONDS (default 5) for it
# to exit, then SIGKILL; reap it if it is our child.  Only a PID this run
# tracked (same start time) is signalled; an untracked or gone PID is a no-op.
pid_stop() {
	local pid=$1 secs=${2:-5} st want=""
	[ -n "$pid" ] || return 0
	if [ -r "$IOP_RUN/pids" ]; then
		want=$(awk -v p="$pid" '$1 == p { s = $2 } END { print s }' "$IOP_RUN/pids")
	fi
	if pid_alive "$pid"; then
		st=$(_pid_starttime "$pid") || st=""
		if [ -n "$want" ] && [ "$st" = "$want" ]; then
			kill -TERM "$pid" 2>/dev/null || true
			local n=0
			while pid_alive "$pid" && [ $n -lt $((secs * 10)) ]; do
				sleep 0.1
				n=$((n + 1))
			done
			if pid_alive "$pid"; then
				echo "pid_stop: $pid did not exit in ${secs}s, SIGKILL" >&2
				kill -KILL "$pid" 2>/dev/null || true
				n=0
				while pid_alive "$pid" && [ $n -lt 20 ]; do
					sleep 0.1
					n=$((n + 1))
				done
			fi
		fi
	fi
	wait "$pid" 2>/dev/null || true
	if [ -r "$IOP_RUN/pids" ]; then
		awk -v p="$pid" '$1 != p' "$IOP_RUN/pids" >"$IOP_RUN/pids.new" && mv "$IOP_RUN/pids.new" "$IOP_RUN/pids"
	fi
}

# bg_start NS NAME CMD...: run CMD in the background inside namespace NS
# (short name), stdout+stderr to $IOP_RUN/NS/NAME.out, tracked by PID.
# The PID is left in $IOP_LAST_PID (call it in the main shell, not in
# $(...), or the process is not this shell's child).  Stop with pid_stop.
bg_start() {
	local n=$1 name=$2
	shift 2
	mkdir -p "$IOP_RUN/$n"
	ip netns exec "$(ns "$n")" "$@" >"$IOP_RUN/$n/$name.out" 2>&1 </dev/null &
	IOP_LAST_PID=$!
	pid_track "$IOP_LAST_PID" "$n/$name"
}

# ---------------------------------------------------------------- setup and cleanup

# iop_init NAME: start a scenario: checks root and tools, creates $IOP_RUN,
# installs the EXIT/INT/TERM/HUP trap (iop_cleanup).  Call once, first.
iop_init() {
	IOP_NAME=${1:-$IOP_NAME}
	IOP_T0=$EPOCHREALTIME
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
	local b
	for b in ip openssl swanctl "$CHARON"; do
		command -v "$b" >/dev/null 2>&1 || skip "missing $b: run tests/interop/install.sh"
	done
	if [ -e "$IOP_RUN" ]; then
		fail "$IOP_RUN exists: tag $IOP_TAG in use (or left over: bash $IOP_DIR/lib.sh down $IOP_TAG)"
	fi
	mkdir -p "$IOP_RUN"
	: >"$IOP_RUN/pids"
	trap iop_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	log "run dir $IOP_RUN, namespaces $IOP_TAG-*"
}

# iop_cleanup: the EXIT trap.  Stops every tracked process (newest first,
# SIGTERM then SIGKILL), then kills by PID whatever still lives in this
# run's namespaces, deletes the namespaces, and removes $IOP_RUN unless the
# run failed (or IOP_KEEP_LOGS=1).  On failure prints the tails of the logs.
# With IOP_KEEP=1 does nothing but say how to tear down later.
iop_cleanup() {
	local rc=$?
	set +e
	trap - EXIT INT TERM HUP
	if [ "${IOP_KEEP:-0}" = 1 ]; then
		echo "IOP_KEEP=1: left running in $IOP_RUN; tear down: bash $IOP_DIR/lib.sh down $IOP_TAG" >&2
		exit $rc
	fi
	if [ $rc != 0 ] && [ $rc != 77 ]; then
		iop_dump_logs
	fi
	if [ -r "$IOP_RUN/pids" ]; then
		local pid
		for pid in $(tac "$IOP_RUN/pids" | awk '{ print $1 }'); do
			pid_stop "$pid" 3
		done
	fi
	topo_down
	if [ $rc = 0 ] || [ $rc = 77 ]; then
		[ "${IOP_KEEP_LOGS:-0}" = 1 ] || rm -rf "$IOP_RUN"
	else
		echo "logs kept in $IOP_RUN" >&2
	fi
	exit $rc
}

# iop_dump_logs: last lines of every log of this run, on stderr.
iop_dump_logs() {
	local f
	for f in "$IOP_RUN"/*/charon.log "$IOP_RUN"/*/*.out; do
		[ -s "$f" ] || continue
		echo "---- ${f#"$IOP_RUN"/} (last 25 lines)" >&2
		tail -n 25 "$f" >&2
	done
}

# ---------------------------------------------------------------- topology

# ns SHORT: the real namespace name of SHORT (hub, cl1, aaa, lan).
ns() {
	echo "$IOP_TAG-$1"
}

# nsx SHORT CMD...: run CMD inside namespace SHORT (foreground).
nsx() {
	local n=$1
	shift
	ip netns exec "$(ns "$n")" "$@"
}

# _ns_add SHORT: create a namespace with lo up and IPv6 off.
_ns_add() {
	ip netns add "$(ns "$1")"
	ip -n "$(ns "$1")" link set lo up
	nsx "$1" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
	mkdir -p "$IOP_RUN/$1"
}

# topo_up [N]: create hub, aaa, lan and cl1..clN (default N=1, at most 200)
# wired as drawn at the top of this file, and check that every client
# reaches the hub.  Sets IOP_CLIENTS=N.
topo_up() {
	local n=${1:-1} i h
	[ "$n" -ge 1 ] && [ "$n" -le 200 ] || fail "topo_up: 1..200 clients"
	# shellcheck disable=SC2034  # for the scenarios
	IOP_CLIENTS=$n
	h=$(ns hub)
	for i in hub aaa lan; do _ns_add "$i"; done
	nsx hub sysctl -q -w net.ipv4.ip_forward=1
	ip -n "$h" link add br-wan type bridge forward_delay 0
	ip -n "$h" addr add 192.0.2.1/24 dev br-wan
	ip -n "$h" link set br-wan up
	for i in $(seq 1 "$n"); do
		_ns_add "cl$i"
		# created straight in the namespaces: no name ever exists in the root one
		ip link add name "wan-cl$i" netns "$h" type veth peer name eth0 netns "$(ns "cl$i")"
		ip -n "$h" link set "wan-cl$i" master br-wan up
		ip -n "$(ns "cl$i")" addr add "192.0.2.$((i + 1))/24" dev eth0
		ip -n "$(ns "cl$i")" link set eth0 up
	done
	ip link add name aaa0 netns "$h" type veth peer name eth0 netns "$(ns aaa)"
	ip -n "$h" addr add 198.51.100.1/24 dev aaa0
	ip -n "$h" link set aaa0 up
	ip -n "$(ns aaa)" addr add 198.51.100.2/24 dev eth0
	ip -n "$(ns aaa)" link set eth0 up
	ip -n "$(ns aaa)" route add 10.99.0.0/16 via 198.51.100.1
	ip link add name lan0 netns "$h" type veth peer name eth0 netns "$(ns lan)"
	ip -n "$h" addr add 10.10.0.1/24 dev lan0
	ip -n "$h" link set lan0 up
	ip -n "$(ns lan)" addr add 10.10.0.2/24 dev eth0
	ip -n "$(ns lan)" link set eth0 up
	ip -n "$(ns lan)" route add 10.99.0.0/16 via 10.10.0.1
	for i in $(seq 1 "$n"); do
		wait_for 5 "cl$i reaches the hub" nsx "cl$i" ping -c 1 -W 1 192.0.2.1
	done
	wait_for 5 "hub reaches aaa" nsx hub ping -c 1 -W 1 198.51.100.2
	wait_for 5 "hub reaches lan" nsx hub ping -c 1 -W 1 10.10.0.2
	log "topology up: hub aaa lan cl1..cl$n"
}

# topo_down: kill (by PID, TERM then KILL) any process still inside this
# run's namespaces and delete them.  Safe to call twice.
topo_down() {
	_down_tag "$IOP_TAG"
}

# _down_tag TAG: topo_down for any tag (lib.sh down TAG, gc).
_down_tag() {
	local tag=$1 n pids p i
	for n in $(ip netns list 2>/dev/null | awk '{ print $1 }' | grep -E "^$tag-(hub|aaa|lan|cl[0-9]+)\$"); do
		for i in 1 2 3; do
			pids=$(ip netns pids "$n" 2>/dev/null)
			[ -n "$pids" ] || break
			for p in $pids; do
				if [ $i = 3 ]; then kill -KILL "$p" 2>/dev/null; else kill -TERM "$p" 2>/dev/null; fi
			done
			local k=0
			while [ -n "$(ip netns pids "$n" 2>/dev/null)" ] && [ $k -lt 20 ]; do
				sleep 0.1
				k=$((k + 1))
			done
		done
		ip netns del "$n" 2>/dev/null || echo "topo_down: cannot delete $n" >&2
	done
}

# ---------------------------------------------------------------- templates

# render TEMPLATE OUT [KEY=VALUE...]: copy TEMPLATE to OUT replacing each
# @KEY@ by VALUE (literally); KEYs not given take IOP_DEFAULTS.  Fails if
# any @KEY@ is left.
render() {
	local tpl=$1 out=$2 t kv k v
	shift 2
	[ -r "$tpl" ] || fail "render: no template $tpl"
	t=$(<"$tpl")
	for kv in "$@" "${IOP_DEFAULTS[@]}"; do
		k=${kv%%=*}
		v=${kv#*=}
		t=${t//"@$k@"/"$v"}
	done
	if [[ $t =~ @[A-Z][A-Z0-9_]*@ ]]; then
		fail "render: $tpl: ${BASH_REMATCH[0]} has no value"
	fi
	printf '%s\n' "$t" >"$out"
}

# ---------------------------------------------------------------- strongSwan

# charon_start NS ROLE [APPEND_FILE...]: start charon inside namespace NS
# with conf/strongswan-ROLE.conf (ROLE hub = responder, client =
# initiator) rendered to $IOP_RUN/NS/strongswan.conf, APPEND_FILEs appended
# (later settings override earlier ones).  charon's pid file is hard-wired
# to /var/run/charon.pid, so it runs as
#   ip netns exec NS sh -c 'mount --bind $IOP_RUN/NS/run /run && exec charon'
# (ip netns exec gives it a private mount namespace: the bind mount is
# invisible outside and goes away with the process).  Waits for the vici
# socket.  PID in CHARON_PID_<NS> and $IOP_RUN/NS/charon.ppid.
charon_start() {
	local n=$1 role=$2 f d pid
	shift 2
	d=$IOP_RUN/$n
	mkdir -p "$d/run"
	for f in x509 x509ca x509ocsp x509aa x509ac x509crl pubkey private rsa ecdsa bliss pkcs8 pkcs12; do
		mkdir -p "$d/swanctl/$f"
	done
	[ -e "$d/swanctl/swanctl.conf" ] || : >"$d/swanctl/swanctl.conf"
	render "$IOP_CONF/strongswan-$role.conf" "$d/strongswan.conf" RUN="$IOP_RUN" NS="$n"
	for f in "$@"; do
		cat "$f" >>"$d/strongswan.conf"
	done
	STRONGSWAN_CONF=$d/strongswan.conf ip netns exec "$(ns "$n")" \
		sh -c 'mount --bind "$1" /run && exec "$2"' \
		charon-sh "$d/run" "$CHARON" >"$d/charon.out" 2>&1 </dev/null &
	pid=$!
	pid_track "$pid" "$n/charon"
	echo "$pid" >"$d/charon.ppid"
	printf -v "CHARON_PID_$n" '%s' "$pid"
	wait_for -p "$pid" 10 "charon in $n: vici socket" test -S "$d/run/charon.vici"
	log "charon ($role) up in $n, pid $pid"
}

# charon_stop NS: stop NS's charon by PID (SIGTERM: it sends DELETEs for its
# SAs first; SIGKILL after 5 s).
charon_stop() {
	local n=$1 pid
	pid=$(cat "$IOP_RUN/$n/charon.ppid" 2>/dev/null) || return 0
	pid_stop "$pid" 5
	rm -f "$IOP_RUN/$n/charon.ppid"
	log "charon in $n stopped"
}

# sw NS ARGS...: swanctl against NS's charon (runs in the root namespace:
# the vici socket is a UNIX socket path; STRONGSWAN_CONF gives swanctl its
# socket, SWANCTL_DIR its swanctl.conf and credentials).  E.g.
#   sw cl1 --initiate --child hub --timeout 20
#   sw hub --list-sas
sw() {
	local n=$1
	shift
	STRONGSWAN_CONF=$IOP_RUN/$n/strongswan.conf SWANCTL_DIR=$IOP_RUN/$n/swanctl swanctl "$@"
}

# sw_conf NS TEMPLATE [KEY=VALUE...]: render conf/swanctl-TEMPLATE.conf
# (client-psk, client-cert, hub-psk, hub-cert) into NS's swanctl.conf and
# load it all (credentials, pools, connections).  Defaults: LOCAL_ID =
# NS.lab.example, CERT = NS-rsa.crt, then IOP_DEFAULTS.  Output of swanctl
# in $IOP_RUN/NS/swanctl.out.
sw_conf() {
	local n=$1 tpl=$2
	shift 2
	render "$IOP_CONF/swanctl-$tpl.conf" "$IOP_RUN/$n/swanctl/swanctl.conf" "$@" \
		LOCAL_ID="$n.lab.example" CERT="$n-rsa.crt"
	if ! sw "$n" --load-all --noprompt >>"$IOP_RUN/$n/swanctl.out" 2>&1; then
		tail -n 20 "$IOP_RUN/$n/swanctl.out" >&2
		fail "sw_conf $n $tpl: swanctl --load-all failed"
	fi
	log "swanctl.conf $tpl loaded in $n"
}

# sw_install_cert NS NAME: give NS's charon the certificate NAME.crt and key
# NAME.key from $IOP_PKI (made by pki_lab) and the CA as trust anchor.
sw_install_cert() {
	local n=$1 name=$2 d=$IOP_RUN/$1/swanctl
	[ -r "$IOP_PKI/$name.crt" ] || fail "sw_install_cert: no $IOP_PKI/$name.crt (pki_lab first)"
	cp "$IOP_PKI/$name.crt" "$d/x509/"
	cp "$IOP_PKI/$name.key" "$d/private/"
	cp "$IOP_PKI/ca.crt" "$d/x509ca/"
}

# sw_eap_users_conf NS START USER...: NS's swanctl.conf with one connection
# per USER to the hub: EAP-MD5 with identity USER@lab.example, EAP id USER,
# password USER-pw (the RADIUS users of radius_up's callers), the hub's
# PSK (IOP_DEFAULTS) verified, a virtual address, traffic to lan.  START
# is the children's start_action (none: initiate each; start: all at
# load).  Not loaded: sw NS --load-all.
sw_eap_users_conf() {
	local n=$1 start=$2 u
	shift 2
	{
		echo "connections {"
		for u in "$@"; do
			cat <<-EOF
			  $u {
			    version = 2
			    remote_addrs = 192.0.2.1
			    proposals = aes256-sha256-modp2048
			    vips = 0.0.0.0
			    local { auth = eap-md5
			            id = $u@lab.example
			            eap_id = $u }
			    remote { auth = psk
			             id = hub.lab.example }
			    children { $u { remote_ts = 10.10.0.0/24
			                    esp_proposals = aes256gcm16
			                    start_action = $start } }
			  }
			EOF
		done
		echo "}"
		echo "secrets {"
		for u in "$@"; do
			printf '  eap-%s { id = %s\n    secret = %s-pw }\n' "$u" "$u" "$u"
		done
		printf '  ike-hub { id = hub.lab.example\n    secret = interop-psk-0123456789 }\n}\n'
	} >"$IOP_RUN/$n/swanctl/swanctl.conf"
}

# client_up NS [CHILD] [SECONDS]: initiate CHILD (default hub, the conn and
# child name of the client templates) from NS, bounded by SECONDS (default
# 20).  swanctl output in $IOP_RUN/NS/initiate.out; returns swanctl's status
# and leaves the wall time in IOP_INITIATE_MS.
client_up() {
	local n=$1 child=${2:-hub} secs=${3:-20} t rc=0
	t=$(now_ms)
	sw "$n" --initiate --child "$child" --timeout "$secs" >"$IOP_RUN/$n/initiate.out" 2>&1 || rc=$?
	IOP_INITIATE_MS=$(($(now_ms) - t))
	log "$n: swanctl --initiate $child: rc $rc, ${IOP_INITIATE_MS} ms"
	return $rc
}

# client_vip NS: print the virtual IPv4 address NS's charon obtained (from
# swanctl --list-sas --raw: local-vips), nothing if none.
client_vip() {
	sw "$1" --list-sas --raw 2>/dev/null | sed -n 's/.*local-vips=\[\([0-9.]*\).*/\1/p' | head -n 1
}

# sa_established NS [CONN]: true if NS's charon has an IKE SA (of CONN, if
# given) in state ESTABLISHED.
sa_established() {
	local out
	out=$(sw "$1" --list-sas 2>/dev/null) || return 1
	if [ -n "${2:-}" ]; then
		grep -Eq "^$2: #[0-9]+, ESTABLISHED, IKEv2" <<<"$out"
	else
		grep -Eq '^[^ ].*: #[0-9]+, ESTABLISHED, IKEv2' <<<"$out"
	fi
}

# sa_none NS: true if NS's charon answers and has no IKE SA at all (for
# wait_for: "the SA went away").
sa_none() {
	local out
	out=$(sw "$1" --list-sas 2>/dev/null) || return 1
	! grep -Eq '^[^ ].*: #[0-9]+, [A-Z_]+, IKEv' <<<"$out"
}

# child_installed NS [CHILD]: true if NS's charon has a CHILD SA (named
# CHILD, if given) in state INSTALLED.
child_installed() {
	local out
	out=$(sw "$1" --list-sas 2>/dev/null) || return 1
	grep -Eq "^  ${2:-[^ ]+}: #[0-9]+, reqid [0-9]+, INSTALLED" <<<"$out"
}

# in_pool ADDR PREFIX: true if IPv4 ADDR starts with PREFIX (e.g. 10.99.0.).
in_pool() {
	[ -n "$1" ] && [ "${1#"$2"}" != "$1" ]
}

# dns_got NS ADDR...: true if NS's charon (resolve plugin) wrote every ADDR
# as a nameserver into $IOP_RUN/NS/resolv.conf, i.e. the responder pushed
# them in the CP payload.
dns_got() {
	local n=$1 a
	shift
	# lines read "nameserver 10.10.0.53   # by strongSwan"
	for a in "$@"; do
		grep -Eq "^nameserver[[:space:]]+${a//./\\.}([[:space:]]|\$)" "$IOP_RUN/$n/resolv.conf" 2>/dev/null || return 1
	done
}

# ping_ok NS SRC DST [COUNT]: COUNT (default 3) pings from address SRC in NS
# to DST, every one answered.
ping_ok() {
	local c=${4:-3}
	nsx "$1" ping -n -q -c "$c" -i 0.2 -W 2 -I "$2" "$3" >"$IOP_RUN/$1/ping.out" 2>&1 &&
		grep -q " $c received" "$IOP_RUN/$1/ping.out"
}

# esp_counts NS: print "PACKETS_IN PACKETS_OUT", summed over NS's CHILD SAs
# (swanctl --list-sas --raw).  With kernel-libipsec nothing in the kernel
# enforces policy: a cleartext reply to the VIP would reach ping too, so
# "the pings came back" proves ESP only together with these counters.
esp_counts() {
	sw "$1" --list-sas --raw 2>/dev/null | grep -oE 'packets-(in|out)=[0-9]+' |
		awk -F= '$1 == "packets-in" { i += $2 } $1 == "packets-out" { o += $2 } END { print i + 0, o + 0 }'
}

# esp_at_least NS N: true if NS's CHILD SAs decrypted at least N packets
# and encrypted at least N.
esp_at_least() {
	local c
	c=$(esp_counts "$1")
	[ "${c% *}" -ge "$2" ] && [ "${c#* }" -ge "$2" ]
}

# assert_client_tunnel NS [POOL_PREFIX] [DNS...]: the standard proof on a
# strongSwan client: IKE SA ESTABLISHED, CHILD SA INSTALLED, a virtual IP
# within POOL_PREFIX (default 10.99.0.) and the DNS servers (default
# 10.10.0.53 10.10.0.54).  Leaves the VIP in IOP_VIP.
assert_client_tunnel() {
	local n=$1 pfx=${2:-10.99.0.}
	shift
	[ $# -gt 0 ] && shift
	[ $# -gt 0 ] || set -- 10.10.0.53 10.10.0.54
	check "$n: IKE SA ESTABLISHED" sa_established "$n"
	check "$n: CHILD SA INSTALLED" child_installed "$n"
	IOP_VIP=$(client_vip "$n")
	check "$n: virtual IP ${IOP_VIP:-none} from pool $pfx*" in_pool "$IOP_VIP" "$pfx"
	check "$n: DNS $* pushed" dns_got "$n" "$@"
}

# ---------------------------------------------------------------- PKI (openssl)

# pki_init DIR: a tiny CA in DIR: ca.key (RSA-2048), ca.crt
# (C=US, O=flexd interop, CN=flexd interop CA, 10 years).
pki_init() {
	local d=$1
	mkdir -p "$d"
	openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/ca.key" 2>/dev/null
	openssl req -x509 -new -key "$d/ca.key" -sha256 -days 3650 \
		-subj "/C=US/O=flexd interop/CN=flexd interop CA" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" \
		-addext "subjectKeyIdentifier=hash" \
		-out "$d/ca.crt" 2>/dev/null
}

# pki_cert DIR NAME rsa|ecdsa CN SAN: key NAME.key (RSA-2048 or ECDSA
# P-256, PKCS#8 PEM), certificate NAME.crt signed by DIR's CA (subject
# C=US, O=flexd interop, OU=VPN, CN=CN; SAN e.g.
# "DNS:hub.lab.example,IP:192.0.2.1"; EKU serverAuth+clientAuth), and
# NAME.p12 (key + cert + CA, password $IOP_P12_PASS, default "flexd") for
# `crypto pki import`.
pki_cert() {
	local d=$1 name=$2 kind=$3 cn=$4 san=$5 ku
	case $kind in
	rsa)
		openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$d/$name.key" 2>/dev/null
		ku="critical,digitalSignature,keyEncipherment"
		;;
	ecdsa)
		openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
			-pkeyopt ec_param_enc:named_curve -out "$d/$name.key" 2>/dev/null
		ku="critical,digitalSignature"
		;;
	*) fail "pki_cert: kind rsa or ecdsa, not $kind" ;;
	esac
	openssl req -new -key "$d/$name.key" -subj "/C=US/O=flexd interop/OU=VPN/CN=$cn" \
		-out "$d/$name.csr" 2>/dev/null
	printf '%s\n' "basicConstraints=CA:FALSE" "keyUsage=$ku" \
		"extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=$san" \
		"subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" >"$d/$name.ext"
	openssl x509 -req -in "$d/$name.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" \
		-set_serial "0x$(openssl rand -hex 8)" -days 825 -sha256 \
		-extfile "$d/$name.ext" -out "$d/$name.crt" 2>/dev/null
	openssl pkcs12 -export -inkey "$d/$name.key" -in "$d/$name.crt" -certfile "$d/ca.crt" \
		-name "$name" -passout "pass:${IOP_P12_PASS:-flexd}" -out "$d/$name.p12"
	rm -f "$d/$name.csr" "$d/$name.ext"
}

# pki_lab [N] [DIR]: CA + hub-rsa, hub-ecdsa (CN/SAN DNS hub.lab.example,
# SAN IP 192.0.2.1) + clK-rsa, clK-ecdsa for K=1..N (default 1; CN/SAN DNS
# clK.lab.example) in DIR (default $IOP_PKI = $IOP_RUN/pki).  Sets IOP_PKI.
pki_lab() {
	local n=${1:-1} i
	IOP_PKI=${2:-$IOP_PKI}
	pki_init "$IOP_PKI"
	pki_cert "$IOP_PKI" hub-rsa rsa hub.lab.example "DNS:hub.lab.example,IP:192.0.2.1"
	pki_cert "$IOP_PKI" hub-ecdsa ecdsa hub.lab.example "DNS:hub.lab.example,IP:192.0.2.1"
	for i in $(seq 1 "$n"); do
		pki_cert "$IOP_PKI" "cl$i-rsa" rsa "cl$i.lab.example" "DNS:cl$i.lab.example"
		pki_cert "$IOP_PKI" "cl$i-ecdsa" ecdsa "cl$i.lab.example" "DNS:cl$i.lab.example"
	done
	log "PKI in $IOP_PKI: CA, hub-{rsa,ecdsa}, cl1..cl$n-{rsa,ecdsa}"
}

# ---------------------------------------------------------------- flexd

# require_flexd: skip (exit 77) unless build/flexd and build/flexsh exist.
require_flexd() {
	[ -x "$FLEXD" ] && [ -x "$FLEXSH" ] || skip "no $FLEXD / $FLEXSH (run make)"
}

# start_flexd NS FLASHDIR: run $FLEXD --flash FLASHDIR inside namespace NS
# (it binds UDP 500/4500 there), output in $IOP_RUN/NS/flexd.out, tracked
# by PID; waits for FLASHDIR/vty.sock.  Sets FLEXD_PID, FLEXD_NS,
# FLEXD_FLASH (call in the main shell).  FLASHDIR is created if missing; a
# stale vty.sock is removed, a served one is an error (flash in use).
start_flexd() {
	local n=$1 dir=$2
	require_flexd
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	if [ -e "$dir/vty.sock" ]; then
		# a flexd that is gone leaves its socket file: remove it, unless
		# something (here or in the root namespace) still listens on it
		if { nsx "$n" ss -xlH; ss -xlH; } 2>/dev/null | grep -qF " $dir/vty.sock "; then
			fail "start_flexd: a flexd still serves $dir"
		fi
		rm -f "$dir/vty.sock"
	fi
	mkdir -p "$IOP_RUN/$n"
	ip netns exec "$(ns "$n")" "$FLEXD" --flash "$dir" >"$IOP_RUN/$n/flexd.out" 2>&1 </dev/null &
	FLEXD_PID=$!
	FLEXD_NS=$n
	FLEXD_FLASH=$dir
	pid_track "$FLEXD_PID" "$n/flexd"
	wait_for -p "$FLEXD_PID" 10 "flexd in $n: $dir/vty.sock" test -S "$dir/vty.sock"
	log "flexd up in $n, pid $FLEXD_PID, flash $dir"
}

# stop_flexd: stop the flexd of start_flexd by PID (SIGTERM, SIGKILL after 5 s).
stop_flexd() {
	[ -n "${FLEXD_PID:-}" ] || return 0
	pid_stop "$FLEXD_PID" 5
	log "flexd stopped"
	FLEXD_PID=""
}

# _flexd_alive: fail unless the flexd of start_flexd runs and serves its vty.
_flexd_alive() {
	[ -n "${FLEXD_PID:-}" ] && pid_alive "$FLEXD_PID" && [ -S "$FLEXD_FLASH/vty.sock" ] ||
		fail "flexsh_hub: flexd is not running"
}

# flexsh_hub CMD...: run $FLEXSH --flash $FLEXD_FLASH -c CMD1 -c CMD2 ...
# against the running flexd (privileged EXEC; output on stdout; status
# non-zero if a command was rejected).  Runs inside flexd's namespace:
# the vty socket is a path, and should it ever be missing, the engine
# flexsh would embed stays inside the namespace, not in the host's.
#   flexsh_hub "show crypto ikev2 sa"
#   flexsh_hub "configure terminal" "hostname hub" "end"
flexsh_hub() {
	local a=() c
	_flexd_alive
	for c in "$@"; do a+=(-c "$c"); done
	ip netns exec "$(ns "$FLEXD_NS")" "$FLEXSH" --flash "$FLEXD_FLASH" --join "${a[@]}"
}

# flexsh_hub_script [FILE]: feed FILE (or stdin) to flexsh as a script,
# line by line, as typed at the console (a config paste).  Same status rule.
#   flexsh_hub_script <<'EOF'
#   configure terminal
#   ...
#   EOF
flexsh_hub_script() {
	_flexd_alive
	ip netns exec "$(ns "$FLEXD_NS")" "$FLEXSH" --flash "$FLEXD_FLASH" --join <"${1:-/dev/stdin}"
}

# ---------------------------------------------------------------- FreeRADIUS

# radius_up [AUTHORIZE_FILE]: a real FreeRADIUS 3.2 in the aaa namespace
# (198.51.100.2, auth 1812, acct 1813; client hub 198.51.100.1 with secret
# testing123) on its own copy of /etc/freeradius/3.0 in $IOP_RADDB, users
# from AUTHORIZE_FILE (default conf/radius-authorize).  Every reply is
# signed with Message-Authenticator (flexd requires it: BlastRADIUS; Debian's
# default does not sign).  Edit $IOP_RADDB before calling radius_start.
# Sets IOP_RADDB, IOP_RADIUS_LOG; radius_start sets IOP_RADIUS_PID.
radius_up() {
	command -v freeradius >/dev/null 2>&1 || skip "no freeradius (tests/interop/install.sh)"
	IOP_RADDB=$IOP_RUN/aaa/raddb
	IOP_RADIUS_LOG=$IOP_RUN/aaa/log/radius.log
	mkdir -p "$IOP_RUN/aaa"
	cp -a /etc/freeradius/3.0 "$IOP_RADDB"
	cp "$IOP_CONF/radius-clients.conf" "$IOP_RADDB/clients.conf"
	cp "${1:-$IOP_CONF/radius-authorize}" "$IOP_RADDB/mods-config/files/authorize"
	cp "$IOP_CONF/radius-eap" "$IOP_RADDB/mods-available/eap"
	mkdir -p "$IOP_RUN/aaa/log" "$IOP_RUN/aaa/run"
	sed -i -e "s|^logdir = .*|logdir = $IOP_RUN/aaa/log|" \
		-e "s|^run_dir = .*|run_dir = $IOP_RUN/aaa/run|" \
		-e 's/^\(\s*\)\(user\|group\) = freerad/\1#\2 = freerad/' \
		-e 's|^\(\s*\)auth = no|\1auth = yes|' "$IOP_RADDB/radiusd.conf"
	sed -i -e 's|^post-auth {$|&\n\tupdate reply {\n\t\t\&Message-Authenticator := 0x00\n\t}|' \
		-e 's|^\(\s*\)Post-Auth-Type REJECT {$|&\n\1\tupdate reply {\n\1\t\t\&Message-Authenticator := 0x00\n\1\t}|' \
		"$IOP_RADDB/sites-available/default"
}

# radius_start: start the FreeRADIUS of radius_up (tracked by PID, in
# IOP_RADIUS_PID) and wait until it serves.
radius_start() {
	: >"$IOP_RADIUS_LOG"
	bg_start aaa freeradius freeradius -f -l "$IOP_RADIUS_LOG" -d "$IOP_RADDB" -n radiusd
	IOP_RADIUS_PID=$IOP_LAST_PID
	wait_for -p "$IOP_RADIUS_PID" 15 "FreeRADIUS ready" grep -q "Ready to process requests" "$IOP_RADIUS_LOG"
}

# ---------------------------------------------------------------- command line
# bash tests/interop/lib.sh down TAG   kill what lives in TAG's namespaces, delete them
# bash tests/interop/lib.sh gc         the same for every fxPID* tag whose PID is gone
# bash tests/interop/lib.sh status     list interop namespaces
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -eu
	case ${1:-} in
	down)
		[ -n "${2:-}" ] || { echo "usage: lib.sh down TAG" >&2; exit 2; }
		_down_tag "$2"
		;;
	gc)
		for tag in $(ip netns list 2>/dev/null | awk '{ print $1 }' |
			sed -nE 's/^(fx[0-9]+(s[0-9]+)?)-(hub|aaa|lan|cl[0-9]+)$/\1/p' | sort -u); do
			owner=${tag#fx}
			owner=${owner%%s*}
			if ! pid_alive "$owner"; then
				echo "lib.sh gc: removing namespaces of dead run $tag" >&2
				_down_tag "$tag"
			fi
		done
		;;
	status)
		ip netns list | grep -E '^fx[0-9]+' || echo "no interop namespaces"
		;;
	*)
		echo "usage: bash lib.sh down TAG | gc | status (otherwise: source it)" >&2
		exit 2
		;;
	esac
fi
