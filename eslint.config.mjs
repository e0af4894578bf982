// Lint is deliberately small: the fence that keeps the pure layers free of `vscode`, the rules that
// catch promises nobody awaits or handles, and a few rules that catch real bugs. Formatting is not
// linted.
import tseslint from 'typescript-eslint';

const pureMessage = 'This folder is vscode-free (pure): it is unit-tested in plain Node. See docs/ARCHITECTURE.md.';
const noVscode = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: pureMessage }] }],
  '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: pureMessage }] }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', 'esbuild.mjs', 'eslint.config.mjs', 'bench/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'smart'],
      // A promise nobody awaits loses its error; `void` marks the ones started on purpose.
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's test()/describe() return promises that the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    // The pure layers, by folder: the HTTP client, what a page is, small utilities, and every
    // adapter's `model/` folder (its logic without the VS Code API).
    files: ['src/confluence/**/*.ts', 'src/pages/**/*.ts', 'src/util/**/*.ts', 'src/*/model/**/*.ts', 'src/constants.ts'],
    rules: noVscode,
  },
);
