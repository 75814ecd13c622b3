/* Lifetimes and replay window of new Child SAs (see ipsec_sa_policy.h). */
#include "ipsec_sa_policy.h"

#include <stdio.h>
#include <string.h>

#include "ipsec/esp.h"
#include "running-config/store.h"

void ipsec_sa_policy_for(const char *ikev2_profile, struct ipsec_sa_policy *out)
{
	memset(out, 0, sizeof *out);
	snprintf(out->ipsec_profile, sizeof out->ipsec_profile, "default");
	if (ikev2_profile && *ikev2_profile)
		db_get_text(out->ipsec_profile, sizeof out->ipsec_profile,
			    "SELECT name FROM ipsec_profile WHERE ikev2_profile=? AND disabled=0"
			    " ORDER BY name LIMIT 1", "s", ikev2_profile);
	long long sec = 3600, kb = 4608000, kb_off = 0, win = ESP_REPLAY_DEFAULT, off = 0;
	db_get_int(&sec, "SELECT lifetime_seconds FROM ipsec_global WHERE id = 1", "");
	db_get_int(&kb, "SELECT lifetime_kilobytes FROM ipsec_global WHERE id = 1", "");
	db_get_int(&kb_off, "SELECT lifetime_kb_disable FROM ipsec_global WHERE id = 1", "");
	db_get_int(&win, "SELECT replay_window FROM ipsec_global WHERE id = 1", "");
	db_get_int(&off, "SELECT replay_disable FROM ipsec_global WHERE id = 1", "");
	/* the profile's own values win where it has them (NULL = global) */
	const char *p = out->ipsec_profile;
	long long v;
	if (db_get_int(&v, "SELECT lifetime_seconds FROM ipsec_profile WHERE name=? AND lifetime_seconds IS NOT NULL",
		       "s", p))
		sec = v;
	if (db_get_int(&v, "SELECT lifetime_days FROM ipsec_profile WHERE name=? AND lifetime_days IS NOT NULL",
		       "s", p))
		sec = v * 86400;
	if (db_get_int(&v, "SELECT lifetime_kilobytes FROM ipsec_profile WHERE name=?"
		       " AND lifetime_kilobytes IS NOT NULL", "s", p)) {
		kb = v;
		kb_off = 0;
	}
	if (db_get_int(&v, "SELECT lifetime_kb_disable FROM ipsec_profile WHERE name=?", "s", p) && v)
		kb_off = 1;
	if (db_get_int(&v, "SELECT replay_disable FROM ipsec_profile WHERE name=?", "s", p) && v)
		off = 1;
	else if (db_get_int(&v, "SELECT replay_window FROM ipsec_profile WHERE name=? AND replay_window IS NOT NULL",
			    "s", p)) {
		win = v;
		off = 0;
	}
	if (win < 1 || win > ESP_REPLAY_MAX)
		win = ESP_REPLAY_DEFAULT;
	out->life_sec = sec;
	out->life_kb = kb;
	out->kb_disabled = kb_off != 0;
	out->replay_off = off != 0;
	out->replay_window = off ? 0 : (unsigned)win;
}
