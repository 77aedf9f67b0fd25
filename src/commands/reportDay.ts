import type { Deps } from './context.js';

/**
 * The date a report or a crisis summary prints as the day it was generated: the
 * command's clock (deps.now, pinned by tests), as a UTC calendar day (YYYY-MM-DD).
 */
export const reportDay = (deps: Pick<Deps, 'now'>): string => deps.now().toISOString().slice(0, 10);
