/**
 * `qaddon serve [--port N] [--key-env VAR] [--job-seconds V,Q,R]`: the embedded OpenAI-compatible
 * server (src/server) on loopback until Ctrl-C. It prints where the OpenAI and the Azure form
 * answer and which key they take, then one line per request (method, path, status: never a key).
 */
import { DEFAULT_ORGANIZATION_ID, DEFAULT_PROJECT_ID, DEFAULT_TIMINGS, FAIL_METADATA_KEY, startServer, type EmbeddedServer, type JobTimings } from '../server/index.js';

export const DEFAULT_SERVE_PORT = 4141;

export const SERVE_USAGE = 'usage: qaddon serve [--port N] [--key-env VAR] [--job-seconds VALIDATING,QUEUED,RUNNING]';

interface ServeOptions {
  port: number;
  keyEnv: string | null;
  timings: JobTimings;
}

/** The options, or a message saying what is wrong with them. */
function parseServeArgs(args: string[]): ServeOptions | string {
  const options: ServeOptions = { port: DEFAULT_SERVE_PORT, keyEnv: null, timings: { ...DEFAULT_TIMINGS } };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined) return `${flag} needs a value`;
    i += 1;
    if (flag === '--port') {
      if (!/^\d+$/.test(value) || Number(value) > 65535) return `--port: "${value}" is not a port number (0-65535; 0 picks a free one)`;
      options.port = Number(value);
    } else if (flag === '--key-env') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return `--key-env: "${value}" is not an environment variable name`;
      options.keyEnv = value;
    } else if (flag === '--job-seconds') {
      const seconds = value.split(',').map(Number);
      if (seconds.length !== 3 || seconds.some((s) => !Number.isFinite(s) || s < 0)) return `--job-seconds: "${value}" is not three numbers of seconds like 2,3,10`;
      options.timings = { validatingFiles: seconds[0] as number, queued: seconds[1] as number, running: seconds[2] as number };
    } else {
      return `unknown option ${flag}`;
    }
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
export async function serve(args: string[]): Promise<number> {
  const options = parseServeArgs(args);
  if (typeof options === 'string') {
    console.error(`qaddon serve: ${options}\n${SERVE_USAGE}`);
    return 2;
  }
  let apiKey: string | undefined;
  if (options.keyEnv !== null) {
    apiKey = process.env[options.keyEnv];
    if (apiKey === undefined || apiKey === '') {
      console.error(`qaddon serve: the environment variable ${options.keyEnv} is not set; set it to the key clients will send`);
      return 2;
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
