// The OTLP receiver that stands in for the engine's: it must read what real
// OpenTelemetry exporters send, and refuse what the engine refuses.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { decodeTraceRequest, startOtlpReceiver } from "../src/index.ts";

const sdkRequest = readFileSync(
  new URL("./fixtures/otlp/pytest-opentelemetry-1.1.0.bin", import.meta.url),
);

test("decodes the spans the OpenTelemetry Python SDK exports", () => {
  const spans = decodeTraceRequest(sdkRequest);
  const run = spans.find((s) => s.name === "test run")!;
  expect(run).toMatchObject({
    traceId: "0af7651916cd43dd8448eb211c80319c",
    parentSpanId: "b7ad6b7169203331",
    scope: "pytest-opentelemetry",
    statusCode: 2,
  });
  const tests = spans.filter((s) => s.parentSpanId === run.spanId);
  expect(tests.map((s) => [s.name, s.statusCode])).toEqual([
    ["test_sample.py::test_ok", 1],
    ["test_sample.py::test_fail", 2],
    ["test_sample.py::test_skip", 0],
    ["test_sample.py::TestK::test_m", 1],
  ]);
  expect(tests[0]!.attributes).toMatchObject({
    "code.filepath": "test_sample.py",
    "code.lineno": 1,
    "pytest.span_type": "test",
  });
  expect(tests[0]!.endNanos > tests[0]!.startNanos).toBe(true);
});

test("receives binary protobuf on /v1/traces and refuses JSON, as the engine does", async () => {
  const receiver = await startOtlpReceiver();
  try {
    const traces = receiver.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT!;
    expect(traces).toBe(
      `${receiver.env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`,
    );
    expect(receiver.env.TRACEPARENT).toBe(
      `00-${receiver.parent.traceId}-${receiver.parent.spanId}-01`,
    );
    const post = (contentType: string, body: Buffer) =>
      fetch(traces, {
        method: "POST",
        headers: { "content-type": contentType },
        body: new Uint8Array(body),
      }).then((r) => r.status);
    expect(await post("application/x-protobuf", sdkRequest)).toBe(201);
    expect(await post("application/json", Buffer.from("{}"))).toBe(400);
    expect(receiver.spans).toHaveLength(decodeTraceRequest(sdkRequest).length);
    expect(receiver.refused).toEqual(["content-type application/json"]);
  } finally {
    await receiver.close();
  }
});
