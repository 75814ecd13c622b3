/*
 * Certificates and signatures in IKE_AUTH (RFC 7296 §2.15, §3.6-3.8,
 * RFC 7427).  The peer: its end-entity certificate (first CERT payload,
 * the others are intermediates) must chain to a CA certificate of one of
 * the profile's verify trustpoints, hold its IKE identity and carry the key
 * that made its AUTH.  Us: the sign trustpoint's key and identity
 * certificate; RFC 7427 Digital Signature when the peer announced
 * SIGNATURE_HASH_ALGORITHMS, else the classic RSA (SHA-1) / ECDSA method.
 */
#include "ike_auth_cert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "ike_sa.h"
#include "msg.h"
#include "pki/pki.h"
#include "running-config/store.h"

/* ---------- pieces ---------- */

int ike_cert_key_hash(X509 *x, uint8_t out[20])
{
	unsigned char *der = NULL;
	int n = x ? i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der) : -1;
	int ok = n > 0 && EVP_Digest(der, (size_t)n, out, NULL, EVP_sha1(), NULL) == 1;
	OPENSSL_free(der);
	return ok ? 0 : -1;
}

int ike_cert_req_add(STACK_OF(X509) *cas, uint8_t *out, size_t cap, size_t *len)
{
	int added = 0;
	for (int i = 0; cas && i < sk_X509_num(cas); i++) {
		uint8_t h[20];
		if (ike_cert_key_hash(sk_X509_value(cas, i), h) != 0 || *len + 20 > cap)
			continue;
		bool dup = false;
		for (size_t o = 0; o + 20 <= *len && !dup; o += 20)
			dup = memcmp(out + o, h, 20) == 0;
		if (dup)
			continue;
		memcpy(out + *len, h, 20);
		*len += 20;
		added++;
	}
	return added;
}

bool ike_cert_id_matches(const struct ike_conf_id *id, X509 *x)
{
	if (!id || !x || id->len == 0 || id->len > sizeof id->data)
		return false;
	switch (id->type) {
	case ID_DER_ASN1_DN: {
		const unsigned char *p = id->data;
		X509_NAME *n = d2i_X509_NAME(NULL, &p, (long)id->len);
		bool ok = n && p == id->data + id->len && X509_NAME_cmp(n, X509_get_subject_name(x)) == 0;
		X509_NAME_free(n);
		return ok;
	}
	case ID_FQDN:
		if (memchr(id->data, '\0', id->len))
			return false;
		return X509_check_host(x, (const char *)id->data, id->len,
				       X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_WILDCARDS, NULL) == 1;
	case ID_RFC822_ADDR:
		if (memchr(id->data, '\0', id->len))
			return false;
		return X509_check_email(x, (const char *)id->data, id->len, 0) == 1;
	case ID_IPV4_ADDR:
	case ID_IPV6_ADDR:
		if (id->len != (id->type == ID_IPV4_ADDR ? 4u : 16u))
			return false;
		return X509_check_ip(x, id->data, id->len, 0) == 1;
	default:
		return false;
	}
}

int ike_cert_check_chain(X509 *leaf, STACK_OF(X509) *untrusted, STACK_OF(X509) *cas, time_t now,
			 char *why, size_t len)
{
	if (!leaf) {
		snprintf(why, len, "no certificate");
		return -1;
	}
	if (!cas || sk_X509_num(cas) == 0) {
		snprintf(why, len, "no CA certificate in the profile's verify trustpoints");
		return -1;
	}
	uint32_t ku = X509_get_key_usage(leaf);
	if (ku != UINT32_MAX && !(ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION))) {
		snprintf(why, len, "certificate key usage does not allow signatures");
		return -1;
	}
	X509_STORE *store = X509_STORE_new();
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	int rc = -1;
	if (!store || !ctx) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	for (int i = 0; i < sk_X509_num(cas); i++)
		X509_STORE_add_cert(store, sk_X509_value(cas, i));
	/* a trustpoint may hold a subordinate CA: it is an anchor too */
	X509_STORE_set_flags(store, X509_V_FLAG_PARTIAL_CHAIN);
	if (X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	if (now)
		X509_STORE_CTX_set_time(ctx, 0, now);
	if (X509_verify_cert(ctx) == 1) {
		rc = 0;
	} else {
		int err = X509_STORE_CTX_get_error(ctx);
		snprintf(why, len, "certificate not trusted: %s", X509_verify_cert_error_string(err));
	}
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return rc;
}

const char *ike_cert_key_kind(const EVP_PKEY *k)
{
	if (k && EVP_PKEY_is_a(k, "RSA"))
		return "RSA";
	if (k && EVP_PKEY_is_a(k, "EC"))
		return "ECDSA";
	return NULL;
}

/* ---------- what the peer sent ---------- */

static X509 *cert_at(const struct ikev2_cert *c)
{
	if (c->encoding != IKEV2_CERT_X509_SIG || c->data.len == 0 || c->data.len > 65535)
		return NULL;
	const unsigned char *p = c->data.p;
	X509 *x = d2i_X509(NULL, &p, (long)c->data.len);
	if (x && p != c->data.p + c->data.len) {  /* trailing bytes: not one certificate */
		X509_free(x);
		x = NULL;
	}
	return x;
}

X509 *ike_cert_peer_leaf(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->ncert; i++)
		if (m->cert[i].encoding == IKEV2_CERT_X509_SIG)
			return cert_at(&m->cert[i]);
	return NULL;
}

void ike_cert_note_peer(struct ike_sa *s, const struct ikev2_msg *m)
{
	const struct ikev2_notify *n = ikev2_msg_notify(m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS);
	for (size_t o = 0; n && o + 2 <= n->data.len; o += 2) {
		unsigned h = (unsigned)n->data.p[o] << 8 | n->data.p[o + 1];
		if (h >= 1 && h <= 7)
			s->peer_hashes |= (uint8_t)(1u << h);
	}
	for (unsigned i = 0; i < m->ncertreq; i++) {
		const struct ikev2_cert *c = &m->certreq[i];
		if (c->encoding != IKEV2_CERT_X509_SIG)
			continue;
		for (size_t o = 0; o + 20 <= c->data.len && s->n_peer_certreq < IKE_SA_MAX_CERTREQ; o += 20)
			memcpy(s->peer_certreq[s->n_peer_certreq++], c->data.p + o, 20);
	}
}

static size_t cert_req_load(uint8_t *out, size_t cap)
{
	char tps[16][64];
	int n = 0;
	sqlite3_stmt *st = db_query(
		"SELECT DISTINCT t.trustpoint FROM ikev2_profile_trustpoint t JOIN ikev2_profile p ON p.name = t.profile"
		" WHERE p.shutdown = 0 AND COALESCE(t.usage, '') != 'sign' AND EXISTS (SELECT 1 FROM"
		" ikev2_profile_auth_remote r WHERE r.profile = p.name AND r.method IN ('rsa-sig', 'ecdsa-sig'))"
		" ORDER BY t.trustpoint", "");
	while (db_row(st))
		if (n < 16)
			snprintf(tps[n++], sizeof tps[0], "%s", db_col_text(st, 0));
	size_t len = 0;
	for (int i = 0; i < n; i++) {
		STACK_OF(X509) *cas = pki_tp_ca_certs(tps[i]);
		ike_cert_req_add(cas, out, cap, &len);
		sk_X509_pop_free(cas, X509_free);
	}
	return len;
}

/* Cached (every IKE_SA_INIT asks; decoding the CA certificates is most of
 * an IKE_SA_INIT's CPU otherwise) until the running-config changes. */
size_t ike_cert_req_ours(uint8_t *out, size_t cap)
{
	static uint8_t cv[20 * 16];
	static size_t clen, ccap;
	static long long cgen; /* gen + 1, 0 = empty */
	long long gen = ike_conf_gen();
	if (gen >= 0 && cgen == gen + 1 && ccap == cap) {
		memcpy(out, cv, clen);
		return clen;
	}
	size_t len = cert_req_load(out, cap);
	if (gen >= 0 && len <= sizeof cv) {
		memcpy(cv, out, len);
		clen = len;
		ccap = cap;
		cgen = gen + 1;
	}
	return len;
}

/* ---------- the peer's AUTH ---------- */

STACK_OF(X509) *ike_cert_profile_cas(const struct ike_conf_profile *p)
{
	STACK_OF(X509) *all = sk_X509_new_null();
	for (int i = 0; all && i < p->n_verify; i++) {
		STACK_OF(X509) *cas = pki_tp_ca_certs(p->trustpoint_verify[i]);
		while (cas && sk_X509_num(cas) > 0) {
			X509 *x = sk_X509_shift(cas);
			if (!sk_X509_push(all, x))
				X509_free(x);
		}
		sk_X509_pop_free(cas, X509_free);
	}
	return all;
}

int ike_auth_cert_verify(struct ike_sa *s, const struct ikev2_msg *m, const struct ike_conf_profile *p,
			 const struct ike_conf_id *id, X509 *leaf, char *why, size_t why_len)
{
	uint8_t method = m->auth.method;
	if (!leaf) {
		snprintf(why, why_len, "AUTH method %u without a certificate (no X.509 CERT payload)", method);
		return -1;
	}
	EVP_PKEY *pub = X509_get0_pubkey(leaf);
	const char *kind = ike_cert_key_kind(pub);
	if (!kind) {
		snprintf(why, why_len, "its certificate key is neither RSA nor EC");
		return -1;
	}
	bool rsa = strcmp(kind, "RSA") == 0;
	if (rsa ? !p->remote_rsa : !p->remote_ecdsa) {
		snprintf(why, why_len, "profile %s has no authentication remote %s", p->name,
			 rsa ? "rsa-sig" : "ecdsa-sig");
		return -1;
	}
	/* chain: the other CERT payloads are intermediates */
	STACK_OF(X509) *untrusted = sk_X509_new_null();
	bool first = true;
	for (unsigned i = 0; untrusted && i < m->ncert; i++) {
		if (m->cert[i].encoding != IKEV2_CERT_X509_SIG)
			continue;
		if (first) {
			first = false;
			continue;
		}
		X509 *x = cert_at(&m->cert[i]);
		if (x && !sk_X509_push(untrusted, x))
			X509_free(x);
	}
	STACK_OF(X509) *cas = ike_cert_profile_cas(p);
	int rc = ike_cert_check_chain(leaf, untrusted, cas, 0, why, why_len);
	sk_X509_pop_free(cas, X509_free);
	sk_X509_pop_free(untrusted, X509_free);
	if (rc != 0)
		return -1;
	if (!ike_cert_id_matches(id, leaf)) {
		snprintf(why, why_len, "its identity is not in its certificate");
		return -1;
	}
	struct ikev2_auth_octets o = { .msg = s->init_req, .msg_len = s->init_req_len, .nonce = s->nr,
				       .nonce_len = s->nr_len, .id = m->idi.body.p, .id_len = m->idi.body.len,
				       .prf = s->suite.prf, .sk_p = s->keys.sk_pi, .sk_p_len = s->keys.p_len };
	uint16_t hash = 0;
	if (ikev2_auth_verify(&o, method, m->auth.data.p, m->auth.data.len, pub, &hash) != 0) {
		snprintf(why, why_len, "%s signature (AUTH method %u) does not verify with its certificate", kind,
			 method);
		return -1;
	}
	/* RFC 7427: only the hashes we announced (SHA2-256/384/512) */
	if (method == 14 && hash == IKEV2_HASH_SHA1) {
		snprintf(why, why_len, "signature uses SHA-1, which we did not offer");
		return -1;
	}
	snprintf(s->auth_verify, sizeof s->auth_verify, "%s", kind);
	return 0;
}

/* ---------- our AUTH ---------- */

static bool tp_asked_for(const struct ike_sa *s, const char *tp)
{
	uint8_t hashes[20 * 8];
	size_t len = 0;
	STACK_OF(X509) *cas = pki_tp_ca_certs(tp);
	ike_cert_req_add(cas, hashes, sizeof hashes, &len);
	sk_X509_pop_free(cas, X509_free);
	for (size_t o = 0; o < len; o += 20)
		for (unsigned i = 0; i < s->n_peer_certreq; i++)
			if (memcmp(hashes + o, s->peer_certreq[i], 20) == 0)
				return true;
	return false;
}

int ike_cert_signer_load(const struct ike_sa *s, const struct ike_conf_profile *p, struct ike_cert_signer *sg,
			 char *why, size_t why_len)
{
	memset(sg, 0, sizeof *sg);
	if (p->n_sign == 0) {
		snprintf(why, why_len, "profile %s has no pki trustpoint to sign with", p->name);
		return -1;
	}
	/* honour the peer's CERTREQ: a trustpoint whose CA it trusts */
	int pick = 0;
	for (int i = 0; i < p->n_sign && s->n_peer_certreq; i++)
		if (tp_asked_for(s, p->trustpoint_signs[i])) {
			pick = i;
			break;
		}
	snprintf(sg->tp, sizeof sg->tp, "%s", p->trustpoint_signs[pick]);
	char label[256];
	pki_tp_key_label(sg->tp, label, sizeof label);
	sg->key = pki_key_get(label);
	sg->cert = pki_cert_get(sg->tp, "identity");
	if (!sg->key || !sg->cert) {
		snprintf(why, why_len, "trustpoint %s has no %s", sg->tp, sg->key ? "certificate" : "key pair");
		goto fail;
	}
	if (X509_check_private_key(sg->cert, sg->key) != 1) {
		snprintf(why, why_len, "trustpoint %s: the certificate is not for key %s", sg->tp, label);
		goto fail;
	}
	const char *kind = ike_cert_key_kind(sg->key);
	const char *want = p->auth_local == AUTH_RSA ? "RSA" : "ECDSA";
	if (!kind || strcmp(kind, want) != 0) {
		snprintf(why, why_len, "trustpoint %s holds a %s key, authentication local is %s", sg->tp,
			 kind ? kind : "unusable", p->auth_local == AUTH_RSA ? "rsa-sig" : "ecdsa-sig");
		goto fail;
	}
	/* send the CAs between us and the root (not self-signed roots) */
	sg->chain = pki_tp_ca_certs(sg->tp);
	for (int i = sg->chain ? sk_X509_num(sg->chain) - 1 : -1; i >= 0; i--) {
		X509 *x = sk_X509_value(sg->chain, i);
		if (X509_check_issued(x, x) == X509_V_OK) {
			sk_X509_delete(sg->chain, i);
			X509_free(x);
		}
	}
	return 0;
fail:
	ike_cert_signer_free(sg);
	return -1;
}

void ike_cert_signer_free(struct ike_cert_signer *sg)
{
	EVP_PKEY_free(sg->key);
	X509_free(sg->cert);
	sk_X509_pop_free(sg->chain, X509_free);
	memset(sg, 0, sizeof *sg);
}

static int write_cert(struct ikev2_writer *w, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);
	if (n <= 0)
		return -1;
	ikev2_w_cert(w, IKEV2_CERT_X509_SIG, der, (size_t)n);
	OPENSSL_free(der);
	return 0;
}

int ike_auth_cert_sign(struct ike_sa *s, const struct ike_cert_signer *sg, const uint8_t *idbody,
		       size_t idbody_len, struct ikev2_writer *w)
{
	uint8_t method;
	uint16_t hash = 0;
	/* RFC 7427 when the peer can take it, with the hash it prefers least to break */
	if (s->peer_hashes & (1u << IKEV2_HASH_SHA2_256 | 1u << IKEV2_HASH_SHA2_384 | 1u << IKEV2_HASH_SHA2_512)) {
		method = 14;
		hash = s->peer_hashes & (1u << IKEV2_HASH_SHA2_256)   ? IKEV2_HASH_SHA2_256
		       : s->peer_hashes & (1u << IKEV2_HASH_SHA2_384) ? IKEV2_HASH_SHA2_384
								      : IKEV2_HASH_SHA2_512;
	} else if (EVP_PKEY_is_a(sg->key, "RSA")) {
		method = 1;
		hash = IKEV2_HASH_SHA1;
	} else {
		method = ikev2_auth_ecdsa_method(sg->key);
		if (!method)
			return -1;
	}
	size_t cap = ikev2_auth_sign_max(sg->key), len = 0;
	uint8_t *auth = cap ? malloc(cap) : NULL;
	struct ikev2_auth_octets o = { .msg = s->init_resp, .msg_len = s->init_resp_len, .nonce = s->ni,
				       .nonce_len = s->ni_len, .id = idbody, .id_len = idbody_len,
				       .prf = s->suite.prf, .sk_p = s->keys.sk_pr, .sk_p_len = s->keys.p_len };
	if (!auth || ikev2_auth_sign(&o, method, hash, 0, sg->key, auth, cap, &len) != 0) {
		free(auth);
		return -1;
	}
	int rc = write_cert(w, sg->cert);
	for (int i = 0; rc == 0 && sg->chain && i < sk_X509_num(sg->chain); i++)
		rc = write_cert(w, sk_X509_value(sg->chain, i));
	if (rc == 0)
		ikev2_w_auth(w, method, auth, len);
	free(auth);
	if (rc == 0)
		snprintf(s->auth_sign, sizeof s->auth_sign, "%s", ike_cert_key_kind(sg->key));
	return rc;
}
