/*
 * `interface X` (create / enter / delete / default) and the interface
 * sub-commands that are not about IP or tunnels.
 */
#include "if_cmds.h"

#include <stdio.h>
#include <string.h>

bool if_arg_name(struct vty *v, const struct cmd_args *a, const char *name_key, const char *num_key,
		 char *out, size_t outlen)
{
	const char *name = arg(a, name_key);
	const char *num = num_key ? arg(a, num_key) : NULL;
	if (name && ifname_canonical(name, num, out, outlen))
		return true;
	vty_error(v, "Invalid interface %s%s%s", name ? name : "", num ? " " : "", num ? num : "");
	return false;
}

static int if_create(struct vty *v, const char *name, enum if_kind k)
{
	char key[160];
	ifname_sortkey(name, key, sizeof key);
	static const char *const kinds[] = {
		[IFK_PHYSICAL] = "physical", [IFK_LOOPBACK] = "loopback",
		[IFK_TUNNEL] = "tunnel", [IFK_VTEMPLATE] = "vtemplate",
	};
	/* C8000V ports print `negotiation auto`; other Ethernet types do not */
	bool neg = k == IFK_PHYSICAL && !ifname_is_subif(name) && !strncmp(name, "GigabitEthernet", 15);
	if (db_exec("INSERT OR IGNORE INTO if_interface(name, kind, sortkey, negotiation) VALUES (?, ?, ?, ?)",
		    "sss" "s", name, kinds[k], key, neg ? "1" : NULL))
		return if_db_fail(v);
	return CMD_SUCCESS;
}

/* `default interface X`: every setting back to its default, the row kept. */
static int if_default(struct vty *v, const char *name, enum if_kind k)
{
	long long builtin = 0;
	char vt_type[16] = "";
	if (!db_get_int(&builtin, "SELECT builtin FROM if_interface WHERE name = ?", "s", name))
		return CMD_SUCCESS;
	db_get_text(vt_type, sizeof vt_type, "SELECT vt_type FROM if_interface WHERE name = ?", "s", name);
	if (db_exec("DELETE FROM if_interface WHERE name = ?", "s", name) || if_create(v, name, k) ||
	    db_exec("UPDATE if_interface SET builtin = ?, vt_type = ? WHERE name = ?", "iss",
		    builtin, vt_type[0] ? vt_type : NULL, name))
		return if_db_fail(v);
	vty_out(v, "Interface %s set to default configuration\n", name);
	return CMD_SUCCESS;
}

int cmd_interface(struct vty *v, const struct cmd_args *a)
{
	char name[96];
	if (!if_arg_name(v, a, "IFNAME", "IFNUM", name, sizeof name))
		return CMD_ERROR;
	enum if_kind k = ifname_kind(name);
	if (k == IFK_VACCESS)
		return vty_error(v, "Virtual-Access interfaces are cloned from a Virtual-Template and cannot be configured");
	if (k == IFK_NULL)
		return vty_error(v, "Null interfaces cannot be configured");
	const char *type = has(a, "tunnel") ? "tunnel" : has(a, "ethernet") ? "ethernet"
			 : has(a, "serial") ? "serial" : NULL;
	if (type && k != IFK_VTEMPLATE)
		return vty_error(v, "Interface type can be given only for a Virtual-Template");

	if (a->dflt)
		return if_default(v, name, k);
	if (a->no) {
		if (k == IFK_PHYSICAL && !ifname_is_subif(name))
			return vty_error(v, "Removal of physical interfaces is not permitted");
		if (db_exec("DELETE FROM if_interface WHERE name = ?", "s", name))
			return if_db_fail(v);
		return CMD_SUCCESS;
	}

	/* A Virtual-Template entered without `type` first may be given one later. */
	char have[16] = "";
	bool exists = db_exists("SELECT 1 FROM if_interface WHERE name = ?", "s", name);
	db_get_text(have, sizeof have, "SELECT vt_type FROM if_interface WHERE name = ? AND vt_type IS NOT NULL",
		    "s", name);
	if (exists && type && have[0] && strcmp(have, type))
		return vty_error(v, "%s already exists with type %s; remove it first to change the type", name, have);
	if (exists && type && !have[0] && strcmp(type, "serial") &&
	    db_exec("UPDATE if_interface SET vt_type = ? WHERE name = ?", "ss", type, name))
		return if_db_fail(v);
	if (!exists) {
		if (k == IFK_PHYSICAL && ifname_is_subif(name)) {
			char parent[96];
			snprintf(parent, sizeof parent, "%.*s", (int)strcspn(name, "."), name);
			if (!db_exists("SELECT 1 FROM if_interface WHERE name = ?", "s", parent))
				return vty_error(v, "Interface %s does not exist", parent);
		}
		if (if_create(v, name, k))
			return CMD_ERROR;
		if (type && strcmp(type, "serial") &&
		    db_exec("UPDATE if_interface SET vt_type = ? WHERE name = ?", "ss", type, name))
			return if_db_fail(v);
	}
	vty_enter(v, MODE_IF, name, NULL);
	return CMD_SUCCESS;
}

int cmd_if_description(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "description = NULL");
	const char *d = arg(a, "LINE");
	if (strlen(d) > 240)
		return vty_error(v, "Description too long (maximum 240 characters)");
	return IF_SET(v, "description = ?", "s", d);
}

int cmd_if_shutdown(struct vty *v, const struct cmd_args *a)
{
	return IF_SET(v, "shutdown = ?", "d", (a->no || a->dflt) ? 0 : 1);
}

int cmd_if_mtu(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "mtu = NULL");
	return IF_SET(v, "mtu = ?", "i", arg_int(a, "<64-9216>", 1500));
}

int cmd_if_bandwidth(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt)
		return IF_SET0(v, "bandwidth = NULL");
	return IF_SET(v, "bandwidth = ?", "i", arg_int(a, "<1-100000000>", 0));
}

int cmd_if_negotiation(struct vty *v, const struct cmd_args *a)
{
	if (if_cur_kind(v) != IFK_PHYSICAL || ifname_is_subif(vty_key(v, 0)))
		return vty_error(v, "negotiation is supported only on physical Ethernet interfaces");
	return IF_SET(v, "negotiation = ?", "d", a->no ? 0 : 1);
}

/* Tunnels: off unless configured (`keepalive` = 10 s, 3 retries).
 * Ethernet: on (10 s) unless `no keepalive`. */
int cmd_if_keepalive(struct vty *v, const struct cmd_args *a)
{
	bool tun = if_cur_is_tunnel(v);
	if (a->dflt)
		return IF_SET0(v, "keepalive = NULL, keepalive_retries = NULL");
	if (a->no)
		return tun ? IF_SET0(v, "keepalive = NULL, keepalive_retries = NULL")
			   : IF_SET0(v, "keepalive = -1, keepalive_retries = NULL");
	long long period = arg_int(a, "<0-32767>", 10);
	if (tun)
		return IF_SET(v, "keepalive = ?, keepalive_retries = ?", "ii", period, arg_int(a, "<1-255>", 3));
	if (period == 10 && !has(a, "<1-255>"))
		return IF_SET0(v, "keepalive = NULL, keepalive_retries = NULL");
	if (has(a, "<1-255>"))
		return IF_SET(v, "keepalive = ?, keepalive_retries = ?", "ii", period, arg_int(a, "<1-255>", 3));
	return IF_SET(v, "keepalive = ?, keepalive_retries = NULL", "i", period);
}

int cmd_if_encap(struct vty *v, const struct cmd_args *a)
{
	if (!ifname_is_subif(vty_key(v, 0)))
		return vty_error(v, "Configuring IEEE 802.1Q encapsulation is supported only on sub-interfaces");
	if (a->no || a->dflt)
		return IF_SET0(v, "dot1q = NULL");
	return IF_SET(v, "dot1q = ?", "i", arg_int(a, "<1-4094>", 1));
}

int cmd_if_service_policy(struct vty *v, const struct cmd_args *a)
{
	bool in = has(a, "input");
	const char *p = (a->no || a->dflt) ? NULL : arg(a, "POLICY");
	return in ? IF_SET(v, "sp_in = ?", "s", p) : IF_SET(v, "sp_out = ?", "s", p);
}

/* standby N {ip A.B.C.D | name WORD | priority P | preempt} */
int cmd_if_standby(struct vty *v, const struct cmd_args *a)
{
	const char *ifn = vty_key(v, 0);
	long long grp = arg_int(a, "<0-4095>", 0);
	bool no = a->no || a->dflt;
	if (!no && db_exec("INSERT OR IGNORE INTO if_standby(ifname, grp) VALUES (?, ?)", "si", ifn, grp))
		return if_db_fail(v);
	int rc = 0;
	if (has(a, "ip"))
		rc = db_exec("UPDATE if_standby SET ip = ? WHERE ifname = ? AND grp = ?", "ssi",
			     no ? NULL : arg(a, "A.B.C.D"), ifn, grp);
	else if (has(a, "name"))
		rc = db_exec("UPDATE if_standby SET name = ? WHERE ifname = ? AND grp = ?", "ssi",
			     no ? NULL : arg(a, "WORD"), ifn, grp);
	else if (has(a, "priority"))
		rc = no ? db_exec("UPDATE if_standby SET priority = NULL WHERE ifname = ? AND grp = ?", "si", ifn, grp)
			: db_exec("UPDATE if_standby SET priority = ? WHERE ifname = ? AND grp = ?", "isi",
				  arg_int(a, "<0-255>", 100), ifn, grp);
	else if (has(a, "preempt"))
		rc = db_exec("UPDATE if_standby SET preempt = ? WHERE ifname = ? AND grp = ?", "dsi", no ? 0 : 1, ifn, grp);
	else if (no)
		rc = db_exec("DELETE FROM if_standby WHERE ifname = ? AND grp = ?", "si", ifn, grp);
	if (!rc)
		rc = db_exec("DELETE FROM if_standby WHERE ip IS NULL AND name IS NULL AND priority IS NULL "
			     "AND preempt = 0", NULL);
	return rc ? if_db_fail(v) : CMD_SUCCESS;
}
