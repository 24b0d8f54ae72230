/** vitest global setup: one DynamoDB Local (in memory) for the whole run; suites get its endpoint. */
import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../scripts/local/dynamo.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamo();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
