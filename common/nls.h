/*
 * gettext macros: _() translates, N_() marks for extraction only.  The
 * locale is set by the first translation (nls_locale), not at start-up:
 * a run that prints no translated message never loads it.
 */
#ifndef PINGSOCK_NLS_H
#define PINGSOCK_NLS_H

/* The user's locale (numbers kept in "C") and our catalog; cheap once they are set. */
void nls_locale(void);

/* Messages stay in "C" from now on, whatever the environment says (-j). */
void nls_keep_c(void);

/*
 * The user's character set (LC_CTYPE), for names typed by the user or
 * shown to them; also when messages are kept in "C".
 */
void nls_ctype(void);

#if ENABLE_NLS
/* gettext in the user's language, the locale set first. */
const char *nls_gettext(const char *msgid) __attribute__((format_arg(1)));
# define _(s) nls_gettext(s)
#else
# define _(s) (s)
#endif
#define N_(s) (s)

/* strerror and gai_strerror in the user's language, the locale set first. */
const char *nls_strerror(int err);
const char *nls_gai_strerror(int rc);

#endif
