/**
 * Who may call the engine over IPC: the main frame of our own window, showing exactly our page.
 * Written against the few fields of Electron's IPC event it reads, so it is tested with plain objects.
 *
 * Threat model: "any file:// frame" would let a sub-frame, or our window after it was somehow
 * navigated to another local file, drive the engine. Only the top frame counts (sub-frames have a
 * parent), identified by the browser-global frame id of the window's main frame, and its URL must
 * be our index.html — the fragment aside, which is where the UI keeps the current screen.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The parts of a WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly frameTreeNodeId: number;
  readonly parent: unknown;
  readonly detached: boolean;
}

/** The parts of an IpcMainInvokeEvent the check reads. */
export interface IpcEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

/** The URL of the renderer's page as Electron reports it for `loadFile(<rendererDir>/index.html)`. */
export const ownPageUrl = (rendererDir: string): string => pathToFileURL(path.join(rendererDir, 'index.html')).href;

/** True only for a call from the main frame of `contents` (our window) while it shows `pageUrl`. */
export function isOwnPageSender(
  event: IpcEventLike,
  contents: { readonly mainFrame: FrameLike } | null,
  pageUrl: string,
): boolean {
  const frame = event.senderFrame;
  if (!contents || event.sender !== contents || !frame || frame.detached) return false;
  if (frame.parent !== null || frame.frameTreeNodeId !== contents.mainFrame.frameTreeNodeId) return false;
  return frame.url.split('#')[0] === pageUrl;
}
