/*
 * The running-config store: one SQLite database (flash/running.db, WAL),
 * schema in running-config/schema.sql.  Engine thread only.
 *
 * Statements are written with `?` placeholders and a type string naming the
 * arguments that follow:  's' const char * (NULL binds SQL NULL),
 *                          'i' long long,   'd' int.
 * The SQL text must be a string literal (or otherwise live forever): the
 * prepared statement is cached by its address, so a hot path (a 100k-line
 * paste) prepares each statement once.
 *
 * Transactions are the vty's business: every config command runs inside a
 * SAVEPOINT the cli opens and releases (or rolls back when the handler
 * returns CMD_ERROR).  Handlers just write.
 */
#ifndef FLEXD_STORE_H
#define FLEXD_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

/* Open (creating when missing) path with the schema applied. */
int store_open(const char *path);
void store_close(void);
sqlite3 *store_db(void);
/* Changes on every open, close and wipe of the store (see store_generation). */
unsigned long store_epoch(void);

/* Run a statement (INSERT/UPDATE/DELETE/...). 0 on success, -1 on error
 * (the SQLite message is in store_errmsg()). */
int db_exec(const char *sql, const char *types, ...);
/* Number of rows changed by the last db_exec. */
int db_changes(void);
/* Run a whole script of statements without parameters (not cached). */
int db_script(const char *sql);

/* Query: bind, then step with db_row().  Columns with db_col_*.
 *   sqlite3_stmt *st = db_query("SELECT a,b FROM t WHERE x=?", "s", x);
 *   while (db_row(st)) { db_col_text(st, 0); ... }
 * db_row returns false at the end (and resets the statement); break out of
 * a loop early only with db_done(st). */
sqlite3_stmt *db_query(const char *sql, const char *types, ...);
bool db_row(sqlite3_stmt *st);
void db_done(sqlite3_stmt *st);
const char *db_col_text(sqlite3_stmt *st, int col);   /* "" for NULL */
bool db_col_null(sqlite3_stmt *st, int col);
long long db_col_int(sqlite3_stmt *st, int col);

/* One-value helpers: true when a row exists; the value is copied out. */
bool db_exists(const char *sql, const char *types, ...);
bool db_get_int(long long *out, const char *sql, const char *types, ...);
/* Copies at most len-1 bytes into out. */
bool db_get_text(char *out, size_t len, const char *sql, const char *types, ...);

const char *store_errmsg(void);

/* Transactions (used by cli/; nested as savepoints). */
int store_begin(void);       /* outer transaction if none open */
int store_savepoint(void);
int store_release(void);
int store_rollback_savepoint(void);
int store_commit(void);      /* commit the outer transaction if open */
/* A number that changes whenever any row is written (or a write rolled
 * back) and whenever the store is opened again: caches of parsed config
 * compare it to know they are stale.  0 while a transaction is open:
 * cache nothing then (what is read may still be rolled back). */
unsigned long long store_generation(void);
bool store_in_txn(void);

/* Drop every config row and re-create the schema with its defaults. */
int store_wipe(void);

#endif
