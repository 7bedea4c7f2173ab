#!/bin/sh
# Builds the deb and rpm from a release configuration in its own build directory.
#   build_packages.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAIRN_SANITIZE=OFF \
      -DCAIRN_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr >"$build.configure.log" 2>&1 ||
    { cat "$build.configure.log"; exit 1; }
cmake --build "$build" -j2
rm -f "$build"/cairn_*.deb "$build"/cairn-*.rpm
(cd "$build" && cpack -G "DEB;RPM")
