/**
 * Drawing an attempt's questions: stratified by topic (topics take turns, in random order, so N
 * questions cover min(N, topics) topics), random within a topic, options shuffled except for
 * true/false, whose 正确/错误 order people expect.
 */
import { randomInt } from 'node:crypto';
import type { DrawnQuestion, QuestionKind } from '../../../../db/schema';

export interface DrawCandidate {
  id: number;
  topic: string;
  kind: QuestionKind;
  optionKeys: string[];
}

/** Uniform integer in [0, max); crypto-strong by default so respondents cannot predict draws. */
export type RandomInt = (max: number) => number;
const secureRandom: RandomInt = (max) => randomInt(max);

function shuffle<T>(items: readonly T[], random: RandomInt): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export function drawQuestions(candidates: readonly DrawCandidate[], count: number, random: RandomInt = secureRandom): DrawnQuestion[] {
  const byTopic = new Map<string, DrawCandidate[]>();
  for (const candidate of candidates) {
    const list = byTopic.get(candidate.topic) ?? [];
    list.push(candidate);
    byTopic.set(candidate.topic, list);
  }
  const pools = shuffle([...byTopic.values()], random).map((pool) => shuffle(pool, random));
  const picked: DrawCandidate[] = [];
  while (picked.length < count && pools.some((pool) => pool.length > 0)) {
    for (const pool of pools) {
      if (picked.length >= count) break;
      const next = pool.pop();
      if (next) picked.push(next);
    }
  }
  // Shuffle the final order too, so topics do not always come in the same rotation.
  return shuffle(picked, random).map((question) => ({
    questionId: question.id,
    optionOrder: question.kind === 'true_false' ? [...question.optionKeys] : shuffle(question.optionKeys, random),
  }));
}
