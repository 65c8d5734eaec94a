/*
 * A received datagram or error-queue message, decoded once: the bytes,
 * their control data and the sender become one struct, so that nothing
 * downstream merges two sources (the TTL and IP options come from the
 * IP header on a raw IPv4 socket and from control data otherwise).  Pure.
 */
#ifndef PINGSOCK_RX_H
#define PINGSOCK_RX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cmsg.h"
#include "errqueue.h"
#include "family.h"
#include "ninfo.h"
#include "packet.h"

struct rx_msg {
	const struct sockaddr *from;	/* msg_name: the sender, or for an error our destination */
	socklen_t fromlen;
	int64_t now_mono_us;		/* when it was read */
	int64_t now_real_us;
	struct rx_meta meta;		/* the control data */
	enum reply_kind kind;		/* a datagram: what it is */
	struct reply_info pkt;
	int ttl;			/* header TTL (raw IPv4) or control data; -1: none */
	const uint8_t *ipopts;		/* header options (raw IPv4) or control data */
	size_t ipopts_len;
	bool ninfo;			/* a node information reply (pkt unused) */
	struct ninfo_reply ni;
	struct errq_event err;		/* an error-queue message: what it says */
};

/* How the socket delivers: its family, its kind, what it listens for. */
struct rx_socket {
	const struct ping_family *fam;
	bool raw;
	bool ninfo;			/* -N query: replies are node information */
	const struct sockaddr *dst;	/* our destination, for error-queue matching */
	int ident;			/* raw sockets: our identifier; -1: the kernel matches */
};

/*
 * Decodes a datagram of len bytes at buf read with msg (its name and
 * control data): packet_parse_reply, or ninfo_parse_reply for -N, plus
 * cmsg_decode, merged.  Never reads past len or the control length.
 */
void rx_datagram(const struct rx_socket *rs, const uint8_t *buf, size_t len,
		 const struct msghdr *msg, struct rx_msg *out);

/* Decodes an error-queue message (errqueue_decode over cmsg_decode). */
void rx_error(const struct rx_socket *rs, const uint8_t *buf, size_t len,
	      const struct msghdr *msg, struct rx_msg *out);

#endif
