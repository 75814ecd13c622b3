/* pki/: the hex <-> DER conversions of certificate chains (running-config
 * `certificate ... quit` blocks) and certificate validation. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/x509.h>

#include "base/buf.h"
#include "pki/pki_int.h"

/* tests/cli/pki-fixtures/ca.pem as DER hex */
static const char ca_hex[] =
	"3082031C30820204A003020102020101300D06092A864886F70D01010B050030"
	"1F310C300A060355040A0C034C6162310F300D06035504030C064C61622D4341"
	"301E170D3236313132333039333334305A170D3436313131383039333334305A"
	"301F310C300A060355040A0C034C6162310F300D06035504030C064C61622D43"
	"4130820122300D06092A864886F70D01010105000382010F003082010A028201"
	"0100BBA00E5801B7329FAE9E6D3592F18E0D501023E7F4D594227BFD56FB6460"
	"9C7F669635D204710ABA67B7C6B07CC86100F7A119D8C1A4EED584012ABB3F5B"
	"06B1158FC36025862E9622D76A3603F695B6C52B2A158E4E6886802140BF0D8C"
	"3F4614361B4AF37003E9A146AF1423468802E3072398D235B37CD1D6F43FBE4C"
	"B8535120A3337FD9F5ACCC9F6F8BEE7D2CCCAE47456FCB23B7924334163A451E"
	"0F0ACFE6DF54F8BB3ACDFE57ABC4DB84F033F8AA8883D526F3D807AE57249986"
	"3F556985ED94FCA3043392437502D7542806C9E70F7CB590EB0EB543E3848E3D"
	"4A2B2CB5E6D014CC1288660D05FAE598EE6E96E5830A85F59415D826B1D023E9"
	"F0230203010001A3633061301D0603551D0E041604147F03AFE00685FFC68AC1"
	"B1AEBC08FDDA41DF9AA3301F0603551D230418301680147F03AFE00685FFC68A"
	"C1B1AEBC08FDDA41DF9AA3300F0603551D130101FF040530030101FF300E0603"
	"551D0F0101FF040403020106300D06092A864886F70D01010B05000382010100"
	"4074386E1DFC867B489B6AB088D7F32777D5D7D5C795D36F6C39252680F75E35"
	"446E2CA70304150AC6F98476B7389D782208F93D8C8D41A0D3569EE54B035CBB"
	"FD6AD44C160074AF74BE8AF73CE70C109311561DB7FBE1A95CF3FD05718E48F0"
	"1D8E42F0CB0BC2321CC5917B8C9CAC768E9DAA03FF4C2776B4635BD6361F3AAE"
	"20F771457F2D0094C91F2C88D08966E28E44886438F09F8DC601BE98B32309AB"
	"888003B479B984D148282F0C62766F59557010893D0FBBC1D99A0C48441EFB12"
	"5547414BE374F62A509E674994F73F71A5BB467CABAB95E2CED01646FCAF67D2"
	"9E518C961718DD177131AB412E0015098F1579628B6F497DBDFCF09B93ABE591";

static void test_hex_decode(void **state)
{
	(void)state;
	size_t n = 0;
	unsigned char *d = pki_hex_decode("3082 01\tAb\n cd", &n);
	assert_non_null(d);
	assert_int_equal(n, 5);
	assert_int_equal(d[0], 0x30);
	assert_int_equal(d[3], 0xAB);
	assert_int_equal(d[4], 0xCD);
	free(d);
	assert_null(pki_hex_decode("308", &n));        /* odd digit count */
	assert_null(pki_hex_decode("30 8G", &n));      /* not hex */
	assert_null(pki_hex_decode("  ", &n));         /* nothing */
}

static void test_hex_lines(void **state)
{
	(void)state;
	unsigned char d[37];
	for (int i = 0; i < 37; i++)
		d[i] = (unsigned char)i;
	struct buf b = BUF_INIT;
	pki_hex_lines(&b, d, sizeof d, "  ", false);
	assert_string_equal(buf_str(&b),
		"  00010203 04050607 08090A0B 0C0D0E0F 10111213 14151617 18191A1B 1C1D1E1F\n"
		"  20212223 24\n");
	buf_reset(&b);
	pki_hex_lines(&b, d, 4, "  ", true);
	assert_string_equal(buf_str(&b), "  00010203 \n");
	buf_free(&b);
}

static void test_certificate_round_trip(void **state)
{
	(void)state;
	size_t n = 0;
	unsigned char *der = pki_hex_decode(ca_hex, &n);
	assert_non_null(der);
	X509 *x = pki_x509_from_der(der, n);
	assert_non_null(x);
	char serial[64], name[256];
	pki_serial_hex(x, serial, sizeof serial);
	assert_string_equal(serial, "01");
	assert_true(pki_serial_equal(serial, "1"));
	assert_false(pki_serial_equal(serial, "02"));
	pki_name_oneline(X509_get_subject_name(x), name, sizeof name);
	assert_string_equal(name, "cn=Lab-CA,o=Lab");
	X509_free(x);

	/* rendered and read back: the same bytes */
	struct buf b = BUF_INIT;
	pki_hex_lines(&b, der, n, "  ", false);
	size_t n2 = 0;
	unsigned char *der2 = pki_hex_decode(buf_str(&b), &n2);
	assert_int_equal(n2, n);
	assert_memory_equal(der2, der, n);
	free(der2);
	buf_free(&b);

	/* truncated or with trailing bytes: not a certificate */
	assert_null(pki_x509_from_der(der, n - 1));
	unsigned char *longer = malloc(n + 1);
	memcpy(longer, der, n);
	longer[n] = 0;
	assert_null(pki_x509_from_der(longer, n + 1));
	free(longer);
	free(der);
}

static void test_base64(void **state)
{
	(void)state;
	size_t n = 0;
	unsigned char *d = pki_base64_decode("-----BEGIN X-----\nAQID\nBA==\n-----END X-----\n", &n);
	assert_non_null(d);
	assert_int_equal(n, 4);
	assert_int_equal(d[3], 4);
	free(d);
	assert_null(pki_base64_decode("not base64!\n", &n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex_decode),
		cmocka_unit_test(test_hex_lines),
		cmocka_unit_test(test_certificate_round_trip),
		cmocka_unit_test(test_base64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
