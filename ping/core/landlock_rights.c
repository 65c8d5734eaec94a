#include "landlock_rights.h"

uint64_t ll_handled_fs(int abi)
{
	uint64_t r;

	if (abi < 1)
		return 0;
	r = (LL_FS_MAKE_SYM << 1) - 1;	/* ABI 1: every right up to MAKE_SYM */
	if (abi >= 2)
		r |= LL_FS_REFER;
	if (abi >= 3)
		r |= LL_FS_TRUNCATE;
	if (abi >= 5)
		r |= LL_FS_IOCTL_DEV;
	return r;
}

uint64_t ll_handled_net(int abi)
{
	return abi >= 4 ? LL_NET_BIND_TCP | LL_NET_CONNECT_TCP : 0;
}

uint64_t ll_scoped(int abi)
{
	return abi >= 6 ? LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL : 0;
}

uint64_t ll_read_rights(bool directory)
{
	return directory ? LL_FS_READ_FILE | LL_FS_READ_DIR : LL_FS_READ_FILE;
}

unsigned ll_ruleset_attr_size(int abi)
{
	return abi >= 6 ? 24 : abi >= 4 ? 16 : 8;
}
