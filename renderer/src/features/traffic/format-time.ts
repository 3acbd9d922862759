/** Request times as the list shows them: to the millisecond, in the browser's zone or in UTC. */
import type { TimeZone } from '../../state/ui-store';

const clock = (timeZone: string | undefined) =>
  new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 3,
    hourCycle: 'h23',
    timeZone,
  });
const CLOCKS = { local: clock(undefined), utc: clock('UTC') };
const LOCAL_DATE = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** `10:04:05.123` */
export const clockTime = (iso: string, zone: TimeZone) => CLOCKS[zone].format(new Date(iso));

/** The full date, for a hover: `2026-01-01 10:04:05.123 UTC`, or the local equivalent with its zone. */
export const fullTime = (iso: string, zone: TimeZone) =>
  zone === 'utc'
    ? new Date(iso).toISOString().replace('T', ' ').replace('Z', ' UTC')
    : LOCAL_DATE.format(new Date(iso));
