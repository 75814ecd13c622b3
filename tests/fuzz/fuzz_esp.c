/*
 * libFuzzer target for the ESP packet layer (ipsec/esp_*.c).  Byte 0 picks
 * the cipher and ESN, byte 1 the replay window; the rest is used twice:
 *   1. as a received ESP packet (SPI forced to the SA's so the input
 *      reaches the length, replay and ICV checks): must never crash or
 *      read past the end, and random bytes must never authenticate;
 *   2. as an inner packet that is encapsulated and decapsulated again:
 *      must come back identical.
 * The input is copied into an exact-size heap buffer so ASan sees any
 * read past its end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ikev2/crypto.h"
#include "ipsec/esp.h"

#define CHECK(c)                                                                   \
	do {                                                                       \
		if (!(c)) {                                                        \
			fprintf(stderr, "check failed: %s (line %d)\n", #c, __LINE__); \
			abort();                                                   \
		}                                                                  \
	} while (0)

static const struct { uint16_t encr, keylen, integ; } cfgs[] = {
	{IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE},
	{IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE},
	{IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96},
	{IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128},
	{IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA2_384_192},
	{IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256},
	{IKEV2_ENCR_CHACHA20_POLY1305, 0, IKEV2_INTEG_NONE},
};
#define NCFG (sizeof cfgs / sizeof cfgs[0])

static struct esp_sa *sas[NCFG][2];  /* [cipher][esn]: one SA looped back (spi_in == spi_out) */

static struct esp_sa *sa_get(unsigned c, unsigned esn, unsigned window)
{
	if (sas[c][esn])
		esp_sa_free(sas[c][esn]);
	static uint8_t ek[IKEV2_MAX_ENCR_KEYMAT], ak[IKEV2_MAX_INTEG_KEY];
	for (size_t i = 0; i < sizeof ek; i++)
		ek[i] = (uint8_t)(i * 13 + 1);
	for (size_t i = 0; i < sizeof ak; i++)
		ak[i] = (uint8_t)(i * 5 + 7);
	struct esp_sa_params p = {
		.spi_in = 0x01020304, .spi_out = 0x01020304, .encr = cfgs[c].encr,
		.keylen = cfgs[c].keylen, .integ = cfgs[c].integ, .esn = esn,
		.replay_window = window, .ekey_in = ek, .akey_in = ak, .ekey_out = ek, .akey_out = ak,
		.e_len = ikev2_encr_keymat_len(cfgs[c].encr, cfgs[c].keylen),
		.a_len = ikev2_integ_key_len(cfgs[c].integ),
	};
	sas[c][esn] = esp_sa_new(&p);
	CHECK(sas[c][esn]);
	return sas[c][esn];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[70000], pkt[70000], back[70000];
	if (size < 2)
		return 0;
	unsigned c = data[0] % NCFG, esn = data[0] / NCFG & 1;
	unsigned window = (unsigned)data[1] * 16;  /* 0 .. 4080 */
	struct esp_sa *sa = sa_get(c, esn, window);
	data += 2;
	size -= 2;

	/* 1: as a received packet */
	uint8_t *in = malloc(size ? size : 1);
	CHECK(in);
	memcpy(in, data, size);
	if (size >= 4) {
		in[0] = 1; in[1] = 2; in[2] = 3; in[3] = 4;
	}
	size_t il = 0;
	uint8_t nh = 0;
	enum esp_result r = esp_decap(sa, in, size, out, sizeof out, &il, &nh);
	CHECK(r != ESP_OK);  /* random bytes never authenticate */
	CHECK(r < ESP_DROP__N);
	free(in);

	/* 2: as an inner packet */
	uint8_t *inner = malloc(size ? size : 1);
	CHECK(inner);
	memcpy(inner, data, size);
	bool v6 = size && inner[0] >> 4 == 6;
	ssize_t m = esp_encap(sa, inner, size, v6 ? ESP_NH_IPV6 : ESP_NH_IPV4, pkt, sizeof pkt);
	CHECK(m > 0 && (size_t)m == esp_encap_len(sa, size));
	r = esp_decap(sa, pkt, (size_t)m, back, sizeof back, &il, &nh);
	bool valid = v6 ? size >= 40 : size >= 20 && inner[0] >> 4 == 4;
	if (valid) {
		CHECK(r == ESP_OK && il == size && memcmp(back, inner, size) == 0);
		CHECK(nh == (v6 ? ESP_NH_IPV6 : ESP_NH_IPV4));
	} else {
		CHECK(r == ESP_DROP_NEXTHDR);
	}
	/* the same packet again is a replay (when the window is on) */
	if (window)
		CHECK(esp_decap(sa, pkt, (size_t)m, back, sizeof back, &il, &nh) == ESP_DROP_REPLAY);
	free(inner);
	return 0;
}
