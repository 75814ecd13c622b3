/* LDAP: aaa group server ldap NAME (config-ldap-sg) and ldap server NAME
 * (config-ldap-server). */
#include "aaa/aaa_cmds.h"

#include <string.h>

#include "base/buf.h"
#include "base/secret.h"
#include "running-config/store.h"

#define CHANGED(v) (vty_config_changed((v), "aaa"), CMD_SUCCESS)

/* ---- aaa group server ldap NAME ---- */

int aaa_cmd_ldap_group(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (aaa_require_new_model(v))
		return CMD_ERROR;
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ldap_group_server WHERE grp=?", "s", name) ||
		    db_exec("DELETE FROM ldap_group WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (!strcmp(name, "radius") || !strcmp(name, "ldap"))
		return vty_error(v, "Server group name \"%s\" is reserved", name);
	if (strlen(name) > 31)
		return vty_error(v, "Server group name \"%s\" is longer than 31 characters", name);
	if (db_exists("SELECT 1 FROM radius_group WHERE name=?", "s", name))
		return vty_error(v, "Server group %s is already defined as a radius server group", name);
	if (db_exec("INSERT OR IGNORE INTO ldap_group(name, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM ldap_group))", "s", name))
		return vty_error(v, "%s", store_errmsg());
	vty_enter(v, MODE_SG_LDAP, name, NULL);
	return CHANGED(v);
}

/* server NAME: like radius groups, the server may be defined later. */
int aaa_cmd_ldap_sg_server(struct vty *v, const struct cmd_args *a)
{
	const char *grp = vty_key(v, 0), *server = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ldap_group_server WHERE grp=? AND server=?", "ss", grp, server))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (db_exists("SELECT 1 FROM ldap_group_server WHERE grp=? AND server=?", "ss", grp, server))
		return CMD_SUCCESS;
	if (db_exec("INSERT INTO ldap_group_server(grp, seq, server) VALUES(?, "
		    "(SELECT COALESCE(MAX(seq),0)+1 FROM ldap_group_server WHERE grp=?), ?)",
		    "sss", grp, grp, server))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

/* ---- ldap server NAME ---- */

int aaa_cmd_ldap_server(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ldap_server WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (strlen(name) > 31)
		return vty_error(v, "Server name \"%s\" is longer than 31 characters", name);
	if (db_exec("INSERT OR IGNORE INTO ldap_server(name, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM ldap_server))", "s", name))
		return vty_error(v, "%s", store_errmsg());
	vty_enter(v, MODE_LDAP_SERVER, name, NULL);
	return CHANGED(v);
}

static int ls_set(struct vty *v, const char *sql, const char *val)
{
	if (db_exec(sql, "ss", val, vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

#define OFF(a) ((a)->no || (a)->dflt)

int aaa_cmd_ls_ipv4(struct vty *v, const struct cmd_args *a)
{
	uint32_t ip;
	if (!OFF(a) && (!aaa_ipv4(arg(a, "A.B.C.D"), &ip) || ip == 0))
		return vty_error(v, "Invalid IP address");
	return ls_set(v, "UPDATE ldap_server SET addr=? WHERE name=?",
		      OFF(a) ? NULL : arg(a, "A.B.C.D"));
}

int aaa_cmd_ls_port(struct vty *v, const struct cmd_args *a)
{
	return ls_set(v, "UPDATE ldap_server SET port=? WHERE name=?", OFF(a) ? NULL : arg(a, "PORT"));
}

int aaa_cmd_ls_attr_map(struct vty *v, const struct cmd_args *a)
{
	return ls_set(v, "UPDATE ldap_server SET attr_map=? WHERE name=?", OFF(a) ? NULL : arg(a, "MAP"));
}

int aaa_cmd_ls_timeout(struct vty *v, const struct cmd_args *a)
{
	return ls_set(v, "UPDATE ldap_server SET timeout=? WHERE name=?", OFF(a) ? NULL : arg(a, "SEC"));
}

int aaa_cmd_ls_bind(struct vty *v, const struct cmd_args *a)
{
	const char *pw = OFF(a) ? NULL : arg(a, "PW");
	int kt = aaa_key_type(a);
	if (pw && kt == 7 && !secret_wellformed(7, pw))
		return vty_error(v, "Invalid encrypted password");
	if (db_exec("UPDATE ldap_server SET root_dn=?, pw_type=?, pw=? WHERE name=?", "siss",
		    OFF(a) ? NULL : arg(a, "DN"), (long long)(pw ? kt : 0), pw, vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_ls_base_dn(struct vty *v, const struct cmd_args *a)
{
	return ls_set(v, "UPDATE ldap_server SET base_dn=? WHERE name=?", OFF(a) ? NULL : arg(a, "LINE"));
}

int aaa_cmd_ls_search_filter(struct vty *v, const struct cmd_args *a)
{
	return ls_set(v, "UPDATE ldap_server SET search_filter=? WHERE name=?",
		      OFF(a) ? NULL : arg(a, "TYPE"));
}

int aaa_cmd_ls_authentication(struct vty *v, const struct cmd_args *a)
{
	const char *mode = NULL;
	if (!OFF(a)) {
		if (has(a, "compare"))
			mode = "compare";
		else if (has(a, "no-authorization"))
			mode = "bind-first no-authorization";
		else
			mode = "bind-first";
	}
	return ls_set(v, "UPDATE ldap_server SET auth=? WHERE name=?", mode);
}

/* ---- rendering ---- */

/* aaa group server ldap blocks (after the radius groups). */
void aaa_render_ldap_groups(struct buf *b)
{
	sqlite3_stmt *g = db_query("SELECT name FROM ldap_group ORDER BY seq", "");
	while (db_row(g)) {
		const char *name = db_col_text(g, 0);
		buf_printf(b, "aaa group server ldap %s\n", name);
		sqlite3_stmt *s = db_query("SELECT server FROM ldap_group_server WHERE grp=? ORDER BY seq",
					   "s", name);
		while (db_row(s))
			buf_printf(b, " server %s\n", db_col_text(s, 0));
		buf_puts(b, "!\n");
	}
}

/* ldap server blocks (after the radius server blocks). */
void aaa_render_ldap_servers(struct buf *b)
{
	sqlite3_stmt *s = db_query("SELECT name, addr, port, attr_map, timeout, root_dn, pw_type, pw, "
				   "base_dn, search_filter, auth FROM ldap_server ORDER BY seq", "");
	while (db_row(s)) {
		buf_printf(b, "ldap server %s\n", db_col_text(s, 0));
		if (!db_col_null(s, 1))
			buf_printf(b, " ipv4 %s\n", db_col_text(s, 1));
		if (!db_col_null(s, 2))
			buf_printf(b, " transport port %lld\n", db_col_int(s, 2));
		if (!db_col_null(s, 3))
			buf_printf(b, " attribute map %s\n", db_col_text(s, 3));
		if (!db_col_null(s, 4))
			buf_printf(b, " timeout retransmit %lld\n", db_col_int(s, 4));
		if (!db_col_null(s, 5)) {
			buf_printf(b, " bind authenticate root-dn %s", db_col_text(s, 5));
			aaa_render_key(b, "password", (int)db_col_int(s, 6), db_col_text(s, 7));
			buf_puts(b, "\n");
		}
		if (!db_col_null(s, 8))
			buf_printf(b, " base-dn %s\n", db_col_text(s, 8));
		if (!db_col_null(s, 9))
			buf_printf(b, " search-filter user-object-type %s\n", db_col_text(s, 9));
		if (!db_col_null(s, 10))
			buf_printf(b, " authentication %s\n", db_col_text(s, 10));
		buf_puts(b, "!\n");
	}
}
