// Pure helpers of the personal-data warning (the hub's 422 personal_data):
// what to list per field, and where to send the user back to edit.
import type { PersonalDataWarning } from '../api/types';

/** FieldKinds is one warned field with the kinds of personal data found in it, each once. */
export interface FieldKinds {
  field: string;
  kinds: PersonalDataWarning['kind'][];
}

/** kindsByField groups the warnings by field, in the order the hub gave them. */
export function kindsByField(warnings: readonly PersonalDataWarning[]): FieldKinds[] {
  const out: FieldKinds[] = [];
  for (const w of warnings) {
    let f = out.find((x) => x.field === w.field);
    if (!f) {
      f = { field: w.field, kinds: [] };
      out.push(f);
    }
    if (!f.kinds.includes(w.kind)) f.kinds.push(w.kind);
  }
  return out;
}

/** firstWarnedField is the first field with a warning that the form has (known), if any. */
export function firstWarnedField<F extends string>(warnings: readonly PersonalDataWarning[], known: readonly F[]): F | undefined {
  for (const w of warnings) {
    const f = known.find((k) => k === w.field);
    if (f) return f;
  }
  return undefined;
}

/** joinList joins words as a sentence does in lang ("a, b en c" / "a, b and c"). */
export function joinList(lang: 'nl' | 'en', words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  const and = lang === 'en' ? ' and ' : ' en ';
  return words.slice(0, -1).join(', ') + and + words[words.length - 1];
}
