/* private-config: the key pairs, saved by write memory, loaded at reload.
 * Format, per key:
 *   key LABEL TYPE BITS EXPORTABLE USAGE CREATED
 *   -----BEGIN PRIVATE KEY-----
 *   ...
 *   -----END PRIVATE KEY-----
 * Lines starting with '!' are comments. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "base/buf.h"
#include "pki.h"
#include "running-config/store.h"

int pki_save_private_config(const char *path)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "! flexd private-config: key pairs (PKCS#8 PEM)\n");
	sqlite3_stmt *st = db_query("SELECT label, type, bits, exportable, usage, created, private_pem"
				    " FROM pki_keypair ORDER BY label", "");
	while (st && db_row(st)) {
		buf_printf(&b, "key %s %s %lld %lld %s %lld\n", db_col_text(st, 0), db_col_text(st, 1),
			   db_col_int(st, 2), db_col_int(st, 3), db_col_text(st, 4), db_col_int(st, 5));
		const char *pem = db_col_text(st, 6);
		buf_puts(&b, pem);
		if (*pem && pem[strlen(pem) - 1] != '\n')
			buf_puts(&b, "\n");
	}
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int rc = -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		size_t off = 0;
		while (off < b.len) {
			ssize_t n = write(fd, b.s + off, b.len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		if (off == b.len && fsync(fd) == 0 && close(fd) == 0) {
			fd = -1;
			rc = rename(tmp, path);
		}
		if (fd >= 0)
			close(fd);
		if (rc != 0)
			unlink(tmp);
	}
	OPENSSL_cleanse(b.s, b.len);
	buf_free(&b);
	return rc;
}

/* Insert the key whose header and PEM are in hdr/pem. */
static int load_one(const char *hdr, const char *pem)
{
	char label[256], type[8], usage[32];
	long long bits, exportable, created;
	if (sscanf(hdr, "key %255s %7s %lld %lld %31s %lld", label, type, &bits, &exportable, usage, &created) != 6)
		return -1;
	return db_exec("INSERT OR REPLACE INTO pki_keypair(label, type, bits, private_pem, exportable, usage, created)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?)", "ssisisi",
		       label, type, bits, pem, exportable, usage, created);
}

int pki_load_private_config(const char *path)
{
	FILE *f = fopen(path, "r");
	int open_errno = errno;
	bool outer = !store_in_txn();
	if (store_savepoint() != 0) {
		if (f)
			fclose(f);
		return -1;
	}
	int rc = db_exec("DELETE FROM pki_keypair", "");
	if (f) {
		char *line = NULL;
		size_t cap = 0;
		struct buf hdr = BUF_INIT, pem = BUF_INIT;
		while (!rc && getline(&line, &cap, f) > 0) {
			if (line[0] == '!')
				continue;
			if (strncmp(line, "key ", 4) == 0) {
				if (hdr.len)
					rc = load_one(buf_str(&hdr), buf_str(&pem));
				buf_reset(&hdr);
				buf_reset(&pem);
				buf_puts(&hdr, line);
			} else if (hdr.len) {
				buf_puts(&pem, line);
			}
		}
		if (!rc && hdr.len)
			rc = load_one(buf_str(&hdr), buf_str(&pem));
		if (pem.s)
			OPENSSL_cleanse(pem.s, pem.len);
		buf_free(&hdr);
		buf_free(&pem);
		free(line);
		fclose(f);
	} else if (open_errno != ENOENT) {
		rc = -1;
	}
	if (rc) {
		store_rollback_savepoint();
	} else {
		store_release();
	}
	if (outer)
		store_commit();
	return rc;
}
