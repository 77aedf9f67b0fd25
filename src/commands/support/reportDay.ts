import { localDay } from '../../runtime/localDay.js';
import type { Deps } from './context.js';

/**
 * The date a report or a crisis summary prints as the day it was generated: the
 * command's clock (deps.now, pinned by tests) as the machine's calendar day, the
 * day the operator calls today (as the ingest's), so a report made just after
 * midnight in Italy is not dated the day before.
 */
export const reportDay = (deps: Pick<Deps, 'now'>): string => localDay(deps.now());
