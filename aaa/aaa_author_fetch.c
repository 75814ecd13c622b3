/*
 * Authorization attributes fetched through an `aaa authorization network
 * LIST` method list, asynchronously: `local` through the caller's local
 * database, `group G` / `group radius` as an Access-Request for the name
 * (User-Name, User-Password "cisco" unless given - IOS sends that fixed
 * password for authorization requests -, Service-Type Outbound) with
 * failover to the next server of the group when one does not answer.
 * The next method only when one cannot answer; an Access-Reject ends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aaa/aaa_author.h"
#include "aaa/radius_servers.h"
#include "running-config/store.h"

#define MAX_METHODS 4
#define MAX_MEMBERS 16
#define SERVICE_TYPE_OUTBOUND 5

struct aaa_author_req {
	aaa_author_fn fn;
	void *ctx;
	char name[254], pw[129];
	char methods[MAX_METHODS][64];   /* "local" | group name | "none" */
	int nmethods, next_method;
	/* the current group's members, by identity (the server list may be
	 * rebuilt while a request waits) */
	char m_name[MAX_MEMBERS][64], m_host[MAX_MEMBERS][16], m_group[MAX_MEMBERS][64];
	unsigned m_port[MAX_MEMBERS];
	size_t nmembers, next_member;
	struct radius_req *req;          /* pending, or NULL */
	uint8_t secret[RADIUS_SECRET_MAX], req_auth[RADIUS_AUTH_LEN];
	size_t slen;
	aaa_author_local_fn local_fn;
	char why[160];
};

static void finish(struct aaa_author_req *t, enum aaa_author_result res, const struct aaa_attrs *a)
{
	static const struct aaa_attrs none;
	aaa_author_fn fn = t->fn;
	void *ctx = t->ctx;
	char why[160];
	snprintf(why, sizeof why, "%s", t->why);
	OPENSSL_cleanse(t, sizeof *t);
	free(t);
	fn(ctx, res, a ? a : &none, why);
}

static struct radius_entry *member(const struct aaa_author_req *t, size_t i)
{
	size_t n = radius_servers_sync();
	for (size_t j = 0; j < n; j++) {
		struct radius_entry *e = radius_servers_get(j);
		if (e && !strcmp(e->name, t->m_name[i]) && !strcmp(e->host, t->m_host[i]) &&
		    !strcmp(e->group, t->m_group[i]) && e->auth_port == t->m_port[i])
			return e;
	}
	return NULL;
}

static bool next_method(struct aaa_author_req *t);

static void on_reply(void *ctx, enum radius_result res, const uint8_t *rep, size_t len)
{
	struct aaa_author_req *t = ctx;
	t->req = NULL;
	if (res == RADIUS_R_REPLY && len >= RADIUS_HDR_LEN && rep[0] == RADIUS_ACCESS_ACCEPT) {
		struct aaa_attrs *a = calloc(1, sizeof *a);
		if (!a) {
			snprintf(t->why, sizeof t->why, "out of memory");
			finish(t, AAA_AUTHOR_FAIL, NULL);
			return;
		}
		aaa_attrs_from_radius(a, rep, len, true, t->secret, t->slen, t->req_auth);
		snprintf(t->why, sizeof t->why, "Access-Accept from group %s", t->methods[t->next_method - 1]);
		finish(t, AAA_AUTHOR_PASS, a);
		aaa_attrs_wipe(a);
		free(a);
		return;
	}
	if (res == RADIUS_R_REPLY && len >= 1) {
		/* Access-Reject (or a Challenge, which authorization cannot answer) */
		snprintf(t->why, sizeof t->why, "%s from group %s",
			 rep[0] == RADIUS_ACCESS_REJECT ? "Access-Reject" : "Access-Challenge",
			 t->methods[t->next_method - 1]);
		finish(t, AAA_AUTHOR_FAIL, NULL);
		return;
	}
	struct radius_entry *e = member(t, t->next_member - 1);
	if (e && t->next_member < t->nmembers)
		e->failovers++;
	next_method(t);   /* the next server of the group, then the next method */
}

/* Send to the next live member of the current group; false when none is left. */
static bool try_member(struct aaa_author_req *t)
{
	while (t->next_member < t->nmembers) {
		struct radius_entry *e = member(t, t->next_member++);
		if (!e || !e->srv || radius_server_is_dead(e->srv))
			continue;
		struct radius_req *r = radius_req_new(e->srv, RADIUS_ACCESS_REQUEST);
		if (!r)
			continue;
		struct radius_pkt *p = radius_req_pkt(r);
		memcpy(t->req_auth, p->buf + 4, RADIUS_AUTH_LEN);
		memcpy(t->secret, e->cfg.secret, e->cfg.secret_len);
		t->slen = e->cfg.secret_len;
		if (radius_pkt_add_str(p, RADIUS_A_USER_NAME, t->name) < 0 ||
		    radius_req_add_password(r, t->pw, strlen(t->pw)) < 0 ||
		    radius_pkt_add_u32(p, RADIUS_A_SERVICE_TYPE, SERVICE_TYPE_OUTBOUND) < 0 ||
		    radius_req_send(r, on_reply, t) < 0) {
			radius_req_cancel(r);
			continue;
		}
		t->req = r;
		return true;
	}
	return false;
}

static void start_group(struct aaa_author_req *t, const char *grp)
{
	struct radius_entry *m[MAX_MEMBERS];
	size_t n = radius_group_members(grp, m, MAX_MEMBERS);
	for (size_t i = 0; i < n; i++) {
		snprintf(t->m_name[i], sizeof t->m_name[i], "%s", m[i]->name);
		snprintf(t->m_host[i], sizeof t->m_host[i], "%s", m[i]->host);
		snprintf(t->m_group[i], sizeof t->m_group[i], "%s", m[i]->group);
		t->m_port[i] = m[i]->auth_port;
	}
	t->nmembers = n;
	t->next_member = 0;
}

/* Continue: the current group's next server, else the next method.
 * true: a request is pending; false: t finished (and freed). */
static bool next_method(struct aaa_author_req *t)
{
	for (;;) {
		if (t->next_method > 0 && strcmp(t->methods[t->next_method - 1], "local") &&
		    strcmp(t->methods[t->next_method - 1], "none") && try_member(t))
			return true;
		if (t->next_method >= t->nmethods)
			break;
		const char *m = t->methods[t->next_method++];
		if (!strcmp(m, "none")) {
			snprintf(t->why, sizeof t->why, "method none");
			finish(t, AAA_AUTHOR_PASS, NULL);
			return false;
		}
		if (!strcmp(m, "local")) {
			struct aaa_attrs *a = calloc(1, sizeof *a);
			if (!a) {
				snprintf(t->why, sizeof t->why, "out of memory");
				finish(t, AAA_AUTHOR_FAIL, NULL);
				return false;
			}
			/* no such policy: no attributes from it, not a failure
			 * (the IKEv2 `default` policy answers for any name) */
			if (t->local_fn && t->local_fn(t->ctx, t->name, a))
				a->found = true;
			snprintf(t->why, sizeof t->why, "local");
			finish(t, AAA_AUTHOR_PASS, a);
			aaa_attrs_wipe(a);
			free(a);
			return false;
		}
		start_group(t, m);
	}
	snprintf(t->why, sizeof t->why, "no method of the authorization list could answer (%s)",
		 t->nmethods ? "no RADIUS server answered" : "no usable method");
	finish(t, AAA_AUTHOR_FAIL, NULL);
	return false;
}

struct aaa_author_req *aaa_author_fetch(const char *list, const char *name, const char *password,
					aaa_author_local_fn local_fn, aaa_author_fn fn, void *ctx)
{
	struct aaa_author_req *t = calloc(1, sizeof *t);
	if (!t) {
		fn(ctx, AAA_AUTHOR_FAIL, NULL, "out of memory");
		return NULL;
	}
	t->fn = fn;
	t->ctx = ctx;
	t->local_fn = local_fn;
	if (!list || !*list)
		list = "default";
	if (strlen(name) >= sizeof t->name || !*name) {
		snprintf(t->why, sizeof t->why, "no usable name to authorize");
		finish(t, AAA_AUTHOR_FAIL, NULL);
		return NULL;
	}
	snprintf(t->name, sizeof t->name, "%s", name);
	snprintf(t->pw, sizeof t->pw, "%s", password && *password ? password : "cisco");
	sqlite3_stmt *st = db_query("SELECT m.method, ifnull(m.grp,'') FROM aaa_method_list l"
				    " JOIN aaa_method m ON m.list_id = l.id"
				    " WHERE l.kind='authorization' AND l.service='network' AND l.name=? ORDER BY m.seq",
				    "s", list);
	bool listed = false;
	while (db_row(st)) {
		listed = true;
		const char *m = db_col_text(st, 0), *g = db_col_text(st, 1);
		const char *what = !strcmp(m, "group") ? g
				 : (!strcmp(m, "local") || !strcmp(m, "local-case")) ? "local"
				 : (!strcmp(m, "none") || !strcmp(m, "if-authenticated")) ? "none" : NULL;
		if (what && *what && t->nmethods < MAX_METHODS)
			snprintf(t->methods[t->nmethods++], sizeof t->methods[0], "%s", what);
	}
	if (!listed) {
		snprintf(t->why, sizeof t->why, "authorization list %s is not defined", list);
		finish(t, AAA_AUTHOR_FAIL, NULL);
		return NULL;
	}
	/* still pending only when a RADIUS request went out */
	return next_method(t) ? t : NULL;
}

void aaa_author_cancel(struct aaa_author_req *r)
{
	if (!r)
		return;
	if (r->req)
		radius_req_cancel(r->req);
	OPENSSL_cleanse(r, sizeof *r);
	free(r);
}
