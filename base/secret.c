/* IOS-style stored secrets (see secret.h).
 *
 * Type 8 and 9 use the "Cisco base64" alphabet ./0-9A-Za-z in place of
 * A-Za-z0-9+/ (same bit packing, no padding); the 14-character salt is used
 * as its ASCII text.  Type 5 is the classic FreeBSD md5-crypt, done here
 * with OpenSSL's MD5 so that no libcrypt is needed. */
#include "base/secret.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>
#include <stdio.h>
#include <ctype.h>

static const char cisco64[] =
	"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/* The well-known type 7 key string. */
static const char xlat[] = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";
#define XLAT_LEN (sizeof(xlat) - 1)

#define SALT_LEN 14
#define KEY_LEN 32
#define KEY_B64_LEN 43 /* 32 bytes -> ceil(256/6) */

static bool is_c64(char c)
{
	return c && strchr(cisco64, c) != NULL;
}

/* Base64 (standard bit packing, big-endian groups of 3) with Cisco's alphabet. */
static void c64_encode(const unsigned char *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		size_t rem = n - i;
		if (rem > 1)
			v |= (unsigned)in[i + 1] << 8;
		if (rem > 2)
			v |= in[i + 2];
		out[o++] = cisco64[(v >> 18) & 63];
		out[o++] = cisco64[(v >> 12) & 63];
		if (rem > 1)
			out[o++] = cisco64[(v >> 6) & 63];
		if (rem > 2)
			out[o++] = cisco64[v & 63];
	}
	out[o] = '\0';
}

static int derive(int type, const char *plain, const char *salt, unsigned char key[KEY_LEN])
{
	if (type == 9)
		return EVP_PBE_scrypt(plain, strlen(plain), (const unsigned char *)salt, SALT_LEN,
				      16384, 1, 1, 0, key, KEY_LEN) == 1 ? 0 : -1;
	return PKCS5_PBKDF2_HMAC(plain, (int)strlen(plain), (const unsigned char *)salt, SALT_LEN,
				 20000, EVP_sha256(), KEY_LEN, key) == 1 ? 0 : -1;
}

/* "$T$<salt>$<hash>" for type 8 or 9 with the given salt. */
static int hash89(int type, const char *plain, const char *salt, char *out, size_t outlen)
{
	unsigned char key[KEY_LEN];
	char enc[KEY_B64_LEN + 1];

	if (outlen < 3 + SALT_LEN + 1 + KEY_B64_LEN + 1 || derive(type, plain, salt, key))
		return -1;
	c64_encode(key, KEY_LEN, enc);
	snprintf(out, outlen, "$%d$%.*s$%s", type, SALT_LEN, salt, enc);
	return 0;
}

int secret_hash9(const char *plain, char *out, size_t outlen)
{
	unsigned char rnd[SALT_LEN];
	char salt[SALT_LEN + 1];

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	for (int i = 0; i < SALT_LEN; i++)
		salt[i] = cisco64[rnd[i] & 63];
	salt[SALT_LEN] = '\0';
	return hash89(9, plain, salt, out, outlen);
}

/* ---------- type 5: md5-crypt ---------- */

static void md5_update(EVP_MD_CTX *c, const void *p, size_t n)
{
	EVP_DigestUpdate(c, p, n);
}

static void to64(char **p, unsigned v, int n)
{
	while (n-- > 0) {
		*(*p)++ = cisco64[v & 63];   /* md5-crypt uses the same alphabet */
		v >>= 6;
	}
}

/* stored: "$1$salt$hash"; writes the full crypt string for plain into out. */
static bool md5crypt(const char *plain, const char *stored, char *out, size_t outlen)
{
	const char *salt = stored + 3;
	const char *end = strchr(salt, '$');
	size_t sl = end ? (size_t)(end - salt) : strlen(salt);
	size_t pl = strlen(plain);
	unsigned char fin[16];
	unsigned int fl;
	EVP_MD_CTX *c, *c1;

	if (sl > 8)
		sl = 8;
	if (outlen < 3 + sl + 1 + 22 + 1)
		return false;
	c = EVP_MD_CTX_new();
	c1 = EVP_MD_CTX_new();
	if (!c || !c1) {
		EVP_MD_CTX_free(c);
		EVP_MD_CTX_free(c1);
		return false;
	}
	EVP_DigestInit_ex(c, EVP_md5(), NULL);
	md5_update(c, plain, pl);
	md5_update(c, "$1$", 3);
	md5_update(c, salt, sl);

	EVP_DigestInit_ex(c1, EVP_md5(), NULL);
	md5_update(c1, plain, pl);
	md5_update(c1, salt, sl);
	md5_update(c1, plain, pl);
	EVP_DigestFinal_ex(c1, fin, &fl);
	for (long n = (long)pl; n > 0; n -= 16)
		md5_update(c, fin, n > 16 ? 16 : (size_t)n);
	memset(fin, 0, sizeof(fin));
	for (size_t i = pl; i; i >>= 1)
		md5_update(c, (i & 1) ? (const void *)fin : (const void *)plain, 1);
	EVP_DigestFinal_ex(c, fin, &fl);

	for (int i = 0; i < 1000; i++) {
		EVP_DigestInit_ex(c1, EVP_md5(), NULL);
		if (i & 1)
			md5_update(c1, plain, pl);
		else
			md5_update(c1, fin, 16);
		if (i % 3)
			md5_update(c1, salt, sl);
		if (i % 7)
			md5_update(c1, plain, pl);
		if (i & 1)
			md5_update(c1, fin, 16);
		else
			md5_update(c1, plain, pl);
		EVP_DigestFinal_ex(c1, fin, &fl);
	}
	EVP_MD_CTX_free(c);
	EVP_MD_CTX_free(c1);

	char *p = out;
	memcpy(p, "$1$", 3);
	p += 3;
	memcpy(p, salt, sl);
	p += sl;
	*p++ = '$';
	to64(&p, ((unsigned)fin[0] << 16) | ((unsigned)fin[6] << 8) | fin[12], 4);
	to64(&p, ((unsigned)fin[1] << 16) | ((unsigned)fin[7] << 8) | fin[13], 4);
	to64(&p, ((unsigned)fin[2] << 16) | ((unsigned)fin[8] << 8) | fin[14], 4);
	to64(&p, ((unsigned)fin[3] << 16) | ((unsigned)fin[9] << 8) | fin[15], 4);
	to64(&p, ((unsigned)fin[4] << 16) | ((unsigned)fin[10] << 8) | fin[5], 4);
	to64(&p, fin[11], 2);
	*p = '\0';
	return true;
}

/* ---------- type 7 ---------- */

bool secret_type7_decode(const char *enc, char *out, size_t outlen)
{
	size_t n = strlen(enc);
	if (n < 2 || n % 2 || !isdigit((unsigned char)enc[0]) || !isdigit((unsigned char)enc[1]))
		return false;
	unsigned seed = (unsigned)((enc[0] - '0') * 10 + (enc[1] - '0'));
	if (seed >= XLAT_LEN || (n - 2) / 2 + 1 > outlen)
		return false;
	size_t o = 0;
	for (size_t i = 2; i < n; i += 2) {
		unsigned v;
		if (!isxdigit((unsigned char)enc[i]) || !isxdigit((unsigned char)enc[i + 1]))
			return false;
		if (sscanf(enc + i, "%2x", &v) != 1)
			return false;
		out[o] = (char)(v ^ (unsigned char)xlat[(seed + o) % XLAT_LEN]);
		if (out[o] == '\0')
			return false;
		o++;
	}
	out[o] = '\0';
	return true;
}

/* ---------- checks ---------- */

static bool wellformed89(int type, const char *s)
{
	char pre[4];
	snprintf(pre, sizeof(pre), "$%d$", type);
	if (strncmp(s, pre, 3) != 0 || strlen(s) != 3 + SALT_LEN + 1 + KEY_B64_LEN)
		return false;
	for (int i = 0; i < SALT_LEN; i++)
		if (!is_c64(s[3 + i]))
			return false;
	if (s[3 + SALT_LEN] != '$')
		return false;
	for (int i = 0; i < KEY_B64_LEN; i++)
		if (!is_c64(s[4 + SALT_LEN + i]))
			return false;
	return true;
}

bool secret_wellformed(int type, const char *s)
{
	if (!s)
		return false;
	switch (type) {
	case 0:
		return s[0] != '\0';
	case 7: {
		char tmp[256];
		return secret_type7_decode(s, tmp, sizeof(tmp));
	}
	case 5: {
		if (strncmp(s, "$1$", 3) != 0)
			return false;
		const char *d = strchr(s + 3, '$');
		if (!d || d - (s + 3) > 8 || strlen(d + 1) != 22)
			return false;
		for (const char *p = s + 3; *p; p++)
			if (p != d && !is_c64(*p))
				return false;
		return true;
	}
	case 8:
	case 9:
		return wellformed89(type, s);
	default:
		return false;
	}
}

/* Constant-time string compare (same length required). */
static bool same(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		d |= (unsigned char)(a[i] ^ b[i]);
	return d == 0;
}

bool secret_verify(int type, const char *stored, const char *plain)
{
	char buf[256];

	if (!stored || !plain)
		return false;
	switch (type) {
	case 0:
		return same(stored, plain);
	case 7:
		return secret_type7_decode(stored, buf, sizeof(buf)) && same(buf, plain);
	case 5:
		return secret_wellformed(5, stored) && md5crypt(plain, stored, buf, sizeof(buf)) &&
		       same(buf, stored);
	case 8:
	case 9:
		return wellformed89(type, stored) &&
		       hash89(type, plain, stored + 3, buf, sizeof(buf)) == 0 && same(buf, stored);
	default:
		return false;
	}
}
