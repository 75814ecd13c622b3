#!/bin/sh
# flexsh on a real pseudo-terminal: help, completion, paging, Ctrl-Z, enable secret.
set -eu
dir=$1; rm -rf "$dir"; mkdir -p "$dir"
python3 "$(dirname "$0")/interactive.py" "$dir/flash"
