/* Every command of aaa/: aaa ..., radius ..., username, ip local pool. */
#include "aaa/aaa_cmds.h"
#include "cli/module.h"

#define CFG MODE_BIT(MODE_CONFIG)
#define EXEC MODE_BIT(MODE_EXEC)

#define H_AAA "Authentication, Authorization and Accounting.\n"
#define H_RS "Modify RADIUS query parameters\n"
#define H_PORTS \
	"UDP port for RADIUS authentication server (default is 1645)\nPort number\n" \
	"UDP port for RADIUS accounting server (default is 1646)\nPort number\n"
#define H_KEY067 \
	"Specifies an UNENCRYPTED key will follow\nSpecifies an ENCRYPTED key will follow\n" \
	"Specifies HIDDEN key will follow\n"
#define H_KEY07 "Specifies an UNENCRYPTED key will follow\nSpecifies HIDDEN key will follow\n"

static const struct cmd_def aaa_cmds[] = {
	/* ---- global AAA ---- */
	{ CFG, "aaa new-model",
	  H_AAA "Enable NEW access control commands and functions.(Disables OLD commands.)",
	  aaa_cmd_new_model, 0, 0, 0 },
	{ CFG, "aaa session-id {common|unique}",
	  H_AAA "AAA Session ID\nCommon Session ID\nUnique Session ID",
	  aaa_cmd_session_id, 0, 0, 2 },
	{ CFG, "aaa authentication login {default|WORD$LIST} "
	       "{enable|group {radius|WORD$GRP}|line|local|local-case|none}...",
	  H_AAA "Authentication configurations parameters.\nSet authentication lists for logins.\n"
	  "The default authentication list.\n"
	  "Named authentication list (max 31 characters, longer will be rejected).\n"
	  "Use enable password for authentication.\nUse Server-group\n"
	  "Use list of all Radius hosts.\nServer-group name\n"
	  "Use line password for authentication.\nUse local username authentication.\n"
	  "Use case-sensitive local username authentication.\nNO authentication.",
	  aaa_cmd_authen, 0, 0, 4 },
	{ CFG, "aaa authorization {exec|network} {default|WORD$LIST} "
	       "{group {radius|WORD$GRP}|if-authenticated|local|none}...",
	  H_AAA "Authorization configurations parameters.\nFor starting an exec (shell).\n"
	  "For network services. (PPP, SLIP, ARAP)\nThe default authorization list.\n"
	  "Named authorization list (max 31 characters, longer will be rejected).\n"
	  "Use server-group.\nUse list of all Radius hosts.\nServer-group name\n"
	  "Succeed if user has authenticated.\nUse local database.\n"
	  "No authorization (always succeeds).",
	  aaa_cmd_author, 0, 0, 4 },
	{ CFG, "aaa accounting {exec|network} {default|WORD$LIST} "
	       "[{start-stop|stop-only} [broadcast] {group {radius|WORD$GRP}}...|none]",
	  H_AAA "Accounting configurations parameters.\nFor starting an exec (shell).\n"
	  "For network services. (PPP, SLIP, ARAP)\nThe default accounting list.\n"
	  "Named Accounting list (max 31 characters, longer will be rejected).\n"
	  "Record start and stop without waiting\nRecord stop when service terminates.\n"
	  "Use Broadcast for Accounting\nUse Server-group\nUse list of all Radius hosts.\n"
	  "Server-group name\nNo accounting.",
	  aaa_cmd_acct, 0, 0, 4 },
	{ CFG, "aaa accounting update {newinfo [periodic <1-71582>$MIN]|periodic <1-71582>$MIN}",
	  H_AAA "Accounting configurations parameters.\nEnable accounting update records\n"
	  "Only send accounting update records when we have new acct info.\n"
	  "Periodic intervals to send accounting update records(in minutes)\n"
	  "Periodic intervals to send accounting update records(in minutes)\n"
	  "Periodic intervals to send accounting update records(in minutes)\n"
	  "Periodic intervals to send accounting update records(in minutes)",
	  aaa_cmd_acct_update, 0, 0, 3 },
	{ CFG, "aaa group server radius NAME",
	  H_AAA "AAA group definitions\nAAA Server group definitions\n"
	  "Radius server-group definition\nServer group name",
	  aaa_cmd_group_server, 0, 0, 0 },
	{ CFG, "aaa server radius dynamic-author",
	  H_AAA "Local AAA server\nRADIUS server\nLocal server profile for RFC 3576 support",
	  aaa_cmd_dynauthor, 0, 0, 4 },
	{ CFG, "aaa attribute list NAME",
	  H_AAA "AAA attribute definitions\nAAA attribute list definitions\nname of the attribute list",
	  aaa_cmd_attr_list, 0, 0, 0 },

	/* ---- (cfg-acct-mlist) ---- */
	{ MODE_BIT(MODE_ACCT_MLIST), "action-type {start-stop|stop-only|none}",
	  "Specify the action type\nRecord start and stop without waiting\n"
	  "Record stop when service terminates.\nNo accounting.",
	  aaa_cmd_mlist_action, 0, 0, 1 },
	{ MODE_BIT(MODE_ACCT_MLIST), "broadcast", "Use Broadcast for Accounting",
	  aaa_cmd_mlist_broadcast, 0, 0, 1 },
	{ MODE_BIT(MODE_ACCT_MLIST), "group {radius|WORD$GRP}",
	  "Use Server-group\nUse list of all Radius hosts.\nServer-group name",
	  aaa_cmd_mlist_group, 0, 0, 2 },

	/* ---- radius server NAME ---- */
	{ CFG, "radius server NAME",
	  "RADIUS server configuration command\nServer configuration\n"
	  "Name for the radius server configuration",
	  aaa_cmd_radius_server, 0, 0, 0 },
	{ MODE_BIT(MODE_RADIUS_SERVER),
	  "address ipv4 A.B.C.D [auth-port <0-65535>$AUTH] [acct-port <0-65535>$ACCT]",
	  "Specify the radius server address\nIPv4 address\nIPv4 address of RADIUS server\n" H_PORTS,
	  aaa_cmd_rs_address, 0, 0, 2 },
	{ MODE_BIT(MODE_RADIUS_SERVER), "key [0$KT|6$KT|7$KT] WORD$KEY",
	  "Per-server encryption key\n" H_KEY067 "The UNENCRYPTED (cleartext) server key",
	  aaa_cmd_rs_key, 0, 0, 1 },
	{ MODE_BIT(MODE_RADIUS_SERVER), "timeout <1-1000>$SEC",
	  "Time to wait for a RADIUS server to reply\nWait time (default 5 seconds)",
	  aaa_cmd_rs_timeout, 0, 0, 1 },
	{ MODE_BIT(MODE_RADIUS_SERVER), "retransmit <0-100>$N",
	  "Number of retries to active server (overrides default)\n"
	  "Number of retries for a transaction (default is 3)",
	  aaa_cmd_rs_retransmit, 0, 0, 1 },
	{ MODE_BIT(MODE_RADIUS_SERVER), "automate-tester username WORD$USER [probe-on]",
	  "Configure server automated testing.\nUser name to be used for automated testing\n"
	  "User name\nUse probe-on to mark server as dead / alive",
	  aaa_cmd_rs_tester, 0, 0, 1 },

	/* ---- legacy radius-server ---- */
	{ CFG, "radius-server host A.B.C.D [auth-port <0-65535>$AUTH] [acct-port <0-65535>$ACCT] "
	       "[timeout <1-1000>$SEC] [retransmit <0-100>$N] [key [0$KT|7$KT] WORD$KEY]",
	  H_RS "Specify a RADIUS server\nIP address of RADIUS server\n" H_PORTS
	  "Time to wait for this RADIUS server to reply (overrides default)\n"
	  "Timeout value in seconds to wait for server to reply\n"
	  "Specify the number of retries to active server (overrides default)\n"
	  "Number of retries for a transaction\n"
	  "per-server encryption key (overrides default)\n" H_KEY07
	  "The UNENCRYPTED (cleartext) server key",
	  aaa_cmd_rglobal_host, 0, 0, 3 },
	{ CFG, "radius-server address ipv4 A.B.C.D [auth-port <0-65535>$AUTH] [acct-port <0-65535>$ACCT]",
	  H_RS "Specify the radius server address\nIPv4 address\nIPv4 address of RADIUS server\n" H_PORTS,
	  aaa_cmd_rglobal_address_alias, CMD_HIDDEN, 0, 4 },
	{ CFG, "radius-server timeout <1-1000>$SEC",
	  H_RS "Time to wait for a RADIUS server to reply\nWait time (default 5 seconds)",
	  aaa_cmd_rglobal_timeout, 0, 0, 2 },
	{ CFG, "radius-server retransmit <0-100>$N",
	  H_RS "Specify the number of retries to active server\n"
	  "Number of retries for a transaction (default is 3)",
	  aaa_cmd_rglobal_retransmit, 0, 0, 2 },
	{ CFG, "radius-server key [0$KT|6$KT|7$KT] WORD$KEY",
	  H_RS "encryption key shared with the radius servers\n" H_KEY067
	  "The UNENCRYPTED (cleartext) shared key",
	  aaa_cmd_rglobal_key, 0, 0, 2 },
	{ CFG, "radius-server deadtime <1-1440>$MIN",
	  H_RS "Time to stop using a server that does not respond\nlength of deadtime in minutes",
	  aaa_cmd_rglobal_deadtime, 0, 0, 2 },
	{ CFG, "radius-server dead-criteria [time <1-120>$TIME] [tries <1-100>$TRIES]",
	  H_RS "Set the criteria used to decide when a radius server is marked dead\n"
	  "The time during which no properly formed response must be received from the RADIUS server\n"
	  "Time in seconds during which no properly formed response must be received from the RADIUS server\n"
	  "The number of times the router must fail to receive a response from the radius server to mark it as dead\n"
	  "Number of times the router must fail to receive a response from the radius server to mark it as dead",
	  aaa_cmd_rglobal_dead_criteria, 0, 0, 2 },
	{ CFG, "ip radius source-interface WORD$IFNAME [<0-4095>$IFNUM]",
	  "Global IP configuration subcommands\nRADIUS configuration commands\n"
	  "Specify interface for source address in RADIUS packets\nInterface name\nInterface number",
	  aaa_cmd_ip_radius_source, 0, 0, 3 },

	/* ---- (config-sg-radius) ---- */
	{ MODE_BIT(MODE_SG_RADIUS), "server name WORD$NAME",
	  "Specify a RADIUS server\nName of radius server\nName of the radius server",
	  aaa_cmd_sg_server_name, 0, 0, 3 },
	{ MODE_BIT(MODE_SG_RADIUS), "server A.B.C.D [auth-port <0-65535>$AUTH] [acct-port <0-65535>$ACCT]",
	  "Specify a RADIUS server\nIP address of RADIUS server\n" H_PORTS,
	  aaa_cmd_sg_server_addr, 0, 0, 2 },
	{ MODE_BIT(MODE_SG_RADIUS),
	  "server-private A.B.C.D [auth-port <0-65535>$AUTH] [acct-port <0-65535>$ACCT] "
	  "[timeout <1-1000>$SEC] [retransmit <0-100>$N] [key [0$KT|7$KT] WORD$KEY]",
	  "Specify a private RADIUS server (not shared with other groups)\n"
	  "IP address of RADIUS server\n" H_PORTS
	  "Time to wait for this RADIUS server to reply (overrides default)\n"
	  "Timeout value in seconds to wait for server to reply\n"
	  "Specify the number of retries to active server (overrides default)\n"
	  "Number of retries for a transaction\n"
	  "per-server encryption key (overrides default)\n" H_KEY07
	  "The UNENCRYPTED (cleartext) server key",
	  aaa_cmd_sg_private, 0, 0, 2 },
	{ MODE_BIT(MODE_SG_RADIUS), "ip radius source-interface WORD$IFNAME [<0-4095>$IFNUM]",
	  "Internet Protocol config commands\nRADIUS server group config\n"
	  "Specify interface for source address in RADIUS packets\nInterface name\nInterface number",
	  aaa_cmd_sg_source, 0, 0, 3 },
	{ MODE_BIT(MODE_SG_RADIUS), "ip vrf forwarding WORD$VRF",
	  "Internet Protocol config commands\nVPN Routing/Forwarding parameters\n"
	  "Configure forwarding table\nVPN Routing/Forwarding instance name",
	  aaa_cmd_sg_vrf, 0, 0, 3 },
	{ MODE_BIT(MODE_SG_RADIUS), "deadtime <1-1440>$MIN",
	  "Specify time in minutes to ignore an unresponsive server\nlength of deadtime in minutes",
	  aaa_cmd_sg_deadtime, 0, 0, 1 },
	{ MODE_BIT(MODE_SG_RADIUS), "load-balance method least-outstanding",
	  "Server group load-balancing\nMethod of load-balancing\n"
	  "Pick the server with the least transactions outstanding",
	  aaa_cmd_sg_load_balance, 0, 0, 1 },
	{ MODE_BIT(MODE_SG_RADIUS), "radius-server name WORD$NAME",
	  "Specify a RADIUS server\nName of radius server\nName of the radius server",
	  aaa_cmd_sg_server_name_alias, CMD_HIDDEN, 0, 3 },

	/* ---- LDAP ---- */
	{ CFG, "aaa group server ldap NAME",
	  H_AAA "AAA group definitions\nAAA Server group definitions\n"
	  "LDAP server-group definition\nServer group name",
	  aaa_cmd_ldap_group, 0, 0, 0 },
	{ MODE_BIT(MODE_SG_LDAP), "server NAME",
	  "Specify an LDAP server\nName of the LDAP server",
	  aaa_cmd_ldap_sg_server, 0, 0, 0 },
	{ CFG, "ldap server NAME",
	  "Configure LDAP Server\nLDAP server configuration\nName for the LDAP server configuration",
	  aaa_cmd_ldap_server, 0, 0, 0 },
	{ MODE_BIT(MODE_LDAP_SERVER), "ipv4 A.B.C.D",
	  "IPv4 address\nIPv4 address of the LDAP server",
	  aaa_cmd_ls_ipv4, 0, 0, 1 },
	{ MODE_BIT(MODE_LDAP_SERVER), "transport port <1-65535>$PORT",
	  "Transport options\nPort number (default 389)\nPort number",
	  aaa_cmd_ls_port, 0, 0, 2 },
	{ MODE_BIT(MODE_LDAP_SERVER), "attribute map WORD$MAP",
	  "LDAP attribute configuration\nAttribute map\nAttribute map name",
	  aaa_cmd_ls_attr_map, 0, 0, 2 },
	{ MODE_BIT(MODE_LDAP_SERVER), "timeout retransmit <1-65535>$SEC",
	  "Timeout\nTime to wait for the LDAP server to reply\nWait time in seconds (default 30)",
	  aaa_cmd_ls_timeout, 0, 0, 2 },
	{ MODE_BIT(MODE_LDAP_SERVER), "bind authenticate root-dn WORD$DN password [0$KT|7$KT] WORD$PW",
	  "Bind parameters\nAuthenticated bind\nRoot distinguished name\nRoot DN\n"
	  "Bind password\nSpecifies an UNENCRYPTED password will follow\n"
	  "Specifies a HIDDEN password will follow\nThe UNENCRYPTED (cleartext) password",
	  aaa_cmd_ls_bind, 0, 0, 2 },
	{ MODE_BIT(MODE_LDAP_SERVER), "base-dn LINE",
	  "Base distinguished name\nBase DN",
	  aaa_cmd_ls_base_dn, 0, 0, 1 },
	{ MODE_BIT(MODE_LDAP_SERVER), "search-filter user-object-type WORD$TYPE",
	  "Search filter\nObject type of the user\nObject type name",
	  aaa_cmd_ls_search_filter, 0, 0, 1 },
	{ MODE_BIT(MODE_LDAP_SERVER), "authentication {bind-first [no-authorization]|compare}",
	  "Authentication method\nBind with the user credentials first\n"
	  "Do not perform authorization\nCompare the password attribute",
	  aaa_cmd_ls_authentication, 0, 0, 1 },

	/* ---- (config-locsvr-da-radius) ---- */
	{ MODE_BIT(MODE_DYNAMIC_AUTHOR),
	  "client WORD$CLIENT [vrf WORD$VRF] [server-key [0$KT|6$KT|7$KT] WORD$KEY]",
	  "Specify a RADIUS client\nIP address or hostname of RADIUS client\n"
	  "Virtual Routing and Forwarding\nVRF name\nSpecify a RADIUS client server-key\n"
	  H_KEY067 "The UNENCRYPTED (cleartext) shared key",
	  aaa_cmd_da_client, 0, 0, 2 },
	{ MODE_BIT(MODE_DYNAMIC_AUTHOR), "server-key [0$KT|6$KT|7$KT] WORD$KEY",
	  "Specify a RADIUS client server-key\n" H_KEY067 "The UNENCRYPTED (cleartext) shared key",
	  aaa_cmd_da_server_key, 0, 0, 1 },
	{ MODE_BIT(MODE_DYNAMIC_AUTHOR), "port <1-65535>$PORT",
	  "Specify port on which local server listens\nPort number",
	  aaa_cmd_da_port, 0, 0, 1 },
	{ MODE_BIT(MODE_DYNAMIC_AUTHOR), "auth-type {all|any|session-key}",
	  "Specify the server authorization type\n"
	  "All attributes must match for authorization to succeed\n"
	  "Any attribute may match for authorization to succeed\n"
	  "Session-key attribute must match for authorization to succeed",
	  aaa_cmd_da_auth_type, 0, 0, 1 },
	{ MODE_BIT(MODE_DYNAMIC_AUTHOR), "ignore {session-key|server-key}",
	  "Ignore options\nIgnore session-key\nIgnore server-key",
	  aaa_cmd_da_ignore, 0, 0, 2 },

	/* ---- (config-attr-list) ---- */
	{ MODE_BIT(MODE_ATTR_LIST), "attribute type WORD$ATTR [LINE]",
	  "Specify an attribute\nSpecify an attribute type\nAttribute name\n"
	  "Attribute value, quoted when it has spaces; then [service S] [protocol P] [mandatory] [tag]",
	  aaa_cmd_attr_type, 0, 0, 3 },

	/* ---- username ---- */
	{ CFG, "username WORD$NAME [privilege <0-15>$PRIV] "
	       "[password [0$T|7$T] WORD$PW|secret [0$T|5$T|8$T|9$T] WORD$PW|nopassword]",
	  "Establish User Name Authentication\nUser name\nSet user privilege level\n"
	  "User privilege level\nSpecify the password for the user\n"
	  "Specifies an UNENCRYPTED password will follow\nSpecifies a HIDDEN password will follow\n"
	  "The UNENCRYPTED (cleartext) user password\nSpecify the secret for the user\n"
	  "Specifies an UNENCRYPTED secret will follow\nSpecifies a MD5 HASHED secret will follow\n"
	  "Specifies a PBKDF2 HASHED secret will follow\nSpecifies a SCRYPT HASHED secret will follow\n"
	  "The UNENCRYPTED (cleartext) user secret\nNo password is required for the user to log in",
	  aaa_cmd_username, 0, 0, 2 },

	/* ---- pools ---- */
	{ CFG, "ip local pool WORD$NAME A.B.C.D$START [A.B.C.D$END] [group WORD$GRP] [cache-size <1-100>$CS]",
	  "Global IP configuration subcommands\nSpecify local options\nIP Local address pool lists\n"
	  "Create named local address pool\nFirst IP address of range\nLast IP address of range\n"
	  "Create pool in a pool group\nPool group name\nMaximum number of cached addresses\n"
	  "Number of cached addresses",
	  aaa_cmd_ip_pool, 0, 0, 4 },
	{ CFG, "ipv6 local pool WORD$NAME X:X::X:X/M$PREFIX <1-128>$LEN [shared] [cache-size <1-65535>$CS]",
	  "IPv6 configuration commands\nIPv6 Local configuration\nLocal Pool\nPool name\n"
	  "IPv6 prefix x:x::y/<z>\nAssigned prefix length\nShared pool\nCache size\nCached prefixes",
	  aaa_cmd_ipv6_pool, 0, 0, 4 },

	/* ---- shows ---- */
	{ EXEC, "show ip local pool [WORD$NAME]",
	  "Show running system information\nIP information\nIP local options\n"
	  "IP Local Pool Statistics\nName of pool",
	  aaa_cmd_show_ip_pool, 0, PRIV_USER, 0 },
	{ EXEC, "show aaa servers",
	  "Show running system information\nShow AAA values\nAll AAA servers as seen by the router",
	  aaa_cmd_show_aaa_servers, 0, PRIV_USER, 0 },
	{ EXEC, "show aaa sessions",
	  "Show running system information\nShow AAA values\nAAA sessions as seen by AAA Session MIB",
	  aaa_cmd_show_aaa_sessions, 0, PRIV_USER, 0 },
	{ EXEC, "show aaa user all",
	  "Show running system information\nShow AAA values\nShow users\nAll users",
	  aaa_cmd_show_aaa_user_all, 0, PRIV_USER, 0 },
	{ EXEC, "test aaa group {radius|WORD$GROUP} WORD$USER WORD$PASS legacy",
	  "Test subsystems\nAAA subsystem\nAAA server group\nAll RADIUS servers\n"
	  "Server group name\nUser name\nPassword\nUse the legacy AAA API",
	  aaa_cmd_test_aaa, 0, PRIV_ENABLE, 0 },
};

const struct module aaa_module = {
	.name = "aaa",
	.cmds = aaa_cmds,
	.ncmds = ARRAY_LEN(aaa_cmds),
	.init = aaa_show_init,
};
