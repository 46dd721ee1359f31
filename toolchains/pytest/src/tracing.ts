// Each test as a span in Dagger's trace view. Dagger gives every exec an OTLP/HTTP
// endpoint and the exec's own span (OTEL_EXPORTER_OTLP_* and TRACEPARENT); this pytest
// plugin sends a span per test there. It needs only Python's standard library, so the
// project's environment gains no package and no version conflict: it is a file put on
// PYTHONPATH and loaded with -p. Without those variables (outside Dagger) it does nothing.

/** The plugin's module name, unique so it can shadow nothing of the project's. */
export const tracingModule = "toolchains_pytest_otel";
/** Where the plugin file is mounted, outside the source. */
export const tracingDir = "/opt/toolchains-pytest";

/** pytest's arguments that load the plugin. */
export const tracingArgs = ["-p", tracingModule];

/** Where the plugin file is written. */
export const tracingFile = `${tracingDir}/${tracingModule}.py`;

/** The run's variables with the plugin's folder first on PYTHONPATH, ahead of the env setting's own. */
export function withTracingPath(env: [string, string][]): [string, string][] {
  const own = env.find(([name]) => name === "PYTHONPATH");
  const path = own ? `${tracingDir}:${own[1]}` : tracingDir;
  return [
    ...env.filter(([name]) => name !== "PYTHONPATH"),
    ["PYTHONPATH", path],
  ];
}

export const tracingPlugin = `"""Each test as an OpenTelemetry span, under the span of the step that runs pytest.

Dagger gives every exec an OTLP/HTTP endpoint (OTEL_EXPORTER_OTLP_*) and the exec's
own span (TRACEPARENT); spans sent there show in its trace view. Standard library only,
so the project's environment gains no package. Without an endpoint it does nothing.
"""

import os
import struct
import sys
import time
import urllib.request

import pytest

# A batch is sent when it holds this many spans, or when this many seconds have passed.
BATCH_SPANS = 64
BATCH_SECONDS = 1.0

STATUS_OK = 1
STATUS_ERROR = 2
SPAN_KIND_INTERNAL = 1


def traces_endpoint():
    env = os.environ
    protocol = env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or env.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"
    )
    if protocol != "http/protobuf":
        return None
    endpoint = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    if endpoint:
        return endpoint
    base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
    return base.rstrip("/") + "/v1/traces" if base else None


def parent_context():
    """The trace and span ids of W3C's TRACEPARENT (version-trace-span-flags)."""
    parts = os.environ.get("TRACEPARENT", "").split("-")
    if len(parts) == 4 and len(parts[1]) == 32 and len(parts[2]) == 16:
        try:
            return bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
        except ValueError:
            pass
    return os.urandom(16), b""


# Protocol buffers encoding, for the few messages of an ExportTraceServiceRequest
# (opentelemetry/proto/collector/trace/v1/trace_service.proto).
def varint(n):
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        out.append(low | 0x80 if n else low)
        if not n:
            return bytes(out)


def tag(number, wire_type):
    return varint(number << 3 | wire_type)


def length_delimited(number, data):
    return tag(number, 2) + varint(len(data)) + data


def text(number, value):
    return length_delimited(number, value.encode("utf-8"))


def unsigned(number, value):
    return tag(number, 0) + varint(value)


def fixed64(number, value):
    return tag(number, 1) + struct.pack("<Q", value)


def key_value(key, value):
    any_value = unsigned(3, value) if isinstance(value, int) else text(1, str(value))
    return text(1, key) + length_delimited(2, any_value)


def encode_span(trace_id, parent_id, span):
    message = length_delimited(1, trace_id) + length_delimited(2, span["id"])
    if parent_id:
        message += length_delimited(4, parent_id)
    message += (
        text(5, span["name"])
        + unsigned(6, SPAN_KIND_INTERNAL)
        + fixed64(7, span["start"])
        + fixed64(8, span["end"])
    )
    for key, value in span["attributes"].items():
        message += length_delimited(9, key_value(key, value))
    status = text(2, span["message"]) if span["message"] else b""
    if span["code"]:
        status += unsigned(3, span["code"])
    return message + length_delimited(15, status)


def encode_request(trace_id, parent_id, spans):
    resource = length_delimited(1, key_value("service.name", "pytest"))
    scope = text(1, "toolchains-pytest")
    scope_spans = length_delimited(1, scope) + b"".join(
        length_delimited(2, encode_span(trace_id, parent_id, s)) for s in spans
    )
    resource_spans = length_delimited(1, resource) + length_delimited(2, scope_spans)
    return length_delimited(1, resource_spans)


def result(reports):
    """pass, fail or skipped, and the failure's one-line message."""
    for report in reports:
        if report.failed:
            crash = getattr(report.longrepr, "reprcrash", None)
            message = getattr(crash, "message", "") or f"failed in {report.when}"
            return "fail", message.splitlines()[0][:500] if message else ""
    if any(report.skipped for report in reports):
        return "skipped", ""
    return "pass", ""


class Tracer:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self.trace_id, self.parent_id = parent_context()
        # Loopback, as Dagger gives it: never through a proxy the environment names.
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.pending = []
        self.sent_at = time.monotonic()
        self.reports = {}
        self.broken = False

    # Only the process that runs a test makes its span: with pytest-xdist, a worker.
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        self.reports[item.nodeid] = []
        start = time.time_ns()
        yield
        end = time.time_ns()
        status, message = result(self.reports.pop(item.nodeid, []))
        path, lineno, _ = item.location
        self.pending.append(
            {
                "id": os.urandom(8),
                "name": item.nodeid,
                "start": start,
                "end": end,
                "attributes": {
                    "test.case.name": item.nodeid,
                    "test.case.result.status": status,
                    "code.filepath": path,
                    "code.lineno": (lineno or 0) + 1,
                },
                "code": {"fail": STATUS_ERROR, "pass": STATUS_OK}.get(status, 0),
                "message": message,
            }
        )
        waited = time.monotonic() - self.sent_at
        if len(self.pending) >= BATCH_SPANS or waited >= BATCH_SECONDS:
            self.send()

    def pytest_runtest_logreport(self, report):
        if report.nodeid in self.reports:
            self.reports[report.nodeid].append(report)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        self.send()

    def send(self):
        spans, self.pending, self.sent_at = self.pending, [], time.monotonic()
        if not spans or self.broken:
            return
        request = urllib.request.Request(
            self.endpoint,
            data=encode_request(self.trace_id, self.parent_id, spans),
            headers={"Content-Type": "application/x-protobuf"},
            method="POST",
        )
        try:
            self.opener.open(request, timeout=5).close()
        except Exception as error:  # tracing must never fail the tests
            self.broken = True
            print(f"{__name__}: spans not sent to {self.endpoint}: {error}", file=sys.stderr)


def pytest_configure(config):
    endpoint = traces_endpoint()
    if endpoint:
        config.pluginmanager.register(Tracer(endpoint), "toolchains-pytest-otel-tracer")
`;
