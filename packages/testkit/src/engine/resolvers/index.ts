// The fields of the Dagger API the engine double answers, one table per GraphQL type.
// Object fields return new lazy values; leaf fields force the values they read. A
// field it does not model is an error that names it, never a silent guess.
import type { Session } from "../session.ts";
import { Value } from "../values.ts";
import type { Args } from "./args.ts";
import { Changeset } from "./changeset.ts";
import { Container } from "./container.ts";
import { Directory } from "./directory.ts";
import { File } from "./file.ts";
import {
  CurrentModule,
  FunctionCall,
  FunctionCallArgValue,
} from "./function-call.ts";
import { Query } from "./query.ts";
import { recorded, recordedRoots, type RecordedChain } from "./recorded.ts";
import type { Resolvers } from "./resolver.ts";

export type { RecordedChain } from "./recorded.ts";

// Each table reads the state of its own type; `never` lets them share one map.
const resolvers: Readonly<Record<string, Resolvers<never>>> = {
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

export async function resolveField(
  s: Session,
  self: Value,
  field: string,
  args: Args,
): Promise<unknown> {
  if (field === "id") return s.register(self).id;
  if (self.type === "Query" && recordedRoots.has(field))
    return recorded(s, undefined, field, args);
  if (self.type === "Recorded")
    return recorded(s, self as Value<RecordedChain>, field, args);
  const resolver = resolvers[self.type]?.[field];
  if (!resolver)
    throw new Error(
      `testkit's engine double does not model ${self.type}.${field}`,
    );
  // A value's type names the table whose resolvers read its state.
  return resolver(s, self as Value<never>, args);
}

export const queryRoot = new Value("Query", "query", async () => null);
