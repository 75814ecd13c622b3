/* Method-list password checks (aaa/aaa_auth.c) on an in-memory store:
 * order, next method only on error, case rules, answers only from the
 * loop, cancel.  RADIUS methods are proven against FreeRADIUS by
 * tests/interop/scenario-ssh-radius-login.sh; here a group with no server
 * is the "cannot answer" case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "aaa/aaa_auth.h"
#include "base/loop.h"
#include "running-config/store.h"

struct answer {
	int calls;
	enum aaa_result res;
	char method[72];
	int priv;
};

static int pending;
static bool in_start;

static void got(void *ctx, const struct aaa_reply *r)
{
	struct answer *a = ctx;
	assert_false(in_start);
	a->calls++;
	a->res = r->res;
	snprintf(a->method, sizeof a->method, "%s", r->method ? r->method : "");
	a->priv = r->priv;
	if (--pending == 0)
		loop_stop();
}

static void ask(enum aaa_service svc, const char *list, const char *user, const char *pw, struct answer *a)
{
	memset(a, 0, sizeof *a);
	in_start = true;
	assert_non_null(aaa_auth_start(svc, list, user, pw, NULL, 0, got, a));
	in_start = false;
	pending++;
}

static void stop(void *unused)
{
	(void)unused;
	loop_stop();
}

static void run(void)
{
	uint64_t guard = loop_timer(5000, stop, NULL); /* bounded: never hang */
	loop_run();
	loop_cancel(guard);
	assert_int_equal(pending, 0);
}

static int setup(void **st)
{
	(void)st;
	static bool once;
	if (!once) {
		assert_int_equal(loop_init(), 0);
		once = true;
	}
	assert_int_equal(store_open(":memory:"), 0);
	assert_int_equal(db_script(
		"INSERT INTO aaa_user(name, privilege, kind, pw_type, pw, seq) VALUES('alice', 15, 'password', 0, 'alice-pw', 1);"
		"INSERT INTO aaa_user(name, privilege, kind, pw_type, pw, seq) VALUES('Bob', NULL, 'password', 0, 'bob-pw', 2);"
		"INSERT INTO aaa_method_list(id, kind, service, name) VALUES(1, 'authentication', 'login', 'L');"
		"INSERT INTO aaa_method(list_id, seq, method, grp) VALUES(1, 0, 'group', 'NOSERVERS');"
		"INSERT INTO aaa_method(list_id, seq, method) VALUES(1, 1, 'local');"
		"INSERT INTO aaa_method_list(id, kind, service, name) VALUES(2, 'authentication', 'login', 'C');"
		"INSERT INTO aaa_method(list_id, seq, method) VALUES(2, 0, 'local-case');"
		"INSERT INTO aaa_method(list_id, seq, method) VALUES(2, 1, 'none');"),
			 0);
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	store_close();
	return 0;
}

/* A group that cannot answer passes to local; local's answer is final. */
static void next_method_only_on_error(void **st)
{
	(void)st;
	struct answer ok, bad, unknown;
	ask(AAA_SVC_LOGIN, "L", "alice", "alice-pw", &ok);
	ask(AAA_SVC_LOGIN, "L", "alice", "wrong", &bad);
	ask(AAA_SVC_LOGIN, "L", "nobody", "x", &unknown);
	run();
	assert_int_equal(ok.calls, 1);
	assert_int_equal(ok.res, AAA_PASS);
	assert_string_equal(ok.method, "local");
	assert_int_equal(ok.priv, 15);
	assert_int_equal(bad.res, AAA_FAIL);
	assert_int_equal(unknown.res, AAA_ERROR); /* no method knew the user */
}

/* `local` ignores the user name's case, `local-case` does not; an unknown
 * user is an error there, so `none` after it lets the login in. */
static void case_rules(void **st)
{
	(void)st;
	struct answer a, b, c;
	ask(AAA_SVC_LOGIN, "L", "BOB", "bob-pw", &a);
	ask(AAA_SVC_LOGIN, "C", "bob", "wrong", &b);
	ask(AAA_SVC_LOGIN, "C", "Bob", "wrong", &c);
	run();
	assert_int_equal(a.res, AAA_PASS);
	assert_int_equal(a.priv, 1);
	assert_int_equal(b.res, AAA_PASS);
	assert_string_equal(b.method, "none");
	assert_int_equal(c.res, AAA_FAIL);
	assert_string_equal(c.method, "local-case");
}

/* Logins without a default list use the local database (IOS); an IKE
 * profile naming a list that does not exist gets an error. */
static void missing_lists(void **st)
{
	(void)st;
	struct answer login, eap;
	ask(AAA_SVC_LOGIN, NULL, "alice", "alice-pw", &login);
	ask(AAA_SVC_EAP, "NOLIST", "alice", "alice-pw", &eap);
	run();
	assert_int_equal(login.res, AAA_PASS);
	assert_int_equal(eap.res, AAA_ERROR);
}

/* A cancelled request never calls back; the others still do. */
static void cancel(void **st)
{
	(void)st;
	struct answer gone, kept;
	memset(&gone, 0, sizeof gone);
	struct aaa_auth_req *r = aaa_auth_start(AAA_SVC_LOGIN, "L", "alice", "alice-pw", NULL, 0, got, &gone);
	assert_non_null(r);
	aaa_auth_cancel(r);
	ask(AAA_SVC_LOGIN, "L", "alice", "alice-pw", &kept);
	run();
	assert_int_equal(gone.calls, 0);
	assert_int_equal(kept.calls, 1);
}

/* Over-long input is refused, not truncated into someone else's name. */
static void overlong(void **st)
{
	(void)st;
	char user[400];
	memset(user, 'a', sizeof user - 1);
	user[sizeof user - 1] = '\0';
	struct answer a;
	ask(AAA_SVC_LOGIN, "C", user, "x", &a);
	run();
	assert_int_equal(a.res, AAA_FAIL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(next_method_only_on_error, setup, teardown),
		cmocka_unit_test_setup_teardown(case_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(cancel, setup, teardown),
		cmocka_unit_test_setup_teardown(overlong, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
