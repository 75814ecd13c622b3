/*
 * The engine: flash directory, store, grammar, boot, vty server.
 */
#include "engine.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "base/loop.h"
#include "module.h"
#include "running-config/flash.h"
#include "running-config/store.h"
#include "server.h"
#include "vty_session.h"

static struct grammar *grammar;
static char startup_path[4200];
static char sock_path[4200];
static char private_path[4200];
static long long boot_time;

const struct grammar *engine_grammar(void) { return grammar; }
const char *engine_startup_path(void) { return startup_path; }
long long engine_boot_time(void) { return boot_time; }

static int build_grammar(void)
{
	const struct cmd_def *tables[32];
	size_t counts[32];
	for (size_t i = 0; i < all_modules_count && i < 32; i++) {
		tables[i] = all_modules[i]->cmds;
		counts[i] = all_modules[i]->ncmds;
	}
	char err[512];
	grammar = grammar_build(tables, counts, all_modules_count, MODE_COUNT, err, sizeof err);
	if (!grammar) {
		fprintf(stderr, "flexd: command table error: %s\n", err);
		return -1;
	}
	for (int m = 0; m < MODE_COUNT; m++)
		grammar_set_config_mode(grammar, m, mode_is_config(m));
	return 0;
}

/* Replay a config text through a system vty in global config mode.
 * Returns the number of lines that failed; their errors go to stderr. */
static int replay(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	struct vty *v = vty_new(-1);
	if (!v) {
		fclose(f);
		return 1;
	}
	v->privilege = 15;
	snprintf(v->line_name, sizeof v->line_name, "boot");
	vty_enter(v, MODE_CONFIG, NULL, NULL);
	int failed = 0;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (strcmp(line, "end") == 0)
			break;
		if (vty_run_line(v, line) != CMD_SUCCESS) {
			failed++;
			fprintf(stderr, "flexd: %s: %s\n%s", path, line, buf_str(&v->cmdout));
		}
		buf_reset(&v->cmdout);
		/* a boot replay never leaves global config */
		if (v->depth < 2)
			vty_enter(v, MODE_CONFIG, NULL, NULL);
	}
	free(line);
	fclose(f);
	cli_end_config(v);
	buf_reset(&v->cmdout);
	vty_commit(v);
	vty_free(v);
	return failed;
}

int engine_save_private(void)
{
	for (size_t i = 0; i < all_modules_count; i++)
		if (all_modules[i]->save_private && all_modules[i]->save_private(private_path) != 0)
			return -1;
	return 0;
}

void engine_load_private(void)
{
	for (size_t i = 0; i < all_modules_count; i++)
		if (all_modules[i]->load_private && all_modules[i]->load_private(private_path) != 0)
			fprintf(stderr, "flexd: %s: cannot load %s's private state\n", private_path,
				all_modules[i]->name);
}

int engine_boot_startup(void)
{
	if (store_wipe() != 0)
		return -1;
	replay(startup_path);
	engine_load_private();
	store_commit();
	return 0;
}

int engine_init(const char *flash)
{
	boot_time = time(NULL);
	if (mkdir(flash, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "flexd: cannot create flash directory %s: %s\n", flash, strerror(errno));
		return -1;
	}
	flash_set_dir(flash);
	snprintf(startup_path, sizeof startup_path, "%s/startup-config", flash);
	snprintf(sock_path, sizeof sock_path, "%s/vty.sock", flash);
	snprintf(private_path, sizeof private_path, "%s/private-config", flash);
	char dbpath[4200];
	snprintf(dbpath, sizeof dbpath, "%s/running.db", flash);
	bool fresh = access(dbpath, F_OK) != 0;
	if (build_grammar() != 0)
		return -1;
	if (store_open(dbpath) != 0) {
		fprintf(stderr, "flexd: %s\n", store_errmsg());
		return -1;
	}
	if (loop_init() != 0)
		return -1;
	vty_log_init();
	for (size_t i = 0; i < all_modules_count; i++)
		if (all_modules[i]->init)
			all_modules[i]->init();
	/* running.db survives a crash or restart; a fresh flash boots from
	 * startup-config, as a router does after `reload` */
	if (fresh) {
		replay(startup_path);
		engine_load_private();
		store_commit();
	}
	return 0;
}

int engine_listen(void)
{
	return server_listen(sock_path);
}

int engine_attach(int fd, bool owner)
{
	return server_attach(fd, owner);
}

void engine_run(void)
{
	loop_run();
}

void engine_shutdown(void)
{
	store_commit();
	server_close(sock_path);
	store_close();
}
