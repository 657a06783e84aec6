/** Input schemas of the messages domain (forms and API alike). */
import { decimal, id, int, optional, z } from '../http/schema';

/** Follow an area: a community or grid cell, or a circle around a point (50 m to 5 km); optionally some categories. */
export const followAreaInput = z
  .object({
    areaId: optional(id()),
    lat: optional(decimal(-90, 90)),
    lng: optional(decimal(-180, 180)),
    radius: optional(int(50, 5000)),
    categories: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).max(20).default([]),
    digest: z.boolean().default(false),
  })
  .refine((value) => (value.areaId !== undefined) !== (value.lat !== undefined && value.lng !== undefined && value.radius !== undefined), {
    message: 'messages.follow.error.target',
    path: ['areaId'],
  });
export type FollowAreaInput = z.infer<typeof followAreaInput>;
