"""Tests for sites.py: the table (event, line) -> file and function of the kernel's trace
points, from the real sources and from small made-up trees. (Every record of real runs has a
site: kernel/tests/test_kernel_report_programs.py.)"""

import pytest

from orrery_trace.sites import REPO, SiteError, index_sites, load_sites, site_of

HEADER = """#define TRACE_EVENT_LIST(TRACE_EVENT) \\
    TRACE_EVENT(lost,  1, "count", "", "", "") \\
    TRACE_EVENT(tick,  2, "n", "", "", "") \\
    TRACE_EVENT(tock,  3, "n", "", "", "")
"""


def tree(tmp_path, files):
    (tmp_path / "kernel").mkdir()
    (tmp_path / "kernel" / "trace_events.h").write_text(HEADER)
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_the_kernels_sites_are_found_and_each_is_a_trace_call():
    sites = load_sites()
    assert len(sites) > 50
    assert set(sites[0]) == {"event", "line", "file", "function"}
    files = {}
    for site in sites:
        lines = files.setdefault(site["file"], (REPO / site["file"]).read_text().splitlines())
        assert f"TRACE({site['event']}," in lines[site["line"] - 1], site
        assert not site["file"].startswith("kernel/tests/")
    where = {(s["event"], s["function"], s["file"]) for s in sites}
    assert ("ipc_send", "do_send", "kernel/sys_ipc.c") in where
    assert ("cap_install", "cap_trace_installed", "kernel/cap.c") in where
    assert ("boot_phase", "boot_phase", "kernel/main.c") in where  # a one-line function
    assert ("ipc_send", "syscall_call", "solutions/lab3/ipc_fastpath.c") in where  # linked in


def test_site_of_a_record():
    index = index_sites(load_sites())
    site = next(s for s in load_sites() if s["event"] == "task_create")
    assert site_of({"type": "task_create", "line": site["line"]}, index) == site
    assert site_of({"type": "lost", "line": 0}, index) is None


def test_functions_comments_and_the_macros_own_definition(tmp_path):
    root = tree(tmp_path, {"kernel/a.c": """/* TRACE(tick, in a comment) */
#define TRACE(event, a) x
static int helper(int x);
__attribute__((weak)) int first(int x)
{
    TRACE(tick, x, 0, 0, 0); // TRACE(tock, no)
    return 0;
}

KTEST(the_test)
{
    TRACE(tock, 1, 0, 0, 0);
}
static void one_line(void) { TRACE(tick, 2, 0, 0, 0); }
const char *s = "TRACE(tock, a string)";
""", "kernel/tests/user/p.c": "void f(void)\n{\n    TRACE(tick, 1, 0, 0, 0);\n}\n"})
    assert load_sites(root) == [
        {"event": "tick", "line": 6, "file": "kernel/a.c", "function": "first"},
        {"event": "tick", "line": 14, "file": "kernel/a.c", "function": "one_line"},
        {"event": "tock", "line": 12, "file": "kernel/a.c", "function": "the_test"},
    ]


def test_two_sites_on_one_line_number_are_refused(tmp_path):
    body = "void f(void)\n{\n    TRACE(tick, 1, 0, 0, 0);\n}\n"
    root = tree(tmp_path, {"kernel/a.c": body, "solutions/lab1/b.c": body})
    with pytest.raises(SiteError, match=r"solutions/lab1/b.c:3 and kernel/a.c:3 both trace tick"):
        load_sites(root)
    # Another event on the same line number is no ambiguity.
    (root / "solutions/lab1/b.c").write_text(body.replace("tick", "tock"))
    assert len(load_sites(root)) == 2


def test_an_unknown_event_is_refused(tmp_path):
    root = tree(tmp_path, {"kernel/a.c": "void f(void)\n{\n    TRACE(tik, 1, 0, 0, 0);\n}\n"})
    with pytest.raises(SiteError, match=r"kernel/a.c:3: TRACE\(tik, \.\.\.\) names no event"):
        load_sites(root)
