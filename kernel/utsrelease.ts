// include/generated/utsrelease.h: the kernel release, also in every module's vermagic. The
// kernel image is built against Debian's linux-headers for one release, and the image's build
// records it (build/kernel/kernel.release, from the headers' utsrelease.h): the machine says
// what the headers it was built with say. Before the image is built, the release of the
// headers `make setup` fetched (build/real-modules/.stamp) is the one it will have.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/repo-root.ts';

function release(): string {
  try {
    return readFileSync(join(REPO_ROOT, 'build', 'kernel', 'kernel.release'), 'utf8').trim();
  } catch { /* not built yet */ }
  try {
    const abi = readFileSync(join(REPO_ROOT, 'build', 'real-modules', '.stamp'), 'utf8').match(/^abi=(.+)$/m);
    if (abi) return abi[1];
  } catch { /* not fetched yet */ }
  return 'unknown (run make setup)';
}

export const UTS_RELEASE = release();

/** init/version.c's UTS_VERSION and linux_banner: what boot prints first and /proc/version says. */
export const UTS_VERSION = '#1 SMP PREEMPT';
export const UTS_MACHINE = 'aarch64';
export const LINUX_BANNER = `Linux version ${UTS_RELEASE} (kmodlab) ${UTS_VERSION} ${UTS_MACHINE}\n`;
