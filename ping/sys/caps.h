/* Privileges: keep only what ping may need, raise it around single calls, then drop all. */
#ifndef PINGSOCK_CAPS_H
#define PINGSOCK_CAPS_H

#include <stdbool.h>
#include <linux/capability.h>

/*
 * First thing in main: leaves CAP_NET_RAW and CAP_NET_ADMIN in the
 * permitted set where they were, nothing effective or inheritable, and a
 * setuid-root process switched to the real uid for good (real, effective
 * and saved).  Returns 0, or -1 with errno when a privileged process could
 * not give its uid up (the caller must stop).
 */
int caps_limit(void);

/* Makes cap effective; -1 with EPERM if it is not permitted.  Pair with caps_lower. */
int caps_raise(int cap);
void caps_lower(int cap);

/* Empties every capability set for good.  Returns 0 or -1 with errno. */
int caps_drop_all(void);

/* The real uid is 0: iputils ties its user limits (-i, -l, -f) to that. */
bool caps_real_root(void);

#endif
