/*
 * Executing what a user types on a vty: mode stack and implicit exit,
 * `do`, `no`/`default`, parse errors with the caret, questions, help and
 * completion requests, and the transaction around each config command.
 */
#include "vty_session.h"
#include "login_auth.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/loop.h"
#include "engine.h"
#include "interface/ifname.h"
#include "module.h"
#include "server.h"
#include "pipe.h"
#include "proto.h"
#include "running-config/store.h"
#include "system/system.h"

#define VTY_MAX 64
struct vty *vty_all[VTY_MAX];
int vty_all_count;

static mode_exit_hook exit_hooks[MODE_COUNT];

void cli_set_mode_exit_hook(int mode, mode_exit_hook fn)
{
	if (mode >= 0 && mode < MODE_COUNT)
		exit_hooks[mode] = fn;
}

/* ---------- session life ---------- */

struct vty *vty_new(int fd)
{
	if (vty_all_count >= VTY_MAX)
		return NULL;
	struct vty *v = calloc(1, sizeof *v);
	if (!v)
		return NULL;
	static unsigned long serials;
	v->fd = fd;
	v->serial = ++serials;
	v->depth = 1;
	v->stack[0].mode = MODE_EXEC;
	v->privilege = 1;
	v->term_length = 24;
	v->term_width = 80;
	v->login_time = time(NULL);
	v->last_input = v->login_time;
	v->last_input_ms = loop_now_ms();
	/* the lowest free vty number, like IOS lines */
	int id = 0;
	for (bool taken = true; taken; id++) {
		taken = false;
		for (int i = 0; i < vty_all_count; i++)
			if (vty_all[i]->id == id)
				taken = true;
		if (!taken)
			break;
	}
	v->id = id;
	snprintf(v->line_name, sizeof v->line_name, "vty %d", id);
	vty_all[vty_all_count++] = v;
	return v;
}

void vty_free(struct vty *v)
{
	for (int i = 0; i < vty_all_count; i++) {
		if (vty_all[i] == v) {
			vty_all[i] = vty_all[--vty_all_count];
			break;
		}
	}
	buf_free(&v->in);
	buf_free(&v->tx);
	buf_free(&v->cmdout);
	buf_free(&v->logq);
	for (int i = 0; i < v->hist_count; i++)
		free(v->history[i]);
	free(v);
}

/* ---------- handler API (vty.h) ---------- */

void vty_write(struct vty *v, const char *s, size_t n)
{
	buf_add(&v->cmdout, s, n);
}

void vty_out(struct vty *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&v->cmdout, fmt, ap);
	va_end(ap);
}

int vty_error(struct vty *v, const char *fmt, ...)
{
	va_list ap;
	buf_puts(&v->cmdout, "% ");
	va_start(ap, fmt);
	buf_vprintf(&v->cmdout, fmt, ap);
	va_end(ap);
	buf_puts(&v->cmdout, "\n");
	return CMD_ERROR;
}

void vty_note(struct vty *v, const char *fmt, ...)
{
	va_list ap;
	buf_puts(&v->cmdout, "% Note: ");
	va_start(ap, fmt);
	buf_vprintf(&v->cmdout, fmt, ap);
	va_end(ap);
	buf_puts(&v->cmdout, "\n");
}

void vty_enter(struct vty *v, int mode, const char *key0, const char *key1)
{
	if (v->depth >= VTY_DEPTH)
		return;
	struct vty_level *l = &v->stack[v->depth++];
	l->mode = mode;
	snprintf(l->key[0], VTY_KEY, "%s", key0 ? key0 : "");
	snprintf(l->key[1], VTY_KEY, "%s", key1 ? key1 : "");
}

int vty_mode(const struct vty *v)
{
	return v->stack[v->depth - 1].mode;
}

const char *vty_key(const struct vty *v, int i)
{
	return i >= 0 && i < 2 ? v->stack[v->depth - 1].key[i] : "";
}

void vty_ask(struct vty *v, const char *prompt, bool echo, vty_answer_fn answer, void *data)
{
	v->ask_fn = answer;
	v->ask_data = data;
	/* what was printed so far goes out before the question */
	if (v->cmdout.len) {
		proto_frame(&v->tx, PROTO_OUT, v->cmdout.s, v->cmdout.len);
		buf_reset(&v->cmdout);
	}
	struct buf p = BUF_INIT;
	buf_printf(&p, "%d\t%s", echo ? 1 : 0, prompt);
	proto_frame(&v->tx, PROTO_ASK, p.s, p.len);
	buf_free(&p);
}

int vty_privilege(const struct vty *v) { return v->privilege; }
void vty_set_privilege(struct vty *v, int level) { v->privilege = level; }
const char *vty_user(const struct vty *v) { return v->user; }
const char *vty_line_name(const struct vty *v) { return v->line_name; }

void vty_config_changed(struct vty *v, const char *module_name)
{
	for (size_t i = 0; i < all_modules_count; i++)
		if (strcmp(all_modules[i]->name, module_name) == 0)
			v->changed |= 1UL << i;
}

void vty_commit(struct vty *v)
{
	store_commit();
	unsigned long changed = v->changed;
	v->changed = 0;
	for (size_t i = 0; i < all_modules_count; i++)
		if ((changed & (1UL << i)) && all_modules[i]->changed)
			all_modules[i]->changed();
}

/* ---------- prompt and output ---------- */

void vty_prompt(const struct vty *v, char *out, size_t len)
{
	int mode = vty_mode(v);
	snprintf(out, len, "%s%s%c", sys_hostname(), mode_prompt_suffix(mode),
		 mode == MODE_EXEC && v->privilege < 15 ? '>' : '#');
}

static void flush_cmdout(struct vty *v)
{
	if (v->cmdout.len)
		proto_frame(&v->tx, PROTO_OUT, v->cmdout.s, v->cmdout.len);
	buf_reset(&v->cmdout);
}

/* Log lines for the vtys that ran `terminal monitor`: never inside a
 * command's output; a vty busy with a command gets them before its prompt. */
static void monitor_sink(const char *line)
{
	for (int i = 0; i < vty_all_count; i++) {
		struct vty *v = vty_all[i];
		if (!v->monitor || v->fd < 0)
			continue;
		if (v->cur_line || v->ask_fn) {
			buf_puts(&v->logq, line);
			buf_puts(&v->logq, "\n");
		} else {
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s\n", line);
			proto_frame(&v->tx, PROTO_OUT, b.s, b.len);
			buf_free(&b);
			server_want_write(v); /* the engine may log between any two vty events */
		}
	}
}

void vty_log_init(void)
{
	log_set_sink(monitor_sink);
	vty_exec_timeout_init();
}

void vty_done(struct vty *v, int status)
{
	flush_cmdout(v);
	if (v->logq.len) {
		proto_frame(&v->tx, PROTO_OUT, v->logq.s, v->logq.len);
		buf_reset(&v->logq);
	}
	if (v->ask_fn)
		return; /* a question is outstanding: its ASK frame is the prompt */
	char prompt[300];
	vty_prompt(v, prompt, sizeof prompt);
	struct buf p = BUF_INIT;
	buf_printf(&p, "%d\t%s", status, prompt);
	proto_frame(&v->tx, PROTO_DONE, p.s, p.len);
	buf_free(&p);
}

unsigned long vty_defer(struct vty *v)
{
	v->deferred = true;
	return v->serial;
}

struct vty *vty_by_serial(unsigned long serial)
{
	for (int i = 0; i < vty_all_count; i++)
		if (vty_all[i]->serial == serial)
			return vty_all[i];
	return NULL;
}

void vty_finish(struct vty *v, int status)
{
	if (!v->deferred)
		return;
	v->deferred = false;
	v->failed = status != 0;
	if (v->in_line)
		return; /* finished before the command returned: its DONE follows */
	vty_done(v, status);
	server_want_write(v);
	server_resume(v);
}

/* A login answered later (RADIUS): its DONE frame, if the asking
 * connection is still there. */
static void login_answered(void *ctx, bool ok)
{
	struct vty *v = vty_by_serial((unsigned long)(uintptr_t)ctx);
	if (!v)
		return;
	proto_frame(&v->tx, PROTO_DONE, ok ? "0\t" : "1\t", 2);
	server_want_write(v);
}

/* ---------- modes ---------- */

/* Leave the current level, running its exit hook. */
static void pop_level(struct vty *v)
{
	if (v->depth <= 1)
		return;
	struct vty_level *l = &v->stack[v->depth - 1];
	v->depth--;
	if (exit_hooks[l->mode])
		exit_hooks[l->mode](v, l->key[0], l->key[1]);
}

/* Leaving configuration mode: IOS logs who configured from where. */
static void log_config_done(const struct vty *v)
{
	if (v->fd < 0)
		return; /* boot replay */
	if (strncmp(v->line_name, "con", 3) == 0 && !v->user[0])
		log_msg(LOG_SEV_NOTICE, "SYS", "CONFIG_I", "Configured from console by console");
	else if (v->peer[0])
		log_msg(LOG_SEV_NOTICE, "SYS", "CONFIG_I", "Configured from console by %s on vty%d (%s)",
			v->user[0] ? v->user : "unknown", v->id, v->peer);
	else
		log_msg(LOG_SEV_NOTICE, "SYS", "CONFIG_I", "Configured from console by %s on %s",
			v->user[0] ? v->user : "console", v->line_name);
}

void cli_exit_mode(struct vty *v)
{
	pop_level(v);
	if (v->depth == 1)
		log_config_done(v);
}

void cli_end_config(struct vty *v)
{
	bool was_config = v->depth > 1;
	while (v->depth > 1)
		pop_level(v);
	if (was_config)
		log_config_done(v);
}

/* ---------- parse errors ---------- */

static void report_match_error(struct vty *v, const struct match_result *r, const char *line)
{
	v->parse_error = true;
	switch (r->status) {
	case MATCH_INVALID: {
		int mode = vty_mode(v);
		/* IOS takes an unknown single word in EXEC for a host to telnet to */
		if (mode == MODE_EXEC && r->err_offset == (int)strspn(line, " \t") &&
		    !strpbrk(line + r->err_offset, " \t")) {
			vty_out(v, "%% Unknown command or computer name, or unable to find computer address\n");
			break;
		}
		int col = r->err_offset + v->caret_base;
		if (v->interactive) {
			char prompt[300];
			if (v->caret_prompt[0])
				snprintf(prompt, sizeof prompt, "%s", v->caret_prompt);
			else
				vty_prompt(v, prompt, sizeof prompt);
			col += (int)strlen(prompt);
		} else {
			vty_out(v, "%*s%s\n", v->caret_base, "", line);
		}
		vty_out(v, "%*s^\n%% Invalid input detected at '^' marker.\n\n", col, "");
		break;
	}
	case MATCH_INCOMPLETE:
		vty_out(v, "%% Incomplete command.\n\n");
		break;
	case MATCH_AMBIGUOUS:
		vty_out(v, "%% Ambiguous command:  \"%s\"\n", line);
		break;
	default:
		break;
	}
}

int vty_caret_error(struct vty *v, int offset)
{
	struct match_result r = { .status = MATCH_INVALID, .err_offset = offset };
	report_match_error(v, &r, v->cur_line ? v->cur_line : "");
	return CMD_ERROR;
}

int vty_caret_error_at(struct vty *v, const struct cmd_args *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0)
			return vty_caret_error(v, a->v[i].offset);
	return vty_caret_error(v, 0);
}

/* ---------- execution ---------- */

static int run_handler(struct vty *v, const struct match_result *r, int mode)
{
	if (!r->cmd->handler)
		return CMD_SUCCESS;
	if (!mode_is_config(mode))
		return r->cmd->handler(v, &r->args);
	if (store_savepoint() != 0)
		return vty_error(v, "Configuration store error: %s", store_errmsg());
	int rc = r->cmd->handler(v, &r->args);
	if (rc == CMD_SUCCESS)
		store_release();
	else
		store_rollback_savepoint();
	return rc;
}

/* Match in the current mode, then (config sub-modes) in each parent: a
 * command of a parent mode typed in a sub-mode runs there and moves the
 * prompt, as IOS does. */
static int execute(struct vty *v, const char *line)
{
	const struct grammar *g = engine_grammar();
	/* ~4 KB each: kept off the stack and off the heap of every line; one
	 * engine thread, and execute() never runs inside itself */
	static struct match_result first_buf, r_buf;
	struct match_result *first = &first_buf, *r = &r_buf;
	int rc = CMD_ERROR;
	v->cur_line = line;
	grammar_match(g, vty_mode(v), v->privilege, line, first);
	if (first->status == MATCH_EMPTY) {
		rc = CMD_SUCCESS;
		goto out;
	}
	if (first->status == MATCH_OK) {
		rc = run_handler(v, first, vty_mode(v));
		goto out;
	}
	/* implicit exit: try the parents, nearest first, up to global config */
	for (int d = v->depth - 2; d >= 1; d--) {
		int m = v->stack[d].mode;
		grammar_match(g, m, v->privilege, line, r);
		if (r->status == MATCH_OK) {
			while (v->depth > d + 1)
				pop_level(v);
			rc = run_handler(v, r, m);
			goto out;
		}
	}
	report_match_error(v, first, line);
out:
	v->cur_line = NULL;
	return rc;
}

/* `do CMD` from a config mode runs an EXEC command. */
static bool is_do(const char *line, const char **rest)
{
	const char *p = line + strspn(line, " \t");
	if (strncasecmp(p, "do", 2) != 0 || (p[2] != ' ' && p[2] != '\t'))
		return false;
	*rest = p + 3 + strspn(p + 3, " \t");
	return true;
}

static int execute_with_pipe(struct vty *v, const char *line)
{
	char cmd[4096];
	struct pipe_filter filter;
	int perr = pipe_split(line, cmd, sizeof cmd, &filter);
	if (perr < 0) {
		/* an invalid filter: caret under it */
		struct match_result r = { .status = MATCH_INVALID, .err_offset = -perr - 1 };
		report_match_error(v, &r, line);
		return CMD_ERROR;
	}
	int rc;
	v->parse_error = false;
	if (!filter.active) {
		rc = execute(v, cmd);
	} else {
		size_t start = v->cmdout.len;
		rc = execute(v, cmd);
		if (!v->parse_error)
			pipe_apply(&filter, &v->cmdout, start);
		pipe_free(&filter);
	}
	return rc;
}

static void history_add(struct vty *v, const char *line)
{
	if (!*line)
		return;
	if (v->hist_count == VTY_HISTORY) {
		free(v->history[0]);
		memmove(v->history, v->history + 1, (VTY_HISTORY - 1) * sizeof v->history[0]);
		v->hist_count--;
	}
	v->history[v->hist_count++] = strdup(line);
}

int vty_run_line(struct vty *v, const char *line)
{
	v->last_input = time(NULL);
	v->last_input_ms = loop_now_ms();
	if (v->ask_fn) {
		vty_answer_fn fn = v->ask_fn;
		void *data = v->ask_data;
		v->ask_fn = NULL;
		v->ask_data = NULL;
		return fn(v, line, data);
	}
	const char *trimmed = line + strspn(line, " \t");
	if (*trimmed && *trimmed != '!')
		history_add(v, trimmed);
	const char *rest;
	if (mode_is_config(vty_mode(v)) && is_do(line, &rest)) {
		/* run in EXEC, then come back to the same config level */
		struct vty_level saved[VTY_DEPTH];
		int depth = v->depth;
		memcpy(saved, v->stack, sizeof saved);
		vty_prompt(v, v->caret_prompt, sizeof v->caret_prompt);
		v->caret_base = (int)(rest - line);
		v->depth = 1;
		int rc = execute_with_pipe(v, rest);
		v->caret_prompt[0] = '\0';
		v->caret_base = 0;
		if (v->depth == 1) {
			memcpy(v->stack, saved, sizeof saved);
			v->depth = depth;
		}
		return rc;
	}
	return execute_with_pipe(v, line);
}

/* ---------- help and completion ---------- */

static void send_help(struct vty *v, const char *text)
{
	const char *bar = pipe_find(text);
	if (bar) {
		pipe_help(bar + 1, &v->cmdout);
		return;
	}
	struct help_item items[256];
	int err = 0;
	const struct grammar *g = engine_grammar();
	int mode = vty_mode(v);
	const char *rest;
	if (mode_is_config(mode) && is_do(text, &rest)) {
		text = rest;
		mode = MODE_EXEC;
	}
	int n = grammar_help(g, mode, v->privilege, text, items, 256, &err);
	size_t len = strlen(text);
	bool partial = len > 0 && text[len - 1] != ' ' && text[len - 1] != '\t';
	if (n == 0) {
		if (v->interactive) {
			char prompt[300];
			vty_prompt(v, prompt, sizeof prompt);
			err += (int)strlen(prompt);
		} else {
			vty_out(v, "%s\n", text);
		}
		vty_out(v, "%*s^\n%% Invalid input detected at '^' marker.\n\n", err, "");
		return;
	}
	if (partial) {
		/* "sh cr?" lists the keywords in one row, as IOS does */
		for (int i = 0; i < n; i++)
			vty_out(v, "%s  ", items[i].token);
		vty_out(v, "\n\n");
		return;
	}
	int width = 0;
	for (int i = 0; i < n; i++) {
		int l = (int)strlen(items[i].token);
		if (l > width)
			width = l;
	}
	for (int i = 0; i < n; i++) {
		if (items[i].help && *items[i].help)
			vty_out(v, "  %-*s  %s\n", width, items[i].token, items[i].help);
		else
			vty_out(v, "  %s\n", items[i].token);
	}
	vty_out(v, "\n");
}

/* TAB on an interface argument (captured as IFNAME by convention):
 * complete the interface type name. */
static bool complete_ifname(struct vty *v, const char *text, char *out, size_t outlen)
{
	size_t len = strlen(text);
	size_t start = len;
	while (start > 0 && text[start - 1] != ' ' && text[start - 1] != '\t')
		start--;
	if (start == len)
		return false;
	char head[4096];
	snprintf(head, sizeof head, "%.*s", (int)start, text);
	struct help_item items[256];
	int err = 0;
	int n = grammar_help(engine_grammar(), vty_mode(v), v->privilege, head, items, 256, &err);
	bool wants_if = false;
	for (int i = 0; i < n; i++)
		if (items[i].var && strcmp(items[i].var, "IFNAME") == 0)
			wants_if = true;
	char name[128];
	if (!wants_if || !ifname_complete(text + start, name, sizeof name))
		return false;
	int w = snprintf(out, outlen, "%s%s", head, name);
	return w > 0 && (size_t)w < outlen;
}

static void send_completion(struct vty *v, const char *text)
{
	char out[4096];
	if (!pipe_complete(text, out, sizeof out) &&
	    !grammar_complete(engine_grammar(), vty_mode(v), v->privilege, text, out, sizeof out) &&
	    !complete_ifname(v, text, out, sizeof out))
		out[0] = '\0';
	proto_frame(&v->tx, PROTO_COMPL, out, strlen(out));
}

/* ---------- frames ---------- */

static void hello(struct vty *v, const char *payload)
{
	/* "interactive\tuser\tline-kind\tpeer\tprivilege" */
	char tmp[512];
	snprintf(tmp, sizeof tmp, "%s", payload);
	char *f[5] = { NULL, NULL, NULL, NULL, NULL };
	char *p = tmp;
	for (int i = 0; i < 5 && p; i++) {
		char *tab = strchr(p, '\t');
		f[i] = p;
		if (tab)
			*tab++ = '\0';
		p = tab;
	}
	v->interactive = f[0] && f[0][0] == '1';
	if (f[1])
		snprintf(v->user, sizeof v->user, "%s", f[1]);
	bool console = f[2] && strcmp(f[2], "con") == 0;
	if (console)
		snprintf(v->line_name, sizeof v->line_name, "con 0");
	if (f[3])
		snprintf(v->peer, sizeof v->peer, "%s", f[3]);
	/* only the local console may start privileged (scripts, -c); an SSH
	 * session starts where its AAA login put it */
	v->privilege = console && f[4] && atoi(f[4]) == 15 ? 15 : 1;
	if (!console && v->user[0])
		v->privilege = login_take_privilege(v->user, v->peer);
	vty_done(v, 0);
}

void vty_frame(struct vty *v, int type, const char *payload, size_t len)
{
	char *text = strndup(payload, len);
	if (!text)
		return;
	/* strip a trailing CR: terminals send CR, LF or CRLF for Enter */
	size_t n = strlen(text);
	while (n && (text[n - 1] == '\r' || text[n - 1] == '\n'))
		text[--n] = '\0';
	switch (type) {
	case PROTO_HELLO:
		hello(v, text);
		break;
	case PROTO_LINE: {
		v->in_line = true;
		int rc = vty_run_line(v, text);
		v->in_line = false;
		v->failed = rc != CMD_SUCCESS;
		if (v->deferred)
			flush_cmdout(v); /* DONE comes with vty_finish */
		else if (!v->closing)
			vty_done(v, rc == CMD_SUCCESS ? 0 : 1);
		else
			flush_cmdout(v);
		break;
	}
	case PROTO_HELP:
		send_help(v, text);
		vty_done(v, 0);
		break;
	case PROTO_TAB:
		send_completion(v, text);
		break;
	case PROTO_AUTH: {
		/* "user\tpassword\tpeer"; the password is never logged */
		char *pw = strchr(text, '\t');
		char *peer = pw ? strchr(pw + 1, '\t') : NULL;
		enum login_answer ans = LOGIN_FAIL;
		if (peer) {
			*pw++ = '\0';
			*peer++ = '\0';
			ans = login_authenticate(text, pw, peer, login_answered, (void *)(uintptr_t)v->serial);
		}
		if (ans != LOGIN_PENDING)
			proto_frame(&v->tx, PROTO_DONE, ans == LOGIN_OK ? "0\t" : "1\t", 2);
		explicit_bzero(text, n);
		break;
	}
	default:
		break;
	}
	free(text);
}
