/* show ip local pool [NAME] (in-use addresses: those the IKEv2 engine's
 * SAs hold), show aaa servers (servers from aaa/radius_servers.c with the client counters). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_cmds.h"
#include "aaa/radius_servers.h"
#include "ikev2/ike_sa.h"
#include "running-config/store.h"

static time_t started;

void aaa_show_init(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	started = ts.tv_sec;
}

static long long uptime(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)(ts.tv_sec - started);
}

/* ---- show ip local pool ---- */

#define POOL_ROW " %-24s %-15s %-15s%5lld %7lld\n"

static void addr_text(long long n, char *out, size_t len)
{
	struct in_addr in = { htonl((uint32_t)n) };
	inet_ntop(AF_INET, &in, out, (socklen_t)len);
}

static long long in_use(long long first, long long last)
{
	long long n = 0;
	for (const struct ike_sa *s = ike_sa_first(); s; s = s->next)
		n += s->assigned && s->assigned >= first && s->assigned <= last;
	return n;
}

int aaa_cmd_show_ip_pool(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	sqlite3_stmt *st;
	const char *last = NULL;
	char prev[64] = "";

	if (name && !db_exists("SELECT 1 FROM ip_local_pool WHERE name=?", "s", name))
		return vty_error(v, "Pool %s not found", name);
	vty_out(v, " %-24s %-15s %-15s%5s %7s\n", "Pool", "Begin", "End", "Free", "In use");
	if (name)
		st = db_query("SELECT r.pool, r.start_addr, r.end_addr, r.end_num-r.start_num+1, "
			      "r.start_num, r.end_num "
			      "FROM ip_local_pool_range r JOIN ip_local_pool p ON p.name=r.pool "
			      "WHERE r.pool=? ORDER BY r.seq", "s", name);
	else
		st = db_query("SELECT r.pool, r.start_addr, r.end_addr, r.end_num-r.start_num+1, "
			      "r.start_num, r.end_num "
			      "FROM ip_local_pool_range r JOIN ip_local_pool p ON p.name=r.pool "
			      "ORDER BY p.seq, r.seq", "");
	while (db_row(st)) {
		last = db_col_text(st, 0);
		long long used = in_use(db_col_int(st, 4), db_col_int(st, 5));
		/* further ranges of the same pool leave the name column blank */
		vty_out(v, POOL_ROW, strcmp(prev, last) ? last : "", db_col_text(st, 1),
			db_col_text(st, 2), db_col_int(st, 3) - used, used);
		snprintf(prev, sizeof(prev), "%s", last);
	}
	if (!name)
		return CMD_SUCCESS;

	vty_out(v, "\nAvailable addresses:\n");
	st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq",
		      "s", name);
	bool any_used = false;
	while (db_row(st)) {
		char txt[INET_ADDRSTRLEN];
		for (long long n = db_col_int(st, 0); n <= db_col_int(st, 1); n++) {
			if (ike_addr_in_use((uint32_t)n)) {
				any_used = true;
				continue;
			}
			addr_text(n, txt, sizeof(txt));
			vty_out(v, "    %s\n", txt);
		}
	}
	vty_out(v, "\nInuse addresses:\n");
	if (!any_used) {
		vty_out(v, "    None\n");
		return CMD_SUCCESS;
	}
	/* <address> <interface> <user>: the session's Virtual-Access is not
	 * cloned yet (issue 5), its IKE id stands for the user */
	st = db_query("SELECT start_num, end_num FROM ip_local_pool_range WHERE pool=? ORDER BY seq",
		      "s", name);
	while (db_row(st)) {
		char txt[INET_ADDRSTRLEN];
		for (long long n = db_col_int(st, 0); n <= db_col_int(st, 1); n++) {
			const struct ike_sa *s = ike_sa_by_addr((uint32_t)n);
			if (!s)
				continue;
			addr_text(n, txt, sizeof(txt));
			vty_out(v, "    %-15s %-7s %s\n", txt, "-", s->peer_id);
		}
	}
	return CMD_SUCCESS;
}

/* ---- show aaa servers ---- */

/* IOS elapsed-time style: 3w4d1h39m, 1h39m, 5m */
static void elapsed(long long s, char *out, size_t len)
{
	long long m = s / 60, h = m / 60, d = h / 24, w = d / 7;
	m %= 60;
	h %= 24;
	d %= 7;
	if (w)
		snprintf(out, len, "%lldw%lldd%lldh%lldm", w, d, h, m);
	else if (d)
		snprintf(out, len, "%lldd%lldh%lldm", d, h, m);
	else if (h)
		snprintf(out, len, "%lldh%lldm", h, m);
	else
		snprintf(out, len, "%lldm", m);
}

static void server_block(struct vty *v, int id, const struct radius_entry *e)
{
	long long up = uptime();
	char el[32];
	static const struct radius_stats zero;
	const struct radius_stats *c = e->srv ? radius_server_stats(e->srv) : &zero;
	bool dead = e->srv && radius_server_is_dead(e->srv);
	elapsed(up, el, sizeof(el));

	vty_out(v, "RADIUS: id %d, priority %d, host %s, auth-port %u, acct-port %u", id, id, e->host,
		e->auth_port, e->acct_port);
	if (e->name[0])
		vty_out(v, ", hostname %s", e->name);
	/* The 2016 layout (tests/cli goldens). unexpected = replies with no
	 * request (unknown id, wrong source); incorrect = dropped for a bad
	 * Response/Message-Authenticator, none, or malformed. Authorization
	 * is not counted yet (0). */
	vty_out(v, "\n"
		"     State: current %s, duration %llds, previous duration 0s\n"
		"     Dead: total time 0s, count %llu\n"
		"     Quarantined: No\n"
		"     Authen: request %llu, timeouts %llu, failover %llu, retransmission %llu\n"
		"             Response: accept %llu, reject %llu, challenge %llu\n"
		"             Response: unexpected %llu, server error %llu, incorrect %llu, time 0ms\n"
		"             Transaction: success %llu, failure %llu\n"
		"             Throttled: transaction 0, timeout 0, failure 0\n",
		dead ? "DEAD" : "UP", up, (unsigned long long)c->dead_marks,
		(unsigned long long)c->requests, (unsigned long long)c->timeouts,
		(unsigned long long)e->failovers, (unsigned long long)c->retransmits,
		(unsigned long long)c->accepts, (unsigned long long)c->rejects,
		(unsigned long long)c->challenges,
		(unsigned long long)(c->drop_unknown_id + c->drop_bad_source),
		(unsigned long long)c->server_errors,
		(unsigned long long)(c->drop_bad_auth + c->drop_no_msg_auth + c->drop_malformed),
		(unsigned long long)(c->accepts + c->rejects + c->challenges),
		(unsigned long long)c->timeouts);
	/* Account: the acct-port client's counters, laid out as Authen
	 * (request = Accounting-Requests, timeouts, failover to the next
	 * server, retransmission); Request/Response by Acct-Status-Type
	 * (start, interim, stop) from the group layer (radius_entry) */
	const struct radius_stats *ac = e->acct_srv ? radius_server_stats(e->acct_srv) : &zero;
	vty_out(v,
		"     Author: request 0, timeouts 0, failover 0, retransmission 0\n"
		"             Response: accept 0, reject 0, challenge 0\n"
		"             Response: unexpected 0, server error 0, incorrect 0, time 0ms\n"
		"             Transaction: success 0, failure 0\n"
		"             Throttled: transaction 0, timeout 0, failure 0\n"
		"     Account: request %llu, timeouts %llu, failover %llu, retransmission %llu\n"
		"             Request: start %llu, interim %llu, stop %llu\n"
		"             Response: start %llu, interim %llu, stop %llu\n"
		"             Response: unexpected %llu, server error 0, incorrect %llu, time 0ms\n"
		"             Transaction: success %llu, failure %llu\n"
		"             Throttled: transaction 0, timeout 0, failure 0\n",
		(unsigned long long)ac->requests, (unsigned long long)ac->timeouts,
		(unsigned long long)e->acct_failovers, (unsigned long long)ac->retransmits,
		(unsigned long long)e->acct_req[1], (unsigned long long)e->acct_req[3],
		(unsigned long long)e->acct_req[2], (unsigned long long)e->acct_resp[1],
		(unsigned long long)e->acct_resp[3], (unsigned long long)e->acct_resp[2],
		(unsigned long long)(ac->drop_unknown_id + ac->drop_bad_source),
		(unsigned long long)(ac->drop_bad_auth + ac->drop_malformed),
		(unsigned long long)ac->acct_responses, (unsigned long long)ac->timeouts);
	vty_out(v,
		"     Elapsed time since counters last cleared: %s\n"
		"     Estimated Outstanding Access Transactions: %u\n"
		"     Estimated Outstanding Accounting Transactions: %u\n"
		"     Estimated Throttled Access Transactions: 0\n"
		"     Estimated Throttled Accounting Transactions: 0\n"
		"     Maximum Throttled Transactions: access 0, accounting 0\n"
		"     Requests per minute past 24 hours:\n"
		"             high - 0 hours, 0 minutes ago: 0\n"
		"             low  - 0 hours, 0 minutes ago: 0\n"
		"             average: 0\n"
		"\n", el, c->pending, ac->pending);
}

int aaa_cmd_show_aaa_servers(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	size_t n = radius_servers_sync();
	for (size_t i = 0; i < n; i++)
		server_block(v, (int)i + 1, radius_servers_get(i));
	return CMD_SUCCESS;
}
