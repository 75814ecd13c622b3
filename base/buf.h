/* A growable text buffer: the one way output and config text are built. */
#ifndef FLEXD_BUF_H
#define FLEXD_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *s;      /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

#define BUF_INIT { NULL, 0, 0 }

void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_reset(struct buf *b);           /* len = 0, keeps memory */
void buf_free(struct buf *b);
const char *buf_str(struct buf *b);      /* "" when empty */

#endif
