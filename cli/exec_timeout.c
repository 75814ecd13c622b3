/*
 * exec-timeout on vty lines: an SSH session idle at its prompt for longer
 * than its line's `exec-timeout M S` (default 10 minutes; 0 0 = never) is
 * closed, as IOS does.  The console and local scripts are left alone.
 * A sweep once a second; the line settings are read only when a session
 * could time out.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/loop.h"
#include "proto.h"
#include "running-config/store.h"
#include "server.h"
#include "vty_session.h"

/* Seconds, or 0 for never; the line's own row, default 10 minutes. */
static long long line_timeout(int num)
{
	long long t = 600;
	sqlite3_stmt *st = db_query("SELECT exec_min, exec_sec FROM sys_line WHERE kind = 'vty' AND num = ?", "i",
				    (long long)num);
	if (db_row(st)) {
		if (!db_col_null(st, 0))
			t = db_col_int(st, 0) * 60 + db_col_int(st, 1);
		db_done(st);
	}
	return t;
}

static void sweep(void *data)
{
	(void)data;
	uint64_t now = loop_now_ms();
	for (int i = 0; i < vty_all_count; i++) {
		struct vty *v = vty_all[i];
		if (v->fd < 0 || v->closing || !v->interactive || strncmp(v->line_name, "vty", 3) != 0 ||
		    v->cur_line || v->ask_fn)
			continue;
		long long t = line_timeout(v->id);
		/* in ms: whole seconds would close a session up to 1 s early */
		if (t > 0 && now - v->last_input_ms >= (uint64_t)t * 1000) {
			v->closing = true;
			proto_frame(&v->tx, PROTO_BYE, "", 0);
			server_want_write(v);
		}
	}
	loop_timer(1000, sweep, NULL);
}

void vty_exec_timeout_init(void)
{
	loop_timer(1000, sweep, NULL);
}
