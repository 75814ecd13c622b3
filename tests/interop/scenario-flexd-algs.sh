#!/bin/bash
# scenario-flexd-algs.sh -- bash.  flexd's IKEv2 algorithm matrix against a
# real strongSwan client: every cipher, PRF/integrity and DH group issue 3
# names is negotiated at least once, both sides agree on it (swanctl
# --list-sas on the client, `show crypto ikev2 sa` on flexd), and the Child
# SA takes each ESP transform of the IPsec profile's transform sets.
#   phase 1: no proposal configured: the smart default proposal/policy;
#            a proposal outside it gets NO_PROPOSAL_CHOSEN;
#   phase 2: a user policy with a CBC and an AEAD proposal: the matrix,
#            NO_PROPOSAL_CHOSEN again, INVALID_KE_PAYLOAD then success;
#            a second policy with `match address local` for the hub's LAN
#            address answers there alone.
# One charon with one connection per case (initiate, assert, terminate):
# about 1 s a case.
#
# IOS vs strongSwan names (what each side prints for the same transform):
#   IOS aes-cbc-128        swanctl AES_CBC-128           flexd "Encr: AES-CBC, keysize: 128"
#   IOS aes-gcm-256        swanctl AES_GCM_16-256        (16-byte ICV: strongSwan "aes256gcm16")
#   chacha20-poly1305      swanctl CHACHA20_POLY1305     flexd keysize 256 (no key length attribute)
#   IOS integrity sha1     swanctl HMAC_SHA1_96          flexd "Hash: SHA96"
#   IOS integrity sha256   swanctl HMAC_SHA2_256_128     flexd "Hash: SHA256" (PRF PRF_HMAC_SHA2_256)
#   IOS group 14/15/16     swanctl MODP_2048/3072/4096; 19/20/21 ECP_256/384/521; 31 CURVE_25519
#   AEAD suites: flexd prints "Hash: None" (no INTEG transform, RFC 5282)
#   ESP esp-sha-hmac       swanctl ESP:.../HMAC_SHA1_96; esp-gcm 256 -> ESP:AES_GCM_16-256
# ChaCha20-Poly1305 for ESP: IOS has no transform-set keyword for it
# (cli-commands.md §5.1 lists none), so the Child SAs here use AES only.
# IOS has no `chacha20-poly1305` encryption nor `group 31` in an IKEv2
# proposal either; flexd accepts both (issue 3 asks for them).
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-algs
require_flexd
topo_up 1
start_flexd hub "$IOP_RUN/flash"

# FlexVPN server without any `crypto ikev2 proposal/policy`: the smart
# defaults apply.  Six transform sets cover the ESP ciphers.
flexsh_hub_script >"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
hostname hub
aaa new-model
aaa authorization network FLEXAUTHOR local
ip local pool FLEXPOOL 10.99.0.1 10.99.0.254
crypto ikev2 keyring KR
 peer CLIENTS
  address 0.0.0.0 0.0.0.0
  pre-shared-key interop-psk-0123456789
crypto ikev2 authorization policy FLEXPOL
 pool FLEXPOOL
 dns 10.10.0.53 10.10.0.54
 route set interface
crypto ikev2 profile FLEXPROF
 match identity remote fqdn domain lab.example
 identity local fqdn hub.lab.example
 authentication remote pre-share
 authentication local pre-share
 keyring local KR
 aaa authorization group psk list FLEXAUTHOR FLEXPOL
 virtual-template 1
crypto ipsec transform-set T-AES128-SHA1 esp-aes esp-sha-hmac
 mode tunnel
crypto ipsec transform-set T-AES256-SHA256 esp-aes 256 esp-sha256-hmac
 mode tunnel
crypto ipsec transform-set T-AES128-SHA384 esp-aes 128 esp-sha384-hmac
 mode tunnel
crypto ipsec transform-set T-AES256-SHA512 esp-aes 256 esp-sha512-hmac
 mode tunnel
crypto ipsec transform-set T-GCM128 esp-gcm 128
 mode tunnel
crypto ipsec transform-set T-GCM256 esp-gcm 256
 mode tunnel
crypto ipsec profile IPSECPROF
 set transform-set T-AES128-SHA1 T-AES256-SHA256 T-AES128-SHA384 T-AES256-SHA512 T-GCM128 T-GCM256
 set ikev2-profile FLEXPROF
interface Loopback0
 ip address 10.10.0.1 255.255.255.255
interface Virtual-Template1 type tunnel
 ip unnumbered Loopback0
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile IPSECPROF
end
EOF
check_not "flexd accepted the base config" grep -q '^%' "$IOP_RUN/hub/config.out"

# One swanctl connection (and child of the same name) per case.
conns=""
add_conn() { # NAME IKE_PROPOSALS ESP_PROPOSALS [HUB_ADDR]
	# towards the hub's LAN address the selectors must not cover it (the
	# IKE packets would be routed into the tunnel)
	local ts=10.10.0.0/24
	[ "${4:-192.0.2.1}" = 192.0.2.1 ] || ts=198.51.100.0/24
	conns+="  $1 {
    version = 2
    remote_addrs = ${4:-192.0.2.1}
    proposals = $2
    vips = 0.0.0.0
    local { auth = psk
      id = cl1.lab.example }
    remote { auth = psk
      id = hub.lab.example }
    children { $1 { remote_ts = $ts
        esp_proposals = $3 } }
  }
"
}
#        name      IKE (strongSwan syntax)                  ESP
add_conn smart     aes256-sha512-ecp256                     aes128-sha1
add_conn smartno   aes128-sha256-ecp256                     aes128-sha1
add_conn cbc128    aes128-sha1-modp2048                     aes128-sha1
add_conn cbc192    aes192-sha256-modp3072                   aes256-sha256
add_conn cbc256    aes256-sha384-modp4096                   aes128-sha384
add_conn sha512    aes256-sha512-ecp256                     aes256-sha512
add_conn gcm128    aes128gcm16-prfsha256-ecp384             aes128gcm16
add_conn gcm256    aes256gcm16-prfsha512-ecp521             aes256gcm16
add_conn chacha    chacha20poly1305-prfsha384-curve25519    aes256gcm16
add_conn prfsha1   aes256gcm16-prfsha1-modp2048             aes128gcm16
add_conn nogroup   aes256-sha256-modp1024                   aes128-sha1
add_conn invke     aes128-sha256-modp1024-ecp256            aes256-sha512
add_conn lan       aes128-sha256-ecp521                     aes128-sha1      10.10.0.1
add_conn lanno     aes256-sha512-ecp256                     aes128-sha1      10.10.0.1
charon_start cl1 client
printf 'connections {\n%s}\nsecrets {\n  ike-hub {\n    id-local = cl1.lab.example\n    id-remote = hub.lab.example\n    secret = "interop-psk-0123456789"\n  }\n}\n' \
	"$conns" >"$IOP_RUN/cl1/swanctl/swanctl.conf"
sw cl1 --load-all --noprompt >"$IOP_RUN/cl1/swanctl.out" 2>&1 || fail "swanctl --load-all"
# the hub's LAN address, for the policy with `match address local 10.10.0.1`
nsx cl1 ip route add 10.10.0.1/32 via 192.0.2.1

# case NAME IKE_LINE ESP FLEXD_LINE: connect NAME; strongSwan shows the IKE
# SA ESTABLISHED with IKE_LINE and the CHILD SA INSTALLED with ESP; flexd
# shows one READY SA with FLEXD_LINE (its Encr/PRF/Hash/DH part) and PSK
# both ways; then the client leaves and flexd drops the SA.
case_ok() {
	local name=$1 ike=$2 esp=$3 fx=$4 out
	check "$name: connects" client_up cl1 "$name" 10
	out=$(sw cl1 --list-sas --ike "$name")
	echo "$out" >"$IOP_RUN/cl1/sas-$name.txt"
	check "$name: strongSwan ESTABLISHED" grep -Eq "^$name: #[0-9]+, ESTABLISHED, IKEv2" <<<"$out"
	check "$name: strongSwan IKE $ike" grep -qx "  $ike" <<<"$out"
	check "$name: strongSwan CHILD INSTALLED ESP:$esp" \
		grep -Eq "^  $name: #[0-9]+, reqid [0-9]+, INSTALLED, TUNNEL-in-UDP, ESP:$esp\$" <<<"$out"
	out=$(flexsh_hub "show crypto ikev2 sa")
	echo "$out" >"$IOP_RUN/hub/sa-$name.txt"
	check "$name: flexd one SA READY" test "$(grep -c READY <<<"$out")" = 1
	check "$name: flexd $fx" grep -qF "      Encr: $fx, Auth sign: PSK, Auth verify: PSK" <<<"$out"
	sw cl1 --terminate --ike "$name" --timeout 5 >/dev/null 2>&1 || true
	wait_for 5 "flexd dropped the $name SA" sh -c "! $(printf %q "$FLEXSH") --flash $(printf %q "$FLEXD_FLASH") --join -c 'show crypto ikev2 sa' | grep -q READY" ||
		fail "$name: flexd kept the SA after the client's Delete"
}

# case_no NAME: no proposal in common: the client is told NO_PROPOSAL_CHOSEN
# (the line is searched after the mark, so each case proves its own).
case_no() {
	local name=$1 mark
	mark=$(wc -l <"$IOP_RUN/cl1/charon.log")
	check_not "$name: refused" client_up cl1 "$name" 6
	check "$name: strongSwan got NO_PROPOSAL_CHOSEN" \
		sh -c "tail -n +$((mark + 1)) '$IOP_RUN/cl1/charon.log' | grep -q 'received NO_PROPOSAL_CHOSEN notify error'"
	check "$name: no SA left on the client" sa_none cl1
}

# ---- phase 1: the smart default proposal (aes-cbc-256, sha512 sha384, groups 19 14 21 5)
case_ok smart "AES_CBC-256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_256" "AES_CBC-128/HMAC_SHA1_96" \
	"AES-CBC, keysize: 256, PRF: SHA512, Hash: SHA512, DH Grp:19"
case_no smartno    # AES-128 is not in the smart default

# ---- phase 2: a user policy; the smart default no longer answers
flexsh_hub_script >"$IOP_RUN/hub/config2.out" <<'EOF'
configure terminal
crypto ikev2 proposal CBC
 encryption aes-cbc-128 aes-cbc-192 aes-cbc-256
 integrity sha1 sha256 sha384 sha512
 group 14 15 16 19 20 21 31
crypto ikev2 proposal AEAD
 encryption aes-gcm-128 aes-gcm-256 chacha20-poly1305
 prf sha1 sha256 sha384 sha512
 group 14 15 16 19 20 21 31
crypto ikev2 policy POL
 proposal CBC
 proposal AEAD
crypto ikev2 proposal LANP
 encryption aes-cbc-128
 integrity sha256
 group 21
crypto ikev2 policy POL-LAN
 match address local 10.10.0.1
 proposal LANP
end
EOF
check_not "flexd accepted the proposals and the policy" grep -q '^%' "$IOP_RUN/hub/config2.out"
flexsh_hub "show crypto ikev2 proposal AEAD" >"$IOP_RUN/hub/show-prop.txt"
check "show crypto ikev2 proposal names ChaCha20 and group 31" \
	sh -c "grep -q 'CHACHA20-POLY1305' '$IOP_RUN/hub/show-prop.txt' && grep -q 'Group 31' '$IOP_RUN/hub/show-prop.txt'"

case_ok cbc128 "AES_CBC-128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_2048" "AES_CBC-128/HMAC_SHA1_96" \
	"AES-CBC, keysize: 128, PRF: SHA1, Hash: SHA96, DH Grp:14"
case_ok cbc192 "AES_CBC-192/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_3072" "AES_CBC-256/HMAC_SHA2_256_128" \
	"AES-CBC, keysize: 192, PRF: SHA256, Hash: SHA256, DH Grp:15"
case_ok cbc256 "AES_CBC-256/HMAC_SHA2_384_192/PRF_HMAC_SHA2_384/MODP_4096" "AES_CBC-128/HMAC_SHA2_384_192" \
	"AES-CBC, keysize: 256, PRF: SHA384, Hash: SHA384, DH Grp:16"
case_ok sha512 "AES_CBC-256/HMAC_SHA2_512_256/PRF_HMAC_SHA2_512/ECP_256" "AES_CBC-256/HMAC_SHA2_512_256" \
	"AES-CBC, keysize: 256, PRF: SHA512, Hash: SHA512, DH Grp:19"
case_ok gcm128 "AES_GCM_16-128/PRF_HMAC_SHA2_256/ECP_384" "AES_GCM_16-128" \
	"AES-GCM, keysize: 128, PRF: SHA256, Hash: None, DH Grp:20"
case_ok gcm256 "AES_GCM_16-256/PRF_HMAC_SHA2_512/ECP_521" "AES_GCM_16-256" \
	"AES-GCM, keysize: 256, PRF: SHA512, Hash: None, DH Grp:21"
case_ok chacha "CHACHA20_POLY1305/PRF_HMAC_SHA2_384/CURVE_25519" "AES_GCM_16-256" \
	"CHACHA20-POLY1305, keysize: 256, PRF: SHA384, Hash: None, DH Grp:31"
case_ok prfsha1 "AES_GCM_16-256/PRF_HMAC_SHA1/MODP_2048" "AES_GCM_16-128" \
	"AES-GCM, keysize: 256, PRF: SHA1, Hash: None, DH Grp:14"
case_no nogroup    # MODP_1024 (group 2) is in neither proposal

# KE for MODP_1024, which flexd does not take, while the proposal also
# offers ECP_256, which it does: INVALID_KE_PAYLOAD naming group 19, and
# strongSwan's retry with ECP_256 succeeds.
mark=$(wc -l <"$IOP_RUN/cl1/charon.log")
case_ok invke "AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_256" "AES_CBC-256/HMAC_SHA2_512_256" \
	"AES-CBC, keysize: 128, PRF: SHA256, Hash: SHA256, DH Grp:19"
check "invke: strongSwan was asked for ECP_256 by INVALID_KE_PAYLOAD" \
	sh -c "tail -n +$((mark + 1)) '$IOP_RUN/cl1/charon.log' | grep -q \"peer didn't accept DH group MODP_1024, it requested ECP_256\""
check "a KE group flexd accepts is taken as it is: INVALID_KE_PAYLOAD only for invke" \
	test "$(grep -c "peer didn't accept DH group" "$IOP_RUN/cl1/charon.log")" = 1

# a policy with `match address local 10.10.0.1` answers for that address
# alone: its proposal there, POL's no longer
case_ok lan "AES_CBC-128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/ECP_521" "AES_CBC-128/HMAC_SHA1_96" \
	"AES-CBC, keysize: 128, PRF: SHA256, Hash: SHA256, DH Grp:21"
check "lan: flexd's side of it is 10.10.0.1" grep -q '^[0-9]* *10\.10\.0\.1/4500 ' "$IOP_RUN/hub/sa-lan.txt"
case_no lanno      # POL would take it, but POL-LAN answers on 10.10.0.1
pass "strongSwan -> flexd: AES-CBC-128/192/256, AES-GCM-128/256, ChaCha20-Poly1305; SHA1/256/384/512; DH 14 15 16 19 20 21 31; smart default; ESP AES-CBC+SHA1/256/384/512, GCM-128/256; NO_PROPOSAL_CHOSEN; INVALID_KE; policy match address local"
