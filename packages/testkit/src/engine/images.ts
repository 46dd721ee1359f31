// What `Container.from(address)` starts with. The double has no images: it knows the
// default environment and entrypoint of the image families toolchains use (so `${PATH}`
// expands as in the image), and, when steps run on the host, the host tools a test
// lets stand in for an image's contents.
import { readFileSync, statSync } from "node:fs";
import {
  emptyTree,
  fileNode,
  normalize,
  type Node,
  type Tree,
} from "./tree.ts";

const systemPath =
  "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

interface ImageFamily {
  /** Matches the repository part of the address ("docker.io/library/node"). */
  repository: RegExp;
  env: Record<string, string>;
  entrypoint?: string[];
}

/** The default environment the families' official images declare. */
const families: ImageFamily[] = [
  {
    repository: /(^|\/)golang$|golangci-lint$/,
    env: {
      PATH: `/go/bin:/usr/local/go/bin:${systemPath}`,
      GOPATH: "/go",
      GOTOOLCHAIN: "local",
    },
  },
  {
    repository: /(^|\/)python$/,
    env: { PATH: systemPath, LANG: "C.UTF-8" },
  },
  {
    repository: /(^|\/)trivy$/,
    env: { PATH: systemPath },
    entrypoint: ["trivy"],
  },
  {
    repository: /astral-sh\/uv$/,
    env: { PATH: systemPath },
    entrypoint: ["/uv"],
  },
];

/** A host stand-in for an image's contents, in an executing session. */
export interface StandIn {
  /** Which image addresses it stands in for. */
  image: RegExp;
  /** Variables set over the image's default environment. */
  env?: Record<string, string>;
  /**
   * Host folders seen at container paths, writes captured like the image's own
   * files: container path → host folder.
   */
  binds?: Record<string, string>;
  /** Host files copied into the image's filesystem: container path → host file. */
  files?: Record<string, string>;
}

export interface ImageStart {
  env: Record<string, string>;
  entrypoint: string[];
  rootfs: Tree;
  binds: Record<string, string>;
}

function repositoryOf(address: string): string {
  const noDigest = address.split("@")[0]!;
  const lastColon = noDigest.lastIndexOf(":");
  return lastColon > noDigest.lastIndexOf("/")
    ? noDigest.slice(0, lastColon)
    : noDigest;
}

function hostFile(path: string): Node {
  return fileNode(readFileSync(path), statSync(path).mode & 0o7777);
}

export function imageDefaults(
  address: string,
  standIns: readonly StandIn[] = [],
): ImageStart {
  const repository = repositoryOf(address);
  const family = families.find((f) => f.repository.test(repository));
  const standIn = standIns.find((s) => s.image.test(address));
  const rootfs = new Map(emptyTree);
  for (const [at, from] of Object.entries(standIn?.files ?? {}))
    rootfs.set(normalize(at), hostFile(from));
  return {
    env: { PATH: systemPath, ...family?.env, ...standIn?.env },
    entrypoint: family?.entrypoint ?? [],
    rootfs,
    binds: standIn?.binds ?? {},
  };
}
