/**
 * Seed data. seedBase runs on every start and only adds what is missing (the city's bureaus);
 * seedDemo runs in demo mode and fills a fictional city with accounts and sample data, once.
 */
import type { Db } from '../client';
import { seedBureaus } from './departments';
import { seedDemoCity } from './city';
import { seedDemoNominations } from './nominations';
import { seedDemoUsers } from './users';

export async function seedBase(db: Db): Promise<void> {
  await seedBureaus(db);
}

export async function seedDemo(db: Db): Promise<void> {
  await seedDemoCity(db);
  await seedDemoUsers(db);
  await seedDemoNominations(db);
}
