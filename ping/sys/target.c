#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/eventfd.h>

#if HAVE_IDN
# include <dlfcn.h>
# include <idn2.h>
#endif

#include "addr.h"
#include "nls.h"
#include "signals.h"
#include "target.h"
#include "textbuf.h"

static bool has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return true;
	return false;
}

#if HAVE_IDN
#define IDN_SONAME	"libidn2.so.0"

/* The libidn2 calls ping makes, with the types its header gives them. */
struct idn_api {
	__typeof__(idn2_to_ascii_lz) *to_ascii_lz;
	__typeof__(idn2_to_unicode_8zlz) *to_unicode_8zlz;
	__typeof__(idn2_lookup_ul) *lookup_ul;
	__typeof__(idn2_strerror) *strerror;
};

/*
 * libidn2, loaded when a name needs it: linked, it and libunistring cost
 * every run more in relocations than the whole run costs without them.
 * A second dlopen only counts a reference, so no handle is kept.  The
 * locale's character set is set as well, since libidn2 converts from and
 * to it (also under -j, whose messages stay in "C").
 * False when the library or one of its calls is missing.
 */
static bool idn_load(struct idn_api *api)
{
	void *h = dlopen(IDN_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return false;
	nls_ctype();
	*(void **)&api->to_ascii_lz = dlsym(h, "idn2_to_ascii_lz");
	*(void **)&api->to_unicode_8zlz = dlsym(h, "idn2_to_unicode_8zlz");
	*(void **)&api->lookup_ul = dlsym(h, "idn2_lookup_ul");
	*(void **)&api->strerror = dlsym(h, "idn2_strerror");
	return api->to_ascii_lz && api->to_unicode_8zlz && api->lookup_ul &&
	       api->strerror;
}
#endif

void target_idn_missing(const char *name, char *msg, size_t msglen)
{
#if HAVE_IDN
	snprintf(msg, msglen, _("%s: this name needs libidn2 (%s), which could not be loaded"),
		 name, IDN_SONAME);
#else
	snprintf(msg, msglen, "%s: %s", name, nls_gai_strerror(EAI_IDN_ENCODE));
#endif
}

/* An ACE name ("xn--...") back to Unicode in the locale's charset, if it converts. */
static void idn_display(char *name, size_t len)
{
#if HAVE_IDN
	struct idn_api idn;
	char *u = NULL;

	if (!strstr(name, "xn--") || !idn_load(&idn))
		return;
	if (idn.to_unicode_8zlz(name, &u, 0) == IDN2_OK && u) {
		if (strlen(u) < len)
			strcpy(name, u);
	}
	free(u);
#else
	(void)name;
	(void)len;
#endif
}

int target_resolve(const char *name, struct target_list *out)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_DGRAM,
		.ai_flags = AI_CANONNAME,
	};
	char *ascii = NULL;
	const char *query = name;
	socklen_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	/*
	 * A number is read here as getaddrinfo reads it, with the text itself
	 * as its canonical name, without the resolver's allocations (most
	 * monitoring runs name their target by its address).
	 */
	if (addr_parse_numeric(name, &out->numeric_addr, &len)) {
		out->numeric = (struct addrinfo){
			.ai_flags = AI_CANONNAME,
			.ai_family = out->numeric_addr.ss_family,
			.ai_socktype = SOCK_DGRAM,
			.ai_protocol = IPPROTO_UDP,
			.ai_addrlen = len,
			.ai_addr = (struct sockaddr *)&out->numeric_addr,
			.ai_canonname = (char *)name,
		};
		out->ai = &out->numeric;
		return 0;
	}
	if (has_non_ascii(name)) {
#if HAVE_IDN
		struct idn_api idn;

		if (!idn_load(&idn))
			return TARGET_NO_IDN;
		/*
		 * In the locale's character set, as glibc's AI_IDN reads it
		 * for iputils: under "C" a name that is not ASCII is refused.
		 */
		if (idn.to_ascii_lz(name, &ascii, IDN2_NONTRANSITIONAL) != IDN2_OK) {
			free(ascii);
			return EAI_IDN_ENCODE;
		}
		query = ascii;
#else
		return EAI_IDN_ENCODE;
#endif
	}
	rc = getaddrinfo(query, NULL, &hints, &out->ai);
	free(ascii);
	if (rc != 0)
		out->ai = NULL;
	return rc;
}

void target_canonical(const struct addrinfo *ai, char *buf, size_t len)
{
	text_copy(buf, len, ai->ai_canonname ? ai->ai_canonname : "");
	idn_display(buf, len);
}

/*
 * The first address of family af (AF_UNSPEC: either) for name: its bytes
 * into out (room for an IPv6 address), their count in *len.  Returns 0 or
 * an EAI_* code.
 */
static int lookup(const char *name, int af, uint8_t out[sizeof(struct in6_addr)], size_t *len)
{
	struct addrinfo hints = { .ai_family = af, .ai_socktype = SOCK_DGRAM };
	struct addrinfo *res;
	const uint8_t *bytes;
	int rc = getaddrinfo(name, NULL, &hints, &res);

	if (rc != 0)
		return rc;
	bytes = addr_bytes(res->ai_addr, len);
	if (bytes)
		memcpy(out, bytes, *len);
	freeaddrinfo(res);
	return 0;
}

int target_hops(const char *const *names, int n, struct in_addr *hops, int *failed)
{
	uint8_t bytes[sizeof(struct in6_addr)];
	size_t len;

	for (int i = 0; i < n; i++) {
		int rc;

		/*
		 * As iputils: inet_aton first, which also takes what follows a
		 * blank ("127.0.0.1 " is 127.0.0.1), then the resolver.
		 */
		if (inet_aton(names[i], &hops[i]) == 1)
			continue;
		rc = lookup(names[i], AF_INET, bytes, &len);

		if (rc != 0) {
			*failed = i;
			return rc;
		}
		memcpy(&hops[i], bytes, sizeof(hops[i]));
	}
	return 0;
}

/*
 * A subject-name in ASCII (libidn2, when built with it and installed; an
 * ASCII name goes as it is without it) into q.
 */
static int ninfo_subject_name(struct ninfo_query *q, enum ninfo_status *st, char *msg,
			      size_t msglen)
{
#if HAVE_IDN
	struct idn_api idn;
	char *ascii = NULL;
	int rc;

	if (idn_load(&idn)) {
		rc = idn.lookup_ul(q->pending, &ascii, IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK) {
			snprintf(msg, msglen, _("IDN encoding error: %s"), idn.strerror(rc));
			return EAI_IDN_ENCODE;
		}
		*st = ninfo_set_subject_name(q, ascii, msg, msglen);
		free(ascii);
		return 0;
	}
	if (has_non_ascii(q->pending)) {
		target_idn_missing(q->pending, msg, msglen);
		return EAI_IDN_ENCODE;
	}
#endif
	*st = ninfo_set_subject_name(q, q->pending, msg, msglen);
	return 0;
}

int target_ninfo_subject(struct ninfo_query *q, enum ninfo_status *st, char *msg, size_t msglen)
{
	uint8_t subject[sizeof(struct in6_addr)];
	size_t len;
	int rc;

	if (*st == NINFO_NAME)
		return ninfo_subject_name(q, st, msg, msglen);
	rc = lookup(q->pending, ninfo_subject_family(q), subject, &len);
	if (rc != 0)
		return rc;
	ninfo_set_subject_addr(q, subject, len);
	*st = NINFO_OK;
	return 0;
}

bool target_unscoped_link_local(const char *target)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };

	return !strchr(target, '%') && inet_pton(AF_INET6, target, &sin6.sin6_addr) == 1 &&
	       addr_is_link_scope6((const struct sockaddr *)&sin6);
}

void target_free(struct target_list *t)
{
	if (t->ai && t->ai != &t->numeric)
		freeaddrinfo(t->ai);
	t->ai = NULL;
}

void target_numeric(const struct sockaddr *sa, socklen_t len, char *buf, size_t buflen)
{
	size_t n;
	const uint8_t *bytes = addr_bytes(sa, &n);
	size_t whole = sa->sa_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);

	/* Without stdio; a scope (an interface's name) is the resolver's to write. */
	if (bytes && len >= whole &&
	    (sa->sa_family == AF_INET || !((const struct sockaddr_in6 *)(const void *)sa)->sin6_scope_id) &&
	    addr_format(sa->sa_family, bytes, buf, buflen))
		return;
	if (getnameinfo(sa, len, buf, buflen, NULL, 0, NI_NUMERICHOST) != 0)
		snprintf(buf, buflen, "?");
}

/* The same host on the same link: a cached name must not cross scopes. */
static bool same_addr(const struct sockaddr *a, const struct sockaddr_storage *b)
{
	struct sockaddr_in6 a6;

	if (!addr_same_host(a, (const struct sockaddr *)b))
		return false;
	if (a->sa_family != AF_INET6)
		return true;
	/* a may be any sockaddr the kernel handed over: copied to be aligned. */
	memcpy(&a6, a, sizeof(a6));
	return a6.sin6_scope_id == ((const struct sockaddr_in6 *)(const void *)b)->sin6_scope_id;
}

/*
 * A reverse lookup handed to a thread of its own: the resolver may wait
 * for seconds on a name server that does not answer, and SIGINT, SIGALRM
 * (-w, the end of the linger) must still end the run on time.  The thread
 * and the waiter each hold a reference; whoever lets go last frees it, so
 * an abandoned lookup finishes (or dies with the process) on its own.
 */
struct lookup_job {
	atomic_int refs;
	int done_fd;			/* an eventfd, written when the lookup is over */
	int rc;
	socklen_t len;
	struct sockaddr_storage addr;
	char name[NI_MAXHOST];
};

static void job_release(struct lookup_job *job)
{
	if (atomic_fetch_sub(&job->refs, 1) == 1) {
		close(job->done_fd);
		free(job);
	}
}

static void *lookup_thread(void *arg)
{
	struct lookup_job *job = arg;
	uint64_t one = 1;

	job->rc = getnameinfo((const struct sockaddr *)&job->addr, job->len, job->name,
			      sizeof(job->name), NULL, 0, NI_NAMEREQD);
	if (write(job->done_fd, &one, sizeof(one)) < 0)
		job->rc = EAI_SYSTEM;	/* cannot happen with an eventfd: the waiter still ends */
	job_release(job);
	return NULL;
}

/* Starts job's thread with every signal blocked but SIGSYS (they are the main thread's). */
static bool start_lookup(struct lookup_job *job)
{
	pthread_attr_t attr;
	pthread_t t;
	sigset_t all, old;
	int rc;

	if (pthread_attr_init(&attr) != 0)
		return false;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	sigfillset(&all);
	/* The sandbox's trap must reach its handler: a blocked SIGSYS would kill without a word. */
	sigdelset(&all, SIGSYS);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&t, &attr, lookup_thread, job);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	pthread_attr_destroy(&attr);
	return rc == 0;
}

/*
 * getnameinfo(NI_NAMEREQD) for sa, given up (EAI_AGAIN) as soon as a
 * signal asks the run to end.  Before the run's signals are installed, or
 * when no thread can be had, the lookup is made in place.
 */
static int reverse_lookup(const struct sockaddr *sa, socklen_t len, char *name, size_t size)
{
	const sigset_t *mask = signals_wait_mask();
	struct lookup_job *job;
	struct pollfd pfd;
	int rc = EAI_AGAIN;

	if (!mask || !(job = calloc(1, sizeof(*job))))
		return getnameinfo(sa, len, name, size, NULL, 0, NI_NAMEREQD);
	job->done_fd = eventfd(0, EFD_CLOEXEC);
	job->len = len;
	memcpy(&job->addr, sa, len);
	atomic_init(&job->refs, 2);
	if (job->done_fd < 0 || !start_lookup(job)) {
		if (job->done_fd >= 0)
			close(job->done_fd);
		free(job);
		return getnameinfo(sa, len, name, size, NULL, 0, NI_NAMEREQD);
	}
	pfd.fd = job->done_fd;
	pfd.events = POLLIN;
	while (!signals_exit_requested()) {
		int n = ppoll(&pfd, 1, NULL, mask);

		if (n > 0) {
			rc = job->rc;
			if (rc == 0)
				text_copy(name, size, job->name);
			break;
		}
		if (n < 0 && errno != EINTR)
			break;
	}
	job_release(job);
	return rc;
}

void target_named(const struct sockaddr *sa, socklen_t len, const char *num, char *buf, size_t buflen)
{
	char name[NI_MAXHOST];

	if (reverse_lookup(sa, len, name, sizeof(name)) == 0 && strcmp(name, num) != 0) {
		idn_display(name, sizeof(name));
		snprintf(buf, buflen, "%s (%s)", name, num);
	} else {
		text_copy(buf, buflen, num);
	}
}

/* sa (len already bounded) is what pc->text shows from now on. */
static void remember(struct peer_cache *pc, const struct sockaddr *sa, socklen_t len)
{
	memset(&pc->addr, 0, sizeof(pc->addr));
	memcpy(&pc->addr, sa, len);
	pc->valid = true;
}

const char *target_peer(struct peer_cache *pc, const struct sockaddr *sa, socklen_t len)
{
	char num[INET6_ADDRSTRLEN + 20];

	if (len > sizeof(pc->addr))
		len = sizeof(pc->addr);
	if (pc->valid && same_addr(sa, &pc->addr))
		return pc->text;

	target_numeric(sa, len, num, sizeof(num));
	if (pc->reverse)
		target_named(sa, len, num, pc->text, sizeof(pc->text));
	else
		text_copy(pc->text, sizeof(pc->text), num);
	remember(pc, sa, len);
	return pc->text;
}

void target_peer_seed(struct peer_cache *pc, const struct sockaddr *sa, socklen_t len, const char *text)
{
	if (len > sizeof(pc->addr))
		len = sizeof(pc->addr);
	text_copy(pc->text, sizeof(pc->text), text);
	remember(pc, sa, len);
}

static const char *namer_name(void *ctx, const struct sockaddr *sa, socklen_t len)
{
	return target_peer(ctx, sa, len);
}

void target_namer(struct peer_cache *pc, bool reverse, struct peer_namer *out)
{
	memset(pc, 0, sizeof(*pc));
	pc->reverse = reverse;
	out->name = namer_name;
	out->numeric = target_numeric;
	out->ctx = pc;
}
