/* CREATE_CHILD_SA pieces that need no peer: PFS choice against `set pfs`
 * (ikev2/ike_pfs.c), the REKEY_SA lookup and Child SA deletes
 * (ikev2/ike_child.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ikev2/ike_sa.h"

/* ---------- PFS ---------- */

/* One ESP proposal: aes-gcm-256 and these DH ids (n of them). */
static const struct ikev2_proposal *esp_prop(struct ikev2_sa *sa, const uint16_t *dh, unsigned n)
{
	memset(sa, 0, sizeof *sa);
	struct ikev2_proposal *p = &sa->prop[0];
	*p = (struct ikev2_proposal){ .num = 1, .proto = IKEV2_PROTO_ESP, .spi_len = 4 };
	sa->xf[sa->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ENCR, .id = 20, .keylen = 256 };
	for (unsigned i = 0; i < n; i++)
		sa->xf[sa->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_DH, .id = dh[i] };
	sa->xf[sa->nxf++] = (struct ikev2_transform){ .type = IKEV2_XF_ESN, .id = 0 };
	p->nxf = (uint16_t)sa->nxf;
	sa->nprop = 1;
	return p;
}

static void test_pfs_ike_auth_ignores_dh(void **state)
{
	(void)state;
	static struct ikev2_sa sa;
	const uint16_t g[] = { 19 };
	const struct ikev2_proposal *p = esp_prop(&sa, g, 1);
	struct ike_pfs pfs = { .negotiate = false, .required = true, .group = 14 };
	uint16_t dh = 99;
	assert_true(ike_pfs_choose(&pfs, &sa, p, 0, &dh));
	assert_int_equal(dh, 0);
}

static void test_pfs_not_configured(void **state)
{
	(void)state;
	static struct ikev2_sa sa;
	struct ike_pfs pfs = { .negotiate = true };
	uint16_t dh = 99;
	/* no DH offered: fine, no PFS */
	const struct ikev2_proposal *p = esp_prop(&sa, NULL, 0);
	assert_true(ike_pfs_choose(&pfs, &sa, p, 0, &dh));
	assert_int_equal(dh, 0);
	/* the peer's PFS is accepted (IOS: "any offer of PFS from the peer") */
	const uint16_t g19[] = { 19 };
	p = esp_prop(&sa, g19, 1);
	assert_true(ike_pfs_choose(&pfs, &sa, p, 19, &dh));
	assert_int_equal(dh, 19);
	/* NONE and 19 offered without KE: no PFS */
	const uint16_t none19[] = { 0, 19 };
	p = esp_prop(&sa, none19, 2);
	assert_true(ike_pfs_choose(&pfs, &sa, p, 0, &dh));
	assert_int_equal(dh, 0);
	/* ... with KE 19: 19 */
	assert_true(ike_pfs_choose(&pfs, &sa, p, 19, &dh));
	assert_int_equal(dh, 19);
	/* an unknown group alone: not acceptable */
	const uint16_t g99[] = { 99 };
	p = esp_prop(&sa, g99, 1);
	assert_false(ike_pfs_choose(&pfs, &sa, p, 99, &dh));
}

static void test_pfs_group_required(void **state)
{
	(void)state;
	static struct ikev2_sa sa;
	struct ike_pfs pfs = { .negotiate = true, .required = true, .group = 19 };
	uint16_t dh = 0;
	/* no PFS offered: refused (NO_PROPOSAL_CHOSEN) */
	const struct ikev2_proposal *p = esp_prop(&sa, NULL, 0);
	assert_false(ike_pfs_choose(&pfs, &sa, p, 0, &dh));
	/* only group 14: refused */
	const uint16_t g14[] = { 14 };
	p = esp_prop(&sa, g14, 1);
	assert_false(ike_pfs_choose(&pfs, &sa, p, 14, &dh));
	/* NONE only: refused */
	const uint16_t none[] = { 0 };
	p = esp_prop(&sa, none, 1);
	assert_false(ike_pfs_choose(&pfs, &sa, p, 0, &dh));
	/* 14 and 19 with KE 14: 19 chosen, so the caller answers INVALID_KE_PAYLOAD(19) */
	const uint16_t g14_19[] = { 14, 19 };
	p = esp_prop(&sa, g14_19, 2);
	assert_true(ike_pfs_choose(&pfs, &sa, p, 14, &dh));
	assert_int_equal(dh, 19);
	/* with KE 19: 19 */
	assert_true(ike_pfs_choose(&pfs, &sa, p, 19, &dh));
	assert_int_equal(dh, 19);
}

static void test_pfs_any_group(void **state)
{
	(void)state;
	static struct ikev2_sa sa;
	struct ike_pfs pfs = { .negotiate = true, .required = true, .group = 0 }; /* `set pfs` */
	uint16_t dh = 0;
	const uint16_t none14[] = { 0, 14 };
	const struct ikev2_proposal *p = esp_prop(&sa, none14, 2);
	assert_true(ike_pfs_choose(&pfs, &sa, p, 0, &dh));
	assert_int_equal(dh, 14); /* NONE is not enough: 14, and KE must follow */
	assert_true(ike_pfs_choose(&pfs, &sa, p, 14, &dh));
	assert_int_equal(dh, 14);
}

/* ---------- REKEY_SA and Delete ---------- */

static struct ike_child *add_child(struct ike_sa *s, uint32_t in, uint32_t out)
{
	struct ike_child *c = calloc(1, sizeof *c);
	assert_non_null(c);
	c->spi_in = in;
	c->spi_out = out;
	c->next = s->children;
	s->children = c;
	return c;
}

static void test_rekey_target(void **state)
{
	(void)state;
	struct ike_sa s;
	memset(&s, 0, sizeof s);
	struct ike_child *a = add_child(&s, 0xc1000001, 0xd2000001);
	struct ike_child *b = add_child(&s, 0xc1000002, 0xd2000002);
	uint16_t err = 0;
	/* the SPI the initiator receives with: our spi_out */
	const uint8_t spi_a[4] = { 0xd2, 0, 0, 1 }, spi_b[4] = { 0xd2, 0, 0, 2 };
	struct ikev2_notify n = { .proto = IKEV2_PROTO_ESP, .type = IKEV2_N_REKEY_SA, .spi = { spi_a, 4 },
				  .inner = true };
	assert_ptr_equal(ike_child_rekey_target(&s, &n, &err), a);
	n.spi.p = spi_b;
	assert_ptr_equal(ike_child_rekey_target(&s, &n, &err), b);
	/* our own inbound SPI does not name it */
	const uint8_t ours[4] = { 0xc1, 0, 0, 1 };
	n.spi.p = ours;
	assert_null(ike_child_rekey_target(&s, &n, &err));
	assert_int_equal(err, IKEV2_N_CHILD_SA_NOT_FOUND);
	/* malformed: 8-octet SPI, or protocol IKE */
	const uint8_t spi8[8] = { 0xd2, 0, 0, 1, 0, 0, 0, 0 };
	n.spi = (struct ikev2_span){ spi8, 8 };
	err = 0;
	assert_null(ike_child_rekey_target(&s, &n, &err));
	assert_int_equal(err, IKEV2_N_INVALID_SYNTAX);
	n.spi = (struct ikev2_span){ spi_a, 4 };
	n.proto = IKEV2_PROTO_IKE;
	err = 0;
	assert_null(ike_child_rekey_target(&s, &n, &err));
	assert_int_equal(err, IKEV2_N_INVALID_SYNTAX);
	ike_child_free_all(&s);
}

static void test_delete_children(void **state)
{
	(void)state;
	struct ike_sa s;
	memset(&s, 0, sizeof s);
	add_child(&s, 0xc1000001, 0xd2000001);
	add_child(&s, 0xc1000002, 0xd2000002);
	struct ike_child *keep = add_child(&s, 0xc1000003, 0xd2000003);
	/* the peer deletes pairs 1 and 2 by its inbound SPIs, and one unknown */
	const uint8_t spis[12] = { 0xd2, 0, 0, 2, 0xee, 0xee, 0xee, 0xee, 0xd2, 0, 0, 1 };
	struct ikev2_delete d = { .proto = IKEV2_PROTO_ESP, .spi_len = 4, .nspi = 3, .spis = { spis, 12 } };
	uint8_t ours[16];
	assert_int_equal(ike_child_delete(&s, &d, ours, 4), 2);
	/* our inbound SPIs of the same pairs, in network order, in its order */
	const uint8_t want[8] = { 0xc1, 0, 0, 2, 0xc1, 0, 0, 1 };
	assert_memory_equal(ours, want, 8);
	assert_ptr_equal(s.children, keep);
	assert_null(keep->next);
	/* again: nothing left of them, nothing to answer (§1.4.1) */
	assert_int_equal(ike_child_delete(&s, &d, ours, 4), 0);
	/* AH, a bad SPI size, or fewer SPI octets than nspi says: nothing */
	const uint8_t k[4] = { 0xd2, 0, 0, 3 };
	struct ikev2_delete bad = { .proto = IKEV2_PROTO_AH, .spi_len = 4, .nspi = 1, .spis = { k, 4 } };
	assert_int_equal(ike_child_delete(&s, &bad, ours, 4), 0);
	bad.proto = IKEV2_PROTO_ESP;
	bad.nspi = 2;
	assert_int_equal(ike_child_delete(&s, &bad, ours, 4), 0);
	bad.nspi = 1;
	bad.spi_len = 8;
	assert_int_equal(ike_child_delete(&s, &bad, ours, 4), 0);
	assert_ptr_equal(s.children, keep);
	/* no room to answer: the pair stays */
	bad.spi_len = 4;
	assert_int_equal(ike_child_delete(&s, &bad, ours, 0), 0);
	assert_ptr_equal(s.children, keep);
	assert_int_equal(ike_child_delete(&s, &bad, ours, 1), 1);
	assert_null(s.children);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pfs_ike_auth_ignores_dh),
		cmocka_unit_test(test_pfs_not_configured),
		cmocka_unit_test(test_pfs_group_required),
		cmocka_unit_test(test_pfs_any_group),
		cmocka_unit_test(test_rekey_target),
		cmocka_unit_test(test_delete_children),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
