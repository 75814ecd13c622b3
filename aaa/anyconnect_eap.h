/* AnyConnect-EAP helpers of the backend (aaa/anyconnect_eap.c). */
#ifndef FLEXD_ANYCONNECT_EAP_H
#define FLEXD_ANYCONNECT_EAP_H

#include <stddef.h>

/* The `complete` message's profile manifest for an IKEv2 profile: URI and
 * upper-case SHA-1 hex of its AnyConnect profile file; -1 when the profile
 * names none or the file cannot be read (the manifest is then left out). */
int ac_profile_manifest(const char *ike_profile, char *uri, size_t uri_len, char *sha1_hex, size_t hex_len);

#endif
