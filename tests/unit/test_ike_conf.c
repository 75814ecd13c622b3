/* Profile choice and pre-shared key lookup as the engine reads the
 * running-config (ikev2/ike_conf.c), on an in-memory store. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ikev2/ike_conf.h"
#include "running-config/store.h"

static struct sockaddr_storage v4(const char *ip)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *in = (struct sockaddr_in *)&ss;
	in->sin_family = AF_INET;
	inet_pton(AF_INET, ip, &in->sin_addr);
	return ss;
}

static struct ike_conf_id id_of(int type, const char *s)
{
	struct ike_conf_id id = { .type = type };
	if (type == ID_IPV4_ADDR) {
		inet_pton(AF_INET, s, id.data);
		id.len = 4;
	} else {
		id.len = strlen(s);
		memcpy(id.data, s, id.len);
	}
	return id;
}

static int setup(void **st)
{
	(void)st;
	assert_int_equal(store_open(":memory:"), 0);
	/* KR: the wildcard and a /24 first, then a /32, an identity and a
	 * hostname peer (an asymmetric one) */
	assert_int_equal(db_script(
		"INSERT INTO ikev2_keyring(name) VALUES('KR');"
		"INSERT INTO ikev2_keyring_peer(keyring, name, seq, address, mask, psk)"
		" VALUES('KR','ANY',0,'0.0.0.0','0.0.0.0','k-any');"
		"INSERT INTO ikev2_keyring_peer(keyring, name, seq, address, mask, psk)"
		" VALUES('KR','NET',1,'192.0.2.0','255.255.255.0','k-net');"
		"INSERT INTO ikev2_keyring_peer(keyring, name, seq, address, mask, psk)"
		" VALUES('KR','HOST',2,'192.0.2.3','255.255.255.255','k-host32');"
		"INSERT INTO ikev2_keyring_peer(keyring, name, seq, id_kind, id_value, psk_local, psk_remote)"
		" VALUES('KR','KID',3,'key-id','kid-b','k-mine','k-theirs');"
		"INSERT INTO ikev2_keyring_peer(keyring, name, seq, hostname, psk)"
		" VALUES('KR','HN',4,'h.example','k-hn');"
		"INSERT INTO ikev2_profile(name, seq, match_fvrf, keyring_kind, keyring_name)"
		" VALUES('RED',0,'RED','local','KR');"
		"INSERT INTO ikev2_profile_match_id(profile, seq, kind, value) VALUES('RED',0,'any','');"
		"INSERT INTO ikev2_profile(name, seq, match_fvrf, keyring_kind, keyring_name)"
		" VALUES('P',1,'any','local','KR');"
		"INSERT INTO ikev2_profile_match_id(profile, seq, kind, value) VALUES('P',0,'any','');"),
		0);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	store_close();
	return 0;
}

static void psk_for(const struct ike_conf_id *id, const char *ip, const char *want_local, const char *want_remote)
{
	char l[64], r[64];
	struct sockaddr_storage a = v4(ip);
	assert_true(ike_conf_psk("P", id, &a, l, sizeof l, r, sizeof r));
	assert_string_equal(l, want_local);
	assert_string_equal(r, want_remote);
}

/* the longest address prefix wins, whatever the order of the peers */
static void test_keyring_best_address(void **st)
{
	(void)st;
	struct ike_conf_id id = id_of(ID_FQDN, "nobody.example");
	psk_for(&id, "192.0.2.3", "k-host32", "k-host32");
	psk_for(&id, "192.0.2.9", "k-net", "k-net");
	psk_for(&id, "203.0.113.1", "k-any", "k-any");
}

/* identity and hostname peers win over address ones; asymmetric keys */
static void test_keyring_identity_first(void **st)
{
	(void)st;
	struct ike_conf_id kid = id_of(ID_KEY_ID, "kid-b");
	psk_for(&kid, "192.0.2.3", "k-mine", "k-theirs");
	struct ike_conf_id hn = id_of(ID_FQDN, "h.example");
	psk_for(&hn, "192.0.2.3", "k-hn", "k-hn");
	/* a hostname is an FQDN: an email identity with that text is not it */
	struct ike_conf_id em = id_of(ID_RFC822_ADDR, "h.example");
	psk_for(&em, "192.0.2.9", "k-net", "k-net");
}

/* `match fvrf RED` never matches the global VRF: the next profile does */
static void test_profile_fvrf(void **st)
{
	(void)st;
	struct ike_conf_id id = id_of(ID_IPV4_ADDR, "10.1.2.3");
	struct sockaddr_storage local = v4("192.0.2.1");
	char prof[64] = "";
	assert_true(ike_conf_profile_for(&id, &local, prof, sizeof prof));
	assert_string_equal(prof, "P");
	assert_int_equal(db_exec("UPDATE ikev2_profile SET match_fvrf=NULL WHERE name='RED'", NULL), 0);
	assert_true(ike_conf_profile_for(&id, &local, prof, sizeof prof));
	assert_string_equal(prof, "RED");   /* no match fvrf: global, matches */
	assert_int_equal(db_exec("UPDATE ikev2_profile SET match_fvrf='RED' WHERE name='RED'", NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyring_best_address),
		cmocka_unit_test(test_keyring_identity_first),
		cmocka_unit_test(test_profile_fvrf),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
