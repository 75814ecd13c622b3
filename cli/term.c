/*
 * flexsh's terminal side.  Three ways of talking to the engine:
 *  - interactive (a terminal): readline, `?` and TAB sent as they are typed,
 *    `--More--` paging, passwords read without echo;
 *  - script (stdin is a file or pipe, or -c): lines are pipelined to the
 *    engine and only the output is printed (with --echo, each prompt and
 *    line too, so the output reads like a console session).
 */
#include "term.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "base/buf.h"
#include "proto.h"

struct frame {
	int type;
	char *text;
};

static int sock = -1;
static struct buf rx;
static int term_length = 24;
static int exit_status;

/* ---------- framing ---------- */

static int write_all(const char *p, size_t len)
{
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(sock, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return 0;
}

static int send_frame(int type, const char *text)
{
	struct buf b = BUF_INIT;
	proto_frame(&b, type, text, strlen(text));
	int rc = write_all(b.s, b.len);
	buf_free(&b);
	return rc;
}

/* A frame read while waiting for a key that is not for the prompt (BYE). */
static struct frame pending;
static bool have_pending;

/* The next complete frame already received, without blocking: 1 with *f,
 * 0 when more bytes are needed, -1 on a malformed stream. */
static int buffered_frame(struct frame *f)
{
	int type;
	const char *payload;
	size_t plen, used;
	int rc = proto_parse(rx.s ? rx.s : "", rx.len, &type, &payload, &plen, &used);
	if (rc == 1) {
		f->type = type;
		f->text = strndup(payload, plen);
		memmove(rx.s, rx.s + used, rx.len - used);
		rx.len -= used;
		if (!f->text)
			return -1;
	}
	return rc;
}

/* Next frame, blocking.  False when the engine went away. */
static bool next_frame(struct frame *f)
{
	if (have_pending) {
		*f = pending;
		have_pending = false;
		return true;
	}
	for (;;) {
		int type;
		const char *payload;
		size_t plen, used;
		int rc = proto_parse(rx.s ? rx.s : "", rx.len, &type, &payload, &plen, &used);
		if (rc < 0)
			return false;
		if (rc == 1) {
			f->type = type;
			f->text = strndup(payload, plen);
			memmove(rx.s, rx.s + used, rx.len - used);
			rx.len -= used;
			return f->text != NULL;
		}
		char tmp[65536];
		ssize_t n = read(sock, tmp, sizeof tmp);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		buf_add(&rx, tmp, (size_t)n);
	}
}

/* "status\tprompt" / "echo\tprompt" */
static const char *after_tab(const char *s, int *num)
{
	*num = atoi(s);
	const char *t = strchr(s, '\t');
	return t ? t + 1 : "";
}

/* TERM "length\twidth": only the length matters here (paging). */
static void handle_term(const char *text)
{
	after_tab(text, &term_length);
}

static void out(const char *s, size_t n)
{
	fwrite(s, 1, n, stdout);
}

/* ---------- interactive ---------- */

static int pager_lines;
static bool pager_quit;

/* One typed byte.  The tty is kept raw (see keys_as_input), so CR and LF
 * arrive as they were sent: each is one Enter, and an LF right after a CR
 * belongs to that Enter (a CR LF terminal) instead of being a second one. */
static bool last_cr;

/* Set while readline waits at the prompt: then the engine may send log
 * lines (`terminal monitor`), printed at once on their own line, and the
 * prompt and the typed text redrawn under them, as IOS does. */
static bool at_prompt;

/* Engine bytes while at the prompt; false when the session must end. */
static bool engine_while_idle(void)
{
	char tmp[65536];
	ssize_t n = read(sock, tmp, sizeof tmp);
	if (n < 0 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	buf_add(&rx, tmp, (size_t)n);
	struct frame f;
	int rc = 0;
	bool shown = false;
	while (!have_pending && (rc = buffered_frame(&f)) == 1) {
		if (f.type == PROTO_OUT) {
			if (!shown)
				fputs("\n", stdout);
			shown = true;
			out(f.text, strlen(f.text));
			free(f.text);
		} else {
			pending = f;
			have_pending = true;
		}
	}
	if (shown) {
		fflush(stdout);
		rl_on_new_line();
		rl_redisplay();
	}
	return !have_pending && rc >= 0;
}

static int key_getc(FILE *stream)
{
	(void)stream;
	for (;;) {
		if (at_prompt) {
			struct pollfd pfd[2] = { { 0, POLLIN, 0 }, { sock, POLLIN, 0 } };
			if (poll(pfd, 2, -1) < 0) {
				if (errno == EINTR)
					continue;
				return EOF;
			}
			if (pfd[1].revents && !engine_while_idle())
				return EOF;
			if (!pfd[0].revents)
				continue;
		}
		unsigned char c;
		ssize_t n = read(0, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != 1)
			return EOF;
		if (last_cr && c == '\n') {
			last_cr = false;
			continue;
		}
		last_cr = c == '\r';
		return c;
	}
}

static int read_key(void)
{
	fflush(stdout);
	int c = key_getc(stdin);
	return c == EOF ? 'q' : c;
}

/* Print output, pausing with --More-- every screenful. */
static void paged_out(const char *s)
{
	while (*s && !pager_quit) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s + 1) : strlen(s);
		out(s, n);
		s += n;
		if (!nl || term_length <= 0)
			continue;
		if (++pager_lines >= term_length - 1 && *s) {
			fputs(" --More-- ", stdout);
			fflush(stdout);
			int c = read_key();
			fputs("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b", stdout);
			if (c == ' ')
				pager_lines = 0;
			else if (c == '\r' || c == '\n')
				pager_lines = term_length - 2;
			else
				pager_quit = true;
		}
	}
}

/* Wait for the end of one request: prints output; returns the frame that
 * ended it (DONE/ASK/COMPL/BYE) with its text in *text (caller frees). */
static int wait_end(char **text)
{
	struct frame f;
	while (next_frame(&f)) {
		switch (f.type) {
		case PROTO_OUT:
			paged_out(f.text);
			free(f.text);
			continue;
		case PROTO_TERM:
			handle_term(f.text);
			free(f.text);
			continue;
		default:
			*text = f.text;
			return f.type;
		}
	}
	*text = NULL;
	return PROTO_BYE;
}

static char current_prompt[512];

static int on_question_mark(int count, int key)
{
	(void)count;
	(void)key;
	printf("?\n");
	send_frame(PROTO_HELP, rl_line_buffer);
	char *t;
	pager_lines = 0;
	pager_quit = false;
	if (wait_end(&t) == PROTO_DONE) {
		int st;
		snprintf(current_prompt, sizeof current_prompt, "%s", after_tab(t, &st));
	}
	free(t);
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

static int on_tab(int count, int key)
{
	(void)count;
	(void)key;
	char line[4096];
	snprintf(line, sizeof line, "%.*s", rl_point, rl_line_buffer);
	send_frame(PROTO_TAB, line);
	char *t;
	if (wait_end(&t) == PROTO_COMPL && t && *t) {
		rl_delete_text(0, rl_point);
		rl_point = 0;
		rl_insert_text(t);
	}
	free(t);
	return 0;
}

static int on_ctrl_z(int count, int key)
{
	(void)count;
	(void)key;
	rl_replace_line("end", 0);
	rl_point = rl_end;
	rl_done = 1;
	printf("^Z\n");
	return 0;
}

/* A line typed without echo (enable secret); NULL at EOF. */
static char *read_password(const char *prompt)
{
	fputs(prompt, stdout);
	fflush(stdout);
	struct buf b = BUF_INIT;
	int c;
	while ((c = key_getc(stdin)) != EOF && c != '\r' && c != '\n') {
		if ((c == 127 || c == 8) && b.len)
			b.len--;
		else if (c == 3) /* Ctrl-C: abandon what was typed */
			b.len = 0;
		else if (c >= ' ' && b.len < 1024)
			buf_add(&b, (const char *)&(char){ (char)c }, 1);
	}
	fputs("\n", stdout);
	char *line = c == EOF ? NULL : strdup(buf_str(&b));
	buf_free(&b);
	return line;
}

static int on_ctrl_c(int count, int key)
{
	(void)count;
	(void)key;
	/* IOS: Ctrl-C abandons the line being typed */
	printf("^C\n");
	rl_replace_line("", 0);
	rl_point = 0;
	rl_on_new_line();
	rl_redisplay();
	return 0;
}

/* The tty stays raw for the whole session: Ctrl-Z and Ctrl-C are IOS keys,
 * not signals; nothing is echoed by the kernel (readline echoes a line when
 * it reads it, so type-ahead is echoed in order, once, as it is processed,
 * never in the middle of a command's output); CR is not turned into LF.
 * Output keeps OPOST|ONLCR: every "\n" leaves as CR LF. */
static struct termios saved_tty;
static bool tty_saved;

static void keys_as_input(void)
{
	struct termios t;
	if (tcgetattr(0, &t) != 0)
		return;
	saved_tty = t;
	tty_saved = true;
	t.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ECHONL | ISIG | IEXTEN);
	t.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR | IXON);
	t.c_oflag |= OPOST | ONLCR;
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	t.c_cc[VSUSP] = _POSIX_VDISABLE;
	t.c_cc[VINTR] = _POSIX_VDISABLE;
	t.c_cc[VQUIT] = _POSIX_VDISABLE;
	tcsetattr(0, TCSADRAIN, &t);
}

static void restore_tty(void)
{
	if (tty_saved)
		tcsetattr(0, TCSANOW, &saved_tty);
}

/* readline takes "echo off" from the tty it finds; ours is raw on purpose,
 * so tell it to echo. */
extern int _rl_echoing_p;
static void prep_term(int meta)
{
	rl_prep_terminal(meta);
	_rl_echoing_p = 1;
}

static int run_interactive(void)
{
	keys_as_input();
	atexit(restore_tty);
	rl_getc_function = key_getc;
	rl_prep_term_function = prep_term;
	rl_bind_key(3, on_ctrl_c);
	rl_variable_bind("enable-meta-key", "off");
	/* no bracketed-paste escapes: IOS sends none, and automation reading
	 * the session would see them */
	rl_variable_bind("enable-bracketed-paste", "off");
	rl_bind_key('?', on_question_mark);
	rl_bind_key('\t', on_tab);
	rl_bind_key(26, on_ctrl_z);
	char *t;
	int type = wait_end(&t);
	bool ask_echo = true;
	/* IOS starts a session with an empty line before the first prompt */
	fputs("\n", stdout);
	while (type == PROTO_DONE || type == PROTO_ASK) {
		int num;
		snprintf(current_prompt, sizeof current_prompt, "%s", after_tab(t, &num));
		free(t);
		bool asking = type == PROTO_ASK;
		ask_echo = asking ? num != 0 : true;
		char *line;
		if (asking && !ask_echo)
			line = read_password(current_prompt);
		else {
			at_prompt = true;
			line = readline(current_prompt);
			at_prompt = false;
		}
		if (!line) {
			/* EOF (Ctrl-D): leave like `exit` */
			printf("\n");
			return exit_status;
		}
		if (*line && !asking)
			add_history(line);
		send_frame(PROTO_LINE, line);
		free(line);
		pager_lines = 0;
		pager_quit = false;
		type = wait_end(&t);
		if (type == PROTO_DONE && t && t[0] == '1')
			exit_status = 1;
	}
	free(t);
	return exit_status;
}

/* ---------- scripts ---------- */

static char **lines;
static size_t nlines;

static void add_line(const char *s)
{
	char **grown = realloc(lines, (nlines + 1) * sizeof *lines);
	if (!grown)
		return;
	lines = grown;
	lines[nlines++] = strdup(s);
}

/* Read what stdin has now (non-blocking once started); false at EOF. */
static struct buf inbuf;
static bool read_stdin_some(void)
{
	char tmp[65536];
	ssize_t n = read(0, tmp, sizeof tmp);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0) {
		if (inbuf.len) { /* a last line without newline */
			add_line(buf_str(&inbuf));
			buf_reset(&inbuf);
		}
		return false;
	}
	buf_add(&inbuf, tmp, (size_t)n);
	char *p = inbuf.s, *nl;
	while ((nl = memchr(p, '\n', inbuf.len - (size_t)(p - inbuf.s)))) {
		size_t len = (size_t)(nl - p);
		if (len && p[len - 1] == '\r')
			len--;
		char *line = strndup(p, len);
		if (line) {
			add_line(line);
			free(line);
		}
		p = nl + 1;
	}
	size_t rest = inbuf.len - (size_t)(p - inbuf.s);
	memmove(inbuf.s, p, rest);
	inbuf.len = rest;
	inbuf.s[rest] = '\0';
	return true;
}

/* A line with a TAB: complete each TAB-ended piece synchronously. */
static char *complete_tabs(const char *line)
{
	struct buf b = BUF_INIT;
	const char *p = line;
	const char *tab;
	while ((tab = strchr(p, '\t'))) {
		buf_add(&b, p, (size_t)(tab - p));
		send_frame(PROTO_TAB, buf_str(&b));
		struct frame f;
		while (next_frame(&f) && f.type != PROTO_COMPL)
			free(f.text);
		if (f.type == PROTO_COMPL && f.text && *f.text) {
			buf_reset(&b);
			buf_puts(&b, f.text);
		}
		free(f.text);
		p = tab + 1;
	}
	buf_puts(&b, p);
	char *s = strdup(buf_str(&b));
	buf_free(&b);
	return s;
}

static bool is_help_line(const char *s)
{
	size_t n = strlen(s);
	return n && s[n - 1] == '?';
}

/* Frames for the lines sent ahead, written in one go per batch. */
static struct buf outq;

static void queue_script_line(const char *s)
{
	if (is_help_line(s))
		proto_frame(&outq, PROTO_HELP, s, strlen(s) - 1);
	else
		proto_frame(&outq, PROTO_LINE, s, strlen(s));
}

static int flush_outq(void)
{
	int rc = write_all(outq.s, outq.len);
	buf_reset(&outq);
	return rc;
}

static int run_script(bool echo, bool from_stdin)
{
	/* Lines are sent ahead (pipelined) up to a window; each DONE/ASK
	 * consumes one. TAB lines need the engine's answer first, so the
	 * window drains before them.  stdin is read as it comes, so a shell
	 * fed by a pipe works line by line. */
	enum { WINDOW = 512 };
	size_t sent = 0, done = 0, finals = 0;
	char **final = NULL;
	bool first = true, in_open = from_stdin;
	char pending_prompt[512];
	bool echo_pending = false, pending_show = true;
	for (;;) {
		if (finals < nlines) {
			char **grown = realloc(final, nlines * sizeof *final);
			if (!grown)
				break;
			final = grown;
			finals = nlines;
		}
		while (sent < nlines && sent - done < WINDOW) {
			if (strchr(lines[sent], '\t')) {
				if (sent != done || first)
					break; /* wait for the window to drain */
				final[sent] = complete_tabs(lines[sent]);
			} else {
				final[sent] = strdup(lines[sent]);
			}
			queue_script_line(final[sent]);
			sent++;
		}
		if (flush_outq() != 0)
			goto out;
		if (echo_pending && done < nlines) {
			printf("%s%s\n", pending_prompt, pending_show ? (done < sent ? final[done] : lines[done]) : "");
			echo_pending = false;
		}
		if (!in_open && done >= nlines && !first)
			break;
		/* wait for the engine or for more input */
		struct pollfd pfd[2] = { { sock, POLLIN, 0 }, { 0, POLLIN, 0 } };
		if (rx.len == 0) {
			fflush(stdout);
			if (poll(pfd, in_open ? 2 : 1, -1) < 0 && errno != EINTR)
				break;
			if (in_open && (pfd[1].revents & (POLLIN | POLLHUP)))
				in_open = read_stdin_some();
			if (!(pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
		}
		struct frame f;
		if (!next_frame(&f))
			break;
		if (f.type == PROTO_OUT) {
			out(f.text, strlen(f.text));
		} else if (f.type == PROTO_TERM) {
			handle_term(f.text);
		} else if (f.type == PROTO_DONE || f.type == PROTO_ASK) {
			int num;
			const char *prompt = after_tab(f.text, &num);
			if (f.type == PROTO_DONE && !first && num != 0)
				exit_status = 1;
			if (first)
				first = false;
			else
				done++;
			/* with --echo, show the prompt and the line it answers
			 * (as soon as that line has been read) */
			snprintf(pending_prompt, sizeof pending_prompt, "%s", prompt);
			pending_show = f.type == PROTO_DONE || num != 0;
			echo_pending = echo;
		} else if (f.type == PROTO_BYE) {
			free(f.text);
			break;
		}
		free(f.text);
	}
out:
	for (size_t i = 0; i < sent; i++)
		free(final[i]);
	free(final);
	fflush(stdout);
	return exit_status;
}

int term_run(int fd, const struct term_opts *o)
{
	sock = fd;
	bool interactive = !o->commands && isatty(0) && isatty(1) && !o->echo;
	const char *ssh = getenv("SSH_CONNECTION");
	char peer[64] = "";
	if (ssh)
		sscanf(ssh, "%63s", peer);
	const char *user = ssh && getenv("USER") ? getenv("USER") : "";
	/* HELLO: interactive, user, line kind, peer, wanted privilege.  Local
	 * scripts and -c start at level 15 (whoever can reach the flash
	 * directory owns the box); a terminal starts at Router> like IOS. */
	char hello[512];
	snprintf(hello, sizeof hello, "%d\t%s\t%s\t%s\t%d", interactive || o->echo ? 1 : 0, user,
		 ssh ? "vty" : "con", peer, interactive || o->echo || ssh ? 1 : 15);
	if (send_frame(PROTO_HELLO, hello) != 0) {
		fprintf(stderr, "flexsh: the engine is not answering\n");
		return 1;
	}
	if (interactive)
		return run_interactive();
	if (o->commands)
		for (const char **c = o->commands; *c; c++)
			add_line(*c);
	return run_script(o->echo, !o->commands);
}

int term_login_auth(int fd, const char *user, const char *password, const char *peer)
{
	sock = fd;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\t%s\t%s", user, password, peer);
	proto_frame(&outq, PROTO_AUTH, b.s, b.len);
	explicit_bzero(b.s, b.len);
	buf_free(&b);
	int rc = flush_outq();
	explicit_bzero(outq.s, outq.len);
	struct frame f;
	while (rc == 0 && next_frame(&f)) {
		bool done = f.type == PROTO_DONE;
		bool ok = done && f.text[0] == '0';
		free(f.text);
		if (done)
			return ok ? 0 : 1;
	}
	return 1;
}
