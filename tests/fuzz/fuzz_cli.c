/* fuzz_cli: the command line of `passend` (client/cli): cli_run over a copy
 * of the real command tree (cli_root), so every command, verb and flag table
 * is reached, new ones included. The input is the argument list (NUL
 * separated, after "passend"). Nothing reaches a server: each verb's check
 * hook is wrapped to stop with exit code STOPPED once the flags are read
 * into the request (after the verb's own check), and commands with their
 * own handler are replaced by one that stops. So argument and flag
 * parsing, global options, help and the flag-to-field conversion run.
 * Checked: the exit code is one of the documented ones (or STOPPED). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_resource.h"
#include "fuzz.h"

#define STOPPED 99

/* The copy: every node, resource and verb table of the tree. */
#define MAX_NODES 512
static struct cli_cmd nodes[MAX_NODES];
static struct cli_resource resources[MAX_NODES];
static const struct cli_cmd *subs[MAX_NODES * 4];
static struct cli_verb verbs[MAX_NODES * 4];
static int (*orig_check[MAX_NODES * 4])(struct cli_form *);
static size_t nnodes, nresources, nsubs, nverbs;
static const struct cli_cmd *root;
static FILE *devnull;

static int stop_check(struct cli_form *f)
{
	size_t i = (size_t)(f->ctx->cmd->verb - verbs);
	FUZZ_CHECK(i < nverbs, "verb outside the copied tables");
	int rc = orig_check[i] ? orig_check[i](f) : 0;
	return rc ? rc : STOPPED;
}

static int stop_handler(struct cli_ctx *ctx)
{
	return STOPPED;
}

static const struct cli_cmd *copy_node(const struct cli_cmd *c);

/* An object node: its resource copied, verbs stopped before the call. */
static const struct cli_cmd *copy_resource(const struct cli_resource *r)
{
	if (nresources == MAX_NODES) abort();
	struct cli_resource *n = &resources[nresources++];
	*n = *r;
	n->cmd.resource = n;
	n->verbs = &verbs[nverbs];
	for (const struct cli_verb *v = r->verbs; v->kind; v++) {
		if (nverbs + 2 >= MAX_NODES * 4) abort();
		verbs[nverbs] = *v;
		orig_check[nverbs] = v->check;
		verbs[nverbs].check = stop_check;
		if (v->handler) verbs[nverbs].handler = stop_handler;
		nverbs++;
	}
	memset(&verbs[nverbs++], 0, sizeof verbs[0]); /* the {0} end */
	return &n->cmd;
}

static const struct cli_cmd *copy_node(const struct cli_cmd *c)
{
	if (c->resource && !c->subcommands) return copy_resource(c->resource);
	if (nnodes == MAX_NODES) abort();
	struct cli_cmd *n = &nodes[nnodes++];
	*n = *c;
	if (n->handler && !(n->cmd_flags & CLI_CMD_NO_GLOBALS)) n->handler = stop_handler;
	if (c->subcommands) {
		size_t k = 0;
		while (c->subcommands[k])
			k++;
		if (nsubs + k + 1 > MAX_NODES * 4) abort();
		const struct cli_cmd **list = &subs[nsubs];
		nsubs += k + 1;
		for (size_t i = 0; i < k; i++)
			list[i] = copy_node(c->subcommands[i]);
		list[k] = NULL;
		n->subcommands = list;
	}
	return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* no config file, no environment, no server */
	setenv("XDG_CONFIG_HOME", "/nonexistent-passend-fuzz", 1);
	setenv("HOME", "/nonexistent-passend-fuzz", 1);
	unsetenv("PASSEND_CONFIG");
	unsetenv("PASSEND_OUTPUT");
	unsetenv("PASSEND_SERVER");
	unsetenv("PASSEND_TOKEN");
	unsetenv("PASSEND_CA");
	root = copy_node(&cli_root);
	devnull = fopen("/dev/null", "w");
	if (!devnull) abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root) LLVMFuzzerInitialize(NULL, NULL);
	if (size > 4096) return 0;
	char *args = malloc(size + 1);
	if (!args) abort();
	memcpy(args, data, size);
	args[size] = '\0';
	char *argv[66];
	int argc = 0;
	argv[argc++] = (char *)"passend";
	for (char *p = args; p <= args + size && argc < 65; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	int rc = cli_run(root, argc, argv, devnull, devnull);
	FUZZ_CHECK(rc == CLI_EXIT_OK || rc == CLI_EXIT_SERVER || rc == CLI_EXIT_USAGE ||
	               rc == CLI_EXIT_CONNECT || rc == STOPPED,
	           "exit code outside the documented ones");
	free(args);
	return 0;
}
