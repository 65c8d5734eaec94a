#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "textbuf.h"

/* text_copy is snprintf(dst, size, "%s", src): the same bytes, the same count. */
static void test_copy_as_snprintf(void **state)
{
	static const char *const texts[] = { "", "a", "127.0.0.1", "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" };
	char ours[64], theirs[64];

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		for (size_t size = 1; size <= sizeof(ours); size++) {
			size_t n;
			int m;

			memset(ours, 'x', sizeof(ours));
			memset(theirs, 'x', sizeof(theirs));
			n = text_copy(ours, size, texts[i]);
			m = snprintf(theirs, size, "%s", texts[i]);
			assert_int_equal(n, (size_t)m);
			assert_memory_equal(ours, theirs, sizeof(ours));
		}
	}
}

/* Size 0 writes nothing and still counts the text. */
static void test_copy_size_zero(void **state)
{
	char b[4] = "abc";

	(void)state;
	assert_int_equal(text_copy(b, 0, "hello"), 5);
	assert_string_equal(b, "abc");
	assert_int_equal(text_copy(b, 1, "hello"), 5);
	assert_string_equal(b, "");
	assert_int_equal(text_copy(b, sizeof(b), "hello"), 5);
	assert_string_equal(b, "hel");
}

/* A buffer destination fills as snprintf fills and counts what did not fit. */
static void test_put_buffer(void **state)
{
	char b[8];
	struct textbuf t = { .f = NULL, .buf = b, .size = sizeof(b), .n = 0 };

	(void)state;
	textbuf_put(&t, "%s", "abc");
	textbuf_put(&t, "%d", 12345);
	assert_string_equal(b, "abc1234");
	assert_int_equal(t.n, 8);
	textbuf_put(&t, "%s", "more");
	assert_int_equal(t.n, 12);
	assert_string_equal(b, "abc1234");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_copy_as_snprintf),
		cmocka_unit_test(test_copy_size_zero),
		cmocka_unit_test(test_put_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
