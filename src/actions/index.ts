import { admin } from './admin';
import { auth } from './auth';
import { city } from './city';

export const server = { auth, admin, city };
