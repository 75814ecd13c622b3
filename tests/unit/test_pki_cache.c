/*
 * pki/ cache: parsed keys and CA certificates are reused until the store
 * changes, then read again (a replaced key is never served stale).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <openssl/evp.h>

#include "pki/pki.h"
#include "pki/pki_int.h"
#include "running-config/store.h"

static EVP_PKEY *ec_key(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
}

static void test_key_cache(void **state)
{
	(void)state;
	assert_int_equal(store_open(":memory:"), 0);
	EVP_PKEY *a = ec_key(), *b = ec_key();
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(pki_key_insert("K", a, false, 0), 0);
	EVP_PKEY *g1 = pki_key_get("K"), *g2 = pki_key_get("K");
	assert_non_null(g1);
	assert_ptr_equal(g1, g2); /* the parsed key is kept */
	assert_int_equal(EVP_PKEY_eq(g1, a), 1);
	EVP_PKEY_free(g1);
	EVP_PKEY_free(g2);
	/* replaced under the same label: the next get sees the new key */
	assert_int_equal(pki_key_insert("K", b, false, 0), 0);
	EVP_PKEY *g3 = pki_key_get("K");
	assert_non_null(g3);
	assert_int_equal(EVP_PKEY_eq(g3, b), 1);
	EVP_PKEY_free(g3);
	/* deleted: gone */
	assert_int_equal(db_exec("DELETE FROM pki_keypair WHERE label = ?", "s", "K"), 0);
	assert_null(pki_key_get("K"));
	/* no trustpoint: an empty CA list, and again after a change */
	STACK_OF(X509) *cas = pki_tp_ca_certs("TP");
	assert_non_null(cas);
	assert_int_equal(sk_X509_num(cas), 0);
	sk_X509_pop_free(cas, X509_free);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
	store_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_cache),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
