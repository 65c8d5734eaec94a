#include <string.h>

#include "txstamp.h"

void txs_init(struct tx_stamps *t, bool own_keys)
{
	t->own_keys = own_keys;
	t->next_key = 0;
	t->shift = 0;
	t->floor = 0;
}

void txs_kernel_keys(struct tx_stamps *t)
{
	t->own_keys = false;
}

uint32_t txs_next_key(const struct tx_stamps *t)
{
	return t->next_key;
}

uint32_t txs_sent(struct tx_stamps *t, uint16_t seq)
{
	uint32_t key = t->next_key++;

	t->slot[key % TXS_SLOTS].key_seq = seq;
	t->slot[seq].seq_key = key;
	t->slot[seq].keyed = true;
	t->slot[seq].stamp_us = 0;
	return key;
}

void txs_failed(struct tx_stamps *t, uint16_t seq)
{
	if (t->own_keys) {
		uint32_t key = t->next_key++;

		t->slot[key % TXS_SLOTS].key_seq = seq;
		t->slot[seq].seq_key = key;
	}
	t->slot[seq].keyed = false;
	t->slot[seq].stamp_us = 0;
}

bool txs_stamp(struct tx_stamps *t, uint32_t kkey, int64_t stamp_us, uint16_t *seq)
{
	uint32_t key = kkey - t->shift;
	uint32_t latest = t->next_key - 1;
	uint16_t s;

	if (t->next_key == 0 || stamp_us <= 0)
		return false;
	/* Beyond our latest send: the kernel spent keys on failed sends; resynchronise. */
	if ((int32_t)(key - latest) > 0) {
		if (t->own_keys)
			return false;
		t->shift += key - latest;
		t->floor = latest;
		key = latest;
	}
	/* Older than the table remembers, or than the latest shift. */
	if (latest - key >= TXS_SLOTS || latest - key > latest - t->floor)
		return false;
	s = t->slot[key % TXS_SLOTS].key_seq;
	if (!t->slot[s].keyed || t->slot[s].seq_key != key)
		return false;
	t->slot[s].stamp_us = stamp_us;
	*seq = s;
	return true;
}

bool txs_get(const struct tx_stamps *t, uint16_t seq, int64_t *stamp_us)
{
	if (!t->slot[seq].keyed || t->slot[seq].stamp_us == 0)
		return false;
	*stamp_us = t->slot[seq].stamp_us;
	return true;
}
