import type { APIRoute } from 'astro';
import { addUpdate } from '../../../../../lib/server/community';
import { addUpdateInput, addUpdateMultipart } from '../../../../../lib/server/community/inputs';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, readFormBody, readParams, respond } from '../../../../../lib/server/http/api';
import { UpdateCreatedResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { reportIdParams } from '../../../../../lib/server/reports/inputs';
import { getStorage } from '../../../../../lib/server/storage';

const STATUS: Record<string, number> = { not_found: 404, not_public: 409, mark_not_allowed: 403 };

/**
 * An update on a public report: JSON `{text, mark?}`, or multipart with `photo` too. 201 with the
 * update and whether it shows at once (`visible`) or waits for a moderator (`pending`).
 */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'update.add');
  const { id } = readParams(context.params, reportIdParams);
  const multipart = (context.request.headers.get('content-type') ?? '').includes('multipart/form-data');
  let input: { text: string; mark?: 'still_there' | 'fixed' | undefined; photo?: Uint8Array | null };
  if (multipart) {
    const { input: parsed } = await readFormBody(context, addUpdateMultipart);
    input = { text: parsed.text, mark: parsed.mark, photo: parsed.photo && parsed.photo.size > 0 ? new Uint8Array(await parsed.photo.arrayBuffer()) : null };
  } else {
    input = await readBody(context, addUpdateInput);
  }
  const result = await addUpdate(await getDb(), getStorage(), user, id, input);
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(UpdateCreatedResponse, { update: { id: result.update.id, status: result.update.status } }, 201, { location: `/api/v1/reports/${id}` });
};
