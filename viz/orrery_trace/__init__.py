"""orrery_trace: host-side decoder for the Orrery kernel's port-0xE9 trace stream.

Event ids and names come from kernel/trace_events.h (see events.py); the framing is
described in docs/test-protocol.md, "The trace stream".
"""

from .decode import DecodeResult, TraceError, decode_stream, encode_record, fletcher16
from .events import HeaderError, TraceEvents, load_events, parse_header
from .perfetto import to_chrome_trace

__all__ = [
    "DecodeResult", "TraceError", "decode_stream", "encode_record", "fletcher16",
    "HeaderError", "TraceEvents", "load_events", "parse_header", "to_chrome_trace",
]
