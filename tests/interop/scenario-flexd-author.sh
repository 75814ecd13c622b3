#!/bin/bash
# scenario-flexd-author.sh -- bash.  Authorization and config payload:
# strongSwan (cl1, cl2) -> flexd (hub) with the PSK profile of
# conf/flexd-hub-psk.cfg, its authorization policy FLEXPOL extended with an
# IPv6 pool, IPv6 DNS, WINS, netmask, split-tunnel routes (route set
# access-list / interface / remote), def-domain, split-dns, banner.
#  1. cl1 asks for an IPv4 and an IPv6 address: gets both, the DNS servers
#     of both families, the split subnets (strongSwan logs every attribute
#     it received and cannot use), and Child SA selectors narrowed to its
#     two addresses (TSr = everything, as IOS dVTI does).
#  2. User authorization (`aaa authorization user psk list L` with a
#     name-mangler, hostname of the FQDN) beats the group's pool; with
#     `aaa authorization group override` the group's wins again.
#  3. A one-address pool and two clients: the second is told
#     INTERNAL_ADDRESS_FAILURE, gets no VIP, flexd logs it and deletes the
#     refused IKE SA (neither side keeps one), the first keeps its tunnel;
#     when the first leaves the second gets the address.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-author
require_flexd
topo_up 2
# libipsec puts the IPv6 VIP on its TUN device: IPv6 on in cl1
nsx cl1 sysctl -q -w net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
flexsh_hub_script >>"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
ipv6 local pool FLEXPOOL6 2001:db8:99::/64 128
ip access-list standard SPLIT
 permit 10.10.0.0 0.0.0.255
 permit 198.51.100.0 0.0.0.255
 deny 172.16.0.0 0.15.255.255
crypto ikev2 authorization policy FLEXPOL
 netmask 255.255.255.0
 ipv6 pool FLEXPOOL6
 ipv6 dns 2001:db8:53::53
 wins 10.10.0.60
 def-domain lab.example
 split-dns corp.lab.example
 banner Welcome-to-flexd
 route set access-list SPLIT
 route set remote ipv4 172.20.0.0 255.255.0.0
 route set remote ipv6 2001:db8:aa::/48
end
EOF
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"

# ---- 1. dual stack, every attribute
charon_start cl1 client
sw_conf cl1 client-author
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1
sw cl1 --list-sas >"$IOP_RUN/cl1/sas.txt" 2>&1
sw cl1 --list-sas --raw >"$IOP_RUN/cl1/sas-raw.txt" 2>&1
check "cl1 got the IPv4 pool address" test "$(client_vip cl1)" = 10.99.0.1
check "cl1 got the IPv6 pool address" grep -q 'local-vips=\[10\.99\.0\.1 2001:db8:99::1\]' "$IOP_RUN/cl1/sas-raw.txt"
check "cl1 got the IPv4 DNS servers" dns_got cl1 10.10.0.53 10.10.0.54
check "cl1 got the IPv6 DNS server" grep -Eq '^nameserver[[:space:]]+2001:db8:53::53' "$IOP_RUN/cl1/resolv.conf"
L=$IOP_RUN/cl1/charon.log
check "cl1 installed its IPv6 VIP" grep -q 'installing new virtual IP 2001:db8:99::1' "$L"
# strongSwan names every attribute of the CFG_REPLY; it has no use for
# WINS, split subnets or the Unity ones and says so one by one.  SUBNET x4:
# the two permit entries of SPLIT (not the deny), the Virtual-Template's
# unnumbered Loopback0 (route set interface), the remote 172.20.0.0/16;
# SUBNET6: route set remote ipv6.
check "CFG_REPLY: every attribute of FLEXPOL" grep -qF 'parsed IKE_AUTH response 1 [ IDr AUTH CPRP(ADDR MASK ADDR6 DNS DNS DNS6 NBNS SUBNET SUBNET SUBNET SUBNET SUBNET6 U_DEFDOM U_SPLITDNS U_BANNER) SA TSi TSr ]' "$L"
for attr in INTERNAL_IP4_NBNS INTERNAL_IP4_SUBNET INTERNAL_IP6_SUBNET UNITY_DEF_DOMAIN UNITY_SPLITDNS_NAME UNITY_BANNER; do
	check "cl1 processed $attr" grep -q "processing $attr attribute" "$L"
done
check "TSi narrowed to both addresses" grep -Eq '^    local  10\.99\.0\.1/32 2001:db8:99::1/128$' "$IOP_RUN/cl1/sas.txt"
check "TSr: everything, both families" grep -Eq '^    remote 0\.0\.0\.0/0 ::/0$' "$IOP_RUN/cl1/sas.txt"
flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/show-sa-detail.txt"
check "flexd: assigned IPv4 address" grep -q '^      Assigned host addr: 10\.99\.0\.1$' "$IOP_RUN/hub/show-sa-detail.txt"
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "cl1 is gone" sa_none cl1 || fail "cl1 kept its SA"


# ---- 2. user authorization (name-mangler) over group, then group override
flexsh_hub_script >"$IOP_RUN/hub/config2.out" <<'EOF'
configure terminal
ip local pool USERPOOL 10.99.5.1 10.99.5.10
crypto ikev2 name-mangler HOST
 fqdn hostname
crypto ikev2 authorization policy cl1
 pool USERPOOL
crypto ikev2 profile FLEXPROF
 aaa authorization user psk list FLEXAUTHOR name-mangler HOST
end
EOF
check_not "flexd accepted the user authorization" grep -q '^%' "$IOP_RUN/hub/config2.out"
check "cl1 connects again" client_up cl1 hub 10
sw cl1 --list-sas --raw >"$IOP_RUN/cl1/sas-raw2.txt" 2>&1
check "user policy cl1 (mangled from cl1.lab.example): its pool wins" grep -q 'local-vips=\[10\.99\.5\.1 2001:db8:99::1\]' "$IOP_RUN/cl1/sas-raw2.txt"
check "what the user policy lacks comes from the group" dns_got cl1 10.10.0.53 10.10.0.54
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "cl1 is gone" sa_none cl1 || fail "cl1 kept its SA"
flexsh_hub_script >"$IOP_RUN/hub/config3.out" <<'EOF'
configure terminal
crypto ikev2 profile FLEXPROF
 aaa authorization group override psk list FLEXAUTHOR FLEXPOL
end
EOF
check_not "flexd accepted group override" grep -q '^%' "$IOP_RUN/hub/config3.out"
check "cl1 connects with group override" client_up cl1 hub 10
check "group override: the group's pool wins" test "$(client_vip cl1)" = 10.99.0.1
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "cl1 is gone" sa_none cl1 || fail "cl1 kept its SA"

# ---- 3. one address, two clients
flexsh_hub_script >"$IOP_RUN/hub/config4.out" <<'EOF'
configure terminal
ip local pool ONE 10.99.1.1
crypto ikev2 authorization policy FLEXPOL
 pool ONE
 no ipv6 pool
end
EOF
check_not "flexd accepted the one-address pool" grep -q '^%' "$IOP_RUN/hub/config4.out"
sw_conf cl1 client-psk
charon_start cl2 client
sw_conf cl2 client-psk
check "cl1 connects" client_up cl1 hub 10
check "cl1 has the pool's only address" test "$(client_vip cl1)" = 10.99.1.1
check_not "cl2 gets no tunnel" client_up cl2 hub 10
check "cl2 was told INTERNAL_ADDRESS_FAILURE" grep -q 'INTERNAL_ADDRESS_FAILURE' "$IOP_RUN/cl2/charon.log"
check "cl2 has no virtual IP" test -z "$(client_vip cl2)"
flexsh_hub "show logging" >"$IOP_RUN/hub/logging.txt"
check "flexd logged the exhausted pool" grep -q 'No address available in pool ONE for peer cl2\.lab\.example (192\.0\.2\.3)' "$IOP_RUN/hub/logging.txt"
check "cl1 keeps its tunnel" child_installed cl1
# the refused session is torn down, as IOS does: flexd sends a Delete after
# the IKE_AUTH response, strongSwan (which would keep the bare IKE SA)
# removes its side, flexd keeps nothing for cl2
check "flexd deleted cl2's IKE SA" wait_for 5 "cl2's Delete" grep -q 'received DELETE for IKE_SA' "$IOP_RUN/cl2/charon.log"
check "strongSwan keeps no SA for cl2" wait_for 5 "cl2 has no SA" sa_none cl2
check "flexd logged the teardown" grep -q 'IKE SA with peer 192\.0\.2\.3 (cl2\.lab\.example) deleted: no address could be assigned' "$IOP_RUN/hub/logging.txt"
# (flexd keeps the refused SA only until cl2 answers the Delete)
no_sa_for_cl2() { ! flexsh_hub "show crypto ikev2 sa" | grep -q '192\.0\.2\.3/'; }
check "flexd drops the refused SA once cl2 answered" wait_for 5 "no SA for cl2 on flexd" no_sa_for_cl2
flexsh_hub "show crypto ikev2 sa" >"$IOP_RUN/hub/show-sa-refused.txt"
check "flexd shows cl1's SA" grep -Eq '^[0-9]+ +192\.0\.2\.1/4500 +192\.0\.2\.2/[0-9]+ ' "$IOP_RUN/hub/show-sa-refused.txt"
check_not "flexd shows no SA for cl2" grep -q '192\.0\.2\.3/' "$IOP_RUN/hub/show-sa-refused.txt"
sw cl2 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "cl1 is gone" sa_none cl1 || fail "cl1 kept its SA"
wait_for 5 "cl2 is gone" sa_none cl2 || fail "cl2 kept its SA"
check "cl2 connects once cl1 left" client_up cl2 hub 10
check "and gets the address cl1 released" test "$(client_vip cl2)" = 10.99.1.1

pass "strongSwan -> flexd: authorization and config payload"
