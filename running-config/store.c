/*
 * The SQLite store.  One connection, used only on the engine thread.
 * Prepared statements are cached by the address of their SQL text.
 */
#include "store.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char schema_sql[];

static sqlite3 *db;
static int depth;             /* open savepoints (including the outer one) */
static bool outer_open;
static char errbuf[512];

/* ---- statement cache: open addressing on the SQL pointer ---- */
#define CACHE_SIZE 1024
static struct {
	const char *sql;
	sqlite3_stmt *st;
} cache[CACHE_SIZE];

static void cache_clear(void)
{
	for (size_t i = 0; i < CACHE_SIZE; i++) {
		if (cache[i].st)
			sqlite3_finalize(cache[i].st);
		cache[i].sql = NULL;
		cache[i].st = NULL;
	}
}

static sqlite3_stmt *prepare(const char *sql)
{
	size_t h = ((uintptr_t)sql >> 3) % CACHE_SIZE;
	for (size_t probe = 0; probe < CACHE_SIZE; probe++) {
		size_t i = (h + probe) % CACHE_SIZE;
		if (cache[i].sql == sql) {
			sqlite3_reset(cache[i].st);
			sqlite3_clear_bindings(cache[i].st);
			return cache[i].st;
		}
		if (!cache[i].sql) {
			sqlite3_stmt *st;
			if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
				snprintf(errbuf, sizeof errbuf, "%s", sqlite3_errmsg(db));
				return NULL;
			}
			cache[i].sql = sql;
			cache[i].st = st;
			return st;
		}
	}
	/* cache full: fall back to an uncached statement would leak; refuse */
	snprintf(errbuf, sizeof errbuf, "statement cache full");
	return NULL;
}

static int bind_args(sqlite3_stmt *st, const char *types, va_list ap)
{
	int idx = 1;
	for (const char *t = types ? types : ""; *t; t++, idx++) {
		int rc;
		switch (*t) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, long long));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, idx, va_arg(ap, int));
			break;
		default:
			snprintf(errbuf, sizeof errbuf, "bad bind type '%c'", *t);
			return -1;
		}
		if (rc != SQLITE_OK) {
			snprintf(errbuf, sizeof errbuf, "%s", sqlite3_errmsg(db));
			return -1;
		}
	}
	return 0;
}

static sqlite3_stmt *vprep(const char *sql, const char *types, va_list ap)
{
	sqlite3_stmt *st = prepare(sql);
	if (!st)
		return NULL;
	if (bind_args(st, types, ap) != 0)
		return NULL;
	return st;
}

int db_exec(const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = vprep(sql, types, ap);
	va_end(ap);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		snprintf(errbuf, sizeof errbuf, "%s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int db_changes(void)
{
	return sqlite3_changes(db);
}

int db_script(const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(errbuf, sizeof errbuf, "%s", msg ? msg : "error");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *db_query(const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = vprep(sql, types, ap);
	va_end(ap);
	return st;
}

bool db_row(sqlite3_stmt *st)
{
	if (!st)
		return false;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return true;
	if (rc != SQLITE_DONE)
		snprintf(errbuf, sizeof errbuf, "%s", sqlite3_errmsg(db));
	sqlite3_reset(st);
	return false;
}

void db_done(sqlite3_stmt *st)
{
	if (st)
		sqlite3_reset(st);
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? (const char *)s : "";
}

bool db_col_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL;
}

long long db_col_int(sqlite3_stmt *st, int col)
{
	return sqlite3_column_int64(st, col);
}

bool db_exists(const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = vprep(sql, types, ap);
	va_end(ap);
	if (!st)
		return false;
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return found;
}

bool db_get_int(long long *out, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = vprep(sql, types, ap);
	va_end(ap);
	if (!st)
		return false;
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return found;
}

bool db_get_text(char *out, size_t len, const char *sql, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	sqlite3_stmt *st = vprep(sql, types, ap);
	va_end(ap);
	if (!st)
		return false;
	bool found = sqlite3_step(st) == SQLITE_ROW;
	if (found && len > 0)
		snprintf(out, len, "%s", db_col_text(st, 0));
	sqlite3_reset(st);
	return found;
}

const char *store_errmsg(void)
{
	return errbuf;
}

sqlite3 *store_db(void)
{
	return db;
}

/* Bumped on open, close and wipe: with SQLite's change counter it tells
 * caches of config reads that the store is not the one they read. */
static unsigned long epoch;
unsigned long store_epoch(void)
{
	return epoch;
}

/* FLEXD_SQL_PROFILE=1: total time per statement, printed at close
 * (finding the statement that scans a table on a hot path). */
#define PROF_MAX 512
static struct {
	const char *sql;
	long long ns;
	long calls;
} prof[PROF_MAX];

static int prof_cb(unsigned type, void *ctx, void *p, void *x)
{
	(void)ctx;
	if (type != SQLITE_TRACE_PROFILE)
		return 0;
	const char *sql = sqlite3_sql((sqlite3_stmt *)p);
	long long ns = *(sqlite3_int64 *)x;
	for (int i = 0; i < PROF_MAX; i++) {
		if (!prof[i].sql || prof[i].sql == sql) {
			prof[i].sql = sql;
			prof[i].ns += ns;
			prof[i].calls++;
			break;
		}
	}
	return 0;
}

static void prof_dump(void)
{
	for (int i = 0; i < PROF_MAX && prof[i].sql; i++)
		if (prof[i].ns > 10000000)
			fprintf(stderr, "%8.3f s %7ld calls  %.150s\n", prof[i].ns / 1e9, prof[i].calls, prof[i].sql);
}

/* A database made by an older flexd: CREATE TABLE IF NOT EXISTS leaves
 * its tables as they were, so columns the schema gained since are added
 * here (ALTER TABLE ADD COLUMN, with their type and default), keeping
 * the configuration.  The schema's own shape comes from building it in a
 * scratch in-memory database. */
static int add_missing_columns(void)
{
	sqlite3 *fresh = NULL;
	if (sqlite3_open(":memory:", &fresh) != SQLITE_OK || sqlite3_exec(fresh, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(errbuf, sizeof errbuf, "schema: %s", fresh ? sqlite3_errmsg(fresh) : "out of memory");
		sqlite3_close(fresh);
		return -1;
	}
	int rc = 0;
	sqlite3_stmt *tables = NULL;
	sqlite3_prepare_v2(fresh, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &tables, NULL);
	while (rc == 0 && tables && sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);
		/* the scratch table's columns; each one the real table lacks is added */
		sqlite3_stmt *cols = NULL;
		char *q = sqlite3_mprintf("SELECT name, type, \"notnull\", dflt_value FROM pragma_table_info(%Q)", t);
		sqlite3_prepare_v2(fresh, q, -1, &cols, NULL);
		sqlite3_free(q);
		while (rc == 0 && cols && sqlite3_step(cols) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(cols, 0);
			long long n = 0;
			if (!db_get_int(&n, "SELECT count(*) FROM pragma_table_info(?) WHERE name = ?", "ss", t, c) || n)
				continue;
			const char *type = (const char *)sqlite3_column_text(cols, 1);
			const char *dflt = (const char *)sqlite3_column_text(cols, 3);
			int notnull = sqlite3_column_int(cols, 2);
			char *alter = sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s%s%s%s", t, c, type ? type : "",
						      notnull && dflt ? " NOT NULL" : "", dflt ? " DEFAULT " : "",
						      dflt ? dflt : "");
			rc = db_script(alter);
			sqlite3_free(alter);
		}
		sqlite3_finalize(cols);
	}
	sqlite3_finalize(tables);
	sqlite3_close(fresh);
	return rc;
}

int store_open(const char *path)
{
	epoch++;
	/* one thread owns the connection: no SQLite mutexes */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		snprintf(errbuf, sizeof errbuf, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		return -1;
	}
	sqlite3_busy_timeout(db, 2000);
	/* no checkpoint (and its fsyncs) each time a shell's embedded engine
	 * closes: the WAL is checkpointed as it grows, and survives a crash */
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
	if (getenv("FLEXD_SQL_PROFILE"))
		sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, prof_cb, NULL);
	/* WAL + NORMAL: a crash of flexd loses nothing committed; only a power
	 * loss may lose the last transactions, which is what running-config
	 * (as opposed to startup-config) promises anyway. */
	/* EXCLUSIVE: one engine owns the flash; it takes the file lock once
	 * instead of per statement (dozens of fcntl calls per IKE handshake),
	 * and a second engine started on the same flash is refused. */
	if (db_script("PRAGMA locking_mode=EXCLUSIVE; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;") != 0)
		return -1;
	/* The schema is applied when the database was made by another schema
	 * text (user_version holds a hash of it): a start on an up-to-date
	 * database skips a hundred CREATE ... IF NOT EXISTS. */
	uint32_t h = 2166136261u;
	for (const char *p = schema_sql; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	long long have = 0;
	h &= 0x7fffffff;
	if (db_get_int(&have, "PRAGMA user_version", "") && have == (long long)h)
		return db_script("PRAGMA foreign_keys = ON");
	if (db_script(schema_sql) != 0 || add_missing_columns() != 0)
		return -1;
	char pragma[64];
	snprintf(pragma, sizeof pragma, "PRAGMA user_version = %u", h);
	return db_script(pragma);
}

void store_close(void)
{
	epoch++;
	if (!db)
		return;
	if (outer_open)
		store_commit();
	if (getenv("FLEXD_SQL_PROFILE"))
		prof_dump();
	cache_clear();
	sqlite3_close(db);
	db = NULL;
}

int store_begin(void)
{
	if (outer_open)
		return 0;
	if (db_script("BEGIN") != 0)
		return -1;
	outer_open = true;
	depth = 0;
	return 0;
}

int store_savepoint(void)
{
	if (store_begin() != 0)
		return -1;
	if (db_script("SAVEPOINT cmd") != 0)
		return -1;
	depth++;
	return 0;
}

int store_release(void)
{
	if (depth == 0)
		return 0;
	depth--;
	return db_script("RELEASE cmd");
}

int store_rollback_savepoint(void)
{
	if (depth == 0)
		return 0;
	depth--;
	if (db_script("ROLLBACK TO cmd") != 0)
		return -1;
	return db_script("RELEASE cmd");
}

int store_commit(void)
{
	if (!outer_open)
		return 0;
	while (depth > 0)
		store_release();
	outer_open = false;
	return db_script("COMMIT");
}

bool store_in_txn(void)
{
	return outer_open;
}

/* Every table is config: drop them all and apply the schema again. */
int store_wipe(void)
{
	epoch++;
	store_commit();
	cache_clear();
	if (db_script("PRAGMA foreign_keys=OFF") != 0)
		return -1;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	char **names = NULL;
	size_t n = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char **grown = realloc(names, (n + 1) * sizeof *names);
		if (!grown)
			break;
		names = grown;
		names[n++] = sqlite3_mprintf("DROP TABLE IF EXISTS \"%w\"", (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	int rc = db_script("BEGIN");
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			rc = db_script(names[i]);
		sqlite3_free(names[i]);
	}
	free(names);
	if (rc == 0)
		rc = db_script(schema_sql);
	db_script(rc == 0 ? "COMMIT" : "ROLLBACK");
	db_script("PRAGMA foreign_keys=ON");
	return rc;
}

unsigned long long store_generation(void)
{
	if (!db || !sqlite3_get_autocommit(db))
		return 0;
	/* SQLite counts every row this connection changed (committed or not:
	 * a rollback only makes a cache miss); the epoch covers a new store */
	return (unsigned long long)((epoch & 0x7fffff) + 1) << 40 |
	       ((unsigned long long)sqlite3_total_changes64(db) & ((1ULL << 40) - 1));
}
