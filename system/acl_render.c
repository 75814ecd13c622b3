/* Access lists in the running-config and in `show ip access-lists`. */
#include <stdio.h>
#include <string.h>

#include "acl.h"
#include "base/buf.h"
#include "running-config/sections.h"
#include "sys_cmds.h"

/* Standard before extended; numbered lists by number, then names. */
#define ACL_ORDER " ORDER BY kind = 'extended', " \
	"(name NOT GLOB '*[^0-9]*') DESC, CAST(name AS INTEGER), name"

static void ace_line(struct buf *b, sqlite3_stmt *st, const char *kind, bool show)
{
	acl_ace_text(b, kind, show, db_col_text(st, 2), db_col_text(st, 3), db_col_text(st, 4),
		     db_col_text(st, 5), db_col_text(st, 6), db_col_int(st, 7), db_col_int(st, 8),
		     db_col_text(st, 9), db_col_text(st, 10), db_col_text(st, 11),
		     db_col_int(st, 12), db_col_int(st, 13), db_col_int(st, 14), db_col_int(st, 15));
}

static sqlite3_stmt *aces(const char *acl)
{
	return db_query("SELECT seq, remark, action, proto, src, src_wc, src_op, src_p1, src_p2, "
			"dst, dst_wc, dst_op, dst_p1, dst_p2, established, log "
			"FROM sys_ace WHERE acl = ? ORDER BY seq", "s", acl);
}

void sys_render_acls(struct buf *b)
{
	sqlite3_stmt *st = db_query("SELECT name, kind FROM sys_acl" ACL_ORDER, NULL);
	while (db_row(st)) {
		char name[256], kind[16];
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		snprintf(kind, sizeof kind, "%s", db_col_text(st, 1));
		buf_printf(b, "ip access-list %s %s\n", kind, name);
		sqlite3_stmt *e = aces(name);
		while (db_row(e)) {
			buf_printf(b, " %lld ", db_col_int(e, 0));
			if (!db_col_null(e, 1))
				buf_printf(b, "remark %s", db_col_text(e, 1));
			else
				ace_line(b, e, kind, false);
			buf_puts(b, "\n");
		}
		buf_puts(b, "!\n");
	}
}

int cmd_show_ip_acl(struct vty *v, const struct cmd_args *a)
{
	const char *only = arg(a, "NAME");
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = db_query("SELECT name, kind FROM sys_acl" ACL_ORDER, NULL);
	while (db_row(st)) {
		char name[256], kind[16];
		snprintf(name, sizeof name, "%s", db_col_text(st, 0));
		snprintf(kind, sizeof kind, "%s", db_col_text(st, 1));
		if (only && strcmp(only, name))
			continue;
		buf_printf(&b, "%s IP access list %s\n", !strcmp(kind, "standard") ? "Standard" : "Extended", name);
		sqlite3_stmt *e = aces(name);
		while (db_row(e)) {
			if (!db_col_null(e, 1))
				continue;   /* remarks are not shown */
			buf_printf(&b, "    %lld ", db_col_int(e, 0));
			ace_line(&b, e, kind, true);
			buf_puts(&b, "\n");
		}
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}
