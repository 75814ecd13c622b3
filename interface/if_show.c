/* show ip interface brief (IOS-XE column layout). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "if_cmds.h"
#include "ipsec/tunnel_bind.h"
#include "vaccess.h"

static void row(struct buf *b, const char *name, const char *ip, const char *method,
		const char *status, const char *proto)
{
	buf_printf(b, "%-22s %-15s YES %-6s %-21s %-8s\n", name, ip, method, status, proto);
}

int cmd_show_ip_if_brief(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	struct buf b = BUF_INIT;
	buf_puts(&b, "Interface              IP-Address      OK? Method Status                Protocol\n");
	sqlite3_stmt *st = db_query(
		"SELECT i.name, i.kind, i.ip_mode, i.ip_address, i.shutdown, i.tun_source, i.tun_dest, "
		"u.ip_address, i.tun_profile, i.tun_mode FROM if_interface i LEFT JOIN if_interface u ON u.name = i.ip_unnumbered "
		"ORDER BY CASE i.kind WHEN 'physical' THEN 0 WHEN 'loopback' THEN 1 WHEN 'tunnel' THEN 2 "
		"ELSE 3 END, i.sortkey", NULL);
	while (db_row(st)) {
		const char *kind = db_col_text(st, 1), *mode = db_col_text(st, 2);
		const char *ip = "unassigned", *method = "unset";
		if (!strcmp(mode, "static")) {
			ip = db_col_text(st, 3);
			method = "manual";
		} else if (!strcmp(mode, "dhcp")) {
			method = "DHCP";
		} else if (!strcmp(mode, "negotiated")) {
			method = "IPCP";
		} else if (!strcmp(mode, "unnumbered") && !db_col_null(st, 7)) {
			ip = db_col_text(st, 7);
		}
		const char *status = "up", *proto = "up";
		if (db_col_int(st, 4)) {
			status = "administratively down";
			proto = "down";
		} else if (!strcmp(kind, "vtemplate")) {
			proto = "down";
		} else if (!strcmp(kind, "tunnel")) {
			bool ok = !db_col_null(st, 5) && !db_col_null(st, 6) && strcmp(db_col_text(st, 6), "dynamic");
			/* sVTI (tunnel mode ipsec, protected): up with its IKE session */
			if (ok && !db_col_null(st, 8) && !strncmp(db_col_text(st, 9), "ipsec", 5)) {
				struct tunnel_bind_info ti;
				tunnel_bind_info(db_col_text(st, 0), &ti);
				ok = ti.up;
			}
			proto = ok ? "up" : "down";
		}
		row(&b, db_col_text(st, 0), ip, method, status, proto);
	}
	/* the sessions' Virtual-Access interfaces, after the configured ones */
	struct vaccess_info va;
	for (unsigned n = 0; vaccess_next(n, &va); n = va.num) {
		char name[32], ip[32] = "unassigned";
		snprintf(name, sizeof name, "Virtual-Access%u", va.num);
		if (*va.unnumbered)
			db_get_text(ip, sizeof ip, "SELECT ip_address FROM if_interface WHERE name = ? "
				    "AND ip_mode = 'static'", "s", va.unnumbered);
		row(&b, name, ip, "unset", "up", "up");
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}
