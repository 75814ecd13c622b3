/* ip local pool NAME START [END] [group G] [cache-size N]
 * ipv6 local pool NAME PREFIX/LEN ASSIGNED-LEN [shared] [cache-size N]
 * A pool may hold several ranges; ranges of pools in the same group
 * (the base group when none is named) must not overlap. */
#include "aaa/aaa_cmds.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "running-config/store.h"

#define CHANGED(v) (vty_config_changed((v), "aaa"), CMD_SUCCESS)

static int delete_pool(struct vty *v, const char *name, const struct cmd_args *a)
{
	uint32_t s, e;
	if (!has(a, "START")) {
		if (db_exec("DELETE FROM ip_local_pool_range WHERE pool=?", "s", name) ||
		    db_exec("DELETE FROM ip_local_pool WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	aaa_ipv4(arg(a, "START"), &s);
	e = s;
	if (has(a, "END"))
		aaa_ipv4(arg(a, "END"), &e);
	if (db_exec("DELETE FROM ip_local_pool_range WHERE pool=? AND start_num=? AND end_num=?",
		    "sii", name, (long long)s, (long long)e))
		return vty_error(v, "%s", store_errmsg());
	if (db_changes() == 0)
		return vty_error(v, "Range %s %s not found in pool %s", arg(a, "START"),
				 has(a, "END") ? arg(a, "END") : arg(a, "START"), name);
	/* the last range gone: the pool goes too */
	if (!db_exists("SELECT 1 FROM ip_local_pool_range WHERE pool=?", "s", name) &&
	    db_exec("DELETE FROM ip_local_pool WHERE name=?", "s", name))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_ip_pool(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME"), *grp = arg(a, "GRP");
	const char *start = arg(a, "START"), *end = has(a, "END") ? arg(a, "END") : start;
	char cur_grp[64] = "", other[64];
	uint32_t s, e;
	bool exists;
	long long seq = 0;

	if (a->no || a->dflt)
		return delete_pool(v, name, a);
	if (strlen(name) > 31)
		return vty_error(v, "Pool name \"%s\" is longer than 31 characters", name);
	if (!aaa_ipv4(start, &s) || !aaa_ipv4(end, &e))
		return vty_error(v, "Invalid IP address");
	if (e < s)
		return vty_error(v, "Invalid address range %s %s: end before start", start, end);
	if (grp && !strcmp(name, "default"))
		return vty_error(v, "Pool \"default\" can only be in the base group");

	exists = db_exists("SELECT 1 FROM ip_local_pool WHERE name=?", "s", name);
	if (exists) {
		db_get_text(cur_grp, sizeof(cur_grp), "SELECT COALESCE(grp,'') FROM ip_local_pool WHERE name=?",
			    "s", name);
		if (strcmp(cur_grp, grp ? grp : ""))
			return vty_error(v, "Pool %s is already in %s%s", name,
					 cur_grp[0] ? "group " : "the base group", cur_grp);
	}
	/* Overlap within the same group, this pool's own ranges included. */
	if (db_get_text(other, sizeof(other),
			"SELECT r.pool FROM ip_local_pool_range r JOIN ip_local_pool p ON p.name=r.pool "
			"WHERE COALESCE(p.grp,'')=? AND r.start_num<=? AND r.end_num>=? LIMIT 1",
			"sii", grp ? grp : "", (long long)e, (long long)s))
		return vty_error(v, "%s %s overlaps with pool %s", start, end, other);

	if (!exists && db_exec("INSERT INTO ip_local_pool(name, grp, seq) "
			       "VALUES(?, ?, (SELECT COALESCE(MAX(seq),0)+1 FROM ip_local_pool))",
			       "ss", name, grp))
		return vty_error(v, "%s", store_errmsg());
	if (has(a, "CS") && db_exec("UPDATE ip_local_pool SET cache_size=? WHERE name=?", "ss",
				    arg(a, "CS"), name))
		return vty_error(v, "%s", store_errmsg());
	db_get_int(&seq, "SELECT COALESCE(MAX(seq),0) FROM ip_local_pool_range WHERE pool=?", "s", name);
	if (db_exec("INSERT INTO ip_local_pool_range(pool, seq, start_addr, end_addr, start_num, end_num) "
		    "VALUES(?,?,?,?,?,?)", "sissii", name, seq + 1, start, end, (long long)s, (long long)e))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}

int aaa_cmd_ipv6_pool(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME"), *pfx = arg(a, "PREFIX");
	long long alen = arg_int(a, "LEN", 0);
	char addr[64], canon[80], txt[INET6_ADDRSTRLEN];
	struct in6_addr in;
	const char *slash;
	int plen;

	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM ipv6_local_pool WHERE name=?", "s", name))
			return vty_error(v, "%s", store_errmsg());
		return CHANGED(v);
	}
	slash = strchr(pfx, '/');
	if (!slash || (size_t)(slash - pfx) >= sizeof(addr))
		return vty_error(v, "Invalid IPv6 prefix");
	memcpy(addr, pfx, (size_t)(slash - pfx));
	addr[slash - pfx] = '\0';
	plen = atoi(slash + 1);
	if (inet_pton(AF_INET6, addr, &in) != 1 || plen < 1 || plen > 128)
		return vty_error(v, "Invalid IPv6 prefix");
	if (alen < plen)
		return vty_error(v, "Assigned prefix length %lld is shorter than the pool prefix /%d",
				 alen, plen);
	/* IOS keeps the prefix with the host bits cleared, hex digits in upper case */
	for (int i = plen; i < 128; i++)
		in.s6_addr[i / 8] &= (uint8_t) ~(0x80u >> (i % 8));
	inet_ntop(AF_INET6, &in, txt, sizeof(txt));
	for (char *p = txt; *p; p++)
		if (*p >= 'a' && *p <= 'f')
			*p = (char)(*p - 'a' + 'A');
	snprintf(canon, sizeof(canon), "%s/%d", txt, plen);
	if (db_exec("INSERT OR IGNORE INTO ipv6_local_pool(name, prefix, assigned_len, seq) "
		    "VALUES(?,?,?,(SELECT COALESCE(MAX(seq),0)+1 FROM ipv6_local_pool))",
		    "ssi", name, canon, alen) ||
	    db_exec("UPDATE ipv6_local_pool SET prefix=?, assigned_len=?, shared=?, cache_size=? "
		    "WHERE name=?", "siiss", canon, alen, (long long)has(a, "shared"), arg(a, "CS"), name))
		return vty_error(v, "%s", store_errmsg());
	return CHANGED(v);
}
