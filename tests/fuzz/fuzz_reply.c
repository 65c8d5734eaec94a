/*
 * A reply as each socket kind delivers it, through the whole decision
 * path: rx_datagram -> verdict_datagram -> the text and JSON sinks.
 * Input: kind, flags, then the msghdr (sender choice, control data),
 * then the datagram; a second datagram may follow after the first.
 * The kind byte also says whether the run authenticates its replies and,
 * if so, whether the harness signs an echo reply with the run's key
 * first (a fuzzer cannot find a 64-bit code by itself).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

static void check_rx(const struct rx_msg *rx, const uint8_t *buf, size_t len,
		     const struct fuzz_msg *m)
{
	size_t ctllen = m->msg.msg_controllen;

	FUZZ_CHECK(rx->ipopts_len == 0 || fuzz_within(rx->ipopts, rx->ipopts_len, buf, len) ||
		   fuzz_within(rx->ipopts, rx->ipopts_len, m->ctl, ctllen));
	FUZZ_CHECK(rx->ipopts_len <= IPOPT_SPACE);
	FUZZ_CHECK(rx->meta.ipopts_len == 0 ||
		   fuzz_within(rx->meta.ipopts, rx->meta.ipopts_len, m->ctl, ctllen));
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
	uint8_t kind_byte = fuzz_u8(&in);
	enum fuzz_kind kind = (enum fuzz_kind)(kind_byte % FK_COUNT);
	int auth_mode = kind_byte / FK_COUNT % 3;	/* 0 none, 1 signed, 2 unsigned */
	static const uint8_t key[AUTH_KEY_LEN] = { 0x42, 1, 2, 3 };
	struct fuzz_msg m;
	struct rx_msg rx;
	struct ping_event ev;

	fuzz_rig_start(&rig, kind, fuzz_u8(&in));
	if (auth_mode && kind != FK_NINFO6) {
		FUZZ_CHECK(auth_init(&rig.auth, key, rig.vc.dst));
		rig.vc.auth = &rig.auth;
	}
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
		if (rig.vc.auth && auth_mode == 1 && rx.kind == REPLY_ECHO &&
		    rx.pkt.datalen >= AUTH_MIN_DATALEN) {
			FUZZ_CHECK(fuzz_within(rx.pkt.data, rx.pkt.datalen, buf, len));
			auth_sign(&rig.auth, buf + (rx.pkt.data - buf), rx.pkt.id, rx.pkt.seq);
		}
		memset(&ev, 0xa5, sizeof(ev));
		verdict_datagram(&rig.vc, &rig.st, &rx, &ev);
		/* With a key, only a reply carrying its code is ever taken. */
		FUZZ_CHECK(ev.kind != EV_REPLY || !rig.vc.auth ||
			   auth_verify(rig.vc.auth, rx.pkt.data, rx.pkt.datalen, rx.pkt.id, rx.pkt.seq));
		fuzz_rig_event(&rig, &ev, buf, len, m.ctl, m.msg.msg_controllen);
		fuzz_msg_free(&m);
		free(buf);
	}
	fuzz_rig_finish(&rig);
	return 0;
}
