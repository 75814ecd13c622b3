#!/usr/bin/env python3
"""SSH login to a flexsh account (paramiko, Debian's python3-paramiko):
  ssh_login.py HOST PORT USER PASSWORD
prints "PROMPT <the last line before the cursor>" after the login (the
first prompt flexsh prints), or "REFUSED" when the server refuses the
password.  Exit 0 in both cases, 1 on any other failure."""
import re
import sys
import time

import paramiko

host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
c = paramiko.SSHClient()
c.set_missing_host_key_policy(paramiko.AutoAddPolicy())
try:
    c.connect(host, port=port, username=user, password=password, look_for_keys=False,
              allow_agent=False, timeout=10, auth_timeout=60, banner_timeout=30)
except paramiko.AuthenticationException:
    print("REFUSED")
    sys.exit(0)
except Exception as e:  # noqa: BLE001 - reported, not hidden
    print("ERROR", e)
    sys.exit(1)
ch = c.invoke_shell(term="vt100")
ch.settimeout(0.2)
buf = b""
end = time.time() + 10
while time.time() < end and not re.search(rb"[>#]$", buf):
    try:
        buf += ch.recv(1024)
    except Exception:  # noqa: BLE001 - a recv timeout: poll again
        pass
c.close()
last = buf.decode(errors="replace").replace("\r", "").split("\n")[-1]
print("PROMPT", last)
sys.exit(0 if last else 1)
