// One engine session: the values a function built, the execs it ran (recorded in the
// order the pipeline needed them), and the module calls it answers.
import { Value } from "./values.ts";
import type { Mount } from "./container.ts";
import type { Host } from "./host.ts";

/** What a scripted exec is asked to decide. */
export interface ExecRequest {
  argv: string[];
  workdir: string;
  env: Record<string, string>;
  image?: string;
  stdin?: string;
  /** What is mounted where, as the recording shows it. */
  mounts: Record<string, RecordedMount>;
  /** A file the step can see (absolute, or relative to the workdir). */
  read(path: string): string | undefined;
  /** Files the step can see below a directory, relative to it. */
  files(dir: string): string[];
}

/** What a scripted exec returns. Files are written where the step would write them. */
export interface ExecOutcome {
  exitCode?: number;
  stdout?: string;
  stderr?: string;
  /** Path (absolute or relative to the workdir) → new contents, or null to delete. */
  files?: Record<string, string | Buffer | null>;
}

export type ExecScript = (
  exec: ExecRequest,
) => ExecOutcome | void | Promise<ExecOutcome | void>;

export type RecordedMount =
  | { type: "directory"; readOnly: boolean }
  | { type: "file" }
  | { type: "cache"; volume: string; sharing: string }
  | { type: "temp" }
  | { type: "secret"; secret: string };

/** One exec as the pipeline built it, with everything that decides its result. */
export interface RecordedExec {
  image?: string;
  argv: string[];
  workdir: string;
  env: Record<string, string>;
  /** Variable → secret name; plaintexts are never recorded. */
  secretEnv: Record<string, string>;
  mounts: Record<string, RecordedMount>;
  /** Every file the pipeline put where the step can see it, as absolute paths. */
  files: string[];
  expect: "SUCCESS" | "ANY" | "FAILURE";
  stdin?: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  /** How long the step ran, when it ran for real on the host. */
  durationMs?: number;
  /** Set when the Host had run the same step before and reused its result. */
  cached?: boolean;
}

export function recordMount(mount: Mount): RecordedMount {
  switch (mount.type) {
    case "directory":
      return { type: "directory", readOnly: mount.readOnly };
    case "cache":
      return { type: "cache", volume: mount.volume, sharing: mount.sharing };
    case "secret":
      return { type: "secret", secret: mount.secret.name };
    default:
      return { type: mount.type };
  }
}

/** A module function call the session answers through `currentFunctionCall`. */
export interface FunctionCallSpec {
  parentName: string;
  /** "" for the constructor. */
  name: string;
  /** The parent object's state as JSON; by default what the previous call returned. */
  parent?: string;
  inputArgs: Record<string, unknown>;
}

export type CallResult = { value: string } | { error: Value };

export class Session {
  readonly execs: RecordedExec[] = [];
  readonly results: CallResult[] = [];
  private readonly byId = new Map<string, Value>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly moduleName: string,
    readonly calls: readonly FunctionCallSpec[],
    readonly script: ExecScript,
    /** Runs the steps no script answers, for real; absent, they succeed silently. */
    readonly host?: Host,
  ) {}

  get currentCall(): Required<FunctionCallSpec> {
    const call = this.calls[this.results.length];
    if (!call)
      throw new Error(
        "testkit: the module asked for a function call after the last one",
      );
    const previous = this.results.at(-1);
    const parent =
      call.parent ?? (previous && "value" in previous ? previous.value : "{}");
    return { ...call, parent };
  }

  register<T>(value: Value<T>): Value<T> {
    this.byId.set(value.id, value);
    return value;
  }

  load(id: unknown, type?: string): Value {
    const value = typeof id === "string" ? this.byId.get(id) : undefined;
    if (!value) throw new Error(`testkit: unknown ID ${JSON.stringify(id)}`);
    if (type && value.type !== type)
      throw new Error(`testkit: ID of a ${value.type} used as a ${type}`);
    return value;
  }

  /** Computes a value once per session, like the engine's cache. */
  force<T>(value: Value<T>): Promise<T> {
    let result = this.memo.get(value.key) as Promise<T> | undefined;
    if (!result) {
      result = value.compute();
      this.memo.set(value.key, result);
    }
    return result;
  }
}
