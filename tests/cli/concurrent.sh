#!/bin/sh
# Two shells on one engine: each has its own mode and privilege; a change
# made in one is at once in the other's show running-config.
set -eu
dir=$1; rm -rf "$dir"; mkdir -p "$dir"
fifo="$dir/in"; mkfifo "$fifo"
# shell A: embedded engine, kept open on a fifo, left in config mode
"$FLEXSH" --flash "$dir" --echo < "$fifo" > "$dir/a.out" 2>&1 & apid=$!
exec 3> "$fifo"
trap 'exec 3>&-; kill $apid 2>/dev/null || true' EXIT
printf 'enable\nconfigure terminal\nip local pool PA 10.1.1.1 10.1.1.9\ncrypto ikev2 keyring KR\n' >&3
i=0; while [ ! -S "$dir/vty.sock" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i+1)); done
sleep 0.2
# shell B joins the same engine: starts in EXEC, sees A's keyring
outb=$("$FLEXSH" --flash "$dir" -c "show running-config | include pool")
echo "$outb" | grep -q "^ip local pool PA 10.1.1.1 10.1.1.9" || { echo "B does not see A's change"; echo "$outb"; exit 1; }
"$FLEXSH" --flash "$dir" -c "configure terminal" -c "hostname SHARED" -c "end"
# A is still in its keyring mode: its next command lands there, with the new hostname in the prompt
printf 'peer P1\nend\nshow running-config | section keyring\n' >&3
exec 3>&-
wait $apid || true
grep -q "^SHARED(config-ikev2-keyring-peer)#end" "$dir/a.out" || { echo "A lost its mode or hostname"; cat "$dir/a.out"; exit 1; }
grep -q "^ peer P1" "$dir/a.out" || { echo "peer not configured"; cat "$dir/a.out"; exit 1; }
echo ok
