/* aaa new-model, aaa session-id and the method lists
 * (aaa authentication|authorization|accounting ...), with the accounting
 * method-list sub-mode (cfg-acct-mlist). */
#include "aaa/aaa_cmds.h"

#include <string.h>

#include "running-config/store.h"

int aaa_cmd_new_model(struct vty *v, const struct cmd_args *a)
{
	if (a->no || a->dflt) {
		/* AAA off: the new-model configuration goes with it.  Servers,
		 * users and pools stay, as on IOS. */
		if (db_exec("UPDATE aaa_global SET new_model=0, session_id='common', "
			    "acct_update_newinfo=0, acct_update_periodic=NULL WHERE id=1", "") ||
		    db_exec("DELETE FROM aaa_method", "") ||
		    db_exec("DELETE FROM aaa_method_list", "") ||
		    db_exec("DELETE FROM radius_group_server", "") ||
		    db_exec("DELETE FROM radius_group_private", "") ||
		    db_exec("DELETE FROM radius_group", "") ||
		    db_exec("DELETE FROM ldap_group_server", "") ||
		    db_exec("DELETE FROM ldap_group", "") ||
		    db_exec("DELETE FROM aaa_dynauthor_client", "") ||
		    db_exec("DELETE FROM aaa_dynauthor", "") ||
		    db_exec("DELETE FROM aaa_attr", "") ||
		    db_exec("DELETE FROM aaa_attr_list", ""))
			return vty_error(v, "%s", store_errmsg());
	} else if (db_exec("UPDATE aaa_global SET new_model=1 WHERE id=1", "")) {
		return vty_error(v, "%s", store_errmsg());
	}
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

int aaa_cmd_session_id(struct vty *v, const struct cmd_args *a)
{
	if (aaa_require_new_model(v))
		return CMD_ERROR;
	const char *mode = (a->no || a->dflt || has(a, "common")) ? "common" : "unique";
	if (db_exec("UPDATE aaa_global SET session_id=? WHERE id=1", "s", mode))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

/* The list name: the `default` keyword or the LIST word. */
static const char *list_name(const struct cmd_args *a, int *idx)
{
	for (int i = 0; i < a->n; i++) {
		if (!strcmp(a->v[i].name, "LIST") ||
		    (a->v[i].type == T_KEYWORD && !strcmp(a->v[i].name, "default") && i >= 2)) {
			*idx = i;
			return a->v[i].value;
		}
	}
	*idx = a->n;
	return NULL;
}

/* The service keyword captured right before the list name. */
static const char *service_name(const struct cmd_args *a, int idx)
{
	return idx > 0 ? a->v[idx - 1].value : "";
}

static long long list_id(const char *kind, const char *service, const char *name)
{
	long long id = 0;
	if (!db_get_int(&id, "SELECT id FROM aaa_method_list WHERE kind=? AND service=? AND name=?",
			"sss", kind, service, name))
		return 0;
	return id;
}

static int delete_list(const char *kind, const char *service, const char *name)
{
	long long id = list_id(kind, service, name);
	if (!id)
		return 0;
	if (db_exec("DELETE FROM aaa_method WHERE list_id=?", "i", id) ||
	    db_exec("DELETE FROM aaa_method_list WHERE id=?", "i", id))
		return -1;
	return 0;
}

/* Create the list when missing (keeping its place when it exists) and
 * return its id; 0 on error. */
static long long ensure_list(const char *kind, const char *service, const char *name)
{
	if (db_exec("INSERT OR IGNORE INTO aaa_method_list(kind, service, name) VALUES(?,?,?)",
		    "sss", kind, service, name))
		return 0;
	return list_id(kind, service, name);
}

/* Store the methods typed after index `from` (local, none, group X, ...). */
static int store_methods(long long id, const struct cmd_args *a, int from)
{
	int seq = 0;
	if (db_exec("DELETE FROM aaa_method WHERE list_id=?", "i", id))
		return -1;
	for (int i = from; i < a->n; i++) {
		const struct cmd_arg *c = &a->v[i];
		const char *method = c->value, *grp = NULL;
		if (!strcmp(c->name, "broadcast") || !strcmp(c->name, "start-stop") ||
		    !strcmp(c->name, "stop-only"))
			continue;
		if (!strcmp(c->name, "group")) {
			if (i + 1 >= a->n)
				break;
			method = "group";
			grp = a->v[++i].value;
		}
		if (db_exec("INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(?,?,?,?)",
			    "iiss", id, (long long)++seq, method, grp))
			return -1;
	}
	return 0;
}

static int method_list(struct vty *v, const struct cmd_args *a, const char *kind)
{
	int idx;
	const char *name, *service;
	long long id;

	if (aaa_require_new_model(v))
		return CMD_ERROR;
	name = list_name(a, &idx);
	service = service_name(a, idx);
	if (!name)
		return vty_error(v, "Incomplete command.");
	if (strlen(name) > 31)
		return vty_error(v, "Method list name \"%s\" is longer than 31 characters", name);
	if (a->no || a->dflt) {
		if (delete_list(kind, service, name))
			return vty_error(v, "%s", store_errmsg());
		vty_config_changed(v, "aaa");
		return CMD_SUCCESS;
	}
	id = ensure_list(kind, service, name);
	if (!id || store_methods(id, a, idx + 1))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

int aaa_cmd_authen(struct vty *v, const struct cmd_args *a)
{
	return method_list(v, a, "authentication");
}

int aaa_cmd_author(struct vty *v, const struct cmd_args *a)
{
	return method_list(v, a, "authorization");
}

/* aaa accounting SERVICE LIST [start-stop|stop-only [broadcast] group G...|none]
 * Without an action the method-list sub-mode opens. */
int aaa_cmd_acct(struct vty *v, const struct cmd_args *a)
{
	int idx;
	const char *name, *service, *action = NULL;
	long long id;

	if (aaa_require_new_model(v))
		return CMD_ERROR;
	name = list_name(a, &idx);
	service = service_name(a, idx);
	if (!name)
		return vty_error(v, "Incomplete command.");
	if (a->no || a->dflt) {
		if (delete_list("accounting", service, name))
			return vty_error(v, "%s", store_errmsg());
		vty_config_changed(v, "aaa");
		return CMD_SUCCESS;
	}
	if (strlen(name) > 31)
		return vty_error(v, "Method list name \"%s\" is longer than 31 characters", name);
	id = ensure_list("accounting", service, name);
	if (!id)
		return vty_error(v, "%s", store_errmsg());
	if (has(a, "start-stop"))
		action = "start-stop";
	else if (has(a, "stop-only"))
		action = "stop-only";
	else if (idx + 1 < a->n && !strcmp(a->v[idx + 1].name, "none"))
		action = "none";
	if (!action) {
		vty_enter(v, MODE_ACCT_MLIST, service, name);
		return CMD_SUCCESS;
	}
	if (db_exec("UPDATE aaa_method_list SET action=?, broadcast=? WHERE id=?", "sii",
		    action, (long long)has(a, "broadcast"), id) ||
	    store_methods(id, a, !strcmp(action, "none") ? a->n : idx + 2))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

int aaa_cmd_acct_update(struct vty *v, const struct cmd_args *a)
{
	if (aaa_require_new_model(v))
		return CMD_ERROR;
	if (a->no || a->dflt) {
		if (db_exec("UPDATE aaa_global SET acct_update_newinfo=0, acct_update_periodic=NULL "
			    "WHERE id=1", ""))
			return vty_error(v, "%s", store_errmsg());
	} else if (db_exec("UPDATE aaa_global SET acct_update_newinfo=?, acct_update_periodic=? "
			   "WHERE id=1", "is", (long long)has(a, "newinfo"), arg(a, "MIN"))) {
		return vty_error(v, "%s", store_errmsg());
	}
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

/* ---- (cfg-acct-mlist) ---- */

static long long mlist_id(struct vty *v)
{
	return list_id("accounting", vty_key(v, 0), vty_key(v, 1));
}

int aaa_cmd_mlist_action(struct vty *v, const struct cmd_args *a)
{
	const char *action = NULL;
	long long id = mlist_id(v);
	if (!id)
		return vty_error(v, "Method list no longer exists");
	if (!a->no && !a->dflt)
		action = has(a, "start-stop") ? "start-stop" : has(a, "stop-only") ? "stop-only" : "none";
	if (db_exec("UPDATE aaa_method_list SET action=? WHERE id=?", "si", action, id))
		return vty_error(v, "%s", store_errmsg());
	if (action && !strcmp(action, "none") && db_exec("DELETE FROM aaa_method WHERE list_id=?", "i", id))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

int aaa_cmd_mlist_broadcast(struct vty *v, const struct cmd_args *a)
{
	long long id = mlist_id(v);
	if (!id)
		return vty_error(v, "Method list no longer exists");
	if (db_exec("UPDATE aaa_method_list SET broadcast=? WHERE id=?", "ii",
		    (long long)!(a->no || a->dflt), id))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}

int aaa_cmd_mlist_group(struct vty *v, const struct cmd_args *a)
{
	long long id = mlist_id(v), seq = 0;
	const char *g = has(a, "GRP") ? arg(a, "GRP") : "radius";
	if (!id)
		return vty_error(v, "Method list no longer exists");
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM aaa_method WHERE list_id=? AND method='group' AND grp=?", "is", id, g))
			return vty_error(v, "%s", store_errmsg());
	} else if (!db_exists("SELECT 1 FROM aaa_method WHERE list_id=? AND method='group' AND grp=?",
			      "is", id, g)) {
		if (db_exists("SELECT 1 FROM aaa_method_list WHERE id=? AND action='none'", "i", id))
			return vty_error(v, "Accounting method list with action-type none takes no group");
		db_get_int(&seq, "SELECT COALESCE(MAX(seq),0) FROM aaa_method WHERE list_id=?", "i", id);
		if (db_exec("INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(?,?,'group',?)",
			    "iis", id, seq + 1, g))
			return vty_error(v, "%s", store_errmsg());
	}
	vty_config_changed(v, "aaa");
	return CMD_SUCCESS;
}
