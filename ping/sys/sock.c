#include <errno.h>
#include <fcntl.h>
#include <linux/net_tstamp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <linux/filter.h>
#include <linux/icmp.h>

#include "caps.h"
#include "ninfo.h"
#include "sock.h"

/*
 * Descriptors 0, 1 and 2 are standard input, output and error.  socket()
 * returns the lowest free descriptor, so a socket numbered below 3 means
 * that one of them was closed when ping started: lines printed to stdout
 * would go into this socket, and later into a resolver's socket to its name
 * server.  Then each closed one of the three is given /dev/null opened for
 * reading only (a write fails as it does on a closed descriptor: "write
 * error" at the end, as in iputils, whose socket takes the place) and the
 * socket moves above them.  A socket numbered 3 or more proves all three
 * open, so the usual run pays nothing.  Without /dev/null (a bare chroot)
 * the socket still moves and its old number stays closed.
 */
static int keep_off_stdio(int fd)
{
	int moved, null_fd;

	if (fd > STDERR_FILENO)
		return fd;
	for (int i = STDIN_FILENO; i <= STDERR_FILENO; i++) {
		/* The lowest free number: i itself, those below are open. */
		if (i != fd && fcntl(i, F_GETFD) < 0 && errno == EBADF &&
		    (null_fd = open("/dev/null", O_RDONLY)) >= 0 && null_fd != i)
			close(null_fd);
	}
	moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	if (moved < 0)
		return fd;
	null_fd = open("/dev/null", O_RDONLY);
	if (null_fd >= 0) {
		dup2(null_fd, fd);
		close(null_fd);
	} else {
		close(fd);
	}
	return moved;
}

int sock_open(struct ping_sock *s, const struct ping_family *fam, bool force_raw)
{
	bool raised;

	memset(s, 0, sizeof(*s));
	s->fam = fam;
	s->fd = -1;

	if (!force_raw) {
		s->fd = socket(fam->af, SOCK_DGRAM | SOCK_CLOEXEC, fam->proto);
		if (s->fd >= 0) {
			s->fd = keep_off_stdio(s->fd);
			return 0;
		}
		s->dgram_errno = errno;
		if (!refusal_raw_may_help(fam->af, errno))
			return -1;
	}
	/*
	 * Tried even when the capability is not permitted, as iputils does:
	 * the kernel's answer (EPERM, or EAFNOSUPPORT with no IPv6 at all)
	 * is what the refusal reports.
	 */
	raised = caps_raise(CAP_NET_RAW) == 0;
	s->fd = socket(fam->af, SOCK_RAW | SOCK_CLOEXEC, fam->proto);
	if (s->fd < 0)
		s->raw_errno = errno;
	if (raised)
		caps_lower(CAP_NET_RAW);
	if (s->fd < 0)
		return -1;
	s->fd = keep_off_stdio(s->fd);
	s->raw = true;
	return 0;
}

void sock_refusal_facts(const struct ping_sock *s, const char *raw_only,
			struct refusal_facts *rf, char *exe, size_t exelen)
{
	FILE *f;
	ssize_t n;
	gid_t *groups = NULL;
	int ng;

	memset(rf, 0, sizeof(*rf));
	rf->dgram_errno = s->dgram_errno;
	rf->raw_only = raw_only;
	rf->raw_errno = s->raw_errno;
	f = fopen("/proc/sys/net/ipv4/ping_group_range", "re");
	if (f) {
		rf->range_known = fscanf(f, "%ld %ld", &rf->range_lo, &rf->range_hi) == 2;
		fclose(f);
	}
	/* All of them (getgroups fails when they do not fit), however many. */
	ng = getgroups(0, NULL);
	if (ng > 0 && (groups = calloc((size_t)ng, sizeof(*groups))) != NULL)
		ng = getgroups(ng, groups);
	refusal_set_groups(rf, getegid(), groups, groups != NULL && ng > 0 ? ng : 0);
	free(groups);
	n = exelen > 1 ? readlink("/proc/self/exe", exe, exelen - 1) : -1;
	if (n > 0) {
		exe[n] = '\0';
		rf->exe = exe;
	}
}

int sock_set_int(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

/*
 * BPF over what a raw socket delivers: IPv4 datagrams start with the IP
 * header (its length from the IHL nibble), ICMPv6 messages start with
 * their own header, so X holds where the ICMP header starts.  Anything
 * that is not an echo reply passes (errors, redirects); echo replies pass
 * only with our identifier.
 */
static int attach_ident_filter(const struct ping_sock *s, uint16_t ident)
{
	/* A false test on the type jumps over the identifier check to "accept". */
	struct sock_filter prog_insns[] = {
		s->fam->af == AF_INET ?
			(struct sock_filter)BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0) :	/* X = IP header length */
			(struct sock_filter)BPF_STMT(BPF_LDX | BPF_W | BPF_IMM, 0),	/* X = 0 */
		BPF_STMT(BPF_LD | BPF_B | BPF_IND, 0),			/* A = ICMP type */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, s->fam->echo_reply, 0, 4),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 4),			/* A = identifier */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ident, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
		BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	};
	struct sock_fprog prog = {
		.len = sizeof(prog_insns) / sizeof(prog_insns[0]),
		.filter = prog_insns,
	};

	return setsockopt(s->fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog));
}

int sock_raw_filters(const struct ping_sock *s, uint16_t ident, bool ninfo)
{
	int rc;

	if (s->fam->af == AF_INET) {
		struct icmp_filter filt;

		/* The bits are the types to drop. */
		filt.data = ~((1u << ICMP_ECHOREPLY) | (1u << ICMP_DEST_UNREACH) |
			      (1u << ICMP_SOURCE_QUENCH) | (1u << ICMP_REDIRECT) |
			      (1u << ICMP_TIME_EXCEEDED) | (1u << ICMP_PARAMETERPROB));
		rc = setsockopt(s->fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt));
	} else {
		struct icmp6_filter filt;

		ICMP6_FILTER_SETBLOCKALL(&filt);
		ICMP6_FILTER_SETPASS(ninfo ? NINFO_TYPE_REPLY : ICMP6_ECHO_REPLY, &filt);
		rc = setsockopt(s->fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof(filt));
	}
	if (rc < 0)
		return rc;
	return attach_ident_filter(s, ident);
}

int sock_raw_errors_queued(const struct ping_sock *s)
{
	struct icmp_filter filt;

	filt.data = ~((1u << ICMP_ECHOREPLY) | (1u << ICMP_SOURCE_QUENCH) | (1u << ICMP_REDIRECT));
	return setsockopt(s->fd, SOL_RAW, ICMP_FILTER, &filt, sizeof(filt));
}

/* Linux 6.12: no software receive stamp beside SO_TIMESTAMPNS's on every reply. */
#define TSTAMP_OPT_RX_FILTER	(1 << 17)

int sock_enable_tx_stamps(int fd)
{
	int flags = SOF_TIMESTAMPING_TX_SCHED | SOF_TIMESTAMPING_SOFTWARE |
		    SOF_TIMESTAMPING_OPT_TSONLY | SOF_TIMESTAMPING_OPT_ID;

	/* Older kernels refuse the filter flag: then replies carry both stamps. */
	if (sock_set_int(fd, SOL_SOCKET, SO_TIMESTAMPING, flags | TSTAMP_OPT_RX_FILTER) == 0)
		return 0;
	return sock_set_int(fd, SOL_SOCKET, SO_TIMESTAMPING, flags);
}

int sock_enable_stamps(int fd)
{
	if (sock_set_int(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1) == 0)
		return 0;
	return sock_set_int(fd, SOL_SOCKET, SO_TIMESTAMP, 1);
}

ssize_t sock_recv(int fd, struct msghdr *msg, bool errqueue)
{
	ssize_t n;

	do {
		n = recvmsg(fd, msg, MSG_DONTWAIT | (errqueue ? MSG_ERRQUEUE : 0));
	} while (n < 0 && errno == EINTR);
	return n;
}
