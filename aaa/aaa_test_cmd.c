/* test aaa group {NAME|radius} USER PASSWORD legacy: one PAP
 * Access-Request through the group (with failover), answered later on the
 * vty as IOS words it. The password is never echoed or logged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/aaa_cmds.h"
#include "aaa/radius_servers.h"

static void test_done(void *ctx, enum radius_auth_result res)
{
	unsigned long serial = (unsigned long)(uintptr_t)ctx;
	struct vty *v = vty_by_serial(serial);
	if (!v)
		return; /* the session ended while waiting */
	switch (res) {
	case RADIUS_AUTH_ACCEPT:
		vty_out(v, "User was successfully authenticated.\n");
		break;
	case RADIUS_AUTH_REJECT:
		vty_out(v, "User authentication request was rejected by server.\n");
		break;
	default: /* wording unverified against IOS */
		vty_out(v, "User rejected: no RADIUS server answered.\n");
		break;
	}
	vty_finish(v, 0);
}

int aaa_cmd_test_aaa(struct vty *v, const struct cmd_args *a)
{
	const char *grp = arg(a, "GROUP") ? arg(a, "GROUP") : "radius";
	unsigned long serial = vty_defer(v);
	if (radius_auth_pap(grp, arg(a, "USER"), arg(a, "PASS"), test_done,
			    (void *)(uintptr_t)serial) < 0) {
		vty_finish(v, 1);
		return vty_error(v, "No RADIUS server in group %s", grp);
	}
	return CMD_SUCCESS;
}
