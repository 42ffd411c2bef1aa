#!/usr/bin/env bash
# Install test: `cmake --install` the build into a temporary prefix, check
# the layout, then build and run tests/install/ (a tiny consumer) against
# it three ways: find_package + povreg::povreg, find_package +
# povreg::povreg_static (needs the installed FindCSV.cmake), and plain
# `pkg-config --cflags --libs povreg`.
# Env: POVREG_SOURCE_DIR, POVREG_BINARY_DIR (required), CMAKE_COMMAND, CC,
#      PKG_CONFIG, POVREG_HAVE_CLI (1/0), POVREG_SANITIZE_FLAGS.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${POVREG_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
bin=${POVREG_BINARY_DIR:?POVREG_BINARY_DIR must name the build directory}
cmake=${CMAKE_COMMAND:-cmake}
cc=${CC:-cc}
pkgconfig=${PKG_CONFIG:-pkg-config}
san=${POVREG_SANITIZE_FLAGS:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

step() { printf '== %s\n' "$*"; }
die() {
  printf 'FAIL: %s\n' "$*"
  exit 1
}

step "cmake --install into a temporary prefix"
"$cmake" --install "$bin" --prefix "$prefix" >"$tmp/install.log" 2>&1 ||
  { cat "$tmp/install.log"; die "cmake --install failed"; }

libdir=$(dirname "$(find "$prefix" -name 'libpovreg.a' | head -n 1)")
[[ -d $libdir && $libdir != . ]] || die "libpovreg.a not installed"
expect=(
  "include/povreg.h"
  "include/povreg/common.h"
  "${libdir#"$prefix/"}/libpovreg.a"
  "${libdir#"$prefix/"}/libpovreg.so"
  "${libdir#"$prefix/"}/libpovreg.so.0"
  "${libdir#"$prefix/"}/pkgconfig/povreg.pc"
  "${libdir#"$prefix/"}/cmake/povreg/povregConfig.cmake"
  "${libdir#"$prefix/"}/cmake/povreg/povregConfigVersion.cmake"
  "${libdir#"$prefix/"}/cmake/povreg/povregTargets.cmake"
  "${libdir#"$prefix/"}/cmake/povreg/FindCSV.cmake"
)
for h in "$src/include/povreg"/*.h; do
  expect+=("include/povreg/$(basename "$h")")
done
if [[ ${POVREG_HAVE_CLI:-0} == 1 ]]; then
  expect+=("bin/povreg")
fi
for f in "${expect[@]}"; do
  [[ -e $prefix/$f ]] || die "not installed: $f"
done
if find "$prefix" -name 'povreg_int.h' | grep -q .; then
  die "the internal header povreg_int.h was installed"
fi
[[ ${POVREG_HAVE_CLI:-0} != 1 || -x $prefix/bin/povreg ]] ||
  die "bin/povreg is not executable"
echo "ok   ${#expect[@]} expected files installed"

# build_cmake NAME [cmake args...]: configure+build+run the consumer.
build_cmake() {
  local name=$1
  shift
  local b=$tmp/$name
  step "consumer via find_package ($name)"
  if ! "$cmake" -S "$src/tests/install" -B "$b" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_C_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" \
    -DCMAKE_FIND_PACKAGE_NO_PACKAGE_REGISTRY=ON \
    "$@" >"$b.log" 2>&1; then
    cat "$b.log"
    die "configuring the consumer ($name) failed"
  fi
  grep -q "^povreg_DIR:PATH=$prefix/" "$b/CMakeCache.txt" ||
    die "find_package found a povreg outside the test prefix: " \
      "$(grep '^povreg_DIR' "$b/CMakeCache.txt")"
  if ! "$cmake" --build "$b" >>"$b.log" 2>&1; then
    cat "$b.log"
    die "building the consumer ($name) failed"
  fi
  "$b/consumer" || die "the consumer ($name) failed"
}

build_cmake shared
build_cmake static -DPOVREG_CONSUMER_STATIC=ON

step "consumer via pkg-config"
export PKG_CONFIG_PATH=$libdir/pkgconfig
flags=$("$pkgconfig" --cflags --libs povreg) ||
  die "pkg-config --cflags --libs povreg failed"
echo "pkg-config: $flags"
static_libs=$("$pkgconfig" --static --libs povreg)
for l in -lpovreg -lcsv -lsqlite3; do
  [[ " $static_libs " == *" $l "* ]] ||
    die "pkg-config --static --libs povreg lacks $l: $static_libs"
done
# shellcheck disable=SC2086 # word splitting of flags is intended
"$cc" -std=c11 $san "$src/tests/install/main.c" $flags -o "$tmp/pc-consumer" ||
  die "building the consumer with pkg-config flags failed"
LD_LIBRARY_PATH=$libdir "$tmp/pc-consumer" ||
  die "the pkg-config consumer failed"

echo "install test passed"
