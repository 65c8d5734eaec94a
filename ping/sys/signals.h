/*
 * The signals that end or report a run, as iputils handles them: SIGINT
 * and SIGALRM end it (the deadline of -w and the wait for late replies are
 * SIGALRM timers, as in iputils, so that they also end a blocking name
 * lookup), SIGQUIT asks for the status line.  Handlers only set flags.
 * The signals stay blocked except while the process waits (ppoll with
 * the wait mask), so no flag is ever missed between a check and a wait.
 */
#ifndef PINGSOCK_SIGNALS_H
#define PINGSOCK_SIGNALS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

/* Installs the handlers and blocks the signals. */
void signals_install(void);

/* The mask to wait with (the signals open); NULL before signals_install. */
const sigset_t *signals_wait_mask(void);

/* Whether SIGINT or SIGALRM asked the run to end. */
bool signals_exit_requested(void);

/* Whether SIGQUIT asked for the status line since the last call. */
bool signals_take_status(void);

/* SIGALRM after after_us (rounded up to a microsecond; 0 or less: cancels it). */
void signals_alarm_after(int64_t after_us);

#endif
