/**
 * The platform's host objects as globals of the script's context: what a step's script sees on
 * Questetra. Both hosts install them: the test host (index.ts, with the `<test>` API on top)
 * and the run host (run-index.ts, `qaddon run`, without it).
 */
import { prepareBytes } from './bytes';
import { base64, digest } from './codecs';
import { configs } from './configs';
import { dateFormatter } from './date-formatter';
import { engine, processInstance } from './engine';
import { feedService } from './feed';
import { fileRepository } from './files';
import { httpClient } from './http';
import { installPackages } from './java-packages';
import { jwt, rsa } from './jwt';
import { emailService } from './mail';
import { markdown } from './markdown';
import { quserDao } from './users';

export function installHostObjects(global: Record<string, unknown>): void {
  prepareBytes();
  installPackages(global);
  global['configs'] = configs;
  global['fileRepository'] = fileRepository;
  global['base64'] = base64;
  global['digest'] = digest;
  global['rsa'] = rsa;
  global['jwt'] = jwt;
  global['dateFormatter'] = dateFormatter;
  global['quserDao'] = quserDao;
  global['emailService'] = emailService;
  global['markdown'] = markdown;
  global['feedService'] = feedService;
  global['engine'] = engine;
  global['httpClient'] = httpClient;
  global['processInstance'] = processInstance;
}
