/*
 * An error-queue message with its quoted packet, both families and both
 * socket kinds: rx_error -> verdict_error -> the text and JSON sinks.
 * Input: kind, flags, quiet_emsgsize, the msghdr (sender, control data
 * with the extended error), then the quoted packet.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fuzz_rig rig;	/* the statistics are large: one, reused */
	struct fuzz_in in = { data, size };
	enum fuzz_kind kind = (enum fuzz_kind)(fuzz_u8(&in) % FK_COUNT);
	struct fuzz_msg m;
	struct rx_msg rx;
	struct ping_event ev;
	struct drained seen = { false, false, false };
	bool quiet_emsgsize;
	uint8_t *buf;
	size_t len;
	uint64_t errors;

	fuzz_rig_start(&rig, kind, fuzz_u8(&in));
	quiet_emsgsize = fuzz_u8(&in) & 1;
	fuzz_msg_build(&m, &in, &rig);
	len = in.left;
	buf = malloc(len ? len : 1);
	FUZZ_CHECK(buf != NULL);
	memcpy(buf, in.p, len);
	memset(&rx, 0xa5, sizeof(rx));
	rx_error(&rig.rs, buf, len, &m.msg, &rx);
	rx.now_mono_us = 5000000 + 3000;
	rx.now_real_us = 1700000000000000LL + 3000;
	FUZZ_CHECK(rx.meta.ipopts_len == 0 ||
		   fuzz_within(rx.meta.ipopts, rx.meta.ipopts_len, m.ctl, m.msg.msg_controllen));
	FUZZ_CHECK(!rx.meta.have_offender || rx.meta.offender.ss_family == rig.vc.fam->af);
	errors = rig.st.errors;
	memset(&ev, 0xa5, sizeof(ev));
	verdict_error(&rig.vc, &rig.st, &rx, quiet_emsgsize, &seen, &ev);
	FUZZ_CHECK(ev.kind == EV_ICMP_ERROR || ev.kind == EV_ICMP_INFO ||
		   ev.kind == EV_LOCAL_ERROR || ev.kind == EV_IGNORED);
	/* Only an error about one of ours is counted, and once. */
	FUZZ_CHECK(rig.st.errors == errors + (ev.kind == EV_ICMP_ERROR || ev.kind == EV_LOCAL_ERROR));
	FUZZ_CHECK(!seen.icmp || ev.kind == EV_ICMP_ERROR || ev.kind == EV_ICMP_INFO || ev.kind == EV_IGNORED);
	fuzz_rig_event(&rig, &ev, buf, len, m.ctl, m.msg.msg_controllen);
	fuzz_rig_finish(&rig);
	fuzz_msg_free(&m);
	free(buf);
	return 0;
}
