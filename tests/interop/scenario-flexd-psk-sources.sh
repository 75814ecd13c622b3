#!/bin/bash
# scenario-flexd-psk-sources.sh -- bash.  Where flexd takes a pre-shared key
# from, and which IKEv2 profile a strongSwan client lands in, as IOS does:
#   PROF-C  match identity remote any + match address local 10.10.0.1
#           (listed first: `any` must not swallow the others), keys in the
#           profile, identity local address 198.51.100.1, pool 10.99.3.0
#   PROF-A  match identity remote fqdn domain a.example, address 10.1.0.0/16;
#           asymmetric keys in the profile (authentication local|remote
#           pre-share key); identity local fqdn; pool 10.99.1.0
#   PROF-B  match identity remote email domain b.example, email
#           boss@x.example, key-id kid-b, fqdn host.b.example, fqdn domain
#           fq.b.example, address 10.2.0.5;
#           keys from keyring KR-B; identity local email; pool 10.99.2.0
#   PROF-E  match identity remote fqdn domain e.example; identity local key-id
#   PROF-D  match fvrf RED: never matches (flexd's IKE is in the global VRF)
# KR-B's peers are listed with the wildcard address first: identity and
# hostname peers win over address ones, and the longest address prefix
# wins over 0.0.0.0/0 and a /24 (cl2 has its own /32 key).
# Each case asserts: the client ESTABLISHED, the remote identity it saw
# (swanctl --list-sas), the pool of the profile it landed in, and flexd's
# `show crypto ikev2 sa detailed` Local id / Remote id.
#
# strongSwan and asymmetric keys: its PSK authenticator signs with the best
# matching secret for (my id, other id) and verifies with every secret that
# matches, so each connection has a secret with both ids (what it signs
# with: flexd's `remote` key) and one with the hub's id only (what flexd
# signs with: its `local` key).  Because strongSwan tries every key when
# verifying, the proof that flexd signs with its LOCAL key is the negative
# case on cl2: a client lacking that key fails to verify flexd's AUTH.
# Identity spellings: strongSwan "keyid:kid-b" = ID_KEY_ID "kid-b" (swanctl
# prints a printable one as its text); "10.1.2.3" = ID_IPV4_ADDR; "user@b.example" =
# ID_RFC822_ADDR; anything else = ID_FQDN.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-psk-sources
require_flexd
topo_up 2
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script >"$IOP_RUN/hub/config.out" <<'EOF'
configure terminal
hostname hub
aaa new-model
aaa authorization network FLEXAUTHOR local
ip local pool POOL-A 10.99.1.1 10.99.1.50
ip local pool POOL-B 10.99.2.1 10.99.2.50
ip local pool POOL-C 10.99.3.1 10.99.3.50
ip local pool POOL-E 10.99.4.1 10.99.4.50
crypto ikev2 proposal PROP
 encryption aes-cbc-256
 integrity sha256
 group 14
crypto ikev2 policy POL
 proposal PROP
crypto ikev2 keyring KR-B
 peer ANY
  address 0.0.0.0 0.0.0.0
  pre-shared-key key-any-0123456789
 peer NET
  address 192.0.2.0 255.255.255.0
  pre-shared-key key-net-0123456789
 peer CL2
  address 192.0.2.3 255.255.255.255
  pre-shared-key key-cl2-0123456789
 peer EMAIL
  identity email user@b.example
  pre-shared-key key-email-0123456789
 peer KEYID
  identity key-id kid-b
  pre-shared-key local hub-kid-0123456789
  pre-shared-key remote cl-kid-0123456789
 peer HOST
  hostname host.b.example
  pre-shared-key key-host-0123456789
 peer IDADDR
  identity address 10.2.0.5
  pre-shared-key key-idaddr-0123456789
 peer FQDN
  identity fqdn x.fq.b.example
  pre-shared-key key-fqdn-0123456789
crypto ikev2 authorization policy POL-A
 pool POOL-A
 dns 10.10.0.53 10.10.0.54
crypto ikev2 authorization policy POL-B
 pool POOL-B
 dns 10.10.0.53 10.10.0.54
crypto ikev2 authorization policy POL-C
 pool POOL-C
 dns 10.10.0.53 10.10.0.54
crypto ikev2 authorization policy POL-E
 pool POOL-E
 dns 10.10.0.53 10.10.0.54
crypto ikev2 profile PROF-C
 match fvrf any
 match address local 10.10.0.1
 match identity remote any
 identity local address 198.51.100.1
 authentication remote pre-share key key-c-0123456789
 authentication local pre-share key key-c-0123456789
 aaa authorization group psk list FLEXAUTHOR POL-C
 virtual-template 1
crypto ikev2 profile PROF-D
 match fvrf RED
 match identity remote fqdn d.example
 authentication remote pre-share key key-d-0123456789
 authentication local pre-share key key-d-0123456789
 virtual-template 1
crypto ikev2 profile PROF-A
 match fvrf any
 match identity remote fqdn domain a.example
 match identity remote address 10.1.0.0 255.255.0.0
 identity local fqdn hub.a.example
 authentication remote pre-share key cl-key-A-0123456789
 authentication local pre-share key hub-key-A-0123456789
 aaa authorization group psk list FLEXAUTHOR POL-A
 virtual-template 1
crypto ikev2 profile PROF-B
 match fvrf any
 match identity remote email domain b.example
 match identity remote email boss@x.example
 match identity remote key-id kid-b
 match identity remote fqdn host.b.example
 match identity remote fqdn domain fq.b.example
 match identity remote address 10.2.0.5
 identity local email hub@b.example
 authentication remote pre-share
 authentication local pre-share
 keyring local KR-B
 aaa authorization group psk list FLEXAUTHOR POL-B
 virtual-template 1
crypto ikev2 profile PROF-E
 match identity remote fqdn domain e.example
 identity local key-id hub-kid-e
 authentication remote pre-share key key-e-0123456789
 authentication local pre-share key key-e-0123456789
 aaa authorization group psk list FLEXAUTHOR POL-E
 virtual-template 1
crypto ipsec transform-set TS esp-gcm 256
 mode tunnel
crypto ipsec profile IPS-A
 set transform-set TS
 set ikev2-profile PROF-A
crypto ipsec profile IPS-B
 set transform-set TS
 set ikev2-profile PROF-B
crypto ipsec profile IPS-C
 set transform-set TS
 set ikev2-profile PROF-C
crypto ipsec profile IPS-E
 set transform-set TS
 set ikev2-profile PROF-E
interface Loopback0
 ip address 10.10.0.1 255.255.255.255
interface Virtual-Template1 type tunnel
 ip unnumbered Loopback0
 tunnel mode ipsec ipv4
 tunnel protection ipsec profile IPS-A
end
EOF
check_not "flexd accepted the config" grep -q '^%' "$IOP_RUN/hub/config.out"

# swanctl.conf of NS: one connection per case (child of the same name).
declare -A CONNS SECRETS
# add_conn NS NAME LOCAL_ID HUB_ADDR HUB_ID MY_KEY HUB_KEY
add_conn() {
	local n=$1 name=$2 lid=$3 addr=$4 rid=$5 mine=$6 theirs=$7
	CONNS[$n]+="  $name {
    version = 2
    remote_addrs = $addr
    proposals = aes256-sha256-modp2048
    vips = 0.0.0.0
    local { auth = psk
      id = \"$lid\" }
    remote { auth = psk
      id = \"$rid\" }
    children { $name { remote_ts = 198.51.100.0/24
        esp_proposals = aes256gcm16 } }
  }
"
	SECRETS[$n]+="  ike-$name-mine { id-1 = \"$lid\"
    id-2 = \"$rid\"
    secret = \"$mine\" }
  ike-$name-hub { id = \"$rid\"
    secret = \"$theirs\" }
"
}
load_conns() { # NS
	printf 'connections {\n%s}\nsecrets {\n%s}\n' "${CONNS[$1]}" "${SECRETS[$1]}" >"$IOP_RUN/$1/swanctl/swanctl.conf"
	sw "$1" --load-all --noprompt >"$IOP_RUN/$1/swanctl.out" 2>&1 || fail "swanctl --load-all in $1"
}
H=192.0.2.1
#              NS  name      client id          hub addr   hub id             client signs with       flexd signs with
add_conn cl1 a-fqdn   cl1.a.example      $H         hub.a.example      cl-key-A-0123456789     hub-key-A-0123456789
add_conn cl1 a-addr   10.1.2.3           $H         hub.a.example      cl-key-A-0123456789     hub-key-A-0123456789
add_conn cl1 b-email  user@b.example     $H         hub@b.example      key-email-0123456789    key-email-0123456789
add_conn cl1 b-kid    keyid:kid-b        $H         hub@b.example      cl-kid-0123456789       hub-kid-0123456789
add_conn cl1 b-host   host.b.example     $H         hub@b.example      key-host-0123456789     key-host-0123456789
add_conn cl1 b-idaddr 10.2.0.5           $H         hub@b.example      key-idaddr-0123456789   key-idaddr-0123456789
add_conn cl1 b-fqdn   x.fq.b.example     $H         hub@b.example      key-fqdn-0123456789     key-fqdn-0123456789
add_conn cl1 b-net    other@b.example    $H         hub@b.example      key-net-0123456789      key-net-0123456789
add_conn cl1 b-emailx boss@x.example     $H         hub@b.example      key-net-0123456789      key-net-0123456789
add_conn cl1 c-any    anyone.c.example   10.10.0.1  198.51.100.1       key-c-0123456789        key-c-0123456789
add_conn cl1 c-wrong  anyone.c.example   $H         198.51.100.1       key-c-0123456789        key-c-0123456789
add_conn cl1 d-vrf    d.example          $H         192.0.2.1          key-d-0123456789        key-d-0123456789
add_conn cl1 e-kid    cl1.e.example      $H         keyid:hub-kid-e    key-e-0123456789        key-e-0123456789
add_conn cl2 b-net2   other@b.example    $H         hub@b.example      key-cl2-0123456789      key-cl2-0123456789
add_conn cl2 a-nokey  cl2.a.example      $H         hub.a.example      cl-key-A-0123456789     not-the-hub-key-0123
charon_start cl1 client
charon_start cl2 client
load_conns cl1
load_conns cl2
# the hub's LAN address, for PROF-C's `match address local 10.10.0.1`
nsx cl1 ip route add 10.10.0.1/32 via 192.0.2.1

_flexsh() { "$FLEXSH" --flash "$FLEXD_FLASH" --join -c "$1"; }
no_sa_on_flexd() { ! ip netns exec "$(ns hub)" "$FLEXSH" --flash "$FLEXD_FLASH" --join -c 'show crypto ikev2 sa' | grep -q READY; }

# case_ok NS NAME HUB_ID_SHOWN POOL_PREFIX FLEXD_LOCAL_ID FLEXD_REMOTE_ID
case_ok() {
	local n=$1 name=$2 rid=$3 pfx=$4 lid=$5 peer=$6 out vip
	check "$name: $n connects" client_up "$n" "$name" 10
	out=$(sw "$n" --list-sas --ike "$name")
	echo "$out" >"$IOP_RUN/$n/sas-$name.txt"
	check "$name: ESTABLISHED" grep -Eq "^$name: #[0-9]+, ESTABLISHED, IKEv2" <<<"$out"
	check "$name: client saw remote id '$rid'" grep -qF "  remote '$rid' @ " <<<"$out"
	vip=$(client_vip "$n")
	check "$name: address $vip from the profile's pool $pfx*" in_pool "$vip" "$pfx"
	out=$(flexsh_hub "show crypto ikev2 sa detailed")
	echo "$out" >"$IOP_RUN/hub/sa-$name.txt"
	check "$name: flexd Local id: $lid" grep -qx "      Local id: $lid" <<<"$out"
	check "$name: flexd Remote id: $peer" grep -qx "      Remote id: $peer" <<<"$out"
	check "$name: flexd Assigned host addr: $vip" grep -qx "      Assigned host addr: $vip" <<<"$out"
	sw "$n" --terminate --ike "$name" --timeout 5 >/dev/null 2>&1 || true
	wait_for 5 "flexd dropped $name" no_sa_on_flexd || fail "$name: flexd kept the SA after the client's Delete"
}

# case_refused NS NAME: flexd finds no profile (or key): AUTHENTICATION_FAILED.
case_refused() {
	local n=$1 name=$2 mark
	mark=$(wc -l <"$IOP_RUN/$n/charon.log")
	check_not "$name: refused" client_up "$n" "$name" 6
	check "$name: told AUTHENTICATION_FAILED" \
		sh -c "tail -n +$((mark + 1)) '$IOP_RUN/$n/charon.log' | grep -q 'received AUTHENTICATION_FAILED notify'"
	check "$name: flexd holds no SA for it" no_sa_on_flexd
}

# PSK in the profile, asymmetric; profile by fqdn domain, by address+mask
case_ok cl1 a-fqdn   hub.a.example   10.99.1. hub.a.example  cl1.a.example
case_ok cl1 a-addr   hub.a.example   10.99.1. hub.a.example  10.1.2.3
# keyring peers by identity email / key-id (asymmetric) / hostname /
# identity address / identity fqdn, then by address (mask /24) as fallback
case_ok cl1 b-email  hub@b.example   10.99.2. hub@b.example  user@b.example
case_ok cl1 b-kid    hub@b.example   10.99.2. hub@b.example  kid-b
case_ok cl1 b-host   hub@b.example   10.99.2. hub@b.example  host.b.example
case_ok cl1 b-idaddr hub@b.example   10.99.2. hub@b.example  10.2.0.5
case_ok cl1 b-fqdn   hub@b.example   10.99.2. hub@b.example  x.fq.b.example
case_ok cl1 b-net    hub@b.example   10.99.2. hub@b.example  other@b.example
case_ok cl1 b-emailx hub@b.example   10.99.2. hub@b.example  boss@x.example   # email (exact)
# the same identity from cl2: its /32 keyring peer, not the /24 one
case_ok cl2 b-net2   hub@b.example   10.99.2. hub@b.example  other@b.example
# match identity remote any, restricted to local address 10.10.0.1;
# identity local address (not the address the client talks to)
case_ok cl1 c-any    198.51.100.1    10.99.3. 198.51.100.1   anyone.c.example
case_refused cl1 c-wrong   # same client towards 192.0.2.1: PROF-C does not apply there
case_refused cl1 d-vrf     # PROF-D wants front-door VRF RED
# identity local key-id: swanctl prints a printable key id as its text; the
# type is proven by strongSwan's own check of remote id "keyid:hub-kid-e"
# (an ID_FQDN "hub-kid-e" would not match it)
case_ok cl1 e-kid    hub-kid-e       10.99.4. hub-kid-e      cl1.e.example

# flexd signs with its LOCAL key: cl2 knows only its own key (and a wrong
# hub key) and cannot verify flexd's AUTH
mark=$(wc -l <"$IOP_RUN/cl2/charon.log")
check_not "a-nokey: cl2 without the hub's key fails" client_up cl2 a-nokey 6
check "a-nokey: strongSwan found flexd's AUTH wrong for each key it has" \
	sh -c "tail -n +$((mark + 1)) '$IOP_RUN/cl2/charon.log' | grep -q \"tried [0-9]* shared key.* 'cl2.a.example' - 'hub.a.example', but MAC mismatched\""
pass "PSK from profile (asymmetric) and keyring (identity email/key-id/address/fqdn, hostname, address best match, asymmetric); profile by fqdn [domain], email [domain], key-id, address/mask, any + match address local, fvrf; identity local fqdn/email/address/key-id"
