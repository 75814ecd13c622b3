#!/bin/bash
# scenario-ssh-radius-login.sh -- bash.
# SSH logins to flexd authenticated by RADIUS (issue 6 item 3,
# `aaa authentication login LIST group radius local`): Debian's sshd in the
# hub namespace, its PAM stack calling `flexsh --login-auth` (pam_exec),
# flexd's RADIUS client asking a real FreeRADIUS in the aaa namespace, and
# paramiko in cl1 logging in over the lab network.  Proves:
#   - a RADIUS user logs in; Cisco-AVPair shell:priv-lvl=15 starts it at
#     Router#, a user without it at Router> (the line's privilege)
#   - a RADIUS reject is final: the local user of the same name and its
#     local password are NOT tried (IOS: next method only on error)
#   - with FreeRADIUS stopped (no answer), the next method (local) decides
#   - `debug radius` / `debug aaa authentication` lines (password masked)
#   - %SEC_LOGIN lines in `show logging`, `show aaa servers` counters,
#     FreeRADIUS's own log, no password in flexd's log
set -eu
. "$(dirname "$0")/lib.sh"
[ -x /usr/sbin/sshd ] || skip "no /usr/sbin/sshd (apt-get install openssh-server)"
PY=/usr/bin/python3 # pyenv's python3 may come first on PATH
$PY -c 'import paramiko' 2>/dev/null || skip "no python3-paramiko"

iop_init ssh-radius
require_flexd
topo_up 1

# accounts (sshd needs one per user name) and their RADIUS entries
ops=fxop$$ view=fxvw$$
accounts=""
cleanup_accounts() {
	local u
	for u in $accounts; do userdel "$u" 2>/dev/null || true; done
	[ -n "${pam:-}" ] && rm -f "/etc/pam.d/$pam"
	return 0
}
trap 'iop_rc=$?; cleanup_accounts; (exit $iop_rc); iop_cleanup' EXIT
for u in $ops $view; do
	useradd -M -d /nonexistent -s "$(cd "$(dirname "$FLEXSH")" && pwd)/flexsh" "$u"
	accounts="$accounts $u"
	echo "$u:unused-$$-$RANDOM" | chpasswd
done
cat >"$IOP_RUN/authorize" <<EOF
$ops	Cleartext-Password := "ops-radius-pw"
	Cisco-AVPair = "shell:priv-lvl=15"

$view	Cleartext-Password := "view-radius-pw"
EOF
radius_up "$IOP_RUN/authorize"
radius_start

start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script >"$IOP_RUN/hub/config.out" <<CFG
configure terminal
aaa new-model
radius server R1
address ipv4 198.51.100.2 auth-port 1812 acct-port 1813
key testing123
timeout 2
retransmit 0
exit
aaa authentication login VTY group radius local
username $view privilege 15 secret view-local-pw
line vty 0 4
login authentication VTY
end
CFG
check "config accepted" sh -c "! grep -q '^%' '$IOP_RUN/hub/config.out'"

# sshd in the hub: PAM asks flexd (its service name is its program name)
pam=fxsshd$$
sshdir=$IOP_RUN/hub/sshd
mkdir -p "$sshdir" /run/sshd
ln -s /usr/sbin/sshd "$sshdir/$pam"
ssh-keygen -q -t ed25519 -N '' -f "$sshdir/hostkey"
cat >"/etc/pam.d/$pam" <<PAM
auth     required pam_exec.so expose_authtok quiet $(cd "$(dirname "$FLEXSH")" && pwd)/flexsh --flash $FLEXD_FLASH --login-auth
account  required pam_permit.so
session  required pam_permit.so
password required pam_deny.so
PAM
cat >"$sshdir/sshd_config" <<CONF
Port 2222
ListenAddress 192.0.2.1
HostKey $sshdir/hostkey
PidFile $sshdir/sshd.pid
AllowUsers $ops $view
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
AuthorizedKeysFile none
UsePAM yes
PermitRootLogin no
PrintMotd no
PrintLastLog no
Banner none
SetEnv FLEXD_FLASH=$FLEXD_FLASH
CONF
chmod 666 "$FLEXD_FLASH/vty.sock"
bg_start hub sshd "$sshdir/$pam" -D -f "$sshdir/sshd_config" -E "$sshdir/sshd.log"
sshd_pid=$IOP_LAST_PID
wait_for -p "$sshd_pid" 10 "sshd listening" nsx hub sh -c "ss -ltnH | grep -q '192.0.2.1:2222'"

flexsh_hub "debug radius" "debug aaa authentication" >"$IOP_RUN/hub/debug.out"
check "debug radius / debug aaa authentication on" grep -q "AAA Authentication debugging is on" "$IOP_RUN/hub/debug.out"

login() { nsx cl1 $PY "$IOP_DIR/ssh_login.py" 192.0.2.1 2222 "$1" "$2"; }

out=$(login $ops ops-radius-pw)
check "RADIUS user with shell:priv-lvl=15 logs in at Router# ($out)" [ "$out" = "PROMPT Router#" ]
out=$(login $view view-radius-pw)
check "RADIUS user without a privilege starts at Router> ($out)" [ "$out" = "PROMPT Router>" ]
out=$(login $view view-local-pw)
check "RADIUS reject is final: the local password is not tried ($out)" [ "$out" = REFUSED ]
check "FreeRADIUS logged the logins" grep -q "Login OK: \[$ops" "$IOP_RADIUS_LOG"

flexsh_hub "show aaa servers" >"$IOP_RUN/hub/aaa.out"
check "show aaa servers: 3 requests" grep -q 'Authen: request 3,' "$IOP_RUN/hub/aaa.out"
check "show aaa servers: 2 accepts, 1 reject" grep -q 'Response: accept 2, reject 1' "$IOP_RUN/hub/aaa.out"

flexsh_hub "show logging" >"$IOP_RUN/hub/log0.out"
check "debug aaa: the method list picked" grep -q "AAA/AUTHEN/LOGIN ([0-9A-F]\{8\}): Pick method list 'VTY'" "$IOP_RUN/hub/log0.out"
check "debug radius: the Access-Request sent" grep -Eq "RADIUS: Send Access-Request to 198\.51\.100\.2:1812 id [0-9]+/[0-9]+, len [0-9]+" "$IOP_RUN/hub/log0.out"
check "debug radius: User-Name, masked User-Password" \
	sh -c "grep -q 'RADIUS:  User-Name           \[1\]   [0-9]* *\"$ops\"' '$IOP_RUN/hub/log0.out' && grep -q 'RADIUS:  User-Password       \[2\]   18  \*\$' '$IOP_RUN/hub/log0.out'"
check "debug radius: the Access-Accept with its Cisco AVpair" \
	sh -c "grep -Eq 'RADIUS: Received from id [0-9]+/[0-9]+ 198\.51\.100\.2:1812, Access-Accept' '$IOP_RUN/hub/log0.out' && grep -q 'Cisco AVpair.*\"shell:priv-lvl=15\"' '$IOP_RUN/hub/log0.out'"
check "debug aaa: status lines" grep -q "AAA/AUTHEN/LOGIN ([0-9A-F]\{8\}): status = FAIL" "$IOP_RUN/hub/log0.out"

# no RADIUS answer: the next method decides
pid_stop "$IOP_RADIUS_PID"
out=$(login $view view-local-pw)
check "FreeRADIUS gone: local decides ($out)" [ "$out" = "PROMPT Router#" ]
out=$(login $ops ops-radius-pw)
check "FreeRADIUS gone: a user local does not know is refused ($out)" [ "$out" = REFUSED ]

flexsh_hub "show logging" >"$IOP_RUN/hub/log.out"
check "LOGIN_SUCCESS logged" grep -q "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success \[user: $ops\] \[Source: 192.0.2.2\]" "$IOP_RUN/hub/log.out"
check "LOGIN_FAILED logged" grep -q "%SEC_LOGIN-4-LOGIN_FAILED: Login failed \[user: $view\] \[Source: 192.0.2.2\]" "$IOP_RUN/hub/log.out"
check_not "no password in the log" grep -Eq 'ops-radius-pw|view-radius-pw|view-local-pw' "$IOP_RUN/hub/log.out" "$IOP_RUN/hub/flexd.out"

pid_stop "$sshd_pid"
stop_flexd
pass "SSH logins through RADIUS: privilege from the server, reject final, local after no answer"
