/*
 * ikev2/msg: the IKEv2 codec.  A strongSwan-style IKE_SA_INIT request
 * built by hand from RFC 7296, then every payload: valid, truncated at
 * every byte, too short, too long, overrunning, critical bit, round trip.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "ikev2/msg.h"
#include "tests/fuzz/ikev2_msg_reencode.h"

static struct ikev2_msg M;
static uint8_t B[16384], B2[16384];

#define X32(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, \
	       v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v
#define X20(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v

/*
 * IKE_SA_INIT request as charon sends it:
 *   [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]
 * proposals aes256-aes128-sha256-prfsha256-x25519-ecp256 and
 * aes256gcm16-prfsha256-x25519-ecp256.
 */
enum { SA_OFF = 28, P1 = 32, P2 = 96, KE_OFF = 140, NONCE_OFF = 180, N1_OFF = 216,
       N2_OFF = 244, N3_OFF = 272, N4_OFF = 280, N5_OFF = 296, SS_LEN = 304 };
static const uint8_t SS_INIT[] = {
	/* header: SPIi, SPIr = 0, next SA, 2.0, IKE_SA_INIT, I, msgid 0, length 304 */
	0x9a, 0x5c, 0x1e, 0x3b, 0x44, 0xf0, 0x12, 0x8d, 0, 0, 0, 0, 0, 0, 0, 0,
	0x21, 0x20, 0x22, 0x08, 0, 0, 0, 0, 0x00, 0x00, 0x01, 0x30,
	/* SA (112) */
	0x22, 0x00, 0x00, 0x70,
	/* proposal 1: more, len 64, #1, IKE, SPI size 0, 6 transforms */
	0x02, 0x00, 0x00, 0x40, 0x01, 0x01, 0x00, 0x06,
	0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x0c, 0x80, 0x0e, 0x01, 0x00, /* AES_CBC 256 */
	0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x0c, 0x80, 0x0e, 0x00, 0x80, /* AES_CBC 128 */
	0x03, 0x00, 0x00, 0x08, 0x03, 0x00, 0x00, 0x0c,                         /* SHA2_256_128 */
	0x03, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x05,                         /* PRF SHA2_256 */
	0x03, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x1f,                         /* Curve25519 */
	0x00, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x13,                         /* ECP256 */
	/* proposal 2: last, len 44, #2, IKE, 0, 4 transforms */
	0x00, 0x00, 0x00, 0x2c, 0x02, 0x01, 0x00, 0x04,
	0x03, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x14, 0x80, 0x0e, 0x01, 0x00, /* AES_GCM_16 256 */
	0x03, 0x00, 0x00, 0x08, 0x02, 0x00, 0x00, 0x05,
	0x03, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x1f,
	0x00, 0x00, 0x00, 0x08, 0x04, 0x00, 0x00, 0x13,
	/* KE (40): Curve25519 */
	0x28, 0x00, 0x00, 0x28, 0x00, 0x1f, 0x00, 0x00, X32(0x11),
	/* Nonce (36) */
	0x29, 0x00, 0x00, 0x24, X32(0x22),
	/* N(NAT_DETECTION_SOURCE_IP) (28) */
	0x29, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x04, X20(0x33),
	/* N(NAT_DETECTION_DESTINATION_IP) (28) */
	0x29, 0x00, 0x00, 0x1c, 0x00, 0x00, 0x40, 0x05, X20(0x44),
	/* N(IKEV2_FRAGMENTATION_SUPPORTED) (8) */
	0x29, 0x00, 0x00, 0x08, 0x00, 0x00, 0x40, 0x2e,
	/* N(SIGNATURE_HASH_ALGORITHMS) (16): SHA2-256, 384, 512, Identity */
	0x29, 0x00, 0x00, 0x10, 0x00, 0x00, 0x40, 0x2f, 0x00, 0x02, 0x00, 0x03, 0x00, 0x04, 0x00, 0x05,
	/* N(REDIRECT_SUPPORTED) (8) */
	0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x40, 0x16,
};

static struct ikev2_perr parse(const uint8_t *p, size_t len)
{
	return ikev2_msg_parse(&M, p, len);
}

static struct ikev2_perr pinner(uint8_t first, const uint8_t *p, size_t len)
{
	memset(&M, 0, sizeof(M));
	return ikev2_msg_parse_inner(&M, first, p, len);
}

/* A copy of the strongSwan packet with one octet changed. */
static struct ikev2_perr poke(size_t off, uint8_t v)
{
	memcpy(B2, SS_INIT, SS_LEN);
	B2[off] = v;
	return parse(B2, SS_LEN);
}

static void assert_syntax(struct ikev2_perr e)
{
	assert_int_equal(e.notify, IKEV2_N_INVALID_SYNTAX);
	assert_non_null(e.why);
}

/* ---- the strongSwan IKE_SA_INIT ---- */

static void test_strongswan_init(void **state)
{
	(void)state;
	assert_int_equal(sizeof(SS_INIT), SS_LEN);
	struct ikev2_perr e = parse(SS_INIT, SS_LEN);
	assert_int_equal(e.notify, 0);
	assert_true(e.hdr_ok);

	const struct ikev2_hdr *h = &M.hdr;
	assert_true(h->spi_i == 0x9a5c1e3b44f0128dull);
	assert_true(h->spi_r == 0);
	assert_int_equal(h->exchange, IKEV2_EXCH_IKE_SA_INIT);
	assert_int_equal(h->flags, IKEV2_FLAG_I);
	assert_int_equal(h->msgid, 0);
	assert_int_equal(h->length, SS_LEN);

	assert_int_equal(M.npl, 8);
	assert_int_equal(M.pl[0].type, IKEV2_PL_SA);
	assert_int_equal(M.pl[0].off, SA_OFF);
	assert_int_equal(M.pl[7].type, IKEV2_PL_NOTIFY);
	assert_true(ikev2_msg_has(&M, IKEV2_PL_SA) && ikev2_msg_has(&M, IKEV2_PL_KE) &&
		    ikev2_msg_has(&M, IKEV2_PL_NONCE) && !ikev2_msg_has(&M, IKEV2_PL_SK));

	const struct ikev2_sa *sa = &M.sa;
	assert_int_equal(sa->nprop, 2);
	assert_false(sa->truncated);
	assert_int_equal(sa->nxf, 10);
	assert_int_equal(sa->prop[0].num, 1);
	assert_int_equal(sa->prop[0].proto, IKEV2_PROTO_IKE);
	assert_int_equal(sa->prop[0].spi_len, 0);
	assert_int_equal(sa->prop[0].nxf, 6);
	assert_int_equal(sa->prop[1].num, 2);
	assert_int_equal(sa->prop[1].xf_first, 6);
	const struct ikev2_transform *x = sa->xf;
	assert_int_equal(x[0].type, IKEV2_XF_ENCR);
	assert_int_equal(x[0].id, 12);
	assert_int_equal(x[0].keylen, 256);
	assert_int_equal(x[1].keylen, 128);
	assert_int_equal(x[2].type, IKEV2_XF_INTEG);
	assert_int_equal(x[2].keylen, 0);
	assert_int_equal(x[3].type, IKEV2_XF_PRF);
	assert_int_equal(x[4].type, IKEV2_XF_DH);
	assert_int_equal(x[4].id, 31);
	assert_false(x[0].unknown_attr);
	assert_int_equal(x[6].id, 20);
	assert_int_equal(x[9].id, 19);

	assert_int_equal(M.ke.group, 31);
	assert_int_equal(M.ke.data.len, 32);
	assert_ptr_equal(M.ke.data.p, SS_INIT + KE_OFF + 8);
	assert_int_equal(M.nonce.len, 32);
	assert_int_equal(M.nonce.p[0], 0x22);

	assert_int_equal(M.nnotify, 5);
	assert_int_equal(M.notify[0].type, IKEV2_N_NAT_DETECTION_SOURCE_IP);
	assert_int_equal(M.notify[0].data.len, 20);
	assert_int_equal(M.notify[0].spi.len, 0);
	assert_false(M.notify[0].inner);
	const struct ikev2_notify *n = ikev2_msg_notify(&M, IKEV2_N_SIGNATURE_HASH_ALGORITHMS);
	assert_non_null(n);
	assert_int_equal(n->data.len, 8);
	assert_int_equal(n->data.p[1], 2);
	assert_non_null(ikev2_msg_notify(&M, IKEV2_N_REDIRECT_SUPPORTED));
	assert_non_null(ikev2_msg_notify(&M, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED));
	assert_null(ikev2_msg_notify(&M, IKEV2_N_COOKIE));

	/* rebuilt with the builders, byte for byte */
	size_t len = 0;
	assert_int_equal(reencode_outer(&M, B, sizeof(B), &len), 0);
	assert_int_equal(len, SS_LEN);
	assert_memory_equal(B, SS_INIT, SS_LEN);
}

static void test_strongswan_truncated(void **state)
{
	(void)state;
	for (size_t l = 0; l < SS_LEN; l++) {
		memcpy(B2, SS_INIT, l);
		struct ikev2_perr e = parse(B2, l);  /* length field still says 304 */
		assert_int_equal(e.notify, IKEV2_N_INVALID_SYNTAX);
		assert_int_equal(e.hdr_ok, l >= IKEV2_HDR_LEN);
		if (l < IKEV2_HDR_LEN)
			continue;
		B2[24] = 0, B2[25] = 0, B2[26] = (uint8_t)(l >> 8), B2[27] = (uint8_t)l;
		e = parse(B2, l);  /* consistent header, chain cut short */
		assert_syntax(e);
		assert_true(e.off <= l);
	}
}

static void test_strongswan_sa_malformed(void **state)
{
	(void)state;
	static const struct { size_t off; uint8_t v; } bad[] = {
		{ P1, 0 },            /* "last" but another follows */
		{ P1, 1 },            /* not 0 or 2 */
		{ P2, 2 },            /* "more" but none follows */
		{ P1 + 3, 0x41 },     /* proposal length one too long */
		{ P1 + 3, 0x3f },     /* one too short */
		{ P1 + 3, 0x07 },     /* below its header */
		{ P1 + 2, 0x01 },     /* overruns the SA */
		{ P1 + 4, 0 },        /* proposal number 0 */
		{ P2 + 4, 3 },        /* 1 then 3 */
		{ P2 + 4, 1 },        /* 1 then 1 */
		{ P1 + 5, 9 },        /* unknown protocol */
		{ P1 + 5, IKEV2_PROTO_ESP },  /* ESP with SPI size 0 */
		{ P1 + 6, 8 },        /* IKE SPI of 8: eats the first transform */
		{ P1 + 6, 4 },        /* 4 is not an IKE SPI size */
		{ P1 + 7, 5 },        /* fewer transforms announced */
		{ P1 + 7, 7 },        /* more announced */
		{ P1 + 7, 0 },
		{ P1 + 8, 0 },        /* transform "last" but more follow */
		{ P1 + 56, 3 },       /* last transform says "more" */
		{ P1 + 8, 2 },        /* neither 0 nor 3 */
		{ P1 + 11, 13 },      /* transform length misaligned */
		{ P1 + 11, 7 },       /* below its header */
		{ P1 + 10, 1 },       /* overruns the proposal */
		{ P1 + 16, 0x00 },    /* Key Length in TLV form */
		{ SA_OFF + 3, 0x6f }, /* SA payload one short */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct ikev2_perr e = poke(bad[i].off, bad[i].v);
		if (e.notify != IKEV2_N_INVALID_SYNTAX)
			fail_msg("poke %zu=%#x: notify %u", bad[i].off, bad[i].v, e.notify);
		assert_int_equal(e.payload, IKEV2_PL_SA);
	}
	/* an unknown attribute makes that transform unacceptable, not the message */
	assert_int_equal(poke(P1 + 17, 0x0f).notify, 0);
	assert_true(M.sa.xf[0].unknown_attr);
	assert_false(M.sa.xf[1].unknown_attr);
	assert_int_equal(poke(P1 + 18, 0).notify, 0);  /* Key Length 0x0000 */
	assert_int_equal(M.sa.xf[0].keylen, 0);
	assert_true(M.sa.xf[0].unknown_attr);
	/* a response's single proposal keeps the chosen number */
	memcpy(B2, SS_INIT, SS_LEN);
	B2[P1] = 0;
	B2[P1 + 4] = 7;
	B2[SA_OFF + 3] = 4 + 64;
	memmove(B2 + P2, B2 + P2 + 44, SS_LEN - P2 - 44);
	B2[27] -= 44;
	assert_int_equal(parse(B2, SS_LEN - 44).notify, 0);
	assert_int_equal(M.sa.nprop, 1);
	assert_int_equal(M.sa.prop[0].num, 7);
}

static struct ikev2_perr poke2(size_t off, uint8_t a, uint8_t b)
{
	memcpy(B2, SS_INIT, SS_LEN);
	B2[off] = a;
	B2[off + 1] = b;
	return parse(B2, SS_LEN);
}

static void test_strongswan_other_malformed(void **state)
{
	(void)state;
	struct ikev2_perr e = poke(KE_OFF + 5, 19);  /* ECP256 wants 64 octets */
	assert_syntax(e);
	assert_int_equal(e.payload, IKEV2_PL_KE);
	assert_int_equal(poke(KE_OFF + 5, 99).notify, 0);  /* unknown group: any size */
	assert_int_equal(M.ke.group, 99);
	/* NAT_DETECTION data is 20 octets, so is a COOKIE (1..64), not INVALID_KE */
	assert_int_equal(poke(N1_OFF + 7, 0x06).notify, 0);
	assert_int_equal(M.notify[0].type, IKEV2_N_COOKIE);
	e = poke2(N1_OFF + 6, 0, IKEV2_N_INVALID_KE_PAYLOAD);
	assert_syntax(e);
	assert_int_equal(e.payload, IKEV2_PL_NOTIFY);
	assert_int_equal(e.off, N1_OFF + 8);
	assert_syntax(poke(N1_OFF + 5, 4));  /* an SPI with no protocol */
	/* HASH_ALG with an odd length (caught before the chain misaligns) */
	assert_syntax(poke(N4_OFF + 3, 0x0f));
	/* Nonce cut to 15 octets */
	e = poke2(NONCE_OFF + 2, 0, 4 + 15);
	assert_syntax(e);
	assert_int_equal(e.payload, IKEV2_PL_NONCE);
	/* the last payload says another follows */
	assert_syntax(poke(N5_OFF, IKEV2_PL_VENDOR));
	/* N3 (8 octets) claims 12: overlaps N4, the chain then misparses */
	assert_syntax(poke(N3_OFF + 3, 12));
}

/* ---- header ---- */

static void test_header(void **state)
{
	(void)state;
	struct ikev2_perr e;
	e = parse(NULL, 0);
	assert_int_equal(e.notify, IKEV2_N_INVALID_SYNTAX);
	assert_false(e.hdr_ok);
	e = parse(SS_INIT, 27);
	assert_false(e.hdr_ok);

	/* major version 1 or 3: INVALID_MAJOR_VERSION, SPIs still usable */
	e = poke(17, 0x10);
	assert_int_equal(e.notify, IKEV2_N_INVALID_MAJOR_VERSION);
	assert_true(e.hdr_ok);
	assert_true(M.hdr.spi_i == 0x9a5c1e3b44f0128dull);
	assert_int_equal(poke(17, 0x30).notify, IKEV2_N_INVALID_MAJOR_VERSION);
	assert_int_equal(poke(17, 0x00).notify, IKEV2_N_INVALID_MAJOR_VERSION);
	/* minor version ignored; reserved flag bits ignored */
	assert_int_equal(poke(17, 0x21).notify, 0);
	assert_int_equal(M.hdr.version, 0x21);
	assert_int_equal(poke(19, 0x08 | 0x20 | 0x10 | 0x01).notify, 0);
	assert_int_equal(M.hdr.flags & (IKEV2_FLAG_R | IKEV2_FLAG_V), IKEV2_FLAG_R | IKEV2_FLAG_V);
	/* length field must equal the datagram */
	assert_syntax(poke(27, 0x31));
	assert_syntax(poke(27, 0x2f));
	assert_syntax(poke(24, 0x01));
	memcpy(B2, SS_INIT, SS_LEN);
	B2[SS_LEN] = 0;
	assert_syntax(parse(B2, SS_LEN + 1));
	/* SPIs and message ID big-endian */
	memcpy(B2, SS_INIT, SS_LEN);
	memcpy(B2 + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	memcpy(B2 + 20, "\xde\xad\xbe\xef", 4);
	assert_int_equal(parse(B2, SS_LEN).notify, 0);
	assert_true(M.hdr.spi_r == 0x0102030405060708ull);
	assert_true(M.hdr.msgid == 0xdeadbeefu);
	/* an empty IKE_SA_INIT parses (the exchange rejects it) */
	memcpy(B2, SS_INIT, IKEV2_HDR_LEN);
	B2[16] = 0;
	B2[26] = 0, B2[27] = IKEV2_HDR_LEN;
	assert_int_equal(parse(B2, IKEV2_HDR_LEN).notify, 0);
	assert_int_equal(M.npl, 0);
}

/* ---- generic payload chain ---- */

static struct ikev2_hdr hdr_of(uint8_t exchange)
{
	return (struct ikev2_hdr){ .spi_i = 0x1122334455667788ull, .exchange = exchange,
				   .flags = IKEV2_FLAG_I, .msgid = 1 };
}

static const uint8_t NONCE[32] = { X32(0x5a) };

static void test_chain(void **state)
{
	(void)state;
	struct ikev2_writer w;
	struct ikev2_hdr h = hdr_of(IKEV2_EXCH_IKE_SA_INIT);
	size_t len;
	struct ikev2_perr e;

	/* an unknown non-critical payload is skipped, the chain goes on */
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_payload(&w, 99, false, "abc", 3);
	ikev2_w_nonce(&w, NONCE, sizeof(NONCE));
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	e = parse(B, len);
	assert_int_equal(e.notify, 0);
	assert_int_equal(M.npl, 2);
	assert_false(M.pl[0].known);
	assert_int_equal(M.pl[0].type, 99);
	assert_int_equal(M.nonce.len, 32);

	/* ...but with the critical bit the whole message is refused */
	B[IKEV2_HDR_LEN + 1] = 0x80;
	e = parse(B, len);
	assert_int_equal(e.notify, IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	assert_int_equal(e.payload, 99);
	assert_int_equal(e.off, IKEV2_HDR_LEN);
	/* the critical bit on a known payload is ignored; reserved bits too */
	B[IKEV2_HDR_LEN + 1] = 0;
	B[IKEV2_HDR_LEN + 7 + 1] = 0xff;
	assert_int_equal(parse(B, len).notify, 0);
	assert_true(M.pl[1].critical);

	/* payload length below 4, overrunning, chain running past the end */
	memcpy(B2, B, len);
	B2[IKEV2_HDR_LEN + 3] = 3;
	assert_syntax(parse(B2, len));
	B2[IKEV2_HDR_LEN + 3] = 0xff;
	assert_syntax(parse(B2, len));
	memcpy(B2, B, len);
	B2[IKEV2_HDR_LEN + 7] = IKEV2_PL_VENDOR;  /* Nonce says another follows */
	assert_syntax(parse(B2, len));
	/* octets after the last payload */
	memcpy(B2, B, len);
	B2[len] = 0;
	B2[27]++;
	assert_syntax(parse(B2, len + 1));

	/* at most IKEV2_MAX_PAYLOADS payloads */
	ikev2_w_init(&w, B, sizeof(B), &h);
	for (int i = 0; i <= IKEV2_MAX_PAYLOADS; i++)
		ikev2_w_payload(&w, 99, false, NULL, 0);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	e = parse(B, len);
	assert_syntax(e);
	assert_int_equal(e.off, IKEV2_HDR_LEN + 4 * IKEV2_MAX_PAYLOADS);
	/* ...and at most IKEV2_MAX_VID Vendor IDs */
	ikev2_w_init(&w, B, sizeof(B), &h);
	for (int i = 0; i <= IKEV2_MAX_VID; i++)
		ikev2_w_vendor(&w, NULL, 0);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	e = parse(B, len);
	assert_syntax(e);
	assert_int_equal(e.payload, IKEV2_PL_VENDOR);

	/* singletons */
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_nonce(&w, NONCE, sizeof(NONCE));
	ikev2_w_nonce(&w, NONCE, sizeof(NONCE));
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	e = parse(B, len);
	assert_syntax(e);
	assert_int_equal(e.payload, IKEV2_PL_NONCE);
}

/* ---- which payloads may stand outside SK ---- */

static size_t msg_with(uint8_t exch, uint8_t t1, uint8_t t2)
{
	static const uint8_t id[] = "vpn";
	struct ikev2_writer w;
	struct ikev2_hdr h = hdr_of(exch);
	struct ikev2_sk_slot s;
	size_t len;
	uint8_t ts[8] = { 0 };
	ikev2_w_init(&w, B, sizeof(B), &h);
	uint8_t t[2] = { t1, t2 };
	for (int i = 0; i < 2; i++) {
		switch (t[i]) {
		case 0: break;
		case IKEV2_PL_SK: ikev2_w_sk(&w, IKEV2_PL_IDI, 16, 32, 16, &s); break;
		case IKEV2_PL_SKF: ikev2_w_skf(&w, IKEV2_PL_IDI, 1, 2, 16, 32, 16, &s); break;
		case IKEV2_PL_IDI: ikev2_w_id(&w, IKEV2_PL_IDI, IKEV2_ID_FQDN, id, 3); break;
		case IKEV2_PL_NONCE: ikev2_w_nonce(&w, NONCE, sizeof(NONCE)); break;
		case IKEV2_PL_NOTIFY: ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0); break;
		case IKEV2_PL_VENDOR: ikev2_w_vendor(&w, id, 3); break;
		case IKEV2_PL_CERTREQ: ikev2_w_certreq(&w, IKEV2_CERT_X509_SIG, ts, 0); break;
		case IKEV2_PL_DELETE: ikev2_w_delete(&w, IKEV2_PROTO_IKE, 0, NULL, 0); break;
		case IKEV2_PL_EAP: ikev2_w_eap(&w, IKEV2_EAP_RESPONSE, 1, 1, id, 3); break;
		default: ikev2_w_payload(&w, t[i], false, ts, sizeof(ts));
		}
	}
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	return len;
}

static void test_placement(void **state)
{
	(void)state;
	/* encrypted exchanges: SK required, only N/VID before it */
	static const uint8_t enc[] = { IKEV2_EXCH_IKE_AUTH, IKEV2_EXCH_CREATE_CHILD_SA,
				       IKEV2_EXCH_INFORMATIONAL, IKEV2_EXCH_IKE_INTERMEDIATE };
	for (size_t i = 0; i < sizeof(enc); i++) {
		uint8_t x = enc[i];
		assert_int_equal(parse(B, msg_with(x, IKEV2_PL_SK, 0)).notify, 0);
		assert_true(ikev2_msg_has(&M, IKEV2_PL_SK));
		assert_int_equal(parse(B, msg_with(x, IKEV2_PL_SKF, 0)).notify, 0);
		assert_int_equal(parse(B, msg_with(x, IKEV2_PL_NOTIFY, IKEV2_PL_SK)).notify, 0);
		assert_int_equal(parse(B, msg_with(x, IKEV2_PL_VENDOR, IKEV2_PL_SK)).notify, 0);
		assert_int_equal(parse(B, msg_with(x, 99, IKEV2_PL_SK)).notify, 0);
		assert_syntax(parse(B, msg_with(x, 0, 0)));                      /* no SK */
		assert_syntax(parse(B, msg_with(x, IKEV2_PL_NOTIFY, 0)));        /* no SK */
		assert_syntax(parse(B, msg_with(x, IKEV2_PL_IDI, IKEV2_PL_SK)));
		assert_syntax(parse(B, msg_with(x, IKEV2_PL_NONCE, IKEV2_PL_SK)));
		assert_syntax(parse(B, msg_with(x, IKEV2_PL_CERTREQ, IKEV2_PL_SK)));
		assert_syntax(parse(B, msg_with(x, IKEV2_PL_DELETE, IKEV2_PL_SK)));
		assert_syntax(parse(B, msg_with(x, IKEV2_PL_EAP, IKEV2_PL_SK)));
	}
	/* SA/KE/Nonce and the rest of IKE_SA_INIT: no SK, no sensitive payloads */
	uint8_t x = IKEV2_EXCH_IKE_SA_INIT;
	assert_int_equal(parse(B, msg_with(x, IKEV2_PL_NONCE, IKEV2_PL_CERTREQ)).notify, 0);
	assert_syntax(parse(B, msg_with(x, IKEV2_PL_SK, 0)));
	assert_syntax(parse(B, msg_with(x, IKEV2_PL_NONCE, IKEV2_PL_SKF)));
	static const uint8_t sensitive[] = { IKEV2_PL_IDI, IKEV2_PL_IDR, IKEV2_PL_CERT, IKEV2_PL_AUTH,
					     IKEV2_PL_TSI, IKEV2_PL_TSR, IKEV2_PL_CP, IKEV2_PL_EAP,
					     IKEV2_PL_DELETE };
	for (size_t i = 0; i < sizeof(sensitive); i++) {
		struct ikev2_perr e = parse(B, msg_with(x, IKEV2_PL_NONCE, sensitive[i]));
		assert_syntax(e);
		assert_int_equal(e.payload, sensitive[i]);
		/* an unknown exchange gets the same rule */
		assert_syntax(parse(B, msg_with(99, sensitive[i], 0)));
	}
	assert_int_equal(parse(B, msg_with(99, IKEV2_PL_NONCE, IKEV2_PL_SK)).notify, 0);

	/* SK must be the last payload: here an unknown payload hides after it */
	size_t len = msg_with(IKEV2_EXCH_IKE_AUTH, IKEV2_PL_SK, 0);
	memcpy(B + len, "\x00\x00\x00\x04", 4);
	B[27] += 4;
	assert_syntax(parse(B, len + 4));
	/* SK's length field short of the end */
	len = msg_with(IKEV2_EXCH_IKE_AUTH, IKEV2_PL_SK, 0);
	B[IKEV2_HDR_LEN + 3] -= 4;
	assert_syntax(parse(B, len));
}

/* ---- per-payload mutations on a one-payload inner chain ---- */

static void set_len(uint8_t *p, size_t len)
{
	p[2] = (uint8_t)(len >> 8);
	p[3] = (uint8_t)len;
}

/*
 * chain[0..len) holds one payload of type t.  Shortened to l (its length
 * field following) it must fail unless l >= min_ok or l == also_ok; grown
 * by a zero octet it must parse only if grow_ok; never may the buffer and
 * the length field disagree.
 */
static void mutations(uint8_t t, const uint8_t *chain, size_t len, size_t min_ok, size_t also_ok,
		      bool grow_ok)
{
	uint8_t buf[2048];
	assert_true(len + 1 <= sizeof(buf));
	assert_int_equal(pinner(t, chain, len).notify, 0);
	for (size_t l = 0; l < len; l++) {
		memcpy(buf, chain, l);
		struct ikev2_perr e = pinner(t, buf, l);  /* length field unchanged: overruns */
		assert_syntax(e);
		assert_true(e.off <= l);
		if (l < 4)
			continue;
		set_len(buf, l);
		e = pinner(t, buf, l);
		bool ok = l >= min_ok || l == also_ok;
		if ((e.notify == 0) != ok)
			fail_msg("type %u cut to %zu: notify %u (%s)", t, l, e.notify, e.why ? e.why : "");
		if (!ok)
			assert_int_equal(e.payload, t);
	}
	memcpy(buf, chain, len);
	buf[len] = 0;
	assert_syntax(pinner(t, buf, len + 1));   /* octet after the payload */
	set_len(buf, len + 1);
	assert_syntax(pinner(t, buf, len));       /* overruns the buffer by one */
	struct ikev2_perr e = pinner(t, buf, len + 1);
	if ((e.notify == 0) != grow_ok)
		fail_msg("type %u grown by one: notify %u (%s)", t, e.notify, e.why ? e.why : "");
	/* the critical bit is ignored on a known payload */
	memcpy(buf, chain, len);
	buf[1] = 0x80;
	assert_int_equal(pinner(t, buf, len).notify, 0);
}

/* One payload built into B; returns its length. */
#define ONE(call)                                                   \
	({                                                          \
		struct ikev2_writer w_;                             \
		size_t l_ = 0;                                      \
		ikev2_w_init_inner(&w_, B, sizeof(B));              \
		struct ikev2_writer *w = &w_;                       \
		call;                                               \
		assert_int_equal(ikev2_w_finish(&w_, &l_), 0);      \
		l_;                                                 \
	})

/* A one-payload chain of type t with this body, parsed. */
static struct ikev2_perr raw1(uint8_t t, const void *body, size_t len)
{
	return pinner(t, B, ONE(ikev2_w_payload(w, t, false, body, len)));
}

static const uint8_t KE64[64] = { X32(0x01), X32(0x02) };

static void test_sa_payload(void **state)
{
	(void)state;
	struct ikev2_sa sa = { .nprop = 2, .nxf = 5 };
	sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4,
					      .spi = { 0xc0, 0x01, 0xca, 0xfe }, .xf_first = 0, .nxf = 3 };
	sa.prop[1] = (struct ikev2_proposal){ .num = 2, .proto = IKEV2_PROTO_ESP, .spi_len = 4,
					      .spi = { 0xc0, 0x01, 0xca, 0xfe }, .xf_first = 3, .nxf = 2 };
	sa.xf[0] = (struct ikev2_transform){ IKEV2_XF_ENCR, 12, 256, false };
	sa.xf[1] = (struct ikev2_transform){ IKEV2_XF_INTEG, 12, 0, false };
	sa.xf[2] = (struct ikev2_transform){ IKEV2_XF_ESN, 0, 0, false };
	sa.xf[3] = (struct ikev2_transform){ IKEV2_XF_ENCR, 20, 128, false };
	sa.xf[4] = (struct ikev2_transform){ IKEV2_XF_ESN, 0, 0, false };
	size_t len = ONE(ikev2_w_sa(w, &sa));
	assert_int_equal(len, 4 + (12 + 12 + 8 + 8) + (12 + 12 + 8));
	assert_int_equal(pinner(IKEV2_PL_SA, B, len).notify, 0);
	assert_int_equal(M.sa.nprop, 2);
	assert_int_equal(M.sa.nxf, 5);
	assert_memory_equal(M.sa.prop[0].spi, sa.prop[0].spi, 4);
	assert_int_equal(M.sa.prop[1].xf_first, 3);
	assert_memory_equal(M.sa.xf, sa.xf, sizeof(sa.xf[0]) * 5);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_SA, B2, len, len, 0, false);

	/* ESP SPI must be 4 octets, an IKE one 0 or 8 */
	size_t poff = 4;
	B2[poff + 6] = 8;
	assert_syntax(pinner(IKEV2_PL_SA, B2, len));
	memcpy(B2, B, len);
	B2[poff + 5] = IKEV2_PROTO_IKE;
	assert_syntax(pinner(IKEV2_PL_SA, B2, len));
	/* an empty SA */
	assert_syntax(pinner(IKEV2_PL_SA, (const uint8_t *)"\0\0\0\4", 4));

	/* builder refuses inconsistent input */
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, B, sizeof(B));
	sa.prop[1].nxf = 3;  /* runs past sa.nxf */
	ikev2_w_sa(&w, &sa);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init_inner(&w, B, sizeof(B));
	sa.nprop = 0;
	ikev2_w_sa(&w, &sa);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
}

/* An SA body of n IKE proposals with k one-ENCR transforms each. */
static size_t raw_sa(uint8_t *p, unsigned n, unsigned k)
{
	size_t o = 0;
	for (unsigned i = 0; i < n; i++) {
		size_t plen = 8 + 8 * k;
		uint8_t h[8] = { i + 1 < n ? 2 : 0, 0, (uint8_t)(plen >> 8), (uint8_t)plen,
				 (uint8_t)(i + 1), IKEV2_PROTO_IKE, 0, (uint8_t)k };
		memcpy(p + o, h, 8);
		o += 8;
		for (unsigned j = 0; j < k; j++, o += 8)
			memcpy(p + o, (uint8_t[]){ j + 1 < k ? 3 : 0, 0, 0, 8, 1, 0, 0, 12 }, 8);
	}
	return o;
}

static void test_sa_caps(void **state)
{
	(void)state;
	uint8_t body[8192];
	/* more proposals than stored: all validated, the first 32 kept */
	size_t blen = raw_sa(body, 40, 1);
	size_t len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, body, blen));
	assert_int_equal(pinner(IKEV2_PL_SA, B, len).notify, 0);
	assert_int_equal(M.sa.nprop, IKEV2_MAX_PROPOSALS);
	assert_true(M.sa.truncated);
	assert_int_equal(M.sa.prop[31].num, 32);
	/* a proposal with too many transforms is skipped as a whole */
	blen = raw_sa(body, 1, IKEV2_MAX_XF_PER_PROP + 1);
	len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, body, blen));
	assert_int_equal(pinner(IKEV2_PL_SA, B, len).notify, 0);
	assert_int_equal(M.sa.nprop, 0);
	assert_true(M.sa.truncated);
	/* the transform pool: 5 proposals of 60 fit 4 (240 <= 256) */
	blen = raw_sa(body, 5, 60);
	len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, body, blen));
	assert_int_equal(pinner(IKEV2_PL_SA, B, len).notify, 0);
	assert_int_equal(M.sa.nprop, 4);
	assert_int_equal(M.sa.nxf, 240);
	assert_true(M.sa.truncated);
	/* attributes per transform are capped (an error: no real peer sends 17) */
	uint8_t xf[8 + 4 * 17] = { 0, 0, 0, sizeof(xf), 1, 0, 0, 12 };
	for (int i = 0; i < 17; i++)
		memcpy(xf + 8 + 4 * i, "\x80\x0f\x00\x01", 4);
	uint8_t prop[8 + sizeof(xf)] = { 0, 0, 0, sizeof(prop), 1, 1, 0, 1 };
	memcpy(prop + 8, xf, sizeof(xf));
	len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, prop, sizeof(prop)));
	assert_syntax(pinner(IKEV2_PL_SA, B, len));
	xf[3] -= 4, prop[3] -= 4;  /* 16 attributes: fine, the transform unacceptable */
	memcpy(prop + 8, xf, sizeof(xf) - 4);
	len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, prop, sizeof(prop) - 4));
	assert_int_equal(pinner(IKEV2_PL_SA, B, len).notify, 0);
	assert_true(M.sa.xf[0].unknown_attr);
	/* a TLV attribute (not Key Length) is skipped by its length */
	uint8_t tlv[] = { 0, 0, 0, 16, 1, 0, 0, 12, 0x00, 0x10, 0x00, 0x04, 1, 2, 3, 4 };
	uint8_t p2[8 + sizeof(tlv)] = { 0, 0, 0, sizeof(p2), 1, 1, 0, 1 };
	memcpy(p2 + 8, tlv, sizeof(tlv));
	len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, p2, sizeof(p2)));
	assert_int_equal(pinner(IKEV2_PL_SA, B, len).notify, 0);
	assert_true(M.sa.xf[0].unknown_attr);
	p2[8 + 11] = 5;  /* TLV overruns */
	len = ONE(ikev2_w_payload(w, IKEV2_PL_SA, false, p2, sizeof(p2)));
	assert_syntax(pinner(IKEV2_PL_SA, B, len));
	/* Key Length only in TV form, only once; an SPI inside its proposal */
	static const uint8_t kl_tlv[] = { 0, 0, 0, 22, 1, 1, 0, 1, 0, 0, 0, 14, 1, 0, 0, 12,
					  0x00, 0x0e, 0x00, 0x02, 0x01, 0x00 };
	static const uint8_t kl_dup[] = { 0, 0, 0, 24, 1, 1, 0, 1, 0, 0, 0, 16, 1, 0, 0, 12,
					  0x80, 0x0e, 0x00, 0x80, 0x80, 0x0e, 0x01, 0x00 };
	static const uint8_t spi_over[] = { 0, 0, 0, 8, 1, 1, 8, 1 };
	struct ikev2_perr e = raw1(IKEV2_PL_SA, kl_tlv, sizeof(kl_tlv));
	assert_syntax(e);
	assert_string_equal(e.why, "Key Length attribute not in TV form");
	e = raw1(IKEV2_PL_SA, kl_dup, sizeof(kl_dup));
	assert_string_equal(e.why, "duplicate Key Length attribute");
	e = raw1(IKEV2_PL_SA, spi_over, sizeof(spi_over));
	assert_string_equal(e.why, "SPI overruns the proposal");
	assert_int_equal(e.off, 4 + 6);
}

static void test_ke_payload(void **state)
{
	(void)state;
	static const struct { uint16_t g; size_t n; } sizes[] = {
		{ 14, 256 }, { 15, 384 }, { 16, 512 }, { 19, 64 }, { 20, 96 }, { 21, 132 }, { 31, 32 },
		{ 2, 128 }, { 5, 192 }, { 24, 256 },
	};
	static uint8_t data[600];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(ikev2_ke_len(sizes[i].g), sizes[i].n);
		size_t len = ONE(ikev2_w_ke(w, sizes[i].g, data, sizes[i].n));
		assert_int_equal(pinner(IKEV2_PL_KE, B, len).notify, 0);
		assert_int_equal(M.ke.group, sizes[i].g);
		assert_int_equal(M.ke.data.len, sizes[i].n);
		/* a size mismatch either way is INVALID_SYNTAX */
		len = ONE(ikev2_w_payload(w, IKEV2_PL_KE, false, data, 4 + sizes[i].n - 1));
		B[4] = (uint8_t)(sizes[i].g >> 8), B[5] = (uint8_t)sizes[i].g;
		assert_syntax(pinner(IKEV2_PL_KE, B, len));
		len = ONE(ikev2_w_payload(w, IKEV2_PL_KE, false, data, 4 + sizes[i].n + 1));
		B[4] = (uint8_t)(sizes[i].g >> 8), B[5] = (uint8_t)sizes[i].g;
		assert_syntax(pinner(IKEV2_PL_KE, B, len));
	}
	assert_int_equal(ikev2_ke_len(1000), 0);
	size_t len = ONE(ikev2_w_ke(w, 19, KE64, sizeof(KE64)));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_KE, B2, len, len, 0, false);
	/* unknown group: any non-empty size */
	len = ONE(ikev2_w_ke(w, 1000, KE64, 3));
	assert_int_equal(pinner(IKEV2_PL_KE, B, len).notify, 0);
	assert_syntax(pinner(IKEV2_PL_KE, (const uint8_t *)"\0\0\0\x08\x03\xe8\0\0", 8));
	/* the builder checks the size too */
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, B, sizeof(B));
	ikev2_w_ke(&w, 19, KE64, 32);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
}

static void test_id_payload(void **state)
{
	(void)state;
	size_t len = ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_FQDN, "client.example.com", 18));
	assert_int_equal(pinner(IKEV2_PL_IDI, B, len).notify, 0);
	assert_int_equal(M.idi.type, IKEV2_ID_FQDN);
	assert_int_equal(M.idi.data.len, 18);
	assert_memory_equal(M.idi.data.p, "client.example.com", 18);
	assert_ptr_equal(M.idi.body.p, B + 4);  /* what AUTH signs */
	assert_int_equal(M.idi.body.len, 22);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_IDI, B2, len, 9, 0, true);

	len = ONE(ikev2_w_id(w, IKEV2_PL_IDR, IKEV2_ID_IPV4_ADDR, "\xc0\x00\x02\x01", 4));
	assert_int_equal(pinner(IKEV2_PL_IDR, B, len).notify, 0);
	assert_int_equal(M.idr.type, IKEV2_ID_IPV4_ADDR);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_IDR, B2, len, len, 0, false);
	len = ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_IPV6_ADDR, KE64, 16));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_IDI, B2, len, len, 0, false);
	/* wrong sizes per type */
	assert_syntax(pinner(IKEV2_PL_IDI, B,
			     ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_IPV6_ADDR, KE64, 4))));
	assert_syntax(pinner(IKEV2_PL_IDI, B, ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_KEY_ID, KE64, 0))));
	assert_syntax(pinner(IKEV2_PL_IDI, B, ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_NULL, KE64, 1))));
	assert_int_equal(pinner(IKEV2_PL_IDI, B,
				ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_NULL, NULL, 0))).notify, 0);
	assert_int_equal(pinner(IKEV2_PL_IDI, B,
				ONE(ikev2_w_id(w, IKEV2_PL_IDI, 200, NULL, 0))).notify, 0);
	/* AnyConnect's default KEY_ID */
	len = ONE(ikev2_w_id(w, IKEV2_PL_IDI, IKEV2_ID_KEY_ID, "*$AnyConnectClient$*", 20));
	assert_int_equal(pinner(IKEV2_PL_IDI, B, len).notify, 0);
	assert_int_equal(M.idi.data.len, 20);
}

static void test_cert_payloads(void **state)
{
	(void)state;
	static const uint8_t der[] = { 0x30, 0x82, 0x01, 0x0a, 0x02, 0x01 };
	size_t len = ONE(ikev2_w_cert(w, IKEV2_CERT_X509_SIG, der, sizeof(der)));
	assert_int_equal(pinner(IKEV2_PL_CERT, B, len).notify, 0);
	assert_int_equal(M.ncert, 1);
	assert_int_equal(M.cert[0].encoding, IKEV2_CERT_X509_SIG);
	assert_memory_equal(M.cert[0].data.p, der, sizeof(der));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_CERT, B2, len, 6, 0, true);

	uint8_t hashes[40] = { X20(0xaa), X20(0xbb) };
	len = ONE(ikev2_w_certreq(w, IKEV2_CERT_X509_SIG, hashes, 40));
	assert_int_equal(pinner(IKEV2_PL_CERTREQ, B, len).notify, 0);
	assert_int_equal(M.ncertreq, 1);
	assert_int_equal(M.certreq[0].data.len, 40);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_CERTREQ, B2, len, 5, 0, true);

	/* a chain of several CERTs, capped */
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, B, sizeof(B));
	for (int i = 0; i < IKEV2_MAX_CERT; i++)
		ikev2_w_cert(&w, IKEV2_CERT_X509_SIG, der, sizeof(der));
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(pinner(w.first, B, len).notify, 0);
	assert_int_equal(M.ncert, IKEV2_MAX_CERT);
	ikev2_w_cert(&w, IKEV2_CERT_X509_SIG, der, sizeof(der));
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_syntax(pinner(w.first, B, len));
}

static void test_auth_payload(void **state)
{
	(void)state;
	uint8_t mac[32] = { X32(0x77) };
	size_t len = ONE(ikev2_w_auth(w, IKEV2_AUTH_PSK, mac, sizeof(mac)));
	assert_int_equal(pinner(IKEV2_PL_AUTH, B, len).notify, 0);
	assert_int_equal(M.auth.method, IKEV2_AUTH_PSK);
	assert_int_equal(M.auth.data.len, 32);
	assert_int_equal(M.auth.sig.len, 32);
	assert_int_equal(M.auth.sig_alg.len, 0);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_AUTH, B2, len, 9, 0, true);

	/* RFC 7427: length | sha256WithRSAEncryption AlgorithmIdentifier | signature */
	uint8_t ds[1 + 15 + 8] = { 15, 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d,
				   0x01, 0x01, 0x0b, 0x05, 0x00, 1, 2, 3, 4, 5, 6, 7, 8 };
	len = ONE(ikev2_w_auth(w, IKEV2_AUTH_DIGITAL_SIG, ds, sizeof(ds)));
	assert_int_equal(pinner(IKEV2_PL_AUTH, B, len).notify, 0);
	assert_int_equal(M.auth.sig_alg.len, 15);
	assert_int_equal(M.auth.sig_alg.p[0], 0x30);
	assert_int_equal(M.auth.sig.len, 8);
	assert_int_equal(M.auth.sig.p[0], 1);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_AUTH, B2, len, 4 + 4 + 1 + 15 + 1, 0, true);
	assert_syntax(raw1(IKEV2_PL_AUTH, (uint8_t[]){ 14, 0, 0, 0 }, 4));  /* no data */
	ds[0] = 23;  /* AlgorithmIdentifier leaves no signature */
	assert_syntax(pinner(IKEV2_PL_AUTH, B,
			     ONE(ikev2_w_auth(w, IKEV2_AUTH_DIGITAL_SIG, ds, sizeof(ds)))));
	ds[0] = 0;
	assert_syntax(pinner(IKEV2_PL_AUTH, B,
			     ONE(ikev2_w_auth(w, IKEV2_AUTH_DIGITAL_SIG, ds, sizeof(ds)))));
	ds[0] = 22;
	assert_int_equal(pinner(IKEV2_PL_AUTH, B,
				ONE(ikev2_w_auth(w, IKEV2_AUTH_DIGITAL_SIG, ds, sizeof(ds)))).notify, 0);
}

static void test_nonce_payload(void **state)
{
	(void)state;
	static uint8_t n[300];
	size_t len = ONE(ikev2_w_nonce(w, NONCE, sizeof(NONCE)));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_NONCE, B2, len, 4 + 16, 0, true);
	assert_int_equal(raw1(IKEV2_PL_NONCE, n, 16).notify, 0);
	assert_int_equal(raw1(IKEV2_PL_NONCE, n, 256).notify, 0);
	assert_syntax(raw1(IKEV2_PL_NONCE, n, 15));
	assert_syntax(raw1(IKEV2_PL_NONCE, n, 257));
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, B, sizeof(B));
	ikev2_w_nonce(&w, n, 15);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
}

static struct ikev2_perr notify_raw(uint8_t proto, uint8_t spi_len, uint16_t type, size_t dlen)
{
	uint8_t body[4 + 8 + 300] = { proto, spi_len, (uint8_t)(type >> 8), (uint8_t)type };
	size_t len = ONE(ikev2_w_payload(w, IKEV2_PL_NOTIFY, false, body, 4 + spi_len + dlen));
	return pinner(IKEV2_PL_NOTIFY, B, len);
}

static void test_notify_payload(void **state)
{
	(void)state;
	uint8_t natd[20] = { X20(0x99) };
	size_t len = ONE(ikev2_w_notify(w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, natd, 20));
	assert_int_equal(pinner(IKEV2_PL_NOTIFY, B, len).notify, 0);
	assert_int_equal(M.nnotify, 1);
	assert_int_equal(M.notify[0].type, IKEV2_N_NAT_DETECTION_DESTINATION_IP);
	assert_true(M.notify[0].inner);
	assert_memory_equal(M.notify[0].data.p, natd, 20);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_NOTIFY, B2, len, len, 0, false);

	/* REKEY_SA with an ESP SPI */
	len = ONE(ikev2_w_notify(w, IKEV2_PROTO_ESP, "\x01\x02\x03\x04", 4, IKEV2_N_REKEY_SA, NULL, 0));
	assert_int_equal(pinner(IKEV2_PL_NOTIFY, B, len).notify, 0);
	assert_int_equal(M.notify[0].proto, IKEV2_PROTO_ESP);
	assert_int_equal(M.notify[0].spi.len, 4);
	assert_int_equal(M.notify[0].spi.p[3], 4);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_NOTIFY, B2, len, len, 0, true);
	/* a flag notify with no data; stray data tolerated */
	len = ONE(ikev2_w_notify(w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_NOTIFY, B2, len, len, 0, true);

	/* SPI sizes and protocols */
	assert_int_equal(notify_raw(0, 0, IKEV2_N_INITIAL_CONTACT, 0).notify, 0);
	assert_int_equal(notify_raw(IKEV2_PROTO_ESP, 0, IKEV2_N_INITIAL_CONTACT, 0).notify, 0);
	assert_syntax(notify_raw(0, 3, IKEV2_N_INITIAL_CONTACT, 0));
	assert_syntax(notify_raw(0, 4, IKEV2_N_INITIAL_CONTACT, 0));
	assert_syntax(notify_raw(IKEV2_PROTO_IKE, 4, IKEV2_N_INITIAL_CONTACT, 0));
	assert_int_equal(notify_raw(IKEV2_PROTO_IKE, 8, IKEV2_N_INITIAL_CONTACT, 0).notify, 0);
	assert_syntax(notify_raw(IKEV2_PROTO_AH, 8, IKEV2_N_INITIAL_CONTACT, 0));
	assert_syntax(notify_raw(0, 0, IKEV2_N_REKEY_SA, 0));
	/* data sizes of the types the engine reads */
	static const struct { uint16_t type; size_t ok, bad1, bad2; } sz[] = {
		{ IKEV2_N_UNSUPPORTED_CRITICAL_PAYLOAD, 1, 0, 2 },
		{ IKEV2_N_INVALID_KE_PAYLOAD, 2, 1, 3 },
		{ IKEV2_N_NAT_DETECTION_SOURCE_IP, 20, 19, 21 },
		{ IKEV2_N_COOKIE, 64, 0, 65 },
		{ IKEV2_N_COOKIE, 1, 0, 65 },
		{ IKEV2_N_SET_WINDOW_SIZE, 4, 3, 5 },
		{ IKEV2_N_SIGNATURE_HASH_ALGORITHMS, 8, 0, 7 },
		{ IKEV2_N_IPCOMP_SUPPORTED, 3, 0, 2 },
	};
	for (size_t i = 0; i < sizeof(sz) / sizeof(sz[0]); i++) {
		assert_int_equal(notify_raw(0, 0, sz[i].type, sz[i].ok).notify, 0);
		assert_syntax(notify_raw(0, 0, sz[i].type, sz[i].bad1));
		assert_syntax(notify_raw(0, 0, sz[i].type, sz[i].bad2));
	}
	/* REDIRECT: GW type | GW length | identity | nonce */
	uint8_t rd[2 + 4 + 16] = { 1, 4, 192, 0, 2, 7 };
	assert_int_equal(pinner(IKEV2_PL_NOTIFY, B,
				ONE(ikev2_w_notify(w, 0, NULL, 0, IKEV2_N_REDIRECT, rd, sizeof(rd)))).notify, 0);
	assert_int_equal(pinner(IKEV2_PL_NOTIFY, B,
				ONE(ikev2_w_notify(w, 0, NULL, 0, IKEV2_N_REDIRECTED_FROM, rd, 6))).notify, 0);
	assert_syntax(pinner(IKEV2_PL_NOTIFY, B,
			     ONE(ikev2_w_notify(w, 0, NULL, 0, IKEV2_N_REDIRECTED_FROM, rd, sizeof(rd)))));
	assert_syntax(pinner(IKEV2_PL_NOTIFY, B,
			     ONE(ikev2_w_notify(w, 0, NULL, 0, IKEV2_N_REDIRECT, rd, 5))));
	/* too many notifies */
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, B, sizeof(B));
	for (int i = 0; i <= IKEV2_MAX_NOTIFY; i++)
		ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_syntax(pinner(IKEV2_PL_NOTIFY, B, len));
	assert_int_equal(M.nnotify, IKEV2_MAX_NOTIFY);
}

static void test_delete_payload(void **state)
{
	(void)state;
	size_t len = ONE(ikev2_w_delete(w, IKEV2_PROTO_ESP, 4, "\x01\x02\x03\x04\x05\x06\x07\x08", 2));
	assert_int_equal(pinner(IKEV2_PL_DELETE, B, len).notify, 0);
	assert_int_equal(M.ndel, 1);
	assert_int_equal(M.del[0].nspi, 2);
	assert_int_equal(M.del[0].spis.len, 8);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_DELETE, B2, len, len, 0, false);
	len = ONE(ikev2_w_delete(w, IKEV2_PROTO_IKE, 0, NULL, 0));
	assert_int_equal(pinner(IKEV2_PL_DELETE, B, len).notify, 0);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_DELETE, B2, len, len, 0, false);
	assert_syntax(raw1(IKEV2_PL_DELETE, "\x01\x00\x00\x01", 4));
	assert_syntax(raw1(IKEV2_PL_DELETE, "\x03\x08\x00\x01" "12345678", 12));
	assert_syntax(raw1(IKEV2_PL_DELETE, "\x03\x04\x00\x02" "1234", 8));
	assert_syntax(raw1(IKEV2_PL_DELETE, "\x07\x04\x00\x01" "1234", 8));
	/* the count overflowing the payload is caught without multiplication tricks */
	assert_syntax(raw1(IKEV2_PL_DELETE, "\x03\x04\xff\xff" "1234", 8));
}

static void test_vendor_payload(void **state)
{
	(void)state;
	static const uint8_t cisco[] = "CISCO-GRE-MODE";
	size_t len = ONE(ikev2_w_vendor(w, cisco, 14));
	assert_int_equal(pinner(IKEV2_PL_VENDOR, B, len).notify, 0);
	assert_int_equal(M.nvid, 1);
	assert_memory_equal(M.vid[0].p, cisco, 14);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_VENDOR, B2, len, 4, 0, true);
}

static void test_ts_payload(void **state)
{
	(void)state;
	struct ikev2_ts ts[2] = {
		{ IKEV2_TS_IPV4_ADDR_RANGE, 0, 0, 65535, { 0, 0, 0, 0 }, { 255, 255, 255, 255 } },
		{ IKEV2_TS_IPV6_ADDR_RANGE, 47, 1, 2, { 0x20, 0x01, 0x0d, 0xb8 }, { 0x20, 0x01, 0x0d, 0xb9 } },
	};
	size_t len = ONE(ikev2_w_ts(w, IKEV2_PL_TSI, ts, 2));
	assert_int_equal(len, 4 + 4 + 16 + 40);
	assert_int_equal(pinner(IKEV2_PL_TSI, B, len).notify, 0);
	assert_int_equal(M.tsi.n, 2);
	assert_memory_equal(&M.tsi.ts[0], &ts[0], sizeof(ts[0]));
	assert_memory_equal(&M.tsi.ts[1], &ts[1], sizeof(ts[1]));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_TSI, B2, len, len, 0, false);

	/* count disagrees with what is there */
	memcpy(B2, B, len);
	B2[4] = 1;
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));
	B2[4] = 3;
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));
	B2[4] = 0;
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));
	/* selector lengths must match their type */
	memcpy(B2, B, len);
	B2[8 + 3] = 15;
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));
	B2[8 + 3] = 17;
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));
	memcpy(B2, B, len);
	B2[8] = IKEV2_TS_IPV6_ADDR_RANGE;  /* a 16-octet IPv6 selector */
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));
	/* an unknown selector type is kept, with its length honoured */
	memcpy(B2, B, len);
	B2[8] = 9;
	assert_int_equal(pinner(IKEV2_PL_TSI, B2, len).notify, 0);
	assert_int_equal(M.tsi.ts[0].type, 9);
	assert_int_equal(M.tsi.ts[1].type, IKEV2_TS_IPV6_ADDR_RANGE);
	B2[8 + 3] = 3;
	assert_syntax(pinner(IKEV2_PL_TSI, B2, len));

	/* more selectors than stored: validated, truncated */
	struct ikev2_ts many[IKEV2_MAX_TS + 6];
	for (size_t i = 0; i < IKEV2_MAX_TS + 6; i++)
		many[i] = ts[0];
	len = ONE(ikev2_w_ts(w, IKEV2_PL_TSR, many, IKEV2_MAX_TS + 6));
	assert_int_equal(pinner(IKEV2_PL_TSR, B, len).notify, 0);
	assert_int_equal(M.tsr.n, IKEV2_MAX_TS);
	assert_true(M.tsr.truncated);
	B[len - 16 + 3] = 20;  /* the last (unstored) selector is still checked */
	assert_syntax(pinner(IKEV2_PL_TSR, B, len));

	/* builder refuses an unknown type or no selectors */
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, B, sizeof(B));
	ts[0].type = 9;
	ikev2_w_ts(&w, IKEV2_PL_TSI, ts, 1);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init_inner(&w, B, sizeof(B));
	ikev2_w_ts(&w, IKEV2_PL_TSI, ts, 0);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
}

static void test_cp_payload(void **state)
{
	(void)state;
	struct ikev2_cp_attr req[] = {
		{ IKEV2_CFG_INTERNAL_IP4_ADDRESS, 0, NULL },
		{ IKEV2_CFG_INTERNAL_IP4_DNS, 0, NULL },
		{ IKEV2_CFG_INTERNAL_IP6_ADDRESS, 0, NULL },
		{ 28675, 0, NULL },  /* Cisco Unity split-include style private attribute */
	};
	size_t len = ONE(ikev2_w_cp(w, IKEV2_CFG_REQUEST, req, 4));
	assert_int_equal(pinner(IKEV2_PL_CP, B, len).notify, 0);
	assert_int_equal(M.cp.type, IKEV2_CFG_REQUEST);
	assert_int_equal(M.cp.n, 4);
	assert_int_equal(M.cp.a[3].type, 28675);
	assert_int_equal(M.cp.a[0].len, 0);

	struct ikev2_cp_attr rep[] = {
		{ IKEV2_CFG_INTERNAL_IP4_ADDRESS, 4, (const uint8_t *)"\x0a\x00\x00\x05" },
		{ IKEV2_CFG_INTERNAL_IP4_NETMASK, 4, (const uint8_t *)"\xff\xff\xff\xff" },
		{ IKEV2_CFG_INTERNAL_IP4_SUBNET, 8, (const uint8_t *)"\x0a\x00\x00\x00\xff\x00\x00\x00" },
		{ IKEV2_CFG_INTERNAL_IP6_ADDRESS, 17, KE64 },
		{ IKEV2_CFG_INTERNAL_IP6_DNS, 16, KE64 },
		{ IKEV2_CFG_SUPPORTED_ATTRIBUTES, 4, (const uint8_t *)"\x00\x01\x00\x03" },
		{ 28672, 9, (const uint8_t *)"Welcome!!" },  /* Unity banner: raw */
	};
	len = ONE(ikev2_w_cp(w, IKEV2_CFG_REPLY, rep, 7));
	assert_int_equal(pinner(IKEV2_PL_CP, B, len).notify, 0);
	assert_int_equal(M.cp.n, 7);
	for (unsigned i = 0; i < 7; i++) {
		assert_int_equal(M.cp.a[i].type, rep[i].type);
		assert_int_equal(M.cp.a[i].len, rep[i].len);
		assert_memory_equal(M.cp.a[i].val, rep[i].val, rep[i].len);
	}
	/* the reserved bit is masked off */
	B[8] |= 0x80;
	assert_int_equal(pinner(IKEV2_PL_CP, B, len).notify, 0);
	assert_int_equal(M.cp.a[0].type, IKEV2_CFG_INTERNAL_IP4_ADDRESS);

	/* one attribute: only the empty CP is a valid shortening */
	len = ONE(ikev2_w_cp(w, IKEV2_CFG_REPLY, rep, 1));
	memcpy(B2, B, len);
	mutations(IKEV2_PL_CP, B2, len, len, 8, false);

	/* wrong sizes of standard attributes; unknown CFG types */
	static const struct { uint16_t t; uint16_t bad; } bad[] = {
		{ IKEV2_CFG_INTERNAL_IP4_ADDRESS, 3 }, { IKEV2_CFG_INTERNAL_IP4_NETMASK, 16 },
		{ IKEV2_CFG_INTERNAL_IP4_DNS, 5 }, { IKEV2_CFG_INTERNAL_IP4_NBNS, 1 },
		{ IKEV2_CFG_INTERNAL_IP6_ADDRESS, 16 }, { IKEV2_CFG_INTERNAL_IP6_DNS, 17 },
		{ IKEV2_CFG_INTERNAL_IP4_SUBNET, 4 }, { IKEV2_CFG_INTERNAL_IP6_SUBNET, 16 },
		{ IKEV2_CFG_SUPPORTED_ATTRIBUTES, 3 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t body[4 + 4 + 20] = { IKEV2_CFG_REPLY, 0, 0, 0, (uint8_t)(bad[i].t >> 8),
					     (uint8_t)bad[i].t, 0, (uint8_t)bad[i].bad };
		len = ONE(ikev2_w_payload(w, IKEV2_PL_CP, false, body, 8 + bad[i].bad));
		assert_syntax(pinner(IKEV2_PL_CP, B, len));
		struct ikev2_writer wb;
		struct ikev2_cp_attr a = { bad[i].t, bad[i].bad, KE64 };
		ikev2_w_init_inner(&wb, B, sizeof(B));
		ikev2_w_cp(&wb, IKEV2_CFG_REPLY, &a, 1);
		assert_int_equal(ikev2_w_finish(&wb, NULL), -1);
	}
	assert_syntax(raw1(IKEV2_PL_CP, "\x00\0\0\0", 4));
	assert_syntax(raw1(IKEV2_PL_CP, "\x05\0\0\0", 4));

	/* attributes beyond the cap: validated, not stored */
	static struct ikev2_cp_attr lots[IKEV2_MAX_CP_ATTRS + 3];
	for (size_t i = 0; i < IKEV2_MAX_CP_ATTRS + 3; i++)
		lots[i] = req[1];
	len = ONE(ikev2_w_cp(w, IKEV2_CFG_REQUEST, lots, IKEV2_MAX_CP_ATTRS + 3));
	assert_int_equal(pinner(IKEV2_PL_CP, B, len).notify, 0);
	assert_int_equal(M.cp.n, IKEV2_MAX_CP_ATTRS);
	assert_true(M.cp.truncated);
	B[len - 1] = 1;  /* last attribute's length now overruns */
	assert_syntax(pinner(IKEV2_PL_CP, B, len));
}

static void test_eap_payload(void **state)
{
	(void)state;
	size_t len = ONE(ikev2_w_eap(w, IKEV2_EAP_RESPONSE, 7, 1, "alice", 5));
	assert_int_equal(pinner(IKEV2_PL_EAP, B, len).notify, 0);
	assert_int_equal(M.eap.code, IKEV2_EAP_RESPONSE);
	assert_int_equal(M.eap.id, 7);
	assert_int_equal(M.eap.type, 1);
	assert_int_equal(M.eap.pkt.len, 10);
	assert_memory_equal(M.eap.data.p, "alice", 5);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_EAP, B2, len, len, 0, false);

	len = ONE(ikev2_w_eap(w, IKEV2_EAP_SUCCESS, 8, 0, NULL, 0));
	assert_int_equal(len, 8);
	assert_int_equal(pinner(IKEV2_PL_EAP, B, len).notify, 0);
	assert_int_equal(M.eap.code, IKEV2_EAP_SUCCESS);
	memcpy(B2, B, len);
	mutations(IKEV2_PL_EAP, B2, len, len, 0, false);

	/* EAP length must match; Success has no type; Request needs one */
	assert_syntax(raw1(IKEV2_PL_EAP, "\x03\x01\x00\x05\x00", 5));
	assert_syntax(raw1(IKEV2_PL_EAP, "\x01\x01\x00\x04", 4));
	assert_syntax(raw1(IKEV2_PL_EAP, "\x01\x01\x00\x05\x00", 5));
	assert_syntax(raw1(IKEV2_PL_EAP, "\x05\x01\x00\x04", 4));
	assert_syntax(raw1(IKEV2_PL_EAP, "\x01\x01\x00\x06\x01", 5));
	/* Expanded type needs Vendor-Id and Vendor-Type */
	assert_syntax(pinner(IKEV2_PL_EAP, B,
			     ONE(ikev2_w_eap(w, IKEV2_EAP_REQUEST, 1, 254, "\0\0\x09\0\0\0", 6))));
	assert_int_equal(pinner(IKEV2_PL_EAP, B,
				ONE(ikev2_w_eap(w, IKEV2_EAP_REQUEST, 1, 254, "\0\0\x09\0\0\0\x01", 7))).notify, 0);
}

/* ---- SK / SKF ---- */

static void test_sk_helpers(void **state)
{
	(void)state;
	uint8_t body[64];
	struct ikev2_sk sk = { .body = { body, 16 + 32 + 16 } };
	struct ikev2_span iv, ct, icv;
	assert_int_equal(ikev2_sk_split(&sk, 16, 16, 16, &iv, &ct, &icv), 0);
	assert_ptr_equal(iv.p, body);
	assert_int_equal(ct.len, 32);
	assert_ptr_equal(ct.p, body + 16);
	assert_ptr_equal(icv.p, body + 48);
	assert_int_equal(ikev2_sk_split(&sk, 16, 12, 16, &iv, &ct, &icv), -1);   /* 36 % 16 */
	assert_int_equal(ikev2_sk_split(&sk, 8, 16, 1, &iv, &ct, &icv), 0);      /* GCM */
	assert_int_equal(ikev2_sk_split(&sk, 32, 32, 1, &iv, &ct, &icv), -1);    /* no room */
	assert_int_equal(ikev2_sk_split(&sk, SIZE_MAX, 16, 1, &iv, &ct, &icv), -1);
	assert_int_equal(ikev2_sk_split(&sk, 16, SIZE_MAX, 1, &iv, &ct, &icv), -1);

	size_t inner;
	uint8_t p[16] = { 0 };
	p[15] = 3;
	assert_int_equal(ikev2_sk_unpad(p, 16, &inner), 0);
	assert_int_equal(inner, 12);
	p[15] = 15;
	assert_int_equal(ikev2_sk_unpad(p, 16, &inner), 0);
	assert_int_equal(inner, 0);
	p[15] = 16;
	assert_int_equal(ikev2_sk_unpad(p, 16, &inner), -1);
	assert_int_equal(ikev2_sk_unpad(p, 0, &inner), -1);
	assert_int_equal(ikev2_sk_pad_len(12, 16), 3);
	assert_int_equal(ikev2_sk_pad_len(15, 16), 0);
	assert_int_equal(ikev2_sk_pad_len(16, 16), 15);
	assert_int_equal(ikev2_sk_pad_len(16, 1), 0);
}

/* An IKE_AUTH request, its inner chain "encrypted" by copying. */
static void test_ike_auth_round_trip(void **state)
{
	(void)state;
	uint8_t inner[2048], pkt[4096];
	struct ikev2_writer w;
	size_t ilen, len;

	ikev2_w_init_inner(&w, inner, sizeof(inner));
	ikev2_w_id(&w, IKEV2_PL_IDI, IKEV2_ID_RFC822_ADDR, "alice@example.com", 17);
	ikev2_w_cert(&w, IKEV2_CERT_X509_SIG, "\x30\x03\x02\x01\x01", 5);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0);
	ikev2_w_id(&w, IKEV2_PL_IDR, IKEV2_ID_FQDN, "vpn.example.com", 15);
	ikev2_w_auth(&w, IKEV2_AUTH_PSK, KE64, 32);
	struct ikev2_cp_attr req[] = { { IKEV2_CFG_INTERNAL_IP4_ADDRESS, 0, NULL } };
	ikev2_w_cp(&w, IKEV2_CFG_REQUEST, req, 1);
	struct ikev2_sa sa = { .nprop = 1, .nxf = 2 };
	sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4,
					      .spi = { 1, 2, 3, 4 }, .nxf = 2 };
	sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = 20, .keylen = 256 };
	sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
	ikev2_w_sa(&w, &sa);
	struct ikev2_ts any = { IKEV2_TS_IPV4_ADDR_RANGE, 0, 0, 65535, { 0 }, { 255, 255, 255, 255 } };
	ikev2_w_ts(&w, IKEV2_PL_TSI, &any, 1);
	ikev2_w_ts(&w, IKEV2_PL_TSR, &any, 1);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_MOBIKE_SUPPORTED, NULL, 0);
	assert_int_equal(ikev2_w_finish(&w, &ilen), 0);
	assert_int_equal(w.first, IKEV2_PL_IDI);

	/* AES-CBC-like framing: 16-byte IV, pad to 16, 16-byte ICV */
	size_t pad = ikev2_sk_pad_len(ilen, 16);
	size_t ct_len = ilen + pad + 1;
	struct ikev2_hdr h = hdr_of(IKEV2_EXCH_IKE_AUTH);
	h.spi_r = 0xabcdef0123456789ull;
	struct ikev2_sk_slot s;
	ikev2_w_init(&w, pkt, sizeof(pkt), &h);
	ikev2_w_sk(&w, IKEV2_PL_IDI, 16, ct_len, 16, &s);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0);  /* after SK: refused */
	assert_int_equal(ikev2_w_finish(&w, &len), -1);
	ikev2_w_init(&w, pkt, sizeof(pkt), &h);
	ikev2_w_sk(&w, IKEV2_PL_IDI, 16, ct_len, 16, &s);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(s.aad_len, IKEV2_HDR_LEN + 4);
	assert_int_equal(s.iv_off, IKEV2_HDR_LEN + 4);
	assert_int_equal(s.ct_off, s.iv_off + 16);
	assert_int_equal(s.icv_off, s.ct_off + ct_len);
	assert_int_equal(s.end, len);
	memset(pkt + s.iv_off, 0xee, 16);
	memcpy(pkt + s.ct_off, inner, ilen);
	memset(pkt + s.ct_off + ilen, 0, pad);
	pkt[s.ct_off + ilen + pad] = (uint8_t)pad;
	memset(pkt + s.icv_off, 0xcc, 16);

	assert_int_equal(parse(pkt, len).notify, 0);
	assert_int_equal(M.hdr.exchange, IKEV2_EXCH_IKE_AUTH);
	assert_true(M.hdr.spi_r == h.spi_r);
	assert_int_equal(M.sk.next, IKEV2_PL_IDI);
	assert_false(M.sk.frag);
	assert_int_equal(M.sk.aad_len, s.aad_len);
	assert_int_equal(M.sk.off, IKEV2_HDR_LEN);
	struct ikev2_span iv, ct, icv;
	assert_int_equal(ikev2_sk_split(&M.sk, 16, 16, 16, &iv, &ct, &icv), 0);
	assert_int_equal(ct.len, ct_len);
	assert_int_equal(icv.p[0], 0xcc);
	size_t plain_len;
	assert_int_equal(ikev2_sk_unpad(ct.p, ct.len, &plain_len), 0);
	assert_int_equal(plain_len, ilen);
	struct ikev2_perr e = ikev2_msg_parse_inner(&M, M.sk.next, ct.p, plain_len);
	assert_int_equal(e.notify, 0);

	assert_int_equal(M.idi.type, IKEV2_ID_RFC822_ADDR);
	assert_int_equal(M.idr.data.len, 15);
	assert_int_equal(M.ncert, 1);
	assert_int_equal(M.auth.method, IKEV2_AUTH_PSK);
	assert_int_equal(M.cp.type, IKEV2_CFG_REQUEST);
	assert_int_equal(M.sa.prop[0].proto, IKEV2_PROTO_ESP);
	assert_int_equal(M.sa.prop[0].spi[3], 4);
	assert_int_equal(M.sa.xf[0].keylen, 256);
	assert_int_equal(M.tsi.n, 1);
	assert_int_equal(M.tsr.ts[0].end[3], 255);
	assert_int_equal(M.nnotify, 2);
	assert_true(M.notify[0].inner && M.notify[1].inner);
	assert_int_equal(M.npl, 1 + 10);
	assert_true(M.pl[1].inner);

	/* the inner chain rebuilds byte for byte */
	uint8_t first;
	assert_int_equal(reencode_inner(&M, B, sizeof(B), &len, &first), 0);
	assert_int_equal(first, IKEV2_PL_IDI);
	assert_int_equal(len, ilen);
	assert_memory_equal(B, inner, ilen);

	/* a singleton both outside and inside is a duplicate; SK inside SK refused */
	assert_syntax(ikev2_msg_parse_inner(&M, IKEV2_PL_IDI, inner, ilen));
	uint8_t nested[] = { 0, 0, 0, 5, 0 };
	assert_syntax(pinner(IKEV2_PL_SK, nested, sizeof(nested)));
	nested[3] = 9;
	assert_syntax(pinner(IKEV2_PL_SKF, (const uint8_t *)"\0\0\0\x09\0\x01\0\x01\0", 9));
	/* an empty inner chain (a DPD INFORMATIONAL) */
	assert_int_equal(pinner(IKEV2_PL_NONE, NULL, 0).notify, 0);
	assert_syntax(pinner(IKEV2_PL_NOTIFY, NULL, 0));
}

static void test_skf(void **state)
{
	(void)state;
	uint8_t pkt[512];
	struct ikev2_writer w;
	struct ikev2_sk_slot s;
	size_t len;
	struct ikev2_hdr h = hdr_of(IKEV2_EXCH_IKE_AUTH);

	ikev2_w_init(&w, pkt, sizeof(pkt), &h);
	ikev2_w_skf(&w, IKEV2_PL_IDI, 1, 3, 8, 40, 16, &s);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(s.aad_len, IKEV2_HDR_LEN + 8);
	assert_int_equal(parse(pkt, len).notify, 0);
	assert_true(M.sk.frag);
	assert_int_equal(M.sk.frag_num, 1);
	assert_int_equal(M.sk.frag_total, 3);
	assert_int_equal(M.sk.next, IKEV2_PL_IDI);
	assert_int_equal(M.sk.aad_len, IKEV2_HDR_LEN + 8);
	assert_int_equal(M.sk.body.len, 8 + 40 + 16);
	assert_ptr_equal(M.sk.body.p, pkt + s.iv_off);
	assert_true(ikev2_msg_has(&M, IKEV2_PL_SKF));

	/* fragment numbers: 1 <= number <= total */
	memcpy(B2, pkt, len);
	B2[IKEV2_HDR_LEN + 5] = 0;
	assert_syntax(parse(B2, len));
	B2[IKEV2_HDR_LEN + 5] = 4;
	assert_syntax(parse(B2, len));
	B2[IKEV2_HDR_LEN + 5] = 3;
	assert_int_equal(parse(B2, len).notify, 0);
	/* SKF truncated inside its fragment fields, and an empty body */
	for (size_t l = IKEV2_HDR_LEN + 4; l <= IKEV2_HDR_LEN + 8; l++) {
		memcpy(B2, pkt, l);
		set_len(B2 + IKEV2_HDR_LEN, l - IKEV2_HDR_LEN);
		B2[26] = (uint8_t)(l >> 8), B2[27] = (uint8_t)l;
		assert_syntax(parse(B2, l));
	}

	/* builder: fragment rules */
	ikev2_w_init(&w, pkt, sizeof(pkt), &h);
	ikev2_w_skf(&w, IKEV2_PL_IDI, 2, 3, 8, 40, 16, &s);  /* only fragment 1 names the inner type */
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init(&w, pkt, sizeof(pkt), &h);
	ikev2_w_skf(&w, 0, 4, 3, 8, 40, 16, &s);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init(&w, pkt, sizeof(pkt), &h);
	ikev2_w_skf(&w, 0, 3, 3, 8, 40, 16, &s);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(parse(pkt, len).notify, 0);
	assert_int_equal(M.sk.next, 0);
}

/* ---- builder ---- */

static void test_writer(void **state)
{
	(void)state;
	uint8_t small[40];
	struct ikev2_writer w;
	struct ikev2_hdr h = hdr_of(IKEV2_EXCH_IKE_SA_INIT);
	size_t len;

	/* overflow is sticky and reported once at the end */
	ikev2_w_init(&w, small, sizeof(small), &h);
	ikev2_w_nonce(&w, NONCE, sizeof(NONCE));
	ikev2_w_vendor(&w, "x", 1);
	assert_int_equal(ikev2_w_finish(&w, &len), -1);
	ikev2_w_init(&w, small, 20, &h);
	assert_int_equal(ikev2_w_finish(&w, &len), -1);
	/* exactly fitting */
	ikev2_w_init(&w, small, sizeof(small), &h);
	ikev2_w_vendor(&w, "12345678", 8);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(len, 40);
	assert_int_equal(small[16], IKEV2_PL_VENDOR);
	assert_int_equal(small[17], IKEV2_VERSION);
	assert_int_equal(small[27], 40);
	assert_int_equal(parse(small, len).notify, 0);
	/* invalid arguments */
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_notify(&w, 0, NULL, 3, IKEV2_N_COOKIE, "c", 1);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_id(&w, IKEV2_PL_AUTH, IKEV2_ID_FQDN, "x", 1);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_delete(&w, IKEV2_PROTO_ESP, 4, NULL, 0);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_eap(&w, 9, 1, 1, NULL, 0);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_payload(&w, 99, true, NULL, 70000);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);
	/* a payload too long for its 16-bit length */
	static uint8_t big[70000], src[65536];
	ikev2_w_init(&w, big, sizeof(big), &h);
	ikev2_w_vendor(&w, src, 65531);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(parse(big, len).notify, 0);
	assert_int_equal(M.vid[0].len, 65531);
	ikev2_w_init(&w, big, sizeof(big), &h);
	ikev2_w_vendor(&w, src, 65532);
	assert_int_equal(ikev2_w_finish(&w, NULL), -1);

	/* an IKE_SA_INIT response assembled by the exchange code */
	struct ikev2_sa sa = { .nprop = 1, .nxf = 3 };
	sa.prop[0] = (struct ikev2_proposal){ .num = 2, .proto = IKEV2_PROTO_IKE, .nxf = 3 };
	sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = 20, .keylen = 256 };
	sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_PRF, .id = 5 };
	sa.xf[2] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = 19 };
	h.flags = IKEV2_FLAG_R;
	h.msgid = 0;
	h.spi_r = 42;
	ikev2_w_init(&w, B, sizeof(B), &h);
	ikev2_w_sa(&w, &sa);
	ikev2_w_ke(&w, 19, KE64, 64);
	ikev2_w_nonce(&w, NONCE, 32);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_SOURCE_IP, KE64, 20);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_NAT_DETECTION_DESTINATION_IP, KE64, 20);
	ikev2_w_certreq(&w, IKEV2_CERT_X509_SIG, KE64, 20);
	ikev2_w_notify(&w, 0, NULL, 0, IKEV2_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	ikev2_w_vendor(&w, "FLEXVPN-SUPPORTED", 17);
	assert_int_equal(ikev2_w_finish(&w, &len), 0);
	assert_int_equal(parse(B, len).notify, 0);
	assert_int_equal(M.hdr.flags, IKEV2_FLAG_R);
	assert_int_equal(M.sa.prop[0].num, 2);
	assert_int_equal(M.sa.nxf, 3);
	assert_int_equal(M.npl, 8);
	assert_int_equal(M.ncertreq, 1);
	assert_int_equal(M.nvid, 1);
	assert_int_equal(M.pl[7].type, IKEV2_PL_VENDOR);
	size_t len2;
	assert_int_equal(reencode_outer(&M, B2, sizeof(B2), &len2), 0);
	assert_int_equal(len2, len);
	assert_memory_equal(B2, B, len);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(ikev2_payload_name(IKEV2_PL_SA), "SA");
	assert_string_equal(ikev2_payload_name(IKEV2_PL_NOTIFY), "N");
	assert_null(ikev2_payload_name(99));
	assert_string_equal(ikev2_notify_name(IKEV2_N_COOKIE), "COOKIE");
	assert_string_equal(ikev2_notify_name(16431), "SIGNATURE_HASH_ALGORITHMS");
	assert_null(ikev2_notify_name(2));
	assert_string_equal(ikev2_exchange_name(35), "IKE_AUTH");
	assert_null(ikev2_exchange_name(1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strongswan_init),
		cmocka_unit_test(test_strongswan_truncated),
		cmocka_unit_test(test_strongswan_sa_malformed),
		cmocka_unit_test(test_strongswan_other_malformed),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_sa_payload),
		cmocka_unit_test(test_sa_caps),
		cmocka_unit_test(test_ke_payload),
		cmocka_unit_test(test_id_payload),
		cmocka_unit_test(test_cert_payloads),
		cmocka_unit_test(test_auth_payload),
		cmocka_unit_test(test_nonce_payload),
		cmocka_unit_test(test_notify_payload),
		cmocka_unit_test(test_delete_payload),
		cmocka_unit_test(test_vendor_payload),
		cmocka_unit_test(test_ts_payload),
		cmocka_unit_test(test_cp_payload),
		cmocka_unit_test(test_eap_payload),
		cmocka_unit_test(test_sk_helpers),
		cmocka_unit_test(test_ike_auth_round_trip),
		cmocka_unit_test(test_skf),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
