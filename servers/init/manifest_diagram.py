#!/usr/bin/python3
"""Draw who may call whom from Orrery's boot manifest (servers/init/manifest.txt).

    /usr/bin/python3 servers/init/manifest_diagram.py [manifest.txt]

prints a Mermaid flowchart: one box per service, an arrow for each `call=NAME` (the services
a server may look up in the name service), a dotted arrow to the hardware it is given
(irq=, io=, vga), and the `processes` line as one box for every program the process
manager spawns. docs/10-user-space.md shows this output; kernel/tests/test_sys_docs.py
checks that the chapter's diagram is the one the manifest gives today.

Only the manifest's shape matters here (init checks it properly at boot): a line is
`SERVICE PROGRAM PRIORITY MEMORY CAPABILITY...`, `processes - PRIORITY - CAPABILITY...`, or
`run PROGRAM ARGS...`; `#` starts a comment.
"""

from __future__ import annotations

import sys
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "manifest.txt"
#: Services that are not manifest lines: the boot files are init's own.
NODE_OF = {"bootfs": "init"}


def read_manifest(path: Path) -> list[list[str]]:
    """The manifest's lines as word lists, comments and blank lines left out."""
    lines = []
    for raw in path.read_text().splitlines():
        words = raw.split("#", 1)[0].split()
        if words:
            lines.append(words)
    return lines


def hardware_label(words: list[str]) -> str:
    """What hardware capabilities a line gives, shortened: `irq 4, 1; io 0x3f8+8; vga`."""
    irqs = [w.split("=", 1)[1] for w in words if w.startswith("irq=")]
    ports = [w.split("=", 1)[1] for w in words if w.startswith("io=")]
    parts = []
    if irqs:
        parts.append("irq " + ", ".join(irqs))
    if ports:
        parts.append("io " + ", ".join(ports))
    if "vga" in words:
        parts.append("vga")
    return "; ".join(parts)


def diagram(lines: list[list[str]]) -> str:
    """The Mermaid flowchart for the manifest @p lines."""
    out = ["flowchart LR", '    init(["init: boot files (bootfs)"])']
    services = [w for w in lines if w[0] not in ("run",)]
    for words in services:
        name = words[0]
        label = "processes: every program pm spawns" if name == "processes" else name
        out.append(f'    {name}["{label}"]')
    hardware = []
    for words in services:
        name, caps = words[0], words[4:]
        for word in caps:
            if word.startswith("call="):
                callee = word.split("=", 1)[1]
                out.append(f"    {name} --> {NODE_OF.get(callee, callee)}")
        label = hardware_label(caps)
        if label:
            hardware.append((name, label))
    if hardware:
        out.append("    hw[(devices)]")
        for name, label in hardware:
            out.append(f"    {name} -. \"{label}\" .-> hw")
    for words in lines:
        if words[0] == "run" and len(words) > 1:
            out.append(f"    init -- \"run {' '.join(words[1:])}\" --> pm")
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else MANIFEST
    try:
        lines = read_manifest(path)
    except OSError as error:
        print(f"manifest_diagram: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    sys.stdout.write(diagram(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
