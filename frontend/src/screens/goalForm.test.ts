import { describe, expect, it } from 'vitest';
import { emptyGoal, goalInputOf, goalPatchOf, goalValuesOf, targetCleared } from './goalForm';

const goal = { title: 'Minder ondermijning', description: 'Zes controles', target: 6, unit: 'controles' };

describe('goal form', () => {
  it('makes a new goal, with no target when none is typed', () => {
    expect(goalInputOf({ ...emptyGoal, title: 'Doel' })).toEqual({ title: 'Doel', description: '', target: null, unit: '' });
    expect(goalInputOf({ ...emptyGoal, title: 'Doel', target: '2,5', unit: 'uur' })).toEqual({ title: 'Doel', description: '', target: 2.5, unit: 'uur' });
  });

  it('patches only what changed', () => {
    const base = goalValuesOf(goal);
    expect(base).toEqual({ title: 'Minder ondermijning', description: 'Zes controles', target: '6', unit: 'controles' });
    expect(goalPatchOf(base, base)).toEqual({});
    expect(goalPatchOf({ ...base, description: 'Acht controles', target: '8' }, base)).toEqual({ description: 'Acht controles', target: 8 });
  });

  it('never sends an emptied target, and knows the user emptied it', () => {
    const base = goalValuesOf(goal);
    const v = { ...base, target: ' ' };
    expect(goalPatchOf(v, base)).toEqual({});
    expect(targetCleared(v, base)).toBe(true);
    expect(targetCleared(v, goalValuesOf({ ...goal, target: null }))).toBe(false);
  });
});
