"""Login authentication through AAA: sshd's PAM stack calls
`flexsh --login-auth` (pam_exec), so the password checked is the AAA one
(`username X privilege 15 secret Y` under `login authentication LIST`), not
the system account's; the session starts at the user's privilege; failed
and successful logins are logged as IOS logs them."""
import os
import re
import subprocess
import sys
import time

import paramiko

PORT = int(os.environ["FLEXD_AAA_PORT"])
USER = os.environ["FLEXD_SSH_USER"]
SYSPASS = os.environ["FLEXD_SSH_PASS"]
FLEXSH = os.environ["FLEXSH"]
FLASH = os.environ["FLEXD_FLASH"]
AAAPASS = "Aaa-Secret-7"
from checks import check, finish


def console(*cmds):
    args = [FLEXSH, "--flash", FLASH, "--join"]
    for c in cmds:
        args += ["-c", c]
    return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout


def login(password):
    c = paramiko.SSHClient()
    c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    try:
        c.connect("127.0.0.1", port=PORT, username=USER, password=password,
                  look_for_keys=False, allow_agent=False, timeout=10)
    except paramiko.AuthenticationException:
        return None
    return c


def first_prompt(c):
    ch = c.invoke_shell(term="vt100")
    ch.settimeout(0.2)
    buf = b""
    end = time.time() + 5
    while time.time() < end and not re.search(rb"[>#]$", buf):
        try:
            buf += ch.recv(1024)
        except Exception:
            pass
    return buf


out = console("configure terminal", "aaa new-model", "aaa authentication login VTYAUTH local",
              f"username {USER} privilege 15 secret {AAAPASS}", "line vty 0 4",
              "login authentication VTYAUTH", "end")
check("%" not in out, "AAA login config accepted", out)

check(login(SYSPASS) is None, "the system password is refused (AAA decides)")
c = login(AAAPASS)
check(c is not None, "the AAA secret logs in")
if c:
    p = first_prompt(c)
    check(p.endswith(b"\r\nRouter#"), "privilege 15 user starts at Router#", p)
    c.close()

console("configure terminal", f"username {USER} privilege 1 secret {AAAPASS}", "end")
c = login(AAAPASS)
if c:
    p = first_prompt(c)
    check(p.endswith(b"\r\nRouter>"), "privilege 1 user starts at Router>", p)
    c.close()
else:
    check(False, "privilege 1 user logs in")

log = console("show logging")
check(re.search(r"%SEC_LOGIN-4-LOGIN_FAILED: Login failed \[user: " + USER +
                r"\] \[Source: 127\.0\.0\.1\] \[localport: 22\] \[Reason: Login Authentication Failed\]", log),
      "failed login logged", log[-600:])
check(re.search(r"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success \[user: " + USER + r"\] \[Source: 127\.0\.0\.1\]", log),
      "successful login logged")
check(SYSPASS not in log and AAAPASS not in log, "no password in the log")

# back to no login authentication for the other tests
console("configure terminal", "no aaa new-model", f"no username {USER}", "line vty 0 4", "login", "end")
finish()
