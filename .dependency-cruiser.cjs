/**
 * ARCHITECTURE.md's "may import" table, checked by `npm run lint:deps` (and so by .ci/run).
 * Data flows edge (webhooks/) → engine (src/conversation) → scripts (flows/) → domain (src/cases,
 * src/dossiers…) → jobs (src/queues); an import the other way is what these rules keep out.
 * The composition root (src/hotline.ts, src/wiring/) is the one place that knows every part.
 */
const compositionRoot = "^src/(hotline\\.ts|main\\.ts|wiring/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes every part of it load (and change) together.",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "webhooks-know-only-the-core",
      severity: "error",
      comment:
        "webhooks/ is the edge: it turns a platform's payloads into PlatformEvents and Replies into API calls. " +
        "It may use src/core (the contracts), config, logger and the Redis key helper — never flows or the domain.",
      from: { path: "^webhooks/" },
      to: {
        path: "^(src|flows)/",
        pathNot: "^src/(core/|config\\.ts|logger\\.ts|redis\\.ts)",
      },
    },
    {
      name: "flows-are-pure",
      severity: "error",
      comment:
        "A flow step is a pure function of (state, input, read-only context): it may use the domain's types and " +
        "pure helpers, never storage, queues, HTTP or the edge.",
      from: { path: "^flows/" },
      to: {
        path: "^(webhooks/|src/(db|queues|api|http|wiring|dashboard)/|src/(app|hotline|main|redis|metrics)\\.ts)",
      },
    },
    {
      name: "src-gets-wording-by-injection",
      severity: "error",
      comment: "Wording and conversations live in flows/; src/ gets them from the composition root.",
      from: { path: "^src/", pathNot: compositionRoot },
      to: { path: "^flows/" },
    },
    {
      name: "only-the-root-knows-the-edge",
      severity: "error",
      comment: "src/ talks to a messenger through src/core's ports; only the wiring picks Zalo.",
      from: { path: "^src/", pathNot: compositionRoot },
      to: { path: "^webhooks/" },
    },
    {
      name: "queues-are-infrastructure",
      severity: "error",
      comment:
        "src/queues holds queue names, the factory, the outbound sender, dispatch and the inbound sink. " +
        "Job handlers live with the domain that owns them; the queues may name the domain's types only.",
      from: { path: "^src/queues/" },
      to: {
        path: "^src/(cases|dossiers|notices|officers|conversation|stats|open311|api|commune)/",
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "nothing-runs-tests-or-benches",
      severity: "error",
      comment: "Production code never imports the tests' support or the benchmarks.",
      from: { path: "^(src|flows|webhooks)/" },
      to: { path: "^(test|bench)/" },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|data)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".js", ".json"],
    },
    moduleSystems: ["es6", "cjs"],
  },
};
