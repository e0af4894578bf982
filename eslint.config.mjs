// Lint is deliberately small: the fence that keeps the pure core free of `vscode`, plus a few
// rules that catch real bugs. Formatting is not linted.
import tseslint from 'typescript-eslint';

const noVscode = {
  'no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/confluence/** is the pure core: it must not import vscode (see DESIGN.md, Architecture).', allowTypeImports: false }],
  }],
  '@typescript-eslint/no-restricted-imports': ['error', {
    paths: [{ name: 'vscode', message: 'src/confluence/** is the pure core: it must not import vscode (see DESIGN.md, Architecture).' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', 'esbuild.mjs', 'eslint.config.mjs'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-debugger': 'error',
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  {
    // The pure core and every other file whose logic is unit-tested outside VS Code.
    files: ['src/confluence/**/*.ts', 'src/**/*State.ts', 'src/**/*Codec.ts', 'src/fs/saveDecision.ts', 'src/fs/htmlSanitizer.ts',
      'src/search/cql.ts', 'src/tree/webLinks.ts', 'src/util/adjustableClock.ts'],
    rules: noVscode,
  },
);
