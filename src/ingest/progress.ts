/**
 * Progress of a long ingest on a terminal: one line rewritten in place with rows,
 * MB/s and time left. Off (a no-op) when stderr is not a terminal or with --json,
 * where only the logs speak.
 */
export interface Progress {
  update(fraction: number, detail?: string): void;
  done(): void;
}

export const silentProgress: Progress = { update() {}, done() {} };

export function terminalProgress(label: string, totalBytes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let last = 0;
  return {
    update(fraction, detail = '') {
      const now = Date.now();
      if (now - last < 200 && fraction < 1) return;
      last = now;
      const seconds = (now - started) / 1000;
      const mbPerSecond = seconds > 0 ? (fraction * totalBytes) / 1e6 / seconds : 0;
      const left = fraction > 0.02 ? Math.max(0, seconds / fraction - seconds) : NaN;
      const pct = (fraction * 100).toFixed(0).padStart(3);
      const eta = Number.isFinite(left) ? `${left.toFixed(0)} s left` : '';
      stream.write(`\r\x1b[2K${label} ${pct}% ${mbPerSecond.toFixed(1)} MB/s ${eta} ${detail}`);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
