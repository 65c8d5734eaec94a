#!/usr/bin/env python3
"""nofamily.py FAMILY ERRNO PROGRAM [ARG...]: runs PROGRAM (its argv[0]
"ping") with every socket() of FAMILY ("inet" or "inet6") failing with
ERRNO (a name such as EAFNOSUPPORT), as on a kernel booted with
ipv6.disable=1, under a policy that forbids the family, or out of
descriptors.  A seccomp filter does it, installed after
PR_SET_NO_NEW_PRIVS, so it needs no privilege (rootless too); other calls
and other families are untouched.  Exits 77 where the filter cannot be
installed or this machine's socket() number is not known here."""
import ctypes
import errno
import os
import platform
import socket
import struct
import sys

# socket()'s number and the filter's audit architecture, per machine.
ARCHES = {
    'x86_64': (41, 0xC000003E),    # AUDIT_ARCH_X86_64
    'aarch64': (198, 0xC00000B7),  # AUDIT_ARCH_AARCH64
}

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_RET_K = 0x06


class SockFprog(ctypes.Structure):
    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ('inet', 'inet6') or \
            not hasattr(errno, sys.argv[2]):
        sys.exit('usage: nofamily.py inet|inet6 ERRNO PROGRAM [ARG...]')
    if platform.machine() not in ARCHES:
        print(f'nofamily.py: socket() number unknown on {platform.machine()}', file=sys.stderr)
        sys.exit(77)
    nr, arch = ARCHES[platform.machine()]
    fam = socket.AF_INET if sys.argv[1] == 'inet' else socket.AF_INET6
    err = getattr(errno, sys.argv[2])
    # seccomp_data: nr at 0, arch at 4, args[0] at 16 (its low word, little-endian).
    insns = [
        (BPF_LD_W_ABS, 0, 0, 4),
        (BPF_JEQ_K, 0, 5, arch),
        (BPF_LD_W_ABS, 0, 0, 0),
        (BPF_JEQ_K, 0, 3, nr),
        (BPF_LD_W_ABS, 0, 0, 16),
        (BPF_JEQ_K, 0, 1, fam),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | err),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ]
    code = b''.join(struct.pack('<HBBI', *i) for i in insns)
    buf = ctypes.create_string_buffer(code, len(code))
    prog = SockFprog(len(insns), ctypes.addressof(buf))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 or \
            libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        print(f'nofamily.py: seccomp filter: {os.strerror(ctypes.get_errno())}', file=sys.stderr)
        sys.exit(77)
    os.execv(sys.argv[3], ['ping'] + sys.argv[4:])


if __name__ == '__main__':
    main()
