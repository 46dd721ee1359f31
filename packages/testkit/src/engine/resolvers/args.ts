// The arguments of a field, as the query sent them: GraphQL values the server parsed
// without a schema, so each resolver reads them through a guard that names what it
// expected. Absent and null mean the same: the argument was not given.
export type Args = Readonly<Record<string, unknown>>;

type Guard<T> = (value: unknown) => value is T;

const isString: Guard<string> = (v) => typeof v === "string";
const isNumber: Guard<number> = (v) => typeof v === "number";
const isBoolean: Guard<boolean> = (v) => typeof v === "boolean";
const isStringList: Guard<string[]> = (v) =>
  Array.isArray(v) && v.every(isString);

function optional<T>(
  args: Args,
  name: string,
  is: Guard<T>,
  kind: string,
): T | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (!is(value))
    throw new Error(
      `testkit: argument ${name} is not ${kind}: ${JSON.stringify(value)}`,
    );
  return value;
}

function required<T>(name: string, value: T | undefined): T {
  if (value === undefined)
    throw new Error(`testkit: argument ${name} is required`);
  return value;
}

export const optionalString = (args: Args, name: string) =>
  optional(args, name, isString, "a string");
export const string = (args: Args, name: string) =>
  required(name, optionalString(args, name));
export const optionalNumber = (args: Args, name: string) =>
  optional(args, name, isNumber, "a number");
/** A boolean flag: false when not given. */
export const flag = (args: Args, name: string) =>
  optional(args, name, isBoolean, "a boolean") ?? false;
export const optionalStrings = (args: Args, name: string) =>
  optional(args, name, isStringList, "a list of strings");
export const strings = (args: Args, name: string) =>
  required(name, optionalStrings(args, name));

/** An enum argument: one of `values`, or undefined when not given. */
export function optionalEnum<const T extends string>(
  args: Args,
  name: string,
  values: readonly T[],
): T | undefined {
  const is = (v: unknown): v is T => values.some((value) => value === v);
  return optional(args, name, is, `one of ${values.join(", ")}`);
}

/** The include/exclude patterns of `filter` and `withDirectory`. */
export function patterns(args: Args): {
  include?: string[];
  exclude?: string[];
} {
  return {
    include: optionalStrings(args, "include"),
    exclude: optionalStrings(args, "exclude"),
  };
}
