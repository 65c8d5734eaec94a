#include <string.h>
#include <sys/time.h>

#include "signals.h"

static volatile sig_atomic_t exit_requested;
static volatile sig_atomic_t status_requested;
static sigset_t wait_mask;
static bool installed;

static void on_exit_signal(int sig)
{
	(void)sig;
	exit_requested = 1;
}

static void on_status_signal(int sig)
{
	(void)sig;
	status_requested = 1;
}

void signals_install(void)
{
	static const int ending[] = { SIGINT, SIGALRM };
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sa.sa_handler = on_exit_signal;
	for (size_t i = 0; i < sizeof(ending) / sizeof(ending[0]); i++) {
		sigaction(ending[i], &sa, NULL);
		sigaddset(&block, ending[i]);
	}
	sa.sa_handler = on_status_signal;
	sigaction(SIGQUIT, &sa, NULL);
	sigaddset(&block, SIGQUIT);

	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGALRM);
	sigdelset(&wait_mask, SIGQUIT);
	installed = true;
}

const sigset_t *signals_wait_mask(void)
{
	return installed ? &wait_mask : NULL;
}

bool signals_exit_requested(void)
{
	return exit_requested != 0;
}

bool signals_take_status(void)
{
	if (!status_requested)
		return false;
	status_requested = 0;
	return true;
}

void signals_alarm_after(int64_t after_us)
{
	struct itimerval it;

	memset(&it, 0, sizeof(it));
	if (after_us > 0) {
		it.it_value.tv_sec = (time_t)(after_us / 1000000);
		it.it_value.tv_usec = (suseconds_t)(after_us % 1000000);
	}
	setitimer(ITIMER_REAL, &it, NULL);
}
