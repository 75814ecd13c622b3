/* Internals shared by the ikev2/msg_*.c files (not part of the API). */
#ifndef FLEXD_IKEV2_MSG_PRIV_H
#define FLEXD_IKEV2_MSG_PRIV_H

#include <string.h>

#include "ikev2/msg.h"

static inline uint16_t ikm_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t ikm_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void ikm_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void ikm_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static inline struct ikev2_span ikm_span(const uint8_t *p, size_t len)
{
	return (struct ikev2_span){ len ? p : NULL, len };
}

/* Record an error (always returns -1, for `return ikm_err(...)`). */
int ikm_err(struct ikev2_perr *e, uint16_t notify, size_t off, const char *why);
#define IKM_SYNTAX(e, off, why) ikm_err((e), IKEV2_N_INVALID_SYNTAX, (off), (why))

/* One validator per payload kind.  Each gets the payload body (after the
 * generic header), its length and the body's offset in the buffer (for
 * error positions), and fills its decoded form in m. */
int ikm_sa(struct ikev2_sa *sa, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_ke(struct ikev2_ke *ke, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_id(struct ikev2_id *id, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_cert(struct ikev2_cert *c, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_certreq(struct ikev2_cert *c, const uint8_t *b, size_t len, size_t off,
		struct ikev2_perr *e);
int ikm_auth(struct ikev2_auth *a, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_nonce(struct ikev2_span *n, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_notify(struct ikev2_notify *n, const uint8_t *b, size_t len, size_t off,
	       struct ikev2_perr *e);
int ikm_delete(struct ikev2_delete *d, const uint8_t *b, size_t len, size_t off,
	       struct ikev2_perr *e);
int ikm_ts(struct ikev2_ts_list *l, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_cp(struct ikev2_cp *cp, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
int ikm_eap(struct ikev2_eap *eap, const uint8_t *b, size_t len, size_t off, struct ikev2_perr *e);
/* SK/SKF: given the whole buffer and the offset and length of the payload
 * including its generic header (SK always ends the buffer). */
int ikm_sk(struct ikev2_sk *sk, const uint8_t *p, size_t off, size_t plen, bool frag,
	   struct ikev2_perr *e);

/* Writer internals: start a payload (generic header, chained), reserve
 * and append raw octets, close it (sets its length).  ikm_w_begin returns
 * the payload's offset, or SIZE_MAX once the writer has failed. */
size_t ikm_w_begin(struct ikev2_writer *w, uint8_t type, bool critical);
uint8_t *ikm_w_reserve(struct ikev2_writer *w, size_t n);
void ikm_w_put(struct ikev2_writer *w, const void *p, size_t n);
void ikm_w_u8(struct ikev2_writer *w, uint8_t v);
void ikm_w_u16(struct ikev2_writer *w, uint16_t v);
void ikm_w_end(struct ikev2_writer *w, size_t start);

#endif
