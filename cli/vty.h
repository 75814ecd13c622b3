/*
 * What a command handler sees of the vty it runs on.
 * (The session machinery itself is in cli/vty_session.h; handlers need none of it.)
 */
#ifndef FLEXD_VTY_H
#define FLEXD_VTY_H

#include <stdbool.h>
#include "modes.h"
#include "parser/parser.h"

struct vty;
struct buf;

/* Output. Text uses "\n"; the terminal side turns it into CRLF. */
void vty_out(struct vty *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vty_write(struct vty *v, const char *s, size_t n);

/* Print "% <message>" (message given without the "% ") and return CMD_ERROR,
 * so a handler can `return vty_error(v, "Invalid pool name");`. */
int vty_error(struct vty *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A value the grammar accepts but the command refuses (out of range, a
 * bad combination): the caret under that word, as IOS reports it, and
 * CMD_ERROR.  offset: the cmd_arg's offset. */
int vty_caret_error(struct vty *v, int offset);
/* The same, naming the argument by its capture name (first capture). */
int vty_caret_error_at(struct vty *v, const struct cmd_args *a, const char *name);

/* Print "% Note: <text>" (seed aliases: the canonical form that is stored). */
void vty_note(struct vty *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Mode stack.  A handler that opens a sub-mode calls vty_enter with the keys
 * naming the object edited there (e.g. the proposal name; for a keyring peer
 * key0 = keyring, key1 = peer).  Sub-mode handlers read them back. */
void vty_enter(struct vty *v, int mode, const char *key0, const char *key1);
int vty_mode(const struct vty *v);
const char *vty_key(const struct vty *v, int i);   /* "" when unset */

/* Called when a vty leaves `mode` (exit, end, implicit exit, another
 * object's command): e.g. the IKEv2 proposal completeness warning. */
typedef void (*mode_exit_hook)(struct vty *v, const char *key0, const char *key1);
void cli_set_mode_exit_hook(int mode, mode_exit_hook fn);

/* Ask the user a question; the handler returns CMD_SUCCESS right after and
 * `answer` is called with the reply line (without newline) later.
 * echo=false for passwords. */
typedef int (*vty_answer_fn)(struct vty *v, const char *answer, void *data);
void vty_ask(struct vty *v, const char *prompt, bool echo, vty_answer_fn answer, void *data);

/* Session facts */
int vty_privilege(const struct vty *v);
void vty_set_privilege(struct vty *v, int level);
const char *vty_user(const struct vty *v);       /* "" when none */
const char *vty_line_name(const struct vty *v);  /* "con 0", "vty 1", ... */

/* Mark a subsystem's config as changed: its `changed` hook runs after the
 * transaction commits. */
void vty_config_changed(struct vty *v, const char *module_name);

/* A command whose answer comes later (a RADIUS reply): vty_defer() in the
 * handler returns a handle; the line's DONE is held until vty_finish().
 * vty_by_serial() is NULL when the session ended meanwhile. */
unsigned long vty_defer(struct vty *v);
struct vty *vty_by_serial(unsigned long serial);
void vty_finish(struct vty *v, int status);

#endif
