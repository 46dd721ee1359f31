// An OTLP/HTTP trace receiver on loopback, standing in for the one Dagger's engine gives
// every exec: the same environment variables, binary protobuf only (what the engine
// accepts), and the spans it received, decoded.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Empty for a span with no parent. */
  parentSpanId: string;
  name: string;
  startNanos: bigint;
  endNanos: bigint;
  attributes: Record<string, string | number | boolean>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
  /** The instrumentation scope that made it. */
  scope: string;
}

export interface OtlpReceiver {
  /** What the engine sets in an exec's environment, with this receiver's address. */
  env: Record<string, string>;
  /** The span the exec runs under, as its TRACEPARENT names it. */
  parent: { traceId: string; spanId: string };
  spans: ReceivedSpan[];
  /** Requests it refused, with why: a client that sends what the engine would not take. */
  refused: string[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const why =
        req.method !== "POST" || req.url !== "/v1/traces"
          ? `${req.method} ${req.url}`
          : req.headers["content-type"] !== "application/x-protobuf"
            ? `content-type ${req.headers["content-type"]}`
            : req.headers["content-encoding"]
              ? `content-encoding ${req.headers["content-encoding"]}`
              : "";
      if (why) {
        refused.push(why);
        res.writeHead(400).end();
        return;
      }
      try {
        spans.push(...decodeTraceRequest(Buffer.concat(chunks)));
        res.writeHead(201).end();
      } catch (e) {
        refused.push(`undecodable: ${(e as Error).message}`);
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const parent = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
  };
  return {
    env: {
      OTEL_TRACES_EXPORTER: "otlp",
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces`,
      OTEL_EXPORTER_OTLP_TRACES_LIVE: "1",
      TRACEPARENT: `00-${parent.traceId}-${parent.spanId}-01`,
    },
    parent,
    spans,
    refused,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

/** One protobuf field: its number, and its value as a number or the bytes it holds. */
type Field = { number: number; value: bigint | Buffer };

function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let n = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (at >= buf.length) throw new Error("truncated varint");
      const b = buf[at++]!;
      n |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const number = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ number, value: varint() });
    else if (wire === 1) {
      out.push({ number, value: buf.readBigUInt64LE(at) });
      at += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      out.push({ number, value: buf.subarray(at, at + length) });
      at += length;
    } else if (wire === 5) {
      out.push({ number, value: BigInt(buf.readUInt32LE(at)) });
      at += 4;
    } else throw new Error(`wire type ${wire}`);
  }
  return out;
}

/** A message's fields, read once, looked up by number. */
function message(buf: Buffer) {
  const all = fields(buf);
  const messages = (number: number): Buffer[] =>
    all
      .filter((f) => f.number === number && Buffer.isBuffer(f.value))
      .map((f) => f.value as Buffer);
  return {
    messages,
    bytes: (number: number): Buffer => messages(number)[0] ?? Buffer.alloc(0),
    number: (number: number): bigint => {
      const f = all.find((x) => x.number === number);
      return typeof f?.value === "bigint" ? f.value : 0n;
    },
  };
}

// opentelemetry/proto/common/v1/common.proto: KeyValue { key = 1; AnyValue value = 2 },
// AnyValue { string_value = 1; bool_value = 2; int_value = 3; double_value = 4 }.
function attributes(kvs: Buffer[]): ReceivedSpan["attributes"] {
  const out: ReceivedSpan["attributes"] = {};
  for (const kv of kvs.map(message)) {
    const [f] = fields(kv.bytes(2));
    const key = kv.bytes(1).toString("utf8");
    if (!f) continue;
    if (f.number === 1) out[key] = (f.value as Buffer).toString("utf8");
    else if (f.number === 2) out[key] = f.value === 1n;
    else if (f.number === 3) out[key] = Number(f.value as bigint);
    else if (f.number === 4) {
      const double = Buffer.alloc(8);
      double.writeBigUInt64LE(f.value as bigint);
      out[key] = double.readDoubleLE();
    }
  }
  return out;
}

/** The spans of an ExportTraceServiceRequest (opentelemetry/proto/trace/v1/trace.proto). */
export function decodeTraceRequest(body: Buffer): ReceivedSpan[] {
  return message(body)
    .messages(1)
    .flatMap((resourceSpans) =>
      message(resourceSpans)
        .messages(2)
        .flatMap((buf) => {
          const scopeSpans = message(buf);
          const scope = message(scopeSpans.bytes(1)).bytes(1).toString("utf8");
          return scopeSpans.messages(2).map((spanBytes) => {
            const span = message(spanBytes);
            const status = message(span.bytes(15));
            return {
              traceId: span.bytes(1).toString("hex"),
              spanId: span.bytes(2).toString("hex"),
              parentSpanId: span.bytes(4).toString("hex"),
              name: span.bytes(5).toString("utf8"),
              startNanos: span.number(7),
              endNanos: span.number(8),
              attributes: attributes(span.messages(9)),
              statusCode: Number(status.number(3)),
              statusMessage: status.bytes(2).toString("utf8"),
              scope,
            };
          });
        }),
    );
}
