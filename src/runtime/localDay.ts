/**
 * A moment's calendar day on this machine (YYYY-MM-DD), the day the operator calls
 * today: data_invio is written in local time, so a communication sent after
 * midnight is not taken for one from the future by a UTC date.
 */
export const localDay = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
