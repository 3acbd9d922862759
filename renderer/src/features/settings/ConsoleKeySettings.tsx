/**
 * `serve` only: the console key, kept in the data folder so an open tab survives a restart.
 * Rotating it ends every console session (this tab's too) and every open event stream; the new
 * Console URL is shown once, here and in serve's output.
 */
import { useMutation } from '@tanstack/react-query';
import { useBench } from '../../api/bench-context';
import { CopyButton } from '../../components/CopyButton';
import { ErrorMessage } from '../../components/ErrorMessage';

export function ConsoleKeySettings() {
  const bench = useBench();
  const rotate = useMutation({ mutationFn: () => bench.console.rotateKey() });
  return (
    <fieldset>
      <legend>Console key</legend>
      <p className="muted">
        The key is in the Console URL SCIM Bench printed, and kept in its data folder: an open console keeps working
        when serve restarts. Rotate it when that URL was shared or may have leaked.
      </p>
      <button
        type="button"
        disabled={rotate.isPending}
        onClick={() =>
          confirm(
            'Rotate the console key? Every console tab and script using the current key is signed out, this tab too; the new Console URL is shown here and printed by serve.',
          ) && rotate.mutate()
        }
      >
        Rotate the console key
      </button>
      {rotate.data && (
        <p role="status">
          Rotated: every console session has ended. The new Console URL:{' '}
          <code aria-label="New console URL">{rotate.data.consoleUrl}</code>{' '}
          <CopyButton text={rotate.data.consoleUrl} /> <a href={rotate.data.consoleUrl}>Sign in again</a>
        </p>
      )}
      <ErrorMessage error={rotate.error} what="rotate the console key" />
    </fieldset>
  );
}
