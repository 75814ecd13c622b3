/* The Child SA mode as the responder answers it (ikev2/ike_child.c with
 * ike_child_mode.c), end to end against an in-memory running-config:
 * the transform set's `mode tunnel | transport [require]` and the
 * initiator's N(USE_TRANSPORT_MODE) in IKE_AUTH and in CREATE_CHILD_SA
 * rekeys; the answer is parsed back to see whether the notify is in it. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ikev2/ike_sa.h"
#include "ipsec/esp_transport_dp.h"
#include "running-config/store.h"

#define PEER  0xc0a86402u
#define LOCAL 0xc0a86401u

static int setup(void **st)
{
	(void)st;
	assert_int_equal(store_open(":memory:"), 0);
	assert_int_equal(db_script("INSERT INTO ipsec_transform_set(name, esp_cipher, esp_keysize) VALUES('TS', 'esp-gcm', 256);"
				   "INSERT OR IGNORE INTO ipsec_profile(name) VALUES('P');"
				   "UPDATE ipsec_profile SET ikev2_profile = 'IKEP' WHERE name = 'P';"
				   "INSERT INTO ipsec_profile_transform(profile, seq, transform_set) VALUES('P', 1, 'TS');"),
			 0);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	store_close();
	return 0;
}

static void set_mode(const char *mode, int require)
{
	assert_int_equal(db_exec("UPDATE ipsec_transform_set SET mode = ?, mode_require = ? WHERE name = 'TS'", "sd",
				 mode, require), 0);
}

static void ts_host(struct ikev2_ts *t, uint32_t a)
{
	memset(t, 0, sizeof *t);
	t->type = IKEV2_TS_IPV4_ADDR_RANGE;
	t->eport = 65535;
	uint32_t be = htonl(a);
	memcpy(t->start, &be, 4);
	memcpy(t->end, &be, 4);
}

static void sa_init(struct ike_sa *s)
{
	memset(s, 0, sizeof *s);
	struct sockaddr_in *p = (struct sockaddr_in *)&s->peer, *l = (struct sockaddr_in *)&s->local;
	p->sin_family = l->sin_family = AF_INET;
	p->sin_addr.s_addr = htonl(PEER);
	l->sin_addr.s_addr = htonl(LOCAL);
	s->state = IKE_SA_ESTABLISHED;
	strcpy(s->profile, "IKEP");
	s->suite.prf = IKEV2_PRF_HMAC_SHA2_256;
	s->keys.d_len = 32;
	memset(s->keys.sk_d, 7, 32);
}

/* An ESP AES-GCM-256 offer, host selectors, transport asked for or not. */
static void request(struct ikev2_msg *m, bool transport)
{
	memset(m, 0, sizeof *m);
	m->sa.nprop = 1;
	m->sa.prop[0] = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4, .nxf = 2 };
	memcpy(m->sa.prop[0].spi, "\x11\x22\x33\x44", 4);
	m->sa.xf[0] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = IKEV2_ENCR_AES_GCM_16, .keylen = 256 };
	m->sa.xf[1] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
	m->sa.nxf = 2;
	m->tsi.n = m->tsr.n = 1;
	ts_host(&m->tsi.ts[0], PEER);
	ts_host(&m->tsr.ts[0], LOCAL);
	if (transport) {
		m->nnotify = 1;
		m->notify[0] = (struct ikev2_notify){ .type = IKEV2_N_USE_TRANSPORT_MODE, .inner = true };
	}
}

/* The answer's notify list: does it carry USE_TRANSPORT_MODE? */
static bool echoed(const uint8_t *buf, size_t len, uint8_t first)
{
	static struct ikev2_msg a;
	memset(&a, 0, sizeof a);
	struct ikev2_perr e = ikev2_msg_parse_inner(&a, first, buf, len);
	assert_int_equal(e.notify, 0);
	assert_true(ikev2_msg_has(&a, IKEV2_PL_SA));
	for (unsigned i = 0; i < a.nnotify; i++)
		if (a.notify[i].type == IKEV2_N_USE_TRANSPORT_MODE)
			return true;
	return false;
}

static uint8_t ni[32], nr[32];

/* IKE_AUTH's Child SA: 0 or the error; *c the child made, *echo the notify. */
static uint16_t auth_child(struct ike_sa *s, const struct ikev2_msg *m, struct ike_child **c, bool *echo)
{
	uint8_t buf[2048];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, buf, sizeof buf);
	uint16_t err = ike_child_respond(s, m, ni, sizeof ni, nr, sizeof nr, NULL, 0, &w);
	*c = err ? NULL : s->children;
	if (!err) {
		size_t n;
		assert_int_equal(ikev2_w_finish(&w, &n), 0);
		*echo = echoed(buf, n, w.first);
	}
	return err;
}

static uint16_t rekey_child(struct ike_sa *s, const struct ikev2_msg *m, const struct ike_child *old,
			    struct ike_child **c, bool *echo)
{
	uint8_t buf[2048];
	struct ikev2_writer w;
	ikev2_w_init_inner(&w, buf, sizeof buf);
	struct ike_child_req rq = { .ni = ni, .ni_len = sizeof ni, .nr = nr, .nr_len = sizeof nr, .rekey_of = old };
	uint16_t err = ike_child_create(s, m, &rq, &w);
	*c = rq.made;
	if (!err) {
		size_t n;
		assert_int_equal(ikev2_w_finish(&w, &n), 0);
		*echo = echoed(buf, n, w.first);
	}
	return err;
}

static void test_modes(void **state)
{
	(void)state;
	static struct ikev2_msg m;
	struct ike_sa s;
	struct ike_child *c;
	bool echo = true;
	unsigned long base = esp_tp_stats()->children;

	/* tunnel set: a transport request is answered without the notify */
	set_mode("tunnel", 0);
	sa_init(&s);
	request(&m, true);
	assert_int_equal(auth_child(&s, &m, &c, &echo), 0);
	assert_false(echo);
	assert_false(c->transport);
	assert_int_equal(esp_tp_stats()->children, base);
	ike_child_free_all(&s);

	/* transport set: echoed, the child is transport, its selectors the two addresses */
	set_mode("transport", 0);
	sa_init(&s);
	assert_int_equal(auth_child(&s, &m, &c, &echo), 0);
	assert_true(echo);
	assert_true(c->transport);
	assert_int_equal(esp_tp_stats()->children, base + 1);
	uint32_t pb = htonl(PEER);
	assert_memory_equal(c->ts_i.start, &pb, 4);
	const struct ike_sa *o;
	assert_ptr_equal(esp_tp_out(PEER, &o), c);

	/* its rekey with the notify: transport again, echoed */
	struct ike_child *old = c, *n2;
	assert_int_equal(rekey_child(&s, &m, old, &n2, &echo), 0);
	assert_true(echo);
	assert_true(n2->transport);
	/* its rekey without the notify: refused (the mode must stay) */
	request(&m, false);
	assert_int_equal(rekey_child(&s, &m, old, &n2, &echo), IKEV2_N_NO_PROPOSAL_CHOSEN);
	/* a transport set and no request: tunnel, no notify */
	assert_int_equal(rekey_child(&s, &m, NULL, &n2, &echo), 0);
	assert_false(echo);
	assert_false(n2->transport);
	/* a tunnel child's rekey asking for transport: stays tunnel */
	request(&m, true);
	old = n2;
	assert_int_equal(rekey_child(&s, &m, old, &n2, &echo), 0);
	assert_false(echo);
	assert_false(n2->transport);
	ike_child_free_all(&s);
	assert_int_equal(esp_tp_stats()->children, base);
	assert_null(esp_tp_out(PEER, &o));

	/* transport with a virtual address assigned: not host to host, tunnel */
	sa_init(&s);
	s.assigned = 0x0a630001;
	m.tsi.ts[0].start[0] = 0, m.tsi.ts[0].end[0] = 255;  /* 0.x - 255.x: holds the pool address */
	assert_int_equal(auth_child(&s, &m, &c, &echo), 0);
	assert_false(echo);
	ike_child_free_all(&s);

	/* transport, TSi holds the peer but TSr not us: tunnel, selectors as tunnel mode narrows them */
	sa_init(&s);
	request(&m, true);
	memset(m.tsi.ts[0].start, 0, 4);                     /* 0.0.0.0 - the peer */
	ts_host(&m.tsr.ts[0], LOCAL + 1);
	assert_int_equal(auth_child(&s, &m, &c, &echo), 0);
	assert_false(echo);
	assert_false(c->transport);
	assert_memory_equal(&c->ts_i, &m.tsi.ts[0], sizeof c->ts_i);
	ike_child_free_all(&s);

	/* transport require: a tunnel request finds no proposal */
	set_mode("transport", 1);
	sa_init(&s);
	request(&m, false);
	assert_int_equal(auth_child(&s, &m, &c, &echo), IKEV2_N_NO_PROPOSAL_CHOSEN);
	assert_null(s.children);
	/* ... nor a transport request that cannot be host to host */
	request(&m, true);
	ts_host(&m.tsr.ts[0], LOCAL + 1);
	assert_int_equal(auth_child(&s, &m, &c, &echo), IKEV2_N_NO_PROPOSAL_CHOSEN);
	/* a transport request between the outer addresses: accepted */
	request(&m, true);
	assert_int_equal(auth_child(&s, &m, &c, &echo), 0);
	assert_true(echo);
	ike_child_free_all(&s);
	set_mode("tunnel", 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_modes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
