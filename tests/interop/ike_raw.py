#!/usr/bin/env python3
# ike_raw.py -- hand-made IKEv2 datagrams for the protection scenarios
# (tests/interop/scenario-flexd-cookie.sh, scenario-flexd-bind.sh).
# Standard library only; every loop and wait is bounded.
#
#   ike_raw.py init --to IP [--port 500] [--count N] [--follow-cookie] [--wait S]
#                   [--spread T] [--forged-cookie]
#       N IKE_SA_INIT requests (spread over T seconds, default at once) (aes256-sha256-modp2048, new SPIi and Ni
#       each), then S seconds of listening.  Prints one line:
#       sent=N sa=A cookie=C other=O silent=Z retried=R retried_sa=RA
#       (sa: answered with SA/KE/Nr; cookie: with N(COOKIE); silent: no
#       answer; with --follow-cookie each cookie is sent back once and the
#       outcome counted in retried/retried_sa).  The half-open SAs this
#       leaves on the responder are never completed.  --forged-cookie: each
#       request carries a random N(COOKIE) from the start.
#   ike_raw.py malformed --to IP [--port 500] [--natt-port 4500]
#       a fixed set of broken datagrams (truncated, wrong version, bad
#       lengths, KE size wrong for the group, unknown SPI, unknown critical
#       payload, ...).  Prints: sent=K answered=A
#   ike_raw.py bind [--port 500] [--seconds S]
#       hold UDP PORT on 0.0.0.0 for at most S seconds (default 60), as a
#       competing IKE daemon would; prints "bound" once it holds it.
import argparse
import os
import socket
import struct
import sys
import time

# RFC 3526 group 14 (from `openssl genpkey -genparam -pkeyopt group:modp_2048`)
P14 = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF", 16)

PL_SA, PL_KE, PL_NONCE, PL_N, PL_SK = 33, 34, 40, 41, 46
IKE_SA_INIT, IKE_AUTH = 34, 35
N_COOKIE = 16390


def payload(next_pl, body, critical=False):
    return struct.pack("!BBH", next_pl, 0x80 if critical else 0, 4 + len(body)) + body


def header(spi_i, spi_r, next_pl, exch, flags, msgid, body_len, version=0x20):
    return struct.pack("!QQBBBBII", spi_i, spi_r, next_pl, version, exch, flags, msgid, 28 + body_len)


def sa_body():
    def xf(last, t, i, attrs=b""):
        return struct.pack("!BBHBBH", 0 if last else 3, 0, 8 + len(attrs), t, 0, i) + attrs
    xfs = (xf(False, 1, 12, struct.pack("!HH", 0x800E, 256))  # ENCR AES-CBC-256
           + xf(False, 2, 5)                                  # PRF HMAC-SHA256
           + xf(False, 3, 12)                                 # INTEG SHA256-128
           + xf(True, 4, 14))                                 # DH 14
    return struct.pack("!BBHBBBB", 0, 0, 8 + len(xfs), 1, 1, 0, 4) + xfs


KE_PUB = pow(2, int.from_bytes(os.urandom(32), "big"), P14).to_bytes(256, "big")


def sa_init(spi_i, nonce, cookie=None, ke=None, ke_group=14, version=0x20, tail=b""):
    ke = KE_PUB if ke is None else ke
    body = (payload(PL_KE, sa_body())
            + payload(PL_NONCE, struct.pack("!HH", ke_group, 0) + ke)
            + payload(0, nonce)) + tail
    first = PL_SA
    if cookie is not None:
        body = payload(PL_SA, struct.pack("!BBH", 0, 0, N_COOKIE) + cookie) + body
        first = PL_N
    return header(spi_i, 0, first, IKE_SA_INIT, 0x08, 0, len(body), version) + body


def parse(data):
    """(spi_i, set of payload types, {notify type: data}) or None."""
    if len(data) < 28:
        return None
    spi_i, _spi_r, nxt, _v, _x, _f, _m, length = struct.unpack("!QQBBBBII", data[:28])
    if length != len(data):
        return None
    off, types, notes = 28, set(), {}
    while nxt and off + 4 <= len(data):
        n2, _c, plen = struct.unpack("!BBH", data[off:off + 4])
        if plen < 4 or off + plen > len(data):
            return None
        types.add(nxt)
        if nxt == PL_N and plen >= 8:
            spi_size, ntype = data[off + 5], struct.unpack("!H", data[off + 6:off + 8])[0]
            notes[ntype] = data[off + 8 + spi_size:off + plen]
        nxt, off = n2, off + plen
    return spi_i, types, notes


def listen(sock, seconds, on_reply):
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return
        sock.settimeout(left)
        try:
            data, _ = sock.recvfrom(65535)
        except socket.timeout:
            return
        on_reply(data)


def cmd_init(a):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    dst = (a.to, a.port)
    reqs = {}  # spi -> [nonce, outcome, retried outcome]

    def on_reply(data):
        p = parse(data)
        if not p or p[0] not in reqs:
            return
        r = reqs[p[0]]
        kind = "sa" if PL_SA in p[1] else "cookie" if N_COOKIE in p[2] else "other"
        if r[1] is None:
            r[1] = kind
            if kind == "cookie" and a.follow_cookie:
                sock.sendto(sa_init(p[0], r[0], cookie=p[2][N_COOKIE]), dst)
        elif r[2] is None:
            r[2] = kind

    for _ in range(a.count):
        spi = int.from_bytes(os.urandom(8), "big") | 1
        nonce = os.urandom(32)
        reqs[spi] = [nonce, None, None]
        sock.sendto(sa_init(spi, nonce, cookie=os.urandom(33) if a.forged_cookie else None), dst)
        # read the answers as they come: a flood's worth would overflow
        # the socket's receive buffer
        listen(sock, a.spread / a.count if a.spread else 0.0005, on_reply)
    listen(sock, a.wait, on_reply)
    out = [r[1] for r in reqs.values()]
    again = [r[2] for r in reqs.values() if r[1] == "cookie" and a.follow_cookie]
    print("sent=%d sa=%d cookie=%d other=%d silent=%d retried=%d retried_sa=%d" % (
        a.count, out.count("sa"), out.count("cookie"), out.count("other"), out.count(None),
        len(again), again.count("sa")))


def cmd_malformed(a):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    spi = lambda: int.from_bytes(os.urandom(8), "big") | 1
    nonce = os.urandom(32)
    good = sa_init(spi(), nonce)
    bad = [
        b"",                                                    # empty datagram
        os.urandom(10),                                         # shorter than the header
        sa_init(spi(), nonce, version=0x30),                    # major version 3
        sa_init(spi(), nonce, version=0x10),                    # major version 1
        good[:-5],                                              # truncated: length field lies
        good[:24] + struct.pack("!I", len(good) + 100) + good[28:],  # length field too big
        sa_init(spi(), nonce, ke=os.urandom(100)),              # KE size wrong for group 14
        sa_init(spi(), nonce, ke=b"\x00" * 255 + b"\x01"),      # KE value 1 (RFC 7296 §2.12 / SP 800-56A check)
        sa_init(spi(), nonce, ke=b"\xff" * 256),                # KE value above p
        sa_init(spi(), os.urandom(8)),                          # nonce below 16 octets
        sa_init(spi(), nonce, tail=b"\x00\x00\x00\x02"),        # octets after the last payload
        os.urandom(28 + 300),                                   # random bytes
    ]
    # unknown critical payload (type 200) after the Nonce of a valid request
    body = good[28:]
    crit = bytearray(good)
    off = 28
    while True:
        n2, plen = crit[off], struct.unpack("!H", bytes(crit[off + 2:off + 4]))[0]
        if n2 == 0:
            crit[off] = 200
            break
        off += plen
    crit += payload(0, b"x" * 8, critical=True)
    crit[24:28] = struct.pack("!I", len(crit))
    bad.append(bytes(crit))
    # an IKE_AUTH for an IKE SA that does not exist
    sk = payload(0, os.urandom(64))
    bad.append(header(spi(), spi(), PL_SK, IKE_AUTH, 0x08, 1, len(sk)) + sk)
    # an INFORMATIONAL for an unknown SPI
    bad.append(header(spi(), spi(), PL_SK, 37, 0x08, 7, len(sk)) + sk)
    # an IKE_SA_INIT with a nonzero SPIr (not an initial request)
    bad.append(header(spi(), spi(), PL_SA, IKE_SA_INIT, 0x08, 0, len(body)) + body)
    for d in bad:
        sock.sendto(d, (a.to, a.port))
    natt = [b"\x00\x00", b"\x00\x00\x00\x00" + os.urandom(40)]  # short; marker + garbage
    for d in natt:
        sock.sendto(d, (a.to, a.natt_port))
    answered = []
    listen(sock, 1.0, answered.append)
    print("sent=%d answered=%d" % (len(bad) + len(natt), len(answered)))


def cmd_bind(a):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", a.port))
    print("bound", flush=True)
    end = time.monotonic() + a.seconds
    while time.monotonic() < end:
        time.sleep(min(0.5, max(0.0, end - time.monotonic())))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("init")
    p.add_argument("--to", required=True)
    p.add_argument("--port", type=int, default=500)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--follow-cookie", action="store_true")
    p.add_argument("--wait", type=float, default=2.0)
    p.add_argument("--spread", type=float, default=0.0)
    p.add_argument("--forged-cookie", action="store_true")
    p = sub.add_parser("malformed")
    p.add_argument("--to", required=True)
    p.add_argument("--port", type=int, default=500)
    p.add_argument("--natt-port", type=int, default=4500)
    p = sub.add_parser("bind")
    p.add_argument("--port", type=int, default=500)
    p.add_argument("--seconds", type=float, default=60)
    a = ap.parse_args()
    if getattr(a, "count", 1) > 10000 or getattr(a, "spread", 0) > 60:
        sys.exit("at most 10000 requests over at most 60 s")
    {"init": cmd_init, "malformed": cmd_malformed, "bind": cmd_bind}[a.cmd](a)


if __name__ == "__main__":
    main()
