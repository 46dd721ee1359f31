// Cold versus warm ESLint, with the flags the eslint toolchain passes, on a generated
// project: how much of a full lint a re-run after editing one file costs when the
// cache (here a scratch folder standing for the cache volume) survives between runs.
//
//   node bench/eslint/run.ts [files] [rounds]
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
// The same mapping of the toolchain's argv as its real-ESLint tests use.
import { argv, eslintBin } from "../../toolchains/eslint/test/real-eslint.ts";

const fileCount = Number(process.argv[2] ?? 1200);
const rounds = Number(process.argv[3] ?? 3);

const eslintVersion = execFileSync(process.execPath, [eslintBin, "--version"])
  .toString()
  .trim();

/** Core rules only, so the generated project needs no installed plugins. */
const rules = [
  "no-unused-vars",
  "no-undef",
  "prefer-const",
  "no-var",
  "eqeqeq",
  "curly",
  "no-shadow",
  "no-redeclare",
  "no-unreachable",
  "no-constant-condition",
  "no-dupe-keys",
  "no-duplicate-case",
  "no-empty",
  "no-fallthrough",
  "no-self-compare",
  "no-unused-expressions",
  "no-useless-return",
  "no-else-return",
  "dot-notation",
  "object-shorthand",
  "prefer-template",
  "prefer-arrow-callback",
  "consistent-return",
  "default-case",
  "complexity",
  "max-depth",
];

function moduleSource(i: number): string {
  const parts = [`import { helper } from "./helper.js";\n`];
  for (let f = 0; f < 8; f++) {
    parts.push(`
export function compute${i}_${f}(items, limit) {
  const results = [];
  for (const item of items) {
    if (item.value > limit) {
      results.push({ id: item.id, value: item.value * ${f + 1} });
    } else if (item.value === limit) {
      results.push({ id: item.id, value: helper(item.value) });
    }
  }
  return results.filter((entry) => entry.value !== ${i});
}

export class Store${i}_${f} {
  constructor(name) {
    this.name = name;
    this.entries = new Map();
  }

  add(key, value) {
    if (this.entries.has(key)) {
      return false;
    }
    this.entries.set(key, \`\${this.name}:\${value}\`);
    return true;
  }
}
`);
  }
  return parts.join("");
}

function generate(dir: string): void {
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "bench", private: true, type: "module" }),
  );
  const config = Object.fromEntries(rules.map((rule) => [rule, "error"]));
  writeFileSync(
    join(dir, "eslint.config.js"),
    `export default [{ languageOptions: { globals: { Map: "readonly" } }, rules: ${JSON.stringify(config)} }];\n`,
  );
  const perFolder = 100;
  for (let i = 0; i < fileCount; i++) {
    const folder = join(dir, "src", `part${Math.floor(i / perFolder)}`);
    mkdirSync(folder, { recursive: true });
    if (i % perFolder === 0)
      writeFileSync(
        join(folder, "helper.js"),
        "export const helper = (value) => value + 1;\n",
      );
    writeFileSync(join(folder, `module${i}.js`), moduleSource(i));
  }
}

function timeEslint(dir: string, args: string[]): number {
  const start = performance.now();
  try {
    execFileSync(process.execPath, [eslintBin, ...args], {
      cwd: dir,
      stdio: "pipe",
    });
  } catch (e) {
    // 1 means lint errors, which still make a full run; anything else is a failure.
    if ((e as { status?: number }).status !== 1) throw e;
  }
  return (performance.now() - start) / 1000;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const work = mkdtempSync(join(tmpdir(), "eslint-bench-"));
const project = join(work, "project");
const cache = join(work, "cache");
const out = join(work, "out");
mkdirSync(project);
generate(project);
const args = argv({}, "lint", { dir: project, cache, out });

const cold: number[] = [];
const warm: number[] = [];
for (let round = 0; round < rounds; round++) {
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache);
  cold.push(timeEslint(project, args));
  const edited = join(project, "src/part0", `module${round}.js`);
  appendFileSync(edited, `\nexport const edited${round} = ${round};\n`);
  warm.push(timeEslint(project, args));
}
rmSync(work, { recursive: true, force: true });

const c = median(cold);
const w = median(warm);
const s = (n: number) => `${n.toFixed(2)} s`;
console.log(
  `ESLint ${eslintVersion}, Node ${process.version}, ${cpus().length} CPUs; ` +
    `${fileCount} generated files (+ ${Math.ceil(fileCount / 100)} helpers), ${rules.length} core rules; median of ${rounds} rounds`,
);
console.log(`flags: ${args.join(" ")}`);
console.log("");
console.log("| run | time (median) | all rounds |");
console.log("| --- | --- | --- |");
console.log(`| cold (empty cache) | ${s(c)} | ${cold.map(s).join(", ")} |`);
console.log(`| warm (one file edited) | ${s(w)} | ${warm.map(s).join(", ")} |`);
console.log("");
console.log(
  `warm / cold = ${((w / c) * 100).toFixed(1)}% (target: at most 10%)`,
);
