/*
 * Accounting sessions and their records (RFC 2866), laid out as IOS
 * FlexVPN sends them (seed 002's capture): Acct-Session-Id (8 hex
 * digits, a counter kept across restarts: aaa_acct_sid.c), Cisco-AVPair isakmp-phase1-id and
 * isakmp-initiator-ip, Framed-IP-Address, User-Name, connect-progress,
 * Acct-Authentic, Acct-Status-Type, NAS-IP-Address, Acct-Delay-Time; Stop
 * adds the time, octet/packet counters, Acct-Terminate-Cause and
 * disc-cause-ext; Calling-Station-Id and Event-Timestamp as well.
 *
 * Where a record goes is read from the config when it is sent: `aaa
 * accounting network LIST start-stop|stop-only group G...` - the first
 * group that answers (the next one only when no server of a group
 * answered, as IOS moves to the next method on error).  Interim-Updates
 * every `aaa accounting update periodic N` minutes come from one sweep
 * timer over all sessions.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_acct.h"
#include "base/log.h"
#include "base/loop.h"
#include "running-config/store.h"

#define SWEEP_MS 10000
#define LIST_GROUPS 8

struct acct_sess {
	struct acct_sess *next;
	uint32_t key;
	uint32_t unique_id;
	char acct_id[9];
	char list[64];
	char user[254];
	char phase1[256];
	struct sockaddr_storage peer, local;
	uint32_t framed_ip;
	bool radius_authentic;
	bool start_stop;
	struct aaa_acct_counters gone; /* of Child SAs already gone */
	long long start_mono, start_wall, next_interim;
};

static struct acct_sess *sessions, **tail = &sessions;
static unsigned nsessions;
static uint32_t next_unique = 1;
static aaa_acct_counters_fn counters_fn;
static uint64_t sweep_timer;

void aaa_acct_set_counters_fn(aaa_acct_counters_fn fn) { counters_fn = fn; }
unsigned aaa_acct_count(void) { return nsessions; }
unsigned aaa_acct_total(void) { return next_unique - 1; }

static long long mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static const char *ip_str(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	const void *a = ss->ss_family == AF_INET6 ? (const void *)&((const struct sockaddr_in6 *)ss)->sin6_addr
						  : (const void *)&((const struct sockaddr_in *)ss)->sin_addr;
	if (ss->ss_family != AF_INET && ss->ss_family != AF_INET6)
		return "";
	return inet_ntop(ss->ss_family, a, buf, (socklen_t)len) ? buf : "";
}

/* ---------- records ---------- */

static int avpair(struct radius_pkt *p, const char *name, const char *val)
{
	char s[RADIUS_ATTR_MAX];
	snprintf(s, sizeof s, "%s=%s", name, val);
	return radius_pkt_add_cisco_avpair(p, s);
}

int aaa_acct_build(struct radius_pkt *p, const struct aaa_acct_record *r)
{
	const struct aaa_acct_info *in = r->info;
	char peer[64];
	ip_str(&in->peer, peer, sizeof peer);
	int rc = radius_pkt_add_str(p, RADIUS_A_ACCT_SESSION_ID, r->acct_session_id);
	if (in->phase1_id && in->phase1_id[0])
		rc |= avpair(p, "isakmp-phase1-id", in->phase1_id);
	if (peer[0])
		rc |= avpair(p, "isakmp-initiator-ip", peer);
	if (in->framed_ip)
		rc |= radius_pkt_add_u32(p, RADIUS_A_FRAMED_IP_ADDRESS, in->framed_ip);
	if (in->user && in->user[0])
		rc |= radius_pkt_add_str(p, RADIUS_A_USER_NAME, in->user);
	if (peer[0])
		rc |= radius_pkt_add_str(p, 31 /* Calling-Station-Id */, peer);
	rc |= avpair(p, "connect-progress", "No Progress");
	rc |= radius_pkt_add_u32(p, 45 /* Acct-Authentic */, in->radius_authentic ? 1 : 2);
	if (r->status != AAA_ACCT_START && r->counters) {
		const struct aaa_acct_counters *c = r->counters;
		rc |= radius_pkt_add_u32(p, 46 /* Acct-Session-Time */, r->session_time);
		rc |= radius_pkt_add_u32(p, 42 /* Acct-Input-Octets */, (uint32_t)c->in_octets);
		rc |= radius_pkt_add_u32(p, 43 /* Acct-Output-Octets */, (uint32_t)c->out_octets);
		rc |= radius_pkt_add_u32(p, 47 /* Acct-Input-Packets */, (uint32_t)c->in_pkts);
		rc |= radius_pkt_add_u32(p, 48 /* Acct-Output-Packets */, (uint32_t)c->out_pkts);
		if (c->in_octets >> 32)
			rc |= radius_pkt_add_u32(p, 52 /* Acct-Input-Gigawords */, (uint32_t)(c->in_octets >> 32));
		if (c->out_octets >> 32)
			rc |= radius_pkt_add_u32(p, 53 /* Acct-Output-Gigawords */, (uint32_t)(c->out_octets >> 32));
	}
	if (r->status == AAA_ACCT_STOP) {
		rc |= radius_pkt_add_u32(p, 49 /* Acct-Terminate-Cause */, (uint32_t)r->cause);
		rc |= avpair(p, "disc-cause-ext", "No Reason");
	}
	rc |= radius_pkt_add_u32(p, RADIUS_A_ACCT_STATUS_TYPE, (uint32_t)r->status);
	if (r->nas_ip.s_addr)
		rc |= radius_pkt_add(p, RADIUS_A_NAS_IP_ADDRESS, &r->nas_ip, 4);
	rc |= radius_pkt_add_u32(p, 41 /* Acct-Delay-Time */, r->delay);
	if (r->event_time)
		rc |= radius_pkt_add_u32(p, 55 /* Event-Timestamp */, r->event_time);
	return rc ? RADIUS_E_SPACE : 0;
}

/* ---------- delivery: the list's groups in order ---------- */

struct list_txn {
	char groups[LIST_GROUPS][64];
	size_t n, i;
	struct radius_pkt attrs;
	char what[96]; /* for the log: "Stop for session 0000000A (user)" */
};

static void list_next(struct list_txn *t);

static void list_sent(void *ctx, bool answered)
{
	struct list_txn *t = ctx;
	if (answered) {
		free(t);
		return;
	}
	list_next(t);
}

static void list_next(struct list_txn *t)
{
	while (t->i < t->n) {
		if (aaa_acct_send(t->groups[t->i++], &t->attrs, list_sent, t) == 0)
			return;
	}
	log_msg(LOG_SEV_WARNING, "AAA", "ACCT_NOT_SENT", "Accounting %s was not answered by any server", t->what);
	free(t);
}

/* The list's action and groups; false when it is not configured or `none`. */
static bool list_groups(const char *list, bool *start_stop, struct list_txn *t)
{
	long long id;
	char action[32] = "";
	if (!list || !list[0] ||
	    !db_get_int(&id, "SELECT id FROM aaa_method_list WHERE kind = 'accounting' AND service = 'network' "
			     "AND name = ?", "s", list))
		return false;
	db_get_text(action, sizeof action, "SELECT ifnull(action,'') FROM aaa_method_list WHERE id = ?", "i", id);
	if (strcmp(action, "start-stop") && strcmp(action, "stop-only"))
		return false;
	*start_stop = strcmp(action, "start-stop") == 0;
	if (!t)
		return true;
	t->n = 0;
	sqlite3_stmt *st = db_query("SELECT ifnull(grp,'') FROM aaa_method WHERE list_id = ? AND method = 'group' "
				    "ORDER BY seq", "i", id);
	while (db_row(st))
		if (t->n < LIST_GROUPS && db_col_text(st, 0)[0])
			snprintf(t->groups[t->n++], sizeof t->groups[0], "%s", db_col_text(st, 0));
	return t->n > 0;
}

static void send_record(const struct acct_sess *s, enum aaa_acct_status status, const struct aaa_acct_counters *c,
			enum aaa_acct_cause cause)
{
	struct list_txn *t = calloc(1, sizeof *t);
	bool start_stop;
	if (!t)
		return;
	if (!list_groups(s->list, &start_stop, t) || (status != AAA_ACCT_STOP && !start_stop)) {
		free(t);
		return;
	}
	struct aaa_acct_info info = { .key = s->key, .list = s->list, .user = s->user, .phase1_id = s->phase1,
				      .peer = s->peer, .local = s->local, .framed_ip = s->framed_ip,
				      .radius_authentic = s->radius_authentic };
	struct aaa_acct_counters total;
	if (c) {
		total.in_octets = c->in_octets + s->gone.in_octets;
		total.out_octets = c->out_octets + s->gone.out_octets;
		total.in_pkts = c->in_pkts + s->gone.in_pkts;
		total.out_pkts = c->out_pkts + s->gone.out_pkts;
	}
	struct aaa_acct_record r = { .status = status, .acct_session_id = s->acct_id, .info = &info,
				     .counters = c ? &total : NULL, .cause = cause,
				     .event_time = (uint32_t)time(NULL) };
	long long t_s = mono_s() - s->start_mono;
	r.session_time = t_s > 0 ? (uint32_t)t_s : 0;
	if (s->local.ss_family == AF_INET)
		r.nas_ip = ((const struct sockaddr_in *)&s->local)->sin_addr;
	radius_pkt_init(&t->attrs, RADIUS_ACCOUNTING_REQUEST, 0, (const uint8_t[RADIUS_AUTH_LEN]){ 0 });
	if (aaa_acct_build(&t->attrs, &r) != 0) {
		free(t);
		return;
	}
	static const char *names[] = { "", "Start", "Stop", "Interim-Update" };
	snprintf(t->what, sizeof t->what, "%s for session %s (%.40s)", names[status], s->acct_id, s->user);
	list_next(t);
}

/* ---------- interim updates ---------- */

static int periodic_minutes(void)
{
	long long m = 0;
	if (!db_get_int(&m, "SELECT acct_update_periodic FROM aaa_global WHERE id = 1 AND "
			    "acct_update_periodic IS NOT NULL", ""))
		return 0;
	return m > 0 && m < 71583 ? (int)m : 0;
}

static void sweep(void *data)
{
	(void)data;
	sweep_timer = 0;
	int per = periodic_minutes();
	long long now = mono_s();
	for (struct acct_sess *s = sessions; s && per; s = s->next) {
		if (!s->next_interim)
			s->next_interim = s->start_mono + per * 60LL;
		if (now < s->next_interim)
			continue;
		struct aaa_acct_counters c = { 0 };
		if (counters_fn)
			counters_fn(s->key, &c);
		send_record(s, AAA_ACCT_INTERIM, &c, 0);
		s->next_interim = now + per * 60LL;
	}
	if (sessions)
		sweep_timer = loop_timer(SWEEP_MS, sweep, NULL);
}

/* ---------- sessions ---------- */

static struct acct_sess **find(uint32_t key)
{
	for (struct acct_sess **pp = &sessions; *pp; pp = &(*pp)->next)
		if ((*pp)->key == key)
			return pp;
	return NULL;
}

bool aaa_acct_active(uint32_t key) { return find(key) != NULL; }

void aaa_acct_add(uint32_t key, const struct aaa_acct_counters *c)
{
	struct acct_sess **pp = find(key);
	if (!pp)
		return;
	(*pp)->gone.in_octets += c->in_octets;
	(*pp)->gone.out_octets += c->out_octets;
	(*pp)->gone.in_pkts += c->in_pkts;
	(*pp)->gone.out_pkts += c->out_pkts;
}

int aaa_acct_start(const struct aaa_acct_info *info)
{
	bool start_stop;
	if (find(info->key))
		return 0; /* already accounted (the same session again) */
	if (!list_groups(info->list, &start_stop, NULL))
		return 1;
	struct acct_sess *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	s->key = info->key;
	s->unique_id = next_unique++;
	if (!next_unique)
		next_unique = 1;
	/* unique across restarts (aaa_acct_sid.c); the Unique id is per run */
	snprintf(s->acct_id, sizeof s->acct_id, "%08X", aaa_acct_sid_next());
	snprintf(s->list, sizeof s->list, "%s", info->list);
	snprintf(s->user, sizeof s->user, "%s", info->user ? info->user : "");
	snprintf(s->phase1, sizeof s->phase1, "%s", info->phase1_id ? info->phase1_id : "");
	s->peer = info->peer;
	s->local = info->local;
	s->framed_ip = info->framed_ip;
	s->radius_authentic = info->radius_authentic;
	s->start_stop = start_stop;
	s->start_mono = mono_s();
	s->start_wall = time(NULL);
	*tail = s;
	tail = &s->next;
	nsessions++;
	send_record(s, AAA_ACCT_START, NULL, 0);
	/* armed while sessions exist, so `update periodic` configured later
	 * applies to them too */
	if (!sweep_timer)
		sweep_timer = loop_timer(SWEEP_MS, sweep, NULL);
	return 0;
}

static void unlink_sess(struct acct_sess **pp)
{
	struct acct_sess *s = *pp;
	*pp = s->next;
	if (tail == &s->next)
		tail = pp;
	nsessions--;
	free(s);
}

void aaa_acct_stop(uint32_t key, const struct aaa_acct_counters *c, enum aaa_acct_cause cause)
{
	struct acct_sess **pp = find(key);
	if (!pp)
		return;
	struct aaa_acct_counters mine = { 0 };
	if (!c) {
		if (counters_fn)
			counters_fn(key, &mine);
		c = &mine;
	}
	send_record(*pp, AAA_ACCT_STOP, c, cause);
	unlink_sess(pp);
}

void aaa_acct_reset(void)
{
	while (sessions)
		unlink_sess(&sessions);
	if (sweep_timer)
		loop_cancel(sweep_timer);
	sweep_timer = 0;
}

void aaa_acct_foreach(bool (*fn)(const struct aaa_acct_view *v, void *ctx), void *ctx)
{
	for (struct acct_sess *s = sessions; s; s = s->next) {
		struct aaa_acct_view v = { .unique_id = s->unique_id, .framed_ip = s->framed_ip,
					   .start_wall = s->start_wall, .start_mono = s->start_mono,
					   .handle = s, .start_stop = s->start_stop };
		memcpy(v.acct_session_id, s->acct_id, sizeof v.acct_session_id);
		snprintf(v.user, sizeof v.user, "%s", s->user);
		snprintf(v.list, sizeof v.list, "%s", s->list);
		ip_str(&s->peer, v.peer_ip, sizeof v.peer_ip);
		if (!fn(&v, ctx))
			return;
	}
}
