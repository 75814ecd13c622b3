/* Output pipes: `| include|exclude|begin|section|count REGEX`. */
#ifndef FLEXD_PIPE_H
#define FLEXD_PIPE_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

struct buf;

enum pipe_kind { PIPE_INCLUDE, PIPE_EXCLUDE, PIPE_BEGIN, PIPE_SECTION, PIPE_COUNT };

struct pipe_filter {
	bool active;
	enum pipe_kind kind;
	regex_t re;
};

/* Split "show x | include y" into the command (into cmd) and the filter.
 * 0 on success (filter->active false when there is no pipe); on a bad
 * filter, -(offset+1) of the bad word. */
int pipe_split(const char *line, char *cmd, size_t cmdlen, struct pipe_filter *f);
/* Filter the output in b from byte `start` on, in place. */
void pipe_apply(const struct pipe_filter *f, struct buf *b, size_t start);
void pipe_free(struct pipe_filter *f);

/* The " | " of a line, or NULL. */
const char *pipe_find(const char *line);
/* `?` after the bar: the filter list, or the keywords a partial word fits
 * (partial form: "word  " each), or the regexp hint.  Appends to out. */
void pipe_help(const char *after_bar, struct buf *out);
/* TAB after the bar: complete the filter keyword; false when nothing to do. */
bool pipe_complete(const char *line, char *out, size_t outlen);

#endif
