/*
 * The running-config as the IKEv2 engine sees it: typed objects read from
 * the store (never text), translated to IANA numbers.
 *   - proposals: the policy matching the local address gives the proposals
 *     offered in IKE_SA_INIT (smart default policy/proposal when nothing
 *     else matches);
 *   - profiles: chosen by the peer's identity (match identity remote ...);
 *   - keys: the PSK for a peer from the profile or its keyring.
 */
#ifndef FLEXD_IKE_CONF_H
#define FLEXD_IKE_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include <openssl/types.h>

#define IKE_CONF_MAX_ALGS 8
#define IKE_CONF_MAX_PROPS 16

/* One IOS proposal: each list in preference order. */
struct ike_conf_proposal {
	char name[64];
	int n_encr, n_prf, n_integ, n_dh;
	uint16_t encr[IKE_CONF_MAX_ALGS];       /* ENCR transform id */
	uint16_t encr_keylen[IKE_CONF_MAX_ALGS]; /* bits, 0 = none */
	uint16_t prf[IKE_CONF_MAX_ALGS];
	uint16_t integ[IKE_CONF_MAX_ALGS];
	uint16_t dh[IKE_CONF_MAX_ALGS];
};

struct ike_conf_proposals {
	char policy[64];
	int n;
	struct ike_conf_proposal p[IKE_CONF_MAX_PROPS];
};

/* The proposals of the first policy matching local (by `match address
 * local`), else of the policies without an address match, else the smart
 * default.  Returns the count (0: nothing enabled). */
int ike_conf_proposals(const struct sockaddr_storage *local, struct ike_conf_proposals *out);

/* IKE identity types (RFC 7296 §3.5) */
enum { ID_IPV4_ADDR = 1, ID_FQDN = 2, ID_RFC822_ADDR = 3, ID_IPV6_ADDR = 5, ID_DER_ASN1_DN = 9,
       ID_KEY_ID = 11 };

struct ike_conf_id {
	int type;
	uint8_t data[512];
	size_t len;
};

/* Printable form of an identity ("192.0.2.2", "client.example.com", ...). */
const char *ike_conf_id_str(const struct ike_conf_id *id, char *buf, size_t len);

/* The profile matching a peer's identity and addresses; false when none. */
bool ike_conf_profile_for(const struct ike_conf_id *peer_id, const struct sockaddr_storage *local,
			  char *profile, size_t len);
/* The same with the peer's certificate (NULL: none) for `match
 * certificate MAP`.  As IOS: match identity and match certificate
 * statements are one kind (any may match); match address local restricts. */
bool ike_conf_profile_match(const struct ike_conf_id *peer_id, const struct sockaddr_storage *local,
			    X509 *peer_cert, char *profile, size_t len);

enum ike_conf_auth { AUTH_NONE, AUTH_PSK, AUTH_RSA, AUTH_ECDSA, AUTH_EAP, AUTH_ANYCONNECT_EAP };

struct ike_conf_profile {
	char name[64];
	enum ike_conf_auth auth_local;
	bool remote_psk, remote_rsa, remote_ecdsa, remote_eap;
	int lifetime;                 /* seconds */
	int dpd_interval, dpd_retry;  /* 0 = off */
	bool dpd_periodic;
	int vtemplate;                /* 0 = none */
	char local_id_kind[16];       /* "" = address */
	char local_id_value[256];
	char keyring[64];             /* keyring local NAME, "" = none */
	char trustpoint_sign[64];     /* first trustpoint usable for signing */
	char trustpoint_verify[8][64];
	int n_verify;
	char trustpoint_signs[8][64]; /* every trustpoint usable for signing, in order */
	int n_sign;
	/* EAP (`authentication remote eap|anyconnect-eap`, `aaa authentication ...`) */
	bool remote_anyconnect;       /* anyconnect-eap (remote_eap is set too) */
	bool anyconnect_cert_request; /* anyconnect-eap aggregate cert-request (dual authentication) */
	bool eap_query_identity;
	int eap_timeout;              /* seconds, 90 unless `timeout N` */
	char aaa_eap[64];             /* aaa authentication eap LIST, "" = none */
	char aaa_anyconnect[64];      /* aaa authentication anyconnect-eap LIST */
};

bool ike_conf_profile_get(const char *name, struct ike_conf_profile *out);

/* Pre-shared keys for a peer under a profile: local = what we sign our
 * AUTH with, remote = what verifies the peer's.  From the profile's
 * `authentication local|remote pre-share key`, else from its keyring's
 * peer matched by identity or address.  false when none. */
bool ike_conf_psk(const char *profile, const struct ike_conf_id *peer_id,
		  const struct sockaddr_storage *peer_addr, char *local, size_t llen,
		  char *remote, size_t rlen);

/* Changes whenever the running-config may have changed (SQLite's change
 * counter of the store); -1 while a config transaction is open (then
 * nothing may be cached).  Caches of config reads compare it. */
long long ike_conf_gen(void);

/* Global `crypto ikev2 ...` values the engine needs. */
struct ike_conf_global {
	int window;            /* default 5 */
	int cookie_challenge;  /* 0 = off */
	int max_sa;            /* 0 = unlimited */
	int max_nego;          /* half-open limit (default 40 as IOS shows) */
	bool fragmentation;
	int frag_mtu;          /* default 576 */
	bool frag_mtu_set;     /* `mtu N` given (else IPv4 576 / IPv6 1280) */
	int nat_keepalive;     /* seconds, 0 = off */
	int dpd_interval, dpd_retry;
	bool dpd_periodic;
};
void ike_conf_global_get(struct ike_conf_global *out);

#endif
