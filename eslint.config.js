// Lint with type information: the checks the compiler does not make (a promise nobody awaits,
// a promise where a callback's result is ignored) and imports that are types only.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "data/", "test-artifacts/", "coverage/", "src/dashboard/public/vendor/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.cjs", "*.mjs", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.cjs", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { module: "readonly", require: "readonly", process: "readonly", console: "readonly" } },
  },
  {
    // The dashboard's page runs in the browser (type-checked by tsconfig.page.json); Leaflet is its global L.
    files: ["src/dashboard/page/**/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        [
          "window",
          "document",
          "location",
          "sessionStorage",
          "fetch",
          "URL",
          "URLSearchParams",
          "FormData",
          "crypto",
          "requestAnimationFrame",
          "setTimeout",
          "clearTimeout",
          "console",
          "L",
        ].map((name) => [name, "readonly"]),
      ),
    },
  },
);
