/**
 * One Cognito user pool for both audiences, told apart by the app client (the token's `aud`):
 * - `staff` (department console): password sign-in, USER_PASSWORD_AUTH (what the console uses: plain
 *   fetch from the browser over TLS, no SDK; web/auth-cognito.ts) and SRP (for SDK clients and tools);
 *   groups hr / verifier / association (functions/domain/departments.ts `staffRoles`) and the custom
 *   attribute `dept`, which only an administrator may set — neither client may write it, so no one can
 *   move themselves to another department;
 * - `candidate` (portal): CUSTOM_AUTH only, used by the API alone through the admin API: the API checks
 *   ID number, name and SMS code itself (functions/acts/login.ts), then signs the candidate in with a
 *   one-time grant that the triggers in functions/handlers/cognito-triggers.ts spend. Candidates are
 *   users whose username is their person id, created at their first sign-in; they have no password
 *   and the browser never sees their username.
 *
 * Security defaults: strong password policy with history, Plus feature plan with threat protection
 * (blocking for password sign-in, audit-only for the custom flow, whose own lockout is in
 * functions/domain/otp.ts), optional TOTP MFA, no self sign-up, deletion protection, RETAIN.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  CustomThreatProtectionMode,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { staffRoles } from '../../functions/domain/departments.js';
import type { FunctionFactory } from './functions.js';
import { acknowledge } from './nag.js';

const TRIGGERS = 'functions/handlers/cognito-triggers.ts';

export interface AuthProps {
  functions: FunctionFactory;
}

export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly staffClient: UserPoolClient;
  readonly candidateClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const f = props.functions;

    // Cognito waits at most 5 s for a trigger.
    const triggerDefaults = { timeout: Duration.seconds(5), memorySize: 512 };
    const defineAuthChallenge = f.create(this, 'DefineAuthChallenge', {
      entry: TRIGGERS,
      handler: 'defineAuthChallenge',
      description: 'Candidate sign-in: one custom challenge, the grant the API wrote after a right code',
      ...triggerDefaults,
    });
    const createAuthChallenge = f.create(this, 'CreateAuthChallenge', {
      entry: TRIGGERS,
      handler: 'createAuthChallenge',
      description: 'Candidate sign-in: asks for the grant (nothing is sent)',
      ...triggerDefaults,
    });
    const verifyAuthChallenge = f.create(this, 'VerifyAuthChallenge', {
      entry: TRIGGERS,
      handler: 'verifyAuthChallenge',
      description: 'Candidate sign-in: spends the one-time grant for this user',
      writes: ['auth'],
      ...triggerDefaults,
    });

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: false, mutable: true } },
      customAttributes: { dept: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
        passwordHistorySize: 5,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      enableSmsRole: false,
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      customThreatProtectionMode: CustomThreatProtectionMode.AUDIT_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lambdaTriggers: {
        defineAuthChallenge,
        createAuthChallenge,
        verifyAuthChallengeResponse: verifyAuthChallenge,
      },
    });
    acknowledge(
      this.userPool,
      'AwsSolutions-COG2',
      'MFA is OPTIONAL (TOTP) rather than ON because the pool also holds ~200,000 candidates a year who ' +
        'have no password: their sign-in is ID number + name + a one-time SMS code (a possession factor) ' +
        'through the custom-auth triggers, and MFA ON would force each of them to enrol a second device. ' +
        'Staff sign-in is protected by the Plus plan threat protection in ENFORCED mode (adaptive ' +
        'authentication demands MFA on risky sign-ins, compromised passwords are blocked), which AWS ' +
        'documents as requiring MfaConfiguration OPTIONAL; staff can enrol TOTP (software token MFA is enabled).',
    );

    for (const role of staffRoles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `staff role ${role}` });
    }

    // Neither client may write `custom:dept` (or anything else): attributes are set by administrators.
    const noWrites = new ClientAttributes();

    this.staffClient = this.userPool.addClient('StaffClient', {
      userPoolClientName: 'staff',
      // the console signs in with USER_PASSWORD_AUTH (TLS to Cognito, threat protection applies); SRP stays
      authFlows: { userSrp: true, userPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      writeAttributes: noWrites,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      disableOAuth: true,
    });

    this.candidateClient = this.userPool.addClient('CandidateClient', {
      userPoolClientName: 'candidate',
      authFlows: { custom: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      writeAttributes: noWrites,
      // long enough to receive and type the SMS code (valid 5 minutes)
      authSessionValidity: Duration.minutes(10),
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      disableOAuth: true,
    });
  }
}
