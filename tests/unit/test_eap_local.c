/* aaa/eap_local*: flexd's own EAP server.  MS-CHAPv2 and MPPE primitives
 * against RFC 2759 §9.2 and RFC 3079 §3.5 vectors; whole conversations
 * (MSCHAPv2, Nak to MD5 / GTC) played by a peer written here (MD5 through
 * OpenSSL's EVP, independently of the server); wrong passwords, hashed
 * secrets, unknown users and malformed packets of every kind refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "aaa/eap_local.h"
#include "aaa/eap_server.h"
#include "base/secret.h"
#include "running-config/store.h"

static void unhex(const char *h, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

#define assert_hex(buf, hex)                                                 \
	do {                                                                 \
		uint8_t want_[64];                                           \
		size_t n_ = strlen(hex) / 2;                                 \
		unhex(hex, want_, n_);                                       \
		assert_memory_equal(buf, want_, n_);                         \
	} while (0)

/* ---------- RFC 2759 §9.2, RFC 3079 §3.5 ---------- */

static void test_rfc2759_vectors(void **st)
{
	(void)st;
	uint8_t auth[16], peer[16], hash[16], ch[8], nt[24];
	unhex("5B5D7C7D7B3F2F3E3C2C602132262628", auth, 16);
	unhex("21402324255E262A28295F2B3A337C7E", peer, 16);
	mschapv2_nt_hash("clientPass", hash);
	assert_hex(hash, "44EBBA8D5312B8D611474411F56989AE");
	mschapv2_challenge_hash(peer, auth, "User", 4, ch);
	assert_hex(ch, "D02E4386BCE91226");
	mschapv2_challenge_response(ch, hash, nt);
	assert_hex(nt, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	char s[43];
	mschapv2_auth_response(hash, nt, ch, s);
	assert_string_equal(s, "S=407A5589115FD0D6209F510FE9C04566932CDA56");
}

static void test_rfc3079_vectors(void **st)
{
	(void)st;
	uint8_t hash[16], nt[24], master[16], key[16];
	mschapv2_nt_hash("clientPass", hash);
	unhex("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF", nt, 24);
	mppe_master_key(hash, nt, master);
	assert_hex(master, "FDECE3717A8C838CB388E527AE3CDD31");
	/* §3.5.3: the 128-bit start key GetAsymmetricStartKey(.., TRUE, TRUE)
	 * (Magic3: the server's send key = the client's receive key) */
	mppe_start_key(master, true, true, key);
	assert_hex(key, "8B7CDC149B993A1BA118CB153F56DCCB");
	uint8_t key2[16];
	mppe_start_key(master, false, false, key2);
	assert_memory_equal(key, key2, 16);
	/* MSK (as strongSwan and Windows): server receive (Magic2) | server
	 * send (Magic3) | 32 zeros */
	uint8_t recv[16], msk[64], zero[32] = { 0 };
	mppe_start_key(master, false, true, recv);
	assert_memory_not_equal(recv, key, 16);
	mppe_start_key(master, true, false, key2);
	assert_memory_equal(recv, key2, 16);
	mschapv2_msk(hash, nt, msk);
	assert_memory_equal(msk, recv, 16);
	assert_memory_equal(msk + 16, key, 16);
	assert_memory_equal(msk + 32, zero, 32);
}

/* ---------- conversations ---------- */

struct rec {
	int calls;
	enum eap_status st;
	uint8_t pkt[1100];
	size_t len;
	uint8_t msk[64];
	size_t msk_len;
	char why[512];
	char identity[256];
};

static void on_result(void *ctx, const struct eap_result *r)
{
	struct rec *x = ctx;
	x->calls++;
	x->st = r->st;
	assert_true(r->eap_len <= sizeof x->pkt);
	memcpy(x->pkt, r->eap, r->eap_len);
	x->len = r->eap_len;
	x->msk_len = r->msk_len;
	memcpy(x->msk, r->msk, r->msk_len);
	snprintf(x->why, sizeof x->why, "%s", r->why ? r->why : "");
	snprintf(x->identity, sizeof x->identity, "%s", r->identity ? r->identity : "");
	if (r->st == EAP_ST_CONTINUE) {
		assert_int_equal(r->eap[0], EAP_CODE_REQUEST);
		assert_int_equal((size_t)(r->eap[2] << 8 | r->eap[3]), r->eap_len);
	} else {
		assert_int_equal(r->eap_len, 4);
		assert_int_equal(r->eap[0], r->st == EAP_ST_SUCCESS ? EAP_CODE_SUCCESS : EAP_CODE_FAILURE);
	}
}

static int setup(void **st)
{
	(void)st;
	assert_int_equal(store_open(":memory:"), 0);
	char h9[128];
	assert_int_equal(secret_hash9("hashedPw", h9, sizeof h9), 0);
	assert_int_equal(db_exec("INSERT INTO aaa_user(name, kind, pw_type, pw, seq) VALUES"
				 "('alice','password',0,'clientPass',1),"
				 "('carol','password',7,'0822455D0A16',2),"   /* cisco */
				 "('dave','secret',9,?,3),"
				 "('erin','nopassword',0,NULL,4),"
				 "('User','password',0,'clientPass',5)",
				 "s", h9),
			 0);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	store_close();
	return 0;
}

static struct eap_server *conv(struct rec *x, bool query, const char *ike_id)
{
	memset(x, 0, sizeof *x);
	struct eap_server_params p = { .list = "L", .ike_id = ike_id, .query_identity = query, .timeout_s = 90 };
	char why[128];
	struct eap_server *es = eap_local_new(&p, on_result, x, why, sizeof why);
	assert_non_null(es);
	eap_server_input(es, NULL, 0);
	assert_int_equal(x->calls, 1);
	return es;
}

/* Send a Response of type t with data to the Request in x; returns the
 * number of results (always exactly one more). */
static void respond(struct eap_server *es, struct rec *x, uint8_t t, const void *data, size_t n)
{
	uint8_t p[1100];
	p[0] = EAP_CODE_RESPONSE;
	p[1] = x->pkt[1];
	p[2] = (uint8_t)((n + 5) >> 8);
	p[3] = (uint8_t)(n + 5);
	p[4] = t;
	memcpy(p + 5, data, n);
	int before = x->calls;
	eap_server_input(es, p, n + 5);
	assert_int_equal(x->calls, before + 1);
}

static void identity(struct eap_server *es, struct rec *x, const char *who)
{
	assert_int_equal(x->st, EAP_ST_CONTINUE);
	assert_int_equal(x->pkt[4], EAP_T_IDENTITY);
	respond(es, x, EAP_T_IDENTITY, who, strlen(who));
}

/* The peer's MSCHAPv2 Response to the Challenge in x. */
static size_t ms_peer_response(const struct rec *x, const char *name, const char *pw, uint8_t *out, uint8_t nt[24],
			       uint8_t ch[8])
{
	assert_int_equal(x->pkt[4], EAP_T_MSCHAPV2);
	assert_int_equal(x->pkt[5], 1);      /* Challenge */
	assert_int_equal(x->pkt[9], 16);     /* Value-Size */
	const uint8_t *auth = x->pkt + 10;
	uint8_t peer[16], hash[16];
	memset(peer, 0x42, 16);
	const char *u = strchr(name, '\\') ? strchr(name, '\\') + 1 : name;
	mschapv2_nt_hash(pw, hash);
	mschapv2_challenge_hash(peer, auth, u, strlen(u), ch);
	mschapv2_challenge_response(ch, hash, nt);
	size_t n = 4 + 1 + 49 + strlen(name);
	out[0] = 2;
	out[1] = x->pkt[6];
	out[2] = (uint8_t)(n >> 8);
	out[3] = (uint8_t)n;
	out[4] = 49;
	memcpy(out + 5, peer, 16);
	memset(out + 21, 0, 8);
	memcpy(out + 29, nt, 24);
	out[53] = 0;
	memcpy(out + 54, name, strlen(name));
	return n;
}

static void test_mschapv2_ok(void **st)
{
	(void)st;
	struct rec x;
	struct eap_server *es = conv(&x, true, "ignored@ike");
	identity(es, &x, "alice");
	uint8_t r[200], nt[24], ch[8];
	size_t n = ms_peer_response(&x, "alice", "clientPass", r, nt, ch);
	respond(es, &x, EAP_T_MSCHAPV2, r, n);
	assert_int_equal(x.st, EAP_ST_CONTINUE);
	assert_int_equal(x.pkt[5], 3); /* Success Request */
	/* the authenticator response the peer checks */
	uint8_t hash[16];
	char s[43];
	mschapv2_nt_hash("clientPass", hash);
	mschapv2_auth_response(hash, nt, ch, s);
	assert_memory_equal(x.pkt + 9, s, 42);
	uint8_t ok = 3;
	respond(es, &x, EAP_T_MSCHAPV2, &ok, 1);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	assert_int_equal(x.msk_len, 64);
	uint8_t msk[64];
	mschapv2_msk(hash, nt, msk);
	assert_memory_equal(x.msk, msk, 64);
	assert_string_equal(x.identity, "alice");
	eap_server_free(es);
}

static void test_mschapv2_domain_and_ike_id(void **st)
{
	(void)st;
	struct rec x;
	/* no query-identity: the IKE identity is the user; the name carries a domain */
	struct eap_server *es = conv(&x, false, "User");
	uint8_t r[200], nt[24], ch[8];
	size_t n = ms_peer_response(&x, "CORP\\User", "clientPass", r, nt, ch);
	respond(es, &x, EAP_T_MSCHAPV2, r, n);
	assert_int_equal(x.pkt[5], 3);
	uint8_t ok = 3;
	respond(es, &x, EAP_T_MSCHAPV2, &ok, 1);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	assert_string_equal(x.identity, "User");
	eap_server_free(es);
}

static void test_mschapv2_wrong_password(void **st)
{
	(void)st;
	struct rec x;
	struct eap_server *es = conv(&x, true, NULL);
	identity(es, &x, "alice");
	uint8_t r[200], nt[24], ch[8];
	size_t n = ms_peer_response(&x, "alice", "clientPasS", r, nt, ch);
	respond(es, &x, EAP_T_MSCHAPV2, r, n);
	assert_int_equal(x.st, EAP_ST_FAILURE); /* EAP-Failure at once */
	assert_int_equal(x.msk_len, 0);
	assert_non_null(strstr(x.why, "wrong password"));
	assert_null(strstr(x.why, "clientPas"));
	eap_server_free(es);
}

/* MD5 answer computed here with EVP, not with the server's code. */
static void md5_answer(const struct rec *x, const char *pw, uint8_t out[17])
{
	assert_int_equal(x->pkt[4], EAP_T_MD5);
	assert_int_equal(x->pkt[5], 16);
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	unsigned dl = 16;
	assert_int_equal(EVP_DigestInit_ex(m, EVP_md5(), NULL), 1);
	EVP_DigestUpdate(m, &x->pkt[1], 1);
	EVP_DigestUpdate(m, pw, strlen(pw));
	EVP_DigestUpdate(m, x->pkt + 6, 16);
	EVP_DigestFinal_ex(m, out + 1, &dl);
	EVP_MD_CTX_free(m);
	out[0] = 16;
}

static void test_nak_md5(void **st)
{
	(void)st;
	const char *users[] = { "alice", "carol" }, *pws[] = { "clientPass", "cisco" };
	for (int i = 0; i < 2; i++) {
		for (int good = 0; good < 2; good++) {
			struct rec x;
			struct eap_server *es = conv(&x, true, NULL);
			identity(es, &x, users[i]);
			assert_int_equal(x.pkt[4], EAP_T_MSCHAPV2);
			uint8_t want = EAP_T_MD5;
			respond(es, &x, EAP_T_NAK, &want, 1);
			assert_int_equal(x.st, EAP_ST_CONTINUE);
			uint8_t a[17];
			md5_answer(&x, good ? pws[i] : "nope", a);
			respond(es, &x, EAP_T_MD5, a, sizeof a);
			assert_int_equal(x.st, good ? EAP_ST_SUCCESS : EAP_ST_FAILURE);
			assert_int_equal(x.msk_len, 0);
			if (!good)
				assert_non_null(strstr(x.why, "EAP-MD5: wrong password"));
			eap_server_free(es);
		}
	}
}

static void test_nak_gtc(void **st)
{
	(void)st;
	for (int good = 0; good < 2; good++) {
		struct rec x;
		struct eap_server *es = conv(&x, true, NULL);
		identity(es, &x, "alice");
		uint8_t want[] = { 99, EAP_T_GTC, EAP_T_MD5 }; /* unknown first: skipped */
		respond(es, &x, EAP_T_NAK, want, sizeof want);
		assert_int_equal(x.pkt[4], EAP_T_GTC);
		const char *pw = good ? "clientPass" : "clientPas";
		respond(es, &x, EAP_T_GTC, pw, strlen(pw));
		assert_int_equal(x.st, good ? EAP_ST_SUCCESS : EAP_ST_FAILURE);
		eap_server_free(es);
	}
	/* Cisco-style RESPONSE=user\0password */
	struct rec x;
	struct eap_server *es = conv(&x, true, NULL);
	identity(es, &x, "alice");
	uint8_t want = EAP_T_GTC;
	respond(es, &x, EAP_T_NAK, &want, 1);
	static const char cisco[] = "RESPONSE=alice\0clientPass";
	respond(es, &x, EAP_T_GTC, cisco, sizeof cisco - 1);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	eap_server_free(es);
}

static void test_hashed_secret(void **st)
{
	(void)st;
	/* type 9: GTC proposed first, and it works */
	struct rec x;
	struct eap_server *es = conv(&x, true, NULL);
	identity(es, &x, "dave");
	assert_int_equal(x.pkt[4], EAP_T_GTC);
	respond(es, &x, EAP_T_GTC, "hashedPw", 8);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	eap_server_free(es);
	/* the peer wants MD5 or MSCHAPv2: refused, and the log says why */
	es = conv(&x, true, NULL);
	identity(es, &x, "dave");
	uint8_t want[] = { EAP_T_MD5, EAP_T_MSCHAPV2 };
	respond(es, &x, EAP_T_NAK, want, sizeof want);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_non_null(strstr(x.why, "type 9 secret"));
	assert_non_null(strstr(x.why, "only EAP-GTC"));
	eap_server_free(es);
}

static void test_unknown_and_nopassword(void **st)
{
	(void)st;
	struct rec x;
	struct eap_server *es = conv(&x, true, NULL);
	identity(es, &x, "mallory");
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_non_null(strstr(x.why, "not in the local user database"));
	eap_server_free(es);
	es = conv(&x, true, NULL);
	identity(es, &x, "erin");
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_free(es);
	/* without query-identity the IKE id is looked up directly */
	es = conv(&x, false, "nobody");
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_free(es);
}

/* Feed pkt to a fresh conversation positioned by step: 0 = at Identity,
 * 1 = at the MSCHAPv2 challenge, 2 = at the Success Request, 3 = at MD5,
 * 4 = at GTC.  The answer must be exactly one FAILURE. */
static struct eap_server *position(struct rec *x, int step)
{
	struct eap_server *es = conv(x, true, NULL);
	if (step == 0)
		return es;
	identity(es, x, "alice");
	if (step == 2) {
		uint8_t r[200], nt[24], ch[8];
		size_t n = ms_peer_response(x, "alice", "clientPass", r, nt, ch);
		respond(es, x, EAP_T_MSCHAPV2, r, n);
	} else if (step >= 3) {
		uint8_t want = step == 3 ? EAP_T_MD5 : EAP_T_GTC;
		respond(es, x, EAP_T_NAK, &want, 1);
	}
	assert_int_equal(x->st, EAP_ST_CONTINUE);
	return es;
}

static void expect_failure(int step, const uint8_t *pkt, size_t len)
{
	struct rec x;
	struct eap_server *es = position(&x, step);
	int before = x.calls;
	eap_server_input(es, pkt, len);
	assert_int_equal(x.calls, before + 1);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_true(x.why[0] != 0);
	/* anything after the end is refused too */
	eap_server_input(es, pkt, len);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_free(es);
}

static void test_malformed(void **st)
{
	(void)st;
	uint8_t p[600];
	for (int step = 0; step <= 4; step++) {
		/* truncated headers, every length below 5 */
		for (size_t l = 0; l < 5; l++) {
			memset(p, 2, sizeof p);
			p[2] = 0;
			p[3] = (uint8_t)l;
			expect_failure(step, p, l);
		}
	}
}

/* Replay-free malformed cases: built and fed to the same conversation. */
static void feed(int step, uint8_t code, int id_delta, int len_delta, uint8_t type, const void *d, size_t n,
		 size_t cut)
{
	struct rec x;
	struct eap_server *es = position(&x, step);
	uint8_t p[600];
	p[0] = code;
	p[1] = (uint8_t)(x.pkt[1] + id_delta);
	size_t L = n + 5 + (size_t)(ssize_t)len_delta;
	p[2] = (uint8_t)(L >> 8);
	p[3] = (uint8_t)L;
	p[4] = type;
	memcpy(p + 5, d, n);
	size_t len = n + 5 - cut;
	int before = x.calls;
	eap_server_input(es, p, len);
	assert_int_equal(x.calls, before + 1);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	assert_true(x.why[0] != 0);
	eap_server_input(es, p, len);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_input(es, NULL, 0);
	assert_int_equal(x.st, EAP_ST_FAILURE);
	eap_server_free(es);
}

static void test_malformed_kinds(void **st)
{
	(void)st;
	static const uint8_t md5ok[17] = { 16 };
	uint8_t ctl[] = { 'a', 0x01, 'b' };
	uint8_t big[300];
	memset(big, 'x', sizeof big);
	for (int step = 0; step <= 4; step++) {
		feed(step, EAP_CODE_REQUEST, 0, 0, 1, "a", 1, 0);     /* a Request, not a Response */
		feed(step, EAP_CODE_SUCCESS, 0, 0, 1, "a", 1, 0);
		feed(step, EAP_CODE_RESPONSE, 1, 0, 1, "a", 1, 0);    /* wrong Identifier */
		feed(step, EAP_CODE_RESPONSE, 0, 1, 1, "a", 1, 0);    /* Length beyond the data */
		feed(step, EAP_CODE_RESPONSE, 0, 200, 1, "a", 1, 0);
		feed(step, EAP_CODE_RESPONSE, 0, -2, 1, "a", 1, 0);   /* Length 4: no type */
		feed(step, EAP_CODE_RESPONSE, 0, 0, EAP_T_EXPANDED, "\0\0\0\0\0\0\0\3", 8, 0);
		feed(step, EAP_CODE_RESPONSE, 0, 0, 77, "a", 1, 0);   /* a type we never asked for */
	}
	/* Identity: empty, control characters, too long, a method answer */
	feed(0, EAP_CODE_RESPONSE, 0, 0, EAP_T_IDENTITY, "", 0, 0);
	feed(0, EAP_CODE_RESPONSE, 0, 0, EAP_T_IDENTITY, ctl, sizeof ctl, 0);
	feed(0, EAP_CODE_RESPONSE, 0, 0, EAP_T_IDENTITY, big, 254, 0);
	feed(0, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "\4", 1, 0);
	/* Nak: empty, 0 (no alternative), only unknown types, only the method proposed */
	feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "", 0, 0);
	feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "\0", 1, 0);
	feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "\x63\x64", 2, 0);
	feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "\x1a", 1, 0);
	/* a second Nak */
	feed(3, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "\6", 1, 0);
	feed(2, EAP_CODE_RESPONSE, 0, 0, EAP_T_NAK, "\4", 1, 0);
	/* MSCHAPv2 Response: every truncation of a valid one, wrong value
	 * size, wrong MS-Length, wrong MS-CHAPv2-ID, wrong opcode */
	{
		struct rec x;
		struct eap_server *es = position(&x, 1);
		uint8_t r[200], nt[24], ch[8];
		size_t n = ms_peer_response(&x, "alice", "clientPass", r, nt, ch);
		eap_server_free(es);
		/* the challenge differs per conversation: what matters is that
		 * each shape is refused for its structure first */
		for (size_t l = 0; l < 54; l++) {
			uint8_t t[200];
			memcpy(t, r, l);
			if (l >= 4) {
				t[2] = (uint8_t)(l >> 8);
				t[3] = (uint8_t)l;
			}
			feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_MSCHAPV2, t, l, 0);
		}
		uint8_t t[200];
		memcpy(t, r, n);
		t[4] = 48;
		feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_MSCHAPV2, t, n, 0);
		memcpy(t, r, n);
		t[3]++;
		feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_MSCHAPV2, t, n, 0);
		memcpy(t, r, n);
		t[0] = 3;
		feed(1, EAP_CODE_RESPONSE, 0, 0, EAP_T_MSCHAPV2, t, n, 0);
		/* the right ID is the Request's: build against the same conversation */
		es = position(&x, 1);
		n = ms_peer_response(&x, "alice", "clientPass", r, nt, ch);
		r[1]++;
		uint8_t p[300] = { EAP_CODE_RESPONSE, x.pkt[1], (uint8_t)((n + 5) >> 8), (uint8_t)(n + 5), EAP_T_MSCHAPV2 };
		memcpy(p + 5, r, n);
		eap_server_input(es, p, n + 5);
		assert_int_equal(x.st, EAP_ST_FAILURE);
		eap_server_free(es);
	}
	/* MSCHAPv2 after our Success Request: anything but opcode 3 */
	feed(2, EAP_CODE_RESPONSE, 0, 0, EAP_T_MSCHAPV2, "", 0, 0);
	feed(2, EAP_CODE_RESPONSE, 0, 0, EAP_T_MSCHAPV2, "\4", 1, 0);
	/* MD5: short, wrong value size, empty */
	for (size_t l = 0; l < 17; l++)
		feed(3, EAP_CODE_RESPONSE, 0, 0, EAP_T_MD5, md5ok, l, 0);
	uint8_t m15[17] = { 15 };
	feed(3, EAP_CODE_RESPONSE, 0, 0, EAP_T_MD5, m15, 17, 0);
	feed(3, EAP_CODE_RESPONSE, 0, 0, EAP_T_MD5, md5ok, 17, 0); /* well formed, wrong */
	/* GTC: empty, NUL inside, too long, RESPONSE= without NUL */
	feed(4, EAP_CODE_RESPONSE, 0, 0, EAP_T_GTC, "", 0, 0);
	feed(4, EAP_CODE_RESPONSE, 0, 0, EAP_T_GTC, "a\0b", 3, 0);
	feed(4, EAP_CODE_RESPONSE, 0, 0, EAP_T_GTC, big, 200, 0);
	feed(4, EAP_CODE_RESPONSE, 0, 0, EAP_T_GTC, "RESPONSE=alice", 14, 0);
	/* padding past Length is ignored: a right GTC answer with junk after */
	struct rec x;
	struct eap_server *es = position(&x, 4);
	uint8_t p[64] = { EAP_CODE_RESPONSE, x.pkt[1], 0, 15, EAP_T_GTC };
	memcpy(p + 5, "clientPass", 10);
	memset(p + 15, 0xee, 20);
	eap_server_input(es, p, 35);
	assert_int_equal(x.st, EAP_ST_SUCCESS);
	eap_server_free(es);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc2759_vectors),
		cmocka_unit_test(test_rfc3079_vectors),
		cmocka_unit_test(test_mschapv2_ok),
		cmocka_unit_test(test_mschapv2_domain_and_ike_id),
		cmocka_unit_test(test_mschapv2_wrong_password),
		cmocka_unit_test(test_nak_md5),
		cmocka_unit_test(test_nak_gtc),
		cmocka_unit_test(test_hashed_secret),
		cmocka_unit_test(test_unknown_and_nopassword),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_malformed_kinds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
