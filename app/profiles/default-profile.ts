/**
 * The default endpoint's profile until endpoints keep their own: Entra-friendly, with every
 * deviation refused when the global `strict` setting is on (what `--strict` always meant).
 * Built once: the service reads it on every request and never changes it.
 */
import { presetProfile, type Profile } from '../../shared/profile';

const LENIENT = presetProfile('entra-friendly');
const STRICT: Profile = { ...LENIENT, dialect: { default: 'refuse', codes: {} } };

export const defaultEndpointProfile = (strict: boolean): Profile => (strict ? STRICT : LENIENT);
