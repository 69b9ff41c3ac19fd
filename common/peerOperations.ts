import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { parse, print } from 'graphql';
import { DEMO_SUPPORT_PRIVATE_KEY, DEMO_SUPPORT_PUBLIC_KEY, keyTextFrom, privateKeyFrom, publicKeysFrom, type IdentityKey } from './identityKeys';
import { ErrorCode, graphError } from './errors';
import { isDemoMode, peerIssuer, signIdentity, type Viewer } from './identity';
import type { Env } from './config';

/**
 * Calls between subgraphs carry the calling subgraph's own identity, signed with its own private
 * key (`<PEER>_IDENTITY_PRIVATE_KEY`, held by that subgraph only) and addressed to the callee; the
 * callee verifies it with the public key (`<PEER>_IDENTITY_PUBLIC_KEY`) and runs only the
 * documents the contract between the two lists. Today: Support -> Orders (customerDirectoryContract.ts).
 */
interface PeerKeys {
  privateVariable: string;
  publicVariable: string;
  demoPrivate: string;
  demoPublic: string;
}

const PEERS: Record<string, PeerKeys> = {
  support: {
    privateVariable: 'SUPPORT_IDENTITY_PRIVATE_KEY',
    publicVariable: 'SUPPORT_IDENTITY_PUBLIC_KEY',
    demoPrivate: DEMO_SUPPORT_PRIVATE_KEY,
    demoPublic: DEMO_SUPPORT_PUBLIC_KEY,
  },
};

function peerKeys(peer: string): PeerKeys {
  const keys = PEERS[peer];
  if (!keys) throw new Error(`no identity keys are defined for the ${peer} subgraph (common/peerOperations.ts)`);
  return keys;
}

/** The calling subgraph's signing key: SUPPORT_IDENTITY_PRIVATE_KEY (the demo key in demo mode). */
export function peerSigningKeyFrom(env: Env, peer: string): IdentityKey {
  const { privateVariable, demoPrivate } = peerKeys(peer);
  return privateKeyFrom(keyTextFrom(env, privateVariable, demoPrivate, isDemoMode(env), `the ${peer} subgraph signs its own calls to other subgraphs with it`), privateVariable);
}

/** What the callee verifies a peer with: SUPPORT_IDENTITY_PUBLIC_KEY (the demo key in demo mode). */
export function peerPublicKeysFrom(env: Env, peer: string): IdentityKey[] {
  const { publicVariable, demoPublic } = peerKeys(peer);
  return publicKeysFrom(keyTextFrom(env, publicVariable, demoPublic, isDemoMode(env), `verifies the ${peer} subgraph's own calls`), publicVariable);
}

/** The identity a peer sends: itself as a `service`, for one callee, naming the operation it runs. */
export function signPeerIdentity(peer: string, key: IdentityKey, callee: string, operation: string): Promise<string> {
  return signIdentity({ role: 'service', subject: peer, operation }, key, callee, peerIssuer(peer));
}

/**
 * On the callee: a request carrying a peer's identity may run only that peer's contract documents
 * (compared as printed by graphql-js, so whitespace does not matter); anything else is FORBIDDEN
 * before a resolver runs.
 */
export function usePeerOperations<C extends BaseContext & { viewer: Viewer }>(allowed: Record<string, readonly string[]>): ApolloServerPlugin<C> {
  const documents = new Map(Object.entries(allowed).map(([peer, texts]) => [peer, new Set(texts.map((text) => print(parse(text))))]));
  return {
    async requestDidStart({ contextValue }) {
      const peer = contextValue.viewer.peer;
      if (!peer) return;
      return {
        async didResolveOperation({ document }) {
          if (!documents.get(peer)?.has(print(document))) {
            throw graphError(ErrorCode.FORBIDDEN, `The ${peer} subgraph's identity is accepted only for the operations of its contract`);
          }
        },
      };
    },
  };
}
