// The little of pyproject.toml the toolchain needs, read without a TOML library:
// table headers, the keys each table defines, and plain string or string-array values.

export interface TomlTables {
  /** Table name (e.g. "project.optional-dependencies") → its keys, in order. */
  keys: Map<string, string[]>;
  /** "table.key" → the value when it is a string or an array of strings. */
  values: Map<string, string | string[]>;
}

function unquote(text: string): string {
  return text.replace(/^(["'])(.*)\1$/s, "$2");
}

function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote && line[i - 1] !== "\\") quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}

/** The strings of a single-line or multi-line array's text. */
function strings(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'/g)].map(
    (m) => m[1] ?? m[2]!,
  );
}

export function readToml(source: string): TomlTables {
  const keys = new Map<string, string[]>([["", []]]);
  const values = new Map<string, string | string[]>();
  let table = "";
  const lines = source.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripComment(lines[i]!).trim();
    const header = line.match(/^\[\[?\s*([^\]]+?)\s*\]\]?$/);
    if (header) {
      table = header[1]!
        .split(".")
        .map((part) => unquote(part.trim()))
        .join(".");
      if (!keys.has(table)) keys.set(table, []);
      continue;
    }
    const pair = line.match(/^("[^"]+"|'[^']+'|[\w.-]+)\s*=\s*(.*)$/);
    if (!pair) continue;
    const key = unquote(pair[1]!);
    let value = pair[2]!;
    // Gather a multi-line array (or inline table) until its brackets balance.
    const depth = (text: string) =>
      (text.match(/[[{]/g)?.length ?? 0) - (text.match(/[\]}]/g)?.length ?? 0);
    while (depth(value) > 0 && i + 1 < lines.length)
      value += `\n${stripComment(lines[++i]!)}`;
    keys.get(table)!.push(key);
    const full = table ? `${table}.${key}` : key;
    if (value.startsWith("[")) values.set(full, strings(value));
    else if (/^["']/.test(value)) values.set(full, unquote(value.trim()));
  }
  return { keys, values };
}
