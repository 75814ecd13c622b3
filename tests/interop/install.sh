#!/bin/sh
# tests/interop/install.sh -- POSIX sh.
# Idempotent install of the Debian 12 packages the interop tests need:
# strongSwan (charon, swanctl, kernel-libipsec and EAP plugins) as the real
# peer, openssl for the test PKI, iproute2 for the namespaces, ping for the
# data-plane checks.  Installs only what is missing; runs `apt-get update`
# first unless INTEROP_APT_UPDATE=0.  Checks the binaries and plugins after.
#   INTEROP_EXTRA="tshark iperf3"   also install these (captures, throughput)
set -eu

PKGS="strongswan-charon strongswan-swanctl libstrongswan-standard-plugins libcharon-extra-plugins libcharon-extauth-plugins openssl iproute2 iputils-ping procps util-linux"
# the RADIUS server of the AAA scenarios, iperf3 for the data-plane ones
PKGS="$PKGS freeradius freeradius-utils iperf3"
PKGS="$PKGS ${INTEROP_EXTRA:-}"

missing=""
for p in $PKGS; do
	# dpkg -s says "install ok installed" only for a fully installed package
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$st" = "install ok installed" ] || missing="$missing $p"
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "interop tests need these Debian packages; run as root:" >&2
		echo "  apt-get install -y$missing" >&2
		exit 1
	fi
	echo "interop/install.sh: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	if [ "${INTEROP_APT_UPDATE:-1}" != 0 ]; then
		apt-get update -qq
	fi
	# tshark asks whether non-root users may capture: answer no, quietly
	echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections 2>/dev/null || true
	# no-install-recommends: the strongswan metapackage pulls in starter/stroke we don't use
	# shellcheck disable=SC2086  # a list of names
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# The Debian charon unit must not run in the root namespace: it would own
# /run/charon.pid and UDP 500/4500 of the host.  Stop/disable it if present.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
	for u in strongswan.service strongswan-starter.service freeradius.service iperf3.service; do
		if systemctl is-enabled "$u" >/dev/null 2>&1; then
			systemctl disable --now "$u" >/dev/null 2>&1 || true
		fi
	done
fi
# Without systemd (a container) the package may still have started its daemon
# in the root namespace; the scenarios run their own, by PID.
if [ -r /run/freeradius/freeradius.pid ]; then
	kill "$(cat /run/freeradius/freeradius.pid)" 2>/dev/null || true
fi

# Check what the harness relies on.
fail=0
for b in /usr/lib/ipsec/charon /usr/sbin/swanctl /usr/bin/openssl /usr/sbin/ip /usr/bin/ping; do
	[ -x "$b" ] || { echo "interop/install.sh: missing $b" >&2; fail=1; }
done
for pl in libstrongswan-kernel-libipsec.so libstrongswan-kernel-netlink.so libstrongswan-vici.so \
	libstrongswan-socket-default.so libstrongswan-attr.so libstrongswan-resolve.so \
	libstrongswan-openssl.so libstrongswan-gcm.so libstrongswan-eap-md5.so libstrongswan-eap-radius.so; do
	[ -e "/usr/lib/ipsec/plugins/$pl" ] || { echo "interop/install.sh: missing plugin $pl" >&2; fail=1; }
done
[ $fail = 0 ] || exit 1
echo "interop/install.sh: ok ($(/usr/lib/ipsec/charon --version 2>/dev/null | head -n1 || echo charon))"
