/*
 * The PEAP test peer (tests/tools/peap_peer.c, peap_inner.c) against
 * malformed input: every bad length refused with a reason, never read
 * past; and the inner MSCHAPv2/Result TLV exchange against the server
 * side primitives of aaa/eap_local_mschapv2.c.  (The whole method runs
 * against FreeRADIUS in tests/interop/scenario-flexd-eap-peap.sh.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "aaa/eap_local.h"
#include "tests/tools/peap_peer.h"

static void quiet(const char *fmt, ...)
{
	(void)fmt;
}

static struct peap_peer *peer(void)
{
	struct peap_peer_conf c = { .identity = "bob", .password = "bob-pw", .say = quiet };
	struct peap_peer *p = peap_peer_new(&c);
	assert_non_null(p);
	return p;
}

static uint8_t out[PEAP_EAP_MAX];
static size_t out_len;
static const char *why;

static enum peap_step feed(struct peap_peer *p, const uint8_t *req, size_t len)
{
	why = NULL;
	out_len = 0;
	enum peap_step s = peap_peer_request(p, req, len, out, sizeof out, &out_len, &why);
	if (s == PEAP_ERROR)
		assert_non_null(why);
	return s;
}

/* an EAP-PEAP request: id, flags, then body */
static size_t peap_req(uint8_t *b, uint8_t id, uint8_t flags, const uint8_t *body, size_t n)
{
	b[0] = 1;
	b[1] = id;
	b[2] = (uint8_t)((6 + n) >> 8);
	b[3] = (uint8_t)(6 + n);
	b[4] = 25;
	b[5] = flags;
	if (n)
		memcpy(b + 6, body, n);
	return 6 + n;
}

static void test_outer(void **st)
{
	(void)st;
	struct peap_peer *p = peer();
	static const uint8_t ident[] = { 1, 7, 0, 5, 1 };
	assert_int_equal(feed(p, ident, sizeof ident), PEAP_REPLY);
	assert_int_equal(out_len, 8);
	assert_memory_equal(out, ((const uint8_t[]){ 2, 7, 0, 8, 1, 'b', 'o', 'b' }), 8);
	static const uint8_t md5[] = { 1, 8, 0, 22, 4, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	assert_int_equal(feed(p, md5, sizeof md5), PEAP_REPLY);
	assert_memory_equal(out, ((const uint8_t[]){ 2, 8, 0, 6, 3, 25 }), 6);
	/* length field disagreeing with the packet, a Response, too short */
	static const uint8_t badlen[] = { 1, 9, 0, 9, 1 };
	assert_int_equal(feed(p, badlen, sizeof badlen), PEAP_ERROR);
	static const uint8_t resp[] = { 2, 9, 0, 5, 1 };
	assert_int_equal(feed(p, resp, sizeof resp), PEAP_ERROR);
	assert_int_equal(feed(p, ident, 4), PEAP_ERROR);
	/* PEAP data before the Start, PEAP without flags */
	uint8_t b[64];
	assert_int_equal(feed(p, b, peap_req(b, 10, 0, (const uint8_t *)"\x16\x03\x03", 3)), PEAP_ERROR);
	static const uint8_t noflags[] = { 1, 11, 0, 5, 25 };
	assert_int_equal(feed(p, noflags, sizeof noflags), PEAP_ERROR);
	uint8_t msk[PEAP_MSK_LEN];
	assert_false(peap_peer_done(p, msk, &why));
	peap_peer_free(p);
}

/* Start -> ClientHello; then the server's fragments, well and badly formed */
static struct peap_peer *started(void)
{
	struct peap_peer *p = peer();
	uint8_t b[16];
	assert_int_equal(feed(p, b, peap_req(b, 1, 0x20, NULL, 0)), PEAP_REPLY);
	assert_true(out_len > 6 + 5);
	assert_int_equal(out[4], 25);
	assert_int_equal(out[5] & 0x07, 0);
	assert_int_equal(out[out[5] & 0x80 ? 10 : 6], 0x16); /* TLS handshake record */
	assert_int_equal((size_t)(out[2] << 8 | out[3]), out_len);
	return p;
}

static void test_fragments(void **st)
{
	(void)st;
	uint8_t b[PEAP_EAP_MAX], body[600];
	memset(body, 0x16, sizeof body);
	struct peap_peer *p = started();
	/* a second Start */
	assert_int_equal(feed(p, b, peap_req(b, 2, 0x20, NULL, 0)), PEAP_ERROR);
	peap_peer_free(p);

	/* L without its 4 octets; L = 0; L beyond PEAP_MSG_MAX */
	p = started();
	assert_int_equal(feed(p, b, peap_req(b, 2, 0xc0, body, 3)), PEAP_ERROR);
	peap_peer_free(p);
	p = started();
	static const uint8_t zero[] = { 0, 0, 0, 0, 0x16 };
	assert_int_equal(feed(p, b, peap_req(b, 2, 0xc0, zero, sizeof zero)), PEAP_ERROR);
	peap_peer_free(p);
	p = started();
	static const uint8_t huge[] = { 0, 1, 0, 1, 0x16 };
	assert_int_equal(feed(p, b, peap_req(b, 2, 0xc0, huge, sizeof huge)), PEAP_ERROR);
	peap_peer_free(p);

	/* announced 300: 200 + 200 is too much; 200 then end is too little */
	uint8_t first[4 + 200] = { 0, 0, 1, 44 };
	memset(first + 4, 0x16, 200);
	p = started();
	assert_int_equal(feed(p, b, peap_req(b, 2, 0xc0, first, sizeof first)), PEAP_REPLY);
	assert_int_equal(out_len, 6); /* an empty acknowledgement */
	assert_int_equal(out[5], 0);
	assert_int_equal(feed(p, b, peap_req(b, 3, 0x40, body, 200)), PEAP_ERROR);
	peap_peer_free(p);
	p = started();
	assert_int_equal(feed(p, b, peap_req(b, 2, 0xc0, first, sizeof first)), PEAP_REPLY);
	assert_int_equal(feed(p, b, peap_req(b, 3, 0x00, body, 50)), PEAP_ERROR);
	peap_peer_free(p);
	/* the L length changing between fragments */
	p = started();
	assert_int_equal(feed(p, b, peap_req(b, 2, 0xc0, first, sizeof first)), PEAP_REPLY);
	uint8_t other[4 + 10] = { 0, 0, 1, 45 };
	assert_int_equal(feed(p, b, peap_req(b, 3, 0xc0, other, sizeof other)), PEAP_ERROR);
	peap_peer_free(p);
	/* an empty fragment with M */
	p = started();
	assert_int_equal(feed(p, b, peap_req(b, 2, 0x40, NULL, 0)), PEAP_ERROR);
	peap_peer_free(p);
	/* a complete message that is not TLS: a TLS error, not a crash */
	p = started();
	assert_int_equal(feed(p, b, peap_req(b, 2, 0x00, body, 300)), PEAP_ERROR);
	peap_peer_free(p);
	/* another method in the middle */
	p = started();
	static const uint8_t md5[] = { 1, 2, 0, 6, 4, 0 };
	assert_int_equal(feed(p, md5, sizeof md5), PEAP_ERROR);
	peap_peer_free(p);
}

static struct peap_inner inner;
static uint8_t iout[1024];
static size_t iout_len;

static int inner_feed(const uint8_t *pkt, size_t len)
{
	why = NULL;
	iout_len = 0;
	int r = peap_inner_packet(&inner, pkt, len, iout, sizeof iout, &iout_len, &why);
	if (r)
		assert_non_null(why);
	return r;
}

static void test_inner(void **st)
{
	(void)st;
	inner = (struct peap_inner){ .identity = "bob", .password = "bob-pw", .say = quiet };
	/* FreeRADIUS's full-header Identity request and a compressed one */
	static const uint8_t full_id[] = { 1, 5, 0, 5, 1 };
	assert_int_equal(inner_feed(full_id, sizeof full_id), 0);
	assert_int_equal(iout_len, 4);
	assert_memory_equal(iout, "\x01" "bob", 4);
	static const uint8_t comp_id[] = { 1 };
	assert_int_equal(inner_feed(comp_id, 1), 0);
	assert_memory_equal(iout, "\x01" "bob", 4);
	assert_int_equal(inner_feed(comp_id, 0), -1);
	/* another inner method: compressed Nak for MSCHAPv2 */
	static const uint8_t gtc[] = { 6, 'x' };
	assert_int_equal(inner_feed(gtc, sizeof gtc), 0);
	assert_memory_equal(iout, "\x03\x1a", 2);

	/* MSCHAPv2: bad MS-Length, short challenge, Success before Response */
	uint8_t ch[1 + 4 + 1 + 16 + 6] = { 26, 1, 9, 0, 4 + 1 + 16 + 6, 16 };
	for (int i = 0; i < 16; i++)
		ch[6 + i] = (uint8_t)(0xa0 + i);
	memcpy(ch + 22, "radius", 6);
	ch[4]++;
	assert_int_equal(inner_feed(ch, sizeof ch), -1);
	ch[4]--;
	uint8_t shortch[] = { 26, 1, 9, 0, 8, 16, 1, 2, 3 };
	assert_int_equal(inner_feed(shortch, sizeof shortch), -1);
	uint8_t succ[1 + 4 + 42] = { 26, 3, 9, 0, 46 };
	memset(succ + 5, 'A', 42);
	assert_int_equal(inner_feed(succ, sizeof succ), -1);

	/* a real Challenge: check the Response with the server primitives */
	assert_int_equal(inner_feed(ch, sizeof ch), 0);
	assert_int_equal(iout_len, 1 + 54 + 3);
	assert_int_equal(iout[0], 26);
	assert_int_equal(iout[1], 2);
	assert_int_equal(iout[2], 9);
	assert_int_equal(iout[3] << 8 | iout[4], 54 + 3);
	assert_int_equal(iout[5], 49);
	assert_memory_equal(iout + 55, "bob", 3);
	uint8_t hash[16], chash[8], nt[24];
	mschapv2_nt_hash("bob-pw", hash);
	mschapv2_challenge_hash(iout + 6, ch + 6, "bob", 3, chash);
	mschapv2_challenge_response(chash, hash, nt);
	assert_memory_equal(iout + 6 + 16 + 8, nt, 24);
	/* a Result TLV success before the server proved itself: answered failure */
	static const uint8_t tlv_ok[] = { 1, 12, 0, 11, 33, 0x80, 3, 0, 2, 0, 1 };
	assert_int_equal(inner_feed(tlv_ok, sizeof tlv_ok), 0);
	assert_int_equal(iout_len, 11);
	assert_int_equal(iout[10], 2);
	/* a wrong authenticator response, then the right one */
	assert_int_equal(inner_feed(succ, sizeof succ), -1);
	char s[43];
	mschapv2_auth_response(hash, nt, chash, s);
	memcpy(succ + 5, s, 42);
	assert_int_equal(inner_feed(succ, sizeof succ), 0);
	assert_memory_equal(iout, "\x1a\x03", 2);
	assert_true(inner.server_ok);
	assert_int_equal(inner_feed(tlv_ok, sizeof tlv_ok), 0);
	assert_memory_equal(iout, ((const uint8_t[]){ 2, 12, 0, 11, 33, 0x80, 3, 0, 2, 0, 1 }), 11);
	assert_int_equal(inner.result, 1);

	/* TLVs: truncated, Result length not 2, unknown mandatory, no Result,
	 * TLV without its header; an unknown optional TLV is skipped */
	static const uint8_t trunc[] = { 1, 12, 0, 10, 33, 0x80, 3, 0, 2, 0 };
	assert_int_equal(inner_feed(trunc, sizeof trunc), -1);
	static const uint8_t len3[] = { 1, 12, 0, 12, 33, 0x80, 3, 0, 3, 0, 1, 0 };
	assert_int_equal(inner_feed(len3, sizeof len3), -1);
	static const uint8_t mand[] = { 1, 12, 0, 15, 33, 0x80, 9, 0, 0, 0x80, 3, 0, 2, 0, 1 };
	assert_int_equal(inner_feed(mand, sizeof mand), -1);
	static const uint8_t opt[] = { 1, 12, 0, 15, 33, 0x00, 9, 0, 0, 0x80, 3, 0, 2, 0, 1 };
	assert_int_equal(inner_feed(opt, sizeof opt), 0);
	static const uint8_t none[] = { 1, 12, 0, 9, 33, 0x00, 9, 0, 0 };
	assert_int_equal(inner_feed(none, sizeof none), -1);
	static const uint8_t bare[] = { 33, 0x80, 3, 0, 2, 0, 1 };
	assert_int_equal(inner_feed(bare, sizeof bare), -1);
	/* an MSCHAPv2 Failure is answered and remembered */
	static const uint8_t fail[] = { 26, 4, 9, 0, 9, 'E', '=', '6', '9', '1' };
	assert_int_equal(inner_feed(fail, sizeof fail), 0);
	assert_memory_equal(iout, "\x1a\x04", 2);
	assert_true(inner.mschap_fail);
	peap_inner_wipe(&inner);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outer),
		cmocka_unit_test(test_fragments),
		cmocka_unit_test(test_inner),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
