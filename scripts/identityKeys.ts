import { parseArgs } from 'node:util';
import { generateIdentityKeyPair } from '../common/identityKeys';

/**
 * `npm run identity:keys [-- --alg ES256]`: a fresh key pair for the identity the gateway signs
 * (IDENTITY_PRIVATE_KEY for the gateway only, IDENTITY_PUBLIC_KEY for the subgraphs), or for
 * Support's own calls to Orders (`--for support`: SUPPORT_IDENTITY_PRIVATE_KEY for Support,
 * SUPPORT_IDENTITY_PUBLIC_KEY for Orders). Printed as one-line JWKs, ready for an env file or a
 * Secret, and as PEM.
 */
function main(): void {
  const { values } = parseArgs({ options: { alg: { type: 'string', default: 'EdDSA' }, for: { type: 'string', default: 'gateway' } } });
  if (values.alg !== 'EdDSA' && values.alg !== 'ES256') {
    console.error('usage: npm run identity:keys -- [--alg EdDSA|ES256] [--for gateway|support]');
    process.exit(2);
  }
  if (values.for !== 'gateway' && values.for !== 'support') {
    console.error('--for must be gateway or support');
    process.exit(2);
  }
  const prefix = values.for === 'support' ? 'SUPPORT_IDENTITY' : 'IDENTITY';
  const holders = values.for === 'support' ? ['the Support subgraph only', 'the Orders subgraph'] : ['the gateway only', 'every subgraph'];
  const pair = generateIdentityKeyPair(values.alg);
  console.log(`# ${values.alg} key pair. Private key: ${holders[0]}; public key: ${holders[1]}.`);
  console.log(`${prefix}_PRIVATE_KEY='${pair.privateJwk}'`);
  console.log(`${prefix}_PUBLIC_KEY='${pair.publicJwk}'`);
  console.log(`\n# The same keys as PEM:\n${pair.privatePem}${pair.publicPem}`);
}

main();
