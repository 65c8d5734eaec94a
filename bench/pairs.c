/*
 * pairs: starts two commands in turn and prints the median wall time of
 * each and the median of the pairs' ratios, for bench.py's start-up figure.
 *
 *     pairs N COMMAND_A [ARG...] -- COMMAND_B [ARG...]
 *
 * Each command runs N times (after two runs of each that are not counted),
 * in alternating order (A B, then B A, ...), so that the machine's speed
 * drifting during the call weighs on both alike.  One posix_spawn and one
 * waitpid a run, no shell; both outputs go to /dev/null.  Prints
 * "a_us=MEDIAN b_us=MEDIAN ratio=MEDIAN_OF_RATIOS"; exits 1 when a run
 * cannot start or ends with a status other than 0, 2 on bad arguments.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>

extern char **environ;

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* One run of argv: its wall time in microseconds, or -1 when it failed. */
static double run_once(char **argv, const posix_spawn_file_actions_t *quiet)
{
	double t0 = now_us();
	pid_t pid;
	int status, err;

	err = posix_spawn(&pid, argv[0], quiet, NULL, argv, environ);
	if (err) {
		fprintf(stderr, "pairs: %s: %s\n", argv[0], strerror(err));
		return -1;
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "pairs: %s did not exit 0\n", argv[0]);
		return -1;
	}
	return now_us() - t0;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t quiet;
	char **a, **b = NULL;
	double *ta, *tb, *ratio;
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 0;

	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			argv[i] = NULL;
			b = argv + i + 1;
			break;
		}
	a = argv + 2;
	if (n < 1 || n > 1000000 || !b || !*a || !*b) {
		fprintf(stderr, "usage: pairs N COMMAND_A [ARG...] -- COMMAND_B [ARG...]\n");
		return 2;
	}
	ta = calloc((size_t)n, sizeof(*ta));
	tb = calloc((size_t)n, sizeof(*tb));
	ratio = calloc((size_t)n, sizeof(*ratio));
	if (!ta || !tb || !ratio)
		return 1;
	posix_spawn_file_actions_init(&quiet);
	posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&quiet, 2, "/dev/null", O_WRONLY, 0);
	for (int i = 0; i < 2; i++)
		if (run_once(a, &quiet) < 0 || run_once(b, &quiet) < 0)
			return 1;
	for (long i = 0; i < n; i++) {
		if (i % 2) {
			tb[i] = run_once(b, &quiet);
			ta[i] = run_once(a, &quiet);
		} else {
			ta[i] = run_once(a, &quiet);
			tb[i] = run_once(b, &quiet);
		}
		if (ta[i] < 0 || tb[i] < 0)
			return 1;
		ratio[i] = ta[i] / tb[i];
	}
	printf("a_us=%.1f b_us=%.1f ratio=%.4f\n", median(ta, (size_t)n), median(tb, (size_t)n),
	       median(ratio, (size_t)n));
	return 0;
}
