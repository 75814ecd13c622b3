/* crypto pki certificate chain TP -> (config-cert-chain)
 *  certificate [ca|self-signed|rollover] SERIAL -> (config-pubkey)
 *   hex lines ... quit
 * This is how running-config (and startup-config) carries certificates.
 * The hex of a certificate being entered is kept per vty until `quit`,
 * which checks it is one valid certificate with that serial and stores it;
 * leaving (config-pubkey) any other way drops it. */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include "base/buf.h"
#include "cli/vty_session.h"
#include "pki_cmds.h"
#include "pki_int.h"
#include "running-config/store.h"

/* Certificates being entered, one per vty (engine thread only). */
#define PENDING_MAX 64
static struct pending {
	struct vty *v;
	struct buf hex;
} pending[PENDING_MAX];

static struct pending *pending_get(struct vty *v, bool create)
{
	struct pending *free_slot = NULL;
	for (int i = 0; i < PENDING_MAX; i++) {
		if (pending[i].v == v)
			return &pending[i];
		if (!pending[i].v && !free_slot)
			free_slot = &pending[i];
	}
	if (!create)
		return NULL;
	if (!free_slot) {            /* all taken (vtys gone mid-paste): reuse one */
		free_slot = &pending[0];
		buf_free(&free_slot->hex);
	}
	free_slot->v = v;
	buf_reset(&free_slot->hex);
	return free_slot;
}

static void pending_drop(struct vty *v)
{
	struct pending *p = pending_get(v, false);
	if (p) {
		buf_free(&p->hex);
		p->v = NULL;
	}
}

static bool tp_exists(const char *tp)
{
	return db_exists("SELECT 1 FROM pki_trustpoint WHERE name = ?", "s", tp);
}

int pki_cmd_cert_chain(struct vty *v, const struct cmd_args *a)
{
	const char *tp = arg(a, "NAME");
	if (!tp_exists(tp))
		return vty_error(v, "Trustpoint %s not found", tp);
	if (a->no || a->dflt) {
		if (db_exec("DELETE FROM pki_certificate WHERE trustpoint = ?", "s", tp))
			return vty_error(v, "%s", store_errmsg());
		vty_config_changed(v, "pki");
		return CMD_SUCCESS;
	}
	vty_enter(v, MODE_PKI_CERT_CHAIN, tp, NULL);
	return CMD_SUCCESS;
}

static const char *role_of(const struct cmd_args *a)
{
	if (has(a, "ca"))
		return "ca";
	if (has(a, "self-signed"))
		return "self-signed";
	if (has(a, "rollover"))
		return "rollover";
	return "identity";
}

int pki_cmd_chain_certificate(struct vty *v, const struct cmd_args *a)
{
	const char *tp = vty_key(v, 0);
	const char *serial = arg(a, "SERIAL");
	const char *role = role_of(a);
	if (a->no || a->dflt) {
		/* `no certificate SERIAL` removes it whatever its role */
		long long seq = -1;
		sqlite3_stmt *st = db_query("SELECT seq, serial FROM pki_certificate WHERE trustpoint = ?", "s", tp);
		while (st && db_row(st))
			if (seq < 0 && pki_serial_equal(db_col_text(st, 1), serial))
				seq = db_col_int(st, 0);
		if (seq < 0)
			return vty_error(v, "Certificate %s not found in trustpoint %s", serial, tp);
		if (db_exec("DELETE FROM pki_certificate WHERE trustpoint = ? AND seq = ?", "si", tp, seq))
			return vty_error(v, "%s", store_errmsg());
		vty_config_changed(v, "pki");
		return CMD_SUCCESS;
	}
	char key1[160];
	snprintf(key1, sizeof key1, "%s %s", role, serial);
	pending_get(v, true);
	vty_enter(v, MODE_PKI_CERT_HEX, tp, key1);
	return CMD_SUCCESS;
}

int pki_cmd_cert_hex(struct vty *v, const struct cmd_args *a)
{
	struct pending *p = pending_get(v, true);
	for (int i = 0; i < a->n; i++) {
		const char *w = a->v[i].value;
		if (strncasecmp(w, "0x", 2) == 0)     /* the HEX token allows it; DER text does not */
			return vty_caret_error(v, a->v[i].offset);
		buf_printf(&p->hex, "%s ", w);
	}
	return CMD_SUCCESS;
}

/* Store the certificate entered since `certificate ...`: nothing is
 * stored unless it is one valid certificate with the serial given. */
int pki_cmd_cert_quit(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	char tp[128], role[32], serial[128];
	snprintf(tp, sizeof tp, "%s", vty_key(v, 0));
	const char *k1 = vty_key(v, 1);
	const char *sp = strchr(k1, ' ');
	snprintf(role, sizeof role, "%.*s", sp ? (int)(sp - k1) : 0, k1);
	snprintf(serial, sizeof serial, "%s", sp ? sp + 1 : "");
	struct pending *p = pending_get(v, false);
	size_t n = 0;
	unsigned char *der = p ? pki_hex_decode(buf_str(&p->hex), &n) : NULL;
	pending_drop(v);
	cli_exit_mode(v);
	if (!der)
		return vty_error(v, "Certificate %s: the hex data is empty or not whole bytes; not stored", serial);
	X509 *x = pki_x509_from_der(der, n);
	free(der);
	ERR_clear_error();
	if (!x)
		return vty_error(v, "Certificate %s: the data is not a valid X.509 certificate; not stored", serial);
	char real[128];
	pki_serial_hex(x, real, sizeof real);
	if (!pki_serial_equal(real, serial)) {
		X509_free(x);
		return vty_error(v, "Certificate %s: its serial number is %s; not stored", serial, real);
	}
	/* the same serial entered again replaces the old copy; a second CA is
	 * a further certificate of the chain */
	int rc = 0;
	sqlite3_stmt *st = db_query("SELECT seq, serial FROM pki_certificate WHERE trustpoint = ?", "s", tp);
	long long seq = -1;
	while (st && db_row(st))
		if (seq < 0 && pki_serial_equal(db_col_text(st, 1), serial))
			seq = db_col_int(st, 0);
	if (seq >= 0)
		rc = db_exec("DELETE FROM pki_certificate WHERE trustpoint = ? AND seq = ?", "si", tp, seq);
	if (!rc && strcmp(role, "ca") == 0 && pki_cert_count(tp, "ca"))
		snprintf(role, sizeof role, "subordinate");
	if (!rc)
		rc = pki_cert_insert(tp, role, x);
	if (!rc && seq >= 0)       /* keep the replaced copy's place in the chain */
		rc = db_exec("UPDATE pki_certificate SET seq = ? WHERE trustpoint = ? AND seq ="
			     " (SELECT MAX(seq) FROM pki_certificate WHERE trustpoint = ?)", "iss", seq, tp, tp);
	X509_free(x);
	if (rc)
		return vty_error(v, "%s", store_errmsg());
	vty_config_changed(v, "pki");
	return CMD_SUCCESS;
}

static void hex_mode_left(struct vty *v, const char *key0, const char *key1)
{
	(void)key0;
	struct pending *p = pending_get(v, false);
	if (p) {        /* left without `quit` */
		vty_out(v, "%% Certificate %s not stored: it was not ended with \"quit\"\n",
			strchr(key1, ' ') ? strchr(key1, ' ') + 1 : key1);
		pending_drop(v);
	}
}

void pki_certchain_init(void)
{
	cli_set_mode_exit_hook(MODE_PKI_CERT_HEX, hex_mode_left);
}
