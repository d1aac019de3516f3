import { HttpMethod, HttpNoneAuthorizer, type HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ClaimNames } from '../config';
import { acknowledge } from '../nag';
import { AppFunction, type FunctionSettings } from './app-function';

/**
 * The console's paths on the HTTP API (shared/web/console-app.ts `isConsolePath`): none is an API
 * path. They have no JWT authorizer: a browser carries a session cookie, not a bearer token, and
 * the console checks that cookie itself (sealed with AES-256-GCM, CSRF token on every form).
 */
export const consoleRoutes: readonly { path: string; methods: HttpMethod[] }[] = [
  { path: '/', methods: [HttpMethod.GET] },
  { path: '/login', methods: [HttpMethod.GET, HttpMethod.POST] },
  { path: '/login/start', methods: [HttpMethod.GET] },
  { path: '/auth/callback', methods: [HttpMethod.GET] },
  { path: '/logout', methods: [HttpMethod.POST] },
  { path: '/console/{proxy+}', methods: [HttpMethod.GET, HttpMethod.POST] },
];

/**
 * The ledger upload pages (shared/web/ledger-pages.tsx), served by the `web-ledger` function so
 * that exceljs stays out of the `web` bundle: API Gateway picks the most specific route, so these
 * win over `/console/{proxy+}`.
 */
export const consoleLedgerRoutes: readonly { path: string; methods: HttpMethod[] }[] = [
  { path: '/console/imports', methods: [HttpMethod.ANY] },
  { path: '/console/imports/{proxy+}', methods: [HttpMethod.ANY] },
];

export interface CaseConsoleProps {
  api: HttpApi;
  table: ITable;
  cursorSecret: ISecret;
  claims: ClaimNames;
  functionSettings: FunctionSettings;
  /** the issuer the console signs in with (authorization code + PKCE) and its client id */
  oidc: { issuer: string; clientId: string };
}

/**
 * The console behind the same HTTP API, with its session key: the `web` function serves its pages,
 * the `web-ledger` function the ledger upload (the same console app with the upload pages).
 */
export class CaseConsole extends Construct {
  readonly fn: AppFunction;
  /** `web-ledger`: /console/imports… (the upload takes a file of up to 4 MB) */
  readonly ledgerFn: AppFunction;
  readonly sessionSecret: Secret;

  constructor(scope: Construct, id: string, props: CaseConsoleProps) {
    super(scope, id);
    this.sessionSecret = new Secret(this, 'SessionSecret', {
      description: 'AES-256-GCM key sealing the console session cookies of the case tracker',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    acknowledge(
      this.sessionSecret,
      'SMG4',
      'Seals console session cookies, which last at most ten hours: rotating it signs everyone out, nothing more. Rotate by hand when needed (put a new value; containers read it when they start), not on a schedule.',
    );
    const environment = {
      ROLES_CLAIM: props.claims.roles,
      AGENCY_CLAIM: props.claims.agency,
      OIDC_ISSUER: props.oidc.issuer,
      OIDC_CLIENT_ID: props.oidc.clientId,
      CURSOR_SECRET_ARN: props.cursorSecret.secretArn,
      CONSOLE_SESSION_SECRET_ARN: this.sessionSecret.secretArn,
    };
    const consoleFunction = (id: string, name: string, description: string) => {
      const fn = new AppFunction(this, id, { name, description, ...props.functionSettings, environment }).bindTable({ table: props.table, access: 'read-write' });
      props.cursorSecret.grantRead(fn);
      this.sessionSecret.grantRead(fn);
      return fn;
    };
    this.fn = consoleFunction('Web', 'web', 'The console (法治工作台): server-rendered pages, sign-in, forms');
    // The same memory and timeout as web had when it served the upload: a check of up to 200 rows
    // runs within the request, a larger file is handed to the ledger-import function.
    this.ledgerFn = consoleFunction('WebLedger', 'web-ledger', 'The console (法治工作台): the ledger upload pages (exceljs)');

    const noAuthorizer = new HttpNoneAuthorizer();
    const routesTo = (fn: AppFunction, integrationId: string, routes: typeof consoleRoutes) => {
      const integration = new HttpLambdaIntegration(integrationId, fn);
      for (const route of routes) {
        for (const added of props.api.addRoutes({ path: route.path, methods: route.methods, integration, authorizer: noAuthorizer })) {
          acknowledge(
            added,
            'APIG4',
            `${route.path} is a console page: the browser carries a sealed session cookie, not a bearer token, and the ${fn === this.fn ? 'web' : 'web-ledger'} function checks it itself (sign-in by OIDC authorization code + PKCE).`,
          );
        }
      }
    };
    routesTo(this.fn, 'WebIntegration', consoleRoutes);
    routesTo(this.ledgerFn, 'WebLedgerIntegration', consoleLedgerRoutes);
  }
}
