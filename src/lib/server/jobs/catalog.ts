/**
 * Every module that declares jobs or recurring jobs, imported by the runner so that each instance
 * knows them all. Add yours here (one import line).
 */
import './index';
import '../messages/jobs';
import '../messages/purge';
import '../volunteers/reminders';
import '../privacy/retention-job';
import '../reports/deadline-check';
import '../housekeeping/jobs';
import '../messages/follows';
import '../reports/staff-digest';
import '../nominations/round-alerts';
import '../reports/rating-reminder';
import '../reports/pending-photos-job';
