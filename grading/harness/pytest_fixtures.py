"""Pytest fixtures shared by every Orrery test suite (loaded as a plugin by grading/pytest.ini).

    build   the build directory `make test` prepared ($ORRERY_BUILD)
    image   (kernel, modules) of the standard boot image in it
    boot    boot(cmdline, modules=None, **run_qemu options) -> RunResult
"""

import pytest

from grading.harness.qemu import boot_image, build_dir, run_qemu


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
