/*
 * A vty session: one engineer's shell state (mode stack, privilege,
 * terminal settings, history) and the execution of the lines they type.
 * The transport (socket) is cli/server.c; this file knows only frames.
 */
#ifndef FLEXD_VTY_SESSION_H
#define FLEXD_VTY_SESSION_H

#include <stdbool.h>
#include <stdint.h>
#include "base/buf.h"
#include "vty.h"

#define VTY_DEPTH 8
#define VTY_KEY 256
#define VTY_HISTORY 10   /* IOS `history size` default */

struct vty_level {
	int mode;
	char key[2][VTY_KEY];
};

struct vty {
	int id;                  /* vty number: 0 for the first */
	int fd;
	bool interactive;        /* the terminal shows prompts and echoes */
	bool closing;
	bool dead;
	struct buf in;           /* bytes received, not yet framed */
	struct buf tx;           /* frames to send */
	struct buf cmdout;       /* output of the command running now */

	struct vty_level stack[VTY_DEPTH];
	int depth;               /* stack[depth-1] is the current mode */
	int privilege;
	int term_length, term_width;
	bool monitor;
	char user[64];
	char line_name[32];      /* "con 0", "vty 0" */
	char peer[64];           /* remote address, "" when local */
	long long login_time;    /* seconds since the epoch */
	long long last_input;     /* seconds since the epoch (show users) */
	uint64_t last_input_ms;   /* monotonic ms (exec-timeout: to the millisecond) */

	vty_answer_fn ask_fn;
	void *ask_data;
	int enable_tries;

	char *history[VTY_HISTORY];
	int hist_count;

	unsigned long changed;   /* modules with committed-pending changes (bit per module index) */
	bool failed;             /* the last line failed */
	const char *cur_line;    /* the line being executed (for carets) */
	struct buf logq;         /* log lines waiting for the end of a command */
	bool parse_error;        /* the line did not parse: pipes leave the error alone */
	/* `do CMD` from config mode: the caret counts from the config prompt
	 * and the position of CMD in the typed line */
	int caret_base;
	char caret_prompt[300];
	/* a command finishing later (vty_defer): no DONE until vty_finish */
	bool deferred;
	bool in_line;            /* vty_run_line of a LINE frame is running */
	unsigned long serial;    /* unique per session, for vty_by_serial */
};

/* All sessions (for `show users`), engine thread only. */
extern struct vty *vty_all[];
extern int vty_all_count;

struct vty *vty_new(int fd);
void vty_free(struct vty *v);
/* Handle one frame from the terminal; output frames go to v->tx. */
void vty_frame(struct vty *v, int type, const char *payload, size_t len);
/* Run one line as if typed (used by boot to replay startup-config: mode
 * changes apply, output goes to v->cmdout and then to v->tx). */
int vty_run_line(struct vty *v, const char *line);
void vty_prompt(const struct vty *v, char *out, size_t len);
/* Send DONE with the current prompt. */
void vty_done(struct vty *v, int status);
/* Run every changed module's hook after the transaction commits. */
void vty_commit(struct vty *v);

/* Route log lines to the vtys with `terminal monitor`. */
void vty_log_init(void);
/* Start closing vty sessions idle past their line's exec-timeout. */
void vty_exec_timeout_init(void);

/* Mode moves for the exit/end commands. */
void cli_exit_mode(struct vty *v);
void cli_end_config(struct vty *v);

#endif
