/* crypto ikev2 name-mangler, crypto ikev2 client flexvpn, crypto ikev2 cluster. */
#include <stdio.h>
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

/* ---------- name-mangler ---------- */

int ik_cmd_mangler(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt)
		return db_exec("DELETE FROM ikev2_name_mangler WHERE name=?", "s", name) ? ik_dberr(v) : CMD_SUCCESS;
	if (db_exec("INSERT OR IGNORE INTO ikev2_name_mangler(name) VALUES(?)", "s", name))
		return ik_dberr(v);
	vty_enter(v, MODE_IKEV2_NAME_MANGLER, name, NULL);
	return CMD_SUCCESS;
}

/* fqdn|email|dn FIELD ; eap {all | dn FIELD | prefix|suffix delimiter {.|@|\}} */
int ik_cmd_nm_rule(struct vty *v, const struct cmd_args *a)
{
	const char *nm = vty_key(v, 0);
	bool clear = a->no || a->dflt;
	const char *field = arg(a, "FIELD");
	int rc;

	if (has(a, "eap")) {
		char rule[96] = "";
		if (!clear) {
			if (has(a, "all")) {
				snprintf(rule, sizeof rule, "all");
			} else if (has(a, "dn")) {
				snprintf(rule, sizeof rule, "dn %s", field);
			} else {
				const char *d = arg(a, "DELIM");
				if (strcmp(d, ".") && strcmp(d, "@") && strcmp(d, "\\"))
					return vty_error(v, "Invalid delimiter %s: use one of . @ \\", d);
				snprintf(rule, sizeof rule, "%s delimiter %s", has(a, "prefix") ? "prefix" : "suffix", d);
			}
		}
		rc = db_exec("UPDATE ikev2_name_mangler SET eap=? WHERE name=?", "ss", clear ? NULL : rule, nm);
	} else if (has(a, "fqdn")) {
		rc = db_exec("UPDATE ikev2_name_mangler SET fqdn=? WHERE name=?", "ss", clear ? NULL : field, nm);
	} else if (has(a, "email")) {
		rc = db_exec("UPDATE ikev2_name_mangler SET email=? WHERE name=?", "ss", clear ? NULL : field, nm);
	} else {
		rc = db_exec("UPDATE ikev2_name_mangler SET dn=? WHERE name=?", "ss", clear ? NULL : field, nm);
	}
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* ---------- client flexvpn ---------- */

#define CL vty_key(v, 0)

int ik_cmd_flexvpn(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt)
		return db_exec("DELETE FROM ikev2_flexvpn WHERE name=?", "s", name) ? ik_dberr(v) : CMD_SUCCESS;
	if (db_exec("INSERT OR IGNORE INTO ikev2_flexvpn(name) VALUES(?)", "s", name))
		return ik_dberr(v);
	vty_enter(v, MODE_IKEV2_FLEXVPN, name, NULL);
	return CMD_SUCCESS;
}

/* peer <1-255> {A.B.C.D | X:X::X:X | fqdn NAME [dynamic [ipv6]]} [track <1-1000> [up|down]] */
int ik_cmd_fx_peer(struct vty *v, const struct cmd_args *a)
{
	long long num = arg_int(a, "<1-255>", 1);
	if (a->no || a->dflt)
		return db_exec("DELETE FROM ikev2_flexvpn_peer WHERE client=? AND num=?", "si", CL, num)
		       ? ik_dberr(v) : CMD_SUCCESS;
	const char *addr = arg(a, "A.B.C.D");
	if (!addr)
		addr = arg(a, "X:X::X:X");
	const char *st = has(a, "up") ? "up" : has(a, "down") ? "down" : NULL;
	if (db_exec("INSERT OR REPLACE INTO ikev2_flexvpn_peer(client, num, address, fqdn, dynamic, ipv6, track, track_state)"
		    " VALUES(?,?,?,?,?,?,?,?)", "sissddss", CL, num, addr, arg(a, "FQDN"), has(a, "dynamic"),
		    has(a, "ipv6"), arg(a, "TRACK"), st))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* peer reactivate */
int ik_cmd_fx_reactivate(struct vty *v, const struct cmd_args *a)
{
	return db_exec("UPDATE ikev2_flexvpn SET peer_reactivate=? WHERE name=?", "ds", !(a->no || a->dflt), CL)
	       ? ik_dberr(v) : CMD_SUCCESS;
}

/* client connect IF | client inside IF */
int ik_cmd_fx_client(struct vty *v, const struct cmd_args *a)
{
	char ifn[64];
	const char *val = NULL;
	if (!(a->no || a->dflt)) {
		ik_ifname(a, ifn, sizeof ifn);
		val = ifn;
	}
	int rc = has(a, "connect")
	       ? db_exec("UPDATE ikev2_flexvpn SET client_connect=? WHERE name=?", "ss", val, CL)
	       : db_exec("UPDATE ikev2_flexvpn SET client_inside=? WHERE name=?", "ss", val, CL);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* connect {auto|manual} | connect track <1-1000> [up|down] */
int ik_cmd_fx_connect(struct vty *v, const struct cmd_args *a)
{
	const char *mode = NULL, *st = NULL, *track = NULL;
	if (!(a->no || a->dflt) && !has(a, "auto")) {
		mode = has(a, "manual") ? "manual" : "track";
		track = arg(a, "TRACK");
		st = has(a, "up") ? "up" : has(a, "down") ? "down" : NULL;
	}
	return db_exec("UPDATE ikev2_flexvpn SET connect_mode=?, connect_track=?, connect_track_state=? WHERE name=?",
		       "ssss", mode, track, st, CL) ? ik_dberr(v) : CMD_SUCCESS;
}

/* source <1-255> IF [track <1-1000>] */
int ik_cmd_fx_source(struct vty *v, const struct cmd_args *a)
{
	long long num = arg_int(a, "<1-255>", 1);
	if (a->no || a->dflt)
		return db_exec("DELETE FROM ikev2_flexvpn_source WHERE client=? AND num=?", "si", CL, num)
		       ? ik_dberr(v) : CMD_SUCCESS;
	char ifn[64];
	ik_ifname(a, ifn, sizeof ifn);
	return db_exec("INSERT OR REPLACE INTO ikev2_flexvpn_source(client, num, ifname, track) VALUES(?,?,?,?)",
		       "siss", CL, num, ifn, arg(a, "TRACK")) ? ik_dberr(v) : CMD_SUCCESS;
}

/* backup group {<1-255>|default} */
int ik_cmd_fx_backup(struct vty *v, const struct cmd_args *a)
{
	const char *g = has(a, "default") ? "default" : arg(a, "<1-255>");
	if (a->no || a->dflt)
		g = NULL;
	return db_exec("UPDATE ikev2_flexvpn SET backup_group=? WHERE name=?", "ss", g, CL) ? ik_dberr(v) : CMD_SUCCESS;
}

/* ---------- cluster ---------- */

int ik_cmd_cluster(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return db_exec("DELETE FROM ikev2_cluster", NULL) ? ik_dberr(v) : CMD_SUCCESS;
	if (db_exec("INSERT OR IGNORE INTO ikev2_cluster(id) VALUES(1)", NULL))
		return ik_dberr(v);
	vty_enter(v, MODE_IKEV2_CLUSTER, NULL, NULL);
	return CMD_SUCCESS;
}

static const struct {
	const char *k1, *k2;
	const char *sql;
} cluster_cols[] = {
	{ "standby-group", NULL, "UPDATE ikev2_cluster SET standby_group=?" },
	{ "max-session", NULL, "UPDATE ikev2_cluster SET slave_max_session=?" },
	{ "hello", NULL, "UPDATE ikev2_cluster SET slave_hello=?" },
	{ "priority", NULL, "UPDATE ikev2_cluster SET slave_priority=?" },
	{ "update", NULL, "UPDATE ikev2_cluster SET slave_update=?" },
	{ "overload-limit", NULL, "UPDATE ikev2_cluster SET master_overload=?" },
	{ "crypto-load", NULL, "UPDATE ikev2_cluster SET weight_crypto=?" },
	{ "system-load", NULL, "UPDATE ikev2_cluster SET weight_system=?" },
	{ "holdtime", NULL, "UPDATE ikev2_cluster SET holdtime=?" },
	{ "port", NULL, "UPDATE ikev2_cluster SET port=?" },
	{ "fqdn", NULL, "UPDATE ikev2_cluster SET fqdn=?" },
};

/* standby-group, slave ..., master ..., holdtime, port, fqdn, shutdown */
int ik_cmd_cl_set(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	if (has(a, "shutdown"))   /* shut by default: `default shutdown` shuts it */
		return db_exec("UPDATE ikev2_cluster SET shutdown=?", "d", !a->no) ? ik_dberr(v) : CMD_SUCCESS;
	for (size_t i = 0; i < sizeof cluster_cols / sizeof cluster_cols[0]; i++)
		if (has(a, cluster_cols[i].k1))
			return db_exec(cluster_cols[i].sql, "s", clear ? NULL : arg(a, "VAL")) ? ik_dberr(v) : CMD_SUCCESS;
	return vty_error(v, "Unknown cluster setting");
}
