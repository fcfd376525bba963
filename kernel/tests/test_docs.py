"""The documentation builds and its links lead somewhere."""

import re
import subprocess

from grading.harness.qemu import REPO


def test_doxygen_builds_the_api_reference_without_warnings(tmp_path):
    config = (REPO / "docs" / "Doxyfile").read_text() + f"\nOUTPUT_DIRECTORY={tmp_path}\n"
    run = subprocess.run(["doxygen", "-"], input=config, cwd=REPO, capture_output=True,
                         text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "warning" not in run.stderr.lower(), run.stderr
    html = (tmp_path / "html" / "frame__alloc_8h.html").read_text()
    assert "frame_add_free_range" in html


def test_every_relative_link_in_the_docs_exists():
    broken = []
    for page in [REPO / "README.md", *REPO.glob("docs/*.md"), *REPO.glob("labs/*/README.md")]:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert broken == []


def test_every_kernel_header_says_what_it_is_for():
    missing = [h.name for h in REPO.glob("kernel/**/*.h")
               if "tests" not in h.parts and "@file" not in h.read_text()[:400]]
    assert missing == []
