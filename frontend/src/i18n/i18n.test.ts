import { describe, expect, it } from 'vitest';
import { en } from './en';
import { formatDate, formatNumber, today, translate } from './i18n';
import { nl } from './nl';

describe('translations', () => {
  it('fill in placeholders in both languages', () => {
    expect(translate('nl', 'actions.caption', { total: 14 })).toBe('Acties (14)');
    expect(translate('en', 'actions.caption', { total: 14 })).toBe('Actions (14)');
    expect(translate('nl', 'goals.count', { done: 5, target: 8 })).toBe('5 van 8 {unit}');
  });

  it('use the same placeholders in Dutch and English', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(nl) as (keyof typeof nl)[]) {
      expect(names(en[key]), key).toEqual(names(nl[key]));
    }
  });

  it('format dates and numbers as in the Netherlands', () => {
    expect(formatDate('2026-03-09')).toBe('09-03-2026');
    expect(formatNumber(12345.5)).toBe('12.345,5');
    expect(today(new Date(2026, 0, 5))).toBe('2026-01-05');
  });
});
