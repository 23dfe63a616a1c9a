// Status chips and the "Final result" badge are 11 px text in a theme colour on a
// surface; WCAG AA asks 4.5:1 of such text, in both themes, on every surface they sit on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { contrastRatio, themeColours } from '../helpers/contrast.ts';
import { REPO_ROOT } from '../helpers/fixtures.ts';

const css = readFileSync(join(REPO_ROOT, 'renderer', 'src', 'styles', 'app.css'), 'utf8');

test('the contrast formula matches WCAG reference values', () => {
  assert.equal(contrastRatio('#000000', '#ffffff'), 21);
  assert.equal(Math.round(contrastRatio('#1e8a4c', '#ffffff') * 100) / 100, 4.38, 'the old Done green, as a review measured it');
});

for (const theme of ['light', 'dark']) {
  test(`${theme} theme: every chip colour reaches 4.5:1 on bg, surface and surface-2`, () => {
    const colours = themeColours(css, theme);
    for (const text of ['ok', 'warn', 'danger', 'accent', 'text-muted']) {
      for (const background of ['bg', 'surface', 'surface-2']) {
        const ratio = contrastRatio(colours[text]!, colours[background]!);
        assert.ok(ratio >= 4.5, `--${text} on --${background}: ${ratio.toFixed(2)}:1`);
      }
    }
  });
}
