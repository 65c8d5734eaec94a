#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/errqueue.h>

#include "addr.h"
#include "errqueue.h"
#include "packet.h"

/*
 * Whether the request went to the target: same family and same address.
 * The port (the ping socket's id) and the IPv6 scope are not compared,
 * only the address.  Both sockaddrs are copied into aligned storage; name
 * is read no further than namelen, target (ours) no further than the size
 * its own family implies.
 */
static bool same_address(const struct ping_family *fam,
			 const struct sockaddr *name, socklen_t namelen,
			 const struct sockaddr *target)
{
	struct sockaddr_storage a, b;
	sa_family_t target_af;

	if (name == NULL || target == NULL || namelen < fam->sockaddr_len)
		return false;
	memcpy(&target_af, (const uint8_t *)target +
	       offsetof(struct sockaddr, sa_family), sizeof(target_af));
	if (target_af != fam->af)
		return false;
	memcpy(&a, name, fam->sockaddr_len);
	memcpy(&b, target, fam->sockaddr_len);
	return addr_same_host((const struct sockaddr *)&a,
			      (const struct sockaddr *)&b);
}

/* Takes id and seq from a payload that starts with our echo request header. */
static void take_seq(const uint8_t *payload, struct errq_event *out)
{
	out->id = be16_get(payload + 4);
	out->seq = be16_get(payload + 6);
	out->have_seq = true;
}

/*
 * One decoder for both families: the per-family table supplies the
 * origin and the echo request type.  The fields of the extended error are
 * copied for every kind, so a caller may still describe a foreign error
 * under -v.
 */
void errqueue_decode(const struct ping_family *fam, const struct rx_meta *meta,
		     const uint8_t *payload, size_t payload_len,
		     const struct sockaddr *name, socklen_t namelen,
		     const struct sockaddr *target, int ident,
		     struct errq_event *out)
{
	const struct sock_extended_err *ee = &meta->ee;
	bool is_echo;

	/* Every field but the offender (valid only with have_offender): no memset an echo. */
	out->kind = ERRQ_NONE;
	out->err = 0;
	out->type = out->code = 0;
	out->info = 0;
	out->have_offender = false;
	out->have_seq = false;
	out->seq = out->id = 0;
	out->tx_key = 0;
	out->tx_stamp_us = 0;
	out->why[0] = '\0';
	if (!meta->have_err) {
		out->kind = ERRQ_NONE;
		return;
	}
	out->err = (int)ee->ee_errno;
	out->type = ee->ee_type;
	out->code = ee->ee_code;
	out->info = ee->ee_info;
	out->have_offender = meta->have_offender;
	if (meta->have_offender)
		out->offender = meta->offender;

	is_echo = payload != NULL && payload_len >= ICMP_HEADER_LEN &&
		  payload[0] == fam->echo_request;

	if (ee->ee_origin == SO_EE_ORIGIN_TIMESTAMPING) {
		if (ee->ee_info != SCM_TSTAMP_SCHED) {
			out->kind = ERRQ_FOREIGN;
		} else if (!meta->have_sw_stamp) {
			out->kind = ERRQ_MALFORMED;
			snprintf(out->why, sizeof(out->why), "transmit stamp without its time");
		} else {
			out->kind = ERRQ_TX_STAMP;
			out->tx_key = ee->ee_data;
			out->tx_stamp_us = meta->sw_stamp_us;
		}
		return;
	}
	if (ee->ee_origin == SO_EE_ORIGIN_LOCAL) {
		out->kind = ERRQ_LOCAL;
		if (is_echo)
			take_seq(payload, out);
		return;
	}
	if (ee->ee_origin != fam->ee_origin_icmp ||
	    !same_address(fam, name, namelen, target)) {
		out->kind = ERRQ_FOREIGN;
		return;
	}
	if (payload == NULL || payload_len < ICMP_HEADER_LEN) {
		out->kind = ERRQ_MALFORMED;
		snprintf(out->why, sizeof(out->why),
			 "error queue payload too short (%zu bytes)",
			 payload == NULL ? (size_t)0 : payload_len);
		return;
	}
	if (!is_echo || (ident >= 0 && be16_get(payload + 4) != ident)) {
		out->kind = ERRQ_FOREIGN;
		return;
	}
	out->kind = ERRQ_ICMP;
	take_seq(payload, out);
}
