/* crypto ipsec profile NAME and (ipsec-profile) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec_cmds.h"
#include "running-config/store.h"

/* The default profile counts as unchanged while it holds its factory content. */
static void refresh_default_flag(void)
{
	db_exec("UPDATE ipsec_profile SET is_default = ("
		" description IS NULL AND ikev2_profile IS NULL AND isakmp_profile IS NULL"
		" AND pfs = 0 AND lifetime_seconds IS NULL AND lifetime_kilobytes IS NULL"
		" AND lifetime_kb_disable = 0 AND lifetime_days IS NULL AND idle_time IS NULL"
		" AND replay_disable = 0 AND replay_window IS NULL AND mixed_mode = 0"
		" AND policy_limit IS NULL AND responder_only = 0 AND reverse_route = 0"
		" AND redundancy IS NULL AND disabled = 0"
		" AND (SELECT group_concat(transform_set) FROM ipsec_profile_transform"
		"      WHERE profile = 'default') IS 'default')"
		" WHERE name = 'default'", "");
}

static int done(struct vty *v, int rc)
{
	if (rc)
		return vty_error(v, "%s", store_errmsg());
	refresh_default_flag();
	vty_config_changed(v, "ipsec");
	return CMD_SUCCESS;
}

static int restore_default(struct vty *v)
{
	int rc = db_exec("DELETE FROM ipsec_profile WHERE name = 'default'", "") ||
		 db_exec("DELETE FROM ipsec_profile_transform WHERE profile = 'default'", "") ||
		 db_exec("INSERT INTO ipsec_profile(name, is_default) VALUES ('default', 1)", "") ||
		 db_exec("INSERT INTO ipsec_profile_transform VALUES ('default', 1, 'default')", "");
	return done(v, rc);
}

int ipsec_cmd_profile(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (strcmp(name, "default") == 0) {
		if (a->dflt)
			return restore_default(v);
		if (a->no)
			return done(v, db_exec("UPDATE ipsec_profile SET disabled = 1 WHERE name = 'default'", ""));
	}
	if (a->no || a->dflt) {
		int rc = db_exec("DELETE FROM ipsec_profile_transform WHERE profile = ?", "s", name) ||
			 db_exec("DELETE FROM ipsec_profile WHERE name = ?", "s", name);
		return done(v, rc);
	}
	int rc = db_exec("INSERT OR IGNORE INTO ipsec_profile(name) VALUES (?)", "s", name) ||
		 db_exec("UPDATE ipsec_profile SET disabled = 0 WHERE name = ?", "s", name);
	if (done(v, rc) != CMD_SUCCESS)
		return CMD_ERROR;
	vty_enter(v, MODE_IPSEC_PROFILE, name, NULL);
	return CMD_SUCCESS;
}

int ipsec_cmd_profile_bare(struct vty *v, const struct cmd_args *a)
{
	if (a->dflt)
		return restore_default(v);
	vty_out(v, "%% Incomplete command.\n\n");
	return CMD_ERROR;
}

int ipsec_cmd_prof_transform_set(struct vty *v, const struct cmd_args *a)
{
	const char *prof = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("DELETE FROM ipsec_profile_transform WHERE profile = ?", "s", prof));
	int n = arg_count(a, "t");
	for (int i = 0; i < n; i++) {
		const char *ts = arg_nth(a, "t", i);
		if (!db_exists("SELECT 1 FROM ipsec_transform_set WHERE name = ?", "s", ts)) {
			vty_out(v, "ERROR: transform set with tag \"%s\" does not exist.\n", ts);
			return CMD_ERROR;
		}
	}
	int rc = db_exec("DELETE FROM ipsec_profile_transform WHERE profile = ?", "s", prof);
	int seq = 0;
	for (int i = 0; i < n && !rc; i++) {
		const char *ts = arg_nth(a, "t", i);
		if (db_exists("SELECT 1 FROM ipsec_profile_transform WHERE profile = ? AND transform_set = ?",
			      "ss", prof, ts))
			continue;   /* named twice: IOS keeps the first */
		rc = db_exec("INSERT INTO ipsec_profile_transform(profile, seq, transform_set) VALUES (?, ?, ?)",
			     "sds", prof, ++seq, ts);
	}
	return done(v, rc);
}

static int set_text(struct vty *v, const struct cmd_args *a, const char *sql, const char *argname)
{
	const char *val = (a->no || a->dflt) ? NULL : arg(a, argname);
	return done(v, db_exec(sql, "ss", val, vty_key(v, 0)));
}

int ipsec_cmd_prof_ikev2_profile(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE ipsec_profile SET ikev2_profile = ? WHERE name = ?", "NAME");
}

int ipsec_cmd_prof_isakmp_profile(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE ipsec_profile SET isakmp_profile = ? WHERE name = ?", "NAME");
}

int ipsec_cmd_prof_description(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE ipsec_profile SET description = ? WHERE name = ?", "LINE");
}

static const char *const pfs_groups[] = {
	"group1", "group14", "group15", "group16", "group19", "group2",
	"group20", "group21", "group24", "group5",
};

int ipsec_cmd_prof_pfs(struct vty *v, const struct cmd_args *a)
{
	const char *prof = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE ipsec_profile SET pfs = 0, pfs_group = NULL WHERE name = ?",
				       "s", prof));
	const char *group = NULL;
	for (size_t i = 0; i < sizeof pfs_groups / sizeof pfs_groups[0]; i++)
		if (has(a, pfs_groups[i]))
			group = pfs_groups[i];
	return done(v, db_exec("UPDATE ipsec_profile SET pfs = 1, pfs_group = ? WHERE name = ?",
			       "ss", group, prof));
}

int ipsec_cmd_prof_lifetime(struct vty *v, const struct cmd_args *a)
{
	const char *prof = vty_key(v, 0);
	bool clear = a->no || a->dflt;
	int rc;
	if (has(a, "seconds")) {
		rc = clear ? db_exec("UPDATE ipsec_profile SET lifetime_seconds = NULL WHERE name = ?", "s", prof)
			   : db_exec("UPDATE ipsec_profile SET lifetime_seconds = ? WHERE name = ?", "is",
				     arg_int(a, "<120-2592000>", 3600), prof);
	} else if (has(a, "days")) {
		rc = clear ? db_exec("UPDATE ipsec_profile SET lifetime_days = NULL WHERE name = ?", "s", prof)
			   : db_exec("UPDATE ipsec_profile SET lifetime_days = ? WHERE name = ?", "is",
				     arg_int(a, "<1-30>", 1), prof);
	} else if (clear) {
		rc = db_exec("UPDATE ipsec_profile SET lifetime_kilobytes = NULL, lifetime_kb_disable = 0"
			     " WHERE name = ?", "s", prof);
	} else if (has(a, "disable")) {
		rc = db_exec("UPDATE ipsec_profile SET lifetime_kilobytes = NULL, lifetime_kb_disable = 1"
			     " WHERE name = ?", "s", prof);
	} else {
		rc = db_exec("UPDATE ipsec_profile SET lifetime_kilobytes = ?, lifetime_kb_disable = 0"
			     " WHERE name = ?", "is", arg_int(a, "<2560-4294967295>", 4608000), prof);
	}
	return done(v, rc);
}

int ipsec_cmd_prof_idle_time(struct vty *v, const struct cmd_args *a)
{
	const char *prof = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE ipsec_profile SET idle_time = NULL, idle_time_default = 0"
				       " WHERE name = ?", "s", prof));
	return done(v, db_exec("UPDATE ipsec_profile SET idle_time = ?, idle_time_default = ? WHERE name = ?",
			       "ids", arg_int(a, "<60-86400>", 300), has(a, "default") ? 1 : 0, prof));
}

int ipsec_cmd_prof_replay(struct vty *v, const struct cmd_args *a)
{
	const char *prof = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE ipsec_profile SET replay_disable = 0, replay_window = NULL"
				       " WHERE name = ?", "s", prof));
	if (has(a, "disable"))
		return done(v, db_exec("UPDATE ipsec_profile SET replay_disable = 1, replay_window = NULL"
				       " WHERE name = ?", "s", prof));
	long long w = 64;
	const char *ws = arg(a, "size");
	if (ws)
		w = strtoll(ws, NULL, 10);
	return done(v, db_exec("UPDATE ipsec_profile SET replay_disable = 0, replay_window = ? WHERE name = ?",
			       "is", w, prof));
}

static int set_flag(struct vty *v, const struct cmd_args *a, const char *sql)
{
	return done(v, db_exec(sql, "ds", (a->no || a->dflt) ? 0 : 1, vty_key(v, 0)));
}

int ipsec_cmd_prof_mixed_mode(struct vty *v, const struct cmd_args *a)
{
	return set_flag(v, a, "UPDATE ipsec_profile SET mixed_mode = ? WHERE name = ?");
}

int ipsec_cmd_prof_responder_only(struct vty *v, const struct cmd_args *a)
{
	return set_flag(v, a, "UPDATE ipsec_profile SET responder_only = ? WHERE name = ?");
}

int ipsec_cmd_prof_reverse_route(struct vty *v, const struct cmd_args *a)
{
	return set_flag(v, a, "UPDATE ipsec_profile SET reverse_route = ? WHERE name = ?");
}

int ipsec_cmd_prof_policy_limit(struct vty *v, const struct cmd_args *a)
{
	const char *prof = vty_key(v, 0);
	if (a->no || a->dflt)
		return done(v, db_exec("UPDATE ipsec_profile SET policy_limit = NULL WHERE name = ?", "s", prof));
	return done(v, db_exec("UPDATE ipsec_profile SET policy_limit = ? WHERE name = ?", "is",
			       arg_int(a, "<0-50000>", 0), prof));
}

int ipsec_cmd_prof_redundancy(struct vty *v, const struct cmd_args *a)
{
	return set_text(v, a, "UPDATE ipsec_profile SET redundancy = ? WHERE name = ?", "NAME");
}
