/*
 * Certificate authentication in IKE_AUTH (RFC 7296 §2.15, §3.6-3.8,
 * RFC 7427): the peer's certificate chain checked against the profile's
 * verify trustpoints, its identity against the certificate, its signature;
 * our key and certificate from the sign trustpoint; CERTREQ both ways;
 * `crypto pki certificate map` matching for profile selection.
 *
 * The pure pieces (map rules, identity checks, key hashes, chain checks
 * against a given CA list) take no store access and are unit tested.
 */
#ifndef FLEXD_IKE_AUTH_CERT_H
#define FLEXD_IKE_AUTH_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#include "ike_conf.h"

struct ike_sa;
struct ikev2_msg;
struct ikev2_writer;

/* ---- certificate maps (ike_certmap.c) ---- */

/* One `FIELD OP VALUE` rule of a map against a certificate.  Fields:
 * subject-name, issuer-name, name (the subject), alt-subject-name (any
 * subjectAltName DNS/email/IP), unstructured-subject-name, serial-number;
 * ops eq, ne, co, nc (case-insensitive; spaces around '=' and ',' in names
 * ignored).  expires-on / valid-start are not supported: false. */
bool ike_certmap_rule(const char *field, const char *op, const char *value, X509 *x);
/* Does the certificate match map NAME (any sequence whose rules all
 * match; a sequence without rules matches)?  false for a missing map. */
bool ike_certmap_match(const char *map, X509 *x);

/* ---- pieces (ike_auth_cert.c) ---- */

/* SHA-1 of the certificate's SubjectPublicKeyInfo (the CERTREQ key hash,
 * RFC 7296 §3.7).  0 or -1. */
int ike_cert_key_hash(X509 *x, uint8_t out[20]);
/* Append the key hashes of cas to out (cap octets), skipping duplicates
 * already there; *len in/out.  Returns the count added. */
int ike_cert_req_add(STACK_OF(X509) *cas, uint8_t *out, size_t cap, size_t *len);
/* Is the identity in the certificate?  ID_DER_ASN1_DN: the subject (DER
 * compare); ID_FQDN / ID_RFC822_ADDR / ID_IPV4|6_ADDR: a subjectAltName
 * (the subject's emailAddress for email too).  Other types: false. */
bool ike_cert_id_matches(const struct ike_conf_id *id, X509 *x);
/* Chain check: leaf (+ untrusted intermediates) up to one of cas (trust
 * anchors; a subordinate CA may be the anchor), validity dates at `now`
 * (0 = current time), the leaf's key usage allowing signatures when it has
 * the extension.  No revocation check.  0, or -1 with why filled. */
int ike_cert_check_chain(X509 *leaf, STACK_OF(X509) *untrusted, STACK_OF(X509) *cas, time_t now,
			 char *why, size_t len);
/* "RSA" or "ECDSA" for a key, NULL otherwise. */
const char *ike_cert_key_kind(const EVP_PKEY *k);

/* ---- IKE_AUTH (ike_auth_cert.c) ---- */

/* The peer's end-entity certificate: the first X.509 CERT payload (caller
 * frees), NULL when none or not decodable. */
X509 *ike_cert_peer_leaf(const struct ikev2_msg *m);
/* Keep what the peer's IKE_SA_INIT / IKE_AUTH request tells us for our
 * AUTH: its SIGNATURE_HASH_ALGORITHMS and CERTREQ key hashes. */
void ike_cert_note_peer(struct ike_sa *s, const struct ikev2_msg *m);
/* CERTREQ data for our IKE_SA_INIT response: key hashes of the CAs of
 * every verify trustpoint of the profiles accepting signatures; 0 = none
 * (send no CERTREQ). */
size_t ike_cert_req_ours(uint8_t *out, size_t cap);

/* The CA certificates of the profile's verify trustpoints (caller frees
 * with sk_X509_pop_free; empty when none). */
STACK_OF(X509) *ike_cert_profile_cas(const struct ike_conf_profile *p);
/* Verify the peer's signature AUTH (methods 1, 9-11, 14): certificate
 * accepted by the profile, chain, identity, signature.  0, or -1 with why
 * filled (for the log).  On success s->auth_verify is set. */
int ike_auth_cert_verify(struct ike_sa *s, const struct ikev2_msg *m, const struct ike_conf_profile *p,
			 const struct ike_conf_id *id, X509 *leaf, char *why, size_t why_len);

/* Our side: the key and certificate of the profile's sign trustpoint (the
 * one whose CA the peer asked for, if any). */
struct ike_cert_signer {
	char tp[64];
	EVP_PKEY *key;
	X509 *cert;
	STACK_OF(X509) *chain;   /* subordinate CAs to send after the cert */
};
int ike_cert_signer_load(const struct ike_sa *s, const struct ike_conf_profile *p, struct ike_cert_signer *sg,
			 char *why, size_t why_len);
void ike_cert_signer_free(struct ike_cert_signer *sg);
/* Sign our AUTH with the signer (method 14 when the peer sent
 * SIGNATURE_HASH_ALGORITHMS, else 1 or 9-11) and write CERT payloads then
 * AUTH into w.  idbody: our ID payload body.  0 or -1. */
int ike_auth_cert_sign(struct ike_sa *s, const struct ike_cert_signer *sg, const uint8_t *idbody,
		       size_t idbody_len, struct ikev2_writer *w);

#endif
