/*
 * libFuzzer target for RFC 7383 reassembly (ikev2/ike_frag.c) with the real
 * SK crypto.  Random bytes almost never pass an ICV, so the input mostly
 * describes fragments that are sealed here with the peer's key - genuine
 * fragments with arbitrary numbers, totals, message ids, exchange types and
 * contents - mixed with tampered copies and raw datagrams:
 *   op 0: msgid(1) num(1) total(1) next(1) exch(1) len(1) data(len)  sealed, added
 *   op 1: like op 0, then pos(2) xor(1): sealed, one octet changed, added
 *   op 2: len(2) datagram(len): parsed, added when it carries SKF
 *   op 3: the SA goes (state freed)
 * A reassembled message is parsed as an inner chain and every octet of
 * it read; the reassembly never holds more than its caps.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/crypto.h"
#include "ikev2/ike_frag.h"
#include "ikev2/msg.h"

#define CHECK(c)                                                                   \
	do {                                                                       \
		if (!(c)) {                                                        \
			fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); \
			abort();                                                   \
		}                                                                  \
	} while (0)

static struct ikev2_sk_dir *peer_out, *our_in;
static volatile unsigned sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	struct ikev2_suite s = { IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE, IKEV2_PRF_HMAC_SHA2_256,
				 IKEV2_DH_ECP256 };
	static const uint8_t gir[32] = { 1 }, ni[16] = { 2 }, nr[16] = { 3 }, spi_i[8] = { 4 }, spi_r[8] = { 5 };
	struct ikev2_ike_keys k;
	struct ikev2_sk_dir *a, *b;
	if (ikev2_ike_keys_initial(&k, &s, gir, 32, ni, 16, nr, 16, spi_i, spi_r) ||
	    ikev2_sk_pair(&k, true, &peer_out, &a) || ikev2_sk_pair(&k, false, &b, &our_in))
		abort();
	ikev2_sk_free(a);
	ikev2_sk_free(b);
	return 0;
}

static struct ikev2_msg m;
static uint8_t out[65536];

static void add(struct ike_frag_rx **rx, const uint8_t *d, size_t len)
{
	if (ikev2_msg_parse(&m, d, len).notify || !m.sk.frag)
		return;
	size_t n = 0;
	uint8_t first = 0;
	enum ike_frag_rc rc = ike_frag_rx_add(rx, our_in, d, &m, out, sizeof out, &n, &first);
	CHECK(ike_frag_rx_held(*rx) <= IKE_FRAG_MAX_FRAGS);
	if (rc != IKE_FRAG_DONE)
		return;
	CHECK(*rx == NULL && n <= IKE_FRAG_MAX_BYTES);
	for (size_t i = 0; i < n; i++)
		sink += out[i];
	ikev2_msg_parse_inner(&m, first, out, n);
}

/* Seal one fragment as the peer would: 0 when the builder refuses it. */
static size_t seal(const uint8_t *in, uint8_t *d, size_t cap)
{
	struct ikev2_hdr h = { .spi_i = 0x0400000000000000ull, .spi_r = 0x0500000000000000ull,
			       .version = IKEV2_VERSION, .exchange = (uint8_t)(in[4] & 1 ? 35 : 37),
			       .flags = IKEV2_FLAG_I, .msgid = in[0] % 3 };
	uint16_t num = in[1], total = in[2];
	size_t len = in[5];
	struct ikev2_writer w;
	struct ikev2_sk_slot slot;
	ikev2_w_init(&w, d, cap, &h);
	ikev2_w_skf(&w, num == 1 ? in[3] : 0, num, total, ikev2_sk_iv_len(peer_out),
		    ikev2_sk_ct_len(peer_out, len), ikev2_sk_icv_len(peer_out), &slot);
	size_t n;
	if (ikev2_w_finish(&w, &n) ||
	    ikev2_sk_encrypt(peer_out, d, slot.aad_len, in + 6, len, d + slot.iv_off, slot.end - slot.iv_off))
		return 0;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ike_frag_rx *rx = NULL;
	uint8_t d[1024];
	size_t i = 0;
	while (i < size) {
		uint8_t op = data[i++] & 3;
		if (op == 3) {
			ike_frag_rx_free(rx);
			rx = NULL;
			continue;
		}
		if (op == 2) {
			if (size - i < 2)
				break;
			size_t len = (size_t)data[i] << 8 | data[i + 1];
			i += 2;
			if (len > size - i)
				len = size - i;
			uint8_t *copy = malloc(len ? len : 1);  /* exact size: ASan sees overreads */
			memcpy(copy, data + i, len);
			add(&rx, copy, len);
			free(copy);
			i += len;
			continue;
		}
		if (size - i < 6 || data[i + 5] > size - i - 6)
			break;
		size_t n = seal(data + i, d, sizeof d);
		i += 6 + data[i + 5];
		if (op == 1) {
			if (size - i < 3)
				break;
			size_t pos = ((size_t)data[i] << 8 | data[i + 1]);
			if (n)
				d[pos % n] ^= data[i + 2];
			i += 3;
		}
		if (n) {
			uint8_t *copy = malloc(n);
			memcpy(copy, d, n);
			add(&rx, copy, n);
			free(copy);
		}
	}
	ike_frag_rx_free(rx);
	return 0;
}
