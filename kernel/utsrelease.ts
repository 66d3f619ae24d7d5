// include/generated/utsrelease.h: the kernel release, also in every module's vermagic. The
// kernel image is built against Debian's linux-headers for one release, and the image's build
// records it (build/kernel/kernel.release, from the headers' utsrelease.h): the machine says
// what the headers it was built with say.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';

function release(): string {
  const file = join(REPO_ROOT, 'build', 'kernel', 'kernel.release');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    throw new Error(`${file} is missing: build the kernel image first ('make kernel')`);
  }
}

export const UTS_RELEASE = release();
