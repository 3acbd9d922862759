/** Every step, in the order a run takes them: discovery, Entra's sequence, Okta's, then the checks over every answer. */
import type { CheckProfile, Step } from './check-step';
import { ENTRA_STEPS } from './steps-entra';
import { OKTA_STEPS } from './steps-okta';
import { RFC_ANSWER_STEPS, RFC_DISCOVERY_STEPS } from './steps-rfc';

export const CHECK_STEPS: readonly Step[] = [
  ...RFC_DISCOVERY_STEPS,
  ...ENTRA_STEPS,
  ...OKTA_STEPS,
  ...RFC_ANSWER_STEPS,
];

export const CHECK_PROFILES: readonly CheckProfile[] = ['entra', 'okta', 'rfc'];

/** `--profile entra|okta|rfc|all`: the RFC checks come with every profile (they judge its answers). */
export const profilesFor = (choice: CheckProfile | 'all'): CheckProfile[] =>
  choice === 'all' ? [...CHECK_PROFILES] : choice === 'rfc' ? ['rfc'] : [choice, 'rfc'];
