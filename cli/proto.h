/*
 * The vty protocol between a terminal front end (flexsh) and the engine,
 * over a stream socket: frames of [type:1][length:4, big endian][payload].
 *
 * terminal -> engine
 *   HELLO   "interactive\tuser\tline-kind\tpeer"  (interactive: 1 when the
 *           terminal echoes/prints prompts itself, 0 for scripts)
 *   LINE    one input line (a command, or the answer to a question)
 *   HELP    the text before a `?`
 *   TAB     the text before a TAB
 *   AUTH    "user\tpassword\tpeer": a login to check (sshd's PAM hook,
 *           `flexsh --login-auth`); answered by DONE "0\t" or "1\t"
 * engine -> terminal
 *   OUT     output text (LF line ends)
 *   DONE    "status\tprompt": the line finished (status 0 ok, 1 failed);
 *           prompt is what to show before the next line
 *   ASK     "echo\tprompt": the next line answers a question
 *   COMPL   the completed line (empty: nothing to complete)
 *   TERM    "length\twidth": terminal settings changed
 *   BYE     the session ended (exit/logout)
 */
#ifndef FLEXD_PROTO_H
#define FLEXD_PROTO_H

#include <stddef.h>
#include <stdint.h>

enum {
	PROTO_HELLO = 'I', PROTO_LINE = 'L', PROTO_HELP = 'H', PROTO_TAB = 'T',
	PROTO_OUT = 'O', PROTO_DONE = 'D', PROTO_ASK = 'Q', PROTO_COMPL = 'C',
	PROTO_TERM = 'S', PROTO_BYE = 'X', PROTO_AUTH = 'A',
};

#define PROTO_MAX_FRAME (16u << 20)

struct buf;
/* Append a frame to b. */
void proto_frame(struct buf *b, int type, const char *payload, size_t len);
/* Take one complete frame from the front of data[0..*len): returns 1 and
 * sets type/payload/plen (payload points into data) and the bytes consumed
 * in *used; 0 when incomplete; -1 when malformed. */
int proto_parse(const char *data, size_t len, int *type, const char **payload,
		size_t *plen, size_t *used);

#endif
