// Copied from packages/shared/src/source-ignore.ts by `npm run sync-shared`: edit it there.
// The one default `ignore` list of every toolchain's `source` argument: only what can
// never be a project's own source, whatever the tool. Dependencies installed from a
// lockfile, tool caches and build metadata, never a name a source folder could have:
// no `bin`, `dist`, `build`, `out` or `target` (a Go package, a Python package or a
// folder of scripts can be called so). Every dot-folder here is one the go command
// skips anyway; editor folders (.vscode, .idea) are not here because prettier formats
// their JSON when a repository commits them.
//
// A `customizations` entry with `ignore` replaces this list rather than adding to it:
// the docs say so, and their examples repeat it.
export const sourceIgnore = [
  ".git",
  // Dependencies, installed again from the lockfile inside the container.
  "**/node_modules",
  "**/.pnpm-store",
  "**/.yarn/cache",
  "**/.yarn/unplugged",
  "**/.venv",
  "**/.tox",
  "**/.nox",
  "**/.terraform",
  "**/.gradle",
  // Caches and build metadata of tools.
  "**/.cache",
  "**/.turbo",
  "**/.next",
  "**/.eslintcache",
  "**/__pycache__",
  "**/*.pyc",
  "**/.pytest_cache",
  "**/.mypy_cache",
  "**/.ruff_cache",
  "**/*.egg-info",
  "**/.coverage",
  "**/htmlcov",
];
