/* flexd: the engine daemon serving a flash directory. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/loop.h"
#include "engine.h"
#include "ikev2/ike_sa.h"
#include "interface/vaccess.h"
#include "ipsec/esp_dp.h"

#define FLEXD_TUN_NAME "flexd0"

static void on_signal(int sig)
{
	(void)sig;
	loop_stop();
}

int main(int argc, char **argv)
{
	const char *flash = "./flash";
	int ike_port = 0, natt_port = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--flash") == 0 && i + 1 < argc) {
			flash = argv[++i];
		} else if (strcmp(argv[i], "--ike-port") == 0 && i + 1 < argc) {
			ike_port = atoi(argv[++i]);
		} else if (strcmp(argv[i], "--natt-port") == 0 && i + 1 < argc) {
			natt_port = atoi(argv[++i]);
		} else {
			fprintf(stderr, "usage: flexd [--flash DIR] [--ike-port N] [--natt-port N]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (engine_init(flash) != 0 || engine_listen() != 0)
		return 1;
	/* a failure to bind is logged and shown; the shell keeps working */
	ike_engine_start((uint16_t)ike_port, (uint16_t)natt_port);
	/* the data plane's TUN: only the daemon owns one, not flexsh's embedded engine */
	if (esp_dp_tun_open(FLEXD_TUN_NAME) >= 0)
		vaccess_set_route_dev(FLEXD_TUN_NAME); /* host routes of the sessions point into it */
	engine_run();
	esp_dp_tun_close();
	ike_engine_stop();
	engine_shutdown();
	return 0;
}
