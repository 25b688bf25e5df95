/**
 * CURVE keys for a non-loopback bind, read from files: either a bare Z85 key (40 characters, what
 * `zmq.curveKeyPair()` gives) or a ZeroMQ certificate file (`public-key = "…"` / `secret-key = "…"`
 * lines, as zcert and czmq write them). A key file must not be readable by others.
 */
import { readFile, stat } from 'node:fs/promises';
import { AgentError } from '../agent-error.ts';

export interface CurveKeys {
  publicKey: string;
  secretKey: string;
}

const Z85 = /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/;

async function readKey(path: string, kind: 'public' | 'secret'): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AgentError('curve-key-invalid', `cannot read the CURVE ${kind} key file ${path}: ${(error as Error).message}`);
  }
  if (kind === 'secret' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new AgentError('curve-key-invalid', `the CURVE secret key file ${path} is readable by others: chmod 600 it`);
  }
  const fromCertificate = new RegExp(`^\\s*${kind}-key\\s*=\\s*"([^"]+)"`, 'm').exec(text)?.[1];
  const key = (fromCertificate ?? text).trim();
  if (!Z85.test(key)) throw new AgentError('curve-key-invalid', `${path} holds no Z85 CURVE ${kind} key (40 characters)`);
  return key;
}

export async function readCurveKeys(publicKeyFile: string, secretKeyFile: string): Promise<CurveKeys> {
  return { publicKey: await readKey(publicKeyFile, 'public'), secretKey: await readKey(secretKeyFile, 'secret') };
}
