/** The Directory's words about how much of a list is on screen. */

const number = (n: number) => n.toLocaleString('en-US');

/**
 * "3 users" when everything is shown, "Showing 51–100 of 1,534 users" when the list is cut, so a
 * page is never mistaken for the whole directory.
 */
export function showing(total: number, startIndex: number, onPage: number, noun: string): string {
  if (total === 0) return `No ${noun}`;
  if (onPage >= total) return `${number(total)} ${total === 1 ? noun.replace(/s$/, '') : noun}`;
  const last = startIndex + onPage - 1;
  return `Showing ${number(startIndex)}–${number(last)} of ${number(total)} ${noun}`;
}
