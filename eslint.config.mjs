// Type-aware linting for the app, the tests and the developer tooling.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'build',
      'coverage',
      'test-artifacts',
      'test/fixtures/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: './tsconfig.check.json',
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'test/**/*.tsx', 'dev/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      // jest's asymmetric matchers (expect.any, expect.stringContaining…) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
