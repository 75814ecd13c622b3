#!/bin/bash
# scenario-radius-client.sh -- bash.
# flexd's RADIUS client transport (aaa/radius_client.c, driven by
# build/tests/radius-probe from the hub's aaa0 address 198.51.100.1) against
# a real FreeRADIUS 3.2 in the aaa namespace (198.51.100.2). Proves:
#   - good password -> Access-Accept, bad password -> Access-Reject, both
#     replies verified (Response Authenticator + Message-Authenticator)
#   - wrong shared secret -> FreeRADIUS refuses the request (its log says
#     so), nothing is delivered, the request times out after (r+1) sends
#   - 1,000 Access-Requests pending at once (4 source ports), all accepted,
#     while a request to a silent server (nothing on the port) times out after
#     timeout x (retransmit+1) = 3 s, later than all 1,000 finished
#   - Debian's FreeRADIUS without Message-Authenticator in its replies:
#     replies dropped and counted (BlastRADIUS), then configured to send it
# Dropped forged/wrong-secret *replies* are counted in the unit test
# tests/unit/test_radius_client.c (a real server never sends them).
set -eu
. "$(dirname "$0")/lib.sh"

PROBE=${PROBE:-$IOP_REPO/build/tests/radius-probe}
[ -x "$PROBE" ] || skip "no $PROBE (make build/tests/radius-probe)"
command -v freeradius >/dev/null 2>&1 || skip "no freeradius (apt-get install freeradius)"

iop_init radius-client
topo_up 1

# FreeRADIUS from the Debian config, run as root in aaa, logs under $IOP_RUN.
raddb=$IOP_RUN/aaa/raddb
cp -a /etc/freeradius/3.0 "$raddb"
cp "$IOP_CONF/radius-clients.conf" "$raddb/clients.conf"
cp "$IOP_CONF/radius-authorize" "$raddb/mods-config/files/authorize"
cp "$IOP_CONF/radius-eap" "$raddb/mods-available/eap"
mkdir -p "$IOP_RUN/aaa/log" "$IOP_RUN/aaa/run"
sed -i -e "s|^logdir = .*|logdir = $IOP_RUN/aaa/log|" \
	-e "s|^run_dir = .*|run_dir = $IOP_RUN/aaa/run|" \
	-e 's|^\(\s*\)\(user\|group\) = freerad|\1#\2 = freerad|' \
	-e 's|^\(\s*\)auth = no|\1auth = yes|' "$raddb/radiusd.conf"
# 1,000 requests arrive in one burst: a receive buffer that holds them
sed -i -e 's|^\(\s*\)type = auth$|&\n\1recv_buff = 4194304|' "$raddb/sites-available/default"
radius_up() {
	: >"$IOP_RUN/aaa/log/radius.log"
	bg_start aaa freeradius freeradius -f -l "$IOP_RUN/aaa/log/radius.log" -d "$raddb" -n radiusd
	radpid=$IOP_LAST_PID
	wait_for 10 "FreeRADIUS ready" grep -q "Ready to process requests" "$IOP_RUN/aaa/log/radius.log"
}
radius_up

probe() { nsx hub "$PROBE" "$@" | tee -a "$IOP_RUN/hub/probe.out"; }
field() { # field LINE-PREFIX NAME: value of NAME on the line starting with PREFIX
	awk -v p="$1" -v n="$2" 'index($0, p) == 1 { for (i = 1; i < NF; i++) if ($i == n) print $(i + 1) }' "$out"
}
out=$IOP_RUN/hub/step.out

# --- Debian's FreeRADIUS 3.2.1 sends Access-Accept/Reject without
# Message-Authenticator: BlastRADIUS says refuse them (counted, timeout)
probe -k testing123 -t 1000 -r 0 -s 198.51.100.2:1812 -u alice:alice-pw >"$out"
check "reply without Message-Authenticator: dropped and counted" \
	[ "$(field 'server 0 ' drop_no_msg_auth)" = 1 ]
check "reply without Message-Authenticator: not delivered, timed out" \
	[ "$(field 'group 0 ' timeout)$(field 'group 0 ' accept)" = 10 ]
check "FreeRADIUS did accept it (Login OK: [alice])" grep -q 'Login OK: \[alice\]' "$IOP_RUN/aaa/log/radius.log"

# FreeRADIUS signs a reply when it holds a Message-Authenticator attribute
pid_stop "$radpid"
sed -i -e 's|^post-auth {$|&\n\tupdate reply {\n\t\t\&Message-Authenticator := 0x00\n\t}|' \
	-e 's|^\(\s*\)Post-Auth-Type REJECT {$|&\n\1\tupdate reply {\n\1\t\t\&Message-Authenticator := 0x00\n\1\t}|' \
	"$raddb/sites-available/default"
radius_up

# --- Accept and Reject
probe -k testing123 -t 3000 -r 1 -s 198.51.100.2:1812 -u alice:alice-pw -u alice:wrong-pw >"$out"
check "good password: Access-Accept" [ "$(field 'group 0 ' accept)" = 1 ]
check "bad password: Access-Reject" [ "$(field 'group 1 ' reject)" = 1 ]
check "no reply dropped, no retransmit" \
	[ "$(field 'server 0 ' drop_bad_auth)$(field 'server 0 ' drop_no_msg_auth)$(field 'server 0 ' retransmits)" = 000 ]
check "FreeRADIUS: Login OK: [alice]" grep -q 'Login OK: \[alice\]' "$IOP_RUN/aaa/log/radius.log"
check "FreeRADIUS: Login incorrect" grep -q 'Login incorrect.*\[alice\]' "$IOP_RUN/aaa/log/radius.log"

# --- wrong shared secret: refused by the server, times out here
t=$(now_ms)
probe -k not-the-secret -t 1000 -r 1 -s 198.51.100.2:1812 -u alice:alice-pw >"$out"
ms=$(($(now_ms) - t))
check "wrong secret: timed out, not delivered" [ "$(field 'group 0 ' timeout)$(field 'group 0 ' accept)" = 10 ]
check "wrong secret: 2 sends (retransmit 1)" [ "$(field 'server 0 ' transmits)" = 2 ]
check "wrong secret: after ~2 s ($ms ms)" [ "$ms" -ge 2000 ] && [ "$ms" -lt 3500 ]
check "FreeRADIUS: Message-Authenticator refused (shared secret)" \
	grep -qi 'Message-Authenticator' "$IOP_RUN/aaa/log/radius.log"

# --- 1,000 pending at once + a silent server meanwhile
probe -k testing123 -t 1000 -r 2 -s 198.51.100.2:1913 -u alice:alice-pw \
	-t 10000 -r 0 -s 198.51.100.2:1812 -u alice:alice-pw:1000 >"$out"
check "silent server: timed out" [ "$(field 'group 0 ' timeout)" = 1 ]
check "silent server: 3 sends" [ "$(field 'server 0 ' transmits)" = 3 ]
dead_ms=$(field 'group 0 ' min_ms)
check "silent server: after timeout x (retransmit+1) = 3000 ms ($dead_ms)" \
	[ "$dead_ms" -ge 3000 ] && [ "$dead_ms" -lt 3500 ]
check "1,000 pending at once on 4 source ports" \
	[ "$(field 'server 1 ' pending_max)/$(field 'server 1 ' sockets)" = 1000/4 ]
check "1,000 accepted" [ "$(field 'group 1 ' accept)" = 1000 ]
live_ms=$(field 'group 1 ' max_ms)
check "all 1,000 done ($live_ms ms) before the silent server's timeout ($dead_ms ms)" \
	[ "$live_ms" -lt "$dead_ms" ]
check "no reply dropped" [ "$(field 'server 1 ' drop_bad_auth)$(field 'server 1 ' drop_malformed)" = 00 ]

pid_stop "$radpid"
pass "RADIUS client: accept/reject, wrong secret, 1,000 pending, silent server timeout"
