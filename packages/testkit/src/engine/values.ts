// Lazy values, as the engine has them: a value is the description of how to make it
// (its key), and is computed only when a query needs its contents. A value's ID is
// derived from its key, so building the same pipeline twice yields the same ID and
// the same memoised result, as the engine's cache would.
import { createHash } from "node:crypto";

export class Value<T = unknown> {
  constructor(
    /** The GraphQL type: "Container", "Directory", "File", ... */
    readonly type: string,
    /** A stable description of how the value is made. */
    readonly key: string,
    readonly compute: () => Promise<T>,
  ) {}

  get id(): string {
    return `testkit:${this.type}:${createHash("sha256").update(this.key).digest("hex").slice(0, 24)}`;
  }
}

/** Canonical JSON: object keys sorted, so equal arguments give equal keys. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The error a failing exec raises, with the extensions the SDK turns into an ExecError. */
export class ExecFailure extends Error {
  constructor(
    message: string,
    readonly extensions: {
      _type: "EXEC_ERROR";
      cmd: string[];
      exitCode: number;
      stdout: string;
      stderr: string;
    },
  ) {
    super(message);
  }
}
