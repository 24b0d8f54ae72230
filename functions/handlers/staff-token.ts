/**
 * Cognito Pre Token Generation trigger (the whole user pool): staff ID tokens get the `mfa` claim —
 * `totp` when the account has TOTP enrolled, else `none` — which the API requires to be `totp` of
 * every staff token on AWS (functions/lib/http.ts, R1). Tokens for other clients (candidates) are
 * left as they are. It runs at every token issue, password sign-in and refresh alike, so the console
 * gets a `totp` token by refreshing right after enrolment. A failure to read the user pool fails the
 * token issue (Cognito answers UserLambdaValidationException) rather than issue an unchecked token.
 */
import type { PreTokenGenerationTriggerHandler } from 'aws-lambda';
import { staffTokenClaims } from '../acts/staff-token.js';

export const preTokenGeneration: PreTokenGenerationTriggerHandler = async (event) => {
  const claims = await staffTokenClaims({
    userPoolId: event.userPoolId,
    clientId: event.callerContext.clientId,
    username: event.userName,
    groups: event.request.groupConfiguration?.groupsToOverride ?? [],
  });
  if (claims) {
    const details = event.response.claimsOverrideDetails ?? {};
    event.response.claimsOverrideDetails = {
      ...details,
      claimsToAddOrOverride: { ...details.claimsToAddOrOverride, ...claims },
    };
  }
  return event;
};
