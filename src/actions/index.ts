import { admin } from './admin';
import { auth } from './auth';
import { city } from './city';
import { quizzes } from './quizzes';
import { volunteers } from './volunteers';

export const server = { auth, admin, city, volunteers, quizzes };
