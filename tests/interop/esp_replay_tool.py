#!/usr/bin/env python3
"""ESP-in-UDP capture and re-injection for scenario-flexd-ipsec-shows.sh
(root, inside a namespace).

  esp_replay_tool.py capture IFACE DST_ADDR OUT SECONDS
      Sniff IFACE (AF_PACKET) for one incoming IPv4 UDP datagram to
      DST_ADDR port 4500 that carries ESP (RFC 3948: first 4 payload octets
      not zero, i.e. not IKE behind the non-ESP marker, and longer than a
      keepalive) and write its payload (SPI .. ICV) to OUT.  Creates
      OUT.ready once listening; exit 1 if nothing came within SECONDS.
  esp_replay_tool.py send SERVER FILE [tamper]
      Send FILE's ESP packet to SERVER:4500 from a fresh UDP socket.  With
      tamper: the sequence number is moved 1000 ahead (so the receiver's
      replay pre-check, which RFC 4303 §3.4.3 puts before the ICV check,
      lets it through) and the last ICV octet flipped: the ICV must fail.
"""
import socket
import struct
import sys
import time


def capture(iface, dst, out, seconds):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0003))
    s.bind((iface, 0))
    s.settimeout(0.2)
    want = socket.inet_aton(dst)
    open(out + ".ready", "w").close()
    end = time.time() + seconds
    while time.time() < end:
        try:
            pkt, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        if addr[2] == socket.PACKET_OUTGOING or pkt[12:14] != b"\x08\x00":
            continue
        ip = pkt[14:]
        if len(ip) < 20 or ip[9] != 17 or ip[16:20] != want:
            continue
        udp = ip[(ip[0] & 15) * 4:]
        if len(udp) < 8 + 24 or struct.unpack("!H", udp[2:4])[0] != 4500:
            continue
        payload = udp[8:struct.unpack("!H", udp[4:6])[0]]
        if payload[:4] == b"\0\0\0\0":
            continue  # IKE behind the non-ESP marker
        with open(out, "wb") as f:
            f.write(payload)
        return 0
    return 1


def send(server, path, tamper):
    pkt = bytearray(open(path, "rb").read())
    if tamper:
        seq = struct.unpack("!I", pkt[4:8])[0]
        pkt[4:8] = struct.pack("!I", (seq + 1000) & 0xFFFFFFFF)
        pkt[-1] ^= 0x01
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(bytes(pkt), (server, 4500))
    s.close()
    return 0


def main():
    a = sys.argv[1:]
    if len(a) == 5 and a[0] == "capture":
        return capture(a[1], a[2], a[3], float(a[4]))
    if len(a) in (3, 4) and a[0] == "send":
        return send(a[1], a[2], len(a) == 4 and a[3] == "tamper")
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
