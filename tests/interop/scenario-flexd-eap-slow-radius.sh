#!/bin/bash
# scenario-flexd-eap-slow-radius.sh -- bash.
# One slow RADIUS answer must not hold anybody else up (issue 4: an MFA
# proxy may take a minute).  FreeRADIUS in `aaa` answers user `slow` only
# after 60 s (three 20 s exec sleeps in its authorize section, when the
# request carries State: the EAP-MD5 response round), everybody else at
# once.  One strongSwan in cl1 (EAP-MD5, the hub's PSK) starts `slow` first,
# then 50 other users at the same time.  Proves:
#   - the 50 are ESTABLISHED, each with a pool address, while `slow` still
#     waits for its Access-Accept (FreeRADIUS has not logged it yet);
#   - flexd dropped the client's retransmissions of slow's pending
#     IKE_AUTH instead of answering or failing them;
#   - `slow` is ESTABLISHED too once its answer comes (about 60 s);
#   - `show crypto session` counts 51 sessions.
# The time the 50 took is logged; the comparison of figures is bench/'s.
set -eu
. "$(dirname "$0")/lib.sh"
[ -e /usr/lib/ipsec/plugins/libstrongswan-eap-md5.so ] || skip "no strongSwan eap-md5 plugin"

iop_init flexd-eap-slow-radius
require_flexd
topo_up 1

N=50
users="slow"
for i in $(seq 1 $N); do users="$users u$i"; done

# --- FreeRADIUS: the users, and 60 s for slow's second round
{
	for u in $users; do
		printf '%s\tCleartext-Password := "%s-pw"\n\n' "$u" "$u"
	done
} >"$IOP_RUN/authorize"
radius_up "$IOP_RUN/authorize"
cat >"$IOP_RADDB/mods-enabled/slow20" <<'EOF'
exec slow20 {
	wait = yes
	program = "/bin/sleep 20"
	timeout = 25
}
EOF
sed -i -e 's|^authorize {$|&\n\tif (\&User-Name == "slow" \&\& \&State) {\n\t\tslow20\n\t\tslow20\n\t\tslow20\n\t}|' \
	"$IOP_RADDB/sites-available/default"
sed -i -e 's|^max_request_time = .*|max_request_time = 90|' "$IOP_RADDB/radiusd.conf"
radius_start

# --- flexd: the EAP hub, its RADIUS server given time for an MFA answer
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-eap.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub "configure terminal" "radius server R1" "timeout 75" "retransmit 0" "end" >>"$IOP_RUN/hub/config.out"
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"
flexsh_hub "debug crypto ikev2 internal" >/dev/null

# --- one strongSwan, one connection per user
cat >"$IOP_RUN/eap-plugins.conf" <<'EOF'
charon {
  load = random nonce openssl pem pkcs1 pkcs8 x509 revocation constraints pubkey sha1 sha2 md5 hmac aes gcm kdf kernel-libipsec kernel-netlink socket-default vici updown eap-identity eap-md5
  retransmit_tries = 6
  # each swanctl --initiate holds a worker thread until its SA is up: 51 at once
  threads = 128
}
EOF
charon_start cl1 client "$IOP_RUN/eap-plugins.conf"
# shellcheck disable=SC2086  # a list of names
sw_eap_users_conf cl1 none $users
sw cl1 --load-all --noprompt >"$IOP_RUN/cl1/swanctl.out" 2>&1 || fail "swanctl --load-all: $(tail -n 5 "$IOP_RUN/cl1/swanctl.out")"

established() { sw cl1 --list-sas 2>/dev/null | grep -Ec '^u[0-9]+: #[0-9]+, ESTABLISHED'; }
slow_up() { sw cl1 --list-sas 2>/dev/null | grep -Eq '^slow: #[0-9]+, ESTABLISHED'; }

# slow first, in the background (tracked, ended by PID)
t0=$(now_ms)
STRONGSWAN_CONF=$IOP_RUN/cl1/strongswan.conf SWANCTL_DIR=$IOP_RUN/cl1/swanctl \
	swanctl --initiate --child slow --timeout 100 >"$IOP_RUN/cl1/slow.out" 2>&1 &
slow_pid=$!
pid_track "$slow_pid" cl1/swanctl-slow
# its first round (EAP-Identity / MD5 challenge) is answered at once: wait
# until flexd holds the second one (the one FreeRADIUS sits on)
sleep 2

# the 50, all at once
pids=""
for i in $(seq 1 $N); do
	STRONGSWAN_CONF=$IOP_RUN/cl1/strongswan.conf SWANCTL_DIR=$IOP_RUN/cl1/swanctl \
		swanctl --initiate --child "u$i" --timeout 50 >"$IOP_RUN/cl1/u$i.out" 2>&1 &
	pid_track $! "cl1/swanctl-u$i"
	pids="$pids $!"
done
failed=0
for p in $pids; do
	wait "$p" || failed=$((failed + 1))
done
t50=$(($(now_ms) - t0))
log "the $N other users took $t50 ms (slow started $t50 ms ago)"
check "all $N other users connected ($failed failed)" [ "$failed" = 0 ]
check "$N IKE SAs ESTABLISHED on the client" [ "$(established)" = "$N" ]
check_not "meanwhile slow is not up yet" slow_up
check_not "meanwhile FreeRADIUS has not accepted slow yet" grep -q 'Login OK: \[slow' "$IOP_RADIUS_LOG"
check "the $N were done before slow's 60 s answer ($t50 ms)" [ "$t50" -lt 55000 ]
vips=$(sw cl1 --list-sas --raw 2>/dev/null | grep -o 'local-vips=\[10\.99\.0\.[0-9]*' | sort -u | wc -l)
check "each of them got its own pool address ($vips)" [ "$vips" = "$N" ]

# slow comes up once FreeRADIUS answers
wait "$slow_pid" || true
tslow=$(($(now_ms) - t0))
log "slow took $tslow ms"
check "slow connected in the end ($(tail -n 1 "$IOP_RUN/cl1/slow.out"))" slow_up
check "slow waited for its 60 s answer ($tslow ms)" [ "$tslow" -ge 59000 ]
check "FreeRADIUS accepted slow" grep -q 'Login OK: \[slow' "$IOP_RADIUS_LOG"
flexsh_hub "show logging" >"$IOP_RUN/hub/log.out"
check "flexd dropped the retransmissions of slow's pending request" \
	grep -q 'while its answer is pending: dropped' "$IOP_RUN/hub/log.out"
flexsh_hub "show crypto session" >"$IOP_RUN/hub/session.out"
n=$(grep -c 'Session status: UP-ACTIVE' "$IOP_RUN/hub/session.out" || true)
check "show crypto session: $((N + 1)) sessions UP-ACTIVE ($n)" [ "$n" = $((N + 1)) ]

stop_flexd
pass "one 60 s RADIUS answer: $N other EAP users connected meanwhile in $t50 ms, the slow one after $tslow ms"
