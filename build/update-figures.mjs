#!/usr/bin/env node
/**
 * Measures the figures the READMEs state and rewrites their marked blocks, in README.md and
 * README.ja.md alike, so that no count or time in them is typed by hand:
 *
 *   node build/update-figures.mjs                       the <test> cases of addons/*.xml and the
 *                                                       Node tier's time for them, and `npm start`
 *                                                       (the build, then the demo) with the time
 *                                                       the demo states in its last line
 *   node build/update-figures.mjs --graaljs             also the GraalJS tier (JDK >= 22, Maven)
 *   node build/update-figures.mjs --corpus <folder>     also Questetra's published add-ons (a
 *                                                       checkout of Questetra/Addon-XML), Node
 *                                                       tier, and with --graaljs GraalJS too
 *   node build/update-figures.mjs --npm-test            also `npm test`: once to warm its caches,
 *                                                       then each part, then all of it
 *
 * A block is the text between `<!-- figures:<name> -->` and `<!-- /figures:<name> -->`; a block
 * whose measurement was not asked for (the corpus without --corpus) is left as it is. Each
 * block says what was measured, on which commit, when, and on what machine, since a time means
 * nothing without its machine. Run `npm run build` first: the figures are those of addons/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const QADDON = join(ROOT, 'dist', 'qaddon.mjs');
export const READMES = { en: 'README.md', ja: 'README.ja.md' };

/** The text of the block `name`, between its markers (without them), or undefined. */
export function blockOf(text, name) {
  const match = blockPattern(name).exec(text);
  return match ? match[2] : undefined;
}

/** `text` with the content of block `name` replaced; throws when the markers are missing. */
export function replaceBlock(text, name, content, file = 'the README') {
  const pattern = blockPattern(name);
  if (!pattern.test(text)) {
    throw new Error(`${file}: no block <!-- figures:${name} --> … <!-- /figures:${name} --> to write the figures into`);
  }
  return text.replace(pattern, (_all, open, _old, close) => `${open}\n${content.trimEnd()}\n${close}`);
}

function blockPattern(name) {
  return new RegExp(`(<!-- figures:${name} -->)\\n([\\s\\S]*?)\\n?(<!-- /figures:${name} -->)`);
}

/**
 * What `qaddon test` / `qaddon test-graaljs` printed: the per-file table rows and the closing
 * `N passed, M failed` line.
 */
export function parseTestOutput(stdout) {
  const files = [];
  for (const line of stdout.split('\n')) {
    const row = /^(\S+\.xml)\s+(\d+)\s+(\d+)$/.exec(line.trim());
    if (row) files.push({ file: basename(row[1]), passed: Number(row[2]), failed: Number(row[3]) });
  }
  const closing = /^(\d+) passed, (\d+) failed$/m.exec(stdout);
  if (!closing) throw new Error(`no closing "N passed, M failed" line in:\n${stdout.slice(-2000)}`);
  return { files, passed: Number(closing[1]), failed: Number(closing[2]) };
}

/** CPU seconds (user + system) of the children this process has waited for (Linux only). */
function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from the state field (3): indexes 13, 14.
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks / 100 : undefined;
  } catch {
    return undefined;
  }
}

/** Runs qaddon once and measures it: wall time, CPU time of the process tree, its counts. */
function measure(args) {
  const cpuBefore = childCpuSeconds();
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [QADDON, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childCpuSeconds();
  if (run.error) throw run.error;
  const counts = parseTestOutput(run.stdout);
  if (run.status !== 0 || counts.failed > 0) {
    throw new Error(`qaddon ${args.join(' ')} failed (exit ${run.status}); figures are written only for a passing run:\n${run.stdout.slice(-3000)}${run.stderr}`);
  }
  const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { ...counts, wallSeconds, cpuSeconds };
}

/** Runs a command of `npm test` (warm) and measures its wall and CPU time; `check` reads its output. */
function measureCommand(command, args, check = () => ({})) {
  const cpuBefore = childCpuSeconds();
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = childCpuSeconds();
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${run.status}); figures are written only for a passing run:\n${run.stdout.slice(-3000)}${run.stderr.slice(-3000)}`);
  const cpuSeconds = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
  return { wallSeconds, cpuSeconds, ...check(`${run.stdout}\n${run.stderr}`) };
}

/** What vitest's output says: how many tests passed, how many JVMs the tier service started. */
export function parseVitestOutput(output) {
  // vitest colours its summary when it may; the figures need the words only.
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  const tests = /^\s*Tests\s+(\d+) passed/m.exec(plain);
  const jvms = /^GraalJS: (\d+) JVM start/m.exec(plain);
  if (!tests) throw new Error(`no "Tests N passed" line in vitest's output:\n${plain.slice(-2000)}`);
  return { tests: Number(tests[1]), jvmStarts: jvms ? Number(jvms[1]) : 0 };
}

/** The time `qaddon demo` states in its last line: `qaddon demo: all 6 runs went as expected in 6.1 s, …`. */
export function parseDemoOutput(output) {
  const line = /^qaddon demo: all (\d+) runs went as expected in (\d+(?:\.\d+)?) s\b/m.exec(output);
  if (!line) throw new Error(`no "qaddon demo: all N runs went as expected in S s" line in the output of npm start:\n${output.slice(-2000)}`);
  return { runs: Number(line[1]), demoSeconds: Number(line[2]) };
}

/** `npm start` as a reader runs it after `npm ci`: the build (nothing changed), then the demo. */
function measureNpmStart() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  console.log('npm start …');
  return measureCommand(npm, ['start'], parseDemoOutput);
}

/** `npm test` warm: its parts one by one, then all of it. */
function measureNpmTest() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  console.log('npm test, once to warm its caches …');
  measureCommand(npm, ['test']);
  console.log('… then each part, then all of it');
  return {
    build: measureCommand(npm, ['run', '-s', 'build']),
    typecheck: measureCommand(npm, ['run', '-s', 'typecheck']),
    vitest: measureCommand(process.execPath, [join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run'], parseVitestOutput),
    all: measureCommand(npm, ['test'], parseVitestOutput),
  };
}

function git(...args) {
  const run = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : undefined;
}

/** The conditions of a measurement, the same for every block of one run. */
function conditions() {
  const commit = git('rev-parse', '--short', 'HEAD') ?? 'unknown';
  const dirty = (git('status', '--porcelain', '--', 'src', 'addons', 'test') ?? '') !== '';
  return {
    commit: dirty ? `${commit}+changes` : commit,
    date: new Date().toISOString().slice(0, 10),
    platform: platform(),
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    load: loadavg()[0].toFixed(1),
    node: process.version,
  };
}

const seconds = (value) => `${value.toFixed(1)} s`;
const number = (value, locale) => value.toLocaleString(locale === 'ja' ? 'ja-JP' : 'en-US');

function timeText(run, locale) {
  const cpu = run.cpuSeconds === undefined ? '' : locale === 'ja' ? `、CPU ${seconds(run.cpuSeconds)}` : `, ${seconds(run.cpuSeconds)} CPU`;
  return locale === 'ja' ? `実時間 ${seconds(run.wallSeconds)}${cpu}` : `${seconds(run.wallSeconds)} wall${cpu}`;
}

function conditionsText(when, locale) {
  return locale === 'ja'
    ? `計測: ${when.date}、コミット \`${when.commit}\`、${when.platform}（${when.cores} コア、${when.cpu}）、開始時のロードアベレージ ${when.load}、Node.js ${when.node}。\`node build/update-figures.mjs\` が書いた値です。手で書き換えないでください。`
    : `Measured on ${when.date} at commit \`${when.commit}\`: ${when.platform}, ${when.cores} cores (${when.cpu}), load average ${when.load} at the start, Node.js ${when.node}. Written by \`node build/update-figures.mjs\`; do not edit by hand.`;
}

/** The block about our own add-ons: <test> cases per file, and each tier's time. */
export function addonsBlock(node, graal, when, locale) {
  // What a reader types; the script passes the same files one by one.
  const ja = locale === 'ja';
  const lines = [conditionsText(when, locale), ''];
  lines.push(ja ? '| アドオン | `<test>` のケース数 |' : '| add-on | `<test>` cases |', '| --- | ---: |');
  for (const file of node.files) lines.push(`| \`${file.file}\` | ${number(file.passed, locale)} |`);
  lines.push(ja ? `| 合計 | ${number(node.passed, locale)} |` : `| total | ${number(node.passed, locale)} |`, '');
  lines.push(
    ja
      ? `- Node 層（\`npx qaddon test addons/*.xml\`）: ${timeText(node, locale)}`
      : `- Node tier (\`npx qaddon test addons/*.xml\`): ${timeText(node, locale)}`,
  );
  if (graal) {
    lines.push(
      ja
        ? `- GraalJS 層（\`npx qaddon test-graaljs addons/*.xml\`。JVM の起動と、件数を比べるための Node 層の再実行を含む）: ${timeText(graal, locale)}、${number(graal.passed, locale)} 件成功`
        : `- GraalJS tier (\`npx qaddon test-graaljs addons/*.xml\`, with the JVM's start and the Node run it compares counts with): ${timeText(graal, locale)}, ${number(graal.passed, locale)} passed`,
    );
  }
  return lines.join('\n');
}

/** The block about Questetra's published add-ons: how many of their tests pass, and how fast. */
export function corpusBlock(node, graal, fileCount, when, locale) {
  const ja = locale === 'ja';
  const lines = [conditionsText(when, locale), ''];
  lines.push(
    ja ? '| 層 | 成功 | 失敗 | 時間 |' : '| tier | passed | failed | time |',
    '| --- | ---: | ---: | --- |',
    `| Node | ${number(node.passed, locale)} | ${number(node.failed, locale)} | ${timeText(node, locale)}${ja ? '（`npx qaddon test Addon-XML`）' : ' (`npx qaddon test Addon-XML`)'} |`,
  );
  if (graal) {
    lines.push(
      `| GraalJS | ${number(graal.passed, locale)} | ${number(graal.failed, locale)} | ${timeText(graal, locale)}${ja ? '（`npx qaddon test-graaljs Addon-XML`。JVM の起動と Node 層の再実行を含む）' : ' (`npx qaddon test-graaljs Addon-XML`, with the JVM start and the Node comparison run)'} |`,
    );
  }
  lines.push('', ja ? `対象は ${number(fileCount, locale)} ファイルです。` : `${number(fileCount, locale)} files.`);
  return lines.join('\n');
}

/** The block about `npm start`: its time, and the time the demo states for its own runs. */
export function demoBlock(run, when, locale) {
  const ja = locale === 'ja';
  return [
    conditionsText(when, locale),
    '',
    ja
      ? `- \`npm start\`（変更のないビルドと、デモ）: ${timeText(run, locale)}。デモ自身の表示: ${run.runs} 回の実行すべてが ${seconds(run.demoSeconds)} で想定どおりに終了`
      : `- \`npm start\` (the build, nothing changed, then the demo): ${timeText(run, locale)}; the demo's own last line: all ${run.runs} runs went as expected in ${seconds(run.demoSeconds)}`,
  ].join('\n');
}

/** The block about `npm test` itself: each part's time warm, and the whole. */
export function npmTestBlock(run, when, locale) {
  const ja = locale === 'ja';
  const row = (what, measured) => `| ${what} | ${seconds(measured.wallSeconds)} | ${measured.cpuSeconds === undefined ? '–' : seconds(measured.cpuSeconds)} |`;
  return [
    conditionsText(when, locale),
    '',
    ja ? '| 段階（2 回目以降、キャッシュあり） | 実時間 | CPU |' : '| part (warm: its caches made by an earlier run) | wall | CPU |',
    '| --- | ---: | ---: |',
    row(ja ? '`npm run build`（変更なし）' : '`npm run build` (nothing changed)', run.build),
    row(ja ? '`npm run typecheck`（変更なし）' : '`npm run typecheck` (nothing changed)', run.typecheck),
    row(
      ja
        ? `\`vitest run\`（${number(run.vitest.tests, locale)} 件。GraalJS の JVM 起動 ${run.vitest.jvmStarts} 回）`
        : `\`vitest run\` (${number(run.vitest.tests, locale)} tests; GraalJS: ${run.vitest.jvmStarts} JVM start${run.vitest.jvmStarts === 1 ? '' : 's'})`,
      run.vitest,
    ),
    row(ja ? '`npm test` 全体' : '`npm test`, all of it', run.all),
  ].join('\n');
}

function parseArgs(argv) {
  const options = { graaljs: false, corpus: undefined, npmTest: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--graaljs') options.graaljs = true;
    else if (arg === '--npm-test') options.npmTest = true;
    else if (arg === '--corpus') {
      options.corpus = argv[i + 1];
      i += 1;
      if (!options.corpus) throw new Error('--corpus needs a folder: a checkout of https://github.com/Questetra/Addon-XML');
    } else throw new Error(`unknown argument ${JSON.stringify(arg)}; usage: node build/update-figures.mjs [--graaljs] [--corpus <Addon-XML folder>] [--npm-test]`);
  }
  if (options.corpus && !existsSync(options.corpus)) throw new Error(`--corpus ${options.corpus}: no such folder`);
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(QADDON)) throw new Error('dist/qaddon.mjs is missing: run `npm run build` first');
  const addonFiles = readdirSync(join(ROOT, 'addons')).filter((name) => name.endsWith('.xml')).sort();
  const addonPaths = addonFiles.map((name) => `addons/${name}`);
  const when = conditions();

  console.log(`measuring the Node tier on ${addonFiles.length} add-ons …`);
  const node = measure(['test', ...addonPaths]);
  const graal = options.graaljs ? (console.log('measuring the GraalJS tier …'), measure(['test-graaljs', ...addonPaths])) : undefined;
  let corpus;
  if (options.corpus) {
    const fileCount = readdirSync(options.corpus).filter((name) => name.endsWith('.xml')).length;
    console.log(`measuring the Node tier on ${fileCount} files of ${options.corpus} …`);
    const corpusNode = measure(['test', options.corpus]);
    const corpusGraal = options.graaljs ? (console.log('… and the GraalJS tier'), measure(['test-graaljs', options.corpus])) : undefined;
    corpus = { node: corpusNode, graal: corpusGraal, fileCount };
  }

  const npmStart = measureNpmStart();
  const npmTest = options.npmTest ? measureNpmTest() : undefined;

  for (const [locale, file] of Object.entries(READMES)) {
    const path = join(ROOT, file);
    let text = readFileSync(path, 'utf8');
    text = replaceBlock(text, 'demo', demoBlock(npmStart, when, locale), file);
    text = replaceBlock(text, 'addons', addonsBlock(node, graal, when, locale), file);
    if (corpus) text = replaceBlock(text, 'corpus', corpusBlock(corpus.node, corpus.graal, corpus.fileCount, when, locale), file);
    if (npmTest) text = replaceBlock(text, 'npm-test', npmTestBlock(npmTest, when, locale), file);
    writeFileSync(path, text);
    console.log(`wrote the figures into ${file}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (error) {
    console.error(`update-figures: ${error.message}`);
    process.exitCode = 1;
  }
}
