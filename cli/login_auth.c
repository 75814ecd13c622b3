/*
 * Login authentication for vty (SSH) sessions, as IOS does it:
 *  - aaa new-model: the list named by `login authentication LIST` on
 *    line vty 0 (else `default`; with no default list, local users);
 *    methods tried in order, the next one only when a method cannot
 *    answer (no such local user, no server) — a wrong password fails;
 *  - no new-model: `login local` checks usernames, `login` the line
 *    password, no login at all refuses (IOS: "password required").
 * The line's settings are read from `line vty 0`: sshd cannot tell which
 * vty the session will get before it starts.
 * Privilege: the local user's level when it authenticated the login (IOS
 * needs `aaa authorization exec` for that under new-model; flexd has no
 * exec authorization yet and grants it), a RADIUS server's
 * `shell:priv-lvl=N` Cisco-AVPair, else the line's `privilege level`.
 * RADIUS answers come later (aaa/aaa_auth.h); the AUTH frame's DONE waits.
 */
#include "login_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_auth.h"
#include "base/log.h"
#include "base/secret.h"
#include "running-config/store.h"

/* Remembered grants: sshd authenticates, then starts the login shell. */
#define GRANTS 16
static struct grant {
	char user[64];
	char peer[64];
	int privilege;
	time_t at;
} grants[GRANTS];

static void remember(const char *user, const char *peer, int priv)
{
	struct grant *g = &grants[0];
	for (int i = 0; i < GRANTS; i++)
		if (grants[i].at < g->at)
			g = &grants[i];
	snprintf(g->user, sizeof g->user, "%s", user);
	snprintf(g->peer, sizeof g->peer, "%s", peer);
	g->privilege = priv;
	g->at = time(NULL);
}

int login_take_privilege(const char *user, const char *peer)
{
	time_t now = time(NULL);
	for (int i = 0; i < GRANTS; i++) {
		struct grant *g = &grants[i];
		if (g->at && now - g->at <= 120 && strcmp(g->user, user) == 0 && strcmp(g->peer, peer) == 0) {
			g->at = 0;
			return g->privilege;
		}
	}
	return 1;
}

/* The log line and the grant, once the answer is known. */
static bool conclude(bool ok, const char *user, const char *peer, int priv, const char *reason)
{
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%H:%M:%S UTC %a %b %-d %Y", &tm);
	if (!ok) {
		log_msg(LOG_SEV_WARNING, "SEC_LOGIN", "LOGIN_FAILED",
			"Login failed [user: %s] [Source: %s] [localport: 22] [Reason: %s] at %s", user, peer,
			reason, when);
		return false;
	}
	log_msg(LOG_SEV_NOTICE, "SEC_LOGIN", "LOGIN_SUCCESS", "Login Success [user: %s] [Source: %s] [localport: 22] at %s",
		user, peer, when);
	remember(user, peer, priv);
	return true;
}

struct pending_login {
	char user[64], peer[64];
	int line_priv;
	login_done_fn fn;
	void *ctx;
};

static void aaa_answered(void *ctx, const struct aaa_reply *r)
{
	struct pending_login *pl = ctx;
	bool ok = r->res == AAA_PASS;
	/* a RADIUS challenge cannot be put to an SSH password login */
	const char *reason = r->res == AAA_CHALLENGE ? "Login Authentication Failed - challenge not supported"
			     : r->res == AAA_ERROR   ? "Login Authentication Failed - no method answered"
						     : "Login Authentication Failed";
	int priv = r->method && strncmp(r->method, "group ", 6) == 0 && r->priv <= 1 ? pl->line_priv : r->priv;
	if (r->method && strcmp(r->method, "none") == 0)
		priv = pl->line_priv;
	conclude(ok, pl->user, pl->peer, priv, reason);
	login_done_fn fn = pl->fn;
	void *c = pl->ctx;
	free(pl);
	fn(c, ok);
}

enum login_answer login_authenticate(const char *user, const char *password, const char *peer, login_done_fn fn,
				     void *ctx)
{
	long long new_model = 0;
	db_get_int(&new_model, "SELECT new_model FROM aaa_global WHERE id = 1", NULL);
	char login[16] = "", list[64] = "";
	long long line_priv = 1;
	sqlite3_stmt *st = db_query("SELECT login, login_list, privilege FROM sys_line WHERE kind = 'vty' AND num = 0", NULL);
	if (db_row(st)) {
		snprintf(login, sizeof login, "%s", db_col_text(st, 0));
		snprintf(list, sizeof list, "%s", db_col_text(st, 1));
		if (!db_col_null(st, 2))
			line_priv = db_col_int(st, 2);
		db_done(st);
	}
	if (new_model) {
		struct pending_login *pl = calloc(1, sizeof(*pl));
		if (pl) {
			snprintf(pl->user, sizeof pl->user, "%s", user);
			snprintf(pl->peer, sizeof pl->peer, "%s", peer);
			pl->line_priv = (int)line_priv;
			pl->fn = fn;
			pl->ctx = ctx;
			if (aaa_auth_start(AAA_SVC_LOGIN, list[0] ? list : NULL, user, password, NULL, 0, aaa_answered,
					   pl))
				return LOGIN_PENDING;
			free(pl);
		}
		conclude(false, user, peer, 1, "Login Authentication Failed");
		return LOGIN_FAIL;
	}
	enum aaa_result r = AAA_ERROR;
	int priv = -1;
	if (strcmp(login, "local") == 0)
		r = aaa_check_local(user, password, true, &priv);
	else if (strcmp(login, "line") == 0)
		r = aaa_check_line(password);
	return conclude(r == AAA_PASS, user, peer, priv >= 0 ? priv : (int)line_priv, "Login Authentication Failed")
		       ? LOGIN_OK
		       : LOGIN_FAIL;
}
