import type { APIRoute } from 'astro';
import { csvResponse } from '../../../lib/server/csv';
import { getDb } from '../../../lib/server/db';
import { authorize } from '../../../lib/server/http/guard';
import { exportQuestionsCsv, listQuestions } from '../../../lib/server/quizzes';

/** The whole bank in the import format, so admins can edit it in a spreadsheet and import it again. */
export const GET: APIRoute = async ({ locals }) => {
  authorize(locals, 'quiz.manage');
  return csvResponse(exportQuestionsCsv(await listQuestions(await getDb())), 'quiz-questions.csv');
};
