#!/bin/sh
# Print a large FlexVPN config (about 100k lines): 10k usernames, 2k IKEv2
# profiles with keyring peers and authorization policies, 20k ACL entries,
# 500 pools, 2k IPsec profiles.
awk 'BEGIN {
	print "configure terminal"
	print "aaa new-model"
	for (i = 0; i < 10000; i++)
		printf "username user%d privilege 15 password 0 pw%d\n", i, i
	for (p = 0; p < 500; p++)
		printf "ip local pool POOL%d 10.%d.%d.1 10.%d.%d.254\n", p, 100 + int(p / 250), p % 250, 100 + int(p / 250), p % 250
	for (a = 0; a < 100; a++) {
		printf "ip access-list standard ACL%d\n", a
		for (e = 1; e <= 200; e++)
			printf " %d permit 172.%d.%d.0 0.0.0.255\n", e * 10, 16 + a % 16, e
	}
	print "crypto ikev2 keyring KR"
	for (i = 0; i < 2000; i++) {
		printf " peer PEER%d\n", i
		printf "  description branch %d\n", i
		printf "  address 192.0.%d.%d\n", int(i / 250), i % 250 + 1
		printf "  identity fqdn branch%d.example.com\n", i
		printf "  pre-shared-key local key-local-%d\n", i
		printf "  pre-shared-key remote key-remote-%d\n", i
	}
	for (i = 0; i < 2000; i++) {
		printf "crypto ikev2 authorization policy AUTH%d\n", i
		printf " pool POOL%d\n", i % 500
		printf " dns 10.0.0.53 10.0.1.53\n"
		printf " netmask 255.255.255.0\n"
		printf " def-domain branch%d.example.com\n", i
		printf " route set access-list ACL%d\n", i % 100
		printf " banner Welcome branch %d\n", i
	}
	for (i = 0; i < 2000; i++) {
		printf "crypto ikev2 profile PROF%d\n", i
		printf " description branch profile %d\n", i
		printf " match identity remote fqdn branch%d.example.com\n", i
		printf " identity local fqdn hub.example.com\n"
		printf " authentication remote pre-share\n"
		printf " authentication local pre-share\n"
		printf " keyring local KR\n"
		printf " lifetime 3600\n"
		printf " dpd 60 2 on-demand\n"
		printf " aaa authorization group psk list default AUTH%d\n", i
		printf " virtual-template 1\n"
	}
	for (i = 0; i < 2000; i++) {
		printf "crypto ipsec profile IPSEC%d\n", i
		printf " set transform-set default\n"
		printf " set ikev2-profile PROF%d\n", i
		printf " set security-association lifetime seconds 3600\n"
		printf " set pfs group19\n"
		printf " set security-association replay window-size 128\n"
		printf " description branch ipsec %d\n", i
	}
	for (i = 1; i <= 2000; i++) {
		printf "interface Loopback%d\n", i
		printf " description loopback %d\n", i
		printf " ip address 198.%d.%d.1 255.255.255.255\n", 18 + int(i / 250), i % 250
		printf " no shutdown\n"
	}
	print "end"
}'
