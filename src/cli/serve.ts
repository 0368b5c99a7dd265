/**
 * `qaddon serve [--port N] [--key-env VAR] [--job-seconds V,Q,R]`: the embedded OpenAI-compatible
 * server (src/server) on loopback until Ctrl-C. It prints where the OpenAI and the Azure form
 * answer and which key they take, then one line per request (method, path, status: never a key).
 */
import { parseArgs, UsageError, type Command } from './command.js';
import { DEFAULT_ORGANIZATION_ID, DEFAULT_PROJECT_ID, DEFAULT_TIMINGS, FAIL_METADATA_KEY, startServer, type EmbeddedServer, type JobTimings } from '../server/index.js';

export const DEFAULT_SERVE_PORT = 4141;

interface ServeOptions {
  port: number;
  keyEnv: string | null;
  timings: JobTimings;
}

/** The options of `args`; a UsageError says what is wrong with them. */
function parseServeArgs(args: string[]): ServeOptions {
  const { options: given, operands } = parseArgs(args, { port: 'value', 'key-env': 'value', 'job-seconds': 'value' });
  if (operands.length > 0) throw new UsageError(`takes no arguments besides its options (got '${operands[0]}')`);
  const options: ServeOptions = { port: DEFAULT_SERVE_PORT, keyEnv: null, timings: { ...DEFAULT_TIMINGS } };
  const port = given['port'];
  if (typeof port === 'string') {
    if (!/^\d+$/.test(port) || Number(port) > 65535) throw new UsageError(`--port: "${port}" is not a port number (0-65535; 0 picks a free one)`);
    options.port = Number(port);
  }
  const keyEnv = given['key-env'];
  if (typeof keyEnv === 'string') {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(keyEnv)) throw new UsageError(`--key-env: "${keyEnv}" is not an environment variable name`);
    options.keyEnv = keyEnv;
  }
  const jobSeconds = given['job-seconds'];
  if (typeof jobSeconds === 'string') {
    const seconds = jobSeconds.split(',').map(Number);
    if (seconds.length !== 3 || seconds.some((s) => !Number.isFinite(s) || s < 0)) throw new UsageError(`--job-seconds: "${jobSeconds}" is not three numbers of seconds like 2,3,10`);
    options.timings = { validatingFiles: seconds[0] as number, queued: seconds[1] as number, running: seconds[2] as number };
  }
  return options;
}

function describe(server: EmbeddedServer, options: ServeOptions): string[] {
  const { validatingFiles, queued, running } = options.timings;
  const key = options.keyEnv === null ? `${server.apiKey}   (for a step run: export QADDON_KEY=${server.apiKey})` : `the value of $${options.keyEnv}`;
  return [
    'qaddon serve: OpenAI-compatible files and fine-tuning jobs, in memory, on loopback only',
    `  OpenAI form:  ${server.openaiBaseUrl}   key in "Authorization: Bearer <key>"`,
    `  Azure form:   ${server.azureEndpoint}   (/openai/...?api-version=...) key in "api-key"`,
    `  key:          ${key}`,
    `  organization: ${DEFAULT_ORGANIZATION_ID}, project: ${DEFAULT_PROJECT_ID} (OpenAI-Organization / OpenAI-Project must match when sent)`,
    `  jobs:         validating_files ${validatingFiles} s -> queued ${queued} s -> running ${running} s -> succeeded`,
    `                failed: when the training file is not valid JSONL of 10+ examples, or metadata has ${FAIL_METADATA_KEY}=<message>`,
    `  control:      POST ${server.url}/_qaddon/clock/advance {"seconds":N} | /_qaddon/jobs/<id>/fail {"message":"..."} | /_qaddon/rate-limit {"count":N,"retry_after":S}`,
    'Ctrl-C stops it; nothing is written to disk.',
  ];
}

function clockTime(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** Runs until SIGINT or SIGTERM; resolves with the exit status. */
async function serve(args: string[]): Promise<number> {
  const options = parseServeArgs(args);
  let apiKey: string | undefined;
  if (options.keyEnv !== null) {
    apiKey = process.env[options.keyEnv];
    if (apiKey === undefined || apiKey === '') {
      throw new UsageError(`the environment variable ${options.keyEnv} is not set; set it to the key clients will send`);
    }
  }
  let server: EmbeddedServer;
  try {
    server = await startServer({
      port: options.port,
      timings: options.timings,
      ...(apiKey === undefined ? {} : { apiKey }),
      onRequest: (request) => console.log(`${clockTime()} ${request.method} ${request.path} ${request.status}`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(`qaddon serve: ${code === 'EADDRINUSE' ? `port ${options.port} is in use; choose another with --port N` : (error as Error).message}`);
    return 1;
  }
  for (const line of describe(server, options)) console.log(line);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  console.log('qaddon serve: stopped');
  return 0;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'an OpenAI-compatible server (files, fine-tuning jobs) on this machine, for trying steps',
  usage: [
    'qaddon serve [--port N] [--key-env VAR] [--job-seconds VALIDATING,QUEUED,RUNNING]',
    `  --port N            the port on 127.0.0.1 (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)`,
    '  --key-env VAR       the API key clients must send is the value of $VAR (default: one made up',
    '                      and printed at the start)',
    `  --job-seconds V,Q,R how long a job stays validating_files, queued and running before it`,
    `                      succeeds (default ${DEFAULT_TIMINGS.validatingFiles},${DEFAULT_TIMINGS.queued},${DEFAULT_TIMINGS.running})`,
    'Answers the OpenAI form (/v1/files, /v1/fine_tuning/jobs) and the Azure form (/openai/…) in memory,',
    'on loopback only, until Ctrl-C; prints one line per request (method, path, status: never a key).',
  ].join('\n'),
  examples: ['qaddon serve', 'qaddon serve --port 0 --job-seconds 0,0,5', 'OPENAI_KEY=sk-test qaddon serve --key-env OPENAI_KEY'],
  run: serve,
};
