// The repository's own lint rules: ESLint's and typescript-eslint's recommended sets.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/",
      "**/test/fixtures/",
      "toolchains/*/sdk/",
      ".ci/.node/",
      ".ci/.tools/",
      ".ci/.venv/",
      ".ci/.cache/",
      "**/.turbo/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
  },
);
