/**
 * Trivy for your repository: vulnerability, secret, misconfiguration and license
 * checks, a deterministic SBOM, and reports, with the project's trivy.yaml and ignore
 * files, a pinned trivy, and one shared vulnerability DB download per refresh window.
 */
import {
  argument,
  Changeset,
  check,
  Container,
  dag,
  Directory,
  ExecError,
  File,
  func,
  generate,
  object,
  Secret,
} from "@dagger.io/dagger";
import {
  cacheMissing,
  explainFailure,
  findingsFailure,
  type Step,
} from "./outcome.js";
import { reportFormat } from "./report.js";
import { normalizeSbom, parseSbomFormat } from "./sbom.js";
import {
  cacheDir,
  checksBundleArgs,
  emptyDir,
  fsScanArgs,
  imageAddress,
  imageScanArgs,
  outputDir,
  parseScanners,
  parseSeverity,
  refreshWindow,
  sourceDir,
  vulnDbArgs,
  type Scanner,
  type ScanSettings,
} from "./argv.js";
import { sourceIgnore } from "./shared/source-ignore.js";

/** What a scan needs in the shared cache before it runs. */
interface Needs {
  vulnDb: boolean;
  checks: boolean;
}

@object()
export class Trivy {
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
  sbomFormat: string;
  extraArgs: string[];
  dbRegistryUsername: string;
  dbRegistryPassword?: Secret;

  constructor(
    /** The project to scan: by default the root of your repository. */
    @argument({
      defaultPath: "/",
      ignore: sourceIgnore,
    })
    source: Directory,
    /** The trivy release to run; 0.69.4, 0.69.5 and 0.69.6 are refused (malicious builds, March 2026). */
    version = "0.75.0",
    /** Where the trivy image comes from: docker.io/aquasec/trivy, ghcr.io/aquasecurity/trivy, public.ecr.aws/aquasecurity/trivy or your mirror. */
    imageRepository = "docker.io/aquasec/trivy",
    /** The severities that fail a check, comma-separated (UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL). */
    severity = "HIGH,CRITICAL",
    /** Report only vulnerabilities that have a fixed version. */
    ignoreUnfixed = true,
    /** Directories or globs trivy skips (--skip-dirs), relative to the repository root. */
    skipDirs: string[] = [],
    /** Files or globs trivy skips (--skip-files), relative to the repository root. */
    skipFiles: string[] = [],
    /** The project's trivy config file, used when it exists (flags from these settings win over it). */
    configFile = "trivy.yaml",
    /** The ignore file; empty uses .trivyignore.yaml or .trivyignore, whichever the project has. */
    ignoreFile = "",
    /** Registries for the vulnerability DB, comma-separated in order of preference; empty uses trivy's (mirror.gcr.io, then ghcr.io). */
    dbRepository = "",
    /** Registries for the Java DB that scanImage fetches for images with Java archives, comma-separated; empty uses trivy's. */
    javaDbRepository = "",
    /** The registry of the misconfiguration checks bundle; empty uses trivy's. */
    checksBundleRepository = "",
    /** How often, in hours, the DBs and checks bundle are downloaded again; scans in between share the cached copy. */
    dbRefreshHours = 24,
    /** Include development dependencies (npm, yarn, gradle) in vulnerability and license scans and the SBOM. */
    includeDevDeps = false,
    /** Never ask remote package repositories (Maven Central) to identify dependencies. */
    offlineScan = false,
    /** How long one trivy run may take (a Go duration: 10m, 1h). */
    timeout = "10m",
    /** Where `sbom` writes the SBOM, relative to the repository root. */
    sbomPath = "sbom.cdx.json",
    /** The SBOM format `sbom` writes: cyclonedx or spdx-json. */
    sbomFormat = "cyclonedx",
    /** More trivy options for every scan, placed before the target (e.g. ["--pkg-types", "library"]). */
    extraArgs: string[] = [],
    /** The user for a private DB and checks bundle mirror (with dbRegistryPassword). */
    dbRegistryUsername = "",
    /** The password or token for a private DB and checks bundle mirror. */
    dbRegistryPassword?: Secret,
  ) {
    this.source = source;
    this.version = version;
    this.imageRepository = imageRepository;
    this.severity = severity;
    this.ignoreUnfixed = ignoreUnfixed;
    this.skipDirs = skipDirs;
    this.skipFiles = skipFiles;
    this.configFile = configFile;
    this.ignoreFile = ignoreFile;
    this.dbRepository = dbRepository;
    this.javaDbRepository = javaDbRepository;
    this.checksBundleRepository = checksBundleRepository;
    this.dbRefreshHours = dbRefreshHours;
    this.includeDevDeps = includeDevDeps;
    this.offlineScan = offlineScan;
    this.timeout = timeout;
    this.sbomPath = sbomPath;
    this.sbomFormat = sbomFormat;
    this.extraArgs = extraArgs;
    this.dbRegistryUsername = dbRegistryUsername;
    this.dbRegistryPassword = dbRegistryPassword;
  }

  /** Fails on vulnerable dependencies (from lockfiles and manifests) at the configured severities. */
  @func({ cache: "session" })
  @check()
  async vulnerabilities(): Promise<void> {
    await this.checkSource("vuln");
  }

  /** Fails on secrets committed to the repository (keys, tokens, passwords). */
  @func()
  @check()
  async secrets(): Promise<void> {
    await this.checkSource("secret");
  }

  /** Fails on misconfigurations in Dockerfiles, Kubernetes, Helm, Terraform, CloudFormation and more. */
  @func({ cache: "session" })
  @check()
  async misconfigurations(): Promise<void> {
    await this.checkSource("misconfig");
  }

  /** Fails on dependencies whose license is in a failing category (forbidden is CRITICAL, restricted HIGH). */
  @func()
  @check()
  async licenses(): Promise<void> {
    await this.checkSource("license");
  }

  /** Writes the SBOM to sbomPath, normalised so it changes only when the dependencies do. */
  @func()
  @generate()
  async sbom(): Promise<Changeset> {
    const format = parseSbomFormat(this.sbomFormat);
    const raw = await this.scanSource([], format, "sbom.json");
    const text = normalizeSbom(await raw.contents(), format);
    return this.source.withNewFile(this.sbomPath, text).changes(this.source);
  }

  /** A report of the chosen scanners: sarif (for code scanning), json, table, cyclonedx or spdx-json. */
  @func({ cache: "session" })
  async report(
    /** sarif, json, table, cyclonedx or spdx-json. */
    format = "sarif",
    /** The scanners, comma-separated: vuln, secret, misconfig, license. */
    scanners = "vuln,secret,misconfig,license",
  ): Promise<File> {
    const { trivyFormat, fileName } = reportFormat(format);
    return this.scanSource(parseScanners(scanners), trivyFormat, fileName);
  }

  /** Scans a container image in a registry and fails on vulnerabilities, like the vulnerabilities check. */
  @func({ cache: "session" })
  async scanImage(
    /** The image address, e.g. registry.example.com/app:1.2.3 or name@sha256:…. */
    address: string,
    /** The registry user, for a private image (with password). */
    username = "",
    /** The registry password or token, for a private image. */
    password?: Secret,
    /** The platform to scan in a multi-platform image, e.g. linux/arm64; empty lets trivy choose. */
    platform = "",
  ): Promise<string> {
    if (!address.trim()) throw new Error("scanImage needs an image address.");
    if (Boolean(username) !== Boolean(password))
      throw new Error(
        "scanImage needs both username and password for a private registry, or neither.",
      );
    const severities = parseSeverity(this.severity);
    const settings = await this.settings();
    const output = `${outputDir}/image.json`;
    // A tag can move (app:latest): the scan is keyed on the moment it ran, so a later
    // call pulls the tag again instead of reusing an old result. A digest never moves.
    const pinned = /@sha256:[0-9a-f]{64}$/.test(address.trim());
    const ran = await this.scan(
      { vulnDb: true, checks: false },
      (prepared) => {
        // Only the project's trivy config and ignore file, so source edits do not re-run the scan.
        let ctr = prepared
          .withMountedDirectory(sourceDir, this.configFiles(settings), {
            readOnly: true,
          })
          .withWorkdir(sourceDir);
        if (!pinned)
          ctr = ctr.withEnvVariable(
            "IMAGE_SCANNED_AT",
            new Date().toISOString(),
          );
        if (username && password)
          ctr = ctr
            .withEnvVariable("TRIVY_USERNAME", username)
            .withSecretVariable("TRIVY_PASSWORD", password);
        return ctr.withExec(
          imageScanArgs(
            settings,
            address.trim(),
            platform,
            output,
            this.javaDbRepository,
          ),
        );
      },
      settings,
    );
    const failed = findingsFailure(
      await ran.file(output).contents(),
      "vuln",
      severities,
      `image ${address}`,
    );
    if (failed) throw new Error(failed);
    return `trivy found no vulnerabilities at ${severities.join(",")} in image ${address}.`;
  }

  private async checkSource(scanner: Scanner): Promise<void> {
    const severities = parseSeverity(this.severity);
    const file = await this.scanSource([scanner], "json", `${scanner}.json`);
    const failed = findingsFailure(
      await file.contents(),
      scanner,
      severities,
      "the repository",
    );
    if (failed) throw new Error(failed);
  }

  /** Runs `trivy fs` on the source and returns its output file. */
  private async scanSource(
    scanners: Scanner[],
    format: string,
    fileName: string,
  ): Promise<File> {
    const settings = await this.settings();
    // No Java DB: `trivy fs` does not analyse JAR, WAR or EAR files (only `trivy image`
    // and `trivy rootfs` do), so nothing in a source scan would read it.
    const output = `${outputDir}/${fileName}`;
    const ran = await this.scan(
      {
        vulnDb: scanners.includes("vuln"),
        checks: scanners.includes("misconfig"),
      },
      (ctr) =>
        ctr
          .withMountedDirectory(sourceDir, this.scanned(), { readOnly: true })
          .withWorkdir(sourceDir)
          .withExec(fsScanArgs(settings, scanners, format, output)),
      settings,
    );
    return ran.file(output);
  }

  /**
   * Runs a scan on the prepared cache. The download steps are cached for the refresh
   * window, but the cache volume can be pruned on its own: a scan that finds the DB
   * gone refills it once, with steps that cannot be cached results, and runs again.
   */
  private async scan(
    needs: Needs,
    build: (prepared: Container) => Container,
    settings: ScanSettings,
  ): Promise<Container> {
    const ran = build(await this.prepared(needs, settings));
    try {
      await ran.sync();
      return ran;
    } catch (e) {
      if (!(e instanceof ExecError) || !cacheMissing(e.stderr))
        throw this.failure(e, "scanning");
    }
    const again = build(
      await this.prepared(needs, settings, new Date().toISOString()),
    );
    await this.run(again, "scanning");
    return again;
  }

  /** The source as trivy sees it: without the generated SBOM, which trivy would read as an input. */
  private scanned(): Directory {
    return this.source.withoutFile(this.sbomPath);
  }

  /** The settings every scan shares, with the project's config and ignore file found. */
  private async settings(): Promise<ScanSettings> {
    parseSeverity(this.severity);
    const config = (await this.source.exists(this.configFile))
      ? this.configFile
      : undefined;
    if (!config && this.configFile !== "trivy.yaml")
      throw new Error(
        `configFile "${this.configFile}" is not in the repository. Fix the setting, or set it back to trivy.yaml.`,
      );
    return {
      severity: this.severity,
      ignoreUnfixed: this.ignoreUnfixed,
      skipDirs: this.skipDirs,
      skipFiles: this.skipFiles,
      includeDevDeps: this.includeDevDeps,
      offlineScan: this.offlineScan,
      timeout: this.timeout,
      extraArgs: this.extraArgs,
      config,
      ignoreFile: await this.findIgnoreFile(),
    };
  }

  /** trivy reads one ignore file, and .trivyignore.yaml only when named: pick it explicitly. */
  private async findIgnoreFile(): Promise<string | undefined> {
    if (this.ignoreFile) {
      if (!(await this.source.exists(this.ignoreFile)))
        throw new Error(
          `ignoreFile "${this.ignoreFile}" is not in the repository. Fix the setting, or leave it empty to use .trivyignore.yaml or .trivyignore.`,
        );
      return this.ignoreFile;
    }
    const yaml = await this.source.exists(".trivyignore.yaml");
    const plain = await this.source.exists(".trivyignore");
    if (yaml && plain)
      throw new Error(
        "The repository has both .trivyignore.yaml and .trivyignore, and trivy reads only one. " +
          "Move the entries of .trivyignore into .trivyignore.yaml and delete it, or set ignoreFile to the one to use.",
      );
    return yaml ? ".trivyignore.yaml" : plain ? ".trivyignore" : undefined;
  }

  /** Just the files trivy reads for its settings, for image scans. */
  private configFiles(
    settings: Pick<ScanSettings, "config" | "ignoreFile">,
  ): Directory {
    return [settings.config, settings.ignoreFile]
      .filter((p): p is string => Boolean(p))
      .reduce(
        (dir, path) => dir.withFile(path, this.source.file(path)),
        dag.directory(),
      );
  }

  /** The trivy image with the shared cache volume. */
  private base(): Container {
    return (
      dag
        .container()
        .from(imageAddress(this.imageRepository, this.version))
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
  private async prepared(
    needs: Needs,
    settings: ScanSettings,
    refill?: string,
  ): Promise<Container> {
    const base = this.base();
    if (!needs.vulnDb && !needs.checks) return base;
    const window = refreshWindow(new Date(), this.dbRefreshHours);
    let windowed = base.withEnvVariable("DB_REFRESH_WINDOW", window);
    if (refill) windowed = windowed.withEnvVariable("DB_REFILLED_AT", refill);
    // The downloads read the project's trivy.yaml (mirrors, CA, insecure) and nothing
    // else of the source, with the mirror's credentials when given.
    let downloader = windowed;
    if (settings.config)
      downloader = downloader
        .withMountedDirectory(
          sourceDir,
          this.configFiles({ config: settings.config }),
          { readOnly: true },
        )
        .withWorkdir(sourceDir);
    if (this.dbRegistryUsername && this.dbRegistryPassword)
      downloader = downloader
        .withEnvVariable("TRIVY_USERNAME", this.dbRegistryUsername)
        .withSecretVariable("TRIVY_PASSWORD", this.dbRegistryPassword);
    const steps: [boolean, Container, Step][] = [
      [
        needs.vulnDb,
        downloader.withExec(vulnDbArgs(this.dbRepository, settings.config)),
        "downloading the vulnerability DB",
      ],
      [
        needs.checks,
        downloader
          .withDirectory(emptyDir, dag.directory())
          .withExec(
            checksBundleArgs(this.checksBundleRepository, settings.config),
          ),
        "downloading the checks bundle",
      ],
    ];
    await Promise.all(
      steps
        .filter(([needed]) => needed)
        .map(([, c, step]) => this.run(c, step)),
    );
    return windowed;
  }

  /** Runs a step; trivy exits non-zero only when it fails (findings never change the code). */
  private async run(ctr: Container, step: Step): Promise<void> {
    try {
      await ctr.sync();
    } catch (e) {
      throw this.failure(e, step);
    }
  }

  private failure(e: unknown, step: Step): unknown {
    return e instanceof ExecError
      ? new Error(explainFailure(step, e.exitCode, e.stdout, e.stderr), {
          cause: e,
        })
      : e;
  }
}
