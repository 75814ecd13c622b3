/*
 * grammar_build: compile syntax strings into per-command Glushkov automata
 * and index each mode's first tokens.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser_int.h"

/* ---------- string arena ---------- */

struct arena {
	struct arena *next;
	size_t used, cap;
	char data[];
};

static char *arena_strndup(struct grammar *g, const char *s, size_t n)
{
	struct arena *a = g->arena;
	char *r;

	if (!a || a->cap - a->used < n + 1) {
		size_t cap = n + 1 > 16384 ? n + 1 : 16384;
		a = malloc(sizeof *a + cap);
		if (!a)
			return NULL;
		a->next = g->arena;
		a->used = 0;
		a->cap = cap;
		g->arena = a;
	}
	r = a->data + a->used;
	memcpy(r, s, n);
	r[n] = 0;
	a->used += n + 1;
	return r;
}

/* ---------- small int vectors ---------- */

struct ivec {
	int *v;
	int n, cap;
};

static bool ivec_push(struct ivec *iv, int x)
{
	if (iv->n == iv->cap) {
		int cap = iv->cap ? iv->cap * 2 : 8;
		int *nv = realloc(iv->v, (size_t)cap * sizeof *nv);
		if (!nv)
			return false;
		iv->v = nv;
		iv->cap = cap;
	}
	iv->v[iv->n++] = x;
	return true;
}

static bool ivec_add_unique(struct ivec *iv, int x)
{
	for (int i = 0; i < iv->n; i++)
		if (iv->v[i] == x)
			return true;
	return ivec_push(iv, x);
}

static bool ivec_merge(struct ivec *dst, const struct ivec *src)
{
	for (int i = 0; i < src->n; i++)
		if (!ivec_add_unique(dst, src->v[i]))
			return false;
	return true;
}

/* ---------- syntax tree ---------- */

enum { A_ATOM, A_SEQ, A_ALT, A_OPT };

struct ast {
	int kind;
	bool repeat;
	int pos;                /* A_ATOM: token index within the command */
	struct ast **kids;
	int nkids, cap;
};

struct build {
	struct grammar *g;
	int capnodes, capsucc;
};

struct cc {
	struct build *b;
	const struct cmd_def *def;
	const char *p;
	char *err;
	size_t errlen;
	bool failed;
	int cmd;
	int base;               /* node id of token 0 */
	int natoms;
	struct ivec *follow;    /* per token */
	int capfollow;
};

static void cc_fail(struct cc *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void cc_fail(struct cc *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (c->failed)
		return;
	c->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->err && c->errlen)
		snprintf(c->err, c->errlen, "parser: bad command definition \"%s\": %s",
			 c->def->syntax ? c->def->syntax : "(null)", msg);
}

static struct ast *ast_new(struct cc *c, int kind)
{
	struct ast *a = calloc(1, sizeof *a);
	if (!a)
		cc_fail(c, "out of memory");
	else
		a->kind = kind;
	return a;
}

static void ast_free(struct ast *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->nkids; i++)
		ast_free(a->kids[i]);
	free(a->kids);
	free(a);
}

static bool ast_add(struct cc *c, struct ast *a, struct ast *kid)
{
	if (a->nkids == a->cap) {
		int cap = a->cap ? a->cap * 2 : 4;
		struct ast **nk = realloc(a->kids, (size_t)cap * sizeof *nk);
		if (!nk) {
			cc_fail(c, "out of memory");
			ast_free(kid);
			return false;
		}
		a->kids = nk;
		a->cap = cap;
	}
	a->kids[a->nkids++] = kid;
	return true;
}

static bool is_sep(char ch)
{
	return ch == 0 || ch == ' ' || ch == '\t' || ch == '\n' ||
	       ch == '{' || ch == '}' || ch == '[' || ch == ']' || ch == '|';
}

static bool is_upper(char ch) { return ch >= 'A' && ch <= 'Z'; }
static bool is_lower(char ch) { return ch >= 'a' && ch <= 'z'; }
static bool is_digitc(char ch) { return ch >= '0' && ch <= '9'; }

static bool valid_name(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_upper(s[i]) && !is_lower(s[i]) && !is_digitc(s[i]) &&
		    s[i] != '_' && s[i] != '-' && s[i] != '.')
			return false;
	return true;
}

/* Split "tok", "tok...", "tok$name", "tok$name...", "tok...$name". */
static bool split_suffix(const char *s, size_t n, size_t *baselen,
			 const char **name, size_t *namelen, bool *repeat)
{
	const char *dollar = memchr(s, '$', n);
	size_t bl = dollar ? (size_t)(dollar - s) : n;

	*repeat = false;
	*name = NULL;
	*namelen = 0;
	if (bl >= 3 && memcmp(s + bl - 3, "...", 3) == 0) {
		*repeat = true;
		bl -= 3;
	}
	if (dollar) {
		const char *nm = dollar + 1;
		size_t nl = n - bl - (*repeat ? 3 : 0) - 1;
		if (nl >= 3 && memcmp(nm + nl - 3, "...", 3) == 0) {
			if (*repeat)
				return false;
			*repeat = true;
			nl -= 3;
		}
		if (!valid_name(nm, nl))
			return false;
		*name = nm;
		*namelen = nl;
	}
	*baselen = bl;
	return true;
}

static struct pnode *new_node(struct cc *c)
{
	struct build *b = c->b;
	struct grammar *g = b->g;

	if (g->nnodes == b->capnodes) {
		int cap = b->capnodes ? b->capnodes * 2 : 256;
		struct pnode *nn = realloc(g->nodes, (size_t)cap * sizeof *nn);
		if (!nn) {
			cc_fail(c, "out of memory");
			return NULL;
		}
		g->nodes = nn;
		b->capnodes = cap;
	}
	if (c->natoms == c->capfollow) {
		int cap = c->capfollow ? c->capfollow * 2 : 16;
		struct ivec *nf = realloc(c->follow, (size_t)cap * sizeof *nf);
		if (!nf) {
			cc_fail(c, "out of memory");
			return NULL;
		}
		memset(nf + c->capfollow, 0, (size_t)(cap - c->capfollow) * sizeof *nf);
		c->follow = nf;
		c->capfollow = cap;
	}
	struct pnode *nd = &g->nodes[g->nnodes++];
	memset(nd, 0, sizeof *nd);
	nd->cmd = c->cmd;
	nd->order = c->natoms++;
	return nd;
}

static bool classify(struct cc *c, struct pnode *nd, const char *s, size_t n)
{
	struct grammar *g = c->b->g;
	static const struct { const char *text; int type; } fixed[] = {
		{ "LINE", T_LINE }, { "HEX", T_HEX }, { "A.B.C.D", T_IPV4 },
		{ "A.B.C.D/M", T_IPV4_PREFIX }, { "X:X::X:X", T_IPV6 },
		{ "X:X::X:X/M", T_IPV6_PREFIX },
	};
	bool kw = true, var = true;

	nd->text = arena_strndup(g, s, n);
	if (!nd->text) {
		cc_fail(c, "out of memory");
		return false;
	}
	nd->len = (int)n;
	nd->display = nd->text;
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		if (strlen(fixed[i].text) == n && memcmp(fixed[i].text, s, n) == 0) {
			nd->type = (unsigned char)fixed[i].type;
			nd->specific = tok_is_specific(nd->type);
			return true;
		}
	}
	if (s[0] == '<') {
		if (!tok_parse_range(s, n, &nd->lo, &nd->hi)) {
			cc_fail(c, "bad range token '%.*s'", (int)n, s);
			return false;
		}
		nd->type = T_RANGE;
		nd->specific = 1;
		return true;
	}
	/* all-caps identifier: a free word */
	if (!is_upper(s[0]))
		var = false;
	for (size_t i = 0; i < n && var; i++)
		if (!is_upper(s[i]) && !is_digitc(s[i]) && s[i] != '_' && s[i] != '-')
			var = false;
	if (var) {
		nd->type = T_WORD;
		nd->display = "WORD";
		return true;
	}
	/* keyword: starts with a lower-case letter or a digit */
	if (!is_lower(s[0]) && !is_digitc(s[0]))
		kw = false;
	for (size_t i = 0; i < n && kw; i++)
		if (!is_lower(s[i]) && !is_upper(s[i]) && !is_digitc(s[i]) &&
		    !strchr("-_.:/+", s[i]))
			kw = false;
	if (!kw) {
		cc_fail(c, "unknown token form '%.*s'", (int)n, s);
		return false;
	}
	if (n > 63) {
		cc_fail(c, "keyword '%.*s' too long", (int)n, s);
		return false;
	}
	nd->type = T_KEYWORD;
	return true;
}

/* give name to every token in a that has none yet */
static void apply_name(struct cc *c, struct ast *a, const char *name)
{
	if (a->kind == A_ATOM) {
		struct pnode *nd = &c->b->g->nodes[c->base + a->pos];
		if (!nd->name)
			nd->name = name;
		return;
	}
	for (int i = 0; i < a->nkids; i++)
		apply_name(c, a->kids[i], name);
}

static struct ast *parse_seq(struct cc *c);

static struct ast *parse_item(struct cc *c)
{
	const char *s = c->p;
	struct ast *a;

	if (*s == '{' || *s == '[') {
		char open = *s, close = open == '{' ? '}' : ']';
		struct ast *alt = ast_new(c, A_ALT);
		if (!alt)
			return NULL;
		c->p++;
		for (;;) {
			struct ast *seq = parse_seq(c);
			if (!seq) {
				ast_free(alt);
				return NULL;
			}
			if (seq->nkids == 0) {
				ast_free(seq);
				ast_free(alt);
				cc_fail(c, "empty alternative or group");
				return NULL;
			}
			if (!ast_add(c, alt, seq)) {
				ast_free(alt);
				return NULL;
			}
			if (*c->p == '|') {
				c->p++;
				continue;
			}
			break;
		}
		if (*c->p != close) {
			ast_free(alt);
			if (*c->p)
				cc_fail(c, "unbalanced brackets: '%c' closed by '%c'", open, *c->p);
			else
				cc_fail(c, "unbalanced brackets: '%c' not closed", open);
			return NULL;
		}
		c->p++;
		if (open == '[') {
			a = ast_new(c, A_OPT);
			if (!a || !ast_add(c, a, alt)) {
				ast_free(a);
				ast_free(alt);
				return NULL;
			}
		} else {
			a = alt;
		}
		/* suffix: "...", "$name" */
		s = c->p;
		while (!is_sep(*c->p))
			c->p++;
		if (c->p > s) {
			size_t bl, nl;
			const char *name;
			bool rep;
			if (!split_suffix(s, (size_t)(c->p - s), &bl, &name, &nl, &rep) || bl != 0) {
				cc_fail(c, "bad suffix '%.*s' after a group", (int)(c->p - s), s);
				ast_free(a);
				return NULL;
			}
			a->repeat = rep;
			if (name) {
				const char *nm = arena_strndup(c->b->g, name, nl);
				if (!nm) {
					cc_fail(c, "out of memory");
					ast_free(a);
					return NULL;
				}
				apply_name(c, a, nm);
			}
		}
		return a;
	}

	/* atom */
	while (!is_sep(*c->p))
		c->p++;
	{
		size_t n = (size_t)(c->p - s), bl, nl;
		const char *name;
		bool rep;
		struct pnode *nd;
		int pos;

		if (!split_suffix(s, n, &bl, &name, &nl, &rep) || bl == 0) {
			cc_fail(c, "bad token '%.*s'", (int)n, s);
			return NULL;
		}
		pos = c->natoms;
		nd = new_node(c);
		if (!nd)
			return NULL;
		if (!classify(c, nd, s, bl))
			return NULL;
		if (name) {
			nd->name = arena_strndup(c->b->g, name, nl);
			if (!nd->name) {
				cc_fail(c, "out of memory");
				return NULL;
			}
		}
		a = ast_new(c, A_ATOM);
		if (!a)
			return NULL;
		a->pos = pos;
		a->repeat = rep;
		return a;
	}
}

static struct ast *parse_seq(struct cc *c)
{
	struct ast *seq = ast_new(c, A_SEQ);

	if (!seq)
		return NULL;
	for (;;) {
		struct ast *it;
		while (*c->p == ' ' || *c->p == '\t' || *c->p == '\n')
			c->p++;
		if (!*c->p || *c->p == '|' || *c->p == '}' || *c->p == ']')
			return seq;
		it = parse_item(c);
		if (!it || !ast_add(c, seq, it)) {
			ast_free(seq);
			return NULL;
		}
	}
}

/* ---------- Glushkov construction ---------- */

struct gl {
	struct ivec first, last;
	bool nullable;
};

static void gl_free(struct gl *x)
{
	free(x->first.v);
	free(x->last.v);
	memset(x, 0, sizeof *x);
}

static bool add_follow(struct cc *c, const struct ivec *from, const struct ivec *to)
{
	for (int i = 0; i < from->n; i++)
		if (!ivec_merge(&c->follow[from->v[i]], to))
			return false;
	return true;
}

static bool glush(struct cc *c, const struct ast *a, struct gl *out)
{
	bool ok = true;

	memset(out, 0, sizeof *out);
	switch (a->kind) {
	case A_ATOM:
		ok = ivec_push(&out->first, a->pos) && ivec_push(&out->last, a->pos);
		out->nullable = false;
		break;
	case A_SEQ:
		out->nullable = true;
		for (int i = 0; i < a->nkids && ok; i++) {
			struct gl k;
			ok = glush(c, a->kids[i], &k);
			if (ok)
				ok = add_follow(c, &out->last, &k.first);
			if (ok && out->nullable)
				ok = ivec_merge(&out->first, &k.first);
			if (ok) {
				if (k.nullable) {
					ok = ivec_merge(&out->last, &k.last);
				} else {
					out->last.n = 0;
					ok = ivec_merge(&out->last, &k.last);
				}
			}
			out->nullable = out->nullable && k.nullable;
			gl_free(&k);
		}
		break;
	case A_ALT:
	case A_OPT:
		out->nullable = a->kind == A_OPT;
		for (int i = 0; i < a->nkids && ok; i++) {
			struct gl k;
			ok = glush(c, a->kids[i], &k);
			if (ok)
				ok = ivec_merge(&out->first, &k.first) && ivec_merge(&out->last, &k.last);
			if (k.nullable)
				out->nullable = true;
			gl_free(&k);
		}
		break;
	}
	if (ok && a->repeat)
		ok = add_follow(c, &out->last, &out->first);
	if (!ok) {
		cc_fail(c, "out of memory");
		gl_free(out);
	}
	return ok;
}

static bool push_succ(struct build *b, int x)
{
	struct grammar *g = b->g;

	if (g->nsucc == b->capsucc) {
		int cap = b->capsucc ? b->capsucc * 2 : 1024;
		int *ns = realloc(g->succ, (size_t)cap * sizeof *ns);
		if (!ns)
			return false;
		g->succ = ns;
		b->capsucc = cap;
	}
	g->succ[g->nsucc++] = x;
	return true;
}

static const char *const empty_help = "";

static bool assign_help(struct cc *c)
{
	struct grammar *g = c->b->g;
	const char *h = c->def->help;
	int lines = 0;

	if (h && *h) {
		const char *s = h;
		for (;;) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			if (lines < c->natoms) {
				const char *t = arena_strndup(g, s, n);
				if (!t) {
					cc_fail(c, "out of memory");
					return false;
				}
				g->nodes[c->base + lines].help = t;
			}
			lines++;
			if (!nl || nl[1] == 0)   /* one trailing newline is allowed */
				break;
			s = nl + 1;
		}
	}
	if (lines != c->natoms) {
		cc_fail(c, "%d tokens but %d help lines", c->natoms, lines);
		return false;
	}
	for (int i = 0; i < c->natoms; i++)
		if (!g->nodes[c->base + i].help)
			g->nodes[c->base + i].help = empty_help;
	return true;
}

static int auto_no_min(struct cc *c, const struct ast *root)
{
	const struct grammar *g = c->b->g;
	int n = 0, i = 0;

	for (; i < root->nkids; i++) {
		const struct ast *k = root->kids[i];
		if (k->kind != A_ATOM || k->repeat || g->nodes[c->base + k->pos].type != T_KEYWORD)
			break;
		n++;
	}
	if (i < root->nkids) {
		const struct ast *k = root->kids[i];
		if (k->kind == A_ATOM && !k->repeat && g->nodes[c->base + k->pos].type != T_KEYWORD)
			n++;
	}
	return n > 0 ? n : 1;
}

static bool compile_cmd(struct build *b, const struct cmd_def *def, int cmdi,
			char *err, size_t errlen)
{
	struct grammar *g = b->g;
	struct cc c = { .b = b, .def = def, .err = err, .errlen = errlen,
			.cmd = cmdi, .base = g->nnodes };
	struct ast *root = NULL;
	struct gl all = { 0 };
	struct pcmd *pc = &g->cmds[cmdi];
	bool ok = false;

	pc->def = def;
	pc->priv = def->privilege == 0 ? PRIV_ENABLE : def->privilege;
	if (!def->syntax || !*def->syntax) {
		cc_fail(&c, "empty syntax");
		goto out;
	}
	c.p = def->syntax;
	root = parse_seq(&c);
	if (!root)
		goto out;
	if (*c.p) {
		if (*c.p == '|')
			cc_fail(&c, "'|' outside braces");
		else
			cc_fail(&c, "unbalanced brackets: unexpected '%c'", *c.p);
		goto out;
	}
	if (!assign_help(&c))
		goto out;
	if (!glush(&c, root, &all))
		goto out;
	if (all.nullable) {
		cc_fail(&c, "the syntax can match an empty line");
		goto out;
	}
	for (int i = 0; i < c.natoms; i++) {
		struct pnode *nd = &g->nodes[c.base + i];
		if (!nd->name)
			nd->name = nd->text;
		nd->succ = g->nsucc;
		nd->nsucc = c.follow[i].n;
		if (nd->type == T_LINE && nd->nsucc) {
			cc_fail(&c, "LINE must be the last token");
			goto out;
		}
		for (int j = 0; j < c.follow[i].n; j++)
			if (!push_succ(b, c.base + c.follow[i].v[j])) {
				cc_fail(&c, "out of memory");
				goto out;
			}
	}
	for (int i = 0; i < all.last.n; i++)
		g->nodes[c.base + all.last.v[i]].can_end = 1;
	pc->first = g->nsucc;
	pc->nfirst = all.first.n;
	for (int i = 0; i < all.first.n; i++)
		if (!push_succ(b, c.base + all.first.v[i])) {
			cc_fail(&c, "out of memory");
			goto out;
		}
	if (def->flags & CMD_NO_EXACT)
		pc->no_min = INT_MAX;
	else if (def->no_min > 0)
		pc->no_min = def->no_min;
	else
		pc->no_min = auto_no_min(&c, root);
	ok = true;
out:
	gl_free(&all);
	ast_free(root);
	for (int i = 0; i < c.capfollow; i++)
		free(c.follow[i].v);
	free(c.follow);
	return ok;
}

static int kwent_cmp(const void *pa, const void *pb)
{
	const struct kwent *a = pa, *b = pb;
	int r = strcasecmp(a->text, b->text);

	if (r)
		return r;
	if (a->cmd != b->cmd)
		return a->cmd < b->cmd ? -1 : 1;
	return a->node < b->node ? -1 : a->node > b->node;
}

static bool index_mode(struct grammar *g, int m)
{
	struct pmode *pm = &g->modes[m];
	int nkw = 0, nvars = 0;
	uint64_t bit = UINT64_C(1) << m;

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 1) {
			pm->kw = calloc((size_t)nkw + 1, sizeof *pm->kw);
			pm->vars = calloc((size_t)nvars + 1, sizeof *pm->vars);
			if (!pm->kw || !pm->vars)
				return false;
		}
		for (int ci = 0; ci < g->ncmds; ci++) {
			const struct pcmd *pc = &g->cmds[ci];
			if (!(pc->def->modes & bit))
				continue;
			for (int i = 0; i < pc->nfirst; i++) {
				int id = g->succ[pc->first + i];
				const struct pnode *nd = &g->nodes[id];
				if (nd->type == T_KEYWORD) {
					if (pass == 1)
						pm->kw[pm->nkw++] = (struct kwent){ nd->text, nd->len, id, ci };
					else
						nkw++;
				} else {
					if (pass == 1)
						pm->vars[pm->nvars++] = id;
					else
						nvars++;
				}
			}
		}
	}
	qsort(pm->kw, (size_t)pm->nkw, sizeof *pm->kw, kwent_cmp);
	return true;
}

void grammar_free(struct grammar *g)
{
	if (!g)
		return;
	if (g->modes)
		for (int m = 0; m < g->nmodes; m++) {
			free(g->modes[m].kw);
			free(g->modes[m].vars);
		}
	free(g->modes);
	free(g->nodes);
	free(g->succ);
	free(g->cmds);
	while (g->arena) {
		struct arena *n = g->arena->next;
		free(g->arena);
		g->arena = n;
	}
	free(g);
}

struct grammar *grammar_build(const struct cmd_def *const *tables,
			      const size_t *counts, size_t ntables,
			      int nmodes, char *err, size_t errlen)
{
	struct grammar *g;
	struct build b = { 0 };
	size_t total = 0;
	int ci = 0;

	if (err && errlen)
		err[0] = 0;
	if (nmodes < 1 || nmodes > 64) {
		if (err && errlen)
			snprintf(err, errlen, "parser: bad number of modes %d (1..64)", nmodes);
		return NULL;
	}
	for (size_t t = 0; t < ntables; t++)
		total += counts[t];
	if (total > INT_MAX / 2) {
		if (err && errlen)
			snprintf(err, errlen, "parser: too many commands");
		return NULL;
	}
	g = calloc(1, sizeof *g);
	if (!g)
		goto oom;
	b.g = g;
	g->nmodes = nmodes;
	g->cmds = calloc(total + 1, sizeof *g->cmds);
	g->modes = calloc((size_t)nmodes, sizeof *g->modes);
	if (!g->cmds || !g->modes)
		goto oom;
	for (size_t t = 0; t < ntables; t++) {
		for (size_t i = 0; i < counts[t]; i++, ci++) {
			const struct cmd_def *def = &tables[t][i];
			g->ncmds = ci + 1;
			if (nmodes < 64 && (def->modes >> nmodes)) {
				if (err && errlen)
					snprintf(err, errlen,
						 "parser: bad command definition \"%s\": mode bit beyond %d modes",
						 def->syntax ? def->syntax : "(null)", nmodes);
				grammar_free(g);
				return NULL;
			}
			if (!compile_cmd(&b, def, ci, err, errlen)) {
				grammar_free(g);
				return NULL;
			}
		}
	}
	for (int m = 0; m < nmodes; m++)
		if (!index_mode(g, m))
			goto oom;
	return g;
oom:
	if (err && errlen)
		snprintf(err, errlen, "parser: out of memory");
	grammar_free(g);
	return NULL;
}

void grammar_set_config_mode(struct grammar *g, int mode, bool is_config)
{
	if (g && mode >= 0 && mode < g->nmodes)
		g->modes[mode].config = is_config;
}
