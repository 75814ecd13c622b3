/* system/'s running-config sections (see running-config/sections.h). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "running-config/sections.h"
#include "running-config/store.h"

#define G_COLS "hostname, enable_secret_type, enable_secret, enable_password_type, enable_password, " \
	"password_encryption, ts_debug, ts_log, domain_name, domain_lookup, http_server, " \
	"http_secure_server, http_auth, forward_protocol_nd"

void sys_render_header(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT " G_COLS " FROM sys_global WHERE id = 1", NULL);
	if (!db_row(st))
		return;
	if (db_col_null(st, 6))
		buf_puts(b, "no service timestamps debug uptime\n");
	else
		buf_printf(b, "service timestamps debug %s\n", db_col_text(st, 6));
	if (db_col_null(st, 7))
		buf_puts(b, "no service timestamps log uptime\n");
	else
		buf_printf(b, "service timestamps log %s\n", db_col_text(st, 7));
	if (db_col_int(st, 5))
		buf_puts(b, "service password-encryption\n");
	buf_printf(b, "!\nhostname %s\n!\nboot-start-marker\nboot-end-marker\n!\n!\n", db_col_text(st, 0));
	sys_render_vrfs(b);
	bool any = false;
	if (!db_col_null(st, 2)) {
		buf_printf(b, "enable secret %lld %s\n", db_col_int(st, 1), db_col_text(st, 2));
		any = true;
	}
	if (!db_col_null(st, 4)) {
		if (db_col_int(st, 3) == 7)
			buf_printf(b, "enable password 7 %s\n", db_col_text(st, 4));
		else
			buf_printf(b, "enable password %s\n", db_col_text(st, 4));
		any = true;
	}
	if (any)
		buf_puts(b, "!\n");
	db_done(st);
}

void sys_render_ip_domain(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT domain_lookup, domain_name, ipv6_unicast_routing FROM sys_global "
				    "WHERE id = 1", NULL);
	if (!db_row(st))
		return;
	bool any = false;
	if (!db_col_int(st, 0)) {
		buf_puts(b, "no ip domain lookup\n");
		any = true;
	}
	if (!db_col_null(st, 1)) {
		buf_printf(b, "ip domain name %s\n", db_col_text(st, 1));
		any = true;
	}
	if (db_col_int(st, 2)) {
		buf_puts(b, "ipv6 unicast-routing\n");
		any = true;
	}
	if (any)
		buf_puts(b, "!\n");
	db_done(st);
}

static void render_routes_nat(struct buf *b)
{
	bool any = false;
	sqlite3_stmt *st = db_query("SELECT acl, ifname, overload FROM sys_nat_source ORDER BY acl", NULL);
	while (db_row(st)) {
		buf_printf(b, "ip nat inside source list %s interface %s%s\n", db_col_text(st, 0),
			   db_col_text(st, 1), db_col_int(st, 2) ? " overload" : "");
		any = true;
	}
	st = db_query("SELECT vrf, prefix, mask, ifname, nexthop, distance, tag, permanent, name FROM sys_route "
		      "ORDER BY vrf != '', vrf, "
		      "CAST(substr(prefix, 1, instr(prefix, '.') - 1) AS INTEGER), prefix, mask, ifname, nexthop", NULL);
	while (db_row(st)) {
		buf_puts(b, "ip route ");
		if (*db_col_text(st, 0))
			buf_printf(b, "vrf %s ", db_col_text(st, 0));
		buf_printf(b, "%s %s", db_col_text(st, 1), db_col_text(st, 2));
		if (*db_col_text(st, 3))
			buf_printf(b, " %s", db_col_text(st, 3));
		if (*db_col_text(st, 4))
			buf_printf(b, " %s", db_col_text(st, 4));
		if (!db_col_null(st, 5))
			buf_printf(b, " %lld", db_col_int(st, 5));
		if (!db_col_null(st, 6))
			buf_printf(b, " tag %lld", db_col_int(st, 6));
		if (db_col_int(st, 7))
			buf_puts(b, " permanent");
		if (!db_col_null(st, 8))
			buf_printf(b, " name %s", db_col_text(st, 8));
		buf_puts(b, "\n");
		any = true;
	}
	if (any)
		buf_puts(b, "!\n");
}

void sys_render_ip_misc(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT forward_protocol_nd, http_server, http_auth, http_secure_server "
				    "FROM sys_global WHERE id = 1", NULL);
	if (db_row(st)) {
		buf_puts(b, db_col_int(st, 0) ? "ip forward-protocol nd\n" : "no ip forward-protocol nd\n");
		buf_puts(b, db_col_int(st, 1) ? "ip http server\n" : "no ip http server\n");
		if (!db_col_null(st, 2))
			buf_printf(b, "ip http authentication %s\n", db_col_text(st, 2));
		buf_puts(b, db_col_int(st, 3) ? "ip http secure-server\n" : "no ip http secure-server\n");
		buf_puts(b, "!\n");
		db_done(st);
	}
	render_routes_nat(b);
}

/* ---- lines: consecutive lines with the same settings share one block ---- */

static void line_body(struct buf *b, sqlite3_stmt *st)
{
	/* columns: 2 access_in, 3 access_out, 4 exec_min, 5 exec_sec, 6 privilege,
	 * 7 password_type, 8 password, 9 logging_sync, 10 login, 11 login_list,
	 * 12 length, 13 stopbits, 14 transport_in */
	if (!db_col_null(st, 2))
		buf_printf(b, " access-class %s in\n", db_col_text(st, 2));
	if (!db_col_null(st, 3))
		buf_printf(b, " access-class %s out\n", db_col_text(st, 3));
	if (!db_col_null(st, 4))
		buf_printf(b, " exec-timeout %lld %lld\n", db_col_int(st, 4), db_col_int(st, 5));
	if (!db_col_null(st, 6))
		buf_printf(b, " privilege level %lld\n", db_col_int(st, 6));
	if (!db_col_null(st, 8)) {
		if (db_col_int(st, 7) == 7)
			buf_printf(b, " password 7 %s\n", db_col_text(st, 8));
		else
			buf_printf(b, " password %s\n", db_col_text(st, 8));
	}
	if (db_col_int(st, 9))
		buf_puts(b, " logging synchronous\n");
	const char *login = db_col_text(st, 10);
	if (!*login && !strcmp(db_col_text(st, 0), "vty"))
		buf_puts(b, " no login\n");   /* vty lines default to login */
	else if (!strcmp(login, "line"))
		buf_puts(b, " login\n");
	else if (!strcmp(login, "local"))
		buf_puts(b, " login local\n");
	else if (!strcmp(login, "auth"))
		buf_printf(b, " login authentication %s\n", db_col_text(st, 11));
	if (!db_col_null(st, 12))
		buf_printf(b, " length %lld\n", db_col_int(st, 12));
	if (!db_col_null(st, 13))
		buf_printf(b, " stopbits %s\n", db_col_text(st, 13));
	if (!db_col_null(st, 14))
		buf_printf(b, " transport input %s\n", db_col_text(st, 14));
}

static void flush_group(struct buf *b, const char *kind, long long lo, long long hi, const struct buf *body)
{
	if (lo < 0)
		return;
	buf_printf(b, "line %s %lld", kind, lo);
	if (hi != lo)
		buf_printf(b, " %lld", hi);
	buf_puts(b, "\n");
	buf_add(b, buf_str((struct buf *)body), body->len);
}

void sys_render_lines(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT kind, num, access_in, access_out, exec_min, exec_sec, privilege, "
				    "password_type, password, logging_sync, login, login_list, length, "
				    "stopbits, transport_in FROM sys_line ORDER BY kind = 'vty', num", NULL);
	struct buf cur = BUF_INIT, body = BUF_INIT;
	char kind[8] = "";
	long long lo = -1, hi = -1;
	while (db_row(st)) {
		buf_reset(&body);
		line_body(&body, st);
		const char *k = db_col_text(st, 0);
		long long n = db_col_int(st, 1);
		/* IOS keeps vty 0 4 (the lines that always exist) apart from the rest */
		bool join = lo >= 0 && !strcmp(k, kind) && n == hi + 1 && !(n == 5 && !strcmp(k, "vty"))
			    && body.len == cur.len && !memcmp(buf_str(&body), buf_str(&cur), body.len);
		if (join) {
			hi = n;
			continue;
		}
		flush_group(b, kind, lo, hi, &cur);
		snprintf(kind, sizeof kind, "%s", k);
		lo = hi = n;
		buf_reset(&cur);
		buf_add(&cur, buf_str(&body), body.len);
	}
	flush_group(b, kind, lo, hi, &cur);
	buf_free(&cur);
	buf_free(&body);
}
