/**
 * Offers the checkout's compiled native modules (better-sqlite3) to the replayed `npm ci` as
 * prebuilt binaries, the way `docker build` downloads one from the package's release page. Without
 * internet, prebuild-install would otherwise fall back to compiling SQLite again (minutes on two
 * cores). It uses prebuild-install's own "local prebuilds" folder (`npm_config_<pkg>_local_prebuilds`),
 * so the package's install script runs unchanged; a version or ABI mismatch simply finds no file and
 * compiles. `--build-native` on the replay skips this.
 * @see https://github.com/prebuild/prebuild-install#local-prebuilds
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';

interface PackageJson {
  name: string;
  version: string;
  scripts?: Record<string, string>;
}

interface PrebuildUtil {
  getDownloadUrl(options: Record<string, unknown>): string;
}

/** Environment for the replayed install: one `npm_config_<pkg>_local_prebuilds` per offered module. */
export async function localPrebuildsEnv(
  context: string,
  folder: string,
  log: (message: string) => void,
): Promise<Record<string, string>> {
  const lock = JSON.parse(await readFile(join(context, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean }>;
  };
  const env: Record<string, string> = {};
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!entry.hasInstallScript || !/^node_modules\/(@[^/]+\/)?[^/]+$/.test(path)) continue;
    const directory = join(context, path);
    const manifest = join(directory, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(await readFile(manifest, 'utf8')) as PackageJson;
    if (!pkg.scripts?.['install']?.includes('prebuild-install')) continue;
    const binary = await mainBinary(directory, pkg.name);
    if (!binary) continue;

    const load = createRequire(manifest);
    const rc = load('prebuild-install/rc.js') as (pkg: PackageJson) => Record<string, unknown>;
    const util = load('prebuild-install/util.js') as PrebuildUtil;
    const archive = join(folder, basename(util.getDownloadUrl({ ...rc(pkg), pkg })));
    await mkdir(folder, { recursive: true });
    // The layout of a published prebuild: build/Release/<module>.node, alone, inside a .tar.gz.
    const tar = spawnSync('tar', ['-czf', archive, '-C', directory, `build/Release/${binary}`]);
    if (tar.status !== 0) throw new Error(`tar failed for ${pkg.name}: ${tar.stderr}`);
    env[`npm_config_${pkg.name.replace(/[^a-zA-Z0-9]/g, '_').replace(/^_/, '')}_local_prebuilds`] = folder;
    log(`${pkg.name}@${pkg.version}: prebuilt binary offered from the checkout (${basename(archive)})`);
  }
  return env;
}

/**
 * The addon itself: `<name>.node` (dashes as underscores) or the only .node file. Test addons beside
 * it (better-sqlite3 builds test_extension.node) must stay out: prebuild-install loads the last file
 * it unpacks to check the binary, and falls back to compiling when that is not the addon.
 */
async function mainBinary(directory: string, name: string): Promise<string | undefined> {
  const release = join(directory, 'build', 'Release');
  if (!existsSync(release)) return undefined;
  const binaries = (await readdir(release)).filter((file) => file.endsWith('.node'));
  const named = `${name.replace(/^@[^/]+\//, '').replace(/-/g, '_')}.node`;
  if (binaries.includes(named)) return named;
  return binaries.length === 1 ? binaries[0] : undefined;
}
