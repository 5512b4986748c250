/* fuzz_config: passendd's configuration (server/config.c): the input up to
 * its first NUL byte is a config file, read through config_load_file; the
 * rest, split at NUL bytes, are command-line flags for config_load_args;
 * then config_validate. Checked: errors come with a message, and the
 * settings stay NUL-terminated strings. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

static int fd = -1;
static char path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* one in-memory file, rewritten per input: no disk I/O */
	fd = memfd_create("fuzz_config", 0);
	if (fd < 0) abort();
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	return 0;
}

static void check_strings(const config *c)
{
	FUZZ_CHECK(memchr(c->listen_host, 0, sizeof c->listen_host) && memchr(c->db, 0, sizeof c->db) &&
	               memchr(c->db_owner, 0, sizeof c->db_owner) &&
	               memchr(c->tls_cert, 0, sizeof c->tls_cert) &&
	               memchr(c->log_level, 0, sizeof c->log_level) &&
	               memchr(c->migrations_dir, 0, sizeof c->migrations_dir),
	           "a setting is not NUL-terminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (fd < 0) LLVMFuzzerInitialize(NULL, NULL);
	const uint8_t *nul = memchr(data, 0, size);
	size_t flen = nul ? (size_t)(nul - data) : size;
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, flen, 0) != (ssize_t)flen) abort();

	config cfg;
	char err[512];
	config_defaults(&cfg);
	err[0] = '\0';
	if (config_load_file(&cfg, path, err, sizeof err) != 0)
		FUZZ_CHECK(err[0], "file error without a message");
	check_strings(&cfg);

	/* the flags: NUL-separated strings after the file */
	char *args = NULL;
	char *argv[64];
	int argc = 0;
	if (nul) {
		size_t alen = size - flen - 1;
		args = malloc(alen + 1);
		if (!args) abort();
		memcpy(args, nul + 1, alen);
		args[alen] = '\0';
		for (char *p = args; p <= args + alen && argc < 64; p += strlen(p) + 1)
			argv[argc++] = p;
	}
	config_defaults(&cfg);
	err[0] = '\0';
	if (config_load_args(&cfg, argc, argv, err, sizeof err) != 0)
		FUZZ_CHECK(err[0], "flag error without a message");
	check_strings(&cfg);
	err[0] = '\0';
	if (config_validate(&cfg, err, sizeof err) != 0)
		FUZZ_CHECK(err[0], "invalid config without a message");
	free(args);
	return 0;
}
