/** The channels of the SDL's `Channel` enum; GraphQL hands resolvers these names unchanged. */
export const CHANNELS = ['WEB', 'STORE', 'PHONE', 'EMAIL', 'CHAT', 'MAILER'] as const;
export type Channel = (typeof CHANNELS)[number];
