// File fields: its contents (whole, or a range of lines), name and size.
import { text } from "../tree.ts";
import { optionalNumber, string } from "./args.ts";
import { derive, sync, type FileValue, type Resolvers } from "./resolver.ts";

/** Lines `offset` to `offset + limit` of `contents`, each with its line ending. */
function lines(contents: string, offset = 0, limit?: number): string {
  return contents
    .split(/(?<=\n)/)
    .slice(offset, limit === undefined ? undefined : offset + limit)
    .join("");
}

export const File: Resolvers<FileValue> = {
  contents: async (s, self, a) => {
    const contents = text((await s.force(self)).node);
    const offset = optionalNumber(a, "offsetLines");
    const limit = optionalNumber(a, "limitLines");
    if (offset === undefined && limit === undefined) return contents;
    return lines(contents, offset, limit);
  },
  name: async (s, self) => (await s.force(self)).name,
  size: async (s, self) => (await s.force(self)).node.size,
  withName: (s, self, a) =>
    derive(s, self, "withName", a, "File", async () => ({
      ...(await s.force(self)),
      name: string(a, "name"),
    })),
  sync,
};
