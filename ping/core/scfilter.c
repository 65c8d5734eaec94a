#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <linux/seccomp.h>

#include "scfilter.h"

/* Where the call's number, architecture and arguments lie in struct seccomp_data. */
#define OFF_NR		offsetof(struct seccomp_data, nr)
#define OFF_ARCH	offsetof(struct seccomp_data, arch)

static uint32_t arg_low_offset(const struct sc_arch *arch, unsigned arg)
{
	return (uint32_t)(offsetof(struct seccomp_data, args) + 8 * arg + (arch->big_endian ? 4 : 0));
}

/*
 * Instructions of one rule's block: the number's test, then the checks.
 * Its verdicts are jumps to the "trap" and "allow" its leaf reaches.
 */
static size_t rule_len(const struct sc_rule *r)
{
	switch (r->check) {
	case SC_ALLOW:
		return 1;	/* the number's test jumps to "allow" */
	case SC_ERRNO:
		return 2;
	case SC_ONE_OF:
		return (size_t)r->nvalues + 2;
	case SC_BITS_CLEAR:
		return 3;
	case SC_BITS_SET:
		return 4;
	}
	return 0;
}

static bool rule_valid(const struct sc_rule *r)
{
	if (r->check == SC_ALLOW || r->check == SC_ERRNO)
		return true;	/* an errno of 16 bits always fits SECCOMP_RET_DATA */
	if (r->arg > 5)
		return false;
	if (r->check == SC_ONE_OF)
		return r->nvalues >= 1 && r->nvalues <= SC_MAX_VALUES;
	return r->check == SC_BITS_CLEAR || r->check == SC_BITS_SET;
}

/* Rules at most in a leaf of the search tree, tested one after the other. */
#define LEAF_RULES	4

/* Longest forward jump of a conditional instruction. */
#define MAX_COND_JUMP	255

/*
 * Numbers up to this one weigh in the shape of the tree: the kernel runs
 * the program over each number of its table when the filter is installed
 * (to learn which calls are always allowed), so the path of every number
 * below the table's end costs, and those above it are rare.
 */
#define WEIGHED_NUMBERS	1024u

/* The tracer's skipped call (see sc_build). */
#define NR_SKIPPED	UINT32_MAX

/*
 * How a program is laid out.  Compact: one "trap" and one "allow" at the
 * end that every verdict jumps to, which a conditional jump reaches when
 * the whole program is at most MAX_COND_JUMP + 1 instructions.  Otherwise
 * each leaf of the tree ends with a pair of its own.
 */
struct layout {
	const struct sc_arch *arch;
	const struct sc_rule *rules;
	const uint16_t *idx;		/* the rules kept, in the order of their numbers */
	size_t nkept;
	uint32_t max_nr;		/* the largest number a rule names (0: none) */
	bool compact;
	size_t len;			/* the whole program's instructions */
	/*
	 * The tree's splits, in the order its nodes are visited (each node,
	 * then its left half, then its right): found once, while the length
	 * is first counted, then read back.
	 */
	uint16_t splits[SC_MAX_RULES];
	size_t nsplits, next_split;
	bool splits_known;
};

static uint32_t nr_of(const struct layout *L, size_t i)
{
	return (uint32_t)L->rules[L->idx[i]].nr;
}

/*
 * The rules in the order of their numbers (unsigned, as BPF compares), the
 * first rule of each number kept (the first match decides), leaving out
 * the numbers the prologue decides (the skipped call, refused bits):
 * indices into rules, their count returned.
 */
static size_t sort_rules(const struct sc_arch *arch, const struct sc_rule *rules, size_t nrules,
			 uint16_t *idx)
{
	size_t n = 0;

	for (size_t i = 0; i < nrules; i++) {
		uint32_t nr = (uint32_t)rules[i].nr;
		size_t at = n;

		if (nr == NR_SKIPPED || (nr & arch->refused_nr_bits))
			continue;
		while (at > 0 && (uint32_t)rules[idx[at - 1]].nr > nr)
			at--;
		/* An earlier rule of this number sits just before: it decides. */
		if (at > 0 && (uint32_t)rules[idx[at - 1]].nr == nr)
			continue;
		memmove(idx + at + 1, idx + at, (n - at) * sizeof(*idx));
		idx[at] = (uint16_t)i;
		n++;
	}
	return n;
}

/* Weighed numbers in [lo, hi] (see WEIGHED_NUMBERS). */
static uint32_t weight(uint32_t lo, uint32_t hi)
{
	if (lo >= WEIGHED_NUMBERS || hi < lo)
		return 0;
	if (hi >= WEIGHED_NUMBERS)
		hi = WEIGHED_NUMBERS - 1;
	return hi - lo + 1;
}

static size_t distance(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

/*
 * Where the tree over rules [lo, hi), reached by numbers [from, to], is
 * split: at the rule whose number divides those numbers' weight most
 * evenly, so that the ranges of many numbers and no rule are left after
 * few tests; of rules that divide it equally well (numbers that weigh
 * nothing), the one nearest the middle of the rules.
 */
static size_t find_split(const struct layout *L, size_t lo, size_t hi, uint32_t from, uint32_t to)
{
	size_t middle = lo + (hi - lo) / 2, best = middle;
	uint32_t best_gap = UINT32_MAX;

	for (size_t m = lo + 1; m < hi; m++) {
		uint32_t left = weight(from, nr_of(L, m) - 1), right = weight(nr_of(L, m), to);
		uint32_t gap = left > right ? left - right : right - left;

		/* The left half's weight only grows with m, the right's only shrinks. */
		if (gap > best_gap)
			break;
		if (gap < best_gap || distance(m, middle) < distance(best, middle)) {
			best_gap = gap;
			best = m;
		}
	}
	return best;
}

/* The split of the node visited now (see struct layout). */
static size_t split(struct layout *L, size_t lo, size_t hi, uint32_t from, uint32_t to)
{
	if (L->splits_known)
		return L->splits[L->next_split++];
	L->splits[L->nsplits] = (uint16_t)find_split(L, lo, hi, from, to);
	return L->splits[L->nsplits++];
}

/* Instructions of a leaf: its rules, and in the long layout its own verdicts. */
static size_t leaf_len(const struct layout *L, size_t lo, size_t hi)
{
	size_t n = L->compact ? 0 : 2;

	for (size_t i = lo; i < hi; i++)
		n += rule_len(&L->rules[L->idx[i]]);
	return n;
}

/*
 * Instructions of the tree over rules [lo, hi), reached by numbers [from,
 * to]: a node sends numbers from its pivot's up to the right half (through
 * an unconditional jump when the left half is too long for a conditional
 * one).
 */
static size_t tree_len(struct layout *L, size_t lo, size_t hi, uint32_t from, uint32_t to)
{
	size_t mid, left;

	if (hi - lo <= LEAF_RULES)
		return leaf_len(L, lo, hi);
	mid = split(L, lo, hi, from, to);
	left = tree_len(L, lo, mid, from, nr_of(L, mid) - 1);
	return 1 + (left > MAX_COND_JUMP ? 1 : 0) + left +
	       tree_len(L, mid, hi, nr_of(L, mid), to);
}

/* The prologue: the architecture, the skipped call, numbers above every rule's. */
static size_t prologue_len(const struct layout *L)
{
	return L->compact ? 5 : 8;
}

/* Instructions of the whole program; the tree's splits are known after it. */
static size_t program_len(struct layout *L)
{
	L->next_split = 0;
	return prologue_len(L) + tree_len(L, 0, L->nkept, 0, L->max_nr) + (L->compact ? 2 : 0);
}

static struct sock_filter stmt(uint16_t code, uint32_t k)
{
	struct sock_filter f = { .code = code, .jt = 0, .jf = 0, .k = k };

	return f;
}

/* A conditional jump at pc to the instructions at t (true) and f (false). */
static struct sock_filter jump_to(uint16_t code, uint32_t k, size_t pc, size_t t, size_t f)
{
	struct sock_filter j = { .code = code, .jt = (uint8_t)(t - pc - 1),
				 .jf = (uint8_t)(f - pc - 1), .k = k };

	return j;
}

#define RET_TRAP	stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP)
#define RET_ALLOW	stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* Where a block's verdicts and the next test are, as instruction indices. */
struct targets {
	size_t trap, allow, next;
};

/*
 * One rule's block at out, instruction pc of the program; the accumulator
 * holds the number when it starts.  Another number goes to t->next.
 */
static size_t emit_rule(const struct layout *L, const struct sc_rule *r, size_t pc,
			const struct targets *t, struct sock_filter *out)
{
	const uint16_t jeq = BPF_JMP | BPF_JEQ | BPF_K;
	size_t n = 0, arg_pc;

	if (r->check == SC_ALLOW) {
		out[n++] = jump_to(jeq, (uint32_t)r->nr, pc, t->allow, t->next);
		return n;
	}
	out[n++] = jump_to(jeq, (uint32_t)r->nr, pc, pc + 1, t->next);
	if (r->check == SC_ERRNO) {
		out[n++] = stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | r->err);
		return n;
	}
	out[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, arg_low_offset(L->arch, r->arg));
	arg_pc = pc + n;
	switch (r->check) {
	case SC_ONE_OF:
		for (unsigned i = 0; i < r->nvalues; i++, arg_pc++) {
			size_t miss = i + 1 < r->nvalues ? arg_pc + 1 : t->trap;

			out[n++] = jump_to(jeq, r->values[i], arg_pc, t->allow, miss);
		}
		break;
	case SC_BITS_CLEAR:
		out[n++] = jump_to(BPF_JMP | BPF_JSET | BPF_K, r->bits, arg_pc, t->trap, t->allow);
		break;
	case SC_BITS_SET:
		out[n++] = stmt(BPF_ALU | BPF_AND | BPF_K, r->bits);
		out[n++] = jump_to(jeq, r->bits, arg_pc + 1, t->allow, t->trap);
		break;
	default:
		break;
	}
	return n;
}

/*
 * The tree of tree_len at out, instruction pc of the program; the
 * accumulator holds the number.  verdicts: the compact layout's shared
 * "trap" and "allow".
 */
static size_t emit_tree(struct layout *L, size_t lo, size_t hi, uint32_t from, uint32_t to,
			size_t pc, const struct targets *verdicts, struct sock_filter *out)
{
	size_t mid, left, n = 0;
	uint32_t pivot;

	if (hi - lo <= LEAF_RULES) {
		struct targets t = *verdicts;
		size_t end = pc + leaf_len(L, lo, hi);

		if (!L->compact) {
			t.trap = end - 2;
			t.allow = end - 1;
		}
		for (size_t i = lo; i < hi; i++) {
			const struct sc_rule *r = &L->rules[L->idx[i]];

			/* After the leaf's last rule, a number no rule names is trapped. */
			t.next = i + 1 < hi ? pc + n + rule_len(r) : t.trap;
			n += emit_rule(L, r, pc + n, &t, out + n);
		}
		if (!L->compact) {
			out[n++] = RET_TRAP;
			out[n++] = RET_ALLOW;
		}
		return n;
	}
	mid = split(L, lo, hi, from, to);
	pivot = nr_of(L, mid);
	/*
	 * The left half first, right after the node; its length then says
	 * where the right half starts.  One too long for a conditional jump
	 * (only in the long layout, whose jumps all stay inside their leaf)
	 * moves up by one for the unconditional jump over it.
	 */
	left = emit_tree(L, lo, mid, from, pivot - 1, pc + 1, verdicts, out + 1);
	if (left > MAX_COND_JUMP) {
		memmove(out + 2, out + 1, left * sizeof(*out));
		out[0] = jump_to(BPF_JMP | BPF_JGE | BPF_K, pivot, pc, pc + 1, pc + 2);
		out[1] = stmt(BPF_JMP | BPF_JA, (uint32_t)left);
		n = 2 + left;
	} else {
		out[0] = jump_to(BPF_JMP | BPF_JGE | BPF_K, pivot, pc, pc + 1 + left, pc + 1);
		n = 1 + left;
	}
	n += emit_tree(L, mid, hi, pivot, to, pc + n, verdicts, out + n);
	return n;
}

/*
 * The layout of rules: sorted, the largest number, compact when it fits.
 * A number that carries a refused bit needs no test of its own: no rule
 * kept names one (sort_rules), so the search traps it.
 */
static void plan(struct layout *L, const struct sc_arch *arch, const struct sc_rule *rules,
		 size_t nrules, uint16_t *idx)
{
	L->arch = arch;
	L->rules = rules;
	L->idx = idx;
	L->nkept = sort_rules(arch, rules, nrules, idx);
	L->max_nr = L->nkept ? nr_of(L, L->nkept - 1) : 0;
	L->compact = true;
	L->nsplits = 0;
	L->splits_known = false;
	L->len = program_len(L);
	L->splits_known = true;
	if (L->len > MAX_COND_JUMP + 1) {
		L->compact = false;
		L->len = program_len(L);
	}
}

size_t sc_program_len(const struct sc_arch *arch, const struct sc_rule *rules, size_t nrules)
{
	uint16_t idx[SC_MAX_RULES];
	struct layout L;

	if (nrules > SC_MAX_RULES)
		return 0;
	plan(&L, arch, rules, nrules, idx);
	return L.len;
}

size_t sc_build(const struct sc_arch *arch, const struct sc_rule *rules, size_t nrules,
		struct sock_filter *out, size_t cap)
{
	uint16_t idx[SC_MAX_RULES];
	struct layout L;
	struct targets verdicts;
	size_t n = 0, len;

	if (nrules > SC_MAX_RULES)
		return 0;
	for (size_t i = 0; i < nrules; i++)
		if (!rule_valid(&rules[i]))
			return 0;
	plan(&L, arch, rules, nrules, idx);
	len = L.len;
	if (len > cap || len > BPF_MAXINSNS)
		return 0;
	verdicts.trap = len - 2;
	verdicts.allow = len - 1;
	L.next_split = 0;
	out[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, OFF_ARCH);
	if (L.compact) {
		out[n] = jump_to(BPF_JMP | BPF_JEQ | BPF_K, arch->audit_arch, n, n + 1, verdicts.trap);
		n++;
	} else {
		out[n] = jump_to(BPF_JMP | BPF_JEQ | BPF_K, arch->audit_arch, n, n + 2, n + 1);
		n++;
		out[n++] = RET_TRAP;
	}
	out[n++] = stmt(BPF_LD | BPF_W | BPF_ABS, OFF_NR);
	/*
	 * Above every rule's number: no call of the table, but number -1 is no
	 * call at all: a tracer (strace's fault injection) sets it to skip one,
	 * and the kernel then runs nothing; it is not refused.
	 */
	if (L.compact) {
		out[n] = jump_to(BPF_JMP | BPF_JGT | BPF_K, L.max_nr, n, n + 1, n + 2);
		n++;
		out[n] = jump_to(BPF_JMP | BPF_JEQ | BPF_K, NR_SKIPPED, n, verdicts.allow, verdicts.trap);
		n++;
	} else {
		out[n] = jump_to(BPF_JMP | BPF_JGT | BPF_K, L.max_nr, n, n + 1, n + 4);
		n++;
		out[n] = jump_to(BPF_JMP | BPF_JEQ | BPF_K, NR_SKIPPED, n, n + 1, n + 2);
		n++;
		out[n++] = RET_ALLOW;
		out[n++] = RET_TRAP;
	}
	n += emit_tree(&L, 0, L.nkept, 0, L.max_nr, n, &verdicts, out + n);
	if (L.compact) {
		out[n++] = RET_TRAP;
		out[n++] = RET_ALLOW;
	}
	return n;
}

struct sc_named {
	long nr;
	const char *name;
};

/* The calls of this architecture that its headers name (generated from a list of names). */
static const struct sc_named names[] = {
#ifdef __NR_read
	{ __NR_read, "read" },
#endif
#ifdef __NR_write
	{ __NR_write, "write" },
#endif
#ifdef __NR_open
	{ __NR_open, "open" },
#endif
#ifdef __NR_close
	{ __NR_close, "close" },
#endif
#ifdef __NR_stat
	{ __NR_stat, "stat" },
#endif
#ifdef __NR_fstat
	{ __NR_fstat, "fstat" },
#endif
#ifdef __NR_lstat
	{ __NR_lstat, "lstat" },
#endif
#ifdef __NR_poll
	{ __NR_poll, "poll" },
#endif
#ifdef __NR_lseek
	{ __NR_lseek, "lseek" },
#endif
#ifdef __NR_mmap
	{ __NR_mmap, "mmap" },
#endif
#ifdef __NR_mprotect
	{ __NR_mprotect, "mprotect" },
#endif
#ifdef __NR_munmap
	{ __NR_munmap, "munmap" },
#endif
#ifdef __NR_brk
	{ __NR_brk, "brk" },
#endif
#ifdef __NR_rt_sigaction
	{ __NR_rt_sigaction, "rt_sigaction" },
#endif
#ifdef __NR_rt_sigprocmask
	{ __NR_rt_sigprocmask, "rt_sigprocmask" },
#endif
#ifdef __NR_rt_sigreturn
	{ __NR_rt_sigreturn, "rt_sigreturn" },
#endif
#ifdef __NR_ioctl
	{ __NR_ioctl, "ioctl" },
#endif
#ifdef __NR_pread64
	{ __NR_pread64, "pread64" },
#endif
#ifdef __NR_pwrite64
	{ __NR_pwrite64, "pwrite64" },
#endif
#ifdef __NR_readv
	{ __NR_readv, "readv" },
#endif
#ifdef __NR_writev
	{ __NR_writev, "writev" },
#endif
#ifdef __NR_access
	{ __NR_access, "access" },
#endif
#ifdef __NR_pipe
	{ __NR_pipe, "pipe" },
#endif
#ifdef __NR_select
	{ __NR_select, "select" },
#endif
#ifdef __NR_sched_yield
	{ __NR_sched_yield, "sched_yield" },
#endif
#ifdef __NR_mremap
	{ __NR_mremap, "mremap" },
#endif
#ifdef __NR_msync
	{ __NR_msync, "msync" },
#endif
#ifdef __NR_mincore
	{ __NR_mincore, "mincore" },
#endif
#ifdef __NR_madvise
	{ __NR_madvise, "madvise" },
#endif
#ifdef __NR_shmget
	{ __NR_shmget, "shmget" },
#endif
#ifdef __NR_shmat
	{ __NR_shmat, "shmat" },
#endif
#ifdef __NR_shmctl
	{ __NR_shmctl, "shmctl" },
#endif
#ifdef __NR_dup
	{ __NR_dup, "dup" },
#endif
#ifdef __NR_dup2
	{ __NR_dup2, "dup2" },
#endif
#ifdef __NR_pause
	{ __NR_pause, "pause" },
#endif
#ifdef __NR_nanosleep
	{ __NR_nanosleep, "nanosleep" },
#endif
#ifdef __NR_getitimer
	{ __NR_getitimer, "getitimer" },
#endif
#ifdef __NR_alarm
	{ __NR_alarm, "alarm" },
#endif
#ifdef __NR_setitimer
	{ __NR_setitimer, "setitimer" },
#endif
#ifdef __NR_getpid
	{ __NR_getpid, "getpid" },
#endif
#ifdef __NR_sendfile
	{ __NR_sendfile, "sendfile" },
#endif
#ifdef __NR_socket
	{ __NR_socket, "socket" },
#endif
#ifdef __NR_connect
	{ __NR_connect, "connect" },
#endif
#ifdef __NR_accept
	{ __NR_accept, "accept" },
#endif
#ifdef __NR_sendto
	{ __NR_sendto, "sendto" },
#endif
#ifdef __NR_recvfrom
	{ __NR_recvfrom, "recvfrom" },
#endif
#ifdef __NR_sendmsg
	{ __NR_sendmsg, "sendmsg" },
#endif
#ifdef __NR_recvmsg
	{ __NR_recvmsg, "recvmsg" },
#endif
#ifdef __NR_shutdown
	{ __NR_shutdown, "shutdown" },
#endif
#ifdef __NR_bind
	{ __NR_bind, "bind" },
#endif
#ifdef __NR_listen
	{ __NR_listen, "listen" },
#endif
#ifdef __NR_getsockname
	{ __NR_getsockname, "getsockname" },
#endif
#ifdef __NR_getpeername
	{ __NR_getpeername, "getpeername" },
#endif
#ifdef __NR_socketpair
	{ __NR_socketpair, "socketpair" },
#endif
#ifdef __NR_setsockopt
	{ __NR_setsockopt, "setsockopt" },
#endif
#ifdef __NR_getsockopt
	{ __NR_getsockopt, "getsockopt" },
#endif
#ifdef __NR_clone
	{ __NR_clone, "clone" },
#endif
#ifdef __NR_fork
	{ __NR_fork, "fork" },
#endif
#ifdef __NR_vfork
	{ __NR_vfork, "vfork" },
#endif
#ifdef __NR_execve
	{ __NR_execve, "execve" },
#endif
#ifdef __NR_exit
	{ __NR_exit, "exit" },
#endif
#ifdef __NR_wait4
	{ __NR_wait4, "wait4" },
#endif
#ifdef __NR_kill
	{ __NR_kill, "kill" },
#endif
#ifdef __NR_uname
	{ __NR_uname, "uname" },
#endif
#ifdef __NR_semget
	{ __NR_semget, "semget" },
#endif
#ifdef __NR_semop
	{ __NR_semop, "semop" },
#endif
#ifdef __NR_semctl
	{ __NR_semctl, "semctl" },
#endif
#ifdef __NR_shmdt
	{ __NR_shmdt, "shmdt" },
#endif
#ifdef __NR_msgget
	{ __NR_msgget, "msgget" },
#endif
#ifdef __NR_msgsnd
	{ __NR_msgsnd, "msgsnd" },
#endif
#ifdef __NR_msgrcv
	{ __NR_msgrcv, "msgrcv" },
#endif
#ifdef __NR_msgctl
	{ __NR_msgctl, "msgctl" },
#endif
#ifdef __NR_fcntl
	{ __NR_fcntl, "fcntl" },
#endif
#ifdef __NR_flock
	{ __NR_flock, "flock" },
#endif
#ifdef __NR_fsync
	{ __NR_fsync, "fsync" },
#endif
#ifdef __NR_fdatasync
	{ __NR_fdatasync, "fdatasync" },
#endif
#ifdef __NR_truncate
	{ __NR_truncate, "truncate" },
#endif
#ifdef __NR_ftruncate
	{ __NR_ftruncate, "ftruncate" },
#endif
#ifdef __NR_getdents
	{ __NR_getdents, "getdents" },
#endif
#ifdef __NR_getcwd
	{ __NR_getcwd, "getcwd" },
#endif
#ifdef __NR_chdir
	{ __NR_chdir, "chdir" },
#endif
#ifdef __NR_fchdir
	{ __NR_fchdir, "fchdir" },
#endif
#ifdef __NR_rename
	{ __NR_rename, "rename" },
#endif
#ifdef __NR_mkdir
	{ __NR_mkdir, "mkdir" },
#endif
#ifdef __NR_rmdir
	{ __NR_rmdir, "rmdir" },
#endif
#ifdef __NR_creat
	{ __NR_creat, "creat" },
#endif
#ifdef __NR_link
	{ __NR_link, "link" },
#endif
#ifdef __NR_unlink
	{ __NR_unlink, "unlink" },
#endif
#ifdef __NR_symlink
	{ __NR_symlink, "symlink" },
#endif
#ifdef __NR_readlink
	{ __NR_readlink, "readlink" },
#endif
#ifdef __NR_chmod
	{ __NR_chmod, "chmod" },
#endif
#ifdef __NR_fchmod
	{ __NR_fchmod, "fchmod" },
#endif
#ifdef __NR_chown
	{ __NR_chown, "chown" },
#endif
#ifdef __NR_fchown
	{ __NR_fchown, "fchown" },
#endif
#ifdef __NR_lchown
	{ __NR_lchown, "lchown" },
#endif
#ifdef __NR_umask
	{ __NR_umask, "umask" },
#endif
#ifdef __NR_gettimeofday
	{ __NR_gettimeofday, "gettimeofday" },
#endif
#ifdef __NR_getrlimit
	{ __NR_getrlimit, "getrlimit" },
#endif
#ifdef __NR_getrusage
	{ __NR_getrusage, "getrusage" },
#endif
#ifdef __NR_sysinfo
	{ __NR_sysinfo, "sysinfo" },
#endif
#ifdef __NR_times
	{ __NR_times, "times" },
#endif
#ifdef __NR_ptrace
	{ __NR_ptrace, "ptrace" },
#endif
#ifdef __NR_getuid
	{ __NR_getuid, "getuid" },
#endif
#ifdef __NR_syslog
	{ __NR_syslog, "syslog" },
#endif
#ifdef __NR_getgid
	{ __NR_getgid, "getgid" },
#endif
#ifdef __NR_setuid
	{ __NR_setuid, "setuid" },
#endif
#ifdef __NR_setgid
	{ __NR_setgid, "setgid" },
#endif
#ifdef __NR_geteuid
	{ __NR_geteuid, "geteuid" },
#endif
#ifdef __NR_getegid
	{ __NR_getegid, "getegid" },
#endif
#ifdef __NR_setpgid
	{ __NR_setpgid, "setpgid" },
#endif
#ifdef __NR_getppid
	{ __NR_getppid, "getppid" },
#endif
#ifdef __NR_getpgrp
	{ __NR_getpgrp, "getpgrp" },
#endif
#ifdef __NR_setsid
	{ __NR_setsid, "setsid" },
#endif
#ifdef __NR_setreuid
	{ __NR_setreuid, "setreuid" },
#endif
#ifdef __NR_setregid
	{ __NR_setregid, "setregid" },
#endif
#ifdef __NR_getgroups
	{ __NR_getgroups, "getgroups" },
#endif
#ifdef __NR_setgroups
	{ __NR_setgroups, "setgroups" },
#endif
#ifdef __NR_setresuid
	{ __NR_setresuid, "setresuid" },
#endif
#ifdef __NR_getresuid
	{ __NR_getresuid, "getresuid" },
#endif
#ifdef __NR_setresgid
	{ __NR_setresgid, "setresgid" },
#endif
#ifdef __NR_getresgid
	{ __NR_getresgid, "getresgid" },
#endif
#ifdef __NR_getpgid
	{ __NR_getpgid, "getpgid" },
#endif
#ifdef __NR_setfsuid
	{ __NR_setfsuid, "setfsuid" },
#endif
#ifdef __NR_setfsgid
	{ __NR_setfsgid, "setfsgid" },
#endif
#ifdef __NR_getsid
	{ __NR_getsid, "getsid" },
#endif
#ifdef __NR_capget
	{ __NR_capget, "capget" },
#endif
#ifdef __NR_capset
	{ __NR_capset, "capset" },
#endif
#ifdef __NR_rt_sigpending
	{ __NR_rt_sigpending, "rt_sigpending" },
#endif
#ifdef __NR_rt_sigtimedwait
	{ __NR_rt_sigtimedwait, "rt_sigtimedwait" },
#endif
#ifdef __NR_rt_sigqueueinfo
	{ __NR_rt_sigqueueinfo, "rt_sigqueueinfo" },
#endif
#ifdef __NR_rt_sigsuspend
	{ __NR_rt_sigsuspend, "rt_sigsuspend" },
#endif
#ifdef __NR_sigaltstack
	{ __NR_sigaltstack, "sigaltstack" },
#endif
#ifdef __NR_utime
	{ __NR_utime, "utime" },
#endif
#ifdef __NR_mknod
	{ __NR_mknod, "mknod" },
#endif
#ifdef __NR_personality
	{ __NR_personality, "personality" },
#endif
#ifdef __NR_statfs
	{ __NR_statfs, "statfs" },
#endif
#ifdef __NR_fstatfs
	{ __NR_fstatfs, "fstatfs" },
#endif
#ifdef __NR_getpriority
	{ __NR_getpriority, "getpriority" },
#endif
#ifdef __NR_setpriority
	{ __NR_setpriority, "setpriority" },
#endif
#ifdef __NR_sched_setparam
	{ __NR_sched_setparam, "sched_setparam" },
#endif
#ifdef __NR_sched_getparam
	{ __NR_sched_getparam, "sched_getparam" },
#endif
#ifdef __NR_sched_setscheduler
	{ __NR_sched_setscheduler, "sched_setscheduler" },
#endif
#ifdef __NR_sched_getscheduler
	{ __NR_sched_getscheduler, "sched_getscheduler" },
#endif
#ifdef __NR_mlock
	{ __NR_mlock, "mlock" },
#endif
#ifdef __NR_munlock
	{ __NR_munlock, "munlock" },
#endif
#ifdef __NR_mlockall
	{ __NR_mlockall, "mlockall" },
#endif
#ifdef __NR_munlockall
	{ __NR_munlockall, "munlockall" },
#endif
#ifdef __NR_vhangup
	{ __NR_vhangup, "vhangup" },
#endif
#ifdef __NR_pivot_root
	{ __NR_pivot_root, "pivot_root" },
#endif
#ifdef __NR_prctl
	{ __NR_prctl, "prctl" },
#endif
#ifdef __NR_arch_prctl
	{ __NR_arch_prctl, "arch_prctl" },
#endif
#ifdef __NR_adjtimex
	{ __NR_adjtimex, "adjtimex" },
#endif
#ifdef __NR_setrlimit
	{ __NR_setrlimit, "setrlimit" },
#endif
#ifdef __NR_chroot
	{ __NR_chroot, "chroot" },
#endif
#ifdef __NR_sync
	{ __NR_sync, "sync" },
#endif
#ifdef __NR_acct
	{ __NR_acct, "acct" },
#endif
#ifdef __NR_settimeofday
	{ __NR_settimeofday, "settimeofday" },
#endif
#ifdef __NR_mount
	{ __NR_mount, "mount" },
#endif
#ifdef __NR_umount2
	{ __NR_umount2, "umount2" },
#endif
#ifdef __NR_swapon
	{ __NR_swapon, "swapon" },
#endif
#ifdef __NR_swapoff
	{ __NR_swapoff, "swapoff" },
#endif
#ifdef __NR_reboot
	{ __NR_reboot, "reboot" },
#endif
#ifdef __NR_sethostname
	{ __NR_sethostname, "sethostname" },
#endif
#ifdef __NR_setdomainname
	{ __NR_setdomainname, "setdomainname" },
#endif
#ifdef __NR_iopl
	{ __NR_iopl, "iopl" },
#endif
#ifdef __NR_ioperm
	{ __NR_ioperm, "ioperm" },
#endif
#ifdef __NR_init_module
	{ __NR_init_module, "init_module" },
#endif
#ifdef __NR_delete_module
	{ __NR_delete_module, "delete_module" },
#endif
#ifdef __NR_quotactl
	{ __NR_quotactl, "quotactl" },
#endif
#ifdef __NR_gettid
	{ __NR_gettid, "gettid" },
#endif
#ifdef __NR_readahead
	{ __NR_readahead, "readahead" },
#endif
#ifdef __NR_setxattr
	{ __NR_setxattr, "setxattr" },
#endif
#ifdef __NR_getxattr
	{ __NR_getxattr, "getxattr" },
#endif
#ifdef __NR_listxattr
	{ __NR_listxattr, "listxattr" },
#endif
#ifdef __NR_removexattr
	{ __NR_removexattr, "removexattr" },
#endif
#ifdef __NR_tkill
	{ __NR_tkill, "tkill" },
#endif
#ifdef __NR_time
	{ __NR_time, "time" },
#endif
#ifdef __NR_futex
	{ __NR_futex, "futex" },
#endif
#ifdef __NR_sched_setaffinity
	{ __NR_sched_setaffinity, "sched_setaffinity" },
#endif
#ifdef __NR_sched_getaffinity
	{ __NR_sched_getaffinity, "sched_getaffinity" },
#endif
#ifdef __NR_set_thread_area
	{ __NR_set_thread_area, "set_thread_area" },
#endif
#ifdef __NR_io_setup
	{ __NR_io_setup, "io_setup" },
#endif
#ifdef __NR_io_destroy
	{ __NR_io_destroy, "io_destroy" },
#endif
#ifdef __NR_io_getevents
	{ __NR_io_getevents, "io_getevents" },
#endif
#ifdef __NR_io_submit
	{ __NR_io_submit, "io_submit" },
#endif
#ifdef __NR_io_cancel
	{ __NR_io_cancel, "io_cancel" },
#endif
#ifdef __NR_get_thread_area
	{ __NR_get_thread_area, "get_thread_area" },
#endif
#ifdef __NR_getdents64
	{ __NR_getdents64, "getdents64" },
#endif
#ifdef __NR_set_tid_address
	{ __NR_set_tid_address, "set_tid_address" },
#endif
#ifdef __NR_restart_syscall
	{ __NR_restart_syscall, "restart_syscall" },
#endif
#ifdef __NR_semtimedop
	{ __NR_semtimedop, "semtimedop" },
#endif
#ifdef __NR_fadvise64
	{ __NR_fadvise64, "fadvise64" },
#endif
#ifdef __NR_timer_create
	{ __NR_timer_create, "timer_create" },
#endif
#ifdef __NR_timer_settime
	{ __NR_timer_settime, "timer_settime" },
#endif
#ifdef __NR_timer_gettime
	{ __NR_timer_gettime, "timer_gettime" },
#endif
#ifdef __NR_timer_getoverrun
	{ __NR_timer_getoverrun, "timer_getoverrun" },
#endif
#ifdef __NR_timer_delete
	{ __NR_timer_delete, "timer_delete" },
#endif
#ifdef __NR_clock_settime
	{ __NR_clock_settime, "clock_settime" },
#endif
#ifdef __NR_clock_gettime
	{ __NR_clock_gettime, "clock_gettime" },
#endif
#ifdef __NR_clock_getres
	{ __NR_clock_getres, "clock_getres" },
#endif
#ifdef __NR_clock_nanosleep
	{ __NR_clock_nanosleep, "clock_nanosleep" },
#endif
#ifdef __NR_exit_group
	{ __NR_exit_group, "exit_group" },
#endif
#ifdef __NR_epoll_wait
	{ __NR_epoll_wait, "epoll_wait" },
#endif
#ifdef __NR_epoll_ctl
	{ __NR_epoll_ctl, "epoll_ctl" },
#endif
#ifdef __NR_tgkill
	{ __NR_tgkill, "tgkill" },
#endif
#ifdef __NR_utimes
	{ __NR_utimes, "utimes" },
#endif
#ifdef __NR_mbind
	{ __NR_mbind, "mbind" },
#endif
#ifdef __NR_set_mempolicy
	{ __NR_set_mempolicy, "set_mempolicy" },
#endif
#ifdef __NR_get_mempolicy
	{ __NR_get_mempolicy, "get_mempolicy" },
#endif
#ifdef __NR_mq_open
	{ __NR_mq_open, "mq_open" },
#endif
#ifdef __NR_mq_unlink
	{ __NR_mq_unlink, "mq_unlink" },
#endif
#ifdef __NR_waitid
	{ __NR_waitid, "waitid" },
#endif
#ifdef __NR_add_key
	{ __NR_add_key, "add_key" },
#endif
#ifdef __NR_request_key
	{ __NR_request_key, "request_key" },
#endif
#ifdef __NR_keyctl
	{ __NR_keyctl, "keyctl" },
#endif
#ifdef __NR_ioprio_set
	{ __NR_ioprio_set, "ioprio_set" },
#endif
#ifdef __NR_ioprio_get
	{ __NR_ioprio_get, "ioprio_get" },
#endif
#ifdef __NR_inotify_init
	{ __NR_inotify_init, "inotify_init" },
#endif
#ifdef __NR_inotify_add_watch
	{ __NR_inotify_add_watch, "inotify_add_watch" },
#endif
#ifdef __NR_inotify_rm_watch
	{ __NR_inotify_rm_watch, "inotify_rm_watch" },
#endif
#ifdef __NR_openat
	{ __NR_openat, "openat" },
#endif
#ifdef __NR_mkdirat
	{ __NR_mkdirat, "mkdirat" },
#endif
#ifdef __NR_mknodat
	{ __NR_mknodat, "mknodat" },
#endif
#ifdef __NR_fchownat
	{ __NR_fchownat, "fchownat" },
#endif
#ifdef __NR_futimesat
	{ __NR_futimesat, "futimesat" },
#endif
#ifdef __NR_newfstatat
	{ __NR_newfstatat, "newfstatat" },
#endif
#ifdef __NR_unlinkat
	{ __NR_unlinkat, "unlinkat" },
#endif
#ifdef __NR_renameat
	{ __NR_renameat, "renameat" },
#endif
#ifdef __NR_linkat
	{ __NR_linkat, "linkat" },
#endif
#ifdef __NR_symlinkat
	{ __NR_symlinkat, "symlinkat" },
#endif
#ifdef __NR_readlinkat
	{ __NR_readlinkat, "readlinkat" },
#endif
#ifdef __NR_fchmodat
	{ __NR_fchmodat, "fchmodat" },
#endif
#ifdef __NR_faccessat
	{ __NR_faccessat, "faccessat" },
#endif
#ifdef __NR_pselect6
	{ __NR_pselect6, "pselect6" },
#endif
#ifdef __NR_ppoll
	{ __NR_ppoll, "ppoll" },
#endif
#ifdef __NR_unshare
	{ __NR_unshare, "unshare" },
#endif
#ifdef __NR_set_robust_list
	{ __NR_set_robust_list, "set_robust_list" },
#endif
#ifdef __NR_get_robust_list
	{ __NR_get_robust_list, "get_robust_list" },
#endif
#ifdef __NR_splice
	{ __NR_splice, "splice" },
#endif
#ifdef __NR_tee
	{ __NR_tee, "tee" },
#endif
#ifdef __NR_sync_file_range
	{ __NR_sync_file_range, "sync_file_range" },
#endif
#ifdef __NR_vmsplice
	{ __NR_vmsplice, "vmsplice" },
#endif
#ifdef __NR_move_pages
	{ __NR_move_pages, "move_pages" },
#endif
#ifdef __NR_utimensat
	{ __NR_utimensat, "utimensat" },
#endif
#ifdef __NR_epoll_pwait
	{ __NR_epoll_pwait, "epoll_pwait" },
#endif
#ifdef __NR_signalfd
	{ __NR_signalfd, "signalfd" },
#endif
#ifdef __NR_timerfd_create
	{ __NR_timerfd_create, "timerfd_create" },
#endif
#ifdef __NR_eventfd
	{ __NR_eventfd, "eventfd" },
#endif
#ifdef __NR_fallocate
	{ __NR_fallocate, "fallocate" },
#endif
#ifdef __NR_timerfd_settime
	{ __NR_timerfd_settime, "timerfd_settime" },
#endif
#ifdef __NR_timerfd_gettime
	{ __NR_timerfd_gettime, "timerfd_gettime" },
#endif
#ifdef __NR_accept4
	{ __NR_accept4, "accept4" },
#endif
#ifdef __NR_signalfd4
	{ __NR_signalfd4, "signalfd4" },
#endif
#ifdef __NR_eventfd2
	{ __NR_eventfd2, "eventfd2" },
#endif
#ifdef __NR_epoll_create1
	{ __NR_epoll_create1, "epoll_create1" },
#endif
#ifdef __NR_dup3
	{ __NR_dup3, "dup3" },
#endif
#ifdef __NR_pipe2
	{ __NR_pipe2, "pipe2" },
#endif
#ifdef __NR_inotify_init1
	{ __NR_inotify_init1, "inotify_init1" },
#endif
#ifdef __NR_preadv
	{ __NR_preadv, "preadv" },
#endif
#ifdef __NR_pwritev
	{ __NR_pwritev, "pwritev" },
#endif
#ifdef __NR_rt_tgsigqueueinfo
	{ __NR_rt_tgsigqueueinfo, "rt_tgsigqueueinfo" },
#endif
#ifdef __NR_perf_event_open
	{ __NR_perf_event_open, "perf_event_open" },
#endif
#ifdef __NR_recvmmsg
	{ __NR_recvmmsg, "recvmmsg" },
#endif
#ifdef __NR_fanotify_init
	{ __NR_fanotify_init, "fanotify_init" },
#endif
#ifdef __NR_fanotify_mark
	{ __NR_fanotify_mark, "fanotify_mark" },
#endif
#ifdef __NR_prlimit64
	{ __NR_prlimit64, "prlimit64" },
#endif
#ifdef __NR_name_to_handle_at
	{ __NR_name_to_handle_at, "name_to_handle_at" },
#endif
#ifdef __NR_open_by_handle_at
	{ __NR_open_by_handle_at, "open_by_handle_at" },
#endif
#ifdef __NR_syncfs
	{ __NR_syncfs, "syncfs" },
#endif
#ifdef __NR_sendmmsg
	{ __NR_sendmmsg, "sendmmsg" },
#endif
#ifdef __NR_setns
	{ __NR_setns, "setns" },
#endif
#ifdef __NR_getcpu
	{ __NR_getcpu, "getcpu" },
#endif
#ifdef __NR_process_vm_readv
	{ __NR_process_vm_readv, "process_vm_readv" },
#endif
#ifdef __NR_process_vm_writev
	{ __NR_process_vm_writev, "process_vm_writev" },
#endif
#ifdef __NR_kcmp
	{ __NR_kcmp, "kcmp" },
#endif
#ifdef __NR_finit_module
	{ __NR_finit_module, "finit_module" },
#endif
#ifdef __NR_sched_setattr
	{ __NR_sched_setattr, "sched_setattr" },
#endif
#ifdef __NR_sched_getattr
	{ __NR_sched_getattr, "sched_getattr" },
#endif
#ifdef __NR_renameat2
	{ __NR_renameat2, "renameat2" },
#endif
#ifdef __NR_seccomp
	{ __NR_seccomp, "seccomp" },
#endif
#ifdef __NR_getrandom
	{ __NR_getrandom, "getrandom" },
#endif
#ifdef __NR_memfd_create
	{ __NR_memfd_create, "memfd_create" },
#endif
#ifdef __NR_kexec_file_load
	{ __NR_kexec_file_load, "kexec_file_load" },
#endif
#ifdef __NR_bpf
	{ __NR_bpf, "bpf" },
#endif
#ifdef __NR_execveat
	{ __NR_execveat, "execveat" },
#endif
#ifdef __NR_userfaultfd
	{ __NR_userfaultfd, "userfaultfd" },
#endif
#ifdef __NR_membarrier
	{ __NR_membarrier, "membarrier" },
#endif
#ifdef __NR_mlock2
	{ __NR_mlock2, "mlock2" },
#endif
#ifdef __NR_copy_file_range
	{ __NR_copy_file_range, "copy_file_range" },
#endif
#ifdef __NR_preadv2
	{ __NR_preadv2, "preadv2" },
#endif
#ifdef __NR_pwritev2
	{ __NR_pwritev2, "pwritev2" },
#endif
#ifdef __NR_pkey_mprotect
	{ __NR_pkey_mprotect, "pkey_mprotect" },
#endif
#ifdef __NR_pkey_alloc
	{ __NR_pkey_alloc, "pkey_alloc" },
#endif
#ifdef __NR_pkey_free
	{ __NR_pkey_free, "pkey_free" },
#endif
#ifdef __NR_statx
	{ __NR_statx, "statx" },
#endif
#ifdef __NR_rseq
	{ __NR_rseq, "rseq" },
#endif
#ifdef __NR_pidfd_send_signal
	{ __NR_pidfd_send_signal, "pidfd_send_signal" },
#endif
#ifdef __NR_io_uring_setup
	{ __NR_io_uring_setup, "io_uring_setup" },
#endif
#ifdef __NR_io_uring_enter
	{ __NR_io_uring_enter, "io_uring_enter" },
#endif
#ifdef __NR_io_uring_register
	{ __NR_io_uring_register, "io_uring_register" },
#endif
#ifdef __NR_open_tree
	{ __NR_open_tree, "open_tree" },
#endif
#ifdef __NR_move_mount
	{ __NR_move_mount, "move_mount" },
#endif
#ifdef __NR_fsopen
	{ __NR_fsopen, "fsopen" },
#endif
#ifdef __NR_fsconfig
	{ __NR_fsconfig, "fsconfig" },
#endif
#ifdef __NR_fsmount
	{ __NR_fsmount, "fsmount" },
#endif
#ifdef __NR_fspick
	{ __NR_fspick, "fspick" },
#endif
#ifdef __NR_pidfd_open
	{ __NR_pidfd_open, "pidfd_open" },
#endif
#ifdef __NR_clone3
	{ __NR_clone3, "clone3" },
#endif
#ifdef __NR_close_range
	{ __NR_close_range, "close_range" },
#endif
#ifdef __NR_openat2
	{ __NR_openat2, "openat2" },
#endif
#ifdef __NR_pidfd_getfd
	{ __NR_pidfd_getfd, "pidfd_getfd" },
#endif
#ifdef __NR_faccessat2
	{ __NR_faccessat2, "faccessat2" },
#endif
#ifdef __NR_epoll_pwait2
	{ __NR_epoll_pwait2, "epoll_pwait2" },
#endif
#ifdef __NR_landlock_create_ruleset
	{ __NR_landlock_create_ruleset, "landlock_create_ruleset" },
#endif
#ifdef __NR_landlock_add_rule
	{ __NR_landlock_add_rule, "landlock_add_rule" },
#endif
#ifdef __NR_landlock_restrict_self
	{ __NR_landlock_restrict_self, "landlock_restrict_self" },
#endif
#ifdef __NR_memfd_secret
	{ __NR_memfd_secret, "memfd_secret" },
#endif
#ifdef __NR_futex_waitv
	{ __NR_futex_waitv, "futex_waitv" },
#endif
#ifdef __NR_socketcall
	{ __NR_socketcall, "socketcall" },
#endif
#ifdef __NR_ipc
	{ __NR_ipc, "ipc" },
#endif
#ifdef __NR_sigreturn
	{ __NR_sigreturn, "sigreturn" },
#endif
#ifdef __NR_sigaction
	{ __NR_sigaction, "sigaction" },
#endif
#ifdef __NR_sigprocmask
	{ __NR_sigprocmask, "sigprocmask" },
#endif
#ifdef __NR__llseek
	{ __NR__llseek, "_llseek" },
#endif
#ifdef __NR_mmap2
	{ __NR_mmap2, "mmap2" },
#endif
#ifdef __NR_fstat64
	{ __NR_fstat64, "fstat64" },
#endif
#ifdef __NR_stat64
	{ __NR_stat64, "stat64" },
#endif
#ifdef __NR_lstat64
	{ __NR_lstat64, "lstat64" },
#endif
#ifdef __NR_fstatat64
	{ __NR_fstatat64, "fstatat64" },
#endif
#ifdef __NR_fcntl64
	{ __NR_fcntl64, "fcntl64" },
#endif
#ifdef __NR_clock_gettime64
	{ __NR_clock_gettime64, "clock_gettime64" },
#endif
#ifdef __NR_clock_nanosleep_time64
	{ __NR_clock_nanosleep_time64, "clock_nanosleep_time64" },
#endif
#ifdef __NR_ppoll_time64
	{ __NR_ppoll_time64, "ppoll_time64" },
#endif
#ifdef __NR_pselect6_time64
	{ __NR_pselect6_time64, "pselect6_time64" },
#endif
#ifdef __NR_recvmmsg_time64
	{ __NR_recvmmsg_time64, "recvmmsg_time64" },
#endif
#ifdef __NR_futex_time64
	{ __NR_futex_time64, "futex_time64" },
#endif
#ifdef __NR_rt_sigtimedwait_time64
	{ __NR_rt_sigtimedwait_time64, "rt_sigtimedwait_time64" },
#endif
#ifdef __NR_timer_settime64
	{ __NR_timer_settime64, "timer_settime64" },
#endif
#ifdef __NR_timer_gettime64
	{ __NR_timer_gettime64, "timer_gettime64" },
#endif
#ifdef __NR_waitpid
	{ __NR_waitpid, "waitpid" },
#endif
#ifdef __NR_ugetrlimit
	{ __NR_ugetrlimit, "ugetrlimit" },
#endif
#ifdef __NR_send
	{ __NR_send, "send" },
#endif
#ifdef __NR_recv
	{ __NR_recv, "recv" },
#endif
#ifdef __NR_getuid32
	{ __NR_getuid32, "getuid32" },
#endif
#ifdef __NR_getgid32
	{ __NR_getgid32, "getgid32" },
#endif
#ifdef __NR_geteuid32
	{ __NR_geteuid32, "geteuid32" },
#endif
#ifdef __NR_getegid32
	{ __NR_getegid32, "getegid32" },
#endif
#ifdef __NR_setresuid32
	{ __NR_setresuid32, "setresuid32" },
#endif
#ifdef __NR_getresuid32
	{ __NR_getresuid32, "getresuid32" },
#endif
#ifdef __NR_setuid32
	{ __NR_setuid32, "setuid32" },
#endif
#ifdef __NR_setgid32
	{ __NR_setgid32, "setgid32" },
#endif
#ifdef __NR_getgroups32
	{ __NR_getgroups32, "getgroups32" },
#endif
#ifdef __NR_truncate64
	{ __NR_truncate64, "truncate64" },
#endif
#ifdef __NR_ftruncate64
	{ __NR_ftruncate64, "ftruncate64" },
#endif
#ifdef __NR_statfs64
	{ __NR_statfs64, "statfs64" },
#endif
#ifdef __NR_fstatfs64
	{ __NR_fstatfs64, "fstatfs64" },
#endif
#ifdef __NR_nice
	{ __NR_nice, "nice" },
#endif
#ifdef __NR_sigsuspend
	{ __NR_sigsuspend, "sigsuspend" },
#endif
	{ -1, NULL },
};

const char *sc_name(long nr)
{
	for (size_t i = 0; names[i].name; i++)
		if (names[i].nr == nr)
			return names[i].name;
	return NULL;
}

/* Appends s to buf at *at, as far as it fits. */
static void put(char *buf, size_t len, size_t *at, const char *s)
{
	while (*s && *at + 1 < len)
		buf[(*at)++] = *s++;
}

size_t sc_describe(long nr, char *buf, size_t len)
{
	const char *name = sc_name(nr);
	char digits[24];
	size_t at = 0, d = sizeof(digits) - 1;
	unsigned long v = nr < 0 ? 0UL - (unsigned long)nr : (unsigned long)nr;

	if (len == 0)
		return 0;
	digits[d] = '\0';
	do {
		digits[--d] = (char)('0' + v % 10);
		v /= 10;
	} while (v && d > 1);
	if (nr < 0)
		digits[--d] = '-';
	if (name) {
		put(buf, len, &at, name);
		put(buf, len, &at, " (");
		put(buf, len, &at, digits + d);
		put(buf, len, &at, ")");
	} else {
		put(buf, len, &at, digits + d);
	}
	buf[at] = '\0';
	return at;
}
