/* base/secret: IOS type 0/5/7/8/9 secrets against published vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "base/secret.h"

static void test_type7_decode(void **state)
{
	(void)state;
	char out[64];
	/* the classic "cisco" encodings with different seeds */
	assert_true(secret_type7_decode("0822455D0A16", out, sizeof(out)));
	assert_string_equal(out, "cisco");
	assert_true(secret_type7_decode("02050D480809", out, sizeof(out)));
	assert_string_equal(out, "cisco");
	assert_true(secret_type7_decode("094F471A1A0A", out, sizeof(out)));
	assert_string_equal(out, "cisco");
	/* malformed: odd length, non-hex, bad seed, too small buffer */
	assert_false(secret_type7_decode("0822455D0A1", out, sizeof(out)));
	assert_false(secret_type7_decode("0822455D0AZZ", out, sizeof(out)));
	assert_false(secret_type7_decode("9922455D0A16", out, sizeof(out)));
	assert_false(secret_type7_decode("0822455D0A16", out, 3));
	assert_true(secret_verify(7, "0822455D0A16", "cisco"));
	assert_false(secret_verify(7, "0822455D0A16", "Cisco"));
}

static void test_type5(void **state)
{
	(void)state;
	assert_true(secret_wellformed(5, "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0"));
	assert_true(secret_verify(5, "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "cisco"));
	assert_false(secret_verify(5, "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "cisco1"));
	assert_false(secret_wellformed(5, "$1$mERr$short"));
}

static void test_type8(void **state)
{
	(void)state;
	const char *h = "$8$TnGX/fE4KGHOVU$pEhnEvxrvaynpi8j4f.EMHr6M.FzU8xnZnBr/tJdFWk";
	assert_true(secret_wellformed(8, h));
	assert_true(secret_verify(8, h, "hashcat"));
	assert_false(secret_verify(8, h, "hashcaT"));
	assert_false(secret_wellformed(9, h));
}

static void test_type9(void **state)
{
	(void)state;
	const char *h = "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6";
	assert_true(secret_wellformed(9, h));
	assert_true(secret_verify(9, h, "hashcat"));
	assert_false(secret_verify(9, h, "hashcat "));
	assert_false(secret_wellformed(9, "$9$2MJBozw/9R3UsU$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOd+o6"));
	assert_false(secret_wellformed(9, "$9$2MJBozw/9R3Us$2lFhcKvpghcyw8deP25GOfyZaagyUOGBymkryvOdfo6"));
}

static void test_hash9_roundtrip(void **state)
{
	(void)state;
	char a[128], b[128];
	assert_int_equal(secret_hash9("cisco123", a, sizeof(a)), 0);
	assert_int_equal(strlen(a), 3 + 14 + 1 + 43);
	assert_true(secret_wellformed(9, a));
	assert_true(secret_verify(9, a, "cisco123"));
	assert_false(secret_verify(9, a, "cisco12"));
	/* fresh salt each time */
	assert_int_equal(secret_hash9("cisco123", b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	/* buffer too small */
	assert_int_not_equal(secret_hash9("x", a, 20), 0);
}

static void test_type0(void **state)
{
	(void)state;
	assert_true(secret_verify(0, "demo", "demo"));
	assert_false(secret_verify(0, "demo", "demo1"));
	assert_false(secret_verify(3, "demo", "demo"));
	assert_true(secret_wellformed(0, "x"));
	assert_false(secret_wellformed(0, ""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type7_decode),
		cmocka_unit_test(test_type5),
		cmocka_unit_test(test_type8),
		cmocka_unit_test(test_type9),
		cmocka_unit_test(test_hash9_roundtrip),
		cmocka_unit_test(test_type0),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
