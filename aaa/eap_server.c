/*
 * Which EAP authenticator serves a profile: `authentication remote
 * anyconnect-eap` -> the AnyConnect backend; `authentication remote eap`
 * -> the methods of the global list the profile's `aaa authentication
 * eap LIST` names - an `aaa authentication login LIST` list, as on IOS
 * (or `default`) - in order (aaa/eap_chain.c): `local` -> flexd's own EAP
 * methods, `group G` / `group radius` -> pass-through to that RADIUS
 * group.  Methods EAP cannot use (enable, line, none) are skipped.
 */
#include <stdio.h>
#include <string.h>

#include "aaa/eap_server.h"
#include "running-config/store.h"

#define MAX_METHODS 8

struct eap_server *eap_server_new(bool anyconnect, const struct eap_server_params *p, eap_result_fn fn,
				  void *ctx, char *why, size_t why_len)
{
	if (anyconnect)
		return anyconnect_eap_new(p, fn, ctx, why, why_len);
	const char *list = p->list && p->list[0] ? p->list : "default";
	long long id;
	if (!db_get_int(&id, "SELECT id FROM aaa_method_list WHERE kind = 'authentication' AND service = 'login' "
			     "AND name = ?", "s", list)) {
		snprintf(why, why_len, "AAA method list %s is not configured", list);
		return NULL;
	}
	char methods[MAX_METHODS][72];
	size_t n = 0;
	sqlite3_stmt *st = db_query("SELECT method, ifnull(grp, '') FROM aaa_method WHERE list_id = ? ORDER BY seq",
				    "i", id);
	while (db_row(st)) {
		const char *m = db_col_text(st, 0), *g = db_col_text(st, 1);
		if (n == MAX_METHODS)
			continue;
		if (strcmp(m, "local") == 0 || strcmp(m, "local-case") == 0)
			snprintf(methods[n++], sizeof methods[0], "local");
		else if (strcmp(m, "group") == 0 && g[0])
			snprintf(methods[n++], sizeof methods[0], "group %s", g);
	}
	if (!n) {
		snprintf(why, why_len, "AAA method list %s has no local or group method", list);
		return NULL;
	}
	return eap_chain_new((const char (*)[72])methods, n, p, fn, ctx, why, why_len);
}
