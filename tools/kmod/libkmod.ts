// What every kmod tool shares: the version text (`-V`) and errno numbers for host errors
// (their texts are kernel/errno.ts's strerror, glibc's).
import { constants as osConstants } from 'node:os';
import { EIO } from '../../kernel/errno.ts';

/** `kmod --version` of Debian bookworm's kmod 30. */
export const KMOD_VERSION_TEXT = 'kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n';

/** The errno of a failed host file operation (EIO when it carries none). */
export function errnoOf(e: unknown): number {
  const code = (e as { code?: string } | null)?.code;
  const n = code ? (osConstants.errno as Record<string, number>)[code] : undefined;
  return n ?? EIO;
}
