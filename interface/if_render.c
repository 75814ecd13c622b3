/* Interfaces in the running-config, in IOS-XE order and line order. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "if_names.h"
#include "running-config/sections.h"
#include "running-config/store.h"

enum {
	C_NAME, C_KIND, C_VT_TYPE, C_DESC, C_MTU, C_BW, C_DOT1Q, C_VRF, C_VRF_LEGACY, C_IP_MODE,
	C_IP_ADDR, C_IP_MASK, C_UNNUM, C_ACL_IN, C_ACL_OUT, C_IP_MTU, C_NAT, C_MSS, C_SHUT, C_NEG,
	C_V6_EN, C_V6_UNNUM, C_V6_MTU, C_KA, C_KA_RETRIES, C_TSRC, C_TDST, C_TMODE, C_TPROF,
	C_TSHARED, C_SP_IN, C_SP_OUT, C_OSPF_PID, C_OSPF_AREA, C_OSPF6_PID, C_OSPF6_AREA,
};

#define IF_COLS "name, kind, vt_type, description, mtu, bandwidth, dot1q, vrf, vrf_legacy, ip_mode, " \
	"ip_address, ip_mask, ip_unnumbered, acl_in, acl_out, ip_mtu, nat, tcp_mss, shutdown, negotiation, " \
	"ipv6_enable, ipv6_unnumbered, ipv6_mtu, keepalive, keepalive_retries, tun_source, tun_dest, " \
	"tun_mode, tun_profile, tun_shared, sp_in, sp_out, ospf_pid, ospf_area, ospf6_pid, ospf6_area"

static bool set(sqlite3_stmt *st, int c)
{
	return !db_col_null(st, c);
}

static void render_ipv4(struct buf *b, sqlite3_stmt *st, const char *name)
{
	const char *mode = db_col_text(st, C_IP_MODE);
	/* IOS lists the secondaries first */
	bool secondaries = false;
	sqlite3_stmt *s = db_query("SELECT address, mask FROM if_secondary WHERE ifname = ? "
				   "ORDER BY rowid", "s", name);
	while (db_row(s)) {
		buf_printf(b, " ip address %s %s secondary\n", db_col_text(s, 0), db_col_text(s, 1));
		secondaries = true;
	}
	if (!strcmp(mode, "static")) {
		buf_printf(b, " ip address %s %s\n", db_col_text(st, C_IP_ADDR), db_col_text(st, C_IP_MASK));
	} else if (secondaries) {
		/* secondaries only: nothing more */
	} else if (!strcmp(mode, "dhcp")) {
		buf_puts(b, " ip address dhcp\n");
	} else if (!strcmp(mode, "negotiated")) {
		buf_puts(b, " ip address negotiated\n");
	} else if (!strcmp(mode, "unnumbered")) {
		buf_printf(b, " ip unnumbered %s\n", db_col_text(st, C_UNNUM));
	} else {
		buf_puts(b, " no ip address\n");
	}
	if (set(st, C_ACL_IN))
		buf_printf(b, " ip access-group %s in\n", db_col_text(st, C_ACL_IN));
	if (set(st, C_ACL_OUT))
		buf_printf(b, " ip access-group %s out\n", db_col_text(st, C_ACL_OUT));
	if (set(st, C_IP_MTU))
		buf_printf(b, " ip mtu %lld\n", db_col_int(st, C_IP_MTU));
	if (set(st, C_NAT))
		buf_printf(b, " ip nat %s\n", db_col_text(st, C_NAT));
	if (set(st, C_MSS))
		buf_printf(b, " ip tcp adjust-mss %lld\n", db_col_int(st, C_MSS));
	if (set(st, C_OSPF_PID))
		buf_printf(b, " ip ospf %lld area %s\n", db_col_int(st, C_OSPF_PID), db_col_text(st, C_OSPF_AREA));
}

static void render_standby(struct buf *b, const char *name)
{
	sqlite3_stmt *s = db_query("SELECT grp, ip, priority, preempt, name FROM if_standby WHERE ifname = ? "
				   "ORDER BY grp", "s", name);
	while (db_row(s)) {
		long long g = db_col_int(s, 0);
		if (!db_col_null(s, 1))
			buf_printf(b, " standby %lld ip %s\n", g, db_col_text(s, 1));
		if (!db_col_null(s, 2))
			buf_printf(b, " standby %lld priority %lld\n", g, db_col_int(s, 2));
		if (db_col_int(s, 3))
			buf_printf(b, " standby %lld preempt\n", g);
		if (!db_col_null(s, 4))
			buf_printf(b, " standby %lld name %s\n", g, db_col_text(s, 4));
	}
}

static void render_ipv6(struct buf *b, sqlite3_stmt *st, const char *name)
{
	sqlite3_stmt *s = db_query("SELECT address, kind FROM if_ipv6_address WHERE ifname = ? "
				   "ORDER BY kind != 'link-local', rowid", "s", name);
	while (db_row(s)) {
		const char *k = db_col_text(s, 1);
		buf_printf(b, " ipv6 address %s%s%s\n", db_col_text(s, 0), *k ? " " : "", k);
	}
	if (db_col_int(st, C_V6_EN))
		buf_puts(b, " ipv6 enable\n");
	if (set(st, C_V6_UNNUM))
		buf_printf(b, " ipv6 unnumbered %s\n", db_col_text(st, C_V6_UNNUM));
	if (set(st, C_V6_MTU))
		buf_printf(b, " ipv6 mtu %lld\n", db_col_int(st, C_V6_MTU));
	if (set(st, C_OSPF6_PID))
		buf_printf(b, " ipv6 ospf %lld area %s\n", db_col_int(st, C_OSPF6_PID), db_col_text(st, C_OSPF6_AREA));
}

static void render_block(struct buf *b, sqlite3_stmt *st)
{
	char name[96];
	snprintf(name, sizeof name, "%s", db_col_text(st, C_NAME));
	bool tunnel = ifname_kind(name) == IFK_TUNNEL || ifname_kind(name) == IFK_VTEMPLATE;
	buf_printf(b, "interface %s", name);
	if (set(st, C_VT_TYPE))
		buf_printf(b, " type %s", db_col_text(st, C_VT_TYPE));
	buf_puts(b, "\n");
	if (set(st, C_DESC))
		buf_printf(b, " description %s\n", db_col_text(st, C_DESC));
	if (set(st, C_MTU))
		buf_printf(b, " mtu %lld\n", db_col_int(st, C_MTU));
	if (set(st, C_BW))
		buf_printf(b, " bandwidth %lld\n", db_col_int(st, C_BW));
	if (set(st, C_DOT1Q))
		buf_printf(b, " encapsulation dot1Q %lld\n", db_col_int(st, C_DOT1Q));
	if (set(st, C_VRF))
		buf_printf(b, " %svrf forwarding %s\n", db_col_int(st, C_VRF_LEGACY) ? "ip " : "", db_col_text(st, C_VRF));
	render_ipv4(b, st, name);
	render_standby(b, name);
	if (db_col_int(st, C_SHUT))
		buf_puts(b, " shutdown\n");
	if (set(st, C_NEG))
		buf_puts(b, db_col_int(st, C_NEG) ? " negotiation auto\n" : " no negotiation auto\n");
	render_ipv6(b, st, name);
	if (set(st, C_KA)) {
		long long ka = db_col_int(st, C_KA);
		if (ka < 0)
			buf_puts(b, " no keepalive\n");
		else if (tunnel || set(st, C_KA_RETRIES))
			buf_printf(b, " keepalive %lld %lld\n", ka, db_col_int(st, C_KA_RETRIES));
		else
			buf_printf(b, " keepalive %lld\n", ka);
	}
	if (set(st, C_TSRC))
		buf_printf(b, " tunnel source %s\n", db_col_text(st, C_TSRC));
	if (set(st, C_TMODE))
		buf_printf(b, " tunnel mode %s\n", db_col_text(st, C_TMODE));
	if (set(st, C_TDST))
		buf_printf(b, " tunnel destination %s\n", db_col_text(st, C_TDST));
	if (set(st, C_TPROF))
		buf_printf(b, " tunnel protection ipsec profile %s%s\n", db_col_text(st, C_TPROF),
			   db_col_int(st, C_TSHARED) ? " shared" : "");
	if (set(st, C_SP_IN))
		buf_printf(b, " service-policy input %s\n", db_col_text(st, C_SP_IN));
	if (set(st, C_SP_OUT))
		buf_printf(b, " service-policy output %s\n", db_col_text(st, C_SP_OUT));
}

void if_render(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT " IF_COLS " FROM if_interface ORDER BY sortkey", NULL);
	while (db_row(st)) {
		render_block(b, st);
		buf_puts(b, "!\n");
	}
}

int if_render_one(struct buf *b, const char *ifname)
{
	sqlite3_stmt *st = db_query("SELECT " IF_COLS " FROM if_interface WHERE name = ?", "s", ifname);
	if (!db_row(st))
		return -1;
	render_block(b, st);
	db_done(st);
	return 0;
}
