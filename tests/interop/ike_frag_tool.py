#!/usr/bin/env python3
"""IKE fragment capture and replay for scenario-flexd-frag.sh (run inside a
client's namespace, root).

  ike_frag_tool.py capture IFACE OUTDIR SECONDS
      Sniff IFACE (AF_PACKET) for outgoing IKEv2 IKE_AUTH requests sent as
      SKF fragments (UDP to port 4500, non-ESP marker) and write each
      fragment's IKE message to OUTDIR/frag-N.bin (N = Fragment Number).
      Creates OUTDIR/ready once listening; exits when all fragments of the
      first message are in, or after SECONDS.
  ike_frag_tool.py replay SERVER FILE
      Send FILE to SERVER:4500 (marker prepended) from a fresh UDP socket and
      print one line per IKE message that comes back within 1.5 s:
      "exchange flags msgid next_payload frag_num/total length" (for SKF the
      SKF's Next Payload: the first inner payload in fragment 1, else 0).
"""
import os
import socket
import struct
import sys
import time


def ike_fields(msg):
    """(exchange, flags, msgid, next, frag_num, total) or None; for SKF, next
    is the SKF payload's Next Payload."""
    if len(msg) < 28:
        return None
    nxt, exch, flags, msgid, length = msg[16], msg[18], msg[19], *struct.unpack("!II", msg[20:28])
    num = total = 0
    if nxt == 53 and len(msg) >= 36:
        nxt = msg[28]  # SKF: the first inner payload (fragment 1), else 0
        num, total = struct.unpack("!HH", msg[32:36])
    return exch, flags, msgid, nxt, num, total


def capture(iface, outdir, seconds):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.bind((iface, 0))
    s.settimeout(0.2)
    open(os.path.join(outdir, "ready"), "w").close()
    end = time.time() + seconds
    got, total = {}, None
    while time.time() < end and (total is None or len(got) < total):
        try:
            pkt = s.recv(65535)
        except socket.timeout:
            continue
        ip = pkt[14:]
        if len(ip) < 20 or pkt[12:14] != b"\x08\x00" or ip[9] != 17:
            continue
        udp = ip[(ip[0] & 15) * 4:]
        if len(udp) < 12 or struct.unpack("!H", udp[2:4])[0] != 4500 or udp[8:12] != b"\0\0\0\0":
            continue
        msg = udp[12:]
        f = ike_fields(msg)
        if not f or f[0] != 35 or f[1] & 0x20 or f[4] == 0:
            continue  # IKE_AUTH requests in SKF only
        if f[4] not in got:
            got[f[4]] = msg
            total = f[5]
            tmp = os.path.join(outdir, "tmp")
            with open(tmp, "wb") as fh:
                fh.write(msg)
            os.rename(tmp, os.path.join(outdir, "frag-%d.bin" % f[4]))
    print("captured %d of %s fragments" % (len(got), total))
    return 0 if total and len(got) == total else 1


def replay(server, path):
    with open(path, "rb") as fh:
        msg = fh.read()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"\0\0\0\0" + msg, (server, 4500))
    s.settimeout(1.5)
    while True:
        try:
            data = s.recv(65535)
        except socket.timeout:
            return 0
        f = ike_fields(data[4:]) if data[:4] == b"\0\0\0\0" else None
        if f:
            print("%d 0x%02x %d %d %d/%d %d" % (f[0], f[1], f[2], f[3], f[4], f[5], len(data) - 4))


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "capture":
        sys.exit(capture(sys.argv[2], sys.argv[3], float(sys.argv[4])))
    if len(sys.argv) == 4 and sys.argv[1] == "replay":
        sys.exit(replay(sys.argv[2], sys.argv[3]))
    sys.exit(__doc__)
