/*
 * PEAPv0 peer: outer EAP, EAP-PEAP framing and TLS (see peap_peer.h).
 *
 * EAP-PEAP packet (type 25): code id length(2) type flags [TLS length(4)]
 * data.  Flags: L 0x80 (TLS length present), M 0x40 (more fragments),
 * S 0x20 (start), low 3 bits the PEAP version (we speak 0).  Each
 * fragment of a message from the server is acknowledged with an empty
 * PEAP response; each of ours is acknowledged by an empty request
 * (RFC 5216 §2.1.5, which PEAP borrows).
 *
 * TLS: a client SSL over two memory BIOs, TLS 1.2 only (PEAPv0 and its
 * key derivation are defined for it), the server certificate checked
 * against the CA and, when given, the expected name.
 */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/tools/peap_peer.h"

enum { EAP_REQUEST = 1, EAP_RESPONSE = 2 };
enum { T_IDENTITY = 1, T_NOTIFICATION = 2, T_NAK = 3, T_PEAP = 25 };
enum { F_L = 0x80, F_M = 0x40, F_S = 0x20, F_VER = 0x07 };

struct peap_peer {
	struct peap_peer_conf c;
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rbio, *wbio;  /* server -> us, us -> server (owned by ssl) */
	bool started, tunnel;
	uint8_t *in;       /* reassembly of the server's TLS message */
	size_t in_len, in_total;
	uint8_t *out;      /* our pending TLS bytes and how much went */
	size_t out_len, out_off;
	unsigned frags_in, frags_out; /* EAP-PEAP packets carrying TLS data, each way */
	struct peap_inner inner;
	char err[256];
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct peap_peer *peap_peer_new(const struct peap_peer_conf *c)
{
	struct peap_peer *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->c = *c;
	if (p->c.frag == 0 || p->c.frag > PEAP_FRAG_MAX)
		p->c.frag = PEAP_FRAG_MAX;
	if (p->c.frag < 16)
		p->c.frag = 16;
	p->in = malloc(PEAP_MSG_MAX);
	p->out = malloc(PEAP_MSG_MAX);
	p->inner = (struct peap_inner){ .identity = c->identity, .password = c->password, .say = c->say };
	if (!p->in || !p->out) {
		peap_peer_free(p);
		return NULL;
	}
	return p;
}

static enum peap_step tls_fail(struct peap_peer *p, const char *what, const char **why)
{
	unsigned long e = ERR_get_error();
	long v = p->ssl ? SSL_get_verify_result(p->ssl) : X509_V_OK;
	if (v != X509_V_OK)
		snprintf(p->err, sizeof p->err, "%s: server certificate: %s", what, X509_verify_cert_error_string(v));
	else
		snprintf(p->err, sizeof p->err, "%s: %s", what, e ? ERR_error_string(e, NULL) : "?");
	ERR_clear_error();
	*why = p->err;
	return PEAP_ERROR;
}

static bool tls_setup(struct peap_peer *p, const char **why)
{
	p->ctx = SSL_CTX_new(TLS_client_method());
	if (!p->ctx || !SSL_CTX_set_min_proto_version(p->ctx, TLS1_2_VERSION) ||
	    !SSL_CTX_set_max_proto_version(p->ctx, TLS1_2_VERSION)) {
		tls_fail(p, "TLS context", why);
		return false;
	}
	SSL_CTX_set_options(p->ctx, SSL_OP_NO_TICKET);
	if (p->c.cafile) {
		if (SSL_CTX_load_verify_locations(p->ctx, p->c.cafile, NULL) != 1) {
			tls_fail(p, "CA file", why);
			return false;
		}
		SSL_CTX_set_verify(p->ctx, SSL_VERIFY_PEER, NULL);
	}
	p->ssl = SSL_new(p->ctx);
	p->rbio = BIO_new(BIO_s_mem());
	p->wbio = BIO_new(BIO_s_mem());
	if (!p->ssl || !p->rbio || !p->wbio) {
		BIO_free(p->rbio);
		BIO_free(p->wbio);
		p->rbio = p->wbio = NULL;
		tls_fail(p, "TLS session", why);
		return false;
	}
	SSL_set_bio(p->ssl, p->rbio, p->wbio);
	if (p->c.server_name && SSL_set1_host(p->ssl, p->c.server_name) != 1) {
		tls_fail(p, "server name", why);
		return false;
	}
	SSL_set_connect_state(p->ssl);
	return true;
}

/* Move what TLS wrote into our pending output. */
static bool drain(struct peap_peer *p, const char **why)
{
	size_t n = BIO_ctrl_pending(p->wbio);
	if (n > PEAP_MSG_MAX - p->out_len) {
		*why = "our TLS output exceeds PEAP_MSG_MAX";
		return false;
	}
	if (n && BIO_read(p->wbio, p->out + p->out_len, (int)n) != (int)n) {
		*why = "BIO_read";
		return false;
	}
	p->out_len += n;
	return true;
}

/* The server's complete TLS message: handshake or tunnelled data. */
static enum peap_step tls_input(struct peap_peer *p, const char **why)
{
	if (p->in_len && BIO_write(p->rbio, p->in, (int)p->in_len) != (int)p->in_len)
		return tls_fail(p, "BIO_write", why);
	p->in_len = p->in_total = 0;
	if (!SSL_is_init_finished(p->ssl)) {
		int r = SSL_do_handshake(p->ssl);
		if (r != 1 && SSL_get_error(p->ssl, r) != SSL_ERROR_WANT_READ)
			return tls_fail(p, "TLS handshake", why);
		if (r != 1)
			return PEAP_REPLY;
	}
	if (!p->tunnel) {
		p->tunnel = true;
		char cn[128] = "?";
		X509 *x = SSL_get1_peer_certificate(p->ssl);
		if (x)
			X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
		X509_free(x);
		p->c.say("PEAP: TLS tunnel up (%s, %s), server certificate CN=%s %s%s%s", SSL_get_version(p->ssl),
			 SSL_get_cipher_name(p->ssl), cn, p->c.cafile ? "verified" : "NOT verified (no CA given)",
			 p->c.server_name ? " for " : "", p->c.server_name ? p->c.server_name : "");
		p->c.say("PEAP: handshake in %u packets from the server, %u of ours (fragments of at most %zu)",
			 p->frags_in, p->frags_out, p->c.frag);
	}
	/* each record the server wrote is one tunnelled packet */
	for (;;) {
		uint8_t pt[4096], resp[1024];
		size_t rl = 0;
		int r = SSL_read(p->ssl, pt, sizeof pt);
		if (r <= 0) {
			int e = SSL_get_error(p->ssl, r);
			if (e == SSL_ERROR_WANT_READ)
				break;
			return tls_fail(p, "TLS read", why);
		}
		if (peap_inner_packet(&p->inner, pt, (size_t)r, resp, sizeof resp, &rl, why))
			return PEAP_ERROR;
		if (rl && SSL_write(p->ssl, resp, (int)rl) != (int)rl)
			return tls_fail(p, "TLS write", why);
		OPENSSL_cleanse(pt, sizeof pt);
		OPENSSL_cleanse(resp, sizeof resp);
	}
	return PEAP_REPLY;
}

/* Our next PEAP response: the next fragment of pending output, or an
 * empty acknowledgement. */
static size_t peap_out(struct peap_peer *p, uint8_t id, uint8_t *out)
{
	/* -F applies to the handshake only: FreeRADIUS 3.2 hands a tunnelled
	 * response to its inner EAP with the id of the last outer fragment,
	 * and the inner session then no longer matches its State */
	size_t frag = p->tunnel ? PEAP_FRAG_MAX : p->c.frag;
	size_t left = p->out_len - p->out_off, n = left > frag ? frag : left;
	size_t h = 6;
	uint8_t flags = 0; /* version 0 */
	if (n < left)
		flags |= F_M;
	if (p->out_off == 0 && n < left) {
		flags |= F_L;
		out[6] = (uint8_t)(p->out_len >> 24);
		out[7] = (uint8_t)(p->out_len >> 16);
		out[8] = (uint8_t)(p->out_len >> 8);
		out[9] = (uint8_t)p->out_len;
		h = 10;
	}
	memcpy(out + h, p->out + p->out_off, n);
	if (n)
		p->frags_out++;
	p->out_off += n;
	if (p->out_off == p->out_len)
		p->out_off = p->out_len = 0;
	size_t len = h + n;
	out[0] = EAP_RESPONSE;
	out[1] = id;
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	out[4] = T_PEAP;
	out[5] = flags;
	return len;
}

static enum peap_step peap_request(struct peap_peer *p, uint8_t id, const uint8_t *d, size_t n, uint8_t *out,
				   size_t *out_len, const char **why)
{
	if (n < 1) {
		*why = "EAP-PEAP without flags";
		return PEAP_ERROR;
	}
	uint8_t flags = d[0];
	d++;
	n--;
	if (flags & F_S) {
		if (p->started) {
			*why = "second PEAP Start";
			return PEAP_ERROR;
		}
		p->started = true;
		p->c.say("PEAP: Start (server version %u), answering version 0", flags & F_VER);
		if (!tls_setup(p, why))
			return PEAP_ERROR;
		int r = SSL_do_handshake(p->ssl);
		if (r == 1 || SSL_get_error(p->ssl, r) != SSL_ERROR_WANT_READ)
			return tls_fail(p, "ClientHello", why);
		if (!drain(p, why))
			return PEAP_ERROR;
		*out_len = peap_out(p, id, out);
		return PEAP_REPLY;
	}
	if (!p->started) {
		*why = "PEAP data before Start";
		return PEAP_ERROR;
	}
	if (p->out_len) {
		/* the server acknowledges a fragment of ours: nothing else may come */
		if (n) {
			*why = "PEAP data while our fragments are pending";
			return PEAP_ERROR;
		}
		*out_len = peap_out(p, id, out);
		return PEAP_REPLY;
	}
	if (flags & F_L) {
		if (n < 4) {
			*why = "PEAP L flag without the TLS length";
			return PEAP_ERROR;
		}
		uint32_t total = be32(d);
		d += 4;
		n -= 4;
		if (total == 0 || total > PEAP_MSG_MAX || (p->in_total && total != p->in_total)) {
			*why = "PEAP TLS message length out of range or changed between fragments";
			return PEAP_ERROR;
		}
		p->in_total = total;
	}
	size_t limit = p->in_total ? p->in_total : PEAP_MSG_MAX;
	if (n > limit - p->in_len) {
		*why = "PEAP fragments exceed the announced TLS message length";
		return PEAP_ERROR;
	}
	memcpy(p->in + p->in_len, d, n);
	p->in_len += n;
	if (n)
		p->frags_in++;
	if (flags & F_M) {
		if (n == 0) {
			*why = "empty PEAP fragment with M set";
			return PEAP_ERROR;
		}
		*out_len = peap_out(p, id, out); /* an empty acknowledgement */
		return PEAP_REPLY;
	}
	if (p->in_total && p->in_len != p->in_total) {
		*why = "PEAP fragments shorter than the announced TLS message length";
		return PEAP_ERROR;
	}
	if (p->in_len) {
		enum peap_step s = tls_input(p, why);
		if (s != PEAP_REPLY)
			return s;
		if (!drain(p, why))
			return PEAP_ERROR;
	}
	*out_len = peap_out(p, id, out);
	return PEAP_REPLY;
}

enum peap_step peap_peer_request(struct peap_peer *p, const uint8_t *req, size_t len, uint8_t *out, size_t cap,
				 size_t *out_len, const char **why)
{
	if (cap < PEAP_EAP_MAX) {
		*why = "response buffer too small";
		return PEAP_ERROR;
	}
	if (len < 5 || req[0] != EAP_REQUEST || (size_t)(req[2] << 8 | req[3]) != len) {
		*why = "not an EAP Request, or its length field does not match";
		return PEAP_ERROR;
	}
	uint8_t id = req[1], type = req[4];
	size_t ulen;
	switch (type) {
	case T_IDENTITY:
		ulen = strlen(p->c.identity);
		if (ulen > 253) {
			*why = "identity too long";
			return PEAP_ERROR;
		}
		out[0] = EAP_RESPONSE;
		out[1] = id;
		out[2] = (uint8_t)((5 + ulen) >> 8);
		out[3] = (uint8_t)(5 + ulen);
		out[4] = T_IDENTITY;
		memcpy(out + 5, p->c.identity, ulen);
		*out_len = 5 + ulen;
		p->c.say("EAP Identity requested, answered %s", p->c.identity);
		return PEAP_REPLY;
	case T_NOTIFICATION:
		memcpy(out, (const uint8_t[]){ EAP_RESPONSE, id, 0, 5, T_NOTIFICATION }, 5);
		*out_len = 5;
		return PEAP_REPLY;
	case T_PEAP:
		return peap_request(p, id, req + 5, len - 5, out, out_len, why);
	default:
		if (p->started) {
			*why = "another EAP method in the middle of PEAP";
			return PEAP_ERROR;
		}
		p->c.say("EAP method %u offered, Nak -> PEAP", type);
		memcpy(out, (const uint8_t[]){ EAP_RESPONSE, id, 0, 6, T_NAK, T_PEAP }, 6);
		*out_len = 6;
		return PEAP_REPLY;
	}
}

bool peap_peer_done(struct peap_peer *p, uint8_t msk[PEAP_MSK_LEN], const char **why)
{
	static const char label[] = "client EAP encryption";
	if (!p->tunnel || p->inner.result != 1) {
		*why = p->inner.mschap_fail ? "EAP-Success although MSCHAPv2 failed"
					    : "EAP-Success without a PEAP Result TLV success";
		return false;
	}
	/* TLS 1.2, no context: PRF(master_secret, label, client.random | server.random) */
	if (SSL_export_keying_material(p->ssl, msk, PEAP_MSK_LEN, label, sizeof label - 1, NULL, 0, 0) != 1) {
		*why = "TLS keying material export failed";
		return false;
	}
	return true;
}

void peap_peer_free(struct peap_peer *p)
{
	if (!p)
		return;
	peap_inner_wipe(&p->inner);
	SSL_free(p->ssl);
	SSL_CTX_free(p->ctx);
	free(p->in);
	free(p->out);
	free(p);
}
