// A link from page content opens in the browser only after a dialog that names it says yes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkConfirmOptions, openExternalLink, type LinkConfirmOptions } from '../../electron/main/external-links.ts';

/** A dialog that presses the button with `label` and remembers what it was asked; a browser that records. */
function fakes(label: string) {
  const asked: LinkConfirmOptions[] = [];
  const opened: string[] = [];
  return {
    asked,
    opened,
    deps: {
      confirm: async (options: LinkConfirmOptions) => (asked.push(options), { response: options.buttons.indexOf(label) }),
      open: async (url: string) => void opened.push(url),
    },
  };
}

test('the dialog names the address, and the link opens only when the user chooses to open it', async () => {
  const yes = fakes('Open in browser');
  assert.equal(await openExternalLink('https://github.com/dvar/help?q=1', yes.deps), 'opened');
  assert.deepEqual(yes.opened, ['https://github.com/dvar/help?q=1']);
  assert.equal(yes.asked.length, 1);
  assert.match(yes.asked[0]!.message, /github\.com/);
  assert.equal(yes.asked[0]!.detail, 'https://github.com/dvar/help?q=1');

  const no = fakes('Cancel');
  assert.equal(await openExternalLink('https://github.com/dvar/help', no.deps), 'declined');
  assert.deepEqual(no.opened, []);
  assert.equal(no.asked.length, 1);
});

test('closing the dialog (Escape) or pressing Enter keeps the user in the app', async () => {
  const options = linkConfirmOptions('https://example.org/');
  assert.equal(options.buttons[options.cancelId], 'Cancel');
  assert.equal(options.buttons[options.defaultId], 'Cancel');
  const escaped = fakes('Cancel');
  escaped.deps.confirm = async (asked) => (escaped.asked.push(asked), { response: asked.cancelId });
  assert.equal(await openExternalLink('https://example.org/', escaped.deps), 'declined');
  assert.deepEqual(escaped.opened, []);
});

test('addresses that are not plain https are refused without asking', async () => {
  for (const url of ['file:///etc/passwd', 'http://example.org/', 'smb://host/share', 'https://user:pw@example.org/', 'javascript:alert(1)', 'not a url']) {
    const yes = fakes('Open in browser');
    assert.equal(await openExternalLink(url, yes.deps), 'blocked', url);
    assert.deepEqual([yes.asked, yes.opened], [[], []], url);
  }
});

test('a look-alike host is shown as the browser will reach it (punycode), not as its lookalike letters', async () => {
  const yes = fakes('Cancel');
  await openExternalLink('https://gіthub.com/', yes.deps); // Cyrillic і
  assert.match(yes.asked[0]!.message, /xn--/);
  assert.doesNotMatch(yes.asked[0]!.detail, /і/);
});
