/** Input schemas of the messages domain (forms and API alike). */
import { checkbox, decimal, id, int, object, oneOf, optional, text, z } from '../http/schema';

/** Follow an area: a community or grid cell, or a circle around a point (50 m to 5 km); optionally some categories. */
export const followAreaInput = z
  .object({
    areaId: optional(id()),
    lat: optional(decimal(-90, 90)),
    lng: optional(decimal(-180, 180)),
    radius: optional(int(50, 5000)),
    categories: z
      .array(z.string().regex(/^[a-z0-9_]{1,40}$/))
      .max(20)
      .default([]),
    digest: z.boolean().default(false),
  })
  .refine((value) => (value.areaId !== undefined) !== (value.lat !== undefined && value.lng !== undefined && value.radius !== undefined), {
    message: 'messages.follow.error.target',
    path: ['areaId'],
  });
export type FollowAreaInput = z.infer<typeof followAreaInput>;

/** The follow form: an area, or a circle around a point, chosen by `where` (only that part is read). */
export const followAreaForm = object({
  where: optional(oneOf(['area', 'point'])),
  areaId: optional(id()),
  lat: optional(decimal(-90, 90)),
  lng: optional(decimal(-180, 180)),
  radius: optional(int(50, 5000)),
  categories: z.array(text(40)).max(20).optional(),
  digest: checkbox(),
});
export const unfollowAreaForm = object({ followId: id() });
/** The preferences form: the boxes ticked, each "<kind>/<channel>". */
export const preferencesForm = object({ on: z.array(text(80)).max(200).optional() });
export const retryJobForm = object({ jobId: id() });
