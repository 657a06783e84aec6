import { account } from './account';
import { admin } from './admin';
import { auth } from './auth';
import { city } from './city';
import { places } from './places';
import { nominations } from './nominations';
import { quizzes } from './quizzes';
import { readiness } from './readiness';
import { open311, reports, reportSettings } from './reports';
import { messages } from './messages';
import { volunteers } from './volunteers';
import { community } from './community';

export const server = { auth, account, admin, city, places, reports, reportSettings, open311, volunteers, nominations, quizzes, readiness, messages, community };
