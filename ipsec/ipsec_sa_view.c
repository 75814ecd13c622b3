/* The IPsec shows' view of Child SAs (see ipsec_sa_view.h). */
#include "ipsec_sa_view.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "ikev2/ike_sa.h"
#include "ipsec/esp.h"
#include "ipsec/esp_dp.h"
#include "ipsec_sa_policy.h"

uint64_t ipsec_sa_send_errors(const struct ipsec_sa_counters *k)
{
	return k->encaps_failed + k->send_err;
}

uint64_t ipsec_sa_recv_errors(const struct ipsec_sa_counters *k)
{
	return k->invalid_sa + k->invalid_len + k->invalid_prot + k->invalid_identity + k->verify_failed +
	       k->replay_failed + k->decaps_failed + k->internal_rcv;
}

void ipsec_sa_counters_add(struct ipsec_sa_counters *sum, const struct ipsec_sa_counters *k)
{
	uint64_t *d = (uint64_t *)sum;
	const uint64_t *s = (const uint64_t *)k;
	for (size_t i = 0; i < sizeof *k / sizeof(uint64_t); i++)
		d[i] += s[i];
}

bool ipsec_sa_counters_of(const struct ike_child *c, struct ipsec_sa_counters *out)
{
	memset(out, 0, sizeof *out);
	struct esp_dp_sa_info in;
	if (!esp_dp_sa_info(c, &in) || !in.sa)
		return false;
	const struct esp_stats *st = esp_sa_stats(in.sa);
	const uint64_t *d = st->drops;
	out->encaps = st->enc_pkts;
	out->decaps = st->dec_pkts;
	out->enc_bytes = st->enc_bytes;
	out->dec_bytes = st->dec_bytes;
	out->encaps_failed = in.tx_encap_failed;
	out->send_err = in.tx_send_err;
	out->rollover_send = d[ESP_DROP_SEQ_EXHAUSTED];
	/* drops[] holds both directions: outbound refusals are SEQ_EXHAUSTED,
	 * NOSPACE or CRYPTO, and the data plane counted them (encap_failed) */
	uint64_t out_other = in.tx_encap_failed > d[ESP_DROP_SEQ_EXHAUSTED]
				     ? in.tx_encap_failed - d[ESP_DROP_SEQ_EXHAUSTED] : 0;
	uint64_t nospace_crypto = d[ESP_DROP_NOSPACE] + d[ESP_DROP_CRYPTO];
	out->invalid_sa = d[ESP_DROP_SPI];
	out->invalid_len = d[ESP_DROP_SHORT];
	out->invalid_prot = d[ESP_DROP_NEXTHDR];
	out->verify_failed = d[ESP_DROP_AUTH];
	out->replay_failed = d[ESP_DROP_REPLAY];
	out->decaps_failed = d[ESP_DROP_PAD] + (nospace_crypto > out_other ? nospace_crypto - out_other : 0);
	out->invalid_identity = in.rx_bad_selector;
	out->internal_rcv = in.rx_tun_err;
	/* ESP_DROP_DUMMY: traffic-flow-confidentiality padding, not an error */
	return true;
}

static bool ts_eq(const struct ikev2_ts *a, const struct ikev2_ts *b)
{
	return a->type == b->type && a->proto == b->proto && a->sport == b->sport && a->eport == b->eport &&
	       memcmp(a->start, b->start, 16) == 0 && memcmp(a->end, b->end, 16) == 0;
}

bool ipsec_flow_same(const struct ike_child *a, const struct ike_child *b)
{
	return ts_eq(&a->ts_i, &b->ts_i) && ts_eq(&a->ts_r, &b->ts_r);
}

bool ipsec_flow_first(const struct ike_sa *s, const struct ike_child *c)
{
	for (const struct ike_child *x = s->children; x && x != c; x = x->next)
		if (ipsec_flow_same(x, c))
			return false;
	return true;
}

void ipsec_sa_ifname(const struct ike_sa *s, char *out, size_t len)
{
	/* Virtual-Access numbers are the session's until Virtual-Access
	 * interfaces exist as objects (issue 5 item 3) */
	snprintf(out, len, "Virtual-Access%u", ike_sa_session_id(s));
}

/* Prefix length of the range start..end (len octets), -1 if not a prefix. */
static int range_prefix(const uint8_t *a, const uint8_t *b, size_t len)
{
	int bits = 0;
	size_t i = 0;
	for (; i < len && a[i] == b[i]; i++)
		bits += 8;
	if (i < len) {
		uint8_t x = a[i] ^ b[i];
		int k = 0;
		while (!(x & 0x80)) {
			x <<= 1;
			k++;
		}
		/* below the common prefix: a all 0, b all 1 */
		uint8_t low = (uint8_t)(0xff >> k);
		if ((a[i] & low) != 0 || (b[i] & low) != low)
			return -1;
		bits += k;
		for (size_t j = i + 1; j < len; j++)
			if (a[j] != 0 || b[j] != 0xff)
				return -1;
	}
	return bits;
}

static void ts_addr_mask(const struct ikev2_ts *t, char *addr, size_t alen, int *plen, bool *v6)
{
	*v6 = t->type == IKEV2_TS_IPV6_ADDR_RANGE;
	size_t n = *v6 ? 16 : 4;
	inet_ntop(*v6 ? AF_INET6 : AF_INET, t->start, addr, (socklen_t)alen);
	*plen = range_prefix(t->start, t->end, n);
	if (*plen < 0)
		*plen = (int)n * 8; /* not a prefix: IOS shows the first host */
}

static void mask_text(int plen, char *out, size_t len)
{
	uint32_t m = plen ? 0xffffffffu << (32 - plen) : 0;
	snprintf(out, len, "%u.%u.%u.%u", m >> 24, (m >> 16) & 255, (m >> 8) & 255, m & 255);
}

void ipsec_ts_ident(const struct ikev2_ts *t, char *out, size_t len)
{
	char a[INET6_ADDRSTRLEN], m[16];
	int plen;
	bool v6;
	ts_addr_mask(t, a, sizeof a, &plen, &v6);
	unsigned port = t->sport == 0 && t->eport == 65535 ? 0 : t->sport;
	if (v6) {
		snprintf(out, len, "%s/%d/%u/%u", a, plen, t->proto, port);
		return;
	}
	mask_text(plen, m, sizeof m);
	snprintf(out, len, "%s/%s/%u/%u", a, m, t->proto, port);
}

void ipsec_ts_flow(const struct ikev2_ts *t, char *out, size_t len)
{
	char a[INET6_ADDRSTRLEN], m[16];
	int plen;
	bool v6;
	ts_addr_mask(t, a, sizeof a, &plen, &v6);
	if (plen == (v6 ? 128 : 32))
		snprintf(out, len, "host %s", a);
	else if (v6)
		snprintf(out, len, "%s/%d", a, plen);
	else {
		mask_text(plen, m, sizeof m);
		snprintf(out, len, "%s/%s", a, m);
	}
}

void ipsec_child_transform(const struct ike_child *c, char *out, size_t len)
{
	char cipher[32];
	const char *auth = "";
	switch (c->encr) {
	case 20: /* AES-GCM-16 */
		if (c->keylen > 128)
			snprintf(cipher, sizeof cipher, "esp-gcm %u", c->keylen);
		else
			snprintf(cipher, sizeof cipher, "esp-gcm");
		break;
	case 12:
		if (c->keylen > 128)
			snprintf(cipher, sizeof cipher, "esp-%u-aes", c->keylen);
		else
			snprintf(cipher, sizeof cipher, "esp-aes");
		break;
	case 28: snprintf(cipher, sizeof cipher, "esp-chacha20-poly1305"); break; /* unverified */
	case 3: snprintf(cipher, sizeof cipher, "esp-3des"); break;
	default: snprintf(cipher, sizeof cipher, "esp-unknown"); break;
	}
	switch (c->integ) {
	case 2: auth = " esp-sha-hmac"; break;
	case 12: auth = " esp-sha256-hmac"; break;
	case 13: auth = " esp-sha384-hmac"; break;
	case 14: auth = " esp-sha512-hmac"; break;
	default: break;
	}
	snprintf(out, len, "%s%s", cipher, auth);
}

long long ipsec_life_kb_left(const struct ipsec_sa_policy *p, uint64_t bytes)
{
	long long used = (long long)((bytes + 1023) / 1024);
	return used >= p->life_kb ? 0 : p->life_kb - used;
}

long long ipsec_life_sec_left(const struct ipsec_sa_policy *p, const struct ike_child *c)
{
	long long life = c->lifetime > 0 ? c->lifetime : p->life_sec;
	long long left = life - (ike_now_s() - c->created);
	return left < 0 ? 0 : left;
}
