/*
 * Global one-line settings: hostname, enable secret/password, service,
 * ip domain, ip http, ip forward-protocol.  All live in the sys_global row.
 */
#include "sys_cmds.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/secret.h"

int cmd_hostname(struct vty *v, const struct cmd_args *a)
{
	const char *name = (a->no || a->dflt) ? "Router" : arg(a, "WORD");
	if (!name)
		return vty_error(v, "Incomplete command.");
	size_t n = strlen(name);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '-')
			return vty_error(v, "Hostname contains one or more illegal characters.");
	if (!isalpha((unsigned char)name[0]))
		return vty_error(v, "Hostname should start with a letter");
	if (name[n - 1] == '-')
		return vty_error(v, "Hostname should end with a letter or digit");
	if (n > 63)
		return vty_error(v, "Hostname is too long (maximum 63 characters)");
	if (db_exec("UPDATE sys_global SET hostname = ? WHERE id = 1", "s", name))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* The type keyword may be lost in a LINE capture ("5 $1$..."): split it. */
static int split_type(const struct cmd_args *a, const char *const *types, const char **val)
{
	for (int i = 0; types[i]; i++)
		if (has(a, types[i])) {
			*val = arg(a, "LINE");
			return types[i][0] - '0';
		}
	const char *line = arg(a, "LINE");
	*val = line;
	if (!line)
		return 0;
	for (int i = 0; types[i]; i++)
		if (line[0] == types[i][0] && line[1] == ' ' && line[2]) {
			*val = line + 2;
			return types[i][0] - '0';
		}
	return 0;
}

static int store_secret9(struct vty *v, const char *plain)
{
	char hash[256];
	if (secret_hash9(plain, hash, sizeof hash))
		return vty_error(v, "Failed to hash the secret");
	if (db_exec("UPDATE sys_global SET enable_secret_type = 9, enable_secret = ? WHERE id = 1", "s", hash))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_enable_secret(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt) {
		if (db_exec("UPDATE sys_global SET enable_secret_type = NULL, enable_secret = NULL WHERE id = 1", NULL))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	static const char *const types[] = { "0", "5", "8", "9", NULL };
	const char *val;
	int type = split_type(a, types, &val);
	if (!val || !*val)
		return vty_error(v, "Incomplete command.");
	if (type == 0)
		return store_secret9(v, val);
	if (strchr(val, ' ') || !secret_wellformed(type, val)) {
		vty_out(v, "ERROR: The secret you entered is not a valid encrypted secret.\n"
			   "To enter an UNENCRYPTED secret, do not specify type %d encryption.\n"
			   "When you properly enter an UNENCRYPTED secret, it will be encrypted.\n", type);
		return CMD_ERROR;
	}
	if (db_exec("UPDATE sys_global SET enable_secret_type = ?, enable_secret = ? WHERE id = 1", "ds", type, val))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_enable_secret_scrypt(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return cmd_enable_secret(v, a);
	return store_secret9(v, arg(a, "LINE"));
}

int cmd_enable_password(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt) {
		if (db_exec("UPDATE sys_global SET enable_password_type = NULL, enable_password = NULL WHERE id = 1", NULL))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	static const char *const types[] = { "0", "7", NULL };
	const char *val;
	int type = split_type(a, types, &val);
	if (!val || !*val)
		return vty_error(v, "Incomplete command.");
	if (type == 7) {
		char plain[256];
		if (strchr(val, ' ') || !secret_type7_decode(val, plain, sizeof plain))
			return vty_error(v, "Invalid encrypted password: %s", val);
	}
	if (db_exec("UPDATE sys_global SET enable_password_type = ?, enable_password = ? WHERE id = 1", "ds", type, val))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* service timestamps [debug|log] [uptime | datetime [msec] [localtime] [show-timezone] [year]] */
int cmd_service_timestamps(struct vty *v, const struct cmd_args *a)
{
	bool log = has(a, "log");
	char fmt[64] = "uptime";
	if (has(a, "datetime")) {
		snprintf(fmt, sizeof fmt, "datetime%s%s%s%s",
			 has(a, "msec") ? " msec" : "", has(a, "localtime") ? " localtime" : "",
			 has(a, "show-timezone") ? " show-timezone" : "", has(a, "year") ? " year" : "");
	}
	const char *val = a->no ? NULL : a->dflt ? "datetime msec" : fmt;
	int rc = log ? db_exec("UPDATE sys_global SET ts_log = ? WHERE id = 1", "s", val)
		     : db_exec("UPDATE sys_global SET ts_debug = ? WHERE id = 1", "s", val);
	if (rc)
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_service_pwenc(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE sys_global SET password_encryption = ? WHERE id = 1", "d", (a->no || a->dflt) ? 0 : 1))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ip_domain_name(struct vty *v, const struct cmd_args *a)
{
	const char *name = (a->no || a->dflt) ? NULL : arg(a, "WORD");
	if (db_exec("UPDATE sys_global SET domain_name = ? WHERE id = 1", "s", name))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ip_domain_lookup(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE sys_global SET domain_lookup = ? WHERE id = 1", "d", a->no ? 0 : 1))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ip_http_server(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE sys_global SET http_server = ? WHERE id = 1", "d", a->no ? 0 : 1))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ip_http_secure(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE sys_global SET http_secure_server = ? WHERE id = 1", "d", a->no ? 0 : 1))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ip_http_auth(struct vty *v, const struct cmd_args *a)
{
	const char *m = NULL;
	if (!a->no && !a->dflt)
		m = has(a, "local") ? "local" : has(a, "enable") ? "enable" : has(a, "aaa") ? "aaa" : NULL;
	if (db_exec("UPDATE sys_global SET http_auth = ? WHERE id = 1", "s", m))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ip_forward_nd(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE sys_global SET forward_protocol_nd = ? WHERE id = 1", "d", a->no ? 0 : 1))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ipv6_unicast_routing(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE sys_global SET ipv6_unicast_routing = ? WHERE id = 1", "d", (a->no || a->dflt) ? 0 : 1))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* `boot-start-marker` / `boot-end-marker`: printed around boot commands, accepted back. */
int cmd_boot_marker(struct vty *v, const struct cmd_args *a)
{
	(void)v;
	(void)a;
	return CMD_SUCCESS;
}
