import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ConfigError, readString, type Env } from './config';
import { requireProductionSecret } from './secrets';

/**
 * The key pairs that sign identities between the graph's processes. Only the signer holds the
 * private key (the gateway for the identities it forwards; Support for its own calls to Orders);
 * the receivers hold the public key, so no subgraph can mint an identity another accepts.
 *
 * A key is given as PEM (literal `\n` allowed, for one-line variables), as a JWK, or, for public
 * keys, as a JWK set (`{"keys":[…]}`: the old and the new key while the signer's key is rotated).
 */
export type IdentityAlgorithm = 'EdDSA' | 'ES256';

export interface IdentityKey {
  key: KeyObject;
  alg: IdentityAlgorithm;
  /** The public key's SHA-256 (base64url, 16 characters): names the key in the JWT header. */
  kid: string;
}

/**
 * Demo-only key pairs, published here: accepted only in demo mode (DEMO_MODE=true, npm start, tests).
 * Production refuses them by name (common/secrets.ts).
 */
export const DEMO_IDENTITY_PRIVATE_KEY = '{"crv":"Ed25519","d":"j4JPCvHSRldsr-I-Ll2QLNTeSiUvSb7HEO81RYxDPuY","x":"2Tuigfj8n0ujEyjpwCfbk9sTF6wULTxgoQi8BZKhWGk","kty":"OKP"}';
export const DEMO_IDENTITY_PUBLIC_KEY = '{"crv":"Ed25519","x":"2Tuigfj8n0ujEyjpwCfbk9sTF6wULTxgoQi8BZKhWGk","kty":"OKP"}';
export const DEMO_SUPPORT_PRIVATE_KEY = '{"crv":"Ed25519","d":"_ZIfnK5vldI5K814rlBkUmLaMnls-sGfB4QLWiDUCyM","x":"snymTvWjGG0cNSZjtJZflGhH923kQ9xA31pMdl1wb4A","kty":"OKP"}';
export const DEMO_SUPPORT_PUBLIC_KEY = '{"crv":"Ed25519","x":"snymTvWjGG0cNSZjtJZflGhH923kQ9xA31pMdl1wb4A","kty":"OKP"}';

/** The demo keys' public halves: what production must never accept as a key (secrets.ts). */
export const DEMO_PUBLIC_KEY_IDS = new Set([DEMO_IDENTITY_PUBLIC_KEY, DEMO_SUPPORT_PUBLIC_KEY].map((text) => publicKeysFrom(text, 'demo')[0].kid));

/** Whether a key text (private or public, any format) is one of the demo keys above. */
export function isDemoKey(text: string, variable: string): boolean {
  try {
    const keys = text.includes('"d"') || text.includes('PRIVATE KEY') ? [privateKeyFrom(text, variable)] : publicKeysFrom(text, variable);
    return keys.some((k) => DEMO_PUBLIC_KEY_IDS.has(k.kid));
  } catch {
    return false; // not a key at all: reading it reports that
  }
}

function algorithmOf(key: KeyObject, variable: string): IdentityAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new ConfigError(`${variable} must be an Ed25519 (EdDSA) or P-256 (ES256) key, got ${key.asymmetricKeyType ?? 'a symmetric key'}`);
}

function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url').slice(0, 16);
}

type KeyInput = string | { key: Record<string, unknown>; format: 'jwk' };

function inputsOf(text: string, variable: string): KeyInput[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return [trimmed.replace(/\\n/g, '\n')];
  let parsed: { keys?: unknown };
  try {
    parsed = JSON.parse(trimmed) as { keys?: unknown };
  } catch {
    throw new ConfigError(`${variable} is neither a PEM key nor JSON (a JWK or a JWK set)`);
  }
  const jwks = Array.isArray(parsed.keys) ? (parsed.keys as Array<Record<string, unknown>>) : [parsed as Record<string, unknown>];
  if (jwks.length === 0) throw new ConfigError(`${variable} holds an empty key set`);
  return jwks.map((jwk) => ({ key: jwk, format: 'jwk' as const }));
}

/** A private key (PEM or JWK) for signing. */
export function privateKeyFrom(text: string, variable: string): IdentityKey {
  const inputs = inputsOf(text, variable);
  if (inputs.length !== 1) throw new ConfigError(`${variable} must hold one private key, not a key set`);
  let key: KeyObject;
  try {
    key = createPrivateKey(inputs[0] as never);
  } catch (error) {
    throw new ConfigError(`${variable} is not a valid private key: ${(error as Error).message}`);
  }
  return { key, alg: algorithmOf(key, variable), kid: keyIdOf(createPublicKey(key)) };
}

/** One public key or several (PEM, JWK or JWK set): a private key given by mistake yields its public half. */
export function publicKeysFrom(text: string, variable: string): IdentityKey[] {
  return inputsOf(text, variable).map((input) => {
    let key: KeyObject;
    try {
      key = createPublicKey(input as never);
    } catch (error) {
      throw new ConfigError(`${variable} is not a valid public key: ${(error as Error).message}`);
    }
    return { key, alg: algorithmOf(key, variable), kid: keyIdOf(key) };
  });
}

/** A variable's key text, or the demo key in demo mode; none outside demo mode: a ConfigError naming it. */
export function keyTextFrom(env: Env, variable: string, demoValue: string, demo: boolean, purpose: string): string {
  requireProductionSecret(env, variable, (value) => isDemoKey(value, variable));
  const text = readString(env, variable) ?? (demo ? demoValue : undefined);
  if (!text) throw new ConfigError(`${variable} must be set (${purpose}); \`npm run identity:keys\` prints a fresh key pair, DEMO_MODE=true uses the demo keys`);
  return text;
}

/** A fresh key pair as the variables take it: one-line JWKs, and PEM. */
export function generateIdentityKeyPair(alg: IdentityAlgorithm = 'EdDSA') {
  const { privateKey, publicKey } = alg === 'EdDSA' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateJwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
    publicJwk: JSON.stringify(publicKey.export({ format: 'jwk' })),
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
