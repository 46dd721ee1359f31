// Types the module only describes to the engine (its registration, its errors): their
// calls are recorded as a chain that a test can read back (register.ts, call.ts).
import type { Session } from "../session.ts";
import { canonical, Value } from "../values.ts";
import type { Args } from "./args.ts";

/** The Query fields whose values are recorded rather than modelled. */
export const recordedRoots: ReadonlySet<string> = new Set([
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

/** `self.field(args)` appended to the chain `self` records (none: a new chain). */
export function recorded(
  s: Session,
  self: Value<RecordedChain> | undefined,
  field: string,
  args: Args,
): Value<RecordedChain> {
  const key = `${self ? self.id : ""}.${field}(${canonical(args)})`;
  return s.register(
    new Value("Recorded", key, async () => {
      if (!self) return { root: field, calls: [{ field, args }] };
      const chain = await s.force(self);
      return { root: chain.root, calls: [...chain.calls, { field, args }] };
    }),
  );
}
