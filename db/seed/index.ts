/**
 * Seed data. seedBase runs on every start and only adds what is missing (the city's bureaus);
 * seedDemo runs in demo mode and fills a fictional city with accounts and sample data, once.
 */
import type { Db } from '../client';
import { seedBureaus } from './departments';
import { seedDemoCity } from './city';
import { seedDemoQuizzes, seedQuestionBank } from './quizzes';
import { seedDemoUsers } from './users';
import { seedDemoReports, seedReportBase } from './reports';
import { seedDemoReadiness, seedReadinessBase } from './readiness';
import { seedDemoVolunteers } from './volunteers';

export async function seedBase(db: Db): Promise<void> {
  await seedBureaus(db);
  await seedReportBase(db);
  await seedReadinessBase(db);
  await seedQuestionBank(db);
}

export async function seedDemo(db: Db): Promise<void> {
  await seedDemoCity(db);
  await seedDemoUsers(db);
  await seedDemoReports(db);
  await seedDemoReadiness(db);
  await seedDemoVolunteers(db);
  await seedDemoQuizzes(db);
}
