/*
 * A reply as each socket kind delivers it, through the whole decision
 * path: rx_datagram -> verdict_datagram -> the text and JSON sinks.
 * Input: kind, flags, then the msghdr (sender choice, control data),
 * then the datagram; a second datagram may follow after the first.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static void check_rx(const struct rx_msg *rx, const uint8_t *buf, size_t len,
		     const struct fuzz_msg *m)
{
	size_t ctllen = m->msg.msg_controllen;

	FUZZ_CHECK(rx->ipopts_len == 0 || fuzz_within(rx->ipopts, rx->ipopts_len, buf, len) ||
		   fuzz_within(rx->ipopts, rx->ipopts_len, m->ctl.b, ctllen));
	FUZZ_CHECK(rx->ipopts_len <= IPOPT_SPACE);
	FUZZ_CHECK(rx->meta.ipopts_len == 0 ||
		   fuzz_within(rx->meta.ipopts, rx->meta.ipopts_len, m->ctl.b, ctllen));
	FUZZ_CHECK(rx->ttl >= -1 && rx->ttl <= 255);
	FUZZ_CHECK(!rx->meta.have_ttl || (rx->meta.ttl >= 0 && rx->meta.ttl <= 255));
	FUZZ_CHECK(rx->meta.bad >= 0);
	if (rx->ninfo) {
		FUZZ_CHECK(rx->ni.len <= len);
		FUZZ_CHECK(rx->ni.datalen == 0 || fuzz_within(rx->ni.data, rx->ni.datalen, buf, len));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_rig rig;	/* the statistics are large: one, reused */
	struct fuzz_in in = { data, size };
	enum fuzz_kind kind = (enum fuzz_kind)(fuzz_u8(&in) % FK_COUNT);
	struct fuzz_msg m;
	struct rx_msg rx;
	struct ping_event ev;

	fuzz_rig_start(&rig, kind, fuzz_u8(&in));
	for (int round = 0; round < 2 && in.left > 0; round++) {
		size_t len;
		uint8_t *buf;

		fuzz_msg_build(&m, &in, &rig);
		len = fuzz_u16(&in);
		if (len > in.left || round == 1)
			len = in.left;
		/* A copy of its own size, so that ASan sees any read past it. */
		buf = malloc(len ? len : 1);
		FUZZ_CHECK(buf != NULL);
		memcpy(buf, in.p, len);
		in.p += len;
		in.left -= len;
		memset(&rx, 0xa5, sizeof(rx));
		rx_datagram(&rig.rs, buf, len, &m.msg, &rx);
		rx.now_mono_us = 5000000 + 3000;
		rx.now_real_us = 1700000000000000LL + 3000;
		check_rx(&rx, buf, len, &m);
		memset(&ev, 0xa5, sizeof(ev));
		verdict_datagram(&rig.vc, &rig.st, &rx, &ev);
		fuzz_rig_event(&rig, &ev, buf, len, m.ctl.b, m.msg.msg_controllen);
		free(buf);
	}
	fuzz_rig_finish(&rig);
	return 0;
}
