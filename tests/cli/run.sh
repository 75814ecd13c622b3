#!/bin/sh
# Transcript tests: NAME.in typed into a fresh flexsh (--echo), output
# compared byte for byte with NAME.out.  Then every NAME.sh scenario test
# (exit 0 = pass).  Usage: run.sh BUILD_DIR [NAME...]
BUILD=${1:-build}
shift 2>/dev/null
HERE=$(cd "$(dirname "$0")" && pwd)
FLEXSH=$(cd "$BUILD" && pwd)/flexsh
FLEXD=$(cd "$BUILD" && pwd)/flexd
export FLEXSH FLEXD
pass=0
fail=0
failed=""
tmp=$(mktemp -d /tmp/flexd-cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

want() { [ $# -eq 0 ] && return 0; for w in "$@"; do [ "$w" = "$name" ] && return 0; done; return 1; }

for in in "$HERE"/*.in; do
	[ -e "$in" ] || continue
	name=$(basename "$in" .in)
	want "$@" || continue
	flash="$tmp/$name.flash"
	rm -rf "$flash"; mkdir -p "$flash"
	[ -d "$HERE/$name.flash" ] && cp -r "$HERE/$name.flash/." "$flash/"
	# key generation reports its real duration: timing is bench/'s business,
	# so the transcript always reads 0 seconds
	timeout 60 "$FLEXSH" --flash "$flash" --echo < "$in" 2>&1 |
		sed 's/(elapsed time was [0-9]* seconds)/(elapsed time was 0 seconds)/' > "$tmp/$name.actual"
	if cmp -s "$tmp/$name.actual" "$HERE/$name.out"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed="$failed $name"
		echo "FAIL $name"
		diff -u "$HERE/$name.out" "$tmp/$name.actual" | head -40
	fi
done

for t in "$HERE"/*.sh; do
	name=$(basename "$t" .sh)
	[ "$name" = run ] && continue
	want "$@" || continue
	if timeout 300 sh "$t" "$tmp/$name.dir" > "$tmp/$name.log" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); failed="$failed $name"
		echo "FAIL $name"; tail -30 "$tmp/$name.log"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
