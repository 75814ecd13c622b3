/*
 * EAP pass-through to RADIUS (RFC 3579): each EAP Response of the peer goes
 * to the list's server group in an Access-Request (EAP-Message split at
 * 253 octets, the State of the last Access-Challenge echoed,
 * Message-Authenticator added by the client; User-Name = the EAP identity,
 * NAS-IP-Address, Called/Calling-Station-Id, Service-Type Framed,
 * NAS-Port-Type Virtual, Acct-Session-Id); the reply decides:
 *   Access-Challenge -> its EAP-Message (a Request) to the peer;
 *   Access-Accept    -> EAP Success, MSK = MS-MPPE-Recv-Key || Send-Key
 *                       (RFC 2548, decrypted with the secret and our
 *                       Request Authenticator), the attributes kept for
 *                       authorization;
 *   Access-Reject or no answer -> Failure.
 * The first Request: EAP-Identity built here with query-identity, else
 * (as IOS) the peer's IKE identity is sent to RADIUS as its EAP identity
 * in a made-up EAP-Response/Identity.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "aaa/eap_server.h"
#include "aaa/radius_mppe.h"
#include "aaa/radius_servers.h"
#include "base/log.h"

#define EAP_MAX 4096 /* one EAP packet relayed, either way */

enum { RADIUS_A_CALLED_STATION_ID = 30, RADIUS_A_CALLING_STATION_ID = 31, RADIUS_A_NAS_PORT_TYPE = 61 };

struct eap_radius {
	struct eap_server base; /* first */
	char group[64];
	char ike_id[256];
	char identity[254];     /* User-Name */
	bool query_identity;
	struct sockaddr_storage peer, local;
	uint32_t session_id;
	uint8_t state[RADIUS_ATTR_MAX];
	size_t state_len;
	uint8_t msg[EAP_MAX];   /* the EAP Response being relayed (resent on failover) */
	size_t msg_len;
	uint8_t last_id;        /* of the peer's last Response */
	struct radius_group_txn *txn;
	struct radius_server *asked; /* the server of the last try (it is the one that answers) */
	uint8_t req_auth[RADIUS_AUTH_LEN]; /* of the request that was sent last */
	uint8_t secret[RADIUS_SECRET_MAX];
	size_t secret_len;
	uint8_t out[EAP_MAX];   /* the EAP packet handed to the IKE side */
	uint8_t idresp[5 + 253]; /* the identity a method list asked for (params.identity_resp) */
	size_t idresp_len;
};

static void result(struct eap_radius *er, enum eap_status st, const uint8_t *eap, size_t eap_len, const char *why)
{
	struct eap_result r = { .st = st, .eap = eap, .eap_len = eap_len, .why = why,
				.identity = er->identity[0] ? er->identity : NULL };
	er->base.fn(er->base.ctx, &r);
}

/* No server could answer: an error, the list's next method may serve. */
static void error(struct eap_radius *er, const char *why)
{
	struct eap_result r = { .st = EAP_ST_FAILURE, .why = why, .error = true,
				.identity = er->identity[0] ? er->identity : NULL };
	er->base.fn(er->base.ctx, &r);
}

static const char *ip_str(const struct sockaddr_storage *ss, char *buf, size_t len)
{
	buf[0] = 0;
	if (ss->ss_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)ss)->sin_addr, buf, (socklen_t)len);
	else if (ss->ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ss)->sin6_addr, buf, (socklen_t)len);
	return buf;
}

/* The attributes of one try (each server: its own id and authenticator). */
static int build(void *ctx, struct radius_req *r)
{
	struct eap_radius *er = ctx;
	struct radius_pkt *p = radius_req_pkt(r);
	char a[INET6_ADDRSTRLEN], sid[16];
	memcpy(er->req_auth, p->buf + 4, RADIUS_AUTH_LEN);
	er->asked = radius_req_server(r);
	size_t sl = 0;
	const uint8_t *sec = radius_req_secret(r, &sl);
	er->secret_len = sl <= sizeof er->secret ? sl : 0;
	memcpy(er->secret, sec, er->secret_len);
	snprintf(sid, sizeof sid, "%08X", er->session_id);
	if (radius_pkt_add_str(p, RADIUS_A_USER_NAME, er->identity) < 0 ||
	    radius_pkt_add_u32(p, RADIUS_A_SERVICE_TYPE, 2) < 0 || /* Framed */
	    radius_pkt_add_u32(p, RADIUS_A_NAS_PORT_TYPE, 5) < 0 || /* Virtual */
	    radius_pkt_add_str(p, RADIUS_A_CALLING_STATION_ID, ip_str(&er->peer, a, sizeof a)) < 0 ||
	    radius_pkt_add_str(p, RADIUS_A_CALLED_STATION_ID, ip_str(&er->local, a, sizeof a)) < 0 ||
	    radius_pkt_add_str(p, RADIUS_A_ACCT_SESSION_ID, sid) < 0)
		return -1;
	if (er->local.ss_family == AF_INET &&
	    radius_pkt_add_u32(p, RADIUS_A_NAS_IP_ADDRESS,
			       ntohl(((const struct sockaddr_in *)&er->local)->sin_addr.s_addr)) < 0)
		return -1;
	if (radius_pkt_add_split(p, RADIUS_A_EAP_MESSAGE, er->msg, er->msg_len) < 0)
		return -1;
	if (er->state_len && radius_pkt_add(p, RADIUS_A_STATE, er->state, er->state_len) < 0)
		return -1;
	return 0;
}

/* The EAP packet a reply carries in its EAP-Message attributes, checked:
 * its length field equals what the attributes hold.  Length or 0. */
static size_t reply_eap(struct eap_radius *er, const uint8_t *rep, size_t len)
{
	int n = radius_attr_concat(rep, len, RADIUS_A_EAP_MESSAGE, er->out, sizeof er->out);
	if (n < 4 || (size_t)(er->out[2] << 8 | er->out[3]) != (size_t)n)
		return 0;
	return (size_t)n;
}

static void on_reply(void *ctx, enum radius_result res, const uint8_t *rep, size_t len)
{
	struct eap_radius *er = ctx;
	er->txn = NULL; /* the group layer frees it after this call */
	char why[300];
	if (res != RADIUS_R_REPLY || len < RADIUS_HDR_LEN) {
		snprintf(why, sizeof why, "no RADIUS server of group %s answered", er->group);
		error(er, why);
		return;
	}
	size_t plen = (size_t)(rep[2] << 8 | rep[3]);
	if (plen < RADIUS_HDR_LEN || plen > len) {
		result(er, EAP_ST_FAILURE, NULL, 0, "malformed RADIUS reply");
		return;
	}
	len = plen;
	size_t eap_len = reply_eap(er, rep, len);
	switch (rep[0]) {
	case RADIUS_ACCESS_CHALLENGE: {
		size_t sl = 0;
		const uint8_t *st = radius_attr_find(rep, len, RADIUS_A_STATE, &sl);
		er->state_len = st && sl <= sizeof er->state ? sl : 0;
		if (er->state_len)
			memcpy(er->state, st, er->state_len);
		if (!eap_len || er->out[0] != 1 /* Request */ || eap_len < 5) {
			/* RFC 3579 §2.6.3: a Challenge must carry an EAP Request.
			 * The conversation cannot go on: a server error, counted
			 * and logged, and an EAP Failure to the peer */
			radius_server_count_error(er->asked);
			snprintf(why, sizeof why, "RADIUS Access-Challenge without %s (group %s)",
				 eap_len ? "an EAP Request in its EAP-Message" : "EAP-Message", er->group);
			log_msg(LOG_SEV_ERR, "RADIUS", "EAP_NO_REQUEST", "%s for EAP identity %s, session %08X", why,
				er->identity, er->session_id);
			uint8_t f[4] = { 4, er->last_id, 0, 4 };
			memcpy(er->out, f, 4);
			result(er, EAP_ST_FAILURE, er->out, 4, why);
			return;
		}
		result(er, EAP_ST_CONTINUE, er->out, eap_len, NULL);
		return;
	}
	case RADIUS_ACCESS_ACCEPT: {
		if (!eap_len || er->out[0] != 3 /* Success */) {
			/* RFC 3579 §2.6.3: no EAP-Message: Success is implied */
			uint8_t ok[4] = { 3, er->last_id, 0, 4 };
			memcpy(er->out, ok, 4);
			eap_len = 4;
		}
		struct eap_result r = { .st = EAP_ST_SUCCESS, .eap = er->out, .eap_len = eap_len,
					.identity = er->identity[0] ? er->identity : NULL,
					.attrs = rep + RADIUS_HDR_LEN, .attrs_len = len - RADIUS_HDR_LEN };
		r.msk_len = radius_mppe_msk(rep, len, er->secret, er->secret_len, er->req_auth, r.msk);
		er->base.fn(er->base.ctx, &r);
		OPENSSL_cleanse(r.msk, sizeof r.msk);
		return;
	}
	case RADIUS_ACCESS_REJECT: {
		size_t ml = 0;
		const uint8_t *msg = radius_attr_find(rep, len, RADIUS_A_REPLY_MESSAGE, &ml);
		snprintf(why, sizeof why, "RADIUS Access-Reject%s%.*s", msg ? ": " : "", msg ? (int)ml : 0,
			 msg ? (const char *)msg : "");
		bool fail = eap_len == 4 && er->out[0] == 4;
		if (!fail) {
			uint8_t f[4] = { 4, er->last_id, 0, 4 };
			memcpy(er->out, f, 4);
		}
		result(er, EAP_ST_FAILURE, er->out, 4, why);
		return;
	}
	}
	result(er, EAP_ST_FAILURE, NULL, 0, "unexpected RADIUS reply code");
}

static void relay(struct eap_radius *er, const uint8_t *eap, size_t len)
{
	memcpy(er->msg, eap, len);
	er->msg_len = len;
	er->last_id = eap[1];
	er->txn = radius_group_send(er->group, RADIUS_ACCESS_REQUEST, build, on_reply, er);
	if (!er->txn) {
		char why[128];
		snprintf(why, sizeof why, "no RADIUS server of group %s could be asked", er->group);
		error(er, why);
	}
}

/* A printable identity from EAP-Response/Identity Type-Data (RFC 3748 §5.1:
 * may be empty, no NUL termination; cut at a NUL). */
static void take_identity(struct eap_radius *er, const uint8_t *d, size_t n)
{
	size_t k = 0;
	for (; k < n && k + 1 < sizeof er->identity && d[k]; k++)
		er->identity[k] = (char)(d[k] >= 0x20 && d[k] < 0x7f ? d[k] : '?');
	er->identity[k] = 0;
}

static void er_input(struct eap_server *es, const uint8_t *eap, size_t len)
{
	struct eap_radius *er = (struct eap_radius *)es;
	if (er->txn) {
		result(er, EAP_ST_FAILURE, NULL, 0, "EAP input while RADIUS is pending");
		return;
	}
	if (!eap) {
		if (er->idresp_len) {
			/* asked by the method list: relay the peer's Response */
			take_identity(er, er->idresp + 5, er->idresp_len - 5);
			relay(er, er->idresp, er->idresp_len);
			return;
		}
		if (er->query_identity) {
			uint8_t req[5] = { 1, 1, 0, 5, 1 }; /* Request, id 1, Identity */
			memcpy(er->out, req, sizeof req);
			result(er, EAP_ST_CONTINUE, er->out, sizeof req, NULL);
			return;
		}
		/* IOS: the IKE identity is the EAP identity RADIUS sees */
		size_t n = strlen(er->ike_id);
		if (n > 253)
			n = 253;
		uint8_t resp[5 + 253] = { 2, 0, (uint8_t)((5 + n) >> 8), (uint8_t)(5 + n), 1 };
		memcpy(resp + 5, er->ike_id, n);
		take_identity(er, resp + 5, n);
		relay(er, resp, 5 + n);
		return;
	}
	if (len < 5 || len > sizeof er->msg || (size_t)(eap[2] << 8 | eap[3]) != len || eap[0] != 2) {
		result(er, EAP_ST_FAILURE, NULL, 0, "malformed EAP Response");
		return;
	}
	if (eap[4] == 1) /* Identity */
		take_identity(er, eap + 5, len - 5);
	if (!er->identity[0]) {
		result(er, EAP_ST_FAILURE, NULL, 0, "empty EAP identity");
		return;
	}
	relay(er, eap, len);
}

static void er_free(struct eap_server *es)
{
	struct eap_radius *er = (struct eap_radius *)es;
	radius_group_cancel(er->txn); /* its callback is never called */
	OPENSSL_cleanse(er, sizeof *er);
	free(er);
}

static const struct eap_server_ops er_ops = { .input = er_input, .free = er_free };

struct eap_server *eap_radius_new(const char *group, const struct eap_server_params *p, eap_result_fn fn, void *ctx,
				  char *why, size_t why_len)
{
	struct eap_radius *er = calloc(1, sizeof *er);
	if (!er) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	er->base = (struct eap_server){ .ops = &er_ops, .fn = fn, .ctx = ctx };
	snprintf(er->group, sizeof er->group, "%s", group);
	snprintf(er->ike_id, sizeof er->ike_id, "%s", p->ike_id ? p->ike_id : "");
	er->query_identity = p->query_identity;
	er->peer = p->peer;
	er->local = p->local;
	er->session_id = p->session_id;
	if (p->identity_resp && p->identity_resp_len > 5 && p->identity_resp_len <= sizeof er->idresp) {
		memcpy(er->idresp, p->identity_resp, p->identity_resp_len);
		er->idresp_len = p->identity_resp_len;
	}
	return &er->base;
}
