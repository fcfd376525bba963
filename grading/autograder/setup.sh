#!/usr/bin/env bash
# setup.sh - Gradescope runs this once, as root, when it builds the autograder's image.
#
# Only Debian packages that Ubuntu (Gradescope's images) has too. Then an unprivileged user
# to build and grade submissions as, and the starter build of the course's tree, so that
# each submission compiles only its own files.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends make gcc gcc-multilib binutils libc6-dev \
    qemu-system-x86 python3
id orrery-student >/dev/null 2>&1 ||
    useradd --system --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin \
        orrery-student
root=${ORRERY_AUTOGRADER_ROOT:-/autograder}
cd "$root/source/orrery"
# Whatever else the course's graders need (gdb: they read the guest through its stub), from
# the same list `make grade` checks, so the two cannot drift apart.
sh grading/ensure-deps.sh grade
/usr/bin/python3 -m grading.autograder.run --prepare --config "$root/source/autograder.json" \
    --autograder-root "$root"
