#!/bin/bash
# scenario-flexd-cookie.sh -- bash.  flexd protecting itself as responder:
#  - `crypto ikev2 cookie-challenge 1` with one half-open SA held (a raw
#    IKE_SA_INIT from cl2, never completed): strongSwan (cl1) is answered
#    N(COOKIE), sends its request again with the cookie and comes up;
#    forged cookies are answered with a fresh challenge and counted;
#  - a flood of 500 raw IKE_SA_INITs from cl3 gets cookies and leaves no
#    state; during it the shell answers and cl1 connects again;
#  - `crypto ikev2 limit max-in-negotiation-sa 2`: one source gets its
#    share (1), further requests are dropped and counted (SA limit), and a
#    real client is refused while the table is full, then gets in;
#  - `crypto ikev2 limit max-sa 1`;
#  - malformed datagrams of every kind: dropped, counted, flexd lives.
# Raw datagrams come from tests/interop/ike_raw.py.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-cookie
require_flexd
command -v python3 >/dev/null || skip "no python3"
RAW=$IOP_DIR/ike_raw.py
topo_up 3
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"

# stats SECTION-REGEX: the line of `show crypto ikev2 stats` matching it
stats() {
	flexsh_hub "show crypto ikev2 stats" >"$IOP_RUN/hub/stats.txt"
	grep -E "$1" "$IOP_RUN/hub/stats.txt"
}
# stat_num REGEX: the number right after REGEX in the stats
stat_num() {
	flexsh_hub "show crypto ikev2 stats" | sed -nE "s/.*$1 *([0-9]+).*/\\1/p" | head -n 1
}
challenged_at_least() { # challenged_at_least N: N or more cookie challenges so far
	[ "$(stat_num 'Cookie Challenged Requests:')" -ge "$1" ]
}
raw() { # raw NS ARGS...: ike_raw.py in NS against the hub; its summary line
	nsx "$1" python3 "$RAW" "${@:2}" --to 192.0.2.1
}
field() { # field NAME LINE: the value of NAME=V in an ike_raw.py summary
	sed -nE "s/.*(^| )$1=([0-9]+).*/\\2/p" <<<"$2"
}

# ---- cookies
flexsh_hub "configure terminal" "crypto ikev2 cookie-challenge 1" "end" >/dev/null
check "running-config keeps cookie-challenge" grep -qx 'crypto ikev2 cookie-challenge 1' <(flexsh_hub "show running-config")
out=$(raw cl2 init --count 1 --wait 2)
log "cl2 hold: $out"
check "cl2's first IKE_SA_INIT is answered normally (nothing half-open yet)" test "$(field sa "$out")" = 1

charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects to flexd through the cookie challenge" client_up cl1 hub 15
check "cl1's IKE SA is ESTABLISHED" sa_established cl1
check "cl1 received N(COOKIE)" grep -q 'parsed IKE_SA_INIT response 0 \[ N(COOKIE) \]' "$IOP_RUN/cl1/charon.log"
check "cl1 sent its request again with the cookie" grep -q 'generating IKE_SA_INIT request 0 \[ N(COOKIE) SA KE No' "$IOP_RUN/cl1/charon.log"
check "stats: one request challenged" grep -q '^Incoming IKEV2 Cookie Challenged Requests: 1 *$' <(stats Challenged)
check "stats: its cookie accepted, none forged" grep -q '^    accepted: 1 *rejected: 0 *rejected no cookie: 1 *$' <(stats 'rejected no cookie')
out=$(raw cl2 init --count 2 --forged-cookie --wait 2)
log "cl2 forged cookies: $out"
check "forged cookies get a fresh challenge, no SA" test "$(field cookie "$out")" = 2 -a "$(field sa "$out")" = 0
check "stats: the forged ones rejected" grep -q '^    accepted: 1 *rejected: 2 *rejected no cookie: 1 *$' <(stats 'rejected no cookie')

# ---- a flood from cl3 while cl1 connects again
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "cl1 has no SA" sa_none cl1
c0=$(stat_num 'Cookie Challenged Requests:')
bg_start cl3 flood python3 "$RAW" init --count 500 --spread 3 --wait 3 --to 192.0.2.1
flood_pid=$IOP_LAST_PID
wait_for 10 "the flood reaches flexd" challenged_at_least $((c0 + 10))
t=$(now_ms)
flexsh_hub "show crypto ikev2 stats" >"$IOP_RUN/hub/stats-flood.txt"
ms=$(($(now_ms) - t))
log "show crypto ikev2 stats during the flood: $ms ms"
check "the shell answers during the flood (${ms} ms)" test "$ms" -lt 3000
check "cl1 connects again during the flood" client_up cl1 hub 15
wait_for 10 "the flood is over" sh -c "! kill -0 $flood_pid"
pid_stop "$flood_pid"
out=$(cat "$IOP_RUN/cl3/flood.out")
log "cl3 flood: $out"
check "every flood request got a cookie, none an SA" test "$(field cookie "$out")" -ge 499 -a "$(field sa "$out")" -le 1
check "cl1 was challenged again" test "$(grep -c 'parsed IKE_SA_INIT response 0 \[ N(COOKIE) \]' "$IOP_RUN/cl1/charon.log")" -ge 2
nego=$(flexsh_hub "show crypto ikev2 stats" | sed -nE 's/^Total incoming.*negotiating: ([0-9]+).*/\1/p')
check "the flood left no half-open SAs behind (negotiating $nego)" test "$nego" -le 2
check "stats count the flood's challenges" test "$(stat_num 'Cookie Challenged Requests:')" -ge 503

# ---- max-in-negotiation-sa 2: per-source share 1, then the table is full
flexsh_hub "clear crypto ikev2 sa" >/dev/null
wait_for 5 "cl1 dropped its SA after the clear" sa_none cl1
flexsh_hub "configure terminal" "no crypto ikev2 cookie-challenge" "crypto ikev2 limit max-in-negotiation-sa 2" "end" >/dev/null
check "stats show the limit" grep -q '^System Resource Limit:   0        Max IKEv2 SAs: 0        Max in nego(in/out): 2/2$' <(stats 'Max in nego')
lim0=$(stat_num 'SA limit:')
out=$(raw cl2 init --count 3 --wait 2)
log "cl2: $out"
check "cl2 gets one half-open SA (its share), two dropped" test "$(field sa "$out")" = 1 -a "$(field silent "$out")" = 2
out=$(raw cl3 init --count 3 --wait 2)
log "cl3: $out"
check "cl3 gets one too, two dropped" test "$(field sa "$out")" = 1 -a "$(field silent "$out")" = 2
check_not "cl1 is refused while 2 SAs are in negotiation" client_up cl1 hub 5
lim1=$(stat_num 'SA limit:')
check "stats count the drops under SA limit ($lim0 -> $lim1)" test "$lim1" -ge $((lim0 + 5))
check "and as rejected requests" test "$(stat_num 'Rejected IKEv2 Requests:')" -ge 5
check "cl1 retransmitted into the silence" grep -q 'retransmit 1 of request with message ID 0' "$IOP_RUN/cl1/charon.log"
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "cl1 gave up" sa_none cl1 || true
flexsh_hub "configure terminal" "no crypto ikev2 limit max-in-negotiation-sa" "end" >/dev/null
check "stats show the default limits again" grep -q 'Max in nego(in/out): 40/400$' <(stats 'Max in nego')
check "cl1 connects once the limit is gone" client_up cl1 hub 15

# ---- max-sa 1: cl1 is up, nothing else may start
flexsh_hub "clear crypto ikev2 sa" >/dev/null
wait_for 5 "cl1 dropped its SA after the clear" sa_none cl1
check "cl1 connects" client_up cl1 hub 15
flexsh_hub "configure terminal" "crypto ikev2 limit max-sa 1" "end" >/dev/null
check "stats show Max IKEv2 SAs: 1" grep -q 'Max IKEv2 SAs: 1  ' <(stats 'Max IKEv2 SAs')
out=$(raw cl2 init --count 1 --wait 2)
check "cl2 is dropped by max-sa 1 ($out)" test "$(field silent "$out")" = 1
flexsh_hub "configure terminal" "no crypto ikev2 limit max-sa" "end" >/dev/null
out=$(raw cl2 init --count 1 --wait 2)
check "and answered without it ($out)" test "$(field sa "$out")" = 1

# ---- malformed datagrams: dropped, counted, flexd lives
d0=$(stat_num 'dropped at dispatch:')
out=$(raw cl3 malformed)
log "cl3 malformed: $out"
d1=$(stat_num 'dropped at dispatch:')
check "every malformed datagram counted ($d0 -> $d1, $out)" test "$d1" -eq $((d0 + $(field sent "$out")))
check "flexd still runs" pid_alive "$FLEXD_PID"
out=$(raw cl3 init --count 1 --wait 2)
check "and answers a good request ($out)" test "$(field sa "$out")" = 1
check "cl1's SA survived all of it" sa_established cl1
pass "cookie challenge with strongSwan, flood of 500, in-negotiation/per-source/max-sa limits, malformed input"
