// Settings for fast-check properties: a fixed seed by default, so a property run in CI is the same run
// every time and cannot flake; FC_SEED and FC_RUNS override it for hunting counterexamples locally
//   FC_SEED=random FC_RUNS=2000 node --test out/test/unit/markdownProperties.test.js
// (FC_SEED=<number> replays a seed; a failure report prints the seed and path to replay).

/** The seed every property uses unless FC_SEED says otherwise. */
export const DEFAULT_SEED = 20261130;

export interface PropertyRuns {
  readonly numRuns: number;
  readonly seed?: number;
}

/** fast-check parameters: `runs` runs with the fixed seed, unless overridden from the environment. */
export function propertyRuns(runs: number, env: NodeJS.ProcessEnv = process.env): PropertyRuns {
  const numRuns = env.FC_RUNS !== undefined && /^\d+$/.test(env.FC_RUNS) ? Number(env.FC_RUNS) : runs;
  if (env.FC_SEED === 'random') { return { numRuns }; }
  const seed = env.FC_SEED !== undefined && /^-?\d+$/.test(env.FC_SEED) ? Number(env.FC_SEED) : DEFAULT_SEED;
  return { numRuns, seed };
}
