/*
 * radius-probe: drive aaa/radius_client against a real RADIUS server (the
 * interop scenario's FreeRADIUS). All requests are sent at once and wait
 * on one event loop; one line per request group and per server:
 *
 *   radius-probe -s 198.51.100.2:1812 -k testing123 -t 3000 -r 1 \
 *                -u alice:alice-pw -u alice:wrong:5 ...
 *
 * -s IP:PORT starts a server (taking the current -k/-t/-r); -u USER:PW[:N]
 * sends N Access-Requests (default 1) to the last server.
 * Output:  group G server S user U count N accept A reject R timeout T min_ms X max_ms Y
 *          server S requests .. transmits .. retransmits .. timeouts .. accepts ..
 *                   rejects .. drop_bad_auth .. drop_malformed .. drop_unknown_id ..
 *                   drop_bad_source .. sockets .. pending_max ..
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aaa/radius_client.h"
#include "base/loop.h"

#define MAXS 8
#define MAXG 32

struct group {
	int server;
	char user[64], pw[129];
	unsigned count, accept, reject, timeout, other;
	uint64_t min_ms, max_ms;
};

static struct radius_server *srv[MAXS];
static int nsrv;
static struct group grp[MAXG];
static int ngrp;
static unsigned outstanding, pending_max[MAXS];
static uint64_t t0;

static void done(void *ctx, enum radius_result res, const uint8_t *rep, size_t len)
{
	struct group *g = ctx;
	uint64_t ms = loop_now_ms() - t0;
	if (res == RADIUS_R_TIMEOUT)
		g->timeout++;
	else if (res == RADIUS_R_REPLY && len && rep[0] == RADIUS_ACCESS_ACCEPT)
		g->accept++;
	else if (res == RADIUS_R_REPLY && len && rep[0] == RADIUS_ACCESS_REJECT)
		g->reject++;
	else
		g->other++;
	if (!g->min_ms || ms < g->min_ms)
		g->min_ms = ms;
	if (ms > g->max_ms)
		g->max_ms = ms;
	if (--outstanding == 0)
		loop_stop();
}

static void usage(void)
{
	fprintf(stderr, "usage: radius-probe [-k SECRET -t MS -r N -s IP:PORT [-u USER:PW[:N]]...]...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct radius_server_cfg cfg = { .timeout_ms = 5000, .retransmit = 3 };
	int c;

	if (loop_init() < 0)
		return 1;
	while ((c = getopt(argc, argv, "k:t:r:s:u:")) != -1) {
		switch (c) {
		case 'k':
			cfg.secret_len = strlen(optarg);
			if (cfg.secret_len > RADIUS_SECRET_MAX)
				usage();
			memcpy(cfg.secret, optarg, cfg.secret_len);
			break;
		case 't': cfg.timeout_ms = (unsigned)atoi(optarg); break;
		case 'r': cfg.retransmit = (unsigned)atoi(optarg); break;
		case 's': {
			char ip[64];
			int port;
			if (nsrv == MAXS || sscanf(optarg, "%63[^:]:%d", ip, &port) != 2)
				usage();
			cfg.addr.sin_family = AF_INET;
			cfg.addr.sin_port = htons((uint16_t)port);
			if (inet_pton(AF_INET, ip, &cfg.addr.sin_addr) != 1)
				usage();
			if (!(srv[nsrv++] = radius_server_new(&cfg)))
				usage();
			break;
		}
		case 'u': {
			struct group *g = &grp[ngrp];
			if (!nsrv || ngrp == MAXG ||
			    sscanf(optarg, "%63[^:]:%128[^:]:%u", g->user, g->pw, &g->count) < 2)
				usage();
			if (!g->count)
				g->count = 1;
			g->server = nsrv - 1;
			ngrp++;
			break;
		}
		default: usage();
		}
	}
	t0 = loop_now_ms();
	for (int i = 0; i < ngrp; i++) {
		struct group *g = &grp[i];
		for (unsigned n = 0; n < g->count; n++) {
			struct radius_req *q = radius_req_new(srv[g->server], RADIUS_ACCESS_REQUEST);
			struct radius_pkt *p;
			if (!q) {
				fprintf(stderr, "no free RADIUS id\n");
				return 1;
			}
			p = radius_req_pkt(q);
			radius_pkt_add_str(p, RADIUS_A_USER_NAME, g->user);
			radius_req_add_password(q, g->pw, strlen(g->pw));
			radius_pkt_add_u32(p, RADIUS_A_NAS_PORT, n);
			radius_pkt_add_cisco_avpair(p, "isakmp-phase1-id=radius-probe");
			if (radius_req_send(q, done, g))
				return 1;
			outstanding++;
		}
	}
	for (int s = 0; s < nsrv; s++)
		pending_max[s] = radius_server_stats(srv[s])->pending;
	if (outstanding)
		loop_run();
	for (int i = 0; i < ngrp; i++) {
		struct group *g = &grp[i];
		printf("group %d server %d user %s count %u accept %u reject %u timeout %u other %u "
		       "min_ms %llu max_ms %llu\n",
		       i, g->server, g->user, g->count, g->accept, g->reject, g->timeout, g->other,
		       (unsigned long long)g->min_ms, (unsigned long long)g->max_ms);
	}
	for (int s = 0; s < nsrv; s++) {
		const struct radius_stats *x = radius_server_stats(srv[s]);
		printf("server %d requests %llu transmits %llu retransmits %llu timeouts %llu "
		       "accepts %llu rejects %llu drop_bad_auth %llu drop_malformed %llu "
		       "drop_no_msg_auth %llu drop_unknown_id %llu drop_bad_source %llu sockets %u pending_max %u\n",
		       s, (unsigned long long)x->requests, (unsigned long long)x->transmits,
		       (unsigned long long)x->retransmits, (unsigned long long)x->timeouts,
		       (unsigned long long)x->accepts, (unsigned long long)x->rejects,
		       (unsigned long long)x->drop_bad_auth, (unsigned long long)x->drop_malformed,
		       (unsigned long long)x->drop_no_msg_auth, (unsigned long long)x->drop_unknown_id,
		       (unsigned long long)x->drop_bad_source, x->sockets, pending_max[s]);
		radius_server_free(srv[s]);
	}
	return 0;
}
