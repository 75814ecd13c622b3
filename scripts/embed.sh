#!/bin/sh
# embed.sh NAME FILE: print a C file defining `const char NAME[]` with FILE's text.
set -e
printf 'const char %s[] =\n' "$1"
sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$2"
printf ';\n'
