#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into tests/fuzz/corpus/<target>/.

Each seed follows the input layout its target reads (see the comment at the
top of each fuzz_<target>.c): real echo replies as each socket kind delivers
them, error-queue reports, control data, IPv4 options, node information
replies and -N arguments, command lines and numbers.  Run it again after a
layout changes; the files are small and checked in.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SENT_REAL = 1700000000000000  # the rig's send time of sequence 0, microseconds
IDENT = 0x1234
RAW4, DGRAM4, RAW6, DGRAM6, NINFO6 = range(5)
# ninfo_nonce(key = 16 x 0x5a, seq) for seq 0, 1, 2: the rig's key.
NONCES = [bytes.fromhex(h) for h in ("000003077cdf670f", "000131f849740bf8", "00026719351036a6")]

SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6 = 1, 0, 41
SO_TIMESTAMP, SO_TIMESTAMPNS, SO_TIMESTAMPING = 29, 35, 37
IP_TTL, IP_OPTIONS, IP_RETOPTS, IP_RECVERR = 2, 4, 7, 11
IPV6_RECVERR, IPV6_HOPLIMIT = 25, 52


def cksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return struct.pack("!H", ~s & 0xffff)


def echo(typ, ident, seq, datalen=64, skew=0):
    t = SENT_REAL + seq * 1000 + skew
    payload = bytes(i & 0xff for i in range(datalen))
    if datalen >= 16:
        payload = struct.pack("<qq", t // 1000000, t % 1000000) + payload[16:]
    p = struct.pack("!BBHHH", typ, 0, 0, ident, seq) + payload
    return p[:2] + cksum(p) + p[4:]


def ipv4(icmp, opts=b"", ttl=55, src=b"\xc6\x12\x00\x01", dst=b"\xc6\x12\x00\x02"):
    hl = 20 + len(opts)
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | hl // 4, 0, hl + len(icmp), 0, 0, ttl, 1, 0,
                    src, dst) + opts
    return h + icmp


def cmsg(level, typ, data):
    pad = (-len(data)) % 8
    return struct.pack("<Qii", 16 + len(data), level, typ) + data + b"\0" * pad


def msg(ctl, how=1):
    """The msghdr part of an input: sender choice and control data (even length)."""
    if len(ctl) % 2:
        ctl += b"\0"
    return bytes([how, len(ctl) // 2]) + ctl


def stamp(us):
    return cmsg(SOL_SOCKET, SO_TIMESTAMPNS, struct.pack("<qq", us // 1000000, us % 1000000 * 1000))


RR = bytes([7, 11, 12]) + b"\xc6\x12\x00\x05\xc6\x12\x00\x06" + b"\0"  # record route, 2 hops
TS = bytes([68, 12, 13, 0]) + struct.pack("!II", 1000, 1003)          # timestamps only
TSA = bytes([68, 20, 21, 1]) + b"\xc6\x12\x00\x05" + struct.pack("!I", 7) + \
    b"\xc6\x12\x00\x06" + struct.pack("!I", 9)                          # with addresses
LSRR = bytes([1, 131, 7, 8]) + b"\xc6\x12\x00\x07"                      # NOP, loose route


def reply_seeds():
    rx = SENT_REAL + 3000
    s = {}
    for kind, name in ((RAW4, "raw4"), (DGRAM4, "dgram4")):
        for seq in (0, 1, 7):
            icmp = echo(0, IDENT, seq)
            if kind == RAW4:
                pkt = ipv4(icmp)
                ctl = stamp(rx)
            else:
                pkt = icmp
                ctl = cmsg(IPPROTO_IP, IP_TTL, struct.pack("<i", 62)) + stamp(rx)
            s["%s-seq%d" % (name, seq)] = bytes([kind, 0]) + msg(ctl) + struct.pack("!H", len(pkt)) + pkt
    s["raw4-rr"] = bytes([RAW4, 1]) + msg(b"") + b"\xff\xff" + ipv4(echo(0, IDENT, 2), RR + b"\0" * 20)
    s["raw4-ts"] = bytes([RAW4, 1]) + msg(b"") + b"\xff\xff" + ipv4(echo(0, IDENT, 2), TS + b"\0" * 4)
    s["raw4-badsum"] = bytes([RAW4, 0]) + msg(b"") + b"\xff\xff" + ipv4(echo(0, IDENT, 3)[:2] + b"\0\0" + echo(0, IDENT, 3)[4:])
    s["raw4-other-ident"] = bytes([RAW4, 1]) + msg(b"") + b"\xff\xff" + ipv4(echo(0, 0x4321, 3))
    s["raw4-unreach"] = bytes([RAW4, 65]) + msg(b"") + b"\xff\xff" + ipv4(
        bytes([3, 1, 0, 0, 0, 0, 0, 0]) + ipv4(echo(8, IDENT, 4, 0), src=b"\xc6\x12\x00\x02", dst=b"\xc6\x12\x00\x01"))
    s["raw4-redirect"] = bytes([RAW4, 65]) + msg(b"") + b"\xff\xff" + ipv4(
        bytes([5, 1, 0, 0, 198, 18, 0, 254]) + ipv4(echo(8, IDENT, 4, 0), src=b"\xc6\x12\x00\x02", dst=b"\xc6\x12\x00\x01"))
    s["dgram4-opts"] = bytes([DGRAM4, 1]) + msg(cmsg(IPPROTO_IP, IP_RETOPTS, LSRR) +
                                               cmsg(IPPROTO_IP, IP_TTL, struct.pack("<i", 9))) + \
        struct.pack("!H", 72) + echo(0, 0, 5)
    s["dgram4-short"] = bytes([DGRAM4, 0]) + msg(b"") + struct.pack("!H", 20) + echo(0, 0, 6)[:20]
    s["dgram4-dup"] = bytes([DGRAM4, 0]) + msg(b"") + struct.pack("!H", 72) + echo(0, 0, 1) + msg(b"") + echo(0, 0, 1)
    s["dgram4-wrongdata"] = bytes([DGRAM4, 1]) + msg(b"") + struct.pack("!H", 72) + echo(0, 0, 2)[:40] + b"\xee" + echo(0, 0, 2)[41:]
    s["dgram4-flood-mcast"] = bytes([DGRAM4, 4 | 8]) + msg(b"", 0) + struct.pack("!H", 72) + echo(0, 0, 0)
    for kind, name in ((RAW6, "raw6"), (DGRAM6, "dgram6")):
        for seq in (0, 65535):
            ctl = cmsg(IPPROTO_IPV6, IPV6_HOPLIMIT, struct.pack("<i", 64)) + stamp(rx)
            pkt = echo(129, IDENT if kind == RAW6 else 0, seq)
            s["%s-seq%d" % (name, seq)] = bytes([kind, 128]) + msg(ctl) + struct.pack("!H", len(pkt)) + pkt
    s["raw6-unreach"] = bytes([RAW6, 65]) + msg(b"") + b"\xff\xff" + bytes([1, 3, 0, 0, 0, 0, 0, 0]) + \
        b"\x60" + b"\0" * 3 + struct.pack("!HBB", 8, 58, 64) + b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x02" + \
        b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x01" + echo(128, IDENT, 1, 0)
    for q, name in ((2, "name"), (3, "ipv6"), (4, "ipv4")):
        if q == 2:
            data = struct.pack("!I", 300) + b"\x04host\x07example\x03com\x00" + b"\x05other\x00\x00"
        elif q == 3:
            data = struct.pack("!I", 30) + b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x01"
        else:
            data = struct.pack("!I", 30) + b"\xc6\x12\x00\x01"
        pkt = bytes([140, 0, 0, 0]) + struct.pack("!HH", q, 0) + NONCES[q - 2] + data
        ctl = cmsg(IPPROTO_IPV6, IPV6_HOPLIMIT, struct.pack("<i", 64))
        s["ninfo-" + name] = bytes([NINFO6, 1]) + msg(ctl) + struct.pack("!H", len(pkt)) + pkt
    pkt = bytes([140, 1, 0, 0]) + struct.pack("!HH", 2, 0) + NONCES[0]
    s["ninfo-refused"] = bytes([NINFO6, 0]) + msg(b"") + struct.pack("!H", len(pkt)) + pkt
    # The kind byte + 5: the run authenticates and the harness signs each
    # echo reply; + 10: it authenticates and nothing is signed (a forgery).
    for base, add, tag in (("raw4-seq1", 5, "auth-signed"), ("dgram6-seq0", 5, "auth-signed"),
                           ("dgram4-wrongdata", 5, "auth-signed"), ("dgram4-dup", 5, "auth-signed"),
                           ("raw4-seq1", 10, "auth-forged"), ("dgram6-seq0", 10, "auth-forged"),
                           ("dgram4-short", 5, "auth-signed")):
        seed = s[base]
        s["%s-%s" % (base, tag)] = bytes([seed[0] + add]) + seed[1:]
    return s


def ee(origin, err, typ, code, info, offender=b"", data=0):
    return struct.pack("<IBBBBII", err, origin, typ, code, 0, info, data) + offender


def tsing(us):
    """SO_TIMESTAMPING: the software stamp, then two empty hardware ones."""
    return cmsg(SOL_SOCKET, SO_TIMESTAMPING, struct.pack("<qq", us // 1000000, us % 1000000 * 1000) + b"\0" * 32)


def sin(addr):
    return struct.pack("<H", 2) + b"\0\0" + addr + b"\0" * 8


def sin6(addr):
    return struct.pack("<H", 10) + b"\0" * 6 + addr + b"\0" * 4


def error_seeds():
    s = {}
    a4, a6 = b"\xc6\x12\x00\xfe", b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\xfe"
    for kind, name in ((RAW4, "raw4"), (DGRAM4, "dgram4")):
        ident = IDENT if kind == RAW4 else 0
        req = echo(8, ident, 1, 0)
        s[name + "-unreach"] = bytes([kind, 0, 0]) + msg(cmsg(IPPROTO_IP, IP_RECVERR, ee(2, 113, 3, 1, 0, sin(a4)))) + req
        s[name + "-frag"] = bytes([kind, 1, 0]) + msg(cmsg(IPPROTO_IP, IP_RECVERR, ee(2, 90, 3, 4, 1400, sin(a4)))) + req
        s[name + "-ttl"] = bytes([kind, 0, 0]) + msg(cmsg(IPPROTO_IP, IP_RECVERR, ee(2, 113, 11, 0, 0, sin(a4)))) + req
        s[name + "-redirect"] = bytes([kind, 1, 0]) + msg(cmsg(IPPROTO_IP, IP_RECVERR, ee(2, 0, 5, 1, 0xc612fffd, sin(a4)))) + req
        s[name + "-local-emsgsize"] = bytes([kind, 0, 1]) + msg(cmsg(IPPROTO_IP, IP_RECVERR, ee(1, 90, 0, 0, 1400))) + req
        s[name + "-local"] = bytes([kind, 1, 0]) + msg(cmsg(IPPROTO_IP, IP_RECVERR, ee(1, 111, 0, 0, 0))) + req
        # A transmit stamp (origin 4, SCM_TSTAMP_SCHED) of key 3, no payload (OPT_TSONLY).
        s[name + "-txstamp"] = bytes([kind, 0, 0]) + msg(tsing(SENT_REAL + 3000 + 120) +
                                                          cmsg(IPPROTO_IP, IP_RECVERR, ee(4, 42, 0, 0, 1, b"", 3)))
    for kind, name in ((RAW6, "raw6"), (DGRAM6, "dgram6")):
        ident = IDENT if kind == RAW6 else 0
        req = echo(128, ident, 2, 0)
        s[name + "-unreach"] = bytes([kind, 0, 0]) + msg(cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(3, 113, 1, 3, 0, sin6(a6)))) + req
        s[name + "-toobig"] = bytes([kind, 1, 0]) + msg(cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(3, 90, 2, 0, 1280, sin6(a6)))) + req
        s[name + "-hop"] = bytes([kind, 0, 0]) + msg(cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(3, 113, 3, 0, 0, sin6(a6)))) + req
        s[name + "-local"] = bytes([kind, 1, 0]) + msg(cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(1, 90, 0, 0, 1280))) + req
        s[name + "-txstamp"] = bytes([kind, 64, 0]) + msg(tsing(SENT_REAL + 2000 + 90) +
                                                           cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(4, 42, 0, 0, 1, b"", 2)))
    return s


def cmsg_seeds():
    ts = struct.pack("<qq", 1700000000, 5000)
    return {
        "ttl4": b"\0" + cmsg(IPPROTO_IP, IP_TTL, struct.pack("<i", 64)),
        "ttl4-stamps": b"\0" + cmsg(IPPROTO_IP, IP_TTL, struct.pack("<i", 1)) + cmsg(SOL_SOCKET, SO_TIMESTAMP, ts) +
        cmsg(SOL_SOCKET, SO_TIMESTAMPNS, ts),
        "opts4": b"\0" + cmsg(IPPROTO_IP, IP_OPTIONS, RR + b"\0") + cmsg(IPPROTO_IP, IP_RETOPTS, LSRR),
        "err4": b"\0" + cmsg(IPPROTO_IP, IP_RECVERR, ee(2, 113, 3, 1, 0, sin(b"\xc6\x12\x00\xfe"))),
        "err4-short": b"\0" + cmsg(IPPROTO_IP, IP_RECVERR, ee(2, 113, 3, 1, 0)[:10]),
        "ttl4-bad": b"\0" + cmsg(IPPROTO_IP, IP_TTL, b"\x40") + cmsg(IPPROTO_IP, IP_TTL, struct.pack("<i", 300)),
        "hop6": b"\1" + cmsg(IPPROTO_IPV6, IPV6_HOPLIMIT, struct.pack("<i", 255)) + cmsg(SOL_SOCKET, SO_TIMESTAMPNS, ts),
        "err6": b"\1" + cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(3, 113, 1, 3, 0, sin6(b"\x20\x01\x0d\xb8" + b"\0" * 12))),
        "err6-v4offender": b"\1" + cmsg(IPPROTO_IPV6, IPV6_RECVERR, ee(3, 113, 1, 3, 0, sin(b"\x7f\0\0\1"))),
        "truncated": b"\0" + cmsg(IPPROTO_IP, IP_TTL, struct.pack("<i", 64))[:12],
        "tsing4": b"\0" + tsing(1700000000005000) + cmsg(SOL_SOCKET, SO_TIMESTAMPNS, ts),
    }


def ipopt_seeds():
    def opt(flags, size, b):
        return bytes([flags]) + struct.pack("!H", size) + b
    empty_rr = bytes([1, 7, 39, 4]) + b"\0" * 36
    full_rr = bytes([1, 7, 39, 40]) + b"".join(bytes([198, 18, 0, i]) for i in range(1, 10))
    return {
        "rr": opt(0, 512, b"\1" + RR + b"\0" * 28),
        "rr-same": opt(0, 512, b"\1" + RR + b"\0" * 28),
        "rr-empty": opt(1, 512, empty_rr),
        "rr-full-names": opt(8 | 2, 1000, full_rr),
        "rr-small-buffer": opt(0, 7, full_rr),
        "ts": opt(0, 512, TS),
        "ts-addr": opt(8, 512, TSA),
        "ts-prespec": opt(0, 512, bytes([68, 12, 5, 3]) + b"\xc6\x12\x00\x05" + b"\0" * 4),
        "ts-overflow": opt(0, 512, bytes([68, 40, 41, 0x10]) + b"".join(struct.pack("!I", 0x80000000 + i) for i in range(9))),
        "lsrr": opt(0, 512, LSRR),
        "ssrr": opt(0, 512, bytes([1, 137, 11, 12]) + b"\xc6\x12\x00\x07\xc6\x12\x00\x08"),
        "nop-eol-unknown": opt(4, 512, bytes([1, 1, 0x99, 3, 0, 0])),
        "short-len": opt(0, 512, bytes([7, 1])),
    }


def ninfo_seeds():
    def rep(code, qtype, flags, data, size=1024):
        return b"\0" + struct.pack("!H", size) + bytes([140, code, 0, 0]) + struct.pack("!HH", qtype, flags) + NONCES[1] + data

    def opts(*args):
        return b"\1\0\0" + b"\0".join(a.encode() for a in args)
    comp = struct.pack("!I", 5) + b"\x03www\x07example\x00" + b"\x04mail\xc0\x08"
    return {
        "name": rep(0, 2, 0, struct.pack("!I", 300) + b"\x04host\x07example\x03com\x00\x05other\x00\x00"),
        "name-compressed": rep(0, 2, 0, comp),
        "name-loop": rep(0, 2, 0, struct.pack("!I", 5) + b"\xc0\x04"),
        "name-escapes": rep(0, 2, 0, struct.pack("!I", 5) + b"\x06a.b\\\"\x01\x03\x7f\xff@\x00"),
        "name-short": rep(0, 2, 0, b"\0\0"),
        "ipv6": rep(0, 3, 1, struct.pack("!I", 30) + b"\x20\x01\x0d\xb8" + b"\0" * 11 + b"\x01" +
                    struct.pack("!I", 30) + b"\xfe\x80" + b"\0" * 13 + b"\x01"),
        "ipv4": rep(0, 4, 0, struct.pack("!I", 30) + b"\xc6\x12\x00\x01" + struct.pack("!I", 30) + b"\x7f\0\0"),
        "unknown-qtype": rep(0, 9, 0, b""),
        "refused": rep(1, 2, 0, b""),
        "code-5": rep(5, 2, 0, b"", 10),
        "opt-name": opts("name"),
        "opt-ipv6-flags": opts("ipv6-all", "ipv6-global", "ipv6-linklocal", "ipv6-sitelocal", "ipv6-compatible"),
        "opt-ipv4": opts("ipv4-all", "subject-ipv4=192.0.2.1"),
        "opt-subject-ipv6": opts("ipv6", "subject-ipv6=2001:db8::1"),
        "opt-subject-resolve": opts("name", "subject-ipv6=host.example"),
        "opt-subject-name": opts("name", "subject-name=host\\.a.b\\065c%eth0"),
        "opt-subject-single": opts("name", "subject-name=single"),
        "opt-subject-fqdn": opts("name", "subject-fqdn=a.b.c."),
        "opt-subject-backslash": opts("name", "subject-name=a\\"),
        "opt-conflict": opts("name", "ipv6"),
        "opt-help": opts("help"),
        "opt-noop": opts("noop"),
        "opt-unknown": opts("bogus"),
    }


def cli_seeds():
    def line(sel, *args):
        return bytes([sel]) + b"\0".join(a.encode() for a in args)
    return {
        "plain": line(0, "-c", "3", "198.18.0.1"),
        "ping6": line(2, "-v", "-N", "name", "-N", "subject-name=x", "::1"),
        "many": line(0, "-c1", "-i", "0.2", "-W", "1.5", "-w", "3", "-s", "100", "-t", "9", "-Q", "0x10",
                     "-p", "ff00", "-l", "3", "-m", "7", "-M", "do", "-S", "65536", "-D", "-O", "-q", "-a", "-A", "h"),
        "flood-user": line(0, "-f", "-i", "0.001", "-l", "9", "x"),
        "flood-root": line(8, "-f", "x"),
        "broadcast": line(32, "-b", "-i", "0.5", "-M", "dont", "192.0.2.255"),
        "mcast6": line(16 | 64, "-6", "-i", "0.5", "ff02::1"),
        "route": line(0, "-R", "-T", "tsprespec", "a", "b", "c", "-r", "h1", "h2", "dst"),
        "iface": line(0, "-I", "fe80::1%eth0", "-I", "198.18.0.2", "-I", "eth0", "-B", "-L", "-C", "t"),
        "json": line(64, "--json", "--percentiles", "-e", "7", "-F", "12345", "-U", "-3", "-H", "-n", "t"),
        "bad-count": line(0, "-c", "0x10", "t"),
        "bad-interval": line(0, "-i", "abc", "t"),
        "garbage": line(0, "-W", "1x", "-w", "2y", "t"),
        "version": line(1, "-V"),
        "help": line(1, "-h"),
        "no-target": line(0, "-c", "1"),
        "double-dash": line(0, "--", "-t"),
        "too-many-hops": line(0, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"),
        "env0": line(128 | 64, "-H", "t"),
    }


def strnum_seeds():
    def num(sel, lo, hi, text):
        return bytes([sel]) + struct.pack("!qq", lo, hi) + text.encode()
    return {
        "ll": num(0, -10, 1000, "42"),
        "ll-space": num(0, 0, 1 << 40, "  123"),
        "ll-neg": num(0, -(1 << 62), 0, "-9223372036854775808"),
        "ll-overflow": num(0, 0, 10, "99999999999999999999"),
        "ll-range": num(0, 0, 10, "11"),
        "ll-trailing": num(0, 0, 10, "5x"),
        "double": num(1, 0, 0, "1.5"),
        "double-exp": num(1, 0, 0, "1e-3x"),
        "double-hex": num(1, 0, 0, "0x1p4"),
        "double-inf": num(1, 0, 0, "inf"),
        "double-nan": num(1, 0, 0, "nan"),
        "double-huge": num(1, 0, 0, "1e999"),
        "hexdec": num(2, 0xffff, 0, "0x1f"),
        "hexdec-dec": num(2, 0xffffffff, 0, "010"),
        "hexdec-big": num(2, 0xff, 0, "0x100"),
        "hexdec-empty": num(2, 0xff, 0, "0x"),
        "hexdigit": num(3, 0, 0, "09afAFgG/:@`"),
    }


def main():
    gens = {"reply": reply_seeds, "error": error_seeds, "cmsg": cmsg_seeds, "ipopt": ipopt_seeds,
            "ninfo": ninfo_seeds, "cli": cli_seeds, "strnum": strnum_seeds}
    for target, gen in gens.items():
        d = os.path.join(HERE, "corpus", target)
        os.makedirs(d, exist_ok=True)
        for name, data in gen().items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
