/* Stateless IKE_SA_INIT cookies: see ike_cookie.h. */
#include "ike_cookie.h"

#include <netinet/in.h>
#include <string.h>

#include "crypto.h"

struct secret {
	bool valid;
	uint8_t version;
	long long born;      /* monotonic seconds */
	uint8_t key[32];
};

static struct secret cur, prev;

void ike_cookie_reset(void)
{
	ikev2_wipe(&cur, sizeof cur);
	ikev2_wipe(&prev, sizeof prev);
}

/* Make cur current for `now`: a new secret every IKE_COOKIE_ROTATE
 * seconds; the old one stays as prev only if it was current during the
 * last period, so no secret is accepted for more than two periods. */
static int rotate(long long now)
{
	if (cur.valid && now >= cur.born && now - cur.born < IKE_COOKIE_ROTATE)
		return 0;
	uint8_t version = cur.valid ? (uint8_t)(cur.version + 1) : 0;
	if (cur.valid && now >= cur.born && now - cur.born < 2 * IKE_COOKIE_ROTATE)
		prev = cur;
	else
		ikev2_wipe(&prev, sizeof prev);
	struct secret next = { .valid = true, .version = version, .born = now };
	if (ikev2_random(next.key, sizeof next.key) != 0) {
		ikev2_wipe(&cur, sizeof cur);
		return -1;
	}
	cur = next;
	ikev2_wipe(&next, sizeof next);
	return 0;
}

static int mac(const struct secret *s, const uint8_t *ni, size_t ni_len, const struct sockaddr_storage *peer,
	       uint64_t spi_i, uint8_t out[32])
{
	uint8_t spi[8];
	for (int i = 7; i >= 0; i--, spi_i >>= 8)
		spi[i] = (uint8_t)spi_i;
	struct ikev2_iov v[3] = { { ni, ni_len }, { NULL, 0 }, { spi, 8 } };
	if (peer->ss_family == AF_INET6) {
		v[1].p = ((const struct sockaddr_in6 *)peer)->sin6_addr.s6_addr;
		v[1].len = 16;
	} else {
		v[1].p = &((const struct sockaddr_in *)peer)->sin_addr.s_addr;
		v[1].len = 4;
	}
	return ikev2_prfv(IKEV2_PRF_HMAC_SHA2_256, s->key, sizeof s->key, v, 3, out);
}

int ike_cookie_make(long long now, const uint8_t *ni, size_t ni_len, const struct sockaddr_storage *peer,
		    uint64_t spi_i, uint8_t out[IKE_COOKIE_LEN])
{
	if (rotate(now) != 0)
		return -1;
	out[0] = cur.version;
	return mac(&cur, ni, ni_len, peer, spi_i, out + 1);
}

bool ike_cookie_check(long long now, const uint8_t *cookie, size_t len, const uint8_t *ni, size_t ni_len,
		      const struct sockaddr_storage *peer, uint64_t spi_i)
{
	if (!cookie || len != IKE_COOKIE_LEN || rotate(now) != 0)
		return false;
	const struct secret *s = cur.version == cookie[0] ? &cur
			       : prev.valid && prev.version == cookie[0] ? &prev : NULL;
	uint8_t want[32];
	if (!s || mac(s, ni, ni_len, peer, spi_i, want) != 0)
		return false;
	bool ok = ikev2_memeq_ct(want, cookie + 1, sizeof want) == 0;
	ikev2_wipe(want, sizeof want);
	return ok;
}
