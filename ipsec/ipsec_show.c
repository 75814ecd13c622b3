/* show crypto ipsec transform-set [NAME] / show crypto ipsec profile [NAME] */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "ipsec_cmds.h"
#include "running-config/store.h"
#include "transform.h"

/* IOS lists a set's protocols as groups: "{ ah-sha-hmac  } ",
 * "{ esp-256-aes esp-sha256-hmac  } ", "{ comp-lzs  } ". */
static int transform_groups(const struct transform_set *t, char groups[3][96])
{
	int n = 0;
	if (t->ah_auth[0])
		snprintf(groups[n++], 96, "{ %s  } ", t->ah_auth);
	if (t->esp_cipher[0] || t->esp_auth[0]) {
		char cipher[32];
		ts_show_cipher(t, cipher, sizeof cipher);
		snprintf(groups[n++], 96, "{ %s%s%s  } ", cipher,
			 cipher[0] && t->esp_auth[0] ? " " : "", t->esp_auth);
	}
	if (t->comp[0])
		snprintf(groups[n++], 96, "{ %s  } ", t->comp);
	return n;
}

static const char *negotiate(const struct transform_set *t)
{
	if (strcmp(t->mode, "transport") == 0)
		return t->mode_require ? "Transport require" : "Transport";
	return "Tunnel";
}

static void show_one_set(struct vty *v, const struct transform_set *t)
{
	char g[3][96];
	int n = transform_groups(t, g);
	for (int i = 0; i < n; i++) {
		if (i == 0)
			vty_out(v, "Transform set %s: %s\n", t->name, g[i]);
		else
			vty_out(v, "   %s\n", g[i]);
		vty_out(v, "   will negotiate = { %s,  }, \n", negotiate(t));
	}
	vty_out(v, "   \n");
}

int ipsec_cmd_show_transform_set(struct vty *v, const struct cmd_args *a)
{
	const char *want = arg(a, "NAME");
	sqlite3_stmt *st = db_query("SELECT name FROM ipsec_transform_set WHERE disabled = 0"
				    " ORDER BY name <> 'default', name", "");
	while (st && db_row(st)) {
		struct transform_set t;
		if (want && strcmp(want, db_col_text(st, 0)) != 0)
			continue;
		if (ts_load(db_col_text(st, 0), &t))
			show_one_set(v, &t);
	}
	return CMD_SUCCESS;
}

static void show_profile(struct vty *v, sqlite3_stmt *st, long long g_sec, long long g_kb, bool g_kb_off)
{
	const char *name = db_col_text(st, 0);
	vty_out(v, "IPSEC profile %s\n", name);
	if (!db_col_null(st, 1))
		vty_out(v, "\tIKEv2 Profile: %s\n", db_col_text(st, 1));
	if (!db_col_null(st, 2))
		vty_out(v, "\tISAKMP Profile: %s\n", db_col_text(st, 2));
	long long sec = db_col_null(st, 5) ? g_sec : db_col_int(st, 5);
	long long kb = db_col_null(st, 6) ? g_kb : db_col_int(st, 6);
	bool kb_off = db_col_int(st, 7) || (db_col_null(st, 6) && g_kb_off);
	if (kb_off) {
		vty_out(v, "\tKilobyte Volume Rekey has been disabled.\n");
		vty_out(v, "\tSecurity association lifetime:%lld seconds\n", sec);
	} else {
		vty_out(v, "\tSecurity association lifetime: %lld kilobytes/%lld seconds\n", kb, sec);
	}
	vty_out(v, "\tDualstack (Y/N): N\n");
	vty_out(v, "\tResponder-Only (Y/N): %s\n", db_col_int(st, 9) ? "Y" : "N");
	if (db_col_int(st, 3) && !db_col_null(st, 4))
		vty_out(v, "\tPFS (Y/N): Y, DH group: %s\n", db_col_text(st, 4));
	else
		vty_out(v, "\tPFS (Y/N): %s\n", db_col_int(st, 3) ? "Y" : "N");
	vty_out(v, "\tMixed-mode : %s\n", db_col_int(st, 8) ? "Enabled" : "Disabled");
	vty_out(v, "\tTransform sets={ \n");
	sqlite3_stmt *q = db_query("SELECT transform_set FROM ipsec_profile_transform"
				   " WHERE profile = ? ORDER BY seq", "s", name);
	while (q && db_row(q)) {
		struct transform_set t;
		if (!ts_load(db_col_text(q, 0), &t) || t.disabled)
			continue;
		char g[3][96];
		int n = transform_groups(&t, g);
		vty_out(v, "\t\t%s:  ", t.name);
		for (int i = 0; i < n; i++)
			vty_out(v, "%s", g[i]);
		vty_out(v, ", \n");
	}
	vty_out(v, "\t}\n\n");
}

int ipsec_cmd_show_profile(struct vty *v, const struct cmd_args *a)
{
	const char *want = arg(a, "NAME");
	long long g_sec = 3600, g_kb = 4608000, g_off = 0;
	db_get_int(&g_sec, "SELECT lifetime_seconds FROM ipsec_global WHERE id = 1", "");
	db_get_int(&g_kb, "SELECT lifetime_kilobytes FROM ipsec_global WHERE id = 1", "");
	db_get_int(&g_off, "SELECT lifetime_kb_disable FROM ipsec_global WHERE id = 1", "");
	sqlite3_stmt *st = db_query(
		"SELECT name, ikev2_profile, isakmp_profile, pfs, pfs_group, lifetime_seconds,"
		" lifetime_kilobytes, lifetime_kb_disable, mixed_mode, responder_only"
		" FROM ipsec_profile WHERE disabled = 0 ORDER BY name <> 'default', name", "");
	while (st && db_row(st)) {
		if (want && strcmp(want, db_col_text(st, 0)) != 0)
			continue;
		show_profile(v, st, g_sec, g_kb, g_off != 0);
	}
	return CMD_SUCCESS;
}
