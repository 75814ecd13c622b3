/* The shell's own commands: session, modes, terminal, config files, system shows. */
#include "cli_cmds.h"
#include "module.h"

#define EXEC MODE_BIT(MODE_EXEC)
#define ALL_CONFIG (MODE_BIT(MODE_CONFIG) | MODES_CONFIG_SUB)

static const struct cmd_def cli_cmds[] = {
	{ EXEC, "enable", "Turn on privileged commands", cmd_enable, 0, PRIV_USER, 0 },
	{ EXEC, "disable", "Turn off privileged commands", cmd_disable, 0, PRIV_USER, 0 },
	{ EXEC, "configure terminal", "Enter configuration mode\nConfigure from the terminal",
	  cmd_configure_terminal, 0, PRIV_ENABLE, 0 },
	{ EXEC, "exit", "Exit from the EXEC", cmd_exit_exec, 0, PRIV_USER, 0 },
	{ EXEC, "logout", "Exit from the EXEC", cmd_exit_exec, 0, PRIV_USER, 0 },
	{ EXEC, "terminal length <0-512>",
	  "Set terminal line parameters\nSet number of lines on a screen\nNumber of lines on screen (0 for no pausing)",
	  cmd_terminal_length, 0, PRIV_USER, 0 },
	{ EXEC, "terminal width <0-512>",
	  "Set terminal line parameters\nSet width of the display terminal\nNumber of characters on a screen line",
	  cmd_terminal_width, 0, PRIV_USER, 0 },
	{ EXEC, "terminal monitor",
	  "Set terminal line parameters\nCopy debug output to the current terminal line",
	  cmd_terminal_monitor, 0, PRIV_USER, 0 },
	{ EXEC, "terminal no monitor",
	  "Set terminal line parameters\nNegate a command or set its defaults\nCopy debug output to the current terminal line",
	  cmd_terminal_monitor, 0, PRIV_USER, 0 },
	{ EXEC, "show privilege", "Show running system information\nShow current privilege level",
	  cmd_show_privilege, 0, PRIV_USER, 0 },
	{ EXEC, "show history", "Show running system information\nDisplay the session command history",
	  cmd_show_history, 0, PRIV_USER, 0 },
	{ EXEC, "show terminal", "Show running system information\nDisplay terminal configuration parameters",
	  cmd_show_terminal, 0, PRIV_USER, 0 },
	{ EXEC, "show version", "Show running system information\nSystem hardware and software status",
	  cmd_show_version, 0, PRIV_USER, 0 },
	{ EXEC, "show clock", "Show running system information\nDisplay the system clock",
	  cmd_show_clock, 0, PRIV_USER, 0 },
	{ EXEC, "show users", "Show running system information\nDisplay information about terminal lines",
	  cmd_show_users, 0, PRIV_USER, 0 },
	{ EXEC, "show logging", "Show running system information\nShow the contents of logging buffers",
	  cmd_show_logging, 0, PRIV_USER, 0 },
	{ EXEC, "show running-config", "Show running system information\nCurrent operating configuration",
	  cmd_show_running, 0, PRIV_ENABLE, 0 },
	/* `all`/`full`: the same body; flexd does not render the default
	 * commands IOS adds there.  Ansible's `ios_config defaults: true`
	 * asks `show running-config ?` and then sends one of them. */
	{ EXEC, "show running-config {all|full}",
	  "Show running system information\nCurrent operating configuration\nConfiguration with defaults\n"
	  "full configuration",
	  cmd_show_running, 0, PRIV_ENABLE, 0 },
	{ EXEC, "show running-config interface WORD$IFNAME [<0-4095>$IFNUM]",
	  "Show running system information\nCurrent operating configuration\nShow interface configuration\nInterface name\nInterface number",
	  cmd_show_running_interface, 0, PRIV_ENABLE, 0 },
	{ EXEC, "show startup-config", "Show running system information\nContents of startup configuration",
	  cmd_show_startup, 0, PRIV_ENABLE, 0 },
	{ EXEC, "write [memory]", "Write running configuration to memory, network, or terminal\nWrite to NV memory",
	  cmd_write_memory, 0, PRIV_ENABLE, 0 },
	{ EXEC, "copy running-config startup-config",
	  "Copy from one file to another\nCopy from current system configuration\nCopy to startup configuration",
	  cmd_copy_run_start, 0, PRIV_ENABLE, 0 },
	{ EXEC, "reload", "Halt and perform a cold restart", cmd_reload, 0, PRIV_ENABLE, 0 },

	{ ALL_CONFIG, "exit", "Exit from configure mode", cmd_exit_config, CMD_NO_NEGATE, 0, 0 },
	{ ALL_CONFIG, "end", "Exit from configure mode", cmd_end, CMD_NO_NEGATE, 0, 0 },
	{ MODE_BIT(MODE_CONFIG), "version WORD", "Version\nVersion number", cmd_config_version,
	  CMD_HIDDEN | CMD_NO_NEGATE, 0, 0 },
};

const struct module cli_module = {
	.name = "cli",
	.cmds = cli_cmds,
	.ncmds = ARRAY_LEN(cli_cmds),
};
