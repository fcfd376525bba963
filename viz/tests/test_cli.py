"""Tests for the command line (python3 -m orrery_trace and the viz/orrery-trace wrapper)."""

import json
import subprocess

from orrery_trace.decode import encode_record

from trace_samples import BOCHS_LINE, VIZ

PYTHON = "/usr/bin/python3"
WRAPPER = VIZ / "orrery-trace"


def run(args, cwd, stdin=b""):
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, timeout=60)


def sample(ids, phase_ids):
    return (BOCHS_LINE + encode_record(ids["boot_phase"], 0, 1000, [phase_ids["boot_complete"]])
            + b"hello\n" + encode_record(ids["frame_alloc"], 1, 2000, [0x200000, 1]))


def test_decode_file_to_json_lines(tmp_path, ids, phase_ids):
    trace = tmp_path / "trace.bin"
    trace.write_bytes(sample(ids, phase_ids))
    out, text = tmp_path / "out.jsonl", tmp_path / "text.txt"
    proc = run([PYTHON, "-m", "orrery_trace", "decode", str(trace), "-o", str(out), "--text", str(text)], VIZ)
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"seq": 0, "ts": 1000, "type": "boot_phase", "line": 0, "phase": "boot_complete"},
        {"seq": 1, "ts": 2000, "type": "frame_alloc", "line": 0, "paddr": 0x200000, "frames_in_use": 1,
         "use": "kernel", "task": 0},
    ]
    assert text.read_text() == BOCHS_LINE.decode() + "hello\n"


def test_wrapper_from_elsewhere_reads_stdin(tmp_path, ids, phase_ids):
    proc = run([str(WRAPPER), "decode"], tmp_path, stdin=sample(ids, phase_ids))
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["seq"] for line in proc.stdout.decode().splitlines()] == [0, 1]


def test_corrupt_file_exits_2(tmp_path, ids, phase_ids):
    data = bytearray(sample(ids, phase_ids))
    data[-5] ^= 0x40
    trace = tmp_path / "bad.bin"
    trace.write_bytes(bytes(data))
    proc = run([str(WRAPPER), "decode", str(trace)], tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("orrery-trace: error: offset ")
    assert "bad checksum" in proc.stderr.decode()
    lenient = run([str(WRAPPER), "decode", "--lenient", str(trace)], tmp_path)
    assert lenient.returncode == 0
    assert len(lenient.stdout.decode().splitlines()) == 1
    assert "orrery-trace: warning: " in lenient.stderr.decode()


def test_missing_file_exits_2(tmp_path):
    proc = run([PYTHON, "-m", "orrery_trace", "decode", str(tmp_path / "nope.bin")], VIZ)
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith("orrery-trace: error: cannot read ") and "nope.bin" in err


def test_bad_flag_is_argparse_error(tmp_path):
    proc = run([str(WRAPPER), "decode", "--bogus"], tmp_path)
    assert proc.returncode == 2 and b"usage:" in proc.stderr


def test_perfetto_output(tmp_path, ids, phase_ids):
    out = tmp_path / "trace.json"
    proc = run([str(WRAPPER), "perfetto", "-", "-o", str(out)], tmp_path, stdin=sample(ids, phase_ids))
    assert proc.returncode == 0, proc.stderr
    trace = json.loads(out.read_text())
    assert trace["displayTimeUnit"] == "ns"
    assert {(e["ph"], e["name"]) for e in trace["traceEvents"]} >= {("i", "boot_complete"), ("C", "frames_in_use")}
