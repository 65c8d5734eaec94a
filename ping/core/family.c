#include <netinet/in.h>
#include <linux/errqueue.h>
#include <stddef.h>

#include "family.h"

const struct ping_family family_inet = {
	.af = AF_INET,
	.proto = IPPROTO_ICMP,
	.name = "IPv4",
	.echo_request = 8,
	.echo_reply = 0,
	.level = IPPROTO_IP,
	.opt_recverr = IP_RECVERR,
	.opt_recvttl = IP_RECVTTL,
	.cmsg_ttl = IP_TTL,
	.opt_unicast_hops = IP_TTL,
	.opt_multicast_hops = IP_MULTICAST_TTL,
	.opt_multicast_loop = IP_MULTICAST_LOOP,
	.opt_mtu_discover = IP_MTU_DISCOVER,
	.opt_tos = IP_TOS,
	.ee_origin_icmp = SO_EE_ORIGIN_ICMP,
	.sockaddr_len = sizeof(struct sockaddr_in),
	.ip_header_len = 20,
	.max_datalen = 65507,
	.mtu_sep = "mtu=",
	.errors_acknowledge = true,
};

const struct ping_family family_inet6 = {
	.af = AF_INET6,
	.proto = IPPROTO_ICMPV6,
	.name = "IPv6",
	.echo_request = 128,
	.echo_reply = 129,
	.level = IPPROTO_IPV6,
	.opt_recverr = IPV6_RECVERR,
	.opt_recvttl = IPV6_RECVHOPLIMIT,
	.cmsg_ttl = IPV6_HOPLIMIT,
	.opt_unicast_hops = IPV6_UNICAST_HOPS,
	.opt_multicast_hops = IPV6_MULTICAST_HOPS,
	.opt_multicast_loop = IPV6_MULTICAST_LOOP,
	.opt_mtu_discover = IPV6_MTU_DISCOVER,
	.opt_tos = IPV6_TCLASS,
	.ee_origin_icmp = SO_EE_ORIGIN_ICMP6,
	.sockaddr_len = sizeof(struct sockaddr_in6),
	.ip_header_len = 40,
	.max_datalen = 65527,
	.mtu_sep = "mtu: ",
	.errors_acknowledge = false,
};
