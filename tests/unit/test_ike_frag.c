/*
 * ikev2/ike_frag: RFC 7383 fragmentation with the real SK crypto.  An
 * initiator's SK direction fragments an IKE_AUTH-like inner chain
 * (ike_frag_build), the responder's reassembles it (ike_frag_rx_add): in
 * order, out of order, duplicates, a missing fragment, Total Fragments
 * changes, the caps, a bad ICV or a tampered SKF header in one fragment,
 * a new message id.  Run for AES-CBC + HMAC-SHA2-256 and AES-GCM-16.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "ikev2/crypto.h"
#include "ikev2/ike_frag.h"
#include "ikev2/msg.h"

#define MAXF 80

struct fx {
	struct ikev2_sk_dir *io, *ii, *ro, *ri;  /* initiator / responder out and in */
	uint8_t inner[600];
	size_t inner_len;
	uint8_t first;
	uint8_t buf[MAXF * 1500];
	size_t buf_len;
	unsigned n;                              /* fragments in buf */
	uint8_t *frag[MAXF];                     /* copies of each datagram */
	size_t flen[MAXF];
};

static const uint8_t SPII[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, SPIR[8] = { 9, 10, 11, 12, 13, 14, 15, 16 };
static uint8_t plain[65536];
static struct ikev2_msg M;

static struct ikev2_hdr hdr(uint32_t msgid)
{
	return (struct ikev2_hdr){ .spi_i = 0x0102030405060708ull, .spi_r = 0x090a0b0c0d0e0f10ull,
				   .version = IKEV2_VERSION, .exchange = IKEV2_EXCH_IKE_AUTH,
				   .flags = IKEV2_FLAG_I, .msgid = msgid };
}

static int setup(void **state, const struct ikev2_suite *s)
{
	struct fx *f = calloc(1, sizeof *f);
	uint8_t gir[32], ni[32], nr[32];
	memset(gir, 0x11, sizeof gir);
	memset(ni, 0x22, sizeof ni);
	memset(nr, 0x33, sizeof nr);
	struct ikev2_ike_keys k;
	if (!f || ikev2_ike_keys_initial(&k, s, gir, 32, ni, 32, nr, 32, SPII, SPIR) ||
	    ikev2_sk_pair(&k, true, &f->io, &f->ii) || ikev2_sk_pair(&k, false, &f->ro, &f->ri))
		return -1;
	ikev2_ike_keys_wipe(&k);
	/* an IKE_AUTH request's inner chain: IDi (long FQDN), AUTH, a notify */
	uint8_t id[300], auth[32];
	memset(id, 'x', sizeof id);
	memset(auth, 0xa5, sizeof auth);
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, f->inner, sizeof f->inner);
	ikev2_w_id(&w, IKEV2_PL_IDI, IKEV2_ID_FQDN, id, sizeof id);
	ikev2_w_auth(&w, IKEV2_AUTH_PSK, auth, sizeof auth);
	ikev2_w_notify(&w, IKEV2_PROTO_NONE, NULL, 0, IKEV2_N_INITIAL_CONTACT, NULL, 0);
	if (ikev2_w_finish(&w, &f->inner_len))
		return -1;
	f->first = w.first;
	*state = f;
	return 0;
}

static int setup_cbc(void **state)
{
	struct ikev2_suite s = { IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128, IKEV2_PRF_HMAC_SHA2_256,
				 IKEV2_DH_MODP2048 };
	return setup(state, &s);
}

static int setup_gcm(void **state)
{
	struct ikev2_suite s = { IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE, IKEV2_PRF_HMAC_SHA2_256,
				 IKEV2_DH_ECP256 };
	return setup(state, &s);
}

static void drop_frags(struct fx *f)
{
	for (unsigned i = 0; i < f->n; i++)
		free(f->frag[i]);
	f->n = 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	drop_frags(f);
	ikev2_sk_free(f->io), ikev2_sk_free(f->ii), ikev2_sk_free(f->ro), ikev2_sk_free(f->ri);
	free(f);
	return 0;
}

/* Fragment inner (msgid) at max_dgram into f->frag[]. */
static void fragment(struct fx *f, const uint8_t *inner, size_t inner_len, uint8_t first, uint32_t msgid,
		     size_t max_dgram)
{
	drop_frags(f);
	struct ikev2_hdr h = hdr(msgid);
	int n = ike_frag_build(f->io, &h, inner, inner_len, first, max_dgram, f->buf, sizeof f->buf, &f->buf_len);
	assert_true(n >= 1);
	assert_int_equal((unsigned)n, ike_frag_count(f->io, inner_len, max_dgram));
	const uint8_t *p;
	size_t off = 0, len;
	while (ike_frag_next(f->buf, f->buf_len, &off, &p, &len)) {
		assert_true(f->n < MAXF);
		assert_true(len <= max_dgram);
		f->frag[f->n] = malloc(len);
		memcpy(f->frag[f->n], p, len);
		f->flen[f->n++] = len;
	}
	assert_int_equal(off, f->buf_len);
	assert_int_equal(f->n, (unsigned)n);
}

/* Parse one datagram and hand it to reassembly. */
static enum ike_frag_rc feed(struct fx *f, struct ike_frag_rx **rx, const uint8_t *d, size_t len, size_t *out_len,
			     uint8_t *first)
{
	struct ikev2_perr e = ikev2_msg_parse(&M, d, len);
	assert_int_equal(e.notify, 0);
	assert_true(M.sk.frag);
	return ike_frag_rx_add(rx, f->ri, d, &M, plain, sizeof plain, out_len, first);
}

static enum ike_frag_rc feed_i(struct fx *f, struct ike_frag_rx **rx, unsigned i, size_t *out_len, uint8_t *first)
{
	return feed(f, rx, f->frag[i], f->flen[i], out_len, first);
}

static void assert_reassembled(struct fx *f, size_t len, uint8_t first)
{
	assert_int_equal(len, f->inner_len);
	assert_memory_equal(plain, f->inner, len);
	assert_int_equal(first, f->first);
	/* and the engine's next step works on it */
	struct ikev2_perr e = ikev2_msg_parse_inner(&M, first, plain, len);
	assert_int_equal(e.notify, 0);
	assert_int_equal(M.idi.data.len, 300);
	assert_non_null(ikev2_msg_notify(&M, IKEV2_N_INITIAL_CONTACT));
}

/* Fragmenting then reassembling in order gives the chain back; fragment 1
 * alone names the first inner payload, the headers are the message's. */
static void test_in_order(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 160);
	assert_true(f->n >= 4);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0xff;
	for (unsigned i = 0; i < f->n; i++) {
		enum ike_frag_rc rc = feed_i(f, &rx, i, &len, &first);
		assert_int_equal(M.hdr.exchange, IKEV2_EXCH_IKE_AUTH);
		assert_int_equal(M.hdr.msgid, 1);
		assert_int_equal(M.sk.frag_num, i + 1);
		assert_int_equal(M.sk.frag_total, f->n);
		assert_int_equal(M.sk.next, i == 0 ? f->first : 0);
		if (i + 1 < f->n) {
			assert_int_equal(rc, IKE_FRAG_MORE);
			assert_int_equal(ike_frag_rx_held(rx), i + 1);
		} else {
			assert_int_equal(rc, IKE_FRAG_DONE);
		}
	}
	assert_null(rx);
	assert_reassembled(f, len, first);
}

static void test_out_of_order(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 160);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	/* last, then 2, 4, ..., then 1, 3, ... */
	unsigned order[MAXF], k = 0;
	order[k++] = f->n - 1;
	for (unsigned i = 1; i + 1 < f->n; i += 2)
		order[k++] = i;
	for (unsigned i = 0; i + 1 < f->n; i += 2)
		order[k++] = i;
	assert_int_equal(k, f->n);
	for (unsigned j = 0; j < k; j++)
		assert_int_equal(feed_i(f, &rx, order[j], &len, &first), j + 1 < k ? IKE_FRAG_MORE : IKE_FRAG_DONE);
	assert_null(rx);
	assert_reassembled(f, len, first);
}

static void test_duplicate(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 200);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	assert_int_equal(feed_i(f, &rx, 0, &len, &first), IKE_FRAG_MORE);
	unsigned long dups = ike_frag_stats()->rx_dup;
	assert_int_equal(feed_i(f, &rx, 0, &len, &first), IKE_FRAG_DUP);
	assert_int_equal(feed_i(f, &rx, 0, &len, &first), IKE_FRAG_DUP);
	assert_int_equal(ike_frag_stats()->rx_dup, dups + 2);
	assert_int_equal(ike_frag_rx_held(rx), 1);
	for (unsigned i = 1; i < f->n; i++)
		assert_int_equal(feed_i(f, &rx, i, &len, &first), i + 1 < f->n ? IKE_FRAG_MORE : IKE_FRAG_DONE);
	assert_reassembled(f, len, first);
}

/* One fragment never comes: nothing is handed up, the state is freed with the SA. */
static void test_missing(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 160);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	for (unsigned i = 0; i < f->n; i++)
		if (i != 2)
			assert_int_equal(feed_i(f, &rx, i, &len, &first), IKE_FRAG_MORE);
	assert_int_equal(ike_frag_rx_held(rx), f->n - 1);
	ike_frag_rx_free(rx);
	ike_frag_rx_free(NULL);
}

/* §2.6.1: a greater Total Fragments starts over, a smaller one is ignored. */
static void test_wrong_total(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 220);
	assert_true(f->n >= 3);
	unsigned n_big = f->n;
	uint8_t *big[MAXF];
	size_t big_len[MAXF];
	for (unsigned i = 0; i < f->n; i++) {
		big[i] = f->frag[i];
		big_len[i] = f->flen[i];
	}
	f->n = 0;  /* keep the copies: owned by big[] now */
	fragment(f, f->inner, f->inner_len, f->first, 1, 140);
	assert_true(f->n > n_big);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	/* two of the coarse set, then one of the finer set: start over */
	assert_int_equal(feed(f, &rx, big[0], big_len[0], &len, &first), IKE_FRAG_MORE);
	assert_int_equal(feed(f, &rx, big[1], big_len[1], &len, &first), IKE_FRAG_MORE);
	assert_int_equal(ike_frag_rx_held(rx), 2);
	assert_int_equal(feed_i(f, &rx, 1, &len, &first), IKE_FRAG_MORE);
	assert_int_equal(ike_frag_rx_held(rx), 1);
	/* the coarse set is stale now */
	assert_int_equal(feed(f, &rx, big[0], big_len[0], &len, &first), IKE_FRAG_STALE);
	assert_int_equal(feed(f, &rx, big[n_big - 1], big_len[n_big - 1], &len, &first), IKE_FRAG_STALE);
	assert_int_equal(ike_frag_rx_held(rx), 1);
	for (unsigned i = 0; i < f->n; i++)
		if (i != 1)
			assert_int_equal(feed_i(f, &rx, i, &len, &first), i + 1 < f->n ? IKE_FRAG_MORE : IKE_FRAG_DONE);
	assert_null(rx);
	assert_reassembled(f, len, first);
	for (unsigned i = 0; i < n_big; i++)
		free(big[i]);
}

/* A bad ICV, or a changed SKF header (covered as AAD / by the ICV), in one
 * fragment: that fragment is dropped, the genuine one still completes. */
static void test_bad_icv(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 160);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	assert_int_equal(feed_i(f, &rx, 0, &len, &first), IKE_FRAG_MORE);
	uint8_t bad[1500];
	memcpy(bad, f->frag[1], f->flen[1]);
	bad[f->flen[1] - 1] ^= 0x01;  /* last ICV octet */
	unsigned long bads = ike_frag_stats()->rx_bad;
	assert_int_equal(feed(f, &rx, bad, f->flen[1], &len, &first), IKE_FRAG_BAD);
	memcpy(bad, f->frag[1], f->flen[1]);
	bad[f->flen[1] / 2] ^= 0x80;  /* ciphertext */
	assert_int_equal(feed(f, &rx, bad, f->flen[1], &len, &first), IKE_FRAG_BAD);
	/* Total Fragments raised by one in the SKF header (offset 28 + 4 + 2) */
	memcpy(bad, f->frag[1], f->flen[1]);
	bad[IKEV2_HDR_LEN + 7]++;
	assert_int_equal(feed(f, &rx, bad, f->flen[1], &len, &first), IKE_FRAG_BAD);
	/* a fragment claiming to be number 1 again (it is number 2) */
	memcpy(bad, f->frag[1], f->flen[1]);
	bad[IKEV2_HDR_LEN + 5] = 1;
	assert_int_equal(feed(f, &rx, bad, f->flen[1], &len, &first), IKE_FRAG_BAD);
	assert_int_equal(ike_frag_stats()->rx_bad, bads + 4);
	assert_int_equal(ike_frag_rx_held(rx), 1);
	/* fragment 2 sealed with the other direction's key (a reflected one of ours) */
	struct ikev2_hdr h = hdr(1);
	size_t rl, off = 0, l2;
	const uint8_t *p;
	assert_int_equal(ike_frag_build(f->ro, &h, f->inner, f->inner_len, f->first, 160, f->buf, sizeof f->buf, &rl),
			 (int)f->n);
	assert_true(ike_frag_next(f->buf, rl, &off, &p, &l2));
	assert_true(ike_frag_next(f->buf, rl, &off, &p, &l2));
	assert_int_equal(feed(f, &rx, p, l2, &len, &first), IKE_FRAG_BAD);
	assert_int_equal(ike_frag_rx_held(rx), 1);
	for (unsigned i = 1; i < f->n; i++)
		assert_int_equal(feed_i(f, &rx, i, &len, &first), i + 1 < f->n ? IKE_FRAG_MORE : IKE_FRAG_DONE);
	assert_reassembled(f, len, first);
}

/* Over the caps: Total Fragments beyond IKE_FRAG_MAX_FRAGS, more than
 * IKE_FRAG_MAX_BYTES of plaintext; the partial message goes. */
static void test_oversize(void **state)
{
	struct fx *f = *state;
	/* a genuine, authenticated fragment 1 of 65 */
	uint8_t d[512];
	struct ikev2_hdr h = hdr(1);
	struct ikev2_writer w;
	struct ikev2_sk_slot slot;
	ikev2_w_init(&w, d, sizeof d, &h);
	ikev2_w_skf(&w, f->first, 1, IKE_FRAG_MAX_FRAGS + 1, ikev2_sk_iv_len(f->io), ikev2_sk_ct_len(f->io, 100),
		    ikev2_sk_icv_len(f->io), &slot);
	size_t n;
	assert_int_equal(ikev2_w_finish(&w, &n), 0);
	assert_int_equal(ikev2_sk_encrypt(f->io, d, slot.aad_len, f->inner, 100, d + slot.iv_off, slot.end - slot.iv_off), 0);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	assert_int_equal(feed(f, &rx, d, n, &len, &first), IKE_FRAG_LIMIT);
	assert_int_equal(ike_frag_rx_held(rx), 0);
	/* the builder refuses as many */
	assert_int_equal(ike_frag_count(f->io, 200 * (IKE_FRAG_MAX_FRAGS + 1), 180), 0);

	/* 40000 octets in 1400-octet fragments: fine to send, too big to keep */
	static uint8_t big[40000];
	memset(big, 0x5a, sizeof big);
	fragment(f, big, sizeof big, IKEV2_PL_NOTIFY, 1, 1400);
	assert_true(f->n <= IKE_FRAG_MAX_FRAGS);
	unsigned i;
	enum ike_frag_rc rc = IKE_FRAG_MORE;
	for (i = 0; i < f->n && rc == IKE_FRAG_MORE; i++)
		rc = feed_i(f, &rx, i, &len, &first);
	assert_int_equal(rc, IKE_FRAG_LIMIT);
	assert_true(i > 1 && i < f->n);
	assert_int_equal(ike_frag_rx_held(rx), 0);  /* all dropped */
	ike_frag_rx_free(rx);
}

/* A fragment of the next message id: the unfinished one is dropped. */
static void test_new_msgid(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 160);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	assert_int_equal(feed_i(f, &rx, 0, &len, &first), IKE_FRAG_MORE);
	assert_int_equal(feed_i(f, &rx, 1, &len, &first), IKE_FRAG_MORE);
	fragment(f, f->inner, f->inner_len, f->first, 2, 160);
	assert_int_equal(feed_i(f, &rx, 2, &len, &first), IKE_FRAG_MORE);
	assert_int_equal(ike_frag_rx_held(rx), 1);
	for (unsigned i = 0; i < f->n; i++)
		if (i != 2)
			assert_int_equal(feed_i(f, &rx, i, &len, &first), i + 1 < f->n ? IKE_FRAG_MORE : IKE_FRAG_DONE);
	assert_int_equal(M.hdr.msgid, 2);
	assert_reassembled(f, len, first);
}

/* A fragment that is not SKF, or whose datagram is not the parsed one. */
static void test_not_a_fragment(void **state)
{
	struct fx *f = *state;
	fragment(f, f->inner, f->inner_len, f->first, 1, 160);
	struct ike_frag_rx *rx = NULL;
	size_t len = 0;
	uint8_t first = 0;
	assert_int_equal(ikev2_msg_parse(&M, f->frag[0], f->flen[0]).notify, 0);
	uint8_t copy[1500];
	memcpy(copy, f->frag[0], f->flen[0]);
	assert_int_equal(ike_frag_rx_add(&rx, f->ri, copy, &M, plain, sizeof plain, &len, &first), IKE_FRAG_BAD);
	M.sk.frag = false;
	assert_int_equal(ike_frag_rx_add(&rx, f->ri, f->frag[0], &M, plain, sizeof plain, &len, &first),
			 IKE_FRAG_BAD);
	assert_null(rx);
}

/* Sizes: RFC 7383 §2.5.1 arithmetic and the datagram limit is kept. */
static void test_sizes(void **state)
{
	struct fx *f = *state;
	assert_int_equal(ike_frag_dgram_max(576, AF_INET, false), 576 - 28);
	assert_int_equal(ike_frag_dgram_max(576, AF_INET, true), 576 - 32);
	assert_int_equal(ike_frag_dgram_max(1280, AF_INET6, true), 1280 - 52);
	assert_int_equal(ike_frag_dgram_max(68, AF_INET, true), 36);
	assert_int_equal(ike_frag_dgram_max(30, AF_INET, true), 0);
	/* too small for header + SKF + IV + ICV + one block */
	assert_int_equal(ike_frag_count(f->io, f->inner_len, 50), 0);
	assert_int_equal(ike_frag_count(f->io, f->inner_len, 36), 0);
	uint8_t out[64];
	size_t n;
	struct ikev2_hdr h = hdr(1);
	assert_int_equal(ike_frag_build(f->io, &h, f->inner, f->inner_len, f->first, 36, out, sizeof out, &n), -1);
	/* too small a buffer */
	assert_int_equal(ike_frag_build(f->io, &h, f->inner, f->inner_len, f->first, 200, out, sizeof out, &n), -1);
	/* one fragment when it fits */
	assert_int_equal(ike_frag_count(f->io, f->inner_len, 1400), 1);
	for (size_t max = 100; max <= 600; max += 37) {
		fragment(f, f->inner, f->inner_len, f->first, 7, max);
		struct ike_frag_rx *rx = NULL;
		size_t len = 0;
		uint8_t first = 0;
		for (unsigned i = 0; i < f->n; i++)
			assert_int_equal(feed_i(f, &rx, i, &len, &first), i + 1 < f->n ? IKE_FRAG_MORE : IKE_FRAG_DONE);
		assert_reassembled(f, len, first);
	}
	/* walking stops at a length that does not fit */
	const uint8_t *p;
	size_t off = 0, l;
	uint8_t junk[40] = { 0 };
	junk[27] = 41;
	assert_false(ike_frag_next(junk, sizeof junk, &off, &p, &l));
	junk[27] = 27;
	assert_false(ike_frag_next(junk, sizeof junk, &off, &p, &l));
	junk[27] = 40;
	assert_true(ike_frag_next(junk, sizeof junk, &off, &p, &l));
	assert_int_equal(l, 40);
	assert_false(ike_frag_next(junk, sizeof junk, &off, &p, &l));
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_cbc, teardown), \
		cmocka_unit_test_setup_teardown(t, setup_gcm, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_in_order), BOTH(test_out_of_order), BOTH(test_duplicate), BOTH(test_missing),
		BOTH(test_wrong_total), BOTH(test_bad_icv), BOTH(test_oversize), BOTH(test_new_msgid),
		BOTH(test_not_a_fragment), BOTH(test_sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
