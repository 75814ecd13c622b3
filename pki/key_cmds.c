/* crypto key generate rsa|ec, crypto key zeroize rsa|ec, show crypto key mypubkey */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "base/buf.h"
#include "pki_cmds.h"
#include "pki_int.h"
#include "running-config/store.h"
#include "system/system.h"

/* What a generate command carries across its questions. */
struct keygen {
	char label[200];
	bool ec;
	bool exportable;
	int bits;          /* 0: ask */
};

static const char *type_upper(bool ec) { return ec ? "EC" : "RSA"; }

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The last step: generate and store. */
static int keygen_run(struct vty *v, struct keygen *g)
{
	vty_out(v, "%% Generating %d bit %s keys, keys will be %s...\n", g->bits, type_upper(g->ec),
		g->exportable ? "exportable" : "non-exportable");
	double t0 = now_mono();
	EVP_PKEY *k;
	if (g->ec)
		k = EVP_EC_gen(g->bits == 256 ? "P-256" : g->bits == 384 ? "P-384" : "P-521");
	else
		k = EVP_RSA_gen((unsigned)g->bits);
	if (!k) {
		free(g);
		return vty_error(v, "Key generation failed");
	}
	int rc = store_savepoint() || pki_key_delete(g->label) ||
		 pki_key_insert(g->label, k, g->exportable, (long long)time(NULL));
	EVP_PKEY_free(k);
	if (rc) {
		store_rollback_savepoint();
		free(g);
		return vty_error(v, "%s", store_errmsg());
	}
	store_release();
	vty_config_changed(v, "pki");
	vty_out(v, "[OK] (elapsed time was %d seconds)\n\n", (int)(now_mono() - t0));
	free(g);
	return CMD_SUCCESS;
}

static int modulus_answer(struct vty *v, const char *answer, void *data)
{
	struct keygen *g = data;
	char *end;
	long bits = *answer ? strtol(answer, &end, 10) : 2048;
	if (*answer && (*end || bits < 512 || bits > 4096)) {
		free(g);
		return vty_error(v, "Invalid modulus size %s: the range is 512 to 4096", answer);
	}
	g->bits = (int)bits;
	return keygen_run(v, g);
}

/* Once the label is settled: the modulus (asked when not given), then the work. */
static int keygen_size(struct vty *v, struct keygen *g)
{
	if (!g->bits) {
		vty_out(v, "Choose the size of the key modulus in the range of 512 to 4096 for your\n"
			   "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
			   "  a few minutes.\n\n");
		vty_ask(v, "How many bits in the modulus [2048]: ", true, modulus_answer, g);
		return CMD_SUCCESS;
	}
	vty_out(v, "\n");
	if (!g->ec)
		vty_out(v, "%% The key modulus size is %d bits\n", g->bits);
	return keygen_run(v, g);
}

static int replace_answer(struct vty *v, const char *answer, void *data)
{
	struct keygen *g = data;
	int yn = pki_yes_no(answer);
	if (yn < 0) {
		vty_ask(v, "% Please answer 'yes' or 'no'.\n% Do you really want to replace them? [yes/no]: ",
			true, replace_answer, g);
		return CMD_SUCCESS;
	}
	if (!yn) {
		free(g);
		return CMD_SUCCESS;
	}
	return keygen_size(v, g);
}

static int keygen_start(struct vty *v, const struct cmd_args *a, bool ec, int bits)
{
	struct keygen *g = calloc(1, sizeof *g);
	if (!g)
		return vty_error(v, "Out of memory");
	g->ec = ec;
	g->bits = bits;
	g->exportable = has(a, "exportable");
	if (has(a, "label")) {
		snprintf(g->label, sizeof g->label, "%s", arg(a, "WORD"));
	} else {
		char domain[150] = "";
		db_get_text(domain, sizeof domain, "SELECT domain_name FROM sys_global"
			    " WHERE id = 1 AND domain_name IS NOT NULL", "");
		if (!*domain) {
			free(g);
			return vty_error(v, "Please define a domain-name first.");
		}
		snprintf(g->label, sizeof g->label, "%.40s.%s", sys_hostname(), domain);
	}
	vty_out(v, "The name for the keys will be: %s\n", g->label);
	if (db_exists("SELECT 1 FROM pki_keypair WHERE label = ?", "s", g->label)) {
		vty_out(v, "%% You already have %s keys defined named %s.\n", type_upper(ec), g->label);
		vty_ask(v, "% Do you really want to replace them? [yes/no]: ", true, replace_answer, g);
		return CMD_SUCCESS;
	}
	return keygen_size(v, g);
}

int pki_cmd_key_generate(struct vty *v, const struct cmd_args *a)
{
	if (has(a, "usage-keys") || has(a, "encryption") || has(a, "signature"))
		return vty_error(v, "Only general-keys (one general purpose key pair) are supported");
	return keygen_start(v, a, false, (int)arg_int(a, "<512-4096>", 0));
}

int pki_cmd_key_generate_ec(struct vty *v, const struct cmd_args *a)
{
	int bits = has(a, "384") ? 384 : has(a, "521") ? 521 : 256;
	return keygen_start(v, a, true, bits);
}

/* ---- zeroize ---- */

struct zeroize {
	bool ec;
	char label[200];   /* "" = every key of the type */
};

static int zeroize_answer(struct vty *v, const char *answer, void *data)
{
	struct zeroize *z = data;
	int yn = pki_yes_no(answer);
	if (yn < 0) {
		vty_ask(v, "% Please answer 'yes' or 'no'.\nDo you really want to remove these keys? [yes/no]: ",
			true, zeroize_answer, z);
		return CMD_SUCCESS;
	}
	int rc = 0;
	if (yn) {
		struct buf labels = BUF_INIT;
		sqlite3_stmt *st = db_query("SELECT label FROM pki_keypair WHERE type = ? AND (? = '' OR label = ?)",
					    "sss", z->ec ? "ec" : "rsa", z->label, z->label);
		while (st && db_row(st))
			buf_printf(&labels, "%s\n", db_col_text(st, 0));
		rc = store_savepoint();
		for (char *p = labels.s; p && *p && !rc;) {
			char *e = strchr(p, '\n');
			*e = '\0';
			rc = pki_key_delete(p);
			p = e + 1;
		}
		buf_free(&labels);
		if (rc) {
			store_rollback_savepoint();
			rc = vty_error(v, "%s", store_errmsg());
		} else {
			store_release();
			vty_config_changed(v, "pki");
		}
	}
	free(z);
	return rc;
}

int pki_cmd_key_zeroize(struct vty *v, const struct cmd_args *a)
{
	struct zeroize *z = calloc(1, sizeof *z);
	if (!z)
		return vty_error(v, "Out of memory");
	z->ec = has(a, "ec");
	const char *type = z->ec ? "ec" : "rsa";
	if (has(a, "WORD")) {
		snprintf(z->label, sizeof z->label, "%s", arg(a, "WORD"));
		if (!db_exists("SELECT 1 FROM pki_keypair WHERE label = ? AND type = ?", "ss", z->label, type)) {
			free(z);
			return vty_error(v, "%s keypair %s is not present", type_upper(has(a, "ec")), arg(a, "WORD"));
		}
		vty_out(v, "%% Keys to be removed are named '%s'.\n", z->label);
	} else {
		if (!db_exists("SELECT 1 FROM pki_keypair WHERE type = ?", "s", type)) {
			free(z);
			return vty_error(v, "No %s keys are present", type_upper(has(a, "ec")));
		}
		vty_out(v, "%% All %s keys will be removed.\n", type_upper(z->ec));
	}
	vty_out(v, "%% All router certs issued using these keys will also be removed.\n");
	vty_ask(v, "Do you really want to remove these keys? [yes/no]: ", true, zeroize_answer, z);
	return CMD_SUCCESS;
}

/* ---- show crypto key mypubkey {rsa|ec} [LABEL] ---- */

int pki_cmd_show_mypubkey(struct vty *v, const struct cmd_args *a)
{
	bool ec = has(a, "ec");
	const char *label = has(a, "WORD") ? arg(a, "WORD") : "";
	sqlite3_stmt *st = db_query("SELECT label, created, exportable FROM pki_keypair"
				    " WHERE type = ? AND (? = '' OR label = ?) ORDER BY label",
				    "sss", ec ? "ec" : "rsa", label, label);
	struct buf b = BUF_INIT;
	while (st && db_row(st)) {
		char when[64];
		pki_time_str(db_col_int(st, 1), when, sizeof when);
		buf_printf(&b, "%% Key pair was generated at: %s\n", when);
		buf_printf(&b, "Key name: %s\n", db_col_text(st, 0));
		buf_printf(&b, "Key type: %s KEYS\n", type_upper(ec));
		buf_puts(&b, " Storage Device: private-config\n");
		buf_puts(&b, " Usage: General Purpose Key\n");
		buf_printf(&b, " Key is %sexportable. Redundancy enabled.\n", db_col_int(st, 2) ? "" : "not ");
		buf_puts(&b, " Key Data:\n");
		EVP_PKEY *k = pki_key_get(db_col_text(st, 0));
		unsigned char *der = NULL;
		int n = k ? i2d_PUBKEY(k, &der) : -1;
		if (n > 0)
			pki_hex_lines(&b, der, (size_t)n, "  ", true);
		OPENSSL_free(der);
		EVP_PKEY_free(k);
	}
	vty_write(v, buf_str(&b), b.len);
	buf_free(&b);
	return CMD_SUCCESS;
}
