/* show logging / clear logging: the log buffer as IOS shows it. */
#include <stdio.h>

#include "base/log.h"
#include "cli_cmds.h"
#include "vty_session.h"

static void print_line(const char *line, void *data)
{
	vty_out(data, "%s\n", line);
}

int cmd_show_logging(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	int monitors = 0;
	for (int i = 0; i < vty_all_count; i++)
		if (vty_all[i]->monitor)
			monitors++;
	vty_out(v,
		"Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)\n"
		"\n"
		"No Active Message Discriminator.\n"
		"\n"
		"\n"
		"\n"
		"No Inactive Message Discriminator.\n"
		"\n"
		"\n"
		"    Console logging: disabled\n"
		"    Monitor logging: level debugging, %zu messages logged, xml disabled,\n"
		"                     filtering disabled\n"
		"    Buffer logging:  level debugging, %zu messages logged, xml disabled,\n"
		"                    filtering disabled\n"
		"    Exception Logging: size (4096 bytes)\n"
		"    Count and timestamp logging messages: disabled\n"
		"    Persistent logging: disabled\n"
		"\n"
		"No active filter modules.\n"
		"\n"
		"    Trap logging: level informational, 0 message lines logged\n"
		"        Logging Source-Interface:       VRF Name:\n"
		"\n"
		"Log Buffer (%zu bytes):\n"
		"\n",
		monitors ? log_count() : 0, log_count(), log_buffer_size());
	log_foreach(print_line, v);
	return CMD_SUCCESS;
}

