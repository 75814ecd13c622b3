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
 * exec authorization yet and grants it), else the line's `privilege level`.
 */
#include "login_auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/secret.h"
#include "running-config/store.h"

enum result { AUTH_PASS, AUTH_FAIL, AUTH_ERROR };

static enum result check_local(const char *user, const char *pw, int *priv)
{
	sqlite3_stmt *st = db_query("SELECT kind, pw_type, pw, privilege FROM aaa_user WHERE name = ?", "s", user);
	if (!db_row(st))
		return AUTH_ERROR; /* unknown here: the next method may know the user */
	char kind[16];
	snprintf(kind, sizeof kind, "%s", db_col_text(st, 0));
	bool ok = strcmp(kind, "nopassword") == 0 ||
		  (!db_col_null(st, 2) && secret_verify((int)db_col_int(st, 1), db_col_text(st, 2), pw));
	*priv = db_col_null(st, 3) ? 1 : (int)db_col_int(st, 3);
	db_done(st);
	return ok ? AUTH_PASS : AUTH_FAIL;
}

static enum result check_line(const char *pw)
{
	sqlite3_stmt *st = db_query("SELECT password_type, password FROM sys_line WHERE kind = 'vty' AND num = 0", NULL);
	enum result r = AUTH_ERROR;
	if (db_row(st) && !db_col_null(st, 1))
		r = secret_verify((int)db_col_int(st, 0), db_col_text(st, 1), pw) ? AUTH_PASS : AUTH_FAIL;
	db_done(st);
	return r;
}

static enum result check_enable(const char *pw)
{
	sqlite3_stmt *st = db_query("SELECT enable_secret_type, enable_secret FROM sys_global WHERE id = 1", NULL);
	enum result r = AUTH_ERROR;
	if (db_row(st) && !db_col_null(st, 1))
		r = secret_verify((int)db_col_int(st, 0), db_col_text(st, 1), pw) ? AUTH_PASS : AUTH_FAIL;
	db_done(st);
	return r;
}

/* Run the method list; false when it does not exist. */
static bool run_list(const char *list, const char *user, const char *pw, enum result *r, int *priv)
{
	long long id;
	if (!db_get_int(&id, "SELECT id FROM aaa_method_list WHERE kind = 'authentication' AND service = 'login' AND name = ?",
			"s", list))
		return false;
	*r = AUTH_ERROR;
	sqlite3_stmt *st = db_query("SELECT method FROM aaa_method WHERE list_id = ? ORDER BY seq", "i", id);
	while (*r == AUTH_ERROR && db_row(st)) {
		const char *m = db_col_text(st, 0);
		if (strcmp(m, "local") == 0 || strcmp(m, "local-case") == 0)
			*r = check_local(user, pw, priv);
		else if (strcmp(m, "line") == 0)
			*r = check_line(pw);
		else if (strcmp(m, "enable") == 0)
			*r = check_enable(pw);
		else if (strcmp(m, "none") == 0)
			*r = AUTH_PASS;
		/* group radius/ldap: no AAA client for logins yet: cannot answer */
	}
	db_done(st);
	return true;
}

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

bool login_authenticate(const char *user, const char *password, const char *peer)
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
	}
	db_done(st);

	enum result r = AUTH_ERROR;
	int priv = -1;
	if (new_model) {
		if (!run_list(list[0] ? list : "default", user, password, &r, &priv) && !list[0])
			r = check_local(user, password, &priv);
	} else if (strcmp(login, "local") == 0) {
		r = check_local(user, password, &priv);
	} else if (strcmp(login, "line") == 0) {
		r = check_line(password);
	}
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%H:%M:%S UTC %a %b %-d %Y", &tm);
	if (r != AUTH_PASS) {
		log_msg(LOG_SEV_WARNING, "SEC_LOGIN", "LOGIN_FAILED",
			"Login failed [user: %s] [Source: %s] [localport: 22] [Reason: Login Authentication Failed] at %s",
			user, peer, when);
		return false;
	}
	log_msg(LOG_SEV_NOTICE, "SEC_LOGIN", "LOGIN_SUCCESS", "Login Success [user: %s] [Source: %s] [localport: 22] at %s",
		user, peer, when);
	remember(user, peer, priv >= 0 ? priv : (int)line_priv);
	return true;
}
