/* radius server NAME (config-radius-server) and the legacy global
 * radius-server commands, ip radius source-interface. */
#include "aaa/aaa_cmds.h"

#include <stdio.h>
#include <string.h>

#include "base/secret.h"
#include "running-config/store.h"

#define CHANGED(v) (vty_config_changed((v), "aaa"), CMD_SUCCESS)

/* ---- radius server NAME ---- */

int aaa_cmd_radius_server(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt) {
		if (!db_exists("SELECT 1 FROM radius_server WHERE name=?", "s", name))
			return CMD_SUCCESS;
		if (db_exec("DELETE FROM radius_server WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (strlen(name) > 31)
		return vty_error(v, "Server name \"%s\" is longer than 31 characters", name);
	if (db_exec("INSERT OR IGNORE INTO radius_server(name, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM radius_server))", "s", name))
		return vty_error(v, "%s", store_errmsg());
	vty_enter(v, MODE_RADIUS_SERVER, name, NULL);
	return CHANGED(v);
}

int aaa_cmd_rs_address(struct vty *v, const struct cmd_args *a)
{
	const char *name = vty_key(v, 0);
	uint32_t ip;
	if (a->no || a->dflt) {
		if (db_exec("UPDATE radius_server SET addr=NULL, auth_port=1645, acct_port=1646 "
			    "WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (!aaa_ipv4(arg(a, "A.B.C.D"), &ip) || ip == 0)
		return vty_error(v, "Invalid IP address");
	if (db_exec("UPDATE radius_server SET addr=?, auth_port=?, acct_port=? WHERE name=?", "siis",
		    arg(a, "A.B.C.D"), arg_int(a, "AUTH", 1645), arg_int(a, "ACCT", 1646), name))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rs_key(struct vty *v, const struct cmd_args *a)
{
	const char *name = vty_key(v, 0);
	int kt = aaa_key_type(a);
	const char *key = (a->no || a->dflt) ? NULL : arg(a, "KEY");
	if (key && kt == 7 && !secret_wellformed(7, key))
		return vty_error(v, "Invalid encrypted key");
	if (db_exec("UPDATE radius_server SET key_type=?, key=? WHERE name=?", "iss",
		    (long long)(key ? kt : 0), key, name))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rs_timeout(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE radius_server SET timeout=? WHERE name=?", "ss",
		    (a->no || a->dflt) ? NULL : arg(a, "SEC"), vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rs_retransmit(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE radius_server SET retransmit=? WHERE name=?", "ss",
		    (a->no || a->dflt) ? NULL : arg(a, "N"), vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rs_tester(struct vty *v, const struct cmd_args *a)
{
	bool off = a->no || a->dflt;
	if (db_exec("UPDATE radius_server SET tester_user=?, tester_probe_on=? WHERE name=?", "sis",
		    off ? NULL : arg(a, "USER"), (long long)(!off && has(a, "probe-on")), vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

/* ---- legacy radius-server ... ---- */

static int host_store(struct vty *v, const struct cmd_args *a)
{
	const char *addr = arg(a, "A.B.C.D");
	long long auth = arg_int(a, "AUTH", 1645), acct = arg_int(a, "ACCT", 1646);
	const char *key = arg(a, "KEY");
	int kt = aaa_key_type(a);
	uint32_t ip;

	if (!aaa_ipv4(addr, &ip) || ip == 0)
		return vty_error(v, "Invalid IP address");
	if (a->no || a->dflt) {
		/* `no radius-server host A` removes every entry of that address
		 * unless ports narrow it down. */
		if (has(a, "AUTH") || has(a, "ACCT")) {
			if (db_exec("DELETE FROM radius_host WHERE addr=? AND auth_port=? AND acct_port=?",
				    "sii", addr, auth, acct))
				return vty_error(v, "%s", store_errmsg());
		} else if (db_exec("DELETE FROM radius_host WHERE addr=?", "s", addr)) {
			return vty_error(v, "%s", store_errmsg());
		}
		return CHANGED(v);
	}
	if (key && kt == 7 && !secret_wellformed(7, key))
		return vty_error(v, "Invalid encrypted key");
	if (db_exec("INSERT OR IGNORE INTO radius_host(addr, auth_port, acct_port, seq) "
		    "VALUES(?,?,?,(SELECT COALESCE(MAX(seq),0)+1 FROM radius_host))", "sii",
		    addr, auth, acct) ||
	    db_exec("UPDATE radius_host SET timeout=?, retransmit=?, key_type=?, key=? "
		    "WHERE addr=? AND auth_port=? AND acct_port=?", "ssissii",
		    arg(a, "SEC"), arg(a, "N"), (long long)(key ? kt : 0), key, addr, auth, acct))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rglobal_host(struct vty *v, const struct cmd_args *a)
{
	return host_store(v, a);
}

/* Seed 000 writes `radius-server address ipv4 A auth-port P acct-port Q`,
 * which IOS has no such command for.  Nothing names the server there, so
 * the closest IOS form is the legacy host entry. */
int aaa_cmd_rglobal_address_alias(struct vty *v, const struct cmd_args *a)
{
	int r = host_store(v, a);
	if (r == CMD_SUCCESS && !a->no && !a->dflt)
		vty_note(v, "stored as \"radius-server host %s auth-port %lld acct-port %lld\"",
			 arg(a, "A.B.C.D"), arg_int(a, "AUTH", 1645), arg_int(a, "ACCT", 1646));
	return r;
}

static int global_set(struct vty *v, const char *sql, const char *val)
{
	if (db_exec(sql, "s", val))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rglobal_timeout(struct vty *v, const struct cmd_args *a)
{
	return global_set(v, "UPDATE radius_global SET timeout=? WHERE id=1",
			  (a->no || a->dflt) ? NULL : arg(a, "SEC"));
}

int aaa_cmd_rglobal_retransmit(struct vty *v, const struct cmd_args *a)
{
	return global_set(v, "UPDATE radius_global SET retransmit=? WHERE id=1",
			  (a->no || a->dflt) ? NULL : arg(a, "N"));
}

int aaa_cmd_rglobal_deadtime(struct vty *v, const struct cmd_args *a)
{
	return global_set(v, "UPDATE radius_global SET deadtime=? WHERE id=1",
			  (a->no || a->dflt) ? NULL : arg(a, "MIN"));
}

int aaa_cmd_rglobal_key(struct vty *v, const struct cmd_args *a)
{
	const char *key = (a->no || a->dflt) ? NULL : arg(a, "KEY");
	int kt = aaa_key_type(a);
	if (key && kt == 7 && !secret_wellformed(7, key))
		return vty_error(v, "Invalid encrypted key");
	if (db_exec("UPDATE radius_global SET key_type=?, key=? WHERE id=1", "is",
		    (long long)(key ? kt : 0), key))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_rglobal_dead_criteria(struct vty *v, const struct cmd_args *a)
{
	bool off = a->no || a->dflt;
	if (db_exec("UPDATE radius_global SET dead_time=?, dead_tries=? WHERE id=1", "ss",
		    off ? NULL : arg(a, "TIME"), off ? NULL : arg(a, "TRIES")))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_ip_radius_source(struct vty *v, const struct cmd_args *a)
{
	char ifn[64];
	if (a->no || a->dflt)
		return global_set(v, "UPDATE radius_global SET source_if=? WHERE id=1", NULL);
	if (!aaa_ifname(a, ifn, sizeof(ifn)))
		return vty_error(v, "Invalid interface name");
	return global_set(v, "UPDATE radius_global SET source_if=? WHERE id=1", ifn);
}
