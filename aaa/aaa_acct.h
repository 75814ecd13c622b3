/*
 * RADIUS accounting of remote-access sessions (RFC 2866), as IOS does it
 * for an IKEv2 profile's `aaa accounting eap|psk|cert|anyconnect-eap|list
 * LIST`: the global `aaa accounting network LIST start-stop|stop-only
 * group G...` says what is sent and where; `aaa accounting update
 * periodic N` adds an Interim-Update every N minutes (one sweep timer for
 * all sessions).  Requests go to the group's servers' acct ports with
 * failover inside the group (aaa/aaa_acct_send.c), then the next group.
 *
 *   aaa_acct.c       sessions, records, the interim sweep
 *   aaa_acct_send.c  Accounting-Requests to a group (acct port, failover)
 *   aaa_acct_ike.c   the IKEv2 engine's side: an IKE SA's session
 */
#ifndef FLEXD_AAA_ACCT_H
#define FLEXD_AAA_ACCT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "aaa/radius_pkt.h"

/* Acct-Terminate-Cause values (RFC 2866 §5.10) */
enum aaa_acct_cause {
	AAA_TERM_USER_REQUEST = 1,    /* the peer deleted its IKE SA */
	AAA_TERM_LOST_CARRIER = 2,    /* DPD: the peer stopped answering */
	AAA_TERM_IDLE_TIMEOUT = 4,
	AAA_TERM_SESSION_TIMEOUT = 5, /* IKE SA lifetime */
	AAA_TERM_ADMIN_RESET = 6,     /* clear crypto session / sa */
	AAA_TERM_NAS_ERROR = 9,
	AAA_TERM_NAS_REQUEST = 10,    /* any other removal by flexd */
	AAA_TERM_NAS_REBOOT = 11,
};

enum aaa_acct_status { AAA_ACCT_START = 1, AAA_ACCT_STOP = 2, AAA_ACCT_INTERIM = 3 };

struct aaa_acct_counters {
	uint64_t in_octets, out_octets, in_pkts, out_pkts; /* from the user / to the user */
};

/* What a session is accounted with. */
struct aaa_acct_info {
	uint32_t key;                 /* the caller's session handle (IKE Session-id) */
	const char *list;             /* accounting method list (`aaa accounting network LIST`) */
	const char *user;             /* User-Name */
	const char *phase1_id;        /* Cisco-AVPair isakmp-phase1-id */
	struct sockaddr_storage peer; /* Calling-Station-Id, isakmp-initiator-ip */
	struct sockaddr_storage local;/* NAS-IP-Address (unless a radius source-interface) */
	uint32_t framed_ip;           /* Framed-IP-Address, host order; 0 = none */
	bool radius_authentic;        /* Acct-Authentic RADIUS (else Local) */
};

/* The counters of a session when a record is made; set by the engine side. */
typedef void (*aaa_acct_counters_fn)(uint32_t key, struct aaa_acct_counters *out);
void aaa_acct_set_counters_fn(aaa_acct_counters_fn fn);

/* A session begins: Start is sent (start-stop lists).  0 = accounted,
 * 1 = not (no such list, `none`, or no group), -1 = error. */
int aaa_acct_start(const struct aaa_acct_info *info);
/* The session ends: Stop with time, counters (c may be NULL: asked from
 * the counters fn) and the cause.  Unknown keys are ignored. */
void aaa_acct_stop(uint32_t key, const struct aaa_acct_counters *c, enum aaa_acct_cause cause);
/* Traffic of a part of the session that went away before it (a Child SA
 * rekeyed or deleted): added to every later record's counters. */
void aaa_acct_add(uint32_t key, const struct aaa_acct_counters *c);
/* Is key accounted? */
bool aaa_acct_active(uint32_t key);
/* Number of accounted sessions. */
unsigned aaa_acct_count(void);
/* Sessions accounted since flexd started (`show aaa sessions`). */
unsigned aaa_acct_total(void);
/* Forget every session without sending anything (tests, shutdown). */
void aaa_acct_reset(void);

/* ---- aaa_acct_sid.c ---- */
/* The next Acct-Session-Id number (never 0), unique across restarts: the
 * high-water mark is kept in the flash directory. */
uint32_t aaa_acct_sid_next(void);
/* Forget the loaded mark: the next call reads the file again (tests). */
void aaa_acct_sid_reset(void);

/* One session as `show aaa sessions` / `show aaa user all` list it. */
struct aaa_acct_view {
	uint32_t unique_id;           /* IOS "Unique id" (per run; the Acct-Session-Id is kept across restarts) */
	char acct_session_id[9];
	char user[254];
	char list[64];
	char peer_ip[64];
	uint32_t framed_ip;
	long long start_wall;         /* time(NULL) at start */
	long long start_mono;
	const void *handle;           /* the session's own address (show aaa user all) */
	bool start_stop;              /* its list was start-stop when it began */
};
/* Walk the sessions, oldest first; fn returns false to stop. */
void aaa_acct_foreach(bool (*fn)(const struct aaa_acct_view *v, void *ctx), void *ctx);

/* The attributes of one record (pure; for the tests): pkt gets the
 * attributes after its header. */
struct aaa_acct_record {
	enum aaa_acct_status status;
	const char *acct_session_id;
	const struct aaa_acct_info *info;
	struct in_addr nas_ip;
	uint32_t session_time;        /* Stop / Interim */
	const struct aaa_acct_counters *counters; /* Stop / Interim */
	enum aaa_acct_cause cause;    /* Stop */
	uint32_t delay;               /* Acct-Delay-Time */
	uint32_t event_time;          /* Event-Timestamp (time(NULL)) */
};
int aaa_acct_build(struct radius_pkt *p, const struct aaa_acct_record *r);

/* ---- aaa_acct_ike.c: the engine's calls ---- */
struct ike_sa;
/* IKE_AUTH done, the SA established: Start (when its profile accounts). */
void aaa_acct_ike_up(const struct ike_sa *s);
/* The SA goes (cause: enum aaa_acct_cause): Stop, unless the SA was
 * replaced by a rekey or was never accounted.  Safe to call twice. */
void aaa_acct_ike_down(const struct ike_sa *s, int cause);
struct ike_child;
/* A Child SA of s goes: its ESP counters are kept for the session. */
void aaa_acct_ike_child_gone(const struct ike_sa *s, const struct ike_child *c);

/* ---- aaa_acct_send.c ---- */
typedef void (*aaa_acct_sent_fn)(void *ctx, bool answered);
/* Send the attributes in attrs (a packet whose attributes are copied into
 * each try) to group grp's acct ports: the members in order, the next on
 * a timeout (radius_group_send).  done (may be NULL) is called once,
 * later.  -1 when no member could be sent to (done not called). */
int aaa_acct_send(const char *grp, const struct radius_pkt *attrs, aaa_acct_sent_fn done, void *ctx);
/* Counters for `show aaa servers`-like checks and the tests. */
struct aaa_acct_send_stats {
	unsigned long sent, answered, lost; /* failovers: show aaa servers */
};
const struct aaa_acct_send_stats *aaa_acct_send_stats(void);

#endif
