/* Placeholder until its implementation lands: no such authenticator. */
#include <stdio.h>

#include "aaa/eap_server.h"

struct eap_server *eap_local_new(const struct eap_server_params *p, eap_result_fn fn, void *ctx, char *why,
		       size_t why_len)
{
	(void)p, (void)fn, (void)ctx;
	snprintf(why, why_len, "this EAP authenticator is not available yet");
	return NULL;
}
