// Calls a module function through the SDK's real entrypoint, in a child process as the
// runtime would, against a loopback session (the engine double). The session serves
// Directory and File reads from fixture folders, records every exec the function's
// pipelines need, and lets the test script what each exec returns. Without a `host`,
// nothing is executed: a recording shows what the toolchain asks the engine to do.
// With one, the steps no script answers run for real on this machine (engine/host.ts).
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { changes, gitPatch } from "./engine/changes.ts";
import type { Secret } from "./engine/container.ts";
import type { Host } from "./engine/host.ts";
import type { RecordedChain } from "./engine/resolvers/index.ts";
import { serve } from "./engine/server.ts";
import {
  Session,
  type ExecScript,
  type FunctionCallSpec,
  type RecordedExec,
} from "./engine/session.ts";
import {
  emptyTree,
  filter,
  files,
  matcher,
  readTree,
  text,
  treeDigest,
  type Node,
  type Tree,
} from "./engine/tree.ts";
import { Value } from "./engine/values.ts";
import { introspect, type ArgumentApi, type ModuleApi } from "./introspect.ts";
import { runModule } from "./module-process.ts";

export interface CallOptions {
  /** The module folder, holding dagger.json. */
  module: string;
  /** The user's repository: where `defaultPath` arguments are loaded from ("/" is its root). */
  repo: string;
  /** Constructor arguments, as a user or a `customizations` default would set them. */
  constructorArgs?: Record<string, unknown>;
  /** The function of the module's main object; omit to call only the constructor. */
  function?: string;
  args?: Record<string, unknown>;
  /** Decides what each exec returns; by default every exec succeeds with no output. */
  exec?: ExecScript;
  /**
   * Replaces the `ignore` patterns of Directory arguments loaded from `repo`, by
   * argument name (the constructor's and the function's), as a customization's
   * `ignore` does: the given list replaces the argument's own, it does not add to it.
   */
  ignore?: Record<string, string[]>;
  /**
   * Runs the steps no `exec` script answers for real on this machine. Share one Host
   * between calls to keep cache volumes warm, as one engine would.
   */
  host?: Host;
}

export interface ChangesetResult {
  added: string[];
  modified: string[];
  removed: string[];
  /** The git-style patch `dagger generate` would apply. */
  patch: string;
  /** Contents of every added or modified file, as text. */
  files: Record<string, string>;
  /** Permission bits of every added or modified file. */
  modes: Record<string, number>;
}

export interface CallRecording {
  /** Every exec the function's pipelines ran, in the order they ran. */
  execs: RecordedExec[];
  /** The return value as the engine received it (JSON), when the function succeeded. */
  returned?: unknown;
  /** The error message the function returned, when it failed. */
  error?: string;
  changeset?: ChangesetResult;
  file?: { name: string; contents: string };
  /** The returned file's bytes, for files that are not text. */
  fileBytes?: Buffer;
  directory?: string[];
  /** What the module process printed. */
  logs: string;
}

const apis = new Map<string, Promise<ModuleApi>>();

/** The registered API of a module, read once per test process. */
export function moduleApi(moduleDir: string): Promise<ModuleApi> {
  const dir = resolve(moduleDir);
  if (!apis.has(dir)) apis.set(dir, introspect(dir));
  return apis.get(dir)!;
}

/** Loads a Directory argument the way the engine would: from the repo, minus ignores. */
function contextDirectory(
  opts: CallOptions,
  path: string,
  ignore: string[] | undefined,
): Tree {
  const patterns = ignore ?? [];
  // Without a `!pattern` nothing below an ignored folder can come back: skip reading it.
  const skip = patterns.some((p) => p.startsWith("!"))
    ? undefined
    : matcher(patterns);
  const at = join(opts.repo, path);
  const dir = existsSync(at) ? readTree(at, skip) : emptyTree;
  return patterns.length ? filter(dir, { exclude: patterns }) : dir;
}

/**
 * The SDK registers defaults of scalar arguments only; a list argument with a default
 * is registered as optional, and the engine sends nothing, leaving TypeScript's default.
 */
function registersDefault(arg: ArgumentApi): boolean {
  return !arg.type.endsWith("[]");
}

/** Turns the arguments a test gives, plus registered defaults, into the JSON the engine sends. */
function inputArgs(
  session: Session,
  opts: CallOptions,
  api: ArgumentApi[],
  given: Record<string, unknown>,
) {
  const args: Record<string, unknown> = {};
  for (const arg of api) {
    const value = given[arg.name];
    if (arg.type === "Directory" && (value !== undefined || arg.defaultPath)) {
      const path = typeof value === "string" ? value : arg.defaultPath!;
      const ignore = opts.ignore?.[arg.name] ?? arg.ignore;
      const tree =
        isAbsolute(path) && value !== undefined
          ? readTree(path)
          : contextDirectory(opts, path, ignore);
      args[arg.name] = session.register(
        new Value(
          "Directory",
          `context(${arg.name},${treeDigest(tree)})`,
          async () => tree,
        ),
      ).id;
    } else if (arg.type === "Secret" && value !== undefined) {
      // The test gives a secret's plaintext; recordings show only its name.
      args[arg.name] = session.register(
        new Value(
          "Secret",
          `secretArg(${arg.name})`,
          async (): Promise<Secret> => ({
            name: arg.name,
            plaintext: String(value),
          }),
        ),
      ).id;
    } else if (value !== undefined) {
      args[arg.name] = value;
    } else if (arg.defaultValue !== undefined && registersDefault(arg)) {
      args[arg.name] = arg.defaultValue;
    }
  }
  const unknown = Object.keys(given).filter(
    (name) => !api.some((a) => a.name === name),
  );
  if (unknown.length)
    throw new Error(`testkit: no argument named ${unknown.join(", ")}`);
  return args;
}

/** `ignore` may only name Directory arguments of the constructor or the function. */
function checkIgnoreNames(opts: CallOptions, api: ArgumentApi[]) {
  const strays = Object.keys(opts.ignore ?? {}).filter(
    (name) => !api.some((a) => a.name === name && a.type === "Directory"),
  );
  if (strays.length)
    throw new Error(
      `testkit: ignore names ${strays.join(", ")}, which is no Directory argument`,
    );
}

async function decodeResult(
  session: Session,
  value: unknown,
  returnType: string,
): Promise<Partial<CallRecording>> {
  if (typeof value !== "string" || !value.startsWith("testkit:")) return {};
  const object = session.load(value);
  const forced = await session.force(object);
  switch (returnType) {
    case "Changeset": {
      const { before, after } = forced as { before: Tree; after: Tree };
      const c = changes(before, after);
      const changed = [...c.added, ...c.modified].filter(
        (p) => !p.endsWith("/"),
      );
      return {
        changeset: {
          ...c,
          patch: gitPatch(before, after),
          files: Object.fromEntries(
            changed.map((p) => [p, text(after.get(p)!)]),
          ),
          modes: Object.fromEntries(
            changed.map((p) => [p, after.get(p)!.mode]),
          ),
        },
      };
    }
    case "File": {
      const { name, node } = forced as { name: string; node: Node };
      return { file: { name, contents: text(node) }, fileBytes: node.data };
    }
    case "Directory":
      return { directory: files(forced as Tree) };
    default:
      return {};
  }
}

function errorMessage(session: Session, error: Value): Promise<string> {
  return session.force(error).then((chain) => {
    const first = (chain as RecordedChain).calls[0];
    return String(first?.args.message ?? "(no message)");
  });
}

/**
 * Calls the module's constructor, then (when given) one of its functions, as
 * `dagger call` or `dagger check` would, and returns what the pipelines did.
 */
export async function call(opts: CallOptions): Promise<CallRecording> {
  const moduleDir = resolve(opts.module);
  const api = await moduleApi(moduleDir);
  const calls: FunctionCallSpec[] = [];
  const session = new Session(
    api.name,
    calls,
    opts.exec ?? (() => undefined),
    opts.host,
  );
  const objectName = api.main.name;
  calls.push({
    parentName: objectName,
    name: "",
    inputArgs: inputArgs(
      session,
      opts,
      api.main.constructorArgs,
      opts.constructorArgs ?? {},
    ),
  });
  const fn =
    opts.function === undefined
      ? undefined
      : api.main.functions.find((f) => f.name === opts.function);
  if (opts.function !== undefined && !fn)
    throw new Error(`testkit: ${api.name} has no function ${opts.function}`);

  checkIgnoreNames(opts, [...api.main.constructorArgs, ...(fn?.args ?? [])]);
  if (fn)
    calls.push({
      parentName: objectName,
      name: fn.name,
      inputArgs: inputArgs(session, opts, fn.args, opts.args ?? {}),
    });
  const endpoint = await serve(session);
  try {
    const logs = await runModule(
      moduleDir,
      endpoint.port,
      endpoint.token,
      calls.length,
    );
    const recording: CallRecording = { execs: session.execs, logs };
    const last =
      session.results[calls.length - 1] ??
      session.results.find((r) => "error" in r);
    if (!last)
      throw new Error(
        `testkit: ${api.name} returned nothing; the module process printed:\n${logs}`,
      );
    if ("error" in last)
      return { ...recording, error: await errorMessage(session, last.error) };
    const returned = JSON.parse(last.value);
    return {
      ...recording,
      returned,
      ...(await decodeResult(session, returned, fn?.returnType ?? objectName)),
    };
  } finally {
    await endpoint.close();
  }
}
