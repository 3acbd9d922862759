import { useEffect, useState } from 'react';

/** `value`, once it has stopped changing for `ms` (a check or a search runs when typing pauses, not per key). */
export function useDebounced<T>(value: T, ms = 400): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
