/*
 * An EAP method list (`aaa authentication login L local group R`, or
 * `group R local`) as one EAP server: its methods tried in order, the next
 * one only when one errs, never after a reject (IOS):
 *   - `local` errs when the EAP identity is not a `username`;
 *   - `group R` errs when no server of R answered (all dead, timeouts).
 * A wrong password or an Access-Reject is final.  An error counts only
 * while nothing but the identity has been exchanged with that method:
 * once a method has sent its own Request the peer is inside that method
 * and its end is final (another method could not take over mid-way).
 *
 * With query-identity the chain asks the EAP-Identity itself and hands the
 * peer's Response to each method it starts (params.identity_resp), so the
 * peer is asked once whatever method serves it; without, every method
 * takes the IKE identity.  A method is started (and its error handled)
 * possibly from inside the previous method's callback; methods are never
 * freed there, only with the chain.
 */
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_debug.h"
#include "aaa/eap_server.h"

#define CHAIN_MAX 8
#define ID_MAX 253 /* an identity in one EAP packet we relay */

struct eap_chain {
	struct eap_server base; /* first */
	struct eap_server_params p;
	char ike_id[256], list[64], ike_profile[64];
	char methods[CHAIN_MAX][72];
	size_t nm, next;
	struct eap_server *be[CHAIN_MAX]; /* the methods started, in order */
	struct eap_server *cur;
	bool asking;          /* our EAP-Identity Request is outstanding */
	bool progressed;      /* cur sent a Request of its own (past the identity) */
	bool done;
	uint8_t id;           /* Identifier of our Identity Request */
	uint8_t idresp[5 + ID_MAX];
	size_t idresp_len;
	uint8_t out[5];
	char why[512];        /* why the methods so far erred */
};

static void deliver(struct eap_chain *c, const struct eap_result *r)
{
	if (r->st != EAP_ST_CONTINUE)
		c->done = true;
	c->base.fn(c->base.ctx, r);
}

static void fail(struct eap_chain *c, const char *why)
{
	struct eap_result r = { .st = EAP_ST_FAILURE, .why = why, .error = true };
	deliver(c, &r);
}

static void start_next(struct eap_chain *c);

/* A method's answer: passed through, except an error that the next
 * method may recover. */
static void on_method(void *ctx, const struct eap_result *r)
{
	struct eap_chain *c = ctx;
	if (c->done)
		return;
	if (r->st == EAP_ST_FAILURE && r->error && !c->progressed && c->next < c->nm) {
		size_t l = strlen(c->why);
		snprintf(c->why + l, sizeof c->why - l, "%s%s: %s", l ? "; " : "", c->methods[c->next - 1],
			 r->why ? r->why : "error");
		aaa_debug(AAA_DBG_AUTHEN, "AAA/AUTHEN/EAP (%08X): %s: ERROR, trying the next method",
			  c->p.session_id, c->methods[c->next - 1]);
		start_next(c);
		return;
	}
	if (r->st == EAP_ST_CONTINUE)
		c->progressed = true; /* the identity is ours or IDi: this is the method's own */
	if (r->st == EAP_ST_FAILURE && c->why[0]) {
		/* the log line names what every method said */
		char why[800];
		snprintf(why, sizeof why, "%s; %s: %s", c->why, c->methods[c->next - 1], r->why ? r->why : "failed");
		struct eap_result f = *r;
		f.why = why;
		deliver(c, &f);
		return;
	}
	deliver(c, r);
}

/* Start the next method of the list; an error at creation moves on. */
static void start_next(struct eap_chain *c)
{
	while (c->next < c->nm) {
		const char *m = c->methods[c->next++];
		char why[256] = "";
		aaa_debug(AAA_DBG_AUTHEN, "AAA/AUTHEN/EAP (%08X): Method=%s", c->p.session_id, m);
		struct eap_server *es = strcmp(m, "local") == 0
						? eap_local_new(&c->p, on_method, c, why, sizeof why)
						: eap_radius_new(m + 6, &c->p, on_method, c, why, sizeof why);
		if (!es) {
			size_t l = strlen(c->why);
			snprintf(c->why + l, sizeof c->why - l, "%s%s: %s", l ? "; " : "", m, why);
			continue;
		}
		c->be[c->next - 1] = es;
		c->cur = es;
		c->progressed = false;
		eap_server_input(es, NULL, 0); /* its first answer, now or later */
		return;
	}
	fail(c, c->why[0] ? c->why : "no EAP method");
}

/* The peer's EAP-Response/Identity to our Request: checked, kept. */
static void take_identity(struct eap_chain *c, const uint8_t *eap, size_t len)
{
	size_t plen = len >= 4 ? (size_t)(eap[2] << 8 | eap[3]) : 0;
	if (len < 5 || plen < 5 || plen > len || eap[0] != 2 || eap[1] != c->id || eap[4] != 1) {
		fail(c, "malformed EAP-Identity response");
		return;
	}
	size_t n = plen - 5;
	if (n == 0 || n > ID_MAX) {
		fail(c, "empty or oversized EAP identity");
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (eap[5 + i] < 0x20 || eap[5 + i] == 0x7f) {
			fail(c, "EAP identity with control characters");
			return;
		}
	memcpy(c->idresp, eap, plen);
	c->idresp_len = plen;
	c->idresp[2] = (uint8_t)(plen >> 8); /* padding past Length dropped */
	c->idresp[3] = (uint8_t)plen;
	c->p.identity_resp = c->idresp;
	c->p.identity_resp_len = plen;
	c->asking = false;
	start_next(c);
}

static void chain_input(struct eap_server *es, const uint8_t *eap, size_t len)
{
	struct eap_chain *c = (struct eap_chain *)es;
	if (c->done) {
		fail(c, "EAP input after the conversation ended");
		return;
	}
	if (!eap) {
		if (c->cur || c->asking) {
			fail(c, "EAP input out of sequence");
			return;
		}
		if (!c->p.query_identity) {
			start_next(c);
			return;
		}
		c->asking = true;
		uint8_t req[5] = { 1, c->id, 0, 5, 1 }; /* Request, Identity */
		memcpy(c->out, req, sizeof req);
		struct eap_result r = { .st = EAP_ST_CONTINUE, .eap = c->out, .eap_len = sizeof req };
		deliver(c, &r);
		return;
	}
	if (c->asking) {
		take_identity(c, eap, len);
		return;
	}
	if (!c->cur) {
		fail(c, "EAP input out of sequence");
		return;
	}
	eap_server_input(c->cur, eap, len);
}

static void chain_free(struct eap_server *es)
{
	struct eap_chain *c = (struct eap_chain *)es;
	for (size_t i = 0; i < CHAIN_MAX; i++)
		eap_server_free(c->be[i]);
	explicit_bzero(c, sizeof *c);
	free(c);
}

static const struct eap_server_ops chain_ops = { .input = chain_input, .free = chain_free };

struct eap_server *eap_chain_new(const char (*methods)[72], size_t n, const struct eap_server_params *p,
				 eap_result_fn fn, void *ctx, char *why, size_t why_len)
{
	if (!n || n > CHAIN_MAX) {
		snprintf(why, why_len, "no EAP method");
		return NULL;
	}
	struct eap_chain *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	c->base = (struct eap_server){ .ops = &chain_ops, .fn = fn, .ctx = ctx };
	c->p = *p;
	/* our own copies: the caller's strings need not outlive this call */
	snprintf(c->ike_id, sizeof c->ike_id, "%s", p->ike_id ? p->ike_id : "");
	snprintf(c->list, sizeof c->list, "%s", p->list ? p->list : "");
	snprintf(c->ike_profile, sizeof c->ike_profile, "%s", p->ike_profile ? p->ike_profile : "");
	c->p.ike_id = c->ike_id;
	c->p.list = c->list;
	c->p.ike_profile = c->ike_profile;
	c->p.identity_resp = NULL;
	c->p.identity_resp_len = 0;
	for (size_t i = 0; i < n; i++)
		snprintf(c->methods[i], sizeof c->methods[i], "%s", methods[i]);
	c->nm = n;
	if (RAND_bytes(&c->id, 1) != 1)
		c->id = 1;
	return &c->base;
}
