/*
 * Commands about the session itself: privilege, modes, terminal settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_cmds.h"
#include "proto.h"
#include "system/system.h"
#include "vty_session.h"

static void send_term(struct vty *v)
{
	char t[64];
	int n = snprintf(t, sizeof t, "%d\t%d", v->term_length, v->term_width);
	proto_frame(&v->tx, PROTO_TERM, t, (size_t)n);
}

static int enable_answer(struct vty *v, const char *answer, void *data)
{
	(void)data;
	if (sys_enable_check(answer)) {
		v->privilege = 15;
		v->enable_tries = 0;
		return CMD_SUCCESS;
	}
	if (++v->enable_tries < 3) {
		vty_ask(v, "Password: ", false, enable_answer, NULL);
		return CMD_SUCCESS;
	}
	v->enable_tries = 0;
	vty_out(v, "%% Bad secrets\n\n");
	return CMD_ERROR;
}

int cmd_enable(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	if (v->privilege >= 15)
		return CMD_SUCCESS;
	if (sys_enable_configured()) {
		v->enable_tries = 0;
		vty_ask(v, "Password: ", false, enable_answer, NULL);
		return CMD_SUCCESS;
	}
	/* IOS: a vty with no enable password refuses; the console lets you in */
	if (v->peer[0])
		return vty_error(v, "No password set");
	v->privilege = 15;
	return CMD_SUCCESS;
}

int cmd_disable(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	v->privilege = 1;
	return CMD_SUCCESS;
}

int cmd_configure_terminal(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "Enter configuration commands, one per line.  End with CNTL/Z.\n");
	vty_enter(v, MODE_CONFIG, NULL, NULL);
	return CMD_SUCCESS;
}

int cmd_exit_exec(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	v->closing = true;
	proto_frame(&v->tx, PROTO_BYE, "", 0);
	return CMD_SUCCESS;
}

int cmd_exit_config(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	cli_exit_mode(v);
	return CMD_SUCCESS;
}

int cmd_end(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	cli_end_config(v);
	return CMD_SUCCESS;
}

int cmd_terminal_length(struct vty *v, const struct cmd_args *a)
{
	v->term_length = a->no ? 24 : (int)arg_int(a, "<0-512>", 24);
	send_term(v);
	return CMD_SUCCESS;
}

int cmd_terminal_width(struct vty *v, const struct cmd_args *a)
{
	v->term_width = a->no ? 80 : (int)arg_int(a, "<0-512>", 80);
	send_term(v);
	return CMD_SUCCESS;
}

int cmd_terminal_monitor(struct vty *v, const struct cmd_args *a)
{
	v->monitor = !has(a, "no");
	return CMD_SUCCESS;
}

int cmd_show_privilege(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "Current privilege level is %d\n", v->privilege);
	return CMD_SUCCESS;
}

int cmd_show_history(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	for (int i = 0; i < v->hist_count; i++)
		vty_out(v, "  %s\n", v->history[i]);
	return CMD_SUCCESS;
}

int cmd_show_terminal(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "Line %d, Location: \"\", Type: \"\"\n", v->id);
	vty_out(v, "Length: %d lines, Width: %d columns\n", v->term_length, v->term_width);
	return CMD_SUCCESS;
}

/* `version 17.10` in a pasted config: accepted, nothing to store. */
int cmd_config_version(struct vty *v, const struct cmd_args *a)
{
	(void)v;
	(void)a;
	return CMD_SUCCESS;
}
