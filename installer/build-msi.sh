#!/bin/sh
# Builds the Cairn MSI with wixl (msitools), as the Linux cross build does:
#   installer/build-msi.sh VERSION STAGE_DIR OUTPUT.msi
# STAGE_DIR holds cairn-server.exe and cairn.conf. wixl wants File/@Source relative to its
# working directory, so it runs in STAGE_DIR's parent.
set -eu
version=$1
stage=$2
out=$3
wxs=$(cd "$(dirname "$0")" && pwd)/cairn.wxs
out_abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")

cd "$(dirname "$stage")"
# wixl warns that it ignores NeverOverwrite and Permanent (set below); keep its output quiet
# unless it fails.
if ! log=$(wixl -a x64 -D Version="$version" -D SourceDir="$(basename "$stage")" \
             -o "$out_abs" "$wxs" 2>&1); then
  printf '%s\n' "$log" >&2
  exit 1
fi
# Component attributes wixl drops: 256 = 64-bit, 128 = NeverOverwrite, 16 = Permanent.
# The config is never overwritten and, like the data directory, stays on uninstall.
msibuild "$out_abs" -q "UPDATE \`Component\` SET \`Attributes\` = 400 WHERE \`Component\` = 'cmpConfig'"
msibuild "$out_abs" -q "UPDATE \`Component\` SET \`Attributes\` = 272 WHERE \`Component\` = 'cmpDataDir'"
