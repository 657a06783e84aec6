/**
 * The question bank: list, edit one question, and CSV export/import. An import checks every row
 * first and reports each problem with its row number (as a spreadsheet numbers it, header = 1);
 * only a file without problems is written, in one transaction, upserting by code, with one audit
 * entry. Callers check can(user, 'quiz.manage') first.
 */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { QUESTION_KINDS, QUIZ_TOPICS, quizQuestions, type QuestionKind, type QuestionOption, type QuizTopic } from '../../../../db/schema';
import type { QuestionInput } from './seed-questions';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit/record';
import { formatCsv, parseCsv } from '../csv';
import { fail, type Result } from '../result';
import { proposedValues } from '../upsert';
import { forgetCachedReads } from '../cache';

export const CSV_COLUMNS = [
  'code',
  'topic',
  'kind',
  'difficulty',
  'prompt_zh',
  'prompt_en',
  'options_zh',
  'options_en',
  'correct',
  'explanation_zh',
  'explanation_en',
  'active',
] as const;
/** Options share one cell, separated by this; keys A, B, … follow their order. */
export const OPTION_SEPARATOR = '|';
const KEYS = 'ABCDEF';
const CODE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_TEXT = 1000;

export interface ImportProblem {
  /** 1-based row of the file (the header is row 1); null for the file as a whole. */
  row: number | null;
  key: string;
  params: Record<string, string | number>;
}

export type QuestionRow = typeof quizQuestions.$inferSelect;

export async function listQuestions(db: Db): Promise<QuestionRow[]> {
  return db.select().from(quizQuestions).orderBy(asc(quizQuestions.topic), asc(quizQuestions.code));
}

export async function getQuestion(db: Db, id: number): Promise<QuestionRow | null> {
  if (!Number.isInteger(id)) return null;
  const [row] = await db.select().from(quizQuestions).where(eq(quizQuestions.id, id));
  return row ?? null;
}

/** Checks one question's fields; returns i18n keys per field (empty when valid). */
export function questionProblems(q: Omit<QuestionInput, 'code'> & { code?: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (q.code !== undefined && !CODE_PATTERN.test(q.code)) problems.code = 'quiz.bank.error.code';
  if (!(QUIZ_TOPICS as readonly string[]).includes(q.topic)) problems.topic = 'quiz.bank.error.topic';
  if (!(QUESTION_KINDS as readonly string[]).includes(q.kind)) problems.kind = 'quiz.bank.error.kind';
  if (![1, 2, 3].includes(q.difficulty)) problems.difficulty = 'quiz.bank.error.difficulty';
  if (!q.promptZh.trim() || q.promptZh.length > MAX_TEXT) problems.promptZh = 'quiz.bank.error.prompt';
  if (!q.explanationZh.trim() || q.explanationZh.length > MAX_TEXT) problems.explanationZh = 'quiz.bank.error.explanation';
  const keys = q.options.map((o) => o.key);
  const count = q.options.length;
  if (count < 2 || count > KEYS.length || q.options.some((o) => !o.zh.trim()) || (q.kind === 'true_false' && count !== 2)) {
    problems.options = 'quiz.bank.error.options';
  } else if (q.correct.length === 0 || !q.correct.every((key) => keys.includes(key)) || new Set(q.correct).size !== q.correct.length) {
    problems.correct = 'quiz.bank.error.correct';
  } else if (q.kind !== 'multiple' && q.correct.length !== 1) problems.correct = 'quiz.bank.error.correctOne';
  return problems;
}

export function exportQuestionsCsv(rows: readonly QuestionRow[]): string {
  return formatCsv([
    [...CSV_COLUMNS],
    ...rows.map((q) => [
      q.code,
      q.topic,
      q.kind,
      q.difficulty,
      q.promptZh,
      q.promptEn,
      q.options.map((o) => o.zh).join(OPTION_SEPARATOR),
      q.options.map((o) => o.en).join(OPTION_SEPARATOR),
      q.correct.join(''),
      q.explanationZh,
      q.explanationEn,
      q.active ? 'yes' : 'no',
    ]),
  ]);
}

/** Strips the formula guard that formatCsv adds, so an export re-imports unchanged. */
const unguard = (text: string) => (/^'[=+\-@]/.test(text) ? text.slice(1) : text);

function parseRow(cells: string[], row: number, problems: ImportProblem[]): (QuestionInput & { active: boolean }) | null {
  const value = (name: (typeof CSV_COLUMNS)[number]) => unguard((cells[CSV_COLUMNS.indexOf(name)] ?? '').trim());
  const optionsZh = value('options_zh')
    .split(OPTION_SEPARATOR)
    .map((s) => s.trim());
  const optionsEn = value('options_en')
    ? value('options_en')
        .split(OPTION_SEPARATOR)
        .map((s) => s.trim())
    : [];
  const before = problems.length;
  if (optionsEn.length > 0 && optionsEn.length !== optionsZh.length) problems.push({ row, key: 'quiz.bank.error.optionsEn', params: { row } });
  const active = value('active').toLowerCase();
  if (!['', 'yes', 'no', 'true', 'false', '1', '0'].includes(active)) problems.push({ row, key: 'quiz.bank.error.active', params: { row } });
  const question: QuestionInput & { active: boolean } = {
    code: value('code'),
    topic: value('topic') as QuizTopic,
    kind: value('kind') as QuestionKind,
    difficulty: Number(value('difficulty')) as 1 | 2 | 3,
    promptZh: value('prompt_zh'),
    promptEn: value('prompt_en'),
    options: optionsZh.map((zh, i): QuestionOption => ({ key: KEYS[i] ?? '?', zh, en: optionsEn[i] ?? '' })),
    correct: [
      ...value('correct')
        .toUpperCase()
        .replace(/[^A-Z]/g, ''),
    ],
    explanationZh: value('explanation_zh'),
    explanationEn: value('explanation_en'),
    active: !['no', 'false', '0'].includes(active),
  };
  for (const [field, key] of Object.entries(questionProblems(question))) problems.push({ row, key, params: { row, field } });
  return problems.length > before ? null : question;
}

export type ImportResult = { ok: true; inserted: number; updated: number } | { ok: false; problems: ImportProblem[] };

export async function importQuestionsCsv(db: Db, actor: Actor, text: string, requestId?: string): Promise<ImportResult> {
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  if (CSV_COLUMNS.some((column, i) => header[i] !== column)) {
    return { ok: false, problems: [{ row: 1, key: 'quiz.bank.error.header', params: { columns: CSV_COLUMNS.join(', ') } }] };
  }
  if (rows.length < 2) return { ok: false, problems: [{ row: null, key: 'quiz.bank.error.empty', params: {} }] };
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  const parsed: (QuestionInput & { active: boolean })[] = [];
  rows.slice(1).forEach((cells, index) => {
    const row = index + 2;
    const question = parseRow(cells, row, problems);
    if (!question) return;
    const first = seen.get(question.code);
    if (first !== undefined) problems.push({ row, key: 'quiz.bank.error.duplicate', params: { row, first } });
    else seen.set(question.code, row);
    parsed.push(question);
  });
  if (problems.length > 0) return { ok: false, problems };

  const result = await db.transaction(async (tx) => {
    const existing = new Set((await tx.select({ code: quizQuestions.code }).from(quizQuestions)).map((r) => r.code));
    await tx
      .insert(quizQuestions)
      .values(parsed)
      .onConflictDoUpdate({
        target: quizQuestions.code,
        set: {
          ...proposedValues(quizQuestions, ['topic', 'kind', 'difficulty', 'promptZh', 'promptEn', 'options', 'correct', 'explanationZh', 'explanationEn', 'active']),
          updatedAt: sql`now()`,
        },
      });
    const updated = parsed.filter((q) => existing.has(q.code)).length;
    const inserted = parsed.length - updated;
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'quiz.questions.import',
      targetType: 'quiz_questions',
      targetId: null,
      summary: { after: { inserted, updated, codes: parsed.length } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, inserted, updated };
  });
  // Attempt pages read the bank from the one-second cache: this process sees the change at once.
  forgetCachedReads();
  return result;
}

/** An admin's edit of one question: all but its code, with the topic, kind and difficulty as the form sends them (checked here), and whether it is in use. */
export type QuestionEdit = Omit<QuestionInput, 'code' | 'topic' | 'kind' | 'difficulty'> & { topic: string; kind: string; difficulty: number; active: boolean };

/** Saves an admin's edit of one question, audited with what changed. */
export async function updateQuestion(db: Db, actor: Actor, id: number, edit: QuestionEdit, requestId?: string): Promise<Result<{}, 'invalid' | 'not_found'>> {
  const input = { ...edit, topic: edit.topic as QuizTopic, kind: edit.kind as QuestionKind, difficulty: edit.difficulty as 1 | 2 | 3 };
  const fields = questionProblems(input);
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  const result: Result<{}, 'invalid' | 'not_found'> = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(quizQuestions).where(eq(quizQuestions.id, id)).for('update');
    if (!before) return fail('not_found', 'error.notFound');
    await tx
      .update(quizQuestions)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(quizQuestions.id, id));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'quiz.question.update',
      targetType: 'quiz_question',
      targetId: id,
      summary: {
        before: { promptZh: before.promptZh, correct: before.correct, active: before.active },
        after: { promptZh: input.promptZh, correct: input.correct, active: input.active },
      },
      requestId: requestId ?? null,
    });
    return { ok: true };
  });
  // Attempt pages read the bank from the one-second cache: this process sees the change at once.
  forgetCachedReads();
  return result;
}
