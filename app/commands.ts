/**
 * The engine's side of the console contract: one handler per command, and `dispatch`, which
 * validates untrusted input (from IPC or the console HTTP API) before any handler sees it.
 */
import type { CommandInput, CommandMap, CommandOutput } from '../shared/api';
import { isCommandName, type CommandName } from '../shared/channels';
import { commandInputs } from '../shared/contract';

export type CommandHandlers = { [K in CommandName]: (input: CommandInput<K>) => Promise<CommandOutput<K>> };

export class CommandError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Validates `name` and `input`, then runs the handler. Throws CommandError(400) on bad input. */
export async function dispatch(
  handlers: CommandHandlers,
  name: unknown,
  input: unknown,
): Promise<CommandMap[CommandName]['output']> {
  if (!isCommandName(name)) throw new CommandError(404, `Unknown command ${JSON.stringify(name)}`);
  const result = commandInputs[name].safeParse(input);
  if (!result.success)
    throw new CommandError(
      400,
      `Invalid input for ${name}: ${result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  const handler = handlers[name] as (input: unknown) => Promise<CommandMap[CommandName]['output']>;
  return handler(result.data);
}
