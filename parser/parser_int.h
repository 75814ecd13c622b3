/*
 * parser internals shared by the parser/ sources.  Not for use outside parser/.
 *
 * Every command's syntax is compiled into a Glushkov automaton: one node per
 * atomic token (keyword or variable), edges "may follow", a flag for the
 * tokens that may end the command, and the list of tokens that may start it.
 * A mode indexes the first keywords of its commands in a sorted array (binary
 * search by prefix) and keeps its first variables in a short list.
 */
#ifndef FLEXD_PARSER_INT_H
#define FLEXD_PARSER_INT_H

#include <stddef.h>
#include "parser/parser.h"

struct pnode {
	unsigned char type;     /* enum tok_type */
	unsigned char can_end;  /* may be the last token of its command */
	unsigned char specific; /* variable of a specific type (beats WORD/LINE) */
	int len;                /* strlen(text) */
	int cmd;                /* index into grammar.cmds */
	int order;              /* token index within its command */
	const char *text;       /* keyword text, or the variable's token text */
	const char *name;       /* capture name */
	const char *display;    /* token as `?` shows it */
	const char *help;
	long long lo, hi;       /* T_RANGE bounds */
	int succ, nsucc;        /* successors: grammar.succ[succ .. succ+nsucc) */
};

struct pcmd {
	const struct cmd_def *def;
	int first, nfirst;      /* first tokens: grammar.succ[first .. first+nfirst) */
	int priv;               /* effective privilege (0 -> 15) */
	int no_min;             /* words needed by the no/default form; INT_MAX = all */
};

struct kwent {
	const char *text;
	int len;
	int node;
	int cmd;
};

struct pmode {
	bool config;
	struct kwent *kw;       /* first keywords, sorted case-insensitively, then by cmd */
	int nkw;
	int *vars;              /* first variables, in definition order */
	int nvars;
};

struct arena;

struct grammar {
	struct pnode *nodes;
	int nnodes;
	int *succ;
	int nsucc;
	struct pcmd *cmds;
	int ncmds;
	struct pmode *modes;
	int nmodes;
	struct arena *arena;    /* strings */
};

/* tokens.c */
bool tok_accepts_n(int type, long long lo, long long hi, const char *w, size_t len);
bool tok_parse_range(const char *spec, size_t len, long long *lo, long long *hi);
bool tok_is_specific(int type);

#endif
