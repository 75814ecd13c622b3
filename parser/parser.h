/*
 * parser: the IOS command grammar engine. Pure and I/O-free.
 *
 * Commands are data: a syntax string, help text per token and a handler.
 * At start every mode's commands are compiled into one token graph; a typed
 * line is matched against that graph word by word (an NFA walk: all paths
 * that still fit stay alive), which gives IOS's behaviours for free:
 * unique-prefix abbreviation, ambiguity, `?` help and TAB completion at any
 * position, and the caret under the first word that fits no path.
 *
 * Syntax strings (space separated):
 *   keyword          literal, lower case (may contain digits, '-', '_', '.', ':')
 *   WORD, NAME, ...  any all-caps identifier: one free word       (T_WORD)
 *   LINE             the rest of the line, spaces kept            (T_LINE)
 *   HEX              a hexadecimal string                         (T_HEX)
 *   <1-65535>        an integer in that range                     (T_RANGE)
 *   A.B.C.D          IPv4 address                                 (T_IPV4)
 *   A.B.C.D/M        IPv4 prefix                                  (T_IPV4_PREFIX)
 *   X:X::X:X         IPv6 address                                 (T_IPV6)
 *   X:X::X:X/M       IPv6 prefix                                  (T_IPV6_PREFIX)
 *   {a|b c|d}        one of the alternatives (each a sequence)
 *   [a b]            optional sequence; [a|b] = optionally one of them
 *   X...             one or more of the token or group X ("{a|b}...")
 *   tok$name         names the capture of tok (keyword or variable)
 *
 * Help: one line per atomic token (keyword or variable) in the order the
 * tokens appear in the syntax string, separated by '\n'.  Where several
 * commands share a token at the same place, the first definition's help wins.
 *
 * Captures: each matched word is recorded as (name, value).  A keyword's
 * name is its own text (or its $name) and its value the full keyword, so an
 * abbreviation "sha2" for "sha256" is stored as "sha256".  A variable's name
 * is its token text ("WORD", "A.B.C.D", "<1-100>") or its $name.
 */
#ifndef FLEXD_PARSER_H
#define FLEXD_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vty;
struct cmd_args;

/* Handler result. CMD_ERROR: the command printed its own "% ..." message;
 * the transaction around a config command is rolled back. */
enum { CMD_SUCCESS = 0, CMD_ERROR = 1 };

typedef int (*cmd_handler)(struct vty *vty, const struct cmd_args *a);

/* Command flags */
#define CMD_NO_NEGATE   0x01u /* `no`/`default` forms not accepted */
#define CMD_HIDDEN      0x02u /* not listed by `?` nor completed (aliases) */
#define CMD_NO_EXACT    0x04u /* `no` form must match the whole syntax */
#define CMD_NO_ONLY     0x08u /* only valid as `no ...`/`default ...` */

struct cmd_def {
	uint64_t modes;      /* bit mask of MODE_* (see cli/modes.h): MODE_BIT(m) */
	const char *syntax;
	const char *help;
	cmd_handler handler;
	unsigned flags;
	int privilege;       /* exec modes: 0/1 = user EXEC, 15 (default when 0 is
	                        not given explicitly: use PRIV_ENABLE) */
	int no_min;          /* `no` form: words required; 0 = automatic
	                        (leading keywords + the first variable after them) */
};

#define PRIV_USER   1
#define PRIV_ENABLE 15

/* ---------- captured arguments ---------- */

#define CMD_MAX_ARGS 64

struct cmd_arg {
	const char *name;   /* capture name */
	const char *value;  /* NUL-terminated; keyword: its full text */
	int type;           /* enum tok_type */
	int offset;         /* byte offset of the word in the typed line */
};

struct cmd_args {
	bool no;            /* typed with `no` */
	bool dflt;          /* typed with `default` */
	int n;
	struct cmd_arg v[CMD_MAX_ARGS];
	const char *line;   /* the whole line as typed, without `no`/`default` */
	char store[2048];   /* private: storage for values */
	size_t used;        /* private */
};

/* First value captured under name, or NULL. */
const char *arg(const struct cmd_args *a, const char *name);
/* Is name present (keyword typed, or variable given)? */
bool has(const struct cmd_args *a, const char *name);
/* Integer value of the first capture under name, or def. */
long long arg_int(const struct cmd_args *a, const char *name, long long def);
/* Number of captures under name, and the i-th (0-based) of them. */
int arg_count(const struct cmd_args *a, const char *name);
const char *arg_nth(const struct cmd_args *a, const char *name, int i);

/* ---------- the grammar ---------- */

enum tok_type {
	T_KEYWORD, T_WORD, T_LINE, T_HEX, T_RANGE,
	T_IPV4, T_IPV4_PREFIX, T_IPV6, T_IPV6_PREFIX,
};

struct grammar;                 /* all modes' graphs */

/* Build the graphs of every mode from the command tables. Returns NULL and
 * fills err (a message naming the bad syntax string) on a definition error:
 * bad syntax, help line count not matching the token count. */
struct grammar *grammar_build(const struct cmd_def *const *tables,
			      const size_t *counts, size_t ntables,
			      int nmodes, char *err, size_t errlen);
void grammar_free(struct grammar *g);

/* Mode traits the parser needs: config modes take `no`/`default` prefixes. */
void grammar_set_config_mode(struct grammar *g, int mode, bool is_config);

enum match_status {
	MATCH_OK,          /* cmd and args filled */
	MATCH_EMPTY,       /* blank line or a '!' comment */
	MATCH_INVALID,     /* err_offset = byte offset of the first bad word */
	MATCH_INCOMPLETE,
	MATCH_AMBIGUOUS,
};

struct match_result {
	enum match_status status;
	int err_offset;
	const struct cmd_def *cmd;
	struct cmd_args args;
};

/* Match a line in a mode for a user at the given privilege level. */
void grammar_match(const struct grammar *g, int mode, int privilege,
		   const char *line, struct match_result *out);

/* `?` help.  If the line ends in a space (or is empty), lists the tokens
 * that may come next; else lists the keywords the last partial word may
 * complete to (help text NULL in that form).  "<cr>" is listed when the line
 * is complete.  Returns the number of items (0: the line is already invalid;
 * err_offset then tells where), items sorted as IOS sorts them. */
struct help_item {
	char token[64];      /* keyword, or WORD / A.B.C.D / <1-100> / LINE / <cr> */
	const char *help;    /* NULL for the partial-word form */
	const char *var;     /* a variable's capture name (e.g. "IFNAME"), else NULL */
};
int grammar_help(const struct grammar *g, int mode, int privilege,
		 const char *line, struct help_item *items, int max,
		 int *err_offset);

/* TAB completion: if the last word is a unique prefix of a keyword, write
 * the line with that word completed and a trailing space into out and
 * return true.  Otherwise return false. */
bool grammar_complete(const struct grammar *g, int mode, int privilege,
		      const char *line, char *out, size_t outlen);

/* Does this word fit this token type?  (Exposed for unit tests.) */
bool token_accepts(enum tok_type t, const char *spec, const char *word);

#endif
