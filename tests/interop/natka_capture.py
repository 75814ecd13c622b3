#!/usr/bin/env python3
"""NAT keepalive counter for scenario-flexd-esp-lifetime.sh (run inside a
client's namespace, root).

  natka_capture.py IFACE SRC SECONDS
      Sniff IFACE (AF_PACKET) for SECONDS and print, on one line, how many
      RFC 3948 NAT keepalives arrived from SRC: IPv4 UDP datagrams from
      SRC port 4500 whose payload is the single octet 0xFF.  Then, on a
      second line, how many other UDP datagrams came from SRC:4500 (IKE and
      ESP), so a silent capture can be told from a dead tunnel.
"""
import socket
import struct
import sys
import time

ETH_P_ALL = 0x0003
PACKET_OUTGOING = 4


def main():
    iface, src, seconds = sys.argv[1], socket.inet_aton(sys.argv[2]), float(sys.argv[3])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.2)
    keepalives = other = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] == PACKET_OUTGOING or len(frame) < 14 + 20 + 8:
            continue
        if struct.unpack("!H", frame[12:14])[0] != 0x0800:
            continue
        ip = frame[14:]
        ihl = (ip[0] & 0x0F) * 4
        if ip[0] >> 4 != 4 or ip[9] != 17 or ihl < 20 or len(ip) < ihl + 8 or ip[12:16] != src:
            continue
        sport, _dport, ulen = struct.unpack("!HHH", ip[ihl:ihl + 6])
        if sport != 4500:
            continue
        payload = ip[ihl + 8:ihl + ulen] if ulen >= 8 else b""
        if payload == b"\xff":
            keepalives += 1
        else:
            other += 1
    print(keepalives)
    print(other)


if __name__ == "__main__":
    main()
