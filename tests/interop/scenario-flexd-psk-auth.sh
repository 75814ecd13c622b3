#!/bin/bash
# scenario-flexd-psk-auth.sh -- bash.  strongSwan (cl1) -> flexd (hub),
# FlexVPN PSK profile from conf/flexd-hub-psk.cfg: IKE_SA_INIT, NAT-T float
# to 4500, IKE_AUTH with PSK both ways, address from the pool and DNS in
# the CFG_REPLY, the Child SA from the IPsec profile's transform set
# installed on the client, READY in `show crypto ikev2 sa`; a wrong PSK is
# refused with AUTHENTICATION_FAILED; a client that leaves takes its SA
# with it.  (ESP forwarding is issue 5: no pings here.)
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-psk-auth
require_flexd
topo_up 2
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"

charon_start cl1 client
sw_conf cl1 client-psk
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's IKE SA is ESTABLISHED" sa_established cl1
check "cl1's CHILD SA is INSTALLED" child_installed cl1
vip=$(client_vip cl1)
log "cl1 virtual IP: $vip"
check "cl1 got its address from FLEXPOOL" test "$vip" = 10.99.0.1
check "cl1 got both DNS servers" dns_got cl1 10.10.0.53 10.10.0.54
flexsh_hub "show crypto ikev2 sa" > "$IOP_RUN/hub/show-sa.txt"
check "flexd shows the SA READY on 4500" grep -q '^1 *192\.0\.2\.1/4500 *192\.0\.2\.2/4500 *none/none *READY' "$IOP_RUN/hub/show-sa.txt"
check "with the algorithms and PSK both ways" grep -q 'Encr: AES-CBC, keysize: 256, PRF: SHA256, Hash: SHA256, DH Grp:14, Auth sign: PSK, Auth verify: PSK' "$IOP_RUN/hub/show-sa.txt"

flexsh_hub "show crypto ikev2 sa detailed" > "$IOP_RUN/hub/show-sa-detail.txt"
check "detailed: identities" grep -q '^      Remote id: cl1\.lab\.example$' "$IOP_RUN/hub/show-sa-detail.txt"
check "detailed: local id" grep -q '^      Local id: hub\.lab\.example$' "$IOP_RUN/hub/show-sa-detail.txt"
check "detailed: the pool address" grep -q '^      Assigned host addr: 10\.99\.0\.1$' "$IOP_RUN/hub/show-sa-detail.txt"
check "detailed: NAT-T seen (libipsec clients always fake it)" grep -q '^      NAT-T is detected' "$IOP_RUN/hub/show-sa-detail.txt"

# wrong key: AUTHENTICATION_FAILED, no SA left on flexd for it
charon_start cl2 client
sw_conf cl2 client-psk PSK=not-the-key-0123456789
check_not "cl2 with a wrong PSK is refused" client_up cl2 hub 8
check "cl2 was told AUTHENTICATION_FAILED" grep -q 'AUTHENTICATION_FAILED' "$IOP_RUN/cl2/charon.log"
flexsh_hub "show crypto ikev2 sa" > "$IOP_RUN/hub/show-sa2.txt"
check_not "flexd keeps no SA for cl2" grep -q '192\.0\.2\.3' "$IOP_RUN/hub/show-sa2.txt"

# selectors that cannot hold the pool address: TS_UNACCEPTABLE (RFC 7296 §2.9)
sw_conf cl2 client-psk
sed -i 's|^        remote_ts = |        local_ts = 172.16.0.0/16\n&|' "$IOP_RUN/cl2/swanctl/swanctl.conf"
sw cl2 --load-conns >>"$IOP_RUN/cl2/swanctl.out" 2>&1 || fail "cl2: swanctl --load-conns failed"
sw cl2 --initiate --child hub --timeout 8 >/dev/null 2>&1 || true
check "cl2 offering only 172.16.0.0/16 is told TS_UNACCEPTABLE" grep -q 'TS_UNACCEPTABLE' "$IOP_RUN/cl2/charon.log"
check_not "and has no CHILD SA" child_installed cl2

# `clear crypto session` on flexd: cl1 is told (Delete) and drops its SA
flexsh_hub "clear crypto session" >/dev/null
wait_for 5 "cl1 dropped its SA after flexd's Delete" sa_none cl1 || fail "cl1 kept its SA after clear crypto session"
check "flexd has no SA left" sh -c "! $(printf %q "$IOP_REPO/build/flexsh") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show crypto ikev2 sa' | grep -q 192.0.2.2"

# cl1 comes back, then leaves: its Delete removes the SA on flexd
check "cl1 connects again" client_up cl1 hub 10
check "and gets its address back" test "$(client_vip cl1)" = 10.99.0.1
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
wait_for 5 "flexd dropped cl1's SA" sh -c "! $(printf %q "$IOP_REPO/build/flexsh") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show crypto ikev2 sa' | grep -q READY" ||
	fail "flexd still shows cl1's SA after its Delete"
pass "strongSwan -> flexd, PSK IKE_AUTH: VIP $vip, DNS, CHILD SA, wrong PSK refused, delete"
