#!/bin/bash
# scenario-flexd-esp-lifetime.sh -- bash.  Child SA lifetimes (issue 5):
# flexd, the responder, rekeys Child SAs itself when their lifetime runs
# low, while a strongSwan client (cl1, kernel-libipsec) pings lan through
# the tunnel with no packet lost; and it sends NAT keepalives.
#   1. seconds: `set security-association lifetime seconds 120` (the IOS
#      minimum): flexd sends CREATE_CHILD_SA N(REKEY_SA) 102-108 s after
#      the child was made, strongSwan answers, the new SPIs show on both
#      sides, the old pair goes with flexd's Delete; a 0.2 s ping running
#      across it loses nothing.
#   IKE SA: the profile's `lifetime 120` makes flexd rekey the IKE SA
#      too (as IOS does) in the same window: new IKE SPIs on cl1, the old
#      IKE SA deleted by flexd, the session and its pings carry on, and the
#      volume rekey of 2 then runs on the new IKE SA (flexd its original
#      initiator: I flag).
#   2. kilobytes: `... lifetime kilobytes 2560` (the smallest IOS accepts)
#      crossed by `ping -s 1400 -i 0.01` traffic: the rekey comes at 90 %
#      (~1650 pings); all 2200 pings answered.
#   3. NAT keepalives, during the wait of 1 (`crypto ikev2 nat keepalive 5`): none while flexd is
#      not behind a NAT (the client's libipsec fakes NAT on ITS side only,
#      so flexd sees NAT in front of the peer, not of itself); this
#      kernel has no iptables/nft NAT, so `nat force-encap` on the profile
#      stands in for "behind a NAT": then 0xFF datagrams from 4500 arrive on
#      cl1 every 5 s (AF_PACKET capture, natka_capture.py).
# About 150-180 s in all (run.sh's limit is 300 s).
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-esp-lifetime
require_flexd
topo_up 1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >"$IOP_RUN/hub/config2.out" <<'EOF'
configure terminal
crypto ipsec profile IPSECPROF
 set security-association lifetime seconds 120
 set security-association lifetime kilobytes 2560
crypto ikev2 nat keepalive 5
crypto ikev2 profile FLEXPROF
 lifetime 120
end
EOF
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out" "$IOP_RUN/hub/config2.out"
flexsh_hub "show crypto ipsec profile IPSECPROF" >"$IOP_RUN/hub/profile.txt"
check "show crypto ipsec profile: 2560 kilobytes/120 seconds" \
	grep -q 'Security association lifetime: 2560 kilobytes/120 seconds' "$IOP_RUN/hub/profile.txt"
flexsh_hub "debug crypto ikev2 internal" >/dev/null
ip -n "$(ns hub)" route add 10.99.0.0/24 dev flexd0

charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1
vip=$(client_vip cl1)
check "cl1 got 10.99.0.1" test "$vip" = 10.99.0.1

clog=$IOP_RUN/cl1/charon.log
# strongSwan's outbound SPI is flexd's inbound one
out_spi() { sw cl1 --list-sas 2>/dev/null | awk '$1 == "out" { o = $2; sub(/,.*/, "", o); print o; exit }'; }
in_spi() { sw cl1 --list-sas 2>/dev/null | awk '$1 == "in" { o = $2; sub(/,.*/, "", o); print o; exit }'; }
spi_moved() { [ -n "$(out_spi)" ] && [ "$(out_spi)" != "$1" ]; }
one_child() { [ "$(sw cl1 --list-sas 2>/dev/null | grep -cE '^  hub: #[0-9]+, reqid [0-9]+, INSTALLED')" = 1 ]; }
# CREATE_CHILD_SA requests flexd sent: strongSwan parsed them as rekeys
rekeys_from_flexd() { grep -cE 'parsed CREATE_CHILD_SA request [0-9]+ \[ N\(REKEY_SA\) SA No TSi TSr \]' "$clog" || true; }
# flexd's view: exactly one Child SA, the one strongSwan uses
flexd_has_only() {
	local out
	out=$(flexsh_hub "show crypto ikev2 session detailed" | grep 'ESP spi in/out') || return 1
	[ "$(printf '%s\n' "$out" | wc -l)" = 1 ] &&
		printf '%s\n' "$out" | grep -qi "ESP spi in/out: 0x$(printf '%X' "0x$1")/0x$(printf '%X' "0x$2")"
}

rekeyed_n() { [ "$(rekeys_from_flexd)" -ge "$1" ]; }
# log_at ERE N: the time of day (seconds, ms) of the Nth line of cl1's
# charon.log matching ERE (strongSwan's timestamps: HH:MM:SS.mmm)
log_at() { grep -E "$1" "$clog" | sed -n "$2p" | awk '{ split($1, t, ":"); printf "%.3f\n", t[1] * 3600 + t[2] * 60 + t[3] }'; }
# the age (s) of the Nth CHILD SA when flexd's Nth rekey request reached cl1
# (strongSwan keeps a rekeyed SA listed for a few seconds: --list-sas
# cannot time it)
child_age_at_rekey() {
	local made rk
	if [ "$1" = 1 ]; then
		made=$(log_at 'CHILD_SA hub\{1\} established with SPIs' 1)
	else
		made=$(log_at 'inbound CHILD_SA hub\{[0-9]+\} established with SPIs' $(($1 - 1)))
	fi
	rk=$(log_at 'parsed CREATE_CHILD_SA request [0-9]+ \[ N\(REKEY_SA\)' "$1")
	awk -v a="$made" -v b="$rk" 'BEGIN { printf "%d\n", b - a }'
}

# ---- 1. seconds: the first child's rekey is due 102-108 s after it was made
spi0=$(out_spi)
t_c1=$SECONDS
check "before: no rekey from flexd yet" test "$(rekeys_from_flexd)" = 0
n=$(((115 - (SECONDS - t_c1)) * 5))
log "first Child SA: cl1 out $spi0 in $(in_spi); waiting for its time-based rekey with a 0.2 s ping ($n pings)"
nsx cl1 ping -n -q -i 0.2 -c "$n" -W 2 -I "$vip" 10.10.0.2 >"$IOP_RUN/cl1/ping-sec.out" 2>&1 &
PING=$!

# ---- 3. NAT keepalives meanwhile.  None while flexd is not behind a NAT:
bg_start cl1 natka-off python3 "$IOP_DIR/natka_capture.py" eth0 192.0.2.1 11
wait "$IOP_LAST_PID" || true
ka_off=$(head -n 1 "$IOP_RUN/cl1/natka-off.out")
ka_other=$(sed -n 2p "$IOP_RUN/cl1/natka-off.out")
log "keepalives without NAT in front of flexd: $ka_off (other UDP from 4500: $ka_other)"
check "no NAT keepalives while flexd is not behind a NAT" test "$ka_off" = 0
check "the capture saw the tunnel's ESP all the same (>= 20 datagrams)" test "$ka_other" -ge 20
# ... and every 5 s with nat force-encap
flexsh_hub "configure terminal" "crypto ikev2 profile FLEXPROF" "nat force-encap" "end" >"$IOP_RUN/hub/force.out"
check_not "flexd accepted nat force-encap" grep -q '^%' "$IOP_RUN/hub/force.out"
bg_start cl1 natka-on python3 "$IOP_DIR/natka_capture.py" eth0 192.0.2.1 12
wait "$IOP_LAST_PID" || true
ka_on=$(head -n 1 "$IOP_RUN/cl1/natka-on.out")
log "keepalives with nat force-encap in 12 s: $ka_on"
check "NAT keepalives (0xFF from 192.0.2.1:4500) every 5 s with nat force-encap: 2 or 3 in 12 s" \
	test "$ka_on" -ge 2 -a "$ka_on" -le 3

check "flexd started the time-based rekey (lifetime 120 s)" wait_for 110 "CREATE_CHILD_SA from flexd" rekeyed_n 1
age=$(child_age_at_rekey 1)
log "time-based rekey when the first child was $age s old"
check "... at 85-90 % of 120 s (102-108 s; +-1 s of tick, +1 s behind the IKE SA rekey)" \
	test "$age" -ge 101 -a "$age" -le 110
check "the Child SA moved to new SPIs on cl1" wait_for 10 "SPI after $spi0" spi_moved "$spi0"
wait "$PING" || true
log "$(grep -E 'packets transmitted' "$IOP_RUN/cl1/ping-sec.out")"
check "time rekey: all $n pings across it answered (none lost)" grep -q " $n received" "$IOP_RUN/cl1/ping-sec.out"
check "flexd sent one CREATE_CHILD_SA N(REKEY_SA) so far (strongSwan's log)" test "$(rekeys_from_flexd)" = 1
check "the old pair is gone on cl1 (flexd's Delete)" wait_for 10 "one child" one_child
check "strongSwan got flexd's Delete of the old ESP SA" grep -qE 'parsed INFORMATIONAL request [0-9]+ \[ D \]' "$clog"
spi1=$(out_spi)
check "flexd shows one Child SA with the new SPIs (in = cl1's out)" wait_for 5 "flexd child" flexd_has_only "$spi1" "$(in_spi)"
flexsh_hub "show logging" >"$IOP_RUN/hub/logging.txt"
check "flexd's debug: the rekey it started" grep -q 'Rekeying Child SA: SPI in 0x' "$IOP_RUN/hub/logging.txt"

# the IKE SA, rekeyed by flexd in the same window (lifetime 120)
ike_rekeys() { grep -cE 'parsed CREATE_CHILD_SA request [0-9]+ \[ SA No KE \]' "$clog" || true; }
ike_rekeyed() { [ "$(ike_rekeys)" -ge 1 ]; }
new_ike_only() {
	local l
	l=$(sw cl1 --list-sas 2>/dev/null | grep -E '^hub: #[0-9]+, ')
	[ "$(printf '%s\n' "$l" | wc -l)" = 1 ] && printf '%s\n' "$l" | grep -qE '^hub: #2, ESTABLISHED'
}
check "flexd rekeyed the IKE SA (CREATE_CHILD_SA [ SA No KE ] on cl1)" wait_for 10 "IKE rekey" ike_rekeyed
check "... once" test "$(ike_rekeys)" = 1
check "cl1's IKE SA is the new one (#2), the old one gone (flexd's Delete)" wait_for 10 "one IKE SA" new_ike_only
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/ikesa.txt"
check "flexd: one IKE SA listed" test "$(grep -cE '^[0-9]+ +192\.0\.2\.1/4500' "$IOP_RUN/hub/ikesa.txt")" = 1
check "flexd: it is Tunnel-id 2, READY" grep -qE '^2 +192\.0\.2\.1/4500 +192\.0\.2\.2/4500 .*READY' "$IOP_RUN/hub/ikesa.txt"
flexsh_hub "show crypto ikev2 session" >"$IOP_RUN/hub/session.txt"
check "flexd: the session is still Session-id:1, UP-ACTIVE" grep -q '^Session-id:1, Status:UP-ACTIVE' "$IOP_RUN/hub/session.txt"

# ---- 2. kilobytes: 2200 pings of 1400 octets cross 90 % of 2560 KB
log "second Child SA: cl1 out $spi1; 2200 pings of 1400 octets at 10 ms"
nsx cl1 ping -n -q -s 1400 -i 0.01 -c 2200 -W 2 -I "$vip" 10.10.0.2 >"$IOP_RUN/cl1/ping-kb.out" 2>&1 || true
log "$(grep -E 'packets transmitted' "$IOP_RUN/cl1/ping-kb.out")"
check "volume rekey: all 2200 pings of 1400 octets answered (none lost)" grep -q ' 2200 received' "$IOP_RUN/cl1/ping-kb.out"
check "flexd sent its second CREATE_CHILD_SA rekey" test "$(rekeys_from_flexd)" = 2
age2=$(child_age_at_rekey 2)
log "volume rekey when the second child was $age2 s old"
check "... by volume: well before 85 % of the 120 s lifetime" test "$age2" -lt 100
check "the Child SA moved to new SPIs on cl1" wait_for 10 "SPI after $spi1" spi_moved "$spi1"
check "the old pair is gone on cl1" wait_for 10 "one child" one_child
check "flexd shows one Child SA with the newest SPIs" wait_for 5 "flexd child" flexd_has_only "$(out_spi)" "$(in_spi)"
check "cl1's newest CHILD SA carries the traffic" ping_ok cl1 "$vip" 10.10.0.2 3
check "... through ESP (>= 3 packets each way on it)" esp_at_least cl1 3
check_not "strongSwan never rekeyed on its own" grep -qE 'generating CREATE_CHILD_SA request' "$clog"

sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
pass "flexd rekeys Child SAs at 90 % of 2560 KB and of 120 s without losing a ping; NAT keepalives with force-encap"
