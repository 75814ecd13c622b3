/*
 * libFuzzer: hostile EAP Responses through flexd's own EAP server
 * (aaa/eap_local*.c) at every step of a conversation.  Input: one byte of
 * setup (query-identity, which user), then packets as [len_hi len_lo]
 * bytes; unless bit 7 of len_hi is set, a packet's Identifier is patched
 * to the outstanding Request's so the fuzzer gets past that check.  Every
 * input must produce exactly one result; nothing may crash or read out of
 * bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/eap_server.h"
#include "running-config/store.h"

struct rec {
	int calls;
	enum eap_status st;
	uint8_t id;
};

static void on_result(void *ctx, const struct eap_result *r)
{
	struct rec *x = ctx;
	x->calls++;
	x->st = r->st;
	if (r->eap_len < 4 || r->eap_len > 1024 || (size_t)(r->eap[2] << 8 | r->eap[3]) != r->eap_len)
		abort();
	x->id = r->eap[1];
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static int ready;
	if (!ready) {
		if (store_open(":memory:") ||
		    db_script("INSERT INTO aaa_user(name, kind, pw_type, pw, seq) VALUES"
			      "('alice','password',0,'alice-pw',1),('carol','password',7,'0822455D0A16',2),"
			      "('dave','secret',9,'$9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCTn4QoEKPEa5ZlfQ',3)"))
			abort();
		ready = 1;
	}
	if (n < 1)
		return 0;
	static const char *users[] = { "alice", "carol", "dave", "nobody" };
	struct rec x = { 0 };
	struct eap_server_params p = { .ike_id = users[d[0] & 3], .query_identity = d[0] & 4, .timeout_s = 90 };
	char why[128];
	struct eap_server *es = eap_local_new(&p, on_result, &x, why, sizeof why);
	if (!es)
		abort();
	eap_server_input(es, NULL, 0);
	size_t off = 1;
	uint8_t pkt[2048];
	while (off + 2 <= n) {
		size_t len = ((size_t)(d[off] & 0x7f) << 8 | d[off + 1]);
		int raw = d[off] & 0x80;
		off += 2;
		if (len > n - off)
			len = n - off;
		if (len > sizeof pkt)
			len = sizeof pkt;
		memcpy(pkt, d + off, len);
		off += len;
		if (!raw && len >= 2)
			pkt[1] = x.id;
		int before = x.calls;
		/* an exact-size heap copy so ASan sees any over-read */
		uint8_t *h = malloc(len ? len : 1);
		memcpy(h, pkt, len);
		eap_server_input(es, h, len);
		free(h);
		if (x.calls != before + 1)
			abort();
	}
	eap_server_free(es);
	return 0;
}
