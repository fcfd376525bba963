"""Tests for schema.py and `orrery-trace schema`: the visualizer's schema is read from the
kernel's headers, so a changed header changes the schema."""

import json
import re
import shutil
import subprocess

import pytest

from orrery_trace import events, kernel_headers
from orrery_trace.kernel_headers import HeaderConstantError, header_enum
from orrery_trace.schema import CONSTANT_GROUPS, FORMAT, SYSCALLS_HEADER, VERSION, build_schema

from trace_samples import VIZ

KERNEL = kernel_headers.KERNEL_DIR
#: The headers the schema reads (copied into a kernel/ of the test's own).
HEADERS = ["trace_events.h", SYSCALLS_HEADER] + sorted({h for h, _, _ in CONSTANT_GROUPS.values()})


def test_real_schema_has_every_event_table_and_constant():
    schema = build_schema()
    assert schema["format"] == FORMAT == "orrery-trace-schema" and schema["version"] == VERSION == 1
    header = (KERNEL / "trace_events.h").read_text()
    lines = re.findall(r"^\s*TRACE_EVENT\((\w+),\s*(\d+),\s*(.*?)\)\s*\\?$", header, re.MULTILINE)
    assert len(lines) == len(schema["events"]) > 30
    for name, number, fields in lines:
        assert schema["events"][number] == {"name": name, "fields": re.findall(r'"(\w*)"', fields)}
    assert schema["tables"]["BOOT_PHASE"]["9"] == "boot_complete"
    constants = schema["constants"]
    assert set(constants) == {"object_type", "thread_exit_reason", "switch_reason", "rights", "ipc_tag", "syscalls"}
    assert constants["object_type"] == header_enum("abi/syscalls.h", "object_type")
    assert constants["switch_reason"]["SWITCH_YIELD"] == 1 and constants["thread_exit_reason"]["EXIT_FAULT"] == 2
    assert constants["rights"] == {"RIGHT_READ": 1, "RIGHT_WRITE": 2, "RIGHT_CONTROL": 4, "RIGHT_GRANT": 8}
    assert constants["ipc_tag"]["IPC_TAG_CAP"] == 0x80 and constants["ipc_tag"]["IPC_TAG_LABEL_SHIFT"] == 16
    calls = re.findall(r"^\s*SYSCALL\((\w+), (\d+),", (KERNEL / SYSCALLS_HEADER).read_text(), re.MULTILINE)
    assert constants["syscalls"] == {number: name for name, number in calls} and constants["syscalls"]["22"] == "call"
    assert isinstance(schema["sites"], list)
    json.dumps(schema)  # plain JSON


@pytest.fixture
def kernel(tmp_path, monkeypatch):
    """A copy of the headers the schema reads, in a kernel/ of our own."""
    for header in HEADERS:
        (tmp_path / header).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(KERNEL / header, tmp_path / header)
    monkeypatch.setattr(kernel_headers, "KERNEL_DIR", tmp_path)
    return tmp_path


def _edit(path, old, new):
    text = path.read_text()
    assert old in text, f"{path.name} no longer has {old!r}: update the test"
    path.write_text(text.replace(old, new, 1))


def test_changed_headers_change_the_schema(kernel):
    before = build_schema()
    _edit(kernel / "trace_events.h", "#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n",
          '#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n    TRACE_EVENT(pizza_time, 250, "slices", "", "topping_name", "") \\\n')
    _edit(kernel / "trace_events.h", "/* clang-format on */",
          "#define TOPPING_LIST(TOPPING) \\\n    TOPPING(cheese, 0) \\\n    TOPPING(olive, 1)\n/* clang-format on */")
    _edit(kernel / "abi/syscalls.h", "OBJECT_REPLY = 10,", "OBJECT_REPLY = 10,\n    OBJECT_PIZZA = 11,")
    _edit(kernel / "abi/syscalls.h", "#define RIGHT_READ 0x1", "#define RIGHT_EAT 0x40\n#define RIGHT_READ 0x1")
    _edit(kernel / "abi/syscalls.h", "SYSCALL(null, 0, 0)", "SYSCALL(null, 0, 0) \\\n    SYSCALL(pizza_order, 77, 1, size)")
    _edit(kernel / "sched.h", "SWITCH_EXIT = 4,", "SWITCH_EXIT = 4,\n    SWITCH_LUNCH = 9,")
    events._load_cached.cache_clear()  # the same path, new text
    after = build_schema(kernel / "trace_events.h")
    assert after["events"]["250"] == {"name": "pizza_time", "fields": ["slices", "", "topping_name", ""]}
    assert after["tables"]["TOPPING"] == {"0": "cheese", "1": "olive"}
    assert after["constants"]["object_type"]["OBJECT_PIZZA"] == 11
    assert after["constants"]["rights"]["RIGHT_EAT"] == 0x40
    assert after["constants"]["syscalls"]["77"] == "pizza_order"
    assert after["constants"]["switch_reason"]["SWITCH_LUNCH"] == 9
    assert "250" not in before["events"] and "77" not in before["constants"]["syscalls"]


def test_a_constant_that_goes_missing_is_an_error(kernel):
    _edit(kernel / "thread.h", "enum thread_exit_reason", "enum thread_end_reason")
    with pytest.raises(HeaderConstantError, match="thread_exit_reason"):
        build_schema(kernel / "trace_events.h")


def test_cli_writes_the_schema(tmp_path):
    out = tmp_path / "schema.json"
    proc = subprocess.run([str(VIZ / "orrery-trace"), "schema", "-o", str(out)], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text()) == json.loads(json.dumps(build_schema()))
    stdout = subprocess.run([str(VIZ / "orrery-trace"), "schema"], capture_output=True, timeout=60)
    assert json.loads(stdout.stdout) == json.loads(out.read_text())


def test_cli_bad_header_exits_2(tmp_path):
    bad = tmp_path / "trace_events.h"
    bad.write_text("#define TRACE_EVENT_LIST(TRACE_EVENT) \\\n    TRACE_EVENT(broken, x)\n")
    proc = subprocess.run([str(VIZ / "orrery-trace"), "--header", str(bad), "schema"], capture_output=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("orrery-trace: error: ") and "cannot parse TRACE_EVENT" in proc.stderr.decode()
