/*
 * The SA table: every IKE SA on one list (ike_sa_first()/->next, for the
 * shows and the tick), plus indexes so per-packet work does not depend on
 * how many SAs exist:
 *   - hash by our SPI (spi_r, random) for protected messages,
 *   - hash by the peer's SPI (spi_i) for IKE_SA_INIT retransmissions,
 *   - one list per state (half-open: admission, prune; rekeyed: retire)
 *     with counters,
 *   - hash by pool address (IPv4, IPv6 block) for the address handout.
 * spi_i is chosen by the peer: keys are mixed with a per-process random
 * seed so a peer cannot aim many SPIs at one chain.
 */
#include <netinet/in.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ike_pool.h"
#include "ike_sa.h"

struct htab {
	struct ike_sa **b;
	size_t mask;  /* buckets - 1 (0 with no bucket array yet) */
	size_t n;
	size_t link;  /* offsetof the chain pointer */
};

static struct ike_sa *sas;
static struct htab by_r = { .link = offsetof(struct ike_sa, t_next_r) };
static struct htab by_i = { .link = offsetof(struct ike_sa, t_next_i) };
static struct htab by_a4 = { .link = offsetof(struct ike_sa, t_next_a4) };
static struct htab by_a6 = { .link = offsetof(struct ike_sa, t_next_a6) };
static struct ike_sa *by_state[IKE_SA_REKEYED + 1];
static int n_state[IKE_SA_REKEYED + 1];
static int n_total;
static int n_a6_len[129];  /* indexed IPv6 blocks per block length */
static uint64_t seed;

static struct ike_sa **link_of(const struct htab *t, struct ike_sa *s)
{
	return (struct ike_sa **)((char *)s + t->link);
}

static uint64_t mix(uint64_t x)
{
	if (!seed) {
		uint8_t r[8];
		if (ikev2_random(r, sizeof r) == 0)
			memcpy(&seed, r, sizeof seed);
		seed |= 1;
	}
	x ^= seed;
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static void a6_mask(const uint8_t a[16], int len, uint8_t out[16])
{
	memset(out, 0, 16);
	int full = len / 8, rest = len % 8;
	memcpy(out, a, (size_t)full);
	if (rest)
		out[full] = (uint8_t)(a[full] & (0xff << (8 - rest)));
}

static uint64_t a6_key(const uint8_t m[16], int len)
{
	uint64_t hi, lo;
	memcpy(&hi, m, 8);
	memcpy(&lo, m + 8, 8);
	return mix(hi ^ mix(lo ^ (uint64_t)len));
}

static uint64_t key_of(const struct htab *t, const struct ike_sa *s)
{
	if (t == &by_r)
		return mix(s->spi_r);
	if (t == &by_i)
		return mix(s->spi_i);
	if (t == &by_a4)
		return mix(s->t_a4);
	return a6_key(s->t_a6, s->t_a6len);
}

/* Double the buckets once chains average two entries. */
static void grow(struct htab *t)
{
	size_t nb = t->mask ? (t->mask + 1) * 2 : 64;
	struct ike_sa **b = calloc(nb, sizeof *b);
	if (!b)
		return;  /* keep the old array: longer chains, still correct */
	for (size_t i = 0; t->mask && i <= t->mask; i++) {
		struct ike_sa *s = t->b[i], *next;
		for (; s; s = next) {
			next = *link_of(t, s);
			size_t j = key_of(t, s) & (nb - 1);
			*link_of(t, s) = b[j];
			b[j] = s;
		}
	}
	free(t->b);
	t->b = b;
	t->mask = nb - 1;
}

static void h_add(struct htab *t, struct ike_sa *s)
{
	if (!t->b || t->n >= 2 * (t->mask + 1))
		grow(t);
	if (!t->b)
		return;  /* no memory at all: ike_sa_insert refuses such an SA earlier */
	size_t i = key_of(t, s) & t->mask;
	*link_of(t, s) = t->b[i];
	t->b[i] = s;
	t->n++;
}

static void h_del(struct htab *t, struct ike_sa *s)
{
	if (!t->b)
		return;
	for (struct ike_sa **pp = &t->b[key_of(t, s) & t->mask]; *pp; pp = link_of(t, *pp))
		if (*pp == s) {
			*pp = *link_of(t, s);
			*link_of(t, s) = NULL;
			t->n--;
			return;
		}
}

static struct ike_sa *h_head(const struct htab *t, uint64_t key)
{
	return t->b ? t->b[key & t->mask] : NULL;
}

static void free_if_empty(struct htab *t)
{
	if (t->n == 0) {
		free(t->b);
		t->b = NULL;
		t->mask = 0;
	}
}

/* ---------- half-open SAs per source IP ----------
 * Counted under the address the SA was created from (t_src): the peer
 * may float (NAT-T) before IKE_AUTH; the count must still come back down
 * to where it went up. */

#define SRC_BUCKETS 4096
struct src_count {
	struct src_count *next;
	uint8_t ip[16], fam;
	int n;
};
static struct src_count *src_b[SRC_BUCKETS];

static void ip_of(const struct sockaddr_storage *a, uint8_t ip[16], uint8_t *fam)
{
	memset(ip, 0, 16);
	*fam = (uint8_t)a->ss_family;
	if (a->ss_family == AF_INET)
		memcpy(ip, &((const struct sockaddr_in *)a)->sin_addr, 4);
	else if (a->ss_family == AF_INET6)
		memcpy(ip, &((const struct sockaddr_in6 *)a)->sin6_addr, 16);
}

static struct src_count **src_slot(const uint8_t ip[16], uint8_t fam)
{
	uint64_t hi, lo;
	memcpy(&hi, ip, 8);
	memcpy(&lo, ip + 8, 8);
	struct src_count **pp = &src_b[mix(hi ^ mix(lo ^ fam)) % SRC_BUCKETS];
	while (*pp && ((*pp)->fam != fam || memcmp((*pp)->ip, ip, 16) != 0))
		pp = &(*pp)->next;
	return pp;
}

static void src_inc(struct ike_sa *s)
{
	ip_of(&s->peer, s->t_src, &s->t_src_fam);
	struct src_count **pp = src_slot(s->t_src, s->t_src_fam);
	if (!*pp) {
		struct src_count *c = calloc(1, sizeof *c);
		if (!c) {
			s->t_src_fam = 0; /* not counted (no memory) */
			return;
		}
		memcpy(c->ip, s->t_src, 16);
		c->fam = s->t_src_fam;
		*pp = c;
	}
	(*pp)->n++;
}

static void src_dec(struct ike_sa *s)
{
	if (!s->t_src_fam)
		return;
	struct src_count **pp = src_slot(s->t_src, s->t_src_fam);
	if (*pp && --(*pp)->n <= 0) {
		struct src_count *c = *pp;
		*pp = c->next;
		free(c);
	}
	s->t_src_fam = 0;
}

/* ---------- state lists and counters ---------- */

static void st_add(struct ike_sa *s)
{
	struct ike_sa **head = &by_state[s->t_state];
	s->t_st_next = *head;
	if (*head)
		(*head)->t_st_pprev = &s->t_st_next;
	s->t_st_pprev = head;
	*head = s;
	n_state[s->t_state]++;
	if (s->t_state == IKE_SA_HALF_OPEN)
		src_inc(s);
}

static void st_del(struct ike_sa *s)
{
	*s->t_st_pprev = s->t_st_next;
	if (s->t_st_next)
		s->t_st_next->t_st_pprev = s->t_st_pprev;
	s->t_st_next = NULL;
	s->t_st_pprev = NULL;
	n_state[s->t_state]--;
	if (s->t_state == IKE_SA_HALF_OPEN)
		src_dec(s);
}

/* ---------- addresses ---------- */

static void a4_index(struct ike_sa *s)
{
	if (s->t_a4 == s->assigned)
		return;
	if (s->t_a4) {
		h_del(&by_a4, s);
		ike_pool_released4(s->t_a4);
	}
	s->t_a4 = s->assigned;
	if (s->t_a4)
		h_add(&by_a4, s);
}

static void a6_index(struct ike_sa *s)
{
	uint8_t len = s->assigned6_len > 128 ? 128 : s->assigned6_len, m[16];
	a6_mask(s->assigned6, len, m);
	if (s->t_a6len == len && (len == 0 || memcmp(s->t_a6, m, 16) == 0))
		return;
	if (s->t_a6len) {
		h_del(&by_a6, s);
		n_a6_len[s->t_a6len]--;
	}
	memcpy(s->t_a6, m, 16);
	s->t_a6len = len;
	if (len) {
		h_add(&by_a6, s);
		n_a6_len[len]++;
	}
}

/* ---------- the table ---------- */

struct ike_sa *ike_sa_first(void) { return sas; }
int ike_sa_total(void) { return n_total; }

int ike_sa_count(enum ike_sa_state st)
{
	return (unsigned)st <= IKE_SA_REKEYED ? n_state[st] : 0;
}

struct ike_sa *ike_sa_first_in(enum ike_sa_state st)
{
	return (unsigned)st <= IKE_SA_REKEYED ? by_state[st] : NULL;
}

void ike_sa_insert(struct ike_sa *s)
{
	if (s->t_in)
		return;
	s->next = sas;
	if (sas)
		sas->t_pprev = &s->next;
	s->t_pprev = &sas;
	sas = s;
	s->t_in = true;
	n_total++;
	h_add(&by_r, s);
	h_add(&by_i, s);
	s->t_state = s->state;
	st_add(s);
	s->t_a4 = 0;
	s->t_a6len = 0;
	a4_index(s);
	a6_index(s);
}

/* Out of every index; the SA itself stays (ike_sa_free frees it). */
void ike_sa_unlink(struct ike_sa *s)
{
	if (!s->t_in)
		return;
	*s->t_pprev = s->next;
	if (s->next)
		s->next->t_pprev = s->t_pprev;
	s->t_pprev = NULL;
	s->t_in = false;
	n_total--;
	h_del(&by_r, s);
	h_del(&by_i, s);
	st_del(s);
	if (s->t_a4) {
		h_del(&by_a4, s);
		ike_pool_released4(s->t_a4);
	}
	if (s->t_a6len) {
		h_del(&by_a6, s);
		n_a6_len[s->t_a6len]--;
	}
	s->t_a4 = 0;
	s->t_a6len = 0;
	free_if_empty(&by_r);
	free_if_empty(&by_i);
	free_if_empty(&by_a4);
	free_if_empty(&by_a6);
}

void ike_sa_remove(struct ike_sa *s)
{
	ike_sa_free(s);  /* unlinks first */
}

void ike_sa_sync(struct ike_sa *s)
{
	if (!s->t_in)
		return;
	if (s->t_state != s->state && (unsigned)s->state <= IKE_SA_REKEYED) {
		st_del(s);
		s->t_state = s->state;
		st_add(s);
	}
	a4_index(s);
	a6_index(s);
}

void ike_sa_set_state(struct ike_sa *s, enum ike_sa_state st)
{
	s->state = st;
	ike_sa_sync(s);
}

void ike_sa_set_assigned(struct ike_sa *s, uint32_t addr)
{
	s->assigned = addr;
	ike_sa_sync(s);
}

void ike_sa_set_assigned6(struct ike_sa *s, const uint8_t a[16], uint8_t len)
{
	if (len && a)
		memcpy(s->assigned6, a, 16);
	s->assigned6_len = len;
	ike_sa_sync(s);
}

struct ike_sa *ike_sa_find(uint64_t spi_i, uint64_t spi_r)
{
	for (struct ike_sa *s = h_head(&by_r, mix(spi_r)); s; s = s->t_next_r)
		if (s->spi_r == spi_r && s->spi_i == spi_i)
			return s;
	return NULL;
}

static bool same_ip(const struct sockaddr_storage *a, const struct sockaddr_storage *b)
{
	if (a->ss_family != b->ss_family)
		return false;
	if (a->ss_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		       ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr, &((const struct sockaddr_in6 *)b)->sin6_addr,
		      16) == 0;
}

static in_port_t port_of(const struct sockaddr_storage *a)
{
	return a->ss_family == AF_INET ? ((const struct sockaddr_in *)a)->sin_port
				       : ((const struct sockaddr_in6 *)a)->sin6_port;
}

struct ike_sa *ike_sa_find_init(uint64_t spi_i, const struct sockaddr_storage *peer)
{
	for (struct ike_sa *s = h_head(&by_i, mix(spi_i)); s; s = s->t_next_i)
		if (s->spi_i == spi_i && s->state == IKE_SA_HALF_OPEN && same_ip(&s->peer, peer) &&
		    port_of(&s->peer) == port_of(peer))
			return s;
	return NULL;
}

int ike_sa_half_open_from(const struct sockaddr_storage *peer)
{
	uint8_t ip[16], fam;
	ip_of(peer, ip, &fam);
	struct src_count *c = *src_slot(ip, fam);
	return c ? c->n : 0;
}

int ike_sa_prune_half_open(long long now, long long max_age)
{
	int n = 0;
	struct ike_sa *next;
	for (struct ike_sa *s = by_state[IKE_SA_HALF_OPEN]; s; s = next) {
		next = s->t_st_next;
		if (now - s->created > max_age && !s->auth_req) { /* IKE_AUTH under way: its own deadline */
			ike_sa_remove(s);
			n++;
		}
	}
	return n;
}

const struct ike_sa *ike_sa_by_addr(uint32_t addr)
{
	if (!addr)
		return NULL;
	for (struct ike_sa *s = h_head(&by_a4, mix(addr)); s; s = s->t_next_a4)
		if (s->t_a4 == addr)
			return s;
	return NULL;
}

bool ike_addr_in_use(uint32_t addr)
{
	return ike_sa_by_addr(addr) != NULL;
}

const struct ike_sa *ike_sa_by_addr6(const uint8_t a[16], int block_len)
{
	if (block_len < 0 || block_len > 128)
		return NULL;
	uint8_t m[16];
	a6_mask(a, block_len, m);
	bool other_len = false;
	for (int l = 1; l <= 128 && !other_len; l++)
		other_len = l != block_len && n_a6_len[l] > 0;
	if (!other_len) {
		/* the usual case: every indexed block has this length */
		for (struct ike_sa *s = h_head(&by_a6, a6_key(m, block_len)); s; s = s->t_next_a6)
			if (s->t_a6len == block_len && memcmp(s->t_a6, m, 16) == 0)
				return s;
		return NULL;
	}
	/* pools with different block lengths: compare the first block_len bits */
	for (struct ike_sa *s = sas; s; s = s->next) {
		if (!s->t_a6len)
			continue;
		uint8_t x[16];
		a6_mask(s->assigned6, block_len, x);
		if (memcmp(x, m, 16) == 0)
			return s;
	}
	return NULL;
}

const struct ike_sa *ike_sa_by_dst6(const uint8_t a[16])
{
	/* the block lengths in use are few (one per pool, usually one) */
	for (int l = 128; l >= 1; l--) {
		if (n_a6_len[l] == 0)
			continue;
		uint8_t m[16];
		a6_mask(a, l, m);
		for (struct ike_sa *s = h_head(&by_a6, a6_key(m, l)); s; s = s->t_next_a6)
			if (s->t_a6len == l && memcmp(s->t_a6, m, 16) == 0)
				return s;
	}
	return NULL;
}

void ike_sa_remove_all(void)
{
	while (sas)
		ike_sa_remove(sas);
}
