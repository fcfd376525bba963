"""Shared fixtures for the kernel's tests: the build directory and a QEMU boot helper."""

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from grading.harness.qemu import boot_image, build_dir, run_qemu  # noqa: E402


@pytest.fixture(scope="session")
def build():
    """The build directory `make test` prepared (with every lab solution)."""
    return build_dir()


@pytest.fixture(scope="session")
def image(build):
    """(kernel, modules) of the standard boot image."""
    return boot_image(build)


@pytest.fixture
def boot(image, tmp_path):
    """boot(cmdline=..., **run_qemu options): boot the standard image once."""
    def run(cmdline="exit", modules=None, **options):
        kernel, standard_modules = image
        return run_qemu(kernel, standard_modules if modules is None else modules,
                        cmdline=cmdline, workdir=tmp_path / "qemu", **options)
    return run
