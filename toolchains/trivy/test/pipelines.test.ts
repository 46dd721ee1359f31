// Recorded pipelines: the toolchain runs through the SDK's real entrypoint against the
// testkit's engine double, which records each exec and plays trivy with real reports
// (fixtures/reports/SOURCES.md). Nothing runs trivy.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  answer,
  call,
  firstAnswer,
  moduleApi,
  sourceFiles,
  toolchainTest,
  type ExecOutcome,
  type ExecRequest,
  type RecordedExec,
} from "@toolchains/testkit";
import { refreshWindow } from "../src/argv.ts";

const { module, fixture } = toolchainTest(import.meta.url);
const golden = (name: string) =>
  readFileSync(fixture(`reports/${name}`), "utf8");

const image =
  "docker.io/aquasec/trivy:0.75.0@sha256:af6acf9a6b85dfe389a1941505c0ce9efef52a4719635e1a962f022a3d855daa";
const cache = {
  "/cache/trivy": { type: "cache", volume: "trivy-cache", sharing: "SHARED" },
};
const offline = [
  "--exit-code",
  "0",
  "--severity",
  "HIGH,CRITICAL",
  "--skip-db-update",
  "--skip-check-update",
  "--skip-version-check",
  "--disable-telemetry",
  "--no-progress",
  "--timeout",
  "10m",
];
const vulnDbStep = [
  "trivy",
  "image",
  "--download-db-only",
  "--cache-dir",
  "/cache/trivy",
  "--no-progress",
];

const output = (e: { argv: string[] }) =>
  e.argv.includes("--output")
    ? e.argv[e.argv.indexOf("--output") + 1]
    : undefined;
const scanOf = (execs: RecordedExec[]) => execs.find((e) => output(e))!;

/** Plays trivy: every scan writes `report` where --output points. */
const writes = (
  report: string,
  others?: (e: ExecRequest) => ExecOutcome | undefined,
) =>
  firstAnswer(
    answer(
      (e) => !!output(e),
      (e) => ({ files: { [output(e)!]: report } }),
    ),
    others,
  );
const clean = writes(
  '{"SchemaVersion": 2, "ArtifactName": ".", "Results": []}',
);
const currentWindow = () => refreshWindow(new Date(), 24);

describe.concurrent("the shared DB and the checks", () => {
  test("vulnerabilities: one windowed DB download into the cache volume, then an offline scan of the source", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "vulnerabilities",
      exec: writes(golden("npm.json.golden")),
    });
    expect(r.error).toBeUndefined(); // jquery's CVE is MEDIUM: below the threshold
    const [db, scan] = r.execs;
    expect(db).toMatchObject({
      image,
      argv: vulnDbStep,
      env: { DB_REFRESH_WINDOW: currentWindow() },
      mounts: cache,
      files: [],
    });
    expect(scan).toMatchObject({
      image,
      argv: [
        "trivy",
        "fs",
        "--cache-dir",
        "/cache/trivy",
        "--scanners",
        "vuln",
        "--format",
        "json",
        "--output",
        "/tmp/trivy/vuln.json",
        "--exit-code",
        "0",
        "--severity",
        "HIGH,CRITICAL",
        "--ignore-unfixed",
        ...offline.slice(4),
        "--skip-java-db-update",
        ".",
      ],
      workdir: "/src",
      env: { DB_REFRESH_WINDOW: currentWindow() },
      mounts: { ...cache, "/src": { type: "directory", readOnly: true } },
    });
    expect(sourceFiles(scan!)).toEqual([
      "Dockerfile",
      "index.js",
      "package-lock.json",
      "package.json",
    ]);
    expect(r.execs).toHaveLength(2);
  });

  test("vulnerabilities fails with the table of findings at the threshold", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "vulnerabilities",
      exec: writes(golden("test-repo.json.golden")),
    });
    expect(r.error).toBe(
      [
        "trivy found 1 vulnerability in the repository (1 HIGH):",
        "",
        "ID              SEVERITY  PACKAGE               INSTALLED → FIXED",
        "CVE-2019-15542  HIGH      ammonia (Cargo.lock)  1.9.0 → >= 2.1.0",
        "",
        "Update these packages to a fixed version, or accept a risk with an entry (and an expiry) in .trivyignore.yaml.",
      ].join("\n"),
    );
  });

  test("every DB-backed function asks for the same download step, so Dagger runs it once for trivy:*", async () => {
    const [vulns, report] = await Promise.all([
      call({
        module,
        repo: fixture("npm"),
        function: "vulnerabilities",
        exec: clean,
      }),
      call({ module, repo: fixture("npm"), function: "report", exec: clean }),
    ]);
    const step = (execs: RecordedExec[]) =>
      execs.find((e) => e.argv.includes("--download-db-only"));
    expect(step(report.execs)).toEqual(step(vulns.execs));
    expect(
      report.execs.filter((e) => e.argv.includes("--download-db-only")),
    ).toHaveLength(1);
  });

  test("secrets: no download at all, and the secret scanner alone", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "secrets",
      exec: writes(golden("secrets.json.golden")),
    });
    expect(r.execs).toHaveLength(1);
    expect(r.execs[0]!.argv.slice(0, 10)).toEqual([
      "trivy",
      "fs",
      "--cache-dir",
      "/cache/trivy",
      "--scanners",
      "secret",
      "--format",
      "json",
      "--output",
      "/tmp/trivy/secret.json",
    ]);
    expect(r.execs[0]!.argv).not.toContain("--ignore-unfixed");
    expect(r.execs[0]!.env).toEqual({});
    expect(r.error).toContain(
      "trivy found 2 secrets in the repository (1 CRITICAL, 1 HIGH):",
    );
    expect(r.error).toContain(
      "aws-access-key-id  CRITICAL  deploy.sh:3  AWS Access Key ID",
    );
    expect(r.error).toContain(
      "Remove these secrets from the repository and rotate them",
    );
  });

  test("misconfigurations: the checks bundle is fetched once per window, then the scan skips the update", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "misconfigurations",
      exec: writes(golden("dockerfile.json.golden")),
    });
    expect(r.execs.map((e) => e.argv.slice(0, 2))).toEqual([
      ["trivy", "config"],
      ["trivy", "fs"],
    ]);
    expect(r.execs[0]).toMatchObject({
      argv: [
        "trivy",
        "config",
        "--cache-dir",
        "/cache/trivy",
        "--skip-version-check",
        "--disable-telemetry",
        "/tmp/trivy-empty",
      ],
      env: { DB_REFRESH_WINDOW: currentWindow() },
      files: [],
    });
    expect(r.execs[1]!.argv).toContain("--skip-check-update");
    expect(r.error).toContain(
      "DS-0002  HIGH      Dockerfile  Image user should not be 'root'",
    );
  });

  test("licenses: restricted licenses fail, with no download", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "licenses",
      exec: writes(golden("realworld-fs-misconfig-license-excerpt.json")),
    });
    expect(r.execs).toHaveLength(1);
    expect(r.execs[0]!.argv).toContain("license");
    expect(r.error).toContain(
      "trivy found 1 license finding in the repository (1 HIGH):",
    );
    expect(r.error).toContain(
      "LGPL-3.0  HIGH      vendor/github.com/juju/errors/LICENSE  restricted license",
    );
  });

  test.each(["vulnerabilities", "secrets", "misconfigurations", "licenses"])(
    "%s passes on a clean report",
    async (fn) => {
      const r = await call({
        module,
        repo: fixture("npm"),
        function: fn,
        exec: clean,
      });
      expect(r.error).toBeUndefined();
    },
  );
});

describe.concurrent("settings and the project's trivy files", () => {
  test("trivy.yaml and .trivyignore.yaml are passed explicitly", async () => {
    const r = await call({
      module,
      repo: fixture("configured"),
      function: "vulnerabilities",
      exec: clean,
    });
    const argv = scanOf(r.execs).argv;
    expect(argv.slice(argv.indexOf("--timeout"), -2)).toEqual([
      "--timeout",
      "10m",
      "--config",
      "trivy.yaml",
      "--ignorefile",
      ".trivyignore.yaml",
    ]);
  });

  test("a plain .trivyignore is used when it is the only one", async () => {
    const r = await call({
      module,
      repo: fixture("plain-ignore"),
      function: "secrets",
      exec: clean,
    });
    expect(scanOf(r.execs).argv).toEqual(
      expect.arrayContaining(["--ignorefile", ".trivyignore"]),
    );
    expect(scanOf(r.execs).argv).not.toContain("--config");
  });

  test("both ignore files: one clear error before anything runs", async () => {
    const r = await call({
      module,
      repo: fixture("both-ignores"),
      function: "secrets",
    });
    expect(r.error).toBe(
      "The repository has both .trivyignore.yaml and .trivyignore, and trivy reads only one. " +
        "Move the entries of .trivyignore into .trivyignore.yaml and delete it, or set ignoreFile to the one to use.",
    );
    expect(r.execs).toEqual([]);
  });

  test("a configFile or ignoreFile that is not in the repository", async () => {
    const config = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: { configFile: "ci/trivy.yaml" },
      function: "licenses",
    });
    expect(config.error).toBe(
      'configFile "ci/trivy.yaml" is not in the repository. Fix the setting, or set it back to trivy.yaml.',
    );
    const ignore = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: { ignoreFile: "security/ignore.yaml" },
      function: "licenses",
    });
    expect(ignore.error).toContain(
      'ignoreFile "security/ignore.yaml" is not in the repository.',
    );
  });

  test("every knob reaches trivy", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: {
        version: "0.74.0",
        imageRepository: "ghcr.io/aquasecurity/trivy",
        severity: "MEDIUM,HIGH,CRITICAL",
        ignoreUnfixed: false,
        skipDirs: ["vendor", "**/testdata"],
        skipFiles: ["**/*.min.js"],
        includeDevDeps: true,
        offlineScan: true,
        timeout: "30m",
        extraArgs: ["--pkg-types", "library"],
        dbRepository: "registry.example.com/trivy-db:2",
        dbRefreshHours: 6,
      },
      function: "vulnerabilities",
      exec: clean,
    });
    const [db, scan] = r.execs;
    expect(db!.image).toBe(
      "ghcr.io/aquasecurity/trivy:0.74.0@sha256:62b1e65e8869bc4b4c6aa4fa2b21595256c7c2f6018a9d9ad61caf87187c1969",
    );
    expect(db!.argv).toEqual([
      ...vulnDbStep,
      "--db-repository",
      "registry.example.com/trivy-db:2",
    ]);
    expect(db!.env.DB_REFRESH_WINDOW).toBe(refreshWindow(new Date(), 6));
    expect(scan!.argv).toEqual(
      expect.arrayContaining([
        "--severity",
        "MEDIUM,HIGH,CRITICAL",
        "--timeout",
        "30m",
      ]),
    );
    expect(scan!.argv).not.toContain("--ignore-unfixed");
    expect(
      scan!.argv.slice(scan!.argv.indexOf("--skip-java-db-update")),
    ).toEqual([
      "--skip-java-db-update",
      "--skip-dirs",
      "vendor",
      "--skip-dirs",
      "**/testdata",
      "--skip-files",
      "**/*.min.js",
      "--include-dev-deps",
      "--offline-scan",
      "--pkg-types",
      "library",
      ".",
    ]);
  });

  test("Java archives: no Java DB step, since trivy fs does not analyse them", async () => {
    const r = await call({
      module,
      repo: fixture("java"),
      constructorArgs: {
        javaDbRepository: "registry.example.com/trivy-java-db:1",
      },
      function: "vulnerabilities",
      exec: clean,
    });
    expect(r.execs.map((e) => e.argv.slice(1, 3).join(" "))).toEqual([
      "image --download-db-only",
      "fs --cache-dir",
    ]);
  });

  test("the project's trivy.yaml and the mirror's credentials reach the download steps", async () => {
    const r = await call({
      module,
      repo: fixture("configured"),
      constructorArgs: {
        dbRegistryUsername: "ci",
        dbRegistryPassword: "s3cret",
      },
      function: "report",
      exec: clean,
    });
    const downloadSteps = r.execs.filter((e) => e.argv[1] !== "fs");
    expect(downloadSteps).toHaveLength(2);
    for (const e of downloadSteps) {
      expect(e.argv.slice(-3)).toContain("trivy.yaml");
      expect(e.argv[e.argv.indexOf("--config") + 1]).toBe("trivy.yaml");
      expect(e.workdir).toBe("/src");
      expect(e.env).toMatchObject({ TRIVY_USERNAME: "ci" });
      expect(e.secretEnv).toMatchObject({
        TRIVY_PASSWORD: "dbRegistryPassword",
      });
      // Only the config: a source edit does not re-run a download.
      expect(e.files.filter((f) => f.startsWith("/src/"))).toEqual([
        "/src/trivy.yaml",
      ]);
    }
  });

  test("a private mirror's CA file, named in trivy.yaml, reaches the download steps and the image scan", async () => {
    const report = await call({
      module,
      repo: fixture("private-mirror"),
      function: "report",
      exec: clean,
    });
    expect(report.error).toBeUndefined();
    const downloadSteps = report.execs.filter((e) => e.argv[1] !== "fs");
    expect(downloadSteps.map((e) => e.argv[1]).sort()).toEqual([
      "config",
      "image",
    ]);
    for (const e of downloadSteps) {
      // trivy reads cacert from trivy.yaml, relative to its workdir: the repository root.
      expect(e.argv[e.argv.indexOf("--config") + 1]).toBe("trivy.yaml");
      expect(e.workdir).toBe("/src");
      expect(sourceFiles(e)).toEqual(["certs/ca.pem", "trivy.yaml"]);
    }
    expect(sourceFiles(scanOf(report.execs))).toContain("certs/ca.pem");
    const image = await call({
      module,
      repo: fixture("private-mirror"),
      function: "scanImage",
      args: { address: "registry.example.com/shop:1.2.3" },
      exec: writes(golden("alpine-310.json.golden")),
    });
    expect(image.execs.map(sourceFiles)).toEqual([
      ["certs/ca.pem", "trivy.yaml"],
      ["certs/ca.pem", "trivy.yaml"],
    ]);
  });

  test("a CA file trivy.yaml names outside the repository: one clear error before anything runs", async () => {
    const r = await call({
      module,
      repo: fixture("cacert-missing"),
      function: "vulnerabilities",
    });
    expect(r.error).toBe(
      'trivy.yaml names the CA file "/etc/ssl/certs/corp-ca.pem" (cacert), but the repository has no such file: ' +
        "trivy runs in a container that sees only the repository. " +
        "Commit the CA file and name it by its path from the repository root (for example cacert: certs/ca.pem).",
    );
    expect(r.execs).toEqual([]);
  });

  test("the checks bundle mirror reaches its step", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: {
        checksBundleRepository: "registry.example.com/trivy-checks:2",
      },
      function: "misconfigurations",
      exec: clean,
    });
    expect(r.execs[0]!.argv).toEqual(
      expect.arrayContaining([
        "--checks-bundle-repository",
        "registry.example.com/trivy-checks:2",
      ]),
    );
  });
});

describe.concurrent("bad input and trivy failing", () => {
  test("a malicious trivy release is refused before anything runs", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: { version: "0.69.4" },
      function: "secrets",
    });
    expect(r.error).toMatch(
      /^trivy 0\.69\.4 is one of the releases published by attackers/,
    );
    expect(r.execs).toEqual([]);
  });

  test("an unknown severity", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: { severity: "HIGH,SEVERE" },
      function: "vulnerabilities",
    });
    expect(r.error).toContain("severity must be a comma-separated list");
    expect(r.execs).toEqual([]);
  });

  test("a failed DB download says so, and no scan runs", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "vulnerabilities",
      exec: (e) =>
        e.argv.includes("--download-db-only")
          ? {
              exitCode: 1,
              stderr:
                "2026-11-21T09:00:02Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: OCI artifact error: GET https://mirror.gcr.io/v2/aquasec/trivy-db/manifests/2: TOOMANYREQUESTS: rate limit exceeded\n",
            }
          : undefined,
    });
    expect(r.error).toMatch(
      /^trivy could not run \(downloading the vulnerability DB; it exited with code 1\)\.\nThe registry rate-limited the download\./,
    );
    expect(r.execs).toHaveLength(1);
  });

  test("a scan trivy cannot finish is not reported as findings", async () => {
    const r = await call({
      module,
      repo: fixture("configured"),
      function: "licenses",
      exec: (e) =>
        output(e)
          ? {
              exitCode: 1,
              stderr:
                '2026-11-21T09:00:00Z\tFATAL\tFatal error\tconfig file "trivy.yaml" loading error: yaml: line 3: did not find expected key\n',
            }
          : undefined,
    });
    expect(r.error).toContain(
      "trivy could not run (scanning; it exited with code 1).\ntrivy could not read its configuration.",
    );
    expect(r.error).not.toContain("trivy found");
  });
});

describe.concurrent("sbom", () => {
  const anotherRun = golden("npm-cyclonedx.json.golden")
    .replace(
      /3ff14136-e09f-4df9-80ea-0000000000(\d\d)/g,
      "9b2c11aa-0000-4000-8000-0000000000$1",
    )
    .replace("2021-08-25T12:20:30+00:00", "2026-11-21T09:41:07+00:00");

  test("the same dependencies as the committed SBOM: an empty changeset", async () => {
    const r = await call({
      module,
      repo: fixture("sbom-current"),
      function: "sbom",
      exec: writes(anotherRun),
    });
    expect(r.error).toBeUndefined();
    expect(r.changeset).toMatchObject({ added: [], modified: [], removed: [] });
    const scan = scanOf(r.execs);
    expect(scan.argv).not.toContain("--scanners");
    expect(scan.argv).toEqual(
      expect.arrayContaining(["--format", "cyclonedx"]),
    );
    // trivy reads *.cdx.json files as inputs: the previous SBOM is kept out of the scan.
    expect(sourceFiles(scan)).toEqual(["package-lock.json", "package.json"]);
    expect(r.execs).toHaveLength(1);
  });

  test("no SBOM yet: the changeset adds it, normalised", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "sbom",
      exec: writes(anotherRun),
    });
    expect(r.changeset).toMatchObject({
      added: ["sbom.cdx.json"],
      modified: [],
    });
    expect(r.changeset!.files["sbom.cdx.json"]).toBe(
      readFileSync(fixture("sbom-current/sbom.cdx.json"), "utf8"),
    );
  });

  test("a dependency change modifies the SBOM", async () => {
    const r = await call({
      module,
      repo: fixture("sbom-current"),
      function: "sbom",
      exec: writes(anotherRun.replaceAll("jquery@3.3.9", "jquery@3.4.0")),
    });
    expect(r.changeset).toMatchObject({
      added: [],
      modified: ["sbom.cdx.json"],
    });
    expect(r.changeset!.patch).toContain(
      '+      "bom-ref": "pkg:npm/jquery@3.4.0",',
    );
  });

  test("SPDX at another path", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: {
        sbomFormat: "spdx-json",
        sbomPath: "docs/sbom.spdx.json",
      },
      function: "sbom",
      exec: writes(golden("conda-spdx.json.golden")),
    });
    expect(r.changeset!.added).toContain("docs/sbom.spdx.json");
    expect(r.changeset!.files["docs/sbom.spdx.json"]).toContain(
      '"created": "1970-01-01T00:00:00Z"',
    );
    expect(scanOf(r.execs).argv).toEqual(
      expect.arrayContaining(["--format", "spdx-json"]),
    );
  });
});

describe.concurrent("report and scanImage", () => {
  test("report: trivy's SARIF, byte for byte, for every scanner, after the downloads it needs", async () => {
    const sarif = golden("alpine-310.sarif.golden");
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "report",
      exec: writes(sarif),
    });
    expect(r.file).toEqual({ name: "trivy.sarif", contents: sarif });
    expect(JSON.parse(r.file!.contents).version).toBe("2.1.0");
    expect(scanOf(r.execs).argv).toEqual(
      expect.arrayContaining([
        "--scanners",
        "vuln,secret,misconfig,license",
        "--format",
        "sarif",
        "--output",
        "/tmp/trivy/trivy.sarif",
      ]),
    );
    // The downloads run side by side, the scan after both.
    expect(
      r.execs
        .map((e) => e.argv[1])
        .slice(0, 2)
        .sort(),
    ).toEqual(["config", "image"]);
    expect(r.execs.map((e) => e.argv[1])[2]).toBe("fs");
  });

  test("report: chosen scanners and format; secrets alone need no download", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "report",
      args: { format: "table", scanners: "secret" },
      exec: writes("deploy.sh (secrets)\n"),
    });
    expect(r.file).toEqual({
      name: "trivy.txt",
      contents: "deploy.sh (secrets)\n",
    });
    expect(r.execs).toHaveLength(1);
    const bad = await call({
      module,
      repo: fixture("npm"),
      function: "report",
      args: { format: "html" },
    });
    expect(bad.error).toBe(
      'format must be one of sarif, json, table, cyclonedx, spdx-json; got "html".',
    );
  });

  test("scanImage: registry credentials as variables, the password a secret, only the project's trivy files", async () => {
    const r = await call({
      module,
      repo: fixture("configured"),
      function: "scanImage",
      args: {
        address: "registry.example.com/shop:1.2.3",
        username: "ci-bot",
        password: "hunter2",
        platform: "linux/arm64",
      },
      exec: writes(golden("alpine-310.json.golden")),
    });
    expect(r.returned).toBe(
      "trivy found no vulnerabilities at HIGH,CRITICAL in image registry.example.com/shop:1.2.3.",
    );
    const [db, scan] = r.execs;
    // The download reads the project's trivy.yaml too (mirrors, CA, insecure).
    expect(db!.argv).toEqual([...vulnDbStep, "--config", "trivy.yaml"]);
    expect(scan).toMatchObject({
      env: { TRIVY_USERNAME: "ci-bot", DB_REFRESH_WINDOW: currentWindow() },
      secretEnv: { TRIVY_PASSWORD: "password" },
      workdir: "/src",
    });
    expect(sourceFiles(scan!)).toEqual([".trivyignore.yaml", "trivy.yaml"]);
    expect(scan!.argv.slice(0, 2)).toEqual(["trivy", "image"]);
    expect(scan!.argv.slice(-9)).toEqual([
      "--ignorefile",
      ".trivyignore.yaml",
      "--image-src",
      "remote",
      "--cache-backend",
      "memory",
      "--platform",
      "linux/arm64",
      "registry.example.com/shop:1.2.3",
    ]);
    expect(scan!.argv).not.toContain("--skip-java-db-update");
  });

  test("scanImage on a tag runs again on each call; on a digest it can be reused", async () => {
    const scanEnv = async (address: string) =>
      scanOf(
        (
          await call({
            module,
            repo: fixture("npm"),
            function: "scanImage",
            args: { address },
            exec: writes(golden("alpine-310.json.golden")),
          })
        ).execs,
      ).env;
    expect(await scanEnv("registry.example.com/app:latest")).toHaveProperty(
      "IMAGE_SCANNED_AT",
    );
    expect(
      await scanEnv(
        "registry.example.com/app@sha256:af6acf9a6b85dfe389a1941505c0ce9efef52a4719635e1a962f022a3d855daa",
      ),
    ).not.toHaveProperty("IMAGE_SCANNED_AT");
  });

  test("scanImage fails like the vulnerabilities check", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      constructorArgs: { severity: "MEDIUM,HIGH,CRITICAL" },
      function: "scanImage",
      args: { address: "alpine:3.10" },
      exec: writes(golden("alpine-310.json.golden")),
    });
    expect(r.error).toContain(
      "trivy found 4 vulnerabilities in image alpine:3.10 (4 MEDIUM):",
    );
    expect(r.error).toContain(
      "CVE-2019-1549  MEDIUM    libcrypto1.1 (testdata/fixtures/images/alpine-310.tar.gz (alpine 3.10.2))  1.1.1c-r0 → 1.1.1d-r0",
    );
    expect(scanOf(r.execs).secretEnv).toEqual({});
  });

  test("scanImage with a username but no password", async () => {
    const r = await call({
      module,
      repo: fixture("npm"),
      function: "scanImage",
      args: { address: "registry.example.com/shop:1", username: "ci-bot" },
    });
    expect(r.error).toBe(
      "scanImage needs both username and password for a private registry, or neither.",
    );
    expect(r.execs).toEqual([]);
  });
});

test("functions that read the DB or the checks bundle are cached per session, so a new window is noticed", async () => {
  const { main } = await moduleApi(module);
  expect(
    Object.fromEntries(
      main.functions.map((f) => [f.name, f.cache ?? "default"]),
    ),
  ).toEqual({
    vulnerabilities: "session",
    secrets: "default",
    misconfigurations: "session",
    licenses: "default",
    sbom: "default",
    report: "session",
    scanImage: "session",
  });
});
