#include <errno.h>
#include <locale.h>
#include <stdbool.h>
#include <netdb.h>
#include <string.h>

#if ENABLE_NLS
# include <libintl.h>
#endif

#include "nls.h"

/*
 * Loading a locale costs more than a whole short run, so it waits for the
 * first message that needs it.  Whether it is set needs no flag of ours:
 * until setlocale(LC_ALL, "") runs, LC_MESSAGES is "C", and where the
 * environment asks for "C" the repeated call finds the built-in locale at
 * no cost.  Numbers stay in "C": standard output never depends on the
 * locale.
 */
static bool keep_c;

void nls_keep_c(void)
{
	keep_c = true;
}

/*
 * errno is kept: a message is often built from errno and a translated text,
 * and loading a locale (files that are not there) must not change the
 * errno the caller is about to report, whichever argument is read first.
 */
void nls_locale(void)
{
	const char *cur;
	int saved_errno = errno;

	if (keep_c)
		return;
	cur = setlocale(LC_MESSAGES, NULL);
	if (cur && strcmp(cur, "C") != 0)
		return;
	setlocale(LC_ALL, "");
	setlocale(LC_NUMERIC, "C");
#if ENABLE_NLS
	bindtextdomain(GETTEXT_PACKAGE, LOCALEDIR);
	textdomain(GETTEXT_PACKAGE);
#endif
	errno = saved_errno;
}

void nls_ctype(void)
{
	int saved_errno = errno;

	if (keep_c)
		setlocale(LC_CTYPE, "");
	else
		nls_locale();
	errno = saved_errno;
}

#if ENABLE_NLS
const char *nls_gettext(const char *msgid)
{
	nls_locale();
	return gettext(msgid);
}
#endif

const char *nls_strerror(int err)
{
	nls_locale();
	return strerror(err);
}

const char *nls_gai_strerror(int rc)
{
	nls_locale();
	return gai_strerror(rc);
}
