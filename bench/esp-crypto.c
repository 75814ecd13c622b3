/*
 * ESP crypto micro-benchmark (not wired into `make bench` yet): one core,
 * 1400-octet inner packets, each cipher: Gbit/s of inner data encapsulated,
 * and decapsulated (encapsulated packets prepared beforehand, so the
 * decrypt figure is decrypt only).  Build:
 *   cc -O2 -I. -o build/bench/esp-crypto bench/esp-crypto.c build/libflexd.a -lsqlite3 -lreadline -lcrypto -lpthread
 *   build/bench/esp-crypto [seconds per figure, default 1]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ikev2/crypto.h"
#include "ipsec/esp.h"

#define PKT   1400
#define RING  1024   /* packets prepared for the decrypt run */

static const struct { const char *name; uint16_t encr, keylen, integ; } cfgs[] = {
	{"AES-GCM-128", IKEV2_ENCR_AES_GCM_16, 128, IKEV2_INTEG_NONE},
	{"AES-GCM-256", IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE},
	{"AES-CBC-128 HMAC-SHA1-96", IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96},
	{"AES-CBC-256 HMAC-SHA256-128", IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128},
	{"AES-CBC-256 HMAC-SHA384-192", IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_384_192},
	{"AES-CBC-256 HMAC-SHA512-256", IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256},
	{"CHACHA20-POLY1305", IKEV2_ENCR_CHACHA20_POLY1305, 0, IKEV2_INTEG_NONE},
};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 1.0;
	static uint8_t inner[PKT], ring[RING][PKT + ESP_MAX_OVERHEAD], out[PKT + ESP_MAX_OVERHEAD];
	static size_t rlen[RING];
	uint8_t ek[IKEV2_MAX_ENCR_KEYMAT], ak[IKEV2_MAX_INTEG_KEY];
	memset(ek, 0x11, sizeof ek);
	memset(ak, 0x22, sizeof ak);
	memset(inner, 0x5a, sizeof inner);
	inner[0] = 0x45;
	printf("%-30s %12s %12s   (%d-octet packets, one core)\n", "cipher", "enc Gbit/s", "dec Gbit/s", PKT);
	for (size_t c = 0; c < sizeof cfgs / sizeof cfgs[0]; c++) {
		struct esp_sa_params p = {
			.spi_in = 0x100, .spi_out = 0x100, .encr = cfgs[c].encr, .keylen = cfgs[c].keylen,
			.integ = cfgs[c].integ, .esn = false, .replay_window = 0,  /* off: the ring is replayed */
			.ekey_in = ek, .akey_in = ak, .ekey_out = ek, .akey_out = ak,
			.e_len = ikev2_encr_keymat_len(cfgs[c].encr, cfgs[c].keylen),
			.a_len = ikev2_integ_key_len(cfgs[c].integ),
		};
		struct esp_sa *sa = esp_sa_new(&p);
		if (!sa) {
			printf("%-30s unsupported\n", cfgs[c].name);
			continue;
		}
		unsigned long n = 0;
		double t0 = now(), t;
		do {
			for (int i = 0; i < 256; i++)
				if (esp_encap(sa, inner, PKT, 4, out, sizeof out) <= 0)
					return 1;
			n += 256;
		} while ((t = now() - t0) < secs);
		double enc = n * PKT * 8.0 / t / 1e9;
		for (int i = 0; i < RING; i++)
			rlen[i] = (size_t)esp_encap(sa, inner, PKT, 4, ring[i], sizeof ring[i]);
		n = 0;
		t0 = now();
		size_t il;
		uint8_t nh;
		do {
			for (int i = 0; i < RING; i++)  /* window off: the same packets again */
				if (esp_decap(sa, ring[i], rlen[i], out, sizeof out, &il, &nh) != ESP_OK)
					return 1;
			n += RING;
		} while ((t = now() - t0) < secs);
		double dec = n * PKT * 8.0 / t / 1e9;
		printf("%-30s %12.2f %12.2f\n", cfgs[c].name, enc, dec);
		esp_sa_free(sa);
	}
	return 0;
}
