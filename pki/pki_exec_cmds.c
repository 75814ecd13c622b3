/* PKI commands whose work (PKCS#12 parsing, SCEP, key generation) comes
 * with the PKI engine.  Until then they are accepted as syntax, say so, and
 * change nothing. */
#include "pki_cmds.h"

int pki_cmd_import(struct vty *v, const struct cmd_args *a)
{
	if (has(a, "pkcs12"))
		return vty_error(v, "PKCS #12 import is not supported yet");
	return vty_error(v, "Certificate import is not supported yet");
}

int pki_cmd_authenticate(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	return vty_error(v, "CA certificate retrieval is not supported yet");
}

int pki_cmd_enroll(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	return vty_error(v, "Certificate enrollment is not supported yet");
}

int pki_cmd_key_generate(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	return vty_error(v, "RSA key generation is not supported yet");
}

int pki_cmd_key_zeroize(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	return vty_error(v, "RSA key removal is not supported yet");
}
