/*
 * VRFs (`vrf definition NAME` with its address families, legacy `ip vrf
 * NAME`) and the QoS objects an interface's service-policy names
 * (`class-map`, `policy-map` with its classes).
 */
#include "sys_cmds.h"

#include <string.h>

#include "base/buf.h"
#include "cli/vty_session.h"
#include "running-config/sections.h"

bool sys_vrf_exists(const char *name)
{
	return db_exists("SELECT 1 FROM sys_vrf WHERE name = ?", "s", name);
}

/* IOS takes the IPv4 addresses off the interfaces of a deleted VRF. */
static int vrf_delete(struct vty *v, const char *name)
{
	if (db_exists("SELECT 1 FROM if_interface WHERE vrf = ?", "s", name)) {
		vty_out(v, "%% IPv4 addresses from all interfaces in VRF %s have been removed\n", name);
		if (db_exec("DELETE FROM if_secondary WHERE ifname IN (SELECT name FROM if_interface WHERE vrf = ?)",
			    "s", name)
		    || db_exec("UPDATE if_interface SET ip_mode = NULL, ip_address = NULL, ip_mask = NULL "
			       "WHERE vrf = ? AND ip_mode = 'static'", "s", name)
		    || db_exec("UPDATE if_interface SET vrf = NULL, vrf_legacy = 0 WHERE vrf = ?", "s", name))
			return sys_db_fail(v);
	}
	if (db_exec("DELETE FROM sys_vrf WHERE name = ?", "s", name))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* vrf definition NAME | ip vrf NAME */
int cmd_vrf(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	int legacy = has(a, "ip") ? 1 : 0;
	long long old;
	bool exists = db_get_int(&old, "SELECT legacy FROM sys_vrf WHERE name = ?", "s", name);
	if (a->no || a->dflt) {
		if (!exists)
			return vty_error(v, "VRF %s does not exist", name);
		return vrf_delete(v, name);
	}
	if (exists && old != legacy)
		return vty_error(v, legacy ? "Use 'vrf definition %s' command" : "Use 'ip vrf %s' command", name);
	if (db_exec("INSERT OR IGNORE INTO sys_vrf(name, legacy) VALUES (?, ?)", "sd", name, legacy))
		return sys_db_fail(v);
	vty_enter(v, MODE_VRF, name, NULL);
	return CMD_SUCCESS;
}

int cmd_vrf_description(struct vty *v, const struct cmd_args *a)
{
	const char *d = (a->no || a->dflt) ? NULL : arg(a, "LINE");
	if (db_exec("UPDATE sys_vrf SET description = ? WHERE name = ?", "ss", d, vty_key(v, 0)))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_vrf_rd(struct vty *v, const struct cmd_args *a)
{
	const char *name = vty_key(v, 0);
	if (a->no || a->dflt) {
		if (db_exec("UPDATE sys_vrf SET rd = NULL WHERE name = ?", "s", name))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	const char *rd = arg(a, "RD");
	const char *colon = strchr(rd, ':');
	if (!colon || colon == rd || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return vty_caret_error_at(v, a, "RD");
	if (db_exists("SELECT 1 FROM sys_vrf WHERE name = ? AND rd IS NOT NULL AND rd != ?", "ss", name, rd))
		return vty_error(v, "Do \"no rd\" before redefining the RD");
	if (db_exec("UPDATE sys_vrf SET rd = ? WHERE name = ?", "ss", rd, name))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* address-family {ipv4|ipv6} (vrf definition only) */
int cmd_vrf_af(struct vty *v, const struct cmd_args *a)
{
	const char *name = vty_key(v, 0);
	const char *af = has(a, "ipv6") ? "ipv6" : "ipv4";
	if (db_exists("SELECT 1 FROM sys_vrf WHERE name = ? AND legacy = 1", "s", name))
		return vty_error(v, "Address family commands are not supported under 'ip vrf'");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM sys_vrf_af WHERE vrf = ? AND af = ?", "ss", name, af))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	if (db_exec("INSERT OR IGNORE INTO sys_vrf_af(vrf, af) VALUES (?, ?)", "ss", name, af))
		return sys_db_fail(v);
	vty_enter(v, MODE_VRF_AF, name, af);
	return CMD_SUCCESS;
}

int cmd_vrf_exit_af(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	cli_exit_mode(v);
	return CMD_SUCCESS;
}

/* class-map [match-all|match-any] NAME */
int cmd_class_map(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (!db_exists("SELECT 1 FROM sys_class_map WHERE name = ?", "s", name))
			return vty_error(v, "Class-map %s not configured", name);
		if (db_exists("SELECT 1 FROM sys_policy_map_class WHERE class = ?", "s", name))
			return vty_error(v, "Class-map %s is being used", name);
		if (db_exec("DELETE FROM sys_class_map WHERE name = ?", "s", name))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	if (!strcmp(name, "class-default"))
		return vty_error(v, "class-default is a predefined class");
	if (db_exec("INSERT INTO sys_class_map(name, match_any) VALUES (?, ?) "
		    "ON CONFLICT(name) DO UPDATE SET match_any = excluded.match_any",
		    "sd", name, has(a, "match-any") ? 1 : 0))
		return sys_db_fail(v);
	vty_enter(v, MODE_CLASS_MAP, name, NULL);
	return CMD_SUCCESS;
}

/* match access-group name ACL */
int cmd_class_map_match(struct vty *v, const struct cmd_args *a)
{
	const char *cm = vty_key(v, 0), *acl = arg(a, "ACL");
	int rc = (a->no || a->dflt)
		 ? db_exec("DELETE FROM sys_class_map_match WHERE cmap = ? AND acl = ?", "ss", cm, acl)
		 : db_exec("INSERT OR IGNORE INTO sys_class_map_match(cmap, seq, acl) VALUES (?, "
			   "(SELECT IFNULL(MAX(seq), 0) + 1 FROM sys_class_map_match WHERE cmap = ?), ?)",
			   "sss", cm, cm, acl);
	return rc ? sys_db_fail(v) : CMD_SUCCESS;
}

/* policy-map NAME */
int cmd_policy_map(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (!db_exists("SELECT 1 FROM sys_policy_map WHERE name = ?", "s", name))
			return vty_error(v, "Policy-map %s not configured", name);
		if (db_exec("DELETE FROM sys_policy_map WHERE name = ?", "s", name))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	if (db_exec("INSERT OR IGNORE INTO sys_policy_map(name) VALUES (?)", "s", name))
		return sys_db_fail(v);
	vty_enter(v, MODE_POLICY_MAP, name, NULL);
	return CMD_SUCCESS;
}

/* class NAME (in a policy-map); class-default always exists */
int cmd_policy_map_class(struct vty *v, const struct cmd_args *a)
{
	const char *pm = vty_key(v, 0), *cls = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM sys_policy_map_class WHERE pmap = ? AND class = ?", "ss", pm, cls))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	if (strcmp(cls, "class-default") && !db_exists("SELECT 1 FROM sys_class_map WHERE name = ?", "s", cls))
		return vty_error(v, "class-map %s not configured", cls);
	if (db_exec("INSERT OR IGNORE INTO sys_policy_map_class(pmap, seq, class) VALUES (?, "
		    "(SELECT IFNULL(MAX(seq), 0) + 1 FROM sys_policy_map_class WHERE pmap = ?), ?)",
		    "sss", pm, pm, cls))
		return sys_db_fail(v);
	vty_enter(v, MODE_POLICY_MAP_CLASS, pm, cls);
	return CMD_SUCCESS;
}

/* ---- rendering ---- */

/* Inside the header, after the boot markers (IOS-XE 17 order). */
void sys_render_vrfs(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT name, legacy, description, rd FROM sys_vrf ORDER BY name", NULL);
	while (db_row(st)) {
		const char *name = db_col_text(st, 0);
		bool legacy = db_col_int(st, 1);
		buf_printf(b, "%s %s\n", legacy ? "ip vrf" : "vrf definition", name);
		if (!db_col_null(st, 2))
			buf_printf(b, " description %s\n", db_col_text(st, 2));
		if (!db_col_null(st, 3))
			buf_printf(b, " rd %s\n", db_col_text(st, 3));
		sqlite3_stmt *af = db_query("SELECT af FROM sys_vrf_af WHERE vrf = ? ORDER BY af", "s", name);
		while (db_row(af))
			buf_printf(b, " !\n address-family %s\n exit-address-family\n", db_col_text(af, 0));
		buf_puts(b, "!\n");
	}
}

void sys_render_qos(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT name, match_any FROM sys_class_map ORDER BY name", NULL);
	while (db_row(st)) {
		const char *name = db_col_text(st, 0);
		buf_printf(b, "class-map %s %s\n", db_col_int(st, 1) ? "match-any" : "match-all", name);
		sqlite3_stmt *m = db_query("SELECT acl FROM sys_class_map_match WHERE cmap = ? ORDER BY seq", "s", name);
		while (db_row(m))
			buf_printf(b, " match access-group name %s\n", db_col_text(m, 0));
		buf_puts(b, "!\n");
	}
	st = db_query("SELECT name FROM sys_policy_map ORDER BY name", NULL);
	while (db_row(st)) {
		const char *name = db_col_text(st, 0);
		buf_printf(b, "policy-map %s\n", name);
		sqlite3_stmt *c = db_query("SELECT class FROM sys_policy_map_class WHERE pmap = ? "
					   "ORDER BY class = 'class-default', seq", "s", name);
		while (db_row(c))
			buf_printf(b, " class %s\n", db_col_text(c, 0));
		buf_puts(b, "!\n");
	}
}
