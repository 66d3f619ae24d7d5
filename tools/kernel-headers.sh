#!/usr/bin/env bash
# Makes Debian's linux-headers-6.1.0-N-cloud-arm64 (fetched by tools/real-modules.sh) a kbuild
# tree that works on this host, at build/<release>/build -- the place /lib/modules/<release>/build
# has on a Debian machine -- so that external modules build with Linux's own kbuild:
#
#   make -C build/6.1.0-N-cloud-arm64/build M=$PWD          # ARCH and CROSS_COMPILE filled in
#
# What Debian's packages need for that on a non-arm64 host:
#   - scripts/ and tools/ are relative links to ../../lib/linux-kbuild-6.1: the arm64
#     linux-kbuild package is not installed (its programs would be arm64); the host's
#     linux-kbuild-6.1 (same 6.1 release) serves instead;
#   - the arch tree's Makefile includes the common tree by absolute path (/usr/src/...);
#   - .kernelvariables sets CC = $(CROSS_COMPILE)gcc-12 but a cross compiler only when
#     DEB_HOST_GNU_TYPE says so: we default CROSS_COMPILE to aarch64-linux-gnu- off arm64.
# Nothing is copied but the small arch tree; the common tree stays in build/real-modules.
#
# Idempotent. Usage: tools/kernel-headers.sh [REAL_MODULES_DIR [BUILD_DIR]]
set -euo pipefail

cd "$(dirname "$0")/.."
REAL=${1:-build/real-modules}
OUT=${2:-build}
die() { echo "kernel-headers: $*" >&2; exit 1; }

[ -f "$REAL/.stamp" ] || die "$REAL has no Debian packages: run 'make real-modules' first"
abi=$(sed -n 's/^abi=//p' "$REAL/.stamp")
[ -n "$abi" ] || die "$REAL/.stamp names no kernel release"
n=${abi#6.1.0-}; n=${n%%-*}
root=$(cd "$REAL/root" && pwd)
arch=$root/usr/src/linux-headers-$abi
common=$root/usr/src/linux-headers-6.1.0-$n-common
kbuild=/usr/lib/linux-kbuild-6.1
[ -f "$arch/Makefile" ] && [ -f "$common/Makefile" ] || die "linux-headers-$abi is incomplete in $REAL/root"
[ -d "$kbuild/scripts" ] || die "$kbuild not found: install Debian's linux-kbuild-6.1 ('make setup')"

dest=$OUT/$abi/build
stamp=$OUT/$abi/.stamp
want="v2 $abi $(stat -c %Y "$arch/Makefile") $(dpkg-query -W -f='${Version}' linux-kbuild-6.1 2>/dev/null || echo unknown)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dest/Makefile" ]; then
	exit 0
fi

# The common tree's own relative links resolve through $root/usr/lib.
mkdir -p "$root/usr/lib"
ln -sfn "$kbuild" "$root/usr/lib/linux-kbuild-6.1"

rm -rf "$dest" && mkdir -p "$(dirname "$dest")"
cp -a "$arch" "$dest"
# Debian's own list of exports, kept apart: make kernel adds kmodlab's to Module.symvers.
cp "$dest/Module.symvers" "$dest/Module.symvers.debian"
ln -sfn "$kbuild/scripts" "$dest/scripts"
ln -sfn "$kbuild/tools" "$dest/tools"
ln -sfn "$common" "$OUT/$abi/source"
cat > "$dest/Makefile" <<EOF
# Debian's linux-headers-$abi, made usable on this host by kmodlab (tools/kernel-headers.sh):
# the common tree is found where kmodlab keeps it, and a cross compiler is the default off arm64.
ifeq (\$(filter aarch64 arm64,\$(shell uname -m)),)
CROSS_COMPILE ?= aarch64-linux-gnu-
export CROSS_COMPILE
endif
include $common/Makefile
EOF
echo "$want" > "$stamp"
echo "kernel-headers: make -C $dest M=DIR builds modules for $abi"
