"""The boot manifest's priorities are the ones the system runs at (servers/init/manifest.txt).

The test boots the system with a copy of the manifest whose priorities all differ from the
shipped ones (and from PRIORITY_DEFAULT), so that only priorities taken from the manifest
can match.

The kernel starts the root task at ROOT_TASK_PRIORITY (the top) and init keeps it, so it can
give each server the priority of its line (no thread may give more than its own); init
reports each server's priority as thread_info reads it. The process manager gives every
process the priority of the `processes` line, which init writes in its start information;
`ps` shows each process's (thread_info's).
"""

import re

from grading.harness.qemu import REPO
from grading.harness.shell_session import ShellSession

MANIFEST = REPO / "servers" / "init" / "manifest.txt"
#: The priorities of the test's manifest, line by line (servers, then processes).
SERVER_PRIORITIES = [22, 21, 20, 19, 18, 17, 16, 15]
PROCESSES_PRIORITY = 12


def manifest_with_other_priorities(path):
    """A copy of the manifest with SERVER_PRIORITIES and PROCESSES_PRIORITY."""
    out, servers = [], iter(SERVER_PRIORITIES)
    for line in MANIFEST.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 3 and words[0] != "run":
            words[2] = str(PROCESSES_PRIORITY if words[0] == "processes" else next(servers))
            line = "  ".join(words)
        out.append(line)
    path.write_text("\n".join(out) + "\n")
    return path


def manifest_priorities(manifest):
    """{service: priority} of the manifest's server lines, and the processes line's."""
    servers, processes = {}, None
    for line in manifest.read_text().splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) < 3 or words[0] == "run":
            continue
        if words[0] == "processes":
            processes = int(words[2])
        else:
            servers[words[0]] = int(words[2])
    return servers, processes


def test_servers_and_processes_run_at_the_manifest_s_priorities(build, tmp_path):
    manifest = manifest_with_other_priorities(tmp_path / "manifest.txt")
    servers, processes = manifest_priorities(manifest)
    assert servers and processes == PROCESSES_PRIORITY
    with ShellSession(build, manifest=manifest) as shell:
        ps = shell.run("ps")
        boot = shell.transcript
    seen = dict((name, int(priority)) for name, priority in
                re.findall(r"init: (\S+) is up \(program \S+, priority (\d+),", boot))
    expected = {name: p for name, p in servers.items() if name != "nameserver"}
    assert seen.get("nameserver", servers["nameserver"]) == servers["nameserver"]
    assert {name: seen.get(name) for name in expected} == expected, boot[-3000:]
    assert "above init's own" not in boot, boot[-3000:]
    rows = [line.split() for line in ps.splitlines()[1:] if line.strip()]
    priorities = {row[-1]: int(row[3]) for row in rows}
    assert priorities.get("shell") == processes and priorities.get("ps") == processes, ps
