/*
 * The authenticator side of one EAP conversation (RFC 3748) inside IKE_AUTH
 * (RFC 7296 §2.16), behind one interface with three implementations:
 *   - RADIUS pass-through: EAP-Message/State/Message-Authenticator relayed
 *     to the list's server group, MSK from MS-MPPE-Recv/Send-Key
 *     (aaa/eap_radius.c);
 *   - local: flexd serves EAP-MD5, EAP-GTC and EAP-MSCHAPv2 against
 *     `username` entries when the list's method is `local` (aaa/eap_local*.c);
 *   - AnyConnect-EAP: the expanded-type XML aggregate-auth exchange, the
 *     credentials checked through aaa_auth.h (aaa/anyconnect_eap*.c).
 * ikev2/ike_eap.c drives it: eap_server_input(NULL, 0) for the first
 * request, then each EAP payload the peer sends; every input produces
 * exactly one result through fn.
 */
#ifndef FLEXD_EAP_SERVER_H
#define FLEXD_EAP_SERVER_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

enum eap_status {
	EAP_ST_CONTINUE, /* send eap (a Request) to the peer, wait for its Response */
	EAP_ST_SUCCESS,  /* send eap (Success); then the peer's AUTH (with msk) */
	EAP_ST_FAILURE,  /* send eap (Failure) when eap_len > 0; the IKE SA fails */
};

#define EAP_MSK_MAX 64

struct eap_result {
	enum eap_status st;
	const uint8_t *eap; /* the EAP packet to put in the EAP payload */
	size_t eap_len;
	uint8_t msk[EAP_MSK_MAX]; /* SUCCESS of a key-generating method */
	size_t msk_len;           /* 0: AUTH from SK_p (MD5, GTC; RFC 7296 §2.16) */
	const char *identity;     /* the EAP identity learned ("Remote EAP id"), or NULL */
	const char *why;          /* FAILURE: for the log line */
	/* SUCCESS through RADIUS: the Access-Accept's attributes for
	 * authorization (RADIUS TLVs), len 0 otherwise */
	const uint8_t *attrs;
	size_t attrs_len;
	/* FAILURE because the method could not answer (the EAP identity is no
	 * local user, no RADIUS server answered), not a reject: a method
	 * list's next method may serve the peer (aaa/eap_chain.c) */
	bool error;
};

struct eap_server;
/* r valid only during the call; fn may run from inside eap_server_input
 * (local methods) or later on the loop (RADIUS).  Do not free the server
 * from inside fn. */
typedef void (*eap_result_fn)(void *ctx, const struct eap_result *r);

struct eap_server_params {
	const char *list;        /* the profile's aaa authentication eap|anyconnect-eap LIST
	                          * (a global `aaa authentication login` list), NULL = default */
	const char *ike_id;      /* the peer's IDi, printable */
	bool query_identity;     /* send EAP-Identity first (else IDi is the identity) */
	unsigned timeout_s;      /* EAP timeout: 90 unless configured */
	struct sockaddr_storage peer, local; /* Calling/Called-Station-Id, NAS-IP-Address */
	uint32_t session_id;     /* Acct-Session-Id and logging */
	const char *ike_profile; /* the IKEv2 profile (AnyConnect: its `anyconnect profile`) */
	/* AnyConnect `aggregate cert-request` (aaa/anyconnect_cert.h): ask for
	 * the client certificate and have verify_cert check TLVs 3 and 1
	 * against the IKE SA (ikev2/ike_eap_cert.c): 0 = good, subject filled
	 * (printable DN); -1 with why.  Runs at once (no waiting). */
	bool cert_request;
	int (*verify_cert)(void *ctx, const uint8_t *pkcs7, size_t pkcs7_len, const uint8_t *sig, size_t sig_len,
			   char *subject, size_t subject_len, char *why, size_t why_len);
	void *verify_ctx;
	/* The peer's EAP-Response/Identity, already received (checked) when a
	 * method list asked for it: the backend starts from it instead of
	 * asking (eap_server_input(NULL, 0) then answers it).  NULL: ask or
	 * use ike_id as query_identity says. */
	const uint8_t *identity_resp;
	size_t identity_resp_len;
};

struct eap_server_ops {
	void (*input)(struct eap_server *es, const uint8_t *eap, size_t len);
	void (*free)(struct eap_server *es);
};

/* Implementations embed this first. */
struct eap_server {
	const struct eap_server_ops *ops;
	eap_result_fn fn;
	void *ctx;
};

/* The implementations (each file owned by its helper until merged). */
struct eap_server *eap_radius_new(const char *group, const struct eap_server_params *p, eap_result_fn fn,
				  void *ctx, char *why, size_t why_len);     /* aaa/eap_radius.c */
struct eap_server *eap_local_new(const struct eap_server_params *p, eap_result_fn fn, void *ctx,
				 char *why, size_t why_len);                 /* aaa/eap_local.c */
/* A method list's methods ("local", "group NAME"; n of them) as one
 * server: aaa/eap_chain.c. */
struct eap_server *eap_chain_new(const char (*methods)[72], size_t n, const struct eap_server_params *p,
				 eap_result_fn fn, void *ctx, char *why, size_t why_len);
struct eap_server *anyconnect_eap_new(const struct eap_server_params *p, eap_result_fn fn, void *ctx,
				      char *why, size_t why_len);            /* aaa/anyconnect_eap.c */

/* `authentication remote eap`: the list's methods in order, local or
 * RADIUS, the next one only when one errs (aaa/eap_chain.c);
 * `anyconnect`: the AnyConnect-EAP backend.  NULL when the list does not
 * exist or has no usable method (why filled). */
struct eap_server *eap_server_new(bool anyconnect, const struct eap_server_params *p, eap_result_fn fn,
				  void *ctx, char *why, size_t why_len);

static inline void eap_server_input(struct eap_server *es, const uint8_t *eap, size_t len)
{
	es->ops->input(es, eap, len);
}

static inline void eap_server_free(struct eap_server *es)
{
	if (es)
		es->ops->free(es);
}

#endif
