"""The GDB side of grading/harness/guest_state.py: runs inside ``gdb -batch``, never on its own.

GDB connects to QEMU's gdbstub (the socket named by $GUEST_STATE_SOCKET, QEMU started
paused with -S) and then serves requests from the harness, one JSON object a line on its
standard input, answering each with one JSON line on the file descriptor
$GUEST_STATE_REPLY_FD (GDB's own chatter stays on its stdout). Requests (``op``):

- ``run``: set breakpoints at ``stops`` (``*address``, or any GDB location), continue, and answer
  where the guest stopped with the first ``args`` 32-bit stack words after the return
  address (a cdecl function's arguments), or ``exited`` when QEMU went away first.
- ``record``: at ``location``, evaluate ``expressions`` and continue without stopping;
  ``records`` answers every row recorded so far, in the order the guest reached them, each
  row the location followed by the values.
- ``eval``: a C expression's value as an unsigned integer.
- ``read``/``write``: ``size`` bytes at ``address`` (hex), ``physical`` or through the CPU's
  current page tables (QEMU's Qqemu.PhyMemMode switches its gdbstub between the two).
- ``follow``: the physical addresses of a chain in memory, each page's first word the
  next page's address (0 ends it), at most ``limit`` long.
- ``steps_to_return``: single-step from a function's first instruction until it returns to
  its caller, and answer how many instructions that took (QEMU steps with interrupts off).
- ``kernel_report``: every task on the kernel's task_list with its id, name, the object
  (id, type), rights and badge of every capability in its slots, and every present page
  table entry below directory entry ``user_pdes``; ``slots_per_page``, ``present`` and
  ``writable`` are the build's CSPACE_SLOTS, PTE_PRESENT and PTE_WRITABLE
  (grading/harness/kernel_report.py turns the answer into the report JSON).
- ``kill``: end QEMU at once; ``finish``: remove every breakpoint and let the guest run to
  its end.
"""

import json
import os
import sys

import gdb  # noqa: F401  (provided by GDB itself)

REPLY = os.fdopen(int(os.environ["GUEST_STATE_REPLY_FD"]), "w", buffering=1)
MAX_STEPS = 1_000_000
PAGE = 4096
physical_mode = False
recorded = []
exited = False


def u32(expression):
    """The value of a C expression as an unsigned 32-bit integer."""
    return int(gdb.parse_and_eval(f"(unsigned int)({expression})")) & 0xFFFFFFFF


def set_physical(on):
    """Make memory reads and writes physical (True) or virtual (False)."""
    global physical_mode
    if on != physical_mode:
        gdb.execute(f"maint packet Qqemu.PhyMemMode:{1 if on else 0}", to_string=True)
        physical_mode = on


class Recorder(gdb.Breakpoint):
    """A breakpoint that records some values and lets the guest go on."""

    def __init__(self, location, expressions):
        super().__init__(location, internal=True)
        self.expressions = expressions
        self.name = location

    def stop(self):
        set_physical(False)
        recorded.append([self.name] + [u32(e) for e in self.expressions])
        return False


def stack_args(count):
    """The first *count* stack words above the return address (at a function's entry)."""
    set_physical(False)
    esp = u32("$esp")
    memory = bytes(gdb.selected_inferior().read_memory(esp + 4, 4 * count)) if count else b""
    return [int.from_bytes(memory[i:i + 4], "little") for i in range(0, len(memory), 4)]


def run(request):
    """Continue to one of request['stops']; where the guest stopped."""
    global exited
    breakpoints = [gdb.Breakpoint(stop, internal=True) for stop in request["stops"]]
    addresses = {}
    for point, stop in zip(breakpoints, request["stops"]):
        for location in point.locations:
            addresses[location.address & 0xFFFFFFFF] = stop
    try:
        gdb.execute("continue", to_string=True)
        pc = u32("$pc")
        reached = addresses.get(pc)
        if reached is None:
            return {"stopped": None, "pc": pc}
        return {"stopped": reached, "pc": pc, "args": stack_args(request.get("args", 0))}
    except gdb.error as error:
        exited = True
        return {"exited": True, "why": str(error)}
    finally:
        if not exited:
            for point in breakpoints:
                point.delete()


def steps_to_return():
    """Instructions from here (a function's entry) until it is back in its caller."""
    set_physical(False)
    entry_sp = u32("$esp")
    return_address = u32("*(unsigned int *)$esp")
    steps = 0
    while steps < MAX_STEPS:
        gdb.execute("stepi", to_string=True)
        steps += 1
        if u32("$pc") == return_address and u32("$esp") > entry_sp:
            return steps
    raise RuntimeError(f"no return after {MAX_STEPS} instructions")


def offsets(type_name):
    """{field name: byte offset} of a struct of the kernel."""
    return {f.name: f.bitpos // 8 for f in gdb.lookup_type(type_name).fields()}


def word(data, offset):
    return int.from_bytes(data[offset:offset + 4], "little")


def kernel_report(request):
    """Walk task_list and read each task's capability slots and user page tables (see the
    module's docstring); memory is read in blocks, so a big task costs a few packets."""
    memory = gdb.selected_inferior()
    set_physical(False)
    cap_size = gdb.lookup_type("struct capability").sizeof
    cap, kobject = offsets("struct capability"), offsets("struct kobject")
    per_page, present, writable = request["slots_per_page"], request["present"], request["writable"]
    tasks = []
    task = gdb.parse_and_eval("task_list")
    while int(task):
        t = task.dereference()
        caps = {}
        for page in range(int(t["cspace_slots"]) // per_page):
            set_physical(False)
            data = bytes(memory.read_memory(int(t["cspace"][page]), per_page * cap_size))
            for i in range(per_page):
                base = i * cap_size
                address = word(data, base + cap["object"])
                if not address:
                    continue
                header = bytes(memory.read_memory(address, gdb.lookup_type("struct kobject").sizeof))
                caps[page * per_page + i] = {
                    "object": word(header, kobject["id"]),
                    "type": int.from_bytes(header[kobject["type"]:kobject["type"] + 2], "little"),
                    "rights": word(data, base + cap["rights"]), "badge": word(data, base + cap["badge"])}
        set_physical(False)
        directory = bytes(memory.read_memory(int(t["page_directory"]), PAGE))
        mappings = {}
        for i in range(request["user_pdes"]):
            entry = word(directory, 4 * i)
            if not entry & present:
                continue
            set_physical(True)
            table = bytes(memory.read_memory(entry & ~(PAGE - 1), PAGE))
            for j in range(PAGE // 4):
                pte = word(table, 4 * j)
                if pte & present:
                    mappings[i << 22 | j << 12] = {"paddr": pte & ~(PAGE - 1), "writable": bool(pte & writable)}
        set_physical(False)
        tasks.append({"id": int(t["object"]["id"]), "name": t["name"].string(), "caps": caps,
                      "mappings": mappings})
        task = t["next"]
    return {"tasks": tasks}


def serve(request):
    """Answer one request."""
    op = request["op"]
    if exited and op not in ("finish", "kill", "records"):
        return {"exited": True}
    if op == "run":
        return run(request)
    if op == "record":
        Recorder(request["location"], request["expressions"])
        return {}
    if op == "records":
        return {"records": recorded}
    if op == "eval":
        set_physical(False)
        return {"value": u32(request["expression"])}
    if op == "read":
        set_physical(request.get("physical", False))
        data = bytes(gdb.selected_inferior().read_memory(request["address"], request["size"]))
        return {"data": data.hex()}
    if op == "write":
        set_physical(request.get("physical", False))
        gdb.selected_inferior().write_memory(request["address"], bytes.fromhex(request["data"]))
        return {}
    if op == "follow":
        set_physical(True)
        chain, address = [], request["address"]
        memory = gdb.selected_inferior()
        while address and len(chain) < request["limit"] and address % PAGE == 0:
            chain.append(address)
            address = int.from_bytes(bytes(memory.read_memory(address, 4)), "little")
        return {"chain": chain}
    if op == "kernel_report":
        return kernel_report(request)
    if op == "steps_to_return":
        return {"steps": steps_to_return()}
    if op in ("finish", "kill"):
        if not exited:
            set_physical(False)
            gdb.execute("delete", to_string=True)
            try:
                gdb.execute("kill" if op == "kill" else "continue", to_string=True)
            except gdb.error:
                pass
        return {"done": True}
    raise ValueError(f"unknown request {op!r}")


def main():
    for command in ("set architecture i386", "set pagination off", "set confirm off",
                    "set breakpoint pending off"):
        gdb.execute(command, to_string=True)
    gdb.execute(f"target remote {os.environ['GUEST_STATE_SOCKET']}", to_string=True)
    REPLY.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        try:
            answer = serve(request)
        except Exception as error:  # the harness reports it; GDB must keep serving
            answer = {"error": f"{type(error).__name__}: {error}"}
        REPLY.write(json.dumps(answer) + "\n")
        if request["op"] in ("finish", "kill"):
            break


main()
