/*
 * Control messages: an arbitrary cmsg sequence through cmsg_decode, for
 * either family.  Input: family, then the control data.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cmsg.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	const struct ping_family *fam = (fuzz_u8(&in) & 1) ? &family_inet6 : &family_inet;
	struct msghdr msg;
	struct rx_meta meta;
	size_t len = in.left < 4096 ? in.left : 4096;
	/* A buffer of the control data's own size (malloc's alignment suits
	   struct cmsghdr), so that ASan sees any read past it. */
	uint8_t *ctl = len ? malloc(len) : NULL;

	FUZZ_CHECK(len == 0 || ctl != NULL);
	if (len)
		memcpy(ctl, in.p, len);
	memset(&msg, 0, sizeof(msg));
	msg.msg_control = ctl;
	msg.msg_controllen = len;
	memset(&meta, 0xa5, sizeof(meta));
	cmsg_decode(fam, &msg, &meta);
	FUZZ_CHECK(!meta.have_ttl || (meta.ttl >= 0 && meta.ttl <= 255));
	FUZZ_CHECK(meta.have_ttl || meta.ttl == 0);
	FUZZ_CHECK(meta.have_stamp || meta.stamp_us == 0);
	FUZZ_CHECK(meta.ipopts_len == 0 || fuzz_within(meta.ipopts, meta.ipopts_len, ctl, len));
	FUZZ_CHECK(meta.ipopts_len != 0 || meta.ipopts == NULL);
	FUZZ_CHECK(!meta.have_offender || (meta.have_err && meta.offender.ss_family == fam->af));
	FUZZ_CHECK(meta.bad >= 0 && (size_t)meta.bad <= len / sizeof(struct cmsghdr));
	/* The control data is read, never written. */
	FUZZ_CHECK(len == 0 || memcmp(ctl, in.p, len) == 0);
	free(ctl);
	return 0;
}
