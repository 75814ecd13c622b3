/* RADIUS servers from the running-config, and PAP with group failover. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/radius_servers.h"
#include "base/loop.h"
#include "base/secret.h"
#include "running-config/store.h"

#define MAX_SERVERS 64

static struct radius_entry servers[MAX_SERVERS];
static size_t nservers;
static unsigned long long seen_gen;
static unsigned long seen_epoch;

struct globals {
	long long timeout, retransmit, deadtime, dead_time, dead_tries;
	char key[RADIUS_SECRET_MAX + 1];
};

static void key_text(int type, const char *stored, char *out, size_t len)
{
	out[0] = 0;
	if (type == 7) {
		if (!secret_type7_decode(stored, out, len))
			out[0] = 0;
	} else if (type == 0) {
		snprintf(out, len, "%s", stored);
	} /* type 6 needs the master key: not supported yet (no key = not usable) */
}

static void read_globals(struct globals *g)
{
	sqlite3_stmt *st = db_query("SELECT ifnull(timeout,5), ifnull(retransmit,3), "
				    "ifnull(deadtime,0), ifnull(dead_time,10), "
				    "ifnull(dead_tries,10), key_type, ifnull(key,'') "
				    "FROM radius_global WHERE id=1", "");
	memset(g, 0, sizeof(*g));
	g->timeout = 5;
	g->retransmit = 3;
	while (db_row(st)) {
		g->timeout = db_col_int(st, 0);
		g->retransmit = db_col_int(st, 1);
		g->deadtime = db_col_int(st, 2);
		g->dead_time = db_col_int(st, 3);
		g->dead_tries = db_col_int(st, 4);
		key_text((int)db_col_int(st, 5), db_col_text(st, 6), g->key, sizeof(g->key));
	}
}

/* One configured server into next[]; settings not given fall back to the
 * radius-server globals, as IOS does. */
static void add(struct radius_entry *next, size_t *n, const struct globals *g, const char *name,
		const char *host, long long auth, long long acct, bool has_to, long long to,
		bool has_rt, long long rt, int key_type, const char *key)
{
	struct radius_entry *e;
	struct in_addr ip;
	if (*n >= MAX_SERVERS || inet_pton(AF_INET, host, &ip) != 1)
		return;
	e = &next[(*n)++];
	memset(e, 0, sizeof(*e));
	snprintf(e->name, sizeof(e->name), "%s", name);
	snprintf(e->host, sizeof(e->host), "%s", host);
	e->auth_port = (unsigned)auth;
	e->acct_port = (unsigned)acct;
	e->cfg.addr.sin_family = AF_INET;
	e->cfg.addr.sin_addr = ip;
	e->cfg.addr.sin_port = htons((uint16_t)auth);
	char k[RADIUS_SECRET_MAX + 1];
	key_text(key_type, key, k, sizeof(k));
	if (!k[0])
		snprintf(k, sizeof(k), "%s", g->key);
	e->cfg.secret_len = strlen(k);
	memcpy(e->cfg.secret, k, e->cfg.secret_len);
	e->cfg.timeout_ms = (unsigned)((has_to ? to : g->timeout) * 1000);
	e->cfg.retransmit = (unsigned)(has_rt ? rt : g->retransmit);
	if (g->deadtime) { /* IOS: without deadtime a server is never marked dead */
		e->cfg.deadtime_ms = (unsigned)(g->deadtime * 60000);
		e->cfg.dead_tries = (unsigned)g->dead_tries;
		e->cfg.dead_time_ms = (unsigned)(g->dead_time * 1000);
	}
}

static void read_config(struct radius_entry *next, size_t *n)
{
	struct globals g;
	sqlite3_stmt *st;
	read_globals(&g);
	st = db_query("SELECT name, addr, auth_port, acct_port, timeout IS NOT NULL, "
		      "ifnull(timeout,0), retransmit IS NOT NULL, ifnull(retransmit,0), key_type, "
		      "ifnull(key,'') FROM radius_server WHERE addr IS NOT NULL ORDER BY seq", "");
	while (db_row(st))
		add(next, n, &g, db_col_text(st, 0), db_col_text(st, 1), db_col_int(st, 2),
		    db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6),
		    db_col_int(st, 7), (int)db_col_int(st, 8), db_col_text(st, 9));
	st = db_query("SELECT addr, auth_port, acct_port, timeout IS NOT NULL, ifnull(timeout,0), "
		      "retransmit IS NOT NULL, ifnull(retransmit,0), key_type, ifnull(key,'') "
		      "FROM radius_host ORDER BY seq", "");
	while (db_row(st))
		add(next, n, &g, "", db_col_text(st, 0), db_col_int(st, 1), db_col_int(st, 2),
		    db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6),
		    (int)db_col_int(st, 7), db_col_text(st, 8));
	/* server-private: belongs to its group only */
	st = db_query("SELECT p.addr, p.auth_port, p.acct_port, p.timeout IS NOT NULL, "
		      "ifnull(p.timeout,0), p.retransmit IS NOT NULL, ifnull(p.retransmit,0), "
		      "p.key_type, ifnull(p.key,''), p.grp FROM radius_group_private p "
		      "JOIN radius_group g ON g.name=p.grp ORDER BY g.seq, p.seq", "");
	while (db_row(st)) {
		size_t before = *n;
		add(next, n, &g, "", db_col_text(st, 0), db_col_int(st, 1), db_col_int(st, 2),
		    db_col_int(st, 3), db_col_int(st, 4), db_col_int(st, 5), db_col_int(st, 6),
		    (int)db_col_int(st, 7), db_col_text(st, 8));
		if (*n > before)
			snprintf(next[*n - 1].group, sizeof(next[0].group), "%s", db_col_text(st, 9));
	}
}

/* The IPv4 address of a configured interface (`ip address`), for `ip
 * radius source-interface`. */
static bool if_addr(const char *ifname, struct in_addr *out)
{
	char a[64];
	return db_get_text(a, sizeof a, "SELECT ip_address FROM if_interface WHERE name = ? AND ip_address IS NOT NULL",
			   "s", ifname) &&
	       inet_pton(AF_INET, a, out) == 1;
}

/* `ip radius source-interface X` globally, or in `aaa group server radius`
 * for its server-private hosts: requests leave from X's address.  An
 * interface without an address leaves the choice to the kernel. */
static void set_sources(struct radius_entry *next, size_t n)
{
	char ifname[64];
	struct in_addr global = { 0 };
	if (db_get_text(ifname, sizeof ifname, "SELECT source_if FROM radius_global WHERE id = 1 AND source_if IS NOT NULL",
			""))
		if_addr(ifname, &global);
	for (size_t i = 0; i < n; i++) {
		next[i].cfg.source = global;
		struct in_addr own;
		if (next[i].group[0] &&
		    db_get_text(ifname, sizeof ifname, "SELECT source_if FROM radius_group WHERE name = ? AND source_if IS NOT NULL",
				"s", next[i].group) &&
		    if_addr(ifname, &own))
			next[i].cfg.source = own;
	}
}

static bool same_cfg(const struct radius_entry *a, const struct radius_entry *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->group, b->group) && a->acct_port == b->acct_port &&
	       !memcmp(&a->cfg, &b->cfg, sizeof(a->cfg));
}

static void free_entry(struct radius_entry *e)
{
	if (e->srv)
		radius_server_free(e->srv);
	if (e->acct_srv)
		radius_server_free(e->acct_srv);
	e->srv = e->acct_srv = NULL;
}

size_t radius_servers_sync(void)
{
	static struct radius_entry next[MAX_SERVERS];
	size_t n = 0;
	unsigned long long gen = store_generation();

	if (gen != 0 && gen == seen_gen && store_epoch() == seen_epoch)
		return nservers; /* unchanged; inside a transaction (0) always re-read */
	seen_gen = gen;
	seen_epoch = store_epoch();
	read_config(next, &n);
	set_sources(next, n);
	/* keep the object (counters, pending requests) of unchanged servers */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < nservers; j++)
			if (servers[j].srv && same_cfg(&next[i], &servers[j])) {
				next[i].srv = servers[j].srv;
				next[i].acct_srv = servers[j].acct_srv;
				servers[j].acct_srv = NULL;
				next[i].failovers = servers[j].failovers;
				next[i].dead_since = servers[j].dead_since;
				next[i].acct_failovers = servers[j].acct_failovers;
				memcpy(next[i].acct_req, servers[j].acct_req, sizeof next[i].acct_req);
				memcpy(next[i].acct_resp, servers[j].acct_resp, sizeof next[i].acct_resp);
				servers[j].srv = NULL;
				break;
			}
	for (size_t j = 0; j < nservers; j++)
		free_entry(&servers[j]);
	for (size_t i = 0; i < n; i++)
		if (!next[i].srv && next[i].cfg.secret_len) {
			next[i].srv = radius_server_new(&next[i].cfg);
			if (next[i].acct_port) {
				struct radius_server_cfg acct = next[i].cfg;
				acct.addr.sin_port = htons((uint16_t)next[i].acct_port);
				next[i].acct_srv = radius_server_new(&acct);
			}
		}
	memcpy(servers, next, n * sizeof(servers[0]));
	nservers = n;
	return nservers;
}

struct radius_entry *radius_servers_get(size_t i)
{
	return i < nservers ? &servers[i] : NULL;
}

void radius_servers_reset(void)
{
	for (size_t j = 0; j < nservers; j++)
		free_entry(&servers[j]);
	nservers = 0;
	seen_gen = 0;
}

static struct radius_entry *by_name(const char *name)
{
	for (size_t i = 0; i < nservers; i++)
		if (!strcmp(servers[i].name, name))
			return &servers[i];
	return NULL;
}

static struct radius_entry *by_host(const char *host, long long auth)
{
	for (size_t i = 0; i < nservers; i++)
		if (!servers[i].name[0] && !servers[i].group[0] && !strcmp(servers[i].host, host) &&
		    (auth <= 0 || servers[i].auth_port == (unsigned)auth))
			return &servers[i];
	return NULL;
}

size_t radius_group_members(const char *grp, struct radius_entry **out, size_t max)
{
	size_t n = 0;
	radius_servers_sync();
	if (!strcmp(grp, "radius")) {
		for (size_t i = 0; i < nservers && n < max; i++)
			out[n++] = &servers[i];
		return n;
	}
	sqlite3_stmt *st = db_query("SELECT ifnull(server,''), ifnull(addr,''), ifnull(auth_port,0) "
				    "FROM radius_group_server WHERE grp=? ORDER BY seq", "s", grp);
	while (db_row(st)) {
		struct radius_entry *e = db_col_text(st, 0)[0]
						 ? by_name(db_col_text(st, 0))
						 : by_host(db_col_text(st, 1), db_col_int(st, 2));
		if (e && n < max)
			out[n++] = e;
	}
	for (size_t i = 0; i < nservers && n < max; i++)
		if (!strcmp(servers[i].group, grp))
			out[n++] = &servers[i];
	return n;
}

/* ---- a request to a group, with failover ---- */

struct radius_group_txn {
	uint8_t code;
	radius_build_fn build;
	radius_done_fn done;
	void *ctx;
	struct radius_req *req; /* the one in flight */
	char names[16][64]; /* members by identity: the list may be rebuilt meanwhile */
	char hosts[16][16];
	char groups[16][64];
	unsigned ports[16];
	size_t n, next;
};

static struct radius_entry *member(const struct radius_group_txn *t, size_t i)
{
	for (size_t j = 0; j < nservers; j++)
		if (!strcmp(servers[j].name, t->names[i]) && !strcmp(servers[j].host, t->hosts[i]) &&
		    !strcmp(servers[j].group, t->groups[i]) &&
		    servers[j].auth_port == t->ports[i])
			return &servers[j];
	return NULL;
}

static void group_try(struct radius_group_txn *t);

static void group_reply(void *ctx, enum radius_result res, const uint8_t *rep, size_t len)
{
	struct radius_group_txn *t = ctx;
	t->req = NULL;
	if (res == RADIUS_R_REPLY) {
		radius_done_fn fn = t->done;
		void *c = t->ctx;
		free(t);
		fn(c, res, rep, len);
		return;
	}
	/* timeout or cancelled: the next server */
	struct radius_entry *e = t->next ? member(t, t->next - 1) : NULL;
	if (e && t->next < t->n) {
		if (t->code == RADIUS_ACCOUNTING_REQUEST)
			e->acct_failovers++;
		else
			e->failovers++;
	}
	group_try(t);
}

/* Send to the next live member (one marked dead within its deadtime is
 * skipped); false when none is left. */
static bool group_send_next(struct radius_group_txn *t)
{
	radius_servers_sync();
	while (t->next < t->n) {
		struct radius_entry *e = member(t, t->next++);
		struct radius_server *srv = e ? (t->code == RADIUS_ACCOUNTING_REQUEST ? e->acct_srv : e->srv) : NULL;
		if (!srv || radius_server_is_dead(srv))
			continue;
		struct radius_req *r = radius_req_new(srv, t->code);
		if (!r)
			continue;
		if (t->build(t->ctx, r) < 0 || radius_req_send(r, group_reply, t) < 0) {
			radius_req_cancel(r);
			continue;
		}
		t->req = r;
		return true;
	}
	return false;
}

static void group_try(struct radius_group_txn *t)
{
	if (group_send_next(t))
		return;
	radius_done_fn fn = t->done;
	void *c = t->ctx;
	free(t);
	fn(c, RADIUS_R_TIMEOUT, NULL, 0);
}

struct radius_group_txn *radius_group_send(const char *grp, uint8_t code, radius_build_fn build,
					   radius_done_fn done, void *ctx)
{
	struct radius_entry *m[16];
	size_t n = radius_group_members(grp, m, 16);
	if (!n)
		return NULL;
	struct radius_group_txn *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->code = code;
	t->build = build;
	t->done = done;
	t->ctx = ctx;
	for (size_t i = 0; i < n; i++) {
		snprintf(t->names[i], sizeof(t->names[i]), "%s", m[i]->name);
		snprintf(t->hosts[i], sizeof(t->hosts[i]), "%s", m[i]->host);
		snprintf(t->groups[i], sizeof(t->groups[i]), "%s", m[i]->group);
		t->ports[i] = m[i]->auth_port;
	}
	t->n = n;
	if (group_send_next(t))
		return t;
	free(t);
	return NULL;
}

struct radius_entry *radius_entry_of(const struct radius_server *s)
{
	for (size_t i = 0; s && i < nservers; i++)
		if (servers[i].srv == s || servers[i].acct_srv == s)
			return &servers[i];
	return NULL;
}

void radius_group_cancel(struct radius_group_txn *t)
{
	if (!t)
		return;
	if (t->req)
		radius_req_cancel(t->req);
	free(t);
}

/* ---- PAP (test aaa, logins) ---- */

struct pap_txn {
	radius_auth_fn fn;
	void *ctx;
	char user[254], pw[129];
};

static int pap_build(void *ctx, struct radius_req *r)
{
	struct pap_txn *t = ctx;
	struct radius_pkt *p = radius_req_pkt(r);
	if (radius_pkt_add_str(p, RADIUS_A_USER_NAME, t->user) < 0 ||
	    radius_req_add_password(r, t->pw, strlen(t->pw)) < 0 ||
	    radius_pkt_add_u32(p, RADIUS_A_SERVICE_TYPE, 1) < 0)
		return -1;
	return 0;
}

static void pap_done(void *ctx, enum radius_result res, const uint8_t *rep, size_t len)
{
	struct pap_txn *t = ctx;
	enum radius_auth_result r = RADIUS_AUTH_ERROR;
	if (res == RADIUS_R_REPLY && len >= 1 && rep[0] == RADIUS_ACCESS_ACCEPT)
		r = RADIUS_AUTH_ACCEPT;
	else if (res == RADIUS_R_REPLY && len >= 1 && rep[0] == RADIUS_ACCESS_REJECT)
		r = RADIUS_AUTH_REJECT;
	radius_auth_fn fn = t->fn;
	void *c = t->ctx;
	explicit_bzero(t, sizeof(*t));
	free(t);
	fn(c, r);
}

int radius_auth_pap(const char *grp, const char *user, const char *pw, radius_auth_fn fn,
		    void *ctx)
{
	if (strlen(user) >= 254 || strlen(pw) > 128 || !pw[0])
		return -1;
	struct pap_txn *t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	t->fn = fn;
	t->ctx = ctx;
	snprintf(t->user, sizeof(t->user), "%s", user);
	snprintf(t->pw, sizeof(t->pw), "%s", pw);
	if (!radius_group_send(grp, RADIUS_ACCESS_REQUEST, pap_build, pap_done, t)) {
		explicit_bzero(t, sizeof(*t));
		free(t);
		return -1;
	}
	return 0;
}
