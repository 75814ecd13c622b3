#!/bin/sh
# Run every benchmark in bench/ (each prints its own figures).
BUILD=${1:-build}
for b in "$(dirname "$0")"/*.sh; do
	case "$(basename "$b")" in run.sh|gen-*.sh) continue ;; esac
	echo "== $(basename "$b" .sh)"
	sh "$b" "$BUILD"
done
