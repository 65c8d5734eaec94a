/*
 * A command line: argv split from the input on NUL bytes, through
 * cli_parse and the user limits of every stage.  Input: a selector byte
 * (program name, environment, facts), then the arguments.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "fuzz_util.h"
#include "userlimits.h"

#define MAX_ARGS	64

static bool points_into(const char *p, const char *args, size_t len)
{
	return p >= args && p <= args + len;
}

static void check_config(const struct ping_config *cfg, const char *args, size_t len)
{
	FUZZ_CHECK(cfg->family == AF_UNSPEC || cfg->family == AF_INET || cfg->family == AF_INET6);
	FUZZ_CHECK(cfg->target == NULL || points_into(cfg->target, args, len));
	FUZZ_CHECK(cfg->iface_arg == NULL || points_into(cfg->iface_arg, args, len));
	FUZZ_CHECK(cfg->nextra >= 0 && cfg->nextra <= PING_MAX_EXTRA_ARGS);
	for (int i = 0; i < cfg->nextra; i++)
		FUZZ_CHECK(points_into(cfg->extra[i], args, len));
	FUZZ_CHECK(cfg->nnodeinfo >= 0 && cfg->nnodeinfo <= PING_MAX_NODEINFO);
	for (int i = 0; i < cfg->nnodeinfo; i++)
		FUZZ_CHECK(points_into(cfg->nodeinfo[i], args, len));
	FUZZ_CHECK(cfg->pattern_len <= PING_MAX_PATTERN);
	FUZZ_CHECK(cfg->device == NULL || points_into(cfg->device, args, len));
	FUZZ_CHECK(cfg->datalen >= 0);
	FUZZ_CHECK(cfg->ttl >= -1 && cfg->ttl <= 255);
	FUZZ_CHECK(cfg->interval_ms >= 0);
}

static void check_limits(const struct ping_config *cfg, uint8_t sel)
{
	struct limits_facts f = { .cfg = cfg, .real_root = sel & 8,
				  .af = (sel & 16) ? AF_INET6 : AF_INET,
				  .multicast = sel & 64 };
	char msg[256];

	for (int stage = LIMITS_OPTIONS; stage <= LIMITS_RATE; stage++) {
		enum limits_rule rule = limits_check((enum limits_stage)stage, &f);

		FUZZ_CHECK(rule >= LIMITS_OK && rule <= LIMITS_INTERVAL_OVERFLOW);
		FUZZ_CHECK(!f.real_root || rule == LIMITS_OK || rule == LIMITS_INTERVAL_OVERFLOW);
		if (rule != LIMITS_OK) {
			memset(msg, 'x', sizeof(msg));
			limits_message(rule, &f, msg, sizeof(msg));
			FUZZ_CHECK(memchr(msg, '\0', sizeof(msg)) != NULL && msg[0] != '\0');
			FUZZ_CHECK(limits_exit_status(rule) == 2);
			break;
		}
	}
	FUZZ_CHECK(limits_user_interval_us(cfg) >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prognames[] = { "ping", "ping4", "ping6", "/bin/ping6" };
	static const char *const envs[] = { NULL, "0", "1", "" };
	static struct ping_config cfg;
	static struct cli_result res;
	struct fuzz_in in = { data, size };
	uint8_t sel = fuzz_u8(&in);
	size_t len = in.left;
	char *args = malloc(len + 1);
	char *argv[MAX_ARGS + 2];
	int argc = 0;

	FUZZ_CHECK(args != NULL);
	memcpy(args, in.p, len);
	args[len] = '\0';
	argv[argc++] = (char *)prognames[sel & 3];
	for (char *a = args; a < args + len && argc <= MAX_ARGS; a += strlen(a) + 1)
		argv[argc++] = a;
	argv[argc] = NULL;
	memset(&res, 0xa5, sizeof(res));
	cli_parse(argc, argv, prognames[sel & 3], envs[sel >> 6 & 3], &cfg, &res);
	FUZZ_CHECK(res.action >= CLI_RUN && res.action <= CLI_ERROR);
	FUZZ_CHECK(memchr(res.message, '\0', sizeof(res.message)) != NULL);
	FUZZ_CHECK(res.nwarnings >= 0 && res.nwarnings <= CLI_MAX_WARNINGS);
	for (int i = 0; i < res.nwarnings; i++)
		FUZZ_CHECK(memchr(res.warnings[i], '\0', sizeof(res.warnings[i])) != NULL);
	if (res.action == CLI_ERROR)
		FUZZ_CHECK(res.exit_code == 1 || res.exit_code == 2);
	FUZZ_CHECK(res.npatterns >= 0 && res.npatterns <= res.nopts);
	for (int i = 0; i < res.npatterns; i++)
		FUZZ_CHECK(res.patterns[i].len <= PING_MAX_PATTERN && res.patterns[i].at < res.nopts &&
			   (i == 0 || res.patterns[i].at > res.patterns[i - 1].at));
	if (res.action == CLI_RUN) {
		FUZZ_CHECK(cfg.target != NULL);
		check_config(&cfg, args, len);
		check_limits(&cfg, sel);
	}
	cli_result_free(&res);
	free(args);
	return 0;
}
