/** Runs before each test file's imports: SDK clients created at import talk to the run's DynamoDB Local. */
import { inject } from 'vitest';
import { localEnv } from '../../scripts/local/runtime.js';

Object.assign(process.env, localEnv(inject('dynamoEndpoint'), 'unset-'));
