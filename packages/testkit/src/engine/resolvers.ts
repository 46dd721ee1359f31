// The fields of the Dagger API the engine double answers. Object fields return new
// lazy values; leaf fields force the values they read. A field it does not model is
// an error that names it, never a silent guess.
import { changes, gitPatch, isEmpty } from "./changes.ts";
import {
  dirExists,
  emptyContainer,
  removePath,
  resolve,
  view,
  withMount,
  withoutMount,
  writeTree,
  type ContainerState,
  type Secret,
} from "./container.ts";
import { imageDefaults } from "./images.ts";
import { recordMount, type RecordedExec, type Session } from "./session.ts";
import * as tree from "./tree.ts";
import { canonical, ExecFailure, Value } from "./values.ts";

type Args = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Resolver = (s: Session, self: Value<any>, args: Args) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

interface FileValue {
  name: string;
  node: tree.Node;
}
interface ChangesetValue {
  before: tree.Tree;
  after: tree.Tree;
}

/** A new value made from `self` by `field(args)`. */
function derive<T>(
  s: Session,
  self: Value,
  field: string,
  args: Args,
  type: string,
  compute: () => Promise<T>,
) {
  return s.register(
    new Value(type, `${self.id}.${field}(${canonical(args)})`, compute),
  );
}

function container(
  s: Session,
  self: Value<ContainerState>,
  field: string,
  args: Args,
  f: (st: ContainerState) => ContainerState | Promise<ContainerState>,
) {
  return derive(s, self, field, args, "Container", async () =>
    f(await s.force(self)),
  );
}

function directory(
  s: Session,
  self: Value<tree.Tree>,
  field: string,
  args: Args,
  f: (t: tree.Tree) => tree.Tree | Promise<tree.Tree>,
) {
  return derive(s, self, field, args, "Directory", async () =>
    f(await s.force(self)),
  );
}

function fileValue(
  s: Session,
  self: Value,
  field: string,
  args: Args,
  f: () => Promise<FileValue>,
) {
  return derive(s, self, field, args, "File", f);
}

async function forceAs<T>(s: Session, id: unknown, type: string): Promise<T> {
  return (await s.force(s.load(id, type))) as T;
}

function expand(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (_, a: string | undefined, b: string | undefined) => env[(a ?? b)!] ?? "",
  );
}

function baseName(path: string): string {
  return tree.normalize(path).split("/").pop() ?? "";
}

function fileIn(t: tree.Tree, path: string): FileValue {
  const p = tree.normalize(path);
  if (!tree.isFile(t, p)) throw new Error(`${path}: no such file or directory`);
  return { name: baseName(p), node: t.get(p)! };
}

/** A new file's node, with the `permissions` a with*File call may give. */
function newFile(contents: string | Buffer, permissions?: number): tree.Node {
  return tree.fileNode(contents, permissions ?? 0o644);
}

function dirIn(t: tree.Tree, path: string): tree.Tree {
  if (!tree.isDir(t, path))
    throw new Error(`${path}: no such file or directory`);
  return tree.subtree(t, path);
}

async function runExec(
  s: Session,
  st: ContainerState,
  args: Args,
): Promise<ContainerState> {
  const scope = { ...st.imageEnv, ...st.env };
  const argv: string[] = (
    args.useEntrypoint ? [...st.entrypoint, ...args.args] : args.args
  ).map((a: string) => (args.expand ? expand(a, scope) : a));
  const visible = view(st, "/");
  const scripted = await s.script({
    argv,
    workdir: st.workdir,
    env: { ...st.env },
    image: st.image,
    stdin: args.stdin,
    mounts: recordedMounts(st),
    read: (path) => {
      const node = visible.get(resolve(st, path));
      return node && tree.text(node);
    },
    files: (dir) => tree.files(view(st, dir)),
  });
  const ran =
    scripted === undefined && s.host
      ? await s.host.run(st, argv, args.stdin)
      : undefined;
  const outcome = scripted ?? {};
  const result = {
    exitCode: ran?.exitCode ?? outcome.exitCode ?? 0,
    stdout: ran?.stdout ?? outcome.stdout ?? "",
    stderr: ran?.stderr ?? outcome.stderr ?? "",
  };
  const expect =
    (args.expect as RecordedExec["expect"] | undefined) ?? "SUCCESS";
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
    ...(args.stdin !== undefined ? { stdin: args.stdin } : {}),
    ...result,
    ...(ran?.cached ? { cached: true } : {}),
    ...(ran && !ran.cached ? { durationMs: ran.durationMs } : {}),
  });
  const ok =
    expect === "ANY" ||
    (expect === "SUCCESS" ? result.exitCode === 0 : result.exitCode !== 0);
  if (!ok) {
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
  }
  let next: ContainerState = ran
    ? {
        ...st,
        rootfs: ran.rootfs,
        mounts: ran.mounts,
        removedFromImage: ran.removedFromImage,
        lastExec: result,
      }
    : { ...st, lastExec: result };
  for (const [path, contents] of Object.entries(outcome.files ?? {})) {
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
  if (args.redirectStdout)
    next = writeTree(
      next,
      "/",
      new Map([[resolve(st, args.redirectStdout), newFile(result.stdout)]]),
    );
  if (args.redirectStderr)
    next = writeTree(
      next,
      "/",
      new Map([[resolve(st, args.redirectStderr), newFile(result.stderr)]]),
    );
  return next;
}

function recordedMounts(st: ContainerState) {
  return Object.fromEntries(
    [...st.mounts].sort().map(([at, m]) => [`/${at}`, recordMount(m)]),
  );
}

function lastExec(st: ContainerState) {
  if (!st.lastExec) throw new Error("no command has been set");
  return st.lastExec;
}

const Query: Record<string, Resolver> = {
  container: (s) =>
    s.register(
      new Value("Container", "container()", async () => emptyContainer),
    ),
  directory: (s) =>
    s.register(
      new Value("Directory", "directory()", async () => tree.emptyTree),
    ),
  file: (s, _self, a) =>
    s.register(
      new Value(
        "File",
        `file(${canonical(a)})`,
        async (): Promise<FileValue> => ({
          name: a.name,
          node: newFile(a.contents, a.permissions),
        }),
      ),
    ),
  cacheVolume: (s, _self, a) =>
    s.register(
      new Value(
        "CacheVolume",
        `cacheVolume(${canonical(a)})`,
        async () => a.key,
      ),
    ),
  setSecret: (s, _self, a) =>
    s.register(
      new Value(
        "Secret",
        `setSecret(${JSON.stringify(a.name)})`,
        async (): Promise<Secret> => ({ name: a.name, plaintext: a.plaintext }),
      ),
    ),
  secret: (s, _self, a) =>
    s.register(
      new Value(
        "Secret",
        `secret(${JSON.stringify(a.uri)})`,
        async (): Promise<Secret> => ({ name: a.uri, plaintext: "" }),
      ),
    ),
  node: (s, _self, a) => s.load(a.id),
  currentModule: (s) =>
    s.register(
      new Value("CurrentModule", "currentModule()", async () => s.moduleName),
    ),
  currentFunctionCall: (s) =>
    new Value(
      "FunctionCall",
      "currentFunctionCall()",
      async () => s.currentCall,
    ),
};

const CurrentModule: Record<string, Resolver> = {
  name: (s) => s.moduleName,
};

const FunctionCall: Record<string, Resolver> = {
  name: (s) => s.currentCall.name,
  parentName: (s) => s.currentCall.parentName,
  parent: (s) => s.currentCall.parent,
  inputArgs: (s) =>
    Object.entries(s.currentCall.inputArgs).map(([name, value]) =>
      s.register(
        new Value(
          "FunctionCallArgValue",
          `arg(${s.results.length},${JSON.stringify(name)})`,
          async () => ({
            name,
            value: JSON.stringify(value),
          }),
        ),
      ),
    ),
  returnValue: (s, _self, a) => {
    s.results.push({ value: a.value });
    return null;
  },
  returnError: (s, _self, a) => {
    s.results.push({ error: s.load(a.error) });
    return null;
  },
};

const FunctionCallArgValue: Record<string, Resolver> = {
  name: async (s, self) => ((await s.force(self)) as { name: string }).name,
  value: async (s, self) => ((await s.force(self)) as { value: string }).value,
};

const Container: Record<string, Resolver> = {
  from: (s, self, a) =>
    container(s, self, "from", a, (st) => {
      const image = imageDefaults(a.address, s.host?.images);
      return {
        ...st,
        image: a.address,
        rootfs: image.rootfs,
        imageEnv: image.env,
        imageBinds: image.binds,
        removedFromImage: [],
        entrypoint: image.entrypoint,
      };
    }),
  withExec: (s, self, a) =>
    container(s, self, "withExec", a, (st) => runExec(s, st, a)),
  withEnvVariable: (s, self, a) =>
    container(s, self, "withEnvVariable", a, (st) => ({
      ...st,
      env: {
        ...st.env,
        [a.name]: a.expand
          ? expand(a.value, { ...st.imageEnv, ...st.env })
          : a.value,
      },
    })),
  withoutEnvVariable: (s, self, a) =>
    container(s, self, "withoutEnvVariable", a, (st) => {
      const env = { ...st.env };
      delete env[a.name];
      return { ...st, env };
    }),
  withSecretVariable: (s, self, a) =>
    container(s, self, "withSecretVariable", a, async (st) => {
      const secret = await forceAs<Secret>(s, a.secret, "Secret");
      return { ...st, secretEnv: { ...st.secretEnv, [a.name]: secret } };
    }),
  withWorkdir: (s, self, a) =>
    container(s, self, "withWorkdir", a, (st) => ({
      ...st,
      workdir: `/${resolve(st, a.path)}`,
    })),
  withUser: (s, self, a) =>
    container(s, self, "withUser", a, (st) => ({ ...st, user: a.name })),
  withEntrypoint: (s, self, a) =>
    container(s, self, "withEntrypoint", a, (st) => ({
      ...st,
      entrypoint: a.args,
    })),
  withMountedCache: (s, self, a) =>
    container(s, self, "withMountedCache", a, async (st) =>
      withMount(st, a.path, {
        type: "cache",
        volume: await forceAs<string>(s, a.cache, "CacheVolume"),
        sharing: a.sharing ?? "SHARED",
      }),
    ),
  withMountedDirectory: (s, self, a) =>
    container(s, self, "withMountedDirectory", a, async (st) =>
      withMount(st, a.path, {
        type: "directory",
        tree: await forceAs<tree.Tree>(s, a.source, "Directory"),
        readOnly: !!a.readOnly,
      }),
    ),
  withMountedFile: (s, self, a) =>
    container(s, self, "withMountedFile", a, async (st) =>
      withMount(st, a.path, {
        type: "file",
        node: (await forceAs<FileValue>(s, a.source, "File")).node,
      }),
    ),
  withMountedTemp: (s, self, a) =>
    container(s, self, "withMountedTemp", a, (st) =>
      withMount(st, a.path, { type: "temp" }),
    ),
  withMountedSecret: (s, self, a) =>
    container(s, self, "withMountedSecret", a, async (st) =>
      withMount(st, a.path, {
        type: "secret",
        secret: await forceAs<Secret>(s, a.source, "Secret"),
      }),
    ),
  withoutMount: (s, self, a) =>
    container(s, self, "withoutMount", a, (st) => withoutMount(st, a.path)),
  withDirectory: (s, self, a) =>
    container(s, self, "withDirectory", a, async (st) => {
      const source = tree.filter(
        await forceAs<tree.Tree>(s, a.source, "Directory"),
        a,
      );
      return writeTree(st, a.path, source);
    }),
  withFile: (s, self, a) =>
    container(s, self, "withFile", a, async (st) => {
      const file = await forceAs<FileValue>(s, a.source, "File");
      const abs = resolve(st, a.path);
      const node =
        a.permissions === undefined
          ? file.node
          : { ...file.node, mode: a.permissions };
      return writeTree(st, "/", new Map([[abs, node]]));
    }),
  withNewFile: (s, self, a) =>
    container(s, self, "withNewFile", a, (st) =>
      writeTree(
        st,
        "/",
        new Map([[resolve(st, a.path), newFile(a.contents, a.permissions)]]),
      ),
    ),
  withoutFile: (s, self, a) =>
    container(s, self, "withoutFile", a, (st) => removePath(st, a.path)),
  withoutDirectory: (s, self, a) =>
    container(s, self, "withoutDirectory", a, (st) => removePath(st, a.path)),
  directory: (s, self, a) =>
    derive(s, self, "directory", a, "Directory", async () => {
      const st = await s.force(self);
      if (!dirExists(st, a.path))
        throw new Error(`${a.path}: no such file or directory`);
      return view(st, a.path);
    }),
  file: (s, self, a) =>
    fileValue(s, self, "file", a, async () => {
      const st = await s.force(self);
      return fileIn(view(st, "/"), resolve(st, a.path));
    }),
  exitCode: async (s, self) => lastExec(await s.force(self)).exitCode,
  stdout: async (s, self) => lastExec(await s.force(self)).stdout,
  stderr: async (s, self) => lastExec(await s.force(self)).stderr,
  combinedOutput: async (s, self) => {
    const last = lastExec(await s.force(self));
    return last.stdout + last.stderr;
  },
  envVariable: async (s, self, a) => (await s.force(self)).env[a.name] ?? null,
  workdir: async (s, self) => (await s.force(self)).workdir,
  sync: async (s, self) => (await s.force(self), self.id),
};

const Directory: Record<string, Resolver> = {
  entries: async (s, self, a) =>
    tree.entries(await s.force(self), a.path ?? ""),
  glob: async (s, self, a) => tree.glob(await s.force(self), a.pattern),
  exists: async (s, self, a) => {
    const t = await s.force(self);
    if (a.expectedType === "DIRECTORY_TYPE") return tree.isDir(t, a.path);
    if (a.expectedType === "REGULAR_TYPE") return tree.isFile(t, a.path);
    return tree.isDir(t, a.path) || tree.isFile(t, a.path);
  },
  file: (s, self, a) =>
    fileValue(s, self, "file", a, async () =>
      fileIn(await s.force(self), a.path),
    ),
  directory: (s, self, a) =>
    directory(s, self, "directory", a, (t) => dirIn(t, a.path)),
  filter: (s, self, a) =>
    directory(s, self, "filter", a, (t) => tree.filter(t, a)),
  withNewFile: (s, self, a) =>
    directory(s, self, "withNewFile", a, (t) =>
      tree.withFile(t, a.path, newFile(a.contents, a.permissions)),
    ),
  withNewDirectory: (s, self, a) =>
    directory(s, self, "withNewDirectory", a, (t) =>
      tree.withEmptyDirectory(t, a.path),
    ),
  withFile: (s, self, a) =>
    directory(s, self, "withFile", a, async (t) => {
      const { node } = await forceAs<FileValue>(s, a.source, "File");
      return tree.withFile(
        t,
        a.path,
        a.permissions === undefined ? node : { ...node, mode: a.permissions },
      );
    }),
  withDirectory: (s, self, a) =>
    directory(s, self, "withDirectory", a, async (t) =>
      tree.merge(
        t,
        a.path,
        tree.filter(await forceAs<tree.Tree>(s, a.source, "Directory"), a),
      ),
    ),
  withoutFile: (s, self, a) =>
    directory(s, self, "withoutFile", a, (t) => tree.without(t, a.path)),
  withoutDirectory: (s, self, a) =>
    directory(s, self, "withoutDirectory", a, (t) => tree.without(t, a.path)),
  withoutFiles: (s, self, a) =>
    directory(s, self, "withoutFiles", a, (t) =>
      (a.paths as string[]).reduce((acc, p) => tree.without(acc, p), t),
    ),
  changes: (s, self, a) =>
    derive(s, self, "changes", a, "Changeset", async () => ({
      before: await forceAs<tree.Tree>(s, a.from, "Directory"),
      after: await s.force(self),
    })),
  sync: async (s, self) => (await s.force(self), self.id),
};

const File: Record<string, Resolver> = {
  contents: async (s, self, a) => {
    const contents = tree.text(((await s.force(self)) as FileValue).node);
    if (a.offsetLines === undefined && a.limitLines === undefined)
      return contents;
    const lines = contents.split(/(?<=\n)/);
    return lines
      .slice(
        a.offsetLines ?? 0,
        a.limitLines === undefined
          ? undefined
          : (a.offsetLines ?? 0) + a.limitLines,
      )
      .join("");
  },
  name: async (s, self) => ((await s.force(self)) as FileValue).name,
  size: async (s, self) =>
    ((await s.force(self)) as FileValue).node.data.length,
  withName: (s, self, a) =>
    fileValue(s, self, "withName", a, async () => ({
      ...((await s.force(self)) as FileValue),
      name: a.name,
    })),
  sync: async (s, self) => (await s.force(self), self.id),
};

async function changesOf(s: Session, self: Value) {
  const { before, after } = (await s.force(self)) as ChangesetValue;
  return changes(before, after);
}

const Changeset: Record<string, Resolver> = {
  addedPaths: async (s, self) => (await changesOf(s, self)).added,
  modifiedPaths: async (s, self) => (await changesOf(s, self)).modified,
  removedPaths: async (s, self) => (await changesOf(s, self)).removed,
  isEmpty: async (s, self) => isEmpty(await changesOf(s, self)),
  asPatch: (s, self, a) =>
    fileValue(s, self, "asPatch", a, async () => {
      const { before, after } = (await s.force(self)) as ChangesetValue;
      return { name: "diff.patch", node: newFile(gitPatch(before, after)) };
    }),
  before: (s, self, a) =>
    derive(
      s,
      self,
      "before",
      a,
      "Directory",
      async () => ((await s.force(self)) as ChangesetValue).before,
    ),
  after: (s, self, a) =>
    derive(
      s,
      self,
      "after",
      a,
      "Directory",
      async () => ((await s.force(self)) as ChangesetValue).after,
    ),
  layer: (s, self, a) =>
    derive(s, self, "layer", a, "Directory", async () => {
      const { before, after } = (await s.force(self)) as ChangesetValue;
      return tree.filter(after, {
        include: [
          ...changes(before, after).added,
          ...changes(before, after).modified,
        ],
      });
    }),
  sync: async (s, self) => (await s.force(self), self.id),
};

const resolvers: Record<string, Record<string, Resolver>> = {
  Query,
  CurrentModule,
  FunctionCall,
  FunctionCallArgValue,
  Container,
  Directory,
  File,
  Changeset,
  CacheVolume: {},
  Secret: {},
};

/**
 * Types the module only describes to the engine (its registration, its errors): their
 * calls are recorded as a chain that a test can read back with `decodeRecorded`.
 */
const recordedRoots = new Set([
  "module",
  "typeDef",
  "function",
  "sourceMap",
  "error",
]);

export interface RecordedChain {
  root: string;
  calls: { field: string; args: Args }[];
}

function recorded(
  s: Session,
  self: Value | undefined,
  field: string,
  args: Args,
): Value<RecordedChain> {
  const key = `${self ? self.id : ""}.${field}(${canonical(args)})`;
  return s.register(
    new Value("Recorded", key, async () => {
      if (!self) return { root: field, calls: [{ field, args }] };
      const chain = (await s.force(self)) as RecordedChain;
      return { root: chain.root, calls: [...chain.calls, { field, args }] };
    }),
  );
}

export async function resolveField(
  s: Session,
  self: Value,
  field: string,
  args: Args,
): Promise<unknown> {
  if (field === "id") return s.register(self).id;
  if (self.type === "Query" && recordedRoots.has(field))
    return recorded(s, undefined, field, args);
  if (self.type === "Recorded") return recorded(s, self, field, args);
  const resolver = resolvers[self.type]?.[field];
  if (!resolver)
    throw new Error(
      `testkit's engine double does not model ${self.type}.${field}`,
    );
  return resolver(s, self, args);
}

export const queryRoot = new Value("Query", "query", async () => null);
