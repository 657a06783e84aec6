/**
 * The audit log in people's language: action names and the fields of before/after as words in the
 * reader's language (zh-CN or English), not codes and raw JSON keys (`report.accepted`, `siteId`).
 * Known actions have their own name (`audit.action.<action>`); others are read part by part
 * (`audit.word.<part>`, a report status, or the part itself). Field names come from
 * `audit.field.<key>`; a status value reads as its status name, and an id of a named thing (a
 * department, a category, a person...: names.ts) as its name.
 */
import type { Translate } from '../../../i18n';
import { AUDIT_ID_FIELDS, type AuditNameLookup } from './names';

function known(t: Translate, key: string): string | null {
  const text = t(key);
  return text === key ? null : text;
}

export function describeAuditAction(action: string, t: Translate): string {
  const own = known(t, `audit.action.${action}`);
  if (own) return own;
  return action
    .split('.')
    .map((part) => known(t, `audit.word.${part}`) ?? known(t, `reports.status.${part}`) ?? part)
    .join(' · ');
}

export function describeAuditTarget(targetType: string, t: Translate): string {
  return known(t, `audit.word.${targetType}`) ?? known(t, `audit.target.${targetType}`) ?? targetType;
}

const STATUS_FIELDS = new Set(['status', 'from', 'to']);

function describeValue(key: string, value: unknown, t: Translate, names?: AuditNameLookup): string {
  if (value === null || value === undefined) return '—';
  if (AUDIT_ID_FIELDS[key] && (typeof value === 'number' || (typeof value === 'string' && /^\d{1,10}$/.test(value)))) {
    return names?.(key, Number(value)) ?? `#${value}`;
  }
  if (typeof value === 'boolean') return t(value ? 'audit.value.yes' : 'audit.value.no');
  if (typeof value === 'string' && STATUS_FIELDS.has(key)) return known(t, `reports.status.${value}`) ?? value;
  if (typeof value === 'string' && key === 'role') return known(t, `role.${value}`) ?? value;
  if (Array.isArray(value)) return value.map((item) => describeValue(key, item, t, names)).join('、');
  if (typeof value === 'object')
    return describeFields(value as Record<string, unknown>, t, names)
      .map((field) => `${field.label}: ${field.value}`)
      .join('；');
  return String(value);
}

export interface DescribedField {
  key: string;
  label: string;
  value: string;
}

/** The fields of one side of a change (before or after), labelled; a plain value as one field. `names` gives the ids of named things their names (auditNames). */
export function describeFields(value: unknown, t: Translate, names?: AuditNameLookup): DescribedField[] {
  if (value === null || value === undefined) return [];
  if (typeof value !== 'object' || Array.isArray(value)) return [{ key: '', label: '', value: describeValue('', value, t, names) }];
  return Object.entries(value as Record<string, unknown>).map(([key, field]) => ({
    key,
    label: known(t, `audit.field.${key}`) ?? key,
    value: describeValue(key, field, t, names),
  }));
}
