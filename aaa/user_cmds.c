/* username NAME [privilege N] {password [0|7] PW | secret [0|5|8|9] PW}
 * Secrets typed in clear are stored hashed as type 9. */
#include "aaa/aaa_cmds.h"

#include <stdlib.h>
#include <string.h>

#include "base/secret.h"
#include "running-config/store.h"

int aaa_cmd_username(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME"), *pw = arg(a, "PW"), *kind = NULL;
	const char *t = arg(a, "T");
	int type = t ? atoi(t) : 0;
	char hashed[128];

	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM aaa_user WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		vty_config_changed(v, "aaa");
		return CMD_SUCCESS;
	}
	if (strlen(name) > 64)
		return vty_error(v, "Username \"%s\" is longer than 64 characters", name);
	if (has(a, "password"))
		kind = "password";
	else if (has(a, "secret"))
		kind = "secret";
	else if (has(a, "nopassword"))
		kind = "nopassword";

	if (kind && !strcmp(kind, "password") && type == 7 && !secret_wellformed(7, pw))
		return vty_error(v, "Invalid encrypted password: %s", pw);
	if (kind && !strcmp(kind, "secret")) {
		if (type == 0) {
			if (secret_hash9(pw, hashed, sizeof(hashed)))
				return vty_error(v, "Failed to hash the secret");
			pw = hashed;
			type = 9;
		} else if (!secret_wellformed(type, pw)) {
			return vty_error(v, "Invalid encrypted secret: %s", pw);
		}
	}

	if (db_exec("INSERT OR IGNORE INTO aaa_user(name, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM aaa_user))", "s", name))
		return vty_error(v, "%s", store_errmsg());
	/* privilege alone keeps the password; a password line without
	 * privilege resets it to 1, as IOS rewrites the whole entry. */
	if (kind) {
		if (db_exec("UPDATE aaa_user SET privilege=?, kind=?, pw_type=?, pw=? WHERE name=?",
			    "ssiss", arg(a, "PRIV"), kind,
			    (long long)(strcmp(kind, "nopassword") ? type : 0),
			    strcmp(kind, "nopassword") ? pw : NULL, name))
			return vty_error(v, "%s", store_errmsg());
	} else if (db_exec("UPDATE aaa_user SET privilege=? WHERE name=?", "ss", arg(a, "PRIV"), name)) {
		return vty_error(v, "%s", store_errmsg());
	}
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}
