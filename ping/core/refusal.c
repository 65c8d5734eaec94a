/*
 * The message printed when neither an ICMP datagram socket nor a raw one
 * could be opened: iputils' two first lines, then what exactly stood in
 * the way and the commands that remove it.  Pure: formats the facts it is
 * given onto the stream it is given.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "nls.h"
#include "refusal.h"

/* The kernel's upper bound for net.ipv4.ping_group_range (GID_T_MAX). */
#define PING_GROUP_MAX 2147483647LL

/* Where the group list wraps, counting the whole line with its prefix. */
#define WRAP_COLUMN 100

/* One "<progname>: => <text>" line. */
static void __attribute__((format(printf, 3, 4)))
say(FILE *f, const char *progname, const char *fmt, ...)
{
	va_list ap;

	fprintf(f, "%s: => ", progname);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* fprintf's count as a column, an output error counting as nothing written. */
static int advance(int col, int written)
{
	return written > 0 ? col + written : col;
}

/*
 * The user's groups, effective first, wrapped onto indented continuation
 * lines so that a long supplementary list stays readable.
 */
static void say_groups(FILE *f, const char *progname, const gid_t *gids, int ngids)
{
	int col, i;

	col = advance(0, fprintf(f, "%s: => %s", progname,
				   _("your groups (effective first):")));
	for (i = 0; i < ngids; i++) {
		char num[24];
		int w = snprintf(num, sizeof(num), " %u", (unsigned)gids[i]);

		if (i > 0 && col + w > WRAP_COLUMN) {
			fputc('\n', f);
			col = advance(0, fprintf(f, "%s: =>  ", progname));
		}
		col = advance(col, fprintf(f, "%s", num));
	}
	fputc('\n', f);
}

/* The current range as the kernel shows it, and which groups that admits. */
static void say_range(FILE *f, const char *progname, const struct refusal_facts *rf)
{
	long lo = rf->range_lo, hi = rf->range_hi;

	if (!rf->range_known)
		say(f, progname, _("net.ipv4.ping_group_range could not be read"));
	else if (lo > hi)
		say(f, progname,
		    _("net.ipv4.ping_group_range is \"%ld %ld\", which admits no group"),
		    lo, hi);
	else if (lo == hi)
		say(f, progname,
		    _("net.ipv4.ping_group_range is \"%ld %ld\", which admits only group %ld"),
		    lo, hi, lo);
	else
		say(f, progname,
		    _("net.ipv4.ping_group_range is \"%ld %ld\", which admits groups %ld to %ld"),
		    lo, hi, lo, hi);
}

/* Whether g is inside a known range (an empty one holds nothing). */
static bool gid_in_range(const struct refusal_facts *rf, gid_t g)
{
	return rf->range_known && (long long)g >= rf->range_lo && (long long)g <= rf->range_hi;
}

/* Index of the first of the user's groups inside the range, or -1. */
static int group_in_range(const struct refusal_facts *rf, int ngids)
{
	for (int i = 0; i < ngids; i++)
		if (gid_in_range(rf, rf->gids[i]))
			return i;
	return -1;
}

void refusal_set_groups(struct refusal_facts *rf, gid_t egid, const gid_t *groups, int n)
{
	int i;

	rf->ngids = 0;
	rf->gids[rf->ngids++] = egid;
	for (i = 0; i < n && rf->ngids < REFUSAL_MAX_GIDS; i++)
		if (groups[i] != egid)
			rf->gids[rf->ngids++] = groups[i];
	if (group_in_range(rf, rf->ngids) >= 0)
		return;
	for (; i < n; i++)
		if (gid_in_range(rf, groups[i])) {
			rf->gids[REFUSAL_MAX_GIDS - 1] = groups[i];
			return;
		}
}

/* The capability remedy; "or" when it follows the sysctl one. */
static void say_setcap(FILE *f, const char *progname, const char *exe, bool alternative)
{
	if (exe == NULL)
		exe = "ping";
	if (alternative)
		say(f, progname,
		    _("or let this program open raw sockets, run as root: setcap cap_net_raw+p %s"),
		    exe);
	else
		say(f, progname,
		    _("to let this program open raw sockets, run as root: setcap cap_net_raw+p %s"),
		    exe);
}

/*
 * EACCES from the datagram socket: the groups against the range,
 * then the smallest widening of the range that admits the effective gid,
 * then the capability.  When one of the groups is already inside the
 * range the refusal came from elsewhere and widening it would change
 * nothing, so only the capability is offered.
 */
static void explain_group_refusal(FILE *f, const char *progname,
				  const struct refusal_facts *rf)
{
	int ngids = rf->ngids;
	int inside;
	bool widen = false;
	long long egid = 0, lo = 0, hi = 0;

	if (ngids < 0)
		ngids = 0;
	if (ngids > REFUSAL_MAX_GIDS)
		ngids = REFUSAL_MAX_GIDS;
	inside = group_in_range(rf, ngids);

	say(f, progname, _("the kernel refused an ICMP datagram socket: %s"),
	    nls_strerror(rf->dgram_errno));
	if (inside >= 0)
		say(f, progname,
		    _("although group %u is in net.ipv4.ping_group_range: "
		      "a security module may have denied it"),
		    (unsigned)rf->gids[inside]);
	else
		say(f, progname,
		    _("because none of your groups is in net.ipv4.ping_group_range"));
	if (ngids > 0)
		say_groups(f, progname, rf->gids, ngids);
	say_range(f, progname, rf);

	if (inside < 0 && ngids > 0) {
		egid = rf->gids[0];
		widen = egid <= PING_GROUP_MAX;
		lo = hi = egid;
		if (rf->range_known && rf->range_lo <= rf->range_hi) {
			if (rf->range_lo < lo)
				lo = rf->range_lo;
			if (rf->range_hi > hi)
				hi = rf->range_hi;
		}
	}
	if (widen)
		say(f, progname,
		    _("to admit group %lld, run as root: "
		      "sysctl -w net.ipv4.ping_group_range=\"%lld %lld\""),
		    egid, lo, hi);
	if (inside < 0 && (widen || ngids == 0))
		say(f, progname, _("the range \"0 %lld\" admits every group"), PING_GROUP_MAX);
	say_setcap(f, progname, rf->exe, inside < 0 && (widen || ngids == 0));
}

bool refusal_raw_may_help(int af, int err)
{
	switch (err) {
	case EACCES:		/* no group of the process in ping_group_range */
	case EPROTONOSUPPORT:	/* a kernel without ICMP datagram sockets */
		return true;
	case EAFNOSUPPORT:	/* IPv4: a kernel without them (OpenVZ); IPv6: no IPv6 at all */
		return af == AF_INET;
	default:
		return false;
	}
}

/*
 * Without a raw socket tried, the datagram socket's failure as iputils
 * reports it.  Otherwise iputils' lines for the raw socket, then, when it
 * was refused for want of the capability, why the datagram socket was
 * refused (the group range, or a kernel without ICMP datagram sockets,
 * where only the capability helps) and the remedies.  A raw socket that
 * failed otherwise (no IPv6 in the kernel, no descriptors left) has none.
 */
void refusal_print(FILE *f, const char *progname, const struct refusal_facts *rf)
{
	if (progname == NULL)
		progname = "ping";

	if (rf->raw_errno == 0) {
		fprintf(f, "%s: socktype: SOCK_DGRAM\n", progname);
		fprintf(f, "%s: socket: %s\n", progname, nls_strerror(rf->dgram_errno));
		return;
	}
	fprintf(f, "%s: socktype: SOCK_RAW\n", progname);
	fprintf(f, "%s: socket: %s\n", progname, nls_strerror(rf->raw_errno));
	/* Refused for want of the capability (or by a security module): the remedies. */
	if (rf->raw_errno != EPERM && rf->raw_errno != EACCES)
		return;
	if (rf->raw_only) {
		say(f, progname, _("%s needs a raw socket, and so the CAP_NET_RAW capability"),
		    rf->raw_only);
		say_setcap(f, progname, rf->exe, false);
		return;
	}
	switch (rf->dgram_errno) {
	case EACCES:
		explain_group_refusal(f, progname, rf);
		break;
	case EPROTONOSUPPORT:
	case EAFNOSUPPORT:
		say(f, progname, _("this kernel does not offer ICMP datagram sockets: %s"),
		    nls_strerror(rf->dgram_errno));
		say_setcap(f, progname, rf->exe, false);
		break;
	}
}
