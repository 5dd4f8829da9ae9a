import { describe, expect, it } from 'vitest';
import type { PersonalDataWarning } from '../api/types';
import { firstWarnedField, joinList, kindsByField } from './personalData';

const w = (field: string, kind: PersonalDataWarning['kind']): PersonalDataWarning => ({ field, kind, message: '', message_nl: '' });

describe('kindsByField', () => {
  it('groups kinds per field in the hub order, each kind once', () => {
    const got = kindsByField([w('title', 'email'), w('description', 'phone'), w('title', 'bsn'), w('description', 'phone')]);
    expect(got).toEqual([
      { field: 'title', kinds: ['email', 'bsn'] },
      { field: 'description', kinds: ['phone'] },
    ]);
  });

  it('gives nothing for no warnings', () => {
    expect(kindsByField([])).toEqual([]);
  });
});

describe('firstWarnedField', () => {
  it('is the first warned field the form knows', () => {
    expect(firstWarnedField([w('notes', 'phone'), w('description', 'email'), w('title', 'bsn')], ['title', 'description'])).toBe('description');
  });

  it('is undefined when the form has none of them', () => {
    expect(firstWarnedField([w('notes', 'phone')], ['title'])).toBeUndefined();
  });
});

describe('joinList', () => {
  it('joins as a Dutch or English sentence', () => {
    expect(joinList('nl', [])).toBe('');
    expect(joinList('nl', ['een BSN'])).toBe('een BSN');
    expect(joinList('nl', ['een BSN', 'een kenteken'])).toBe('een BSN en een kenteken');
    expect(joinList('en', ['a BSN', 'a phone number', 'a licence plate'])).toBe('a BSN, a phone number and a licence plate');
  });
});
