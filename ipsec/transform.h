/* A transform set as stored, and its two spellings: running-config
 * (`esp-aes 256 esp-sha256-hmac`) and show (`esp-256-aes esp-sha256-hmac`). */
#ifndef FLEXD_IPSEC_TRANSFORM_H
#define FLEXD_IPSEC_TRANSFORM_H

#include <stdbool.h>
#include <stddef.h>

struct buf;

struct transform_set {
	char name[128];
	char esp_cipher[24];   /* "" when none */
	int esp_keysize;       /* 0 when the cipher takes none */
	char esp_auth[24];
	char ah_auth[24];
	char comp[16];
	char mode[16];         /* tunnel | transport */
	bool mode_require;
	bool esn;
	bool is_default;
	bool disabled;
};

/* Load one set by name; false when there is no such row. */
bool ts_load(const char *name, struct transform_set *t);

/* Transforms as `show running-config` prints them, each followed by a space
 * (IOS leaves a trailing space after the last one). */
void ts_config_words(const struct transform_set *t, struct buf *b);

/* ESP cipher as show commands print it: esp-aes, esp-256-aes, esp-gcm 256. */
void ts_show_cipher(const struct transform_set *t, char *out, size_t len);

/* Does the set hold exactly the smart default's content? */
bool ts_is_factory_default(const struct transform_set *t);

/* Recompute the `is_default` flag of the default set after a change. */
void ts_refresh_default_flag(void);

#endif
