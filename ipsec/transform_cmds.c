/* crypto ipsec transform-set NAME T1 [T2 [T3 [T4]]]  and (cfg-crypto-trans) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipsec_cmds.h"
#include "ipsec_util.h"
#include "transform.h"
#include "running-config/store.h"

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The smart default's content back (default crypto ipsec transform-set). */
static int restore_default(struct vty *v)
{
	if (db_exec("UPDATE ipsec_transform_set SET esp_cipher = 'esp-aes', esp_keysize = 128,"
		    " esp_auth = 'esp-sha-hmac', ah_auth = NULL, comp = NULL, mode = 'transport',"
		    " mode_require = 0, esn = 0, is_default = 1, disabled = 0 WHERE name = 'default'", ""))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "ipsec");
	return CMD_SUCCESS;
}

static int delete_set(struct vty *v, const char *name)
{
	if (strcmp(name, "default") == 0) {
		/* the smart default is disabled, never dropped */
		if (db_exec("UPDATE ipsec_transform_set SET disabled = 1, is_default = 0"
			    " WHERE name = 'default'", ""))
			return vty_error(v, "%s", store_errmsg());
		vty_config_changed(v, "ipsec");
		return CMD_SUCCESS;
	}
	char prof[128];
	if (db_get_text(prof, sizeof prof,
			"SELECT profile FROM ipsec_profile_transform WHERE transform_set = ?"
			" ORDER BY profile LIMIT 1", "s", name))
		return vty_error(v, "Transform set %s is in use by IPsec profile %s", name, prof);
	if (db_exec("DELETE FROM ipsec_transform_set WHERE name = ?", "s", name))
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "ipsec");
	return CMD_SUCCESS;
}

int ipsec_cmd_transform_set(struct vty *v, const struct cmd_args *a)
{
	const char *name = arg(a, "NAME");
	if (a->dflt && strcmp(name, "default") == 0)
		return restore_default(v);
	if (a->no || a->dflt)
		return delete_set(v, name);

	struct transform_set t;
	memset(&t, 0, sizeof t);
	int start = arg_index(a, "NAME");
	for (int i = start + 1; i < a->n; i++) {
		const char *w = a->v[i].value;
		if (!strcmp(w, "128") || !strcmp(w, "192") || !strcmp(w, "256")) {
			t.esp_keysize = (int)strtol(w, NULL, 10);
			continue;
		}
		if (starts(w, "ah-")) {
			if (t.ah_auth[0])
				return cli_caret_error(v, a, i);
			snprintf(t.ah_auth, sizeof t.ah_auth, "%s", w);
		} else if (starts(w, "comp-")) {
			if (t.comp[0])
				return cli_caret_error(v, a, i);
			snprintf(t.comp, sizeof t.comp, "%s", w);
		} else if (ends(w, "-hmac")) {
			/* GCM and GMAC carry their own integrity */
			if (t.esp_auth[0] || (t.esp_cipher[0] && (!strcmp(t.esp_cipher, "esp-gcm") ||
								   !strcmp(t.esp_cipher, "esp-gmac") ||
								   !strcmp(t.esp_cipher, "esp-chacha20-poly1305"))))
				return cli_caret_error(v, a, i);
			snprintf(t.esp_auth, sizeof t.esp_auth, "%s", w);
		} else {
			bool combined = !strcmp(w, "esp-gcm") || !strcmp(w, "esp-gmac");
			bool chacha = !strcmp(w, "esp-chacha20-poly1305"); /* own integrity, 256-bit key only */
			if (t.esp_cipher[0] || ((combined || chacha) && t.esp_auth[0]))
				return cli_caret_error(v, a, i);
			if (!strcmp(w, "esp-192-aes") || !strcmp(w, "esp-256-aes")) {
				snprintf(t.esp_cipher, sizeof t.esp_cipher, "esp-aes");
				t.esp_keysize = w[4] == '1' ? 192 : 256;
			} else {
				snprintf(t.esp_cipher, sizeof t.esp_cipher, "%s", w);
				bool sized = combined || !strcmp(w, "esp-aes");
				t.esp_keysize = sized ? 128 : 0;
			}
		}
	}
	if (!t.esp_cipher[0] && !t.esp_auth[0] && !t.ah_auth[0]) {
		/* compression alone protects nothing: IOS wants more words */
		vty_out(v, "%% Incomplete command.\n\n");
		return CMD_ERROR;
	}

	if (db_exec("INSERT OR IGNORE INTO ipsec_transform_set(name) VALUES (?)", "s", name) ||
	    db_exec("UPDATE ipsec_transform_set SET esp_cipher = ?, esp_keysize = ?, esp_auth = ?,"
		    " ah_auth = ?, comp = ?, disabled = 0 WHERE name = ?", "sissss",
		    t.esp_cipher[0] ? t.esp_cipher : NULL,
		    (long long)t.esp_keysize,
		    t.esp_auth[0] ? t.esp_auth : NULL,
		    t.ah_auth[0] ? t.ah_auth : NULL,
		    t.comp[0] ? t.comp : NULL, name))
		return vty_error(v, "%s", store_errmsg());
	if (t.esp_keysize == 0)
		db_exec("UPDATE ipsec_transform_set SET esp_keysize = NULL WHERE name = ?", "s", name);
	ts_refresh_default_flag();
	vty_config_changed(v, "ipsec");
	vty_enter(v, MODE_IPSEC_TRANSFORM, name, NULL);
	return CMD_SUCCESS;
}

/* `default crypto ipsec transform-set` restores the smart default;
 * `no crypto ipsec transform-set` alone is incomplete as on IOS. */
int ipsec_cmd_transform_set_bare(struct vty *v, const struct cmd_args *a)
{
	if (a->dflt)
		return restore_default(v);
	vty_out(v, "%% Incomplete command.\n\n");
	return CMD_ERROR;
}

int ipsec_cmd_ts_mode(struct vty *v, const struct cmd_args *a)
{
	const char *name = vty_key(v, 0);
	const char *mode = "tunnel";
	int require = 0;
	if (a->no || a->dflt) {
		if (strcmp(name, "default") == 0)
			mode = "transport";
	} else if (has(a, "transport")) {
		mode = "transport";
		require = has(a, "require");
	}
	if (db_exec("UPDATE ipsec_transform_set SET mode = ?, mode_require = ? WHERE name = ?",
		    "sds", mode, require, name))
		return vty_error(v, "%s", store_errmsg());
	ts_refresh_default_flag();
	vty_config_changed(v, "ipsec");
	return CMD_SUCCESS;
}

int ipsec_cmd_ts_esn(struct vty *v, const struct cmd_args *a)
{
	if (db_exec("UPDATE ipsec_transform_set SET esn = ? WHERE name = ?", "ds",
		    (a->no || a->dflt) ? 0 : 1, vty_key(v, 0)))
		return vty_error(v, "%s", store_errmsg());
	ts_refresh_default_flag();
	vty_config_changed(v, "ipsec");
	return CMD_SUCCESS;
}
