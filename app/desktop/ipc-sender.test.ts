/** The IPC sender check, with plain objects shaped like Electron's event, frames and webContents. */
import { describe, expect, it } from 'vitest';
import { isOwnPageSender, ownPageUrl, type FrameLike } from './ipc-sender';

const PAGE = ownPageUrl('/opt/SCIM Bench/resources/app.asar/dist/renderer');
const frame = (url: string, more: Partial<FrameLike> = {}): FrameLike => ({
  url,
  frameTreeNodeId: 1,
  parent: null,
  detached: false,
  ...more,
});
const windowWith = (mainFrame: FrameLike) => ({ mainFrame });

describe('IPC sender check', () => {
  it('accepts the main frame of our window showing our page, on any screen', () => {
    const main = frame(PAGE);
    const contents = windowWith(main);
    expect(PAGE).toBe('file:///opt/SCIM%20Bench/resources/app.asar/dist/renderer/index.html');
    expect(isOwnPageSender({ sender: contents, senderFrame: main }, contents, PAGE)).toBe(true);
    const onScreen = windowWith(frame(`${PAGE}#/backup`));
    expect(isOwnPageSender({ sender: onScreen, senderFrame: onScreen.mainFrame }, onScreen, PAGE)).toBe(true);
  });

  it('refuses a sub-frame of our page, even one showing our own file', () => {
    const contents = windowWith(frame(PAGE));
    for (const sub of [
      frame('file:///tmp/evil.html', { frameTreeNodeId: 7, parent: contents.mainFrame }),
      frame(PAGE, { frameTreeNodeId: 7, parent: contents.mainFrame }),
    ])
      expect(isOwnPageSender({ sender: contents, senderFrame: sub }, contents, PAGE)).toBe(false);
  });

  it('refuses our window once it shows any other file:// page, or our page with a query', () => {
    for (const url of [
      'file:///tmp/evil.html',
      'file:///opt/SCIM%20Bench/resources/app.asar/dist/renderer/other.html',
      `${PAGE}?x=1`,
      `${PAGE}/../../../../../../tmp/evil.html`,
      'file:///',
      '',
    ]) {
      const main = frame(url);
      const contents = windowWith(main);
      expect(isOwnPageSender({ sender: contents, senderFrame: main }, contents, PAGE), url).toBe(false);
    }
  });

  it('refuses other windows, a missing or detached frame, and calls before our window exists', () => {
    const main = frame(PAGE);
    const ours = windowWith(main);
    const other = windowWith(frame(PAGE, { frameTreeNodeId: 2 }));
    expect(isOwnPageSender({ sender: other, senderFrame: other.mainFrame }, ours, PAGE)).toBe(false);
    expect(isOwnPageSender({ sender: ours, senderFrame: null }, ours, PAGE)).toBe(false);
    expect(isOwnPageSender({ sender: ours, senderFrame: frame(PAGE, { detached: true }) }, ours, PAGE)).toBe(false);
    expect(isOwnPageSender({ sender: ours, senderFrame: main }, null, PAGE)).toBe(false);
  });
});
