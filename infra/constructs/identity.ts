import { CfnOutput, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { ClaimNames, IdentityConfig } from '../config';
import { acknowledge } from '../nag';

/** The roles of API.md; with Cognito a user's groups become the `cognito:groups` claim. */
export const roleGroups = [
  { name: 'legal-office', description: '司法局 legal office staff: everything' },
  { name: 'agency-head', description: 'Head of an agency (custom:agencyId): its own cases, hearings and statistics' },
  { name: 'stats-reader', description: 'Statistics and meta only, never personal data' },
] as const;

export interface CaseIdentityProps {
  config: IdentityConfig;
  namePrefix: string;
  keep: boolean;
}

/**
 * Who the callers are: the HTTP API's JWT authorizer and the claim names the functions read roles
 * and agency from. `cognito` creates the user pool (commercial regions only); `oidc` trusts an
 * external issuer and creates nothing (AWS China has no Cognito user pools).
 */
export class CaseIdentity extends Construct {
  readonly authorizer: IHttpRouteAuthorizer;
  readonly claims: ClaimNames;
  readonly userPool?: UserPool;
  readonly userPoolClient?: UserPoolClient;

  constructor(scope: Construct, id: string, props: CaseIdentityProps) {
    super(scope, id);
    this.claims = props.config.claims;
    if (props.config.mode === 'oidc') {
      this.authorizer = new HttpJwtAuthorizer('OidcAuthorizer', props.config.issuer, {
        jwtAudience: props.config.audience,
        identitySource: ['$request.header.Authorization'],
      });
      new CfnOutput(Stack.of(this), 'OidcIssuer', { value: props.config.issuer, description: 'Issuer whose tokens the API accepts' });
      return;
    }

    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region.startsWith('cn-')) {
      throw new Error(`Cognito user pools do not exist in ${region} (AWS China): deploy with -c identity=oidc -c oidcIssuer=… -c oidcAudience=…`);
    }
    const { userPool, userPoolClient } = this.cognito(props);
    this.userPool = userPool;
    this.userPoolClient = userPoolClient;
    // ID tokens: they carry cognito:groups, name and custom:agencyId; the audience is the client id.
    this.authorizer = new HttpUserPoolAuthorizer('CognitoAuthorizer', userPool, {
      userPoolClients: [userPoolClient],
      identitySource: ['$request.header.Authorization'],
    });
    new CfnOutput(Stack.of(this), 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(Stack.of(this), 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
  }

  private cognito(props: CaseIdentityProps): { userPool: UserPool; userPoolClient: UserPoolClient } {
    const userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${props.namePrefix}-users`,
      // Accounts are created by the legal office's administrators, never by self sign-up.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      // Tokens carry custom:agencyId: an agency head sees only its own agency's data.
      customAttributes: { agencyId: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.keep,
      removalPolicy: props.keep ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    acknowledge(
      userPool,
      'COG2',
      'MFA is OPTIONAL with TOTP as the second factor by decision for the first release: users enrol TOTP themselves. REQUIRED (set mfa to Mfa.REQUIRED and drop this acknowledgement) would put every user through TOTP enrolment (the MFA_SETUP challenge) at the next sign-in, which the sign-in client must support first.',
    );
    acknowledge(
      userPool,
      'COG8',
      'The Essentials plan (strong password policy, TOTP MFA, no self sign-up, administrator-created accounts) is chosen for a small internal user base; the Plus plan’s threat protection is billed per active user with no free tier and is an operator decision: set featurePlan to PLUS to adopt it.',
    );

    const userPoolClient = userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      // No hosted UI: clients sign in with SRP; the default OAuth settings would add example.com callbacks.
      disableOAuth: true,
      preventUserExistenceErrors: true,
      // custom:agencyId decides which agency's data a head may read, so a user must never be able to
      // change it with their own access token (only administrators can). Name neither: it is the
      // actor's name written into every case's audit trail.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });

    for (const group of roleGroups) {
      new CfnUserPoolGroup(this, `Group-${group.name}`, {
        userPoolId: userPool.userPoolId,
        groupName: group.name,
        description: group.description,
      });
    }
    return { userPool, userPoolClient };
  }

  /**
   * The console's own app client and the user pool's sign-in domain: authorization code + PKCE
   * (no client secret: the web function is a public client in the OAuth sense and proves itself
   * with the PKCE verifier), callbacks to the console. A client of its own, outside the JWT
   * authorizer's audience: the API's client must not depend on the API's address, and the console
   * never calls the API with a token (it runs the use cases itself).
   */
  addConsoleClient(consoleBaseUrl: string, domainPrefix: string): UserPoolClient | undefined {
    const userPool = this.userPool;
    if (!userPool) return undefined;
    userPool.addDomain('SignInDomain', { cognitoDomain: { domainPrefix } });
    return userPool.addClient('ConsoleClient', {
      generateSecret: false,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE, OAuthScope.EMAIL],
        callbackUrls: [`${consoleBaseUrl}/auth/callback`],
        logoutUrls: [`${consoleBaseUrl}/login`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true }),
    });
  }
}
