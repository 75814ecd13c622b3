/*
 * IKEv2 cryptography (RFC 7296 and friends) over OpenSSL 3 EVP.
 *
 * Pure functions: no I/O, no logging, no global state except algorithm
 * handles fetched once (thread-safe, pthread_once), so every call may run
 * on a crypto worker thread.  An object (struct ikev2_dh, struct
 * ikev2_sk_dir) is used by one thread at a time.  Keys and secrets are
 * wiped when freed; callers wipe their own copies with ikev2_wipe().
 *
 * Return convention: 0 = success, -1 = failure (unsupported algorithm,
 * bad input, verification failure: deliberately one code).
 *
 * A responder's IKE SA, in order:
 *
 *   // IKE_SA_INIT
 *   struct ikev2_dh *dh = ikev2_dh_new(group);          // KEr
 *   ikev2_dh_public(dh, ker, ikev2_dh_pub_len(group));
 *   ikev2_random(nr, 32);
 *   uint8_t gir[IKEV2_MAX_DH_SECRET]; size_t gir_len;
 *   if (ikev2_dh_derive(dh, kei, kei_len, gir, sizeof(gir), &gir_len)) ...INVALID_SYNTAX...
 *   ikev2_dh_free(dh);
 *   struct ikev2_ike_keys k;
 *   ikev2_ike_keys_initial(&k, &suite, gir, gir_len, ni, ni_len, nr, nr_len, spi_i, spi_r);
 *   ikev2_wipe(gir, gir_len);
 *   struct ikev2_sk_dir *out, *in;
 *   ikev2_sk_pair(&k, false, &out, &in);                // we are the responder
 *
 *   // each encrypted request: (m parsed by ikev2_msg_parse)
 *   ikev2_sk_decrypt(in, dgram, m.sk.aad_len, m.sk.body.p, m.sk.body.len,
 *                    plain, sizeof(plain), &inner_len);  // -1: drop silently
 *   // each encrypted response: build the inner chain, then
 *   ikev2_w_sk(&w, first, ikev2_sk_iv_len(out), ikev2_sk_ct_len(out, inner_len),
 *              ikev2_sk_icv_len(out), &slot);
 *   ikev2_w_finish(&w, &len);
 *   ikev2_sk_encrypt(out, buf, slot.aad_len, inner, inner_len, buf + slot.iv_off,
 *                    slot.end - slot.iv_off);
 *
 *   // IKE_AUTH: check the initiator's AUTH, compute ours
 *   struct ikev2_auth_octets o = { .msg = init_req, ..., .nonce = nr, ..., .id = idi_body, ...,
 *                                  .prf = suite.prf, .sk_p = k.sk_pi, .sk_p_len = k.p_len };
 *   ikev2_auth_psk_verify(&o, psk, psk_len, auth, auth_len);  // or ikev2_auth_verify()
 *   o = (struct ikev2_auth_octets){ .msg = init_resp, ..., .nonce = ni, ..., .id = idr_body,
 *                                   ..., .sk_p = k.sk_pr, ... };
 *   ikev2_auth_psk(&o, psk, psk_len, our_auth, &our_auth_len);  // or ikev2_auth_sign()
 *
 *   // Child SA
 *   struct ikev2_child_keys ck;
 *   ikev2_child_keys_derive(&ck, suite.prf, k.sk_d, k.d_len, esp_encr, esp_keylen, esp_integ,
 *                           NULL, 0, ni, ni_len, nr, nr_len);
 *   ...; ikev2_child_keys_wipe(&ck);
 *
 *   ikev2_sk_free(out); ikev2_sk_free(in); ikev2_ike_keys_wipe(&k);
 */
#ifndef FLEXD_IKEV2_CRYPTO_H
#define FLEXD_IKEV2_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/types.h>  /* EVP_PKEY */

/* ---- transform IDs (IANA "IKEv2 Parameters") ---- */

enum ikev2_encr_id {            /* transform type 1 */
	IKEV2_ENCR_3DES = 3,            /* ESP key lengths only */
	IKEV2_ENCR_NULL = 11,           /* ESP key lengths only */
	IKEV2_ENCR_AES_CBC = 12,        /* key length 128/192/256 */
	IKEV2_ENCR_AES_GCM_8 = 18,      /* ESP key lengths only */
	IKEV2_ENCR_AES_GCM_12 = 19,     /* ESP key lengths only */
	IKEV2_ENCR_AES_GCM_16 = 20,     /* key length 128/192/256, RFC 5282 */
	IKEV2_ENCR_NULL_AUTH_AES_GMAC = 21, /* ESP key lengths only */
	IKEV2_ENCR_CHACHA20_POLY1305 = 28,  /* no key length attribute, RFC 7634 */
};

enum ikev2_prf_id {             /* transform type 2 */
	IKEV2_PRF_HMAC_SHA1 = 2,
	IKEV2_PRF_HMAC_SHA2_256 = 5,
	IKEV2_PRF_HMAC_SHA2_384 = 6,
	IKEV2_PRF_HMAC_SHA2_512 = 7,
};

enum ikev2_integ_id {           /* transform type 3 */
	IKEV2_INTEG_NONE = 0,
	IKEV2_INTEG_HMAC_MD5_96 = 1,    /* ESP key lengths only */
	IKEV2_INTEG_HMAC_SHA1_96 = 2,
	IKEV2_INTEG_HMAC_SHA2_256_128 = 12,
	IKEV2_INTEG_HMAC_SHA2_384_192 = 13,
	IKEV2_INTEG_HMAC_SHA2_512_256 = 14,
};

enum ikev2_dh_id {              /* transform type 4 */
	IKEV2_DH_MODP2048 = 14,
	IKEV2_DH_MODP3072 = 15,
	IKEV2_DH_MODP4096 = 16,
	IKEV2_DH_ECP256 = 19,
	IKEV2_DH_ECP384 = 20,
	IKEV2_DH_ECP521 = 21,
	IKEV2_DH_CURVE25519 = 31,
};

/* SIGNATURE_HASH_ALGORITHMS (RFC 7427 §7, RFC 8420) */
enum ikev2_hash_id {
	IKEV2_HASH_SHA1 = 1,
	IKEV2_HASH_SHA2_256 = 2,
	IKEV2_HASH_SHA2_384 = 3,
	IKEV2_HASH_SHA2_512 = 4,
	IKEV2_HASH_IDENTITY = 5,        /* Ed25519 (RFC 8420) */
};

/* Bounds for callers' buffers. */
#define IKEV2_MAX_PRF_LEN     64    /* HMAC-SHA2-512 */
#define IKEV2_MAX_ENCR_KEYMAT 36    /* AES-256 / ChaCha20 key + 4-byte salt */
#define IKEV2_MAX_INTEG_KEY   64
#define IKEV2_MAX_ICV_LEN     32
#define IKEV2_MAX_IV_LEN      16
#define IKEV2_MAX_DH_PUB      512   /* MODP4096 */
#define IKEV2_MAX_DH_SECRET   512
#define IKEV2_NATD_HASH_LEN   20    /* SHA-1 */

/* ---- algorithm facts ---- */

/* PRF output length = its key length (HMAC: the hash size); 0 unsupported. */
size_t ikev2_prf_len(uint16_t prf);
/* ENCR key material in octets: key, plus the 4-byte salt for GCM/GMAC/
 * ChaCha20-Poly1305 (RFC 4106/5282/7634 - the same in IKE and ESP).
 * keylen_bits is the Key Length attribute (0 when absent); 0 = invalid. */
size_t ikev2_encr_keymat_len(uint16_t encr, uint16_t keylen_bits);
bool ikev2_encr_is_aead(uint16_t encr);
/* INTEG key and ICV lengths; 0 for NONE or unknown. */
size_t ikev2_integ_key_len(uint16_t integ);
size_t ikev2_integ_icv_len(uint16_t integ);
/* Whether this engine can protect SK payloads with the combination:
 * AES-CBC with one of the HMACs, or AES-GCM-16 / ChaCha20-Poly1305
 * with INTEG NONE. */
bool ikev2_sk_supported(uint16_t encr, uint16_t keylen_bits, uint16_t integ);
bool ikev2_dh_supported(uint16_t group);
/* KE payload data length (MODP: modulus size; ECP: x|y; 25519: 32); 0 unknown. */
size_t ikev2_dh_pub_len(uint16_t group);
/* g^ir length (MODP: modulus size; ECP: one coordinate; 25519: 32). */
size_t ikev2_dh_secret_len(uint16_t group);

/* The negotiated IKE SA transforms (keylen in bits, 0 when absent). */
struct ikev2_suite {
	uint16_t encr, encr_keylen, integ, prf, dh;
};
/* encr/integ usable for SK and the PRF supported (dh is not checked). */
bool ikev2_suite_ok(const struct ikev2_suite *s);

/* ---- utilities ---- */

/* Cryptographically strong random bytes (SPIs, nonces); -1 if the DRBG fails. */
int ikev2_random(void *buf, size_t len);
/* OPENSSL_cleanse: zero memory the compiler may not optimise away. */
void ikev2_wipe(void *p, size_t len);
/* Constant-time comparison: 0 when equal. */
int ikev2_memeq_ct(const void *a, const void *b, size_t len);

/* A gather list: prf and digest inputs built from pieces without copying. */
struct ikev2_iov {
	const void *p;
	size_t len;
};

/* Digest by SIGNATURE_HASH_ALGORITHMS id (1-4); out holds 20..64 octets.
 * *out_len may be NULL. */
int ikev2_digest(uint16_t hash, const struct ikev2_iov *iov, unsigned n, uint8_t *out,
		 size_t *out_len);
size_t ikev2_digest_len(uint16_t hash);

/* NAT_DETECTION_*_IP data (§2.23): SHA-1(SPIi | SPIr | IP | Port).
 * addr is 4 (IPv4) or 16 (IPv6) octets in network order; port in host
 * order.  In the IKE_SA_INIT request SPIr is eight zero octets. */
int ikev2_natd_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const void *addr,
		    size_t addr_len, uint16_t port, uint8_t out[IKEV2_NATD_HASH_LEN]);

/* ---- Diffie-Hellman (transform type 4) ---- */

struct ikev2_dh;

/* Generate an ephemeral key pair for a group; NULL when unsupported or
 * on failure.  Domain parameters are cached per group. */
struct ikev2_dh *ikev2_dh_new(uint16_t group);
/* Frees and wipes the private key.  NULL is fine. */
void ikev2_dh_free(struct ikev2_dh *dh);
uint16_t ikev2_dh_group(const struct ikev2_dh *dh);
/* Our public value in KE wire format (MODP: big-endian, left-padded to
 * the modulus size; ECP: x | y without the 0x04 prefix, RFC 5903;
 * Curve25519: the 32-octet u-coordinate, RFC 8031).  len must be
 * ikev2_dh_pub_len(group). */
int ikev2_dh_public(const struct ikev2_dh *dh, uint8_t *out, size_t len);
/* Zero-copy view of the same (valid until ikev2_dh_free). */
const uint8_t *ikev2_dh_public_ref(const struct ikev2_dh *dh, size_t *len);
/* g^ir from the peer's KE data.  Validates before computing: exact
 * length; MODP 2 <= y <= p-2; ECP point on the curve; Curve25519 result
 * not all-zero (RFC 8031 §2).  secret gets ikev2_dh_secret_len(group)
 * octets (MODP left-padded with zeros; ECP the x-coordinate only).
 * The caller wipes it.  -1 on any failure (answer INVALID_SYNTAX or drop). */
int ikev2_dh_derive(struct ikev2_dh *dh, const uint8_t *peer, size_t peer_len, uint8_t *secret,
		    size_t cap, size_t *secret_len);

/* ---- PRF (transform type 2) ---- */

/* prf(key, data) -> ikev2_prf_len(prf) octets. */
int ikev2_prf(uint16_t prf, const void *key, size_t key_len, const void *data, size_t data_len,
	      uint8_t *out);
int ikev2_prfv(uint16_t prf, const void *key, size_t key_len, const struct ikev2_iov *iov,
	       unsigned n, uint8_t *out);
/* prf+ (§2.13): T1 | T2 | ... truncated to out_len; the seed is the
 * concatenation of iov.  out_len <= 255 * prf_len. */
int ikev2_prf_plus(uint16_t prf, const void *key, size_t key_len, const struct ikev2_iov *seed,
		   unsigned n, uint8_t *out, size_t out_len);

/* ---- key derivation (§2.13, §2.14, §2.17, §2.18) ---- */

/* SKEYSEED = prf(Ni | Nr, g^ir); out gets prf_len octets.  (HMAC PRFs
 * only; AES-XCBC/CMAC PRFs key differently and are not supported.) */
int ikev2_skeyseed(uint16_t prf, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		   size_t nr_len, const uint8_t *gir, size_t gir_len, uint8_t *out);
/* Rekeyed IKE SA (§2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr),
 * where prf is the OLD IKE SA's PRF; out gets ikev2_prf_len(old_prf). */
int ikev2_skeyseed_rekey(uint16_t old_prf, const uint8_t *sk_d_old, size_t sk_d_len,
			 const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			 const uint8_t *nr, size_t nr_len, uint8_t *out);

/* The seven IKE SA keys.  AEAD suites: a_len = 0 and e_len includes the
 * 4-byte salt (the salt is the last 4 octets of SK_ei / SK_er). */
struct ikev2_ike_keys {
	struct ikev2_suite suite;
	size_t d_len, a_len, e_len, p_len;
	uint8_t sk_d[IKEV2_MAX_PRF_LEN];
	uint8_t sk_ai[IKEV2_MAX_INTEG_KEY], sk_ar[IKEV2_MAX_INTEG_KEY];
	uint8_t sk_ei[IKEV2_MAX_ENCR_KEYMAT], sk_er[IKEV2_MAX_ENCR_KEYMAT];
	uint8_t sk_pi[IKEV2_MAX_PRF_LEN], sk_pr[IKEV2_MAX_PRF_LEN];
};

/* {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 *     = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)   with s->prf.
 * For a rekey pass the new SA's suite and SPIs. */
int ikev2_ike_keys_derive(struct ikev2_ike_keys *k, const struct ikev2_suite *s,
			  const uint8_t *skeyseed, size_t skeyseed_len, const uint8_t *ni,
			  size_t ni_len, const uint8_t *nr, size_t nr_len, const uint8_t spi_i[8],
			  const uint8_t spi_r[8]);
/* SKEYSEED from g^ir, then the keys (IKE_SA_INIT). */
int ikev2_ike_keys_initial(struct ikev2_ike_keys *k, const struct ikev2_suite *s,
			   const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			   const uint8_t *nr, size_t nr_len, const uint8_t spi_i[8],
			   const uint8_t spi_r[8]);
/* The new IKE SA of a CREATE_CHILD_SA rekey: old = the SA being rekeyed,
 * s = the new suite, Ni/Nr/SPIs of the rekey exchange. */
int ikev2_ike_keys_rekey(struct ikev2_ike_keys *k, const struct ikev2_suite *s,
			 const struct ikev2_ike_keys *old, const uint8_t *gir, size_t gir_len,
			 const uint8_t *ni, size_t ni_len, const uint8_t *nr, size_t nr_len,
			 const uint8_t spi_i[8], const uint8_t spi_r[8]);
void ikev2_ike_keys_wipe(struct ikev2_ike_keys *k);

/* KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr)  (gir NULL/0 without PFS). */
int ikev2_child_keymat(uint16_t prf, const uint8_t *sk_d, size_t sk_d_len, const uint8_t *gir,
		       size_t gir_len, const uint8_t *ni, size_t ni_len, const uint8_t *nr,
		       size_t nr_len, uint8_t *out, size_t out_len);

/* One Child SA pair's keys, taken from KEYMAT in the §2.17 order:
 * initiator->responder encryption, its integrity, then
 * responder->initiator encryption, its integrity.  e_len includes the
 * salt for AEAD (RFC 4106 / 7634); a_len = 0 for INTEG NONE. */
struct ikev2_child_keys {
	size_t e_len, a_len;
	uint8_t ei[IKEV2_MAX_ENCR_KEYMAT], ai[IKEV2_MAX_INTEG_KEY];  /* initiator -> responder */
	uint8_t er[IKEV2_MAX_ENCR_KEYMAT], ar[IKEV2_MAX_INTEG_KEY];  /* responder -> initiator */
};
int ikev2_child_keys_derive(struct ikev2_child_keys *ck, uint16_t prf, const uint8_t *sk_d,
			    size_t sk_d_len, uint16_t encr, uint16_t encr_keylen, uint16_t integ,
			    const uint8_t *gir, size_t gir_len, const uint8_t *ni, size_t ni_len,
			    const uint8_t *nr, size_t nr_len);
void ikev2_child_keys_wipe(struct ikev2_child_keys *ck);

/* ---- SK payload protection (§3.14, RFC 5282, RFC 7634) ---- */

/* One direction of an IKE SA: holds one EVP_CIPHER_CTX (and for CBC one
 * HMAC EVP_MAC_CTX) keyed once and reused for every message; no
 * allocation per message. */
struct ikev2_sk_dir;

/* ekey: ikev2_encr_keymat_len octets (salt included); akey:
 * ikev2_integ_key_len octets (NULL/0 for AEAD).  encrypt selects the
 * direction (true: outgoing). */
struct ikev2_sk_dir *ikev2_sk_new(uint16_t encr, uint16_t keylen_bits, uint16_t integ,
				  const uint8_t *ekey, size_t ekey_len, const uint8_t *akey,
				  size_t akey_len, bool encrypt);
/* Both directions from the IKE SA keys: out uses SK_e?/SK_a? of our side
 * (initiator: SK_ei/SK_ai; responder: SK_er/SK_ar), in the other. */
int ikev2_sk_pair(const struct ikev2_ike_keys *k, bool initiator, struct ikev2_sk_dir **out,
		  struct ikev2_sk_dir **in);
void ikev2_sk_free(struct ikev2_sk_dir *d);

size_t ikev2_sk_iv_len(const struct ikev2_sk_dir *d);    /* 16 CBC, 8 GCM/ChaCha20 */
size_t ikev2_sk_icv_len(const struct ikev2_sk_dir *d);   /* 12..32 */
size_t ikev2_sk_block_len(const struct ikev2_sk_dir *d); /* 16 CBC, 1 AEAD */
/* Ciphertext length for inner_len octets of inner payloads:
 * inner | padding | Pad Length, a multiple of the block size. */
size_t ikev2_sk_ct_len(const struct ikev2_sk_dir *d, size_t inner_len);
/* IV + ciphertext + ICV (the SK payload body). */
size_t ikev2_sk_body_len(const struct ikev2_sk_dir *d, size_t inner_len);
/* The largest inner_len whose body fits in body_len (SKF sizing); 0 if none. */
size_t ikev2_sk_max_inner(const struct ikev2_sk_dir *d, size_t body_len);

/* Encrypt: body (body_len == ikev2_sk_body_len(d, inner_len)) receives
 * IV | ciphertext | ICV.  aad = the message from the IKE header through
 * the SK (or SKF, incl. fragment fields) generic header, with the
 * Length fields already final; it is the AEAD associated data, and for
 * CBC the ICV is HMAC(aad | IV | ciphertext) - so the message must be
 * complete except for the body.  inner may be exactly body + iv_len
 * (in place).  IVs: random for CBC, a per-direction counter (from a
 * random start) for AEAD - so create one object per key, not per message. */
int ikev2_sk_encrypt(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		     const uint8_t *inner, size_t inner_len, uint8_t *body, size_t body_len);
/* Decrypt and verify: body = IV | ciphertext | ICV as received.  Checks
 * lengths first (room for IV + ICV + 1, CBC a multiple of 16), then the
 * ICV (constant time, before decrypting for CBC), then the Pad Length.
 * plain receives the whole decrypted ciphertext (cap >= body_len - iv -
 * icv; plain may be exactly body + iv_len), *inner_len the inner payloads'
 * length.  Any failure: -1, plain wiped (drop the message silently). */
int ikev2_sk_decrypt(struct ikev2_sk_dir *d, const uint8_t *aad, size_t aad_len,
		     const uint8_t *body, size_t body_len, uint8_t *plain, size_t cap,
		     size_t *inner_len);

/* ---- AUTH (§2.15, §2.16, RFC 4754, RFC 7427) ---- */

/* What an AUTH payload covers:
 *   <SignedOctets> = RealMessage | Nonce | prf(SK_p, ID payload body)
 * For the initiator's AUTH: msg = the IKE_SA_INIT request as sent,
 * nonce = Nr, id = IDi body, sk_p = SK_pi.  For the responder's: msg =
 * the IKE_SA_INIT response, nonce = Ni, id = IDr body, sk_p = SK_pr.
 * id = ID Type | RESERVED(3) | data (the payload without its generic
 * header). */
struct ikev2_auth_octets {
	const uint8_t *msg;
	size_t msg_len;
	const uint8_t *nonce;
	size_t nonce_len;
	const uint8_t *id;
	size_t id_len;
	uint16_t prf;
	const uint8_t *sk_p;
	size_t sk_p_len;
};

/* Method 2 (and EAP, §2.16): AUTH = prf(prf(secret, "Key Pad for IKEv2"),
 * <SignedOctets>).  secret: the PSK, the EAP MSK, or for EAP methods
 * without an MSK SK_pi/SK_pr.  out gets ikev2_prf_len(o->prf) octets. */
int ikev2_auth_psk(const struct ikev2_auth_octets *o, const void *secret, size_t secret_len,
		   uint8_t *out, size_t *out_len);
/* Constant-time check of a received PSK/EAP AUTH value. */
int ikev2_auth_psk_verify(const struct ikev2_auth_octets *o, const void *secret,
			  size_t secret_len, const uint8_t *auth, size_t auth_len);

/* Signature AUTH data for method (msg.h enum ikev2_auth_method):
 *   1  RSA PKCS#1 v1.5; hash 0 = SHA-1 (RFC 7296), else the given hash
 *   9/10/11  ECDSA P-256/SHA-256, P-384/SHA-384, P-521/SHA-512, raw r|s
 *      (RFC 4754; the key's curve must match, hash ignored)
 *   14 Digital Signature (RFC 7427): ASN.1 length | AlgorithmIdentifier |
 *      signature.  RSA keys: sha*WithRSAEncryption (hash 1-4), or
 *      RSASSA-PSS (MGF1 same hash, salt = hash length) with
 *      IKEV2_SIGF_PSS (always for RSA-PSS keys; hash 2-4); EC keys:
 *      ecdsa-with-SHA* (DER signature);
 *      Ed25519 keys: hash IKEV2_HASH_IDENTITY (or 0).
 * out needs ikev2_auth_sign_max(key) octets. */
#define IKEV2_SIGF_PSS 0x1
int ikev2_auth_sign(const struct ikev2_auth_octets *o, uint8_t method, uint16_t hash,
		    unsigned flags, EVP_PKEY *key, uint8_t *out, size_t cap, size_t *out_len);
size_t ikev2_auth_sign_max(const EVP_PKEY *key);
/* Verify signature AUTH data with the peer's public key (e.g.
 * X509_get0_pubkey of its certificate).  Method 1: the hash is not
 * signalled; with hash non-NULL and *hash != 0 only that hash is
 * accepted, otherwise SHA-1 then SHA2-256/384/512 are tried.  Methods
 * 9/10/11: the key's curve must match the method.  Method 14: the
 * algorithm comes from the AlgorithmIdentifier (sha*WithRSAEncryption,
 * RSASSA-PSS, ecdsa-with-SHA*, Ed25519) and must match the key type.
 * On success *hash (if not NULL) is the hash used, as a
 * SIGNATURE_HASH_ALGORITHMS id - the caller checks it against its
 * policy (e.g. refuse SHA-1).  Any failure: -1. */
int ikev2_auth_verify(const struct ikev2_auth_octets *o, uint8_t method, const uint8_t *auth,
		      size_t auth_len, EVP_PKEY *pub, uint16_t *hash);
/* The ECDSA method (9/10/11) matching an EC key's curve, 0 otherwise. */
uint8_t ikev2_auth_ecdsa_method(const EVP_PKEY *key);

#endif
