/* The terminal side of a vty: what flexsh does with a connected engine. */
#ifndef FLEXD_TERM_H
#define FLEXD_TERM_H

#include <stdbool.h>

struct term_opts {
	const char **commands;   /* -c commands, NULL-terminated, or NULL */
	bool echo;               /* print prompt + line as if typed (transcripts) */
};

/* Talk to the engine on fd until the session ends.  Returns the exit
 * status: 0 when every line succeeded. */
int term_run(int fd, const struct term_opts *o);

/* Ask the engine on fd to check a login (sshd's PAM hook): 0 when AAA
 * accepts user/password from peer. */
int term_login_auth(int fd, const char *user, const char *password, const char *peer);

#endif
