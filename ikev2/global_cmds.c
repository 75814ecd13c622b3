/* The one-line global `crypto ikev2 ...` commands (ikev2_global row). */
#include <string.h>

#include "running-config/store.h"
#include "ikev2_cmds.h"

/* [no] crypto ikev2 http-url cert: on by default */
int ik_cmd_gl_http_url(struct vty *v, const struct cmd_args *a)
{
	return db_exec("UPDATE ikev2_global SET http_url_cert=?", "d", !a->no) ? ik_dberr(v) : CMD_SUCCESS;
}

/* crypto ikev2 dpd <10-3600> <2-60> {on-demand|periodic} */
int ik_cmd_gl_dpd(struct vty *v, const struct cmd_args *a)
{
	int rc = (a->no || a->dflt)
	       ? db_exec("UPDATE ikev2_global SET dpd_interval=NULL, dpd_retry=NULL, dpd_mode=NULL", NULL)
	       : db_exec("UPDATE ikev2_global SET dpd_interval=?, dpd_retry=?, dpd_mode=?", "iis",
			 arg_int(a, "<10-3600>", 0), arg_int(a, "<2-60>", 0), has(a, "periodic") ? "periodic" : "on-demand");
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

static const struct {
	const char *k1, *k2;
	const char *sql;
} int_cols[] = {
	{ "nat", NULL, "UPDATE ikev2_global SET nat_keepalive=?" },
	{ "window", NULL, "UPDATE ikev2_global SET window=?" },
	{ "cookie-challenge", NULL, "UPDATE ikev2_global SET cookie_challenge=?" },
	{ "max-sa", NULL, "UPDATE ikev2_global SET max_sa=?" },
	{ "queue", NULL, "UPDATE ikev2_global SET queue_sa_init=?" },
	{ "diagnose", NULL, "UPDATE ikev2_global SET diagnose_error=?" },
	{ "certificate-cache", NULL, "UPDATE ikev2_global SET cert_cache=?" },
};

/* nat keepalive N, window N, cookie-challenge N, limit max-sa N,
 * limit queue sa-init N, diagnose error N, certificate-cache N */
int ik_cmd_gl_int(struct vty *v, const struct cmd_args *a)
{
	for (size_t i = 0; i < sizeof int_cols / sizeof int_cols[0]; i++)
		if (has(a, int_cols[i].k1))
			return db_exec(int_cols[i].sql, "s", (a->no || a->dflt) ? NULL : arg(a, "N"))
			       ? ik_dberr(v) : CMD_SUCCESS;
	return vty_error(v, "Unknown setting");
}

/* crypto ikev2 limit max-in-negotiation-sa N [incoming|outgoing]: the
 * incoming and outgoing limits are separate settings (one line each);
 * without a direction the limit holds both ways (max_nego).  `no` with a
 * direction clears that one, without one all three. */
int ik_cmd_gl_limit_nego(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	const char *n = clear ? NULL : arg(a, "N");
	int rc;
	if (has(a, "incoming"))
		rc = db_exec("UPDATE ikev2_global SET max_nego_in=?", "s", n);
	else if (has(a, "outgoing"))
		rc = db_exec("UPDATE ikev2_global SET max_nego_out=?", "s", n);
	else if (clear)
		rc = db_exec("UPDATE ikev2_global SET max_nego=NULL, max_nego_dir=NULL, max_nego_in=NULL, "
			     "max_nego_out=NULL", "");
	else
		rc = db_exec("UPDATE ikev2_global SET max_nego=?, max_nego_dir=NULL", "s", n);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* crypto ikev2 fragmentation [mtu <68-1500>] */
int ik_cmd_gl_fragmentation(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	return db_exec("UPDATE ikev2_global SET fragmentation=?, frag_mtu=?", "ds", !clear,
		       clear ? NULL : arg(a, "N")) ? ik_dberr(v) : CMD_SUCCESS;
}

/* crypto ikev2 redirect gateway {init|auth} | redirect client [max-redirects N] */
int ik_cmd_gl_redirect(struct vty *v, const struct cmd_args *a)
{
	bool clear = a->no || a->dflt;
	int rc;
	if (has(a, "gateway"))
		rc = db_exec("UPDATE ikev2_global SET redirect_gateway=?", "s",
			     clear ? NULL : has(a, "auth") ? "auth" : "init");
	else
		rc = db_exec("UPDATE ikev2_global SET redirect_client=?, redirect_max=?", "ds", !clear,
			     clear ? NULL : arg(a, "N"));
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* crypto ikev2 disconnect-revoked-peers | crypto ikev2 cts sgt */
int ik_cmd_gl_flag(struct vty *v, const struct cmd_args *a)
{
	int on = !(a->no || a->dflt);
	int rc = has(a, "cts") ? db_exec("UPDATE ikev2_global SET cts_sgt=?", "d", on)
			       : db_exec("UPDATE ikev2_global SET disconnect_revoked=?", "d", on);
	return rc ? ik_dberr(v) : CMD_SUCCESS;
}

/* crypto ikev2 reconnect key <1-2> [active] KEY */
int ik_cmd_gl_reconnect_key(struct vty *v, const struct cmd_args *a)
{
	long long num = arg_int(a, "<1-2>", 1);
	if (a->no || a->dflt)
		return db_exec("DELETE FROM ikev2_reconnect_key WHERE num=?", "i", num) ? ik_dberr(v) : CMD_SUCCESS;
	const char *key = arg(a, "KEY");
	if (strlen(key) > 128)
		return vty_error(v, "Reconnect key must be 1 to 128 characters long");
	if (has(a, "active") && db_exec("UPDATE ikev2_reconnect_key SET active=0", NULL))
		return ik_dberr(v);
	return db_exec("INSERT OR REPLACE INTO ikev2_reconnect_key(num, active, key) VALUES(?,?,?)", "ids",
		       num, has(a, "active"), key) ? ik_dberr(v) : CMD_SUCCESS;
}
