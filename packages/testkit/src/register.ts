// Registration through the SDK's real entrypoint: the call the engine makes first
// (an empty parentName), answered by the module with the type definitions it builds.
// What the engine would receive is decoded into a plain structure a test can read.
import { resolve } from "node:path";
import { readDaggerJson } from "./introspect.ts";
import { runModule } from "./module-process.ts";
import {
  optionalString,
  optionalStrings,
  string,
} from "./engine/resolvers/args.ts";
import type { RecordedChain } from "./engine/resolvers/index.ts";
import { serve } from "./engine/server.ts";
import { Session } from "./engine/session.ts";

export interface RegisteredArgument {
  name: string;
  /** The default as the engine stores it: JSON text, parsed. */
  defaultValue?: unknown;
  defaultPath?: string;
  ignore?: string[];
  optional: boolean;
}

export interface RegisteredFunction {
  name: string;
  check: boolean;
  generator: boolean;
  args: RegisteredArgument[];
}

export interface RegisteredObject {
  name: string;
  functions: RegisteredFunction[];
  constructorArgs: RegisteredArgument[];
}

type Call = RecordedChain["calls"][number];

async function chain(session: Session, id: unknown): Promise<RecordedChain> {
  return (await session.force(session.load(id))) as RecordedChain;
}

async function typeDefIsOptional(
  session: Session,
  id: unknown,
): Promise<boolean> {
  return (await chain(session, id)).calls.some(
    (c) => c.field === "withOptional" && c.args.optional === true,
  );
}

async function functionDef(
  session: Session,
  id: unknown,
): Promise<RegisteredFunction> {
  const { calls } = await chain(session, id);
  const args: RegisteredArgument[] = [];
  for (const c of calls.filter((c: Call) => c.field === "withArg")) {
    const defaultValue = optionalString(c.args, "defaultValue");
    const defaultPath = optionalString(c.args, "defaultPath");
    const ignore = optionalStrings(c.args, "ignore");
    args.push({
      name: string(c.args, "name"),
      optional: await typeDefIsOptional(session, c.args.typeDef),
      ...(defaultValue !== undefined
        ? { defaultValue: JSON.parse(defaultValue) }
        : {}),
      ...(defaultPath !== undefined ? { defaultPath } : {}),
      ...(ignore !== undefined ? { ignore } : {}),
    });
  }
  return {
    name: string(calls[0]!.args, "name"),
    check: calls.some((c) => c.field === "withCheck"),
    generator: calls.some((c) => c.field === "withGenerator"),
    args,
  };
}

/** Registers the module as the engine would ask it to, and decodes its objects. */
export async function register(moduleDir: string): Promise<RegisteredObject[]> {
  const dir = resolve(moduleDir);
  const session = new Session(
    readDaggerJson(dir).name,
    [{ parentName: "", name: "", inputArgs: {} }],
    () => undefined,
  );
  const endpoint = await serve(session);
  try {
    const logs = await runModule(dir, endpoint.port, endpoint.token, 1);
    const result = session.results[0];
    if (!result || !("value" in result))
      throw new Error(
        `testkit: registration failed; the module process printed:\n${logs}`,
      );
    const module = await chain(session, JSON.parse(result.value));
    const objects: RegisteredObject[] = [];
    for (const withObject of module.calls.filter(
      (c) => c.field === "withObject",
    )) {
      const typeDef = await chain(session, withObject.args.object);
      const functions: RegisteredFunction[] = [];
      let constructorArgs: RegisteredArgument[] = [];
      for (const c of typeDef.calls) {
        if (c.field === "withFunction")
          functions.push(await functionDef(session, c.args.function));
        if (c.field === "withConstructor")
          constructorArgs = (await functionDef(session, c.args.function)).args;
      }
      const name = string(
        typeDef.calls.find((c) => c.field === "withObject")!.args,
        "name",
      );
      objects.push({ name, functions, constructorArgs });
    }
    return objects;
  } finally {
    await endpoint.close();
  }
}
