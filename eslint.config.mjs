// Lint is deliberately small: the fence that keeps the pure layers free of `vscode`, the rules that
// catch promises nobody awaits or handles, and a few rules that catch real bugs. Formatting is not
// linted.
import tseslint from 'typescript-eslint';

const pureMessage = 'This folder is vscode-free (pure): it is unit-tested in plain Node. See docs/ARCHITECTURE.md.';
const noVscode = {
  'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: pureMessage }] }],
  '@typescript-eslint/no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: pureMessage }] }],
};

// What people read goes through vscode.l10n.t (or the pure layers' l10n.t), so a string or template
// literal where VS Code shows text to a person is a message nobody can translate.
const text = ":matches(Literal[raw=/^['\"]/], TemplateLiteral)";
const untranslated = 'Text shown to people goes through vscode.l10n.t(…) (l10n.t from src/util/l10n in the pure layers) so it can be translated. See CONTRIBUTING.md, "Translating".';
const noUntranslatedText = {
  'no-restricted-syntax': ['error',
    // A notification's message and its buttons.
    { selector: `CallExpression[callee.property.name=/^show(Information|Warning|Error)Message$/] > ${text}.arguments`, message: untranslated },
    // The title, prompt and placeholder of a progress notification, an input box or a quick pick…
    { selector: `CallExpression[callee.property.name=/^(withProgress|showInputBox|showQuickPick|createInputBox)$/] > ObjectExpression.arguments > Property[key.name=/^(title|prompt|placeHolder)$/] > ${text}.value`, message: untranslated },
    // …and of one made with createQuickPick/createInputBox and filled in afterwards.
    { selector: `AssignmentExpression[left.property.name=/^(title|prompt|placeholder)$/] > ${text}.right`, message: untranslated },
  ],
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
  {
    files: ['src/**/*.ts'],
    rules: noUntranslatedText,
  },
);
