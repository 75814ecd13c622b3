#!/bin/bash
# scenario-flexd-bind.sh -- bash.  flexd where UDP 500/4500 cannot be bound:
#  - port 500 held by another process (a python socket, as a competing IKE
#    daemon would): one %IKEV2-3-SOCKET line in the log, `show crypto ikev2
#    stats` says IKEv2 is not running and why, the shell keeps working, no
#    new log line per retry; once the other process is gone flexd binds
#    within 10 s by itself, logs it and answers IKE_SA_INIT;
#  - flexd run as an unprivileged user: the same, "Permission denied".
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-bind
require_flexd
command -v python3 >/dev/null || skip "no python3"
command -v setpriv >/dev/null || skip "no setpriv"
RAW=$IOP_DIR/ike_raw.py
topo_up 1

# ---- port 500 taken
bg_start hub holder python3 "$RAW" bind --port 500 --seconds 120
holder=$IOP_LAST_PID
wait_for -p "$holder" 10 "the holder has UDP 500" grep -q bound "$IOP_RUN/hub/holder.out"
start_flexd hub "$IOP_RUN/flash"
flexsh_hub "show crypto ikev2 stats" >"$IOP_RUN/hub/stats1.txt"
check "stats: IKEv2 not running, port 500 in use" grep -qx '% IKEv2 is not running: cannot bind UDP port 500: Address already in use (retrying every 10 seconds)' "$IOP_RUN/hub/stats1.txt"
check "stats: the table follows" grep -q '^                          Crypto IKEv2 SA Statistics$' "$IOP_RUN/hub/stats1.txt"
sock_log() { flexsh_hub "show logging" | grep -c '%IKEV2-3-SOCKET: IKEv2 disabled: cannot bind UDP port 500: Address already in use; retrying every 10 seconds$'; }
check "the log has one %IKEV2-3-SOCKET line" test "$(sock_log)" = 1
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "the shell keeps working: config accepted" grep -q '^%' "$IOP_RUN/hub/config.out"
check "and shown" grep -qx 'hostname hub' <(flexsh_hub "show running-config")
log "waiting past a retry (10 s)"
sleep 11
check "a failed retry adds no log line" test "$(sock_log)" = 1
check "still not running" grep -q '^% IKEv2 is not running' <(flexsh_hub "show crypto ikev2 stats")

pid_stop "$holder"
check_not "the holder is gone" pid_alive "$holder"
up() { ! flexsh_hub "show crypto ikev2 stats" | grep -q '^% IKEv2 is not running'; }
t=$(now_ms)
wait_for 15 "flexd binds UDP 500 by itself" up
log "flexd bound after $(($(now_ms) - t)) ms"
check "the log says IKEv2 is enabled" grep -q '%IKEV2-5-SOCKET: Bound UDP ports 500 and 4500: IKEv2 enabled$' <(flexsh_hub "show logging")
out=$(nsx cl1 python3 "$RAW" init --to 192.0.2.1 --count 1 --wait 2)
check "flexd answers IKE_SA_INIT now ($out)" grep -q ' sa=1 ' <<<"$out"
stop_flexd

# ---- not root: no right to ports below 1024
flash2=$IOP_RUN/flash-nobody
mkdir -p "$flash2"
chown nobody "$flash2"
bg_start hub flexd-nobody setpriv --reuid=nobody --regid=nogroup --clear-groups "$FLEXD" --flash "$flash2"
FLEXD_PID=$IOP_LAST_PID
FLEXD_NS=hub
FLEXD_FLASH=$flash2
wait_for -p "$FLEXD_PID" 10 "flexd (nobody) serves its vty" test -S "$flash2/vty.sock"
check "flexd runs as nobody" test "$(stat -c %U /proc/"$FLEXD_PID")" = nobody
check "stats: permission denied" grep -qx '% IKEv2 is not running: cannot bind UDP port 500: Permission denied (retrying every 10 seconds)' <(flexsh_hub "show crypto ikev2 stats")
check "logged once" test "$(flexsh_hub "show logging" | grep -c '%IKEV2-3-SOCKET: IKEv2 disabled: cannot bind UDP port 500: Permission denied')" = 1
check "the shell works: configure and show" grep -qx 'hostname nobodyhub' <(flexsh_hub "configure terminal" "hostname nobodyhub" "end" "show running-config")
stop_flexd
pass "UDP 500 taken or not permitted: logged once, shown in stats, shell works, bound again when freed"
