/*
 * flexd as its own EAP server (RFC 3748 authenticator) against `username`
 * entries, when the profile's EAP list starts with `local`:
 *   [EAP-Identity when query-identity, else the IKE identity IDi]
 *   -> the first method: EAP-MSCHAPv2 (key-generating) when the password
 *      is known in the clear (type 0/7), EAP-GTC for a hashed secret
 *      (type 5/8/9: nothing else can check it)
 *   -> one legacy Nak (§5.3.1) may move to MD5 or GTC (or MSCHAPv2)
 *   -> EAP-Success with the MSK, or EAP-Failure.
 * Every Response is checked (code, Identifier, Length, type) before use;
 * anything wrong ends the conversation with a Failure and a reason for
 * the log, never a crash.  The callback runs inside eap_server_input.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/eap_local.h"
#include "aaa/eap_server.h"
#include "base/secret.h"
#include "running-config/store.h"

#define PKT_MAX 1024

enum conv_state { S_INIT, S_IDENTITY, S_METHOD, S_DONE };

struct eap_local {
	struct eap_server base;
	enum conv_state st;
	bool query_identity;
	bool nak_ok;                 /* the method's first Request is outstanding */
	bool error;                  /* the FAILURE being delivered is an error (no such user) */
	uint8_t idresp[5 + 253];     /* the identity a method list asked for (params.identity_resp) */
	size_t idresp_len;
	char ike_id[256];
	char identity[256];
	struct eap_local_cred cred;
	const struct eap_local_method *m;
	struct eap_local_ctx ctx;
	uint8_t pkt[PKT_MAX];        /* the packet of the last result */
};

/* ---------- credentials ---------- */

void eap_local_cred_load(struct eap_local_cred *cred, const char *user)
{
	memset(cred, 0, sizeof *cred);
	cred->type = -1;
	snprintf(cred->user, sizeof cred->user, "%s", user);
	sqlite3_stmt *st = db_query("SELECT kind, pw_type, pw FROM aaa_user WHERE name = ?", "s", user);
	if (!db_row(st))
		return;
	cred->found = true;
	const char *kind = db_col_text(st, 0), *pw = db_col_text(st, 2);
	int type = (int)db_col_int(st, 1);
	if (strcmp(kind, "password") == 0 && type == 0 && strlen(pw) <= EAP_LOCAL_PW_MAX) {
		cred->type = 0;
		snprintf(cred->plain, sizeof cred->plain, "%s", pw);
		cred->plain_ok = true;
	} else if (strcmp(kind, "password") == 0 && type == 7) {
		cred->type = 7;
		cred->plain_ok = secret_type7_decode(pw, cred->plain, sizeof cred->plain);
	} else if (strcmp(kind, "secret") == 0 && (type == 5 || type == 8 || type == 9)) {
		cred->type = type;
		snprintf(cred->stored, sizeof cred->stored, "%s", pw);
	}
	db_done(st);
}

void eap_local_cred_wipe(struct eap_local_cred *cred)
{
	OPENSSL_cleanse(cred, sizeof *cred);
}

bool eap_local_cred_check(const struct eap_local_cred *cred, const char *pw)
{
	if (cred->plain_ok) {
		size_t a = strlen(cred->plain), b = strlen(pw);
		return a == b && CRYPTO_memcmp(cred->plain, pw, a) == 0;
	}
	if (cred->type == 5 || cred->type == 8 || cred->type == 9)
		return secret_verify(cred->type, cred->stored, pw);
	return false;
}

const struct eap_local_method *eap_local_method_by_type(uint8_t type)
{
	switch (type) {
	case EAP_T_MD5: return &eap_local_md5;
	case EAP_T_GTC: return &eap_local_gtc;
	case EAP_T_MSCHAPV2: return &eap_local_mschapv2;
	default: return NULL;
	}
}

/* ---------- results ---------- */

static void deliver(struct eap_local *c, enum eap_status st, size_t len, const char *why)
{
	struct eap_result r = { .st = st, .eap = c->pkt, .eap_len = len, .why = why,
				.identity = c->identity[0] ? c->identity : NULL, .error = c->error };
	if (st == EAP_ST_SUCCESS && c->ctx.msk_len) {
		memcpy(r.msk, c->ctx.msk, c->ctx.msk_len);
		r.msk_len = c->ctx.msk_len;
	}
	if (st != EAP_ST_CONTINUE)
		c->st = S_DONE;
	c->base.fn(c->base.ctx, &r);
	OPENSSL_cleanse(r.msk, sizeof r.msk);
}

static void put_hdr(uint8_t *p, uint8_t code, uint8_t id, size_t len)
{
	p[0] = code;
	p[1] = id;
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
}

/* EAP-Success / EAP-Failure, Identifier = the Response's (§4.2). */
static void finish(struct eap_local *c, bool ok, uint8_t id, const char *why)
{
	put_hdr(c->pkt, ok ? EAP_CODE_SUCCESS : EAP_CODE_FAILURE, id, EAP_HDR_LEN);
	deliver(c, ok ? EAP_ST_SUCCESS : EAP_ST_FAILURE, EAP_HDR_LEN, why);
}

static void failf(struct eap_local *c, uint8_t id, const char *fmt, const char *a)
{
	char why[400];
	snprintf(why, sizeof why, fmt, a);
	finish(c, false, id, why);
}

/* A Request of the given type with type-data already at pkt + 5. */
static void request(struct eap_local *c, uint8_t type, size_t tlen)
{
	c->ctx.id++;
	put_hdr(c->pkt, EAP_CODE_REQUEST, c->ctx.id, 5 + tlen);
	c->pkt[4] = type;
	deliver(c, EAP_ST_CONTINUE, 5 + tlen, NULL);
}

/* ---------- the conversation ---------- */

static void start_method(struct eap_local *c, const struct eap_local_method *m, uint8_t resp_id)
{
	c->m = m;
	c->ctx.phase = 0;
	/* the id the method sees is the one its first Request will carry */
	c->ctx.id++;
	int n = m->start(&c->ctx, c->pkt + 5, sizeof c->pkt - 5);
	c->ctx.id--;
	if (n < 0) {
		failf(c, resp_id, "%s could not start", m->name);
		return;
	}
	request(c, m->type, (size_t)n);
}

static const char *secret_kind(const struct eap_local_cred *cr)
{
	switch (cr->type) {
	case 5: return "a type 5 secret";
	case 8: return "a type 8 secret";
	case 9: return "a type 9 secret";
	default: return "an unreadable password";
	}
}

/* The identity is known: look the user up and propose the first method. */
static void begin(struct eap_local *c, uint8_t resp_id)
{
	eap_local_cred_load(&c->cred, c->identity);
	c->ctx.identity = c->identity;
	c->ctx.cred = &c->cred;
	if (!c->cred.found) {
		c->error = true; /* IOS: the next method may know the user */
		failf(c, resp_id, "EAP identity %s is not in the local user database", c->identity);
		return;
	}
	if (!c->cred.plain_ok && c->cred.type < 0) {
		failf(c, resp_id, "local user %s has no password", c->identity);
		return;
	}
	c->nak_ok = true;
	start_method(c, c->cred.plain_ok ? &eap_local_mschapv2 : &eap_local_gtc, resp_id);
}

/* Legacy Nak (§5.3.1): the types the peer wants, in its order. */
static void nak(struct eap_local *c, uint8_t id, const uint8_t *want, size_t n)
{
	if (!c->nak_ok) {
		failf(c, id, "unexpected Nak from %s", c->identity);
		return;
	}
	c->nak_ok = false;
	bool hashed_refused = false;
	for (size_t i = 0; i < n; i++) {
		const struct eap_local_method *m = eap_local_method_by_type(want[i]);
		if (!m || m == c->m)
			continue;
		if (m->needs_plain && !c->cred.plain_ok) {
			hashed_refused = true;
			continue;
		}
		start_method(c, m, id);
		return;
	}
	char why[400];
	if (hashed_refused)
		snprintf(why, sizeof why,
			 "local user %s has %s: only EAP-GTC can check it, and the peer refused EAP-GTC",
			 c->identity, secret_kind(&c->cred));
	else
		snprintf(why, sizeof why, "the peer accepts none of EAP-MSCHAPv2, EAP-MD5, EAP-GTC (Nak)");
	finish(c, false, id, why);
}

static bool printable_id(const uint8_t *p, size_t n)
{
	if (n == 0 || n > 253)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] == 0x7f)
			return false;
	return true;
}

static void local_input(struct eap_server *es, const uint8_t *eap, size_t len)
{
	struct eap_local *c = (struct eap_local *)es;
	if (c->st == S_INIT && !eap) {
		if (c->idresp_len) {
			/* asked by the method list: answer the peer's Response */
			memcpy(c->identity, c->idresp + 5, c->idresp_len - 5);
			c->identity[c->idresp_len - 5] = 0;
			c->ctx.id = c->idresp[1];
			c->st = S_METHOD;
			begin(c, c->ctx.id);
		} else if (c->query_identity) {
			c->st = S_IDENTITY;
			request(c, EAP_T_IDENTITY, 0);
		} else {
			snprintf(c->identity, sizeof c->identity, "%s", c->ike_id);
			c->st = S_METHOD;
			begin(c, c->ctx.id);
		}
		return;
	}
	uint8_t id = c->ctx.id;
	if (c->st == S_DONE || c->st == S_INIT || !eap) {
		finish(c, false, id, "EAP input out of sequence");
		return;
	}
	/* header: Response, our Identifier, a Length within what arrived,
	 * room for the Type (octets past Length are padding, §4.1) */
	if (len < EAP_HDR_LEN + 1) {
		finish(c, false, id, "truncated EAP packet");
		return;
	}
	size_t plen = (size_t)eap[2] << 8 | eap[3];
	if (plen < EAP_HDR_LEN + 1 || plen > len) {
		finish(c, false, id, "EAP Length field does not match the packet");
		return;
	}
	if (eap[0] != EAP_CODE_RESPONSE || eap[1] != id) {
		finish(c, false, id, "not an EAP Response to our last Request");
		return;
	}
	uint8_t type = eap[4];
	const uint8_t *data = eap + 5;
	size_t dlen = plen - 5;
	if (c->st == S_IDENTITY) {
		if (type != EAP_T_IDENTITY || !printable_id(data, dlen)) {
			finish(c, false, id, "malformed EAP-Identity response");
			return;
		}
		memcpy(c->identity, data, dlen);
		c->identity[dlen] = 0;
		c->st = S_METHOD;
		begin(c, id);
		return;
	}
	if (type == EAP_T_NAK) {
		nak(c, id, data, dlen);
		return;
	}
	if (type != c->m->type) {
		char t[8];
		snprintf(t, sizeof t, "%u", type);
		failf(c, id, "EAP Response of type %s to a different Request", t);
		return;
	}
	c->nak_ok = false;
	size_t olen = 0;
	switch (c->m->input(&c->ctx, id, data, dlen, c->pkt + 5, sizeof c->pkt - 5, &olen)) {
	case EAP_M_REQUEST:
		request(c, c->m->type, olen);
		break;
	case EAP_M_SUCCESS:
		finish(c, true, id, NULL);
		break;
	case EAP_M_FAILURE:
		finish(c, false, id, c->ctx.why[0] ? c->ctx.why : "authentication failed");
		break;
	}
}

static void local_free(struct eap_server *es)
{
	struct eap_local *c = (struct eap_local *)es;
	eap_local_cred_wipe(&c->cred);
	OPENSSL_cleanse(&c->ctx, sizeof c->ctx);
	free(c);
}

static const struct eap_server_ops local_ops = { .input = local_input, .free = local_free };

struct eap_server *eap_local_new(const struct eap_server_params *p, eap_result_fn fn, void *ctx, char *why,
				 size_t why_len)
{
	if (!p->query_identity && (!p->ike_id || !p->ike_id[0])) {
		snprintf(why, why_len, "no identity for the local EAP server");
		return NULL;
	}
	struct eap_local *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	c->base.ops = &local_ops;
	c->base.fn = fn;
	c->base.ctx = ctx;
	c->query_identity = p->query_identity;
	if (p->ike_id)
		snprintf(c->ike_id, sizeof c->ike_id, "%s", p->ike_id);
	if (p->identity_resp && p->identity_resp_len > 5 && p->identity_resp_len <= sizeof c->idresp) {
		/* checked by the chain: a Response/Identity of printable octets */
		memcpy(c->idresp, p->identity_resp, p->identity_resp_len);
		c->idresp_len = p->identity_resp_len;
	}
	if (RAND_bytes(&c->ctx.id, 1) != 1)
		c->ctx.id = 0;
	return &c->base;
}
