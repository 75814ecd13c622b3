/*
 * AnyConnect-EAP dual authentication (`authentication remote anyconnect-eap
 * aggregate cert-request`; ../shared/spec/anyconnect-eap.md §3-5): the
 * pieces both sides share.
 *
 * After the headend's auth-request with <client-cert-request/>, the client
 * answers with another init carrying
 *   TLV 3: PKCS#7 signedData (degenerate: no signers) holding its chain,
 *          end-entity certificate first;
 *   TLV 1: a signature made with that certificate's key over the octets
 *          an initiator signs for its IKEv2 AUTH (RFC 7296 §2.15):
 *            IKE_SA_INIT request | Nr | prf(SK_pi, IDi')
 *          where [SG] puts in IDi' the ID type 201 and the value
 *          "*$AnyConnectClient$*" (with the reserved octets of the real
 *          IDi), RSA PKCS#1 v1.5 with the hash of the negotiated PRF.
 * Facts from [SG] only (unverified against a real client): the verifier
 * (ikev2/ike_eap_cert.c) also accepts the real IDi body and SHA-1.
 */
#ifndef FLEXD_ANYCONNECT_CERT_H
#define FLEXD_ANYCONNECT_CERT_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#define AC_CERT_ID_TYPE  201                    /* [SG] "{201}:*$AnyConnectClient$*" */
#define AC_CERT_ID_VALUE "*$AnyConnectClient$*"
#define AC_CERT_MAX_CHAIN 8                     /* certificates accepted in TLV 3 */

/* IDi' for the signed octets: 201 | reserved[3] | "*$AnyConnectClient$*";
 * its length (24), 0 when cap is too small. */
size_t ac_cert_octet_id(uint8_t *out, size_t cap, const uint8_t reserved[3]);

/* TLV 3 -> the end-entity certificate (*leaf) and the others (*chain, may
 * be empty).  Refuses anything but one DER PKCS#7 signedData filling the
 * whole TLV with 1..AC_CERT_MAX_CHAIN certificates.  -1 with a static
 * *why; on success the caller frees both. */
int ac_cert_pkcs7_parse(const uint8_t *der, size_t len, X509 **leaf, STACK_OF(X509) **chain, const char **why);

/* The client's TLV 3: leaf then chain (may be NULL) in a PKCS#7
 * signedData.  Returns a malloc'ed DER (free with OPENSSL_free), NULL on
 * error. */
uint8_t *ac_cert_pkcs7_build(X509 *leaf, STACK_OF(X509) *chain, size_t *len);

#endif
