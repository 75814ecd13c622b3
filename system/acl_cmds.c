/*
 * IP access lists: `ip access-list standard|extended NAME` and their
 * entries, and the legacy numbered `access-list N ...` form.  IOS-XE 17
 * keeps both forms in one model (numbered lists render as named blocks).
 */
#include "sys_cmds.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "ip4.h"

struct ace {
	long long seq;           /* 0: next free */
	const char *action;
	const char *proto;       /* extended only */
	char src[16], src_wc[16];
	const char *src_op;
	int sp1, sp2;
	char dst[16], dst_wc[16];
	const char *dst_op;
	int dp1, dp2;
	int established, log;
};

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Numbered names must be in the ranges of their kind. */
static bool name_fits(const char *name, const char *kind)
{
	if (!all_digits(name))
		return true;
	long n = strlen(name) > 6 ? -1 : atol(name);
	if (!strcmp(kind, "standard"))
		return (n >= 1 && n <= 99) || (n >= 1300 && n <= 1999);
	return (n >= 100 && n <= 199) || (n >= 2000 && n <= 2699);
}

static int acl_create(struct vty *v, const char *name, const char *kind)
{
	char have[16];
	if (!name_fits(name, kind))
		return vty_error(v, "Invalid access list name.");
	if (db_get_text(have, sizeof have, "SELECT kind FROM sys_acl WHERE name = ?", "s", name)) {
		if (strcmp(have, kind))
			return vty_error(v, "Access-list type conflicts with prior definition");
		return CMD_SUCCESS;
	}
	if (db_exec("INSERT INTO sys_acl(name, kind) VALUES (?, ?)", "ss", name, kind))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

static int acl_delete(struct vty *v, const char *name)
{
	if (db_exec("DELETE FROM sys_acl WHERE name = ?", "s", name))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

static int acl_mode(struct vty *v, const struct cmd_args *a, const char *kind, int mode)
{
	const char *name = arg(a, "NAME");
	if (a->no || a->dflt)
		return acl_delete(v, name);
	if (acl_create(v, name, kind) != CMD_SUCCESS)
		return CMD_ERROR;
	vty_enter(v, mode, name, NULL);
	return CMD_SUCCESS;
}

int cmd_acl_std(struct vty *v, const struct cmd_args *a)
{
	return acl_mode(v, a, "standard", MODE_STD_NACL);
}

int cmd_acl_ext(struct vty *v, const struct cmd_args *a)
{
	return acl_mode(v, a, "extended", MODE_EXT_NACL);
}

/* Seed 002 writes `ip access-list regular NAME` followed by standard entries. */
int cmd_acl_regular(struct vty *v, const struct cmd_args *a)
{
	vty_note(v, "\"ip access-list regular\" is not IOS syntax; stored as \"%sip access-list standard %s\"",
		 a->no ? "no " : "", arg(a, "NAME"));
	return acl_mode(v, a, "standard", MODE_STD_NACL);
}

/* address [wildcard] | host address | any, into (address & ~wc, wc) */
static int parse_addr(struct vty *v, const struct cmd_args *a, const char *an, const char *wn,
		      const char *hn, char *addr, char *wc)
{
	uint32_t ad = 0, w = 0xffffffffu;
	if (arg(a, an)) {
		if (!ip4_parse(arg(a, an), &ad))
			return vty_error(v, "Bad IP address %s", arg(a, an));
		w = 0;
		if (arg(a, wn) && !ip4_parse(arg(a, wn), &w))
			return vty_error(v, "Bad wildcard %s", arg(a, wn));
	} else if (arg(a, hn)) {
		if (!ip4_parse(arg(a, hn), &ad))
			return vty_error(v, "Bad IP address %s", arg(a, hn));
		w = 0;
	}
	ip4_fmt(ad & ~w, addr);
	ip4_fmt(w, wc);
	return CMD_SUCCESS;
}

static int parse_ports(struct vty *v, const struct cmd_args *a, const char *proto, const char *opn,
		       const char *p1n, const char *p2n, const char **op, int *p1, int *p2)
{
	*op = arg(a, opn);
	*p1 = *p2 = 0;
	if (!*op)
		return CMD_SUCCESS;
	if (strcmp(proto, "tcp") && strcmp(proto, "udp"))
		return vty_error(v, "Port operators are valid only for tcp and udp");
	*p1 = acl_port_parse(proto, arg(a, p1n));
	if (*p1 < 0)
		return vty_error(v, "Invalid port %s", arg(a, p1n) ? arg(a, p1n) : "");
	if (!strcmp(*op, "range")) {
		*p2 = acl_port_parse(proto, arg(a, p2n));
		if (*p2 < 0)
			return vty_error(v, "Invalid port %s", arg(a, p2n) ? arg(a, p2n) : "");
		if (*p2 < *p1)
			return vty_error(v, "Invalid port range %d %d", *p1, *p2);
	}
	return CMD_SUCCESS;
}

static const char *const protos[] = {
	"ahp", "eigrp", "esp", "gre", "icmp", "igmp", "ip", "ipinip", "nos", "ospf", "pcp", "pim", "tcp", "udp", NULL,
};
static const struct { int num; const char *name; } proto_nums[] = {
	{ 1, "icmp" }, { 2, "igmp" }, { 4, "ipinip" }, { 6, "tcp" }, { 17, "udp" }, { 47, "gre" },
	{ 50, "esp" }, { 51, "ahp" }, { 88, "eigrp" }, { 89, "ospf" }, { 94, "nos" }, { 103, "pim" },
	{ 108, "pcp" },
};

static int ace_from_args(struct vty *v, const struct cmd_args *a, bool standard, struct ace *e, char *pbuf)
{
	memset(e, 0, sizeof *e);
	e->seq = arg_int(a, "seq", 0);
	e->action = has(a, "permit") ? "permit" : "deny";
	e->log = has(a, "log");
	if (standard)
		return parse_addr(v, a, "addr", "wc", "haddr", e->src, e->src_wc);
	e->proto = NULL;
	for (int i = 0; protos[i]; i++)
		if (has(a, protos[i]))
			e->proto = protos[i];
	if (!e->proto) {
		long long n = arg_int(a, "pnum", -1);
		snprintf(pbuf, 8, "%lld", n);
		e->proto = pbuf;
		for (size_t i = 0; i < sizeof proto_nums / sizeof proto_nums[0]; i++)
			if (proto_nums[i].num == n)
				e->proto = proto_nums[i].name;
	}
	if (parse_addr(v, a, "sa", "sw", "sh", e->src, e->src_wc) ||
	    parse_addr(v, a, "da", "dw", "dh", e->dst, e->dst_wc) ||
	    parse_ports(v, a, e->proto, "sop", "sp", "sp2", &e->src_op, &e->sp1, &e->sp2) ||
	    parse_ports(v, a, e->proto, "dop", "dp", "dp2", &e->dst_op, &e->dp1, &e->dp2))
		return CMD_ERROR;
	e->established = has(a, "established");
	if (e->established && strcmp(e->proto, "tcp"))
		return vty_error(v, "established is valid only for tcp");
	return CMD_SUCCESS;
}

#define ACE_MATCH "acl = ? AND action IS ? AND proto IS ? AND src IS ? AND src_wc IS ? " \
	"AND src_op IS ? AND src_p1 IS ? AND src_p2 IS ? AND dst IS ? AND dst_wc IS ? " \
	"AND dst_op IS ? AND dst_p1 IS ? AND dst_p2 IS ? AND established = ? AND log = ?"
#define ACE_ARGS(acl, e, std) acl, (e)->action, (e)->proto, (e)->src, (e)->src_wc, \
	(e)->src_op, (e)->sp1, (e)->sp2, (std) ? NULL : (e)->dst, (std) ? NULL : (e)->dst_wc, \
	(e)->dst_op, (e)->dp1, (e)->dp2, (e)->established, (e)->log

static long long next_seq(const char *acl)
{
	long long mx = 0;
	db_get_int(&mx, "SELECT COALESCE(MAX(seq), 0) FROM sys_ace WHERE acl = ?", "s", acl);
	return (mx / 10 + 1) * 10;
}

static int ace_apply(struct vty *v, const char *acl, bool standard, const struct ace *e, bool no)
{
	long long found = 0;
	bool dup = db_get_int(&found, "SELECT seq FROM sys_ace WHERE " ACE_MATCH,
			      "ssssssddsssdddd", ACE_ARGS(acl, e, standard));
	if (no) {
		if (e->seq && !db_exists("SELECT 1 FROM sys_ace WHERE acl = ? AND seq = ?", "si", acl, e->seq))
			return CMD_SUCCESS;
		if (e->seq && (!dup || found != e->seq))
			return CMD_SUCCESS;
		if (dup && db_exec("DELETE FROM sys_ace WHERE acl = ? AND seq = ?", "si", acl, found))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	if (e->seq) {
		if (db_exists("SELECT 1 FROM sys_ace WHERE acl = ? AND seq = ?", "si", acl, e->seq)) {
			if (dup && found == e->seq)
				return CMD_SUCCESS;
			return vty_error(v, "Duplicate sequence number");
		}
		if (dup)
			return vty_error(v, "Duplicate entry at sequence %lld", found);
	} else if (dup) {
		return CMD_SUCCESS;   /* the same entry again: IOS keeps one */
	}
	long long seq = e->seq ? e->seq : next_seq(acl);
	if (db_exec("INSERT INTO sys_ace(acl, seq, action, proto, src, src_wc, src_op, src_p1, src_p2, "
		    "dst, dst_wc, dst_op, dst_p1, dst_p2, established, log) "
		    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "sisssssddsssdddd",
		    acl, seq, e->action, e->proto, e->src, e->src_wc, e->src_op, e->sp1, e->sp2,
		    standard ? NULL : e->dst, standard ? NULL : e->dst_wc, e->dst_op, e->dp1, e->dp2,
		    e->established, e->log))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

static int ace_cmd(struct vty *v, const struct cmd_args *a, bool standard)
{
	struct ace e;
	char pbuf[8];
	if (ace_from_args(v, a, standard, &e, pbuf))
		return CMD_ERROR;
	return ace_apply(v, vty_key(v, 0), standard, &e, a->no || a->dflt);
}

int cmd_ace_std(struct vty *v, const struct cmd_args *a)
{
	return ace_cmd(v, a, true);
}

int cmd_ace_ext(struct vty *v, const struct cmd_args *a)
{
	return ace_cmd(v, a, false);
}

static int remark_apply(struct vty *v, const char *acl, long long seq, const char *text, bool no)
{
	if (no) {
		if (db_exec("DELETE FROM sys_ace WHERE acl = ? AND remark = ?", "ss", acl, text))
			return sys_db_fail(v);
		return CMD_SUCCESS;
	}
	if (strlen(text) > 100)
		return vty_error(v, "Remark too long (maximum 100 characters)");
	if (seq && db_exists("SELECT 1 FROM sys_ace WHERE acl = ? AND seq = ?", "si", acl, seq)) {
		if (db_exists("SELECT 1 FROM sys_ace WHERE acl = ? AND seq = ? AND remark = ?", "sis", acl, seq, text))
			return CMD_SUCCESS;
		return vty_error(v, "Duplicate sequence number");
	}
	if (!seq && db_exists("SELECT 1 FROM sys_ace WHERE acl = ? AND remark = ?", "ss", acl, text))
		return CMD_SUCCESS;
	if (db_exec("INSERT INTO sys_ace(acl, seq, remark) VALUES (?, ?, ?)", "sis",
		    acl, seq ? seq : next_seq(acl), text))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

int cmd_ace_remark(struct vty *v, const struct cmd_args *a)
{
	return remark_apply(v, vty_key(v, 0), arg_int(a, "seq", 0), arg(a, "LINE"), a->no || a->dflt);
}

/* no <seq> */
int cmd_ace_noseq(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("DELETE FROM sys_ace WHERE acl = ? AND seq = ?", "si", vty_key(v, 0), arg_int(a, "seq", 0)))
		return sys_db_fail(v);
	return CMD_SUCCESS;
}

/* ---- legacy numbered lists: `no access-list N ...` removes the whole list, as IOS does ---- */

static int legacy(struct vty *v, const struct cmd_args *a, bool standard)
{
	const char *num = arg(a, "num");
	if (a->no || a->dflt)
		return acl_delete(v, num);
	struct ace e;
	char pbuf[8];
	if (ace_from_args(v, a, standard, &e, pbuf))
		return CMD_ERROR;
	e.seq = 0;
	if (acl_create(v, num, standard ? "standard" : "extended"))
		return CMD_ERROR;
	return ace_apply(v, num, standard, &e, false);
}

int cmd_legacy_std(struct vty *v, const struct cmd_args *a)
{
	return legacy(v, a, true);
}

int cmd_legacy_ext(struct vty *v, const struct cmd_args *a)
{
	return legacy(v, a, false);
}

int cmd_legacy_remark(struct vty *v, const struct cmd_args *a)
{
	const char *num = arg(a, "num");
	if (a->no || a->dflt)
		return acl_delete(v, num);
	long n = atol(num);
	bool standard = n < 100 || (n >= 1300 && n <= 1999);
	if (acl_create(v, num, standard ? "standard" : "extended"))
		return CMD_ERROR;
	return remark_apply(v, num, 0, arg(a, "LINE"), false);
}

int cmd_legacy_no(struct vty *v, const struct cmd_args *a)
{
	return acl_delete(v, arg(a, "num"));
}
