import { readFileSync } from 'node:fs';
import { environment } from '../runtime/environment.js';
import { UserError } from '../runtime/errors.js';

export interface PseudonymKey {
  /** HMAC inner and outer pads (RFC 2104), bound as BLOB parameters so the key never enters SQL text. */
  ipad: Uint8Array;
  opad: Uint8Array;
}

/** Loads the operator's secret from --key-file or env CO_PSEUDONYM_KEY; undefined when neither is set. */
export function loadPseudonymKey(keyFile: string | undefined, env: NodeJS.ProcessEnv): PseudonymKey | undefined {
  let secret: Buffer | undefined;
  if (keyFile) {
    try {
      secret = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'utf8');
    } catch (error) {
      throw new UserError(`Cannot read the pseudonym key file ${keyFile}: ${(error as Error).message}`, 2);
    }
  } else {
    const fromEnv = environment(env).CO_PSEUDONYM_KEY;
    if (fromEnv) secret = Buffer.from(fromEnv, 'utf8');
  }
  if (!secret) return undefined;
  if (secret.length < 16) {
    throw new UserError(
      'The pseudonym key is shorter than 16 bytes: use a long random secret (e.g. `openssl rand -hex 32`).',
      2,
    );
  }
  return hmacPads(secret);
}

export function hmacPads(secret: Buffer): PseudonymKey {
  const block = Buffer.alloc(64);
  // RFC 2104 would hash a key longer than the SHA-256 block (64 bytes) first; such a key is refused instead, so the pads are the key itself.
  if (secret.length > 64) {
    throw new UserError('The pseudonym key is longer than 64 bytes: use a secret of 16 to 64 bytes.', 2);
  }
  secret.copy(block);
  return {
    ipad: Uint8Array.from(block, (b) => b ^ 0x36),
    opad: Uint8Array.from(block, (b) => b ^ 0x5c),
  };
}
