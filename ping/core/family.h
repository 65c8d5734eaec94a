/* The per-family data table: everything IPv4 and IPv6 differ in, as data. */
#ifndef PINGSOCK_FAMILY_H
#define PINGSOCK_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ping_family {
	int af;			/* AF_INET / AF_INET6 */
	int proto;		/* IPPROTO_ICMP / IPPROTO_ICMPV6 */
	const char *name;	/* "IPv4" / "IPv6" */
	uint8_t echo_request;	/* 8 / 128 */
	uint8_t echo_reply;	/* 0 / 129 */
	int level;		/* IPPROTO_IP / IPPROTO_IPV6: sockopt and cmsg level */
	int opt_recverr;	/* IP_RECVERR / IPV6_RECVERR (also the cmsg type) */
	int opt_recvttl;	/* IP_RECVTTL / IPV6_RECVHOPLIMIT */
	int cmsg_ttl;		/* IP_TTL / IPV6_HOPLIMIT: cmsg type carrying it */
	int opt_unicast_hops;	/* IP_TTL / IPV6_UNICAST_HOPS */
	int opt_multicast_hops;	/* IP_MULTICAST_TTL / IPV6_MULTICAST_HOPS */
	int opt_multicast_loop;	/* IP_MULTICAST_LOOP / IPV6_MULTICAST_LOOP */
	int opt_mtu_discover;	/* IP_MTU_DISCOVER / IPV6_MTU_DISCOVER */
	int opt_tos;		/* IP_TOS / IPV6_TCLASS */
	uint8_t ee_origin_icmp;	/* SO_EE_ORIGIN_ICMP / SO_EE_ORIGIN_ICMP6 */
	size_t sockaddr_len;	/* sizeof(struct sockaddr_in / sockaddr_in6) */
	size_t ip_header_len;	/* 20 / 40: for the header's total size */
	size_t max_datalen;	/* largest -s: 65507 / 65527 */
	const char *mtu_sep;	/* "mtu=" / "mtu: ": iputils' local-error wording */
	/*
	 * Whether an ICMP error about a request acknowledges it (the pipe
	 * figure, requests in flight): iputils' IPv4 code does, its IPv6
	 * code only counts and prints the error.
	 */
	bool errors_acknowledge;
};

extern const struct ping_family family_inet;
extern const struct ping_family family_inet6;

#endif
