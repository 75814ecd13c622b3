/*
 * Password authentication through a login method list (aaa_auth.h).
 * One request walks the list's methods; local answers are queued and
 * delivered from one zero-delay timer (the caller never sees its callback
 * inside aaa_auth_start), RADIUS ones come back through the group layer.
 */
#include "aaa/aaa_auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aaa/aaa_debug.h"
#include "aaa/radius_servers.h"
#include "base/loop.h"
#include "base/secret.h"
#include "running-config/store.h"

#define MAX_METHODS 8

struct aaa_auth_req {
	unsigned id; /* the debug lines' (%08X) */
	enum aaa_service svc;
	aaa_auth_fn fn;
	void *ctx;
	char user[254], pw[RADIUS_PASSWORD_MAX + 1];
	uint8_t state[AAA_STATE_MAX];
	size_t state_len;
	char methods[MAX_METHODS][72]; /* "local", "group NAME", ... */
	size_t nm, next;
	struct radius_group_txn *txn; /* the RADIUS request in flight */
	struct aaa_reply rep;         /* the answer, while queued */
	struct aaa_auth_req *ready_next;
	bool queued;
};

/* ---- answers delivered from the loop ---- */

static struct aaa_auth_req *ready_head, **ready_tail = &ready_head;
static uint64_t ready_timer;

static void req_free(struct aaa_auth_req *r)
{
	explicit_bzero(r, sizeof(*r));
	free(r);
}

static void deliver_ready(void *unused)
{
	(void)unused;
	ready_timer = 0;
	struct aaa_auth_req *list = ready_head;
	ready_head = NULL;
	ready_tail = &ready_head;
	while (list) {
		struct aaa_auth_req *r = list;
		list = r->ready_next;
		r->fn(r->ctx, &r->rep);
		req_free(r);
	}
}

static const char *svc_name(enum aaa_service svc)
{
	return svc == AAA_SVC_LOGIN ? "LOGIN" : svc == AAA_SVC_EAP ? "EAP" : "ANYCONNECT-EAP";
}

static const char *status_name(enum aaa_result res)
{
	return res == AAA_PASS ? "PASS" : res == AAA_FAIL ? "FAIL" : res == AAA_CHALLENGE ? "GETDATA" : "ERROR";
}

static void finish_later(struct aaa_auth_req *r, enum aaa_result res, const char *method)
{
	aaa_debug(AAA_DBG_AUTHEN, "AAA/AUTHEN/%s (%08X): status = %s", svc_name(r->svc), r->id, status_name(res));
	r->rep.res = res;
	r->rep.method = method;
	r->queued = true;
	r->ready_next = NULL;
	*ready_tail = r;
	ready_tail = &r->ready_next;
	if (!ready_timer)
		ready_timer = loop_timer(0, deliver_ready, NULL);
}

/* ---- the methods that answer at once ---- */

enum aaa_result aaa_check_local(const char *user, const char *pw, bool case_sensitive, int *priv)
{
	sqlite3_stmt *st = db_query("SELECT name, kind, pw_type, pw, privilege FROM aaa_user WHERE name = ? COLLATE NOCASE",
				    "s", user);
	enum aaa_result r = AAA_ERROR; /* unknown here: the next method may know the user */
	while (db_row(st)) {
		if (case_sensitive && strcmp(db_col_text(st, 0), user) != 0)
			continue;
		if (!case_sensitive && strcasecmp(db_col_text(st, 0), user) != 0)
			continue;
		bool ok = strcmp(db_col_text(st, 1), "nopassword") == 0 ||
			  (!db_col_null(st, 3) && secret_verify((int)db_col_int(st, 2), db_col_text(st, 3), pw));
		*priv = db_col_null(st, 4) ? 1 : (int)db_col_int(st, 4);
		r = ok ? AAA_PASS : AAA_FAIL;
		db_done(st);
		break;
	}
	return r;
}

static enum aaa_result check_secret_row(const char *sql, const char *pw)
{
	sqlite3_stmt *st = db_query(sql, NULL);
	enum aaa_result r = AAA_ERROR;
	if (db_row(st)) {
		if (!db_col_null(st, 1))
			r = secret_verify((int)db_col_int(st, 0), db_col_text(st, 1), pw) ? AAA_PASS : AAA_FAIL;
		db_done(st);
	}
	return r;
}

enum aaa_result aaa_check_line(const char *pw)
{
	return check_secret_row("SELECT password_type, password FROM sys_line WHERE kind = 'vty' AND num = 0", pw);
}

/* ---- RADIUS ---- */

static int pap_build(void *ctx, struct radius_req *q)
{
	struct aaa_auth_req *r = ctx;
	struct radius_pkt *p = radius_req_pkt(q);
	/* Login for a vty, Framed for an IKE peer (RFC 2865 §5.6) */
	if (radius_pkt_add_str(p, RADIUS_A_USER_NAME, r->user) < 0 ||
	    radius_req_add_password(q, r->pw, strlen(r->pw)) < 0 ||
	    radius_pkt_add_u32(p, RADIUS_A_SERVICE_TYPE, r->svc == AAA_SVC_LOGIN ? 1 : 2) < 0)
		return -1;
	if (r->state_len && radius_pkt_add(p, RADIUS_A_STATE, r->state, r->state_len) < 0)
		return -1;
	return 0;
}

static void copy_text_attr(const uint8_t *pkt, size_t len, uint8_t type, char *out, size_t outlen)
{
	size_t vlen = 0;
	const uint8_t *v = radius_attr_find(pkt, len, type, &vlen);
	if (!v)
		return;
	if (vlen >= outlen)
		vlen = outlen - 1;
	memcpy(out, v, vlen);
	out[vlen] = '\0';
}

/* shell:priv-lvl=N in a Cisco-AVPair: the privilege a login starts at */
static int avpair_priv(const uint8_t *pkt, size_t len)
{
	struct radius_attr_iter it;
	char av[256];
	radius_attr_iter_init(&it, pkt, len);
	while (radius_cisco_avpair_next(&it, av, sizeof av))
		if (strncmp(av, "shell:priv-lvl=", 15) == 0) {
			int n = atoi(av + 15);
			if (n >= 0 && n <= 15)
				return n;
		}
	return 1;
}

static void step(struct aaa_auth_req *r);

static void radius_answer(void *ctx, enum radius_result res, const uint8_t *pkt, size_t len)
{
	struct aaa_auth_req *r = ctx;
	r->txn = NULL;
	const char *method = r->methods[r->next - 1];
	if (res != RADIUS_R_REPLY || len < RADIUS_HDR_LEN) {
		step(r); /* no server answered: the next method */
		return;
	}
	struct aaa_reply *rep = &r->rep;
	rep->method = method;
	switch (pkt[0]) {
	case RADIUS_ACCESS_ACCEPT:
		rep->res = AAA_PASS;
		copy_text_attr(pkt, len, RADIUS_A_REPLY_MESSAGE, rep->message, sizeof rep->message);
		rep->priv = avpair_priv(pkt, len);
		rep->attrs = pkt + RADIUS_HDR_LEN;
		rep->attrs_len = len - RADIUS_HDR_LEN;
		break;
	case RADIUS_ACCESS_CHALLENGE: {
		rep->res = AAA_CHALLENGE;
		copy_text_attr(pkt, len, RADIUS_A_REPLY_MESSAGE, rep->prompt, sizeof rep->prompt);
		size_t vlen = 0;
		const uint8_t *v = radius_attr_find(pkt, len, RADIUS_A_STATE, &vlen);
		if (v && vlen <= sizeof rep->state) {
			memcpy(rep->state, v, vlen);
			rep->state_len = vlen;
		}
		break;
	}
	case RADIUS_ACCESS_REJECT:
		rep->res = AAA_FAIL;
		copy_text_attr(pkt, len, RADIUS_A_REPLY_MESSAGE, rep->message, sizeof rep->message);
		break;
	default:
		step(r);
		return;
	}
	aaa_debug(AAA_DBG_AUTHEN, "AAA/AUTHEN/%s (%08X): status = %s", svc_name(r->svc), r->id,
		  status_name(rep->res));
	/* delivered now: the reply's attributes live only during this call */
	r->fn(r->ctx, rep);
	req_free(r);
}

/* ---- the walk ---- */

static void step(struct aaa_auth_req *r)
{
	while (r->next < r->nm) {
		const char *m = r->methods[r->next++];
		aaa_debug(AAA_DBG_AUTHEN, "AAA/AUTHEN/%s (%08X): Method=%s", svc_name(r->svc), r->id, m);
		enum aaa_result res = AAA_ERROR;
		int priv = 1;
		if (strcmp(m, "local") == 0 || strcmp(m, "local-case") == 0)
			res = aaa_check_local(r->user, r->pw, m[5] == '-', &priv);
		else if (strcmp(m, "none") == 0)
			res = AAA_PASS;
		else if (strcmp(m, "enable") == 0)
			res = check_secret_row("SELECT enable_secret_type, enable_secret FROM sys_global WHERE id = 1", r->pw);
		else if (strcmp(m, "line") == 0 && r->svc == AAA_SVC_LOGIN)
			res = aaa_check_line(r->pw);
		else if (strncmp(m, "group ", 6) == 0) {
			if (!r->pw[0] && !r->state_len)
				continue; /* RADIUS PAP needs a password */
			r->txn = radius_group_send(m + 6, RADIUS_ACCESS_REQUEST, pap_build, radius_answer, r);
			if (r->txn)
				return;
			continue; /* no server in that group */
		}
		if (res != AAA_ERROR) {
			r->rep.priv = priv;
			finish_later(r, res, m);
			return;
		}
	}
	finish_later(r, AAA_ERROR, NULL);
}

/* The list's methods; false when the list is not configured. */
static bool load_methods(struct aaa_auth_req *r, const char *list)
{
	long long id;
	if (!db_get_int(&id, "SELECT id FROM aaa_method_list WHERE kind = 'authentication' AND service = 'login' "
			     "AND name = ?", "s", list))
		return false;
	sqlite3_stmt *st = db_query("SELECT method, ifnull(grp, '') FROM aaa_method WHERE list_id = ? ORDER BY seq",
				    "i", id);
	while (db_row(st))
		if (r->nm < MAX_METHODS) {
			const char *m = db_col_text(st, 0);
			if (strcmp(m, "group") == 0)
				snprintf(r->methods[r->nm++], sizeof r->methods[0], "group %s", db_col_text(st, 1));
			else
				snprintf(r->methods[r->nm++], sizeof r->methods[0], "%s", m);
		}
	return true;
}

struct aaa_auth_req *aaa_auth_start(enum aaa_service svc, const char *list, const char *user,
				    const char *password, const uint8_t *state, size_t state_len,
				    aaa_auth_fn fn, void *ctx)
{
	struct aaa_auth_req *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->svc = svc;
	r->fn = fn;
	r->ctx = ctx;
	r->rep.priv = 1;
	bool fits = strlen(user) < sizeof r->user && strlen(password) < sizeof r->pw &&
		    state_len <= sizeof r->state;
	if (!fits) {
		finish_later(r, AAA_FAIL, NULL);
		return r;
	}
	snprintf(r->user, sizeof r->user, "%s", user);
	snprintf(r->pw, sizeof r->pw, "%s", password);
	if (state_len) {
		memcpy(r->state, state, state_len);
		r->state_len = state_len;
	}
	static unsigned next_id;
	r->id = ++next_id;
	aaa_debug(AAA_DBG_AUTHEN, "AAA/AUTHEN/%s (%08X): Pick method list '%s'", svc_name(svc), r->id,
		  list && list[0] ? list : "default");
	if (!load_methods(r, list && list[0] ? list : "default") && svc == AAA_SVC_LOGIN &&
	    !(list && list[0] && strcmp(list, "default") != 0))
		snprintf(r->methods[r->nm++], sizeof r->methods[0], "local"); /* IOS: no default list = local */
	step(r);
	return r;
}

void aaa_auth_cancel(struct aaa_auth_req *r)
{
	if (!r)
		return;
	if (r->txn) {
		radius_group_cancel(r->txn);
		req_free(r);
		return;
	}
	if (r->queued) {
		for (struct aaa_auth_req **pp = &ready_head; *pp; pp = &(*pp)->ready_next)
			if (*pp == r) {
				*pp = r->ready_next;
				if (ready_tail == &r->ready_next)
					ready_tail = pp;
				break;
			}
	}
	req_free(r);
}
