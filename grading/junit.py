"""JUnit XML for graded results, for CI systems that show test reports.

One ``<testsuite name="labN">`` with a ``<testcase classname="labN" name=...>`` per
graded test.  A failed test (wrong result, exception, timeout or crash alike: each costs
the student the test's points) gets a ``<failure>`` whose message is the "seen" line and
whose body holds expected / seen / hint; every test's output goes in ``<system-out>``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

# Characters XML 1.0 cannot carry at all, even escaped (test output may hold any byte).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def build_junit(lab, results, execution_time: float) -> bytes:
    """The junit.xml document (UTF-8 bytes) for ``results`` of ``lab``."""
    suite_name = f"lab{lab.number}"
    suite = ET.Element("testsuite", {
        "name": suite_name,
        "tests": str(len(results)),
        "failures": str(sum(1 for r in results if not r.passed)),
        "errors": "0",
        "skipped": "0",
        "time": f"{execution_time:.3f}",
    })
    props = ET.SubElement(suite, "properties")
    ET.SubElement(props, "property", {"name": "title", "value": _clean(lab.heading)})
    ET.SubElement(props, "property", {
        "name": "score",
        "value": f"{sum(r.score for r in results):g}/{sum(r.test.points for r in results):g}"})
    for r in results:
        case = ET.SubElement(suite, "testcase", {
            "classname": suite_name,
            "name": _clean(r.test.name),
            "time": f"{r.duration:.3f}",
        })
        if not r.passed:
            failure = ET.SubElement(case, "failure", {
                "message": _clean(r.seen or "failed"),
                "type": r.kind,
            })
            failure.text = _clean("\n".join(r.failure_lines()))
        out = f"test id: {r.test.id}\npoints: {r.score:g}/{r.test.points:g}\n"
        if r.output:
            out += r.output + "\n"
        ET.SubElement(case, "system-out").text = _clean(out)
    ET.indent(suite)
    return ET.tostring(suite, encoding="utf-8", xml_declaration=True) + b"\n"


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
