/*
 * ESP SA: one EVP_CIPHER_CTX (and for CBC one HMAC EVP_MAC_CTX) per
 * direction, keyed once in esp_sa_new and reused for every packet; only
 * the IV/nonce changes per packet.  RFC 4303 tunnel mode framing:
 *
 *   SPI(4) | Seq(4) | IV | E( inner | pad 1,2,3.. | pad len | next hdr ) | ICV
 *
 * AEAD (RFC 4106 GCM, RFC 7634 ChaCha20-Poly1305): 8-octet IV = the 64-bit
 * sequence number (unique per key), nonce = salt | IV, AAD = SPI | Seq, or
 * SPI | Seq-high | Seq-low with ESN; 16-octet tag; 4-octet alignment.
 * CBC: 16-octet random IV, 16-octet blocks, HMAC over SPI..ciphertext with
 * the ESN high half appended (§3.3.2.1, never sent), truncated.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include "ikev2/crypto.h"
#include "ikev2/ike_sa.h"
#include "ipsec/esp.h"

#define SALT_LEN   4
#define AEAD_IV    8
#define AEAD_ICV   16
#define CBC_IV     16
#define IV_POOL    4096   /* random CBC IVs drawn in bulk */

struct esp_dir {
	EVP_CIPHER_CTX *c;
	EVP_MAC_CTX *mac;     /* CBC only */
	uint8_t salt[SALT_LEN];
};

struct esp_sa {
	uint32_t spi_in, spi_out;
	uint16_t encr, keylen, integ;
	bool esn, aead;
	bool transport;       /* RFC 4303 §3.1.1: any next header (a transport payload) */
	size_t iv_len, icv_len, align;
	struct esp_dir in, out;
	uint64_t seq_out;
	struct esp_replay replay;
	struct esp_stats st;
	size_t iv_pos;
	uint8_t iv_pool[IV_POOL];
};

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static const char *integ_digest(uint16_t integ)
{
	switch (integ) {
	case IKEV2_INTEG_HMAC_SHA1_96: return "SHA1";
	case IKEV2_INTEG_HMAC_SHA2_256_128: return "SHA256";
	case IKEV2_INTEG_HMAC_SHA2_384_192: return "SHA384";
	case IKEV2_INTEG_HMAC_SHA2_512_256: return "SHA512";
	default: return NULL;
	}
}

static const EVP_CIPHER *esp_cipher(uint16_t encr, uint16_t keylen)
{
	switch (encr) {
	case IKEV2_ENCR_AES_GCM_16:
		return keylen == 128 ? EVP_aes_128_gcm() : keylen == 192 ? EVP_aes_192_gcm()
		     : keylen == 256 ? EVP_aes_256_gcm() : NULL;
	case IKEV2_ENCR_AES_CBC:
		return keylen == 128 ? EVP_aes_128_cbc() : keylen == 192 ? EVP_aes_192_cbc()
		     : keylen == 256 ? EVP_aes_256_cbc() : NULL;
	case IKEV2_ENCR_CHACHA20_POLY1305:
		return keylen == 0 || keylen == 256 ? EVP_chacha20_poly1305() : NULL;
	default:
		return NULL;
	}
}

bool esp_supported(uint16_t encr, uint16_t keylen_bits, uint16_t integ)
{
	if (!esp_cipher(encr, keylen_bits))
		return false;
	if (encr == IKEV2_ENCR_AES_CBC)
		return integ_digest(integ) != NULL;
	return integ == IKEV2_INTEG_NONE;
}

static int dir_init(struct esp_sa *sa, struct esp_dir *d, const EVP_CIPHER *cipher,
		    const uint8_t *ekey, size_t e_len, const uint8_t *akey, size_t a_len, int enc)
{
	size_t klen = sa->aead ? e_len - SALT_LEN : e_len;
	if (!ekey || (size_t)EVP_CIPHER_get_key_length(cipher) != klen)
		return -1;
	d->c = EVP_CIPHER_CTX_new();
	if (!d->c || !EVP_CipherInit_ex2(d->c, cipher, ekey, NULL, enc, NULL))
		return -1;
	if (sa->aead) {
		memcpy(d->salt, ekey + klen, SALT_LEN);
		return 0;
	}
	EVP_CIPHER_CTX_set_padding(d->c, 0);  /* ESP pads itself */
	if (!akey || a_len != ikev2_integ_key_len(sa->integ))
		return -1;
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return -1;
	d->mac = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	OSSL_PARAM prm[] = {
		OSSL_PARAM_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)integ_digest(sa->integ), 0),
		OSSL_PARAM_END,
	};
	return d->mac && EVP_MAC_init(d->mac, akey, a_len, prm) ? 0 : -1;
}

static void dir_free(struct esp_dir *d)
{
	EVP_CIPHER_CTX_free(d->c);
	EVP_MAC_CTX_free(d->mac);
	OPENSSL_cleanse(d->salt, sizeof d->salt);
}

struct esp_sa *esp_sa_new(const struct esp_sa_params *p)
{
	if (!esp_supported(p->encr, p->keylen, p->integ) || p->replay_window > ESP_REPLAY_MAX)
		return NULL;
	if (p->e_len != ikev2_encr_keymat_len(p->encr, p->keylen))
		return NULL;
	struct esp_sa *sa = calloc(1, sizeof *sa);
	if (!sa)
		return NULL;
	sa->spi_in = p->spi_in;
	sa->spi_out = p->spi_out;
	sa->encr = p->encr;
	sa->keylen = p->keylen;
	sa->integ = p->integ;
	sa->esn = p->esn;
	sa->transport = p->transport;
	sa->aead = p->encr != IKEV2_ENCR_AES_CBC;
	sa->iv_len = sa->aead ? AEAD_IV : CBC_IV;
	sa->icv_len = sa->aead ? AEAD_ICV : ikev2_integ_icv_len(p->integ);
	sa->align = sa->aead ? 4 : 16;
	sa->seq_out = p->seq_out_start;
	sa->iv_pos = IV_POOL;
	const EVP_CIPHER *cipher = esp_cipher(p->encr, p->keylen);
	if (esp_replay_init(&sa->replay, p->replay_window, p->esn) ||
	    dir_init(sa, &sa->in, cipher, p->ekey_in, p->e_len, p->akey_in, p->a_len, 0) ||
	    dir_init(sa, &sa->out, cipher, p->ekey_out, p->e_len, p->akey_out, p->a_len, 1)) {
		esp_sa_free(sa);
		return NULL;
	}
	sa->replay.top = p->seq_in_start;
	return sa;
}

struct esp_sa *esp_sa_from_child(const struct ike_child *c, bool initiator, unsigned replay_window)
{
	const struct ikev2_child_keys *k = &c->keys;
	struct esp_sa_params p = {
		.spi_in = c->spi_in, .spi_out = c->spi_out,
		.encr = c->encr, .keylen = c->keylen, .integ = c->integ, .esn = c->esn,
		.replay_window = replay_window,
		.ekey_in = initiator ? k->er : k->ei, .akey_in = initiator ? k->ar : k->ai,
		.ekey_out = initiator ? k->ei : k->er, .akey_out = initiator ? k->ai : k->ar,
		.e_len = k->e_len, .a_len = k->a_len, .transport = c->transport,
	};
	return esp_sa_new(&p);
}

void esp_sa_free(struct esp_sa *sa)
{
	if (!sa)
		return;
	dir_free(&sa->in);
	dir_free(&sa->out);
	OPENSSL_cleanse(sa, sizeof *sa);
	free(sa);
}

size_t esp_inner_offset(const struct esp_sa *sa)
{
	return ESP_HDR_LEN + sa->iv_len;
}

size_t esp_encap_len(const struct esp_sa *sa, size_t inner_len)
{
	size_t body = inner_len + 2;
	body += (sa->align - body % sa->align) % sa->align;
	return ESP_HDR_LEN + sa->iv_len + body + sa->icv_len;
}

static ssize_t fail(struct esp_sa *sa, enum esp_result r)
{
	sa->st.drops[r]++;
	return -(ssize_t)r;
}

/* CBC ICV over SPI..ciphertext, plus the ESN high half (§3.3.2.1). */
static int cbc_icv(struct esp_sa *sa, struct esp_dir *d, const uint8_t *p, size_t len,
		   uint64_t seq64, uint8_t mac[IKEV2_MAX_PRF_LEN])
{
	uint8_t hi[4];
	size_t ml;
	put32(hi, (uint32_t)(seq64 >> 32));
	return EVP_MAC_init(d->mac, NULL, 0, NULL) && EVP_MAC_update(d->mac, p, len) &&
	       (!sa->esn || EVP_MAC_update(d->mac, hi, 4)) &&
	       EVP_MAC_final(d->mac, mac, &ml, IKEV2_MAX_PRF_LEN) && ml >= sa->icv_len ? 0 : -1;
}

static size_t aead_prep(struct esp_sa *sa, struct esp_dir *d, const uint8_t *pkt, const uint8_t *iv,
			uint64_t seq64, uint8_t nonce[12], uint8_t aad[12])
{
	memcpy(nonce, d->salt, SALT_LEN);
	memcpy(nonce + SALT_LEN, iv, AEAD_IV);
	memcpy(aad, pkt, 4);
	if (!sa->esn) {
		memcpy(aad + 4, pkt + 4, 4);
		return 8;
	}
	put32(aad + 4, (uint32_t)(seq64 >> 32));
	memcpy(aad + 8, pkt + 4, 4);
	return 12;
}

ssize_t esp_encap(struct esp_sa *sa, const uint8_t *inner, size_t inner_len, uint8_t next_hdr,
		  uint8_t *out, size_t out_cap)
{
	if (inner_len > 65535)
		return fail(sa, ESP_DROP_SHORT);
	size_t total = esp_encap_len(sa, inner_len);
	if (total > out_cap)
		return fail(sa, ESP_DROP_NOSPACE);
	if (sa->seq_out >= (sa->esn ? UINT64_MAX : UINT32_MAX))
		return fail(sa, ESP_DROP_SEQ_EXHAUSTED);
	uint64_t seq64 = ++sa->seq_out;
	size_t ct_len = total - ESP_HDR_LEN - sa->iv_len - sa->icv_len;
	size_t pad = ct_len - inner_len - 2;
	uint8_t tail[32];
	for (size_t i = 0; i < pad; i++)
		tail[i] = (uint8_t)(i + 1);
	tail[pad] = (uint8_t)pad;
	tail[pad + 1] = next_hdr;

	put32(out, sa->spi_out);
	put32(out + 4, (uint32_t)seq64);
	uint8_t *iv = out + ESP_HDR_LEN, *ct = iv + sa->iv_len, *icv = ct + ct_len;
	struct esp_dir *d = &sa->out;
	int l1 = 0, l2 = 0, l3 = 0, la;
	bool ok;
	if (sa->aead) {
		put32(iv, (uint32_t)(seq64 >> 32));
		put32(iv + 4, (uint32_t)seq64);
		uint8_t nonce[12], aad[12];
		size_t aad_len = aead_prep(sa, d, out, iv, seq64, nonce, aad);
		ok = EVP_CipherInit_ex2(d->c, NULL, NULL, nonce, 1, NULL) &&
		     EVP_CipherUpdate(d->c, NULL, &la, aad, (int)aad_len) &&
		     (inner_len == 0 || EVP_CipherUpdate(d->c, ct, &l1, inner, (int)inner_len)) &&
		     EVP_CipherUpdate(d->c, ct + l1, &l2, tail, (int)pad + 2) &&
		     EVP_CipherFinal_ex(d->c, ct + l1 + l2, &l3) && (size_t)(l1 + l2 + l3) == ct_len;
		if (ok) {
			OSSL_PARAM prm[] = {
				OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, icv, AEAD_ICV),
				OSSL_PARAM_END,
			};
			ok = EVP_CIPHER_CTX_get_params(d->c, prm);
		}
	} else {
		if (sa->iv_pos + CBC_IV > IV_POOL) {
			if (RAND_bytes(sa->iv_pool, IV_POOL) != 1)
				return fail(sa, ESP_DROP_CRYPTO);
			sa->iv_pos = 0;
		}
		memcpy(iv, sa->iv_pool + sa->iv_pos, CBC_IV);
		sa->iv_pos += CBC_IV;
		uint8_t mac[IKEV2_MAX_PRF_LEN];
		ok = EVP_CipherInit_ex2(d->c, NULL, NULL, iv, 1, NULL) &&
		     (inner_len == 0 || EVP_CipherUpdate(d->c, ct, &l1, inner, (int)inner_len)) &&
		     EVP_CipherUpdate(d->c, ct + l1, &l2, tail, (int)pad + 2) &&
		     EVP_CipherFinal_ex(d->c, ct + l1 + l2, &l3) && (size_t)(l1 + l2 + l3) == ct_len &&
		     cbc_icv(sa, d, out, (size_t)(icv - out), seq64, mac) == 0;
		if (ok)
			memcpy(icv, mac, sa->icv_len);
	}
	if (!ok)
		return fail(sa, ESP_DROP_CRYPTO);
	sa->st.enc_pkts++;
	sa->st.enc_bytes += inner_len;
	return (ssize_t)total;
}

static enum esp_result drop(struct esp_sa *sa, enum esp_result r)
{
	sa->st.drops[r]++;
	return r;
}

enum esp_result esp_decap(struct esp_sa *sa, const uint8_t *pkt, size_t len, uint8_t *out,
			  size_t out_cap, size_t *inner_len, uint8_t *next_hdr)
{
	size_t fixed = ESP_HDR_LEN + sa->iv_len + sa->icv_len;
	if (len < fixed + sa->align || len > ESP_MAX_PKT)
		return drop(sa, ESP_DROP_SHORT);
	size_t ct_len = len - fixed;
	if (ct_len % sa->align)
		return drop(sa, ESP_DROP_SHORT);
	if (get32(pkt) != sa->spi_in)
		return drop(sa, ESP_DROP_SPI);
	if (ct_len > out_cap)
		return drop(sa, ESP_DROP_NOSPACE);
	/* Appendix A: a cheap look at the window first (no state change);
	 * the window moves only once the ICV has verified. */
	uint64_t seq64 = esp_replay_infer(&sa->replay, get32(pkt + 4));
	if (esp_replay_check(&sa->replay, seq64))
		return drop(sa, ESP_DROP_REPLAY);
	const uint8_t *iv = pkt + ESP_HDR_LEN, *ct = iv + sa->iv_len, *icv = ct + ct_len;
	struct esp_dir *d = &sa->in;
	int l1 = 0, l2 = 0, la;
	if (sa->aead) {
		uint8_t nonce[12], aad[12];
		size_t aad_len = aead_prep(sa, d, pkt, iv, seq64, nonce, aad);
		OSSL_PARAM prm[] = {
			OSSL_PARAM_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, (void *)icv, AEAD_ICV),
			OSSL_PARAM_END,
		};
		if (!EVP_CipherInit_ex2(d->c, NULL, NULL, nonce, 0, NULL) ||
		    !EVP_CipherUpdate(d->c, NULL, &la, aad, (int)aad_len) ||
		    !EVP_CipherUpdate(d->c, out, &l1, ct, (int)ct_len) ||
		    !EVP_CIPHER_CTX_set_params(d->c, prm))
			return drop(sa, ESP_DROP_CRYPTO);
		if (EVP_CipherFinal_ex(d->c, out + l1, &l2) <= 0)  /* the tag, constant time */
			return drop(sa, ESP_DROP_AUTH);
	} else {
		uint8_t mac[IKEV2_MAX_PRF_LEN];
		if (cbc_icv(sa, d, pkt, (size_t)(icv - pkt), seq64, mac))
			return drop(sa, ESP_DROP_CRYPTO);
		if (CRYPTO_memcmp(mac, icv, sa->icv_len))
			return drop(sa, ESP_DROP_AUTH);
		if (!EVP_CipherInit_ex2(d->c, NULL, NULL, iv, 0, NULL) ||
		    !EVP_CipherUpdate(d->c, out, &l1, ct, (int)ct_len) ||
		    !EVP_CipherFinal_ex(d->c, out + l1, &l2))
			return drop(sa, ESP_DROP_CRYPTO);
	}
	if ((size_t)(l1 + l2) != ct_len)
		return drop(sa, ESP_DROP_CRYPTO);
	/* authenticated: now the window may move */
	if (esp_replay_check(&sa->replay, seq64))
		return drop(sa, ESP_DROP_REPLAY);
	esp_replay_update(&sa->replay, seq64);

	size_t pad = out[ct_len - 2];
	uint8_t nh = out[ct_len - 1];
	if (pad + 2 > ct_len)
		return drop(sa, ESP_DROP_PAD);
	size_t n = ct_len - 2 - pad;
	for (size_t i = 0; i < pad; i++)
		if (out[n + i] != (uint8_t)(i + 1))
			return drop(sa, ESP_DROP_PAD);
	if (nh == ESP_NH_NONE)
		return drop(sa, ESP_DROP_DUMMY);
	if (!sa->transport && !(nh == ESP_NH_IPV4 && n >= 20 && out[0] >> 4 == 4) &&
	    !(nh == ESP_NH_IPV6 && n >= 40 && out[0] >> 4 == 6))
		return drop(sa, ESP_DROP_NEXTHDR);
	sa->st.dec_pkts++;
	sa->st.dec_bytes += n;
	*inner_len = n;
	*next_hdr = nh;
	return ESP_OK;
}

const struct esp_stats *esp_sa_stats(const struct esp_sa *sa) { return &sa->st; }
uint32_t esp_sa_spi_in(const struct esp_sa *sa) { return sa->spi_in; }
uint32_t esp_sa_spi_out(const struct esp_sa *sa) { return sa->spi_out; }
uint64_t esp_sa_seq_out(const struct esp_sa *sa) { return sa->seq_out; }
const struct esp_replay *esp_sa_replay(const struct esp_sa *sa) { return &sa->replay; }

const char *esp_result_name(enum esp_result r)
{
	static const char *const names[ESP_DROP__N] = {
		[ESP_OK] = "ok", [ESP_DROP_SHORT] = "bad length", [ESP_DROP_SPI] = "unknown SPI",
		[ESP_DROP_AUTH] = "auth failed", [ESP_DROP_REPLAY] = "replay",
		[ESP_DROP_PAD] = "bad padding", [ESP_DROP_NEXTHDR] = "bad next header",
		[ESP_DROP_DUMMY] = "dummy packet", [ESP_DROP_NOSPACE] = "no buffer space",
		[ESP_DROP_SEQ_EXHAUSTED] = "sequence exhausted", [ESP_DROP_CRYPTO] = "crypto error",
	};
	return (unsigned)r < ESP_DROP__N ? names[r] : "?";
}
