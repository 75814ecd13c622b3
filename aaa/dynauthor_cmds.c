/* aaa server radius dynamic-author (config-locsvr-da-radius): CoA/PoD. */
#include "aaa/aaa_cmds.h"

#include <string.h>

#include "base/secret.h"
#include "running-config/store.h"

#define CHANGED(v) (vty_config_changed((v), "aaa"), CMD_SUCCESS)

int aaa_cmd_dynauthor(struct vty *v, const struct cmd_args *a)
{
	if (aaa_require_new_model(v))
		return CMD_ERROR;
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM aaa_dynauthor_client", "") ||
		    db_exec("DELETE FROM aaa_dynauthor", ""))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (db_exec("INSERT OR IGNORE INTO aaa_dynauthor(id) VALUES(1)", ""))
		return vty_error(v, "%s", store_errmsg());
	vty_enter(v, MODE_DYNAMIC_AUTHOR, NULL, NULL);
	return CHANGED(v);
}

int aaa_cmd_da_client(struct vty *v, const struct cmd_args *a)
{
	const char *client = arg(a, "CLIENT"), *key = arg(a, "KEY");
	int kt = aaa_key_type(a);
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM aaa_dynauthor_client WHERE client=?", "s", client))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	if (key && kt == 7 && !secret_wellformed(7, key))
		return vty_error(v, "Invalid encrypted key");
	if (db_exec("INSERT OR IGNORE INTO aaa_dynauthor_client(client, seq) "
		    "VALUES(?, (SELECT COALESCE(MAX(seq),0)+1 FROM aaa_dynauthor_client))", "s", client) ||
	    db_exec("UPDATE aaa_dynauthor_client SET vrf=?, key_type=?, server_key=? WHERE client=?",
		    "siss", arg(a, "VRF"), (long long)(key ? kt : 0), key, client))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_da_server_key(struct vty *v, const struct cmd_args *a)
{
	const char *key = (a->no || a->dflt) ? NULL : arg(a, "KEY");
	int kt = aaa_key_type(a);
	if (key && kt == 7 && !secret_wellformed(7, key))
		return vty_error(v, "Invalid encrypted key");
	if (db_exec("UPDATE aaa_dynauthor SET key_type=?, server_key=? WHERE id=1", "is",
		    (long long)(key ? kt : 0), key))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_da_port(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE aaa_dynauthor SET port=? WHERE id=1", "s",
		    (a->no || a->dflt) ? NULL : arg(a, "PORT")))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_da_auth_type(struct vty *v, const struct cmd_args *a)
{
	const char *t = NULL;
	if (!a->no && !a->dflt)
		t = has(a, "all") ? "all" : has(a, "any") ? "any" : "session-key";
	if (db_exec("UPDATE aaa_dynauthor SET auth_type=? WHERE id=1", "s", t))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_da_ignore(struct vty *v, const struct cmd_args *a)
{
	long long on = !(a->no || a->dflt);
	int r = has(a, "session-key")
		? db_exec("UPDATE aaa_dynauthor SET ignore_session_key=? WHERE id=1", "i", on)
		: db_exec("UPDATE aaa_dynauthor SET ignore_server_key=? WHERE id=1", "i", on);
	if (r)
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}
