// The root fields: what a pipeline starts from (empty containers and directories, new
// files, cache volumes, secrets, values loaded by ID) and the module-call protocol's.
import { emptyContainer, type Secret } from "../container.ts";
import * as tree from "../tree.ts";
import { canonical, Value } from "../values.ts";
import { optionalNumber, string } from "./args.ts";
import { moduleCallRoots } from "./function-call.ts";
import { newFile, type FileValue, type Resolvers } from "./resolver.ts";

export const Query: Resolvers<unknown> = {
  ...moduleCallRoots,
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
          name: string(a, "name"),
          node: newFile(
            string(a, "contents"),
            optionalNumber(a, "permissions"),
          ),
        }),
      ),
    ),
  cacheVolume: (s, _self, a) =>
    s.register(
      new Value("CacheVolume", `cacheVolume(${canonical(a)})`, async () =>
        string(a, "key"),
      ),
    ),
  setSecret: (s, _self, a) =>
    s.register(
      new Value(
        "Secret",
        `setSecret(${JSON.stringify(a.name)})`,
        async (): Promise<Secret> => ({
          name: string(a, "name"),
          plaintext: string(a, "plaintext"),
        }),
      ),
    ),
  secret: (s, _self, a) =>
    s.register(
      new Value(
        "Secret",
        `secret(${JSON.stringify(a.uri)})`,
        async (): Promise<Secret> => ({
          name: string(a, "uri"),
          plaintext: "",
        }),
      ),
    ),
  node: (s, _self, a) => s.load(a.id),
};
