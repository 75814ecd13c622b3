/*
 * running-config and startup-config: show, write memory, copy, reload.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cmds.h"
#include "engine.h"
#include "interface/ifname.h"
#include "running-config/render.h"
#include "running-config/sections.h"
#include "running-config/store.h"
#include "vty_session.h"

#define NVRAM_SIZE 33554432 /* what a C8000V reports for nvram: */

int cmd_show_running(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	struct buf b = BUF_INIT;
	rc_render_show(&b);
	vty_write(v, b.s, b.len);
	vty_out(v, "\n");
	buf_free(&b);
	return CMD_SUCCESS;
}

int cmd_show_running_interface(struct vty *v, const struct cmd_args *a)
{
	char name[64];
	const char *ifn = arg(a, "IFNAME");
	if (!ifname_canonical(ifn, arg(a, "IFNUM"), name, sizeof name))
		return vty_error(v, "Invalid interface %s", ifn);
	struct buf block = BUF_INIT;
	if (if_render_one(&block, name) != 0) {
		buf_free(&block);
		return vty_error(v, "Invalid input detected: no interface %s", name);
	}
	struct buf body = BUF_INIT;
	buf_puts(&body, "!\n");
	buf_add(&body, buf_str(&block), block.len);
	buf_puts(&body, "end\n");
	vty_out(v, "Building configuration...\n\nCurrent configuration : %zu bytes\n%s\n", body.len + 1, buf_str(&body));
	buf_free(&body);
	buf_free(&block);
	return CMD_SUCCESS;
}

/* Write the rendered body to startup-config atomically (tmp + rename). */
static int save_startup(struct vty *v)
{
	struct buf body = BUF_INIT;
	rc_render_body(&body);
	char tmp[4300];
	snprintf(tmp, sizeof tmp, "%s.tmp", engine_startup_path());
	FILE *f = fopen(tmp, "w");
	int rc = 0;
	if (!f || fwrite(body.s, 1, body.len, f) != body.len || fflush(f) != 0 || fsync(fileno(f)) != 0)
		rc = -1;
	if (f && fclose(f) != 0)
		rc = -1;
	if (rc == 0 && rename(tmp, engine_startup_path()) != 0)
		rc = -1;
	if (rc == 0 && engine_save_private() != 0)
		rc = -1;
	buf_free(&body);
	if (rc != 0) {
		unlink(tmp);
		vty_out(v, "%%Error writing nvram:startup-config (%s)\n", strerror(errno));
		return CMD_ERROR;
	}
	return CMD_SUCCESS;
}

int cmd_write_memory(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "Building configuration...\n");
	if (save_startup(v) != CMD_SUCCESS)
		return CMD_ERROR;
	vty_out(v, "[OK]\n");
	return CMD_SUCCESS;
}

static int copy_answer(struct vty *v, const char *answer, void *data)
{
	(void)data;
	if (*answer && strcmp(answer, "startup-config") != 0)
		return vty_error(v, "Only startup-config is supported as destination");
	vty_out(v, "Building configuration...\n");
	if (save_startup(v) != CMD_SUCCESS)
		return CMD_ERROR;
	vty_out(v, "[OK]\n");
	return CMD_SUCCESS;
}

int cmd_copy_run_start(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_ask(v, "Destination filename [startup-config]? ", true, copy_answer, NULL);
	return CMD_SUCCESS;
}

int cmd_show_startup(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	FILE *f = fopen(engine_startup_path(), "r");
	if (!f) {
		vty_out(v, "startup-config is not present\n");
		return CMD_SUCCESS;
	}
	struct buf body = BUF_INIT;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&body, chunk, n);
	fclose(f);
	vty_out(v, "Using %zu out of %d bytes\n", body.len, NVRAM_SIZE);
	vty_write(v, buf_str(&body), body.len);
	vty_out(v, "\n");
	buf_free(&body);
	return CMD_SUCCESS;
}

static int reload_answer(struct vty *v, const char *answer, void *data)
{
	(void)data;
	if (*answer && strncasecmp(answer, "confirm", strlen(answer)) != 0 && strcasecmp(answer, "y") != 0)
		return CMD_SUCCESS;
	if (engine_boot_startup() != 0)
		return vty_error(v, "Reload failed: %s", store_errmsg());
	/* every session is back at the start, as after a real reload */
	for (int i = 0; i < vty_all_count; i++) {
		vty_all[i]->depth = 1;
		if (vty_all[i] != v)
			vty_all[i]->privilege = 1;
	}
	vty_out(v, "\n%%SYS-5-RELOAD: Reload requested by %s on %s. Reload Reason: Reload Command.\n",
		*v->user ? v->user : "console", v->line_name);
	return CMD_SUCCESS;
}

int cmd_reload(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_ask(v, "Proceed with reload? [confirm]", true, reload_answer, NULL);
	return CMD_SUCCESS;
}
