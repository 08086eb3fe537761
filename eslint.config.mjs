// SPDX-License-Identifier: MIT
// ESLint for the dApp (app/) and its browser tests (tests/app): `make lint` runs it with Prettier.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['app/dist/**'] },
  js.configs.recommended,
  {
    files: ['app/src/**/*.js', 'app/src/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    files: ['app/*.mjs', 'app/tools/**/*.mjs', 'tests/app/**/*.mjs'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
  { rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] } },
];
