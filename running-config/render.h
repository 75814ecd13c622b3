/* running-config text: rendered from the tables in canonical IOS order. */
#ifndef FLEXD_RENDER_H
#define FLEXD_RENDER_H

struct buf;

/* The body from `version` to `end` (LF line ends, each line ending in \n). */
void rc_render_body(struct buf *b);
/* What `show running-config` prints: header with the byte count, body. */
void rc_render_show(struct buf *b);

#endif
