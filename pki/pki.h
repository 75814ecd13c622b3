/*
 * What pki/ offers the rest of flexd: key pairs and certificates held in
 * the store, and the private-config file that keeps the keys.
 */
#ifndef FLEXD_PKI_H
#define FLEXD_PKI_H

#include <stddef.h>
#include <openssl/types.h>
#include <openssl/x509.h>

/* Key pairs are not part of running-config (IOS keeps them in
 * private-config).  write memory calls save, a reload calls load after the
 * startup-config replay.  The file holds one header line and one PKCS#8 PEM
 * block per key and is written with mode 0600.  0 on success, -1 on error
 * (errno or the store's message tells why).  Loading a missing file leaves
 * no keys and succeeds. */
int pki_save_private_config(const char *path);
int pki_load_private_config(const char *path);

/* The key label a trustpoint uses: its rsakeypair, else its eckeypair,
 * else the trustpoint name. */
void pki_tp_key_label(const char *tp, char *out, size_t len);

/* The private key stored under label (caller frees), or NULL. */
EVP_PKEY *pki_key_get(const char *label);

/* A trustpoint's certificate of role "identity", "ca", "subordinate" or
 * "self-signed" (first one in the chain; caller frees), or NULL. */
X509 *pki_cert_get(const char *tp, const char *role);

/* Every CA certificate (roles "ca" and "subordinate") of a trustpoint, in
 * chain order; caller frees with sk_X509_pop_free(.., X509_free).  An empty
 * stack when there is none, NULL only when out of memory. */
STACK_OF(X509) *pki_tp_ca_certs(const char *tp);

/* A distinguished name as IOS prints it, most specific first, joined with
 * ',' ("cn=hub,ou=VPN,o=Lab,c=US") (pki_store.c; also in pki_int.h). */
void pki_name_oneline(const X509_NAME *n, char *out, size_t len);

#endif
