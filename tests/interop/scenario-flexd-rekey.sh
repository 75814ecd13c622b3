#!/bin/bash
# scenario-flexd-rekey.sh -- bash.  strongSwan (cl1) -> flexd (hub),
# CREATE_CHILD_SA with flexd as responder (RFC 7296 §1.3) and Child SA
# deletes (§1.4.1), on the PSK setup of conf/flexd-hub-psk.cfg:
#   - Child SA rekey: new SPIs on the client, the old pair deleted (flexd
#     answers the Delete with its own SPI of the pair);
#   - a second Child SA on the IKE SA, then deleted alone (the IKE SA stays);
#   - IKE SA rekey: new SPIs on both sides, flexd shows one READY SA with
#     them; a Child SA rekey and DPD on the new IKE SA;
#   - PFS: `set pfs group19` in the IPsec profile: a group-19 child comes up
#     and rekeys with a new KE, group 14 only is refused
#     (NO_PROPOSAL_CHOSEN), KE 14 with 19 also offered gets
#     INVALID_KE_PAYLOAD and then comes up with 19.
set -eu
. "$(dirname "$0")/lib.sh"
iop_init flexd-rekey
require_flexd
topo_up 1
start_flexd hub "$IOP_RUN/flash"
flexsh_hub_script "$IOP_CONF/flexd-hub-psk.cfg" >"$IOP_RUN/hub/config.out"
check_not "flexd accepted the FlexVPN config" grep -q '^%' "$IOP_RUN/hub/config.out"

CLOG=$IOP_RUN/cl1/charon.log

# child_spis NS CHILD: "IN OUT" SPIs of NS's INSTALLED Child SA CHILD (the
# first listed); OUT is flexd's inbound SPI.
child_spis() {
	sw "$1" --list-sas 2>/dev/null | awk -v c="$2" '
		$0 ~ "^  " c ": #[0-9]+, reqid [0-9]+, INSTALLED" { on = 1; next }
		/^  [^ ]/ { on = 0 }
		on && $1 == "in" { i = $2; sub(/,.*/, "", i) }
		on && $1 == "out" { o = $2; sub(/,.*/, "", o); print i, o; exit }'
}
# children NS CHILD: how many INSTALLED Child SAs named CHILD NS has.
children() {
	sw "$1" --list-sas 2>/dev/null | grep -cE "^  $2: #[0-9]+, reqid [0-9]+, INSTALLED" || true
}
# ike_spis NS: "SPIi SPIr" of NS's ESTABLISHED IKE SA (hex, lower case).
ike_spis() {
	sw "$1" --list-sas 2>/dev/null |
		sed -nE 's/^hub: #[0-9]+, ESTABLISHED, IKEv2, ([0-9a-f]{16})_i\*? ([0-9a-f]{16})_r.*/\1 \2/p' | head -n 1
}
spis_differ() { [ -n "$(child_spis "$1" "$2")" ] && [ "$(child_spis "$1" "$2")" != "$3" ]; }
ike_spis_differ() { [ -n "$(ike_spis "$1")" ] && [ "$(ike_spis "$1")" != "$2" ]; }
one_child() { [ "$(children "$1" "$2")" = 1 ]; }
no_child() { [ "$(children "$1" "$2")" = 0 ]; }
log_has() { grep -q "$1" "$CLOG"; }
# esp_alg NS CHILD ALG: NS lists an INSTALLED child CHILD with ESP:ALG
esp_alg() { sw "$1" --list-sas 2>/dev/null | grep -qE "^  $2: #[0-9]+, .*INSTALLED.*ESP:$3\$"; }
# empty INFORMATIONAL exchanges (liveness) cl1 saw answered
dpd_answers() { grep -c 'parsed INFORMATIONAL response [0-9]* \[ \]' "$CLOG" || true; }
remote_next() { sed -nE 's/.*Remote next msg id: ([0-9]+) .*/\1/p' "$IOP_RUN/hub/$1"; }
show_sa() { flexsh_hub "show crypto ikev2 sa detailed" >"$IOP_RUN/hub/$1"; }

charon_start cl1 client
sw_conf cl1 client-psk-rekey DPD_DELAY=2s
check "cl1 connects to flexd" client_up cl1 hub 10
check "cl1's CHILD SA is INSTALLED" child_installed cl1 hub
before=$(child_spis cl1 hub)
log "child hub SPIs before rekey: $before"
check "cl1 lists the child's SPIs" test -n "$before"

# ---- Child SA rekey (REKEY_SA)
sw cl1 --rekey --child hub >"$IOP_RUN/cl1/rekey-child.out" 2>&1 || fail "swanctl --rekey --child hub refused"
check "the rekeyed child has new SPIs on cl1" wait_for 10 "new SPIs" spis_differ cl1 hub "$before"
after=$(child_spis cl1 hub)
log "child hub SPIs after rekey: $after"
check "the old pair is gone on cl1 (one hub child left)" wait_for 5 "old child deleted" one_child cl1 hub
check "flexd answered the old pair's Delete with its SPI of it" \
	wait_for 5 "DELETE in the answer" log_has "received DELETE for ESP CHILD_SA with SPI ${before#* }"
check "cl1's IKE SA stays ESTABLISHED" sa_established cl1 hub
show_sa sa-after-child-rekey.txt
check "flexd: the SA is READY after the child rekey" grep -q '^1 .*READY' "$IOP_RUN/hub/sa-after-child-rekey.txt"

# ---- a second Child SA on the same IKE SA, then its delete
check "cl1 asks for a second child" client_up cl1 second 10
check "the second child is INSTALLED" child_installed cl1 second
check "the first child is still INSTALLED" child_installed cl1 hub
second=$(child_spis cl1 second)
check "without PFS" esp_alg cl1 second AES_GCM_16-256
check "it has SPIs of its own" test -n "$second" -a "$second" != "$after"
sw cl1 --terminate --child second --timeout 5 >"$IOP_RUN/cl1/terminate-second.out" 2>&1 ||
	fail "swanctl --terminate --child second failed"
check "cl1 has no second child left" wait_for 5 "second gone" no_child cl1 second
check "flexd's Delete answer named its SPI of the second child" \
	wait_for 5 "DELETE second" log_has "received DELETE for ESP CHILD_SA with SPI ${second#* }"
check "the IKE SA stays ESTABLISHED after the child delete" sa_established cl1 hub
check "and the hub child INSTALLED" child_installed cl1 hub
show_sa sa-after-child-delete.txt
check "flexd still shows the SA READY" grep -q '^1 .*READY' "$IOP_RUN/hub/sa-after-child-delete.txt"
# a child the client thinks it has, flexd does not: rekeying it gets CHILD_SA_NOT_FOUND
# (covered by the unit test of the REKEY_SA lookup: strongSwan never asks for one)

# ---- IKE SA rekey
show_sa sa-before-ike-rekey.txt
msgid_before=$(remote_next sa-before-ike-rekey.txt)
ike_before=$(ike_spis cl1)
log "IKE SPIs before rekey: $ike_before"
check "cl1 lists its IKE SPIs" test -n "$ike_before"
sw cl1 --rekey --ike hub >"$IOP_RUN/cl1/rekey-ike.out" 2>&1 || fail "swanctl --rekey --ike hub refused"
check "cl1's IKE SA has new SPIs" wait_for 10 "new IKE SPIs" ike_spis_differ cl1 "$ike_before"
ike_after=$(ike_spis cl1)
log "IKE SPIs after rekey: $ike_after"
check "cl1's rekeyed IKE SA is ESTABLISHED" sa_established cl1 hub
check "both SPIs changed" test "${ike_after% *}" != "${ike_before% *}" -a "${ike_after#* }" != "${ike_before#* }"
up_i=$(tr a-f A-F <<<"${ike_after% *}")
up_r=$(tr a-f A-F <<<"${ike_after#* }")
sa_count() { flexsh_hub "show crypto ikev2 sa" | grep -c 'READY' || true; }
one_sa() { [ "$(sa_count)" = 1 ] && [ "$(flexsh_hub "show crypto ikev2 sa" | grep -c '192\.0\.2\.2/')" = 1 ]; }
check "flexd drops the old IKE SA once cl1 deletes it: one SA" wait_for 5 "one SA on flexd" one_sa
show_sa sa-after-ike-rekey.txt
check "flexd: that SA is READY" grep -q '^[0-9]\+ .*192\.0\.2\.2/4500 .*READY' "$IOP_RUN/hub/sa-after-ike-rekey.txt"
check "flexd: with the new SPIs" grep -q "^      Local spi: $up_r       Remote spi: $up_i\$" "$IOP_RUN/hub/sa-after-ike-rekey.txt"
check "flexd: the same identity and address" grep -q '^      Assigned host addr: 10\.99\.0\.1$' "$IOP_RUN/hub/sa-after-ike-rekey.txt"
msgid_after=$(remote_next sa-after-ike-rekey.txt)
log "flexd: remote next msg id $msgid_before before the IKE rekey, $msgid_after after"
check "flexd: message ids start again on the new SA" test "$msgid_after" -lt 3 -a "$msgid_before" -ge 5
check "the child moved with the IKE SA" child_installed cl1 hub

# a Child SA rekey on the new IKE SA (its SK_d, its message ids)
before=$(child_spis cl1 hub)
sw cl1 --rekey --child hub >/dev/null 2>&1 || fail "swanctl --rekey --child hub (new IKE SA) refused"
check "child rekey on the new IKE SA: new SPIs" wait_for 10 "new SPIs" spis_differ cl1 hub "$before"
check "old pair deleted" wait_for 5 "old child deleted" one_child cl1 hub
check "the new IKE SA stays ESTABLISHED" sa_established cl1 hub

# DPD on the new IKE SA: cl1 checks liveness after 2 s of silence
n_dpd=$(dpd_answers)
dpd_more() { [ "$(dpd_answers)" -ge $((n_dpd + 2)) ]; }
check "liveness checks on the new IKE SA are answered" wait_for 15 "DPD answers" dpd_more
check "no request of cl1 was retransmitted" sh -c "! grep -q 'retransmit [0-9]* of request' '$CLOG'"
check "still ESTABLISHED after DPD" sa_established cl1 hub

# ---- PFS: set pfs group19
flexsh_hub_script >"$IOP_RUN/hub/pfs.out" <<'EOF'
configure terminal
crypto ipsec profile IPSECPROF
 set pfs group19
end
EOF
check_not "flexd accepted set pfs group19" grep -q '^%' "$IOP_RUN/hub/pfs.out"
check "a child with PFS group 19 comes up" client_up cl1 pfs 10
check "installed" child_installed cl1 pfs
check "with ECP_256 on cl1" esp_alg cl1 pfs AES_GCM_16-256/ECP_256
before=$(child_spis cl1 pfs)
sw cl1 --rekey --child pfs >/dev/null 2>&1 || fail "swanctl --rekey --child pfs refused"
check "the PFS child rekeys (new KE): new SPIs" wait_for 10 "new SPIs" spis_differ cl1 pfs "$before"
check "still with ECP_256" esp_alg cl1 pfs AES_GCM_16-256/ECP_256
check_not "a child offering group 14 only is refused" client_up cl1 pfs14 8
check "with NO_PROPOSAL_CHOSEN" grep -q 'received NO_PROPOSAL_CHOSEN notify' "$CLOG"
check "a child with KE 14 but group 19 offered too comes up" client_up cl1 pfsboth 10
check "after INVALID_KE_PAYLOAD asking for ECP_256" grep -q 'requested ECP_256' "$CLOG"
check "installed with ECP_256" esp_alg cl1 pfsboth AES_GCM_16-256/ECP_256
check "the IKE SA is still ESTABLISHED" sa_established cl1 hub
show_sa sa-end.txt
check "flexd: one READY SA at the end" test "$(grep -c READY "$IOP_RUN/hub/sa-end.txt")" = 1

# the client leaves: its Delete takes the IKE SA and every child on flexd
sw cl1 --terminate --ike hub --timeout 5 >/dev/null 2>&1 || true
gone() { ! flexsh_hub "show crypto ikev2 sa" | grep -q READY; }
check "flexd dropped the SA after cl1's Delete" wait_for 5 "SA gone" gone
pass "CREATE_CHILD_SA: child rekey, second child and its delete, IKE SA rekey, DPD after it, PFS group 19"
