// The registered API of a module, read by the SDK's own static introspector: the same
// scan the runtime runs before it registers the module with the engine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { introspectorPath, moduleFiles } from "./sdk.ts";

export interface ArgumentApi {
  name: string;
  description: string;
  /** "String", "Integer", "Boolean", "Float", an object or enum name, or "T[]". */
  type: string;
  optional: boolean;
  /** The literal the engine registers as default, when there is one. */
  defaultValue?: unknown;
  /** True when the source gives a default the introspector could not turn into a literal. */
  unresolvedDefault: boolean;
  defaultPath?: string;
  defaultAddress?: string;
  ignore?: string[];
}

export interface FunctionApi {
  name: string;
  description: string;
  isCheck: boolean;
  isGenerator: boolean;
  returnType: string;
  cache?: string;
  args: ArgumentApi[];
}

export interface ObjectApi {
  name: string;
  description: string;
  constructorArgs: ArgumentApi[];
  functions: FunctionApi[];
}

export interface ModuleApi {
  /** The module name from dagger.json: what users type before the colon. */
  name: string;
  engineVersion: string;
  sdk: string;
  /** The object named after the module. */
  main: ObjectApi;
  objects: ObjectApi[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK's introspector is untyped JavaScript */
function typeName(t: any): string {
  if (!t) return "Void";
  if (t.kind === "LIST_KIND") return `${typeName(t.typeDef)}[]`;
  if (t.name) return t.name;
  const names: Record<string, string> = {
    STRING_KIND: "String",
    INTEGER_KIND: "Integer",
    FLOAT_KIND: "Float",
    BOOLEAN_KIND: "Boolean",
    VOID_KIND: "Void",
  };
  return names[t.kind] ?? t.kind;
}

function argument(a: any): ArgumentApi {
  return {
    name: a.name,
    description: a.description ?? "",
    type: typeName(a.type),
    optional: Boolean(a.isOptional),
    ...(a.defaultValue !== undefined ? { defaultValue: a.defaultValue } : {}),
    unresolvedDefault:
      a.node?.initializer !== undefined && a.defaultValue === undefined,
    ...(a.defaultPath !== undefined ? { defaultPath: a.defaultPath } : {}),
    ...(a.defaultAddress !== undefined
      ? { defaultAddress: a.defaultAddress }
      : {}),
    ...(a.ignore !== undefined ? { ignore: a.ignore } : {}),
  };
}

function objectApi(o: any): ObjectApi {
  return {
    name: o.name,
    description: o.description ?? "",
    constructorArgs: Object.values(o._constructor?.arguments ?? {}).map(
      argument,
    ),
    functions: Object.values(o.methods ?? {}).map((f: any) => ({
      name: f.alias ?? f.name,
      description: f.description ?? "",
      isCheck: Boolean(f.isCheck),
      isGenerator: Boolean(f.isGenerator),
      returnType: typeName(f.returnType),
      ...(f.cache ? { cache: f.cache } : {}),
      args: Object.values(f.arguments ?? {}).map(argument),
    })),
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function readDaggerJson(moduleDir: string): {
  name: string;
  engineVersion: string;
  sdk?: { source: string };
} {
  return JSON.parse(readFileSync(join(moduleDir, "dagger.json"), "utf8"));
}

export async function introspect(moduleDir: string): Promise<ModuleApi> {
  const config = readDaggerJson(moduleDir);
  const { scan } = await import(pathToFileURL(introspectorPath).href);
  const scanned = await scan(moduleFiles(moduleDir), config.name, false);
  const objects = Object.values(scanned.objects).map(objectApi);
  const main = objects.find((o) => o.name === scanned.name);
  if (!main)
    throw new Error(
      `${moduleDir}: no object named ${scanned.name} for module ${config.name}`,
    );
  return {
    name: config.name,
    engineVersion: config.engineVersion,
    sdk: config.sdk?.source ?? "",
    main,
    objects,
  };
}
