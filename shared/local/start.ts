/**
 * `npm start`. Java is checked before anything heavy is loaded, so a machine without it is told
 * within a second what to install.
 */
import './quiet-sdk';
import { javaProblem } from './java';

const problem = javaProblem();
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}

const { main } = await import('./server');
main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
