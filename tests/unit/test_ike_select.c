/* Choosing IKE SA algorithms against IOS proposals (ikev2/ike_select.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ikev2/ike_select.h"

/* One initiator proposal from a list of (type, id, keylen) triples. */
static void add_prop(struct ikev2_sa *sa, const uint16_t (*xf)[3], unsigned n)
{
	struct ikev2_proposal *p = &sa->prop[sa->nprop];
	p->num = (uint8_t)(sa->nprop + 1);
	p->proto = IKEV2_PROTO_IKE;
	p->xf_first = (uint16_t)sa->nxf;
	p->nxf = (uint16_t)n;
	for (unsigned i = 0; i < n; i++)
		sa->xf[sa->nxf++] = (struct ikev2_transform){ .type = (uint8_t)xf[i][0], .id = xf[i][1],
							      .keylen = xf[i][2] };
	sa->nprop++;
}

/* IOS: encryption aes-cbc-256, integrity sha256, group 14 19 */
static void ios_proposal(struct ike_conf_proposals *c)
{
	memset(c, 0, sizeof *c);
	c->n = 1;
	struct ike_conf_proposal *p = &c->p[0];
	p->n_encr = 1, p->encr[0] = 12, p->encr_keylen[0] = 256;
	p->n_integ = 1, p->integ[0] = 12;
	p->n_prf = 1, p->prf[0] = 5;
	p->n_dh = 2, p->dh[0] = 14, p->dh[1] = 19;
}

static void test_match(void **st)
{
	(void)st;
	struct ikev2_sa sa = { 0 };
	const uint16_t xf[][3] = { { 1, 12, 128 }, { 1, 12, 256 }, { 2, 5, 0 }, { 3, 12, 0 }, { 4, 14, 0 } };
	add_prop(&sa, xf, 5);
	struct ike_conf_proposals ours;
	ios_proposal(&ours);
	struct ikev2_suite s;
	uint8_t num = 0;
	uint16_t want = 0;
	assert_int_equal(ike_select(&sa, &ours, 14, &s, &num, &want), SELECT_OK);
	assert_int_equal(s.encr, 12);
	assert_int_equal(s.encr_keylen, 256); /* 128 is offered first but not configured */
	assert_int_equal(s.prf, 5);
	assert_int_equal(s.integ, 12);
	assert_int_equal(s.dh, 14);
	assert_int_equal(num, 1);
}

static void test_invalid_ke(void **st)
{
	(void)st;
	struct ikev2_sa sa = { 0 };
	const uint16_t xf[][3] = { { 1, 12, 256 }, { 2, 5, 0 }, { 3, 12, 0 }, { 4, 31, 0 }, { 4, 19, 0 } };
	add_prop(&sa, xf, 5);
	struct ike_conf_proposals ours;
	ios_proposal(&ours);
	struct ikev2_suite s;
	uint8_t num;
	uint16_t want = 0;
	/* KEi is x25519, which we do not accept: ask for group 19 */
	assert_int_equal(ike_select(&sa, &ours, 31, &s, &num, &want), SELECT_INVALID_KE);
	assert_int_equal(want, 19);
}

static void test_no_proposal(void **st)
{
	(void)st;
	struct ikev2_sa sa = { 0 };
	const uint16_t xf[][3] = { { 1, 12, 128 }, { 2, 2, 0 }, { 3, 2, 0 }, { 4, 14, 0 } };
	add_prop(&sa, xf, 4);
	struct ike_conf_proposals ours;
	ios_proposal(&ours);
	struct ikev2_suite s;
	uint8_t num;
	uint16_t want;
	assert_int_equal(ike_select(&sa, &ours, 14, &s, &num, &want), SELECT_NO_PROPOSAL);
	/* no integrity for a CBC cipher: not acceptable either */
	struct ikev2_sa sa2 = { 0 };
	const uint16_t xf2[][3] = { { 1, 12, 256 }, { 2, 5, 0 }, { 4, 14, 0 } };
	add_prop(&sa2, xf2, 3);
	assert_int_equal(ike_select(&sa2, &ours, 14, &s, &num, &want), SELECT_NO_PROPOSAL);
}

static void test_aead_and_second_proposal(void **st)
{
	(void)st;
	struct ike_conf_proposals ours;
	memset(&ours, 0, sizeof ours);
	ours.n = 1;
	struct ike_conf_proposal *p = &ours.p[0];
	p->n_encr = 1, p->encr[0] = 20, p->encr_keylen[0] = 256;
	p->n_prf = 1, p->prf[0] = 7;
	p->n_dh = 1, p->dh[0] = 19;
	struct ikev2_sa sa = { 0 };
	const uint16_t a[][3] = { { 1, 12, 256 }, { 2, 5, 0 }, { 3, 12, 0 }, { 4, 19, 0 } };
	const uint16_t b[][3] = { { 1, 20, 256 }, { 2, 7, 0 }, { 4, 19, 0 } };
	add_prop(&sa, a, 4);
	add_prop(&sa, b, 3);
	struct ikev2_suite s;
	uint8_t num = 0;
	uint16_t want;
	assert_int_equal(ike_select(&sa, &ours, 19, &s, &num, &want), SELECT_OK);
	assert_int_equal(num, 2);
	assert_int_equal(s.encr, 20);
	assert_int_equal(s.integ, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_invalid_ke),
		cmocka_unit_test(test_no_proposal),
		cmocka_unit_test(test_aead_and_second_proposal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
