#!/bin/sh
# Builds the native kernels of @ae/backend for linux-x64 (glibc) into
# packages/backend-native-linux-x64-gnu/ae-native.node, statically linked against
# OpenBLAS so the binary needs only libc and libm at run time.
#
# Build machine only (users never compile): Debian/Ubuntu with
#   apt-get install -y gcc libopenblas-dev libopenblas0-pthread
# and Node's headers (/usr/include/node, from the nodejs package; or pass NODE_INCLUDE).
#
# Usage: sh packages/backend-native/scripts/build.sh [output.node]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$here/../backend-native-linux-x64-gnu/ae-native.node"}
node_include=${NODE_INCLUDE:-/usr/include/node}
blas_dir=${OPENBLAS_DIR:-/usr/lib/x86_64-linux-gnu/openblas-pthread}
blas_include=${OPENBLAS_INCLUDE:-/usr/include/x86_64-linux-gnu/openblas-pthread}
cc=${CC:-gcc}

for f in "$node_include/node_api.h" "$blas_dir/libopenblas.a" "$blas_include/cblas.h"; do
  if [ ! -f "$f" ]; then
    echo "build.sh: $f is missing; install Node's headers and libopenblas-dev (see the comment at the top)." >&2
    exit 1
  fi
done

tmp="$out.tmp.$$"
# -Wl,--gc-sections drops the OpenBLAS objects nothing references; the static archive
# contributes only what cblas_sgemm and the thread controls pull in. -fno-math-errno and
# -fno-trapping-math let the element-wise loops (sqrtf, selects) compile to SIMD; neither
# changes a result (no reassociation, no contraction).
"$cc" -O3 -fno-math-errno -fno-trapping-math -fPIC -shared -std=c11 -Wall -Wextra -Wno-unused-parameter -Wno-psabi \
  -ffunction-sections -fdata-sections -fvisibility=hidden \
  -DNAPI_VERSION=8 -DNODE_GYP_MODULE_NAME=ae_native \
  -I"$node_include" -I"$blas_include" \
  "$here/src/ae_native.c" \
  -Wl,--gc-sections -Wl,--as-needed -Wl,-Bstatic -L"$blas_dir" -lopenblas -Wl,-Bdynamic \
  -lm -lpthread \
  -o "$tmp"
strip --strip-unneeded "$tmp"
mv "$tmp" "$out"
echo "built $out ($(du -h "$out" | cut -f1))"
ldd "$out"
