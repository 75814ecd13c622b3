#!/bin/bash
# scenario-harness-certs.sh -- bash.
# The harness's PKI and certificate templates, strongSwan on both ends:
# pki_lab makes a CA and RSA-2048 / ECDSA P-256 certificates; the
# strongSwan responder (hub) with hub-rsa.crt accepts cl1 with cl1-rsa.crt,
# then, reloaded with hub-ecdsa.crt, accepts cl2 with cl2-ecdsa.crt.  Each
# client must get a VIP and DNS and ping through ESP.
set -eu
. "$(dirname "$0")/lib.sh"

iop_init harness-certs
topo_up 2
t=$(now_ms)
pki_lab 2
log "pki_lab 2: $(($(now_ms) - t)) ms"
check "hub-rsa.crt chains to the CA" openssl verify -CAfile "$IOP_PKI/ca.crt" "$IOP_PKI/hub-rsa.crt"
check "hub-ecdsa.crt chains to the CA" openssl verify -CAfile "$IOP_PKI/ca.crt" "$IOP_PKI/hub-ecdsa.crt"
check "hub-rsa.crt has SAN IP 192.0.2.1 and DNS hub.lab.example" \
	grep -q "DNS:hub.lab.example, IP Address:192.0.2.1" <(openssl x509 -noout -ext subjectAltName -in "$IOP_PKI/hub-rsa.crt")
check "hub-ecdsa key is P-256" grep -q "prime256v1" <(openssl pkey -in "$IOP_PKI/hub-ecdsa.key" -noout -text)
check "hub-rsa.p12 opens with the password" \
	openssl pkcs12 -in "$IOP_PKI/hub-rsa.p12" -passin pass:flexd -noout

charon_start hub hub
charon_start cl1 client
charon_start cl2 client
sw_install_cert hub hub-rsa
sw_install_cert hub hub-ecdsa
sw_install_cert cl1 cl1-rsa
sw_install_cert cl2 cl2-ecdsa

# --- RSA both ways
sw_conf hub hub-cert CERT=hub-rsa.crt
sw_conf cl1 client-cert CERT=cl1-rsa.crt
check "cl1 (RSA) connects" client_up cl1
ms_rsa=$IOP_INITIATE_MS
assert_client_tunnel cl1
check "ping from $IOP_VIP through ESP" ping_ok cl1 "$IOP_VIP" 10.10.0.1
check "cl1: hub authenticated by its RSA signature" \
	grep -q "authentication of 'hub.lab.example' with RSA_EMSA_PKCS1_SHA2_256 successful" "$IOP_RUN/cl1/initiate.out"
if grep -q "EF(1/" "$IOP_RUN/hub/charon.log"; then
	log "note: hub's IKE_AUTH response with the RSA certificate went out in IKE fragments (RFC 7383)"
fi

# --- ECDSA both ways (hub reloaded; cl1's SA stays)
sw_conf hub hub-cert CERT=hub-ecdsa.crt
sw_conf cl2 client-cert CERT=cl2-ecdsa.crt
check "cl2 (ECDSA) connects" client_up cl2
ms_ecdsa=$IOP_INITIATE_MS
assert_client_tunnel cl2
check "ping from $IOP_VIP through ESP" ping_ok cl2 "$IOP_VIP" 10.10.0.1
check "cl2: hub authenticated by its ECDSA signature" \
	grep -Eq "authentication of 'hub.lab.example' with ECDSA[_A-Z0-9]* successful" "$IOP_RUN/cl2/initiate.out"
check "hub: two IKE SAs" test "$(sw hub --list-sas | grep -c ': #[0-9]*, ESTABLISHED')" = 2

pass "certificates: RSA-2048 both ways ${ms_rsa} ms, ECDSA P-256 both ways ${ms_ecdsa} ms"
