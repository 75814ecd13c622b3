#!/bin/sh
# running-config survives kill -9 of flexd; `write memory` + change + reload
# brings the startup content back.
set -eu
dir=$1; rm -rf "$dir"; mkdir -p "$dir"
"$FLEXD" --flash "$dir" & pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
i=0; while ! "$FLEXSH" --flash "$dir" --join -c "show version" >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
"$FLEXSH" --flash "$dir" -c "configure terminal" -c "hostname EDGE1" -c "ip local pool P1 10.0.0.1 10.0.0.9" -c end
kill -9 $pid; wait $pid 2>/dev/null || true
"$FLEXD" --flash "$dir" & pid=$!
i=0; while ! "$FLEXSH" --flash "$dir" --join -c "show version" >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
out=$("$FLEXSH" --flash "$dir" -c "show running-config")
echo "$out" | grep -qx "hostname EDGE1" || { echo "hostname lost after kill -9"; echo "$out"; exit 1; }
echo "$out" | grep -q "^ip local pool P1 10.0.0.1 10.0.0.9" || { echo "pool lost after kill -9"; exit 1; }
# save, change, reload: the saved content is back
printf 'write memory\nconfigure terminal\nhostname CHANGED\nno ip local pool P1\nend\nreload\n\nshow running-config | include hostname|pool\n' \
	| "$FLEXSH" --flash "$dir" > "$dir/out.txt"
grep -qx "hostname EDGE1" "$dir/out.txt" || { echo "reload did not restore startup-config"; cat "$dir/out.txt"; exit 1; }
grep -q "^ip local pool P1" "$dir/out.txt" || { echo "pool not restored by reload"; cat "$dir/out.txt"; exit 1; }
kill $pid; wait $pid 2>/dev/null || true
echo ok
