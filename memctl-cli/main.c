// SPDX-License-Identifier: GPL-2.0
/*
 * memctl: global options, exact verb dispatch, help and version.
 *
 *   memctl [-j] [-p] [--sysroot DIR] [-d PATH] VERB [ARGS...]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char global_usage[] =
	"usage: memctl [-j|--json] [-p|--pretty] [--sysroot DIR] [-d|--device PATH] VERB [ARGS...]\n"
	"       memctl help [VERB]\n"
	"       memctl --version\n";

static const char global_options[] =
	"Global options (before the verb):\n"
	"  -j, --json          print one JSON document on stdout (also after the verb)\n"
	"  -p, --pretty        indented JSON (implies --json)\n"
	"      --sysroot DIR   read the kernel views from a snapshot (DIR/proc, DIR/sys)\n"
	"  -d, --device PATH   the memlab device (default /dev/memlab, or $MEMCTL_DEVICE)\n"
	"  -h, --help          this text\n"
	"  -V, --version       memctl's version\n"
	"\n"
	"Exit status: 0 ok, 1 the operation failed, 2 usage error,\n"
	"3 /dev/memlab (stat, monitor, ls -N: memlab's netlink family) missing or\n"
	"not accessible.\n";

static void print_global_help(FILE *f)
{
	fputs(global_usage, f);
	fputc('\n', f);
	cli_print_verbs(f);
	fputc('\n', f);
	fputs(global_options, f);
	fputs("\nRun `memctl help VERB` for a verb's options and examples; man memctl.\n",
	      f);
}

int cmd_help(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	const struct cli_cmd *cmd;
	int c, rc;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1) {
		if (c == CLI_OPT_HELP)
			return CLI_EXIT_OK;
		return CLI_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	rc = cli_nargs(cli, argc, 0, 1);
	if (rc)
		return rc;
	if (!argc) {
		print_global_help(stdout);
		return CLI_EXIT_OK;
	}
	cmd = cli_find_cmd(argv[0]);
	if (!cmd) {
		cli_warn("help: no verb '%s'; `memctl help` lists them", argv[0]);
		return CLI_EXIT_USAGE;
	}
	cli_print_help(stdout, cmd);
	return CLI_EXIT_OK;
}

static void print_version(struct cli *cli)
{
	struct json_object *o;

	if (!cli->json) {
		printf("memctl %s (memlab interface %d, json-c %s)\n",
		       MEMCTL_CLI_VERSION, MEMLAB_VERSION, json_c_version());
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "version",
			       json_object_new_string(MEMCTL_CLI_VERSION));
	json_object_object_add(o, "interface",
			       json_object_new_int(MEMLAB_VERSION));
	cli_json_print(cli, o);
}

/*
 * Verbs are matched exactly. For a miss, suggest verbs that begin with
 * what was typed (or that it begins with) so "memctl create" still helps.
 */
static int unknown_verb(const char *verb)
{
	size_t i, n = strlen(verb), hits = 0;

	cli_warn("unknown verb '%s'", verb);
	for (i = 0; i < cli_nr_cmds; i++) {
		const char *name = cli_cmds[i].name;

		if (n < 2 || (strncmp(name, verb, n) &&
			      strncmp(name, verb, strlen(name))))
			continue;
		fprintf(stderr, "%s `memctl %s`", hits ? "," : "Did you mean",
			name);
		hits++;
	}
	if (hits)
		fputs("?\n", stderr);
	fputs("Run `memctl help` for the list of verbs.\n", stderr);
	return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "sysroot", required_argument, NULL, 'r' },
		{ "device", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct cli cli = { 0 };
	bool version = false;
	int c, rc;

	cli.device = getenv("MEMCTL_DEVICE");
	if (cli.device && !*cli.device)
		cli.device = NULL;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:jpd:hV", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			cli.json = true;
			break;
		case 'p':
			cli.json = true;
			cli.pretty = true;
			break;
		case 'r':
			cli.sysroot = optarg;
			break;
		case 'd':
			cli.device = optarg;
			break;
		case 'h':
			print_global_help(stdout);
			return CLI_EXIT_OK;
		case 'V':
			version = true;
			break;
		case ':':
			cli_warn("option %s needs a value", argv[optind - 1]);
			fputs(global_usage, stderr);
			return CLI_EXIT_USAGE;
		default:
			if (optopt)
				cli_warn("unknown option -%c", optopt);
			else
				cli_warn("unknown option %s", argv[optind - 1]);
			fputs(global_usage, stderr);
			fputs("Run `memctl help` for the list of verbs.\n", stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (version) {
		print_version(&cli);
		return CLI_EXIT_OK;
	}
	if (optind >= argc) {
		cli_warn("no verb given");
		fputs(global_usage, stderr);
		fputs("Run `memctl help` for the list of verbs.\n", stderr);
		return CLI_EXIT_USAGE;
	}
	if (cli.sysroot && !*cli.sysroot) {
		cli_warn("--sysroot needs a directory");
		return CLI_EXIT_USAGE;
	}

	cli.cmd = cli_find_cmd(argv[optind]);
	if (!cli.cmd)
		return unknown_verb(argv[optind]);

	argc -= optind;
	argv += optind;
	optind = 0;		/* full getopt reset for the verb's options */
	rc = cli.cmd->run(&cli, argc, argv);

	if (cli.ctx)
		memctl_close(cli.ctx);
	if (cli.nl)
		memctl_nl_close(cli.nl);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno != EPIPE)
			cli_warn("writing the output: %s", strerror(errno));
		if (!rc)
			rc = CLI_EXIT_FAIL;
	}
	return rc;
}
