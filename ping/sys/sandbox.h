/*
 * The sandbox a run enters once set-up is over: no new privileges, a
 * system-call allowlist (seccomp, SECCOMP_RET_TRAP: a refused call ends the
 * run with a message naming it, status 2) and Landlock (no writes, no
 * execution, reads only where the resolver or the messages' locale need
 * them; TCP only to port 53, and only when names are resolved).  What the
 * kernel refuses is reported, and the run goes on without it.
 */
#ifndef PINGSOCK_SANDBOX_H
#define PINGSOCK_SANDBOX_H

#include <stdbool.h>

struct sandbox_plan {
	bool lookups;		/* replier names are resolved: threads, resolver, NSS */
	bool locale;		/* messages may be translated: the locale's files are read */
	bool seccomp;		/* the filter (false only in the test build's probe) */
};

struct sandbox_result {
	int nnp_err;		/* PR_SET_NO_NEW_PRIVS: 0, or the errno */
	int seccomp_err;	/* 0: the filter is in place; else the errno of the refusal */
	bool seccomp_arch;	/* the filter was written for this architecture */
	int landlock_abi;	/* the kernel's Landlock ABI, 0 when it has none */
	int landlock_err;	/* 0: the ruleset is in force; else the errno of the step that failed */
};

/* The messages' locale is another than C or POSIX (LC_ALL, LC_MESSAGES, LANG). */
bool sandbox_locale_wanted(void);

/* Enters the sandbox as far as the kernel allows; the facts into *r. */
void sandbox_enter(const struct sandbox_plan *p, struct sandbox_result *r);

#ifdef PINGSOCK_TEST_HOOKS
/*
 * The test build only: with PINGSOCK_PROBE set, the forbidden or allowed
 * call it names, made inside the sandbox (tests/integration/sandbox.sh).
 */
void sandbox_probe(void);
/* The test build only: PINGSOCK_PROBE_NO_SECCOMP leaves the filter out (Landlock alone). */
bool sandbox_probe_without_seccomp(void);
#endif

#endif
