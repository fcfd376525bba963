"""The relative links of the guide, the labs and the READMEs, and the handout's copy of them.

``make handout`` leaves out files a student does not get (solutions/, the instructor-side
tests); a link to one of them would be dead in the handout. After copying the tree, the
Makefile runs

    /usr/bin/python3 -m grading.handout_links build/handout/orrery

which turns each such link into its text in code format, marked "(not in the handout)".
``dead_links(tree)`` lists the links that do not resolve; the tests run it on the checkout
and on a handout (kernel/tests/test_handout_commands.py).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: A Markdown inline link: [text](target), the target without spaces.
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
NOT_IN_HANDOUT = "(not in the handout)"


def documents(tree: Path) -> list[Path]:
    """The Markdown files whose links are checked: docs/, labs/ and every README.md (not
    those of the npm packages under viz/web/node_modules)."""
    found = set(tree.glob("docs/**/*.md")) | set(tree.glob("labs/**/*.md"))
    found |= set(tree.glob("**/README.md"))
    return sorted(f for f in found if "build" not in f.relative_to(tree).parts[:1]
                  and "node_modules" not in f.relative_to(tree).parts)


def _is_relative(target: str) -> bool:
    return not (re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("#"))


def _resolves(document: Path, target: str) -> bool:
    return (document.parent / target.split("#")[0]).exists()


def dead_links(tree: Path) -> list[str]:
    """``"docs/x.md: target"`` for every relative link (outside code blocks) that does not
    resolve to a file or directory of @p tree."""
    dead = []
    for document in documents(tree):
        text = FENCE.sub("", document.read_text(encoding="utf-8"))
        for _, target in LINK.findall(text):
            if _is_relative(target) and not _resolves(document, target):
                dead.append(f"{document.relative_to(tree)}: {target}")
    return dead


def unlink_missing(tree: Path) -> list[str]:
    """Rewrite, in place, every relative link of @p tree whose target is missing as
    ``text`` (not in the handout); return the links rewritten, as dead_links names them."""
    rewritten = []
    for document in documents(tree):
        text = document.read_text(encoding="utf-8")
        pieces, last = [], 0
        for fence in list(FENCE.finditer(text)) + [None]:
            end = fence.start() if fence else len(text)
            pieces.append(_unlink(text[last:end], document, tree, rewritten))
            if fence:
                pieces.append(fence.group(0))
                last = fence.end()
        new_text = "".join(pieces)
        if new_text != text:
            document.write_text(new_text, encoding="utf-8")
    return rewritten


def _unlink(text: str, document: Path, tree: Path, rewritten: list[str]) -> str:
    def replace(match: re.Match) -> str:
        label, target = match.groups()
        if not _is_relative(target) or _resolves(document, target):
            return match.group(0)
        rewritten.append(f"{document.relative_to(tree)}: {target}")
        label = label if label.startswith("`") else f"`{label}`"
        return f"{label} {NOT_IN_HANDOUT}"
    return LINK.sub(replace, text)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python3 -m grading.handout_links HANDOUT_TREE", file=sys.stderr)
        return 2
    tree = Path(args[0])
    for link in unlink_missing(tree):
        print(f"handout: unlinked {link} {NOT_IN_HANDOUT}")
    dead = dead_links(tree)
    for link in dead:
        print(f"handout: dead link {link}", file=sys.stderr)
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main())
