#!/bin/sh
# show crypto pki certificates must parse with the ntc-templates TextFSM
# template (skipped when python3-textfsm or the template is not installed).
HERE=$(cd "$(dirname "$0")" && pwd)
# shared/ sits beside the repository
T=$HERE/../../../shared/textfsm/templates/cisco_ios_show_crypto_pki_certificates.textfsm
/usr/bin/python3 -c 'import textfsm' 2>/dev/null && [ -f "$T" ] || { echo "skip: no textfsm"; exit 0; }
D=$1; rm -rf "$D"; mkdir -p "$D/flash"
cp "$HERE/pki-import.flash/IKEv2-TP.p12" "$D/flash/"
printf 'enable\ncrypto pki import IKEv2-TP pkcs12 bootflash:IKEv2-TP.p12 password cisco123\n\nterminal length 0\n' > "$D/in"
printf 'show crypto pki certificates\n' >> "$D/in"
"$FLEXSH" --flash "$D/flash" < "$D/in" | sed -n '/^Certificate$/,$p' > "$D/out"
/usr/bin/python3 - "$T" "$D/out" <<'PY'
import sys, textfsm
t = textfsm.TextFSM(open(sys.argv[1]))
rows = [dict(zip(t.header, r)) for r in t.ParseText(open(sys.argv[2]).read())]
assert len(rows) == 2, rows
assert rows[0]['CERTIFICATE_TYPE'] == 'Certificate' and rows[0]['SERIAL_NUMBER'] == '1A2B', rows[0]
assert rows[0]['SUBJECT_CN'] == 'flexvpn-C8000V.cisco.com' and rows[0]['ISSUER_CN'] == 'Lab-CA', rows[0]
assert rows[1]['CERTIFICATE_TYPE'] == 'CA Certificate' and rows[1]['ASSOCIATED_TRUSTPOINTS'] == 'IKEv2-TP', rows[1]
print("ok")
PY
