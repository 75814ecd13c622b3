/* aaa group server radius NAME (config-sg-radius). */
#include "aaa/aaa_cmds.h"

#include <string.h>

#include "base/secret.h"
#include "running-config/store.h"

#define CHANGED(v) (vty_config_changed((v), "aaa"), CMD_SUCCESS)

int aaa_cmd_group_server(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (aaa_require_new_model(v))
		return CMD_ERROR;
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM radius_group_server WHERE grp=?", "s", name) ||
		    db_exec("DELETE FROM radius_group_private WHERE grp=?", "s", name) ||
		    db_exec("DELETE FROM radius_group WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	/* "radius" names the implicit group of every server. */
	if (!strcmp(name, "radius"))
		return vty_error(v, "Server group name \"radius\" is reserved");
	if (strlen(name) > 31)
		return vty_error(v, "Server group name \"%s\" is longer than 31 characters", name);
	if (db_exists("SELECT 1 FROM ldap_group WHERE name=?", "s", name))
		return vty_error(v, "Server group %s is already defined as an ldap server group", name);
	if (db_exec("INSERT OR IGNORE INTO radius_group(name, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM radius_group))", "s", name))
		return vty_error(v, "%s", store_errmsg());
	vty_enter(v, MODE_SG_RADIUS, name, NULL);
	return CHANGED(v);
}

static int member_name(struct vty *v, const struct cmd_args *a, const char *server)
{
	const char *grp = vty_key(v, 0);
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM radius_group_server WHERE grp=? AND server=?", "ss", grp, server))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (db_exists("SELECT 1 FROM radius_group_server WHERE grp=? AND server=?", "ss", grp, server))
		return CMD_SUCCESS;
	if (db_exec("INSERT INTO radius_group_server(grp, seq, server) VALUES(?, "
		    "(SELECT COALESCE(MAX(seq),0)+1 FROM radius_group_server WHERE grp=?), ?)",
		    "sss", grp, grp, server))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

/* server name X: the server may be defined later (IOS renders groups
 * before `radius server` blocks), so it need not exist yet. */
int aaa_cmd_sg_server_name(struct vty *v, const struct cmd_args *a)
{
	return member_name(v, a, arg(a, "NAME"));
}

/* Seed 000: `radius-server name X` inside the group means `server name X`. */
int aaa_cmd_sg_server_name_alias(struct vty *v, const struct cmd_args *a)
{
	int r = member_name(v, a, arg(a, "NAME"));
	if (r == CMD_SUCCESS && !a->no && !a->dflt)
		vty_note(v, "stored as \"server name %s\"", arg(a, "NAME"));
	return r;
}

int aaa_cmd_sg_server_addr(struct vty *v, const struct cmd_args *a)
{
	const char *grp = vty_key(v, 0), *addr = arg(a, "A.B.C.D");
	long long auth = arg_int(a, "AUTH", 1645), acct = arg_int(a, "ACCT", 1646);
	uint32_t ip;
	if (!aaa_ipv4(addr, &ip) || ip == 0)
		return vty_error(v, "Invalid IP address");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM radius_group_server WHERE grp=? AND addr=?", "ss", grp, addr))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (db_exists("SELECT 1 FROM radius_group_server WHERE grp=? AND addr=? AND auth_port=? "
		      "AND acct_port=?", "ssii", grp, addr, auth, acct))
		return CMD_SUCCESS;
	if (db_exec("INSERT INTO radius_group_server(grp, seq, addr, auth_port, acct_port) VALUES(?, "
		    "(SELECT COALESCE(MAX(seq),0)+1 FROM radius_group_server WHERE grp=?), ?, ?, ?)",
		    "sssii", grp, grp, addr, auth, acct))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_sg_private(struct vty *v, const struct cmd_args *a)
{
	const char *grp = vty_key(v, 0), *addr = arg(a, "A.B.C.D"), *key = arg(a, "KEY");
	long long auth = arg_int(a, "AUTH", 1645), acct = arg_int(a, "ACCT", 1646);
	int kt = aaa_key_type(a);
	long long seq = 0;
	uint32_t ip;

	if (!aaa_ipv4(addr, &ip) || ip == 0)
		return vty_error(v, "Invalid IP address");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM radius_group_private WHERE grp=? AND addr=?", "ss", grp, addr))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (key && kt == 7 && !secret_wellformed(7, key))
		return vty_error(v, "Invalid encrypted key");
	/* same address and ports: replace in place */
	if (!db_get_int(&seq, "SELECT seq FROM radius_group_private WHERE grp=? AND addr=? AND "
			"auth_port=? AND acct_port=?", "ssii", grp, addr, auth, acct))
		db_get_int(&seq, "SELECT COALESCE(MAX(seq),0)+1 FROM radius_group_private WHERE grp=?",
			   "s", grp);
	if (db_exec("INSERT OR REPLACE INTO radius_group_private(grp, seq, addr, auth_port, acct_port, "
		    "timeout, retransmit, key_type, key) VALUES(?,?,?,?,?,?,?,?,?)", "sisiissis",
		    grp, seq, addr, auth, acct, arg(a, "SEC"), arg(a, "N"),
		    (long long)(key ? kt : 0), key))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

static int group_set(struct vty *v, const char *sql, const char *val)
{
	if (db_exec(sql, "ss", val, vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_sg_source(struct vty *v, const struct cmd_args *a)
{
	char ifn[64];
	if (a->no || a->dflt)
		return group_set(v, "UPDATE radius_group SET source_if=? WHERE name=?", NULL);
	if (!aaa_ifname(a, ifn, sizeof(ifn)))
		return vty_error(v, "Invalid interface name");
	return group_set(v, "UPDATE radius_group SET source_if=? WHERE name=?", ifn);
}

int aaa_cmd_sg_vrf(struct vty *v, const struct cmd_args *a)
{
	return group_set(v, "UPDATE radius_group SET vrf=? WHERE name=?",
			 (a->no || a->dflt) ? NULL : arg(a, "VRF"));
}

int aaa_cmd_sg_deadtime(struct vty *v, const struct cmd_args *a)
{
	return group_set(v, "UPDATE radius_group SET deadtime=? WHERE name=?",
			 (a->no || a->dflt) ? NULL : arg(a, "MIN"));
}

int aaa_cmd_sg_load_balance(struct vty *v, const struct cmd_args *a)
{
	return group_set(v, "UPDATE radius_group SET load_balance=? WHERE name=?",
			 (a->no || a->dflt) ? "0" : "1");
}
