/** When this process started (ms since the epoch). */
const startedAt = Date.now() - process.uptime() * 1000;

/**
 * Whether the process that named a file (by its id, at a time) still runs. A file
 * with our own id made before we started is another process's: in a container the
 * next run often gets the id of the one that was killed.
 */
export function processAlive(pid: number, madeAtMs?: number): boolean {
  if (pid === process.pid) return madeAtMs === undefined || madeAtMs >= startedAt - 1000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
