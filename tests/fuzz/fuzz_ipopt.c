/*
 * IPv4 options with the route state of a run: ipopt_addresses, then
 * ipopt_format into a buffer of a size the input chooses, the state kept
 * across inputs as a run keeps it across replies.  Input: flags, buffer
 * size, then the option bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "ipopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ipopt_state st;	/* the run's last route, across inputs */
	static char full[8192];
	struct fuzz_in in = { data, size };
	uint8_t flags = fuzz_u8(&in);
	size_t bufsize = fuzz_u16(&in) % 1024;
	struct ipopt_names names;
	struct ipopt_state before;
	uint8_t *opts = malloc(in.left ? in.left : 1);
	char *buf = malloc(bufsize ? bufsize : 1);
	size_t n, n2;

	FUZZ_CHECK(opts && buf);
	memcpy(opts, in.p, in.left);
	if (flags & 1)
		memset(&st, 0, sizeof(st));
	FUZZ_CHECK(st.rr_len <= IPOPT_SPACE);
	memset(&names, 0xa5, sizeof(names));
	ipopt_addresses(opts, in.left, &st, &names);
	FUZZ_CHECK(names.n <= IPOPT_MAX_ADDRS);
	for (size_t i = 0; i < names.n; i++) {
		FUZZ_CHECK(names.addr[i].s_addr != 0);
		FUZZ_CHECK(names.text[i] != NULL && names.text[i][0] == '\0');
		for (size_t j = 0; j < i; j++)
			FUZZ_CHECK(names.addr[i].s_addr != names.addr[j].s_addr);
		names.text[i] = (flags & 2) ? "n\xc3\xa9" : NULL;
	}
	/* The same call twice from the same state: once whole, once into the chosen buffer. */
	before = st;
	n = ipopt_format(full, sizeof(full), opts, in.left, (flags & 4) ? NULL : &st,
			 (flags & 8) ? &names : NULL);
	FUZZ_CHECK(n < sizeof(full) && strlen(full) == n);
	FUZZ_CHECK(st.rr_len <= IPOPT_SPACE);
	st = before;
	memset(buf, 0x5a, bufsize);
	n2 = ipopt_format(buf, bufsize, opts, in.left,
			  (flags & 4) ? NULL : &st, (flags & 8) ? &names : NULL);
	FUZZ_CHECK(n2 == n);
	if (bufsize) {
		size_t shown = n < bufsize ? n : bufsize - 1;

		FUZZ_CHECK(buf[shown] == '\0' && memcmp(buf, full, shown) == 0);
	}
	fuzz_check_text(full, n);
	free(opts);
	free(buf);
	return 0;
}
