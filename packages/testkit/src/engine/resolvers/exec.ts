// withExec: a step answered by the test's script, or run on the Host when the script
// leaves it, recorded with everything that decides its result; a result its `expect`
// does not allow fails as the engine's does, and the files it wrote land where the
// step would have written them.
import {
  removePath,
  resolve,
  view,
  writeTree,
  type ContainerState,
} from "../container.ts";
import type { HostRun } from "../host.ts";
import {
  recordMount,
  type ExecOutcome,
  type RecordedExec,
  type Session,
} from "../session.ts";
import * as tree from "../tree.ts";
import { ExecFailure } from "../values.ts";
import {
  flag,
  optionalEnum,
  optionalString,
  strings,
  type Args,
} from "./args.ts";
import { baseName, newFile } from "./resolver.ts";

type Result = NonNullable<ContainerState["lastExec"]>;

/** `${VAR}` and `$VAR` replaced from `env` (unset: empty), as the engine expands. */
export function expand(
  text: string,
  env: Readonly<Record<string, string>>,
): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? "",
  );
}

function recordedMounts(st: ContainerState) {
  return Object.fromEntries(
    [...st.mounts].sort().map(([at, m]) => [`/${at}`, recordMount(m)]),
  );
}

function argvOf(st: ContainerState, a: Args): string[] {
  const args = strings(a, "args");
  const argv = flag(a, "useEntrypoint") ? [...st.entrypoint, ...args] : args;
  const scope = { ...st.imageEnv, ...st.env };
  return flag(a, "expand") ? argv.map((arg) => expand(arg, scope)) : argv;
}

function allowed(expect: RecordedExec["expect"], exitCode: number): boolean {
  if (expect === "ANY") return true;
  return expect === "SUCCESS" ? exitCode === 0 : exitCode !== 0;
}

/** The container after the step: the Host's filesystem when it ran, then the script's files. */
function after(
  st: ContainerState,
  result: Result,
  ran: HostRun | undefined,
  files: ExecOutcome["files"],
): ContainerState {
  let next: ContainerState = ran
    ? {
        ...st,
        rootfs: ran.rootfs,
        mounts: ran.mounts,
        removedFromImage: ran.removedFromImage,
        lastExec: result,
      }
    : { ...st, lastExec: result };
  for (const [path, contents] of Object.entries(files ?? {})) {
    const abs = resolve(st, path);
    next =
      contents === null
        ? removePath(next, `/${abs}`)
        : writeTree(
            next,
            `/${abs.split("/").slice(0, -1).join("/")}`,
            new Map([[baseName(abs), newFile(contents)]]),
          );
  }
  return next;
}

/** Writes an output stream to the file a `redirectStdout`/`redirectStderr` names. */
function redirect(
  st: ContainerState,
  path: string | undefined,
  output: string,
): ContainerState {
  if (!path) return st;
  return writeTree(st, "/", new Map([[resolve(st, path), newFile(output)]]));
}

export async function runExec(
  s: Session,
  st: ContainerState,
  a: Args,
): Promise<ContainerState> {
  const argv = argvOf(st, a);
  const stdin = optionalString(a, "stdin");
  const expect =
    optionalEnum(a, "expect", ["SUCCESS", "ANY", "FAILURE"]) ?? "SUCCESS";
  const visible = view(st, "/");
  const scripted = await s.script({
    argv,
    workdir: st.workdir,
    env: { ...st.env },
    image: st.image,
    stdin,
    mounts: recordedMounts(st),
    read: (path) => {
      const node = visible.get(resolve(st, path));
      return node && tree.text(node);
    },
    files: (dir) => tree.files(view(st, dir)),
  });
  const ran =
    scripted === undefined && s.host
      ? await s.host.run(st, argv, stdin)
      : undefined;
  const outcome = scripted ?? {};
  const result: Result = {
    exitCode: ran?.exitCode ?? outcome.exitCode ?? 0,
    stdout: ran?.stdout ?? outcome.stdout ?? "",
    stderr: ran?.stderr ?? outcome.stderr ?? "",
  };
  s.execs.push({
    image: st.image,
    argv,
    workdir: st.workdir,
    env: { ...st.env },
    secretEnv: Object.fromEntries(
      Object.entries(st.secretEnv).map(([k, v]) => [k, v.name]),
    ),
    mounts: recordedMounts(st),
    files: tree.files(visible).map((p) => `/${p}`),
    expect,
    ...(stdin !== undefined ? { stdin } : {}),
    ...result,
    ...(ran?.cached ? { cached: true } : {}),
    ...(ran && !ran.cached ? { durationMs: ran.durationMs } : {}),
  });
  if (!allowed(expect, result.exitCode))
    throw new ExecFailure(
      `process "${argv.join(" ")}" did not complete successfully: exit code: ${result.exitCode}`,
      {
        _type: "EXEC_ERROR",
        cmd: argv,
        exitCode: result.exitCode,
        stdout: result.stdout.trim(),
        stderr: result.stderr.trim(),
      },
    );
  const next = after(st, result, ran, outcome.files);
  return redirect(
    redirect(next, optionalString(a, "redirectStdout"), result.stdout),
    optionalString(a, "redirectStderr"),
    result.stderr,
  );
}
