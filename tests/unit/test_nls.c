/*
 * The lazily loaded locale keeps errno: a message is often built as
 * msg(..., errno, _("text")), and the first translation, which loads the
 * locale, must not change the errno the caller is about to report.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "nls.h"

/* A locale that is not installed: setlocale looks for its files and fails. */
static void test_first_translation_keeps_errno(void **state)
{
	const char *text;

	(void)state;
	setenv("LC_ALL", "xx_XX.UTF-8", 1);
	errno = ENETUNREACH;
	text = _("connect failed");
	assert_string_equal(text, "connect failed");
	assert_int_equal(errno, ENETUNREACH);
	errno = EHOSTUNREACH;
	nls_ctype();
	assert_int_equal(errno, EHOSTUNREACH);
	errno = EACCES;
	assert_string_equal(nls_strerror(ENETUNREACH), strerror(ENETUNREACH));
	assert_int_equal(errno, EACCES);
}

/* Messages kept in "C" (-j): LC_CTYPE alone is set, errno kept too. */
static void test_ctype_keeps_errno(void **state)
{
	(void)state;
	nls_keep_c();
	setenv("LC_ALL", "yy_YY.UTF-8", 1);
	errno = ETIMEDOUT;
	nls_ctype();
	assert_int_equal(errno, ETIMEDOUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_translation_keeps_errno),
		cmocka_unit_test(test_ctype_keeps_errno),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
