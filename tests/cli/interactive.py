#!/usr/bin/env python3
"""Drive flexsh on a pseudo-terminal as a person would: prompt, `?` help as
it is typed, TAB completion, --More-- paging, Ctrl-Z, password without echo."""
import os, pty, select, sys, time

FLEXSH = os.environ["FLEXSH"]
flash = sys.argv[1]

pid, fd = pty.fork()
if pid == 0:
    os.execv(FLEXSH, [FLEXSH, "--flash", flash])

pending = b""

def read_until(token, timeout=5.0):
    """Everything up to and including token; what follows stays pending."""
    global pending
    end = time.time() + timeout
    tok = token.encode()
    while tok not in pending and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                pending += os.read(fd, 4096)
            except OSError:
                break
    if tok not in pending:
        raise SystemExit("timed out waiting for %r; got %r" % (token, pending.decode(errors="replace")))
    i = pending.index(tok) + len(tok)
    out, pending = pending[:i], pending[i:]
    return out.decode(errors="replace")

def send(s):
    os.write(fd, s.encode())

try:
    read_until("Router>")
    send("enable\r")
    read_until("Router#")
    send("terminal length 0\r")
    read_until("Router#")
    # `?` lists what may follow, then the line is shown again
    send("show crypto ?")
    out = read_until("Router#show crypto ")
    assert "ikev2" in out, out
    send("\x15")  # Ctrl-U: clear the line
    # TAB completes a unique prefix
    send("sh\tver\t\r")
    out = read_until("Configuration register")
    assert "show version" in out, out
    read_until("Router#")
    # paging: a 5-line screen stops at --More--, space shows the next page, q stops
    send("terminal length 5\r")
    read_until("Router#")
    send("show version\r")
    out = read_until("--More--")
    send(" ")
    read_until("--More--")
    send("q")
    out = read_until("Router#")
    assert "Configuration register" not in out, out
    send("terminal length 0\r")
    read_until("Router#")
    # Ctrl-Z leaves configuration mode
    send("configure terminal\r")
    read_until("Router(config)#")
    send("crypto ikev2 keyring K\r")
    read_until("(config-ikev2-keyring)#")
    send("\x1a")
    read_until("Router#")
    # enable secret: Password: prompt without echo
    send("configure terminal\r")
    read_until("(config)#")
    send("enable secret s3cret\r")
    read_until("(config)#")
    send("end\r")
    read_until("Router#")
    send("disable\r")
    read_until("Router>")
    send("enable\r")
    read_until("Password: ")
    send("s3cret\r")
    out = read_until("Router#")
    assert "s3cret" not in out, "password echoed: %r" % out
    send("exit\r")
    os.waitpid(pid, 0)
    print("ok")
except AssertionError as e:
    print("FAIL", e)
    os.kill(pid, 9)
    sys.exit(1)
