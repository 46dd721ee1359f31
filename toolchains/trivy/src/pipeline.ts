// Every container the toolchain builds: the trivy image with the shared cache volume,
// the download steps keyed by refresh window, the scans, and the one retry after a
// pruned cache. Scans never download: they read what the download steps left.
import {
  Changeset,
  Container,
  dag,
  Directory,
  ExecError,
  File,
  Secret,
} from "@dagger.io/dagger";
import {
  cacheDir,
  checksBundleArgs,
  emptyDir,
  fsScanArgs,
  imageAddress,
  imageScanArgs,
  outputDir,
  parseSeverity,
  refreshWindow,
  sourceDir,
  vulnDbArgs,
  type Scanner,
  type ScanSettings,
} from "./argv.js";
import { cacheMissing, explainFailure, type Step } from "./outcome.js";
import { projectFiles, type ProjectFiles } from "./project.js";
import { normalizeSbom, type SbomFormat } from "./sbom.js";

/** The module's settings, as the pipelines read them. */
export interface Settings {
  source: Directory;
  version: string;
  imageRepository: string;
  severity: string;
  ignoreUnfixed: boolean;
  skipDirs: string[];
  skipFiles: string[];
  configFile: string;
  ignoreFile: string;
  dbRepository: string;
  javaDbRepository: string;
  checksBundleRepository: string;
  dbRefreshHours: number;
  includeDevDeps: boolean;
  offlineScan: boolean;
  timeout: string;
  sbomPath: string;
  extraArgs: string[];
  dbRegistryUsername: string;
  dbRegistryPassword?: Secret;
}

/** The image `scanImage` scans, and how to reach it. */
export interface ImageTarget {
  address: string;
  username: string;
  password?: Secret;
  platform: string;
}

/** The settings every scan shares, with the project's trivy files. */
type ScanFiles = ScanSettings & ProjectFiles;

/** What a scan needs in the shared cache before it runs. */
interface Needs {
  vulnDb: boolean;
  checks: boolean;
}

/** Runs `trivy fs` on the source and returns its output file. */
export async function scanSource(
  s: Settings,
  scanners: Scanner[],
  format: string,
  fileName: string,
): Promise<File> {
  const settings = await scanSettings(s);
  // No Java DB: `trivy fs` does not analyse JAR, WAR or EAR files (only `trivy image`
  // and `trivy rootfs` do), so nothing in a source scan would read it.
  const output = `${outputDir}/${fileName}`;
  const ran = await scan(
    s,
    {
      vulnDb: scanners.includes("vuln"),
      checks: scanners.includes("misconfig"),
    },
    (ctr) =>
      ctr
        .withMountedDirectory(sourceDir, scanned(s), { readOnly: true })
        .withWorkdir(sourceDir)
        .withExec(fsScanArgs(settings, scanners, format, output)),
    settings,
  );
  return ran.file(output);
}

/** The SBOM trivy writes for the source, normalised, as a change to sbomPath. */
export async function sbomChanges(
  s: Settings,
  format: SbomFormat,
): Promise<Changeset> {
  const raw = await scanSource(s, [], format, "sbom.json");
  const text = normalizeSbom(await raw.contents(), format);
  return s.source.withNewFile(s.sbomPath, text).changes(s.source);
}

/** Runs `trivy image` on a registry image and returns its JSON report. */
export async function scanImage(
  s: Settings,
  image: ImageTarget,
): Promise<string> {
  const settings = await scanSettings(s);
  const address = image.address.trim();
  const output = `${outputDir}/image.json`;
  // A tag can move (app:latest): the scan is keyed on the moment it ran, so a later
  // call pulls the tag again instead of reusing an old result. A digest never moves.
  const pinned = /@sha256:[0-9a-f]{64}$/.test(address);
  const ran = await scan(
    s,
    { vulnDb: true, checks: false },
    (prepared) => {
      // Only the project's trivy files, so source edits do not re-run the scan.
      let ctr = prepared
        .withMountedDirectory(
          sourceDir,
          configFiles(s, [
            settings.config,
            settings.ignoreFile,
            settings.caCert,
          ]),
          { readOnly: true },
        )
        .withWorkdir(sourceDir);
      if (!pinned)
        ctr = ctr.withEnvVariable("IMAGE_SCANNED_AT", new Date().toISOString());
      if (image.username && image.password)
        ctr = ctr
          .withEnvVariable("TRIVY_USERNAME", image.username)
          .withSecretVariable("TRIVY_PASSWORD", image.password);
      return ctr.withExec(
        imageScanArgs(
          settings,
          address,
          image.platform,
          output,
          s.javaDbRepository,
        ),
      );
    },
    settings,
  );
  return ran.file(output).contents();
}

/**
 * Runs a scan on the prepared cache. The download steps are cached for the refresh
 * window, but the cache volume can be pruned on its own: a scan that finds the DB
 * gone refills it once, with steps that cannot be cached results, and runs again.
 */
async function scan(
  s: Settings,
  needs: Needs,
  build: (prepared: Container) => Container,
  settings: ScanFiles,
): Promise<Container> {
  const ran = build(await prepared(s, needs, settings));
  try {
    await ran.sync();
    return ran;
  } catch (e) {
    if (!(e instanceof ExecError) || !cacheMissing(e.stderr))
      throw failure(e, "scanning");
  }
  const again = build(
    await prepared(s, needs, settings, new Date().toISOString()),
  );
  await run(again, "scanning");
  return again;
}

/** The source as trivy sees it: without the generated SBOM, which trivy would read as an input. */
function scanned(s: Settings): Directory {
  return s.source.withoutFile(s.sbomPath);
}

/** The settings every scan shares, with the project's trivy files found. */
async function scanSettings(s: Settings): Promise<ScanFiles> {
  parseSeverity(s.severity);
  const files = await projectFiles(s, {
    exists: (path) => s.source.exists(path),
    read: (path) => s.source.file(path).contents(),
  });
  return {
    severity: s.severity,
    ignoreUnfixed: s.ignoreUnfixed,
    skipDirs: s.skipDirs,
    skipFiles: s.skipFiles,
    includeDevDeps: s.includeDevDeps,
    offlineScan: s.offlineScan,
    timeout: s.timeout,
    extraArgs: s.extraArgs,
    ...files,
  };
}

/** Just these files of the source, at their paths: what image scans and downloads see. */
function configFiles(s: Settings, paths: (string | undefined)[]): Directory {
  return paths
    .filter((p): p is string => Boolean(p))
    .reduce(
      (dir, path) => dir.withFile(path, s.source.file(path)),
      dag.directory(),
    );
}

/** The trivy image with the shared cache volume. */
function base(s: Settings): Container {
  return (
    dag
      .container()
      .from(imageAddress(s.imageRepository, s.version))
      .withMountedCache(cacheDir, dag.cacheVolume("trivy-cache"))
      // trivy does not create the folder of --output, and the image has no /tmp/trivy.
      .withDirectory(outputDir, dag.directory())
  );
}

/**
 * Fills the shared cache with what a scan needs, then returns the container the scan
 * runs in. Each download step carries the current refresh window in its environment,
 * so Dagger runs it once per window, however many scans ask; a scan that reads the
 * downloads carries the window too, so it re-runs on the fresh copy.
 */
async function prepared(
  s: Settings,
  needs: Needs,
  settings: ScanFiles,
  refill?: string,
): Promise<Container> {
  const plain = base(s);
  if (!needs.vulnDb && !needs.checks) return plain;
  const window = refreshWindow(new Date(), s.dbRefreshHours);
  let windowed = plain.withEnvVariable("DB_REFRESH_WINDOW", window);
  if (refill) windowed = windowed.withEnvVariable("DB_REFILLED_AT", refill);
  // The downloads read the project's trivy.yaml (mirrors, CA, insecure) and the CA
  // file it names, nothing else of the source, with the mirror's credentials when given.
  let downloader = windowed;
  if (settings.config)
    downloader = downloader
      .withMountedDirectory(
        sourceDir,
        configFiles(s, [settings.config, settings.caCert]),
        { readOnly: true },
      )
      .withWorkdir(sourceDir);
  if (s.dbRegistryUsername && s.dbRegistryPassword)
    downloader = downloader
      .withEnvVariable("TRIVY_USERNAME", s.dbRegistryUsername)
      .withSecretVariable("TRIVY_PASSWORD", s.dbRegistryPassword);
  const steps: [boolean, Container, Step][] = [
    [
      needs.vulnDb,
      downloader.withExec(vulnDbArgs(s.dbRepository, settings.config)),
      "downloading the vulnerability DB",
    ],
    [
      needs.checks,
      downloader
        .withDirectory(emptyDir, dag.directory())
        .withExec(checksBundleArgs(s.checksBundleRepository, settings.config)),
      "downloading the checks bundle",
    ],
  ];
  await Promise.all(
    steps.filter(([needed]) => needed).map(([, c, step]) => run(c, step)),
  );
  return windowed;
}

/** Runs a step; trivy exits non-zero only when it fails (findings never change the code). */
async function run(ctr: Container, step: Step): Promise<void> {
  try {
    await ctr.sync();
  } catch (e) {
    throw failure(e, step);
  }
}

/** trivy's failure as a message that says what to fix; anything else as it came. */
function failure(e: unknown, step: Step): unknown {
  return e instanceof ExecError
    ? new Error(explainFailure(step, e.exitCode, e.stdout, e.stderr), {
        cause: e,
      })
    : e;
}
