#!/bin/sh
# Automation over SSH: flexd driven by Debian's netmiko (cisco_ios) and
# Ansible (cisco.ios over network_cli), as real engineers drive a router.
# Starts flexd on a temporary flash, a private sshd on 127.0.0.1 (its own
# config and host key; not the system sshd) and a temporary system account
# whose login shell is flexsh.  Everything is removed at the end.
# Usage: run.sh BUILD_DIR.  Needs root, openssh-server, python3-netmiko,
# ansible; prints SKIP and exits 0 without them.
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BUILD=$(cd "$BUILD" && pwd)
PY=/usr/bin/python3 # pyenv's python3 may come first on PATH; the tools are Debian's

skip() { echo "SKIP automation: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (useradd, sshd)"
[ -x /usr/sbin/sshd ] || skip "no /usr/sbin/sshd (apt-get install openssh-server)"
$PY -c 'import netmiko' 2>/dev/null || skip "no netmiko (apt-get install python3-netmiko)"
command -v ansible-playbook >/dev/null || skip "no ansible-playbook (apt-get install ansible)"
# ntc-templates: ../shared/textfsm next to the checkout
TEXTFSM=${FLEXD_TEXTFSM:-$REPO/../shared/textfsm/templates}
[ -f "$TEXTFSM/index" ] || skip "no ntc-templates index in $TEXTFSM (set FLEXD_TEXTFSM)"

start=$(date +%s)
tmp=$(mktemp -d /tmp/flexd-auto.XXXXXX)
chmod 755 "$tmp"
user=fxauto$$
pw="Auto-$$-pw"
secret=Cisco123
flexd_pid= sshd_pid= sshd_aaa_pid= pam=
cleanup() {
	[ -n "$sshd_pid" ] && kill "$sshd_pid" 2>/dev/null
	[ -n "$sshd_aaa_pid" ] && kill "$sshd_aaa_pid" 2>/dev/null
	[ -n "$pam" ] && rm -f "/etc/pam.d/$pam"
	[ -n "$flexd_pid" ] && kill "$flexd_pid" 2>/dev/null
	[ -n "$flexd_pid" ] && wait "$flexd_pid" 2>/dev/null
	# sessions of the account end with sshd; then the account goes
	id "$user" >/dev/null 2>&1 && userdel "$user" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# ---- flexd ----
flash=$tmp/flash
mkdir -p "$flash"
chmod 755 "$flash"
"$BUILD/flexd" --flash "$flash" --ike-port "$(free_port)" --natt-port "$(free_port)" > "$tmp/flexd.log" 2>&1 &
flexd_pid=$!
i=0
while [ ! -S "$flash/vty.sock" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$flash/vty.sock" ] || { echo "FAIL automation: flexd did not start"; cat "$tmp/flexd.log"; exit 1; }
# the test account reaches the engine through the vty socket
chmod 666 "$flash/vty.sock"
"$BUILD/flexsh" --flash "$flash" --join -c 'configure terminal' -c "enable secret $secret" -c end \
	-c 'write memory' > /dev/null || { echo "FAIL automation: initial config"; exit 1; }

# a login shell (argv[0] "-flexsh", no arguments) never starts an engine
msg=$(FLEXD_FLASH=$tmp/none $PY -c 'import os,sys; os.execv(sys.argv[1], ["-flexsh"])' "$BUILD/flexsh" 2>&1 < /dev/null)
rc=$?
case "$rc:$msg" in
1:"flexsh: no engine serves $tmp/none (is flexd running?)") echo "ok   login shell without a running flexd says so" ;;
*) echo "FAIL automation: login shell without flexd: rc=$rc $msg"; exit 1 ;;
esac

# ---- account and sshd ----
useradd -M -d "$tmp" -s "$BUILD/flexsh" "$user" || { echo "FAIL automation: useradd"; exit 1; }
echo "$user:$pw" | chpasswd
mkdir -p /run/sshd
ssh-keygen -q -t ed25519 -N '' -f "$tmp/hostkey"
port=$(free_port)
cat > "$tmp/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $tmp/hostkey
PidFile $tmp/sshd.pid
AllowUsers $user
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication no
AuthorizedKeysFile none
UsePAM no
PermitRootLogin no
PrintMotd no
PrintLastLog no
Banner none
SetEnv FLEXD_FLASH=$flash
CONF
/usr/sbin/sshd -D -f "$tmp/sshd_config" -E "$tmp/sshd.log" &
sshd_pid=$!
i=0
while ! $PY -c "import socket; socket.create_connection(('127.0.0.1',$port),1)" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done

# a second sshd whose PAM service (its program name) asks flexd's AAA
aaa_port=$(free_port)
pam=fxsshd$$
ln -s /usr/sbin/sshd "$tmp/$pam"
cat > "/etc/pam.d/$pam" <<PAM
auth     required pam_exec.so expose_authtok quiet $BUILD/flexsh --flash $flash --login-auth
account  required pam_permit.so
session  required pam_permit.so
password required pam_deny.so
PAM
sed -e "s/^Port .*/Port $aaa_port/; s/^UsePAM .*/UsePAM yes/; s|^PidFile .*|PidFile $tmp/sshd-aaa.pid|" \
	"$tmp/sshd_config" > "$tmp/sshd_config_aaa"
"$tmp/$pam" -D -f "$tmp/sshd_config_aaa" -E "$tmp/sshd-aaa.log" &
sshd_aaa_pid=$!
i=0
while ! $PY -c "import socket; socket.create_connection(('127.0.0.1',$aaa_port),1)" 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1; i=$((i + 1))
done

export FLEXD_AAA_PORT=$aaa_port FLEXD_SSH_PORT=$port FLEXD_SSH_USER=$user FLEXD_SSH_PASS=$pw FLEXD_SECRET=$secret
export FLEXD_FLASH=$flash FLEXSH=$BUILD/flexsh NET_TEXTFSM=$TEXTFSM
pass=0 fail=0
run() {
	name=$1; shift
	t0=$(date +%s)
	if "$@" > "$tmp/$name.log" 2>&1; then
		pass=$((pass + 1)); echo "ok   $name ($(( $(date +%s) - t0 )) s)"
		[ -n "$VERBOSE" ] && cat "$tmp/$name.log"
	else
		fail=$((fail + 1)); echo "FAIL $name"; tail -40 "$tmp/$name.log"
		echo "--- sshd.log"; tail -10 "$tmp/sshd.log"
	fi
}
[ -n "$ONLY_ANSIBLE" ] || run pty $PY "$HERE/pty_session.py"
[ -n "$ONLY_ANSIBLE$NO_NETMIKO" ] || run netmiko $PY "$HERE/netmiko_session.py"
[ -n "$ONLY_ANSIBLE" ] || run aaa-login $PY "$HERE/aaa_login.py"
[ -n "$NO_ANSIBLE" ] || run ansible sh "$HERE/ansible_run.sh" "$tmp"
echo "automation: $pass passed, $fail failed ($(( $(date +%s) - start )) s)"
[ "$fail" -eq 0 ]
