/*
 * Events: what each received message, send and timer means, decided once
 * by the pure verdict (verdict.h) and rendered by a sink.  A sink is a
 * small table of functions; the text sink (text_sink.h) writes iputils'
 * lines, and another output format is another sink: the loop does not
 * change.
 */
#ifndef PINGSOCK_EVENT_H
#define PINGSOCK_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "family.h"
#include "ninfo.h"
#include "output.h"
#include "stats.h"

enum ping_event_kind {
	EV_IGNORED,		/* not ours, or nothing to say; `ignored` says why */
	EV_REPLY,		/* an echo reply (or node information reply) to a request of ours */
	EV_ICMP_ERROR,		/* an ICMP error about one of our requests: counted in errors */
	EV_ICMP_INFO,		/* a redirect or source quench: informational, not counted */
	EV_ICMP_OTHER,		/* -v as root: other ICMP a raw socket let through */
	EV_LOCAL_ERROR,		/* a local error from the error queue: counted in errors */
	EV_SEND_ERROR,		/* a failed send worth naming ("sendmsg: ...") */
	EV_SENT,		/* a request left */
	EV_NO_ANSWER,		/* -O: the previous request is still unanswered */
};

enum ignore_reason {
	IGN_SILENT,		/* someone else's, or a case iputils says nothing about */
	IGN_UNKNOWN_SEQ,	/* a reply to a sequence we never sent (-v tells) */
	IGN_MALFORMED,		/* a datagram that does not parse; why says how (-v tells) */
	IGN_MALFORMED_ERROR,	/* an error-queue message that does not parse (-v tells) */
	IGN_UNAUTHENTICATED,	/* an echo reply without our code for its sequence (-v tells) */
	IGN_REPLAYED,		/* our code, but for an earlier request with that sequence (-v tells) */
};

/* An echo or node information reply, with everything a renderer shows. */
struct reply_event {
	size_t bytes;			/* the ICMP message's length */
	bool show_ident;		/* -v with an identifier we chose */
	uint16_t ident;
	bool have_ttl;
	int ttl;
	int64_t rtt_us;			/* -1: untimed (no time=) */
	int64_t send_delay_us;		/* user send -> kernel transmit stamp; -1: not known */
	bool duplicate;			/* the sequence was answered already */
	bool mark_duplicate;		/* iputils shows (DUP!): not for a group, unless -v */
	bool corrupted;			/* bad ICMP checksum (raw IPv4): counted as corrupted */
	bool different_address;		/* from another host than our unicast target */
	bool truncated;			/* shorter than what we sent: no time */
	bool stamp_altered;		/* the echoed send time is not the one we wrote */
	long mismatch_at;		/* first payload byte unlike what we sent, or -1 */
	uint8_t expected;		/* what we sent at mismatch_at */
	const uint8_t *data;		/* the received payload (for the wrong-data dump) */
	size_t datalen;
	const uint8_t *ipopts;		/* IPv4 options to show after the line, or NULL */
	size_t ipopts_len;
	const struct ninfo_reply *ninfo;	/* a node information reply, or NULL */
};

struct ping_event {
	enum ping_event_kind kind;
	int64_t now_real_us;		/* wall clock at the event, for -D */
	uint16_t seq;
	const struct sockaddr *peer;	/* replier or offender; NULL when none */
	socklen_t peerlen;
	struct reply_event reply;	/* EV_REPLY */
	uint8_t icmp_type, icmp_code;	/* EV_ICMP_* */
	uint32_t icmp_info;		/* mtu, pointer or redirect gateway, host order */
	const uint8_t *quoted_ip;	/* EV_ICMP_INFO read as a raw IPv4 packet: the quoted */
	size_t quoted_ip_len;		/* IP header (-v dumps it), else NULL */
	int err;			/* EV_LOCAL_ERROR, EV_SEND_ERROR: the errno */
	bool draw_mark;			/* EV_SENT: room on the row for a flood dot */
	enum ignore_reason ignored;	/* EV_IGNORED */
	const char *why;		/* IGN_MALFORMED*: what was wrong */
};

/* What the PING line and a machine-readable start need. */
struct run_start {
	const struct ping_family *fam;
	struct header_info header;	/* what the PING line shows */
	const char *target;		/* the destination as given */
	const char *source;		/* the source address in use, numeric; NULL if unknown */
	bool raw;			/* socket kind: raw, or the kernel's datagram ping socket */
	bool ident_known;		/* raw, -e, or the datagram socket's port asked for the code */
	uint16_t ident;
	bool authenticated;		/* replies are checked against the run's code (auth.h) */
	bool kernel_timing;		/* round trips from the kernel's transmit stamps (txstamp.h) */
	int64_t interval_us;		/* 0: as fast as replies come (flood) */
};

/* A warning or an error of the run's setup, once the options are valid. */
struct diag {
	bool warning;			/* a warning; otherwise an error */
	bool plain;			/* text: the message as it is, no program name */
	bool usage;			/* text: the usage text follows */
	const char *code;		/* stable machine code ("connect", "no_socket", ...) */
	const char *call;		/* the failing system call, or NULL */
	int err;			/* its errno; 0 for none */
	const char *message;		/* in the user's language (English under -j) */
};

struct event_sink;

struct sink_ops {
	void (*diag)(struct event_sink *s, const struct diag *d);
	void (*version)(struct event_sink *s);			/* -V */
	void (*pattern)(struct event_sink *s, const uint8_t *pattern, size_t len);	/* the run's -p */
	/* iputils' "PATTERN: 0x..." line, for a -p read while no -q had been */
	void (*pattern_line)(struct event_sink *s, const uint8_t *pattern, size_t len);
	void (*start)(struct event_sink *s, const struct run_start *rs);
	void (*event)(struct event_sink *s, const struct ping_event *ev);
	void (*status)(struct event_sink *s, const struct ping_stats *st, bool timing,
		       int64_t interval_us);
	void (*summary)(struct event_sink *s, const struct summary_info *si);
	/*
	 * What the sink holds back goes out now.  The loop calls it before a
	 * wait that may block, and otherwise at least every 20 ms: a sink may
	 * buffer (flood marks), and one write per wake-up is enough.  NULL: the
	 * sink holds nothing back.
	 */
	void (*flush)(struct event_sink *s);
};

/* Embedded first in each concrete sink. */
struct event_sink {
	const struct sink_ops *ops;
};

/*
 * How a sink names a peer: "addr", or "name (addr)" when reverse lookups
 * are on and a name exists.  Provided by the program (resolution is not
 * pure); the text stays valid until the next call.
 */
/* The longest peer text a namer gives: a host name and its address. */
#define PEER_TEXT_MAX	1100

struct peer_namer {
	const char *(*name)(void *ctx, const struct sockaddr *sa, socklen_t len);
	/* The numeric form alone (with %scope), into buf. */
	void (*numeric)(const struct sockaddr *sa, socklen_t len, char *buf, size_t size);
	void *ctx;
};

#endif
