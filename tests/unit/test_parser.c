/* Unit tests for the grammar engine (parser/). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "parser/parser.h"

enum { M_EXEC, M_CONF, M_SUB, NMODES };
#define B(m) (UINT64_C(1) << (m))

static int h(struct vty *v, const struct cmd_args *a) { (void)v; (void)a; return 0; }

static const struct cmd_def exec_cmds[] = {
	{ B(M_EXEC), "show crypto ikev2 proposal [NAME]",
	  "Show running system information\nEncryption module\nShow IKEv2 information\n"
	  "Show proposals\nProposal name", h, 0, PRIV_USER, 0 },
	{ B(M_EXEC), "show crypto ikev2 policy [NAME]",
	  "Show running system information\nEncryption module\nShow IKEv2 information\n"
	  "Show policies\nPolicy name", h, 0, PRIV_USER, 0 },
	{ B(M_EXEC), "show crypto session [detail]",
	  "Show running system information\nEncryption module\nCrypto session\nDetails",
	  h, 0, PRIV_USER, 0 },
	{ B(M_EXEC), "show running-config",
	  "Show running system information\nCurrent operating configuration", h, 0, 0, 0 },
	{ B(M_EXEC), "configure terminal", "Enter configuration mode\nFrom the terminal",
	  h, 0, 0, 0 },
	{ B(M_EXEC), "clear crypto sa", "Reset functions\nEncryption module\nIPSEC SA",
	  h, 0, PRIV_ENABLE, 0 },
	{ B(M_EXEC), "clock set LINE", "Manage the clock\nSet the time\nTime and date",
	  h, 0, PRIV_ENABLE, 0 },
	{ B(M_EXEC), "terminal length <0-512>",
	  "Set terminal line parameters\nSet number of lines\nNumber of lines", h, 0, PRIV_USER, 0 },
	{ B(M_EXEC), "ping A.B.C.D [repeat <1-2147483647>]",
	  "Send echo messages\nDestination\nRepeat count\nCount", h, 0, PRIV_USER, 0 },
};

static const struct cmd_def conf_cmds[] = {
	/* 0 */ { B(M_CONF), "ip local pool NAME A.B.C.D [A.B.C.D]",
	  "Global IP configuration subcommands\nIP Local address pool lists\n"
	  "IP Local address pool lists\nName of pool\nFirst IP address of range\n"
	  "Last IP address of range", h, 0, PRIV_ENABLE, 0 },
	/* 1 */ { B(M_CONF), "ip route A.B.C.D$dest A.B.C.D$mask {A.B.C.D$nh|WORD$if}",
	  "Global IP configuration subcommands\nEstablish static routes\nDestination prefix\n"
	  "Destination prefix mask\nForwarding router's address\nInterface", h, 0, 0, 0 },
	/* 2 */ { B(M_CONF), "ip route vrf WORD A.B.C.D A.B.C.D A.B.C.D",
	  "IP help duplicate\nRoute help duplicate\nConfigure static route for a VPN\n"
	  "VPN name\nPrefix\nMask\nNext hop", h, 0, 0, 0 },
	/* 3 */ { B(M_CONF), "ip prefix A.B.C.D/M",
	  "Global IP configuration subcommands\nA prefix\nIP prefix", h, 0, 0, 0 },
	/* 4 */ { B(M_CONF), "ipv6 route X:X::X:X/M X:X::X:X",
	  "IPv6 configuration\nStatic route\nPrefix\nNext hop", h, 0, 0, 0 },
	/* 5 */ { B(M_CONF), "key HEX...", "Key\nHex data", h, 0, 0, 0 },
	/* 6 */ { B(M_CONF), "hostname WORD", "Set system's network name\nThis system's network name",
	  h, 0, 0, 0 },
	/* 7 */ { B(M_CONF), "crypto ikev2 proposal NAME",
	  "Encryption module\nConfigure IKEv2 Parameters\nDefine IKEv2 proposals\nProposal name",
	  h, 0, 0, 0 },
	/* 8 */ { B(M_CONF), "crypto ikev2 profile {default|NAME}",
	  "Encryption module\nConfigure IKEv2 Parameters\nDefine IKEv2 Profiles\n"
	  "Default profile\nProfile name", h, 0, 0, 0 },
	/* 9 */ { B(M_CONF), "end", "Exit from configure mode", h, CMD_NO_NEGATE, 0, 0 },
	/* 10 */ { B(M_CONF), "cdp run", "CDP\nEnable CDP", h, CMD_NO_ONLY, 0, 0 },
	/* 11 */ { B(M_CONF), "access-list <1-99> permit A.B.C.D",
	  "Add an access list entry\nIP standard access list\nSpecify packets to forward\n"
	  "Address", h, CMD_NO_EXACT, 0, 0 },
	/* 12 */ { B(M_CONF), "username NAME password <0-7> LINE",
	  "Establish User Name Authentication\nUser name\nSpecify the password\n"
	  "Encryption type\nThe password", h, 0, 0, 0 },
	/* 13 */ { B(M_CONF), "ntp server {A.B.C.D|WORD} [key <1-65535>] [prefer]",
	  "Configure NTP\nConfigure NTP server\nIP address of peer\nHostname of peer\n"
	  "Configure peer authentication key\nPeer key number\nPrefer this peer", h, 0, 0, 0 },
	/* 14 */ { B(M_CONF), "banner text WORD", "Define a banner\nText\nQuoted text", h, 0, 0, 0 },
	/* 15 */ { B(M_CONF), "secret-alias WORD", "Hidden\nValue", h, CMD_HIDDEN, 0, 0 },
	/* 16 */ { B(M_CONF), "hostname WORD", "Duplicate\nDuplicate", h, 0, 0, 0 },
	/* 17 */ { B(M_CONF), "logging host A.B.C.D", "Logging\nHost\nAddress", h, 0, 0, 0 },
	/* 18 */ { B(M_CONF), "ip domain lookup", "IP\nDomain\nLookup", h, 0, PRIV_ENABLE, 0 },
	/* 19 */ { B(M_CONF), "radius-server host A.B.C.D key LINE",
	  "RADIUS\nHost\nAddress\nKey\nThe key", h, 0, 0, 3 },
	/* 20 */ { B(M_CONF) | B(M_SUB), "do LINE", "Run an exec command\nThe command", h,
	  CMD_NO_NEGATE, 0, 0 },
};

static const struct cmd_def sub_cmds[] = {
	{ B(M_SUB), "description LINE", "Description\nUp to 240 characters", h, 0, 0, 0 },
	{ B(M_SUB), "shutdown", "Shutdown the interface", h, 0, 0, 0 },
	{ B(M_SUB), "encryption {aes-cbc-128|aes-cbc-256|3des}$alg...",
	  "Set encryption\nAES-CBC 128\nAES-CBC 256\nTriple DES", h, 0, 0, 0 },
	{ B(M_SUB), "group {14|19|20}...", "Set DH group\nDH 14\nDH 19\nDH 20", h, 0, 0, 0 },
	{ B(M_SUB), "authentication {local$dir|remote$dir} {pre-share|rsa-sig|eap}$method",
	  "Authentication\nLocal\nRemote\nPSK\nRSA\nEAP", h, 0, 0, 0 },
	{ B(M_SUB), "set peer A.B.C.D [default]", "Set\nPeer\nAddress\nDefault", h, 0, 0, 0 },
	{ B(M_SUB), "match fvrf WORD", "Match\nFront-door VRF\nVRF name", h, 0, 0, 0 },
	{ B(M_SUB), "match fvrif WORD", "Match\nSeed typo\nVRF name", h, CMD_HIDDEN, 0, 0 },
};

static struct grammar *G;
static struct match_result R;

static int setup(void **state)
{
	const struct cmd_def *const tables[] = { exec_cmds, conf_cmds, sub_cmds };
	const size_t counts[] = { sizeof exec_cmds / sizeof exec_cmds[0],
				  sizeof conf_cmds / sizeof conf_cmds[0],
				  sizeof sub_cmds / sizeof sub_cmds[0] };
	char err[256];

	(void)state;
	G = grammar_build(tables, counts, 3, NMODES, err, sizeof err);
	if (!G) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	grammar_set_config_mode(G, M_CONF, true);
	grammar_set_config_mode(G, M_SUB, true);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	grammar_free(G);
	return 0;
}

static enum match_status m(int mode, int priv, const char *line)
{
	grammar_match(G, mode, priv, line, &R);
	return R.status;
}

/* help tokens joined with '|' */
static char hbuf[1024];
static struct help_item items[64];
static int nitems;

static const char *help(int mode, int priv, const char *line, int *off)
{
	int dummy;
	nitems = grammar_help(G, mode, priv, line, items, 64, off ? off : &dummy);
	hbuf[0] = 0;
	for (int i = 0; i < nitems; i++) {
		if (i)
			strcat(hbuf, "|");
		strcat(hbuf, items[i].token);
	}
	return hbuf;
}

static const char *help_of(const char *tok)
{
	for (int i = 0; i < nitems; i++)
		if (strcmp(items[i].token, tok) == 0)
			return items[i].help;
	return "(absent)";
}

/* ---------- tests ---------- */

static void test_abbrev(void **s)
{
	(void)s;
	assert_int_equal(m(M_EXEC, 1, "sh cry ikev2 propo"), MATCH_OK);
	assert_ptr_equal(R.cmd, &exec_cmds[0]);
	assert_string_equal(R.args.v[0].value, "show");
	assert_string_equal(R.args.v[1].value, "crypto");
	assert_string_equal(R.args.v[3].value, "proposal");
	assert_string_equal(R.args.v[3].name, "proposal");
	assert_int_equal(R.args.v[3].type, T_KEYWORD);
	assert_int_equal(R.args.n, 4);
	assert_true(has(&R.args, "proposal"));
	assert_false(has(&R.args, "NAME"));
	assert_int_equal(m(M_EXEC, 1, "sh cry ikev2 propo P1"), MATCH_OK);
	assert_string_equal(arg(&R.args, "NAME"), "P1");
	assert_int_equal(m(M_EXEC, 1, "sh cry ikev2 pol"), MATCH_OK);
	assert_ptr_equal(R.cmd, &exec_cmds[1]);
	/* case-insensitive keywords, canonical value stored */
	assert_int_equal(m(M_EXEC, 1, "SHOW CRYPTO Session DET"), MATCH_OK);
	assert_string_equal(arg(&R.args, "detail"), "detail");
	assert_string_equal(R.args.line, "SHOW CRYPTO Session DET");
}

static void test_ambiguous(void **s)
{
	(void)s;
	assert_int_equal(m(M_EXEC, 1, "sh cry ikev2 p"), MATCH_AMBIGUOUS);
	assert_int_equal(R.err_offset, 13);
	assert_int_equal(m(M_EXEC, 15, "cl crypto sa"), MATCH_AMBIGUOUS);
	assert_int_equal(R.err_offset, 0);
	/* with clock invisible at level 1, "cl" is unique?  clear is 15 too */
	assert_int_equal(m(M_EXEC, 1, "cl crypto sa"), MATCH_INVALID);
	/* `n` competes between no and ntp in config */
	assert_int_equal(m(M_CONF, 15, "n ip domain lookup"), MATCH_AMBIGUOUS);
	/* `i` between ip and ipv6 */
	assert_int_equal(m(M_CONF, 15, "i route 1.0.0.0 255.0.0.0 1.1.1.1"), MATCH_AMBIGUOUS);
}

static void test_exact_beats_prefix(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "ip route 1.0.0.0 255.0.0.0 10.0.0.1"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[1]);
	assert_string_equal(arg(&R.args, "dest"), "1.0.0.0");
	assert_string_equal(arg(&R.args, "mask"), "255.0.0.0");
	/* specific type beats WORD */
	assert_string_equal(arg(&R.args, "nh"), "10.0.0.1");
	assert_null(arg(&R.args, "if"));
	assert_int_equal(m(M_CONF, 15, "ip route 1.0.0.0 255.0.0.0 Tunnel1"), MATCH_OK);
	assert_string_equal(arg(&R.args, "if"), "Tunnel1");
	assert_null(arg(&R.args, "nh"));
	/* keyword exact beats a free word: "default" */
	assert_int_equal(m(M_CONF, 15, "crypto ikev2 profile default"), MATCH_OK);
	assert_string_equal(R.args.v[3].name, "default");
	assert_int_equal(R.args.v[3].type, T_KEYWORD);
	assert_int_equal(m(M_CONF, 15, "crypto ikev2 profile def"), MATCH_OK);
	assert_int_equal(R.args.v[3].type, T_KEYWORD);
	assert_int_equal(m(M_CONF, 15, "crypto ikev2 profile PROF1"), MATCH_OK);
	assert_string_equal(arg(&R.args, "NAME"), "PROF1");
	/* vrf is a keyword; exact "ip" beats prefix of "ipv6" */
	assert_int_equal(m(M_CONF, 15, "ip ro vrf V 1.0.0.0 255.0.0.0 2.2.2.2"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[2]);
	assert_string_equal(arg(&R.args, "WORD"), "V");
	assert_int_equal(arg_count(&R.args, "A.B.C.D"), 3);
	assert_string_equal(arg_nth(&R.args, "A.B.C.D", 2), "2.2.2.2");
	assert_null(arg_nth(&R.args, "A.B.C.D", 3));
}

static void test_token_types(void **s)
{
	(void)s;
	/* IPv4 */
	assert_true(token_accepts(T_IPV4, "A.B.C.D", "1.2.3.4"));
	assert_true(token_accepts(T_IPV4, "A.B.C.D", "0.0.0.0"));
	assert_true(token_accepts(T_IPV4, "A.B.C.D", "255.255.255.255"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "256.1.1.1"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "1.2.3"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "1.2.3.4.5"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "1..2.3"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "1.2.3.4."));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "+1.2.3.4"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "1.2.3.a"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", "1.2.3.1000"));
	assert_false(token_accepts(T_IPV4, "A.B.C.D", ""));
	/* IPv4 prefix */
	assert_true(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0.0/8"));
	assert_true(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0.0/0"));
	assert_true(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0.1/32"));
	assert_false(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0.0/33"));
	assert_false(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0.0/"));
	assert_false(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0.0"));
	assert_false(token_accepts(T_IPV4_PREFIX, "A.B.C.D/M", "10.0.0/8"));
	/* IPv6 */
	assert_true(token_accepts(T_IPV6, "X:X::X:X", "2001:db8::1"));
	assert_true(token_accepts(T_IPV6, "X:X::X:X", "::"));
	assert_false(token_accepts(T_IPV6, "X:X::X:X", "2001:db8::g"));
	assert_false(token_accepts(T_IPV6, "X:X::X:X", "1.2.3.4"));
	assert_true(token_accepts(T_IPV6_PREFIX, "X:X::X:X/M", "2001:db8::/32"));
	assert_true(token_accepts(T_IPV6_PREFIX, "X:X::X:X/M", "::/0"));
	assert_true(token_accepts(T_IPV6_PREFIX, "X:X::X:X/M", "::1/128"));
	assert_false(token_accepts(T_IPV6_PREFIX, "X:X::X:X/M", "::1/129"));
	assert_false(token_accepts(T_IPV6_PREFIX, "X:X::X:X/M", "2001:db8::"));
	/* ranges */
	assert_true(token_accepts(T_RANGE, "<0-512>", "0"));
	assert_true(token_accepts(T_RANGE, "<0-512>", "512"));
	assert_false(token_accepts(T_RANGE, "<0-512>", "513"));
	assert_false(token_accepts(T_RANGE, "<0-512>", "-1"));
	assert_false(token_accepts(T_RANGE, "<0-512>", "+1"));
	assert_false(token_accepts(T_RANGE, "<0-512>", "1a"));
	assert_false(token_accepts(T_RANGE, "<0-512>", ""));
	assert_false(token_accepts(T_RANGE, "<1-65535>", "99999999999999999999999999"));
	assert_true(token_accepts(T_RANGE, "<1-4294967295>", "4294967295"));
	assert_false(token_accepts(T_RANGE, "<1-4294967295>", "4294967296"));
	assert_true(token_accepts(T_RANGE, "<0-9223372036854775807>", "9223372036854775807"));
	assert_false(token_accepts(T_RANGE, "<0-9223372036854775807>", "9223372036854775808"));
	assert_true(token_accepts(T_RANGE, "<-10-10>", "-10"));
	assert_false(token_accepts(T_RANGE, "<-10-10>", "-11"));
	/* hex */
	assert_true(token_accepts(T_HEX, "HEX", "0123456789abcdefABCDEF"));
	assert_true(token_accepts(T_HEX, "HEX", "0x1F"));
	assert_false(token_accepts(T_HEX, "HEX", "0x"));
	assert_false(token_accepts(T_HEX, "HEX", "12g4"));
	assert_false(token_accepts(T_HEX, "HEX", ""));
	/* word, line, keyword */
	assert_true(token_accepts(T_WORD, "WORD", "x"));
	assert_false(token_accepts(T_WORD, "WORD", ""));
	assert_true(token_accepts(T_LINE, "LINE", "a b"));
	assert_true(token_accepts(T_KEYWORD, "proposal", "PRO"));
	assert_false(token_accepts(T_KEYWORD, "proposal", "proposals"));
}

static void test_types_in_commands(void **s)
{
	(void)s;
	assert_int_equal(m(M_EXEC, 1, "terminal length 0"), MATCH_OK);
	assert_int_equal(arg_int(&R.args, "<0-512>", -1), 0);
	assert_int_equal(m(M_EXEC, 1, "terminal length 512"), MATCH_OK);
	assert_int_equal(arg_int(&R.args, "<0-512>", -1), 512);
	assert_int_equal(arg_int(&R.args, "missing", -7), -7);
	assert_int_equal(m(M_EXEC, 1, "terminal length 513"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 16);
	assert_int_equal(m(M_EXEC, 1, "ping 1.2.3.4 rep 2147483647"), MATCH_OK);
	assert_int_equal(arg_int(&R.args, "<1-2147483647>", 0), 2147483647LL);
	assert_int_equal(m(M_EXEC, 1, "ping 256.1.1.1"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 5);
	assert_int_equal(m(M_EXEC, 1, "ping 1.2.3"), MATCH_INVALID);
	assert_int_equal(m(M_EXEC, 1, "ping 1.2.3.4.5"), MATCH_INVALID);
	assert_int_equal(m(M_CONF, 15, "ip prefix 10.0.0.0/8"), MATCH_OK);
	assert_string_equal(arg(&R.args, "A.B.C.D/M"), "10.0.0.0/8");
	assert_int_equal(R.args.v[2].type, T_IPV4_PREFIX);
	assert_int_equal(m(M_CONF, 15, "ip prefix 10.0.0.0/33"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 10);
	assert_int_equal(m(M_CONF, 15, "ipv6 route 2001:db8::/32 fe80::1"), MATCH_OK);
	assert_string_equal(arg(&R.args, "X:X::X:X/M"), "2001:db8::/32");
	assert_string_equal(arg(&R.args, "X:X::X:X"), "fe80::1");
	assert_int_equal(m(M_CONF, 15, "ipv6 route 2001:db8::/32 fe80::x"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 25);
	assert_int_equal(m(M_CONF, 15, "key 0a1b 2C3D"), MATCH_OK);
	assert_int_equal(arg_count(&R.args, "HEX"), 2);
	assert_string_equal(arg_nth(&R.args, "HEX", 1), "2C3D");
	assert_int_equal(R.args.v[1].type, T_HEX);
	assert_int_equal(m(M_CONF, 15, "key 0a1b zz"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 9);
}

static void test_caret(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "ip route 1.1.1.0 255.255.255.0x 2.2.2.2"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 17);
	assert_int_equal(m(M_CONF, 15, "   ip route 1.1.1.300 255.0.0.0 2.2.2.2"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 12);
	assert_int_equal(m(M_CONF, 15, "logging 0255.255.1"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 8);
	assert_int_equal(m(M_CONF, 15, "xyzzy"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 0);
	assert_int_equal(m(M_CONF, 15, "\t  xyzzy"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 3);
	assert_int_equal(m(M_CONF, 15, "no  ip route 1.1.1.0 bad"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 21);
	/* too many words */
	assert_int_equal(m(M_EXEC, 1, "show crypto session detail extra"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 27);
}

static void test_incomplete(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "ip local pool P"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "ip"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "logging"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_EXEC, 15, "show"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "ip local pool P 10.0.0.1"), MATCH_OK);
	assert_int_equal(m(M_CONF, 15, "ip local pool P 10.0.0.1 10.0.0.9"), MATCH_OK);
	assert_int_equal(arg_count(&R.args, "A.B.C.D"), 2);
}

static void test_empty(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, ""), MATCH_EMPTY);
	assert_int_equal(m(M_CONF, 15, "    \t "), MATCH_EMPTY);
	assert_int_equal(m(M_CONF, 15, "! a comment"), MATCH_EMPTY);
	assert_int_equal(m(M_CONF, 15, "   !"), MATCH_EMPTY);
	assert_int_equal(m(M_EXEC, 15, "!"), MATCH_EMPTY);
}

static void test_no_forms(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "no ip local pool P"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[0]);
	assert_true(R.args.no);
	assert_false(R.args.dflt);
	assert_string_equal(arg(&R.args, "NAME"), "P");
	assert_string_equal(R.args.line, "ip local pool P");
	assert_int_equal(m(M_CONF, 15, "no ip local pool"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no ip local pool P 1.1.1.1 2.2.2.2"), MATCH_OK);
	assert_true(R.args.no);
	assert_int_equal(m(M_CONF, 15, "default ip local pool P"), MATCH_OK);
	assert_true(R.args.dflt);
	assert_false(R.args.no);
	assert_int_equal(m(M_CONF, 15, "def ip local pool P"), MATCH_OK);
	assert_true(R.args.dflt);
	/* CMD_NO_NEGATE */
	assert_int_equal(m(M_CONF, 15, "end"), MATCH_OK);
	assert_int_equal(m(M_CONF, 15, "no end"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 3);
	/* CMD_NO_ONLY */
	assert_int_equal(m(M_CONF, 15, "cdp run"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 0);
	assert_int_equal(m(M_CONF, 15, "no cdp run"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[10]);
	/* CMD_NO_EXACT */
	assert_int_equal(m(M_CONF, 15, "no access-list 10 permit"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no access-list 10"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no access-list 10 permit 1.1.1.1"), MATCH_OK);
	/* automatic no_min: leading keywords + first variable */
	assert_int_equal(m(M_CONF, 15, "no username bob"), MATCH_OK);
	assert_int_equal(m(M_CONF, 15, "no username"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no username bob password"), MATCH_OK);
	assert_int_equal(m(M_CONF, 15, "no hostname"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no hostname R1"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[6]);
	/* explicit no_min = 3 */
	assert_int_equal(m(M_CONF, 15, "no radius-server host"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "no radius-server host 1.1.1.1"), MATCH_OK);
	/* no is not a prefix in exec mode */
	assert_int_equal(m(M_EXEC, 15, "no show running-config"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 0);
	/* no in sub-modes */
	assert_int_equal(m(M_SUB, 15, "no shut"), MATCH_OK);
	assert_true(R.args.no);
	assert_int_equal(m(M_SUB, 15, "no encryption"), MATCH_OK);
	assert_int_equal(R.args.n, 1);
	/* no no */
	assert_int_equal(m(M_CONF, 15, "no no ip local pool P"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 3);
}

static void test_line_capture(void **s)
{
	(void)s;
	assert_int_equal(m(M_SUB, 15, "description  hello   world  "), MATCH_OK);
	assert_string_equal(arg(&R.args, "LINE"), "hello   world");
	assert_int_equal(R.args.v[1].type, T_LINE);
	assert_string_equal(R.args.line, "description  hello   world");
	assert_int_equal(m(M_SUB, 15, "desc \"quoted\" and 1.2.3.4 more"), MATCH_OK);
	assert_string_equal(arg(&R.args, "LINE"), "\"quoted\" and 1.2.3.4 more");
	assert_int_equal(m(M_SUB, 15, "description"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "username bob password 7 some secret  words"), MATCH_OK);
	assert_string_equal(arg(&R.args, "LINE"), "some secret  words");
	assert_int_equal(arg_int(&R.args, "<0-7>", -1), 7);
	assert_int_equal(m(M_EXEC, 15, "clock set 10:00:00 1 Jan 2024"), MATCH_OK);
	assert_string_equal(arg(&R.args, "LINE"), "10:00:00 1 Jan 2024");
	/* do LINE in a sub-mode */
	assert_int_equal(m(M_SUB, 15, "do show crypto session"), MATCH_OK);
	assert_string_equal(arg(&R.args, "LINE"), "show crypto session");
	/* mode separation */
	assert_int_equal(m(M_CONF, 15, "description x"), MATCH_INVALID);
}

static void test_quoted(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "banner text \"a b  c\""), MATCH_OK);
	assert_string_equal(arg(&R.args, "WORD"), "\"a b  c\"");
	assert_int_equal(m(M_CONF, 15, "banner text \"a b\" extra"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 18);
	assert_int_equal(m(M_CONF, 15, "hostname \"R 1\""), MATCH_OK);
	assert_string_equal(arg(&R.args, "WORD"), "\"R 1\"");
}

static void test_repetition(void **s)
{
	(void)s;
	assert_int_equal(m(M_SUB, 15, "encryption aes-cbc-128 aes-cbc-2 3des"), MATCH_OK);
	assert_int_equal(arg_count(&R.args, "alg"), 3);
	assert_string_equal(arg_nth(&R.args, "alg", 0), "aes-cbc-128");
	assert_string_equal(arg_nth(&R.args, "alg", 1), "aes-cbc-256");
	assert_string_equal(arg_nth(&R.args, "alg", 2), "3des");
	assert_int_equal(m(M_SUB, 15, "encryption aes-cbc-1"), MATCH_OK);
	assert_string_equal(arg(&R.args, "alg"), "aes-cbc-128");
	assert_int_equal(m(M_SUB, 15, "encryption aes-cbc"), MATCH_AMBIGUOUS);
	assert_int_equal(m(M_SUB, 15, "encryption"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_SUB, 15, "group 14 19 20 14"), MATCH_OK);
	assert_int_equal(arg_count(&R.args, "14"), 2);
	assert_int_equal(arg_count(&R.args, "19"), 1);
	assert_int_equal(m(M_SUB, 15, "group 14 21"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 9);
	assert_int_equal(m(M_SUB, 15, "group 1"), MATCH_AMBIGUOUS);
	assert_int_equal(m(M_SUB, 15, "group 2"), MATCH_OK);
	assert_string_equal(R.args.v[1].value, "20");
}

static void test_optional_groups(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "ntp server 1.2.3.4"), MATCH_OK);
	assert_string_equal(arg(&R.args, "A.B.C.D"), "1.2.3.4");
	assert_false(has(&R.args, "prefer"));
	assert_int_equal(m(M_CONF, 15, "ntp server 1.2.3.4 key 5 prefer"), MATCH_OK);
	assert_int_equal(arg_int(&R.args, "<1-65535>", 0), 5);
	assert_true(has(&R.args, "prefer"));
	assert_int_equal(m(M_CONF, 15, "ntp server ntp.example.com pref"), MATCH_OK);
	assert_string_equal(arg(&R.args, "WORD"), "ntp.example.com");
	assert_true(has(&R.args, "prefer"));
	assert_int_equal(m(M_CONF, 15, "ntp server host1 key"), MATCH_INCOMPLETE);
	assert_int_equal(m(M_CONF, 15, "ntp server host1 prefer key 5"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 24);
	assert_int_equal(m(M_SUB, 15, "set peer 1.1.1.1 default"), MATCH_OK);
	assert_true(has(&R.args, "default"));
}

static void test_alternatives_named(void **s)
{
	(void)s;
	assert_int_equal(m(M_SUB, 15, "authentication remote rsa"), MATCH_OK);
	assert_string_equal(arg(&R.args, "dir"), "remote");
	assert_string_equal(arg(&R.args, "method"), "rsa-sig");
	assert_int_equal(m(M_SUB, 15, "auth local pre"), MATCH_OK);
	assert_string_equal(arg(&R.args, "dir"), "local");
	assert_string_equal(arg(&R.args, "method"), "pre-share");
	assert_null(arg(&R.args, "local"));
	assert_int_equal(m(M_SUB, 15, "auth both eap"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 5);
}

static void test_first_defined_wins(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "hostname R1"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[6]);
	assert_string_equal(arg(&R.args, "WORD"), "R1");
}

static void test_privilege(void **s)
{
	(void)s;
	assert_int_equal(m(M_EXEC, 1, "show running-config"), MATCH_INVALID);
	assert_int_equal(R.err_offset, 5);
	assert_int_equal(m(M_EXEC, 15, "show running-config"), MATCH_OK);
	assert_int_equal(m(M_EXEC, 1, "configure terminal"), MATCH_INVALID);
	assert_int_equal(m(M_EXEC, 15, "conf t"), MATCH_OK);
	assert_int_equal(m(M_EXEC, 1, "show crypto session"), MATCH_OK);
	/* config modes ignore privilege */
	assert_int_equal(m(M_CONF, 1, "ip domain lookup"), MATCH_OK);
	/* help hides what the level cannot run */
	assert_string_equal(help(M_EXEC, 1, "show ", NULL), "crypto");
	assert_string_equal(help(M_EXEC, 15, "show ", NULL), "crypto|running-config");
	assert_string_equal(help(M_EXEC, 1, "", NULL), "ping|show|terminal");
}

static void test_help_next(void **s)
{
	int off = -1;
	(void)s;
	assert_string_equal(help(M_EXEC, 1, "show crypto ", NULL), "ikev2|session");
	assert_string_equal(help_of("ikev2"), "Show IKEv2 information");
	assert_string_equal(help(M_EXEC, 1, "sh cry ikev2 ", NULL), "policy|proposal");
	assert_string_equal(help(M_EXEC, 1, "show crypto ikev2 proposal ", NULL), "WORD|<cr>");
	assert_string_equal(help_of("WORD"), "Proposal name");
	assert_true(help_of("<cr>") == NULL || help_of("<cr>")[0] == 0);
	assert_string_equal(help(M_EXEC, 1, "show crypto session ", NULL), "detail|<cr>");
	assert_string_equal(help(M_EXEC, 1, "terminal length ", NULL), "<0-512>");
	assert_string_equal(help_of("<0-512>"), "Number of lines");
	/* keywords sorted, then variables, <cr> last */
	assert_string_equal(help(M_CONF, 15, "crypto ikev2 profile ", NULL), "default|WORD");
	assert_string_equal(help(M_CONF, 15, "ntp server ", NULL), "A.B.C.D|WORD");
	assert_string_equal(help(M_CONF, 15, "ntp server 1.1.1.1 ", NULL), "key|prefer|<cr>");
	assert_string_equal(help(M_CONF, 15, "ip route ", NULL), "vrf|A.B.C.D");
	assert_string_equal(help_of("A.B.C.D"), "Destination prefix");
	assert_string_equal(help(M_CONF, 15, "ip route 1.0.0.0 255.0.0.0 ", NULL), "A.B.C.D|WORD");
	/* identical tokens merged, first definition's help */
	assert_string_equal(help(M_CONF, 15, "ip ", NULL), "domain|local|prefix|route");
	assert_string_equal(help_of("route"), "Establish static routes");
	assert_string_equal(help(M_CONF, 15, "ip local pool P 1.1.1.1 ", NULL), "A.B.C.D|<cr>");
	/* no form: truncated command is complete */
	assert_string_equal(help(M_CONF, 15, "no ip local pool P ", NULL), "A.B.C.D|<cr>");
	assert_string_equal(help(M_CONF, 15, "no ip local pool ", NULL), "WORD");
	/* root of a config mode: no and default listed, hidden not listed */
	help(M_CONF, 15, "", NULL);
	assert_non_null(strstr(hbuf, "no|"));
	assert_non_null(strstr(hbuf, "default|"));
	assert_null(strstr(hbuf, "secret-alias"));
	assert_null(strstr(hbuf, "cdp"));
	assert_string_equal(help_of("no"), "Negate a command or set its defaults");
	assert_string_equal(help_of("default"), "Set a command to its defaults");
	assert_string_equal(help(M_SUB, 15, "  ", NULL),
			    "authentication|default|description|do|encryption|group|match|no|set|shutdown");
	/* after no: NO_ONLY listed, NO_NEGATE not */
	help(M_CONF, 15, "no ", NULL);
	assert_non_null(strstr(hbuf, "cdp"));
	assert_null(strstr(hbuf, "end"));
	assert_null(strstr(hbuf, "|no|"));
	/* repetition offers the group again */
	assert_string_equal(help(M_SUB, 15, "encryption 3des ", NULL),
			    "3des|aes-cbc-128|aes-cbc-256|<cr>");
	assert_string_equal(help_of("aes-cbc-256"), "AES-CBC 256");
	/* LINE */
	assert_string_equal(help(M_SUB, 15, "description ", NULL), "LINE");
	assert_string_equal(help(M_SUB, 15, "description foo ", NULL), "LINE|<cr>");
	/* invalid before the end */
	assert_int_equal(grammar_help(G, M_EXEC, 1, "show xyz ", items, 64, &off), 0);
	assert_int_equal(off, 5);
	assert_int_equal(grammar_help(G, M_EXEC, 1, "sh cry ikev2 p ", items, 64, &off), 0);
	assert_int_equal(off, 13);
	/* nothing after a complete command */
	assert_string_equal(help(M_CONF, 15, "end ", NULL), "<cr>");
	/* max respected */
	assert_int_equal(grammar_help(G, M_CONF, 15, "", items, 2, &off), 2);
}

static void test_help_partial(void **s)
{
	int off = -1;
	(void)s;
	assert_string_equal(help(M_EXEC, 1, "sh cr", NULL), "crypto");
	assert_null(items[0].help);
	assert_string_equal(help(M_EXEC, 1, "show crypto ikev2 p", NULL), "policy|proposal");
	assert_string_equal(help(M_CONF, 15, "n", NULL), "no|ntp");
	assert_string_equal(help(M_CONF, 15, "i", NULL), "ip|ipv6");
	assert_string_equal(help(M_CONF, 15, "crypto ikev2 profile d", NULL), "default");
	/* no keyword: the variables that accept the word */
	assert_string_equal(help(M_CONF, 15, "ntp server 1.1", NULL), "WORD");
	assert_string_equal(help(M_CONF, 15, "ntp server 1.1.1.1", NULL), "A.B.C.D|WORD");
	assert_string_equal(help(M_SUB, 15, "description fo", NULL), "LINE");
	assert_string_equal(help(M_SUB, 15, "description foo ba", NULL), "LINE");
	assert_null(items[0].help);
	assert_int_equal(grammar_help(G, M_EXEC, 1, "show xy", items, 64, &off), 0);
	assert_int_equal(off, 5);
	assert_int_equal(grammar_help(G, M_EXEC, 1, "shox cr", items, 64, &off), 0);
	assert_int_equal(off, 0);
}

static void test_complete(void **s)
{
	char out[256];
	(void)s;
	assert_true(grammar_complete(G, M_EXEC, 1, "sh cr", out, sizeof out));
	assert_string_equal(out, "sh crypto ");
	assert_true(grammar_complete(G, M_EXEC, 1, "sh", out, sizeof out));
	assert_string_equal(out, "show ");
	assert_true(grammar_complete(G, M_EXEC, 15, "  conf t", out, sizeof out));
	assert_string_equal(out, "  conf terminal ");
	assert_false(grammar_complete(G, M_EXEC, 1, "sh cry ikev2 p", out, sizeof out));
	assert_true(grammar_complete(G, M_EXEC, 1, "sh cry ikev2 pro", out, sizeof out));
	assert_string_equal(out, "sh cry ikev2 proposal ");
	assert_true(grammar_complete(G, M_CONF, 15, "no ip lo", out, sizeof out));
	assert_string_equal(out, "no ip local ");
	assert_true(grammar_complete(G, M_CONF, 15, "no", out, sizeof out));
	assert_string_equal(out, "no ");
	assert_true(grammar_complete(G, M_CONF, 15, "ip", out, sizeof out));
	assert_string_equal(out, "ip ");
	assert_false(grammar_complete(G, M_CONF, 15, "n", out, sizeof out));
	assert_false(grammar_complete(G, M_CONF, 15, "xyz", out, sizeof out));
	assert_false(grammar_complete(G, M_CONF, 15, "ip ", out, sizeof out));
	assert_false(grammar_complete(G, M_CONF, 15, "hostname R", out, sizeof out));
	assert_false(grammar_complete(G, M_CONF, 15, "secret", out, sizeof out));
	assert_false(grammar_complete(G, M_CONF, 15, "bad ip", out, sizeof out));
	assert_false(grammar_complete(G, M_EXEC, 1, "sh cr", out, 5));
	/* privilege */
	assert_false(grammar_complete(G, M_EXEC, 1, "show run", out, sizeof out));
	assert_true(grammar_complete(G, M_EXEC, 15, "show run", out, sizeof out));
	assert_string_equal(out, "show running-config ");
}

static void test_hidden_matches(void **s)
{
	(void)s;
	assert_int_equal(m(M_CONF, 15, "secret-alias x"), MATCH_OK);
	assert_ptr_equal(R.cmd, &conf_cmds[15]);
}

/* A hidden alias sharing a prefix with a visible keyword does not make the
 * visible one ambiguous; typed in full, the alias still matches. */
static void test_hidden_alias_prefix(void **s)
{
	(void)s;
	assert_int_equal(m(M_SUB, 15, "match fvr any"), MATCH_OK);
	assert_string_equal(arg(&R.args, "fvrf"), "fvrf");
	assert_int_equal(m(M_SUB, 15, "match fvrif any"), MATCH_OK);
	assert_true(has(&R.args, "fvrif"));
}

static void test_overflow(void **s)
{
	char line[4096];
	int n;
	(void)s;
	/* more words than CMD_MAX_ARGS */
	n = sprintf(line, "key");
	for (int i = 0; i < 70; i++)
		n += sprintf(line + n, " %02x", i);
	assert_int_equal(m(M_CONF, 15, line), MATCH_INVALID);
	assert_int_equal(R.err_offset, 4 + 3 * (CMD_MAX_ARGS - 1));
	/* a line longer than the store */
	n = sprintf(line, "key");
	for (int i = 0; i < 40; i++)
		n += sprintf(line + n, " %060x", i);
	assert_int_equal(m(M_CONF, 15, line), MATCH_INVALID);
	assert_true(R.err_offset > 4 && R.err_offset < n);
	/* values that do not fit after the line copy */
	n = sprintf(line, "key");
	for (int i = 0; i < 20; i++)
		n += sprintf(line + n, " %060x", i);
	assert_int_equal(m(M_CONF, 15, line), MATCH_INVALID);
	assert_true(R.err_offset > 4 && R.err_offset < n);
	/* a long LINE shares the line's storage */
	memset(line, 0, sizeof line);
	strcpy(line, "description ");
	memset(line + 12, 'x', 1500);
	assert_int_equal(m(M_SUB, 15, line), MATCH_OK);
	assert_int_equal(strlen(arg(&R.args, "LINE")), 1500);
	assert_true(R.args.used <= sizeof R.args.store);
}

static struct grammar *build1(const char *syntax, const char *helptext, char *err, size_t errlen)
{
	/* the grammar keeps pointers to the definitions: static */
	static struct cmd_def d;
	const struct cmd_def *t[] = { &d };
	d = (struct cmd_def){ B(M_CONF), syntax, helptext, h, 0, 0, 0 };
	size_t c[] = { 1 };
	return grammar_build(t, c, 1, NMODES, err, errlen);
}

static void test_build_errors(void **s)
{
	char err[256];
	struct grammar *g;
	(void)s;
	assert_null(build1("ip local pool NAME", "a\nb\nc", err, sizeof err));
	assert_non_null(strstr(err, "ip local pool NAME"));
	assert_non_null(strstr(err, "help"));
	assert_null(build1("ip local pool NAME", "a\nb\nc\nd\ne", err, sizeof err));
	assert_null(build1("ip {a|b", "1\n2\n3", err, sizeof err));
	assert_non_null(strstr(err, "ip {a|b"));
	assert_non_null(strstr(err, "unbalanced"));
	assert_null(build1("ip [a", "1\n2", err, sizeof err));
	assert_null(build1("ip a]", "1\n2", err, sizeof err));
	assert_null(build1("ip {a|b]", "1\n2\n3", err, sizeof err));
	assert_null(build1("ip a|b", "1\n2\n3", err, sizeof err));
	assert_null(build1("ip {a|}", "1\n2", err, sizeof err));
	assert_null(build1("ip []", "1", err, sizeof err));
	assert_null(build1("ip Foo!", "1\n2", err, sizeof err));
	assert_non_null(strstr(err, "Foo!"));
	assert_null(build1("ip <5-1>", "1\n2", err, sizeof err));
	assert_null(build1("ip <1-x>", "1\n2", err, sizeof err));
	assert_null(build1("ip LINE x", "1\n2\n3", err, sizeof err));
	assert_null(build1("[ip]", "1", err, sizeof err));
	assert_null(build1("", "", err, sizeof err));
	assert_null(build1("ip ...", "1\n2", err, sizeof err));
	/* good ones, one trailing newline in help allowed */
	g = build1("ip {a|b}$x... [c$y|WORD$z] <1-10>...", "1\n2\n3\n4\n5\n6\n", err, sizeof err);
	assert_non_null(g);
	grammar_match(g, M_CONF, 15, "ip a b a 3 4", &R);
	assert_int_equal(R.status, MATCH_OK);
	assert_null(arg(&R.args, "z"));
	assert_int_equal(arg_count(&R.args, "<1-10>"), 2);
	grammar_match(g, M_CONF, 15, "ip a b", &R);
	assert_int_equal(R.status, MATCH_INCOMPLETE);
	grammar_match(g, M_CONF, 15, "ip a b a c 3 4", &R);
	assert_int_equal(R.status, MATCH_OK);
	assert_int_equal(arg_count(&R.args, "x"), 3);
	assert_string_equal(arg(&R.args, "y"), "c");
	assert_int_equal(arg_count(&R.args, "<1-10>"), 2);
	grammar_match(g, M_CONF, 15, "ip a zz 3", &R);
	assert_int_equal(R.status, MATCH_OK);
	assert_string_equal(arg(&R.args, "z"), "zz");
	grammar_free(g);
	/* mode bit beyond nmodes */
	{
		struct cmd_def d = { B(5), "x", "x", h, 0, 0, 0 };
		const struct cmd_def *t[] = { &d };
		size_t c[] = { 1 };
		assert_null(grammar_build(t, c, 1, 3, err, sizeof err));
	}
}

/* ~1000 commands over 30 modes, 200 in global config; 100k lines. */
static void test_performance(void **s)
{
	enum { NCMD = 1000, NM = 30, NLINES = 100000 };
	static struct cmd_def defs[NCMD];
	static char syn[NCMD][96], hlp[NCMD][64];
	static const char *words[] = { "crypto", "ip", "interface", "aaa", "radius-server",
				       "logging", "username", "ntp", "snmp-server", "line" };
	const struct cmd_def *t[] = { defs };
	size_t c[] = { NCMD };
	char err[256];
	struct grammar *g;
	struct timespec a, b;
	double secs;
	int ok = 0;
	(void)s;

	for (int i = 0; i < NCMD; i++) {
		int mode = i < 200 ? 1 : 2 + i % (NM - 2);
		snprintf(syn[i], sizeof syn[i], "%s sub%d opt%d WORD [A.B.C.D] [key <1-100>]",
			 words[i % 10], i / 10, i);
		snprintf(hlp[i], sizeof hlp[i], "a\nb\nc\nd\ne\nf\ng");
		defs[i] = (struct cmd_def){ B(mode), syn[i], hlp[i], h, 0, 0, 0 };
	}
	g = grammar_build(t, c, 1, NM, err, sizeof err);
	assert_non_null(g);
	for (int m2 = 1; m2 < NM; m2++)
		grammar_set_config_mode(g, m2, true);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < NLINES; i++) {
		char line[128];
		int k = i % 200;
		snprintf(line, sizeof line, "%s sub%d opt%d name%d 10.0.%d.1 key %d",
			 words[k % 10], k / 10, k, i, i % 256, 1 + i % 100);
		grammar_match(g, 1, 15, line, &R);
		ok += R.status == MATCH_OK;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	fprintf(stderr, "[perf] %d lines in %.3f s\n", NLINES, secs);
	assert_int_equal(ok, NLINES);
	assert_true(secs < 5.0);   /* generous: sanitizer builds are slow */
	grammar_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abbrev),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_exact_beats_prefix),
		cmocka_unit_test(test_token_types),
		cmocka_unit_test(test_types_in_commands),
		cmocka_unit_test(test_caret),
		cmocka_unit_test(test_incomplete),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_no_forms),
		cmocka_unit_test(test_line_capture),
		cmocka_unit_test(test_quoted),
		cmocka_unit_test(test_repetition),
		cmocka_unit_test(test_optional_groups),
		cmocka_unit_test(test_alternatives_named),
		cmocka_unit_test(test_first_defined_wins),
		cmocka_unit_test(test_privilege),
		cmocka_unit_test(test_help_next),
		cmocka_unit_test(test_help_partial),
		cmocka_unit_test(test_complete),
		cmocka_unit_test(test_hidden_matches),
		cmocka_unit_test(test_hidden_alias_prefix),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_build_errors),
		cmocka_unit_test(test_performance),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
