/* crypto ikev2 authorization policy NAME and its attributes. */
#include <stdio.h>
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

#define POL vty_key(v, 0)

static int touched(struct vty *v)
{
	if (db_exec("UPDATE ikev2_author_policy SET changed=1 WHERE name=?", "s", POL))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* crypto ikev2 authorization policy NAME */
int ik_cmd_author(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	bool smart = strcmp(name, "default") == 0;
	if (a->no || a->dflt) {
		if (!smart)
			return db_exec("DELETE FROM ikev2_author_policy WHERE name=?", "s", name) ? ik_dberr(v) : CMD_SUCCESS;
		if (ik_author_restore_default() ||
		    (a->no && db_exec("UPDATE ikev2_author_policy SET disabled=1 WHERE name='default'", NULL)))
			return ik_dberr(v);
		return CMD_SUCCESS;
	}
	if (smart) {
		if (db_exists("SELECT 1 FROM ikev2_author_policy WHERE name='default' AND disabled=1", NULL) &&
		    ik_author_restore_default())
			return ik_dberr(v);
	} else if (db_exec("INSERT OR IGNORE INTO ikev2_author_policy(name) VALUES(?)", "s", name)) {
		return ik_dberr(v);
	}
	vty_enter(v, MODE_IKEV2_AUTHOR_POLICY, name, NULL);
	return CMD_SUCCESS;
}

/* `default crypto ikev2 authorization policy` / `no crypto ikev2 authorization policy` */
int ik_cmd_author_all(struct vty *v, const struct cmd_args *a)
{
	if (ik_author_restore_default() ||
	    (a->no && db_exec("UPDATE ikev2_author_policy SET disabled=1 WHERE name='default'", NULL)))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

struct attr {
	const char *k1, *k2;    /* keywords naming the attribute (k2 may be NULL) */
	const char *sql;        /* "UPDATE ... SET col=? WHERE name=?" */
};

static const struct attr *find(const struct attr *t, size_t n, const struct cmd_args *a)
{
	for (size_t i = 0; i < n; i++)
		if (has(a, t[i].k1) && (!t[i].k2 || has(a, t[i].k2)))
			return &t[i];
	return NULL;
}

/* One text value: pool, netmask, dhcp server/giaddr, ipv6 pool, banner,
 * def-domain, configuration url, route accept route-map, aaa attribute list. */
static const struct attr text_attrs[] = {
	{ "ipv6", "pool", "UPDATE ikev2_author_policy SET ipv6_pool=? WHERE name=?" },
	{ "pool", NULL, "UPDATE ikev2_author_policy SET pool=? WHERE name=?" },
	{ "netmask", NULL, "UPDATE ikev2_author_policy SET netmask=? WHERE name=?" },
	{ "dhcp", "server", "UPDATE ikev2_author_policy SET dhcp_server=? WHERE name=?" },
	{ "dhcp", "giaddr", "UPDATE ikev2_author_policy SET dhcp_giaddr=? WHERE name=?" },
	{ "banner", NULL, "UPDATE ikev2_author_policy SET banner=? WHERE name=?" },
	{ "def-domain", NULL, "UPDATE ikev2_author_policy SET def_domain=? WHERE name=?" },
	{ "configuration", "url", "UPDATE ikev2_author_policy SET config_url=? WHERE name=?" },
	{ "route-map", NULL, "UPDATE ikev2_author_policy SET route_accept_map=? WHERE name=?" },
	{ "aaa", NULL, "UPDATE ikev2_author_policy SET attr_list=? WHERE name=?" },
};

int ik_cmd_au_text(struct vty *v, const struct cmd_args *a)
{
	const struct attr *t = find(text_attrs, sizeof text_attrs / sizeof text_attrs[0], a);
	if (!t)
		return vty_error(v, "Unknown attribute");
	const char *val = (a->no || a->dflt) ? NULL : arg(a, "VAL");
	if (db_exec(t->sql, "ss", val, POL))
		return ik_dberr(v);
	return touched(v);
}

/* Primary [secondary]: dns, wins, ipv6 dns */
static const struct attr pair_attrs[] = {
	{ "ipv6", "dns", "UPDATE ikev2_author_policy SET ipv6_dns1=?, ipv6_dns2=? WHERE name=?" },
	{ "dns", NULL, "UPDATE ikev2_author_policy SET dns1=?, dns2=? WHERE name=?" },
	{ "wins", NULL, "UPDATE ikev2_author_policy SET wins1=?, wins2=? WHERE name=?" },
};

int ik_cmd_au_pair(struct vty *v, const struct cmd_args *a)
{
	const struct attr *t = find(pair_attrs, sizeof pair_attrs / sizeof pair_attrs[0], a);
	bool clear = a->no || a->dflt;
	if (!t)
		return vty_error(v, "Unknown attribute");
	if (db_exec(t->sql, "sss", clear ? NULL : arg(a, "P1"), clear ? NULL : arg(a, "P2"), POL))
		return ik_dberr(v);
	return touched(v);
}

static const struct attr int_attrs[] = {
	{ "dhcp", "timeout", "UPDATE ikev2_author_policy SET dhcp_timeout=? WHERE name=?" },
	{ "ipv6", "prefix", "UPDATE ikev2_author_policy SET ipv6_prefix=? WHERE name=?" },
	{ "configuration", "version", "UPDATE ikev2_author_policy SET config_version=? WHERE name=?" },
	{ "session-lifetime", NULL, "UPDATE ikev2_author_policy SET session_lifetime=? WHERE name=?" },
	{ "flow-limit", NULL, "UPDATE ikev2_author_policy SET flow_limit=? WHERE name=?" },
};

int ik_cmd_au_int(struct vty *v, const struct cmd_args *a)
{
	const struct attr *t = find(int_attrs, sizeof int_attrs / sizeof int_attrs[0], a);
	if (!t)
		return vty_error(v, "Unknown attribute");
	const char *val = (a->no || a->dflt) ? NULL : arg(a, "N");
	if (db_exec(t->sql, "ss", val, POL))
		return ik_dberr(v);
	return touched(v);
}

static const struct attr flag_attrs[] = {
	{ "include-local-lan", NULL, "UPDATE ikev2_author_policy SET include_local_lan=? WHERE name=?" },
	{ "pfs", NULL, "UPDATE ikev2_author_policy SET pfs=? WHERE name=?" },
	{ "smartcard-removal-disconnect", NULL,
	  "UPDATE ikev2_author_policy SET smartcard_removal_disconnect=? WHERE name=?" },
};

int ik_cmd_au_flag(struct vty *v, const struct cmd_args *a)
{
	const struct attr *t = find(flag_attrs, sizeof flag_attrs / sizeof flag_attrs[0], a);
	if (!t)
		return vty_error(v, "Unknown attribute");
	if (db_exec(t->sql, "ds", !(a->no || a->dflt), POL))
		return ik_dberr(v);
	return touched(v);
}

/* split-dns NAME, backup-gateway NAME: repeatable */
int ik_cmd_au_list(struct vty *v, const struct cmd_args *a)
{
	const char *kind = has(a, "split-dns") ? "split-dns" : "backup-gateway";
	const char *val = arg(a, "VAL");
	int rc;
	if (a->no || a->dflt)
		rc = val ? db_exec("DELETE FROM ikev2_author_list WHERE policy=? AND kind=? AND value=?", "sss", POL, kind, val)
			 : db_exec("DELETE FROM ikev2_author_list WHERE policy=? AND kind=?", "ss", POL, kind);
	else if (strcmp(kind, "backup-gateway") == 0 &&
		 !db_exists("SELECT 1 FROM ikev2_author_list WHERE policy=? AND kind=? AND value=?", "sss", POL, kind, val) &&
		 db_exists("SELECT 1 FROM ikev2_author_list WHERE policy=? AND kind=? GROUP BY policy HAVING COUNT(*) >= 10",
			   "ss", POL, kind))
		return vty_error(v, "A maximum of 10 backup gateways can be configured");
	else
		rc = db_exec("INSERT OR IGNORE INTO ikev2_author_list(policy, kind, seq, value)"
			     " SELECT ?1, ?2, COALESCE(MAX(seq)+1, 0), ?3 FROM ikev2_author_list WHERE policy=?1 AND kind=?2",
			     "sss", POL, kind, val);
	return rc ? ik_dberr(v) : touched(v);
}

/* route set interface [IF]: repeatable, '' = the tunnel interface itself */
int ik_cmd_au_route_if(struct vty *v, const struct cmd_args *a)
{
	char ifn[64] = "";
	if (arg(a, "IFNAME"))
		ik_ifname(a, ifn, sizeof ifn);
	int rc;
	if (a->no || a->dflt)
		rc = arg(a, "IFNAME")
		   ? db_exec("DELETE FROM ikev2_author_list WHERE policy=? AND kind='route-if' AND value=?", "ss", POL, ifn)
		   : db_exec("DELETE FROM ikev2_author_list WHERE policy=? AND kind='route-if'", "s", POL);
	else
		rc = db_exec("INSERT OR IGNORE INTO ikev2_author_list(policy, kind, seq, value)"
			     " SELECT ?1, 'route-if', COALESCE(MAX(seq)+1, 0), ?2 FROM ikev2_author_list"
			     " WHERE policy=?1 AND kind='route-if'", "ss", POL, ifn);
	return rc ? ik_dberr(v) : touched(v);
}

/* route set access-list {ACL | ipv6 ACL} */
int ik_cmd_au_route_acl(struct vty *v, const struct cmd_args *a)
{
	const char *acl = (a->no || a->dflt) ? NULL : arg(a, "ACL");
	int rc = has(a, "ipv6")
	       ? db_exec("UPDATE ikev2_author_policy SET route_acl_ipv6=? WHERE name=?", "ss", acl, POL)
	       : db_exec("UPDATE ikev2_author_policy SET route_acl=? WHERE name=?", "ss", acl, POL);
	return rc ? ik_dberr(v) : touched(v);
}

/* route set {remote|local} {ipv4 A.B.C.D MASK | ipv6 X:X::X:X/M} [...] */
int ik_cmd_au_route_net(struct vty *v, const struct cmd_args *a)
{
	const char *kind = has(a, "remote") ? "remote" : "local";
	const char *fam = has(a, "ipv6") ? "ipv6" : "ipv4";
	const char *pfx = has(a, "ipv6") ? arg(a, "X:X::X:X/M") : arg(a, "A.B.C.D");
	const char *mask = arg(a, "MASK");
	if (!mask)
		mask = "";
	int rc;
	if (a->no || a->dflt)
		rc = pfx ? db_exec("DELETE FROM ikev2_author_route WHERE policy=? AND kind=? AND family=? AND prefix=? AND mask=?",
				   "sssss", POL, kind, fam, pfx, mask)
			 : db_exec("DELETE FROM ikev2_author_route WHERE policy=? AND kind=?", "ss", POL, kind);
	else
		rc = db_exec("INSERT OR REPLACE INTO ikev2_author_route(policy, kind, seq, family, prefix, mask,"
			     " next_hop, vrf, tag, distance)"
			     " SELECT ?1, ?2, COALESCE((SELECT seq FROM ikev2_author_route WHERE policy=?1 AND kind=?2"
			     "   AND family=?3 AND prefix=?4 AND mask=?5), MAX(seq)+1, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9"
			     " FROM ikev2_author_route WHERE policy=?1 AND kind=?2",
			     "sssssssss", POL, kind, fam, pfx, mask, arg(a, "NH"), arg(a, "VRF"),
			     arg(a, "TAG"), arg(a, "DIST"));
	return rc ? ik_dberr(v) : touched(v);
}

/* route accept any [tag <1-497777>] [distance <1-255>] */
int ik_cmd_au_route_accept(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	if (db_exec("UPDATE ikev2_author_policy SET route_accept_any=?, route_accept_tag=?, route_accept_distance=?"
		    " WHERE name=?", "dsss", !clear, clear ? NULL : arg(a, "TAG"), clear ? NULL : arg(a, "DIST"), POL))
		return ik_dberr(v);
	return touched(v);
}

/* mobileopt-serv A.B.C.D [port <1-65535>] */
int ik_cmd_au_mobileopt(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	if (db_exec("UPDATE ikev2_author_policy SET mobileopt_server=?, mobileopt_port=? WHERE name=?", "sss",
		    clear ? NULL : arg(a, "A.B.C.D"), clear ? NULL : arg(a, "<1-65535>"), POL))
		return ik_dberr(v);
	return touched(v);
}
