import { admin } from './admin';
import { auth } from './auth';
import { city } from './city';
import { nominations } from './nominations';

export const server = { auth, admin, city, nominations };
