/* Certificate pieces of IKE_AUTH (ikev2/ike_auth_cert.c, ike_certmap.c,
 * ike_conf.c profile selection): certificate-map rules and maps, identity
 * against certificate, CERTREQ key hashes, chain checks.  Certificates are
 * made here with OpenSSL: a root CA, a subordinate CA, leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "ikev2/ike_auth_cert.h"
#include "ikev2/ike_conf.h"
#include "ikev2/ike_sa.h"
#include "ikev2/msg.h"
#include "pki/pki_int.h"
#include "running-config/store.h"

static EVP_PKEY *ca_key, *sub_key, *leaf_key, *rogue_key;
static X509 *ca, *sub, *leaf, *subleaf, *rogue_ca, *rogue_leaf, *kenc_leaf;

static X509_NAME *name_of(const char *cn)
{
	X509_NAME *n = X509_NAME_new();
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"US", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)"flexd test", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "OU", MBSTRING_ASC, (const unsigned char *)"VPN", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	return n;
}

static void add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX c;
	X509V3_set_ctx_nodb(&c);
	X509V3_set_ctx(&c, issuer, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &c, nid, value);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key signed by (issuer, ikey); issuer NULL: self-signed. */
static X509 *make_cert(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *ikey, long serial, bool is_ca,
		       const char *san, const char *ku)
{
	X509 *x = X509_new();
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400L * 365);
	X509_NAME *n = name_of(cn);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	X509_NAME_free(n);
	X509_set_pubkey(x, key);
	add_ext(x, issuer ? issuer : x, NID_basic_constraints, is_ca ? "critical,CA:TRUE" : "CA:FALSE");
	add_ext(x, issuer ? issuer : x, NID_key_usage, ku ? ku : is_ca ? "critical,keyCertSign,cRLSign"
								   : "critical,digitalSignature");
	if (san)
		add_ext(x, issuer ? issuer : x, NID_subject_alt_name, san);
	assert_true(X509_sign(x, ikey, EVP_sha256()) > 0);
	return x;
}

static EVP_PKEY *ec_key(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	assert_non_null(k);
	return k;
}

static int setup(void **st)
{
	(void)st;
	ca_key = ec_key(), sub_key = ec_key(), leaf_key = ec_key(), rogue_key = ec_key();
	ca = make_cert(ca_key, "Test Root CA", NULL, ca_key, 1, true, NULL, NULL);
	sub = make_cert(sub_key, "Test Sub CA", ca, ca_key, 2, true, NULL, NULL);
	leaf = make_cert(leaf_key, "cl1.lab.example", ca, ca_key, 0x1a2b, false,
			 "DNS:cl1.lab.example,email:cl1@lab.example,IP:192.0.2.2", NULL);
	subleaf = make_cert(leaf_key, "cl2.lab.example", sub, sub_key, 3, false, "DNS:cl2.lab.example", NULL);
	/* same name as the real root, other key */
	rogue_ca = make_cert(rogue_key, "Test Root CA", NULL, rogue_key, 1, true, NULL, NULL);
	rogue_leaf = make_cert(leaf_key, "cl3.lab.example", rogue_ca, rogue_key, 4, false, "DNS:cl3.lab.example",
			       NULL);
	kenc_leaf = make_cert(leaf_key, "cl4.lab.example", ca, ca_key, 5, false, "DNS:cl4.lab.example",
			      "critical,keyEncipherment");
	return store_open(":memory:") == 0 ? 0 : -1;
}

static int teardown(void **st)
{
	(void)st;
	X509 *xs[] = { ca, sub, leaf, subleaf, rogue_ca, rogue_leaf, kenc_leaf };
	for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
		X509_free(xs[i]);
	EVP_PKEY_free(ca_key), EVP_PKEY_free(sub_key), EVP_PKEY_free(leaf_key), EVP_PKEY_free(rogue_key);
	store_close();
	return 0;
}

/* ---------- certificate map rules ---------- */

static void test_map_subject(void **st)
{
	(void)st;
	/* the subject as IOS prints it: cn=cl1.lab.example,ou=VPN,o=flexd test,c=US */
	assert_true(ike_certmap_rule("subject-name", "eq", "cn=cl1.lab.example,ou=VPN,o=flexd test,c=US", leaf));
	assert_true(ike_certmap_rule("subject-name", "eq", "CN = cl1.lab.example, OU = vpn, O = flexd test, C = us",
				     leaf));
	assert_false(ike_certmap_rule("subject-name", "eq", "cn=cl1.lab.example", leaf));
	assert_true(ike_certmap_rule("subject-name", "co", "ou = vpn", leaf));
	assert_true(ike_certmap_rule("subject-name", "co", "cn=cl1", leaf));
	assert_false(ike_certmap_rule("subject-name", "co", "ou = engineering", leaf));
	assert_true(ike_certmap_rule("subject-name", "nc", "ou = engineering", leaf));
	assert_false(ike_certmap_rule("subject-name", "nc", "ou=vpn", leaf));
	assert_true(ike_certmap_rule("subject-name", "ne", "cn=other", leaf));
	assert_false(ike_certmap_rule("subject-name", "ne", "cn=cl1.lab.example,ou=VPN,o=flexd test,c=US", leaf));
	/* a space inside a value is kept */
	assert_false(ike_certmap_rule("subject-name", "co", "flexdtest", leaf));
	assert_true(ike_certmap_rule("subject-name", "co", "o=flexd test", leaf));
	assert_true(ike_certmap_rule("name", "co", "cn=cl1.lab.example", leaf));
}

static void test_map_issuer_alt_serial(void **st)
{
	(void)st;
	assert_true(ike_certmap_rule("issuer-name", "co", "cn = test root ca", leaf));
	assert_false(ike_certmap_rule("issuer-name", "co", "cn = test sub ca", leaf));
	assert_true(ike_certmap_rule("issuer-name", "co", "cn = test sub ca", subleaf));
	assert_true(ike_certmap_rule("alt-subject-name", "eq", "cl1.lab.example", leaf));
	assert_true(ike_certmap_rule("alt-subject-name", "eq", "192.0.2.2", leaf));
	assert_true(ike_certmap_rule("alt-subject-name", "co", "@lab.example", leaf));
	assert_false(ike_certmap_rule("alt-subject-name", "eq", "cl2.lab.example", leaf));
	assert_true(ike_certmap_rule("alt-subject-name", "ne", "cl2.lab.example", leaf));
	assert_false(ike_certmap_rule("alt-subject-name", "nc", "lab.example", leaf));
	assert_true(ike_certmap_rule("serial-number", "eq", "1A2B", leaf));
	assert_true(ike_certmap_rule("serial-number", "eq", "001a2b", leaf));
	assert_false(ike_certmap_rule("serial-number", "eq", "1A2C", leaf));
	/* not supported: never matches */
	assert_false(ike_certmap_rule("expires-on", "lt", "01 01 2030", leaf));
	assert_false(ike_certmap_rule("subject-name", "lt", "x", leaf));
	assert_false(ike_certmap_rule(NULL, "eq", "x", leaf));
	assert_false(ike_certmap_rule("subject-name", "eq", "x", NULL));
}

static void test_map_sequences(void **st)
{
	(void)st;
	/* seq 10: cl1 AND issuer root; seq 20: sub CA issued */
	assert_int_equal(db_exec("INSERT INTO pki_cert_map(name, seq) VALUES ('M', 10), ('M', 20), ('EMPTY', 1)", ""), 0);
	assert_int_equal(db_exec("INSERT INTO pki_cert_map_rule(map, map_seq, seq, field, op, value) VALUES"
				 " ('M', 10, 1, 'subject-name', 'co', 'cn = cl1'),"
				 " ('M', 10, 2, 'issuer-name', 'co', 'root'),"
				 " ('M', 20, 1, 'issuer-name', 'co', 'cn=test sub ca')", ""), 0);
	assert_true(ike_certmap_match("M", leaf));       /* seq 10, both rules */
	assert_true(ike_certmap_match("M", subleaf));    /* seq 20 */
	assert_false(ike_certmap_match("M", rogue_leaf)); /* cl3: seq 10 fails on the subject */
	assert_true(ike_certmap_match("EMPTY", rogue_leaf));
	assert_false(ike_certmap_match("NOPE", leaf));

	/* profile selection: identity OR certificate; match address local restricts */
	assert_int_equal(db_exec("INSERT INTO ikev2_profile(name, seq) VALUES ('P1', 1), ('P2', 2)", ""), 0);
	assert_int_equal(db_exec("INSERT INTO ikev2_profile_match_id(profile, seq, kind, value) VALUES"
				 " ('P1', 1, 'fqdn', 'other.lab.example')", ""), 0);
	assert_int_equal(db_exec("INSERT INTO ikev2_profile_match_cert(profile, seq, map) VALUES ('P2', 1, 'M')", ""), 0);
	struct ike_conf_id id = { .type = ID_FQDN, .len = 15 };
	memcpy(id.data, "cl1.lab.example", 15);
	char prof[64] = "";
	assert_true(ike_conf_profile_match(&id, NULL, leaf, prof, sizeof prof));
	assert_string_equal(prof, "P2");
	assert_false(ike_conf_profile_match(&id, NULL, rogue_leaf, prof, sizeof prof));
	assert_false(ike_conf_profile_for(&id, NULL, prof, sizeof prof)); /* no certificate */
	id.len = 17;
	memcpy(id.data, "other.lab.example", 17);
	assert_true(ike_conf_profile_match(&id, NULL, leaf, prof, sizeof prof));
	assert_string_equal(prof, "P1");
	assert_int_equal(db_exec("INSERT INTO ikev2_profile_match_local(profile, seq, kind, value) VALUES"
				 " ('P2', 1, 'address', '192.0.2.1')", ""), 0);
	struct sockaddr_storage local = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&local;
	sin->sin_family = AF_INET;
	inet_pton(AF_INET, "192.0.2.9", &sin->sin_addr);
	id.len = 15;
	memcpy(id.data, "cl1.lab.example", 15);
	assert_false(ike_conf_profile_match(&id, &local, leaf, prof, sizeof prof));
	inet_pton(AF_INET, "192.0.2.1", &sin->sin_addr);
	assert_true(ike_conf_profile_match(&id, &local, leaf, prof, sizeof prof));
	assert_string_equal(prof, "P2");
}

/* ---------- identity against certificate ---------- */

static void set_id(struct ike_conf_id *id, int type, const void *data, size_t len)
{
	memset(id, 0, sizeof *id);
	id->type = type;
	id->len = len;
	memcpy(id->data, data, len);
}

static void test_id_matches(void **st)
{
	(void)st;
	struct ike_conf_id id;
	/* DN: the subject's DER */
	unsigned char *der = NULL;
	int n = i2d_X509_NAME(X509_get_subject_name(leaf), &der);
	set_id(&id, ID_DER_ASN1_DN, der, (size_t)n);
	assert_true(ike_cert_id_matches(&id, leaf));
	assert_false(ike_cert_id_matches(&id, subleaf));
	char s[256];
	assert_string_equal(ike_conf_id_str(&id, s, sizeof s), "cn=cl1.lab.example,ou=VPN,o=flexd test,c=US");
	id.data[id.len++] = 0; /* trailing garbage: not a DN */
	assert_false(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_DER_ASN1_DN, der, (size_t)n - 3); /* truncated */
	assert_false(ike_cert_id_matches(&id, leaf));
	OPENSSL_free(der);

	set_id(&id, ID_FQDN, "cl1.lab.example", 15);
	assert_true(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_FQDN, "CL1.LAB.EXAMPLE", 15);
	assert_true(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_FQDN, "cl2.lab.example", 15);
	assert_false(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_FQDN, "cl1.lab.example\0x", 17); /* embedded NUL */
	assert_false(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_RFC822_ADDR, "cl1@lab.example", 15);
	assert_true(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_RFC822_ADDR, "cl2@lab.example", 15);
	assert_false(ike_cert_id_matches(&id, leaf));
	uint8_t ip[4] = { 192, 0, 2, 2 }, ip2[4] = { 192, 0, 2, 3 };
	set_id(&id, ID_IPV4_ADDR, ip, 4);
	assert_true(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_IPV4_ADDR, ip2, 4);
	assert_false(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_IPV4_ADDR, ip, 3); /* bad length */
	assert_false(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_KEY_ID, "cl1.lab.example", 15);
	assert_false(ike_cert_id_matches(&id, leaf));
	set_id(&id, ID_FQDN, "", 0);
	assert_false(ike_cert_id_matches(&id, leaf));
}

/* ---------- CERTREQ ---------- */

static void test_certreq_hash(void **st)
{
	(void)st;
	/* SHA-1 over the SubjectPublicKeyInfo DER, computed independently */
	unsigned char *spki = NULL;
	int n = i2d_PUBKEY(ca_key, &spki);
	uint8_t want[20], got[20];
	assert_true(n > 0);
	assert_int_equal(EVP_Digest(spki, (size_t)n, want, NULL, EVP_sha1(), NULL), 1);
	OPENSSL_free(spki);
	assert_int_equal(ike_cert_key_hash(ca, got), 0);
	assert_memory_equal(got, want, 20);
	assert_int_equal(ike_cert_key_hash(NULL, got), -1);

	/* duplicates skipped, capacity respected */
	STACK_OF(X509) *cas = sk_X509_new_null();
	sk_X509_push(cas, ca);
	sk_X509_push(cas, sub);
	sk_X509_push(cas, ca);
	uint8_t out[60];
	size_t len = 0;
	assert_int_equal(ike_cert_req_add(cas, out, sizeof out, &len), 2);
	assert_int_equal(len, 40);
	assert_memory_equal(out, want, 20);
	assert_int_equal(ike_cert_req_add(cas, out, sizeof out, &len), 0);
	assert_int_equal(len, 40);
	len = 0;
	assert_int_equal(ike_cert_req_add(cas, out, 30, &len), 1);
	assert_int_equal(len, 20);
	sk_X509_free(cas);

	/* ours: the CAs of the verify trustpoints of profiles taking signatures */
	assert_int_equal(ike_cert_req_ours(out, sizeof out), 0);
	assert_int_equal(pki_cert_insert("TP", "ca", ca), 0);
	assert_int_equal(pki_cert_insert("SIGNONLY", "ca", sub), 0);
	assert_int_equal(db_exec("INSERT INTO ikev2_profile(name, seq) VALUES ('C1', 10)", ""), 0);
	assert_int_equal(db_exec("INSERT INTO ikev2_profile_trustpoint(profile, seq, trustpoint, usage) VALUES"
				 " ('C1', 1, 'TP', NULL), ('C1', 2, 'SIGNONLY', 'sign')", ""), 0);
	assert_int_equal(ike_cert_req_ours(out, sizeof out), 0); /* no authentication remote rsa-sig yet */
	assert_int_equal(db_exec("INSERT INTO ikev2_profile_auth_remote(profile, method) VALUES ('C1', 'rsa-sig')", ""),
			 0);
	assert_int_equal(ike_cert_req_ours(out, sizeof out), 20);
	assert_memory_equal(out, want, 20);
}

/* ---------- chain ---------- */

static STACK_OF(X509) *stack_of(X509 *a, X509 *b)
{
	STACK_OF(X509) *s = sk_X509_new_null();
	if (a)
		sk_X509_push(s, a);
	if (b)
		sk_X509_push(s, b);
	return s;
}

static void test_chain(void **st)
{
	(void)st;
	char why[256];
	STACK_OF(X509) *root = stack_of(ca, NULL), *subs = stack_of(sub, NULL), *none = stack_of(NULL, NULL);
	assert_int_equal(ike_cert_check_chain(leaf, NULL, root, 0, why, sizeof why), 0);
	/* an intermediate from the peer */
	assert_int_equal(ike_cert_check_chain(subleaf, subs, root, 0, why, sizeof why), 0);
	assert_int_equal(ike_cert_check_chain(subleaf, NULL, root, 0, why, sizeof why), -1);
	assert_non_null(strstr(why, "not trusted"));
	/* a subordinate CA as the trustpoint's CA: anchor */
	assert_int_equal(ike_cert_check_chain(subleaf, NULL, subs, 0, why, sizeof why), 0);
	assert_int_equal(ike_cert_check_chain(leaf, NULL, subs, 0, why, sizeof why), -1);
	/* same CA name, other key */
	assert_int_equal(ike_cert_check_chain(rogue_leaf, NULL, root, 0, why, sizeof why), -1);
	assert_non_null(strstr(why, "certificate not trusted"));
	/* expired (two years from now), not yet valid */
	assert_int_equal(ike_cert_check_chain(leaf, NULL, root, time(NULL) + 2 * 365 * 86400L, why, sizeof why), -1);
	assert_non_null(strstr(why, "expired"));
	assert_int_equal(ike_cert_check_chain(leaf, NULL, root, time(NULL) - 86400, why, sizeof why), -1);
	/* key usage without digitalSignature */
	assert_int_equal(ike_cert_check_chain(kenc_leaf, NULL, root, 0, why, sizeof why), -1);
	assert_non_null(strstr(why, "key usage"));
	/* nothing to trust */
	assert_int_equal(ike_cert_check_chain(leaf, NULL, none, 0, why, sizeof why), -1);
	assert_int_equal(ike_cert_check_chain(leaf, NULL, NULL, 0, why, sizeof why), -1);
	assert_int_equal(ike_cert_check_chain(NULL, NULL, root, 0, why, sizeof why), -1);
	sk_X509_free(root), sk_X509_free(subs), sk_X509_free(none);
	assert_string_equal(ike_cert_key_kind(leaf_key), "ECDSA");
	assert_null(ike_cert_key_kind(NULL));
}


/* ---------- sign and verify, end to end ---------- */

/* The peer's side of one exchange: what its AUTH covers. */
static uint8_t init_msg[64] = "the IKE_SA_INIT message", nonce[32] = "their nonce", skp[32] = "SK_p of it";

static void peer_sa(struct ike_sa *s)
{
	memset(s, 0, sizeof *s);
	s->suite.prf = 5; /* HMAC-SHA2-256 */
	s->keys.p_len = 32;
	/* as verifier: the peer signed init_req | Nr | prf(SK_pi, IDi) */
	s->init_req = init_msg, s->init_req_len = sizeof init_msg;
	memcpy(s->nr, nonce, 32), s->nr_len = 32;
	memcpy(s->keys.sk_pi, skp, 32);
	/* as signer: init_resp | Ni | prf(SK_pr, IDr) - the same octets */
	s->init_resp = init_msg, s->init_resp_len = sizeof init_msg;
	memcpy(s->ni, nonce, 32), s->ni_len = 32;
	memcpy(s->keys.sk_pr, skp, 32);
}

/* Sign as the signer with key/cert (+chain) into an inner chain, parse it
 * back into m as if received with that IDi. */
static int signed_msg(struct ike_sa *s, EVP_PKEY *key, X509 *cert, X509 *chain, const char *fqdn,
		      uint8_t *buf, size_t cap, struct ikev2_msg *m)
{
	struct ike_cert_signer sg = { .key = key, .cert = cert, .chain = chain ? stack_of(chain, NULL) : NULL };
	uint8_t idbody[64] = { ID_FQDN, 0, 0, 0 };
	size_t idlen = strlen(fqdn);
	memcpy(idbody + 4, fqdn, idlen);
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, buf, cap);
	ikev2_w_id(&w, IKEV2_PL_IDI, ID_FQDN, fqdn, idlen);
	int rc = ike_auth_cert_sign(s, &sg, idbody, idlen + 4, &w);
	sk_X509_free(sg.chain);
	size_t n;
	if (rc != 0 || ikev2_w_finish(&w, &n) != 0)
		return -1;
	memset(m, 0, sizeof *m);
	struct ikev2_perr e = ikev2_msg_parse_inner(m, w.first, buf, n);
	return e.why ? -1 : 0;
}

static void test_sign_verify(void **st)
{
	(void)st;
	assert_int_equal(pki_cert_insert("VTP", "ca", ca), 0);
	struct ike_conf_profile p = { .name = "V", .remote_ecdsa = true, .n_verify = 1 };
	snprintf(p.trustpoint_verify[0], 64, "%s", "VTP");
	struct ike_conf_id id;
	set_id(&id, ID_FQDN, "cl1.lab.example", 15);
	static uint8_t buf[8192];
	struct ikev2_msg *m = calloc(1, sizeof *m);
	struct ike_sa *s = calloc(1, sizeof *s);
	char why[256];
	X509 *peer;

	/* RFC 7427 (the peer offered SHA2-256): method 14, one CERT */
	peer_sa(s);
	s->peer_hashes = 1u << IKEV2_HASH_SHA2_256;
	assert_int_equal(signed_msg(s, leaf_key, leaf, NULL, "cl1.lab.example", buf, sizeof buf, m), 0);
	assert_int_equal(m->auth.method, 14);
	assert_int_equal(m->ncert, 1);
	assert_string_equal(s->auth_sign, "ECDSA");
	peer = ike_cert_peer_leaf(m);
	assert_non_null(peer);
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), 0);
	assert_string_equal(s->auth_verify, "ECDSA");

	/* a bad signature */
	((uint8_t *)m->auth.data.p)[m->auth.data.len - 1] ^= 1;
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), -1);
	assert_non_null(strstr(why, "does not verify"));
	((uint8_t *)m->auth.data.p)[m->auth.data.len - 1] ^= 1;
	/* other octets signed (another exchange) */
	s->nr[0] ^= 1;
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), -1);
	s->nr[0] ^= 1;
	/* its identity elsewhere */
	struct ike_conf_id other;
	set_id(&other, ID_FQDN, "cl9.lab.example", 15);
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &other, peer, why, sizeof why), -1);
	assert_non_null(strstr(why, "identity"));
	/* the profile takes RSA only */
	p.remote_ecdsa = false, p.remote_rsa = true;
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), -1);
	assert_non_null(strstr(why, "authentication remote ecdsa-sig"));
	p.remote_ecdsa = true;
	/* no certificate */
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, NULL, why, sizeof why), -1);
	/* the profile trusts another CA */
	snprintf(p.trustpoint_verify[0], 64, "%s", "NOTP");
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), -1);
	assert_non_null(strstr(why, "no CA certificate"));
	snprintf(p.trustpoint_verify[0], 64, "%s", "VTP");
	X509_free(peer);

	/* classic method 9 when the peer sent no hash algorithms */
	peer_sa(s);
	assert_int_equal(signed_msg(s, leaf_key, leaf, NULL, "cl1.lab.example", buf, sizeof buf, m), 0);
	assert_int_equal(m->auth.method, 9);
	assert_int_equal(m->auth.data.len, 64);
	peer = ike_cert_peer_leaf(m);
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), 0);
	X509_free(peer);

	/* an intermediate CA sent after the end-entity certificate */
	set_id(&id, ID_FQDN, "cl2.lab.example", 15);
	peer_sa(s);
	s->peer_hashes = 1u << IKEV2_HASH_SHA2_512;
	assert_int_equal(signed_msg(s, leaf_key, subleaf, sub, "cl2.lab.example", buf, sizeof buf, m), 0);
	assert_int_equal(m->ncert, 2);
	peer = ike_cert_peer_leaf(m);
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), 0);
	m->ncert = 1; /* without it: no path to the root */
	assert_int_equal(ike_auth_cert_verify(s, m, &p, &id, peer, why, sizeof why), -1);
	assert_non_null(strstr(why, "not trusted"));
	X509_free(peer);

	/* a CERT payload that is not one certificate */
	m->cert[0].data.len -= 1;
	assert_null(ike_cert_peer_leaf(m));
	free(m);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_subject),
		cmocka_unit_test(test_map_issuer_alt_serial),
		cmocka_unit_test(test_map_sequences),
		cmocka_unit_test(test_id_matches),
		cmocka_unit_test(test_certreq_hash),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_sign_verify),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
