#!/usr/bin/env bash
# Installs everything the project needs from Debian packages. Idempotent and
# non-interactive: packages already present are not touched, apt-get runs only
# when something is missing. Also fetches Debian's busybox-static for mips64el
# (a test input) into third_party/busybox/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake ninja-build g++ pkg-config git
  libsimgrid-dev libboost-graph-dev libhdf5-dev hdf5-tools
  libgtest-dev libgmock-dev libomp-dev
  libcli11-dev libtomlplusplus-dev libfmt-dev
  gcc-mips64el-linux-gnuabi64 gcc-mips64-linux-gnuabi64
  libc6-dev-mips64el-cross libc6-dev-mips64-cross
  qemu-user python3 python3-h5py python3-matplotlib
  clang libclang-rt-14-dev
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Debian's busybox-static for mips64el: a real-world test input.
bb_dir=third_party/busybox
if [ ! -x "$bb_dir/bin/busybox" ]; then
  if ! dpkg --print-foreign-architectures | grep -qx mips64el; then
    $SUDO dpkg --add-architecture mips64el
    $SUDO apt-get update -qq
  fi
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get download -qq busybox-static:mips64el 2>/dev/null) || {
    $SUDO apt-get update -qq
    (cd "$tmp" && apt-get download -qq busybox-static:mips64el)
  }
  mkdir -p "$bb_dir"
  dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/x"
  cp "$tmp/x/bin/busybox" "$bb_dir/busybox.tmp"
  mkdir -p "$bb_dir/bin"
  mv "$bb_dir/busybox.tmp" "$bb_dir/bin/busybox"
  rm -rf "$tmp"
fi
echo "setup: all dependencies present" >&2
