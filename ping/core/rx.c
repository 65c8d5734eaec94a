#include "rx.h"

/* The sender and the control data: what both kinds of message carry. */
static void rx_common(const struct rx_socket *rs, const struct msghdr *msg,
		     struct rx_msg *out)
{
	out->from = msg->msg_name;
	out->fromlen = msg->msg_namelen;
	cmsg_decode(rs->fam, msg, &out->meta);
	out->ninfo = false;
}

void rx_datagram(const struct rx_socket *rs, const uint8_t *buf, size_t len,
		 const struct msghdr *msg, struct rx_msg *out)
{
	rx_common(rs, msg, out);
	out->err.kind = ERRQ_NONE;
	if (rs->ninfo) {
		out->ninfo = ninfo_parse_reply(buf, len, &out->ni) == 0;
		out->kind = out->ninfo ? REPLY_ECHO : REPLY_OTHER;
		out->ttl = out->meta.have_ttl ? out->meta.ttl : -1;
		out->ipopts = NULL;
		out->ipopts_len = 0;
		return;
	}
	out->kind = packet_parse_reply(rs->fam, rs->raw, buf, len, &out->pkt);
	/* A raw IPv4 datagram brings its own header: it wins over control data. */
	if (out->pkt.ttl >= 0)
		out->ttl = out->pkt.ttl;
	else
		out->ttl = out->meta.have_ttl ? out->meta.ttl : -1;
	if (out->pkt.ipopts_len) {
		out->ipopts = out->pkt.ipopts;
		out->ipopts_len = out->pkt.ipopts_len;
	} else {
		out->ipopts = out->meta.ipopts;
		out->ipopts_len = out->meta.ipopts_len;
	}
}

void rx_error(const struct rx_socket *rs, const uint8_t *buf, size_t len,
	      const struct msghdr *msg, struct rx_msg *out)
{
	rx_common(rs, msg, out);
	out->kind = REPLY_OTHER;
	out->ttl = -1;
	out->ipopts = NULL;
	out->ipopts_len = 0;
	errqueue_decode(rs->fam, &out->meta, buf, len, msg->msg_name, msg->msg_namelen,
			rs->dst, rs->ident, &out->err);
}
