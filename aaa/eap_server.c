/*
 * Which EAP authenticator serves a profile: `authentication remote
 * anyconnect-eap` -> the AnyConnect backend; `authentication remote eap`
 * -> the first method of the global list the profile's `aaa
 * authentication eap LIST` names - an `aaa authentication login LIST`
 * list, as on IOS (or `default`):
 * `local` -> flexd's own EAP methods, `group G` / `group radius` ->
 * pass-through to that RADIUS group.
 */
#include <stdio.h>
#include <string.h>

#include "aaa/eap_server.h"
#include "running-config/store.h"

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
	char method[32] = "", grp[64] = "";
	sqlite3_stmt *st = db_query("SELECT method, grp FROM aaa_method WHERE list_id = ? ORDER BY seq", "i", id);
	if (db_row(st)) {
		snprintf(method, sizeof method, "%s", db_col_text(st, 0));
		snprintf(grp, sizeof grp, "%s", db_col_text(st, 1));
		db_done(st);
	}
	if (strcmp(method, "local") == 0 || strcmp(method, "local-case") == 0)
		return eap_local_new(p, fn, ctx, why, why_len);
	if (strcmp(method, "group") == 0 && grp[0])
		return eap_radius_new(grp, p, fn, ctx, why, why_len);
	snprintf(why, why_len, "AAA method list %s has no local or group method", list);
	return NULL;
}
