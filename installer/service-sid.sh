#!/bin/sh
# Prints the SID of a Windows service's virtual account, NT SERVICE\NAME:
#   installer/service-sid.sh cairn
# Windows derives it from the name alone (no lookup, so it holds before the service exists):
# S-1-5-80- followed by the SHA-1 of the upper-case name in UTF-16LE, read as five
# little-endian 32-bit numbers. Known value: TrustedInstaller is
# S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464.
set -eu
hash=$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]' | iconv -f UTF-8 -t UTF-16LE | sha1sum |
       cut -c1-40)
sid=S-1-5-80
for i in 0 1 2 3 4; do
  word=$(printf '%s' "$hash" | cut -c$((i * 8 + 1))-$((i * 8 + 8)))
  little_endian=$(printf '%s' "$word" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
  sid="$sid-$(printf '%u' "0x$little_endian")"
done
printf '%s\n' "$sid"
