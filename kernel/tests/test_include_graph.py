"""The kernel's include graph has one knot, and it is the object core.

A module is a .c file and its .h (thread.c + thread.h is `thread`); module A depends on B
when a file of A includes a header of B. Modules that depend on each other, directly or
round a cycle, form a strongly connected component: none of them can be read, tested or
replaced without the others. The kernel has one such knot, the object core, where the
objects refer to each other by nature (a task holds threads, a thread blocks on an
endpoint, deleting a capability destroys objects of every type). Everything else (the
allocators, the machine, tracing, panics) must hang below it, or above it, without
cycles: then a reader can start at the bottom and never need what comes later.

Run it as a script to see the knots and the edges that tie each module into them:
    /usr/bin/python3 kernel/tests/test_include_graph.py
"""

import pathlib
import re
import sys

KERNEL = pathlib.Path(__file__).resolve().parents[1]

# The object core (issue 7): the object types and the code that knows them all.
OBJECT_CORE = {
    "object", "cap", "task", "thread", "endpoint", "notification", "frame", "irq", "ipc", "sched",
    # The reply object (reply_save): a kernel object type like the others; object.c
    # destroys it, ipc.c and reply.c hand the caller it holds back and forth.
    "reply",
    # Fault delivery: the half of IPC that turns an exception into a call (it was ipc.c's,
    # split out so that the path has a name); ipc.c ends a fault call through it.
    "fault",
    # The allocator objects are made of: each task owns a kmem pool (task.h embeds it) that
    # charges the task's quota for every slab (quota_charge, task.c). Kernel memory for
    # objects charged to a quota is part of the object model (architecture brief).
    "kmem",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def kernel_files():
    """The kernel's own sources: not its tests (kernel/tests), tools, or GDB scripts."""
    return sorted(p for p in KERNEL.rglob("*")
                  if p.suffix in (".c", ".h", ".S")
                  and not {"tests", "tools", "gdb"} & set(p.relative_to(KERNEL).parts))


def module_of(path):
    """thread for kernel/thread.c, gdt for kernel/arch/x86/gdt.h, abi/errors for abi/errors.h."""
    parts = path.relative_to(KERNEL).with_suffix("").parts
    if parts[:2] == ("arch", "x86"):
        parts = parts[2:]
    return "/".join(parts)


def resolve(name, including):
    """The file an #include "name" finds: beside the includer, or on the kernel's include
    path (-Ikernel -Ikernel/arch/x86). None for a header outside the kernel."""
    for directory in (including.parent, KERNEL, KERNEL / "arch" / "x86"):
        if (directory / name).is_file():
            return directory / name
    return None


def include_graph():
    """{module: {module it includes a header of}}, and {(module, module): [file -> header]}."""
    graph, why = {}, {}
    for path in kernel_files():
        source = module_of(path)
        graph.setdefault(source, set())
        for name in INCLUDE.findall(path.read_text()):
            target_path = resolve(name, path)
            if target_path is None:
                continue
            target = module_of(target_path)
            if target != source:
                graph[source].add(target)
                graph.setdefault(target, set())
                why.setdefault((source, target), []).append(
                    f"{path.relative_to(KERNEL)} includes {name}")
    return graph, why


def strongly_connected_components(graph):
    """Tarjan's algorithm, without recursion: the components of more than one module."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        components.append(component)
    return components


def tying_edges(component, graph, why):
    """For each module of @component outside the object core, the includes that tie it in."""
    lines = []
    for module in sorted(component - OBJECT_CORE):
        for target in sorted(graph[module] & component):
            lines += [f"  {module} -> {target}: {reason}" for reason in why[(module, target)]]
        for source in sorted(m for m in component if module in graph[m]):
            lines += [f"  {source} -> {module}: {reason}" for reason in why[(source, module)]]
    return lines


def test_the_graph_is_read():
    """The reader sees the kernel's real includes (a test that reads nothing passes anything)."""
    graph, _ = include_graph()
    assert {"trap", "thread", "sched", "gdt", "abi/errors"} <= set(graph)
    assert "thread" in graph["trap"] and "gdt" in graph["task"], "known includes not found"


def test_the_only_knot_is_the_object_core():
    graph, why = include_graph()
    components = strongly_connected_components(graph)
    outside = [component for component in components if not component <= OBJECT_CORE]
    assert not outside, (
        "modules outside the object core are tied into an include cycle; untie the includes "
        "below (a header of its own for what is shared, a forward declaration, or a "
        "parameter instead of a lookup), or justify the module in OBJECT_CORE:\n"
        + "\n".join(f"cycle of {sorted(c)}:\n" + "\n".join(tying_edges(c, graph, why))
                    for c in outside))
    assert len(components) <= 1, f"the object core should be one knot, not {components}"


def test_the_cycle_finder_finds_cycles():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    found = sorted(sorted(c) for c in strongly_connected_components(graph))
    assert found == [["a", "b", "c"], ["d", "e"]]


if __name__ == "__main__":
    graph, why = include_graph()
    for component in strongly_connected_components(graph):
        print(f"{len(component)} modules in a cycle: {' '.join(sorted(component))}")
        print("\n".join(tying_edges(component, graph, why)) or "  (all in the object core)")
    sys.exit(0)
