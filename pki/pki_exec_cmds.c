/* crypto pki import (pkcs12 from bootflash:, certificate by paste),
 * crypto pki authenticate (by paste), crypto pki enroll (not yet: SCEP). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "base/buf.h"
#include "pki_cmds.h"
#include "pki_int.h"
#include "running-config/flash.h"
#include "running-config/store.h"

static bool tp_exists(const char *tp)
{
	return db_exists("SELECT 1 FROM pki_trustpoint WHERE name = ?", "s", tp);
}

/* ---------------- PKCS #12 ---------------- */

struct p12_import {
	char tp[128];
	char fs[32];        /* "bootflash:" as typed */
	char file[512];     /* the file name after it */
	char pw[256];
};

static void p12_free(struct p12_import *p)
{
	OPENSSL_cleanse(p->pw, sizeof p->pw);
	free(p);
}

static int read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	int err = ferror(f);
	fclose(f);
	return err ? -1 : 0;
}

/* Validate everything, then write everything: a failure changes nothing. */
static int p12_store(struct vty *v, const char *tp, EVP_PKEY *key, X509 *cert, STACK_OF(X509) *ca)
{
	char label[256];
	pki_tp_key_label(tp, label, sizeof label);
	if (db_exists("SELECT 1 FROM pki_keypair WHERE label = ?", "s", label))
		return vty_error(v, "You already have keys named %s: remove them first"
				 " (crypto key zeroize rsa %s)", label, label);
	if (pki_cert_count(tp, NULL))
		return vty_error(v, "Trustpoint %s already has certificates: remove them first"
				 " (no crypto pki certificate chain %s)", tp, tp);
	int rc = store_savepoint();
	if (!rc && !tp_exists(tp))
		rc = db_exec("INSERT INTO pki_trustpoint(name, enrollment, rsakeypair) VALUES (?, 'pkcs12', ?)",
			     "ss", tp, tp);
	if (!rc)
		rc = pki_key_insert(label, key, false, (long long)time(NULL));
	if (!rc)
		rc = pki_cert_insert(tp, "identity", cert);
	/* the issuing CA first, then the rest of the chain */
	X509 *issuer = NULL;
	for (int i = 0; ca && i < sk_X509_num(ca); i++)
		if (!issuer && X509_check_issued(sk_X509_value(ca, i), cert) == X509_V_OK)
			issuer = sk_X509_value(ca, i);
	if (!rc && issuer)
		rc = pki_cert_insert(tp, "ca", issuer);
	for (int i = 0; ca && i < sk_X509_num(ca) && !rc; i++)
		if (sk_X509_value(ca, i) != issuer)
			rc = pki_cert_insert(tp, "subordinate", sk_X509_value(ca, i));
	if (rc) {
		store_rollback_savepoint();
		return vty_error(v, "%s", store_errmsg());
	}
	store_release();
	vty_config_changed(v, "pki");
	return CMD_SUCCESS;
}

static int p12_run(struct vty *v, struct p12_import *p)
{
	char url[600], path[4200];
	snprintf(url, sizeof url, "%s%s", p->fs, p->file);
	struct buf data = BUF_INIT;
	int rc = CMD_ERROR;
	PKCS12 *p12 = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;

	if (!flash_path(url, path, sizeof path) || read_file(path, &data) != 0) {
		vty_out(v, "%%Error opening %s (%s)\n", url, errno ? strerror(errno) : "No such file or directory");
		goto out;
	}
	const unsigned char *q = (const unsigned char *)data.s;
	p12 = data.len ? d2i_PKCS12(NULL, &q, (long)data.len) : NULL;
	if (!p12) {
		vty_error(v, "%s is not a PKCS #12 file or is damaged: nothing imported", url);
		goto out;
	}
	if (!PKCS12_verify_mac(p12, p->pw, -1)) {
		vty_error(v, "Wrong password for %s (PKCS #12 MAC verification failed): nothing imported", url);
		goto out;
	}
	if (!PKCS12_parse(p12, p->pw, &key, &cert, &ca)) {
		vty_error(v, "%s could not be decoded (damaged file?): nothing imported", url);
		goto out;
	}
	if (!key || !cert) {
		vty_error(v, "%s holds no %s: nothing imported", url,
			  !key ? "private key" : "certificate");
		goto out;
	}
	int id = EVP_PKEY_get_base_id(key);
	if (id != EVP_PKEY_RSA && id != EVP_PKEY_EC) {
		vty_error(v, "The key in %s is neither RSA nor EC: nothing imported", url);
		goto out;
	}
	if (X509_check_private_key(cert, key) != 1) {
		vty_error(v, "The certificate in %s does not match its private key: nothing imported", url);
		goto out;
	}
	rc = p12_store(v, p->tp, key, cert, ca);
	if (rc == CMD_SUCCESS)
		vty_out(v, "CRYPTO_PKI: Imported PKCS12 file successfully.\n");
out:
	ERR_clear_error();
	sk_X509_pop_free(ca, X509_free);
	X509_free(cert);
	EVP_PKEY_free(key);
	PKCS12_free(p12);
	buf_free(&data);
	p12_free(p);
	return rc;
}

static int p12_filename_answer(struct vty *v, const char *answer, void *data)
{
	struct p12_import *p = data;
	if (*answer) {
		const char *colon = strchr(answer, ':');
		if (colon) {
			snprintf(p->fs, sizeof p->fs, "%.*s", (int)(colon - answer + 1), answer);
			answer = colon + 1;
		}
		snprintf(p->file, sizeof p->file, "%s", answer);
	}
	errno = 0;
	return p12_run(v, p);
}

static int import_pkcs12(struct vty *v, const struct cmd_args *a)
{
	const char *url = arg(a, "URL");
	const char *colon = strchr(url, ':');
	char path[4200];
	if (!colon || !flash_path(url, path, sizeof path)) {
		vty_out(v, "%%Error opening %s (Only bootflash: is supported)\n", url);
		return CMD_ERROR;
	}
	struct p12_import *p = calloc(1, sizeof *p);
	if (!p)
		return vty_error(v, "Out of memory");
	snprintf(p->tp, sizeof p->tp, "%s", arg(a, "NAME"));
	snprintf(p->fs, sizeof p->fs, "%.*s", (int)(colon - url + 1), url);
	const char *file = colon + 1;
	while (*file == '/')
		file++;
	snprintf(p->file, sizeof p->file, "%s", file);
	snprintf(p->pw, sizeof p->pw, "%s", arg(a, "PW"));
	vty_out(v, "%% Importing pkcs12...\n");
	char q[600];
	snprintf(q, sizeof q, "Source filename [%s]? ", p->file);
	vty_ask(v, q, true, p12_filename_answer, p);
	return CMD_SUCCESS;
}

/* ---------------- pasted certificates ---------------- */

enum paste_kind { PASTE_CA, PASTE_IDENTITY };

struct paste {
	enum paste_kind kind;
	char tp[128];
	struct buf text;
	X509 *x;            /* CA waiting for yes/no */
};

static void paste_free(struct paste *p)
{
	buf_free(&p->text);
	X509_free(p->x);
	free(p);
}

static int accept_answer(struct vty *v, const char *answer, void *data)
{
	struct paste *p = data;
	int yn = pki_yes_no(answer);
	if (yn < 0) {
		vty_ask(v, "% Please answer 'yes' or 'no'.\n% Do you accept this certificate? [yes/no]: ",
			true, accept_answer, p);
		return CMD_SUCCESS;
	}
	if (!yn) {
		vty_out(v, "%% Certificate not accepted.\n");
		paste_free(p);
		return CMD_SUCCESS;
	}
	int rc = store_savepoint() || pki_cert_insert(p->tp, "ca", p->x);
	if (rc) {
		store_rollback_savepoint();
		paste_free(p);
		return vty_error(v, "%s", store_errmsg());
	}
	store_release();
	vty_config_changed(v, "pki");
	vty_out(v, "Trustpoint CA certificate accepted.\n%% Certificate successfully imported\n");
	paste_free(p);
	return CMD_SUCCESS;
}

static int ca_pasted(struct vty *v, struct paste *p, X509 *x)
{
	if (!X509_check_ca(x)) {
		X509_free(x);
		paste_free(p);
		return vty_error(v, "The certificate is not a CA certificate: nothing imported");
	}
	char md5[80], sha1[80];
	pki_fingerprint(x, "MD5", md5, sizeof md5);
	pki_fingerprint(x, "SHA1", sha1, sizeof sha1);
	vty_out(v, "Certificate has the following attributes:\n");
	vty_out(v, "       Fingerprint MD5: %s\n", md5);
	vty_out(v, "      Fingerprint SHA1: %s\n\n", sha1);
	p->x = x;
	vty_ask(v, "% Do you accept this certificate? [yes/no]: ", true, accept_answer, p);
	return CMD_SUCCESS;
}

static int identity_pasted(struct vty *v, struct paste *p, X509 *x)
{
	X509 *ca = pki_cert_get(p->tp, "ca");
	char label[256];
	pki_tp_key_label(p->tp, label, sizeof label);
	EVP_PKEY *key = pki_key_get(label);
	EVP_PKEY *capub = ca ? X509_get0_pubkey(ca) : NULL;
	int rc = CMD_ERROR;
	if (!ca)
		vty_error(v, "Trustpoint %s is not authenticated (no CA certificate): nothing imported", p->tp);
	else if (X509_check_issued(ca, x) != X509_V_OK || !capub || X509_verify(x, capub) != 1)
		vty_error(v, "The certificate was not issued by the CA of trustpoint %s: nothing imported", p->tp);
	else if (!key)
		vty_error(v, "No key pair named %s for trustpoint %s: nothing imported", label, p->tp);
	else if (X509_check_private_key(x, key) != 1)
		vty_error(v, "The certificate's public key does not match key pair %s: nothing imported", label);
	else if (store_savepoint() ||
		 db_exec("DELETE FROM pki_certificate WHERE trustpoint = ? AND role = 'identity'", "s", p->tp) ||
		 pki_cert_insert(p->tp, "identity", x)) {
		store_rollback_savepoint();
		vty_error(v, "%s", store_errmsg());
	} else {
		store_release();
		vty_config_changed(v, "pki");
		vty_out(v, "%% Router Certificate successfully imported\n");
		rc = CMD_SUCCESS;
	}
	ERR_clear_error();
	EVP_PKEY_free(key);
	X509_free(ca);
	X509_free(x);
	paste_free(p);
	return rc;
}

static int paste_line(struct vty *v, const char *line, void *data)
{
	struct paste *p = data;
	const char *t = line + strspn(line, " \t");
	if (*t && strcmp(t, "quit") != 0) {
		buf_printf(&p->text, "%s\n", line);
		vty_ask(v, "", true, paste_line, p);
		return CMD_SUCCESS;
	}
	size_t n;
	unsigned char *der = pki_base64_decode(buf_str(&p->text), &n);
	X509 *x = der ? pki_x509_from_der(der, n) : NULL;
	free(der);
	ERR_clear_error();
	if (!x) {
		paste_free(p);
		return vty_error(v, "The pasted text is not a base64 encoded certificate: nothing imported");
	}
	return p->kind == PASTE_CA ? ca_pasted(v, p, x) : identity_pasted(v, p, x);
}

static int paste_start(struct vty *v, const char *tp, enum paste_kind kind)
{
	struct paste *p = calloc(1, sizeof *p);
	if (!p)
		return vty_error(v, "Out of memory");
	p->kind = kind;
	snprintf(p->tp, sizeof p->tp, "%s", tp);
	vty_out(v, "\nEnter the base 64 encoded %scertificate.\n"
		   "End with a blank line or the word \"quit\" on a line by itself\n\n",
		kind == PASTE_CA ? "CA " : "");
	vty_ask(v, "", true, paste_line, p);
	return CMD_SUCCESS;
}

int pki_cmd_import(struct vty *v, const struct cmd_args *a)
{
	const char *tp = arg(a, "NAME");
	if (has(a, "pkcs12"))
		return import_pkcs12(v, a);
	if (!tp_exists(tp))
		return vty_error(v, "Trustpoint %s not found", tp);
	return paste_start(v, tp, PASTE_IDENTITY);
}

int pki_cmd_authenticate(struct vty *v, const struct cmd_args *a)
{
	const char *tp = arg(a, "NAME");
	char enr[32] = "";
	if (!tp_exists(tp))
		return vty_error(v, "Trustpoint %s not found", tp);
	if (pki_cert_count(tp, "ca"))
		return vty_error(v, "Trustpoint %s is already authenticated: remove its certificates first"
				 " (no crypto pki certificate chain %s)", tp, tp);
	db_get_text(enr, sizeof enr, "SELECT COALESCE(enrollment, '') FROM pki_trustpoint WHERE name = ?", "s", tp);
	if (strcmp(enr, "url") == 0)
		return vty_error(v, "CA certificate retrieval by SCEP (enrollment url) is not supported yet");
	if (strcmp(enr, "terminal") != 0)
		return vty_error(v, "Trustpoint %s has no enrollment method: configure \"enrollment terminal\""
				 " to paste the CA certificate", tp);
	return paste_start(v, tp, PASTE_CA);
}

int pki_cmd_enroll(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	return vty_error(v, "Certificate enrollment is not supported yet");
}
