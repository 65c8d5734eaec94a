/*
 * Capabilities, through the capget/capset system calls: ping needs two
 * bits of one word, and libcap would cost every run its loading and its
 * constructor's probes.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include "caps.h"

struct capsets {
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];
};

/*
 * The sets as last read or put: only this code changes them (but for the
 * setuid call of caps_limit, which forgets them), and only from the one
 * thread that runs set-up, so after the first capget they need not be
 * asked for again (a capget saved on each raise and lower), and a change
 * to what they already are need not be made (a user without capabilities
 * makes no capset at all).
 *
 * In .data rather than .bss: it is read before it is first written, which
 * in a .bss page of its own costs two page faults (the zero page, then a
 * copy); the page where .data ends is already the process's own (the
 * kernel clears the start of .bss there when it loads the program).
 */
static struct {
	struct capsets sets;
	bool known;
} last_put __attribute__((section(".data")));

/* The calling thread's three sets, as version 3 (two words) gives them. */
static int caps_get(struct capsets *c)
{
	int rc;

	if (last_put.known) {
		*c = last_put.sets;
		return 0;
	}
	memset(c, 0, sizeof(*c));
	c->hdr.version = _LINUX_CAPABILITY_VERSION_3;
	rc = (int)syscall(SYS_capget, &c->hdr, c->data);
	last_put.known = rc == 0;
	if (rc == 0)
		last_put.sets = *c;
	return rc;
}

/* Sets the calling thread's three sets to c. */
static int caps_put(struct capsets *c)
{
	int rc;

	if (last_put.known && memcmp(c->data, last_put.sets.data, sizeof(c->data)) == 0)
		return 0;
	c->hdr.version = _LINUX_CAPABILITY_VERSION_3;
	c->hdr.pid = 0;
	rc = (int)syscall(SYS_capset, &c->hdr, c->data);
	/* A refused capset leaves the sets as they were, which may not be what we know. */
	last_put.known = rc == 0;
	if (rc == 0)
		last_put.sets = *c;
	return rc;
}

static bool bit_set(const uint32_t *words, int cap)
{
	return words[cap / 32] & (1u << (cap % 32));
}

/* Keeps only those of keep[] that are permitted now, permitted; nothing effective. */
static int set_sets(const int *keep, int nkeep)
{
	struct capsets cur, next;

	if (caps_get(&cur) < 0)
		return -1;
	memset(&next, 0, sizeof(next));
	for (int i = 0; i < nkeep; i++) {
		int cap = keep[i];
		uint32_t perm[2] = { cur.data[0].permitted, cur.data[1].permitted };

		if (!bit_set(perm, cap))
			continue;
		next.data[cap / 32].permitted |= 1u << (cap % 32);
	}
	return caps_put(&next);
}

/* Raises or lowers cap in the effective set; raising needs it permitted. */
static int set_effective(int cap, bool on)
{
	struct capsets cur;
	uint32_t perm[2];

	if (caps_get(&cur) < 0)
		return -1;
	perm[0] = cur.data[0].permitted;
	perm[1] = cur.data[1].permitted;
	if (on && !bit_set(perm, cap)) {
		errno = EPERM;
		return -1;
	}
	if (on)
		cur.data[cap / 32].effective |= 1u << (cap % 32);
	else
		cur.data[cap / 32].effective &= ~(1u << (cap % 32));
	return caps_put(&cur);
}

int caps_drop_all(void)
{
	struct capsets none;

	memset(&none, 0, sizeof(none));
	return caps_put(&none);
}

static const int kept_caps[] = { CAP_NET_RAW, CAP_NET_ADMIN };

int caps_limit(void)
{
	uid_t ruid, euid, suid;

	if (getresuid(&ruid, &euid, &suid) < 0)
		return -1;
	/*
	 * A setuid-root binary: give the uid up entirely while CAP_SETUID is
	 * still ours, keeping the permitted set across the change.
	 */
	if (ruid != 0 && (euid == 0 || suid == 0)) {
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
			return -1;
		last_put.known = false;	/* a uid change changes the sets */
		if (setresuid(ruid, ruid, ruid) < 0)
			return -1;
		prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	/* Failure to shrink the sets is not fatal: there may be nothing to shrink. */
	set_sets(kept_caps, 2);
	return 0;
}

int caps_raise(int cap)
{
	return set_effective(cap, true);
}

void caps_lower(int cap)
{
	set_effective(cap, false);
}

/* caps_limit never changes the real uid: asking the kernel needs no state of ours. */
bool caps_real_root(void)
{
	return getuid() == 0;
}
