#!/usr/bin/env bash
# Fetches Unicorn 2.1 (Debian trixie's libunicorn2t64 and libunicorn-dev) into build/unicorn/.
#
# Why not bookworm's libunicorn2 (2.0.1): its MMU cannot run this machine. Measured with a
# 20-line probe: with 4 KiB pages and 48-bit virtual addresses (TTBR1 at 0xffff8000...), every
# translation faults, and 2.0.1 checks its own memory regions against the virtual address
# before translating, so every virtual page must also be a Unicorn region -- and QEMU's memory
# API aborts the process past about 1,021 regions. 2.1 adds UC_TLB_VIRTUAL: a TLB-fill hook
# translates each virtual page, so the machine keeps one RAM region per core and walks the
# kernel's page tables itself (emu/native/hooks.c, emu/mmu.ts).
#
# Nothing is installed system-wide: apt runs with a private source list and state under
# build/unicorn/apt, `apt-get download` fetches the two packages, dpkg-deb extracts them. The
# library needs only libc6 >= 2.34 (bookworm has 2.36).
#
# Idempotent: build/unicorn/.stamp names the version extracted. Needs Debian's archive.
# Usage: tools/unicorn.sh [DEST]
set -euo pipefail

cd "$(dirname "$0")/.."
DEST=${1:-build/unicorn}
STAMP=$DEST/.stamp
LIB=$DEST/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)/libunicorn.so.2

if [ -f "$STAMP" ] && [ -f "$LIB" ] && [ -f "$DEST/usr/include/unicorn/unicorn.h" ]; then
	exit 0
fi

die() { echo "unicorn: $*" >&2; exit 1; }
command -v apt-get >/dev/null || die "apt-get not found: Unicorn 2.1 comes from Debian's archive"

apt_dir=$(realpath -m "$DEST/apt")
rm -rf "$apt_dir" && mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || die "$keyring is missing (Debian package debian-archive-keyring)"
cat > "$apt_dir/trixie.sources" <<EOF
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: $keyring
EOF
apt=(apt-get -q -o Dir::Etc::SourceList="$apt_dir/trixie.sources" -o Dir::Etc::SourceParts=/nonexistent
	-o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o APT::Sandbox::User=root
	-o Debug::NoLocking=1)
echo "unicorn: apt-get update (Debian trixie, private lists under $apt_dir)"
"${apt[@]}" update >/dev/null || die "apt-get update of Debian trixie's lists failed"
echo "unicorn: apt-get download libunicorn2t64 libunicorn-dev"
(cd "$apt_dir/debs" && "${apt[@]}" download libunicorn2t64 libunicorn-dev >/dev/null) ||
	die "apt-get download libunicorn2t64 libunicorn-dev (trixie) failed"

rm -rf "$DEST/usr"
for deb in "$apt_dir"/debs/*.deb; do dpkg-deb -x "$deb" "$DEST"; done
[ -f "$LIB" ] || die "no libunicorn.so.2 in the packages fetched"
version=$(dpkg-deb -f "$(ls "$apt_dir"/debs/libunicorn2t64_*.deb)" Version)
case $version in
	2.0.*|1.*) die "trixie offers Unicorn $version; kmodlab needs 2.1 or later (UC_TLB_VIRTUAL)";;
esac
rm -rf "$apt_dir"
echo "version=$version" > "$STAMP"
echo "unicorn: Unicorn $version in $DEST"
