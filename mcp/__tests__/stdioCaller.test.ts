import { loadAuthConfig } from '../../gateway/auth/authConfig';
import { signDelegatedBotToken, signDemoToken } from '../../gateway/auth/demoTokens';
import { describeCaller } from '../stdio';

describe('the stdio server says whose token it uses', () => {
  const config = loadAuthConfig({ DEMO_MODE: 'true' });

  test('When GRAPH_TOKEN is a bot acting for a customer, a bot for no customer, a staff token or none, then the start-up line names the subject, role and actor', async () => {
    expect(describeCaller(await signDelegatedBotToken(config, 'CUS-000002', 'chatbot'))).toBe('CUS-000002 (customer), acting: chatbot');
    expect(describeCaller(await signDemoToken(config, 'bot', 'chatbot'))).toBe('chatbot (bot), acting for no customer: products and prices only');
    expect(describeCaller(await signDemoToken(config, 'agent', 'agent-ada'))).toBe('agent-ada (agent)');
    expect(describeCaller(undefined)).toBe('no one (anonymous: public data only)');
    expect(describeCaller('not-a-token')).toBe('an unreadable token (the gateway will refuse it)');
  });
});
