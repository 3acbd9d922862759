/** Runs one generation-db.ts job (a snapshot or an adoption) on its own thread and posts the result. */
import { parentPort, workerData } from 'node:worker_threads';
import { runDbJob, type DbJob } from './generation-db';

parentPort!.postMessage(runDbJob(workerData as DbJob));
