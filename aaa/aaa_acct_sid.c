/*
 * Acct-Session-Id values unique across flexd restarts.  A RADIUS server
 * links a session's Start, Interim-Updates and Stop by Acct-Session-Id
 * (with NAS-IP-Address), so an id must not come back after a restart
 * while the server still holds records with it.  IOS keeps its counter
 * across reloads (how exactly is unverified); flexd keeps a high-water
 * mark in the flash directory (ACCT_SID_FILE, one decimal number) and
 * reserves ids in blocks: the file is rewritten once per ACCT_SID_BLOCK
 * sessions, and a crash or kill costs at most the rest of a block, never
 * a reused id.  Without a flash directory (unit tests) ids start at 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aaa/aaa_acct.h"
#include "base/log.h"
#include "running-config/flash.h"

#define ACCT_SID_FILE ".acct-session-id"
#define ACCT_SID_BLOCK 1024u

static uint32_t next_sid;     /* the next id to give; 0 = not loaded */
static uint32_t reserved_to;  /* ids up to this one are covered by the file */

static bool sid_path(char *out, size_t len)
{
	const char *d = flash_dir();
	if (!d || !d[0])
		return false;
	return (size_t)snprintf(out, len, "%s/%s", d, ACCT_SID_FILE) < len;
}

/* The high-water mark in the file, 0 when there is none (or it is bad). */
static uint32_t load_mark(void)
{
	char path[4096], buf[32];
	if (!sid_path(path, sizeof path))
		return 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(buf, &end, 10);
	if (errno || end == buf || v > UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

/* Write mark through a temporary file and rename: never half a number. */
static bool save_mark(uint32_t mark)
{
	char path[4096], tmp[4200], buf[32];
	if (!sid_path(path, sizeof path))
		return false;
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return false;
	int n = snprintf(buf, sizeof buf, "%" PRIu32 "\n", mark);
	bool ok = write(fd, buf, (size_t)n) == n && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return false;
	}
	return true;
}

uint32_t aaa_acct_sid_next(void)
{
	static bool warned;
	if (!next_sid) {
		uint32_t mark = load_mark();
		next_sid = mark == UINT32_MAX ? 1 : mark + 1;
		reserved_to = next_sid - 1;
	}
	uint32_t id = next_sid;
	if (id > reserved_to) {
		uint32_t to = UINT32_MAX - id < ACCT_SID_BLOCK ? UINT32_MAX : id + ACCT_SID_BLOCK - 1;
		if (save_mark(to))
			reserved_to = to;
		else if (!warned && flash_dir() && flash_dir()[0]) {
			warned = true;
			log_msg(LOG_SEV_WARNING, "AAA", "ACCT_SID_NOT_SAVED",
				"Acct-Session-Id counter could not be saved in the flash directory");
		}
		/* unsaved: ids stay unique within this run; tried again next id */
	}
	if (++next_sid == 0) { /* wrapped: 0 is never an id */
		next_sid = 1;
		reserved_to = 0;
	}
	return id;
}

void aaa_acct_sid_reset(void)
{
	next_sid = 0;
	reserved_to = 0;
}
