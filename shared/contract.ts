/**
 * Input validation for every command, shared by the IPC handlers (main/) and the HTTP console
 * (app/http). Anything that reaches the engine from a UI has passed through here.
 */
import { z } from 'zod';
import type { CommandName } from './channels';

const none = z.union([z.undefined(), z.null()]).transform(() => undefined);

export const commandInputs = {
  'info:get': none,
  'traffic:list': z
    .object({
      before: z.number().int().positive().optional(),
      limit: z.number().int().min(1).max(500).optional(),
    })
    .strict(),
  'traffic:get': z.object({ id: z.number().int().positive() }).strict(),
  'backup:get-status': none,
  'backup:run-now': none,
  'auth:rotate-token': z
    .object({
      graceSeconds: z
        .number()
        .int()
        .min(0)
        .max(30 * 86_400),
    })
    .strict(),
} satisfies Record<CommandName, z.ZodType>;
