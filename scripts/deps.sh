#!/bin/sh
# Install the Debian packages the build and the tests need, when missing.
PKGS="gcc make pkg-config libsqlite3-dev libreadline-dev libcmocka-dev libxml2-dev libssl-dev"
missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "flexd needs these Debian packages; run as root:" >&2
	echo "  apt-get install -y$missing" >&2
	exit 1
fi
echo "Installing:$missing"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
