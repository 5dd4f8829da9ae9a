import { describe, expect, it } from 'vitest';
import type { Me } from '../api/types';
import { translate } from '../i18n/i18n';
import type { Session } from '../session';
import { isOwnBeheerder, whoOf } from './Admission';

const session = (role: '' | 'organisatiebeheerder', organisation_id: number) =>
  ({ me: { user: { id: 1, name: 'Bea Beheer', organisation_id, platform_role: '', organisation_role: role } } as Me }) as Session;

describe('admission', () => {
  it('is managed only by the organisation\'s own organisatiebeheerder', () => {
    expect(isOwnBeheerder(session('organisatiebeheerder', 3), 3)).toBe(true);
    expect(isOwnBeheerder(session('organisatiebeheerder', 3), 1)).toBe(false);
    expect(isOwnBeheerder(session('', 3), 3)).toBe(false);
  });

  it('says who takes part in prose, people first, in both languages', () => {
    const names: Record<number, string> = { 7: 'Erik Brouwer', 8: 'Samira Haddou' };
    const nameOf = (id: number) => names[id] ?? `#${id}`;
    const nl = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('nl', k, p);
    const en = (k: Parameters<typeof translate>[1], p?: Record<string, string | number>) => translate('en', k, p);
    expect(whoOf(nl, { users: [], groups: ['Team Ondermijning'] }, nameOf)).toBe('groep Team Ondermijning');
    expect(whoOf(nl, { users: [7, 8], groups: ['Team Ondermijning'] }, nameOf)).toBe('Erik Brouwer, Samira Haddou en groep Team Ondermijning');
    expect(whoOf(en, { users: [7], groups: ['Team Ondermijning'] }, nameOf)).toBe('Erik Brouwer and group Team Ondermijning');
    expect(translate('nl', 'admission.openWarning', { organisation: 'Politie Noord-Holland' }))
      .toBe('Open voor de hele organisatie: iedereen van Politie Noord-Holland die zich aanmeldt, ziet deze werkruimte.');
  });
});
