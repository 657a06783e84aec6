/** The shapes every overview section provider returns (index.ts lists the providers). */
import type { Db } from '../../../../db/client';
import type { Period } from './period';

export interface Figure {
  /** Stable within its section: the bulletin compares it with the previous week's. */
  key: string;
  labelKey: string;
  value: number | null;
  /** 'hours': value in minutes, shown as hours; 'text': `text` shown instead of a number (value stays null). */
  format: 'count' | 'percent' | 'score' | 'hours' | 'text';
  text?: Message;
  /** Shown beside the value, e.g. n and an interval. */
  detail?: string;
  /** A translated detail, e.g. 'n = 812, 95% 区间 …'. */
  note?: Message;
  /** Too small a sample to trust: the figure is shown, marked. */
  small?: boolean;
  /** Snapshots show the state now, not the period's, so the bulletin shows no change for them. */
  snapshot?: boolean;
}

/** An i18n key with its parameters, translated where the section is rendered. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export interface Table {
  captionKey: string;
  columns: string[];
  rows: { cells: (string | number | null | Message)[]; href?: string; small?: boolean }[];
  /** Rows with `small` are marked like small figures; this note (e.g. the minimum) says why. */
  smallNote?: Message;
}

export interface Section {
  key: string;
  titleKey: string;
  figures: Figure[];
  tables: Table[];
  /** Departments for the bulletin's 红榜 (best) and 黑榜 (worst). */
  league?: { red: LeagueEntry[]; black: LeagueEntry[]; month: string };
}

export interface LeagueEntry {
  nameZh: string;
  nameEn: string;
  onTimeRate: number | null;
  received: number;
  red: number;
}

/** One domain's section of the period; `now` is the clock (tests inject theirs). */
export type SectionProvider = (db: Db, period: Period, locale: string, now: Date) => Promise<Section | null>;
