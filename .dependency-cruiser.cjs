/**
 * Import boundaries (run by `npm test`): front ends reach the core only through its public entry
 * and never touch the store; the core never speaks a front end's language.
 */
const FRONT_ENDS = '^src/(slack|tui|ssh|cli|api)/';
module.exports = {
  forbidden: [
    {
      name: 'front-end-imports-store-library',
      comment: 'Front ends must go through the core; only src/core talks to the store libraries (lowdb, pg).',
      severity: 'error',
      from: { path: FRONT_ENDS },
      to: { path: 'node_modules/(lowdb|steno|pg|pg-[a-z-]+)/' },
    },
    {
      name: 'front-end-imports-core-internals',
      comment: 'Front ends import the core only through src/core/index.ts (or its light entry src/core/constants.ts, names and limits for help texts).',
      severity: 'error',
      from: { path: FRONT_ENDS },
      to: { path: '^src/core/', pathNot: '^src/core/(index|constants)\\.ts$' },
    },
    {
      name: 'core-imports-front-end-library',
      comment: 'The core never imports Bolt, Ink, React or Fastify.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: 'node_modules/(@slack/|ink/|ink-|react/|react-|@inkjs/|fastify|@fastify/)' },
    },
    {
      name: 'core-imports-front-end',
      comment: 'The core never imports a front end.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: FRONT_ENDS },
    },
    {
      name: 'slack-and-tui-are-separate',
      comment: 'The Slack app, the dashboard and the API never import each other.',
      severity: 'error',
      from: { path: '^src/(slack|tui|api)/' },
      to: { path: '^src/(slack|tui|ssh|cli|api)/', pathNot: '^src/$1/' },
    },
    {
      name: 'ssh-runs-the-dashboard-through-its-entry',
      comment: 'The SSH server runs the dashboard through src/tui/index.tsx only, and never imports the Slack app, the API or the CLI.',
      severity: 'error',
      from: { path: '^src/ssh/' },
      to: { path: '^src/(slack|tui|cli|api)/', pathNot: '^src/tui/index\\.tsx$' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
