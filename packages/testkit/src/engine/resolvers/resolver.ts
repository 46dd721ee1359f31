// What a resolver is, the state each GraphQL type's values hold, and the pieces every
// type's resolvers share: deriving a new lazy value from `self`, loading an argument
// given by ID, files.
import type { ContainerState, Secret } from "../container.ts";
import type { Session } from "../session.ts";
import * as tree from "../tree.ts";
import { canonical, Value } from "../values.ts";
import type { Args } from "./args.ts";

/** Answers one field of a value of one type; `self` holds that type's state. */
export type Resolver<T> = (s: Session, self: Value<T>, args: Args) => unknown;
export type Resolvers<T> = Readonly<Record<string, Resolver<T>>>;

export interface FileValue {
  name: string;
  node: tree.Node;
}

export interface ChangesetValue {
  before: tree.Tree;
  after: tree.Tree;
}

/** The state a value of each GraphQL type holds once forced. */
export interface States {
  Container: ContainerState;
  Directory: tree.Tree;
  File: FileValue;
  Changeset: ChangesetValue;
  CacheVolume: string;
  Secret: Secret;
}

/** A new value made from `self` by `field(args)`. */
export function derive<K extends keyof States>(
  s: Session,
  self: Value,
  field: string,
  args: Args,
  type: K,
  compute: () => Promise<States[K]>,
): Value<States[K]> {
  return s.register(
    new Value(type, `${self.id}.${field}(${canonical(args)})`, compute),
  );
}

/** The state of a value an argument names by ID, checked to be of `type`. */
export async function forceArg<K extends keyof States>(
  s: Session,
  id: unknown,
  type: K,
): Promise<States[K]> {
  // load() has checked the value's type name, and a type's values hold its state.
  return (await s.force(s.load(id, type))) as States[K];
}

/** Every object type's `sync`: forces the value and returns its ID. */
export const sync: Resolver<unknown> = async (s, self) => (
  await s.force(self),
  self.id
);

export function baseName(path: string): string {
  return tree.normalize(path).split("/").pop() ?? "";
}

/** A new file's node, with the `permissions` a with*File call may give. */
export function newFile(
  contents: string | Buffer,
  permissions?: number,
): tree.Node {
  return tree.fileNode(contents, permissions ?? 0o644);
}

export function fileIn(t: tree.Tree, path: string): FileValue {
  const p = tree.normalize(path);
  const node = tree.isFile(t, p) ? t.get(p) : undefined;
  if (!node) throw new Error(`${path}: no such file or directory`);
  return { name: baseName(p), node };
}
