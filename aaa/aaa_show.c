/* show ip local pool [NAME] (in-use addresses: those the IKEv2 engine's
 * SAs hold), show aaa servers (configuration side: counters are 0). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_cmds.h"
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

static void server_block(struct vty *v, int id, const char *addr, long long auth, long long acct,
			 const char *hostname)
{
	long long up = uptime();
	char el[32];
	elapsed(up, el, sizeof(el));

	vty_out(v, "RADIUS: id %d, priority %d, host %s, auth-port %lld, acct-port %lld", id, id, addr,
		auth, acct);
	if (hostname)
		vty_out(v, ", hostname %s", hostname);
	vty_out(v, "\n"
		"     State: current UP, duration %llds, previous duration 0s\n"
		"     Dead: total time 0s, count 0\n"
		"     Quarantined: No\n"
		"     Authen: request 0, timeouts 0, failover 0, retransmission 0\n"
		"             Response: accept 0, reject 0, challenge 0\n"
		"             Response: unexpected 0, server error 0, incorrect 0, time 0ms\n"
		"             Transaction: success 0, failure 0\n"
		"             Throttled: transaction 0, timeout 0, failure 0\n"
		"     Author: request 0, timeouts 0, failover 0, retransmission 0\n"
		"             Response: accept 0, reject 0, challenge 0\n"
		"             Response: unexpected 0, server error 0, incorrect 0, time 0ms\n"
		"             Transaction: success 0, failure 0\n"
		"             Throttled: transaction 0, timeout 0, failure 0\n"
		"     Account: request 0, timeouts 0, failover 0, retransmission 0\n"
		"             Request: start 0, interim 0, stop 0\n"
		"             Response: start 0, interim 0, stop 0\n"
		"             Response: unexpected 0, server error 0, incorrect 0, time 0ms\n"
		"             Transaction: success 0, failure 0\n"
		"             Throttled: transaction 0, timeout 0, failure 0\n"
		"     Elapsed time since counters last cleared: %s\n"
		"     Estimated Outstanding Access Transactions: 0\n"
		"     Estimated Outstanding Accounting Transactions: 0\n"
		"     Estimated Throttled Access Transactions: 0\n"
		"     Estimated Throttled Accounting Transactions: 0\n"
		"     Maximum Throttled Transactions: access 0, accounting 0\n"
		"     Requests per minute past 24 hours:\n"
		"             high - 0 hours, 0 minutes ago: 0\n"
		"             low  - 0 hours, 0 minutes ago: 0\n"
		"             average: 0\n"
		"\n", up, el);
}

int aaa_cmd_show_aaa_servers(struct vty *v, const struct cmd_args *a)
{
	int id = 0;
	(void)a;
	sqlite3_stmt *st = db_query("SELECT name, addr, auth_port, acct_port FROM radius_server "
				    "WHERE addr IS NOT NULL ORDER BY seq", "");
	while (db_row(st))
		server_block(v, ++id, db_col_text(st, 1), db_col_int(st, 2), db_col_int(st, 3),
			     db_col_text(st, 0));
	st = db_query("SELECT addr, auth_port, acct_port FROM radius_host ORDER BY seq", "");
	while (db_row(st))
		server_block(v, ++id, db_col_text(st, 0), db_col_int(st, 1), db_col_int(st, 2), NULL);
	st = db_query("SELECT p.addr, p.auth_port, p.acct_port FROM radius_group_private p "
		      "JOIN radius_group g ON g.name=p.grp ORDER BY g.seq, p.seq", "");
	while (db_row(st))
		server_block(v, ++id, db_col_text(st, 0), db_col_int(st, 1), db_col_int(st, 2), NULL);
	return CMD_SUCCESS;
}
