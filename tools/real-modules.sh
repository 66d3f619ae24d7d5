#!/usr/bin/env bash
# Fetches Debian's signed, modversioned arm64 kernel modules (the Linux 6.1 ABI that kmodlab's
# loader implements) into build/real-modules/, with the matching Module.symvers:
#
#   linux-image-6.1.0-N-cloud-arm64:arm64    the .ko files (lib/modules/6.1.0-N-cloud-arm64/)
#   linux-headers-6.1.0-N-cloud-arm64:arm64  Module.symvers and .config
#   linux-headers-6.1.0-N-common             the common headers that package depends on
#
# N is the ABI that Debian's linux-image-cloud-arm64:arm64 metapackage depends on. Newer
# kernels (6.12 from backports or trixie) are not taken: the loader is Linux 6.1's.
#
# Idempotent: build/real-modules/.stamp records what was extracted; a second run does nothing.
# Needs root (apt-get) and Debian's archive. Usage: tools/real-modules.sh [DEST]
set -euo pipefail

cd "$(dirname "$0")/.."
DEST=${1:-build/real-modules}
STAMP=$DEST/.stamp

if [ -f "$STAMP" ] && [ -d "$DEST/$(sed -n 's/^moddir=//p' "$STAMP")" ]; then
	exit 0
fi

die() { echo "real-modules: $*" >&2; exit 1; }

command -v apt-get >/dev/null || die "apt-get not found: the real modules come from Debian's archive"
export DEBIAN_FRONTEND=noninteractive

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	echo "real-modules: dpkg --add-architecture arm64"
	dpkg --add-architecture arm64
	apt-get update -qq || die "apt-get update failed"
elif [ -z "$(apt-cache madison linux-image-cloud-arm64:arm64 2>/dev/null)" ]; then
	apt-get update -qq || die "apt-get update failed"
fi

# The 6.1 ABI the metapackage points at, e.g. linux-image-6.1.0-56-cloud-arm64.
image=$(apt-cache depends linux-image-cloud-arm64:arm64 2>/dev/null |
	sed -n 's/^ *Depends: \(linux-image-6\.1\.0-[0-9]*-cloud-arm64\)\(:arm64\)\{0,1\}$/\1/p' | head -n1)
if [ -z "$image" ]; then
	# The metapackage may point at a newer series (backports): take the newest 6.1 ABI apt has.
	image=$(apt-cache pkgnames linux-image-6.1.0- 2>/dev/null |
		sed -n 's/^\(linux-image-6\.1\.0-[0-9]*-cloud-arm64\)$/\1/p' | sort -t- -k5,5n | tail -n1)
fi
[ -n "$image" ] || die "apt offers no linux-image-6.1.0-N-cloud-arm64:arm64 package (is Debian bookworm in the apt sources?)"
abi=${image#linux-image-}           # 6.1.0-56-cloud-arm64
n=${abi#6.1.0-}; n=${n%%-*}          # 56
headers=linux-headers-$abi
common=linux-headers-6.1.0-$n-common

work=$DEST/.download
rm -rf "$work" && mkdir -p "$work"
echo "real-modules: apt-get download $image:arm64 $headers:arm64 $common"
# apt's sandbox user cannot write into the work tree; download as root without the warning.
(cd "$work" && apt-get download -q -o APT::Sandbox::User=root \
	"$image:arm64" "$headers:arm64" "$common" >/dev/null) ||
	die "apt-get download of $image:arm64 $headers:arm64 $common failed"

rm -rf "$DEST/root" && mkdir -p "$DEST/root"
for deb in "$work"/*.deb; do
	dpkg-deb -x "$deb" "$DEST/root"
done
version=$(dpkg-deb -f "$work/${image}"_*_arm64.deb Version)
rm -rf "$work"

moddir=root/lib/modules/$abi
symvers=root/usr/src/linux-headers-$abi/Module.symvers
[ -d "$DEST/$moddir/kernel" ] || die "$image has no lib/modules/$abi/kernel"
[ -f "$DEST/$symvers" ] || die "$headers has no Module.symvers"
ln -sfn "$moddir" "$DEST/modules"
ln -sfn "$symvers" "$DEST/Module.symvers"
ln -sfn "root/usr/src/linux-headers-$abi/.config" "$DEST/config"
count=$(find "$DEST/$moddir/kernel" -name '*.ko' | wc -l)
cat > "$STAMP" <<EOF
package=$image
version=$version
abi=$abi
moddir=$moddir
symvers=$symvers
modules=$count
EOF
echo "real-modules: $image $version: $count modules in $DEST/modules, Module.symvers in $DEST/Module.symvers"
