/*
 * Setting the ICMP socket up for a run: the source, the options of the
 * command line, the mark, the flow label, the IPv4 options.  Messages as
 * iputils prints them; whether a failure is fatal is returned, the caller
 * decides the exit.
 */
#ifndef PINGSOCK_SOCKOPT_H
#define PINGSOCK_SOCKOPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "cli.h"
#include "event.h"
#include "sock.h"

/*
 * The source address to bind from -I, in family af (an IPv6 one scoped to
 * the -I device, if any).  Returns false, *out zeroed, when -I gave none
 * or an unspecified one (0.0.0.0, ::): the probe then finds the source.
 */
bool sockopt_source(const struct ping_config *cfg, int af, struct sockaddr_storage *out);

/*
 * Learns the source address the kernel would use, as iputils does when -I
 * gave no address of dst's family: a throwaway UDP socket, set up like the
 * ping socket will be (device, mark, TOS), connected to dst.  Returns 0,
 * or an errno with *call the name of the call that failed ("socket",
 * "SO_BINDTODEVICE", "connect", "getsockname", "getifaddrs"), or ENODEV
 * with *call "if_nametoindex" when group4 (the run's destination, which dst
 * may only lead to, is an IPv4 group) and the device does not exist.  With a
 * device, warns when the source is not one of its addresses, as iputils
 * does.  *broadcast tells whether dst was a broadcast address (allowed by
 * -b).  *mark_warned: see sockopt_set_mark.
 */
int sockopt_probe_source(struct event_sink *sink, const struct ping_config *cfg, const struct sockaddr_storage *dst,
			 socklen_t dstlen, bool group4, struct sockaddr_storage *src, bool *broadcast,
			 bool *mark_warned, const char **call);

/*
 * SO_MARK, with CAP_NET_ADMIN and CAP_NET_RAW raised around it.  A refusal
 * is a warning, printed only while *warned is false (then set).
 */
void sockopt_set_mark(struct event_sink *sink, int fd, uint32_t mark, bool *warned);

/*
 * Every option of the run on s, in iputils' order: the device, the bind
 * (bind_to if not NULL, else the -e identifier of a datagram socket, else
 * with port_out any free identifier of a datagram socket), what
 * to receive (errors, TTL, IP options, hop limit, timestamps, the raw
 * socket's filters for ident, ninfo replies if ninfo), then TTL, broadcast,
 * path MTU discovery, TOS, multicast loop, debug, don't route, buffers and
 * the mark.  port_out (datagram socket): where to store the identifier
 * the kernel gives its requests, learnt from the bound socket.  Prints
 * each failure; returns false on a fatal one.
 */
/*
 * Kernel transmit stamps, unless -U (user-to-user latency) or -N (untimed):
 * whether they are on.  A refusal is said only under -v: the run then
 * times from the send call, as before.
 */
bool sockopt_tx_stamps(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s,
		       bool ninfo);

bool sockopt_setup(struct event_sink *sink, const struct ping_config *cfg, const struct ping_sock *s,
		   const struct sockaddr_storage *bind_to, uint16_t ident, bool ninfo,
		   uint16_t *port_out, bool *mark_warned);

/*
 * IP_OPTIONS (-R, -T, source routes).  Source routes need CAP_NET_RAW
 * effective at this moment; it is raised here.  Prints and returns false
 * on failure.
 */
bool sockopt_ip_options(struct event_sink *sink, const struct ping_config *cfg, int fd, uint8_t *opts, size_t len);

/*
 * -F: reserves the flow label for the IPv6 destination dst and sends with
 * it; dst takes the label.  Prints and returns false on failure.
 */
bool sockopt_flowlabel(struct event_sink *sink, int fd, struct sockaddr_storage *dst, uint32_t label);

#endif
