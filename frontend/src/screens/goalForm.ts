// The goal form's values and what they become in the API (pure, tested).
import type { Goal, GoalInput, GoalPatch } from '../api/types';

/** GoalField is a field of the goal form, named as the API names it. */
export type GoalField = 'title' | 'description' | 'target' | 'unit';
export const goalFields: readonly GoalField[] = ['title', 'description', 'target', 'unit'];

/** GoalValues are the form's inputs as typed. */
export type GoalValues = Record<GoalField, string>;

export const emptyGoal: GoalValues = { title: '', description: '', target: '', unit: '' };

/** goalValuesOf fills the form from a goal. */
export function goalValuesOf(g: Pick<Goal, 'title' | 'description' | 'target' | 'unit'>): GoalValues {
  return { title: g.title, description: g.description, target: g.target === null ? '' : String(g.target), unit: g.unit };
}

/** targetOf reads the target; empty is none, anything else not a number is NaN (the hub refuses it). */
function targetOf(s: string): number | null {
  const t = s.trim().replace(',', '.');
  return t === '' ? null : Number(t);
}

/** goalInputOf is the body of a new goal. */
export function goalInputOf(v: GoalValues): GoalInput {
  return { title: v.title, description: v.description, target: targetOf(v.target), unit: v.unit };
}

/**
 * goalPatchOf holds only the fields changed from base. A target cannot be
 * removed (the hub keeps it), so an emptied target is left out; the form
 * says so before saving (targetCleared).
 */
export function goalPatchOf(v: GoalValues, base: GoalValues): GoalPatch {
  const p: GoalPatch = {};
  if (v.title !== base.title) p.title = v.title;
  if (v.description !== base.description) p.description = v.description;
  if (v.unit !== base.unit) p.unit = v.unit;
  const target = targetOf(v.target);
  if (v.target !== base.target && target !== null) p.target = target;
  return p;
}

/** targetCleared: the user emptied a target the goal had, which the hub cannot do. */
export function targetCleared(v: GoalValues, base: GoalValues): boolean {
  return base.target !== '' && v.target.trim() === '';
}
