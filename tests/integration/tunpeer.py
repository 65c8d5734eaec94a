#!/usr/bin/env python3
"""tunpeer - answer ICMP echo requests arriving on a TUN device with
(optionally crafted) replies, for pingsock's integration tests.

Standard library only.

Usage:
    tunpeer.py --dev NAME --plan PLAN [--ready-file PATH] [--log PATH]

The program creates the TUN device NAME (IFF_TUN | IFF_NO_PI) in the current
network namespace and does nothing else to it: the caller brings it up and
adds addresses and routes.  Once the device exists "ready\\n" is written to
--ready-file (atomically: written to PATH.tmp, then renamed).  Packets are
then read until SIGTERM or SIGINT, on which the program exits 0.

IPv4 ICMP echo requests (type 8) and ICMPv6 echo requests (type 128) to any
address routed to the device are answered; everything else (including IPv6
neighbour discovery, MLD, fragments, packets with bad checksums) is ignored.

PLAN is a comma-separated list of "SEQ:ACTION[=ARG]" rules.  SEQ is an echo
sequence number (0..65535) or "*".  All rules naming a sequence number are
merged and applied to requests with that sequence number; the "*" rules are
applied only to requests whose sequence number has no rule of its own.  If
the same action is given twice for one SEQ, the last one wins.  An empty
PLAN (or the single word "none") means: answer everything normally.

Actions (see the ACTIONS table below for argument checking):
  delay=MS        send everything for this request MS ms (float) after it
                  arrived; other requests are not held up
  drop            no echo reply (error messages from other actions are still
                  sent)
  dup             send the main response (echo reply, or the unreach /
                  timeexceeded error replacing it) twice
  truncate=N      keep only the first N bytes of the ICMP payload
  corrupt=OFF     set payload byte OFF to 0x55 (0xaa if it already is 0x55)
  badsum          wrong ICMP/ICMPv6 checksum in the echo reply
  id=N            reply identifier N
  seq=N           reply sequence number N
  future=S        payload bytes 0..15 (struct timeval, native byte order,
                  8-byte tv_sec + 8-byte tv_usec) := request's value + S s
  ttl=N           TTL / hop limit N on every packet sent for this request
  redirect=GW     (IPv4) also send an ICMP host redirect (type 5 code 1) to
                  gateway GW, quoting the request's IP header + 8 bytes
  quench          (IPv4) also send an ICMP source quench (type 4 code 0),
                  quoting the request's IP header + 8 bytes
  unreach=CODE    instead of the reply send a destination unreachable (IPv4
                  type 3, IPv6 type 1) with code CODE quoting the request
                  (IPv4: up to 548 bytes, IPv6: up to 1232 bytes, i.e. the
                  error is at most 576 / 1280 bytes long)
  timeexceeded    likewise, time exceeded (IPv4 type 11 / IPv6 type 3, code 0)
  foreignerr      also send a destination unreachable (IPv4 code 1, IPv6
                  code 3) quoting an echo request from the same source to
                  198.18.99.99 / 2001:db8:99::99 with identifier id^0x5555
  otherquote=K   (IPv4) also send a parameter problem (type 12, pointer
                  20) that is not about an echo request: K "udp" quotes a
                  UDP datagram from the request's source to its
                  destination, K "short" the request's IP header and only
                  4 bytes of what followed it
  rr=A1/A2/...    (IPv4) the reply carries a record-route option holding
                  exactly A1, A2, ... (pointer after the last one); its
                  length is the request's RR option length if the request
                  had one, 39 otherwise
  from=ADDR       send the echo reply from ADDR (same family as the request)
  forge           also send, before the reply, a forged echo reply with the
                  request's identifier and sequence whose payload keeps the
                  request's first 16 bytes (the send time, as if guessed)
                  and makes up the rest as a classic ping fills it (byte i =
                  i & 0xff): what a blind forger would send
  replay=N        also send, before the reply, an echo reply with this
                  request's identifier and sequence carrying the payload of
                  the same ping's earlier request with sequence N (same
                  source address and identifier)
  stale           the first request with this sequence (from one source
                  and identifier) is answered normally and its reply is
                  kept; a later request with this sequence whose payload
                  differs (the sequence came round again, after 65,536
                  requests) is answered with the kept reply instead of its
                  own: a reply captured one sequence cycle earlier, replayed

Every error message is sent from the request's destination address to the
request's source, before the echo reply.  Without "rr", a request carrying
a record-route option gets it echoed back the way the Linux kernel does it:
the request's recorded addresses, then the address it was received on and
the reply's source address.  Other IP options are not echoed.

--log PATH appends one line per received request and per packet sent.
"""

import argparse
import errno
import fcntl
import heapq
import itertools
import os
import select
import signal
import socket
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000

ICMP_ECHOREPLY = 0
ICMP_DEST_UNREACH = 3
ICMP_SOURCE_QUENCH = 4
ICMP_REDIRECT = 5
ICMP_ECHO = 8
ICMP_TIME_EXCEEDED = 11
ICMP_PARAMETERPROB = 12

ICMP6_DST_UNREACH = 1
ICMP6_TIME_EXCEEDED = 3
ICMP6_ECHO_REQUEST = 128
ICMP6_ECHO_REPLY = 129

IPOPT_EOL = 0
IPOPT_NOP = 1
IPOPT_RR = 7

IPV4_ERR_QUOTE_MAX = 576 - 20 - 8      # what Linux's icmp_send() quotes
IPV6_ERR_QUOTE_MAX = 1280 - 40 - 8     # IPV6_MIN_MTU minus headers

FOREIGN_DST4 = socket.inet_pton(socket.AF_INET, "198.18.99.99")
FOREIGN_DST6 = socket.inet_pton(socket.AF_INET6, "2001:db8:99::99")


# ---------------------------------------------------------------- helpers

def checksum(data):
    """RFC 1071 Internet checksum of DATA (bytes)."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def break_checksum(csum):
    # Any change except 0x0000 <-> 0xffff (equal in ones' complement).
    return csum ^ 0x5A5A


def ntop(addr):
    return socket.inet_ntop(socket.AF_INET if len(addr) == 4 else socket.AF_INET6, addr)


def parse_addr(text, family=None):
    fams = [family] if family else [socket.AF_INET, socket.AF_INET6]
    for fam in fams:
        try:
            return socket.inet_pton(fam, text)
        except (OSError, ValueError):
            pass
    raise ValueError("bad address %r" % text)


# ---------------------------------------------------------------- plan

def _arg_none(arg):
    if arg is not None:
        raise ValueError("takes no argument")
    return True


def _arg_int(lo, hi):
    def conv(arg):
        if arg is None:
            raise ValueError("needs an argument")
        text = arg.lower()
        val = int(text[2:], 16) if text.startswith("0x") else int(text, 10)
        if not lo <= val <= hi:
            raise ValueError("%d out of range %d..%d" % (val, lo, hi))
        return val
    return conv


def _arg_float(nonneg):
    def conv(arg):
        if arg is None:
            raise ValueError("needs an argument")
        val = float(arg)
        if val != val or val in (float("inf"), float("-inf")):
            raise ValueError("not a finite number")
        if nonneg and val < 0:
            raise ValueError("must not be negative")
        return val
    return conv


def _arg_choice(*words):
    def conv(arg):
        if arg not in words:
            raise ValueError("one of %s" % ", ".join(words))
        return arg
    return conv


def _arg_addr4(arg):
    if arg is None:
        raise ValueError("needs an argument")
    return parse_addr(arg, socket.AF_INET)


def _arg_addr(arg):
    if arg is None:
        raise ValueError("needs an argument")
    return parse_addr(arg)


def _arg_rr(arg):
    if not arg:
        raise ValueError("needs at least one address")
    addrs = [parse_addr(a, socket.AF_INET) for a in arg.split("/")]
    if len(addrs) > 9:
        raise ValueError("at most 9 addresses fit in a record-route option")
    return addrs


ACTIONS = {
    "delay": _arg_float(True),
    "drop": _arg_none,
    "dup": _arg_none,
    "truncate": _arg_int(0, 65535),
    "corrupt": _arg_int(0, 65535),
    "badsum": _arg_none,
    "id": _arg_int(0, 65535),
    "seq": _arg_int(0, 65535),
    "future": _arg_float(False),
    "ttl": _arg_int(0, 255),
    "redirect": _arg_addr4,
    "quench": _arg_none,
    "unreach": _arg_int(0, 255),
    "timeexceeded": _arg_none,
    "foreignerr": _arg_none,
    "otherquote": _arg_choice("udp", "short"),
    "rr": _arg_rr,
    "from": _arg_addr,
    "forge": _arg_none,
    "replay": _arg_int(0, 65535),
    "stale": _arg_none,
}

# Payloads of the requests seen, by (source, identifier, sequence): one
# peer answers several pings at once, and "replay" takes the same ping's.
SEEN_PAYLOADS = {}

# "stale": the first reply sent for (source, identifier, sequence), with the
# payload of the request it answered.
STALE_REPLIES = {}


def parse_plan(text):
    """Return (per_seq, star): per_seq maps seq -> {action: arg}."""
    per_seq = {}
    star = {}
    text = text.strip()
    if text in ("", "none"):
        return per_seq, star
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        seq_s, sep, action = item.partition(":")
        if not sep:
            raise ValueError("rule %r: expected SEQ:ACTION[=ARG]" % item)
        name, eq, arg = action.partition("=")
        name = name.strip()
        if name not in ACTIONS:
            raise ValueError("rule %r: unknown action %r" % (item, name))
        try:
            val = ACTIONS[name](arg.strip() if eq else None)
        except ValueError as exc:
            raise ValueError("rule %r: %s" % (item, exc)) from None
        seq_s = seq_s.strip()
        if seq_s == "*":
            target = star
        else:
            try:
                seq = int(seq_s, 10)
            except ValueError:
                raise ValueError("rule %r: bad sequence number %r" % (item, seq_s)) from None
            if not 0 <= seq <= 65535:
                raise ValueError("rule %r: sequence number out of range" % item)
            target = per_seq.setdefault(seq, {})
        target[name] = val
    return per_seq, star


# ---------------------------------------------------------------- parsing

class Request:
    """A parsed echo request."""
    __slots__ = ("v6", "raw", "src", "dst", "ttl", "ihl", "options",
                 "ident", "seq", "payload", "rr")


def parse_ipv4_options(opts):
    """Return (offset, length, pointer) of an RR option, or None.
    Raises ValueError on malformed options."""
    i = 0
    rr = None
    while i < len(opts):
        kind = opts[i]
        if kind == IPOPT_EOL:
            break
        if kind == IPOPT_NOP:
            i += 1
            continue
        if i + 1 >= len(opts):
            raise ValueError("truncated option")
        olen = opts[i + 1]
        if olen < 2 or i + olen > len(opts):
            raise ValueError("bad option length")
        if kind == IPOPT_RR and rr is None:
            if olen < 3:
                raise ValueError("bad RR option")
            rr = (i, olen, opts[i + 2])
        i += olen
    return rr


def parse_packet(pkt):
    """Return a Request for a valid echo request, a string explaining why
    the packet is ignored, or None for uninteresting packets."""
    if len(pkt) < 1:
        return None
    ver = pkt[0] >> 4
    req = Request()
    req.raw = pkt
    if ver == 4:
        if len(pkt) < 20:
            return "short IPv4 packet"
        ihl = (pkt[0] & 0x0F) * 4
        total = struct.unpack_from("!H", pkt, 2)[0]
        if ihl < 20 or total < ihl or total > len(pkt):
            return "bad IPv4 header"
        pkt = pkt[:total]
        req.raw = pkt
        if pkt[9] != socket.IPPROTO_ICMP:
            return None
        if struct.unpack_from("!H", pkt, 6)[0] & 0x3FFF:
            return "IPv4 fragment (raise the TUN MTU to avoid fragmentation)"
        if checksum(pkt[:ihl]) != 0:
            return "bad IPv4 header checksum"
        icmp = pkt[ihl:]
        if len(icmp) < 8 or icmp[0] != ICMP_ECHO:
            return None
        if checksum(icmp) != 0:
            return "bad ICMP checksum"
        req.v6 = False
        req.ihl = ihl
        req.options = pkt[20:ihl]
        try:
            req.rr = parse_ipv4_options(req.options)
        except ValueError as exc:
            return "bad IPv4 options: %s" % exc
        req.ttl = pkt[8]
        req.src = pkt[12:16]
        req.dst = pkt[16:20]
    elif ver == 6:
        if len(pkt) < 40:
            return "short IPv6 packet"
        plen = struct.unpack_from("!H", pkt, 4)[0]
        if 40 + plen > len(pkt):
            return "bad IPv6 payload length"
        pkt = pkt[:40 + plen]
        req.raw = pkt
        if pkt[6] != socket.IPPROTO_ICMPV6:
            return None
        icmp = pkt[40:]
        if len(icmp) < 8 or icmp[0] != ICMP6_ECHO_REQUEST:
            return None
        req.v6 = True
        req.ihl = 40
        req.options = b""
        req.rr = None
        req.ttl = pkt[7]
        req.src = pkt[8:24]
        req.dst = pkt[24:40]
        if checksum(pseudo6(req.src, req.dst, len(icmp)) + icmp) != 0:
            return "bad ICMPv6 checksum"
    else:
        return None
    req.ident, req.seq = struct.unpack_from("!HH", icmp, 4)
    req.payload = bytes(icmp[8:])
    return req


# ---------------------------------------------------------------- building

_ip_id = itertools.count(0x1000)


def pseudo6(src, dst, length, nh=socket.IPPROTO_ICMPV6):
    return src + dst + struct.pack("!I3xB", length, nh)


def build_ipv4(src, dst, ttl, payload, options=b"", tos=0):
    if len(options) % 4:
        options += b"\0" * (-len(options) % 4)
    ihl = 20 + len(options)
    hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | (ihl // 4), tos,
                      ihl + len(payload), next(_ip_id) & 0xFFFF, 0, ttl,
                      socket.IPPROTO_ICMP, 0, src, dst) + options
    hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
    return hdr + payload


def build_ipv6(src, dst, hlim, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload),
                       socket.IPPROTO_ICMPV6, hlim, src, dst) + payload


def build_icmp(v6, src, dst, itype, code, rest, data, badsum=False):
    msg = struct.pack("!BBH", itype, code, 0) + rest + data
    if v6:
        csum = checksum(pseudo6(src, dst, len(msg)) + msg)
    else:
        csum = checksum(msg)
    if badsum:
        csum = break_checksum(csum)
    return msg[:2] + struct.pack("!H", csum) + msg[4:]


def build_packet(v6, src, dst, ttl, icmp, options=b"", tos=0):
    if v6:
        return build_ipv6(src, dst, ttl, icmp)
    return build_ipv4(src, dst, ttl, icmp, options, tos)


def rr_option(length, addrs):
    cap = (length - 3) // 4
    addrs = addrs[:cap]
    opt = struct.pack("!BBB", IPOPT_RR, length, 4 + 4 * len(addrs))
    opt += b"".join(addrs)
    opt += b"\0" * (length - len(opt))
    # Pad at the front with NOPs, the way ping -R lays it out.
    return b"\x01" * (-len(opt) % 4) + opt


def shift_timeval(payload, secs):
    if len(payload) < 16:
        return payload, False
    sec, usec = struct.unpack_from("=qq", payload, 0)
    total = sec * 1000000 + usec + int(round(secs * 1000000))
    nsec, nusec = divmod(total, 1000000)
    mask = (1 << 64) - 1
    return struct.pack("=QQ", nsec & mask, nusec & mask) + payload[16:], True


def error_packet(req, itype, code, rest, quote, ttl):
    icmp = build_icmp(req.v6, req.dst, req.src, itype, code, rest, quote)
    return build_packet(req.v6, req.dst, req.src, ttl, icmp, tos=0xC0)


def foreign_request(req):
    """An echo request like REQ but to another address and identifier."""
    ident = req.ident ^ 0x5555
    if req.v6:
        icmp = build_icmp(True, req.src, FOREIGN_DST6, ICMP6_ECHO_REQUEST, 0,
                          struct.pack("!HH", ident, req.seq), req.payload)
        return build_ipv6(req.src, FOREIGN_DST6, 64, icmp)
    icmp = build_icmp(False, req.src, FOREIGN_DST4, ICMP_ECHO, 0,
                      struct.pack("!HH", ident, req.seq), req.payload)
    return build_ipv4(req.src, FOREIGN_DST4, 64, icmp)


def respond(req, acts, log):
    """Return the list of (packet, log line) to send for REQ."""
    out = []
    v6 = req.v6
    fam = "6" if v6 else "4"
    ttl = acts.get("ttl", 64)
    base = "seq=%d id=%d" % (req.seq, req.ident)

    def err(kind, itype, code, rest, quote, extra=""):
        pkt = error_packet(req, itype, code, rest, quote, ttl)
        out.append((pkt, "tx %s %s type=%d code=%d len=%d src=%s dst=%s ttl=%d%s" % (
            kind, base, itype, code, len(pkt) - (40 if v6 else 20),
            ntop(req.dst), ntop(req.src), ttl, extra)))

    quote_max = IPV6_ERR_QUOTE_MAX if v6 else IPV4_ERR_QUOTE_MAX
    head8 = req.raw[:req.ihl + 8]

    # Auxiliary errors, sent before the reply.
    if "redirect" in acts:
        if v6:
            log("note %s redirect ignored for IPv6" % base)
        else:
            gw = acts["redirect"]
            err("redirect", ICMP_REDIRECT, 1, gw, head8, " gw=%s" % ntop(gw))
    if "quench" in acts:
        if v6:
            log("note %s quench ignored for IPv6" % base)
        else:
            err("quench", ICMP_SOURCE_QUENCH, 0, b"\0\0\0\0", head8)
    if "foreignerr" in acts:
        fake = foreign_request(req)[:quote_max]
        if v6:
            err("foreignerr", ICMP6_DST_UNREACH, 3, b"\0\0\0\0", fake)
        else:
            err("foreignerr", ICMP_DEST_UNREACH, 1, b"\0\0\0\0", fake)

    if "otherquote" in acts:
        if v6:
            log("note %s otherquote ignored for IPv6" % base)
        elif acts["otherquote"] == "udp":
            udp = struct.pack("!HHHH", 40000, 53, 8, 0)
            hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28, 0x4242, 0, 64,
                              socket.IPPROTO_UDP, 0, req.src, req.dst)
            hdr = hdr[:10] + struct.pack("!H", checksum(hdr)) + hdr[12:]
            err("otherquote", ICMP_PARAMETERPROB, 0, b"\x14\0\0\0", hdr + udp, " udp")
        else:
            err("otherquote", ICMP_PARAMETERPROB, 0, b"\x14\0\0\0",
                req.raw[:req.ihl + 4], " short")

    SEEN_PAYLOADS[(req.src, req.ident, req.seq)] = req.payload

    def extra_reply(kind, payload):
        icmp = build_icmp(v6, req.dst, req.src, ICMP6_ECHO_REPLY if v6 else ICMP_ECHOREPLY,
                          0, struct.pack("!HH", req.ident, req.seq), payload)
        pkt = build_packet(v6, req.dst, req.src, ttl, icmp, b"")
        out.append((pkt, "tx %s seq=%d id=%d len=%d src=%s dst=%s ttl=%d" % (
            kind, req.seq, req.ident, len(icmp), ntop(req.dst), ntop(req.src), ttl)))

    if "forge" in acts:
        made_up = bytes(i & 0xFF for i in range(len(req.payload)))
        extra_reply("forged", req.payload[:16] + made_up[16:])
    if "replay" in acts:
        old = SEEN_PAYLOADS.get((req.src, req.ident, acts["replay"]))
        if old is None:
            log("note %s replay=%d: no such request seen" % (base, acts["replay"]))
        else:
            extra_reply("replayed(%d)" % acts["replay"], old)

    if "stale" in acts:
        key = (req.src, req.ident, req.seq)
        kept = STALE_REPLIES.get(key)
        if kept is not None and kept[0] != req.payload:
            pkt, line = kept[1]
            out.append((pkt, line + " stale"))
            return out

    # Main response.
    main = []
    if "unreach" in acts or "timeexceeded" in acts:
        quote = req.raw[:quote_max]
        if "unreach" in acts:
            code = acts["unreach"]
            err("unreach", ICMP6_DST_UNREACH if v6 else ICMP_DEST_UNREACH,
                code, b"\0\0\0\0", quote)
        else:
            err("timeexceeded", ICMP6_TIME_EXCEEDED if v6 else ICMP_TIME_EXCEEDED,
                0, b"\0\0\0\0", quote)
        main.append(out.pop())
    elif "drop" in acts:
        log("drop %s" % base)
    else:
        payload = req.payload
        notes = []
        if "future" in acts:
            payload, ok = shift_timeval(payload, acts["future"])
            notes.append("future=%g" % acts["future"] if ok else "future-skipped(short)")
        if "corrupt" in acts:
            off = acts["corrupt"]
            if off < len(payload):
                old = payload[off]
                payload = payload[:off] + bytes([0xAA if old == 0x55 else 0x55]) + payload[off + 1:]
                notes.append("corrupt=%d" % off)
            else:
                notes.append("corrupt-skipped(short)")
        if "truncate" in acts:
            payload = payload[:acts["truncate"]]
            notes.append("truncate=%d" % acts["truncate"])
        ident = acts.get("id", req.ident)
        seq = acts.get("seq", req.seq)
        src = acts.get("from", req.dst)
        if len(src) != len(req.dst):
            log("note %s from=%s ignored: wrong family" % (base, ntop(src)))
            src = req.dst
        elif "from" in acts:
            notes.append("from")
        badsum = "badsum" in acts
        if badsum:
            notes.append("badsum")
        options = b""
        if not v6:
            if "rr" in acts:
                length = req.rr[1] if req.rr else 39
                options = rr_option(length, acts["rr"])
                notes.append("rr=" + "/".join(ntop(a) for a in acts["rr"]))
            elif req.rr:
                off, length, ptr = req.rr
                raw = req.options[off:off + length]
                n = max(0, min(ptr, length + 1) - 4) // 4
                recorded = [raw[3 + 4 * i:7 + 4 * i] for i in range(n)]
                options = rr_option(length, recorded + [req.dst, src])
                notes.append("rr-echo")
        elif "rr" in acts:
            log("note %s rr ignored for IPv6" % base)
        icmp = build_icmp(v6, src, req.src, ICMP6_ECHO_REPLY if v6 else ICMP_ECHOREPLY,
                          0, struct.pack("!HH", ident, seq), payload, badsum)
        pkt = build_packet(v6, src, req.src, ttl, icmp, options)
        main.append((pkt, "tx reply seq=%d id=%d len=%d src=%s dst=%s ttl=%d%s" % (
            seq, ident, len(icmp), ntop(src), ntop(req.src), ttl,
            "".join(" " + n for n in notes))))
    if main and "dup" in acts:
        pkt, line = main[0]
        main.append((pkt, line + " dup"))
    if main and "stale" in acts:
        STALE_REPLIES.setdefault((req.src, req.ident, req.seq), (req.payload, main[0]))
    out.extend(main)
    return out


# ---------------------------------------------------------------- main

def open_tun(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_CLOEXEC)
    try:
        ifr = struct.pack("16sH22x", name.encode(), IFF_TUN | IFF_NO_PI)
        fcntl.ioctl(fd, TUNSETIFF, ifr)
        fl = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)
    except BaseException:
        os.close(fd)
        raise
    return fd


def main(argv=None):
    ap = argparse.ArgumentParser(description="Answer ICMP echo requests on a TUN device with crafted replies.")
    ap.add_argument("--dev", required=True, help="TUN device to create")
    ap.add_argument("--plan", required=True, help='comma-separated "SEQ:ACTION[=ARG]" rules')
    ap.add_argument("--ready-file", help='write "ready" here once the device exists')
    ap.add_argument("--log", help="append a line per request / packet sent here")
    args = ap.parse_args(argv)

    if not args.dev or len(args.dev.encode()) > 15 or "/" in args.dev:
        print("tunpeer: bad device name %r" % args.dev, file=sys.stderr)
        return 2
    try:
        per_seq, star = parse_plan(args.plan)
    except ValueError as exc:
        print("tunpeer: bad plan: %s" % exc, file=sys.stderr)
        return 2

    logf = None
    if args.log:
        logf = open(args.log, "a", buffering=1)

    def log(line):
        if logf:
            try:
                logf.write("%s t=%.6f\n" % (line, time.monotonic()))
            except OSError:
                pass

    stop = []
    wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)

    def on_signal(signum, frame):
        stop.append(signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    try:
        fd = open_tun(args.dev)
    except OSError as exc:
        print("tunpeer: cannot create TUN device %s: %s" % (args.dev, exc), file=sys.stderr)
        return 1
    log("start dev=%s plan=%s" % (args.dev, args.plan))

    if args.ready_file:
        tmp = args.ready_file + ".tmp"
        try:
            with open(tmp, "w") as f:
                f.write("ready\n")
            os.replace(tmp, args.ready_file)
        except OSError as exc:
            print("tunpeer: cannot write ready file: %s" % exc, file=sys.stderr)
            return 1

    queue = []          # heap of (due, counter, packet, log line)
    counter = itertools.count()

    def send(pkt, line):
        try:
            os.write(fd, pkt)
            log(line)
        except OSError as exc:
            log("%s FAILED: %s" % (line, exc))

    def handle(pkt, now):
        req = parse_packet(pkt)
        if req is None:
            return
        if isinstance(req, str):
            log("ignore len=%d: %s" % (len(pkt), req))
            return
        log("rx seq=%d id=%d len=%d src=%s dst=%s ttl=%d%s" % (
            req.seq, req.ident, 8 + len(req.payload), ntop(req.src),
            ntop(req.dst), req.ttl, " rr" if req.rr else ""))
        acts = per_seq.get(req.seq, star)
        delay = acts.get("delay", 0.0) / 1000.0
        for p, line in respond(req, acts, log):
            if delay > 0:
                heapq.heappush(queue, (now + delay, next(counter), p, line))
            else:
                send(p, line)

    while not stop:
        now = time.monotonic()
        while queue and queue[0][0] <= now:
            _, _, p, line = heapq.heappop(queue)
            send(p, line)
        timeout = max(0.0, queue[0][0] - now) if queue else None
        try:
            ready, _, _ = select.select([fd, wake_r], [], [], timeout)
        except InterruptedError:
            continue
        if wake_r in ready:
            try:
                while os.read(wake_r, 256):
                    pass
            except OSError:
                pass
        if fd in ready:
            for _ in range(256):
                try:
                    pkt = os.read(fd, 65536 + 64)
                except BlockingIOError:
                    break
                except OSError as exc:
                    if exc.errno in (errno.EINTR, errno.EAGAIN):
                        break
                    log("read error: %s" % exc)
                    time.sleep(0.01)
                    break
                if not pkt:
                    break
                try:
                    handle(pkt, time.monotonic())
                except Exception as exc:  # never die on odd input
                    log("error handling packet len=%d: %r" % (len(pkt), exc))
    log("exit on signal %d" % stop[0])
    os.close(fd)
    return 0


if __name__ == "__main__":
    sys.exit(main())
