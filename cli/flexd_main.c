/* flexd: the engine daemon serving a flash directory. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "base/loop.h"
#include "engine.h"

static void on_signal(int sig)
{
	(void)sig;
	loop_stop();
}

int main(int argc, char **argv)
{
	const char *flash = "./flash";
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--flash") == 0 && i + 1 < argc) {
			flash = argv[++i];
		} else {
			fprintf(stderr, "usage: flexd [--flash DIR]\n");
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (engine_init(flash) != 0 || engine_listen() != 0)
		return 1;
	engine_run();
	engine_shutdown();
	return 0;
}
