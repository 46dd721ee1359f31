/**
 * Trivy for your repository: vulnerability, secret, misconfiguration and license
 * checks, a deterministic SBOM, and reports, with the project's trivy.yaml and ignore
 * files, a pinned trivy, and one shared vulnerability DB download per refresh window.
 */
import {
  argument,
  Changeset,
  check,
  Directory,
  File,
  func,
  generate,
  object,
  Secret,
} from "@dagger.io/dagger";
import { parseScanners, parseSeverity, type Scanner } from "./argv.js";
import { findingsFailure } from "./outcome.js";
import { sbomChanges, scanImage, scanSource } from "./pipeline.js";
import { reportFormat } from "./report.js";
import { parseSbomFormat } from "./sbom.js";
import { sourceIgnore } from "./shared/source-ignore.js";

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
    return sbomChanges(this, parseSbomFormat(this.sbomFormat));
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
    return scanSource(this, parseScanners(scanners), trivyFormat, fileName);
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
    const json = await scanImage(this, {
      address,
      username,
      password,
      platform,
    });
    const failed = findingsFailure(
      json,
      "vuln",
      severities,
      `image ${address}`,
    );
    if (failed) throw new Error(failed);
    return `trivy found no vulnerabilities at ${severities.join(",")} in image ${address}.`;
  }

  private async checkSource(scanner: Scanner): Promise<void> {
    const severities = parseSeverity(this.severity);
    const file = await scanSource(this, [scanner], "json", `${scanner}.json`);
    const failed = findingsFailure(
      await file.contents(),
      scanner,
      severities,
      "the repository",
    );
    if (failed) throw new Error(failed);
  }
}
