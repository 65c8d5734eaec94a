/*
 * scfilter: the seccomp program built from a table of rules, run here by a
 * small interpreter of the classic BPF instructions it uses, over made-up
 * calls: the architecture, the refused number bits, each kind of rule, the
 * first matching rule deciding, anything else trapped; and the names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/seccomp.h>

#include "scfilter.h"

#define ARCH	0xc000003eu	/* any value: the program compares it */
#define X32	0x40000000u

/* What interpret returns when the kernel's look at a new filter gives up (see const_allow). */
#define NOT_CONSTANT	UINT32_MAX

/*
 * Runs prog over one call, as the kernel would: the action it returns.
 * With const_only, as the kernel's look at a new filter does
 * (seccomp_cache_prepare): NOT_CONSTANT at the first load of an argument
 * or instruction it does not follow.  *steps (if given): the instructions
 * gone through.
 */
static uint32_t interpret(const struct sock_filter *prog, size_t len, const struct seccomp_data *d,
			  bool const_only, unsigned *steps)
{
	const uint8_t *data = (const uint8_t *)d;
	uint32_t a = 0;
	size_t pc = 0;
	unsigned n = 0;

	while (pc < len) {
		const struct sock_filter *f = &prog[pc++];

		if (steps)
			*steps = ++n;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			assert_true(f->k + 4 <= sizeof(*d) && f->k % 4 == 0);
			if (const_only && f->k != offsetof(struct seccomp_data, nr) &&
			    f->k != offsetof(struct seccomp_data, arch))
				return NOT_CONSTANT;
			memcpy(&a, data + f->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			a &= f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += a == f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += a >= f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += a > f->k ? f->jt : f->jf;
			break;
		case BPF_JMP | BPF_JA:
			pc += f->k;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (a & f->k) ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			fail_msg("instruction %#x not expected", f->code);
		}
	}
	fail_msg("ran off the end of the program");
	return 0;
}

static uint32_t run(const struct sock_filter *prog, size_t len, const struct seccomp_data *d)
{
	return interpret(prog, len, d, false, NULL);
}

static const struct sc_rule rules[] = {
	{ .nr = 1, .check = SC_ALLOW },
	{ .nr = 16, .check = SC_ONE_OF, .arg = 1, .nvalues = 3, .values = { 0x5401, 0x5413, 0x8910 } },
	{ .nr = 257, .check = SC_BITS_CLEAR, .arg = 2, .bits = 0x3 | 0x40 },
	{ .nr = 56, .check = SC_BITS_SET, .arg = 0, .bits = 0x10100 },
	{ .nr = 435, .check = SC_ERRNO, .err = 38 },
	{ .nr = 1, .check = SC_ERRNO, .err = 1 },	/* never reached: the first rule of 1 decides */
};

/*
 * The interpreter reads the call's arguments as this host lays them out,
 * as the kernel of this host would: the program is built for its byte
 * order (s390x runs these tests big-endian under qemu).
 */
static const struct sc_arch arch_host = { .audit_arch = ARCH, .refused_nr_bits = X32,
					  .big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };

static struct sock_filter prog[256];
static size_t prog_len;

static int build(void **state)
{
	(void)state;
	prog_len = sc_build(&arch_host, rules, sizeof(rules) / sizeof(rules[0]), prog, 256);
	return prog_len == 0;
}

static uint32_t call(uint32_t arch, int nr, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = nr;
	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	return run(prog, prog_len, &d);
}

static void test_length(void **state)
{
	(void)state;
	assert_int_equal(prog_len, sc_program_len(&arch_host, rules, sizeof(rules) / sizeof(rules[0])));
	/* Too little room, or a malformed rule: no program. */
	assert_int_equal(sc_build(&arch_host, rules, 6, prog, prog_len - 1), 0);
	{
		struct sc_rule bad = { .nr = 3, .check = SC_ONE_OF, .arg = 6, .nvalues = 1 };
		struct sc_rule none = { .nr = 3, .check = SC_ONE_OF, .arg = 0, .nvalues = 0 };
		struct sock_filter p[32];

		assert_int_equal(sc_build(&arch_host, &bad, 1, p, 32), 0);
		assert_int_equal(sc_build(&arch_host, &none, 1, p, 32), 0);
	}
	build(NULL);
}

static void test_architecture(void **state)
{
	(void)state;
	assert_int_equal(call(ARCH, 1, 0, 0, 0), SECCOMP_RET_ALLOW);
	/* The same number from another architecture, or with the x32 bit: trapped. */
	assert_int_equal(call(ARCH + 1, 1, 0, 0, 0), SECCOMP_RET_TRAP);
	assert_int_equal(call(AUDIT_ARCH_I386, 1, 0, 0, 0), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, (int)(X32 | 1), 0, 0, 0), SECCOMP_RET_TRAP);
}

/* A tracer's skipped call (number -1) runs nothing: let through, x32 bit or not. */
static void test_skipped_call(void **state)
{
	(void)state;
	assert_int_equal(call(ARCH, -1, 0, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH + 1, -1, 0, 0, 0), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, -2, 0, 0, 0), SECCOMP_RET_TRAP);
}

static void test_unknown_trapped(void **state)
{
	(void)state;
	assert_int_equal(call(ARCH, 0, 0, 0, 0), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, 59, 0, 0, 0), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, 1000, 0, 0, 0), SECCOMP_RET_TRAP);
}

static void test_one_of(void **state)
{
	(void)state;
	assert_int_equal(call(ARCH, 16, 1, 0x5401, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 16, 1, 0x5413, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 16, 1, 0x8910, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 16, 1, 0x5402, 0), SECCOMP_RET_TRAP);
	/* The argument checked is the second: a match elsewhere does not count. */
	assert_int_equal(call(ARCH, 16, 0x5401, 0, 0x5401), SECCOMP_RET_TRAP);
	/* Only the low 32 bits count, as for the kernel's int arguments. */
	assert_int_equal(call(ARCH, 16, 1, 0x100005413ULL, 0), SECCOMP_RET_ALLOW);
}

static void test_bits(void **state)
{
	(void)state;
	assert_int_equal(call(ARCH, 257, 0, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 257, 0, 0, 0x80000), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 257, 0, 0, 0x1), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, 257, 0, 0, 0x2), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, 257, 0, 0, 0x40), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, 56, 0x10100, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 56, 0x3d0f00, 0, 0), SECCOMP_RET_ALLOW);
	assert_int_equal(call(ARCH, 56, 0x100, 0, 0), SECCOMP_RET_TRAP);
	assert_int_equal(call(ARCH, 56, 0x10000, 0, 0), SECCOMP_RET_TRAP);
}

static void test_errno_and_order(void **state)
{
	(void)state;
	assert_int_equal(call(ARCH, 435, 0, 0, 0), SECCOMP_RET_ERRNO | 38);
	/* Number 1 is allowed by its first rule, not answered by its second. */
	assert_int_equal(call(ARCH, 1, 5, 5, 5), SECCOMP_RET_ALLOW);
}

/*
 * Many rules, given out of order: the search finds each number's rule
 * (numbers between and beyond them trapped), also where a half of the
 * tree is too long for a conditional jump.
 */
static void test_many_rules(void **state)
{
	static struct sc_rule many[200];
	static struct sock_filter p[4096];
	struct seccomp_data d;
	size_t n;

	(void)state;
	for (int i = 0; i < 200; i++) {
		struct sc_rule *r = &many[(i * 7) % 200];	/* 7 and 200 coprime: each slot once */

		memset(r, 0, sizeof(*r));
		r->nr = 3 * i + 1;
		if (i % 2) {
			r->check = SC_ALLOW;
		} else {
			r->check = SC_ONE_OF;
			r->arg = 0;
			r->nvalues = 6;
			for (int v = 0; v < 6; v++)
				r->values[v] = (uint32_t)(100 * i + v);
		}
	}
	n = sc_build(&arch_host, many, 200, p, 4096);
	assert_int_not_equal(n, 0);
	assert_int_equal(n, sc_program_len(&arch_host, many, 200));
	memset(&d, 0, sizeof(d));
	d.arch = ARCH;
	for (int nr = 0; nr < 3 * 200 + 5; nr++) {
		int i = (nr - 1) / 3;
		uint32_t want = SECCOMP_RET_TRAP;

		d.nr = nr;
		d.args[0] = (uint64_t)(100 * i + 5);
		if (nr % 3 == 1 && i < 200)
			want = SECCOMP_RET_ALLOW;
		assert_int_equal(run(p, n, &d), want);
		if (nr % 3 == 1 && i < 200 && i % 2 == 0) {
			d.args[0] = 100 * (uint64_t)i + 6;
			assert_int_equal(run(p, n, &d), SECCOMP_RET_TRAP);
		}
	}
	/* Too many rules: no program. */
	assert_int_equal(sc_build(&arch_host, many, SC_MAX_RULES + 1, p, 4096), 0);
}

/* On a big-endian architecture an argument's low half is its second word. */
static void test_big_endian(void **state)
{
	static const struct sc_arch be = { .audit_arch = ARCH, .big_endian = true };
	struct sock_filter p[64];
	struct seccomp_data d;
	size_t n = sc_build(&be, &rules[1], 1, p, 64);
	uint32_t words[2] = { 0, 0x5413 };

	(void)state;
	assert_int_not_equal(n, 0);
	memset(&d, 0, sizeof(d));
	d.arch = ARCH;
	d.nr = 16;
	memcpy(&d.args[1], words, sizeof(words));
	assert_int_equal(run(p, n, &d), SECCOMP_RET_ALLOW);
	words[1] = 0;
	words[0] = 0x5413;
	memcpy(&d.args[1], words, sizeof(words));
	assert_int_equal(run(p, n, &d), SECCOMP_RET_TRAP);
	/* No refused bits: any number reaches the rules. */
	d.nr = (int)(X32 | 16);
	assert_int_equal(run(p, n, &d), SECCOMP_RET_TRAP);
}

static void test_names(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(sc_name(__NR_openat), "openat");
	assert_string_equal(sc_name(__NR_socket), "socket");
	assert_string_equal(sc_name(__NR_execve), "execve");
	assert_null(sc_name(100000));
	{
		char want[64];
		size_t n = sc_describe(__NR_execve, buf, sizeof(buf));

		assert_int_equal(n, strlen(buf));

		snprintf(want, sizeof(want), "execve (%d)", __NR_execve);
		assert_string_equal(buf, want);
	}
	sc_describe(100000, buf, sizeof(buf));
	assert_string_equal(buf, "100000");
	sc_describe(-7, buf, sizeof(buf));
	assert_string_equal(buf, "-7");
	/* Cut to the room given, always ended. */
	sc_describe(__NR_execve, buf, 4);
	assert_string_equal(buf, "exe");
}

/*
 * The kernel's look at a new filter for one number: 1 when it ends at
 * "allow" without reading an argument (the call is then let through
 * without running the filter), 0 otherwise.  *steps: the instructions it
 * went through.
 */
static int const_allow(const struct sock_filter *program, size_t len, uint32_t arch, uint32_t nr,
		       unsigned *steps)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.arch = arch;
	d.nr = (int)nr;
	return interpret(program, len, &d, true, steps) == SECCOMP_RET_ALLOW;
}

/*
 * What the kernel learns when the filter is installed: the calls allowed
 * whatever their arguments are always allowed (never run through the
 * filter), the others never; and what it costs to learn: a number above
 * every rule's is decided in 6 instructions (its verdict included), another
 * architecture's in 3,
 * and the numbers of the table's range on average in under 12.
 */
static void test_kernel_cache(void **state)
{
	static const int allowed[] = { 0, 1, 3, 5, 8, 11, 12, 13, 14, 15, 20, 25, 28, 38, 39, 44, 46,
				       47, 60, 96, 186, 202, 219, 228, 231, 262, 271, 318 };
	static struct sc_rule table[40];
	static struct sock_filter p[256];
	size_t n = 0, len;
	unsigned steps, total = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		table[n++] = (struct sc_rule){ .nr = allowed[i], .check = SC_ALLOW };
	table[n++] = (struct sc_rule){ .nr = 9, .check = SC_BITS_CLEAR, .arg = 2, .bits = 4 };
	table[n++] = (struct sc_rule){ .nr = 16, .check = SC_ONE_OF, .arg = 1, .nvalues = 2,
				       .values = { 0x5401, 0x5413 } };
	table[n++] = (struct sc_rule){ .nr = 56, .check = SC_BITS_SET, .arg = 0, .bits = 0x100 };
	table[n++] = (struct sc_rule){ .nr = 435, .check = SC_ERRNO, .err = 38 };
	len = sc_build(&arch_host, table, n, p, 256);
	assert_int_equal(len, sc_program_len(&arch_host, table, n));
	/* Compact: one "trap" and one "allow", the program's last two instructions. */
	assert_int_equal(p[len - 2].code, BPF_RET | BPF_K);
	assert_int_equal(p[len - 2].k, SECCOMP_RET_TRAP);
	assert_int_equal(p[len - 1].k, SECCOMP_RET_ALLOW);
	for (uint32_t nr = 0; nr < 512; nr++) {
		int want = 0;

		for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
			want |= allowed[i] == (int)nr;
		assert_int_equal(const_allow(p, len, ARCH, nr, &steps), want);
		if (nr > 435)
			assert_true(steps <= 6);
		else
			total += steps;
		assert_int_equal(const_allow(p, len, AUDIT_ARCH_I386, nr, &steps), 0);
		assert_true(steps <= 3);
	}
	assert_true(total < 12 * 436);
	/* -1 is always let through; the x32 bit never. */
	assert_int_equal(const_allow(p, len, ARCH, UINT32_MAX, &steps), 1);
	assert_int_equal(const_allow(p, len, ARCH, X32 | 1, &steps), 0);
}

/*
 * Refused bits low enough to fall among the rules' numbers: a number
 * carrying one is trapped even where a rule names it, in the compact
 * layout and in the long one.
 */
static void test_refused_bits_among_rules(void **state)
{
	static const struct sc_arch low = { .audit_arch = ARCH, .refused_nr_bits = 0x100,
					    .big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };
	static struct sc_rule table[120];
	static struct sock_filter p[4096];
	struct seccomp_data d;

	(void)state;
	for (size_t count = 3; count <= 120; count += 117) {
		size_t len;

		for (size_t i = 0; i < count; i++)
			table[i] = (struct sc_rule){ .nr = (int)(i < 3 ? (uint32_t[]){ 1, 0x105, 0x200 }[i] : 0x400 + 3 * i),
						     .check = SC_ONE_OF, .arg = 0, .nvalues = 1, .values = { 7 } };
		len = sc_build(&low, table, count, p, 4096);
		assert_int_not_equal(len, 0);
		assert_int_equal(len, sc_program_len(&low, table, count));
		/* 120 rules of 3 instructions and more: too long to be compact. */
		assert_true(count == 3 ? len <= 256 : len > 256);
		memset(&d, 0, sizeof(d));
		d.arch = ARCH;
		d.args[0] = 7;
		d.nr = 1;
		assert_int_equal(run(p, len, &d), SECCOMP_RET_ALLOW);
		d.nr = 0x200;
		assert_int_equal(run(p, len, &d), SECCOMP_RET_ALLOW);
		d.nr = 0x105;	/* named by a rule, but it carries the refused bit */
		assert_int_equal(run(p, len, &d), SECCOMP_RET_TRAP);
		d.nr = 0x100;
		assert_int_equal(run(p, len, &d), SECCOMP_RET_TRAP);
		d.nr = UINT32_MAX;
		assert_int_equal(run(p, len, &d), SECCOMP_RET_ALLOW);
		d.nr = 0x10000;
		assert_int_equal(run(p, len, &d), SECCOMP_RET_TRAP);
		if (count > 3) {
			d.nr = 0x400 + 3 * 50;
			assert_int_equal(run(p, len, &d), SECCOMP_RET_ALLOW);
			d.args[0] = 8;
			assert_int_equal(run(p, len, &d), SECCOMP_RET_TRAP);
			d.nr = UINT32_MAX;
			assert_int_equal(run(p, len, &d), SECCOMP_RET_ALLOW);
		}
	}
}

/* A small generator of its own, so that every run checks the same tables. */
static uint32_t rand_next(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/*
 * What a table means, from its definition rather than from a program:
 * the verdict for one call.
 */
static uint32_t model(const struct sc_arch *arch, const struct sc_rule *table, size_t n,
		      const struct seccomp_data *d)
{
	if (d->arch != arch->audit_arch)
		return SECCOMP_RET_TRAP;
	if ((uint32_t)d->nr == UINT32_MAX)
		return SECCOMP_RET_ALLOW;
	if ((uint32_t)d->nr & arch->refused_nr_bits)
		return SECCOMP_RET_TRAP;
	for (size_t i = 0; i < n; i++) {
		const struct sc_rule *r = &table[i];
		uint32_t v;

		if ((uint32_t)r->nr != (uint32_t)d->nr)
			continue;
		v = (uint32_t)d->args[r->arg];
		switch (r->check) {
		case SC_ALLOW:
			return SECCOMP_RET_ALLOW;
		case SC_ERRNO:
			return SECCOMP_RET_ERRNO | r->err;
		case SC_ONE_OF:
			for (unsigned k = 0; k < r->nvalues; k++)
				if (v == r->values[k])
					return SECCOMP_RET_ALLOW;
			return SECCOMP_RET_TRAP;
		case SC_BITS_CLEAR:
			return (v & r->bits) ? SECCOMP_RET_TRAP : SECCOMP_RET_ALLOW;
		case SC_BITS_SET:
			return (v & r->bits) == r->bits ? SECCOMP_RET_ALLOW : SECCOMP_RET_TRAP;
		}
	}
	return SECCOMP_RET_TRAP;
}

/*
 * Tables made at random (sizes from 0 to 250 rules, so both layouts;
 * numbers that repeat, that carry refused bits, -1; every kind of rule),
 * each program run over the numbers of its rules, their neighbours and
 * others, with arguments that pass and fail: the program's verdict is
 * always the table's.
 */
static void test_random_tables(void **state)
{
	static struct sc_rule table[SC_MAX_RULES];
	static struct sock_filter p[4096];
	uint32_t seed = 20261206;

	(void)state;
	for (int round = 0; round < 300; round++) {
		struct sc_arch arch = { .audit_arch = ARCH,
					.refused_nr_bits = round % 3 == 0 ? 0 : round % 3 == 1 ? X32 : 0x40,
					.big_endian = __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ };
		size_t n = round % 10 == 9 ? 150 + rand_next(&seed) % 100 : rand_next(&seed) % 40;
		uint32_t span = 16 + rand_next(&seed) % 1000, len;

		for (size_t i = 0; i < n; i++) {
			struct sc_rule *r = &table[i];
			uint32_t pick = rand_next(&seed);

			memset(r, 0, sizeof(*r));
			r->nr = (int)(pick % 50 == 0 ? UINT32_MAX : pick % 50 == 1 ? (X32 | (pick >> 8) % span) :
				      rand_next(&seed) % span);
			r->check = (enum sc_check)(rand_next(&seed) % 5);
			r->arg = (uint8_t)(rand_next(&seed) % 6);
			r->nvalues = (uint8_t)(1 + rand_next(&seed) % SC_MAX_VALUES);
			for (unsigned k = 0; k < SC_MAX_VALUES; k++)
				r->values[k] = rand_next(&seed) % 8;
			r->bits = 1u << (rand_next(&seed) % 4) | 1u << (rand_next(&seed) % 4);
			r->err = (uint16_t)(1 + rand_next(&seed) % 100);
		}
		len = (uint32_t)sc_build(&arch, table, n, p, 4096);
		assert_int_not_equal(len, 0);
		assert_int_equal(len, sc_program_len(&arch, table, n));
		for (uint32_t t = 0; t < 3 * span + 3 * n + 8; t++) {
			struct seccomp_data d;
			uint32_t pick = rand_next(&seed);

			memset(&d, 0, sizeof(d));
			d.arch = pick % 17 == 0 ? AUDIT_ARCH_I386 : ARCH;
			if (t < span)
				d.nr = (int)t;	/* every number of the range */
			else if (n && t < span + 3 * n)
				d.nr = table[(t - span) / 3].nr + (int)((t - span) % 3) - 1;
			else
				d.nr = (int)(pick % 4 == 0 ? UINT32_MAX : pick % 4 == 1 ? (X32 | (pick >> 4) % span) :
					     pick % 4 == 2 ? 0x40 | (pick >> 4) % span : pick);
			for (int a = 0; a < 6; a++)
				d.args[a] = rand_next(&seed) % 8 | (uint64_t)(rand_next(&seed) % 3) << 32;
			assert_int_equal(run(p, len, &d), model(&arch, table, n, &d));
		}
	}
}

/*
 * Numbers that weigh nothing in the tree's shape (far above the kernel's
 * table) still get a balanced search, not a chain: 200 rules above 2000
 * are each found in a few dozen instructions.
 */
static void test_weightless_numbers(void **state)
{
	static struct sc_rule table[200];
	static struct sock_filter p[4096];
	unsigned steps, most = 0;
	size_t len;

	(void)state;
	for (int i = 0; i < 200; i++)
		table[i] = (struct sc_rule){ .nr = 2000 + 2 * i, .check = SC_ALLOW };
	len = sc_build(&arch_host, table, 200, p, 4096);
	assert_int_not_equal(len, 0);
	for (uint32_t nr = 2000; nr < 2400; nr++) {
		assert_int_equal(const_allow(p, len, ARCH, nr, &steps), nr % 2 == 0);
		if (steps > most)
			most = steps;
	}
	assert_true(most <= 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_architecture),
		cmocka_unit_test(test_skipped_call),
		cmocka_unit_test(test_unknown_trapped),
		cmocka_unit_test(test_one_of),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_errno_and_order),
		cmocka_unit_test(test_many_rules),
		cmocka_unit_test(test_kernel_cache),
		cmocka_unit_test(test_refused_bits_among_rules),
		cmocka_unit_test(test_random_tables),
		cmocka_unit_test(test_weightless_numbers),
		cmocka_unit_test(test_big_endian),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, build, NULL);
}
