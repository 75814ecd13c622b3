/* system/'s commands: hostname, enable, service, ip domain/http/route/nat, ACLs, lines. */
#include "cli/module.h"
#include "sys_cmds.h"

#define CONFIG MODE_BIT(MODE_CONFIG)
#define STD    MODE_BIT(MODE_STD_NACL)
#define EXT    MODE_BIT(MODE_EXT_NACL)
#define NACL   (STD | EXT)
#define LINE_M MODE_BIT(MODE_LINE)
#define EXEC   MODE_BIT(MODE_EXEC)
#define VRF_M  MODE_BIT(MODE_VRF)
#define VRF_AF MODE_BIT(MODE_VRF_AF)
#define PMAP   MODE_BIT(MODE_POLICY_MAP)
#define CMAP   MODE_BIT(MODE_CLASS_MAP)

#define H_IP "Global IP configuration subcommands\n"

/* the pieces of an access-list entry */
#define STD_ADDR "{A.B.C.D$addr [A.B.C.D$wc]|host A.B.C.D$haddr|any} [log]"
#define STD_ADDR_H "Address to match\nWildcard bits\nA single host address\nHost address\nAny source host\n" \
	"Log matches against this entry"
#define EXT_BODY "{ahp|eigrp|esp|gre|icmp|igmp|ip|ipinip|nos|ospf|pcp|pim|tcp|udp|<0-255>$pnum} " \
	"{A.B.C.D$sa A.B.C.D$sw|host A.B.C.D$sh|any} " \
	"[{eq$sop|gt$sop|lt$sop|neq$sop} WORD$sp|range$sop WORD$sp WORD$sp2] " \
	"{A.B.C.D$da A.B.C.D$dw|host A.B.C.D$dh|any} " \
	"[{eq$dop|gt$dop|lt$dop|neq$dop} WORD$dp|range$dop WORD$dp WORD$dp2] [established] [log]"
#define EXT_BODY_H \
	"Authentication Header Protocol\nCisco's EIGRP routing protocol\nEncapsulation Security Payload\n" \
	"Cisco's GRE tunneling\nInternet Control Message Protocol\nInternet Gateway Message Protocol\n" \
	"Any Internet Protocol\nIP in IP tunneling\nKA9Q NOS compatible IP over IP tunneling\n" \
	"OSPF routing protocol\nPayload Compression Protocol\nProtocol Independent Multicast\n" \
	"Transmission Control Protocol\nUser Datagram Protocol\nAn IP protocol number\n" \
	"Source address\nSource wildcard bits\nA single source host\nSource address\nAny source host\n" \
	"Match only packets on a given port number\nMatch only packets with a greater port number\n" \
	"Match only packets with a lower port number\nMatch only packets not on a given port number\n" \
	"Port number or name\nMatch only packets in the range of port numbers\nLow port number\nHigh port number\n" \
	"Destination address\nDestination wildcard bits\nA single destination host\nDestination address\n" \
	"Any destination host\n" \
	"Match only packets on a given port number\nMatch only packets with a greater port number\n" \
	"Match only packets with a lower port number\nMatch only packets not on a given port number\n" \
	"Port number or name\nMatch only packets in the range of port numbers\nLow port number\nHigh port number\n" \
	"Match established connections\nLog matches against this entry"

static const struct cmd_def sys_cmds[] = {
	/* ---- identity and passwords ---- */
	{ CONFIG, "hostname WORD", "Set system's network name\nThis system's network name",
	  cmd_hostname, 0, 0, 1 },
	{ CONFIG, "enable secret [{0|5|8|9}] LINE",
	  "Modify enable password parameters\nAssign the privileged level secret (MAX of 25 characters)\n"
	  "Specifies an UNENCRYPTED password will follow\nSpecifies a MD5 HASHED secret will follow\n"
	  "Specifies a PBKDF2 HASHED secret will follow\nSpecifies a SCRYPT HASHED secret will follow\n"
	  "The UNENCRYPTED (cleartext) 'enable' secret",
	  cmd_enable_secret, 0, 0, 2 },
	{ CONFIG, "enable algorithm-type scrypt secret LINE",
	  "Modify enable password parameters\nAlgorithm to use for hashing the plaintext 'enable' secret\n"
	  "Encode the password using the SCRYPT hashing algorithm\n"
	  "Assign the privileged level secret (MAX of 25 characters)\nThe UNENCRYPTED (cleartext) 'enable' secret",
	  cmd_enable_secret_scrypt, 0, 0, 0 },
	{ CONFIG, "enable password [{0|7}] LINE",
	  "Modify enable password parameters\nAssign the privileged level password (MAX of 25 characters)\n"
	  "Specifies an UNENCRYPTED password will follow\nSpecifies a HIDDEN password will follow\n"
	  "The UNENCRYPTED (cleartext) 'enable' password",
	  cmd_enable_password, 0, 0, 2 },
	{ CONFIG, "service timestamps [{debug|log}] [{uptime|datetime [msec] [localtime] [show-timezone] [year]}]",
	  "Modify use of network based services\nTimestamp debug/log messages\nTimestamp debug messages\n"
	  "Timestamp log messages\nTimestamp with system uptime\nTimestamp with date and time\n"
	  "Include milliseconds in timestamp\nUse local time zone for timestamps\n"
	  "Add time zone information to timestamp\nInclude year in timestamp",
	  cmd_service_timestamps, 0, 0, 0 },
	{ CONFIG, "boot-start-marker", "Mark the start of the boot commands", cmd_boot_marker, CMD_HIDDEN, 0, 0 },
	{ CONFIG, "boot-end-marker", "Mark the end of the boot commands", cmd_boot_marker, CMD_HIDDEN, 0, 0 },
	{ CONFIG, "service password-encryption", "Modify use of network based services\nEncrypt system passwords",
	  cmd_service_pwenc, 0, 0, 0 },

	/* ---- ip domain / http / forward-protocol ---- */
	{ CONFIG, "ip domain name WORD",
	  H_IP "IP DNS Resolver\nDefine the default domain name\nDefault domain name",
	  cmd_ip_domain_name, 0, 0, 3 },
	{ CONFIG, "ip domain lookup",
	  H_IP "IP DNS Resolver\nEnable IP Domain Name System hostname translation",
	  cmd_ip_domain_lookup, 0, 0, 0 },
	{ CONFIG, "ip domain-name WORD", H_IP "Define the default domain name\nDefault domain name",
	  cmd_ip_domain_name, CMD_HIDDEN, 0, 2 },
	{ CONFIG, "ip domain-lookup", H_IP "Enable IP Domain Name System hostname translation",
	  cmd_ip_domain_lookup, CMD_HIDDEN, 0, 0 },
	{ CONFIG, "ip http server", H_IP "HTTP server configuration\nEnable HTTP server",
	  cmd_ip_http_server, 0, 0, 0 },
	{ CONFIG, "ip http secure-server", H_IP "HTTP server configuration\nEnable HTTP secure server",
	  cmd_ip_http_secure, 0, 0, 0 },
	{ CONFIG, "ip http authentication {local|enable|aaa}",
	  H_IP "HTTP server configuration\nSet http server authentication method\n"
	  "Use local username and passwords\nUse enable passwords\nUse AAA access control methods",
	  cmd_ip_http_auth, 0, 0, 3 },
	{ CONFIG, "ip forward-protocol nd",
	  H_IP "Controls forwarding of physical and directed IP broadcasts\nSun's Network Disk protocol",
	  cmd_ip_forward_nd, 0, 0, 0 },

	{ CONFIG, "ipv6 unicast-routing", "Global IPv6 configuration commands\nEnable forwarding of IPv6 unicast packets",
	  cmd_ipv6_unicast_routing, 0, 0, 0 },

	/* ---- routes and NAT ---- */
	{ CONFIG, "ip route [vrf VRF] A.B.C.D$prefix A.B.C.D$mask {A.B.C.D$nh|IFNAME [A.B.C.D$nh2]} "
		  "[<1-255>] [tag <1-4294967295>] [permanent] [name RNAME]",
	  H_IP "Establish static routes\nConfigure static route for a VPN Routing/Forwarding instance\n"
	  "VPN Routing/Forwarding instance name\nDestination prefix\nDestination prefix mask\n"
	  "Forwarding router's address\nInterface name and number\nForwarding router's address\n"
	  "Distance metric for this route\nSet tag for this route\nTag value\npermanent route\n"
	  "Specify name of the next hop\nName of the next hop",
	  cmd_ip_route, 0, 0, 4 },
	{ CONFIG, "ip nat inside source list ACL interface IFNAME [overload]",
	  H_IP "NAT configuration commands\nInside address translation\nSource address translation\n"
	  "Specify access list describing local addresses\nAccess list name or number for local addresses\n"
	  "Specify interface for global address\nInterface name and number\nOverload an address translation",
	  cmd_ip_nat_source, 0, 0, 0 },

	/* ---- access lists ---- */
	{ CONFIG, "ip access-list standard NAME", H_IP "Named access list\nStandard Access List\nAccess-list name",
	  cmd_acl_std, 0, 0, 0 },
	{ CONFIG, "ip access-list extended NAME", H_IP "Named access list\nExtended Access List\nAccess-list name",
	  cmd_acl_ext, 0, 0, 0 },
	{ CONFIG, "ip access-list regular NAME",
	  H_IP "Named access list\nStandard Access List (seed spelling)\nAccess-list name",
	  cmd_acl_regular, CMD_HIDDEN, 0, 0 },
	{ STD, "[<1-2147483647>$seq] {permit|deny} " STD_ADDR,
	  "Sequence Number\nSpecify packets to forward\nSpecify packets to reject\n" STD_ADDR_H,
	  cmd_ace_std, CMD_NO_EXACT, 0, 0 },
	{ EXT, "[<1-2147483647>$seq] {permit|deny} " EXT_BODY,
	  "Sequence Number\nSpecify packets to forward\nSpecify packets to reject\n" EXT_BODY_H,
	  cmd_ace_ext, CMD_NO_EXACT, 0, 0 },
	{ NACL, "[<1-2147483647>$seq] remark LINE",
	  "Sequence Number\nAccess list entry comment\nComment up to 100 characters",
	  cmd_ace_remark, CMD_NO_EXACT, 0, 0 },
	{ NACL, "<1-2147483647>$seq", "Sequence Number", cmd_ace_noseq, CMD_NO_ONLY, 0, 0 },
	{ CONFIG, "access-list {<1-99>$num|<1300-1999>$num} {permit|deny} " STD_ADDR,
	  "Add an access list entry\nIP standard access list\nIP standard access list (expanded range)\n"
	  "Specify packets to forward\nSpecify packets to reject\n" STD_ADDR_H,
	  cmd_legacy_std, 0, 0, 2 },
	{ CONFIG, "access-list {<100-199>$num|<2000-2699>$num} {permit|deny} " EXT_BODY,
	  "Add an access list entry\nIP extended access list\nIP extended access list (expanded range)\n"
	  "Specify packets to forward\nSpecify packets to reject\n" EXT_BODY_H,
	  cmd_legacy_ext, 0, 0, 2 },
	{ CONFIG, "access-list {<1-99>$num|<100-199>$num|<1300-1999>$num|<2000-2699>$num} remark LINE",
	  "Add an access list entry\nIP standard access list\nIP extended access list\n"
	  "IP standard access list (expanded range)\nIP extended access list (expanded range)\n"
	  "Access list entry comment\nComment up to 100 characters",
	  cmd_legacy_remark, CMD_NO_EXACT, 0, 0 },
	{ EXEC, "show ip access-lists [NAME]",
	  "Show running system information\nIP information\nList IP access lists\nAccess list name or number",
	  cmd_show_ip_acl, 0, PRIV_USER, 0 },
	{ EXEC, "show access-lists [NAME]",
	  "Show running system information\nList access lists\nAccess list name or number",
	  cmd_show_ip_acl, 0, PRIV_USER, 0 },

	/* ---- VRFs ---- */
	{ CONFIG, "vrf definition NAME", "VRF commands\nVRF definition\nVRF name",
	  cmd_vrf, 0, 0, 3 },
	{ CONFIG, "ip vrf NAME",
	  H_IP "Configure an IP VPN Routing/Forwarding instance\nVPN Routing/Forwarding instance name",
	  cmd_vrf, 0, 0, 3 },
	{ VRF_M, "description LINE", "VRF specific description\nUp to 244 characters describing this VRF",
	  cmd_vrf_description, 0, 0, 1 },
	{ VRF_M, "rd RD", "Specify Route Distinguisher\nVPN Route Distinguisher",
	  cmd_vrf_rd, 0, 0, 1 },
	{ VRF_M, "address-family {ipv4|ipv6}", "Enter Address Family command mode\nAddress family\nAddress family",
	  cmd_vrf_af, 0, 0, 2 },
	{ VRF_AF, "exit-address-family", "Exit from Address Family configuration mode",
	  cmd_vrf_exit_af, CMD_NO_NEGATE, 0, 0 },

	/* ---- QoS: class-map, policy-map ---- */
	{ CONFIG, "class-map [{match-all|match-any}] NAME",
	  "Configure CPL Class Map\nLogical-AND all matching statements under this classmap\n"
	  "Logical-OR all matching statements under this classmap\nclass-map name",
	  cmd_class_map, 0, 0, 0 },
	{ CMAP, "match access-group name ACL",
	  "classification criteria\nAccess group\nNamed Access List\nAccess List name",
	  cmd_class_map_match, 0, 0, 4 },
	{ CONFIG, "policy-map NAME", "Configure QoS Policy Map\npolicy-map name",
	  cmd_policy_map, 0, 0, 2 },
	{ PMAP, "class NAME", "policy criteria\nclass-map name",
	  cmd_policy_map_class, 0, 0, 2 },

	/* ---- lines ---- */
	{ CONFIG, "line console <0-0>$first", "Configure a terminal line\nPrimary terminal line\nFirst Line number",
	  cmd_line, 0, 0, 0 },
	{ CONFIG, "line vty <0-1869>$first [<1-1869>$last]",
	  "Configure a terminal line\nVirtual terminal\nFirst Line number\nLast Line number",
	  cmd_line, 0, 0, 0 },
	{ LINE_M, "login [{local|authentication LIST}]",
	  "Enable password checking\nLocal password checking\nAuthentication parameters\n"
	  "Use an authentication list with this name.",
	  cmd_line_login, 0, 0, 1 },
	{ LINE_M, "password [{0|7}] LINE",
	  "Set a password\nSpecifies an UNENCRYPTED password will follow\nSpecifies a HIDDEN password will follow\n"
	  "The UNENCRYPTED (cleartext) line password",
	  cmd_line_password, 0, 0, 1 },
	{ LINE_M, "privilege level <0-15>",
	  "Change privilege level for line\nAssign default privilege level for line\nDefault privilege level for line",
	  cmd_line_privilege, 0, 0, 2 },
	{ LINE_M, "exec-timeout <0-35791> [<0-2147483>]", "Set the EXEC timeout\nTimeout in minutes\nTimeout in seconds",
	  cmd_line_exec_timeout, 0, 0, 1 },
	{ LINE_M, "transport input {all|none|{ssh|telnet}...}",
	  "Define transport protocols for line\n"
	  "Define which protocols to use when connecting to the terminal server\n"
	  "All protocols\nNo protocols\nTCP/IP SSH protocol\nTCP/IP Telnet protocol",
	  cmd_line_transport, 0, 0, 2 },
	{ LINE_M, "logging synchronous", "Modify message logging facilities\nSynchronized message output",
	  cmd_line_logging_sync, 0, 0, 0 },
	{ LINE_M, "length <0-512>", "Set number of lines on a screen\nNumber of lines on screen (0 for no pausing)",
	  cmd_line_length, 0, 0, 1 },
	{ LINE_M, "stopbits {1|1.5|2}", "Set async line stop bits\nOne stop bit\nOne and one-half stop bits\nTwo stop bits",
	  cmd_line_stopbits, 0, 0, 1 },
	{ LINE_M, "access-class ACL {in|out} [vrf-also]",
	  "Filter connections based on an IP access list\nIP access list\nFilter incoming connections\n"
	  "Filter outgoing connections\nSame access list is applied for all VRFs",
	  cmd_line_access_class, 0, 0, 0 },
};

const struct module system_module = {
	.name = "system",
	.cmds = sys_cmds,
	.ncmds = ARRAY_LEN(sys_cmds),
};
