// Checks the `customizations` examples in the docs against the registered API, the way
// the engine would apply them: the argument must exist, and the default must parse as
// the argument's type.
import type { ArgumentApi, ModuleApi } from "@toolchains/testkit";

export interface Customization {
  function?: string[];
  argument: string;
  default?: unknown;
  defaultPath?: unknown;
  defaultAddress?: unknown;
  ignore?: unknown;
}

interface ToolchainEntry {
  name: string;
  source: string;
  customizations?: Customization[];
}

/** The JSON code blocks of a Markdown text. */
export function jsonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** The toolchain folder a `source` points at, local or remote. */
export function toolchainOf(source: string): string | undefined {
  return /(?:^|\/)toolchains\/([\w-]+)(?:@|$)/.exec(source)?.[1];
}

function defaultProblem(arg: ArgumentApi, value: unknown): string | undefined {
  if (typeof value !== "string")
    return "a default is written as a string in dagger.json";
  if (arg.type.endsWith("[]")) {
    try {
      return Array.isArray(JSON.parse(value))
        ? undefined
        : "a list default is a JSON array";
    } catch {
      return "a list default is a JSON array";
    }
  }
  switch (arg.type) {
    case "Integer":
      return /^-?\d+$/.test(value)
        ? undefined
        : "an Integer default is a whole number";
    case "Float":
      return Number.isFinite(Number(value))
        ? undefined
        : "a Float default is a number";
    case "Boolean":
      return value === "true" || value === "false"
        ? undefined
        : 'a Boolean default is "true" or "false"';
    case "String":
      return undefined;
    default:
      return `${arg.type} arguments take no default from dagger.json`;
  }
}

/** Options of the check: the defaults an example may drop on purpose (its text says why). */
export interface ExampleOptions {
  mayDrop?: readonly string[];
}

function problems(
  c: Customization,
  args: ArgumentApi[] | undefined,
  where: string,
  options: ExampleOptions,
): string[] {
  if (!args) return [`${where}: no function ${c.function?.join(".")}`];
  const arg = args.find(
    (a) => a.name.toLowerCase() === c.argument.toLowerCase(),
  );
  if (!arg) return [`${where}: no argument ${c.argument}`];
  const found: string[] = [];
  if (c.default !== undefined) {
    const problem = defaultProblem(arg, c.default);
    if (problem) found.push(`${where}: ${c.argument}: ${problem}`);
  }
  if (
    c.defaultPath !== undefined &&
    !["Directory", "File"].includes(arg.type)
  ) {
    found.push(
      `${where}: ${c.argument}: defaultPath is for Directory and File arguments`,
    );
  }
  if (c.ignore !== undefined) {
    if (arg.type !== "Directory")
      found.push(`${where}: ${c.argument}: ignore is for Directory arguments`);
    if (
      !Array.isArray(c.ignore) ||
      c.ignore.some((p) => typeof p !== "string")
    ) {
      found.push(`${where}: ${c.argument}: ignore is a list of patterns`);
    } else {
      // The engine replaces the argument's ignore list with this one: a default not
      // repeated here is dropped.
      const dropped = (arg.ignore ?? []).filter(
        (p) =>
          !(c.ignore as string[]).includes(p) &&
          !(options.mayDrop ?? []).includes(p),
      );
      if (dropped.length > 0)
        found.push(
          `${where}: ${c.argument}: ignore replaces the default list, and this one drops ${dropped.join(", ")}`,
        );
    }
  }
  return found;
}

/** Every problem in the toolchains entries of one dagger.json example. */
export function checkExample(
  config: { toolchains?: ToolchainEntry[] },
  apis: ReadonlyMap<string, ModuleApi>,
  options: ExampleOptions = {},
): string[] {
  return (config.toolchains ?? []).flatMap((entry) => {
    const folder = toolchainOf(entry.source);
    const api = folder ? apis.get(folder) : undefined;
    if (!api)
      return [
        `toolchain ${entry.name}: source ${entry.source} is not a toolchain of this repository`,
      ];
    return (entry.customizations ?? []).flatMap((c) => {
      const where = `toolchain ${entry.name}`;
      if (!c.function?.length)
        return problems(c, api.main.constructorArgs, where, options);
      const fn =
        c.function.length === 1
          ? api.main.functions.find((f) => f.name === c.function![0])
          : undefined;
      return problems(c, fn?.args, where, options);
    });
  });
}
