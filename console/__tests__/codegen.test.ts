import { readFileSync } from 'node:fs';
import { GENERATED_PATH, generateOperations } from '../scripts/codegen';

describe('the console operations typed from the catalogue', () => {
  test('When the catalogue or the supergraph changes, then the committed generated file must be regenerated (npm run codegen:console)', () => {
    expect(readFileSync(GENERATED_PATH, 'utf8')).toBe(generateOperations());
  });

  test('When a component reads an operation, then its result type has exactly the fields the document selects, nullability from the schema', () => {
    const generated = generateOperations();
    // supportCases is nullable in the supergraph (Support may be down); orders is not.
    expect(generated).toMatch(/export type AgentCustomerViewData = \{ customer: \{ id: string; name: string; email: string; phone: string \| null; orders: Array<\{ number: string;/);
    expect(generated).toMatch(/supportCases: Array<\{ number: string; subject: string; status: CaseStatus;[^\n]*\}> \| null/);
    // @include makes a root field optional; a fragment's fields are spread into its place.
    expect(generated).toMatch(/export type AgentFindData = \{ byEmail\?: \{ id: string; name: string \} \| null;/);
    expect(generated).toMatch(/web: \{ amount: \{ amount: string; currency: string \}; regularAmount: \{ amount: string; currency: string \}; promotion: string \| null \}/);
    expect(generated).toContain("export type Channel = 'WEB' | 'STORE' | 'PHONE' | 'EMAIL' | 'CHAT' | 'MAILER';");
  });
});
