#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <linux/errqueue.h>

#include "cmsg.h"
#include "timeutil.h"

#define IPOPT_MAX_LEN	40


/*
 * SO_TIMESTAMPNS (a struct timespec) or SO_TIMESTAMP (a struct timeval):
 * exactly one, a sane one.  Returns false when the message must be
 * counted as malformed.
 */
static bool take_stamp(const uint8_t *data, size_t dlen, bool ns, int64_t *us)
{
	struct timespec ts;
	struct timeval tv;
	long long sec, frac;

	if (dlen != (ns ? sizeof(ts) : sizeof(tv)))
		return false;
	if (ns) {
		memcpy(&ts, data, sizeof(ts));
		sec = ts.tv_sec;
		frac = ts.tv_nsec;
	} else {
		memcpy(&tv, data, sizeof(tv));
		sec = tv.tv_sec;
		frac = tv.tv_usec;
	}
	if (sec < 0 || sec > TIMEUTIL_MAX_SEC || frac < 0 || frac >= (ns ? 1000000000 : 1000000))
		return false;
	*us = sec * 1000000 + (ns ? frac / 1000 : frac);
	return true;
}

/*
 * SO_TIMESTAMPING: struct scm_timestamping, three struct timespec (the
 * software stamp, then two hardware ones).  A zero software stamp means
 * the kernel had none; *present says whether there is one.
 */
static bool take_sw_stamp(const uint8_t *data, size_t dlen, bool *present, int64_t *us)
{
	struct timespec ts;

	if (dlen != 3 * sizeof(ts))
		return false;
	memcpy(&ts, data, sizeof(ts));
	*present = ts.tv_sec != 0 || ts.tv_nsec != 0;
	return !*present || take_stamp(data, sizeof(ts), true, us);
}

/* IP_TTL / IPV6_HOPLIMIT: exactly one int, and a value a header can hold. */
static bool take_ttl(const uint8_t *data, size_t dlen, int *ttl)
{
	int v;

	if (dlen != sizeof(v))
		return false;
	memcpy(&v, data, sizeof(v));
	if (v < 0 || v > 255)
		return false;
	*ttl = v;
	return true;
}

/*
 * IP_RECVERR / IPV6_RECVERR: the extended error, then, when the kernel
 * knew one, the sockaddr of the node that reported it.  An offender of
 * another family (AF_UNSPEC for local errors) means there is none.
 */
static bool take_err(const struct ping_family *fam, const uint8_t *data,
		     size_t dlen, struct rx_meta *out)
{
	struct sockaddr_storage ss;

	if (dlen < sizeof(out->ee))
		return false;
	memcpy(&out->ee, data, sizeof(out->ee));
	out->have_err = true;
	out->have_offender = false;
	if (dlen - sizeof(out->ee) < fam->sockaddr_len)
		return true;	/* no offender (a local error, a transmit stamp) */
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, data + sizeof(out->ee), fam->sockaddr_len);
	if (ss.ss_family == fam->af) {
		out->offender = ss;
		out->have_offender = true;
	}
	return true;
}

/*
 * Each message is checked to lie wholly inside msg_controllen before its
 * data is touched: CMSG_FIRSTHDR does not check the first message's own
 * length, and a truncated buffer (MSG_CTRUNC) may end in a short one.
 * Older glibc's CMSG_NXTHDR silently stops before a message that overruns
 * the buffer instead of returning it, so room for a header left after the
 * last message walked counts as one malformed message too.
 * Both timestamps may come; the nanosecond one wins whatever the order.
 * For IP options, IP_OPTIONS (the options as received) wins over
 * IP_RETOPTS (the options prepared for echoing back).
 */
void cmsg_decode(const struct ping_family *fam, const struct msghdr *msg,
		 struct rx_meta *out)
{
	struct msghdr m;
	struct cmsghdr *c;
	const uint8_t *end, *data, *next = NULL;
	size_t dlen;
	bool have_ns = false, have_ipoptions = false;
	int64_t us;
	bool ok;

	/* The flags and figures; ee and offender are written only with their flags. */
	out->have_ttl = false;
	out->ttl = 0;
	out->have_stamp = false;
	out->stamp_us = 0;
	out->have_sw_stamp = false;
	out->sw_stamp_us = 0;
	out->ipopts = NULL;
	out->ipopts_len = 0;
	out->have_err = false;
	out->have_offender = false;
	out->bad = 0;
	if (msg == NULL || msg->msg_control == NULL || msg->msg_controllen == 0)
		return;
	m = *msg;
	end = (const uint8_t *)m.msg_control + m.msg_controllen;

	for (c = CMSG_FIRSTHDR(&m); c != NULL; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_len < CMSG_LEN(0) ||
		    c->cmsg_len > (size_t)(end - (const uint8_t *)c)) {
			out->bad++;
			return;
		}
		next = (const uint8_t *)c + CMSG_ALIGN(c->cmsg_len);
		data = CMSG_DATA(c);
		dlen = c->cmsg_len - CMSG_LEN(0);
		ok = true;

		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPNS) {
			ok = take_stamp(data, dlen, true, &us);
			if (ok) {
				out->stamp_us = us;
				out->have_stamp = true;
				have_ns = true;
			}
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMPING) {
			bool present = false;

			ok = take_sw_stamp(data, dlen, &present, &us);
			if (ok && present) {
				out->sw_stamp_us = us;
				out->have_sw_stamp = true;
			}
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_TIMESTAMP) {
			ok = take_stamp(data, dlen, false, &us);
			if (ok && !have_ns) {
				out->stamp_us = us;
				out->have_stamp = true;
			}
		} else if (c->cmsg_level == fam->level && c->cmsg_type == fam->cmsg_ttl) {
			ok = take_ttl(data, dlen, &out->ttl);
			if (ok)
				out->have_ttl = true;
		} else if (c->cmsg_level == fam->level && c->cmsg_type == fam->opt_recverr) {
			ok = take_err(fam, data, dlen, out);
		} else if (fam->af == AF_INET && c->cmsg_level == IPPROTO_IP &&
			   (c->cmsg_type == IP_OPTIONS || c->cmsg_type == IP_RETOPTS)) {
			ok = dlen >= 1 && dlen <= IPOPT_MAX_LEN;
			if (ok && (c->cmsg_type == IP_OPTIONS || !have_ipoptions)) {
				out->ipopts = data;
				out->ipopts_len = dlen;
				have_ipoptions = c->cmsg_type == IP_OPTIONS;
			}
		}
		if (!ok)
			out->bad++;
	}
	if (next != NULL && next < end &&
	    (size_t)(end - next) >= sizeof(struct cmsghdr))
		out->bad++;
}
