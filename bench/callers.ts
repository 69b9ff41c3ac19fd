import { loadAuthConfig } from '../gateway/auth/authConfig';
import { signDemoToken } from '../gateway/auth/demoTokens';

/**
 * `count` distinct agents' bearer tokens (`agent-bench-000001`…), valid for the bench's run: the
 * gateway verifies a token it has not seen (signature, issuer, audience, expiry), signs a forwarded
 * identity for a caller it has not seen, and each subgraph verifies that identity, so a load that
 * cycles through more tokens than it sends requests pays all three on every request.
 */
export async function benchCallers(count: number): Promise<string[]> {
  const config = loadAuthConfig({ DEMO_MODE: 'true' });
  const tokens: string[] = [];
  for (let i = 1; i <= count; i++) tokens.push(`Bearer ${await signDemoToken(config, 'agent', `agent-bench-${String(i).padStart(6, '0')}`, '2h')}`);
  return tokens;
}
