/* Virtual-Access interfaces (interface/vaccess.c) without an engine or a
 * TUN: the AAA line merge rule, cloning from the template with the
 * session's endpoints, `mode auto`, AAA lines given before and after the
 * session is up, lowest free number, an IKE SA rekey keeping the
 * interface, teardown, the log lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cmocka.h>

#include "base/buf.h"
#include "base/log.h"
#include "ikev2/ike_sa.h"
#include "interface/vaccess.h"
#include "running-config/store.h"

static void merge(const char *body, const char *line, const char *want)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, body);
	vaccess_merge_line(&b, line);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void test_merge_rule(void **state)
{
	(void)state;
	/* same command, other value: replaced, the AAA line last */
	merge(" ip unnumbered Loopback0\n ip mtu 1400\n ip nat inside\n", "ip mtu 1000",
	      " ip unnumbered Loopback0\n ip nat inside\n ip mtu 1000\n");
	/* a new command: appended */
	merge(" ip mtu 1400\n", "tunnel key 1", " ip mtu 1400\n tunnel key 1\n");
	/* leading spaces and a trailing newline in the AAA text are ignored */
	merge("", "  ip vrf forwarding RED\n", " ip vrf forwarding RED\n");
	/* one-word lines never replace anything */
	merge(" shutdown\n", "shutdown", " shutdown\n shutdown\n");
	/* an empty line adds nothing */
	merge(" ip mtu 1400\n", "", " ip mtu 1400\n");
}

static struct ike_sa *sa(uint32_t id, const char *peer, uint32_t vip)
{
	struct ike_sa *s = calloc(1, sizeof *s);
	s->id = id;
	s->state = IKE_SA_ESTABLISHED;
	snprintf(s->profile, sizeof s->profile, "PROF");
	struct sockaddr_in *p = (struct sockaddr_in *)&s->peer, *l = (struct sockaddr_in *)&s->local;
	p->sin_family = l->sin_family = AF_INET;
	inet_pton(AF_INET, peer, &p->sin_addr);
	inet_pton(AF_INET, "192.0.2.1", &l->sin_addr);
	s->assigned = vip;
	return s;
}

static char *derived(unsigned n)
{
	static char out[1024];
	struct buf b = BUF_INIT;
	if (!vaccess_derived(n, &b)) {
		buf_free(&b);
		return NULL;
	}
	snprintf(out, sizeof out, "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

static int n_lines;
static char last_lines[8][200];
static void count_line(const char *line, void *data)
{
	(void)data;
	snprintf(last_lines[n_lines++ % 8], sizeof last_lines[0], "%s", line);
}

static bool logged(const char *text)
{
	n_lines = 0;
	log_foreach(count_line, NULL);
	for (int i = 0; i < 8 && i < n_lines; i++)
		if (strstr(last_lines[i], text))
			return true;
	return false;
}

static void test_lifecycle(void **state)
{
	(void)state;
	assert_int_equal(store_open(":memory:"), 0);
	assert_int_equal(db_exec("INSERT INTO if_interface(name, kind, sortkey, vt_type, ip_mode, ip_unnumbered, ip_mtu, "
				 "nat, tun_mode, tun_profile) VALUES ('Virtual-Template1', 'vtemplate', 'z1', 'tunnel', "
				 "'unnumbered', 'Loopback0', 1400, 'inside', NULL, 'IPSECPROF')", NULL), 0);
	assert_int_equal(db_exec("INSERT INTO ikev2_profile(name, seq, vtemplate, vtemplate_auto) VALUES "
				 "('PROF', 1, 1, 1)", NULL), 0);
	vaccess_set_route_dev(NULL); /* no TUN: a log line, no route */

	struct ike_sa *a = sa(1, "192.0.2.2", 0x0a630001);
	vaccess_add_config(a, "ip mtu 1000");   /* AAA before the session is up */
	vaccess_session_up(a);
	assert_int_equal(vaccess_count(), 1);
	assert_true(logged("%LINEPROTO-5-UPDOWN: Line protocol on Interface Virtual-Access1, changed state to up"));
	assert_string_equal(derived(1), "interface Virtual-Access1\n"
					" ip unnumbered Loopback0\n"
					" ip nat inside\n"
					" ip mtu 1000\n"
					" tunnel source 192.0.2.1\n"
					" tunnel mode ipsec ipv4\n"
					" tunnel destination 192.0.2.2\n"
					" tunnel protection ipsec profile IPSECPROF\n"
					" no tunnel protection ipsec initiate\n"
					"end\n");
	vaccess_add_config(a, "tunnel key 7");  /* after: appended */
	assert_non_null(strstr(derived(1), " ip mtu 1000\n tunnel key 7\n tunnel source"));

	struct vaccess_info vi;
	assert_true(vaccess_get(1, &vi));
	assert_string_equal(vi.unnumbered, "Loopback0");
	assert_int_equal(vi.ip_mtu, 1000);
	assert_int_equal(vi.addr4, 0x0a630001);
	assert_string_equal(vi.peer, "192.0.2.2");

	struct ike_sa *b = sa(2, "192.0.2.3", 0x0a630002);
	vaccess_session_up(b);
	assert_non_null(strstr(derived(2), " tunnel destination 192.0.2.3\n"));

	/* an IKE SA rekey: the old SA (REKEYED) goes, the session stays */
	struct ike_sa *b2 = sa(3, "192.0.2.3", 0x0a630002);
	b2->session_id = 2;
	b->state = IKE_SA_REKEYED;
	vaccess_sa_gone(b);
	assert_int_equal(vaccess_count(), 2);
	assert_non_null(derived(2));

	/* a's session ends: Virtual-Access1 goes, then a new one takes 1 */
	vaccess_sa_gone(a);
	assert_null(derived(1));
	assert_true(logged("%LINK-3-UPDOWN: Interface Virtual-Access1, changed state to down"));
	assert_true(vaccess_next(0, &vi));
	assert_int_equal(vi.num, 2);
	struct ike_sa *c = sa(4, "192.0.2.4", 0x0a630003);
	vaccess_session_up(c);
	assert_non_null(strstr(derived(1), " tunnel destination 192.0.2.4\n"));
	/* a fresh session gets no leftover AAA lines */
	assert_null(strstr(derived(1), "ip mtu 1000"));

	/* a profile without virtual-template: no interface */
	assert_int_equal(db_exec("UPDATE ikev2_profile SET vtemplate = NULL", NULL), 0);
	struct ike_sa *d = sa(5, "192.0.2.5", 0x0a630004);
	vaccess_add_config(d, "ip mtu 999");
	vaccess_session_up(d);
	assert_int_equal(vaccess_count(), 2);

	vaccess_sa_gone(b2);
	vaccess_sa_gone(c);
	vaccess_sa_gone(d);
	assert_int_equal(vaccess_count(), 0);
	assert_false(vaccess_next(0, &vi));
	free(a);
	free(b);
	free(b2);
	free(c);
	free(d);
	store_close();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_rule),
		cmocka_unit_test(test_lifecycle),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
