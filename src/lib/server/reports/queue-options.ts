/**
 * The staff queue's address: which queue, its filters, sort and page, read from the query string.
 * One reading for the page, its map and the bulk action on "all matching", so that the action
 * works on exactly what the page showed. A value it does not know is left out (the queue unfiltered
 * by it), as the page has always done.
 */
import { REPORT_SOURCES, REPORT_STATUSES, type ReportSource, type ReportStatus } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { isOffice } from './permissions';
import { QUEUE_SORTS, type QueueName, type QueueOptions, type QueueSort } from './queries';
import { TICKETS, type Ticket } from './tickets';

/** The queues an actor works through, the first being where the page opens. */
export function staffQueues(actor: Actor): QueueName[] {
  if (actor.role === 'moderator' || actor.role === 'admin') return ['triage', 'assign', 'duplicates', 'disputed', 'returned', 'verify', 'overdue'];
  if (actor.role === 'department_staff') return ['department'];
  if (actor.role === 'grid_worker') return ['grid', 'verify'];
  return [];
}

/** The query-string keys that filter a queue (with `queue` and `sort`, what "all matching" means). */
export const QUEUE_FILTER_KEYS = ['category', 'district', 'department', 'status', 'ticket', 'source', 'assignee'] as const;

export function readQueueOptions(params: URLSearchParams, actor: Actor, categoryCodes: readonly string[]): { queue: QueueName | undefined; options: QueueOptions } {
  const queues = staffQueues(actor);
  const asked = params.get('queue') as QueueName | null;
  const queue = asked && queues.includes(asked) ? asked : queues[0];
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | undefined => {
    const value = params.get(name);
    return value && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
  };
  const idParam = (name: string) => {
    const value = Number(params.get(name));
    return params.get(name) && Number.isInteger(value) && value > 0 && value <= 2_147_483_647 ? value : undefined;
  };
  const assignee = params.get('assignee') === 'me' || params.get('assignee') === 'none' ? (params.get('assignee') as 'me' | 'none') : idParam('assignee');
  const page = Number(params.get('page'));
  return {
    queue,
    options: {
      sort: pick<QueueSort>('sort', QUEUE_SORTS),
      categoryCode: pick('category', categoryCodes),
      districtId: idParam('district'),
      departmentId: isOffice(actor) ? idParam('department') : undefined,
      status: pick<ReportStatus>('status', REPORT_STATUSES),
      ticket: pick<Ticket>('ticket', TICKETS),
      source: pick<ReportSource>('source', REPORT_SOURCES),
      assignee,
      page: Number.isInteger(page) && page > 1 && page < 100_000 ? page : 1,
    },
  };
}

/** Whether any filter narrows the queue. */
export function isFiltered(options: QueueOptions): boolean {
  return Boolean(options.categoryCode || options.districtId || options.departmentId || options.status || options.ticket || options.source || options.assignee !== undefined);
}
