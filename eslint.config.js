// @ts-check
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The project's lint rules: the rooms stay rooms (the renderer sees only `shared/`,
 * `shared/` sees nothing of ours, only the app's own files reach into `main/app`, no
 * import cycles), files stay small, and nothing unused is left lying about. Type
 * checking is `npm run typecheck`; this is about the shape of the code.
 */

/** Every folder of main/ other than the Electron shell. */
const MAIN_OUTSIDE_APP = ['cli', 'host', 'import', 'onefile', 'sandbox', 'service', 'spreadsheet', 'mapping-store'].map((room) => `./main/${room}`);

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'coverage/**', '**/*.tmp.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.node.json', 'tsconfig.web.json'] })],
      // Without it the plugin follows no .ts import, and no-cycle and no-restricted-paths see nothing.
      'import-x/extensions': ['.ts', '.tsx'],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'max-lines': ['error', { max: 400 }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      'no-unreachable': 'error',
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './renderer', from: ['./main', './test', './bench', './examples'], message: 'The renderer talks to main only through the contract in shared/.' },
            { target: './shared', from: ['./main', './renderer', './test', './bench'], message: 'shared/ is pure TypeScript used by every face: it imports nothing of ours.' },
            { target: [...MAIN_OUTSIDE_APP, './main/cli.ts', './shared', './renderer', './bench'], from: './main/app', message: "Only the Electron shell's own files use main/app." },
            {
              target: ['./main/cli', './main/cli.ts', './main/service', './main/host', './main/app'],
              from: './main/import',
              except: ['./index.ts'],
              message: 'The faces use the import engine through its entry, main/import/index.ts.',
            },
            {
              target: './main/import',
              from: './main/sandbox',
              message: 'The engine never starts the built-in sandbox: the composition roots (main/connection) decide.',
            },
          ],
        },
      ],
    },
  },
  {
    // The view: hooks called as React requires, their dependencies listed.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
