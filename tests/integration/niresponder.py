#!/usr/bin/env python3
"""niresponder.py: a minimal IPv6 node information responder (RFC 4620).

The kernel does not answer node information queries, so the integration
tests run this in the server's namespace.  A raw ICMPv6 socket receives
every query (type 139) and answers each with a reply (type 140):

    type 140, code 0 (success), checksum 0 (the kernel fills it in),
    the query's qtype, flags 0, the query's 8-byte nonce,
    then for every qtype: a TTL of 0 (4 bytes) and the name in DNS wire
    form, fully qualified (ending with the root label).

Only what the tests need: the same name whatever was asked.

    niresponder.py --name server6.example --ready-file F --log F
"""

import argparse
import os
import socket
import struct
import sys

NI_QUERY = 139
NI_REPLY = 140


def wire_name(name):
    out = b""
    for label in name.strip(".").split("."):
        raw = label.encode("ascii")
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--ready-file", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()

    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    # Only queries: ICMP6_FILTER (option 1 at level IPPROTO_ICMPV6) is a
    # 256-bit mask where a set bit blocks the type.
    blocked = [0xFFFFFFFF] * 8
    blocked[NI_QUERY >> 5] &= ~(1 << (NI_QUERY & 31))
    s.setsockopt(socket.IPPROTO_ICMPV6, 1, struct.pack("=8I", *blocked))
    # Answer from the address the query was sent to.
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVPKTINFO, 1)
    name = wire_name(args.name)

    with open(args.ready_file + ".tmp", "w") as f:
        f.write("%d\n" % os.getpid())
    os.rename(args.ready_file + ".tmp", args.ready_file)

    with open(args.log, "a", buffering=1) as log:
        while True:
            data, anc, _flags, peer = s.recvmsg(65535, socket.CMSG_SPACE(20))
            pktinfo = [d for lvl, typ, d in anc
                       if lvl == socket.IPPROTO_IPV6 and typ == socket.IPV6_PKTINFO]
            if len(data) < 16 or data[0] != NI_QUERY:
                continue
            qtype = struct.unpack("!H", data[4:6])[0]
            nonce = data[8:16]
            reply = struct.pack("!BBHHH", NI_REPLY, 0, 0, qtype, 0) + nonce
            reply += struct.pack("!I", 0) + name
            if pktinfo:
                s.sendmsg([reply], [(socket.IPPROTO_IPV6, socket.IPV6_PKTINFO,
                                     pktinfo[0][:16] + b"\0\0\0\0")], 0, peer)
            else:
                s.sendto(reply, peer)
            log.write("query from %s qtype %d: answered %d bytes\n"
                      % (peer[0], qtype, len(reply)))


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
