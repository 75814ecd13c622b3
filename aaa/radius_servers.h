/*
 * The RADIUS servers the running-config names, as live client objects
 * (aaa/radius_client.h), and the group layer on top: a PAP Access-Request to
 * a group with failover to the next server when one times out or is dead.
 * The list is rebuilt lazily when the store generation changes; a server
 * whose settings did not change keeps its object, counters and pending
 * requests.
 */
#ifndef FLEXD_RADIUS_SERVERS_H
#define FLEXD_RADIUS_SERVERS_H

#include <stddef.h>
#include <stdint.h>

#include "aaa/radius_client.h"

struct radius_entry {
	char name[64]; /* radius server NAME; "" for legacy/private hosts */
	char host[16]; /* dotted quad */
	char group[64]; /* server-private of this group; "" otherwise */
	unsigned auth_port, acct_port;
	struct radius_server_cfg cfg; /* auth port in cfg.addr */
	struct radius_server *srv;
	struct radius_server *acct_srv; /* the same settings on the acct port (0 = none) */
	uint64_t failovers; /* requests moved from this server to the next */
	long long dead_since; /* monotonic s when first seen dead, 0 = up */
	/* accounting, for show aaa servers: Accounting-Requests moved to the
	 * next server, records sent / answered by Acct-Status-Type (index
	 * 1 Start, 2 Stop, 3 Interim-Update) */
	uint64_t acct_failovers;
	uint64_t acct_req[4], acct_resp[4];
};

/* Rebuild from the config if it changed. Returns the number of servers. */
size_t radius_servers_sync(void);
struct radius_entry *radius_servers_get(size_t i);

/* Members of group G in order ("radius": every server). At most max. */
size_t radius_group_members(const char *grp, struct radius_entry **out, size_t max);

enum radius_auth_result {
	RADIUS_AUTH_ACCEPT,
	RADIUS_AUTH_REJECT,
	RADIUS_AUTH_ERROR, /* no server answered (all timed out or dead), or none configured */
};
typedef void (*radius_auth_fn)(void *ctx, enum radius_auth_result res);

/* PAP login check against group grp; fn is called once, later, on the loop.
 * -1 when no server is configured in the group (fn not called). */
int radius_auth_pap(const char *grp, const char *user, const char *pw, radius_auth_fn fn,
		    void *ctx);

/* Any request to group grp with failover: build(ctx, r) adds the
 * attributes for each try (Accounting-Requests go to each member's acct
 * port; each server gets its own id and authenticator;
 * Message-Authenticator is added by the send), done(ctx, res, reply, len)
 * is called once, later, on the loop: RADIUS_R_REPLY with a verified
 * reply (Accept, Reject, Challenge, Accounting-Response), or
 * RADIUS_R_TIMEOUT when no member answered.  NULL when no member could be
 * sent to (done not called). */
typedef int (*radius_build_fn)(void *ctx, struct radius_req *r);
struct radius_group_txn;
struct radius_group_txn *radius_group_send(const char *grp, uint8_t code, radius_build_fn build,
					   radius_done_fn done, void *ctx);
/* Forget it: done is not called. */
void radius_group_cancel(struct radius_group_txn *t);

/* The entry whose auth or acct client object is s, NULL when none is. */
struct radius_entry *radius_entry_of(const struct radius_server *s);

/* Free every server (pending requests complete as errors). */
void radius_servers_reset(void);

#endif
