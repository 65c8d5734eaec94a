/*
 * The sandbox's system-call filter as data: a table of rules (a call
 * allowed, allowed when one argument passes a check, or answered with an
 * errno) turned into a classic BPF program for seccomp, and the names of
 * the calls for the message that reports a refused one.  Pure: nothing
 * here installs anything (sys/sandbox.c does).
 */
#ifndef PINGSOCK_SCFILTER_H
#define PINGSOCK_SCFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/filter.h>

#define SC_MAX_VALUES	6
#define SC_MAX_RULES	256	/* rules a program is built from, at most */

enum sc_check {
	SC_ALLOW,		/* the call, whatever its arguments */
	SC_ONE_OF,		/* the low 32 bits of args[arg] are one of values[] */
	SC_BITS_CLEAR,		/* none of bits is set in args[arg] (low 32 bits) */
	SC_BITS_SET,		/* every one of bits is set in args[arg] (low 32 bits) */
	SC_ERRNO,		/* not run: fails with errno err */
};

struct sc_rule {
	int nr;			/* the call's number on the filter's architecture */
	enum sc_check check;
	uint8_t arg;		/* SC_ONE_OF, SC_BITS_*: which argument, 0 to 5 */
	uint8_t nvalues;	/* SC_ONE_OF */
	uint16_t err;		/* SC_ERRNO */
	uint32_t bits;		/* SC_BITS_* */
	uint32_t values[SC_MAX_VALUES];
};

/* What the program checks before the call's number. */
struct sc_arch {
	uint32_t audit_arch;	/* AUDIT_ARCH_* of the build: any other is refused */
	uint32_t refused_nr_bits; /* numbers with any of these bits are refused (x32 on x86_64) */
	bool big_endian;	/* where an argument's low 32 bits lie */
};

/* Instructions the program of these rules takes (what sc_build writes). */
size_t sc_program_len(const struct sc_arch *arch, const struct sc_rule *rules, size_t nrules);

/*
 * The program: the architecture checked, number -1 let through (a
 * tracer's skipped call: nothing runs), then the rule of the call's number
 * (of several rules for one number, the first given decides), anything
 * else SECCOMP_RET_TRAP (numbers with a refused bit too).  The kernel
 * compiles the program and runs it over every number of its table when it
 * is installed (to learn which calls are always allowed), so both its
 * length and its paths cost at start-up: numbers above every rule's are
 * refused at once; the rest are found by a binary search whose splits
 * divide the numbers (not the rules) evenly, a few rules tested in turn at
 * each leaf; and every verdict is a jump to one shared "trap" or "allow"
 * when the program is short enough for that.  Returns the number of
 * instructions written
 * to out, or 0 when they do not fit in cap or the rules are malformed (an
 * argument above 5, too many values, more than SC_MAX_RULES rules).
 */
size_t sc_build(const struct sc_arch *arch, const struct sc_rule *rules, size_t nrules,
		struct sock_filter *out, size_t cap);

/* The name of call nr on the build's architecture, or NULL when not known. */
const char *sc_name(long nr);

/*
 * "name (nr)" or "nr" into buf, for the SIGSYS handler: async-signal-safe
 * (no stdio, no locale).  Returns the length written (buf always ends in
 * '\0' when len > 0).
 */
size_t sc_describe(long nr, char *buf, size_t len);

#endif
