/* gettext macros: _() translates, N_() marks for extraction only. */
#ifndef PINGSOCK_NLS_H
#define PINGSOCK_NLS_H

#if ENABLE_NLS
# include <libintl.h>
# define _(s) gettext(s)
#else
# define _(s) (s)
#endif
#define N_(s) (s)

#endif
