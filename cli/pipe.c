/*
 * IOS output filters.  The regular expression is the rest of the line
 * after the filter keyword, POSIX extended (IOS regexps are close to it).
 */
#include "pipe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static const struct {
	const char *word;
	enum pipe_kind kind;
	const char *help;
} kinds[] = {
	{ "begin", PIPE_BEGIN, "Begin with the line that matches" },
	{ "count", PIPE_COUNT, "Count number of lines which match regexp" },
	{ "exclude", PIPE_EXCLUDE, "Exclude lines that match" },
	{ "include", PIPE_INCLUDE, "Include lines that match" },
	{ "section", PIPE_SECTION, "Filter a section of output" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

/* The first " | " outside double quotes. */
const char *pipe_find(const char *line)
{
	bool quoted = false;
	for (const char *p = line; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == '|' && !quoted && p > line && (p[-1] == ' ' || p[-1] == '\t'))
			return p;
	}
	return NULL;
}

int pipe_split(const char *line, char *cmd, size_t cmdlen, struct pipe_filter *f)
{
	memset(f, 0, sizeof *f);
	const char *bar = pipe_find(line);
	if (!bar) {
		snprintf(cmd, cmdlen, "%s", line);
		return 0;
	}
	size_t n = (size_t)(bar - line);
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (n >= cmdlen)
		n = cmdlen - 1;
	memcpy(cmd, line, n);
	cmd[n] = '\0';

	const char *w = bar + 1 + strspn(bar + 1, " \t");
	size_t wl = strcspn(w, " \t");
	int found = -1;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (wl && wl <= strlen(kinds[i].word) && strncasecmp(w, kinds[i].word, wl) == 0) {
			if (found >= 0)
				return -(int)(w - line) - 1; /* ambiguous */
			found = (int)i;
		}
	}
	if (found < 0)
		return -(int)(w - line) - 1;
	const char *re = w + wl + strspn(w + wl, " \t");
	if (!*re)
		return -(int)(re - line) - 1;
	/* trailing spaces are part of an IOS regexp only by accident: drop them */
	char pattern[1024];
	snprintf(pattern, sizeof pattern, "%s", re);
	for (size_t l = strlen(pattern); l && pattern[l - 1] == ' '; l--)
		pattern[l - 1] = '\0';
	if (regcomp(&f->re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
		return -(int)(re - line) - 1;
	f->kind = kinds[found].kind;
	f->active = true;
	return 0;
}

static bool line_matches(const struct pipe_filter *f, const char *s, size_t n)
{
	char small[1024];
	char *tmp = n < sizeof small ? small : malloc(n + 1);
	if (!tmp)
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	bool m = regexec(&f->re, tmp, 0, NULL, 0) == 0;
	if (tmp != small)
		free(tmp);
	return m;
}

void pipe_apply(const struct pipe_filter *f, struct buf *b, size_t start)
{
	if (start >= b->len)
		return;
	size_t total = b->len - start;
	char *src = malloc(total + 1);
	if (!src)
		return;
	memcpy(src, b->s + start, total);
	src[total] = '\0';
	b->len = start;
	b->s[start] = '\0';

	bool begun = false, in_section = false;
	struct buf section = BUF_INIT;
	bool section_hit = false;
	size_t count = 0;
	for (char *p = src; *p;) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t adv = nl ? n + 1 : n;
		bool m = line_matches(f, p, n);
		switch (f->kind) {
		case PIPE_INCLUDE:
			if (m)
				buf_add(b, p, adv);
			break;
		case PIPE_EXCLUDE:
			if (!m)
				buf_add(b, p, adv);
			break;
		case PIPE_BEGIN:
			if (m)
				begun = true;
			if (begun)
				buf_add(b, p, adv);
			break;
		case PIPE_COUNT:
			if (m)
				count++;
			break;
		case PIPE_SECTION: {
			/* a section: a line at column 0 and the indented lines below it */
			bool child = n > 0 && p[0] == ' ';
			if (!child) {
				if (in_section && section_hit)
					buf_add(b, section.s, section.len);
				buf_reset(&section);
				section_hit = false;
				in_section = true;
			}
			buf_add(&section, p, adv);
			if (m)
				section_hit = true;
			break;
		}
		}
		p += adv;
	}
	if (f->kind == PIPE_SECTION && in_section && section_hit)
		buf_add(b, section.s, section.len);
	if (f->kind == PIPE_COUNT)
		buf_printf(b, "Number of lines which match regexp = %zu\n", count);
	buf_free(&section);
	free(src);
}

void pipe_free(struct pipe_filter *f)
{
	if (f->active)
		regfree(&f->re);
	f->active = false;
}

void pipe_help(const char *after_bar, struct buf *out)
{
	const char *w = after_bar + strspn(after_bar, " \t");
	size_t wl = strcspn(w, " \t");
	bool more = w[wl] != '\0';
	if (!*w) {
		for (size_t i = 0; i < NKINDS; i++)
			buf_printf(out, "  %-8s  %s\n", kinds[i].word, kinds[i].help);
		buf_puts(out, "\n");
		return;
	}
	if (!more) {
		for (size_t i = 0; i < NKINDS; i++)
			if (wl <= strlen(kinds[i].word) && strncasecmp(w, kinds[i].word, wl) == 0)
				buf_printf(out, "%s  ", kinds[i].word);
		buf_puts(out, "\n\n");
		return;
	}
	buf_puts(out, "  LINE  Regular Expression\n\n");
}

bool pipe_complete(const char *line, char *out, size_t outlen)
{
	const char *bar = pipe_find(line);
	if (!bar)
		return false;
	const char *w = bar + 1 + strspn(bar + 1, " \t");
	size_t wl = strlen(w);
	if (!wl || strcspn(w, " \t") != wl)
		return false; /* not on the filter word */
	int found = -1;
	for (size_t i = 0; i < NKINDS; i++) {
		if (wl <= strlen(kinds[i].word) && strncasecmp(w, kinds[i].word, wl) == 0) {
			if (found >= 0)
				return false;
			found = (int)i;
		}
	}
	if (found < 0)
		return false;
	int n = snprintf(out, outlen, "%.*s%s ", (int)(w - line), line, kinds[found].word);
	return n > 0 && (size_t)n < outlen;
}
