/* The interface-config lines of local AAA authorization for a session's
 * Virtual-Access: the profile's `aaa authorization group|user ... list L
 * [NAME]` lines whose list L is local (or marked `local`) name an IKEv2
 * authorization policy; its `aaa attribute list A` holds `attribute type
 * interface-config "..."` entries.  Group lines first, then user lines
 * (reversed with `override`), as ike_author.c merges the policies, so the
 * later one wins a conflict.  Policies named by a name-mangler are not
 * followed here (the mangler needs the IDi payload). */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "ikev2/ike_sa.h"
#include "running-config/store.h"
#include "vaccess.h"

void vaccess_local_aaa_lines(const struct ike_sa *s, struct buf *body);

static bool list_is_local(const char *list)
{
	return db_exists("SELECT 1 FROM aaa_method_list l JOIN aaa_method m ON m.list_id = l.id"
			 " WHERE l.kind='authorization' AND l.service='network' AND l.name=?"
			 " AND m.method IN ('local', 'local-case')", "s", list);
}

static void policy_lines(const char *policy, struct buf *out)
{
	sqlite3_stmt *st = db_query("SELECT a.value FROM ikev2_author_policy p JOIN aaa_attr a ON a.list = p.attr_list "
				    "WHERE p.name = ? AND a.type = 'interface-config' ORDER BY a.seq", "s", policy);
	while (db_row(st))
		buf_printf(out, "%s\n", db_col_text(st, 0));
}

void vaccess_local_aaa_lines(const struct ike_sa *s, struct buf *body)
{
	struct buf grp = BUF_INIT, usr = BUF_INIT;
	bool override = false, have_grp = false, have_usr = false;
	const char *method = !strcmp(s->auth_verify, "PSK") ? "psk" : "cert";
	sqlite3_stmt *st = db_query("SELECT kind, override, list, aaa_name, mangler, name_local FROM ikev2_profile_authz "
				    "WHERE profile = ? AND method IN (?, 'any') AND cached = 0 ORDER BY method = 'any', kind",
				    "ss", s->profile, method);
	while (db_row(st)) {
		bool group = !strcmp(db_col_text(st, 0), "group");
		if ((group ? have_grp : have_usr) || *db_col_text(st, 4) /* mangler */)
			continue;
		if (!db_col_int(st, 5) && !list_is_local(db_col_text(st, 2)))
			continue;
		char name[256];
		snprintf(name, sizeof name, "%s", *db_col_text(st, 3) ? db_col_text(st, 3) : group ? "default" : s->peer_id);
		if (group) {
			have_grp = true;
			override = db_col_int(st, 1) != 0;
		} else {
			have_usr = true;
		}
		/* nested query: collected after the walk */
		buf_printf(group ? &grp : &usr, "%s\n", name);
	}
	struct buf lines = BUF_INIT;
	const struct buf *order[2] = { override ? &usr : &grp, override ? &grp : &usr };
	for (int i = 0; i < 2; i++) {
		char name[256];
		if (order[i]->len && sscanf(buf_str((struct buf *)order[i]), "%255[^\n]", name) == 1)
			policy_lines(name, &lines);
	}
	for (const char *p = buf_str(&lines); *p;) {
		size_t n = strcspn(p, "\n");
		char line[512];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		vaccess_merge_line(body, line);
		p += n + (p[n] == '\n');
	}
	buf_free(&lines);
	buf_free(&grp);
	buf_free(&usr);
}
