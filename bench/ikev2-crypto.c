/*
 * ikev2/crypto micro-benchmark: CPU time per DH operation, per signature,
 * per SK message, and for all the crypto a responder does in one
 * IKE_SA_INIT + IKE_AUTH (PSK) handshake.  Not built by `make`:
 *
 *   make build/libflexd.a
 *   cc -O2 -std=gnu11 -I. -Ibuild -D_GNU_SOURCE bench/ikev2-crypto.c build/libflexd.a \
 *      -lsqlite3 -lreadline -lcrypto -lpthread -o build/bench-ikev2-crypto
 *   build/bench-ikev2-crypto [seconds-per-item, default 0.5]
 *
 * (or, without the rest of the library:
 *   cc -O2 -std=gnu11 -I. bench/ikev2-crypto.c ikev2/crypto_*.c -lcrypto -lpthread -o ...)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "ikev2/crypto.h"

static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double budget = 0.5;

#define BENCH(label, body)                                                              \
	do {                                                                            \
		long n_ = 0;                                                            \
		double t0_ = cpu_now(), t_;                                             \
		do {                                                                    \
			for (int k_ = 0; k_ < 8; k_++, n_++) {                          \
				body;                                                   \
			}                                                               \
			t_ = cpu_now() - t0_;                                           \
		} while (t_ < budget);                                                  \
		printf("%-58s %9.1f us  (%ld runs)\n", label, t_ / n_ * 1e6, n_);       \
	} while (0)

static void die(const char *what)
{
	fprintf(stderr, "bench: %s failed\n", what);
	exit(1);
}

static void bench_dh(uint16_t group, const char *name)
{
	struct ikev2_dh *peer = ikev2_dh_new(group);
	if (!peer)
		die("dh_new");
	size_t pl = ikev2_dh_pub_len(group), sl;
	uint8_t pub[IKEV2_MAX_DH_PUB], sec[IKEV2_MAX_DH_SECRET];
	ikev2_dh_public(peer, pub, pl);
	char label[80];
	snprintf(label, sizeof(label), "DH %-10s key pair + shared secret", name);
	BENCH(label, {
		struct ikev2_dh *d = ikev2_dh_new(group);
		if (!d || ikev2_dh_derive(d, pub, pl, sec, sizeof(sec), &sl))
			die("dh");
		ikev2_dh_free(d);
	});
	ikev2_dh_free(peer);
}

/* Everything the responder computes for one PSK handshake. */
struct hs {
	struct ikev2_suite s;
	uint8_t kei[IKEV2_MAX_DH_PUB];
	size_t kei_len;
	uint8_t init_req[300], init_resp[300], ni[32], auth_req_inner[260], auth_resp_inner[220];
	uint8_t auth_req[28 + 4 + 16 + 272 + 32], resp[28 + 4 + 16 + 240 + 32];
	size_t auth_req_body;
	uint8_t idi[24], idr[24];
};

static void responder_handshake(struct hs *h)
{
	uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, spi_r[8], nr[32], natd[20], ip[4] = { 10 };
	uint8_t ker[IKEV2_MAX_DH_PUB], gir[IKEV2_MAX_DH_SECRET], plain[300], auth[64];
	size_t gir_len, inner, auth_len;
	/* IKE_SA_INIT */
	if (ikev2_random(spi_r, 8) || ikev2_random(nr, 32))
		die("random");
	for (int i = 0; i < 4; i++)  /* check 2 NAT-D, send 2 */
		ikev2_natd_hash(spi_i, spi_r, ip, 4, 500, natd);
	struct ikev2_dh *dh = ikev2_dh_new(h->s.dh);
	if (!dh || ikev2_dh_public(dh, ker, ikev2_dh_pub_len(h->s.dh)))
		die("dh_new");
	if (ikev2_dh_derive(dh, h->kei, h->kei_len, gir, sizeof(gir), &gir_len))
		die("derive");
	ikev2_dh_free(dh);
	struct ikev2_ike_keys k;
	if (ikev2_ike_keys_initial(&k, &h->s, gir, gir_len, h->ni, 32, nr, 32, spi_i, spi_r))
		die("keys");
	ikev2_wipe(gir, gir_len);
	struct ikev2_sk_dir *out, *in;
	if (ikev2_sk_pair(&k, false, &out, &in))
		die("sk_pair");
	/* IKE_AUTH request: the initiator's message, sealed with SK_ei (cost
	 * not counted would be unfair: we only decrypt it) */
	ikev2_sk_decrypt(in, h->auth_req, 32, h->auth_req + 32, h->auth_req_body, plain,
			 sizeof(plain), &inner);  /* fails: keys differ per run; same cost */
	struct ikev2_auth_octets o = { h->init_req, sizeof(h->init_req), nr, 32, h->idi,
				       sizeof(h->idi), h->s.prf, k.sk_pi, k.p_len };
	ikev2_auth_psk_verify(&o, "cisco123", 8, auth, 32);
	o = (struct ikev2_auth_octets){ h->init_resp, sizeof(h->init_resp), h->ni, 32, h->idr,
					sizeof(h->idr), h->s.prf, k.sk_pr, k.p_len };
	if (ikev2_auth_psk(&o, "cisco123", 8, auth, &auth_len))
		die("auth");
	struct ikev2_child_keys ck;
	if (ikev2_child_keys_derive(&ck, h->s.prf, k.sk_d, k.d_len, IKEV2_ENCR_AES_CBC, 256,
				    IKEV2_INTEG_HMAC_SHA2_256_128, NULL, 0, h->ni, 32, nr, 32))
		die("child");
	size_t bl = ikev2_sk_body_len(out, sizeof(h->auth_resp_inner));
	if (32 + bl > sizeof(h->resp) ||
	    ikev2_sk_encrypt(out, h->resp, 32, h->auth_resp_inner, sizeof(h->auth_resp_inner),
			     h->resp + 32, bl))
		die("encrypt");
	ikev2_child_keys_wipe(&ck);
	ikev2_sk_free(out);
	ikev2_sk_free(in);
	ikev2_ike_keys_wipe(&k);
}

static void bench_handshake(const char *label, struct ikev2_suite s)
{
	struct hs *h = calloc(1, sizeof(*h));
	h->s = s;
	struct ikev2_dh *init = ikev2_dh_new(s.dh);
	if (!init)
		die("dh_new");
	h->kei_len = ikev2_dh_pub_len(s.dh);
	ikev2_dh_public(init, h->kei, h->kei_len);
	ikev2_dh_free(init);
	ikev2_random(h->ni, 32);
	ikev2_random(h->init_req, sizeof(h->init_req));
	ikev2_random(h->init_resp, sizeof(h->init_resp));
	memcpy(h->idi, "\x02\0\0\0client.example.com", 22);
	memcpy(h->idr, "\x02\0\0\0hub.example.com", 19);
	/* a request body of the right size for the suite */
	uint8_t key[64] = { 0 };
	struct ikev2_sk_dir *tmp = ikev2_sk_new(s.encr, s.encr_keylen, s.integ, key,
						ikev2_encr_keymat_len(s.encr, s.encr_keylen), key,
						ikev2_integ_key_len(s.integ), true);
	h->auth_req_body = ikev2_sk_body_len(tmp, sizeof(h->auth_req_inner));
	ikev2_sk_encrypt(tmp, h->auth_req, 32, h->auth_req_inner, sizeof(h->auth_req_inner),
			 h->auth_req + 32, h->auth_req_body);
	ikev2_sk_free(tmp);
	BENCH(label, responder_handshake(h));
	free(h);
}

static void bench_sig(const char *label, EVP_PKEY *key, uint8_t method, uint16_t hash)
{
	uint8_t msg[300], nonce[32], id[24] = { 2 }, skp[32], sig[600];
	size_t len;
	ikev2_random(msg, sizeof(msg));
	ikev2_random(nonce, sizeof(nonce));
	ikev2_random(skp, sizeof(skp));
	struct ikev2_auth_octets o = { msg, sizeof(msg), nonce, 32, id, sizeof(id),
				       IKEV2_PRF_HMAC_SHA2_256, skp, 32 };
	char l[100];
	snprintf(l, sizeof(l), "%s sign", label);
	BENCH(l, if (ikev2_auth_sign(&o, method, hash, 0, key, sig, sizeof(sig), &len)) die("sign"));
	snprintf(l, sizeof(l), "%s verify", label);
	BENCH(l, if (ikev2_auth_verify(&o, method, sig, len, key, NULL)) die("verify"));
}

static void bench_sk(const char *label, uint16_t encr, uint16_t bits, uint16_t integ, size_t n)
{
	uint8_t ek[36], ak[64], msg[32 + 16 + 1600 + 32], inner[1500], plain[1600];
	size_t got;
	ikev2_random(ek, sizeof(ek));
	ikev2_random(ak, sizeof(ak));
	ikev2_random(inner, sizeof(inner));
	size_t el = ikev2_encr_keymat_len(encr, bits), al = ikev2_integ_key_len(integ);
	struct ikev2_sk_dir *e = ikev2_sk_new(encr, bits, integ, ek, el, al ? ak : NULL, al, true);
	struct ikev2_sk_dir *d = ikev2_sk_new(encr, bits, integ, ek, el, al ? ak : NULL, al, false);
	if (!e || !d)
		die("sk_new");
	size_t bl = ikev2_sk_body_len(e, n);
	char l[100];
	snprintf(l, sizeof(l), "SK %s, %zu octets: encrypt + decrypt", label, n);
	BENCH(l, {
		if (ikev2_sk_encrypt(e, msg, 32, inner, n, msg + 32, bl) ||
		    ikev2_sk_decrypt(d, msg, 32, msg + 32, bl, plain, sizeof(plain), &got))
			die("sk");
	});
	ikev2_sk_free(e);
	ikev2_sk_free(d);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		budget = atof(argv[1]);
	printf("ikev2/crypto, %s, CPU time per operation (one thread)\n",
	       OpenSSL_version(OPENSSL_VERSION));
	bench_dh(IKEV2_DH_ECP256, "ECP256");
	bench_dh(IKEV2_DH_CURVE25519, "Curve25519");
	bench_dh(IKEV2_DH_ECP384, "ECP384");
	bench_dh(IKEV2_DH_ECP521, "ECP521");
	bench_dh(IKEV2_DH_MODP2048, "MODP2048");
	bench_dh(IKEV2_DH_MODP3072, "MODP3072");
	bench_handshake("PSK handshake, responder: ECP256 aes-cbc-256/sha256",
			(struct ikev2_suite){ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128,
					      IKEV2_PRF_HMAC_SHA2_256, IKEV2_DH_ECP256 });
	bench_handshake("PSK handshake, responder: X25519 aes-gcm-256/prf-sha256",
			(struct ikev2_suite){ IKEV2_ENCR_AES_GCM_16, 256, 0, IKEV2_PRF_HMAC_SHA2_256,
					      IKEV2_DH_CURVE25519 });
	bench_handshake("PSK handshake, responder: MODP2048 aes-cbc-128/sha1",
			(struct ikev2_suite){ IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96,
					      IKEV2_PRF_HMAC_SHA1, IKEV2_DH_MODP2048 });
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!rsa || !ec)
		die("keygen");
	bench_sig("AUTH RSA-2048 sha256 (method 14)", rsa, 14, IKEV2_HASH_SHA2_256);
	bench_sig("AUTH ECDSA P-256 (method 9)", ec, 9, 0);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
	bench_sk("aes-cbc-256/sha256", IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128, 300);
	bench_sk("aes-gcm-256", IKEV2_ENCR_AES_GCM_16, 256, 0, 300);
	bench_sk("chacha20-poly1305", IKEV2_ENCR_CHACHA20_POLY1305, 0, 0, 300);
	{
		uint8_t k[32] = { 1 }, out[64];
		struct ikev2_iov v = { "0123456789abcdef0123456789abcdef", 32 };
		BENCH("prf HMAC-SHA2-256 (32 octets)",
		      ikev2_prfv(IKEV2_PRF_HMAC_SHA2_256, k, 32, &v, 1, out));
	}
	return 0;
}
