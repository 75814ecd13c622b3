/*
 * ikev2/crypto: known-answer tests and round trips.
 *
 * Published vectors: HMAC (RFC 4231, RFC 2202), ECDH (RFC 5903 §8),
 * X25519 (RFC 7748 §6.1, RFC 8031 App. A), AES-GCM (McGrew-Viega test
 * cases 4 and 16, as in the GCM spec / RFC 4106 usage), ChaCha20-Poly1305
 * (RFC 7539 §2.8.2, RFC 7634 App. B IKEv2 example).
 *
 * Computed once, independently, with Python 3 (hmac, hashlib and the
 * "cryptography" package) and pasted here: prf+ expansions, IKE SA and
 * Child SA key derivations (incl. rekey), AUTH PSK values, NAT-D hash, SK
 * AES-GCM and AES-CBC+HMAC messages, a MODP-2048 shared secret with a
 * leading zero octet, and RSA PKCS#1 v1.5 / PSS, ECDSA and Ed25519
 * signatures of the AUTH octets (the keys below are throw-away test keys).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ikev2/crypto.h"
#include "ikev2/crypto_priv.h"

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;
	while (*s) {
		if (*s == ' ' || *s == '\n') {
			s++;
			continue;
		}
		unsigned v;
		if (n >= cap || sscanf(s, "%2x", &v) != 1)
			fail_msg("bad hex");
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

/* ================= vectors computed with Python (see header) ================= */

static const uint8_t PRFP_SHA256[200] = {
	0xb5, 0xf1, 0xcd, 0x72, 0x68, 0xdd, 0xb9, 0x9d, 0x6f, 0xc1, 0x78, 0x4c,
	0xf3, 0x52, 0x6f, 0xc0, 0x92, 0xb7, 0x03, 0xbb, 0xba, 0xd6, 0x39, 0x97,
	0xbf, 0x1f, 0x2c, 0x4e, 0x91, 0x38, 0x22, 0x00, 0x03, 0xeb, 0x22, 0xd4,
	0x94, 0xb4, 0x72, 0x70, 0xa8, 0x34, 0xae, 0x42, 0x5a, 0xff, 0x5e, 0x63,
	0xa8, 0x3d, 0x33, 0xc4, 0xe7, 0xed, 0xb0, 0x64, 0x51, 0x34, 0x6f, 0x58,
	0xeb, 0xac, 0xc9, 0x44, 0xc1, 0xcd, 0x0d, 0x3b, 0x3d, 0x59, 0x7a, 0x13,
	0x18, 0xc2, 0x5b, 0xa4, 0x72, 0xc5, 0x18, 0x76, 0x13, 0x06, 0x93, 0x1d,
	0x14, 0x0c, 0xc0, 0x92, 0xd4, 0xe2, 0x12, 0xf4, 0x3c, 0xf7, 0x5f, 0x20,
	0x59, 0x2f, 0xff, 0x62, 0x3f, 0x37, 0xbf, 0x98, 0x82, 0xc6, 0x48, 0xf2,
	0x60, 0xaa, 0x88, 0x92, 0xa0, 0x91, 0x7b, 0x53, 0x6f, 0x86, 0x62, 0xdf,
	0xfd, 0x25, 0x1f, 0x90, 0x64, 0x0e, 0x3c, 0xca, 0x22, 0x24, 0x4f, 0x10,
	0xf2, 0xf6, 0xe6, 0x5f, 0x5d, 0xdf, 0x75, 0x61, 0xc0, 0xfb, 0xa1, 0xed,
	0xc1, 0x5d, 0xed, 0xdb, 0x63, 0x81, 0x76, 0xee, 0xa7, 0xa4, 0xe9, 0x98,
	0x34, 0x25, 0x60, 0xca, 0xfb, 0xde, 0xee, 0xd8, 0x0a, 0x55, 0xd4, 0x42,
	0x93, 0x5b, 0xa3, 0xd5, 0x75, 0x6d, 0x6f, 0x54, 0xb2, 0x50, 0xb4, 0x39,
	0xf1, 0xbb, 0x93, 0x08, 0x71, 0xfe, 0x13, 0x74, 0x42, 0x4c, 0xe6, 0xf9,
	0x9c, 0x3a, 0x04, 0xc2, 0x31, 0x63, 0x12, 0xfb,
};
static const uint8_t PRFP_SHA1[61] = {
	0x91, 0xeb, 0xdb, 0x4c, 0xc1, 0x42, 0xe5, 0x22, 0xc6, 0x09, 0xdb, 0x7b,
	0x47, 0x65, 0x80, 0xa8, 0xbd, 0xcb, 0xf6, 0xe4, 0x63, 0x51, 0x9d, 0x83,
	0x2a, 0xb0, 0x31, 0x87, 0xaa, 0x8a, 0x77, 0x2b, 0x30, 0xd1, 0xc3, 0x85,
	0xa0, 0xf8, 0xf3, 0xfb, 0x2d, 0xf1, 0x15, 0x39, 0x63, 0xda, 0x26, 0xf2,
	0x91, 0x4a, 0xc8, 0xd1, 0xd5, 0xd0, 0x81, 0xf2, 0x32, 0xa3, 0x89, 0x77,
	0x91,
};
static const uint8_t NI[32] = {
	0x01, 0x08, 0x0f, 0x16, 0x1d, 0x24, 0x2b, 0x32, 0x39, 0x40, 0x47, 0x4e,
	0x55, 0x5c, 0x63, 0x6a, 0x71, 0x78, 0x7f, 0x86, 0x8d, 0x94, 0x9b, 0xa2,
	0xa9, 0xb0, 0xb7, 0xbe, 0xc5, 0xcc, 0xd3, 0xda,
};
static const uint8_t NR[32] = {
	0x05, 0x12, 0x1f, 0x2c, 0x39, 0x46, 0x53, 0x60, 0x6d, 0x7a, 0x87, 0x94,
	0xa1, 0xae, 0xbb, 0xc8, 0xd5, 0xe2, 0xef, 0xfc, 0x09, 0x16, 0x23, 0x30,
	0x3d, 0x4a, 0x57, 0x64, 0x71, 0x7e, 0x8b, 0x98,
};
static const uint8_t GIR[32] = {
	0x03, 0x22, 0x41, 0x60, 0x7f, 0x9e, 0xbd, 0xdc, 0xfb, 0x1a, 0x39, 0x58,
	0x77, 0x96, 0xb5, 0xd4, 0xf3, 0x12, 0x31, 0x50, 0x6f, 0x8e, 0xad, 0xcc,
	0xeb, 0x0a, 0x29, 0x48, 0x67, 0x86, 0xa5, 0xc4,
};
static const uint8_t SKEYSEED1[32] = {
	0x4b, 0xd1, 0xc9, 0x41, 0xe6, 0x1f, 0x8f, 0x7b, 0x4e, 0xfd, 0xa4, 0xc1,
	0x35, 0x50, 0x45, 0xc9, 0x7f, 0xc7, 0x28, 0x05, 0x22, 0x78, 0x5b, 0xfa,
	0xab, 0xfa, 0x67, 0xd7, 0x8e, 0xd2, 0xec, 0x0c,
};
static const uint8_t KM1[224] = {
	0xee, 0xbb, 0x65, 0xeb, 0x0e, 0x76, 0x95, 0x92, 0x0d, 0x9f, 0x5e, 0xa0,
	0x2f, 0x66, 0x22, 0x09, 0xc7, 0x38, 0x0f, 0x14, 0x4c, 0x6a, 0x49, 0xe7,
	0x18, 0x32, 0x48, 0x82, 0x4a, 0x8a, 0x37, 0x99, 0x41, 0xa2, 0xb1, 0x99,
	0xf3, 0x67, 0x47, 0x19, 0xbf, 0x42, 0x9c, 0x62, 0x4e, 0x50, 0x4d, 0x40,
	0x58, 0x23, 0x5d, 0xce, 0x98, 0xbc, 0x07, 0xc3, 0x94, 0x5d, 0x41, 0x97,
	0x66, 0xbe, 0x92, 0x6f, 0xfc, 0xfc, 0x29, 0xe9, 0x76, 0x36, 0x75, 0x78,
	0x9e, 0x33, 0xdb, 0x75, 0xf9, 0xb0, 0x00, 0xfc, 0x64, 0x78, 0xa7, 0xda,
	0x79, 0xde, 0x5d, 0xed, 0x72, 0x8a, 0x02, 0x6d, 0x44, 0x91, 0x38, 0x04,
	0x74, 0xba, 0x64, 0x51, 0x85, 0x50, 0x0e, 0x73, 0xc8, 0x0a, 0xc7, 0x27,
	0x8d, 0x63, 0xa2, 0x7f, 0xcd, 0xb5, 0x4a, 0x42, 0xaf, 0x45, 0x5e, 0x75,
	0x11, 0x61, 0x68, 0x9b, 0xb8, 0xba, 0x39, 0x57, 0x63, 0xbb, 0xd0, 0xc1,
	0x7a, 0x33, 0xeb, 0x86, 0xf8, 0xa1, 0x46, 0x26, 0xe2, 0xe5, 0xfb, 0xa1,
	0x24, 0xd4, 0x52, 0xee, 0x37, 0x7a, 0xcc, 0xe0, 0xc8, 0xa8, 0x69, 0x1a,
	0x69, 0xbd, 0xa2, 0x65, 0x25, 0x27, 0x37, 0xab, 0x10, 0x61, 0x60, 0xa7,
	0x77, 0xec, 0x5e, 0xba, 0x78, 0x45, 0x7d, 0x93, 0x26, 0x56, 0x54, 0xa8,
	0x72, 0x44, 0x88, 0xa7, 0x04, 0xa3, 0x79, 0xc9, 0xfd, 0x00, 0x83, 0xbe,
	0x01, 0x2f, 0x82, 0x19, 0x45, 0xc9, 0x10, 0x46, 0x0c, 0x38, 0x2f, 0x79,
	0x98, 0xdb, 0xb2, 0x47, 0x4a, 0x2a, 0x69, 0x0c, 0x55, 0x00, 0x7c, 0x1f,
	0xed, 0x7f, 0xa6, 0xc5, 0x0d, 0x6d, 0xfd, 0x68,
};
static const uint8_t KM2[216] = {
	0xc0, 0x34, 0x22, 0x0f, 0x88, 0x1e, 0x77, 0x89, 0x90, 0xd1, 0x94, 0xca,
	0x95, 0xbe, 0xd7, 0xa2, 0x3b, 0x6e, 0xc6, 0x5d, 0x87, 0x51, 0x8a, 0xe2,
	0x97, 0x94, 0xf6, 0x48, 0x27, 0xa8, 0x63, 0x6d, 0xc7, 0x34, 0x7a, 0xf4,
	0x27, 0x3a, 0x3c, 0x9e, 0x50, 0x84, 0x24, 0xee, 0x07, 0xd3, 0xda, 0x1f,
	0xe6, 0x86, 0xdf, 0x06, 0x12, 0x7b, 0x82, 0xf6, 0xdc, 0x38, 0xc0, 0xff,
	0x76, 0xda, 0x32, 0x55, 0xd5, 0xe4, 0x27, 0x31, 0x76, 0xad, 0x23, 0x58,
	0xc1, 0x5e, 0xbf, 0x75, 0xe9, 0xaa, 0x8d, 0x35, 0x80, 0xd1, 0x1c, 0xd8,
	0x58, 0x9d, 0xf0, 0x19, 0x7a, 0x28, 0x7d, 0x92, 0x51, 0x6d, 0xbb, 0xa8,
	0xef, 0x65, 0xef, 0x62, 0x08, 0x3c, 0x04, 0xc1, 0x0a, 0xa3, 0x61, 0xec,
	0xdb, 0xcc, 0x4c, 0x0c, 0x73, 0x50, 0x18, 0xa0, 0x9d, 0xe7, 0x15, 0x7a,
	0x4d, 0x62, 0x9f, 0x04, 0xaa, 0xb9, 0x3e, 0xf8, 0x38, 0x0f, 0xe4, 0x08,
	0x98, 0x83, 0xbd, 0xaf, 0x76, 0xa1, 0xd4, 0xbb, 0x50, 0x7e, 0x15, 0x26,
	0xd3, 0x14, 0x70, 0x26, 0xcd, 0x7a, 0x0b, 0xd1, 0xe5, 0xbf, 0xb2, 0xe6,
	0x05, 0xbf, 0xae, 0x83, 0x47, 0x1f, 0x1f, 0xfe, 0xe4, 0xf4, 0x81, 0x93,
	0x5a, 0x82, 0xf5, 0x4d, 0x61, 0xc8, 0x8b, 0xb7, 0x95, 0xd8, 0x61, 0x6f,
	0x51, 0x3c, 0xc7, 0xab, 0x20, 0xf2, 0x31, 0xd7, 0x65, 0xdf, 0xcd, 0xe4,
	0xb0, 0x1d, 0xc6, 0xc0, 0xb0, 0x80, 0x9e, 0x67, 0x72, 0x27, 0x26, 0x60,
	0x90, 0xc2, 0xa1, 0xa1, 0x5d, 0x97, 0x34, 0x86, 0xcf, 0x09, 0x1d, 0x51,
};
static const uint8_t NI2[16] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f,
};
static const uint8_t NR2[32] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b,
	0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27,
	0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f,
};
static const uint8_t GIR2[48] = {
	0x00, 0x05, 0x0a, 0x0f, 0x14, 0x19, 0x1e, 0x23, 0x28, 0x2d, 0x32, 0x37,
	0x3c, 0x41, 0x46, 0x4b, 0x50, 0x55, 0x5a, 0x5f, 0x64, 0x69, 0x6e, 0x73,
	0x78, 0x7d, 0x82, 0x87, 0x8c, 0x91, 0x96, 0x9b, 0xa0, 0xa5, 0xaa, 0xaf,
	0xb4, 0xb9, 0xbe, 0xc3, 0xc8, 0xcd, 0xd2, 0xd7, 0xdc, 0xe1, 0xe6, 0xeb,
};
static const uint8_t KM3[216] = {
	0xc3, 0x8f, 0x27, 0x16, 0xab, 0xa1, 0xa6, 0x9e, 0xb6, 0x94, 0xba, 0xdc,
	0x7a, 0x2f, 0xdc, 0x54, 0x3e, 0x36, 0x54, 0xa6, 0x6a, 0x1d, 0xfe, 0x75,
	0x47, 0xc1, 0x0e, 0x19, 0xe0, 0xe5, 0xb2, 0x37, 0x3f, 0x0a, 0x8e, 0xb3,
	0x34, 0xa8, 0x5c, 0x71, 0x8f, 0x20, 0xe9, 0x3d, 0xfa, 0x66, 0x67, 0x00,
	0x46, 0xc4, 0x92, 0xa9, 0xe3, 0x50, 0x2b, 0xeb, 0x4e, 0xd3, 0xd3, 0xec,
	0x9e, 0x14, 0x13, 0x04, 0xeb, 0x52, 0x7a, 0xd8, 0x13, 0xc6, 0xaa, 0x9c,
	0xa8, 0x2b, 0x91, 0x87, 0xc1, 0x8f, 0xd6, 0x9f, 0x2b, 0xb8, 0xe8, 0x31,
	0x1f, 0x11, 0x27, 0x2d, 0xae, 0xdb, 0x42, 0xa9, 0x78, 0xb9, 0x49, 0x77,
	0x27, 0x84, 0xb0, 0x0f, 0xf5, 0xf6, 0xa9, 0xb4, 0xba, 0x27, 0x1d, 0x6e,
	0xc1, 0xf3, 0xea, 0xa7, 0x16, 0x84, 0xbd, 0x76, 0xa5, 0x6a, 0xa9, 0x1e,
	0xe0, 0xed, 0xe2, 0xc6, 0x02, 0xc9, 0xc0, 0x9a, 0x6b, 0x37, 0xa5, 0x43,
	0xe5, 0xd2, 0x0e, 0xc6, 0x87, 0xbc, 0x2e, 0x2c, 0xe2, 0xcb, 0x52, 0xd3,
	0x43, 0x80, 0xa8, 0x1c, 0x49, 0x9e, 0x07, 0x35, 0x14, 0xff, 0xb9, 0x05,
	0x97, 0x4c, 0x13, 0x79, 0x57, 0xa4, 0x24, 0xaa, 0x8a, 0x00, 0x42, 0x8b,
	0xde, 0x53, 0x6d, 0x96, 0x83, 0xe2, 0x4c, 0x82, 0xe2, 0x3e, 0xb1, 0x86,
	0xaf, 0xa5, 0x36, 0xa9, 0x9a, 0x15, 0x5c, 0xa0, 0x42, 0x9a, 0x91, 0xab,
	0x56, 0x00, 0x36, 0x0e, 0x64, 0xb4, 0xd4, 0x31, 0xd0, 0x40, 0x18, 0x58,
	0xd3, 0x39, 0xf8, 0x1d, 0xea, 0xa2, 0xb0, 0x7e, 0x57, 0x16, 0x6a, 0x40,
};
static const uint8_t CHILD1[72] = {
	0xf2, 0xb2, 0x53, 0x56, 0xcc, 0x3d, 0x14, 0xda, 0x79, 0x21, 0xb6, 0xc2,
	0xc1, 0xdc, 0xc9, 0xc9, 0x76, 0x9b, 0x98, 0xd3, 0x87, 0x34, 0xca, 0x55,
	0xa8, 0x23, 0xd9, 0x27, 0xc5, 0x40, 0xff, 0x67, 0x30, 0x9b, 0x9c, 0x9d,
	0x08, 0xd7, 0x52, 0x21, 0x38, 0xff, 0x44, 0x4f, 0x39, 0x51, 0x15, 0x79,
	0xe0, 0x01, 0xe2, 0x27, 0x42, 0x51, 0x02, 0x21, 0x9b, 0x58, 0x9e, 0xe9,
	0xea, 0x9c, 0x77, 0xf0, 0x32, 0x4a, 0x03, 0xff, 0x6e, 0xf2, 0xf6, 0x67,
};
static const uint8_t CHILD2[72] = {
	0x27, 0xfa, 0xbd, 0x24, 0x77, 0x73, 0x42, 0x04, 0x7b, 0x1d, 0x14, 0x8d,
	0x9b, 0xd5, 0x9b, 0xb8, 0x98, 0x5e, 0xc8, 0x2c, 0x8c, 0xce, 0x55, 0xb4,
	0xc8, 0xe4, 0x37, 0xb9, 0x63, 0x03, 0x8b, 0xa2, 0x71, 0x91, 0x4c, 0x92,
	0x3b, 0xe8, 0x46, 0xe4, 0x95, 0x6b, 0x8d, 0x25, 0xc5, 0xc8, 0x78, 0xc2,
	0xcc, 0x40, 0x46, 0x04, 0x0b, 0x63, 0x18, 0x10, 0x91, 0x7b, 0x24, 0x74,
	0x64, 0x23, 0x7b, 0xd8, 0x00, 0x21, 0xfa, 0x29, 0xe9, 0xa3, 0x36, 0x4e,
};
static const uint8_t AUTH_MSG[300] = {
	0x00, 0x03, 0x06, 0x09, 0x0c, 0x0f, 0x12, 0x15, 0x18, 0x1b, 0x1e, 0x21,
	0x24, 0x27, 0x2a, 0x2d, 0x30, 0x33, 0x36, 0x39, 0x3c, 0x3f, 0x42, 0x45,
	0x48, 0x4b, 0x4e, 0x51, 0x54, 0x57, 0x5a, 0x5d, 0x60, 0x63, 0x66, 0x69,
	0x6c, 0x6f, 0x72, 0x75, 0x78, 0x7b, 0x7e, 0x81, 0x84, 0x87, 0x8a, 0x8d,
	0x90, 0x93, 0x96, 0x99, 0x9c, 0x9f, 0xa2, 0xa5, 0xa8, 0xab, 0xae, 0xb1,
	0xb4, 0xb7, 0xba, 0xbd, 0xc0, 0xc3, 0xc6, 0xc9, 0xcc, 0xcf, 0xd2, 0xd5,
	0xd8, 0xdb, 0xde, 0xe1, 0xe4, 0xe7, 0xea, 0xed, 0xf0, 0xf3, 0xf6, 0xf9,
	0xfc, 0xff, 0x02, 0x05, 0x08, 0x0b, 0x0e, 0x11, 0x14, 0x17, 0x1a, 0x1d,
	0x20, 0x23, 0x26, 0x29, 0x2c, 0x2f, 0x32, 0x35, 0x38, 0x3b, 0x3e, 0x41,
	0x44, 0x47, 0x4a, 0x4d, 0x50, 0x53, 0x56, 0x59, 0x5c, 0x5f, 0x62, 0x65,
	0x68, 0x6b, 0x6e, 0x71, 0x74, 0x77, 0x7a, 0x7d, 0x80, 0x83, 0x86, 0x89,
	0x8c, 0x8f, 0x92, 0x95, 0x98, 0x9b, 0x9e, 0xa1, 0xa4, 0xa7, 0xaa, 0xad,
	0xb0, 0xb3, 0xb6, 0xb9, 0xbc, 0xbf, 0xc2, 0xc5, 0xc8, 0xcb, 0xce, 0xd1,
	0xd4, 0xd7, 0xda, 0xdd, 0xe0, 0xe3, 0xe6, 0xe9, 0xec, 0xef, 0xf2, 0xf5,
	0xf8, 0xfb, 0xfe, 0x01, 0x04, 0x07, 0x0a, 0x0d, 0x10, 0x13, 0x16, 0x19,
	0x1c, 0x1f, 0x22, 0x25, 0x28, 0x2b, 0x2e, 0x31, 0x34, 0x37, 0x3a, 0x3d,
	0x40, 0x43, 0x46, 0x49, 0x4c, 0x4f, 0x52, 0x55, 0x58, 0x5b, 0x5e, 0x61,
	0x64, 0x67, 0x6a, 0x6d, 0x70, 0x73, 0x76, 0x79, 0x7c, 0x7f, 0x82, 0x85,
	0x88, 0x8b, 0x8e, 0x91, 0x94, 0x97, 0x9a, 0x9d, 0xa0, 0xa3, 0xa6, 0xa9,
	0xac, 0xaf, 0xb2, 0xb5, 0xb8, 0xbb, 0xbe, 0xc1, 0xc4, 0xc7, 0xca, 0xcd,
	0xd0, 0xd3, 0xd6, 0xd9, 0xdc, 0xdf, 0xe2, 0xe5, 0xe8, 0xeb, 0xee, 0xf1,
	0xf4, 0xf7, 0xfa, 0xfd, 0x00, 0x03, 0x06, 0x09, 0x0c, 0x0f, 0x12, 0x15,
	0x18, 0x1b, 0x1e, 0x21, 0x24, 0x27, 0x2a, 0x2d, 0x30, 0x33, 0x36, 0x39,
	0x3c, 0x3f, 0x42, 0x45, 0x48, 0x4b, 0x4e, 0x51, 0x54, 0x57, 0x5a, 0x5d,
	0x60, 0x63, 0x66, 0x69, 0x6c, 0x6f, 0x72, 0x75, 0x78, 0x7b, 0x7e, 0x81,
};
static const uint8_t AUTH_ID[22] = {
	0x02, 0x00, 0x00, 0x00, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x2e, 0x65,
	0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x2e, 0x63, 0x6f, 0x6d,
};
static const uint8_t AUTH_PSK_SHA256[32] = {
	0x9e, 0x52, 0x90, 0x91, 0x3e, 0x2c, 0x58, 0xb8, 0xd6, 0xd5, 0xb4, 0xfc,
	0xa6, 0xf3, 0xd3, 0x48, 0xc3, 0xc9, 0x13, 0xf9, 0xe7, 0xed, 0xe8, 0xc8,
	0x48, 0xbf, 0x22, 0x48, 0xc7, 0x2d, 0xac, 0xbe,
};
static const uint8_t AUTH_PSK_SHA1[20] = {
	0xb3, 0xdb, 0x5e, 0x07, 0x38, 0x8b, 0x5e, 0xb8, 0x0b, 0x98, 0xc4, 0x7f,
	0x2f, 0x59, 0x47, 0xd4, 0xa2, 0x4b, 0x37, 0x85,
};
static const uint8_t NATD[20] = {
	0xb4, 0x3b, 0x59, 0x39, 0x4b, 0xf8, 0xbc, 0x93, 0x02, 0x46, 0xa8, 0xf8,
	0x0b, 0x6f, 0xdd, 0xf0, 0x5c, 0x58, 0xd9, 0xbf,
};
static const uint8_t GCM_KEY[20] = {
	0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b,
	0x4c, 0x4d, 0x4e, 0x4f, 0xa1, 0xb2, 0xc3, 0xd4,
};
static const uint8_t GCM_AAD[32] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98,
	0x76, 0x54, 0x32, 0x10, 0x2e, 0x20, 0x25, 0x08, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x50, 0x29, 0x00, 0x00, 0x34,
};
static const uint8_t GCM_INNER[24] = {
	0x29, 0x00, 0x00, 0x0c, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00, 0x00, 0x0a,
};
static const uint8_t GCM_BODY[49] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x30, 0xa8, 0xbc, 0xd0,
	0x2c, 0x83, 0x24, 0x81, 0x78, 0x38, 0x80, 0x90, 0x63, 0x5e, 0x7b, 0x2c,
	0x60, 0x3d, 0xb9, 0x12, 0xdb, 0xb5, 0x90, 0x6e, 0x84, 0x55, 0xe4, 0xd8,
	0x02, 0x91, 0xc6, 0xae, 0x76, 0x9e, 0xd1, 0xf1, 0x88, 0xc4, 0xb0, 0x50,
	0x9e,
};
static const uint8_t CBC_EKEY[32] = {
	0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
	0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
	0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f,
};
static const uint8_t CBC_AKEY[32] = {
	0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b,
	0x8c, 0x8d, 0x8e, 0x8f, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
	0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f,
};
static const uint8_t CBC_IV[16] = {
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
	0xcc, 0xcd, 0xce, 0xcf,
};
static const uint8_t CBC_BODY[64] = {
	0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb,
	0xcc, 0xcd, 0xce, 0xcf, 0x3c, 0x51, 0x4b, 0xcb, 0xb8, 0xe7, 0x15, 0x95,
	0xef, 0x27, 0xe8, 0x98, 0x8f, 0x1d, 0x13, 0xb9, 0x57, 0xef, 0xe8, 0xc2,
	0xd0, 0x6e, 0xaa, 0x67, 0xb2, 0x33, 0x35, 0x6b, 0x21, 0xac, 0x21, 0xe5,
	0xcd, 0x87, 0x7d, 0x8b, 0xa5, 0x72, 0x42, 0x9c, 0x85, 0xc8, 0x35, 0x06,
	0x54, 0xb0, 0x16, 0x64,
};
static const char RSA_PEM[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC2bL3K5lgJTgO7\n"
	"YTGCdtuTe5Z4xwTRsYdoMziHb8/U6vO9uaODFSA2gs+CFeWzhR89QgIS0YFIdDCQ\n"
	"pbtoMejG/i8KGpqtaKNn0pV5v7U+1/UwWHJSElLtc7QAD4bEUuCjdxglZyqNxXu3\n"
	"O9OudmoXf8ran5okLtH+xpe3Y73P97n8nisT7I4duqylMJhMPErLqpxQYd74gVrp\n"
	"5EkVWpHGGkWtTxXrZXVB1bhwOE4+NaaLCwtW2gn8klFyR+XKSTOXkvzZ7E+6C3An\n"
	"mEXStKFkZHvIiOmC/7sWkB40rW50yEYprY04Pggt/Uo+cmeWNVgqCqtDJ186rWOI\n"
	"pFkYG1OrAgMBAAECggEASlo86w+Cb1xwUfW137aBHXYAaP64/JzOk05ZKn6Mp3wR\n"
	"11DsD7fTFtSvLhattkM6bdXTEYd5maXdy375SOkatsyQMJ6ST75354+ho+tavJ/5\n"
	"y/gotEHKsgR4J5QseiVLcOTQHyKS6hDFMXQ9fXy/Fg/chsoJYdkBd0XLPZB2I2Zk\n"
	"8GWU9H7Cy3/P7Zil3TJnEVMDvFGAJ2hMKQ1wLg/X3bnCXbc6+GYpdrjvj8kxx5Yd\n"
	"9Qw5Gtu2KVNOXzt08Mplx1cxce2Re0v9EuBlyJZ9RX8YmhimFo4rp/NVPnczRqbc\n"
	"TyB8je1xRTPzmCTd8ukmAmKYs9P7ucQcHZl1tytOUQKBgQDjaJs/SZcGCRWdQEDo\n"
	"DYQudyuNyCJFc2Lx/lDFpk7+QttgWverrj8p4AdbMk62Xthrba47iPqaZz94gMCI\n"
	"SqLEtNiQzVEPVhvgaytr/7hsrh77Hb9FbJtL4wRu6Wp/SCTwUvAq7ytqjHtG+gHP\n"
	"fYkTABqQxVii4NgwDwG7QY9m2wKBgQDNXEfpfomxokZAkfEFYBeu9hvOMnrfGszn\n"
	"LMxldwdDoCKWwgpuPmJ33KrvRjH+fUJ8ld+XjQBQLmv3BHB92zOmq9KISrNIs237\n"
	"1/SHRz1qgG9uYRXNZtKW7OcljmlYHBmHapjfU8Xtqh8kfS1C+q3hizVjrLp+etAD\n"
	"NWvSjFfXcQKBgQDEN6pc/T5Wctg3iw12LNN01Fa8S4dmrZ0eePVw1YMrWLy5c0Ro\n"
	"2jyeATPXuJy6NzQ93bGMpTC2sYfOjimSb/PqDrEeoEnlFcOP7GjXExsqi0MoIg67\n"
	"9G47GHLm0HiXwsQ8qROZuCyaDwT/xRBy3Dq+LkS9zcohICjprskrrfHyKQKBgGKl\n"
	"VmHiB9CNS8POlwFnBFlmHTsyYnVzUUQm79Q5lgK1FIhok0wbqX88P9wKUw+VKe/g\n"
	"qnQJJkJd2jzhJAxA1JHWbZ5Mi8x7bHSSawLkhKr5IQ3bkvaE0tnu2KXgv9e0P8sd\n"
	"uGtmuWgN1UHY43oOIqJ6FV5Y5YjGA8/WxIFyKuvxAoGAICuwOWv/KaNl3IoAeEra\n"
	"//NghXUtV5+Yr7OcxQy48mgHTATW5W/lOzDEDCX3GOW6oAzFEcek0C/ajtCckC0I\n"
	"Rt52p5OslBdQ5GA5wQyGcaOC8PIxm3zRfs/3t3ULZSl4B24bE9CYHiJC+wS9ic8j\n"
	"3GfxqnG4/Y87DHfIWCnUr0c=\n"
	"-----END PRIVATE KEY-----\n";
static const uint8_t RSA_SIG_SHA1[256] = {
	0xa7, 0x53, 0x97, 0xf2, 0x9d, 0x38, 0xcf, 0xd3, 0xb7, 0x7f, 0x69, 0xd5,
	0x7a, 0x3d, 0x5c, 0x73, 0x1c, 0xc9, 0x01, 0x14, 0x08, 0x29, 0x71, 0x3e,
	0x17, 0xe6, 0x5c, 0x8f, 0x78, 0x1b, 0xc8, 0x19, 0x66, 0x5e, 0x40, 0x2a,
	0x84, 0xcc, 0x38, 0x95, 0x7e, 0x3e, 0x3a, 0xf9, 0x57, 0xd9, 0x29, 0x29,
	0x1c, 0xde, 0x2c, 0x7f, 0x6c, 0x7b, 0x8c, 0x90, 0x42, 0xf8, 0x38, 0x65,
	0x23, 0x10, 0x60, 0x71, 0xd8, 0x6f, 0xf2, 0xd3, 0xdc, 0x37, 0x58, 0x07,
	0x07, 0x17, 0x82, 0xbb, 0x6e, 0x05, 0x8e, 0x90, 0xa7, 0x48, 0xcb, 0x75,
	0xb2, 0x4b, 0x02, 0x65, 0x78, 0x06, 0x6d, 0xdf, 0x12, 0xc3, 0x5a, 0x5b,
	0x38, 0x3a, 0x0e, 0x4c, 0xb7, 0x8e, 0xd1, 0xad, 0x94, 0x11, 0x8f, 0x07,
	0xe3, 0x4a, 0xfc, 0xbf, 0x53, 0xf8, 0xc4, 0x12, 0xe7, 0x21, 0xfc, 0xc1,
	0xb8, 0xa8, 0x4b, 0x57, 0x9b, 0x65, 0x14, 0xd7, 0x1c, 0xde, 0x94, 0x9c,
	0x60, 0xc4, 0x2d, 0x33, 0x32, 0xf5, 0xb7, 0x46, 0x64, 0xaf, 0x1f, 0x4c,
	0xbb, 0x4e, 0x31, 0x28, 0x31, 0x0c, 0x78, 0xe9, 0x10, 0xf2, 0x4c, 0xd6,
	0x60, 0x55, 0xf2, 0xea, 0x0a, 0xf1, 0xd3, 0x18, 0xc2, 0xc2, 0xca, 0xff,
	0xc3, 0x3a, 0x9a, 0xf1, 0xcd, 0xa8, 0x07, 0x00, 0x62, 0x69, 0x6e, 0x71,
	0x95, 0xa7, 0xf4, 0x69, 0xf8, 0x39, 0xcf, 0xf5, 0x75, 0x47, 0xee, 0x30,
	0xfe, 0xfe, 0xe2, 0xdd, 0xe3, 0xc1, 0xa1, 0x28, 0xc6, 0xb8, 0x81, 0x7c,
	0xad, 0xf7, 0xc2, 0xf4, 0xaf, 0xb5, 0x9a, 0x31, 0xc5, 0x8a, 0xa4, 0x28,
	0x24, 0x24, 0xcb, 0x85, 0xa7, 0x42, 0x89, 0x31, 0xb7, 0x3d, 0x78, 0x92,
	0xda, 0x8f, 0x18, 0xd9, 0x09, 0x6d, 0x13, 0xa5, 0x1d, 0x0a, 0x72, 0x20,
	0xda, 0x2f, 0xe3, 0x76, 0xdc, 0x32, 0xbf, 0x1a, 0x1c, 0xfc, 0x83, 0xff,
	0x4b, 0xb5, 0x9d, 0x41,
};
static const uint8_t RSA_SIG_SHA256[256] = {
	0xae, 0xd4, 0x5b, 0x4d, 0x14, 0xd3, 0xb3, 0xeb, 0x96, 0xef, 0x83, 0x11,
	0xa3, 0x0e, 0x7d, 0x6e, 0x98, 0x4e, 0x10, 0xcc, 0x08, 0xe3, 0x66, 0x77,
	0x13, 0x0f, 0x8a, 0x7a, 0xb7, 0x9c, 0xb6, 0xcd, 0x70, 0xe6, 0xd6, 0x16,
	0x2f, 0xda, 0x2c, 0x39, 0x08, 0xe4, 0xce, 0xa8, 0x54, 0x89, 0xf6, 0xb0,
	0xd6, 0x30, 0x7a, 0x4c, 0xe9, 0x3c, 0x22, 0xb1, 0x62, 0x16, 0x24, 0xbb,
	0xfa, 0x16, 0x8d, 0xd1, 0x23, 0xa7, 0x1a, 0x49, 0xd9, 0x8c, 0xfb, 0xce,
	0x1a, 0xf9, 0x0e, 0x80, 0xdc, 0x3c, 0x0c, 0xec, 0x0c, 0x43, 0xca, 0xe5,
	0xd7, 0xfe, 0xc3, 0x67, 0x4f, 0xd2, 0x06, 0x96, 0xaf, 0xb4, 0xb7, 0x23,
	0xfe, 0x9d, 0xb5, 0x3c, 0xa6, 0x4b, 0x39, 0x28, 0xcb, 0x05, 0xdf, 0x52,
	0x5d, 0x80, 0x6f, 0x78, 0x8b, 0x08, 0x41, 0xe9, 0xab, 0x76, 0x45, 0x04,
	0xfb, 0x1a, 0x74, 0x57, 0x33, 0x02, 0x4b, 0xcf, 0x8a, 0x89, 0x54, 0x5f,
	0x83, 0xfe, 0x43, 0x17, 0x4f, 0x7e, 0x1b, 0x35, 0x9b, 0x36, 0x82, 0xe8,
	0x79, 0x00, 0x21, 0x08, 0xca, 0xf1, 0x7b, 0xce, 0xe7, 0x94, 0xea, 0x22,
	0x69, 0xd7, 0xfd, 0xcc, 0xe8, 0x6a, 0x4b, 0x11, 0xb4, 0xed, 0x67, 0xa2,
	0xdb, 0x33, 0x49, 0x59, 0xef, 0x79, 0x6e, 0xd1, 0x1e, 0x7d, 0x7e, 0xe5,
	0x68, 0xc1, 0xa4, 0x16, 0x42, 0x4d, 0xe1, 0x16, 0x67, 0x9d, 0x5d, 0xa5,
	0x49, 0xbd, 0x1f, 0xfe, 0x96, 0xbb, 0x53, 0x7c, 0x15, 0x8f, 0x71, 0xe4,
	0x0f, 0xc2, 0x2f, 0xf0, 0x76, 0x15, 0x3d, 0x0c, 0x1c, 0x48, 0x65, 0x36,
	0xc3, 0x7d, 0x5c, 0x7a, 0x13, 0xf4, 0xf0, 0xec, 0x00, 0xdf, 0xda, 0xe1,
	0x0f, 0xc5, 0xb9, 0xa0, 0x5e, 0x4c, 0x77, 0x98, 0xd3, 0xc3, 0xee, 0x42,
	0x26, 0xe7, 0xd6, 0x66, 0x04, 0xc8, 0x8a, 0x3d, 0xb9, 0x8c, 0x7d, 0x68,
	0x96, 0x50, 0x02, 0x4a,
};
static const uint8_t RSA_PSS_SHA256[256] = {
	0x76, 0x70, 0xb2, 0xc7, 0xb2, 0x9f, 0x5e, 0xa6, 0xdf, 0x3c, 0xc6, 0x42,
	0xd0, 0xbd, 0xa9, 0x37, 0x5f, 0x08, 0x78, 0x5c, 0xf1, 0xa7, 0xcd, 0x5d,
	0xd8, 0x9c, 0x2c, 0x06, 0x21, 0x7f, 0x56, 0x0a, 0x27, 0x31, 0x86, 0x20,
	0xd8, 0x8d, 0xf1, 0xc1, 0x40, 0x3d, 0xcb, 0x40, 0x7b, 0x65, 0x51, 0x19,
	0x3c, 0xb6, 0x39, 0x34, 0x46, 0xc3, 0xff, 0x68, 0x46, 0xdb, 0xa0, 0x04,
	0xd0, 0x3a, 0xf3, 0xb7, 0x51, 0x82, 0xce, 0xbd, 0x74, 0xd1, 0xcb, 0xd7,
	0xec, 0x49, 0xbb, 0xd7, 0x70, 0xe3, 0x42, 0x8a, 0x2a, 0x6a, 0x1e, 0x5b,
	0x45, 0xd9, 0x98, 0x67, 0x84, 0xa7, 0x1c, 0xa1, 0x08, 0xad, 0x7e, 0x09,
	0x6e, 0x00, 0x88, 0xec, 0xaf, 0x23, 0x01, 0x5b, 0xbe, 0xa3, 0xe0, 0xe3,
	0x11, 0x8e, 0xc6, 0x72, 0x51, 0x50, 0x4a, 0x9b, 0xe5, 0xa0, 0x01, 0x49,
	0x78, 0xf7, 0x9d, 0x83, 0x79, 0xd5, 0x69, 0x1e, 0x21, 0xb1, 0x41, 0x7a,
	0x20, 0x19, 0x62, 0x1f, 0x57, 0x25, 0x2b, 0x1d, 0x85, 0xe8, 0x83, 0x66,
	0x00, 0x7d, 0xa1, 0x6b, 0x0c, 0x5c, 0xd6, 0x11, 0xa1, 0x42, 0x9d, 0x32,
	0x2b, 0x39, 0x3a, 0x08, 0x9e, 0x54, 0xef, 0xf0, 0x92, 0x40, 0xf5, 0xe2,
	0x87, 0x7c, 0x07, 0x24, 0xbf, 0x83, 0x88, 0xf2, 0xf1, 0x56, 0x7b, 0xc1,
	0x45, 0x6a, 0x97, 0xf9, 0x18, 0x4a, 0xdb, 0x45, 0x8c, 0x18, 0xfa, 0x4c,
	0xd0, 0xe9, 0x0a, 0xaf, 0x9c, 0x1a, 0x42, 0x91, 0xdf, 0xef, 0x2c, 0x37,
	0x68, 0xff, 0x69, 0x2c, 0xd7, 0x5c, 0x56, 0xf2, 0x9a, 0x14, 0xb9, 0x44,
	0xcf, 0x31, 0xd5, 0xb9, 0x18, 0x4c, 0xfe, 0xc5, 0x53, 0x94, 0xab, 0xe7,
	0x1b, 0x6e, 0x49, 0xe7, 0x9b, 0xf8, 0x6c, 0x33, 0xe2, 0x86, 0x8b, 0x4f,
	0x00, 0x96, 0xa2, 0x1e, 0xf4, 0x56, 0x8d, 0x1b, 0xda, 0x01, 0xf2, 0x97,
	0xd3, 0x3f, 0xc3, 0x20,
};
static const char EC_PEM[] =
	"-----BEGIN PRIVATE KEY-----\n"
	"MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgohMWkoVYkRMJKHQw\n"
	"MPz4GA7fuVGCYuR9pc8073kRDvOhRANCAAQUglIqr3faVlBl2XH+81pDVxkXD7w4\n"
	"L7D5F/M7Ze9HGXY6eFad0WbNzG1dFJlKKqznykQqUdZ+DMjMQm8lAxbg\n"
	"-----END PRIVATE KEY-----\n";
static const uint8_t EC_SIG_RAW[64] = {
	0xb1, 0xe3, 0xdc, 0x65, 0x25, 0xb0, 0x25, 0x5c, 0xcf, 0x7f, 0xcf, 0x4a,
	0x57, 0xa8, 0xcb, 0x46, 0x07, 0x1e, 0x7e, 0xcf, 0x07, 0x2d, 0xaf, 0x33,
	0xa1, 0xfc, 0x38, 0xfa, 0x10, 0xd2, 0x8f, 0x46, 0xa6, 0xec, 0x1e, 0x97,
	0x50, 0xe2, 0x53, 0x53, 0xc7, 0x6c, 0x3a, 0xc5, 0x5c, 0xbb, 0xda, 0xd3,
	0x6e, 0xa1, 0xbf, 0xf9, 0xbd, 0xee, 0xd8, 0x58, 0x25, 0xbf, 0x55, 0xb9,
	0x4b, 0x6c, 0x32, 0x63,
};
static const uint8_t EC_SIG_DER[72] = {
	0x30, 0x46, 0x02, 0x21, 0x00, 0xb1, 0xe3, 0xdc, 0x65, 0x25, 0xb0, 0x25,
	0x5c, 0xcf, 0x7f, 0xcf, 0x4a, 0x57, 0xa8, 0xcb, 0x46, 0x07, 0x1e, 0x7e,
	0xcf, 0x07, 0x2d, 0xaf, 0x33, 0xa1, 0xfc, 0x38, 0xfa, 0x10, 0xd2, 0x8f,
	0x46, 0x02, 0x21, 0x00, 0xa6, 0xec, 0x1e, 0x97, 0x50, 0xe2, 0x53, 0x53,
	0xc7, 0x6c, 0x3a, 0xc5, 0x5c, 0xbb, 0xda, 0xd3, 0x6e, 0xa1, 0xbf, 0xf9,
	0xbd, 0xee, 0xd8, 0x58, 0x25, 0xbf, 0x55, 0xb9, 0x4b, 0x6c, 0x32, 0x63,
};
static const uint8_t ED_PRIV[32] = {
	0xbd, 0x06, 0xb4, 0xc1, 0x8a, 0xfb, 0x29, 0x71, 0x48, 0x8e, 0x39, 0xe4,
	0x53, 0xea, 0x54, 0xc7, 0x69, 0x3c, 0x9f, 0x7f, 0x3e, 0xb8, 0x6f, 0xeb,
	0x5e, 0x48, 0x1e, 0x31, 0xae, 0x51, 0x09, 0x03,
};
static const uint8_t ED_SIG[64] = {
	0x90, 0xdb, 0xe6, 0x33, 0x8b, 0xe9, 0x71, 0xc0, 0x90, 0x8a, 0x98, 0xc4,
	0x21, 0x79, 0xb9, 0x83, 0x9f, 0x92, 0x18, 0x03, 0x47, 0xf6, 0x9a, 0x67,
	0x44, 0x0c, 0x2f, 0x30, 0xc9, 0x8a, 0xbd, 0x9e, 0x0d, 0xbd, 0xb4, 0xc3,
	0xcb, 0xd2, 0xdf, 0x21, 0x73, 0x38, 0x3e, 0x21, 0xe6, 0xe3, 0x95, 0xeb,
	0xf3, 0xdf, 0x73, 0xfb, 0xaa, 0xb1, 0x7d, 0xf0, 0xe8, 0x01, 0x5d, 0x90,
	0x6b, 0x68, 0xfe, 0x0b,
};
/* k=262 leading zero bytes: 1 */
static const uint8_t MODP_PRIV[40] = {
	0x09, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x80, 0x91, 0xa2, 0xb3, 0xc4,
	0xd5, 0xe6, 0xf7, 0x08, 0x19, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x90,
	0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a, 0x4b, 0x5c,
	0x6d, 0x7e, 0x8f, 0xa0,
};
static const uint8_t MODP_PUB[256] = {
	0x5c, 0xc2, 0x34, 0x48, 0x20, 0xbe, 0xc1, 0x6d, 0xc8, 0xc8, 0xa2, 0x88,
	0x42, 0xf7, 0x96, 0xa4, 0x4d, 0xc4, 0x3b, 0x5e, 0xeb, 0xb3, 0xf6, 0x8e,
	0xc2, 0xae, 0x1a, 0xa6, 0xb7, 0xa0, 0x2f, 0xb3, 0x11, 0xd7, 0xf7, 0x97,
	0x01, 0x0f, 0xf4, 0x88, 0xa6, 0x95, 0xa5, 0x73, 0xb5, 0x2f, 0x88, 0x8b,
	0xb8, 0x8a, 0xee, 0x53, 0x65, 0xc4, 0xdb, 0xd2, 0x23, 0x70, 0x56, 0x80,
	0xcd, 0x75, 0x86, 0xc8, 0x10, 0xea, 0x54, 0xd3, 0x4a, 0xc8, 0xd8, 0x87,
	0x17, 0x67, 0x03, 0xf9, 0x35, 0x95, 0xb4, 0xde, 0xe5, 0xd5, 0x06, 0x10,
	0xa9, 0x6d, 0xe8, 0xf2, 0xfb, 0xec, 0xec, 0x84, 0x9e, 0x74, 0xff, 0x49,
	0x37, 0x32, 0xf8, 0xff, 0x7c, 0x32, 0x16, 0x67, 0x96, 0x95, 0x00, 0x36,
	0xbf, 0x08, 0x7d, 0xb8, 0xfa, 0x5a, 0x11, 0xa0, 0x94, 0x1b, 0x93, 0xc8,
	0x3a, 0x4d, 0xe2, 0xc1, 0x2a, 0x9b, 0x1e, 0x6e, 0x17, 0x5c, 0x9e, 0x32,
	0xea, 0xe3, 0xf6, 0x6d, 0x7c, 0xf7, 0xfa, 0x2b, 0xf1, 0x09, 0xff, 0x00,
	0xda, 0xcf, 0x74, 0xb1, 0x60, 0x4c, 0x9e, 0x51, 0xcb, 0x5e, 0x5c, 0x5d,
	0x7c, 0xa5, 0x7b, 0x8b, 0xa9, 0x7c, 0xe5, 0xcd, 0xda, 0x6f, 0xbc, 0xd9,
	0x3c, 0x7d, 0xa5, 0xf4, 0x7b, 0x48, 0x92, 0x6e, 0x1e, 0x74, 0x67, 0x21,
	0xf8, 0xf0, 0x2a, 0x30, 0xa3, 0xac, 0x31, 0x3d, 0xdf, 0x59, 0xda, 0x7f,
	0x43, 0xb7, 0x57, 0xa4, 0x83, 0x8f, 0x3e, 0xa6, 0xa3, 0xf3, 0xb1, 0xf1,
	0x86, 0x69, 0xde, 0x60, 0x23, 0x3c, 0x26, 0xf9, 0x29, 0xe3, 0xa3, 0xbd,
	0x8d, 0xe4, 0x82, 0xdb, 0x57, 0x7d, 0xc4, 0x48, 0x73, 0x99, 0x83, 0x1f,
	0xe4, 0xb8, 0x09, 0xdd, 0x05, 0x5a, 0xd5, 0xca, 0xe5, 0x3b, 0xae, 0x12,
	0xdc, 0xdf, 0x7f, 0x94, 0x4f, 0xd1, 0xb2, 0x41, 0xa9, 0x6d, 0x02, 0x09,
	0x45, 0xe3, 0x4c, 0x95,
};
#define MODP_PEER_EXP 262
static const uint8_t MODP_SHARED[256] = {
	0x00, 0x29, 0xf3, 0x19, 0x21, 0x86, 0xf7, 0x06, 0x6d, 0x8f, 0xd2, 0xfa,
	0x0a, 0x20, 0x74, 0x55, 0x9d, 0x00, 0x90, 0x69, 0xca, 0x4a, 0x6b, 0x41,
	0x9e, 0x09, 0xf1, 0x86, 0x12, 0x4e, 0x31, 0x66, 0xc3, 0x7a, 0x62, 0xf2,
	0xe5, 0x48, 0x42, 0x31, 0x2e, 0xcc, 0x19, 0x56, 0xc2, 0xff, 0x54, 0x8b,
	0xb1, 0x14, 0x1a, 0x8a, 0x35, 0x2a, 0x5f, 0x9c, 0xc2, 0x1f, 0x68, 0x80,
	0xff, 0x34, 0x9d, 0x00, 0x09, 0x5a, 0x79, 0x29, 0x2d, 0xbb, 0xe7, 0x78,
	0xe7, 0xaf, 0xa6, 0x62, 0x6b, 0x28, 0x6b, 0xe8, 0x3d, 0x5a, 0x40, 0x4f,
	0xd6, 0xd2, 0x94, 0x2d, 0xb7, 0x0a, 0x07, 0xd2, 0xa0, 0xdb, 0x65, 0xf4,
	0x77, 0xcf, 0x5a, 0x26, 0xb7, 0xb3, 0x9c, 0xf5, 0x46, 0x4d, 0x93, 0x2d,
	0xb2, 0xfa, 0x6b, 0xc9, 0x8a, 0x45, 0x97, 0x39, 0xb0, 0x2e, 0xbb, 0x8d,
	0xd0, 0xfc, 0xef, 0x41, 0x53, 0x80, 0x33, 0x11, 0x45, 0xde, 0xac, 0xf6,
	0x5c, 0x61, 0x00, 0x1c, 0xb9, 0x6c, 0xb1, 0xe1, 0x24, 0xbe, 0xaa, 0x90,
	0x9c, 0xa7, 0x9a, 0x0f, 0xbe, 0xc8, 0x7e, 0x38, 0x22, 0x11, 0x02, 0x3e,
	0x4f, 0xf5, 0x63, 0x96, 0x2d, 0x0a, 0x2f, 0xfd, 0x0b, 0x59, 0x53, 0xd2,
	0xc2, 0x4b, 0x54, 0x03, 0x43, 0x6b, 0x94, 0x16, 0x53, 0x05, 0xa4, 0x9d,
	0x01, 0x06, 0x1d, 0x94, 0x68, 0x99, 0x4d, 0xd2, 0x7a, 0x43, 0xa4, 0x31,
	0x0c, 0x4f, 0xb0, 0x60, 0x44, 0xb8, 0xec, 0xdf, 0x93, 0x05, 0x8e, 0x9a,
	0x14, 0x8e, 0xef, 0xbd, 0xc5, 0x7e, 0x94, 0x9d, 0x13, 0x46, 0x6e, 0x00,
	0xdb, 0xb7, 0x93, 0x51, 0x82, 0x50, 0x7e, 0x42, 0xd3, 0x65, 0x2b, 0x33,
	0xc0, 0xd8, 0x45, 0xbe, 0xab, 0x08, 0x54, 0x84, 0xea, 0xe7, 0x2a, 0x84,
	0xa9, 0x63, 0x83, 0x8f, 0x30, 0x03, 0x77, 0x81, 0xc0, 0xc1, 0xd8, 0x24,
	0xa8, 0x33, 0x1f, 0xa5,
};

/* ================= PRF ================= */

static void check_prf(uint16_t prf, const void *key, size_t klen, const char *data,
		      const char *hex)
{
	uint8_t want[64], got[64];
	size_t n = unhex(hex, want, sizeof(want));
	assert_int_equal(ikev2_prf_len(prf), n);
	assert_int_equal(ikev2_prf(prf, key, klen, data, strlen(data), got), 0);
	assert_memory_equal(got, want, n);
}

static void test_hmac_vectors(void **state)
{
	(void)state;
	uint8_t k0b[20], kaa[131];
	memset(k0b, 0x0b, sizeof(k0b));
	memset(kaa, 0xaa, sizeof(kaa));
	/* RFC 4231 test case 1 */
	check_prf(IKEV2_PRF_HMAC_SHA2_256, k0b, 20, "Hi There",
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	check_prf(IKEV2_PRF_HMAC_SHA2_384, k0b, 20, "Hi There",
		  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
		  "faea9ea9076ede7f4af152e8b2fa9cb6");
	check_prf(IKEV2_PRF_HMAC_SHA2_512, k0b, 20, "Hi There",
		  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
		  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
	/* RFC 4231 test case 2 */
	check_prf(IKEV2_PRF_HMAC_SHA2_256, "Jefe", 4, "what do ya want for nothing?",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	check_prf(IKEV2_PRF_HMAC_SHA2_384, "Jefe", 4, "what do ya want for nothing?",
		  "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
		  "8e2240ca5e69e2c78b3239ecfab21649");
	check_prf(IKEV2_PRF_HMAC_SHA2_512, "Jefe", 4, "what do ya want for nothing?",
		  "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
		  "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
	/* RFC 4231 test case 6: key longer than the block */
	check_prf(IKEV2_PRF_HMAC_SHA2_256, kaa, 131,
		  "Test Using Larger Than Block-Size Key - Hash Key First",
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	/* RFC 2202 test cases 1 and 2 (HMAC-SHA-1) */
	check_prf(IKEV2_PRF_HMAC_SHA1, k0b, 20, "Hi There",
		  "b617318655057264e28bc0b6fb378c8ef146be00");
	check_prf(IKEV2_PRF_HMAC_SHA1, "Jefe", 4, "what do ya want for nothing?",
		  "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");

	/* gather form == contiguous form */
	uint8_t a[32], b[32];
	struct ikev2_iov v[3] = { { "what do ", 8 }, { "", 0 }, { "ya want for nothing?", 20 } };
	assert_int_equal(ikev2_prfv(IKEV2_PRF_HMAC_SHA2_256, "Jefe", 4, v, 3, a), 0);
	assert_int_equal(ikev2_prf(IKEV2_PRF_HMAC_SHA2_256, "Jefe", 4,
				   "what do ya want for nothing?", 28, b), 0);
	assert_memory_equal(a, b, 32);
	/* unsupported PRFs */
	assert_int_equal(ikev2_prf_len(1), 0);   /* HMAC-MD5 */
	assert_int_equal(ikev2_prf_len(4), 0);   /* AES128-XCBC */
	assert_int_equal(ikev2_prf(4, "k", 1, "d", 1, a), -1);
}

static void test_prf_plus(void **state)
{
	(void)state;
	uint8_t key[32], s2[40], out[256];
	for (int i = 0; i < 32; i++)
		key[i] = (uint8_t)i;
	for (int i = 0; i < 40; i++)
		s2[i] = (uint8_t)(100 + i);
	/* seed "Ni nonce bytes " | s2, given in three pieces */
	struct ikev2_iov seed[3] = { { "Ni nonce", 8 }, { " bytes ", 7 }, { s2, 40 } };
	assert_int_equal(ikev2_prf_plus(IKEV2_PRF_HMAC_SHA2_256, key, 32, seed, 3, out, 200), 0);
	assert_memory_equal(out, PRFP_SHA256, 200);
	assert_int_equal(ikev2_prf_plus(IKEV2_PRF_HMAC_SHA1, key, 32, seed, 3, out, 61), 0);
	assert_memory_equal(out, PRFP_SHA1, 61);
	/* a prefix of a longer expansion is the shorter one */
	assert_int_equal(ikev2_prf_plus(IKEV2_PRF_HMAC_SHA2_256, key, 32, seed, 3, out, 33), 0);
	assert_memory_equal(out, PRFP_SHA256, 33);
	/* at most 255 blocks */
	uint8_t *big = malloc(255 * 20 + 1);
	assert_non_null(big);
	assert_int_equal(ikev2_prf_plus(IKEV2_PRF_HMAC_SHA1, key, 32, seed, 3, big, 255 * 20), 0);
	assert_int_equal(ikev2_prf_plus(IKEV2_PRF_HMAC_SHA1, key, 32, seed, 3, big, 255 * 20 + 1), -1);
	free(big);
}

/* ================= key derivation ================= */

static const uint8_t SPII[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
static const uint8_t SPIR[8] = { 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };

static void test_ike_keys(void **state)
{
	(void)state;
	uint8_t seed[64];
	struct ikev2_ike_keys k, k2;
	/* AES-CBC-256 / HMAC-SHA2-256-128 / PRF-HMAC-SHA2-256 */
	struct ikev2_suite s1 = { IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128,
				  IKEV2_PRF_HMAC_SHA2_256, IKEV2_DH_ECP256 };
	assert_true(ikev2_suite_ok(&s1));
	assert_int_equal(ikev2_skeyseed(s1.prf, NI, 32, NR, 32, GIR, 32, seed), 0);
	assert_memory_equal(seed, SKEYSEED1, 32);
	assert_int_equal(ikev2_ike_keys_initial(&k, &s1, GIR, 32, NI, 32, NR, 32, SPII, SPIR), 0);
	assert_int_equal(k.d_len, 32);
	assert_int_equal(k.a_len, 32);
	assert_int_equal(k.e_len, 32);
	assert_int_equal(k.p_len, 32);
	assert_memory_equal(k.sk_d, KM1, 32);
	assert_memory_equal(k.sk_ai, KM1 + 32, 32);
	assert_memory_equal(k.sk_ar, KM1 + 64, 32);
	assert_memory_equal(k.sk_ei, KM1 + 96, 32);
	assert_memory_equal(k.sk_er, KM1 + 128, 32);
	assert_memory_equal(k.sk_pi, KM1 + 160, 32);
	assert_memory_equal(k.sk_pr, KM1 + 192, 32);

	/* AES-GCM-16-256 / PRF-HMAC-SHA2-384: no SK_a, SK_e = 32 + 4 salt */
	struct ikev2_suite s2 = { IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE,
				  IKEV2_PRF_HMAC_SHA2_384, IKEV2_DH_ECP384 };
	assert_true(ikev2_suite_ok(&s2));
	assert_int_equal(ikev2_ike_keys_initial(&k2, &s2, GIR, 32, NI, 32, NR, 32, SPII, SPIR), 0);
	assert_int_equal(k2.a_len, 0);
	assert_int_equal(k2.e_len, 36);
	assert_int_equal(k2.d_len, 48);
	assert_memory_equal(k2.sk_d, KM2, 48);
	assert_memory_equal(k2.sk_ei, KM2 + 48, 36);
	assert_memory_equal(k2.sk_er, KM2 + 84, 36);
	assert_memory_equal(k2.sk_pi, KM2 + 120, 48);
	assert_memory_equal(k2.sk_pr, KM2 + 168, 48);

	/* rekey of the s1 SA into an s2 SA: SKEYSEED with the old PRF (SHA-256) */
	static const uint8_t spii2[8] = { 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22 };
	static const uint8_t spir2[8] = { 0x33, 0x33, 0x33, 0x33, 0x44, 0x44, 0x44, 0x44 };
	assert_int_equal(ikev2_ike_keys_rekey(&k2, &s2, &k, GIR2, 48, NI2, 16, NR2, 32, spii2,
					      spir2), 0);
	assert_memory_equal(k2.sk_d, KM3, 48);
	assert_memory_equal(k2.sk_ei, KM3 + 48, 36);
	assert_memory_equal(k2.sk_er, KM3 + 84, 36);
	assert_memory_equal(k2.sk_pi, KM3 + 120, 48);
	assert_memory_equal(k2.sk_pr, KM3 + 168, 48);
	assert_int_equal(k2.suite.prf, IKEV2_PRF_HMAC_SHA2_384);

	/* invalid suites */
	struct ikev2_suite bad = s1;
	bad.integ = IKEV2_INTEG_NONE;       /* CBC without integrity */
	assert_false(ikev2_suite_ok(&bad));
	assert_int_equal(ikev2_ike_keys_initial(&k2, &bad, GIR, 32, NI, 32, NR, 32, SPII, SPIR), -1);
	bad = s2;
	bad.integ = IKEV2_INTEG_HMAC_SHA1_96;  /* AEAD with integrity */
	assert_false(ikev2_suite_ok(&bad));
	bad = s1;
	bad.encr_keylen = 0;                   /* AES-CBC needs a key length */
	assert_false(ikev2_suite_ok(&bad));
	bad = s1;
	bad.prf = 4;                           /* AES-XCBC PRF */
	assert_false(ikev2_suite_ok(&bad));

	ikev2_ike_keys_wipe(&k);
	uint8_t zero[sizeof(k)];
	memset(zero, 0, sizeof(zero));
	assert_memory_equal(&k, zero, sizeof(k));
	ikev2_ike_keys_wipe(&k2);
}

static void test_child_keys(void **state)
{
	(void)state;
	struct ikev2_child_keys ck;
	const uint8_t *skd = KM1;  /* SK_d of the s1 SA above */
	/* ESP AES-CBC-128 + HMAC-SHA1-96: 16 + 20 per direction, no PFS */
	assert_int_equal(ikev2_child_keys_derive(&ck, IKEV2_PRF_HMAC_SHA2_256, skd, 32,
						 IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96,
						 NULL, 0, NI, 32, NR, 32), 0);
	assert_int_equal(ck.e_len, 16);
	assert_int_equal(ck.a_len, 20);
	assert_memory_equal(ck.ei, CHILD1, 16);
	assert_memory_equal(ck.ai, CHILD1 + 16, 20);
	assert_memory_equal(ck.er, CHILD1 + 36, 16);
	assert_memory_equal(ck.ar, CHILD1 + 52, 20);
	/* with PFS: g^ir (new) first */
	assert_int_equal(ikev2_child_keys_derive(&ck, IKEV2_PRF_HMAC_SHA2_256, skd, 32,
						 IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96,
						 GIR2, 48, NI, 32, NR, 32), 0);
	assert_memory_equal(ck.ei, CHILD2, 16);
	assert_memory_equal(ck.ar, CHILD2 + 52, 20);
	uint8_t km[72];
	assert_int_equal(ikev2_child_keymat(IKEV2_PRF_HMAC_SHA2_256, skd, 32, NULL, 0, NI, 32, NR,
					    32, km, 72), 0);
	assert_memory_equal(km, CHILD1, 72);
	/* ESP AES-GCM-16-256: 36 octets each way (key + salt), no integrity */
	assert_int_equal(ikev2_child_keys_derive(&ck, IKEV2_PRF_HMAC_SHA2_256, skd, 32,
						 IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_NONE, NULL,
						 0, NI, 32, NR, 32), 0);
	assert_int_equal(ck.e_len, 36);
	assert_int_equal(ck.a_len, 0);
	assert_int_equal(ikev2_child_keymat(IKEV2_PRF_HMAC_SHA2_256, skd, 32, NULL, 0, NI, 32, NR,
					    32, km, 72), 0);
	assert_memory_equal(ck.ei, km, 36);
	assert_memory_equal(ck.er, km + 36, 36);
	/* GCM with an integrity transform, CBC without: refused */
	assert_int_equal(ikev2_child_keys_derive(&ck, IKEV2_PRF_HMAC_SHA2_256, skd, 32,
						 IKEV2_ENCR_AES_GCM_16, 256, IKEV2_INTEG_HMAC_SHA1_96,
						 NULL, 0, NI, 32, NR, 32), -1);
	assert_int_equal(ikev2_child_keys_derive(&ck, IKEV2_PRF_HMAC_SHA2_256, skd, 32,
						 IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_NONE, NULL, 0,
						 NI, 32, NR, 32), -1);
	ikev2_child_keys_wipe(&ck);
}

static void test_lengths(void **state)
{
	(void)state;
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_CBC, 128), 16);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_CBC, 192), 24);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_CBC, 256), 32);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_CBC, 0), 0);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_CBC, 512), 0);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_GCM_16, 128), 20);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_AES_GCM_16, 256), 36);
	assert_int_equal(ikev2_encr_keymat_len(IKEV2_ENCR_CHACHA20_POLY1305, 0), 36);
	assert_int_equal(ikev2_integ_key_len(IKEV2_INTEG_HMAC_SHA1_96), 20);
	assert_int_equal(ikev2_integ_icv_len(IKEV2_INTEG_HMAC_SHA1_96), 12);
	assert_int_equal(ikev2_integ_icv_len(IKEV2_INTEG_HMAC_SHA2_256_128), 16);
	assert_int_equal(ikev2_integ_icv_len(IKEV2_INTEG_HMAC_SHA2_384_192), 24);
	assert_int_equal(ikev2_integ_icv_len(IKEV2_INTEG_HMAC_SHA2_512_256), 32);
	assert_int_equal(ikev2_integ_key_len(IKEV2_INTEG_HMAC_SHA2_512_256), 64);
	static const struct { uint16_t g; size_t pub, sec; } dh[] = {
		{ 14, 256, 256 }, { 15, 384, 384 }, { 16, 512, 512 }, { 19, 64, 32 },
		{ 20, 96, 48 }, { 21, 132, 66 }, { 31, 32, 32 },
	};
	for (size_t i = 0; i < sizeof(dh) / sizeof(dh[0]); i++) {
		assert_true(ikev2_dh_supported(dh[i].g));
		assert_int_equal(ikev2_dh_pub_len(dh[i].g), dh[i].pub);
		assert_int_equal(ikev2_dh_secret_len(dh[i].g), dh[i].sec);
	}
	assert_false(ikev2_dh_supported(2));
	assert_false(ikev2_dh_supported(24));
	assert_null(ikev2_dh_new(2));
}

/* ================= AUTH (PSK) and NAT-D ================= */

static struct ikev2_auth_octets psk_octets(uint16_t prf, size_t skp_len)
{
	return (struct ikev2_auth_octets){
		.msg = AUTH_MSG, .msg_len = sizeof(AUTH_MSG),
		.nonce = NR, .nonce_len = sizeof(NR),
		.id = AUTH_ID, .id_len = sizeof(AUTH_ID),
		.prf = prf,
		.sk_p = KM1 + 160, .sk_p_len = skp_len,   /* SK_pi of the s1 SA */
	};
}

static void test_auth_psk(void **state)
{
	(void)state;
	uint8_t out[64];
	size_t len = 0;
	struct ikev2_auth_octets o = psk_octets(IKEV2_PRF_HMAC_SHA2_256, 32);
	assert_int_equal(ikev2_auth_psk(&o, "cisco123", 8, out, &len), 0);
	assert_int_equal(len, 32);
	assert_memory_equal(out, AUTH_PSK_SHA256, 32);
	assert_int_equal(ikev2_auth_psk_verify(&o, "cisco123", 8, AUTH_PSK_SHA256, 32), 0);
	/* wrong key, flipped bit, short value, other nonce, other ID */
	assert_int_equal(ikev2_auth_psk_verify(&o, "cisco124", 8, AUTH_PSK_SHA256, 32), -1);
	memcpy(out, AUTH_PSK_SHA256, 32);
	out[31] ^= 0x01;
	assert_int_equal(ikev2_auth_psk_verify(&o, "cisco123", 8, out, 32), -1);
	assert_int_equal(ikev2_auth_psk_verify(&o, "cisco123", 8, AUTH_PSK_SHA256, 31), -1);
	struct ikev2_auth_octets o2 = o;
	o2.nonce = NI;
	assert_int_equal(ikev2_auth_psk_verify(&o2, "cisco123", 8, AUTH_PSK_SHA256, 32), -1);
	o2 = o;
	o2.id_len--;
	assert_int_equal(ikev2_auth_psk_verify(&o2, "cisco123", 8, AUTH_PSK_SHA256, 32), -1);
	/* PRF HMAC-SHA1 with a 20-octet SK_pi */
	o = psk_octets(IKEV2_PRF_HMAC_SHA1, 20);
	assert_int_equal(ikev2_auth_psk(&o, "cisco123", 8, out, &len), 0);
	assert_int_equal(len, 20);
	assert_memory_equal(out, AUTH_PSK_SHA1, 20);
}

static void test_natd(void **state)
{
	(void)state;
	uint8_t out[20];
	const uint8_t ip[4] = { 192, 0, 2, 1 };
	assert_int_equal(ikev2_natd_hash(SPII, SPIR, ip, 4, 500, out), 0);
	assert_memory_equal(out, NATD, 20);
	assert_int_equal(ikev2_natd_hash(SPII, SPIR, ip, 5, 500, out), -1);
	uint8_t ip6[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	assert_int_equal(ikev2_natd_hash(SPII, SPIR, ip6, 16, 4500, out), 0);
}

static void test_random(void **state)
{
	(void)state;
	uint8_t a[32] = { 0 }, b[32] = { 0 }, z[32] = { 0 };
	assert_int_equal(ikev2_random(a, 32), 0);
	assert_int_equal(ikev2_random(b, 32), 0);
	assert_memory_not_equal(a, b, 32);
	assert_memory_not_equal(a, z, 32);
	assert_int_equal(ikev2_random(NULL, 0), 0);
}

/* ================= Diffie-Hellman ================= */

struct ecdh_vec {
	uint16_t group;
	const char *i, *gix, *giy, *r, *grx, *gry, *gir;
};

/* RFC 5903 §8.1-8.3 */
static const struct ecdh_vec RFC5903[] = {
	{ IKEV2_DH_ECP256,
	  "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
	  "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180",
	  "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
	  "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
	  "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63",
	  "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
	  "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE" },
	{ IKEV2_DH_ECP384,
	  "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655"
	  "E35B538041E649EE3FAEF896783AB194",
	  "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6"
	  "DE3AC808ACB4BDB4C88732AEE95F41AA",
	  "9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
	  "EB9FCFF3C2C947DAE69B4C634573A81C",
	  "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942"
	  "E0308312916B8ED2960E4BD55A7448FC",
	  "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D"
	  "0D1AC43A0336DEF96FDA41D0774A3571",
	  "DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
	  "F83FA40142209DFF5EAAD96DB9E6386C",
	  "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4"
	  "D603135569B9E9D09CF5D4A270F59746" },
	{ IKEV2_DH_ECP521,
	  "0037ADE9319A89F4DABDB3EF411AACCCA5123C61ACAB57B5393DCE47608172A0"
	  "95AA85A30FE1C2952C6771D937BA9777F5957B2639BAB072462F68C27A57382D4A52",
	  "0015417E84DBF28C0AD3C278713349DC7DF153C897A1891BD98BAB4357C9ECBE"
	  "E1E3BF42E00B8E380AEAE57C2D107564941885942AF5A7F4601723C4195D176CED3E",
	  "017CAE20B6641D2EEB695786D8C946146239D099E18E1D5A514C739D7CB4A10A"
	  "D8A788015AC405D7799DC75E7B7D5B6CF2261A6A7F1507438BF01BEB6CA3926F9582",
	  "0145BA99A847AF43793FDD0E872E7CDFA16BE30FDC780F97BCCC3F078380201E"
	  "9C677D600B343757A3BDBF2A3163E4C2F869CCA7458AA4A4EFFC311F5CB151685EB9",
	  "00D0B3975AC4B799F5BEA16D5E13E9AF971D5E9B984C9F39728B5E5739735A21"
	  "9B97C356436ADC6E95BB0352F6BE64A6C2912D4EF2D0433CED2B6171640012D9460F",
	  "015C68226383956E3BD066E797B623C27CE0EAC2F551A10C2C724D9852077B87"
	  "220B6536C5C408A1D2AEBB8E86D678AE49CB57091F4732296579AB44FCD17F0FC56A",
	  "01144C7D79AE6956BC8EDB8E7C787C4521CB086FA64407F97894E5E6B2D79B04"
	  "D1427E73CA4BAA240A34786859810C06B3C715A3A8CC3151F2BEE417996D19F3DDEA" },
};

static void test_ecdh_rfc5903(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof(RFC5903) / sizeof(RFC5903[0]); t++) {
		const struct ecdh_vec *v = &RFC5903[t];
		size_t n = ikev2_dh_secret_len(v->group), pl = ikev2_dh_pub_len(v->group);
		uint8_t i[66], r[66], gi[132], gr[132], gir[66], out[132], sec[IKEV2_MAX_DH_SECRET];
		size_t slen = 0;
		assert_int_equal(unhex(v->i, i, sizeof(i)), n);
		assert_int_equal(unhex(v->r, r, sizeof(r)), n);
		unhex(v->gix, gi, n);
		unhex(v->giy, gi + n, n);
		unhex(v->grx, gr, n);
		unhex(v->gry, gr + n, n);
		assert_int_equal(unhex(v->gir, gir, sizeof(gir)), n);
		assert_int_equal(pl, 2 * n);

		struct ikev2_dh *a = ikc_dh_from_private(v->group, i, n, gi, pl);
		struct ikev2_dh *b = ikc_dh_from_private(v->group, r, n, gr, pl);
		assert_non_null(a);
		assert_non_null(b);
		/* KE wire format: x | y, no 0x04 */
		assert_int_equal(ikev2_dh_public(a, out, pl), 0);
		assert_memory_equal(out, gi, pl);
		assert_int_equal(ikev2_dh_derive(a, gr, pl, sec, sizeof(sec), &slen), 0);
		assert_int_equal(slen, n);
		assert_memory_equal(sec, gir, n);
		assert_int_equal(ikev2_dh_derive(b, gi, pl, sec, sizeof(sec), &slen), 0);
		assert_memory_equal(sec, gir, n);

		/* invalid peer values: off the curve, wrong length, with 0x04, zero, x >= p */
		gr[pl - 1] ^= 0x01;
		assert_int_equal(ikev2_dh_derive(a, gr, pl, sec, sizeof(sec), &slen), -1);
		gr[pl - 1] ^= 0x01;
		assert_int_equal(ikev2_dh_derive(a, gr, pl - 1, sec, sizeof(sec), &slen), -1);
		uint8_t pre[133];
		pre[0] = 0x04;
		memcpy(pre + 1, gr, pl);
		assert_int_equal(ikev2_dh_derive(a, pre, pl + 1, sec, sizeof(sec), &slen), -1);
		memset(out, 0, pl);
		assert_int_equal(ikev2_dh_derive(a, out, pl, sec, sizeof(sec), &slen), -1);
		memset(out, 0xff, pl);
		assert_int_equal(ikev2_dh_derive(a, out, pl, sec, sizeof(sec), &slen), -1);
		/* too small an output buffer */
		assert_int_equal(ikev2_dh_derive(a, gr, pl, sec, n - 1, &slen), -1);
		ikev2_dh_free(a);
		ikev2_dh_free(b);
	}
}

static void test_x25519(void **state)
{
	(void)state;
	static const struct { const char *a, *apub, *b, *bpub, *k; } v[] = {
		/* RFC 7748 §6.1 */
		{ "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
		  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
		  "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
		  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
		  "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742" },
		/* RFC 8031 Appendix A */
		{ "751fb4308655b476b6789b7325f9ea8cddd16a58533ff6d9e60009464a5f9d94",
		  "48d5ddd4061257ba166fa3f9bbdb74f1a4e81c089384fa77f790709f0dfbc766",
		  "0a54645253290d60ddadd0e030bacd9e5501efdc220755a1e978f1b839a05688",
		  "0be7c1f5aad87d7e448662673298a443478b859745179eaf564c79c0ef6eee25",
		  "c74950607a12327f3204d94b6825bfb068b7f8319a9e3708ed3d43ce8130c950" },
	};
	for (size_t t = 0; t < 2; t++) {
		uint8_t a[32], apub[32], b[32], bpub[32], k[32], out[32], sec[32];
		size_t slen;
		unhex(v[t].a, a, 32), unhex(v[t].apub, apub, 32), unhex(v[t].b, b, 32);
		unhex(v[t].bpub, bpub, 32), unhex(v[t].k, k, 32);
		struct ikev2_dh *da = ikc_dh_from_private(IKEV2_DH_CURVE25519, a, 32, NULL, 0);
		struct ikev2_dh *db = ikc_dh_from_private(IKEV2_DH_CURVE25519, b, 32, NULL, 0);
		assert_non_null(da);
		assert_non_null(db);
		assert_int_equal(ikev2_dh_public(da, out, 32), 0);
		assert_memory_equal(out, apub, 32);
		assert_int_equal(ikev2_dh_public(db, out, 32), 0);
		assert_memory_equal(out, bpub, 32);
		assert_int_equal(ikev2_dh_derive(da, bpub, 32, sec, 32, &slen), 0);
		assert_int_equal(slen, 32);
		assert_memory_equal(sec, k, 32);
		assert_int_equal(ikev2_dh_derive(db, apub, 32, sec, 32, &slen), 0);
		assert_memory_equal(sec, k, 32);
		/* low-order points give an all-zero result: refused (RFC 8031 §2) */
		uint8_t low[32] = { 0 };
		assert_int_equal(ikev2_dh_derive(da, low, 32, sec, 32, &slen), -1);
		low[0] = 1;
		assert_int_equal(ikev2_dh_derive(da, low, 32, sec, 32, &slen), -1);
		assert_int_equal(ikev2_dh_derive(da, bpub, 31, sec, 32, &slen), -1);
		ikev2_dh_free(da);
		ikev2_dh_free(db);
	}
}

static void test_modp(void **state)
{
	(void)state;
	uint8_t peer[256], sec[512], out[256];
	size_t slen = 0;
	/* a fixed key whose shared secret with 2^262 has a leading zero octet */
	struct ikev2_dh *a = ikc_dh_from_private(IKEV2_DH_MODP2048, MODP_PRIV, sizeof(MODP_PRIV),
						 MODP_PUB, sizeof(MODP_PUB));
	assert_non_null(a);
	assert_int_equal(ikev2_dh_public(a, out, 256), 0);
	assert_memory_equal(out, MODP_PUB, 256);
	memset(peer, 0, sizeof(peer));
	peer[255 - MODP_PEER_EXP / 8] = (uint8_t)(1u << (MODP_PEER_EXP % 8));  /* 2^262 */
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), 0);
	assert_int_equal(slen, 256);
	assert_int_equal(sec[0], 0);
	assert_memory_equal(sec, MODP_SHARED, 256);

	/* range: 0, 1, p-1, p, 2^2048-1 refused; 2 and p-2 accepted */
	static const char P14[] =
		"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
		"020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
		"4FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
		"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF05"
		"98DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB"
		"9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
		"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF695581718"
		"3995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF";
	memset(peer, 0, 256);
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), -1);
	peer[255] = 1;
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), -1);
	peer[255] = 2;
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), 0);
	unhex(P14, peer, 256);
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), -1);  /* p */
	peer[255] = 0xfe;
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), -1);  /* p-1 */
	peer[255] = 0xfd;
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), 0);   /* p-2 */
	memset(peer, 0xff, 256);
	assert_int_equal(ikev2_dh_derive(a, peer, 256, sec, sizeof(sec), &slen), -1);
	assert_int_equal(ikev2_dh_derive(a, MODP_PUB, 255, sec, sizeof(sec), &slen), -1);
	ikev2_dh_free(a);
}

/* Generated key pairs: both sides agree, for every group. */
static void test_dh_generated(void **state)
{
	(void)state;
	static const uint16_t groups[] = { 14, 15, 16, 19, 20, 21, 31 };
	for (size_t t = 0; t < sizeof(groups) / sizeof(groups[0]); t++) {
		uint16_t g = groups[t];
		size_t pl = ikev2_dh_pub_len(g), sl = ikev2_dh_secret_len(g), l1, l2, rl;
		struct ikev2_dh *a = ikev2_dh_new(g), *b = ikev2_dh_new(g);
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(ikev2_dh_group(a), g);
		uint8_t pa[512], pb[512], s1[512], s2[512];
		assert_int_equal(ikev2_dh_public(a, pa, pl), 0);
		assert_int_equal(ikev2_dh_public(b, pb, pl), 0);
		assert_int_equal(ikev2_dh_public(a, pa, pl - 1), -1);
		assert_memory_equal(ikev2_dh_public_ref(a, &rl), pa, pl);
		assert_int_equal(rl, pl);
		assert_memory_not_equal(pa, pb, pl);
		assert_int_equal(ikev2_dh_derive(a, pb, pl, s1, sizeof(s1), &l1), 0);
		assert_int_equal(ikev2_dh_derive(b, pa, pl, s2, sizeof(s2), &l2), 0);
		assert_int_equal(l1, sl);
		assert_int_equal(l2, sl);
		assert_memory_equal(s1, s2, sl);
		/* a derive may be repeated (retransmitted KE) */
		assert_int_equal(ikev2_dh_derive(a, pb, pl, s2, sizeof(s2), &l2), 0);
		assert_memory_equal(s1, s2, sl);
		ikev2_dh_free(a);
		ikev2_dh_free(b);
	}
	ikev2_dh_free(NULL);
}

/* ================= SK payload ================= */

/* RFC 7634 Appendix B: an IKEv2 INFORMATIONAL with ChaCha20-Poly1305 */
static void test_sk_chacha_rfc7634(void **state)
{
	(void)state;
	uint8_t key[36], aad[32], iv[8], plain[13], ct_tag[29], body[8 + 13 + 16], out[64];
	unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f a0a1a2a3",
	      key, sizeof(key));
	unhex("c0c1c2c3c4c5c6c7d0d1d2d3d4d5d6d72e202500000000090000004529000029", aad,
	      sizeof(aad));
	unhex("1011121314151617", iv, sizeof(iv));
	unhex("0000000c000040010000000a00", plain, sizeof(plain));
	unhex("610394701f8d017f7c12924889 6b71bfe25236efd7cdc67066906315b2", ct_tag,
	      sizeof(ct_tag));
	if (!ikev2_sk_supported(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0))
		skip();
	struct ikev2_sk_dir *e = ikev2_sk_new(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0, key, 36, NULL, 0,
					      true);
	struct ikev2_sk_dir *d = ikev2_sk_new(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0, key, 36, NULL, 0,
					      false);
	assert_non_null(e);
	assert_non_null(d);
	assert_int_equal(ikev2_sk_iv_len(e), 8);
	assert_int_equal(ikev2_sk_icv_len(e), 16);
	assert_int_equal(ikev2_sk_block_len(e), 1);
	/* inner = the Notify (12 octets); the 13th plaintext octet is Pad Length 0 */
	assert_int_equal(ikev2_sk_body_len(e, 12), sizeof(body));
	ikc_sk_set_counter(e, 0x1011121314151617ull);
	for (int round = 0; round < 2; round++) {  /* the context is reused */
		assert_int_equal(ikev2_sk_encrypt(e, aad, 32, plain, 12, body, sizeof(body)), 0);
		assert_memory_equal(body, iv, 8);
		assert_memory_equal(body + 8, ct_tag, 29);
		size_t inner = 99;
		assert_int_equal(ikev2_sk_decrypt(d, aad, 32, body, sizeof(body), out, sizeof(out),
						  &inner), 0);
		assert_int_equal(inner, 12);
		assert_memory_equal(out, plain, 12);
		ikc_sk_set_counter(e, 0x1011121314151617ull);
	}
	ikev2_sk_free(e);
	ikev2_sk_free(d);
}

/* RFC 7539 §2.8.2 as an SK body: IV = the nonce's last 8 octets, salt =
 * its first 4.  The plaintext's last octet ('.', 46) reads as a Pad
 * Length, leaving 67 octets of "inner payloads". */
static void test_sk_chacha_rfc7539(void **state)
{
	(void)state;
	if (!ikev2_sk_supported(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0))
		skip();
	uint8_t key[36], aad[12], body[8 + 114 + 16], out[200];
	unhex("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f 07000000", key,
	      sizeof(key));
	unhex("50515253c0c1c2c3c4c5c6c7", aad, sizeof(aad));
	unhex("4041424344454647"
	      "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
	      "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
	      "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
	      "3ff4def08e4b7a9de576d26586cec64b6116"
	      "1ae10b594f09e26a7e902ecbd0600691", body, sizeof(body));
	struct ikev2_sk_dir *d = ikev2_sk_new(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0, key, 36, NULL, 0,
					      false);
	struct ikev2_sk_dir *e = ikev2_sk_new(IKEV2_ENCR_CHACHA20_POLY1305, 0, 0, key, 36, NULL, 0,
					      true);
	size_t inner;
	const char *text = "Ladies and Gentlemen of the class of '99: If I could offer you only "
			   "one tip for the future, sunscreen would be it.";
	assert_int_equal(strlen(text), 114);
	assert_int_equal(ikev2_sk_decrypt(d, aad, 12, body, sizeof(body), out, sizeof(out), &inner),
			 0);
	assert_memory_equal(out, text, 114);
	assert_int_equal(inner, 114 - 46 - 1);
	/* encrypting its first 113 octets (we append Pad Length 0, not '.')
	 * gives the RFC's first 113 ciphertext octets */
	uint8_t mine[8 + 114 + 16];
	ikc_sk_set_counter(e, 0x4041424344454647ull);
	assert_int_equal(ikev2_sk_encrypt(e, aad, 12, (const uint8_t *)text, 113, mine,
					  sizeof(mine)), 0);
	assert_memory_equal(mine, body, 8 + 113);
	assert_int_equal(ikev2_sk_decrypt(d, aad, 12, mine, sizeof(mine), out, sizeof(out), &inner),
			 0);
	assert_int_equal(inner, 113);
	assert_memory_equal(out, text, 113);
	ikev2_sk_free(d);
	ikev2_sk_free(e);
}

/* McGrew & Viega GCM test cases 4 (AES-128) and 16 (AES-256): 60-octet
 * plaintext, 20-octet AAD.  The last plaintext octet (0x39 = 57) reads as
 * a Pad Length, leaving 2 octets of "inner payloads". */
static void test_sk_gcm_vectors(void **state)
{
	(void)state;
	static const struct { uint16_t bits; const char *key, *ct, *tag; } v[] = {
		{ 128, "feffe9928665731c6d6a8f9467308308",
		  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
		  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
		  "5bc94fbc3221a5db94fae95ae7121a47" },
		{ 256, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
		  "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
		  "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
		  "76fc6ece0f4e1768cddf8853bb2d551b" },
	};
	uint8_t aad[20], pt[60];
	unhex("feedfacedeadbeeffeedfacedeadbeefabaddad2", aad, sizeof(aad));
	unhex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	      "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39", pt, sizeof(pt));
	for (size_t t = 0; t < 2; t++) {
		uint8_t key[36], body[8 + 60 + 16], out[64];
		size_t kl = unhex(v[t].key, key, sizeof(key));
		unhex("cafebabe", key + kl, 4);  /* salt */
		unhex("facedbaddecaf888", body, 8);
		unhex(v[t].ct, body + 8, 60);
		unhex(v[t].tag, body + 68, 16);
		struct ikev2_sk_dir *d = ikev2_sk_new(IKEV2_ENCR_AES_GCM_16, v[t].bits, 0, key, kl + 4,
						      NULL, 0, false);
		assert_non_null(d);
		size_t inner = 0;
		assert_int_equal(ikev2_sk_decrypt(d, aad, 20, body, sizeof(body), out, sizeof(out),
						  &inner), 0);
		assert_memory_equal(out, pt, 60);
		assert_int_equal(inner, 2);
		body[20] ^= 0x80;
		assert_int_equal(ikev2_sk_decrypt(d, aad, 20, body, sizeof(body), out, sizeof(out),
						  &inner), -1);
		ikev2_sk_free(d);
	}
}

/* An SK message computed with Python (AES-GCM-128, IV counter 5). */
static void test_sk_gcm_python(void **state)
{
	(void)state;
	struct ikev2_sk_dir *e = ikev2_sk_new(IKEV2_ENCR_AES_GCM_16, 128, 0, GCM_KEY, 20, NULL, 0,
					      true);
	struct ikev2_sk_dir *d = ikev2_sk_new(IKEV2_ENCR_AES_GCM_16, 128, 0, GCM_KEY, 20, NULL, 0,
					      false);
	assert_non_null(e);
	uint8_t body[sizeof(GCM_BODY)], out[64];
	assert_int_equal(ikev2_sk_body_len(e, sizeof(GCM_INNER)), sizeof(GCM_BODY));
	ikc_sk_set_counter(e, 5);
	assert_int_equal(ikev2_sk_encrypt(e, GCM_AAD, 32, GCM_INNER, sizeof(GCM_INNER), body,
					  sizeof(body)), 0);
	assert_memory_equal(body, GCM_BODY, sizeof(GCM_BODY));
	/* the counter moved on: the next IV differs */
	assert_int_equal(ikev2_sk_encrypt(e, GCM_AAD, 32, GCM_INNER, sizeof(GCM_INNER), body,
					  sizeof(body)), 0);
	assert_memory_not_equal(body, GCM_BODY, 8);
	size_t inner;
	assert_int_equal(ikev2_sk_decrypt(d, GCM_AAD, 32, GCM_BODY, sizeof(GCM_BODY), out,
					  sizeof(out), &inner), 0);
	assert_int_equal(inner, sizeof(GCM_INNER));
	assert_memory_equal(out, GCM_INNER, inner);
	ikev2_sk_free(e);
	ikev2_sk_free(d);
}

/* An SK message computed with Python (AES-CBC-256 + HMAC-SHA2-256-128). */
static void test_sk_cbc_python(void **state)
{
	(void)state;
	struct ikev2_sk_dir *e = ikev2_sk_new(IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128,
					      CBC_EKEY, 32, CBC_AKEY, 32, true);
	struct ikev2_sk_dir *d = ikev2_sk_new(IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_256_128,
					      CBC_EKEY, 32, CBC_AKEY, 32, false);
	assert_non_null(e);
	assert_non_null(d);
	uint8_t body[sizeof(CBC_BODY)], out[64];
	assert_int_equal(ikev2_sk_body_len(e, sizeof(GCM_INNER)), sizeof(CBC_BODY));
	assert_int_equal(ikc_sk_encrypt_iv(e, GCM_AAD, 32, CBC_IV, GCM_INNER, sizeof(GCM_INNER),
					   body, sizeof(body)), 0);
	assert_memory_equal(body, CBC_BODY, sizeof(CBC_BODY));
	size_t inner;
	assert_int_equal(ikev2_sk_decrypt(d, GCM_AAD, 32, CBC_BODY, sizeof(CBC_BODY), out,
					  sizeof(out), &inner), 0);
	assert_int_equal(inner, sizeof(GCM_INNER));
	assert_memory_equal(out, GCM_INNER, inner);
	/* random IVs: two encryptions differ */
	uint8_t b1[sizeof(CBC_BODY)], b2[sizeof(CBC_BODY)];
	assert_int_equal(ikev2_sk_encrypt(e, GCM_AAD, 32, GCM_INNER, sizeof(GCM_INNER), b1,
					  sizeof(b1)), 0);
	assert_int_equal(ikev2_sk_encrypt(e, GCM_AAD, 32, GCM_INNER, sizeof(GCM_INNER), b2,
					  sizeof(b2)), 0);
	assert_memory_not_equal(b1, b2, 16);

	/* a valid ICV over a plaintext whose Pad Length exceeds the content */
	uint8_t pt[32], bad[16 + 32 + 16], mac[32];
	memset(pt, 0x41, sizeof(pt));
	pt[31] = 32;  /* 32 + 1 > 32 */
	memcpy(bad, CBC_IV, 16);
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int l1, l2;
	assert_true(EVP_EncryptInit_ex2(c, EVP_aes_256_cbc(), CBC_EKEY, CBC_IV, NULL));
	EVP_CIPHER_CTX_set_padding(c, 0);
	assert_true(EVP_EncryptUpdate(c, bad + 16, &l1, pt, 32));
	assert_true(EVP_EncryptFinal_ex(c, bad + 16 + l1, &l2));
	EVP_CIPHER_CTX_free(c);
	struct ikev2_iov v[2] = { { GCM_AAD, 32 }, { bad, 48 } };
	assert_int_equal(ikev2_prfv(IKEV2_PRF_HMAC_SHA2_256, CBC_AKEY, 32, v, 2, mac), 0);
	memcpy(bad + 48, mac, 16);
	assert_int_equal(ikev2_sk_decrypt(d, GCM_AAD, 32, bad, sizeof(bad), out, sizeof(out),
					  &inner), -1);
	pt[31] = 31;  /* exactly fills it: inner length 0 */
	c = EVP_CIPHER_CTX_new();
	assert_true(EVP_EncryptInit_ex2(c, EVP_aes_256_cbc(), CBC_EKEY, CBC_IV, NULL));
	EVP_CIPHER_CTX_set_padding(c, 0);
	assert_true(EVP_EncryptUpdate(c, bad + 16, &l1, pt, 32));
	EVP_CIPHER_CTX_free(c);
	assert_int_equal(ikev2_prfv(IKEV2_PRF_HMAC_SHA2_256, CBC_AKEY, 32, v, 2, mac), 0);
	memcpy(bad + 48, mac, 16);
	assert_int_equal(ikev2_sk_decrypt(d, GCM_AAD, 32, bad, sizeof(bad), out, sizeof(out),
					  &inner), 0);
	assert_int_equal(inner, 0);
	ikev2_sk_free(e);
	ikev2_sk_free(d);
}

struct sk_suite {
	uint16_t encr, bits, integ;
};
static const struct sk_suite SUITES[] = {
	{ IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96 },
	{ IKEV2_ENCR_AES_CBC, 192, IKEV2_INTEG_HMAC_SHA2_256_128 },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_384_192 },
	{ IKEV2_ENCR_AES_CBC, 256, IKEV2_INTEG_HMAC_SHA2_512_256 },
	{ IKEV2_ENCR_AES_GCM_16, 128, 0 },
	{ IKEV2_ENCR_AES_GCM_16, 256, 0 },
	{ IKEV2_ENCR_CHACHA20_POLY1305, 0, 0 },
};

/* A pair of directions sharing one key (as initiator-out / responder-in). */
static void sk_pair(const struct sk_suite *s, struct ikev2_sk_dir **e, struct ikev2_sk_dir **d)
{
	uint8_t ek[36], ak[64];
	size_t el = ikev2_encr_keymat_len(s->encr, s->bits), al = ikev2_integ_key_len(s->integ);
	assert_int_equal(ikev2_random(ek, el), 0);
	assert_int_equal(ikev2_random(ak, sizeof(ak)), 0);
	*e = ikev2_sk_new(s->encr, s->bits, s->integ, ek, el, al ? ak : NULL, al, true);
	*d = ikev2_sk_new(s->encr, s->bits, s->integ, ek, el, al ? ak : NULL, al, false);
	assert_non_null(*e);
	assert_non_null(*d);
}

static void test_sk_roundtrip(void **state)
{
	(void)state;
	uint8_t aad[36], inner[300], msg[36 + 16 + 320 + 32], out[400];
	for (size_t i = 0; i < sizeof(inner); i++)
		inner[i] = (uint8_t)(i * 7 + 3);
	for (size_t i = 0; i < sizeof(aad); i++)
		aad[i] = (uint8_t)i;
	for (size_t t = 0; t < sizeof(SUITES) / sizeof(SUITES[0]); t++) {
		const struct sk_suite *s = &SUITES[t];
		if (!ikev2_sk_supported(s->encr, s->bits, s->integ))
			continue;
		struct ikev2_sk_dir *e, *d;
		sk_pair(s, &e, &d);
		size_t block = ikev2_sk_block_len(e), iv = ikev2_sk_iv_len(e), icv = ikev2_sk_icv_len(e);
		for (size_t n = 0; n <= sizeof(inner); n += (n < 40 ? 1 : 37)) {
			size_t ct = ikev2_sk_ct_len(e, n), bl = ikev2_sk_body_len(e, n), got = 0;
			assert_true(ct > n && ct % block == 0 && ct - n <= block);
			assert_int_equal(bl, iv + ct + icv);
			assert_true(ikev2_sk_max_inner(e, bl) >= n);
			assert_true(ikev2_sk_body_len(e, ikev2_sk_max_inner(e, bl)) <= bl);
			/* as a message: aad immediately followed by the body */
			memcpy(msg, aad, sizeof(aad));
			assert_int_equal(ikev2_sk_encrypt(e, msg, 36, inner, n, msg + 36, bl), 0);
			assert_int_equal(ikev2_sk_decrypt(d, msg, 36, msg + 36, bl, out, sizeof(out),
							  &got), 0);
			assert_int_equal(got, n);
			assert_memory_equal(out, inner, n);
			/* wrong body size for the inner length */
			assert_int_equal(ikev2_sk_encrypt(e, msg, 36, inner, n, msg + 36, bl + 1), -1);
			/* the wrong direction */
			assert_int_equal(ikev2_sk_encrypt(d, msg, 36, inner, n, msg + 36, bl), -1);
			assert_int_equal(ikev2_sk_decrypt(e, msg, 36, msg + 36, bl, out, sizeof(out),
							  &got), -1);
			/* output too small */
			assert_int_equal(ikev2_sk_decrypt(d, msg, 36, msg + 36, bl, out, ct - 1, &got),
					 -1);
		}
		/* in place: inner already at body + iv, decrypted back there */
		size_t n = 77, bl = ikev2_sk_body_len(e, n), got = 0;
		memcpy(msg, aad, 36);
		memcpy(msg + 36 + iv, inner, n);
		assert_int_equal(ikev2_sk_encrypt(e, msg, 36, msg + 36 + iv, n, msg + 36, bl), 0);
		assert_memory_not_equal(msg + 36 + iv, inner, n);
		assert_int_equal(ikev2_sk_decrypt(d, msg, 36, msg + 36, bl, msg + 36 + iv,
						  bl - iv - icv, &got), 0);
		assert_int_equal(got, n);
		assert_memory_equal(msg + 36 + iv, inner, n);
		ikev2_sk_free(e);
		ikev2_sk_free(d);
	}
	ikev2_sk_free(NULL);
}

/* Flip each bit of the message (AAD, IV, ciphertext, ICV): always refused. */
static void test_sk_tamper(void **state)
{
	(void)state;
	uint8_t inner[21], msg[32 + 16 + 32 + 32], out[64];
	for (size_t i = 0; i < sizeof(inner); i++)
		inner[i] = (uint8_t)(0xa0 + i);
	for (size_t t = 0; t < sizeof(SUITES) / sizeof(SUITES[0]); t++) {
		const struct sk_suite *s = &SUITES[t];
		if (!ikev2_sk_supported(s->encr, s->bits, s->integ))
			continue;
		struct ikev2_sk_dir *e, *d;
		sk_pair(s, &e, &d);
		size_t bl = ikev2_sk_body_len(e, sizeof(inner)), total = 32 + bl, got;
		memset(msg, 0x5a, 32);
		assert_int_equal(ikev2_sk_encrypt(e, msg, 32, inner, sizeof(inner), msg + 32, bl), 0);
		assert_int_equal(ikev2_sk_decrypt(d, msg, 32, msg + 32, bl, out, sizeof(out), &got), 0);
		for (size_t bit = 0; bit < total * 8; bit++) {
			msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			memset(out, 0xee, sizeof(out));
			assert_int_equal(ikev2_sk_decrypt(d, msg, 32, msg + 32, bl, out, sizeof(out),
							  &got), -1);
			msg[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
		/* truncated or extended bodies, AAD of another length */
		for (size_t cut = 1; cut < bl; cut++)
			assert_int_equal(ikev2_sk_decrypt(d, msg, 32, msg + 32, bl - cut, out,
							  sizeof(out), &got), -1);
		assert_int_equal(ikev2_sk_decrypt(d, msg, 31, msg + 32, bl, out, sizeof(out), &got),
				 -1);
		assert_int_equal(ikev2_sk_decrypt(d, msg, 32, msg + 32, bl, out, sizeof(out), &got), 0);
		ikev2_sk_free(e);
		ikev2_sk_free(d);
	}
}

static void test_sk_lengths(void **state)
{
	(void)state;
	struct ikev2_sk_dir *e, *d;
	uint8_t body[128], out[128];
	size_t got;
	memset(body, 0, sizeof(body));
	sk_pair(&SUITES[1], &e, &d);  /* CBC: IV 16, ICV 16 */
	assert_int_equal(ikev2_sk_ct_len(e, 0), 16);
	assert_int_equal(ikev2_sk_ct_len(e, 15), 16);
	assert_int_equal(ikev2_sk_ct_len(e, 16), 32);
	assert_int_equal(ikev2_sk_max_inner(e, 16 + 16 + 16), 15);
	assert_int_equal(ikev2_sk_max_inner(e, 16 + 16 + 31), 15);
	assert_int_equal(ikev2_sk_max_inner(e, 16 + 16 + 15), 0);
	/* too short for IV + ICV (+ one block), or not a block multiple */
	assert_int_equal(ikev2_sk_decrypt(d, body, 0, body, 32, out, sizeof(out), &got), -1);
	assert_int_equal(ikev2_sk_decrypt(d, body, 0, body, 33, out, sizeof(out), &got), -1);
	assert_int_equal(ikev2_sk_decrypt(d, body, 0, body, 47, out, sizeof(out), &got), -1);
	assert_int_equal(ikev2_sk_decrypt(d, body, 0, body, 48, out, sizeof(out), &got), -1);  /* ICV */
	ikev2_sk_free(e);
	ikev2_sk_free(d);
	sk_pair(&SUITES[4], &e, &d);  /* GCM: IV 8, ICV 16, no block */
	assert_int_equal(ikev2_sk_ct_len(e, 0), 1);
	assert_int_equal(ikev2_sk_ct_len(e, 10), 11);
	assert_int_equal(ikev2_sk_body_len(e, 10), 8 + 11 + 16);
	assert_int_equal(ikev2_sk_max_inner(e, 8 + 16 + 100), 99);
	assert_int_equal(ikev2_sk_decrypt(d, body, 0, body, 24, out, sizeof(out), &got), -1);
	assert_int_equal(ikev2_sk_decrypt(d, body, 0, body, 25, out, sizeof(out), &got), -1);
	ikev2_sk_free(e);
	ikev2_sk_free(d);
	/* wrong key sizes, unsupported combinations */
	uint8_t k[64] = { 0 };
	assert_null(ikev2_sk_new(IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96, k, 32, k, 20,
				 true));
	assert_null(ikev2_sk_new(IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96, k, 16, k, 32,
				 true));
	assert_null(ikev2_sk_new(IKEV2_ENCR_AES_GCM_16, 128, 0, k, 16, NULL, 0, true));
	assert_null(ikev2_sk_new(IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_NONE, k, 16, NULL, 0, true));
	assert_null(ikev2_sk_new(IKEV2_ENCR_3DES, 0, IKEV2_INTEG_HMAC_SHA1_96, k, 24, k, 20, true));
	assert_false(ikev2_sk_supported(IKEV2_ENCR_AES_GCM_8, 128, 0));
	assert_false(ikev2_sk_supported(IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_MD5_96));
}

/* The two sides of one IKE SA built from the same keys talk to each other. */
static void test_sk_pair(void **state)
{
	(void)state;
	struct ikev2_suite s = { IKEV2_ENCR_AES_CBC, 128, IKEV2_INTEG_HMAC_SHA1_96,
				 IKEV2_PRF_HMAC_SHA1, IKEV2_DH_MODP2048 };
	struct ikev2_ike_keys k;
	assert_int_equal(ikev2_ike_keys_initial(&k, &s, GIR, 32, NI, 32, NR, 32, SPII, SPIR), 0);
	struct ikev2_sk_dir *io, *ii, *ro, *ri;
	assert_int_equal(ikev2_sk_pair(&k, true, &io, &ii), 0);
	assert_int_equal(ikev2_sk_pair(&k, false, &ro, &ri), 0);
	uint8_t hdr[32] = { 1 }, body[128], out[128];
	size_t got, bl = ikev2_sk_body_len(io, 40);
	assert_int_equal(ikev2_sk_encrypt(io, hdr, 32, NI, 32, body, bl), 0);
	assert_int_equal(ikev2_sk_decrypt(ri, hdr, 32, body, bl, out, sizeof(out), &got), 0);
	assert_int_equal(ikev2_sk_decrypt(ii, hdr, 32, body, bl, out, sizeof(out), &got), -1);
	assert_int_equal(ikev2_sk_encrypt(ro, hdr, 32, NR, 32, body, bl), 0);
	assert_int_equal(ikev2_sk_decrypt(ii, hdr, 32, body, bl, out, sizeof(out), &got), 0);
	assert_memory_equal(out, NR, 32);
	ikev2_sk_free(io), ikev2_sk_free(ii), ikev2_sk_free(ro), ikev2_sk_free(ri);
	/* GCM suite */
	struct ikev2_suite g = { IKEV2_ENCR_AES_GCM_16, 256, 0, IKEV2_PRF_HMAC_SHA2_256, 19 };
	assert_int_equal(ikev2_ike_keys_initial(&k, &g, GIR, 32, NI, 32, NR, 32, SPII, SPIR), 0);
	assert_int_equal(ikev2_sk_pair(&k, true, &io, &ii), 0);
	assert_int_equal(ikev2_sk_pair(&k, false, &ro, &ri), 0);
	bl = ikev2_sk_body_len(ro, 32);
	assert_int_equal(ikev2_sk_encrypt(ro, hdr, 32, NR, 32, body, bl), 0);
	assert_int_equal(ikev2_sk_decrypt(ii, hdr, 32, body, bl, out, sizeof(out), &got), 0);
	assert_memory_equal(out, NR, 32);
	ikev2_sk_free(io), ikev2_sk_free(ii), ikev2_sk_free(ro), ikev2_sk_free(ri);
	ikev2_ike_keys_wipe(&k);
}

/* ================= AUTH signatures ================= */

static EVP_PKEY *pem_key(const char *pem)
{
	BIO *b = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *k = PEM_read_bio_PrivateKey(b, NULL, NULL, NULL);
	BIO_free(b);
	assert_non_null(k);
	return k;
}

/* The public half only, as a certificate would give it. */
static EVP_PKEY *public_of(EVP_PKEY *k)
{
	unsigned char *der = NULL;
	int len = i2d_PUBKEY(k, &der);
	assert_true(len > 0);
	const unsigned char *p = der;
	EVP_PKEY *pub = d2i_PUBKEY(NULL, &p, len);
	OPENSSL_free(der);
	assert_non_null(pub);
	return pub;
}

static const uint8_t ALG_SHA256_RSA[] = { 0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
					  0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00 };
static const uint8_t ALG_ECDSA_SHA256[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
					    0x3d, 0x04, 0x03, 0x02 };
static const uint8_t ALG_PSS_SHA256[] = {
	0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34,
	0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
	0x05, 0x00, 0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01,
	0x01, 0x08, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
	0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
};

static void test_auth_rsa(void **state)
{
	(void)state;
	EVP_PKEY *k = pem_key(RSA_PEM), *pub = public_of(k);
	struct ikev2_auth_octets o = psk_octets(IKEV2_PRF_HMAC_SHA2_256, 32);
	uint8_t out[600];
	size_t len = 0;
	uint16_t h;
	assert_true(ikev2_auth_sign_max(k) <= sizeof(out));

	/* method 1: PKCS#1 v1.5 is deterministic - same bytes as Python */
	assert_int_equal(ikev2_auth_sign(&o, 1, 0, 0, k, out, sizeof(out), &len), 0);
	assert_int_equal(len, 256);
	assert_memory_equal(out, RSA_SIG_SHA1, 256);
	h = 0;
	assert_int_equal(ikev2_auth_verify(&o, 1, RSA_SIG_SHA1, 256, pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA1);
	/* method 1 signed with SHA-256 (as Cisco does): found when not pinned */
	h = 0;
	assert_int_equal(ikev2_auth_verify(&o, 1, RSA_SIG_SHA256, 256, pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA2_256);
	h = IKEV2_HASH_SHA1;
	assert_int_equal(ikev2_auth_verify(&o, 1, RSA_SIG_SHA256, 256, pub, &h), -1);

	/* method 14, sha256WithRSAEncryption: length | AlgId | signature */
	assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_SHA2_256, 0, k, out, sizeof(out), &len),
			 0);
	assert_int_equal(len, 1 + 15 + 256);
	assert_int_equal(out[0], 15);
	assert_memory_equal(out + 1, ALG_SHA256_RSA, 15);
	assert_memory_equal(out + 16, RSA_SIG_SHA256, 256);
	h = 0;
	assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA2_256);
	/* SHA-384/512 AlgIds end 0c/0d */
	for (uint16_t hh = IKEV2_HASH_SHA2_384; hh <= IKEV2_HASH_SHA2_512; hh++) {
		assert_int_equal(ikev2_auth_sign(&o, 14, hh, 0, k, out, sizeof(out), &len), 0);
		assert_int_equal(out[13], hh == IKEV2_HASH_SHA2_384 ? 0x0c : 0x0d);
		assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
		assert_int_equal(h, hh);
	}

	/* RSASSA-PSS: Python's signature in our AlgorithmIdentifier */
	uint8_t pss[1 + sizeof(ALG_PSS_SHA256) + 256];
	pss[0] = sizeof(ALG_PSS_SHA256);
	memcpy(pss + 1, ALG_PSS_SHA256, sizeof(ALG_PSS_SHA256));
	memcpy(pss + 1 + sizeof(ALG_PSS_SHA256), RSA_PSS_SHA256, 256);
	assert_int_equal(ikev2_auth_verify(&o, 14, pss, sizeof(pss), pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA2_256);
	/* ours */
	assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_SHA2_256, IKEV2_SIGF_PSS, k, out,
					 sizeof(out), &len), 0);
	assert_int_equal(len, sizeof(pss));
	assert_memory_equal(out, pss, 1 + sizeof(ALG_PSS_SHA256));
	assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
	for (uint16_t hh = IKEV2_HASH_SHA2_384; hh <= IKEV2_HASH_SHA2_512; hh++) {
		assert_int_equal(ikev2_auth_sign(&o, 14, hh, IKEV2_SIGF_PSS, k, out, sizeof(out),
						 &len), 0);
		assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
		assert_int_equal(h, hh);
	}

	/* tampering: octets, signature, AlgId (PKCS#1 AlgId on a PSS signature) */
	struct ikev2_auth_octets o2 = o;
	o2.nonce = NI;
	assert_int_equal(ikev2_auth_verify(&o2, 14, pss, sizeof(pss), pub, &h), -1);
	assert_int_equal(ikev2_auth_verify(&o2, 1, RSA_SIG_SHA1, 256, pub, &h), -1);
	pss[sizeof(pss) - 1] ^= 1;
	assert_int_equal(ikev2_auth_verify(&o, 14, pss, sizeof(pss), pub, &h), -1);
	uint8_t mix[1 + 15 + 256];
	mix[0] = 15;
	memcpy(mix + 1, ALG_SHA256_RSA, 15);
	memcpy(mix + 16, RSA_PSS_SHA256, 256);
	assert_int_equal(ikev2_auth_verify(&o, 14, mix, sizeof(mix), pub, &h), -1);
	/* malformed method 14 data: length beyond the data, AlgId not consumed */
	mix[0] = 0xff;
	assert_int_equal(ikev2_auth_verify(&o, 14, mix, sizeof(mix), pub, &h), -1);
	mix[0] = 14;
	assert_int_equal(ikev2_auth_verify(&o, 14, mix, sizeof(mix), pub, &h), -1);
	mix[0] = 16;
	assert_int_equal(ikev2_auth_verify(&o, 14, mix, sizeof(mix), pub, &h), -1);
	assert_int_equal(ikev2_auth_verify(&o, 14, mix, 16, pub, &h), -1);
	/* RSA key with an ECDSA method */
	assert_int_equal(ikev2_auth_sign(&o, 9, 0, 0, k, out, sizeof(out), &len), -1);
	assert_int_equal(ikev2_auth_verify(&o, 9, out, 64, pub, &h), -1);
	/* PSK method is not a signature */
	assert_int_equal(ikev2_auth_sign(&o, 2, 0, 0, k, out, sizeof(out), &len), -1);
	/* buffer too small */
	assert_int_equal(ikev2_auth_sign(&o, 1, 0, 0, k, out, 100, &len), -1);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(k);
}

static void test_auth_ecdsa(void **state)
{
	(void)state;
	EVP_PKEY *k = pem_key(EC_PEM), *pub = public_of(k);
	struct ikev2_auth_octets o = psk_octets(IKEV2_PRF_HMAC_SHA2_256, 32);
	uint8_t out[300];
	size_t len;
	uint16_t h;
	assert_int_equal(ikev2_auth_ecdsa_method(k), 9);
	/* Python's signatures: raw r|s (method 9, RFC 4754), DER (method 14) */
	assert_int_equal(ikev2_auth_verify(&o, 9, EC_SIG_RAW, 64, pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA2_256);
	uint8_t m14[1 + 12 + 80];
	m14[0] = 12;
	memcpy(m14 + 1, ALG_ECDSA_SHA256, 12);
	memcpy(m14 + 13, EC_SIG_DER, sizeof(EC_SIG_DER));
	assert_int_equal(ikev2_auth_verify(&o, 14, m14, 13 + sizeof(EC_SIG_DER), pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA2_256);
	/* raw signature of the wrong size, or under the wrong method */
	assert_int_equal(ikev2_auth_verify(&o, 9, EC_SIG_RAW, 63, pub, &h), -1);
	assert_int_equal(ikev2_auth_verify(&o, 10, EC_SIG_RAW, 64, pub, &h), -1);
	uint8_t raw[64];
	memcpy(raw, EC_SIG_RAW, 64);
	raw[40] ^= 0x10;
	assert_int_equal(ikev2_auth_verify(&o, 9, raw, 64, pub, &h), -1);
	/* ours */
	assert_int_equal(ikev2_auth_sign(&o, 9, 0, 0, k, out, sizeof(out), &len), 0);
	assert_int_equal(len, 64);
	assert_int_equal(ikev2_auth_verify(&o, 9, out, len, pub, &h), 0);
	assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_SHA2_256, 0, k, out, sizeof(out), &len),
			 0);
	assert_int_equal(out[0], 12);
	assert_memory_equal(out + 1, ALG_ECDSA_SHA256, 12);
	assert_int_equal(out[13], 0x30);  /* DER Ecdsa-Sig-Value */
	assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
	assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_SHA2_512, 0, k, out, sizeof(out), &len),
			 0);
	assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_SHA2_512);
	/* a P-256 key cannot sign method 10/11 */
	assert_int_equal(ikev2_auth_sign(&o, 10, 0, 0, k, out, sizeof(out), &len), -1);
	assert_int_equal(ikev2_auth_sign(&o, 1, 0, 0, k, out, sizeof(out), &len), -1);
	/* ECDSA AlgId over an RSA key */
	EVP_PKEY *rsa = pem_key(RSA_PEM);
	assert_int_equal(ikev2_auth_verify(&o, 14, m14, 13 + sizeof(EC_SIG_DER), rsa, &h), -1);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(k);

	/* P-384 / P-521 keys generated here: methods 10 and 11 */
	static const struct { const char *curve; uint8_t method; size_t raw; } c[] = {
		{ "P-384", 10, 96 }, { "P-521", 11, 132 },
	};
	for (size_t i = 0; i < 2; i++) {
		EVP_PKEY *ek = EVP_PKEY_Q_keygen(NULL, NULL, "EC", c[i].curve);
		assert_non_null(ek);
		assert_int_equal(ikev2_auth_ecdsa_method(ek), c[i].method);
		assert_int_equal(ikev2_auth_sign(&o, c[i].method, 0, 0, ek, out, sizeof(out), &len), 0);
		assert_int_equal(len, c[i].raw);
		assert_int_equal(ikev2_auth_verify(&o, c[i].method, out, len, ek, &h), 0);
		out[len - 1] ^= 1;
		assert_int_equal(ikev2_auth_verify(&o, c[i].method, out, len, ek, &h), -1);
		assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_SHA2_384, 0, ek, out, sizeof(out),
						 &len), 0);
		assert_int_equal(ikev2_auth_verify(&o, 14, out, len, ek, &h), 0);
		assert_int_equal(h, IKEV2_HASH_SHA2_384);
		EVP_PKEY_free(ek);
	}
}

static void test_auth_ed25519(void **state)
{
	(void)state;
	EVP_PKEY *k = EVP_PKEY_new_raw_private_key_ex(NULL, "ED25519", NULL, ED_PRIV, 32);
	assert_non_null(k);
	EVP_PKEY *pub = public_of(k);
	struct ikev2_auth_octets o = psk_octets(IKEV2_PRF_HMAC_SHA2_256, 32);
	uint8_t out[200];
	size_t len;
	uint16_t h = 0;
	assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_IDENTITY, 0, k, out, sizeof(out), &len),
			 0);
	assert_int_equal(len, 1 + 7 + 64);
	assert_int_equal(out[0], 7);
	assert_memory_equal(out + 8, ED_SIG, 64);  /* deterministic: Python's bytes */
	assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), 0);
	assert_int_equal(h, IKEV2_HASH_IDENTITY);
	out[20] ^= 4;
	assert_int_equal(ikev2_auth_verify(&o, 14, out, len, pub, &h), -1);
	assert_int_equal(ikev2_auth_sign(&o, 14, IKEV2_HASH_SHA2_256, 0, k, out, sizeof(out), &len),
			 -1);
	EVP_PKEY_free(pub);
	EVP_PKEY_free(k);
}

/* Keys generated in the test: sign -> verify for every method. */
static void test_auth_generated(void **state)
{
	(void)state;
	EVP_PKEY *rsa = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
	EVP_PKEY *ec = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	assert_non_null(rsa);
	assert_non_null(ec);
	uint8_t idb[] = { 9, 0, 0, 0, 0x30, 0x00 };
	uint8_t msg[500], nonce[32], skp[48];
	ikev2_random(msg, sizeof(msg));
	ikev2_random(nonce, sizeof(nonce));
	ikev2_random(skp, sizeof(skp));
	struct ikev2_auth_octets o = { msg, sizeof(msg), nonce, 32, idb, sizeof(idb),
				       IKEV2_PRF_HMAC_SHA2_384, skp, 48 };
	uint8_t out[600];
	size_t len;
	uint16_t h;
	assert_int_equal(ikev2_auth_sign(&o, 1, 0, 0, rsa, out, sizeof(out), &len), 0);
	assert_int_equal(ikev2_auth_verify(&o, 1, out, len, rsa, NULL), 0);
	for (uint16_t hh = 1; hh <= 4; hh++) {
		assert_int_equal(ikev2_auth_sign(&o, 14, hh, 0, rsa, out, sizeof(out), &len), 0);
		assert_int_equal(ikev2_auth_verify(&o, 14, out, len, rsa, &h), 0);
		assert_int_equal(h, hh);
		assert_int_equal(ikev2_auth_sign(&o, 14, hh, 0, ec, out, sizeof(out), &len), 0);
		assert_int_equal(ikev2_auth_verify(&o, 14, out, len, ec, &h), 0);
		assert_int_equal(h, hh);
		/* the other key does not verify it */
		assert_int_equal(ikev2_auth_verify(&o, 14, out, len, rsa, &h), -1);
	}
	assert_int_equal(ikev2_auth_sign(&o, 14, 0, 0, rsa, out, sizeof(out), &len), -1);
	assert_int_equal(ikev2_auth_sign(&o, 14, 5, 0, ec, out, sizeof(out), &len), -1);
	/* another SK_p (another ID MAC) breaks the signature */
	assert_int_equal(ikev2_auth_sign(&o, 9, 0, 0, ec, out, sizeof(out), &len), 0);
	skp[0] ^= 1;
	assert_int_equal(ikev2_auth_verify(&o, 9, out, len, ec, &h), -1);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}

/* ================= concurrency ================= */

/* Several threads sharing the cached group parameters and algorithm
 * handles (the crypto worker pool): results stay right.  cmocka asserts
 * only on the main thread. */
static void *worker(void *arg)
{
	static const uint16_t groups[] = { 19, 31, 14, 20, 19, 31 };
	long bad = 0;
	unsigned seed = (unsigned)(uintptr_t)arg;
	for (int i = 0; i < 60; i++) {
		uint16_t g = groups[(seed + (unsigned)i) % 6];
		if (g == 14 && i % 5)
			continue;
		struct ikev2_dh *a = ikev2_dh_new(g), *b = ikev2_dh_new(g);
		uint8_t s1[512], s2[512];
		size_t l1 = 0, l2 = 0, pl = ikev2_dh_pub_len(g), rl;
		bad += !a || !b ||
		       ikev2_dh_derive(a, ikev2_dh_public_ref(b, &rl), pl, s1, sizeof(s1), &l1) ||
		       ikev2_dh_derive(b, ikev2_dh_public_ref(a, &rl), pl, s2, sizeof(s2), &l2) ||
		       l1 != l2 || memcmp(s1, s2, l1);
		ikev2_dh_free(a);
		ikev2_dh_free(b);
		struct ikev2_ike_keys k;
		struct ikev2_suite su = { IKEV2_ENCR_AES_GCM_16, 128, 0, IKEV2_PRF_HMAC_SHA2_256, g };
		bad += ikev2_ike_keys_initial(&k, &su, GIR, 32, NI, 32, NR, 32, SPII, SPIR) ||
		       memcmp(k.sk_d, KM1, 32);  /* same PRF and seed as the s1 SA */
		struct ikev2_sk_dir *o, *in;
		uint8_t body[128], out[128];
		size_t got;
		bad += ikev2_sk_pair(&k, true, &o, &in) != 0;
		if (o) {
			size_t bl = ikev2_sk_body_len(o, 40);
			struct ikev2_sk_dir *r = ikev2_sk_new(su.encr, 128, 0, k.sk_ei, k.e_len, NULL, 0,
							      false);
			bad += ikev2_sk_encrypt(o, GIR, 32, AUTH_MSG, 40, body, bl) ||
			       ikev2_sk_decrypt(r, GIR, 32, body, bl, out, sizeof(out), &got) ||
			       got != 40 || memcmp(out, AUTH_MSG, 40);
			ikev2_sk_free(r);
		}
		ikev2_sk_free(o);
		ikev2_sk_free(in);
	}
	return (void *)bad;
}

static void test_threads(void **state)
{
	(void)state;
	pthread_t t[4];
	for (uintptr_t i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, (void *)i), 0);
	for (int i = 0; i < 4; i++) {
		void *bad = (void *)1;
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_int_equal((long)bad, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_vectors),
		cmocka_unit_test(test_prf_plus),
		cmocka_unit_test(test_ike_keys),
		cmocka_unit_test(test_child_keys),
		cmocka_unit_test(test_lengths),
		cmocka_unit_test(test_auth_psk),
		cmocka_unit_test(test_natd),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_ecdh_rfc5903),
		cmocka_unit_test(test_x25519),
		cmocka_unit_test(test_modp),
		cmocka_unit_test(test_dh_generated),
		cmocka_unit_test(test_sk_chacha_rfc7634),
		cmocka_unit_test(test_sk_chacha_rfc7539),
		cmocka_unit_test(test_sk_gcm_vectors),
		cmocka_unit_test(test_sk_gcm_python),
		cmocka_unit_test(test_sk_cbc_python),
		cmocka_unit_test(test_sk_roundtrip),
		cmocka_unit_test(test_sk_tamper),
		cmocka_unit_test(test_sk_lengths),
		cmocka_unit_test(test_sk_pair),
		cmocka_unit_test(test_auth_rsa),
		cmocka_unit_test(test_auth_ecdsa),
		cmocka_unit_test(test_auth_ed25519),
		cmocka_unit_test(test_auth_generated),
		cmocka_unit_test(test_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
