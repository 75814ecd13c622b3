"""The SSH terminal itself, byte by byte, through paramiko (the transport both
netmiko and Ansible use): prompt right after login, echo, CRLF output, CR /
LF / CRLF each one Enter, type-ahead in order, --More-- paging, Ctrl-C,
Ctrl-Z, the enable secret, and one vty per session in `show users`."""
import os
import re
import sys
import time

import paramiko

PORT = int(os.environ["FLEXD_SSH_PORT"])
USER = os.environ["FLEXD_SSH_USER"]
PASS = os.environ["FLEXD_SSH_PASS"]
SECRET = os.environ["FLEXD_SECRET"]
from checks import check, finish


class Session:
    def __init__(self):
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect("127.0.0.1", port=PORT, username=USER, password=PASS,
                            look_for_keys=False, allow_agent=False, timeout=10)
        self.chan = self.client.invoke_shell(term="vt100", width=80, height=24)
        self.chan.settimeout(0.1)

    def read_until(self, pattern, timeout=5.0):
        """Bytes up to and including the first match of pattern (regex, bytes)."""
        buf = b""
        end = time.time() + timeout
        while time.time() < end:
            m = re.search(pattern, buf)
            if m:
                return buf
            try:
                data = self.chan.recv(4096)
                if not data:
                    break
                buf += data
            except Exception:
                pass
        return buf

    def quiet_read(self, quiet=0.5):
        """Everything until the line has been silent for `quiet` seconds."""
        buf = b""
        last = time.time()
        while time.time() - last < quiet:
            try:
                data = self.chan.recv(4096)
                if data:
                    buf += data
                    last = time.time()
            except Exception:
                pass
        return buf

    def send(self, data):
        self.chan.send(data)

    def close(self):
        self.client.close()


s = Session()
first = s.read_until(rb"Router>$")
check(first.endswith(b"\r\nRouter>"), "prompt printed right after login, nothing typed", first)

for end, name in ((b"\r", "CR"), (b"\n", "LF"), (b"\r\n", "CRLF")):
    s.send(b"show privilege" + end)
    out = s.quiet_read(0.4)
    check(out == b"show privilege\r\nCurrent privilege level is 1\r\nRouter>",
          f"{name} is one Enter: echo, CRLF output, one prompt", out)

s.send(b"\r")
out = s.quiet_read(0.3)
check(out == b"\r\nRouter>", "empty line answers CRLF + prompt only", out)

# enable: Password: without echo, wrong secret asks again
s.send(b"enable\r")
out = s.read_until(rb"Password: $")
check(out.endswith(b"enable\r\nPassword: "), "enable asks Password:", out)
s.send(b"wrong\r")
out = s.read_until(rb"Password: $")
check(b"wrong" not in out and out.endswith(b"Password: "), "wrong secret asks again, not echoed", out)
s.send(SECRET.encode() + b"\r")
out = s.read_until(rb"Router#$")
check(SECRET.encode() not in out and out.endswith(b"Router#"), "enable secret gives Router#", out)

# type-ahead: several lines in one write, processed and echoed in order
s.send(b"configure terminal\rhostname PTY-1\rcrypto ikev2 keyring TA\r peer P\rend\rshow privilege\r")
out = s.quiet_read(1.0)
want = (b"configure terminal\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\n"
        b"Router(config)#hostname PTY-1\r\nPTY-1(config)#crypto ikev2 keyring TA\r\n"
        b"PTY-1(config-ikev2-keyring)# peer P\r\nPTY-1(config-ikev2-keyring-peer)#end\r\n"
        b"PTY-1#show privilege\r\nCurrent privilege level is 15\r\nPTY-1#")
check(out == want, "type-ahead processed in order, each line echoed once", out)

# Ctrl-C abandons the line; Ctrl-Z leaves config mode
s.send(b"show vers\x03")
out = s.quiet_read(0.4)
check(out.endswith(b"show vers^C\r\nPTY-1#"), "Ctrl-C abandons the typed line", out)
s.send(b"configure terminal\r")
s.read_until(rb"\(config\)#$")
s.send(b"\x1a")
out = s.quiet_read(0.4)
check(out.endswith(b"^Z\r\nPTY-1#"), "Ctrl-Z returns to privileged EXEC", out)

# --More-- paging
s.send(b"terminal length 5\r")
s.read_until(rb"PTY-1#$")
s.send(b"show version\r")
out = s.read_until(rb" --More-- $")
lines = out.split(b"\r\n")
# the echoed command, length - 1 lines of output, then the pager (as IOS)
check(out.endswith(b" --More-- ") and len(lines) == 6, "--More-- after a screenful (length 5)", out)
s.send(b"q")
out = s.read_until(rb"PTY-1#$", 3)
check(out.endswith(b"PTY-1#") and b"Configuration register" not in out, "q at --More-- stops the output", out)
s.send(b"terminal length 0\r")
s.read_until(rb"PTY-1#$")
s.send(b"show version\r")
out = s.read_until(rb"PTY-1#$")
check(b"--More--" not in out and b"Configuration register is 0x2102" in out, "terminal length 0: no paging", out)

# a second session: its own vty; show users lists both
t = Session()
t.read_until(rb"[>#]$")
s.send(b"show users\r")
out = s.read_until(rb"PTY-1#$").decode()
rows = [l for l in out.split("\r\n") if re.match(r"^[ *]\s*\d+ vty \d+ ", l)]
check(len(rows) == 2, "show users lists both SSH sessions", out)
check(len({re.search(r"vty \d+", r).group(0) for r in rows}) == 2 and
      sum(r.startswith("*") for r in rows) == 1 and all(USER in r for r in rows),
      "each session its own vty, the caller marked *", rows)
check(all("127.0.0.1" in r for r in rows), "the SSH peer address is the location", rows)

# log lines reach only a vty with `terminal monitor`, at its idle prompt,
# on their own line, with the prompt (and what was typed) redrawn below
s.send(b"terminal monitor\r")
s.read_until(rb"PTY-1#$")
s.send(b"show cl")  # typed, not entered
s.read_until(rb"show cl$")
t.send(b"enable\r")
t.read_until(rb"Password: $")
t.send(SECRET.encode() + b"\rconfigure terminal\rend\r")
t_out = t.quiet_read(0.8)
out = s.quiet_read(0.8)
check(re.fullmatch(rb"\r\n\S.*%SYS-5-CONFIG_I: Configured from console by " + USER.encode() +
                   rb" on vty\d+ \(127\.0\.0\.1\)\r\nPTY-1#show cl", out) is not None,
      "terminal monitor: log line at the idle prompt, prompt and typed text redrawn", out)
check(b"%SYS" not in t_out, "no log lines without terminal monitor", t_out)
s.send(b"\x03")
s.read_until(rb"PTY-1#$")
t.close()
s.send(b"configure terminal\rhostname Router\rend\r")
s.quiet_read(0.5)
s.send(b"exit\r")
time.sleep(0.2)
s.close()

# `ssh host COMMAND`: sshd runs `flexsh -c COMMAND`, output only
c = paramiko.SSHClient()
c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
c.connect("127.0.0.1", port=PORT, username=USER, password=PASS, look_for_keys=False, allow_agent=False)
_, so, _ = c.exec_command("show privilege")
out = so.read()
check(out == b"Current privilege level is 1\n" and so.channel.recv_exit_status() == 0,
      "ssh exec channel runs one command at privilege 1", out)
c.close()

# exec-timeout: an idle SSH session is closed after its line's timeout
s = Session()
s.read_until(rb"[>#]$")
s.send(b"enable\r")
s.read_until(rb"Password: $")
# the idle time counts from the last input, sent at t0: the session may
# not go before t0 + 2 s (a loaded machine may only make it later)
t0 = time.time()
s.send(SECRET.encode() + b"\rconfigure terminal\rline vty 0 4\rexec-timeout 0 2\rend\r")
s.read_until(rb"Router#$", 3)
while time.time() - t0 < 10 and not s.chan.exit_status_ready():
    time.sleep(0.1)
check(s.chan.exit_status_ready() and time.time() - t0 >= 1.95,
      "exec-timeout 0 2 closes the idle session after 2 s", time.time() - t0)
s.close()
s = Session()
s.read_until(rb"[>#]$")
s.send(b"enable\r")
s.read_until(rb"Password: $")
s.send(SECRET.encode() + b"\rconfigure terminal\rline vty 0 4\rno exec-timeout\rend\r")
out = s.read_until(rb"Router#$", 3)
s.quiet_read(3.0)
check(not s.chan.closed, "no exec-timeout: the session stays", out)
s.send(b"configure terminal\rline vty 0 4\rdefault exec-timeout\rend\rexit\r")
time.sleep(0.3)
s.close()
finish()
