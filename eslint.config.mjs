import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", ".next-test/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**"] },
  ...tseslint.configs.recommended,
  importX.flatConfigs.typescript,
  {
    settings: { "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })] },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // No module may reach itself through its imports: the layers stay a tree (docs/decisions/0019).
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      // app/ never talks to the database directly: data access goes through lib/ (house style).
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/db/*", "../db/*", "../../db/*"], message: "Use lib/ for data access." }] }],
    },
  },
  {
    files: ["lib/**", "test/**", "bench/**", "scripts/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    // The schema, client, migrations and seed stand alone: nothing in db/ depends on the domain.
    files: ["db/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/*", "../lib/*", "**/lib/*"], message: "db/ imports nothing from lib/." }] }] },
  },
);
