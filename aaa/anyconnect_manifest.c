/*
 * The profile manifest of the AnyConnect `complete` message (spec §4.5,
 * §8): the IKEv2 profile's `anyconnect profile NAME` -> `crypto vpn
 * anyconnect profile NAME bootflash:FILE` -> the URI the client fetches it
 * from and the SHA-1 of the file (the client downloads only on a
 * mismatch).  IOS always serves the file as acvpn.xml (S1); the
 * /CACHE/stc/profiles/ path is the ASA's (unverified for IOS).
 */
#include <stdio.h>
#include <stdlib.h>

#include "aaa/anyconnect_eap.h"
#include "ikev2/crypto.h"
#include "running-config/flash.h"
#include "running-config/store.h"

#define AC_PROFILE_MAX (1 << 20)

int ac_profile_manifest(const char *ike_profile, char *uri, size_t uri_len, char *sha1_hex, size_t hex_len)
{
	if (!ike_profile || hex_len < 41)
		return -1;
	char url[512] = "";
	sqlite3_stmt *st = db_query("SELECT p.url FROM ikev2_profile i JOIN pki_anyconnect_profile p"
				    " ON p.name = i.anyconnect_profile WHERE i.name = ?", "s", ike_profile);
	if (db_row(st)) {
		snprintf(url, sizeof url, "%s", db_col_text(st, 0));
		db_done(st);
	}
	char path[4096];
	if (!url[0] || !flash_path(url, path, sizeof path))
		return -1;
	FILE *f = fopen(path, "rb");
	uint8_t *buf = f ? malloc(AC_PROFILE_MAX) : NULL;
	size_t n = buf ? fread(buf, 1, AC_PROFILE_MAX, f) : 0;
	if (f)
		fclose(f);
	uint8_t md[20];
	struct ikev2_iov v = { buf, n };
	int rc = n && ikev2_digest(IKEV2_HASH_SHA1, &v, 1, md, NULL) == 0 ? 0 : -1;
	free(buf);
	if (rc)
		return -1;
	for (int i = 0; i < 20; i++)
		snprintf(sha1_hex + 2 * i, 3, "%02X", md[i]);
	snprintf(uri, uri_len, "/CACHE/stc/profiles/acvpn.xml");
	return 0;
}
