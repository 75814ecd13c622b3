/* interface/'s commands: `interface X`, the (config-if) commands, show ip interface brief. */
#include "cli/module.h"
#include "if_cmds.h"

#define CONFIG MODE_BIT(MODE_CONFIG)
#define IF     MODE_BIT(MODE_IF)
#define EXEC   MODE_BIT(MODE_EXEC)

#define H_IP   "Interface Internet Protocol config commands\n"
#define H_IPV6 "IPv6 interface subcommands\n"
#define H_TUN  "protocol-over-protocol tunneling\n"
#define H_HSRP "HSRP interface configuration commands\ngroup number\n"

static const struct cmd_def if_cmds[] = {
	{ CONFIG, "interface IFNAME [IFNUM] [type {tunnel|serial|ethernet}]",
	  "Select an interface to configure\nInterface name\nInterface number\n"
	  "type of the virtual template\nTunnel interface\nSerial interface\nEthernet interface",
	  cmd_interface, 0, 0, 0 },

	{ IF, "description LINE", "Interface specific description\nUp to 240 characters describing this interface",
	  cmd_if_description, 0, 0, 1 },
	{ IF, "shutdown", "Shutdown the selected interface", cmd_if_shutdown, 0, 0, 0 },
	{ IF, "mtu <64-9216>", "Set the interface Maximum Transmission Unit (MTU)\nMTU size in bytes",
	  cmd_if_mtu, 0, 0, 1 },
	{ IF, "bandwidth <1-100000000>", "Set bandwidth informational parameter\nBandwidth in kilobits",
	  cmd_if_bandwidth, 0, 0, 1 },
	{ IF, "negotiation auto", "Select Autonegotiation mode\nEnable link autonegotiation",
	  cmd_if_negotiation, 0, 0, 0 },
	{ IF, "keepalive [<0-32767> [<1-255>]]",
	  "Enable keepalive\nKeepalive period (default 10 seconds)\nKeepalive retries",
	  cmd_if_keepalive, 0, 0, 1 },
	{ IF, "encapsulation dot1Q <1-4094>",
	  "Set encapsulation type for an interface\nIEEE 802.1Q Virtual LAN\nIEEE 802.1Q VLAN ID",
	  cmd_if_encap, 0, 0, 2 },
	{ IF, "service-policy {input|output} POLICY",
	  "Configure CPL Service Policy\nAssign policy-map to the input of an interface\n"
	  "Assign policy-map to the output of an interface\npolicy-map name",
	  cmd_if_service_policy, 0, 0, 2 },
	{ IF, "standby <0-4095> ip A.B.C.D", H_HSRP "Enable HSRP IPv4 and set the virtual IP address\nVirtual IP address",
	  cmd_if_standby, 0, 0, 3 },
	{ IF, "standby <0-4095> name WORD", H_HSRP "Redundancy name string\nName string",
	  cmd_if_standby, 0, 0, 3 },
	{ IF, "standby <0-4095> priority <0-255>", H_HSRP "Priority level\nPriority value",
	  cmd_if_standby, 0, 0, 3 },
	{ IF, "standby <0-4095> preempt", H_HSRP "Overthrow lower priority Active routers",
	  cmd_if_standby, 0, 0, 3 },
	{ IF, "standby <0-4095>", "HSRP interface configuration commands\ngroup number", cmd_if_standby, CMD_NO_ONLY, 0, 0 },

	{ IF, "ip address {A.B.C.D$addr A.B.C.D$mask [secondary]|dhcp|negotiated}",
	  H_IP "Set the IP address of an interface\nIP address\nIP subnet mask\n"
	  "Make this IP address a secondary address\nIP Address negotiated via DHCP\nIP Address negotiated over PPP",
	  cmd_if_ip_address, 0, 0, 2 },
	{ IF, "ip unnumbered IFNAME [IFNUM]",
	  H_IP "Enable IP processing without an explicit address\nInterface name\nInterface number",
	  cmd_if_ip_unnumbered, 0, 0, 2 },
	{ IF, "ip mtu <68-9216>", H_IP "Set IP Maximum Transmission Unit\nMTU (bytes)", cmd_if_ip_mtu, 0, 0, 2 },
	{ IF, "ip tcp adjust-mss <500-1460>",
	  H_IP "TCP header compression and other parameters\nAdjust the mss of transit packets\n"
	  "Maximum segment size in bytes",
	  cmd_if_ip_mss, 0, 0, 3 },
	{ IF, "ip nat {inside|outside}",
	  H_IP "NAT interface commands\nInside interface for address translation\n"
	  "Outside interface for address translation",
	  cmd_if_ip_nat, 0, 0, 2 },
	{ IF, "ip access-group ACL {in|out}",
	  H_IP "Specify access control for packets\nIP access list (standard or extended)\n"
	  "inbound packets\noutbound packets",
	  cmd_if_ip_access_group, 0, 0, 0 },
	{ IF, "vrf forwarding VRF",
	  "VPN Routing/Forwarding parameters on the interface\nConfigure forwarding table\n"
	  "VPN Routing/Forwarding instance name",
	  cmd_if_vrf, 0, 0, 2 },
	{ IF, "ip vrf forwarding VRF",
	  H_IP "VPN Routing/Forwarding parameters on the interface\nConfigure forwarding table\n"
	  "VPN Routing/Forwarding instance name",
	  cmd_if_vrf, 0, 0, 3 },
	{ IF, "ipv6 address {X:X::X:X/M [eui-64]|X:X::X:X link-local}",
	  H_IPV6 "Configure IPv6 address on interface\nIPv6 prefix\nUse eui-64 interface identifier\n"
	  "IPv6 link-local address\nUse link-local address",
	  cmd_if_ipv6_address, 0, 0, 2 },
	{ IF, "ipv6 enable", H_IPV6 "Enable IPv6 on interface", cmd_if_ipv6_enable, 0, 0, 0 },
	{ IF, "ipv6 unnumbered IFNAME [IFNUM]",
	  H_IPV6 "Preferred interface for source address selection\nInterface name\nInterface number",
	  cmd_if_ipv6_unnumbered, 0, 0, 2 },
	{ IF, "ipv6 mtu <1280-9976>", H_IPV6 "Set IPv6 Maximum Transmission Unit\nMTU (bytes)",
	  cmd_if_ipv6_mtu, 0, 0, 2 },

	{ IF, "ip ospf <1-65535> area {<0-4294967295>|A.B.C.D}",
	  H_IP "OSPF interface commands\nProcess ID\nSet the OSPF area ID\nOSPF area ID as a decimal value\n"
	  "OSPF area ID in IP address format",
	  cmd_if_ospf, 0, 0, 2 },
	{ IF, "ipv6 ospf <1-65535> area {<0-4294967295>|A.B.C.D}",
	  H_IPV6 "OSPF interface commands\nProcess ID\nSet the OSPF area ID\nOSPF area ID as a decimal value\n"
	  "OSPF area ID in IP address format",
	  cmd_if_ospf, 0, 0, 2 },

	{ IF, "tunnel source {A.B.C.D|IFNAME [IFNUM]}",
	  H_TUN "source of tunnel packets\nip address\nInterface name\nInterface number",
	  cmd_if_tun_source, 0, 0, 2 },
	{ IF, "tunnel destination {A.B.C.D|dynamic}",
	  H_TUN "destination of tunnel\nip address\nallow dynamic tunnel destination",
	  cmd_if_tun_dest, 0, 0, 2 },
	{ IF, "tunnel mode {ipsec {ipv4|ipv6}|gre {ip|ipv6}}",
	  H_TUN "tunnel encapsulation method\nIPSec tunnel encapsulation\nover IPv4\nover IPv6\n"
	  "generic route encapsulation protocol\nover IP\nover IPv6",
	  cmd_if_tun_mode, 0, 0, 2 },
	{ IF, "tunnel protection ipsec profile PROFILE [shared]",
	  H_TUN "Enable tunnel protection\nUse ipsec protection\nDetermine the ipsec policy profile to use.\n"
	  "Profile name\nShare this tunnel protection with other tunnels",
	  cmd_if_tun_protection, 0, 0, 2 },

	{ EXEC, "show ip interface brief",
	  "Show running system information\nIP information\nIP interface status and configuration\n"
	  "Brief summary of IP status and configuration",
	  cmd_show_ip_if_brief, 0, PRIV_USER, 0 },
	{ EXEC, "show derived-config interface IFNAME [IFNUM]",
	  "Show running system information\nDerived operating configuration\nInterface\nInterface name\n"
	  "Interface number",
	  cmd_show_derived_config, 0, PRIV_ENABLE, 0 },
	{ EXEC, "show interfaces IFNAME [IFNUM]",
	  "Show running system information\nInterface status and configuration\nInterface name\nInterface number",
	  cmd_show_interfaces, 0, PRIV_USER, 0 },
	{ EXEC, "show ip route",
	  "Show running system information\nIP information\nIP routing table",
	  cmd_show_ip_route, 0, PRIV_USER, 0 },
};

const struct module interface_module = {
	.name = "interface",
	.cmds = if_cmds,
	.ncmds = ARRAY_LEN(if_cmds),
};
