/*
 * The fuzz targets as ordinary tests: feeds every file of the directories
 * given (a target's seed corpus and its regression inputs) to the
 * target's LLVMFuzzerTestOneInput.  A broken contract aborts.  Fails when
 * no input at all was found, so that a moved corpus cannot pass silently.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

/* Reads path whole and runs the target on it; false when it cannot be read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return 0;
	do {
		if (len == cap) {
			uint8_t *bigger = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (!bigger)
				abort();
			buf = bigger;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 1;
}

/* Runs every file in dir (or dir itself, a file); a missing directory holds none. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;
	char path[4096];

	if (!d)
		return errno == ENOTDIR ? run_file(dir) : 0;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		count += run_file(path);
	}
	closedir(d);
	return count;
}

int main(int argc, char **argv)
{
	int total = 0;

	for (int i = 1; i < argc; i++) {
		int n = run_dir(argv[i]);

		printf("%s: %d inputs\n", argv[i], n);
		total += n;
	}
	if (total == 0) {
		fprintf(stderr, "no inputs found\n");
		return 1;
	}
	return 0;
}
