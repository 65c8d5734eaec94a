/*
 * Landlock's access rights by ABI version, as the kernel documents them
 * (Documentation/userspace-api/landlock.rst): which ones a ruleset must
 * handle so that everything the running kernel can refuse is refused, and
 * which ones a read-only path is granted.  Pure; sys/sandbox.c applies them.
 * The values are the kernel's, named here because older headers lack the
 * later ones.
 */
#ifndef PINGSOCK_LANDLOCK_RIGHTS_H
#define PINGSOCK_LANDLOCK_RIGHTS_H

#include <stdbool.h>
#include <stdint.h>

#define LL_FS_EXECUTE		(1ULL << 0)
#define LL_FS_WRITE_FILE	(1ULL << 1)
#define LL_FS_READ_FILE		(1ULL << 2)
#define LL_FS_READ_DIR		(1ULL << 3)
#define LL_FS_MAKE_SYM		(1ULL << 12)	/* the last right of ABI 1 */
#define LL_FS_REFER		(1ULL << 13)	/* ABI 2 */
#define LL_FS_TRUNCATE		(1ULL << 14)	/* ABI 3 */
#define LL_FS_IOCTL_DEV		(1ULL << 15)	/* ABI 5 */

#define LL_NET_BIND_TCP		(1ULL << 0)	/* ABI 4 */
#define LL_NET_CONNECT_TCP	(1ULL << 1)

#define LL_SCOPE_ABSTRACT_UNIX	(1ULL << 0)	/* ABI 6 */
#define LL_SCOPE_SIGNAL		(1ULL << 1)

/* The file-system rights a ruleset handles under ABI abi (0 for none). */
uint64_t ll_handled_fs(int abi);
/* The network rights (TCP bind and connect from ABI 4; 0 before). */
uint64_t ll_handled_net(int abi);
/* The scopes (abstract UNIX sockets and signals from ABI 6; 0 before). */
uint64_t ll_scoped(int abi);
/* What a path granted for reading gets: a directory its files and listings, a file itself. */
uint64_t ll_read_rights(bool directory);
/*
 * The size of struct landlock_ruleset_attr that ABI abi reads (the
 * members it knows: file system; network from 4; scopes from 6).
 */
unsigned ll_ruleset_attr_size(int abi);

#endif
