/**
 * `npm run token -- --role legal-office [--agency ID] [--name 张三] [--sub ID] [--ttl SECONDS]`
 * prints a token the local server accepts (HS256 with AUTH_LOCAL_SECRET).
 */
import { parseArgs } from 'node:util';
import { roles } from '../domain/enums';
import { signLocalToken } from '../auth/local-jwt';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    agency: { type: 'string' },
    name: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string' },
  },
});

const known = Object.keys(roles);
if (!values.role || !known.includes(values.role)) {
  process.stderr.write(`usage: npm run token -- --role <${known.join('|')}> [--agency ID] [--name NAME] [--sub ID] [--ttl SECONDS]\n`);
  process.exit(2);
}
if (values.role === 'agency-head' && !values.agency) {
  process.stderr.write('an agency-head token needs --agency <agency id>\n');
  process.exit(2);
}

const token = await signLocalToken({
  role: values.role,
  ...(values.agency ? { agencyId: values.agency } : {}),
  ...(values.name ? { name: values.name } : {}),
  ...(values.sub ? { sub: values.sub } : {}),
  ...(values.ttl ? { ttlSeconds: Number(values.ttl) } : {}),
});
process.stdout.write(`${token}\n`);
