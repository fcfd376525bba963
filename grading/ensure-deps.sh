#!/bin/sh
# ensure-deps.sh - make sure the Debian packages a make target needs are installed.
#
# Usage: sh grading/ensure-deps.sh build|run|bochs|test|docs|gdb|grade|viz
# As root, missing packages are installed with apt-get; otherwise the exact command to run
# is printed and the script fails, so `make` stops with a clear message.
set -e
purpose=${1:-test}

# Each line: a check (a command name, or "py:module" for Debian's /usr/bin/python3,
# "file:path", or "deb:package"), then the Debian package that provides it.
requirements() {
    cat <<'LIST'
gcc gcc
make make
ld binutils
m32 gcc-multilib
file:/sbin/mke2fs e2fsprogs
LIST
    case "$purpose" in
    run|test|gdb|grade) echo "qemu-system-i386 qemu-system-x86" ;;
    esac
    case "$purpose" in
    bochs|test) cat <<'LIST'
bochs bochs
deb:bochs-term bochs-term
deb:bochsbios bochsbios
deb:vgabios vgabios
grub-mkrescue grub-common
file:/usr/lib/grub/i386-pc/moddep.lst grub-pc-bin
xorriso xorriso
mformat mtools
script bsdutils
LIST
    esac
    case "$purpose" in
    test) cat <<'LIST'
py:pytest python3-pytest
py:xdist python3-pytest-xdist
py:pexpect python3-pexpect
py:numpy python3-numpy
gdb gdb
doxygen doxygen
file:/usr/sbin/e2fsck e2fsprogs
LIST
    esac
    case "$purpose" in
    viz|test) cat <<'LIST'
node nodejs
npm npm
chromium chromium
LIST
    esac
    case "$purpose" in
    gdb|grade) echo "gdb gdb" ;;  # grade: the graders read the guest through GDB
    docs) echo "doxygen doxygen" ;;
    esac
}

missing=""
check() {
    case "$1" in
    py:*) /usr/bin/python3 -c "import ${1#py:}" 2>/dev/null ;;
    file:*) [ -e "${1#file:}" ] ;;
    m32) # the 32-bit libgcc: without gcc-multilib, gcc -m32 names the 64-bit one
        libgcc=$(gcc -m32 -print-libgcc-file-name 2>/dev/null) &&
            [ -e "$libgcc" ] && case "$libgcc" in */32/*) true ;; *) false ;; esac ;;
    deb:*) dpkg-query -W -f='${Status}' "${1#deb:}" 2>/dev/null | grep -q "ok installed" ;;
    *) command -v "$1" >/dev/null 2>&1 ;;
    esac
}
while read -r what package; do
    [ -n "$what" ] || continue
    check "$what" || case " $missing " in *" $package "*) ;; *) missing="$missing $package" ;; esac
done <<EOF2
$(requirements)
EOF2

[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "orrery: installing missing Debian packages:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing >/dev/null
    echo "orrery: installed:$missing"
else
    echo "orrery: missing Debian packages:$missing" >&2
    echo "orrery: install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
