/**
 * The engine's side of the console contract: one handler per command, and `dispatch`, which
 * validates untrusted input (from IPC or the console HTTP API) before any handler sees it.
 */
import type { CommandOutput, HandlerInput } from '../shared/api';
import { isCommandName, type CommandName } from '../shared/channels';
import { commandInputs } from '../shared/contract';

/** A command that takes nothing can be called with nothing (tests and hosts call handlers directly). */
type Args<T> = undefined extends T ? [input?: T] : [input: T];
export type CommandHandlers = { [K in CommandName]: (...input: Args<HandlerInput<K>>) => Promise<CommandOutput<K>> };

export class CommandError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Validates `name` and `input`, then runs the handler. Throws CommandError(400) on bad input. */
export async function dispatch<K extends CommandName>(
  handlers: CommandHandlers,
  name: K,
  input: unknown,
): Promise<CommandOutput<K>>;
export async function dispatch(
  handlers: CommandHandlers,
  name: unknown,
  input: unknown,
): Promise<CommandOutput<CommandName>>;
export async function dispatch(
  handlers: CommandHandlers,
  name: unknown,
  input: unknown,
): Promise<CommandOutput<CommandName>> {
  if (!isCommandName(name)) throw new CommandError(404, `Unknown command ${JSON.stringify(name)}`);
  const result = commandInputs[name].safeParse(input);
  if (!result.success)
    throw new CommandError(
      400,
      `Invalid input for ${name}: ${result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`,
    );
  const handler = handlers[name] as (input: unknown) => Promise<CommandOutput<CommandName>>;
  return handler(result.data);
}
