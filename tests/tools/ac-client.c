/*
 * ac-client: an AnyConnect-style IKEv2 client for the interop tests
 * (tests/interop/scenario-flexd-anyconnect.sh), following
 * ../shared/spec/anyconnect-eap.md §1:
 *
 *   IKE_SA_INIT with V(CISCO-ANYCONNECT-EAP), V(CISCO(COPYRIGHT));
 *   IKE_AUTH #1 without AUTH: IDi KEY_ID "*$AnyConnectClient$*",
 *     CP(CFG_REQUEST address/netmask/DNS), SAi2, TSi, TSr;
 *   the headend's certificate AUTH verified with its CERT's key (-a: the
 *     chain to that CA checked too);
 *   the EAP rounds of the aggregate-auth XML: hello -> init,
 *     auth-request -> auth-reply (username/password, or the passcode for a
 *     challenge form), complete -> ack, EAP-Success;
 *   the final AUTH from SK_pi (the method has no MSK, §5), the headend's
 *     from SK_pr verified; the address of CFG_REPLY printed.
 *
 *   ac-client -s ADDR [-P PORT] -u USER -p PASSWORD [-c PASSCODE] [-a CA.pem]
 *             [-i IDI] [-g GROUP] [-I] [-t SECONDS_PER_EXCHANGE]
 *   -I: IKE_SA_INIT only (check the vendor IDs)
 *   -V: send no vendor IDs (a plain IKEv2 peer: the headend must send none)
 *   -X FILE: send FILE's bytes as the init document (hostile-input tests)
 *
 *   ac-client -E peap -s ADDR -u USER -p PASSWORD -k PSK [-C CA.pem]
 *             [-R NAME] [-i IDI] [-F FRAGMENT-SIZE]
 *   The same IKEv2 initiator as a plain EAP client (no vendor IDs): IDi
 *   FQDN (or RFC 822 with an @, default peap.lab.example), the
 *   headend's first AUTH verified with PSK, EAP-Identity then PEAPv0 with
 *   EAP-MSCHAPv2 inside (tests/tools/peap_peer.c) against the RADIUS
 *   server behind the headend, whose certificate must chain to -C and
 *   carry the name -R; the final AUTHs from the 64-octet MSK.  Prints
 *   "MSK established" and "ADDRESS a.b.c.d" on success.  -F N: our TLS
 *   handshake messages in fragments of at most N octets (default 1000).
 *
 * Prints progress lines "ac-client: ..." and, on success, "ADDRESS a.b.c.d".
 * Exit 0 on success; 1 with "ac-client: FAIL: reason" on any failure.
 * (Proprietary Cisco fragmentation is not spoken: neither VID nor the
 * RFC 7383 notify is sent, so the headend answers unfragmented.)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "aaa/anyconnect_xml.h"
#include "tests/tools/peap_peer.h"
#include "ikev2/crypto.h"
#include "ikev2/ike_vendor.h"
#include "ikev2/msg.h"

#define GROUP IKEV2_DH_ECP256

static struct {
	const char *server, *user, *pass, *passcode, *cafile, *group;
	const char *idi, *xfile;
	const char *eap, *psk, *eap_ca, *eap_name; /* -E peap: method, headend PSK, RADIUS CA and name */
	int eap_frag;                              /* -F: PEAP fragment size of ours */
	int port;
	double rto_total;
	bool init_only, no_vids;
} opt = { .port = 500, .idi = "*$AnyConnectClient$*", .rto_total = 20, .group = "FlexVPN" };

static int sock;
static struct sockaddr_in peer;
static uint64_t spi_i, spi_r;
static uint32_t msgid;
static struct ikev2_dh *dh;
static uint8_t ni[32], nr[256];
static size_t nr_len;
static uint8_t init_req[2048], init_resp[4096];
static size_t init_req_len, init_resp_len;
static struct ikev2_ike_keys keys;
static struct ikev2_sk_dir *sk_out, *sk_in;
static uint8_t idi_body[260], idr_body[300];
static size_t idi_body_len, idr_body_len;
static uint8_t req[16384], resp[65536], plain[65536];
static size_t req_len, resp_len;
static struct ikev2_msg m;
static char config_hash[32];
static uint8_t msk[PEAP_MSK_LEN];
static size_t msk_len; /* 0: no MSK, AUTH from SK_p */

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stdout, "ac-client: FAIL: ");
	vfprintf(stdout, fmt, ap);
	fprintf(stdout, "\n");
	va_end(ap);
	fflush(stdout);
	exit(1);
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stdout, "ac-client: ");
	vfprintf(stdout, fmt, ap);
	fprintf(stdout, "\n");
	va_end(ap);
	fflush(stdout);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put64(uint8_t out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		out[i] = (uint8_t)v;
}

/* Send req and wait for the response to (exchange, msgid); retransmit
 * every 2 s up to opt.rto_total (a RADIUS MFA round may take a while). */
static void exchange(uint8_t exch)
{
	double end = now() + opt.rto_total, next = 0;
	for (;;) {
		double t = now();
		if (t > end)
			fail("no response to %s (message id %u)", ikev2_exchange_name(exch), msgid);
		if (t >= next) {
			if (sendto(sock, req, req_len, 0, (struct sockaddr *)&peer, sizeof peer) < 0)
				fail("sendto: %s", strerror(errno));
			next = t + 2;
		}
		struct pollfd p = { .fd = sock, .events = POLLIN };
		if (poll(&p, 1, 200) <= 0)
			continue;
		ssize_t r = recv(sock, resp, sizeof resp, 0);
		if (r <= 0)
			continue;
		struct ikev2_perr e = ikev2_msg_parse(&m, resp, (size_t)r);
		if (e.notify || !(m.hdr.flags & IKEV2_FLAG_R) || m.hdr.spi_i != spi_i || m.hdr.exchange != exch ||
		    m.hdr.msgid != msgid)
			continue;
		resp_len = (size_t)r;
		return;
	}
}

static uint16_t error_notify(void)
{
	for (unsigned i = 0; i < m.nnotify; i++)
		if (m.notify[i].type < 16384)
			return m.notify[i].type;
	return 0;
}

/* ---- IKE_SA_INIT ---- */

static void sa_init(void)
{
	static struct ikev2_sa sa;
	uint8_t cookie[64];
	size_t cookie_len = 0;
	dh = ikev2_dh_new(GROUP);
	if (!dh || ikev2_random(ni, sizeof ni) || ikev2_random(&spi_i, sizeof spi_i))
		fail("DH/random");
again:
	memset(&sa, 0, sizeof sa);
	sa.nprop = 1;
	sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_IKE, .nxf = 4 };
	sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = IKEV2_ENCR_AES_CBC, .keylen = 256 };
	sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_PRF, .id = IKEV2_PRF_HMAC_SHA2_256 };
	sa.xf[2] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = IKEV2_INTEG_HMAC_SHA2_256_128 };
	sa.xf[3] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = GROUP };
	sa.nxf = 4;
	struct ikev2_hdr hdr = { .spi_i = spi_i, .version = IKEV2_VERSION, .exchange = IKEV2_EXCH_IKE_SA_INIT,
				 .flags = IKEV2_FLAG_I };
	struct ikev2_writer w;
	ikev2_w_init(&w, init_req, sizeof init_req, &hdr);
	if (cookie_len)
		ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_COOKIE, cookie, cookie_len);
	ikev2_w_sa(&w, &sa);
	size_t publen;
	const uint8_t *pub = ikev2_dh_public_ref(dh, &publen);
	ikev2_w_ke(&w, GROUP, pub, publen);
	ikev2_w_nonce(&w, ni, sizeof ni);
	static const uint8_t sha256[] = { 0, IKEV2_HASH_SHA2_256 };
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, sha256, sizeof sha256);
	static const uint8_t vids[] = { IKE_VID_ANYCONNECT_EAP, IKE_VID_CISCO_COPYRIGHT };
	for (size_t i = 0; i < (opt.no_vids ? 0 : sizeof vids); i++) {
		size_t l = 0;
		const uint8_t *b = ike_vendor_body(vids[i], &l);
		ikev2_w_vendor(&w, b, l);
	}
	if (ikev2_w_finish(&w, &init_req_len))
		fail("IKE_SA_INIT request does not fit");
	memcpy(req, init_req, init_req_len);
	req_len = init_req_len;
	msgid = 0;
	exchange(IKEV2_EXCH_IKE_SA_INIT);
	const struct ikev2_notify *ck = ikev2_msg_notify(&m, IKEV2_N_COOKIE);
	if (ck && !cookie_len && ck->data.len <= sizeof cookie) {
		memcpy(cookie, ck->data.p, ck->data.len);
		cookie_len = ck->data.len;
		goto again;
	}
	uint16_t err = error_notify();
	if (err)
		fail("IKE_SA_INIT answered with notify %u (%s)", err, ikev2_notify_name(err) ? ikev2_notify_name(err) : "?");
	if (!ikev2_msg_has(&m, IKEV2_PL_SA) || !ikev2_msg_has(&m, IKEV2_PL_KE) || !ikev2_msg_has(&m, IKEV2_PL_NONCE) ||
	    m.ke.group != GROUP || m.hdr.spi_r == 0 || m.nonce.len > sizeof nr)
		fail("bad IKE_SA_INIT response");
	uint8_t seen = ike_vendor_seen(&m);
	say("IKE_SA_INIT done; vendor IDs from the headend:%s%s%s%s (%u VID payloads)",
	    seen & IKE_VID_CISCO_COPYRIGHT ? " CISCO(COPYRIGHT)" : "", seen & IKE_VID_GRE_MODE ? " CISCO-GRE-MODE" : "",
	    seen & IKE_VID_ANYCONNECT_EAP ? " CISCO-ANYCONNECT-EAP" : "",
	    seen & IKE_VID_FRAGMENTATION ? " FRAGMENTATION" : "", m.nvid);
	if (opt.no_vids && m.nvid)
		fail("the headend sent %u vendor IDs to a peer that sent none", m.nvid);
	if (!opt.no_vids && !(seen & IKE_VID_ANYCONNECT_EAP))
		fail("the headend did not send the CISCO-ANYCONNECT-EAP vendor ID");
	spi_r = m.hdr.spi_r;
	memcpy(nr, m.nonce.p, m.nonce.len);
	nr_len = m.nonce.len;
	memcpy(init_resp, resp, resp_len);
	init_resp_len = resp_len;
	uint8_t gir[IKEV2_MAX_DH_SECRET], si[8], sr[8];
	size_t gir_len;
	struct ikev2_suite suite = { .encr = IKEV2_ENCR_AES_CBC, .encr_keylen = 256,
				     .integ = IKEV2_INTEG_HMAC_SHA2_256_128, .prf = IKEV2_PRF_HMAC_SHA2_256, .dh = GROUP };
	put64(si, spi_i);
	put64(sr, spi_r);
	if (ikev2_dh_derive(dh, m.ke.data.p, m.ke.data.len, gir, sizeof gir, &gir_len) ||
	    ikev2_ike_keys_initial(&keys, &suite, gir, gir_len, ni, sizeof ni, nr, nr_len, si, sr) ||
	    ikev2_sk_pair(&keys, true, &sk_out, &sk_in))
		fail("key derivation");
	ikev2_wipe(gir, sizeof gir);
}

/* ---- protected exchanges ---- */

static void send_protected(const uint8_t *inner, size_t inner_len, uint8_t first)
{
	struct ikev2_hdr hdr = { .spi_i = spi_i, .spi_r = spi_r, .version = IKEV2_VERSION,
				 .exchange = IKEV2_EXCH_IKE_AUTH, .flags = IKEV2_FLAG_I, .msgid = ++msgid };
	struct ikev2_writer w;
	struct ikev2_sk_slot sl;
	ikev2_w_init(&w, req, sizeof req, &hdr);
	ikev2_w_sk(&w, first, ikev2_sk_iv_len(sk_out), ikev2_sk_ct_len(sk_out, inner_len), ikev2_sk_icv_len(sk_out),
		   &sl);
	if (ikev2_w_finish(&w, &req_len) ||
	    ikev2_sk_encrypt(sk_out, req, sl.aad_len, inner, inner_len, req + sl.iv_off, sl.end - sl.iv_off))
		fail("cannot build IKE_AUTH request");
	exchange(IKEV2_EXCH_IKE_AUTH);
	size_t pl;
	if (!ikev2_msg_has(&m, IKEV2_PL_SK) ||
	    ikev2_sk_decrypt(sk_in, resp, m.sk.aad_len, m.sk.body.p, m.sk.body.len, plain, sizeof plain, &pl))
		fail("IKE_AUTH response does not decrypt (message id %u)", msgid);
	struct ikev2_perr e = ikev2_msg_parse_inner(&m, m.sk.next, plain, pl);
	if (e.notify)
		fail("IKE_AUTH response does not parse: %s", e.why ? e.why : "?");
	uint16_t err = error_notify();
	bool eap_fail = ikev2_msg_has(&m, IKEV2_PL_EAP) && m.eap.code == 4;
	if (eap_fail || err == IKEV2_N_AUTHENTICATION_FAILED)
		fail("%s: the headend refused the login (%s)", eap_fail ? "EAP-Failure" : "AUTHENTICATION_FAILED",
		     eap_fail && err ? "with AUTHENTICATION_FAILED" : eap_fail ? "EAP-Failure only" : "no EAP-Failure");
	if (err)
		fail("IKE_AUTH answered with notify %u (%s)", err, ikev2_notify_name(err) ? ikev2_notify_name(err) : "?");
}

static void auth1(void)
{
	uint8_t inner[4096];
	struct ikev2_writer w;
	size_t idlen = strlen(opt.idi);
	if (idlen > 250)
		fail("-i too long");
	uint8_t idtype = !opt.eap ? IKEV2_ID_KEY_ID : strchr(opt.idi, '@') ? IKEV2_ID_RFC822_ADDR : IKEV2_ID_FQDN;
	idi_body[0] = idtype;
	idi_body[1] = idi_body[2] = idi_body[3] = 0;
	memcpy(idi_body + 4, opt.idi, idlen);
	idi_body_len = idlen + 4;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_id(&w, IKEV2_PL_IDI, idtype, opt.idi, idlen);
	struct ikev2_cp_attr a[3] = { { IKEV2_CFG_INTERNAL_IP4_ADDRESS, 0, NULL },
				      { IKEV2_CFG_INTERNAL_IP4_NETMASK, 0, NULL },
				      { IKEV2_CFG_INTERNAL_IP4_DNS, 0, NULL } };
	ikev2_w_cp(&w, IKEV2_CFG_REQUEST, a, 3);
	static struct ikev2_sa sa;
	memset(&sa, 0, sizeof sa);
	sa.nprop = 1;
	sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4, .nxf = 3 };
	ikev2_random(sa.prop[0].spi, 4);
	sa.prop[0].spi[0] |= 0x01;
	sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = IKEV2_ENCR_AES_CBC, .keylen = 256 };
	sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_INTEG, .id = IKEV2_INTEG_HMAC_SHA2_256_128 };
	sa.xf[2] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
	sa.nxf = 3;
	ikev2_w_sa(&w, &sa);
	struct ikev2_ts any = { .type = IKEV2_TS_IPV4_ADDR_RANGE, .sport = 0, .eport = 65535 };
	memset(any.end, 0xff, 4);
	ikev2_w_ts(&w, IKEV2_PL_TSI, &any, 1);
	ikev2_w_ts(&w, IKEV2_PL_TSR, &any, 1);
	size_t inner_len;
	if (ikev2_w_finish(&w, &inner_len))
		fail("IKE_AUTH request does not fit");
	send_protected(inner, inner_len, w.first);

	/* the headend proves itself with its certificate (or -k its PSK) */
	if (!ikev2_msg_has(&m, IKEV2_PL_IDR) || !ikev2_msg_has(&m, IKEV2_PL_AUTH) || (m.ncert == 0 && !opt.psk))
		fail("first IKE_AUTH response without IDr, CERT and AUTH");
	if (m.idr.body.len > sizeof idr_body)
		fail("IDr too long");
	memcpy(idr_body, m.idr.body.p, m.idr.body.len);
	idr_body_len = m.idr.body.len;
	if (opt.psk) {
		struct ikev2_auth_octets po = { .msg = init_resp, .msg_len = init_resp_len, .nonce = ni,
						.nonce_len = sizeof ni, .id = idr_body, .id_len = idr_body_len,
						.prf = IKEV2_PRF_HMAC_SHA2_256, .sk_p = keys.sk_pr, .sk_p_len = keys.p_len };
		if (m.auth.method != IKEV2_AUTH_PSK ||
		    ikev2_auth_psk_verify(&po, opt.psk, strlen(opt.psk), m.auth.data.p, m.auth.data.len))
			fail("headend AUTH (method %u) does not verify with the PSK", m.auth.method);
		say("headend authenticated by pre-shared key");
		return;
	}
	const unsigned char *p = m.cert[0].data.p;
	X509 *x = d2i_X509(NULL, &p, (long)m.cert[0].data.len);
	if (!x)
		fail("headend CERT does not decode");
	if (opt.cafile) {
		FILE *f = fopen(opt.cafile, "r");
		X509 *ca = f ? PEM_read_X509(f, NULL, NULL, NULL) : NULL;
		if (f)
			fclose(f);
		X509_STORE *st = X509_STORE_new();
		X509_STORE_CTX *ctx = X509_STORE_CTX_new();
		if (!ca || !st || !ctx || !X509_STORE_add_cert(st, ca) || !X509_STORE_CTX_init(ctx, st, x, NULL) ||
		    X509_verify_cert(ctx) != 1)
			fail("headend certificate does not chain to %s", opt.cafile);
		X509_STORE_CTX_free(ctx);
		X509_STORE_free(st);
		X509_free(ca);
	}
	struct ikev2_auth_octets o = { .msg = init_resp, .msg_len = init_resp_len, .nonce = ni, .nonce_len = sizeof ni,
				       .id = idr_body, .id_len = idr_body_len, .prf = IKEV2_PRF_HMAC_SHA2_256,
				       .sk_p = keys.sk_pr, .sk_p_len = keys.p_len };
	if (ikev2_auth_verify(&o, m.auth.method, m.auth.data.p, m.auth.data.len, X509_get0_pubkey(x), NULL))
		fail("headend AUTH (method %u) does not verify with its certificate", m.auth.method);
	char cn[256] = "?";
	X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof cn);
	say("headend authenticated by certificate (CN=%s, AUTH method %u)", cn, m.auth.method);
	X509_free(x);
}

/* The EAP packet of the response just received; fails when none. */
static void need_eap(void)
{
	if (!ikev2_msg_has(&m, IKEV2_PL_EAP))
		fail("IKE_AUTH response without EAP (message id %u)", msgid);
}

static void send_eap(const uint8_t *eap, size_t len)
{
	uint8_t inner[AC_XML_MAX + 64];
	struct ikev2_writer w;
	size_t inner_len;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_payload(&w, IKEV2_PL_EAP, false, eap, len);
	if (ikev2_w_finish(&w, &inner_len))
		fail("EAP response does not fit");
	send_protected(inner, inner_len, w.first);
}

static void reply_xml(uint8_t id, struct ac_xml_msg *x)
{
	static char doc[AC_XML_MAX + 1];
	static uint8_t pkt[AC_XML_MAX + 64];
	snprintf(x->version, sizeof x->version, "4.10.04071");
	snprintf(x->device, sizeof x->device, "linux-64");
	size_t n = ac_xml_build(x, doc, sizeof doc);
	size_t pl = n ? ac_eap_build(pkt, sizeof pkt, 2, id, doc, n) : 0;
	if (!pl)
		fail("cannot build the %s document", ac_xml_type_name(x->type));
	send_eap(pkt, pl);
}

/* -X: a document as the file has it, for hostile-input tests */
static void send_raw_init(uint8_t id)
{
	static char doc[60000];
	static uint8_t pkt[60100];
	FILE *f = fopen(opt.xfile, "rb");
	size_t n = f ? fread(doc, 1, sizeof doc, f) : 0;
	if (f)
		fclose(f);
	if (!n)
		fail("cannot read %s", opt.xfile);
	/* framed by hand: ac_eap_build refuses more than AC_XML_MAX */
	size_t len = AC_EAP_HDR_LEN + 4 + n;
	static const uint8_t hdr[] = { 2, 0, 0, 0, 254, 0, 0, 9, 0x44, 0x42, 0x52, 0x50, 0, 0 };
	memcpy(pkt, hdr, sizeof hdr);
	pkt[1] = id;
	pkt[2] = (uint8_t)(len >> 8);
	pkt[3] = (uint8_t)len;
	pkt[14] = (uint8_t)(n >> 8);
	pkt[15] = (uint8_t)n;
	memcpy(pkt + 16, doc, n);
	say("sending %s (%zu bytes) as the init document", opt.xfile, n);
	send_eap(pkt, len);
}

/* Answer a form: username/password for the login form, the passcode for
 * any other password input (a challenge). */
static void answer_form(uint8_t id, const struct ac_xml_msg *q)
{
	struct ac_xml_msg r = { .type = AC_XML_AUTH_REPLY };
	snprintf(r.config_hash, sizeof r.config_hash, "%s", config_hash);
	for (unsigned i = 0; i < q->ninputs; i++) {
		const struct ac_input *in = &q->input[i];
		const char *v;
		if (strcmp(in->name, "username") == 0)
			v = opt.user;
		else if (strcmp(in->name, "password") == 0 && strcmp(q->auth_id, "main") == 0)
			v = opt.pass;
		else if (strcmp(in->type, "password") == 0) {
			if (!opt.passcode)
				fail("the headend asks \"%s\" but no -c PASSCODE was given", in->label);
			v = opt.passcode;
		} else
			fail("form input %s (%s) not understood", in->name, in->type);
		snprintf(r.field[r.nfields].name, sizeof r.field[0].name, "%s", in->name);
		snprintf(r.field[r.nfields].value, sizeof r.field[0].value, "%s", v);
		r.nfields++;
	}
	if (r.nfields == 0)
		fail("auth-request without inputs");
	reply_xml(id, &r);
	ikev2_wipe(&r, sizeof r);
}

static void eap_rounds(void)
{
	for (int round = 0; round < 12; round++) {
		need_eap();
		const uint8_t *pk = m.eap.pkt.p;
		size_t pl = m.eap.pkt.len;
		if (pl >= 4 && pk[0] == 3) {
			say("EAP-Success");
			return;
		}
		if (pl >= 4 && pk[0] == 4)
			fail("EAP-Failure: the headend refused the login");
		struct ac_eap e;
		const char *why = "?";
		if (ac_eap_parse(pk, pl, &e, &why) || e.code != 1 || !e.xml)
			fail("EAP request is not AnyConnect-EAP: %s", why);
		static struct ac_xml_msg x;
		if (ac_xml_parse(e.xml, e.xml_len, &x, &why))
			fail("headend XML refused: %s", why);
		if (x.error[0])
			fail("headend reports an error: %s", x.error);
		say("EAP request %u: %s%s%s", e.id, ac_xml_type_name(x.type), x.message[0] ? ": " : "", x.message);
		struct ac_xml_msg r = { 0 };
		switch (x.type) {
		case AC_XML_HELLO:
			if (opt.xfile) {
				send_raw_init(e.id);
				break;
			}
			r.type = AC_XML_INIT;
			snprintf(r.group_access, sizeof r.group_access, "%s", opt.group);
			reply_xml(e.id, &r);
			break;
		case AC_XML_AUTH_REQUEST:
			if (x.config_hash[0])
				snprintf(config_hash, sizeof config_hash, "%s", x.config_hash);
			if (strcmp(x.auth_id, "main") != 0 && x.ninputs)
				say("challenge (%s): %s", x.auth_id, x.input[0].label);
			answer_form(e.id, &x);
			break;
		case AC_XML_COMPLETE:
			say("complete: session-id %s, token %s", x.session_id, x.session_token[0] ? "present" : "missing");
			if (x.profile_uri[0])
				say("profile manifest: %s sha1 %s", x.profile_uri, x.profile_hash);
			if (!x.session_id[0] || !x.session_token[0])
				fail("complete without session-id/session-token");
			r.type = AC_XML_ACK;
			reply_xml(e.id, &r);
			break;
		default:
			fail("unexpected %s from the headend", ac_xml_type_name(x.type));
		}
	}
	fail("too many EAP rounds");
}

/* -E peap: EAP-Identity, then PEAPv0/MSCHAPv2 through the headend to its
 * RADIUS server, until EAP-Success (MSK) or a refusal. */
static void peap_rounds(void)
{
	struct peap_peer_conf c = { .identity = opt.user, .password = opt.pass, .cafile = opt.eap_ca,
				    .server_name = opt.eap_name, .frag = (size_t)opt.eap_frag, .say = say };
	struct peap_peer *p = peap_peer_new(&c);
	if (!p)
		fail("out of memory");
	/* a TLS handshake in 1000-octet fragments, the inner method, the TLV */
	for (int round = 0; round < 40; round++) {
		need_eap();
		const uint8_t *pk = m.eap.pkt.p;
		size_t pl = m.eap.pkt.len;
		if (pl >= 4 && pk[0] == 3) {
			const char *why = "?";
			if (!peap_peer_done(p, msk, &why))
				fail("%s", why);
			msk_len = PEAP_MSK_LEN;
			peap_peer_free(p);
			say("EAP-Success after %d rounds: PEAP MSK established", round);
			return;
		}
		if (pl >= 4 && pk[0] == 4)
			fail("EAP-Failure: the headend refused the login");
		static uint8_t r[PEAP_EAP_MAX];
		size_t rl = 0;
		const char *why = "?";
		if (peap_peer_request(p, pk, pl, r, sizeof r, &rl, &why) != PEAP_REPLY)
			fail("EAP round %d: %s", round, why);
		send_eap(r, rl);
	}
	fail("too many EAP rounds");
}

static void final_auth(void)
{
	struct ikev2_auth_octets o = { .msg = init_req, .msg_len = init_req_len, .nonce = nr, .nonce_len = nr_len,
				       .id = idi_body, .id_len = idi_body_len, .prf = IKEV2_PRF_HMAC_SHA2_256,
				       .sk_p = keys.sk_pi, .sk_p_len = keys.p_len };
	uint8_t auth[64], inner[256];
	size_t auth_len, inner_len;
	/* the MSK when the method made one, else SK_pi (RFC 7296 §2.16) */
	if (ikev2_auth_psk(&o, msk_len ? msk : keys.sk_pi, msk_len ? msk_len : keys.p_len, auth, &auth_len))
		fail("AUTH computation");
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, inner, sizeof inner);
	ikev2_w_auth(&w, IKEV2_AUTH_PSK, auth, auth_len);
	if (ikev2_w_finish(&w, &inner_len))
		fail("final AUTH does not fit");
	send_protected(inner, inner_len, w.first);
	if (!ikev2_msg_has(&m, IKEV2_PL_AUTH))
		fail("final IKE_AUTH response without AUTH");
	o = (struct ikev2_auth_octets){ .msg = init_resp, .msg_len = init_resp_len, .nonce = ni, .nonce_len = sizeof ni,
					.id = idr_body, .id_len = idr_body_len, .prf = IKEV2_PRF_HMAC_SHA2_256,
					.sk_p = keys.sk_pr, .sk_p_len = keys.p_len };
	if (m.auth.method != IKEV2_AUTH_PSK ||
	    ikev2_auth_psk_verify(&o, msk_len ? msk : keys.sk_pr, msk_len ? msk_len : keys.p_len, m.auth.data.p,
				  m.auth.data.len))
		fail("the headend's final AUTH does not verify (%s)", msk_len ? "MSK" : "SK_pr");
	say(msk_len ? "final AUTH verified (MSK)" : "final AUTH verified (SK_p, no MSK)");
	if (!ikev2_msg_has(&m, IKEV2_PL_CP) || m.cp.type != IKEV2_CFG_REPLY)
		fail("no CFG_REPLY");
	if (!ikev2_msg_has(&m, IKEV2_PL_SA) || !ikev2_msg_has(&m, IKEV2_PL_TSI))
		fail("no Child SA in the final response");
	char addr[INET_ADDRSTRLEN] = "";
	for (unsigned i = 0; i < m.cp.n; i++) {
		const struct ikev2_cp_attr *a = &m.cp.a[i];
		char s[INET_ADDRSTRLEN];
		if (a->len != 4 || !inet_ntop(AF_INET, a->val, s, sizeof s))
			continue;
		if (a->type == IKEV2_CFG_INTERNAL_IP4_ADDRESS)
			snprintf(addr, sizeof addr, "%s", s);
		else if (a->type == IKEV2_CFG_INTERNAL_IP4_NETMASK)
			say("netmask %s", s);
		else if (a->type == IKEV2_CFG_INTERNAL_IP4_DNS)
			say("dns %s", s);
	}
	if (!addr[0])
		fail("CFG_REPLY without INTERNAL_IP4_ADDRESS");
	printf("ADDRESS %s\n", addr);
}

static void usage(void)
{
	fprintf(stderr, "usage: ac-client -s ADDR [-P PORT] -u USER -p PASSWORD [-c PASSCODE] [-a CA.pem]\n"
			"                 [-i IDI] [-g GROUP] [-t SECONDS] [-I] [-V] [-X FILE]\n"
			"       ac-client -E peap -s ADDR -u USER -p PASSWORD -k PSK [-C CA.pem] [-R NAME] [-i IDI] [-F N]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int c;
	while ((c = getopt(argc, argv, "s:P:u:p:c:a:i:g:t:IVX:E:k:C:R:F:")) != -1) {
		switch (c) {
		case 's': opt.server = optarg; break;
		case 'P': opt.port = atoi(optarg); break;
		case 'u': opt.user = optarg; break;
		case 'p': opt.pass = optarg; break;
		case 'c': opt.passcode = optarg; break;
		case 'a': opt.cafile = optarg; break;
		case 'i': opt.idi = optarg; break;
		case 'g': opt.group = optarg; break;
		case 't': opt.rto_total = atof(optarg); break;
		case 'I': opt.init_only = true; break;
		case 'V': opt.no_vids = true; break;
		case 'X': opt.xfile = optarg; break;
		case 'E': opt.eap = optarg; break;
		case 'k': opt.psk = optarg; break;
		case 'C': opt.eap_ca = optarg; break;
		case 'R': opt.eap_name = optarg; break;
		case 'F': opt.eap_frag = atoi(optarg); break;
		default: usage();
		}
	}
	if (!opt.server || opt.port < 1 || opt.port > 65535 ||
	    (!opt.init_only && !opt.xfile && (!opt.user || !opt.pass)))
		usage();
	if (opt.eap) {
		/* a plain EAP client: no Cisco vendor IDs, its own identity */
		if (strcmp(opt.eap, "peap") != 0 || !opt.psk || opt.eap_frag < 0 || opt.eap_frag > PEAP_FRAG_MAX)
			usage();
		opt.no_vids = true;
		if (strcmp(opt.idi, "*$AnyConnectClient$*") == 0)
			opt.idi = "peap.lab.example";
	}
	memset(&peer, 0, sizeof peer);
	peer.sin_family = AF_INET;
	peer.sin_port = htons((uint16_t)opt.port);
	if (inet_pton(AF_INET, opt.server, &peer.sin_addr) != 1)
		usage();
	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0)
		fail("socket: %s", strerror(errno));
	sa_init();
	if (opt.init_only)
		return 0;
	auth1();
	if (opt.eap)
		peap_rounds();
	else
		eap_rounds();
	final_auth();
	ikev2_ike_keys_wipe(&keys);
	ikev2_wipe(msk, sizeof msk);
	return 0;
}
