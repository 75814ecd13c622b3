/*
 * running-config/store: a database made by an older schema (a table
 * without the columns added since, another user_version) is brought up
 * to date on open, and keeps its rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "running-config/store.h"

static void test_old_table_gains_columns(void **state)
{
	(void)state;
	char path[] = "/tmp/flexd-migrate-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	sqlite3 *old;
	assert_int_equal(sqlite3_open(path, &old), SQLITE_OK);
	assert_int_equal(sqlite3_exec(old,
				      "CREATE TABLE ikev2_global (id INTEGER PRIMARY KEY CHECK (id = 1),"
				      " cookie_challenge INTEGER);"
				      "INSERT INTO ikev2_global(id, cookie_challenge) VALUES (1, 7);"
				      "PRAGMA user_version = 1;",
				      NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(old);

	assert_int_equal(store_open(path), 0);
	long long v = 0;
	/* the old row is there, the new columns exist with their defaults */
	assert_true(db_get_int(&v, "SELECT cookie_challenge FROM ikev2_global WHERE id = 1", ""));
	assert_int_equal(v, 7);
	assert_true(db_get_int(&v, "SELECT fragmentation FROM ikev2_global WHERE id = 1", ""));
	assert_int_equal(v, 0);
	assert_true(db_get_int(&v, "SELECT count(*) FROM pragma_table_info('ikev2_global') WHERE name = 'max_nego_in'",
			       ""));
	assert_int_equal(v, 1);
	/* and writes to them work */
	assert_int_equal(db_exec("UPDATE ikev2_global SET max_nego = 9 WHERE id = 1", ""), 0);
	store_close();
	/* a second open sees an up-to-date database */
	assert_int_equal(store_open(path), 0);
	assert_true(db_get_int(&v, "SELECT max_nego FROM ikev2_global WHERE id = 1", ""));
	assert_int_equal(v, 9);
	store_close();
	unlink(path);
	char side[64];
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_table_gains_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
