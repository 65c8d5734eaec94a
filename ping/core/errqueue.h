/* One error-queue message -> what happened to which of our requests. */
#ifndef PINGSOCK_ERRQUEUE_H
#define PINGSOCK_ERRQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cmsg.h"
#include "family.h"

enum errq_kind {
	ERRQ_NONE,		/* no extended error in the control data */
	ERRQ_LOCAL,		/* SO_EE_ORIGIN_LOCAL: err (and info = mtu for EMSGSIZE) */
	ERRQ_ICMP,		/* an ICMP/ICMPv6 message about one of our requests */
	ERRQ_FOREIGN,		/* an ICMP error about something else: ignore */
	ERRQ_MALFORMED,		/* inconsistent; why says what */
	ERRQ_TX_STAMP,		/* the kernel's transmit stamp of one of our requests */
};

struct errq_event {
	enum errq_kind kind;
	int err;			/* ee_errno */
	uint8_t type, code;		/* ee_type, ee_code */
	uint32_t info;			/* ee_info: mtu, pointer, redirect gateway (host order) */
	bool have_offender;
	struct sockaddr_storage offender;	/* valid only with have_offender */
	bool have_seq;			/* the quoted request's header was there */
	uint16_t seq, id;		/* host order */
	uint32_t tx_key;		/* ERRQ_TX_STAMP: the stamp's key (ee_data) */
	int64_t tx_stamp_us;		/* ERRQ_TX_STAMP: CLOCK_REALTIME, microseconds */
	char why[96];
};

/*
 * Decodes an error-queue message: meta from cmsg_decode, payload the bytes
 * recvmsg returned (the ICMP header of our request, as sent), name the
 * address the request was sent to (msg_name).  An ICMP-origin error is ours
 * (ERRQ_ICMP) when name matches target's address, the quoted message is an
 * echo request and, when ident >= 0, its id equals ident.  Local errors
 * need no payload.  A transmit stamp (SO_EE_ORIGIN_TIMESTAMPING, taken
 * when the request entered the device queue) is ERRQ_TX_STAMP with its key
 * and the software stamp; other stamps are ERRQ_FOREIGN, a stamp message
 * without its stamp ERRQ_MALFORMED.  Never reads past payload_len or
 * namelen.
 */
void errqueue_decode(const struct ping_family *fam, const struct rx_meta *meta,
		     const uint8_t *payload, size_t payload_len,
		     const struct sockaddr *name, socklen_t namelen,
		     const struct sockaddr *target, int ident,
		     struct errq_event *out);

#endif
