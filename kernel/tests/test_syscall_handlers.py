"""Every system-call handler, and every user stub, takes the arguments SYSCALL_LIST names.

kernel/syscall.h generates each handler's prototype from SYSCALL_LIST (kernel/abi/syscalls.h),
so the compiler rejects a handler with the wrong number of arguments. It cannot see names:
these tests read the definitions of syscall_<name>() in the kernel's sys_*.c files and in
solutions/, and check that each one calls its parameters what the list (and the table in
docs/syscalls.md) calls them, in the same order; and the same of the user library's
wrappers (servers/lib/syscall_stubs.h), so that a student reading a handler, the docs and
the user stubs meets the same words.
"""

import re

from grading.harness.qemu import REPO
from test_syscall_docs import syscall_list_with_names  # kernel/tests/, on the path under pytest

# int32_t syscall_name(uint32_t a, uint32_t b) {   (maybe weak, maybe over several lines)
DEFINITION = re.compile(
    r"^(?:__attribute__\(\(\w+\)\)\s+)?int32_t\s+syscall_(\w+)\s*\(([^)]*)\)\s*\{", re.M)
PARAMETER = re.compile(r"^uint32_t\s+(\w+)$")


def handler_sources():
    """The C files that may define handlers: the kernel (not its tests or tools) and the
    reference solutions."""
    kernel = [p for p in (REPO / "kernel").rglob("*.c") if not {"tests", "tools"} & set(p.parts)]
    return sorted(kernel) + sorted((REPO / "solutions").rglob("*.c"))


def handler_definitions():
    """{call name: [(file, [parameter names] or None if not all are uint32_t)]}."""
    calls = {name for name, _, _, _ in syscall_list_with_names()}
    found = {}
    for path in handler_sources():
        for name, parameters in DEFINITION.findall(path.read_text()):
            if name not in calls:
                continue  # syscall_finish, syscall_call_general, ...: not handlers
            parameters = " ".join(parameters.split())
            names = []
            if parameters != "void":
                for parameter in parameters.split(","):
                    match = PARAMETER.match(parameter.strip())
                    names.append(match.group(1) if match else None)
            found.setdefault(name, []).append((path.relative_to(REPO), names))
    return found


def test_every_call_has_a_kernel_handler():
    definitions = handler_definitions()
    missing = []
    for name, number, _, _ in syscall_list_with_names():
        in_kernel = [f for f, _ in definitions.get(name, []) if f.parts[0] == "kernel"]
        if len(in_kernel) != 1:
            missing.append(f"{name} ({number}): {len(in_kernel)} definitions in kernel/")
    assert not missing, (
        "every call in SYSCALL_LIST needs exactly one handler in kernel/sys_*.c, written\n"
        "  int32_t syscall_<name>(uint32_t <argument>, ...)   (or (void))\n" + "\n".join(missing))


def test_handler_parameters_are_named_as_in_the_list():
    definitions = handler_definitions()
    wrong = []
    for name, _, count, names in syscall_list_with_names():
        for path, parameters in definitions.get(name, []):
            if parameters != names:
                shown = ", ".join(f"uint32_t {n}" for n in names) or "void"
                wrong.append(f"{path}: syscall_{name}({', '.join(map(str, parameters)) or 'void'})"
                             f" should be syscall_{name}({shown})")
    assert not wrong, (
        "a handler's parameters must be uint32_t, named as SYSCALL_LIST names the call's "
        "arguments, in its order:\n" + "\n".join(wrong))


def test_the_checks_see_a_wrong_name(tmp_path, monkeypatch):
    """The reader above is not blind: a handler with a renamed parameter is reported."""
    source = tmp_path / "kernel" / "sys_wrong.c"
    source.parent.mkdir()
    source.write_text("int32_t syscall_sleep(uint32_t ticks_wrong)\n{\n    return 0;\n}\n")
    monkeypatch.setitem(globals(), "REPO", tmp_path)
    assert handler_definitions() == {"sleep": [(source.relative_to(tmp_path), ["ticks_wrong"])]}


# static inline int sys_name(const void *buffer, unsigned length)   (maybe over two lines)
STUB = re.compile(r"^static inline (?:__attribute__\(\(\w+\)\)\s+)?\w+ sys_(\w+)\s*\(([^)]*)\)", re.M)
STUB_PARAMETER = re.compile(r"^(?:const\s+)?(?:unsigned|int|void|char|struct\s+\w+)\s*\**\s*(\w+)$")
STUBS_H = REPO / "servers" / "lib" / "syscall_stubs.h"


def test_user_stubs_name_the_arguments_as_the_list():
    """The user library's wrapper sys_<name>() takes the call's arguments first, named as in
    SYSCALL_LIST (typed for the caller: a pointer, a signed slot); the calls that receive a
    message take one more, the struct ipc_message the registers are stored in."""
    stubs = {}
    for name, parameters in STUB.findall(STUBS_H.read_text()):
        parameters = " ".join(parameters.split())
        stubs[name] = [] if parameters == "void" else [p.strip() for p in parameters.split(",")]
    wrong = []
    for name, _, count, names in syscall_list_with_names():
        if name not in stubs:
            wrong.append(f"sys_{name}: no wrapper")
            continue
        parameters = stubs[name]
        seen = [m.group(1) if (m := STUB_PARAMETER.match(p)) else p for p in parameters]
        extra = parameters[count:]
        if seen[:count] != names or any(not p.startswith("struct ipc_message *") for p in extra):
            wrong.append(f"sys_{name}({', '.join(parameters) or 'void'}): the arguments should be "
                         f"named {names}, then at most a struct ipc_message *")
    assert not wrong, f"{STUBS_H.relative_to(REPO)}:\n" + "\n".join(wrong)
