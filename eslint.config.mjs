// Lint = code quality + the architecture's import boundaries (ARCHITECTURE.md):
//  - a module imports the module SDK (and shared libraries), never another module, `gateway/` or `db/`;
//  - a remote imports the remote SDK (and shared libraries), never another remote or `shell/`;
//  - the shell never imports a remote statically.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const noOtherPackages = (allowed) => ({
  patterns: [
    {
      group: ['@audienceos/*', `!@audienceos/${allowed}`, `!@audienceos/${allowed}/*`],
      message: `Only @audienceos/${allowed} may be imported here: talk to other modules through the broker (ctx.call / events).`,
    },
    { group: ['**/gateway/**', '**/shell/**', '**/db/src/**', '../../*/src/**', '../../../*/src/**'], message: 'Crossing a package boundary by path is not allowed.' },
  ],
});

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'coverage/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-require-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['shell/src/**/*.{ts,tsx}', 'remotes/*/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['modules/*/src/**/*.ts', 'modules/*/test/**/*.ts'],
    ignores: ['modules/sdk/**'],
    rules: { 'no-restricted-imports': ['error', noOtherPackages('module-sdk')] },
  },
  {
    // A remote may import the *types* of a module's API (erased at build time: no runtime
    // coupling), never its code; nothing else of the repository but the remote SDK.
    files: ['remotes/*/src/**/*.{ts,tsx}'],
    ignores: ['remotes/sdk/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@audienceos/*', '!@audienceos/remote-sdk', '!@audienceos/remote-sdk/*', '!@audienceos/module-*'],
              message: 'Only @audienceos/remote-sdk may be imported here (and module API types, type-only).',
            },
            { group: ['@audienceos/module-*'], allowTypeImports: true, message: 'Import only the types of a module: `import type { … }`.' },
            { group: ['**/gateway/**', '**/shell/**', '**/modules/**', '../../*/src/**', '../../../*/src/**'], message: 'Crossing a package boundary by path is not allowed.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shell/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@audienceos/remote-*', '!@audienceos/remote-sdk', '**/remotes/**'], message: 'The shell learns remotes at run time (registry + loadRemote), never by import.' }] },
      ],
    },
  },
  {
    files: ['modules/sdk/src/**/*.ts', 'remotes/sdk/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@audienceos/module-*', '!@audienceos/module-sdk', '@audienceos/remote-*', '!@audienceos/remote-sdk', '@audienceos/gateway', '@audienceos/shell'], message: 'An SDK never depends on what is built with it.' }] },
      ],
    },
  },
);
