/* pki/ internals: hex/DER, certificate and key rows (pki_store.c). */
#ifndef FLEXD_PKI_INT_H
#define FLEXD_PKI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/types.h>

#include "pki.h"

struct buf;

/* Hex text (spaces, tabs and newlines between digits ignored) to bytes.
 * Returns a malloc'ed buffer and its length, or NULL (odd digit count, a
 * non-hex character, nothing at all). */
unsigned char *pki_hex_decode(const char *hex, size_t *len);
/* Bytes as IOS prints DER: upper-case 8-digit groups, 8 per line, each line
 * starting with indent; trailing_space: each line ends with " " (key data). */
void pki_hex_lines(struct buf *b, const unsigned char *d, size_t n, const char *indent,
		   bool trailing_space);
/* Base64 (PEM armour lines and blank lines ignored) to DER; NULL if bad. */
unsigned char *pki_base64_decode(const char *text, size_t *len);

/* A certificate from DER, NULL if not exactly one valid certificate. */
X509 *pki_x509_from_der(const unsigned char *der, size_t len);
/* Serial number as IOS prints it: upper-case hex, whole bytes ("01"). */
void pki_serial_hex(const X509 *x, char *out, size_t len);
/* Are two serial strings the same number (case, leading zeros ignored)? */
bool pki_serial_equal(const char *a, const char *b);
/* Distinguished name parts in IOS order (most specific first), IOS short
 * names: cn, ou, o, l, st, c, e, hostname, serialNumber. */
typedef void (*pki_rdn_fn)(void *ctx, const char *key, const char *value);
void pki_name_each(const X509_NAME *n, pki_rdn_fn fn, void *ctx);
/* The same joined with ',' ("cn=Lab-CA,o=Lab"). */
void pki_name_oneline(const X509_NAME *n, char *out, size_t len);
/* "HH:MM:SS UTC Mon D YYYY" */
void pki_time_str(long long t, char *out, size_t len);
/* Fingerprint in 8-hex-digit groups each followed by a space. */
void pki_fingerprint(const X509 *x, const char *md, char *out, size_t len);

/* Append a certificate to trustpoint tp's chain.  0, or -1 (store error). */
int pki_cert_insert(const char *tp, const char *role, X509 *x);
/* Number of certificates of tp (role NULL: any). */
int pki_cert_count(const char *tp, const char *role);
/* Read the DER of row (tp, seq): malloc'ed, or NULL. */
unsigned char *pki_cert_der(const char *tp, long long seq, size_t *len);

/* Store a key pair (replacing one of the same label). 0 or -1. */
int pki_key_insert(const char *label, EVP_PKEY *k, bool exportable, long long created);
/* Remove the key and the identity certificates of the trustpoints using it. */
int pki_key_delete(const char *label);

/* Is `answer` yes / no (IOS accepts any prefix)?  -1 when neither. */
int pki_yes_no(const char *answer);

#endif
