/* System settings other subsystems and the shell read. */
#ifndef FLEXD_SYSTEM_H
#define FLEXD_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>

/* The configured hostname ("Router" by default). Valid until the next config change. */
const char *sys_hostname(void);

/* Is an enable secret/password configured, and does `plain` match it? */
bool sys_enable_configured(void);
bool sys_enable_check(const char *plain);

/* Is VRF `name` defined (`vrf definition` or `ip vrf`)? */
bool sys_vrf_exists(const char *name);

#endif
