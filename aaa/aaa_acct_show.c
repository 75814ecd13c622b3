/*
 * show aaa sessions / show aaa user all: the accounted sessions
 * (aaa/aaa_acct.c).  `show aaa sessions` in IOS's layout (from IOS
 * captures outside the spec: unverified); `show aaa user all` with the
 * elements show-formats.md §15 lists (banner, "Unique id N is currently
 * in use.", NET: Username=, Session Id=/Unique Id=, Attribute list,
 * Accounting, General) - the attribute lines' address column is the
 * session's own handle, as IOS prints a pointer there.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa_acct.h"
#include "aaa/aaa_cmds.h"

static bool one_session(const struct aaa_acct_view *s, void *ctx)
{
	struct vty *v = ctx;
	char ip[INET_ADDRSTRLEN] = "0.0.0.0";
	struct in_addr a = { .s_addr = htonl(s->framed_ip) };
	if (s->framed_ip)
		inet_ntop(AF_INET, &a, ip, sizeof ip);
	vty_out(v, "Session Id: %u\n", s->unique_id);
	vty_out(v, "   Unique Id: %u\n", s->unique_id);
	vty_out(v, "   User Name: %s\n", s->user[0] ? s->user : "*not available*");
	vty_out(v, "   IP Address: %s\n", ip);
	vty_out(v, "   Idle Time: 0\n");
	vty_out(v, "   CT Call Handle: 0\n");
	return true;
}

int aaa_cmd_show_aaa_sessions(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "Total sessions since last reload: %u\n", aaa_acct_total());
	aaa_acct_foreach(one_session, v);
	return CMD_SUCCESS;
}

static const char banner[] = "==========================================================\n";
static const char dashes[] = "----------------------------------------------------------\n";

static bool one_user(const struct aaa_acct_view *s, void *ctx)
{
	struct vty *v = ctx;
	unsigned long long h = (unsigned long long)s->handle;
	vty_out(v, "%s", dashes);
	vty_out(v, "Unique id %u is currently in use.\n", s->unique_id);
	vty_out(v, "NET: Username=%s\n", s->user);
	vty_out(v, "    Session Id=%s Unique Id=%08X\n", s->acct_session_id, s->unique_id);
	vty_out(v, "    Start Sent=%d Stop Only=%c\n", s->start_stop ? 1 : 0, s->start_stop ? 'N' : 'Y');
	vty_out(v, "    Method List=%s\n", s->list);
	vty_out(v, "    Attribute list:\n");
	vty_out(v, "      %llX 0 00000001 username(450) %zu %s\n", h, strlen(s->user), s->user);
	if (s->framed_ip) {
		char ip[INET_ADDRSTRLEN];
		struct in_addr a = { .s_addr = htonl(s->framed_ip) };
		inet_ntop(AF_INET, &a, ip, sizeof ip);
		vty_out(v, "      %llX 0 00000009 addr(8) 4 %s\n", h, ip);
	}
	vty_out(v, "      %llX 0 00000001 isakmp-initiator-ip(1) %zu %s\n", h, strlen(s->peer_ip), s->peer_ip);
	vty_out(v, "Accounting:\n");
	vty_out(v, "  Acct-Session-Id=%s\n", s->acct_session_id);
	vty_out(v, "General:\n");
	char t[64];
	time_t w = (time_t)s->start_wall;
	struct tm tm;
	strftime(t, sizeof t, "%H:%M:%S UTC %a %b %d %Y", gmtime_r(&w, &tm));
	vty_out(v, "  Start time: %s\n", t);
	return true;
}

int aaa_cmd_show_aaa_user_all(struct vty *v, const struct cmd_args *a)
{
	(void)a;
	vty_out(v, "%s            Show AAA USER ALL\n%s", banner, banner);
	aaa_acct_foreach(one_user, v);
	return CMD_SUCCESS;
}
