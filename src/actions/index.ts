import { admin } from './admin';
import { auth } from './auth';
import { city } from './city';
import { open311, reports } from './reports';

export const server = { auth, admin, city, reports, open311 };
