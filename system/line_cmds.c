/*
 * Terminal lines: `line con 0`, `line vty A [B]` and the (config-line)
 * commands.  Each line is a row; a command in the sub-mode updates every
 * line of the range that was entered (mode keys: kind, "first last").
 */
#include "sys_cmds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/secret.h"

int cmd_line(struct vty *v, const struct cmd_args *a)
{
	bool vty = has(a, "vty");
	long long lo = vty ? arg_int(a, "first", 0) : 0;
	long long hi = arg_int(a, "last", lo);
	if (hi < lo)
		return vty_error(v, "Invalid line range");
	if (a->no || a->dflt) {
		/* the default lines (con 0, vty 0-4) always exist */
		if (vty && db_exec("DELETE FROM sys_line WHERE kind = 'vty' AND num BETWEEN ? AND ? AND num > 4",
				   "ii", lo, hi))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	/* vty lines exist from 0 up to the highest one created */
	for (long long n = 5; vty && n <= hi; n++)
		if (db_exec("INSERT OR IGNORE INTO sys_line(kind, num, login) VALUES ('vty', ?, 'line')", "i", n))
			return sys_db_fail(v);
	char range[32];
	snprintf(range, sizeof range, "%lld %lld", lo, hi);
	vty_enter(v, MODE_LINE, vty ? "vty" : "con", range);
	return CMD_SUCCESS;
}

static void cur_range(struct vty *v, long long *lo, long long *hi)
{
	*lo = *hi = 0;
	sscanf(vty_key(v, 1), "%lld %lld", lo, hi);
}

/* UPDATE one column of the lines being edited */
#define LINE_SET(v, sql, types, ...) ({                                             \
	long long lo_, hi_;                                                         \
	cur_range(v, &lo_, &hi_);                                                   \
	db_exec("UPDATE sys_line SET " sql " WHERE kind = ? AND num BETWEEN ? AND ?", \
		types "sii", __VA_ARGS__, vty_key(v, 0), lo_, hi_) ? sys_db_fail(v) : CMD_SUCCESS; })
#define LINE_SET0(v, sql) ({                                                        \
	long long lo_, hi_;                                                         \
	cur_range(v, &lo_, &hi_);                                                   \
	db_exec("UPDATE sys_line SET " sql " WHERE kind = ? AND num BETWEEN ? AND ?", \
		"sii", vty_key(v, 0), lo_, hi_) ? sys_db_fail(v) : CMD_SUCCESS; })

int cmd_line_login(struct vty *v, const struct cmd_args *a)
{
	const char *mode = "line", *list = NULL;
	if (a->no)
		mode = NULL;
	else if (a->dflt)
		mode = strcmp(vty_key(v, 0), "vty") ? NULL : "line";
	else if (has(a, "local"))
		mode = "local";
	else if (has(a, "authentication"))
		mode = "auth", list = arg(a, "LIST");
	return LINE_SET(v, "login = ?, login_list = ?", "ss", mode, list);
}

int cmd_line_password(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return LINE_SET0(v, "password = NULL, password_type = NULL");
	int type = has(a, "7") ? 7 : 0;
	const char *pw = arg(a, "LINE");
	if (!has(a, "0") && !has(a, "7") && pw && (pw[0] == '0' || pw[0] == '7') && pw[1] == ' ' && pw[2]) {
		type = pw[0] - '0';   /* the parser kept the type inside LINE */
		pw += 2;
	}
	if (type == 7) {
		char plain[256];
		if (!secret_type7_decode(pw, plain, sizeof plain))
			return vty_error(v, "Invalid encrypted password: %s", pw);
	}
	return LINE_SET(v, "password = ?, password_type = ?", "sd", pw, type);
}

int cmd_line_privilege(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return LINE_SET0(v, "privilege = NULL");
	return LINE_SET(v, "privilege = ?", "i", arg_int(a, "<0-15>", 1));
}

int cmd_line_exec_timeout(struct vty *v, const struct cmd_args *a)
{
	if (a->dflt)
		return LINE_SET0(v, "exec_min = NULL, exec_sec = NULL");
	if (a->no)   /* IOS: `no exec-timeout` means never time out */
		return LINE_SET0(v, "exec_min = 0, exec_sec = 0");
	long long m = arg_int(a, "<0-35791>", 10), s = arg_int(a, "<0-2147483>", 0);
	if (m == 10 && s == 0)
		return LINE_SET0(v, "exec_min = NULL, exec_sec = NULL");
	return LINE_SET(v, "exec_min = ?, exec_sec = ?", "ii", m, s);
}

int cmd_line_transport(struct vty *v, const struct cmd_args *a)
{
	const char *t = NULL;
	if (!a->no && !a->dflt) {
		if (has(a, "all"))
			t = "all";
		else if (has(a, "none"))
			t = "none";
		else if (has(a, "telnet") && has(a, "ssh"))
			t = "telnet ssh";   /* IOS's own order */
		else if (has(a, "telnet"))
			t = "telnet";
		else
			t = "ssh";
	}
	return LINE_SET(v, "transport_in = ?", "s", t);
}

int cmd_line_logging_sync(struct vty *v, const struct cmd_args *a)
{
	return LINE_SET(v, "logging_sync = ?", "d", (a->no || a->dflt) ? 0 : 1);
}

int cmd_line_length(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt || arg_int(a, "<0-512>", 24) == 24)
		return LINE_SET0(v, "length = NULL");
	return LINE_SET(v, "length = ?", "i", arg_int(a, "<0-512>", 24));
}

int cmd_line_stopbits(struct vty *v, const struct cmd_args *a)
{
	/* The console starts at 1 (shown); once changed every value is shown, so the
	 * text round-trips.  `no`/`default` give the async default, 2. */
	const char *sb = "2";
	if (!a->no && !a->dflt)
		sb = has(a, "1.5") ? "1.5" : has(a, "2") ? "2" : "1";
	return LINE_SET(v, "stopbits = ?", "s", sb);
}

int cmd_line_access_class(struct vty *v, const struct cmd_args *a)
{
	bool out = has(a, "out");
	char val[300];
	const char *acl = arg(a, "ACL");
	if (a->no || a->dflt)
		return out ? LINE_SET0(v, "access_out = NULL") : LINE_SET0(v, "access_in = NULL");
	snprintf(val, sizeof val, "%s%s", acl, has(a, "vrf-also") ? " vrf-also" : "");
	return out ? LINE_SET(v, "access_out = ?", "s", val) : LINE_SET(v, "access_in = ?", "s", val);
}
