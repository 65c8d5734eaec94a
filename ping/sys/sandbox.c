#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <linux/sockios.h>
#include <sched.h>

#include "landlock_rights.h"
#include "msg.h"
#include "sandbox.h"
#include "scfilter.h"

bool sandbox_locale_wanted(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		/* C, C.UTF-8 and POSIX print English whether their files load or not. */
		if (v && *v)
			return strcmp(v, "C") != 0 && strncmp(v, "C.", 2) != 0 && strcmp(v, "POSIX") != 0;
	}
	return false;
}

/* ------------------------------------------------------------------ */
/* The system-call filter                                               */

/*
 * The sanitizers' run-time makes calls of its own: LeakSanitizer's check
 * at exit stops the process's threads from a clone that ptraces them and
 * reads /proc/self; a report writes and may start a symbolizer.
 */
#if defined(__SANITIZE_ADDRESS__)
# define SANITIZED 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define SANITIZED 1
# endif
#endif
#ifndef SANITIZED
# define SANITIZED 0
#endif

#if defined(__x86_64__)
# define FILTER_ARCH	AUDIT_ARCH_X86_64
# define FILTER_REFUSED_BITS	0x40000000u	/* __X32_SYSCALL_BIT: x32 calls */

#define ALLOW(n)		{ .nr = __NR_##n, .check = SC_ALLOW }
#define ONE_OF(n, a, ...)	{ .nr = __NR_##n, .check = SC_ONE_OF, .arg = (a), \
				  .nvalues = sizeof((uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t), \
				  .values = { __VA_ARGS__ } }
#define CLEAR(n, a, b)		{ .nr = __NR_##n, .check = SC_BITS_CLEAR, .arg = (a), .bits = (b) }
#define SET(n, a, b)		{ .nr = __NR_##n, .check = SC_BITS_SET, .arg = (a), .bits = (b) }
#define ERRNO(n, e)		{ .nr = __NR_##n, .check = SC_ERRNO, .err = (e) }

/*
 * Opening for reading only: no write access, creation, truncation or
 * temporary file.  O_TMPFILE's own bit (glibc's O_TMPFILE and __O_TMPFILE
 * include O_DIRECTORY, which reading a directory may use).
 */
#define OPEN_TMPFILE_BIT	020000000
#define OPEN_WRITE_BITS	(O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | OPEN_TMPFILE_BIT)

/*
 * Every run, first the calls of each echo (the first match decides): the
 * loop, the sinks, the clocks, signals and timers, memory, the lazily
 * loaded locale (files opened read-only), futex (glibc's one-time
 * initialisations wake their waiters when done), and the exit path.  Besides,
 * below, the numeric name of an IPv6 scope (if_indextoname: a UNIX
 * datagram socket and SIOCGIFNAME) and stdio's terminal checks (TCGETS,
 * TIOCGWINSZ).
 */
static const struct sc_rule common_rules[] = {
	ALLOW(ppoll), ALLOW(recvmsg), ALLOW(sendto), ALLOW(sendmsg), ALLOW(write),
	ALLOW(clock_gettime), ALLOW(gettimeofday), ALLOW(setitimer), ALLOW(rt_sigprocmask),
	ALLOW(rt_sigreturn), ALLOW(rt_sigaction), ALLOW(restart_syscall), ALLOW(read),
	ALLOW(writev), ALLOW(close), ALLOW(fstat), ALLOW(newfstatat), ALLOW(lseek),
	ALLOW(brk), ALLOW(munmap), ALLOW(mremap), ALLOW(madvise), ALLOW(getrandom),
	ALLOW(futex), CLEAR(openat, 2, OPEN_WRITE_BITS),
	ALLOW(getpid), ALLOW(gettid), ALLOW(exit_group), ALLOW(exit),
};

/* Under -n (or a numeric target): no code mapped executable, one kind of socket. */
static const struct sc_rule strict_rules[] = {
	CLEAR(mmap, 2, PROT_EXEC), CLEAR(mprotect, 2, PROT_EXEC),
	ONE_OF(socket, 0, AF_UNIX),
	ONE_OF(ioctl, 1, TCGETS, TIOCGWINSZ, SIOCGIFNAME),
	ONE_OF(setsockopt, 1, SOL_RAW),	/* a raw socket's ICMP_FILTER (sock_raw_errors_queued) */
};

/*
 * With reverse lookups: a thread per new replier (clone with CLONE_THREAD
 * only; clone3, whose flags a filter cannot read, answers ENOSYS so that
 * glibc falls back to clone), its eventfd, and the resolver: NSS modules
 * (mapped executable), name servers over UDP and TCP (the size of a
 * waiting answer: FIONREAD), nscd or systemd-resolved over UNIX sockets,
 * netlink.
 */
static const struct sc_rule lookup_rules[] = {
	ALLOW(mmap), ALLOW(mprotect),
	ONE_OF(socket, 0, AF_UNIX, AF_INET, AF_INET6, AF_NETLINK),
	ONE_OF(ioctl, 1, TCGETS, TIOCGWINSZ, SIOCGIFNAME, FIONREAD),
	ALLOW(eventfd2), SET(clone, 0, CLONE_THREAD | CLONE_VM),
	ERRNO(clone3, ENOSYS), ALLOW(set_robust_list), ALLOW(rseq),
	ALLOW(connect), ALLOW(bind), ALLOW(getsockname), ALLOW(getpeername),
	ALLOW(setsockopt), ALLOW(getsockopt), ALLOW(recvfrom), ALLOW(sendmmsg), ALLOW(poll),
	ALLOW(fcntl), ALLOW(pread64), ALLOW(uname), ALLOW(sched_getaffinity),
	ALLOW(getuid), ALLOW(geteuid), ALLOW(getgid), ALLOW(getegid), ALLOW(access),
	ALLOW(faccessat), ALLOW(faccessat2), ALLOW(stat), ALLOW(statfs), ALLOW(sched_yield),
};

/* The sanitizers' own calls (see above); only in a sanitized build. */
static const struct sc_rule sanitizer_rules[] = {
	CLEAR(open, 1, OPEN_WRITE_BITS), ALLOW(stat), ALLOW(lstat), ALLOW(readlink),
	ALLOW(readlinkat), ALLOW(getdents), ALLOW(getdents64), ALLOW(clone), ALLOW(ptrace),
	ALLOW(wait4), ALLOW(prctl), ALLOW(sigaltstack), ALLOW(sched_yield), ALLOW(getppid),
	ALLOW(tgkill), ALLOW(kill), ALLOW(nanosleep), ALLOW(clock_nanosleep), ALLOW(mmap),
	ALLOW(mprotect), ALLOW(getrlimit), ALLOW(prlimit64), ALLOW(sched_getaffinity),
	ALLOW(fork), ALLOW(pipe), ALLOW(pipe2), ALLOW(dup), ALLOW(dup2), ALLOW(dup3),
	ERRNO(execve, EACCES),
};

#define MAX_RULES	(sizeof(common_rules) / sizeof(common_rules[0]) + \
			 sizeof(lookup_rules) / sizeof(lookup_rules[0]) + \
			 sizeof(sanitizer_rules) / sizeof(sanitizer_rules[0]))

static size_t append(struct sc_rule *out, size_t n, const struct sc_rule *r, size_t k)
{
	memcpy(out + n, r, k * sizeof(*r));
	return n + k;
}

/*
 * The rules of a plan.  In a sanitized build the sanitizers' rules come
 * first: the first rule that names a call decides, and they allow more.
 */
static size_t plan_rules(const struct sandbox_plan *p, struct sc_rule *out)
{
	size_t n = 0;

	if (SANITIZED)
		n = append(out, n, sanitizer_rules, sizeof(sanitizer_rules) / sizeof(sanitizer_rules[0]));
	n = append(out, n, common_rules, sizeof(common_rules) / sizeof(common_rules[0]));
	if (p->lookups)
		n = append(out, n, lookup_rules, sizeof(lookup_rules) / sizeof(lookup_rules[0]));
	else
		n = append(out, n, strict_rules, sizeof(strict_rules) / sizeof(strict_rules[0]));
	return n;
}

#define HAVE_FILTER	1
#else
#define HAVE_FILTER	0
#endif

#if HAVE_FILTER
/* Async-signal-safe: the message naming the refused call, then status 2. */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	static const char other_abi[] = " of another ABI";
	const char *prog = msg_progname();
	char text[512], call[64];
	size_t n = 0;
	bool foreign;

	(void)sig;
	(void)uc;
	foreign = si->si_arch != FILTER_ARCH || ((uint32_t)si->si_syscall & FILTER_REFUSED_BITS);
	sc_describe(si->si_syscall, call, sizeof(call));
	for (const char *parts[] = { prog, ": sandbox: system call ", call,
				     foreign ? other_abi : "",
				     " refused: a call ping does not make after set-up; please report it\n",
				     NULL }, **s = parts; *s; s++)
		for (const char *c = *s; *c && n < sizeof(text); c++)
			text[n++] = *c;
	if (write(STDERR_FILENO, text, n) < 0)
		_exit(2);
	_exit(2);
}
#endif

/* 0, or the errno of the step that failed. */
static int install_filter(const struct sandbox_plan *p)
{
#if HAVE_FILTER
	struct sc_rule rules[MAX_RULES];	/* on the stack: no page of its own */
	static struct sock_filter prog[4096];
	static const struct sc_arch arch = {
		.audit_arch = FILTER_ARCH,
		.refused_nr_bits = FILTER_REFUSED_BITS,
		.big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__,
	};
	struct sock_fprog fp;
	struct sigaction sa;
	size_t nrules = plan_rules(p, rules);
	size_t len = sc_build(&arch, rules, nrules, prog, sizeof(prog) / sizeof(prog[0]));

	if (len == 0)
		return EINVAL;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return errno;
	fp.len = (unsigned short)len;
	fp.filter = prog;
	/*
	 * seccomp() alone, with no fallback to prctl(PR_SET_SECCOMP): a
	 * process emulator that does not know the call (valgrind) must not
	 * have the filter installed on itself through prctl, which it passes on.
	 */
	if (syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fp) == 0)
		return 0;
	return errno;
#else
	(void)p;
	return ENOSYS;
#endif
}

/* ------------------------------------------------------------------ */
/* Landlock                                                             */

#ifndef __NR_landlock_create_ruleset
# define __NR_landlock_create_ruleset	444	/* the same on every architecture */
# define __NR_landlock_add_rule		445
# define __NR_landlock_restrict_self	446
#endif

#define LL_CREATE_RULESET_VERSION	(1U << 0)
#define LL_RULE_PATH_BENEATH		1
#define LL_RULE_NET_PORT		2

/* The kernel's structures (uapi linux/landlock.h), with the members later ABIs added. */
struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
	uint64_t scoped;
};

struct ll_path_beneath_attr {
	uint64_t allowed_access;
	int32_t parent_fd;
} __attribute__((packed));

struct ll_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
};

/* A path granted for reading; a directory grants what lies beneath. */
struct ll_path {
	const char *path;
	bool dir;
};

/* What the resolver reads: its configuration, the NSS modules and libraries, systemd-resolved's files. */
static const struct ll_path resolver_paths[] = {
	{ "/etc/nsswitch.conf", false }, { "/etc/hosts", false }, { "/etc/resolv.conf", false },
	{ "/etc/host.conf", false }, { "/etc/ld.so.cache", false }, { "/usr/lib", true },
	{ "/lib", true }, { "/lib64", true }, { "/usr/lib64", true },
	{ "/run/systemd/resolve", true },
};

/*
 * What translated messages read: the catalogs, the locales and the
 * character set converters (/usr/lib/locale, /usr/lib/<triplet>/gconv).
 */
static const struct ll_path locale_paths[] = {
	{ "/usr/share/locale", true }, { "/usr/lib", true },
};

/*
 * Grants reading p (a missing path is passed over: nothing to read there);
 * 0 or the errno.  The table says whether it is a directory, so no stat is
 * made; a directory's rights on what turned out to be a file are refused
 * (EINVAL), and the file's are given instead.
 */
static int grant_read(int ruleset, const struct ll_path *p, uint64_t handled)
{
	struct ll_path_beneath_attr pb;
	int fd = open(p->path, O_PATH | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return 0;
	pb.allowed_access = ll_read_rights(p->dir) & handled;
	pb.parent_fd = fd;
	if (syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0) < 0) {
		err = errno;
		pb.allowed_access = ll_read_rights(false) & handled;
		if (err == EINVAL && p->dir &&
		    syscall(__NR_landlock_add_rule, ruleset, LL_RULE_PATH_BENEATH, &pb, 0) == 0)
			err = 0;
	}
	close(fd);
	return err;
}

static int grant_reads(int ruleset, const struct ll_path *paths, size_t n, uint64_t handled)
{
	for (size_t i = 0; i < n; i++) {
		int err = grant_read(ruleset, &paths[i], handled);

		if (err)
			return err;
	}
	return 0;
}

/* 0, or the errno of the step that failed; *abi the kernel's ABI (0: none). */
static int apply_landlock(const struct sandbox_plan *p, int *abi)
{
	struct ll_ruleset_attr attr;
	long v = syscall(__NR_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	int fd, err = 0;

	*abi = v > 0 ? (int)v : 0;
	if (v <= 0)
		return v < 0 ? errno : EOPNOTSUPP;
	memset(&attr, 0, sizeof(attr));
	attr.handled_access_fs = ll_handled_fs(*abi);
	attr.handled_access_net = ll_handled_net(*abi);
	attr.scoped = ll_scoped(*abi);
	fd = (int)syscall(__NR_landlock_create_ruleset, &attr, ll_ruleset_attr_size(*abi), 0);
	if (fd < 0)
		return errno;
	if (p->lookups)
		err = grant_reads(fd, resolver_paths, sizeof(resolver_paths) / sizeof(resolver_paths[0]),
				  attr.handled_access_fs);
	/* LeakSanitizer reads /proc/self/maps and /proc/PID/task at exit. */
	if (!err && SANITIZED) {
		static const struct ll_path proc = { "/proc", true };

		err = grant_read(fd, &proc, attr.handled_access_fs);
	}
	if (!err && p->locale) {
		static const struct ll_path catalogs = { LOCALEDIR, true };

		err = grant_reads(fd, locale_paths, sizeof(locale_paths) / sizeof(locale_paths[0]),
				  attr.handled_access_fs);
		/* The build's catalogs, when they lie elsewhere (a prefix of /usr/local). */
		if (!err && strcmp(LOCALEDIR, locale_paths[0].path) != 0)
			err = grant_read(fd, &catalogs, attr.handled_access_fs);
	}
	if (!err && p->lookups && attr.handled_access_net) {
		struct ll_net_port_attr np = { .allowed_access = LL_NET_CONNECT_TCP, .port = 53 };

		if (syscall(__NR_landlock_add_rule, fd, LL_RULE_NET_PORT, &np, 0) < 0)
			err = errno;
	}
	if (!err && syscall(__NR_landlock_restrict_self, fd, 0) < 0)
		err = errno;
	close(fd);
	return err;
}

void sandbox_enter(const struct sandbox_plan *p, struct sandbox_result *r)
{
	memset(r, 0, sizeof(*r));
	r->seccomp_arch = HAVE_FILTER;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		r->nnp_err = errno;
	/* Landlock first: its calls are not in the filter. */
	r->landlock_err = apply_landlock(p, &r->landlock_abi);
	r->seccomp_err = p->seccomp ? install_filter(p) : ECANCELED;
}

#ifdef PINGSOCK_TEST_HOOKS
bool sandbox_probe_without_seccomp(void)
{
	return getenv("PINGSOCK_PROBE_NO_SECCOMP") != NULL;
}

/*
 * PINGSOCK_PROBE=openat-write:PATH, read:PATH, execve:PATH, packet-socket:
 * the call, made here; leak: 61 bytes lost, for LeakSanitizer to find.  A refused call never returns (the filter's trap);
 * one that returns says what became of it on stderr, for the test to read.
 */
void sandbox_probe(void)
{
	const char *probe = getenv("PINGSOCK_PROBE");
	char line[512];
	int fd = -1, err;
	const char *what;

	if (!probe)
		return;
	if (strncmp(probe, "openat-write:", 13) == 0) {
		what = "openat-write";
		fd = open(probe + 13, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	} else if (strncmp(probe, "read:", 5) == 0) {
		what = "read";
		fd = open(probe + 5, O_RDONLY | O_CLOEXEC);
	} else if (strncmp(probe, "execve:", 7) == 0) {
		char *argv[] = { (char *)(probe + 7), NULL };

		what = "execve";
		execve(probe + 7, argv, environ);
	} else if (strcmp(probe, "leak") == 0) {
		/* A sanitized build: LeakSanitizer's check at exit must still work. */
		void *volatile lost = malloc(61);

		what = "leak";
		lost = NULL;
		(void)lost;
		errno = 0;
	} else if (strcmp(probe, "packet-socket") == 0) {
		what = "packet-socket";
		fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	} else {
		return;
	}
	err = fd < 0 ? errno : 0;	/* 0 for the leak: "done" */
	if (fd >= 0)
		close(fd);
	snprintf(line, sizeof(line), "probe %s: %s\n", what, err ? strerror(err) : "done");
	if (write(STDERR_FILENO, line, strlen(line)) < 0)
		return;
}
#endif
