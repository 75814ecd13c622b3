/* IOS-style stored secrets: type 9 (scrypt), type 8 (PBKDF2-SHA256),
 * type 5 (MD5-crypt, verify only), type 7 (reversible, Vigenere), type 0 (plain). */
#ifndef FLEXD_SECRET_H
#define FLEXD_SECRET_H

#include <stdbool.h>
#include <stddef.h>

/* Hash plain text as type 9: out gets "$9$<salt>$<hash>" (Cisco base64). */
int secret_hash9(const char *plain, char *out, size_t outlen);
/* Check plain text against a stored secret of type 0, 5, 7, 8 or 9.
 * `type` is the IOS type number the secret is stored as. */
bool secret_verify(int type, const char *stored, const char *plain);
/* Is `s` a well-formed stored secret of that type (for `secret 9 $9$...`)? */
bool secret_wellformed(int type, const char *s);
/* Decode a type 7 string; false when malformed. */
bool secret_type7_decode(const char *enc, char *out, size_t outlen);

#endif
