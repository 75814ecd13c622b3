/* Handlers of the shell's own commands (cli_module). */
#ifndef FLEXD_CLI_CMDS_H
#define FLEXD_CLI_CMDS_H

#include "vty.h"

int cmd_enable(struct vty *v, const struct cmd_args *a);
int cmd_disable(struct vty *v, const struct cmd_args *a);
int cmd_configure_terminal(struct vty *v, const struct cmd_args *a);
int cmd_exit_exec(struct vty *v, const struct cmd_args *a);
int cmd_exit_config(struct vty *v, const struct cmd_args *a);
int cmd_end(struct vty *v, const struct cmd_args *a);
int cmd_terminal_length(struct vty *v, const struct cmd_args *a);
int cmd_terminal_width(struct vty *v, const struct cmd_args *a);
int cmd_terminal_monitor(struct vty *v, const struct cmd_args *a);
int cmd_show_privilege(struct vty *v, const struct cmd_args *a);
int cmd_show_history(struct vty *v, const struct cmd_args *a);
int cmd_show_terminal(struct vty *v, const struct cmd_args *a);
int cmd_config_version(struct vty *v, const struct cmd_args *a);
int cmd_show_running(struct vty *v, const struct cmd_args *a);
int cmd_show_running_interface(struct vty *v, const struct cmd_args *a);
int cmd_write_memory(struct vty *v, const struct cmd_args *a);
int cmd_copy_run_start(struct vty *v, const struct cmd_args *a);
int cmd_show_startup(struct vty *v, const struct cmd_args *a);
int cmd_reload(struct vty *v, const struct cmd_args *a);
int cmd_show_version(struct vty *v, const struct cmd_args *a);
int cmd_show_clock(struct vty *v, const struct cmd_args *a);
int cmd_show_users(struct vty *v, const struct cmd_args *a);

int cmd_show_logging(struct vty *v, const struct cmd_args *a);

#endif
