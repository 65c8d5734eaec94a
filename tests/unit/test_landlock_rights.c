/* landlock_rights: the rights each Landlock ABI handles, and what a read-only path gets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "landlock_rights.h"

static void test_fs(void **state)
{
	(void)state;
	assert_int_equal(ll_handled_fs(0), 0);
	assert_int_equal(ll_handled_fs(-1), 0);
	/* ABI 1: execute, write, read, read dir, remove dir and file, make char/dir/reg/sock/fifo/block/sym. */
	assert_int_equal(ll_handled_fs(1), 0x1fff);
	assert_int_equal(ll_handled_fs(2), 0x3fff);
	assert_int_equal(ll_handled_fs(3), 0x7fff);
	assert_int_equal(ll_handled_fs(4), 0x7fff);
	assert_int_equal(ll_handled_fs(5), 0xffff);
	assert_int_equal(ll_handled_fs(7), 0xffff);
	/* Every ABI handles execution and writing: neither is ever granted. */
	for (int abi = 1; abi <= 7; abi++) {
		assert_true(ll_handled_fs(abi) & LL_FS_EXECUTE);
		assert_true(ll_handled_fs(abi) & LL_FS_WRITE_FILE);
	}
}

static void test_net_and_scopes(void **state)
{
	(void)state;
	assert_int_equal(ll_handled_net(3), 0);
	assert_int_equal(ll_handled_net(4), LL_NET_BIND_TCP | LL_NET_CONNECT_TCP);
	assert_int_equal(ll_scoped(5), 0);
	assert_int_equal(ll_scoped(6), LL_SCOPE_ABSTRACT_UNIX | LL_SCOPE_SIGNAL);
	assert_int_equal(ll_ruleset_attr_size(1), 8);
	assert_int_equal(ll_ruleset_attr_size(3), 8);
	assert_int_equal(ll_ruleset_attr_size(4), 16);
	assert_int_equal(ll_ruleset_attr_size(6), 24);
}

static void test_read_rights(void **state)
{
	(void)state;
	assert_int_equal(ll_read_rights(true), LL_FS_READ_FILE | LL_FS_READ_DIR);
	/* A file takes no directory right: the kernel refuses the rule otherwise. */
	assert_int_equal(ll_read_rights(false), LL_FS_READ_FILE);
	assert_false(ll_read_rights(true) & (LL_FS_WRITE_FILE | LL_FS_EXECUTE | LL_FS_TRUNCATE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fs),
		cmocka_unit_test(test_net_and_scopes),
		cmocka_unit_test(test_read_rights),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
