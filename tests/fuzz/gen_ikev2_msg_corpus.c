/*
 * Writes the seed corpus of fuzz_ikev2_msg into the directory argv[1]:
 * realistic messages built with the codec's own builders, in the fuzz
 * target's input format (mode octet first; SK bodies hold the plaintext
 * inner chain followed by a zero Pad Length, no IV or ICV).
 */
#include <stdio.h>
#include <string.h>

#include "ikev2/msg.h"

static const char *dir;
static uint8_t buf[8192], inner[4096];
static const uint8_t R[256] = { 0x5a, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99 };

static void save(const char *name, uint8_t mode, uint8_t first, const uint8_t *p, size_t len)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f) {
		perror(path);
		return;
	}
	fputc(mode, f);
	if (mode & 1)
		fputc(first, f);
	fwrite(p, 1, len, f);
	fclose(f);
}

static struct ikev2_hdr hdr(uint8_t exch, uint8_t flags, uint32_t msgid)
{
	return (struct ikev2_hdr){ .spi_i = 0x9a5c1e3b44f0128dull,
				   .spi_r = msgid ? 0x1122334455667788ull : 0,
				   .exchange = exch, .flags = flags, .msgid = msgid };
}

/* Outer message carrying `inner` (ilen octets, first type) in SK or SKF. */
static void save_sk(const char *name, uint8_t exch, uint32_t msgid, uint8_t first, size_t ilen,
		    int frag)
{
	struct ikev2_writer w;
	struct ikev2_sk_slot s;
	struct ikev2_hdr h = hdr(exch, IKEV2_FLAG_I, msgid);
	size_t len;
	ikev2_w_init(&w, buf, sizeof(buf), &h);
	if (frag)
		ikev2_w_skf(&w, first, 1, 2, 0, ilen + 1, 0, &s);
	else
		ikev2_w_sk(&w, first, 0, ilen + 1, 0, &s);
	if (ikev2_w_finish(&w, &len))
		return;
	memcpy(buf + s.ct_off, inner, ilen);
	buf[s.ct_off + ilen] = 0;  /* Pad Length */
	save(name, 0, 0, buf, len);
}

static void sa_ike(struct ikev2_sa *sa)
{
	static const struct ikev2_transform p1[] = {
		{ IKEV2_XF_ENCR, 12, 256, 0 }, { IKEV2_XF_ENCR, 12, 128, 0 }, { IKEV2_XF_INTEG, 12, 0, 0 },
		{ IKEV2_XF_PRF, 5, 0, 0 }, { IKEV2_XF_DH, 31, 0, 0 }, { IKEV2_XF_DH, 19, 0, 0 },
		{ IKEV2_XF_ENCR, 20, 256, 0 }, { IKEV2_XF_PRF, 5, 0, 0 }, { IKEV2_XF_DH, 31, 0, 0 },
		{ IKEV2_XF_DH, 19, 0, 0 },
	};
	memset(sa, 0, sizeof(*sa));
	sa->nprop = 2;
	sa->nxf = 10;
	memcpy(sa->xf, p1, sizeof(p1));
	sa->prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_IKE, .nxf = 6 };
	sa->prop[1] = (struct ikev2_proposal){ .num = 2, .proto = IKEV2_PROTO_IKE, .xf_first = 6,
					       .nxf = 4 };
}

static void sa_esp(struct ikev2_sa *sa)
{
	memset(sa, 0, sizeof(*sa));
	sa->nprop = 1;
	sa->nxf = 3;
	sa->prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4,
					       .spi = { 0xc1, 0x2a, 0x00, 0x07 }, .nxf = 3 };
	sa->xf[0] = (struct ikev2_transform){ IKEV2_XF_ENCR, 20, 256, 0 };
	sa->xf[1] = (struct ikev2_transform){ IKEV2_XF_DH, 19, 0, 0 };
	sa->xf[2] = (struct ikev2_transform){ IKEV2_XF_ESN, 0, 0, 0 };
}

static const struct ikev2_ts TS_ANY = { IKEV2_TS_IPV4_ADDR_RANGE, 0, 0, 65535, { 0 },
					{ 255, 255, 255, 255 } };
static const struct ikev2_ts TS_V6 = { IKEV2_TS_IPV6_ADDR_RANGE, 6, 443, 443,
				       { 0x20, 0x01, 0x0d, 0xb8 },
				       { 0x20, 0x01, 0x0d, 0xb8, 0xff } };

int main(int argc, char **argv)
{
	struct ikev2_writer w;
	struct ikev2_hdr h;
	struct ikev2_sa sa;
	size_t len;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	dir = argv[1];

	/* IKE_SA_INIT request, as charon sends it */
	h = hdr(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_I, 0);
	ikev2_w_init(&w, buf, sizeof(buf), &h);
	sa_ike(&sa);
	ikev2_w_sa(&w, &sa);
	ikev2_w_ke(&w, 31, R, 32);
	ikev2_w_nonce(&w, R, 32);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_SOURCE_IP, R, 20);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, R, 20);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_SIGNATURE_HASH_ALGORITHMS, "\0\2\0\3\0\4\0\5", 8);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_REDIRECT_SUPPORTED, NULL, 0);
	if (!ikev2_w_finish(&w, &len))
		save("sa_init_req", 0, 0, buf, len);

	/* the retry with a cookie, and an unknown payload */
	ikev2_w_init(&w, buf, sizeof(buf), &h);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_COOKIE, R, 20);
	ikev2_w_sa(&w, &sa);
	ikev2_w_payload(&w, 99, false, R, 7);
	ikev2_w_ke(&w, 19, R, 64);
	ikev2_w_nonce(&w, R, 16);
	if (!ikev2_w_finish(&w, &len))
		save("sa_init_cookie", 0, 0, buf, len);

	/* IKE_SA_INIT response */
	h = hdr(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_R, 0);
	h.spi_r = 0x0102030405060708ull;
	ikev2_w_init(&w, buf, sizeof(buf), &h);
	sa.nprop = 1;
	ikev2_w_sa(&w, &sa);
	ikev2_w_ke(&w, 31, R, 32);
	ikev2_w_nonce(&w, R, 32);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_SOURCE_IP, R, 20);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, R, 20);
	ikev2_w_certreq(&w, IKEV2_CERT_X509_SIG, R, 40);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_MULTIPLE_AUTH_SUPPORTED, NULL, 0);
	ikev2_w_vendor(&w, "FLEXVPN-SUPPORTED", 17);
	if (!ikev2_w_finish(&w, &len))
		save("sa_init_resp", 0, 0, buf, len);

	/* IKE_AUTH request: cert + PSK style, config request, child SA */
	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_id(&w, IKEV2_PL_IDI, IKEV2_ID_RFC822_ADDR, "alice@example.com", 17);
	ikev2_w_cert(&w, IKEV2_CERT_X509_SIG, "\x30\x03\x02\x01\x01", 5);
	ikev2_w_certreq(&w, IKEV2_CERT_X509_SIG, R, 20);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0);
	ikev2_w_id(&w, IKEV2_PL_IDR, IKEV2_ID_FQDN, "vpn.example.com", 15);
	ikev2_w_auth(&w, IKEV2_AUTH_DIGITAL_SIG,
		     "\x0f\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x0b\x05\x00SIGNATURE", 25);
	struct ikev2_cp_attr req[] = { { IKEV2_CFG_INTERNAL_IP4_ADDRESS, 0, NULL },
				       { IKEV2_CFG_INTERNAL_IP4_DNS, 0, NULL },
				       { IKEV2_CFG_INTERNAL_IP6_ADDRESS, 0, NULL },
				       { 28675, 0, NULL } };
	ikev2_w_cp(&w, IKEV2_CFG_REQUEST, req, 4);
	sa_esp(&sa);
	ikev2_w_sa(&w, &sa);
	ikev2_w_ts(&w, IKEV2_PL_TSI, &TS_ANY, 1);
	ikev2_w_ts(&w, IKEV2_PL_TSR, &TS_ANY, 1);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_MOBIKE_SUPPORTED, NULL, 0);
	if (!ikev2_w_finish(&w, &len)) {
		save_sk("ike_auth_req", IKEV2_EXCH_IKE_AUTH, 1, w.first, len, 0);
		save_sk("ike_auth_req_skf", IKEV2_EXCH_IKE_AUTH, 1, w.first, len, 1);
		save("inner_ike_auth_req", 1, w.first, inner, len);
	}

	/* IKE_AUTH response with an EAP request, then a CFG_REPLY */
	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_id(&w, IKEV2_PL_IDR, IKEV2_ID_IPV4_ADDR, "\xc0\x00\x02\x01", 4);
	ikev2_w_auth(&w, IKEV2_AUTH_PSK, R, 32);
	ikev2_w_eap(&w, IKEV2_EAP_REQUEST, 1, 1, NULL, 0);
	if (!ikev2_w_finish(&w, &len))
		save_sk("ike_auth_eap", IKEV2_EXCH_IKE_AUTH, 1, w.first, len, 0);
	struct ikev2_cp_attr rep[] = {
		{ IKEV2_CFG_INTERNAL_IP4_ADDRESS, 4, (const uint8_t *)"\x0a\x00\x00\x05" },
		{ IKEV2_CFG_INTERNAL_IP4_NETMASK, 4, (const uint8_t *)"\xff\xff\xff\xff" },
		{ IKEV2_CFG_INTERNAL_IP4_SUBNET, 8, (const uint8_t *)"\x0a\x00\x00\x00\xff\x00\x00\x00" },
		{ IKEV2_CFG_INTERNAL_IP6_ADDRESS, 17, R },
		{ IKEV2_CFG_SUPPORTED_ATTRIBUTES, 4, (const uint8_t *)"\x00\x01\x00\x03" },
		{ 28672, 9, (const uint8_t *)"Welcome!!" },
	};
	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_auth(&w, IKEV2_AUTH_PSK, R, 32);
	ikev2_w_cp(&w, IKEV2_CFG_REPLY, rep, 6);
	ikev2_w_eap(&w, IKEV2_EAP_SUCCESS, 2, 0, NULL, 0);
	ikev2_w_ts(&w, IKEV2_PL_TSR, &TS_V6, 1);
	if (!ikev2_w_finish(&w, &len))
		save("inner_cfg_reply", 1, w.first, inner, len);

	/* CREATE_CHILD_SA rekey, INFORMATIONAL delete, empty INFORMATIONAL (DPD) */
	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_notify(&w, IKEV2_PROTO_ESP, "\xc1\x2a\x00\x07", 4, IKEV2_N_REKEY_SA, NULL, 0);
	ikev2_w_sa(&w, &sa);
	ikev2_w_nonce(&w, R, 32);
	ikev2_w_ke(&w, 19, R, 64);
	ikev2_w_ts(&w, IKEV2_PL_TSI, &TS_ANY, 1);
	ikev2_w_ts(&w, IKEV2_PL_TSR, &TS_ANY, 1);
	if (!ikev2_w_finish(&w, &len))
		save_sk("create_child_sa", IKEV2_EXCH_CREATE_CHILD_SA, 2, w.first, len, 0);
	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_delete(&w, IKEV2_PROTO_ESP, 4, "\xc1\x2a\x00\x07\xc1\x2a\x00\x08", 2);
	ikev2_w_delete(&w, IKEV2_PROTO_IKE, 0, NULL, 0);
	if (!ikev2_w_finish(&w, &len))
		save_sk("informational_delete", IKEV2_EXCH_INFORMATIONAL, 3, w.first, len, 0);
	save_sk("informational_empty", IKEV2_EXCH_INFORMATIONAL, 4, IKEV2_PL_NONE, 0, 0);

	/* at and beyond the caps: many selectors, attributes, notifies, proposals */
	static struct ikev2_ts ts[IKEV2_MAX_TS + 6];
	static struct ikev2_cp_attr attrs[IKEV2_MAX_CP_ATTRS + 6];
	for (size_t i = 0; i < IKEV2_MAX_TS + 6; i++)
		ts[i] = TS_ANY;
	for (size_t i = 0; i < IKEV2_MAX_CP_ATTRS + 6; i++)
		attrs[i] = req[i % 4];
	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_ts(&w, IKEV2_PL_TSI, ts, IKEV2_MAX_TS + 6);
	ikev2_w_cp(&w, IKEV2_CFG_REQUEST, attrs, IKEV2_MAX_CP_ATTRS + 6);
	for (int i = 0; i < IKEV2_MAX_NOTIFY; i++)
		ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0);
	if (!ikev2_w_finish(&w, &len))
		save("inner_caps", 1, w.first, inner, len);
	/* SA body by hand (the builder stops at IKEV2_MAX_PROPOSALS) */
	uint8_t *b = inner;
	unsigned n = IKEV2_MAX_PROPOSALS + 3;
	for (unsigned i = 0; i < n; i++, b += 24) {
		uint8_t p[24] = { i + 1 < n ? 2 : 0, 0, 0, 24, (uint8_t)(i + 1), IKEV2_PROTO_IKE, 0, 2,
				  3, 0, 0, 8, IKEV2_XF_ENCR, 0, 0, 20, 0, 0, 0, 8, IKEV2_XF_DH, 0, 0, 19 };
		memcpy(b, p, sizeof(p));
	}
	h = hdr(IKEV2_EXCH_IKE_SA_INIT, IKEV2_FLAG_I, 0);
	ikev2_w_init(&w, buf, sizeof(buf), &h);
	ikev2_w_payload(&w, IKEV2_PL_SA, false, inner, (size_t)(b - inner));
	ikev2_w_ke(&w, 19, R, 64);
	ikev2_w_nonce(&w, R, 32);
	if (!ikev2_w_finish(&w, &len))
		save("sa_init_many_proposals", 0, 0, buf, len);
	return 0;
}
