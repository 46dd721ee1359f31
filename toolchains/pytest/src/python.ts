// Which Python runs the tests: the setting, else .python-version, else the newest
// pinned Python that requires-python allows, else the default.
import { ProjectError } from "./shared/text.js";

/**
 * The official slim images, pinned by digests that several unrelated public
 * repositories pin (see the README). Newest first.
 */
export const pythonImages: Record<string, string> = {
  "3.14":
    "python:3.14.8-slim@sha256:a2b82f3c48559aa0a8446d9af49826b6e2b2016f4cd2afabfe6013ec53729170",
  "3.13":
    "python:3.13-slim@sha256:7c61056e61ac89e852de05f3dc6fa51a6dd2181797bceed46aa725dd7cb2cd3b",
  "3.12":
    "python:3.12-slim@sha256:78387bc3881b8273120a12ebe6c1ab22b018ccc2c9adf565ae1ac9b536e184ea",
  "3.11":
    "python:3.11-slim@sha256:9c900dea9e8fb7e16277c179b555cc72d29a352dbc33cff48ad5a0412fd5bfc7",
};
export const defaultPython = "3.14";

type Version = [number, number, number];

function parseVersion(text: string): Version | undefined {
  const m = text.trim().match(/^(\d+)(?:\.(\d+))?(?:\.(\d+))?/);
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One PEP 440 clause (">=3.11", "~=3.12", "==3.12.*", "!=3.13") against a version. */
function satisfies(version: Version, clause: string): boolean {
  const m = clause.trim().match(/^(~=|===|==|!=|<=|>=|<|>)?\s*([\d.*]+)$/);
  if (!m) return true; // not a version clause we understand: do not rule anything out
  const op = m[1] ?? "==";
  const text = m[2]!;
  if (text.endsWith(".*")) {
    const prefix = text.slice(0, -2).split(".").map(Number);
    const match = prefix.every((n, i) => version[i] === n);
    return op === "!=" ? !match : match;
  }
  const bound = parseVersion(text)!;
  const c = compare(version, bound);
  switch (op) {
    case ">=":
      return c >= 0;
    case ">":
      return c > 0;
    case "<=":
      return c <= 0;
    case "<":
      return c < 0;
    case "!=":
      return c !== 0;
    case "~=": {
      const parts = text.split(".").length;
      const upper: Version =
        parts >= 3 ? [bound[0], bound[1] + 1, 0] : [bound[0] + 1, 0, 0];
      return c >= 0 && compare(version, upper) < 0;
    }
    default:
      return c === 0;
  }
}

/** Whether some release of Python major.minor satisfies a requires-python specifier. */
export function allows(specifier: string, minor: string): boolean {
  const [major, min] = minor.split(".").map(Number) as [number, number];
  return [0, 99].some((patch) =>
    specifier
      .split(",")
      .every((clause) => satisfies([major, min, patch], clause)),
  );
}

export interface PythonChoice {
  version: string;
  /** Where the version came from, for messages. */
  from: string;
}

export function choosePython(
  setting: string,
  pythonVersionFile: string | undefined,
  requiresPython: string | undefined,
): PythonChoice {
  const minorOf = (text: string) => {
    const v = text.match(/(\d+)\.(\d+)/);
    return v ? `${v[1]}.${v[2]}` : undefined;
  };
  if (setting) {
    const version = minorOf(setting);
    if (!version)
      throw new ProjectError(
        `pythonVersion must look like 3.13; got "${setting}".`,
      );
    return { version, from: "the pythonVersion setting" };
  }
  const requested = pythonVersionFile
    ?.split("\n")
    .map((l) => l.trim())
    .find((l) => l && !l.startsWith("#"));
  if (requested) {
    const version = minorOf(requested);
    if (!version)
      throw new ProjectError(
        `.python-version asks for "${requested}", which names no Python version; write one like 3.13, or set pythonVersion.`,
      );
    return { version, from: ".python-version" };
  }
  if (requiresPython) {
    const version = Object.keys(pythonImages).find((v) =>
      allows(requiresPython, v),
    );
    if (!version)
      throw new ProjectError(
        `requires-python is "${requiresPython}", and no pinned Python (${Object.keys(pythonImages).join(", ")}) satisfies it. ` +
          "Set pythonVersion and baseImageAddress to a Python image that does.",
      );
    return { version, from: `requires-python "${requiresPython}"` };
  }
  return { version: defaultPython, from: "the default" };
}

export function pythonImage(choice: PythonChoice, baseImageAddress: string) {
  if (baseImageAddress) return baseImageAddress;
  const image = pythonImages[choice.version];
  if (!image)
    throw new ProjectError(
      `Python ${choice.version} (from ${choice.from}) has no pinned image here (pinned: ${Object.keys(pythonImages).join(", ")}). ` +
        `Set baseImageAddress to a Python ${choice.version} image, e.g. python:${choice.version}-slim pinned by digest.`,
    );
  return image;
}
