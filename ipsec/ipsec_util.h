/* Small helpers shared by ipsec/ and pki/ command handlers. */
#ifndef FLEXD_IPSEC_UTIL_H
#define FLEXD_IPSEC_UTIL_H

#include <stdbool.h>

struct vty;
struct cmd_args;

/* IOS rejects some combinations through its parse chain, so the user sees
 * the caret under the word that does not fit.  Print that for word number
 * `word` (0-based, counted in a->line) and return CMD_ERROR. */
int cli_caret_error(struct vty *v, const struct cmd_args *a, int word);

/* Index of the capture named `name` in a->v (= its word number), or -1. */
int arg_index(const struct cmd_args *a, const char *name);

#endif
