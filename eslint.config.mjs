import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "db/migrations/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // app/ never talks to the database directly: data access goes through lib/ (house style).
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/db/*", "../db/*", "../../db/*"], message: "Use lib/ for data access." }] }],
    },
  },
  {
    files: ["lib/**", "db/**", "test/**", "bench/**", "scripts/**"],
    rules: { "no-restricted-imports": "off" },
  },
);
