/* The aaa commands of (config-ikev2-profile).  Method lists, authorization
 * policies and name manglers are referenced by name only: IOS accepts a
 * reference to one not defined yet. */
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

#define PROF vty_key(v, 0)

static const char *method_of(const struct cmd_args *a)
{
	static const char *const m[] = { "anyconnect-eap", "eap", "cert", "psk", "any" };
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (has(a, m[i]))
			return m[i];
	return NULL;
}

/* aaa authentication {eap|anyconnect-eap|list} LIST */
int ik_cmd_prof_aaa_authen(struct vty *v, const struct cmd_args *a)
{
	const char *list = (a->no || a->dflt) ? NULL : arg(a, "LIST");
	int rc;
	if (has(a, "anyconnect-eap"))
		rc = db_exec("UPDATE ikev2_profile SET aaa_authen_anyconnect=? WHERE name=?", "ss", list, PROF);
	else if (has(a, "eap"))
		rc = db_exec("UPDATE ikev2_profile SET aaa_authen_eap=? WHERE name=?", "ss", list, PROF);
	else
		rc = db_exec("UPDATE ikev2_profile SET aaa_authen_list=? WHERE name=?", "ss", list, PROF);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

static int authz_store(struct vty *v, const struct cmd_args *a, const char *kind, const char *method, bool cached)
{
	if (strcmp(method, "psk") == 0 &&
	    db_exists("SELECT 1 FROM ikev2_profile WHERE name=? AND reconnect=1", "s", PROF))
		return vty_error(v, "Reconnect is configured: pre-shared key authentication, keyring and"
				    " psk authorization are not allowed in this profile");
	const char *pw = arg(a, "PW");
	if (db_exec("INSERT OR REPLACE INTO ikev2_profile_authz(profile, kind, method, override, cached, list,"
		    " aaa_name, name_local, mangler, pw_type, pw) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
		    "sssddssdsds", PROF, kind, method, has(a, "override"), cached, arg(a, "LIST"),
		    arg(a, "AAANAME"), has(a, "local"), arg(a, "MANGLER"), pw ? ik_key_type(a, "6") : 0, pw))
		return ik_dberr(v);
	return CMD_SUCCESS;
}

/* aaa authorization group [override] METHOD list LIST [NAME [local]|name-mangler NM] [password [0|6] PW]
 * aaa authorization user METHOD {cached | list LIST [...]} */
int ik_cmd_prof_aaa_authz(struct vty *v, const struct cmd_args *a)
{
	const char *kind = has(a, "group") ? "group" : "user";
	const char *method = method_of(a);
	if (a->no || a->dflt) {
		/* `user M cached` and `user M list ...` are separate lines; a bare
		 * `no ... M` removes both */
		int cached = has(a, "cached") ? 1 : has(a, "list") ? 0 : -1;
		int rc = !method
		       ? db_exec("DELETE FROM ikev2_profile_authz WHERE profile=? AND kind=?", "ss", PROF, kind)
		       : cached < 0
		       ? db_exec("DELETE FROM ikev2_profile_authz WHERE profile=? AND kind=? AND method=?", "sss", PROF, kind, method)
		       : db_exec("DELETE FROM ikev2_profile_authz WHERE profile=? AND kind=? AND method=? AND cached=?",
				 "sssd", PROF, kind, method, cached);
		return rc ? ik_dberr(v) : CMD_SUCCESS;
	}
	return authz_store(v, a, kind, method, has(a, "cached"));
}

/* aaa authorization user METHOD: seed 002's short form, taken as `cached` */
int ik_cmd_prof_aaa_authz_bare(struct vty *v, const struct cmd_args *a)
{
	const char *method = method_of(a);
	if (a->no || a->dflt)
		return ik_cmd_prof_aaa_authz(v, a);
	vty_note(v, "\"aaa authorization user %s\" is taken as \"aaa authorization user %s cached\"", method, method);
	return authz_store(v, a, "user", method, true);
}

/* aaa accounting {eap|anyconnect-eap|cert|psk|list} LIST */
int ik_cmd_prof_aaa_acct(struct vty *v, const struct cmd_args *a)
{
	const char *method = method_of(a);
	if (!method)
		method = "list";
	int rc;
	if (a->no || a->dflt)
		rc = db_exec("DELETE FROM ikev2_profile_acct WHERE profile=? AND method=?", "ss", PROF, method);
	else
		rc = db_exec("INSERT OR REPLACE INTO ikev2_profile_acct(profile, method, list) VALUES(?,?,?)",
			     "sss", PROF, method, arg(a, "LIST"));
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}
