/** The example queries `npm start` prints and the README shows: each one a seed story. */
export const EXAMPLE_QUERIES: Array<{ title: string; query: string; token?: string }> = [
  {
    title: 'Bob quotes his email (any letter case): his orders, cases and what he was told',
    query: `{ customer(email: "Bob.Jones@Email.com") { name phone orders { number status total { amount currency } } supportCases { number status } notifications { topic subject } } }`,
  },
  {
    title: 'An incident number from an email, looked up by any channel',
    query: `{ supportCase(number: "CS-482913") { subject status customer { name } order { number status } interactions { at channel summary } } }`,
  },
  {
    title: 'Why was Erin\'s order cancelled, and what was she told?',
    query: `{ order(number: "161803398") { status cancellation { reason message } notifications { topic body } } }`,
  },
  {
    title: 'The mailer price, honoured at the till and on the web (public: no token needed)',
    token: '',
    query: `{ product(sku: "PARTY-LIGHTS-20") { name web: price(channel: WEB) { amount { amount } promotion } till: price(channel: STORE) { amount { amount } promotion } } }`,
  },
];

/** A curl line; `token` names the shell variable holding the bearer token ('' for none). */
export function curlFor(url: string, query: string, token = 'AGENT_TOKEN'): string {
  const auth = token ? ` -H "authorization: Bearer $${token}"` : '';
  return `curl -s ${url}${auth} -H 'content-type: application/json' -d '${JSON.stringify({ query }).replace(/'/g, "'\\''")}'`;
}
