/** What the nominations form actions and API routes share: the command's input from a parsed body, and the photos of a form. */
import type { z } from '../http/schema';
import { PHOTO_MAX_BYTES } from '../photos';
import type { nominationInput } from './inputs';
import { PHOTOS_MAX } from './shared';
import type { NominationInput, PhotoUpload } from './submit';

/** The submit command's input (the command gives the messages for what is missing). */
export function nominationOf(input: z.output<typeof nominationInput>): NominationInput {
  return {
    nomineeName: input.nomineeName ?? '',
    communityId: input.communityId ?? Number.NaN,
    category: input.category ?? '',
    story: input.story ?? '',
    nominatorContact: input.nominatorContact ?? '',
    evidence: input.evidence ?? '',
  };
}

/** The photos of a form; too many or too large are refused by the command without reading every byte of a huge upload. */
export async function nominationFormPhotos(form: FormData): Promise<PhotoUpload[]> {
  const files = form.getAll('photos').filter((value): value is File => value instanceof File && value.size > 0);
  return Promise.all(
    files
      .slice(0, PHOTOS_MAX + 1)
      .map(async (file) => ({ name: file.name, bytes: file.size > PHOTO_MAX_BYTES ? new Uint8Array(PHOTO_MAX_BYTES + 1) : new Uint8Array(await file.arrayBuffer()) })),
  );
}
