#!/bin/bash
# tests/interop/run.sh -- bash.
# Runs every tests/interop/scenario-*.sh (or the ones named: run.sh selftest
# runs scenario-*selftest*.sh), each in its own namespaces (IOP_TAG
# fx<this PID>s<k>), bounded by IOP_SCENARIO_TIMEOUT seconds (default 300),
# output in $IOP_BASE/results-<PID>/<scenario>.log (kept if one failed or
# IOP_KEEP_LOGS=1).  Prints a line per
# scenario and "N passed, N failed, N skipped"; exits non-zero if any failed.
# Before: tests/interop/install.sh (skipped with IOP_INSTALL=0) and
# `lib.sh gc` (namespaces of earlier runs that died).  After each scenario:
# `lib.sh down TAG`, whatever the scenario left (it normally leaves nothing).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
base=${IOP_BASE:-/tmp/flexd-interop}
limit=${IOP_SCENARIO_TIMEOUT:-300}

if [ "$(id -u)" != 0 ]; then
	echo "interop: needs root (network namespaces); 0 passed, 0 failed, 1 skipped"
	exit 0
fi
if [ "${IOP_INSTALL:-1}" != 0 ]; then
	sh "$here/install.sh"
fi
bash "$here/lib.sh" gc

scenarios=()
if [ $# -eq 0 ]; then
	for s in "$here"/scenario-*.sh; do
		[ -e "$s" ] && scenarios+=("$s")
	done
else
	for pat in "$@"; do
		for s in "$here"/scenario-*"$pat"*.sh; do
			[ -e "$s" ] && scenarios+=("$s")
		done
	done
fi

results=$base/results-$$
mkdir -p "$results"
passed=0 failed=0 skipped=0 k=0
failed_names=""
for s in "${scenarios[@]}"; do
	k=$((k + 1))
	name=$(basename "$s" .sh)
	name=${name#scenario-}
	tag=fx$$s$k
	t0=${EPOCHREALTIME/./}
	rc=0
	IOP_TAG=$tag timeout -k 10 "$limit" bash "$s" >"$results/$name.log" 2>&1 </dev/null || rc=$?
	secs=$(((${EPOCHREALTIME/./} - t0) / 1000))
	secs=$(printf '%d.%03d' $((secs / 1000)) $((secs % 1000)))
	bash "$here/lib.sh" down "$tag"
	case $rc in
	0)
		passed=$((passed + 1))
		printf 'PASS %-40s %8s s\n' "$name" "$secs"
		;;
	77)
		skipped=$((skipped + 1))
		printf 'SKIP %-40s %8s s  %s\n' "$name" "$secs" "$(grep -m1 '^SKIP:' "$results/$name.log" || true)"
		;;
	*)
		failed=$((failed + 1))
		failed_names="$failed_names $name"
		[ $rc = 124 ] && echo "(timed out after ${limit}s)" >>"$results/$name.log"
		printf 'FAIL %-40s %8s s  (exit %d, log %s)\n' "$name" "$secs" "$rc" "$results/$name.log"
		sed 's/^/    /' "$results/$name.log" | tail -n 60
		;;
	esac
done
if [ $failed = 0 ] && [ "${IOP_KEEP_LOGS:-0}" != 1 ]; then
	rm -rf "$results"
else
	[ $failed = 0 ] || echo "failed:$failed_names"
	echo "logs: $results"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed = 0 ]
