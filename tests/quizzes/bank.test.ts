import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { auditLog, QUIZ_TOPICS, quizQuestions } from '../../db/schema';
import { QUIZ_QUESTIONS } from '../../src/lib/server/quizzes/seed-questions';
import { seedQuestionBank } from '../../src/lib/server/quizzes/seed';
import { exportQuestionsCsv, importQuestionsCsv, listQuestions, questionProblems, updateQuestion } from '../../src/lib/server/quizzes';
import { parseCsv } from '../../src/lib/server/csv';
import { createTestDatabase, testDriver } from '../support/db';
import { createActors } from './fixtures';

describe(`the question bank on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedQuestionBank(database.db);
  });
  afterAll(async () => database?.close());

  it('holds at least 60 valid questions covering every topic and every kind, each explained', () => {
    expect(QUIZ_QUESTIONS.length).toBeGreaterThanOrEqual(60);
    for (const question of QUIZ_QUESTIONS) expect(questionProblems(question), question.code).toEqual({});
    expect(new Set(QUIZ_QUESTIONS.map((q) => q.topic))).toEqual(new Set(QUIZ_TOPICS));
    expect(new Set(QUIZ_QUESTIONS.map((q) => q.kind))).toEqual(new Set(['single', 'multiple', 'true_false']));
    expect(new Set(QUIZ_QUESTIONS.map((q) => q.code)).size).toBe(QUIZ_QUESTIONS.length);
    expect(QUIZ_QUESTIONS.every((q) => q.promptEn && q.explanationEn && q.options.every((o) => o.en))).toBe(true);
  });

  it('teaches the 24 characters of the core socialist values and the 20 of the civic norms exactly', () => {
    const values = QUIZ_QUESTIONS.find((q) => q.code === 'core-values-01')!;
    expect(values.explanationZh).toContain('富强、民主、文明、和谐');
    expect(values.explanationZh).toContain('自由、平等、公正、法治');
    expect(values.explanationZh).toContain('爱国、敬业、诚信、友善');
    const norms = QUIZ_QUESTIONS.find((q) => q.code === 'civic-morality-01')!;
    expect(norms.options.find((o) => norms.correct.includes(o.key))!.zh).toBe('爱国守法、明礼诚信、团结友善、勤俭自强、敬业奉献');
  });

  it('seeds the bank once and leaves an edited bank alone', async () => {
    await seedQuestionBank(database.db);
    expect(await listQuestions(database.db)).toHaveLength(QUIZ_QUESTIONS.length);
  });

  it('exports CSV with a BOM that re-imports to the same bank', async () => {
    const [admin] = await createActors(database.db, 1, 'admin');
    const before = await listQuestions(database.db);
    const csv = exportQuestionsCsv(before);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(csv)).toHaveLength(before.length + 1);
    const result = await importQuestionsCsv(database.db, admin!, csv);
    expect(result).toEqual({ ok: true, inserted: 0, updated: before.length });
    const after = await listQuestions(database.db);
    expect(after.map(({ updatedAt, ...q }) => q)).toEqual(before.map(({ updatedAt, ...q }) => q));
  });

  it('rejects a file with bad rows, naming each row, and writes nothing', async () => {
    const [admin] = await createActors(database.db, 1, 'admin');
    const csv = [
      'code,topic,kind,difficulty,prompt_zh,prompt_en,options_zh,options_en,correct,explanation_zh,explanation_en,active',
      'new-01,traffic,single,1,新题目,New,对|错,,A,解释,,yes',
      'new-02,nowhere,single,1,新题目,New,对|错,,A,解释,,yes',
      'new-03,traffic,single,1,新题目,New,甲|乙|丙,,AB,解释,,yes',
      'new-01,traffic,single,1,重复,Dup,对|错,,A,解释,,yes',
      'new-04,traffic,true_false,4,,,对|错|不知道,,C,,,maybe',
    ].join('\n');
    const result = await importQuestionsCsv(database.db, admin!, csv);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const rows = (key: string) => result.problems.filter((p) => p.key === key).map((p) => p.row);
    expect(rows('quiz.bank.error.topic')).toEqual([3]);
    expect(rows('quiz.bank.error.correctOne')).toEqual([4]);
    expect(rows('quiz.bank.error.duplicate')).toEqual([5]);
    expect(rows('quiz.bank.error.difficulty')).toEqual([6]);
    expect(rows('quiz.bank.error.active')).toEqual([6]);
    expect(await database.db.select().from(quizQuestions).where(eq(quizQuestions.code, 'new-01'))).toEqual([]);
  });

  it('refuses a file whose header is not the export’s', async () => {
    const [admin] = await createActors(database.db, 1, 'admin');
    const result = await importQuestionsCsv(database.db, admin!, 'code,prompt\nx,y\n');
    expect(result).toMatchObject({ ok: false, problems: [{ row: 1, key: 'quiz.bank.error.header' }] });
  });

  it('imports new questions and audits the import', async () => {
    const [admin] = await createActors(database.db, 1, 'admin');
    const csv =
      'code,topic,kind,difficulty,prompt_zh,prompt_en,options_zh,options_en,correct,explanation_zh,explanation_en,active\n' +
      'new-10,pets,multiple,2,"遛狗要带什么？（多选）","What to bring, walking a dog?",牵引绳|拾便袋|烟花,Lead|Bags|Fireworks,AB,牵引绳和拾便袋,Lead and bags,yes\n';
    expect(await importQuestionsCsv(database.db, admin!, csv)).toEqual({ ok: true, inserted: 1, updated: 0 });
    const [row] = await database.db.select().from(quizQuestions).where(eq(quizQuestions.code, 'new-10'));
    expect(row).toMatchObject({ promptEn: 'What to bring, walking a dog?', correct: ['A', 'B'], kind: 'multiple' });
    const audits = await database.db.select().from(auditLog).where(eq(auditLog.action, 'quiz.questions.import'));
    expect(audits.some((a) => a.actorId === admin!.id)).toBe(true);
  });

  it('saves an admin’s edit of one question with an audit entry, and refuses an invalid one', async () => {
    const [admin] = await createActors(database.db, 1, 'admin');
    const [question] = await database.db.select().from(quizQuestions).where(eq(quizQuestions.code, 'traffic-01'));
    const edit = { ...question!, promptZh: '机动车遇行人正在通过人行横道时应当：' };
    expect(await updateQuestion(database.db, admin!, question!.id, edit)).toEqual({ ok: true });
    expect((await database.db.select().from(quizQuestions).where(eq(quizQuestions.id, question!.id)))[0]!.promptZh).toBe(edit.promptZh);
    expect(await updateQuestion(database.db, admin!, question!.id, { ...edit, correct: ['Z'] })).toMatchObject({ ok: false, fields: { correct: 'quiz.bank.error.correct' } });
  });
});
