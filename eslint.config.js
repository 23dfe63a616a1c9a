// ESLint for the TypeScript sources (typescript-eslint's recommended rules), run by `npm test`.
// Svelte components are checked by svelte-check; Python by ruff.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'renderer/dist/', 'models/', 'build/', '.venv/', 'out/'] },
  ...tseslint.configs.recommended,
  {
    // Tests edit raw JSON (manifests, parity vectors) on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    rules: {
      // Unused arguments named _x are deliberate (callbacks that must keep a position).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
