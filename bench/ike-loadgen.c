/*
 * ike-loadgen: an IKEv2 initiator load generator (bench/handshake-rate.sh).
 *
 * Opens N IKE SAs, each with one Child SA (IKE_SA_INIT + IKE_AUTH), from
 * one UDP socket, with at most W handshakes in flight, as fast as the
 * responder answers.  Requests are retransmitted after a timeout; the run
 * is bounded in time.  Proposal: IKE AES-CBC-256 / HMAC-SHA2-256-128 /
 * PRF-HMAC-SHA2-256 / ECP-256, ESP AES-CBC-256 / HMAC-SHA2-256-128.
 * Authentication: PSK both ways, or an RSA certificate (AUTH method 14,
 * RFC 7427, when the responder announced SHA2-256, else method 1) with the
 * responder's signature verified with the key of the certificate it sends
 * (or of -R FILE).  The SAs are left to the responder (no Delete).
 *
 *   ike-loadgen -s 192.0.2.1 [-P 500] -n 2000 -w 32 [-t 60] [-r 2000]
 *               -i cl1.lab.example (-p PSK | -k key.pem -c cert.pem -a ca.pem [-R hub.pem])
 *               [-C]   (ask for an address: CFG_REQUEST INTERNAL_IP4_ADDRESS)
 *               [-N]   (claim to be behind a NAT: a false NAT_DETECTION_SOURCE_IP,
 *                       then IKE_AUTH on port 4500 with the non-ESP marker, RFC
 *                       3948 - what strongSwan's kernel-libipsec needs to install
 *                       its Child SA, and what every libipsec client does here)
 *               [-E gcm256|cbc256|chacha -T TUN]  (bench/esp-throughput: one SA
 *                       (-n 1, with -C -N) offering that ESP transform, then
 *                       carry TUN's packets through it: bench/esp_tunnel.c;
 *                       prints "VIP A.B.C.D" and runs until killed)
 *               [-X]   (with -E, no -C: ESP transport mode between the two
 *                       outer addresses: N(USE_TRANSPORT_MODE), selectors
 *                       = our address and the server's; the responder must
 *                       echo the notify; prints "TRANSPORT A.B.C.D" (ours);
 *                       the TUN carries traffic to the server's address)
 *
 * Prints one line
 *   RESULT completed=N failed=N retransmits=N wall=S rate=R auth_failed=N
 * and the reasons of failures on stderr.  Exit 0 if every SA came up.
 * The generator is a test tool: it does not check the responder's
 * certificate chain, only its signature.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "bench/esp_tunnel.h"
#include "ikev2/crypto.h"
#include "ikev2/msg.h"
#include "ipsec/esp.h"

#define MAX_WIN 1024
#define GROUP IKEV2_DH_ECP256

enum hs_state { HS_FREE, HS_INIT, HS_AUTH };

/* One handshake in flight. */
struct hs {
	enum hs_state state;
	uint64_t spi_i, spi_r;
	struct ikev2_dh *dh;
	uint8_t ni[32];
	uint8_t nr[256];             /* -E: for the Child SA's KEYMAT */
	size_t nr_len;
	uint8_t spi_esp[4];          /* -E: our inbound ESP SPI */
	uint8_t cookie[64];
	size_t cookie_len;
	bool sig14;                  /* responder announced SHA2-256 (RFC 7427) */
	uint8_t init_req[1024];
	size_t init_req_len;
	uint8_t *init_resp;
	size_t init_resp_len;
	uint8_t req[8192];           /* the request in flight (retransmitted as is) */
	size_t req_len;
	struct ikev2_ike_keys keys;
	struct ikev2_sk_dir *out, *in;
	double sent;
	int tries;
};

static struct {
	const char *server, *idi, *psk, *keyfile, *certfile, *cafile, *respcert, *esp, *tun;
	int port, n, win, rto_ms, tries;
	double time_limit;
	bool cfg, natt, transport;
} opt = { .port = 500, .n = 100, .win = 32, .rto_ms = 2000, .tries = 4, .time_limit = 60,
	  .idi = "cl1.lab.example" };

static int sock;
static struct sockaddr_in peer, peer_natt;
static struct hs slots[MAX_WIN];
static uint32_t spi_run;           /* random high half of our SPIs */
static int started, completed, failed, retransmits, auth_failed;
static EVP_PKEY *my_key, *resp_key;
static struct esp_sa *esp_sa;      /* -E: the Child SA, once up */
static uint16_t esp_encr, esp_keylen, esp_integ;
static struct in_addr my_addr;     /* -X: our address towards the server */
static uint8_t *my_cert;
static int my_cert_len;
static uint8_t ca_hash[20];
static unsigned long reasons[8];
static const char *reason_names[8] = { "timeout", "bad IKE_SA_INIT response", "DH/keys",
				       "bad IKE_AUTH response", "AUTH does not verify", "no Child SA",
				       "error notify", "send" };
enum { R_TIMEOUT, R_INIT, R_KEYS, R_AUTHRESP, R_AUTHVERIFY, R_CHILD, R_NOTIFY, R_SEND };

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "ike-loadgen: %s\n", what);
	exit(2);
}

static void put64(uint8_t out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

static void hs_clear(struct hs *h)
{
	ikev2_dh_free(h->dh);
	ikev2_sk_free(h->out);
	ikev2_sk_free(h->in);
	ikev2_ike_keys_wipe(&h->keys);
	free(h->init_resp);
	memset(h, 0, sizeof *h);
}

static void hs_fail(struct hs *h, int reason)
{
	reasons[reason]++;
	failed++;
	hs_clear(h);
}

static void hs_send(struct hs *h)
{
	static const uint8_t marker[4];
	bool natt = opt.natt && h->state == HS_AUTH;
	struct iovec iov[2] = { { (void *)marker, 4 }, { h->req, h->req_len } };
	struct msghdr mh = { .msg_name = natt ? &peer_natt : &peer, .msg_namelen = sizeof peer,
			     .msg_iov = natt ? iov : iov + 1, .msg_iovlen = natt ? 2 : 1 };
	if (sendmsg(sock, &mh, 0) < 0 &&
	    errno != EAGAIN && errno != ENOBUFS && errno != ECONNREFUSED)
		perror("ike-loadgen: sendto");
	h->sent = now();
}

/* ---- IKE_SA_INIT ---- */

static int build_init(struct hs *h)
{
	static struct ikev2_sa sa;
	memset(&sa, 0, sizeof sa);
	sa.nprop = 1;
	sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_IKE, .nxf = 4 };
	sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = IKEV2_ENCR_AES_CBC, .keylen = 256 };
	sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_PRF, .id = IKEV2_PRF_HMAC_SHA2_256 };
	sa.xf[2] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = IKEV2_INTEG_HMAC_SHA2_256_128 };
	sa.xf[3] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = GROUP };
	sa.nxf = 4;
	struct ikev2_hdr hdr = { .spi_i = h->spi_i, .version = IKEV2_VERSION,
				 .exchange = IKEV2_EXCH_IKE_SA_INIT, .flags = IKEV2_FLAG_I };
	struct ikev2_writer w;
	ikev2_w_init(&w, h->init_req, sizeof h->init_req, &hdr);
	if (h->cookie_len)
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_COOKIE, h->cookie, h->cookie_len);
	ikev2_w_sa(&w, &sa);
	size_t publen;
	const uint8_t *pub = ikev2_dh_public_ref(h->dh, &publen);
	ikev2_w_ke(&w, GROUP, pub, publen);
	ikev2_w_nonce(&w, h->ni, sizeof h->ni);
	static const uint8_t sha256[] = { 0, IKEV2_HASH_SHA2_256 };
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, sha256, sizeof sha256);
	if (opt.natt) {
		/* source: a hash that cannot match (we "are behind a NAT");
		 * destination: the true one (§2.23) */
		uint8_t si[8], zero[8] = { 0 }, src[IKEV2_NATD_HASH_LEN], dst[IKEV2_NATD_HASH_LEN];
		put64(si, h->spi_i);
		memset(src, 0x5a, sizeof src);
		if (ikev2_natd_hash(si, zero, &peer.sin_addr, 4, ntohs(peer.sin_port), dst))
			return -1;
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_NAT_DETECTION_SOURCE_IP, src, sizeof src);
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, dst, sizeof dst);
	}
	if (ikev2_w_finish(&w, &h->init_req_len))
		return -1;
	memcpy(h->req, h->init_req, h->init_req_len);
	h->req_len = h->init_req_len;
	return 0;
}

static void hs_start(int slot)
{
	struct hs *h = &slots[slot];
	memset(h, 0, sizeof *h);
	started++;
	/* SPIi = random run half | handshake number | slot: a response finds its slot */
	h->spi_i = (uint64_t)spi_run << 32 | (uint64_t)(started & 0xffff) << 16 | (uint64_t)slot;
	h->dh = ikev2_dh_new(GROUP);
	if (!h->dh || ikev2_random(h->ni, sizeof h->ni) || build_init(h)) {
		hs_fail(h, R_KEYS);
		return;
	}
	h->state = HS_INIT;
	h->tries = 1;
	hs_send(h);
}

/* ---- IKE_AUTH request ---- */

static int build_auth(struct hs *h, const uint8_t *nr, size_t nr_len)
{
	uint8_t idbody[260];
	size_t idlen = strlen(opt.idi);
	if (idlen > 250)
		return -1;
	idbody[0] = IKEV2_ID_FQDN;
	idbody[1] = idbody[2] = idbody[3] = 0;
	memcpy(idbody + 4, opt.idi, idlen);
	struct ikev2_auth_octets o = { .msg = h->init_req, .msg_len = h->init_req_len, .nonce = nr,
				       .nonce_len = nr_len, .id = idbody, .id_len = idlen + 4,
				       .prf = IKEV2_PRF_HMAC_SHA2_256, .sk_p = h->keys.sk_pi,
				       .sk_p_len = h->keys.p_len };
	uint8_t auth[1024];
	size_t auth_len = 0;
	uint8_t method;
	if (my_key) {
		method = h->sig14 ? IKEV2_AUTH_DIGITAL_SIG : IKEV2_AUTH_RSA_SIG;
		if (ikev2_auth_sign(&o, method, h->sig14 ? IKEV2_HASH_SHA2_256 : 0, 0, my_key, auth, sizeof auth,
				    &auth_len))
			return -1;
	} else {
		method = IKEV2_AUTH_PSK;
		if (ikev2_auth_psk(&o, opt.psk, strlen(opt.psk), auth, &auth_len))
			return -1;
	}

	uint8_t inner[4096];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_id(&w, IKEV2_PL_IDI, IKEV2_ID_FQDN, opt.idi, idlen);
	if (my_key) {
		ikev2_w_cert(&w, IKEV2_CERT_X509_SIG, my_cert, (size_t)my_cert_len);
		ikev2_w_certreq(&w, IKEV2_CERT_X509_SIG, ca_hash, sizeof ca_hash);
	}
	ikev2_w_auth(&w, method, auth, auth_len);
	if (opt.cfg) {
		struct ikev2_cp_attr a[1] = { { IKEV2_CFG_INTERNAL_IP4_ADDRESS, 0, NULL } };
		ikev2_w_cp(&w, IKEV2_CFG_REQUEST, a, 1);
	}
	static struct ikev2_sa sa;
	memset(&sa, 0, sizeof sa);
	sa.nprop = 1;
	sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4, .nxf = 3 };
	ikev2_random(sa.prop[0].spi, 4);
	sa.prop[0].spi[0] |= 0x01;
	memcpy(h->spi_esp, sa.prop[0].spi, 4);
	sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = esp_encr, .keylen = esp_keylen };
	sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
	sa.xf[2] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = esp_integ };
	sa.nxf = esp_integ ? 3 : 2;
	sa.prop[0].nxf = (uint16_t)sa.nxf;
	if (opt.transport) /* RFC 7296 §1.3.1 */
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_USE_TRANSPORT_MODE, NULL, 0);
	ikev2_w_sa(&w, &sa);
	struct ikev2_ts any = { .type = IKEV2_TS_IPV4_ADDR_RANGE, .sport = 0, .eport = 65535 };
	memset(any.end, 0xff, 4);
	struct ikev2_ts me = any, srv = any;
	memcpy(me.start, &my_addr, 4);
	memcpy(me.end, &my_addr, 4);
	memcpy(srv.start, &peer.sin_addr, 4);
	memcpy(srv.end, &peer.sin_addr, 4);
	ikev2_w_ts(&w, IKEV2_PL_TSI, opt.transport ? &me : &any, 1);
	ikev2_w_ts(&w, IKEV2_PL_TSR, opt.transport ? &srv : &any, 1);
	size_t inner_len;
	if (ikev2_w_finish(&w, &inner_len))
		return -1;

	struct ikev2_hdr hdr = { .spi_i = h->spi_i, .spi_r = h->spi_r, .version = IKEV2_VERSION,
				 .exchange = IKEV2_EXCH_IKE_AUTH, .flags = IKEV2_FLAG_I, .msgid = 1 };
	struct ikev2_writer mw;
	struct ikev2_sk_slot sl;
	ikev2_w_init(&mw, h->req, sizeof h->req, &hdr);
	ikev2_w_sk(&mw, w.first, ikev2_sk_iv_len(h->out), ikev2_sk_ct_len(h->out, inner_len),
		   ikev2_sk_icv_len(h->out), &sl);
	if (ikev2_w_finish(&mw, &h->req_len) ||
	    ikev2_sk_encrypt(h->out, h->req, sl.aad_len, inner, inner_len, h->req + sl.iv_off, sl.end - sl.iv_off))
		return -1;
	return 0;
}

/* First error notify (type < 16384) of a response, 0 if none. */
static uint16_t error_notify(const struct ikev2_msg *m)
{
	for (unsigned i = 0; i < m->nnotify; i++)
		if (m->notify[i].type < 16384)
			return m->notify[i].type;
	return 0;
}

static void on_init_resp(struct hs *h, const struct ikev2_msg *m, const uint8_t *pkt, size_t len)
{
	const struct ikev2_notify *ck = ikev2_msg_notify(m, IKEV2_N_COOKIE);
	if (ck && ck->data.len <= sizeof h->cookie && h->cookie_len == 0) {
		/* the responder wants proof of our address: ask again with it (§2.6) */
		memcpy(h->cookie, ck->data.p, ck->data.len);
		h->cookie_len = ck->data.len;
		if (build_init(h)) {
			hs_fail(h, R_INIT);
			return;
		}
		hs_send(h);
		return;
	}
	uint16_t err = error_notify(m);
	if (err) {
		fprintf(stderr, "ike-loadgen: IKE_SA_INIT answered with notify %u (%s)\n", err,
			ikev2_notify_name(err) ? ikev2_notify_name(err) : "?");
		hs_fail(h, R_NOTIFY);
		return;
	}
	if (!ikev2_msg_has(m, IKEV2_PL_SA) || !ikev2_msg_has(m, IKEV2_PL_KE) || !ikev2_msg_has(m, IKEV2_PL_NONCE) ||
	    m->ke.group != GROUP || m->hdr.spi_r == 0) {
		hs_fail(h, R_INIT);
		return;
	}
	const struct ikev2_notify *sh = ikev2_msg_notify(m, IKEV2_N_SIGNATURE_HASH_ALGORITHMS);
	if (sh)
		for (size_t i = 0; i + 1 < sh->data.len; i += 2)
			if ((sh->data.p[i] << 8 | sh->data.p[i + 1]) == IKEV2_HASH_SHA2_256)
				h->sig14 = true;
	h->spi_r = m->hdr.spi_r;
	uint8_t gir[IKEV2_MAX_DH_SECRET], si[8], sr[8];
	size_t gir_len;
	struct ikev2_suite suite = { .encr = IKEV2_ENCR_AES_CBC, .encr_keylen = 256,
				     .integ = IKEV2_INTEG_HMAC_SHA2_256_128, .prf = IKEV2_PRF_HMAC_SHA2_256,
				     .dh = GROUP };
	put64(si, h->spi_i);
	put64(sr, h->spi_r);
	int rc = ikev2_dh_derive(h->dh, m->ke.data.p, m->ke.data.len, gir, sizeof gir, &gir_len);
	if (rc == 0)
		rc = ikev2_ike_keys_initial(&h->keys, &suite, gir, gir_len, h->ni, sizeof h->ni, m->nonce.p,
					    m->nonce.len, si, sr);
	ikev2_wipe(gir, sizeof gir);
	if (rc || ikev2_sk_pair(&h->keys, true, &h->out, &h->in)) {
		hs_fail(h, R_KEYS);
		return;
	}
	ikev2_dh_free(h->dh);
	h->dh = NULL;
	if (m->nonce.len <= sizeof h->nr) {
		memcpy(h->nr, m->nonce.p, m->nonce.len);
		h->nr_len = m->nonce.len;
	}
	h->init_resp = malloc(len);
	if (!h->init_resp) {
		hs_fail(h, R_KEYS);
		return;
	}
	memcpy(h->init_resp, pkt, len);
	h->init_resp_len = len;
	if (build_auth(h, m->nonce.p, m->nonce.len)) {
		hs_fail(h, R_KEYS);
		return;
	}
	h->state = HS_AUTH;
	h->tries = 1;
	hs_send(h);
}

/* The responder's key: from its CERT payload, else -R FILE. */
static EVP_PKEY *responder_key(const struct ikev2_msg *m, X509 **x)
{
	*x = NULL;
	for (unsigned i = 0; i < m->ncert; i++) {
		if (m->cert[i].encoding != IKEV2_CERT_X509_SIG)
			continue;
		const unsigned char *p = m->cert[i].data.p;
		*x = d2i_X509(NULL, &p, (long)m->cert[i].data.len);
		if (*x)
			return X509_get0_pubkey(*x);
	}
	return resp_key;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* -E: the Child SA the responder chose (it must be ours), its address for
 * us, the ESP keys (RFC 7296 §2.17, no PFS) -> esp_sa. */
static int esp_child(struct hs *h, const struct ikev2_msg *m)
{
	const struct ikev2_proposal *pr = &m->sa.prop[0];
	if (m->sa.nprop != 1 || pr->proto != IKEV2_PROTO_ESP || pr->spi_len != 4)
		return -1;
	for (unsigned k = 0; k < pr->nxf; k++) {
		const struct ikev2_transform *x = &m->sa.xf[pr->xf_first + k];
		if (x->type == IKEV2_XF_ENCR && (x->id != esp_encr || x->keylen != esp_keylen))
			return -1;
	}
	const uint8_t *vip = NULL;
	for (unsigned i = 0; i < m->cp.n; i++)
		if (m->cp.a[i].type == IKEV2_CFG_INTERNAL_IP4_ADDRESS && m->cp.a[i].len == 4)
			vip = m->cp.a[i].val;
	bool tp_echo = false;
	for (unsigned i = 0; i < m->nnotify; i++)
		tp_echo |= m->notify[i].inner && m->notify[i].type == IKEV2_N_USE_TRANSPORT_MODE;
	if (opt.transport && !tp_echo) {
		fprintf(stderr, "ike-loadgen: the responder answered tunnel mode (no USE_TRANSPORT_MODE)\n");
		return -1;
	}
	if (!opt.transport && (m->cp.type != IKEV2_CFG_REPLY || !vip))
		return -1;
	struct ikev2_child_keys ck;
	if (ikev2_child_keys_derive(&ck, IKEV2_PRF_HMAC_SHA2_256, h->keys.sk_d, h->keys.d_len, esp_encr, esp_keylen,
				    esp_integ, NULL, 0, h->ni, sizeof h->ni, h->nr, h->nr_len))
		return -1;
	struct esp_sa_params p = { .spi_in = be32(h->spi_esp), .spi_out = be32(pr->spi), .encr = esp_encr,
				   .keylen = esp_keylen, .integ = esp_integ, .replay_window = ESP_REPLAY_DEFAULT,
				   .ekey_in = ck.er, .akey_in = ck.ar, .ekey_out = ck.ei, .akey_out = ck.ai,
				   .e_len = ck.e_len, .a_len = ck.a_len, .transport = opt.transport };
	esp_sa = esp_sa_new(&p);
	ikev2_child_keys_wipe(&ck);
	if (!esp_sa)
		return -1;
	if (opt.transport) {
		uint8_t a[4];
		memcpy(a, &my_addr, 4);
		printf("TRANSPORT %u.%u.%u.%u\n", a[0], a[1], a[2], a[3]);
		esp_tunnel_set_transport(ntohl(my_addr.s_addr), ntohl(peer.sin_addr.s_addr));
	} else {
		printf("VIP %u.%u.%u.%u\n", vip[0], vip[1], vip[2], vip[3]);
	}
	fflush(stdout);
	return 0;
}

static void on_auth_resp(struct hs *h, struct ikev2_msg *m, const uint8_t *pkt)
{
	static uint8_t plain[65536];
	size_t inner_len;
	if (ikev2_sk_decrypt(h->in, pkt, m->sk.aad_len, m->sk.body.p, m->sk.body.len, plain, sizeof plain,
			     &inner_len)) {
		hs_fail(h, R_AUTHRESP);
		return;
	}
	struct ikev2_perr e = ikev2_msg_parse_inner(m, m->sk.next, plain, inner_len);
	if (e.notify) {
		hs_fail(h, R_AUTHRESP);
		return;
	}
	uint16_t err = error_notify(m);
	if (err == IKEV2_N_AUTHENTICATION_FAILED) {
		auth_failed++;
		hs_fail(h, R_NOTIFY);
		return;
	}
	if (!ikev2_msg_has(m, IKEV2_PL_IDR) || !ikev2_msg_has(m, IKEV2_PL_AUTH)) {
		if (err)
			fprintf(stderr, "ike-loadgen: IKE_AUTH answered with notify %u (%s)\n", err,
				ikev2_notify_name(err) ? ikev2_notify_name(err) : "?");
		hs_fail(h, err ? R_NOTIFY : R_AUTHRESP);
		return;
	}
	struct ikev2_auth_octets o = { .msg = h->init_resp, .msg_len = h->init_resp_len, .nonce = h->ni,
				       .nonce_len = sizeof h->ni, .id = m->idr.body.p, .id_len = m->idr.body.len,
				       .prf = IKEV2_PRF_HMAC_SHA2_256, .sk_p = h->keys.sk_pr,
				       .sk_p_len = h->keys.p_len };
	int ok;
	if (m->auth.method == IKEV2_AUTH_PSK) {
		ok = opt.psk && ikev2_auth_psk_verify(&o, opt.psk, strlen(opt.psk), m->auth.data.p,
						      m->auth.data.len) == 0;
	} else {
		X509 *x;
		EVP_PKEY *k = responder_key(m, &x);
		ok = my_key && k && ikev2_auth_verify(&o, m->auth.method, m->auth.data.p, m->auth.data.len, k, NULL) == 0;
		X509_free(x);
	}
	if (!ok) {
		hs_fail(h, R_AUTHVERIFY);
		return;
	}
	if (err || !ikev2_msg_has(m, IKEV2_PL_SA) || !ikev2_msg_has(m, IKEV2_PL_TSI) ||
	    !ikev2_msg_has(m, IKEV2_PL_TSR)) {
		if (err)
			fprintf(stderr, "ike-loadgen: Child SA refused: notify %u (%s)\n", err,
				ikev2_notify_name(err) ? ikev2_notify_name(err) : "?");
		hs_fail(h, R_CHILD);
		return;
	}
	if (opt.esp && esp_child(h, m)) {
		hs_fail(h, R_CHILD);
		return;
	}
	completed++;
	hs_clear(h);
}

static void on_datagram(const uint8_t *pkt, size_t len)
{
	static struct ikev2_msg m;
	struct ikev2_perr e = ikev2_msg_parse(&m, pkt, len);
	if (e.notify || !(m.hdr.flags & IKEV2_FLAG_R) || (uint32_t)(m.hdr.spi_i >> 32) != spi_run)
		return; /* not an answer to us: ignored */
	if ((m.hdr.spi_i & 0xffff) >= (uint64_t)opt.win)
		return;
	struct hs *h = &slots[m.hdr.spi_i & 0xffff];
	if (h->state == HS_FREE || h->spi_i != m.hdr.spi_i)
		return; /* late answer to a finished handshake */
	if (h->state == HS_INIT && m.hdr.exchange == IKEV2_EXCH_IKE_SA_INIT && m.hdr.msgid == 0)
		on_init_resp(h, &m, pkt, len);
	else if (h->state == HS_AUTH && m.hdr.exchange == IKEV2_EXCH_IKE_AUTH && m.hdr.msgid == 1 &&
		 m.hdr.spi_r == h->spi_r && ikev2_msg_has(&m, IKEV2_PL_SK))
		on_auth_resp(h, &m, pkt);
}

/* ---- setup ---- */

static void load_certs(void)
{
	FILE *f = fopen(opt.keyfile, "r");
	if (!f || !(my_key = PEM_read_PrivateKey(f, NULL, NULL, NULL)))
		die("cannot read the private key (-k)");
	fclose(f);
	f = fopen(opt.certfile, "r");
	X509 *x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (!x)
		die("cannot read the certificate (-c)");
	fclose(f);
	my_cert = NULL;
	my_cert_len = i2d_X509(x, &my_cert);
	X509_free(x);
	if (my_cert_len <= 0)
		die("cannot encode the certificate");
	/* CERTREQ: SHA-1 of the CA's SubjectPublicKeyInfo (RFC 7296 §3.7) */
	f = opt.cafile ? fopen(opt.cafile, "r") : NULL;
	x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
	if (!x)
		die("cannot read the CA certificate (-a)");
	fclose(f);
	uint8_t *spki = NULL;
	int n = i2d_PUBKEY(X509_get0_pubkey(x), &spki);
	struct ikev2_iov v = { spki, (size_t)n };
	if (n <= 0 || ikev2_digest(IKEV2_HASH_SHA1, &v, 1, ca_hash, NULL))
		die("cannot hash the CA key");
	OPENSSL_free(spki);
	X509_free(x);
	if (opt.respcert) {
		f = fopen(opt.respcert, "r");
		x = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
		if (!x)
			die("cannot read the responder's certificate (-R)");
		fclose(f);
		resp_key = X509_get_pubkey(x);
		X509_free(x);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: ike-loadgen -s ADDR [-P PORT] [-n N] [-w WINDOW] [-t SECONDS] [-r RTO_MS]\n"
			"       [-i FQDN] (-p PSK | -k KEY.pem -c CERT.pem -a CA.pem [-R RESPONDER.pem]) [-C] [-N]\n"
			"       [-E gcm256|cbc256|chacha -T TUN [-X]]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "s:P:n:w:t:r:i:p:k:c:a:R:CNE:T:X")) != -1) {
		switch (c) {
		case 's': opt.server = optarg; break;
		case 'P': opt.port = atoi(optarg); break;
		case 'n': opt.n = atoi(optarg); break;
		case 'w': opt.win = atoi(optarg); break;
		case 't': opt.time_limit = atof(optarg); break;
		case 'r': opt.rto_ms = atoi(optarg); break;
		case 'i': opt.idi = optarg; break;
		case 'p': opt.psk = optarg; break;
		case 'k': opt.keyfile = optarg; break;
		case 'c': opt.certfile = optarg; break;
		case 'a': opt.cafile = optarg; break;
		case 'R': opt.respcert = optarg; break;
		case 'C': opt.cfg = true; break;
		case 'N': opt.natt = true; break;
		case 'E': opt.esp = optarg; break;
		case 'T': opt.tun = optarg; break;
		case 'X': opt.transport = true; break;
		default: usage();
		}
	}
	if (!opt.server || opt.n < 1 || opt.win < 1 || opt.win > MAX_WIN || opt.rto_ms < 10 ||
	    opt.port < 1 || opt.port > 65535 || (!opt.psk == !opt.keyfile) || (opt.keyfile && !opt.certfile))
		usage();
	esp_encr = IKEV2_ENCR_AES_CBC, esp_keylen = 256, esp_integ = IKEV2_INTEG_HMAC_SHA2_256_128;
	if (opt.esp) {
		if (!strcmp(opt.esp, "gcm256"))
			esp_encr = IKEV2_ENCR_AES_GCM_16, esp_integ = 0;
		else if (!strcmp(opt.esp, "chacha"))
			esp_encr = IKEV2_ENCR_CHACHA20_POLY1305, esp_keylen = 0, esp_integ = 0;
		else if (strcmp(opt.esp, "cbc256"))
			usage();
		if (opt.n != 1 || opt.cfg == opt.transport || !opt.natt || !opt.tun)
			usage();
	} else if (opt.transport) {
		usage();
	}
	if (opt.keyfile)
		load_certs();
	memset(&peer, 0, sizeof peer);
	peer.sin_family = AF_INET;
	peer.sin_port = htons((uint16_t)opt.port);
	if (inet_pton(AF_INET, opt.server, &peer.sin_addr) != 1)
		die("-s: not an IPv4 address");
	peer_natt = peer;
	peer_natt.sin_port = htons(4500);
	if (opt.transport) { /* the source address the kernel picks towards the server */
		int t = socket(AF_INET, SOCK_DGRAM, 0);
		socklen_t sl = sizeof peer;
		struct sockaddr_in me;
		if (t < 0 || connect(t, (struct sockaddr *)&peer, sizeof peer) ||
		    getsockname(t, (struct sockaddr *)&me, &sl))
			die("-X: no route to the server");
		my_addr = me.sin_addr;
		close(t);
	}
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (sock < 0)
		die("socket");
	int big = 4 << 20;
	setsockopt(sock, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
	setsockopt(sock, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
	if (ikev2_random(&spi_run, sizeof spi_run))
		die("random");
	spi_run |= 0x80000000u; /* never zero */

	double t0 = now(), deadline = t0 + opt.time_limit, rto = opt.rto_ms / 1000.0;
	static uint8_t buf[65536];
	while (completed + failed < opt.n) {
		double t = now();
		if (t > deadline)
			break;
		for (int i = 0; i < opt.win && started < opt.n; i++)
			if (slots[i].state == HS_FREE)
				hs_start(i);
		/* retransmit or give up what timed out */
		double next = deadline;
		for (int i = 0; i < opt.win; i++) {
			struct hs *h = &slots[i];
			if (h->state == HS_FREE)
				continue;
			if (t - h->sent >= rto) {
				if (h->tries >= opt.tries) {
					hs_fail(h, R_TIMEOUT);
					continue;
				}
				h->tries++;
				retransmits++;
				hs_send(h);
			}
			if (h->sent + rto < next)
				next = h->sent + rto;
		}
		if (completed + failed >= opt.n)
			break;
		struct pollfd p = { .fd = sock, .events = POLLIN };
		int ms = (int)((next - now()) * 1000) + 1;
		if (poll(&p, 1, ms < 1 ? 1 : ms) <= 0)
			continue;
		for (int k = 0; k < 256; k++) {
			struct sockaddr_in from;
			socklen_t fl = sizeof from;
			ssize_t r = recvfrom(sock, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
			if (r <= 0)
				break;
			if (from.sin_port != htons(4500))
				on_datagram(buf, (size_t)r);
			else if (r > 4 && memcmp(buf, "\0\0\0\0", 4) == 0)
				on_datagram(buf + 4, (size_t)r - 4); /* after the non-ESP marker */
		}
	}
	double wall = now() - t0;
	for (int i = 0; i < opt.win; i++)
		if (slots[i].state != HS_FREE)
			hs_fail(&slots[i], R_TIMEOUT);
	for (int i = 0; i < 8; i++)
		if (reasons[i])
			fprintf(stderr, "ike-loadgen: %lu failed: %s\n", reasons[i], reason_names[i]);
	printf("RESULT completed=%d failed=%d retransmits=%d wall=%.3f rate=%.1f auth_failed=%d\n", completed,
	       opt.n - completed, retransmits, wall, completed / wall, auth_failed);
	if (esp_sa && completed == 1) {
		esp_tunnel_run(sock, &peer_natt, esp_sa, opt.tun); /* until killed */
		fprintf(stderr, "ike-loadgen: ESP tunnel on %s failed: %s\n", opt.tun, strerror(errno));
		return 1;
	}
	EVP_PKEY_free(my_key);
	EVP_PKEY_free(resp_key);
	OPENSSL_free(my_cert);
	close(sock);
	return completed == opt.n ? 0 : 1;
}
