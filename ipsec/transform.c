#include "transform.h"

#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "running-config/store.h"

static void copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src ? src : "");
}

bool ts_load(const char *name, struct transform_set *t)
{
	sqlite3_stmt *st = db_query(
		"SELECT name, esp_cipher, esp_keysize, esp_auth, ah_auth, comp, mode,"
		" mode_require, esn, is_default, disabled"
		" FROM ipsec_transform_set WHERE name = ?", "s", name);
	bool found = false;
	if (st && db_row(st)) {
		memset(t, 0, sizeof *t);
		copy(t->name, sizeof t->name, db_col_text(st, 0));
		copy(t->esp_cipher, sizeof t->esp_cipher, db_col_text(st, 1));
		t->esp_keysize = (int)db_col_int(st, 2);
		copy(t->esp_auth, sizeof t->esp_auth, db_col_text(st, 3));
		copy(t->ah_auth, sizeof t->ah_auth, db_col_text(st, 4));
		copy(t->comp, sizeof t->comp, db_col_text(st, 5));
		copy(t->mode, sizeof t->mode, db_col_text(st, 6));
		t->mode_require = db_col_int(st, 7) != 0;
		t->esn = db_col_int(st, 8) != 0;
		t->is_default = db_col_int(st, 9) != 0;
		t->disabled = db_col_int(st, 10) != 0;
		found = true;
		db_done(st);
	}
	return found;
}

void ts_config_words(const struct transform_set *t, struct buf *b)
{
	if (t->ah_auth[0])
		buf_printf(b, "%s ", t->ah_auth);
	if (t->esp_cipher[0]) {
		/* 128 is the key size these ciphers take by default: IOS omits it */
		if (t->esp_keysize && t->esp_keysize != 128)
			buf_printf(b, "%s %d ", t->esp_cipher, t->esp_keysize);
		else
			buf_printf(b, "%s ", t->esp_cipher);
	}
	if (t->esp_auth[0])
		buf_printf(b, "%s ", t->esp_auth);
	if (t->comp[0])
		buf_printf(b, "%s ", t->comp);
}

void ts_show_cipher(const struct transform_set *t, char *out, size_t len)
{
	if (!t->esp_cipher[0]) {
		snprintf(out, len, "%s", "");
	} else if (strcmp(t->esp_cipher, "esp-aes") == 0 && t->esp_keysize > 128) {
		snprintf(out, len, "esp-%d-aes", t->esp_keysize);
	} else if (t->esp_keysize > 128) {
		snprintf(out, len, "%s %d", t->esp_cipher, t->esp_keysize);
	} else {
		snprintf(out, len, "%s", t->esp_cipher);
	}
}

bool ts_is_factory_default(const struct transform_set *t)
{
	return strcmp(t->esp_cipher, "esp-aes") == 0 && t->esp_keysize == 128 &&
	       strcmp(t->esp_auth, "esp-sha-hmac") == 0 && !t->ah_auth[0] &&
	       !t->comp[0] && strcmp(t->mode, "transport") == 0 &&
	       !t->mode_require && !t->esn && !t->disabled;
}

void ts_refresh_default_flag(void)
{
	struct transform_set t;
	if (!ts_load("default", &t))
		return;
	db_exec("UPDATE ipsec_transform_set SET is_default = ? WHERE name = 'default'",
		"d", ts_is_factory_default(&t) ? 1 : 0);
}
