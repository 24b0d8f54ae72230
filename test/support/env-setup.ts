/**
 * Runs before each test file's imports: SDK clients created at import talk to the run's DynamoDB Local;
 * and N4 (issue 14 §5) over the whole suite: everything the file's process writes — the local server's
 * output and every log line of the handlers it runs — goes through the personal-data detector, and the
 * file fails if any line holds a full ID number or phone number (the start-up banner's synthetic demo
 * logins excepted, and only those). What is found is reported masked.
 */
import { afterAll, expect, inject } from 'vitest';
import { localEnv } from '../../scripts/local/runtime.js';
import { captureOutput, fullPersonalData } from './personal-data.js';

Object.assign(process.env, localEnv(inject('dynamoEndpoint'), 'unset-'));

const output = captureOutput(true);

afterAll(() => {
  output.stop();
  expect(
    fullPersonalData(output.lines),
    'N4: full ID numbers or phone numbers in what this test file wrote (shown masked)',
  ).toEqual([]);
});
