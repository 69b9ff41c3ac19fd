/** Support's own records, as the repository returns them. */
export type Channel = 'WEB' | 'STORE' | 'PHONE' | 'EMAIL' | 'CHAT' | 'MAILER';
export type CaseStatus = 'OPEN' | 'WAITING_ON_CUSTOMER' | 'RESOLVED';

export interface SupportCaseRecord {
  number: string;
  customerId: string;
  orderNumber: string | null;
  subject: string;
  status: CaseStatus;
  openedAt: Date;
  channel: Channel;
}

export interface InteractionRecord {
  caseNumber: string;
  at: Date;
  channel: Channel;
  summary: string;
}
