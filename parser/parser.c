/*
 * parser: matching a typed line against a mode's graph (NFA walk), `?` help,
 * TAB completion and the captured-argument accessors.
 *
 * The walk keeps every live path.  A path is a chain of states, one per word,
 * each pointing at its predecessor, so captures are rebuilt from the winning
 * state at the end.  State ids < 0 are the mode's root (-1) and the root
 * reached through the `no` (-2) and `default` (-3) prefixes.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parser/parser_int.h"

enum { ROOT = -1, ROOT_NO = -2, ROOT_DFLT = -3 };
enum { F_NO = 1, F_DFLT = 2 };
enum { W_OK, W_AMBIG, W_INVALID };
enum { C_EXACT, C_PREFIX, C_SPEC, C_GEN, C_LINE };

static const char help_no[] = "Negate a command or set its defaults";
static const char help_dflt[] = "Set a command to its defaults";

struct wstate {
	int node;
	int prev;
	int step;
	int flags;
};

struct wstep {
	int off, len;
};

struct cand {
	int node;
	int prev;
	int cat;
	const char *kw;         /* keyword text (C_EXACT / C_PREFIX) */
};

#define INLINE_STATES 128
#define INLINE_STEPS 64
#define INLINE_CANDS 128

struct walk {
	const struct grammar *g;
	const struct pmode *m;
	int priv;
	const char *line;
	struct wstate *st;
	int nst, capst;
	struct wstep *steps;
	int nsteps, capsteps;
	struct cand *c;
	int nc, capc;
	int lo, hi;             /* live states: st[lo .. hi) */
	bool all_line;          /* every live path is inside a LINE */
	struct wstate st_buf[INLINE_STATES];
	struct wstep step_buf[INLINE_STEPS];
	struct cand c_buf[INLINE_CANDS];
};

static void *grow(void *p, void *inline_buf, int *cap, size_t elem)
{
	int ncap = *cap * 2;
	void *np;

	if (p == inline_buf) {
		np = malloc((size_t)ncap * elem);
		if (np)
			memcpy(np, p, (size_t)*cap * elem);
	} else {
		np = realloc(p, (size_t)ncap * elem);
	}
	if (!np)
		abort();
	*cap = ncap;
	return np;
}

static void walk_init(struct walk *w, const struct grammar *g, int mode, int priv,
		      const char *line)
{
	w->g = g;
	w->m = &g->modes[mode];
	w->priv = priv;
	w->line = line;
	w->st = w->st_buf;
	w->capst = INLINE_STATES;
	w->steps = w->step_buf;
	w->capsteps = INLINE_STEPS;
	w->c = w->c_buf;
	w->capc = INLINE_CANDS;
	w->nsteps = 0;
	w->nc = 0;
	w->st[0] = (struct wstate){ ROOT, -1, -1, 0 };
	w->nst = 1;
	w->lo = 0;
	w->hi = 1;
	w->all_line = false;
}

static void walk_done(struct walk *w)
{
	if (w->st != w->st_buf)
		free(w->st);
	if (w->steps != w->step_buf)
		free(w->steps);
	if (w->c != w->c_buf)
		free(w->c);
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Next word from *pos: spaces/tabs separate words; "..." is one word. */
static bool next_word(const char *line, size_t *pos, int *off, int *len)
{
	size_t i = *pos, s;
	bool q = false;

	while (line[i] && is_space(line[i]))
		i++;
	if (!line[i])
		return false;
	s = i;
	while (line[i] && (q || !is_space(line[i]))) {
		if (line[i] == '"')
			q = !q;
		i++;
	}
	*pos = i;
	*off = (int)s;
	*len = (int)(i - s);
	return true;
}

static bool visible(const struct walk *w, int cmd, int flags)
{
	const struct pcmd *pc = &w->g->cmds[cmd];
	unsigned f = pc->def->flags;

	if (flags == 0 && (f & CMD_NO_ONLY))
		return false;
	if (flags != 0 && (f & CMD_NO_NEGATE))
		return false;
	if (!w->m->config && pc->priv > w->priv)
		return false;
	return true;
}

static bool hidden(const struct walk *w, int cmd)
{
	return (w->g->cmds[cmd].def->flags & CMD_HIDDEN) != 0;
}

static void add_cand(struct walk *w, int node, int prev, int cat, const char *kw)
{
	if (w->nc == w->capc)
		w->c = grow(w->c, w->c_buf, &w->capc, sizeof *w->c);
	w->c[w->nc++] = (struct cand){ node, prev, cat, kw };
}

static bool kw_prefix(const char *kw, int kwlen, const char *s, int len)
{
	return len <= kwlen && strncasecmp(kw, s, (size_t)len) == 0;
}

static void var_cand(struct walk *w, const struct pnode *nd, int id, int prev,
		     const char *s, int len)
{
	if (tok_accepts_n(nd->type, nd->lo, nd->hi, s, (size_t)len))
		add_cand(w, id, prev, nd->specific ? C_SPEC : C_GEN, NULL);
}

/* first index entry whose text is not below s[0..len) (prefix order) */
static int kw_lower_bound(const struct pmode *m, const char *s, int len)
{
	int lo = 0, hi = m->nkw;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (strncasecmp(m->kw[mid].text, s, (size_t)len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void gen_root(struct walk *w, int si, const char *s, int len)
{
	const struct pmode *m = w->m;
	int flags = w->st[si].flags;

	for (int i = kw_lower_bound(m, s, len); i < m->nkw; i++) {
		const struct kwent *e = &m->kw[i];
		if (strncasecmp(e->text, s, (size_t)len) != 0)
			break;
		if (!visible(w, e->cmd, flags))
			continue;
		add_cand(w, e->node, si, e->len == len ? C_EXACT : C_PREFIX, e->text);
	}
	for (int i = 0; i < m->nvars; i++) {
		const struct pnode *nd = &w->g->nodes[m->vars[i]];
		if (visible(w, nd->cmd, flags))
			var_cand(w, nd, m->vars[i], si, s, len);
	}
	if (m->config && flags == 0) {
		if (kw_prefix("no", 2, s, len))
			add_cand(w, ROOT_NO, si, len == 2 ? C_EXACT : C_PREFIX, "no");
		if (kw_prefix("default", 7, s, len))
			add_cand(w, ROOT_DFLT, si, len == 7 ? C_EXACT : C_PREFIX, "default");
	}
}

/* Generate the candidates for word s from the live states. */
static void gen_word(struct walk *w, const char *s, int len)
{
	const struct grammar *g = w->g;

	w->nc = 0;
	for (int si = w->lo; si < w->hi; si++) {
		int id = w->st[si].node;
		if (id < 0) {
			gen_root(w, si, s, len);
			continue;
		}
		const struct pnode *cur = &g->nodes[id];
		if (cur->type == T_LINE) {
			add_cand(w, id, si, C_LINE, NULL);
			continue;
		}
		for (int k = 0; k < cur->nsucc; k++) {
			int nid = g->succ[cur->succ + k];
			const struct pnode *nd = &g->nodes[nid];
			if (nd->type == T_KEYWORD) {
				if (kw_prefix(nd->text, nd->len, s, len))
					add_cand(w, nid, si, nd->len == len ? C_EXACT : C_PREFIX, nd->text);
			} else {
				var_cand(w, nd, nid, si, s, len);
			}
		}
	}
}

static void push_state(struct walk *w, int node, int prev, int step)
{
	int flags = w->st[prev].flags;

	for (int i = w->hi; i < w->nst; i++)
		if (w->st[i].node == node)
			return;
	if (node == ROOT_NO)
		flags = F_NO;
	else if (node == ROOT_DFLT)
		flags = F_DFLT;
	if (w->nst == w->capst)
		w->st = grow(w->st, w->st_buf, &w->capst, sizeof *w->st);
	w->st[w->nst++] = (struct wstate){ node, prev, step, flags };
}

/* Consume one word. */
static int walk_word(struct walk *w, int off, int len)
{
	const char *s = w->line + off;
	bool has[C_LINE + 1] = { false };
	int keep = -1, step;
	bool line_only = false;

	if (w->nsteps == w->capsteps)
		w->steps = grow(w->steps, w->step_buf, &w->capsteps, sizeof *w->steps);
	step = w->nsteps++;
	w->steps[step] = (struct wstep){ off, len };

	gen_word(w, s, len);
	for (int i = 0; i < w->nc; i++)
		has[w->c[i].cat] = true;
	if (has[C_EXACT]) {
		keep = C_EXACT;
	} else if (has[C_PREFIX]) {
		/* A prefix of one visible keyword picks it, even when hidden
		 * aliases (seed typos like `fvrif`) share the prefix; hidden
		 * keywords count only when no visible one fits. */
		const char *pick[2] = { NULL, NULL };   /* [0] visible, [1] hidden */
		bool amb[2] = { false, false };
		keep = C_PREFIX;
		for (int i = 0; i < w->nc; i++) {
			if (w->c[i].cat != C_PREFIX)
				continue;
			int node = w->c[i].node;
			int h = node >= 0 && hidden(w, w->g->nodes[node].cmd) ? 1 : 0;
			if (!pick[h])
				pick[h] = w->c[i].kw;
			else if (pick[h] != w->c[i].kw && strcasecmp(pick[h], w->c[i].kw) != 0)
				amb[h] = true;
		}
		int use = pick[0] ? 0 : 1;
		if (amb[use]) {
			if (!has[C_LINE])
				return W_AMBIG;
			line_only = true;
		} else {
			for (int i = 0; i < w->nc; i++)
				if (w->c[i].cat == C_PREFIX && strcasecmp(w->c[i].kw, pick[use]) != 0)
					w->c[i].cat = -1; /* dropped */
		}
	} else if (has[C_SPEC]) {
		keep = C_SPEC;
	} else if (has[C_GEN]) {
		keep = C_GEN;
	}
	if (line_only)
		keep = -1;
	if (keep < 0 && !has[C_LINE])
		return W_INVALID;

	int newlo = w->nst;
	w->hi = w->nst;         /* push_state dedups within [hi, nst) */
	for (int i = 0; i < w->nc; i++)
		if (w->c[i].cat == keep || w->c[i].cat == C_LINE)
			push_state(w, w->c[i].node, w->c[i].prev, step);
	w->lo = newlo;
	w->hi = w->nst;
	w->all_line = true;
	for (int i = w->lo; i < w->hi; i++)
		if (w->st[i].node < 0 || w->g->nodes[w->st[i].node].type != T_LINE)
			w->all_line = false;
	return W_OK;
}

/* Walk the words that start before limit.  On failure *bad = word offset. */
static int walk_run(struct walk *w, size_t limit, int *bad)
{
	size_t pos = 0;
	int off, len;

	while (next_word(w->line, &pos, &off, &len) && (size_t)off < limit) {
		int r;
		if (w->all_line)
			break;
		r = walk_word(w, off, len);
		if (r != W_OK) {
			*bad = off;
			return r;
		}
	}
	return W_OK;
}

/* Words a path has matched since the root (the no/default word excluded). */
static int path_words(const struct walk *w, int si)
{
	int n = 0;

	for (int i = si; i >= 0 && w->st[i].node >= 0; i = w->st[i].prev)
		n++;
	return n;
}

/* Can live state si end the command?  full: by its END edge only. */
static bool state_ends(const struct walk *w, int si, bool full)
{
	const struct wstate *s = &w->st[si];
	const struct pnode *nd;

	if (s->node < 0)
		return false;
	nd = &w->g->nodes[s->node];
	if (nd->can_end)
		return true;
	if (full || s->flags == 0)
		return false;
	return path_words(w, si) >= w->g->cmds[nd->cmd].no_min;
}

/* The live state that ends the line: the earliest defined command, full
 * matches first, then truncated no/default forms.  -1 if none. */
static int best_end(const struct walk *w, bool skip_hidden)
{
	for (int pass = 0; pass < 2; pass++) {
		int best = -1, bestcmd = INT_MAX;
		for (int si = w->lo; si < w->hi; si++) {
			if (!state_ends(w, si, pass == 0))
				continue;
			int cmd = w->g->nodes[w->st[si].node].cmd;
			if (skip_hidden && hidden(w, cmd))
				continue;
			if (cmd < bestcmd) {
				bestcmd = cmd;
				best = si;
			}
		}
		if (best >= 0)
			return best;
	}
	return -1;
}

static bool mode_ok(const struct grammar *g, int mode)
{
	return g && mode >= 0 && mode < g->nmodes;
}

static size_t trimmed_len(const char *line)
{
	size_t n = strlen(line);

	while (n > 0 && is_space(line[n - 1]))
		n--;
	return n;
}

/* Offset of the first word of line that ends beyond byte lim (from start). */
static int word_beyond(const char *line, size_t start, size_t lim)
{
	size_t pos = start;
	int off, len;

	while (next_word(line, &pos, &off, &len))
		if ((size_t)off + (size_t)len > lim)
			return off;
	return (int)start;
}

static void fill_args(const struct walk *w, int si, struct match_result *out)
{
	const struct grammar *g = w->g;
	struct cmd_args *a = &out->args;
	int path[CMD_MAX_ARGS];
	int n = 0, k, first_step, over_off = -1;
	size_t lstart, lend, llen;
	const char *line = w->line;

	a->no = w->st[si].flags == F_NO;
	a->dflt = w->st[si].flags == F_DFLT;
	n = path_words(w, si);
	k = n;
	for (int i = si; i >= 0 && w->st[i].node >= 0; i = w->st[i].prev) {
		k--;
		if (k < CMD_MAX_ARGS)
			path[k] = i;
		if (k == CMD_MAX_ARGS)
			over_off = w->steps[w->st[i].step].off;
	}
	if (over_off >= 0) {
		out->status = MATCH_INVALID;
		out->err_offset = over_off;
		return;
	}
	first_step = w->st[path[0]].step;
	lstart = (size_t)w->steps[first_step].off;
	lend = trimmed_len(line);
	llen = lend - lstart;
	if (llen + 1 > sizeof a->store) {
		out->status = MATCH_INVALID;
		out->err_offset = word_beyond(line, lstart, lstart + sizeof a->store - 1);
		return;
	}
	memcpy(a->store, line + lstart, llen);
	a->store[llen] = 0;
	a->line = a->store;
	a->used = llen + 1;

	for (int i = 0; i < n; i++) {
		const struct wstate *s = &w->st[path[i]];
		const struct pnode *nd = &g->nodes[s->node];
		const struct wstep *ws = &w->steps[s->step];
		struct cmd_arg *v = &a->v[i];

		v->name = nd->name;
		v->type = nd->type;
		v->offset = (int)ws->off;
		if (nd->type == T_KEYWORD) {
			v->value = nd->text;
		} else if (nd->type == T_LINE) {
			v->value = a->store + ((size_t)ws->off - lstart);
		} else {
			size_t len = (size_t)ws->len;
			if (a->used + len + 1 > sizeof a->store) {
				out->status = MATCH_INVALID;
				out->err_offset = ws->off;
				a->n = 0;
				return;
			}
			memcpy(a->store + a->used, line + ws->off, len);
			a->store[a->used + len] = 0;
			v->value = a->store + a->used;
			a->used += len + 1;
		}
	}
	a->n = n;
	out->status = MATCH_OK;
	out->cmd = g->cmds[g->nodes[w->st[si].node].cmd].def;
}

void grammar_match(const struct grammar *g, int mode, int privilege,
		   const char *line, struct match_result *out)
{
	struct walk w;
	int bad = 0, r, si;
	size_t i = 0;

	out->status = MATCH_INVALID;
	out->err_offset = 0;
	out->cmd = NULL;
	out->args.no = out->args.dflt = false;
	out->args.n = 0;
	out->args.line = NULL;
	out->args.used = 0;
	out->args.store[0] = 0;
	if (!line) {
		out->status = MATCH_EMPTY;
		return;
	}
	while (is_space(line[i]))
		i++;
	if (!line[i] || line[i] == '!') {
		out->status = MATCH_EMPTY;
		return;
	}
	if (!mode_ok(g, mode)) {
		out->err_offset = (int)i;
		return;
	}
	walk_init(&w, g, mode, privilege, line);
	r = walk_run(&w, strlen(line), &bad);
	if (r == W_AMBIG) {
		out->status = MATCH_AMBIGUOUS;
		out->err_offset = bad;
	} else if (r == W_INVALID) {
		out->status = MATCH_INVALID;
		out->err_offset = bad;
	} else if ((si = best_end(&w, false)) < 0) {
		out->status = MATCH_INCOMPLETE;
		out->err_offset = (int)trimmed_len(line);
	} else {
		fill_args(&w, si, out);
	}
	walk_done(&w);
}

/* ---------- help and completion ---------- */

struct hent {
	const char *tok;
	const char *help;
	const char *var;        /* capture name of a variable, NULL for keywords */
	int cmd, order;
	bool kw;
};

struct hlist {
	struct hent *v;
	int n, cap;
};

static void hl_add_var(struct hlist *h, const char *tok, const char *help, int cmd,
		       int order, bool kw, const char *var)
{
	if (h->n == h->cap) {
		int cap = h->cap ? h->cap * 2 : 64;
		struct hent *nv = realloc(h->v, (size_t)cap * sizeof *nv);
		if (!nv)
			abort();
		h->v = nv;
		h->cap = cap;
	}
	h->v[h->n++] = (struct hent){ tok, help, var, cmd, order, kw };
}

static void hl_add(struct hlist *h, const char *tok, const char *help, int cmd,
		   int order, bool kw)
{
	hl_add_var(h, tok, help, cmd, order, kw, NULL);
}

static void hl_node(struct hlist *h, const struct grammar *g, int id)
{
	const struct pnode *nd = &g->nodes[id];
	hl_add_var(h, nd->type == T_KEYWORD ? nd->text : nd->display, nd->help,
		   nd->cmd, nd->order, nd->type == T_KEYWORD,
		   nd->type == T_KEYWORD ? NULL : nd->name);
}

/* Every token that may come next from the live states. */
static void gen_next(const struct walk *w, struct hlist *h)
{
	const struct grammar *g = w->g;
	const struct pmode *m = w->m;

	for (int si = w->lo; si < w->hi; si++) {
		const struct wstate *s = &w->st[si];
		if (s->node < 0) {
			for (int i = 0; i < m->nkw; i++)
				if (visible(w, m->kw[i].cmd, s->flags) && !hidden(w, m->kw[i].cmd))
					hl_node(h, g, m->kw[i].node);
			for (int i = 0; i < m->nvars; i++) {
				int cmd = g->nodes[m->vars[i]].cmd;
				if (visible(w, cmd, s->flags) && !hidden(w, cmd))
					hl_node(h, g, m->vars[i]);
			}
			if (m->config && s->flags == 0) {
				hl_add(h, "no", help_no, -1, 0, true);
				hl_add(h, "default", help_dflt, -1, 0, true);
			}
			continue;
		}
		const struct pnode *cur = &g->nodes[s->node];
		if (hidden(w, cur->cmd))
			continue;
		if (cur->type == T_LINE) {
			hl_node(h, g, s->node);
			continue;
		}
		for (int k = 0; k < cur->nsucc; k++)
			hl_node(h, g, g->succ[cur->succ + k]);
	}
}

static int hent_cmp(const void *pa, const void *pb)
{
	const struct hent *a = pa, *b = pb;
	int r;

	if (a->kw != b->kw)
		return a->kw ? -1 : 1;
	r = a->kw ? strcasecmp(a->tok, b->tok) : strcmp(a->tok, b->tok);
	if (r)
		return r;
	if (a->cmd != b->cmd)
		return a->cmd < b->cmd ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int hent_var_cmp(const void *pa, const void *pb)
{
	const struct hent *a = pa, *b = pb;

	if (a->cmd != b->cmd)
		return a->cmd < b->cmd ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* Sort, merge identical tokens (first definition's help wins). */
static void hl_finish(struct hlist *h)
{
	int n = 0, kwn;

	if (h->n == 0)
		return;
	qsort(h->v, (size_t)h->n, sizeof *h->v, hent_cmp);
	for (int i = 0; i < h->n; i++) {
		if (n > 0 && h->v[n - 1].kw == h->v[i].kw &&
		    (h->v[i].kw ? strcasecmp(h->v[n - 1].tok, h->v[i].tok)
				: strcmp(h->v[n - 1].tok, h->v[i].tok)) == 0)
			continue;
		h->v[n++] = h->v[i];
	}
	h->n = n;
	for (kwn = 0; kwn < n && h->v[kwn].kw; kwn++)
		;
	qsort(h->v + kwn, (size_t)(n - kwn), sizeof *h->v, hent_var_cmp);
}

static void copy_tok(char *dst, const char *src)
{
	size_t n = strlen(src);

	if (n > 63)
		n = 63;
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* Offset of the last word when the line does not end in a space; -1 if it does. */
static int last_word_off(const char *line, int *lenp)
{
	size_t pos = 0;
	int off = -1, len = 0, o, l;

	while (next_word(line, &pos, &o, &l)) {
		off = o;
		len = l;
	}
	if (off < 0 || line[off + len] != 0)
		return -1;
	*lenp = len;
	return off;
}

int grammar_help(const struct grammar *g, int mode, int privilege,
		 const char *line, struct help_item *items, int max,
		 int *err_offset)
{
	struct walk w;
	struct hlist h = { 0 };
	int bad = 0, lastlen = 0, lastoff, count = 0;
	bool cr = false;

	if (err_offset)
		*err_offset = 0;
	if (!mode_ok(g, mode) || !line)
		return 0;
	lastoff = last_word_off(line, &lastlen);
	walk_init(&w, g, mode, privilege, line);
	if (walk_run(&w, lastoff >= 0 ? (size_t)lastoff : strlen(line), &bad) != W_OK) {
		if (err_offset)
			*err_offset = bad;
		walk_done(&w);
		return 0;
	}
	gen_next(&w, &h);
	if (lastoff >= 0) {
		/* partial word: the keywords it may complete to, else the
		 * variables that accept it */
		const char *s = line + lastoff;
		int n = 0;
		for (int i = 0; i < h.n; i++)
			if (h.v[i].kw && kw_prefix(h.v[i].tok, (int)strlen(h.v[i].tok), s, lastlen))
				h.v[n++] = h.v[i];
		if (n == 0) {
			struct hlist all = h;
			h = (struct hlist){ 0 };
			/* regenerate variables with their nodes to check the word */
			for (int si = w.lo; si < w.hi; si++) {
				const struct wstate *st = &w.st[si];
				if (st->node < 0) {
					for (int i = 0; i < w.m->nvars; i++) {
						const struct pnode *nd = &g->nodes[w.m->vars[i]];
						if (visible(&w, nd->cmd, st->flags) && !hidden(&w, nd->cmd) &&
						    tok_accepts_n(nd->type, nd->lo, nd->hi, s, (size_t)lastlen))
							hl_node(&h, g, w.m->vars[i]);
					}
					continue;
				}
				const struct pnode *cur = &g->nodes[st->node];
				if (hidden(&w, cur->cmd))
					continue;
				if (cur->type == T_LINE) {
					hl_node(&h, g, st->node);
					continue;
				}
				for (int k = 0; k < cur->nsucc; k++) {
					const struct pnode *nd = &g->nodes[g->succ[cur->succ + k]];
					if (nd->type != T_KEYWORD &&
					    tok_accepts_n(nd->type, nd->lo, nd->hi, s, (size_t)lastlen))
						hl_node(&h, g, g->succ[cur->succ + k]);
				}
			}
			free(all.v);
		} else {
			h.n = n;
		}
		hl_finish(&h);
		for (int i = 0; i < h.n && count < max; i++) {
			copy_tok(items[count].token, h.v[i].tok);
			items[count].var = h.v[i].var;
			items[count++].help = NULL;
		}
		if (count == 0 && err_offset)
			*err_offset = lastoff;
		free(h.v);
		walk_done(&w);
		return count;
	}
	hl_finish(&h);
	cr = best_end(&w, true) >= 0;
	for (int i = 0; i < h.n && count < max; i++) {
		copy_tok(items[count].token, h.v[i].tok);
		items[count].var = h.v[i].var;
		items[count++].help = h.v[i].help;
	}
	if (cr && count < max) {
		copy_tok(items[count].token, "<cr>");
		items[count].var = NULL;
		items[count++].help = NULL;
	}
	if (count == 0 && err_offset)
		*err_offset = (int)strlen(line);
	free(h.v);
	walk_done(&w);
	return count;
}

bool grammar_complete(const struct grammar *g, int mode, int privilege,
		      const char *line, char *out, size_t outlen)
{
	struct walk w;
	struct hlist h = { 0 };
	int bad = 0, lastlen = 0, lastoff;
	const char *pick = NULL;
	bool ok = false, exact = false;

	if (!mode_ok(g, mode) || !line || !out)
		return false;
	lastoff = last_word_off(line, &lastlen);
	if (lastoff < 0)
		return false;
	walk_init(&w, g, mode, privilege, line);
	if (walk_run(&w, (size_t)lastoff, &bad) != W_OK || w.all_line)
		goto done;
	gen_next(&w, &h);
	for (int i = 0; i < h.n; i++) {
		const char *t = h.v[i].tok;
		int tl = (int)strlen(t);
		if (!h.v[i].kw || !kw_prefix(t, tl, line + lastoff, lastlen))
			continue;
		if (tl == lastlen) {
			if (!exact)
				pick = t;
			exact = true;
		} else if (!exact) {
			if (pick && strcasecmp(pick, t) != 0)
				goto done;   /* two keywords: ambiguous */
			pick = t;
		}
	}
	if (pick) {
		size_t need = (size_t)lastoff + strlen(pick) + 2;
		if (need <= outlen) {
			memcpy(out, line, (size_t)lastoff);
			strcpy(out + lastoff, pick);
			strcat(out + lastoff, " ");
			ok = true;
		}
	}
done:
	free(h.v);
	walk_done(&w);
	return ok;
}

/* ---------- captured arguments ---------- */

const char *arg(const struct cmd_args *a, const char *name)
{
	return arg_nth(a, name, 0);
}

bool has(const struct cmd_args *a, const char *name)
{
	return arg_nth(a, name, 0) != NULL;
}

long long arg_int(const struct cmd_args *a, const char *name, long long def)
{
	const char *v = arg(a, name);
	char *end;
	long long r;

	if (!v || !*v)
		return def;
	r = strtoll(v, &end, 10);
	if (end == v)
		return def;
	return r;
}

int arg_count(const struct cmd_args *a, const char *name)
{
	int n = 0;

	if (!a || !name)
		return 0;
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, name) == 0)
			n++;
	return n;
}

const char *arg_nth(const struct cmd_args *a, const char *name, int i)
{
	if (!a || !name || i < 0)
		return NULL;
	for (int k = 0; k < a->n; k++)
		if (strcmp(a->v[k].name, name) == 0 && i-- == 0)
			return a->v[k].value;
	return NULL;
}
