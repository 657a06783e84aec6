import { describe, expect, it } from 'vitest';
import { rankLeague } from '../../src/lib/server/reports';

const department = (id: number, received: number, onTime: number, red = 0) => ({
  department: { id, nameZh: `单位${id}`, nameEn: `Department ${id}` },
  received,
  rectified: onTime,
  rectifiedOnTime: onTime,
  onTimeRate: received > 0 ? onTime / received : null,
  medianDaysToRectify: null,
  overdue: { white: 0, yellow: 0, red },
  ratings: { satisfied: 0, basically_satisfied: 0, unsatisfied: 0 },
});

describe('the department league table', () => {
  it('does not rank a department on two cases above one with 48 of 50 on time', () => {
    const rows = rankLeague([department(1, 2, 2), department(2, 50, 48), department(3, 40, 30)], 5);
    expect(rows.map((r) => [r.department.id, r.rank])).toEqual([
      [2, 1],
      [3, 2],
      [1, null],
    ]);
  });

  it('ranks by the lower Wilson bound, so 19 of 20 beats 10 of 10', () => {
    const [first] = rankLeague([department(1, 10, 10), department(2, 20, 19)], 5);
    expect(first!.department.id).toBe(2);
  });

  it('never puts a department with open red tickets on the red list, and names the worst on the black list', () => {
    const rows = rankLeague(
      [department(1, 1, 1, 5), department(2, 30, 30, 1), department(3, 30, 27), department(4, 30, 20), department(5, 30, 15), department(6, 30, 10), department(7, 30, 5)],
      5,
    );
    const list = Object.fromEntries(rows.map((r) => [r.department.id, r.list]));
    expect(list[1]).toBeNull(); // 100% on a single case, 5 red tickets: not ranked, not listed
    expect(list[2]).toBeNull(); // best rate but an open red ticket
    expect([3, 4, 5].map((id) => list[id])).toEqual(['red', 'red', 'red']);
    expect([6, 7].map((id) => list[id])).toEqual(['black', 'black']);
  });
});
