#!/bin/bash
# scenario-flexd-ike-sa-init.sh -- bash.  flexd (hub) answers a real
# strongSwan client's IKE_SA_INIT: the proposal chosen from the IOS policy,
# KE/nonces accepted by strongSwan (it derives keys and moves on to
# IKE_AUTH), NAT detection, the SA in `show crypto ikev2 sa` with the
# algorithms, the counters in
# `show crypto ikev2 stats`; then a client whose proposal fits no policy
# gets NO_PROPOSAL_CHOSEN, and one whose KE group is acceptable but not
# preferred gets INVALID_KE_PAYLOAD and retries with the group flexd names.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-ike-sa-init
require_flexd
topo_up 3
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"

# 1. matching proposal: strongSwan accepts our IKE_SA_INIT response
charon_start cl1 client
sw_conf cl1 client-psk
client_up cl1 hub 8 || true
check "strongSwan took flexd's proposal" \
	grep -q 'selected proposal: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048' "$IOP_RUN/cl1/charon.log"
check "strongSwan went on to IKE_AUTH (keys derived from our KE/nonce)" \
	grep -q 'sending packet.*\[4500\]\|IKE_AUTH request 1' "$IOP_RUN/cl1/charon.log"
sa=$(flexsh_hub "show crypto ikev2 sa")
echo "$sa" > "$IOP_RUN/hub/show-sa.txt"
check "flexd shows the SA from cl1" grep -q '^1 *192\.0\.2\.1/[0-9]* *192\.0\.2\.2/[0-9]* *none/none' "$IOP_RUN/hub/show-sa.txt"
check "with the negotiated algorithms" \
	grep -q 'Encr: AES-CBC, keysize: 256, PRF: SHA256, Hash: SHA256, DH Grp:14,' "$IOP_RUN/hub/show-sa.txt"
flexsh_hub "show crypto ikev2 stats" > "$IOP_RUN/hub/stats.txt"
check "stats count the accepted request" grep -q '^Incoming IKEv2 Requests: [1-9].*accepted: *[1-9]' "$IOP_RUN/hub/stats.txt"

# 2. no proposal in common
charon_start cl2 client
sw_conf cl2 client-psk IKE_PROPOSALS=aes128-sha1-modp3072
client_up cl2 hub 8 || true
check "cl2 was told NO_PROPOSAL_CHOSEN" grep -q 'NO_PROPOSAL_CHOSEN' "$IOP_RUN/cl2/charon.log"

# 3. acceptable proposal, other KE group first: INVALID_KE_PAYLOAD, then retry
charon_start cl3 client
sw_conf cl3 client-psk IKE_PROPOSALS=aes256-sha256-ecp256-modp2048
client_up cl3 hub 8 || true
check "cl3 was asked for MODP_2048" grep -q 'INVALID_KE_PAYLOAD.*MODP_2048\|peer didn.t accept DH group ECP_256, it requested MODP_2048' "$IOP_RUN/cl3/charon.log"
check "cl3's retry was accepted" grep -q 'selected proposal: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048' "$IOP_RUN/cl3/charon.log"
pass "strongSwan -> flexd IKE_SA_INIT: proposal, KE, NAT-D, INVALID_KE, NO_PROPOSAL_CHOSEN"
