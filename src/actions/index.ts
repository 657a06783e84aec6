import { admin } from './admin';
import { auth } from './auth';
import { city } from './city';
import { quizzes } from './quizzes';

export const server = { auth, admin, city, quizzes };
