/**
 * Seed data. seedBase runs on every start and only adds what is missing (the city's bureaus, the
 * quiz question bank, report categories and the holiday calendar); seedDemo runs in demo mode and
 * fills a fictional city with accounts and sample data, once.
 */
import type { Db } from '../../../db/client';
import { seedBureaus } from './departments/seed';
import { seedDemoCity } from './city/seed';
import { seedDemoQuizzes, seedQuestionBank } from './quizzes/seed';
import { seedDemoReadiness, seedReadinessBase } from './readiness/seed';
import { seedDemoReports, seedReportBase } from './reports/seed';
import { seedDemoNominations } from './nominations/seed';
import { seedDemoUsers } from './auth/seed';
import { seedDemoVolunteers } from './volunteers/seed';
import { seedDemoPlaces } from './places/seed';

export async function seedBase(db: Db): Promise<void> {
  await seedBureaus(db);
  await seedQuestionBank(db);
  await seedReportBase(db);
  await seedReadinessBase(db);
}

/** The demo data, its dates around `now` (tests pass their own clock). */
export async function seedDemo(db: Db, now = new Date()): Promise<void> {
  await seedDemoCity(db);
  await seedDemoPlaces(db);
  await seedDemoUsers(db);
  await seedDemoVolunteers(db, now);
  await seedDemoQuizzes(db, now);
  await seedDemoReports(db, now);
  await seedDemoReadiness(db, now);
  await seedDemoNominations(db, now);
}
