// The window's security policy: CSP, webPreferences, which navigation and links are allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  externalLinkTarget,
  isAllowedNavigation,
  isAppUrl,
  secureWebPreferences,
  withCspHeader,
} from '../../electron/main/security.ts';
import { META_CONTENT_SECURITY_POLICY } from '../../electron/app/renderer-policy.ts';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

test('the CSP allows only our own origin, data/blob/dvar-image images, and no eval, inline script or remote host', () => {
  const csp = directives(CONTENT_SECURITY_POLICY);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  assert.deepEqual(csp.get('script-src'), ["'self'"]);
  assert.deepEqual(csp.get('img-src'), ["'self'", 'data:', 'blob:', 'dvar-image:']);
  for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) assert.deepEqual(csp.get(name), ["'none'"], name);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-|https?:|\*|ws:/);
});

test('the page’s meta policy is the header’s, less what a meta tag cannot carry', async () => {
  const { readFile } = await import('node:fs/promises');
  // renderer/vite.config.ts writes META_CONTENT_SECURITY_POLICY over this placeholder at build time.
  const html = await readFile(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  assert.match(html, /http-equiv="Content-Security-Policy"\s+content="%DVAR_CSP%"/);
  const header = directives(CONTENT_SECURITY_POLICY);
  header.delete('frame-ancestors');
  assert.deepEqual(directives(META_CONTENT_SECURITY_POLICY), header);
});

test('withCspHeader replaces any CSP header, keeps the others', () => {
  const headers = withCspHeader({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
  assert.deepEqual(headers, { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  assert.deepEqual(withCspHeader(undefined), { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
});

test('webPreferences isolate and sandbox the renderer', () => {
  const prefs = secureWebPreferences('/app/dist/electron/preload.cjs');
  assert.equal(prefs.preload, '/app/dist/electron/preload.cjs');
  assert.deepEqual(
    [prefs.contextIsolation, prefs.sandbox, prefs.nodeIntegration, prefs.webSecurity, prefs.webviewTag, prefs.allowRunningInsecureContent],
    [true, true, false, true, false, false],
  );
});

test('navigation stays on app://dvar; links open outside only when https', () => {
  assert.ok(isAppUrl(APP_ENTRY_URL));
  assert.ok(isAllowedNavigation('app://dvar/index.html#/queue'));
  for (const url of [
    'app://evil/index.html',
    'file:///etc/passwd',
    'https://example.com/',
    'javascript:alert(1)',
    'dvar-image://file/x/y.png',
    'not a url',
    '',
  ]) {
    assert.equal(isAllowedNavigation(url), false, url);
  }
  assert.equal(externalLinkTarget('https://github.com/x'), 'https://github.com/x');
  for (const url of ['http://example.com/', 'file:///C:/Windows/system32/calc.exe', 'smb://host/share', 'https://user:pw@example.com/', 'ms-settings:']) {
    assert.equal(externalLinkTarget(url), null, url);
  }
});
