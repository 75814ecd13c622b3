/*
 * show version, show clock, show users: the IOS-XE shapes automation parses
 * (Ansible reads version, model, hostname, image, serial and operating
 * mode out of show version; ../shared/spec/automation-tools.md item 19).
 */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "cli_cmds.h"
#include "engine.h"
#include "system/system.h"
#include "vty_session.h"

#define FLEXD_VERSION "17.10.01a"

static void uptime_text(long long secs, char *out, size_t len)
{
	long long w = secs / 604800, d = secs % 604800 / 86400, h = secs % 86400 / 3600, m = secs % 3600 / 60;
	int n = 0;
	out[0] = '\0';
#define PART(val, unit) \
	if ((val) > 0 && (size_t)n < len) \
		n += snprintf(out + n, len - (size_t)n, "%s%lld " unit "%s", n ? ", " : "", (val), (val) == 1 ? "" : "s")
	PART(w, "week");
	PART(d, "day");
	PART(h, "hour");
#undef PART
	if ((size_t)n < len)
		snprintf(out + n, len - (size_t)n, "%s%lld minute%s", n ? ", " : "", m, m == 1 ? "" : "s");
}

int cmd_show_version(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	char up[128];
	uptime_text(time(NULL) - engine_boot_time(), up, sizeof up);
	vty_out(v,
		"Cisco IOS XE Software, Version " FLEXD_VERSION "\n"
		"Cisco IOS Software [Dublin], Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version " FLEXD_VERSION ", RELEASE SOFTWARE (flexd)\n"
		"Technical Support: see the flexd README\n"
		"flexd: an open-source FlexVPN headend with an IOS-XE-style shell.\n"
		"\n"
		"\n"
		"ROM: IOS-XE ROMMON\n"
		"\n"
		"%s uptime is %s\n"
		"Uptime for this control processor is %s\n"
		"System returned to ROM by reload\n"
		"System image file is \"bootflash:packages.conf\"\n"
		"Last reload reason: Reload Command\n"
		"\n"
		"\n"
		"cisco C8000V (VXE) processor (revision VXE) with 2028180K/3075K bytes of memory.\n"
		"Processor board ID FLEXD0000001\n"
		"Router operating mode: Autonomous\n"
		"3 Gigabit Ethernet interfaces\n"
		"32768K bytes of non-volatile configuration memory.\n"
		"3965192K bytes of physical memory.\n"
		"11526144K bytes of virtual hard disk at bootflash:.\n"
		"\n"
		"Configuration register is 0x2102\n"
		"\n",
		sys_hostname(), up, up);
	return CMD_SUCCESS;
}

int cmd_show_clock(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	struct tm tm;
	gmtime_r(&tv.tv_sec, &tm);
	char t[64];
	strftime(t, sizeof t, "%H:%M:%S", &tm);
	char d[64];
	strftime(d, sizeof d, "%a %b %-d %Y", &tm);
	/* '*': the clock is not NTP-synchronised, as IOS marks it */
	vty_out(v, "*%s.%03ld UTC %s\n", t, (long)(tv.tv_usec / 1000), d);
	return CMD_SUCCESS;
}

static void idle_text(long long secs, char *out, size_t len)
{
	snprintf(out, len, "%02lld:%02lld:%02lld", secs / 3600 % 100, secs % 3600 / 60, secs % 60);
}

int cmd_show_users(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "    Line       User       Host(s)              Idle       Location\n");
	long long now = time(NULL);
	for (int i = 0; i < vty_all_count; i++) {
		const struct vty *u = vty_all[i];
		if (u->fd < 0)
			continue;
		char idle[16];
		idle_text(now - u->last_input, idle, sizeof idle);
		bool con = strncmp(u->line_name, "con", 3) == 0;
		int lineno = con ? 0 : 866 + u->id;
		vty_out(v, "%c%4d %-9s %-10s %-20s %-10s %s\n", u == v ? '*' : ' ', lineno, u->line_name,
			u->user, "idle", idle, u->peer);
	}
	vty_out(v, "\n  Interface    User               Mode         Idle     Peer Address\n\n");
	return CMD_SUCCESS;
}
