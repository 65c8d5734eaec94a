/*
 * txstamp: the kernel's transmit stamps matched to their requests, in
 * both key schemes (ours through SCM_TS_OPT_ID, the kernel's counter):
 * keys, loss, reordering, preload bursts, failed sends, late stamps,
 * the 16-bit sequence wrap and the 32-bit key wrap.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "txstamp.h"

static struct tx_stamps *fresh(bool own)
{
	struct tx_stamps *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	txs_init(t, own);
	return t;
}

static void expect_stamp(struct tx_stamps *t, uint16_t seq, int64_t want)
{
	int64_t got = 0;

	assert_true(txs_get(t, seq, &got));
	assert_int_equal(got, want);
}

static void expect_none(struct tx_stamps *t, uint16_t seq)
{
	int64_t got;

	assert_false(txs_get(t, seq, &got));
}

/* Each send's key, stamps in order and out of order, both schemes. */
static void test_in_order_and_reordered(void **state)
{
	(void)state;
	for (int own = 0; own < 2; own++) {
		struct tx_stamps *t = fresh(own);
		uint16_t seq = 0;

		for (uint16_t s = 1; s <= 3; s++)
			assert_int_equal(txs_sent(t, s), s - 1);
		assert_true(txs_stamp(t, 2, 3000, &seq));
		assert_int_equal(seq, 3);
		assert_true(txs_stamp(t, 0, 1000, &seq));
		assert_int_equal(seq, 1);
		expect_stamp(t, 1, 1000);
		expect_none(t, 2);		/* its stamp never came: user time for it */
		expect_stamp(t, 3, 3000);
		free(t);
	}
}

/* -l 5: five requests back to back, stamps after all of them. */
static void test_preload_burst(void **state)
{
	struct tx_stamps *t = fresh(false);
	uint16_t seq;

	(void)state;
	for (uint16_t s = 1; s <= 5; s++)
		txs_sent(t, s);
	for (uint32_t k = 0; k < 5; k++) {
		assert_true(txs_stamp(t, k, 100 + k, &seq));
		assert_int_equal(seq, k + 1);
	}
	for (uint16_t s = 1; s <= 5; s++)
		expect_stamp(t, s, 100 + s - 1);
	free(t);
}

/*
 * A send that failed without consuming the kernel's key: the keys of the
 * kernel and ours stay equal; the failed request has no stamp.
 */
static void test_failed_send_no_key(void **state)
{
	struct tx_stamps *t = fresh(false);
	uint16_t seq;

	(void)state;
	txs_sent(t, 1);			/* key 0 */
	txs_failed(t, 2);
	assert_int_equal(txs_sent(t, 3), 1);
	assert_true(txs_stamp(t, 1, 3000, &seq));
	assert_int_equal(seq, 3);
	expect_none(t, 2);
	free(t);
}

/*
 * A kernel that consumed a key for the failed send: the next stamp's key
 * is beyond our latest send, so it is that send's, and later ones follow.
 */
static void test_failed_send_spent_key(void **state)
{
	struct tx_stamps *t = fresh(false);
	uint16_t seq;

	(void)state;
	txs_sent(t, 1);			/* kernel 0 */
	txs_failed(t, 2);		/* kernel 1, spent */
	txs_sent(t, 3);			/* ours 1, kernel 2 */
	assert_true(txs_stamp(t, 2, 3000, &seq));
	assert_int_equal(seq, 3);
	txs_sent(t, 4);			/* ours 2, kernel 3 */
	txs_sent(t, 5);			/* ours 3, kernel 4 */
	assert_true(txs_stamp(t, 4, 5000, &seq));
	assert_int_equal(seq, 5);
	assert_true(txs_stamp(t, 3, 4000, &seq));
	assert_int_equal(seq, 4);
	/*
	 * The first request's late stamp (kernel key 0, from before the
	 * shift) must not be read with the new shift as request "-1", nor
	 * time anything: dropped.  So is request 3's if it came again.
	 */
	assert_false(txs_stamp(t, 0, 1000, &seq));
	expect_none(t, 1);
	expect_stamp(t, 3, 3000);
	assert_true(txs_stamp(t, 3, 4100, &seq));	/* after the shift: still taken */
	assert_int_equal(seq, 4);
	free(t);
}

/*
 * Our own keys: a failed send spends its key, so the stamp of a send that
 * failed after the kernel stamped it (a queue drop) can never time the
 * next request; a key beyond our latest is never taken.
 */
static void test_own_keys(void **state)
{
	struct tx_stamps *t = fresh(true);
	uint16_t seq;

	(void)state;
	assert_int_equal(txs_next_key(t), 0);
	txs_sent(t, 1);
	assert_int_equal(txs_next_key(t), 1);
	txs_failed(t, 2);		/* key 1 spent */
	assert_int_equal(txs_next_key(t), 2);
	txs_sent(t, 3);			/* key 2 */
	assert_false(txs_stamp(t, 1, 2500, &seq));	/* the failed send's stamp */
	expect_none(t, 3);
	assert_false(txs_stamp(t, 7, 9000, &seq));	/* from nowhere */
	assert_true(txs_stamp(t, 2, 3000, &seq));
	assert_int_equal(seq, 3);
	/* The kernel refused the control message: its own numbering from here. */
	txs_kernel_keys(t);
	assert_false(t->own_keys);
	free(t);
}

/*
 * A stamp that arrives after its request's sequence came round again
 * (65,536 sends later) belongs to the earlier request: never to the new
 * one.  A stamp read after its reply is still kept for its request.
 */
static void test_sequence_wrap(void **state)
{
	struct tx_stamps *t = fresh(false);
	uint16_t seq;

	(void)state;
	for (uint32_t n = 1; n <= 65536; n++)
		txs_sent(t, (uint16_t)n);	/* seq 1 .. 65535, 0; keys 0 .. 65535 */
	txs_sent(t, 1);				/* seq 1 again, key 65536 */
	assert_false(txs_stamp(t, 0, 1000, &seq));	/* the first turn's seq 1 */
	expect_none(t, 1);
	assert_true(txs_stamp(t, 65536, 2000, &seq));
	assert_int_equal(seq, 1);
	expect_stamp(t, 1, 2000);
	/* Seq 2's first-turn stamp is still in reach: its request is the one in flight. */
	assert_true(txs_stamp(t, 1, 1500, &seq));
	assert_int_equal(seq, 2);
	free(t);
}

/* Keys are 32 bits: they wrap as the kernel's do. */
static void test_key_wrap(void **state)
{
	struct tx_stamps *t = fresh(false);
	uint16_t seq;

	(void)state;
	t->next_key = UINT32_MAX;	/* as if the run had started there */
	t->floor = UINT32_MAX;
	assert_int_equal(txs_sent(t, 10), UINT32_MAX);
	assert_int_equal(txs_sent(t, 11), 0);
	assert_true(txs_stamp(t, 0, 2000, &seq));
	assert_int_equal(seq, 11);
	assert_true(txs_stamp(t, UINT32_MAX, 1000, &seq));
	assert_int_equal(seq, 10);
	free(t);
}

/* Nothing sent yet, a zero stamp, a resend clearing the old stamp. */
static void test_edges(void **state)
{
	struct tx_stamps *t = fresh(false);
	uint16_t seq;

	(void)state;
	assert_false(txs_stamp(t, 0, 1000, &seq));
	txs_sent(t, 4);
	assert_false(txs_stamp(t, 0, 0, &seq));
	assert_true(txs_stamp(t, 0, 1000, &seq));
	txs_failed(t, 4);
	expect_none(t, 4);
	assert_false(txs_stamp(t, 0, 1000, &seq));	/* its request failed since */
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_and_reordered),
		cmocka_unit_test(test_preload_burst),
		cmocka_unit_test(test_failed_send_no_key),
		cmocka_unit_test(test_failed_send_spent_key),
		cmocka_unit_test(test_own_keys),
		cmocka_unit_test(test_sequence_wrap),
		cmocka_unit_test(test_key_wrap),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
