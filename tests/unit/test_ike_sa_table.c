/* The SA table (ikev2/ike_sa_table.c): SPI indexes, state counters and
 * lists, per-source half-open counts, pool address index. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "ikev2/ike_conf.h"
#include "ikev2/ike_limits.h"
#include "ikev2/ike_pool.h"
#include "ikev2/ike_sa.h"
#include "running-config/store.h"

static struct sockaddr_storage v4(const char *ip, uint16_t port)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	inet_pton(AF_INET, ip, &sin->sin_addr);
	return ss;
}

static struct ike_sa *mk(uint64_t spi_i, uint64_t spi_r, enum ike_sa_state st, const char *ip, uint16_t port)
{
	struct ike_sa *s = calloc(1, sizeof *s);
	assert_non_null(s);
	s->spi_i = spi_i;
	s->spi_r = spi_r;
	s->state = st;
	s->peer = v4(ip, port);
	ike_sa_insert(s);
	return s;
}

static int walk_count(void)
{
	int n = 0;
	for (struct ike_sa *s = ike_sa_first(); s; s = s->next)
		n++;
	return n;
}

static int state_list_len(enum ike_sa_state st)
{
	int n = 0;
	for (struct ike_sa *s = ike_sa_first_in(st); s; s = s->t_st_next) {
		assert_int_equal(s->state, st);
		n++;
	}
	return n;
}

static void check_counts(void)
{
	int total = 0;
	for (int st = IKE_SA_HALF_OPEN; st <= IKE_SA_REKEYED; st++) {
		assert_int_equal(ike_sa_count((enum ike_sa_state)st), state_list_len((enum ike_sa_state)st));
		total += ike_sa_count((enum ike_sa_state)st);
	}
	assert_int_equal(total, ike_sa_total());
	assert_int_equal(walk_count(), ike_sa_total());
}

#define MANY 5000

/* Many SAs: each found by its SPI pair, not by a wrong spi_i; removing
 * every other one leaves exactly the rest findable. */
static void test_many(void **state)
{
	(void)state;
	static struct ike_sa *v[MANY];
	for (int i = 0; i < MANY; i++)
		v[i] = mk(0x1000000000ULL + (uint64_t)i * 7919, 0xabc0000000000000ULL ^ ((uint64_t)i << 20),
			  i % 3 ? IKE_SA_ESTABLISHED : IKE_SA_HALF_OPEN, "192.0.2.7", (uint16_t)(1000 + i % 50));
	assert_int_equal(ike_sa_total(), MANY);
	check_counts();
	for (int i = 0; i < MANY; i++) {
		assert_ptr_equal(ike_sa_find(v[i]->spi_i, v[i]->spi_r), v[i]);
		assert_null(ike_sa_find(v[i]->spi_i + 1, v[i]->spi_r));
	}
	for (int i = 0; i < MANY; i += 2)
		ike_sa_remove(v[i]);
	assert_int_equal(ike_sa_total(), MANY / 2);
	check_counts();
	for (int i = 0; i < MANY; i++) {
		struct ike_sa *f = ike_sa_find(0x1000000000ULL + (uint64_t)i * 7919,
					       0xabc0000000000000ULL ^ ((uint64_t)i << 20));
		if (i % 2)
			assert_ptr_equal(f, v[i]);
		else
			assert_null(f);
	}
	ike_sa_remove_all();
	assert_int_equal(ike_sa_total(), 0);
	assert_null(ike_sa_first());
	check_counts();
}

/* Same spi_r with different spi_i, same spi_i from different peers. */
static void test_collisions(void **state)
{
	(void)state;
	struct ike_sa *a = mk(1, 42, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	struct ike_sa *b = mk(2, 42, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	assert_ptr_equal(ike_sa_find(1, 42), a);
	assert_ptr_equal(ike_sa_find(2, 42), b);
	assert_null(ike_sa_find(3, 42));

	struct ike_sa *c = mk(77, 100, IKE_SA_HALF_OPEN, "192.0.2.1", 500);
	struct ike_sa *d = mk(77, 101, IKE_SA_HALF_OPEN, "192.0.2.2", 500);
	struct ike_sa *e = mk(77, 102, IKE_SA_HALF_OPEN, "192.0.2.1", 4500);
	struct sockaddr_storage p1 = v4("192.0.2.1", 500), p2 = v4("192.0.2.2", 500), p1n = v4("192.0.2.1", 4500),
				p3 = v4("192.0.2.3", 500);
	assert_ptr_equal(ike_sa_find_init(77, &p1), c);
	assert_ptr_equal(ike_sa_find_init(77, &p2), d);
	assert_ptr_equal(ike_sa_find_init(77, &p1n), e);
	assert_null(ike_sa_find_init(77, &p3));
	assert_null(ike_sa_find_init(78, &p1));
	/* an established SA is no IKE_SA_INIT retransmission target */
	ike_sa_set_state(c, IKE_SA_ESTABLISHED);
	assert_null(ike_sa_find_init(77, &p1));
	ike_sa_remove(d);
	assert_null(ike_sa_find_init(77, &p2));
	assert_ptr_equal(ike_sa_find_init(77, &p1n), e);
	ike_sa_remove_all();
}

/* Counters follow set_state, direct assignment + sync, removal. */
static void test_states(void **state)
{
	(void)state;
	struct ike_sa *a = mk(1, 1, IKE_SA_HALF_OPEN, "192.0.2.1", 500);
	struct ike_sa *b = mk(2, 2, IKE_SA_HALF_OPEN, "192.0.2.1", 500);
	mk(3, 3, IKE_SA_HALF_OPEN, "192.0.2.1", 500);
	assert_int_equal(ike_sa_count(IKE_SA_HALF_OPEN), 3);
	ike_sa_set_state(a, IKE_SA_ESTABLISHED);
	assert_int_equal(ike_sa_count(IKE_SA_HALF_OPEN), 2);
	assert_int_equal(ike_sa_count(IKE_SA_ESTABLISHED), 1);
	b->state = IKE_SA_ESTABLISHED; /* as ike_auth.c does */
	ike_sa_sync(b);
	assert_int_equal(ike_sa_count(IKE_SA_ESTABLISHED), 2);
	ike_sa_set_state(a, IKE_SA_REKEYED);
	assert_int_equal(ike_sa_count(IKE_SA_REKEYED), 1);
	assert_ptr_equal(ike_sa_first_in(IKE_SA_REKEYED), a);
	check_counts();
	ike_sa_remove(a);
	assert_int_equal(ike_sa_count(IKE_SA_REKEYED), 0);
	assert_null(ike_sa_first_in(IKE_SA_REKEYED));
	assert_int_equal(ike_sa_total(), 2);
	check_counts();
	/* not in the table: setters only set the field */
	struct ike_sa *x = calloc(1, sizeof *x);
	assert_non_null(x);
	ike_sa_set_state(x, IKE_SA_ESTABLISHED);
	assert_int_equal(ike_sa_count(IKE_SA_ESTABLISHED), 1);
	ike_sa_free(x);
	ike_sa_remove_all();
	check_counts();
}

/* Half-open per source IP (any port); established ones do not count. */
static void test_per_source(void **state)
{
	(void)state;
	mk(1, 1, IKE_SA_HALF_OPEN, "198.51.100.1", 500);
	mk(2, 2, IKE_SA_HALF_OPEN, "198.51.100.1", 4500);
	struct ike_sa *c = mk(3, 3, IKE_SA_HALF_OPEN, "198.51.100.1", 1234);
	mk(4, 4, IKE_SA_HALF_OPEN, "198.51.100.2", 500);
	mk(5, 5, IKE_SA_ESTABLISHED, "198.51.100.1", 500);
	struct sockaddr_storage p1 = v4("198.51.100.1", 9), p2 = v4("198.51.100.2", 500),
				p3 = v4("198.51.100.3", 500);
	assert_int_equal(ike_sa_half_open_from(&p1), 3);
	assert_int_equal(ike_sa_half_open_from(&p2), 1);
	assert_int_equal(ike_sa_half_open_from(&p3), 0);
	ike_sa_set_state(c, IKE_SA_ESTABLISHED);
	assert_int_equal(ike_sa_half_open_from(&p1), 2);
	/* a half-open SA whose peer floats stays counted where it came from */
	struct ike_sa *f = mk(6, 6, IKE_SA_HALF_OPEN, "198.51.100.2", 500);
	assert_int_equal(ike_sa_half_open_from(&p2), 2);
	f->peer = v4("203.0.113.9", 4500);
	assert_int_equal(ike_sa_half_open_from(&p2), 2);
	ike_sa_set_state(f, IKE_SA_ESTABLISHED);
	assert_int_equal(ike_sa_half_open_from(&p2), 1);
	ike_sa_set_state(f, IKE_SA_HALF_OPEN); /* counted under its address now */
	struct sockaddr_storage pf = v4("203.0.113.9", 1);
	assert_int_equal(ike_sa_half_open_from(&pf), 1);
	ike_sa_remove(f);
	assert_int_equal(ike_sa_half_open_from(&pf), 0);
	/* many sources */
	char ip[32];
	for (int i = 0; i < 3000; i++) {
		snprintf(ip, sizeof ip, "10.%d.%d.1", i / 250, i % 250);
		mk(1000 + (uint64_t)i, 1000 + (uint64_t)i, IKE_SA_HALF_OPEN, ip, 500);
	}
	struct sockaddr_storage pm = v4("10.11.249.1", 500);
	assert_int_equal(ike_sa_half_open_from(&pm), 1);
	ike_sa_remove_all();
	assert_int_equal(ike_sa_half_open_from(&p1), 0);
	assert_int_equal(ike_sa_half_open_from(&pm), 0);
}

/* Half-open SAs older than the limit go; the others stay. */
static void test_prune(void **state)
{
	(void)state;
	struct ike_sa *old = mk(1, 1, IKE_SA_HALF_OPEN, "192.0.2.1", 500);
	struct ike_sa *young = mk(2, 2, IKE_SA_HALF_OPEN, "192.0.2.1", 500);
	struct ike_sa *up = mk(3, 3, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	old->created = 100;
	young->created = 125;
	up->created = 0;
	assert_int_equal(ike_sa_prune_half_open(131, 30), 1);
	assert_null(ike_sa_find(1, 1));
	assert_ptr_equal(ike_sa_find(2, 2), young);
	assert_ptr_equal(ike_sa_find(3, 3), up);
	assert_int_equal(ike_sa_count(IKE_SA_HALF_OPEN), 1);
	ike_sa_remove_all();
}

/* IPv4 pool addresses: indexed when set, moved, freed with the SA. */
static void test_addr4(void **state)
{
	(void)state;
	static struct ike_sa *v[MANY];
	for (int i = 0; i < MANY; i++) {
		v[i] = mk((uint64_t)i + 1, (uint64_t)i + 1, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
		ike_sa_set_assigned(v[i], 0x0a000001u + (uint32_t)i);
	}
	for (int i = 0; i < MANY; i++)
		assert_ptr_equal(ike_sa_by_addr(0x0a000001u + (uint32_t)i), v[i]);
	assert_false(ike_addr_in_use(0x0a000001u + MANY));
	assert_false(ike_addr_in_use(0));
	/* an IKE rekey hands the address to the new SA */
	struct ike_sa *n = calloc(1, sizeof *n);
	assert_non_null(n);
	n->spi_i = 99999;
	n->spi_r = 99999;
	n->state = IKE_SA_ESTABLISHED;
	n->assigned = v[7]->assigned;
	ike_sa_set_assigned(v[7], 0);
	ike_sa_insert(n);
	assert_ptr_equal(ike_sa_by_addr(0x0a000008u), n);
	/* direct assignment + sync */
	v[8]->assigned = 0x0b000001u;
	ike_sa_sync(v[8]);
	assert_false(ike_addr_in_use(0x0a000009u));
	assert_ptr_equal(ike_sa_by_addr(0x0b000001u), v[8]);
	ike_sa_remove(v[9]);
	assert_false(ike_addr_in_use(0x0a00000au));
	ike_sa_remove_all();
	assert_false(ike_addr_in_use(0x0a000001u));
}

/* IPv6 blocks: the same /64 is in use whatever the interface id; mixed
 * block lengths compare the asked length. */
static void test_addr6(void **state)
{
	(void)state;
	uint8_t a[16], b[16], q[16];
	inet_pton(AF_INET6, "2001:db8:0:1::1", a);
	inet_pton(AF_INET6, "2001:db8:0:2::1", b);
	struct ike_sa *sa = mk(1, 1, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	struct ike_sa *sb = mk(2, 2, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	ike_sa_set_assigned6(sa, a, 64);
	ike_sa_set_assigned6(sb, b, 64);
	inet_pton(AF_INET6, "2001:db8:0:1::99", q);
	assert_ptr_equal(ike_sa_by_addr6(q, 64), sa);
	inet_pton(AF_INET6, "2001:db8:0:3::1", q);
	assert_null(ike_sa_by_addr6(q, 64));
	/* a /48 block holding both /64s (another length: the fallback walk) */
	inet_pton(AF_INET6, "2001:db8:0:9::1", q);
	assert_non_null(ike_sa_by_addr6(q, 48));
	inet_pton(AF_INET6, "2001:db9::1", q);
	assert_null(ike_sa_by_addr6(q, 48));
	inet_pton(AF_INET6, "2001:db8:0:9::1", q);
	struct ike_sa *sc = mk(3, 3, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	uint8_t c[16];
	inet_pton(AF_INET6, "2001:db8:1::1", c);
	ike_sa_set_assigned6(sc, c, 128);
	assert_non_null(ike_sa_by_addr6(q, 48));   /* 2001:db8:0::/48 holds sa, sb */
	inet_pton(AF_INET6, "2001:db8:1::1", q);
	assert_ptr_equal(ike_sa_by_addr6(q, 128), sc);
	/* the data plane's lookup by destination: whichever block holds it */
	assert_ptr_equal(ike_sa_by_dst6(q), sc);               /* a /128 */
	inet_pton(AF_INET6, "2001:db8:0:2::abcd", q);
	assert_ptr_equal(ike_sa_by_dst6(q), sb);               /* inside a /64 */
	inet_pton(AF_INET6, "2001:db8:1::2", q);
	assert_null(ike_sa_by_dst6(q));
	ike_sa_set_assigned6(sa, NULL, 0);
	inet_pton(AF_INET6, "2001:db8:0:1::1", q);
	assert_null(ike_sa_by_addr6(q, 64));
	ike_sa_remove(sb);
	inet_pton(AF_INET6, "2001:db8:0:2::1", q);
	assert_null(ike_sa_by_addr6(q, 64));
	ike_sa_remove_all();
	inet_pton(AF_INET6, "2001:db8:1::1", q);
	assert_null(ike_sa_by_addr6(q, 128));
}

/* Pool handouts with the SA table's index: lowest free address first,
 * released ones handed out again, a config change seen at once. */
static void test_pool4(void **state)
{
	(void)state;
	assert_int_equal(store_open(":memory:"), 0);
	/* 10.0.0.1-10.0.0.4 then 10.0.1.1-10.0.1.2 (167772161 = 10.0.0.1) */
	assert_int_equal(db_script("INSERT INTO ip_local_pool(name, seq) VALUES ('P', 1);"
				   "INSERT INTO ip_local_pool_range VALUES ('P', 1, '10.0.0.1', '10.0.0.4', 167772161, 167772164);"
				   "INSERT INTO ip_local_pool_range VALUES ('P', 2, '10.0.1.1', '10.0.1.2', 167772417, 167772418);"),
			 0);
	struct ike_sa *v[7];
	uint32_t want[6] = { 167772161, 167772162, 167772163, 167772164, 167772417, 167772418 };
	for (int i = 0; i < 6; i++) {
		v[i] = mk((uint64_t)i + 1, (uint64_t)i + 1, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
		ike_sa_set_assigned(v[i], ike_pool_take4("P"));
		assert_int_equal(v[i]->assigned, want[i]);
	}
	assert_int_equal(ike_pool_take4("P"), 0);  /* exhausted */
	assert_int_equal(ike_pool_take4("P"), 0);
	/* a taken address the caller did not keep stays free */
	ike_sa_remove(v[1]);
	assert_int_equal(ike_pool_take4("P"), 167772162);
	assert_int_equal(ike_pool_take4("P"), 167772162);
	v[1] = mk(10, 10, IKE_SA_ESTABLISHED, "192.0.2.1", 500);
	ike_sa_set_assigned(v[1], ike_pool_take4("P"));
	assert_int_equal(v[1]->assigned, 167772162);
	/* two released: the lower one first */
	ike_sa_remove(v[4]);
	ike_sa_remove(v[2]);
	assert_int_equal(ike_pool_take4("P"), 167772163);
	ike_sa_set_assigned(v[0], 0);
	assert_int_equal(ike_pool_take4("P"), 167772161);
	ike_sa_set_assigned(v[0], 167772161);
	/* a new range in front: seen without any release */
	assert_int_equal(db_script("INSERT INTO ip_local_pool_range VALUES ('P', 0, '10.0.2.1', '10.0.2.1', 167772673, 167772673);"), 0);
	assert_int_equal(ike_pool_take4("P"), 167772673);
	ike_sa_remove_all();
	store_close();
}

/* The caches of config reads see every change at once: a plain write, a
 * write inside an open transaction (nothing cached then), a rollback, a
 * new store. */
static void test_conf_cache(void **state)
{
	(void)state;
	assert_int_equal(store_open(":memory:"), 0);
	struct ike_limits l;
	struct ike_conf_global g;
	ike_limits_get(&l);
	assert_int_equal(l.max_sa, 0);
	ike_conf_global_get(&g);
	assert_int_equal(g.window, 5);
	assert_int_equal(db_exec("UPDATE ikev2_global SET max_sa=7, window=9 WHERE id=1", ""), 0);
	ike_limits_get(&l);
	assert_int_equal(l.max_sa, 7);
	ike_conf_global_get(&g);
	assert_int_equal(g.window, 9);
	assert_int_equal(store_begin(), 0);
	assert_int_equal(store_savepoint(), 0);
	assert_int_equal(ike_conf_gen(), -1);
	assert_int_equal(db_exec("UPDATE ikev2_global SET max_sa=8 WHERE id=1", ""), 0);
	ike_limits_get(&l);
	assert_int_equal(l.max_sa, 8);
	assert_int_equal(store_rollback_savepoint(), 0);
	assert_int_equal(store_commit(), 0);
	ike_limits_get(&l);
	assert_int_equal(l.max_sa, 7);
	store_close();
	/* a new store with the same number of changes is not the old one */
	assert_int_equal(store_open(":memory:"), 0);
	ike_limits_get(&l);
	assert_int_equal(l.max_sa, 0);
	ike_conf_global_get(&g);
	assert_int_equal(g.window, 5);
	store_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many),      cmocka_unit_test(test_collisions), cmocka_unit_test(test_states),
		cmocka_unit_test(test_per_source), cmocka_unit_test(test_prune),     cmocka_unit_test(test_addr4),
		cmocka_unit_test(test_addr6),     cmocka_unit_test(test_pool4),
		cmocka_unit_test(test_conf_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
