/* show running-config sections of aaa/ (see running-config/sections.h). */
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "base/buf.h"
#include "running-config/sections.h"
#include "running-config/store.h"

static void render_groups(struct buf *b)
{
	sqlite3_stmt *g = db_query("SELECT name, COALESCE(vrf,''), COALESCE(source_if,''), deadtime, "
				   "load_balance FROM radius_group ORDER BY seq", "");
	while (db_row(g)) {
		const char *name = db_col_text(g, 0);
		buf_printf(b, "aaa group server radius %s\n", name);
		sqlite3_stmt *s = db_query("SELECT server, addr, auth_port, acct_port FROM radius_group_server "
					   "WHERE grp=? ORDER BY seq", "s", name);
		while (db_row(s)) {
			if (!db_col_null(s, 0))
				buf_printf(b, " server name %s\n", db_col_text(s, 0));
			else
				buf_printf(b, " server %s auth-port %lld acct-port %lld\n", db_col_text(s, 1),
					   db_col_int(s, 2), db_col_int(s, 3));
		}
		s = db_query("SELECT addr, auth_port, acct_port, timeout, retransmit, key_type, key "
			     "FROM radius_group_private WHERE grp=? ORDER BY seq", "s", name);
		while (db_row(s)) {
			buf_printf(b, " server-private %s auth-port %lld acct-port %lld", db_col_text(s, 0),
				   db_col_int(s, 1), db_col_int(s, 2));
			if (!db_col_null(s, 3))
				buf_printf(b, " timeout %lld", db_col_int(s, 3));
			if (!db_col_null(s, 4))
				buf_printf(b, " retransmit %lld", db_col_int(s, 4));
			if (!db_col_null(s, 6))
				aaa_render_key(b, "key", (int)db_col_int(s, 5), db_col_text(s, 6));
			buf_puts(b, "\n");
		}
		if (*db_col_text(g, 1))
			buf_printf(b, " ip vrf forwarding %s\n", db_col_text(g, 1));
		if (*db_col_text(g, 2))
			buf_printf(b, " ip radius source-interface %s\n", db_col_text(g, 2));
		if (!db_col_null(g, 3))
			buf_printf(b, " deadtime %lld\n", db_col_int(g, 3));
		if (db_col_int(g, 4))
			buf_puts(b, " load-balance method least-outstanding\n");
		buf_puts(b, "!\n");
	}
}

static void render_methods(struct buf *b, long long id)
{
	sqlite3_stmt *m = db_query("SELECT method, COALESCE(grp,'') FROM aaa_method WHERE list_id=? "
				   "ORDER BY seq", "i", id);
	while (db_row(m)) {
		if (!strcmp(db_col_text(m, 0), "group"))
			buf_printf(b, " group %s", db_col_text(m, 1));
		else
			buf_printf(b, " %s", db_col_text(m, 0));
	}
}

/* kind order, then service order, `default` first, then creation order */
#define LIST_ORDER \
	"ORDER BY CASE kind WHEN 'authentication' THEN 0 WHEN 'authorization' THEN 1 ELSE 2 END, " \
	"CASE service WHEN 'login' THEN 0 WHEN 'exec' THEN 1 ELSE 2 END, name<>'default', id"

static void render_lists(struct buf *b, const char *kind)
{
	sqlite3_stmt *l = db_query("SELECT id, service, name, action, broadcast, "
				   "(SELECT COUNT(*) FROM aaa_method WHERE list_id=aaa_method_list.id) "
				   "FROM aaa_method_list WHERE kind=? " LIST_ORDER, "s", kind);
	while (db_row(l)) {
		long long id = db_col_int(l, 0), nmeth = db_col_int(l, 5);
		const char *action = db_col_null(l, 3) ? NULL : db_col_text(l, 3);
		buf_printf(b, "aaa %s %s %s", kind, db_col_text(l, 1), db_col_text(l, 2));
		if (strcmp(kind, "accounting")) {
			render_methods(b, id);
			buf_puts(b, "\n");
		} else if (action && (nmeth > 0 || !strcmp(action, "none"))) {
			buf_printf(b, " %s%s", action, db_col_int(l, 4) ? " broadcast" : "");
			render_methods(b, id);
			buf_puts(b, "\n");
		} else {
			/* not complete enough for the one-line form: the sub-mode form */
			buf_puts(b, "\n");
			if (action)
				buf_printf(b, " action-type %s\n", action);
			if (db_col_int(l, 4))
				buf_puts(b, " broadcast\n");
			sqlite3_stmt *m = db_query("SELECT grp FROM aaa_method WHERE list_id=? ORDER BY seq",
						   "i", id);
			while (db_row(m))
				buf_printf(b, " group %s\n", db_col_text(m, 0));
		}
	}
}

static void render_attr_lists(struct buf *b)
{
	sqlite3_stmt *l = db_query("SELECT name FROM aaa_attr_list ORDER BY seq", "");
	while (db_row(l)) {
		buf_printf(b, "aaa attribute list %s\n", db_col_text(l, 0));
		sqlite3_stmt *t = db_query("SELECT type, value, quoted, COALESCE(service,''), "
					   "COALESCE(protocol,''), mandatory, tag FROM aaa_attr "
					   "WHERE list=? ORDER BY seq", "s", db_col_text(l, 0));
		while (db_row(t)) {
			if (db_col_int(t, 2))
				buf_printf(b, " attribute type %s \"%s\"", db_col_text(t, 0), db_col_text(t, 1));
			else
				buf_printf(b, " attribute type %s %s", db_col_text(t, 0), db_col_text(t, 1));
			if (*db_col_text(t, 3))
				buf_printf(b, " service %s", db_col_text(t, 3));
			if (*db_col_text(t, 4))
				buf_printf(b, " protocol %s", db_col_text(t, 4));
			if (db_col_int(t, 5))
				buf_puts(b, " mandatory");
			if (db_col_int(t, 6))
				buf_puts(b, " tag");
			buf_puts(b, "\n");
		}
		buf_puts(b, "!\n");
	}
}

static void render_dynauthor(struct buf *b)
{
	sqlite3_stmt *d = db_query("SELECT key_type, server_key, port, auth_type, ignore_session_key, "
				   "ignore_server_key FROM aaa_dynauthor WHERE id=1", "");
	if (!db_row(d))
		return;
	buf_puts(b, "aaa server radius dynamic-author\n");
	sqlite3_stmt *c = db_query("SELECT client, vrf, key_type, server_key FROM aaa_dynauthor_client "
				   "ORDER BY seq", "");
	while (db_row(c)) {
		buf_printf(b, " client %s", db_col_text(c, 0));
		if (!db_col_null(c, 1))
			buf_printf(b, " vrf %s", db_col_text(c, 1));
		if (!db_col_null(c, 3))
			aaa_render_key(b, "server-key", (int)db_col_int(c, 2), db_col_text(c, 3));
		buf_puts(b, "\n");
	}
	if (!db_col_null(d, 1)) {
		aaa_render_key(b, "server-key", (int)db_col_int(d, 0), db_col_text(d, 1));
		buf_puts(b, "\n");
	}
	if (!db_col_null(d, 2))
		buf_printf(b, " port %lld\n", db_col_int(d, 2));
	if (!db_col_null(d, 3))
		buf_printf(b, " auth-type %s\n", db_col_text(d, 3));
	if (db_col_int(d, 4))
		buf_puts(b, " ignore session-key\n");
	if (db_col_int(d, 5))
		buf_puts(b, " ignore server-key\n");
	db_done(d);
	buf_puts(b, "!\n");
}

void aaa_render_main(struct buf *b)
{
	sqlite3_stmt *g = db_query("SELECT new_model, session_id, acct_update_newinfo, acct_update_periodic "
				   "FROM aaa_global WHERE id=1", "");
	if (!db_row(g))
		return;
	if (!db_col_int(g, 0)) {
		db_done(g);
		return;
	}
	char session_id[16];
	bool newinfo = db_col_int(g, 2), periodic = !db_col_null(g, 3);
	long long minutes = db_col_int(g, 3);
	strncpy(session_id, db_col_text(g, 1), sizeof(session_id) - 1);
	session_id[sizeof(session_id) - 1] = '\0';
	db_done(g);

	buf_puts(b, "aaa new-model\n!\n");
	render_groups(b);
	aaa_render_ldap_groups(b);
	size_t before = b->len;
	render_lists(b, "authentication");
	render_lists(b, "authorization");
	if (newinfo || periodic) {
		buf_puts(b, "aaa accounting update");
		if (newinfo)
			buf_puts(b, " newinfo");
		if (periodic)
			buf_printf(b, " periodic %lld", minutes);
		buf_puts(b, "\n");
	}
	render_lists(b, "accounting");
	if (b->len != before)
		buf_puts(b, "!\n");
	render_attr_lists(b);
	render_dynauthor(b);
	buf_printf(b, "aaa session-id %s\n!\n", session_id);
}

void aaa_render_usernames(struct buf *b)
{
	size_t before = b->len;
	sqlite3_stmt *u = db_query("SELECT name, privilege, kind, pw_type, pw FROM aaa_user ORDER BY seq", "");
	while (db_row(u)) {
		buf_printf(b, "username %s", db_col_text(u, 0));
		if (!db_col_null(u, 1) && db_col_int(u, 1) != 1)
			buf_printf(b, " privilege %lld", db_col_int(u, 1));
		if (!db_col_null(u, 2)) {
			if (!strcmp(db_col_text(u, 2), "nopassword"))
				buf_puts(b, " nopassword");
			else
				buf_printf(b, " %s %lld %s", db_col_text(u, 2), db_col_int(u, 3),
					   db_col_text(u, 4));
		}
		buf_puts(b, "\n");
	}
	if (b->len != before)
		buf_puts(b, "!\n");
}

void aaa_render_pools(struct buf *b)
{
	sqlite3_stmt *p = db_query("SELECT r.pool, r.start_addr, r.end_addr, p.grp, p.cache_size, r.seq "
				   "FROM ip_local_pool_range r JOIN ip_local_pool p ON p.name=r.pool "
				   "ORDER BY p.seq, r.seq", "");
	while (db_row(p)) {
		buf_printf(b, "ip local pool %s %s", db_col_text(p, 0), db_col_text(p, 1));
		if (strcmp(db_col_text(p, 1), db_col_text(p, 2)))
			buf_printf(b, " %s", db_col_text(p, 2));
		if (!db_col_null(p, 3))
			buf_printf(b, " group %s", db_col_text(p, 3));
		if (!db_col_null(p, 4) && db_col_int(p, 5) == 1)
			buf_printf(b, " cache-size %lld", db_col_int(p, 4));
		buf_puts(b, "\n");
	}
	p = db_query("SELECT name, prefix, assigned_len, shared, cache_size FROM ipv6_local_pool ORDER BY seq", "");
	while (db_row(p)) {
		buf_printf(b, "ipv6 local pool %s %s %lld", db_col_text(p, 0), db_col_text(p, 1),
			   db_col_int(p, 2));
		if (db_col_int(p, 3))
			buf_puts(b, " shared");
		if (!db_col_null(p, 4))
			buf_printf(b, " cache-size %lld", db_col_int(p, 4));
		buf_puts(b, "\n");
	}
}

void aaa_render_radius(struct buf *b)
{
	size_t before = b->len;
	sqlite3_stmt *g = db_query("SELECT COALESCE(source_if,''), dead_time, dead_tries, timeout, retransmit, "
				   "deadtime, key_type, key FROM radius_global WHERE id=1", "");
	bool have = db_row(g);
	if (have && *db_col_text(g, 0))
		buf_printf(b, "ip radius source-interface %s\n", db_col_text(g, 0));
	if (have && (!db_col_null(g, 1) || !db_col_null(g, 2))) {
		buf_puts(b, "radius-server dead-criteria");
		if (!db_col_null(g, 1))
			buf_printf(b, " time %lld", db_col_int(g, 1));
		if (!db_col_null(g, 2))
			buf_printf(b, " tries %lld", db_col_int(g, 2));
		buf_puts(b, "\n");
	}
	sqlite3_stmt *h = db_query("SELECT addr, auth_port, acct_port, timeout, retransmit, key_type, key "
				   "FROM radius_host ORDER BY seq", "");
	while (db_row(h)) {
		buf_printf(b, "radius-server host %s auth-port %lld acct-port %lld", db_col_text(h, 0),
			   db_col_int(h, 1), db_col_int(h, 2));
		if (!db_col_null(h, 3))
			buf_printf(b, " timeout %lld", db_col_int(h, 3));
		if (!db_col_null(h, 4))
			buf_printf(b, " retransmit %lld", db_col_int(h, 4));
		if (!db_col_null(h, 6))
			aaa_render_key(b, "key", (int)db_col_int(h, 5), db_col_text(h, 6));
		buf_puts(b, "\n");
	}
	if (have) {
		if (!db_col_null(g, 3))
			buf_printf(b, "radius-server timeout %lld\n", db_col_int(g, 3));
		if (!db_col_null(g, 4))
			buf_printf(b, "radius-server retransmit %lld\n", db_col_int(g, 4));
		if (!db_col_null(g, 5))
			buf_printf(b, "radius-server deadtime %lld\n", db_col_int(g, 5));
		if (!db_col_null(g, 7)) {
			buf_puts(b, "radius-server");
			aaa_render_key(b, "key", (int)db_col_int(g, 6), db_col_text(g, 7));
			buf_puts(b, "\n");
		}
		db_done(g);
	}
	if (b->len != before)
		buf_puts(b, "!\n");

	sqlite3_stmt *s = db_query("SELECT name, addr, auth_port, acct_port, tester_user, tester_probe_on, "
				   "timeout, retransmit, key_type, key FROM radius_server ORDER BY seq", "");
	while (db_row(s)) {
		buf_printf(b, "radius server %s\n", db_col_text(s, 0));
		if (!db_col_null(s, 1))
			buf_printf(b, " address ipv4 %s auth-port %lld acct-port %lld\n", db_col_text(s, 1),
				   db_col_int(s, 2), db_col_int(s, 3));
		if (!db_col_null(s, 4))
			buf_printf(b, " automate-tester username %s%s\n", db_col_text(s, 4),
				   db_col_int(s, 5) ? " probe-on" : "");
		if (!db_col_null(s, 6))
			buf_printf(b, " timeout %lld\n", db_col_int(s, 6));
		if (!db_col_null(s, 7))
			buf_printf(b, " retransmit %lld\n", db_col_int(s, 7));
		if (!db_col_null(s, 9)) {
			aaa_render_key(b, "key", (int)db_col_int(s, 8), db_col_text(s, 9));
			buf_puts(b, "\n");
		}
		buf_puts(b, "!\n");
	}
	aaa_render_ldap_servers(b);
}
