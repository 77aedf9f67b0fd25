import { constrainedMemory } from 'node:process';
import { totalmem } from 'node:os';

/**
 * The memory limit DuckDB gets when none is given: half of the machine's memory
 * (or of the process's cgroup limit, when lower), in whole MiB. DuckDB's own
 * default is 80%, which on a laptop leaves too little for the browser and the
 * rest; what does not fit spills to the database's private temporary directory.
 * constrainedMemory() is 0 or undefined without a limit, and a huge number under
 * a cgroup without one.
 */
export function defaultMemoryLimit(
  total: number = totalmem(),
  constrained: number | undefined = constrainedMemory?.(),
): string {
  const available = constrained && constrained > 0 ? Math.min(total, constrained) : total;
  return `${Math.max(1, Math.floor(available / 2 / 2 ** 20))}MiB`;
}
