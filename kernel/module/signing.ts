// module_sig_check (kernel/module/signing.c, kernel/module_signature.c): the appended
// signature is stripped, checked for form and verified against the builtin trusted keys
// (kernel/crypto/system_keyring.ts). A good signature loads without taint; no signature, an
// unsupported algorithm or an unknown key is not fatal unless sig_enforce (the module is then
// treated as unsigned and the loader taints E); anything else -- a bad signature, a malformed
// one -- is fatal even without enforcement, as in Linux.
import type { Kernel } from '../kernel.ts';
import { KernelError, EBADMSG, ENOPKG, ENOKEY, ENODATA, EKEYREJECTED } from '../errno.ts';
import { verify_pkcs7_signature } from '../crypto/system_keyring.ts';

export const MODULE_SIG_STRING = '~Module signature appended~\n';
const SIZEOF_MODULE_SIGNATURE = 12;
const PKEY_ID_PKCS7 = 2;

export interface SignatureInfo {
  /** Fields of struct module_signature. */
  algo: number; hash: number; idType: number; signerLen: number; keyIdLen: number; sigLen: number;
  /** Offset and length of the PKCS#7 blob in the file. */
  offset: number;
}

export interface SigCheck { len: number; ok: boolean; sig?: SignatureInfo; reason?: string }

/** Parses the trailer if present: null when the file carries no marker. Throws on malformed. */
export function parseSignature(image: Uint8Array, name = 'module'): { sig: SignatureInfo; elfLen: number } | null {
  const marker = Buffer.from(MODULE_SIG_STRING, 'latin1');
  const len = image.length;
  if (len <= marker.length || !Buffer.from(image.subarray(len - marker.length)).equals(marker)) return null;
  const modlen = len - marker.length;
  if (modlen <= SIZEOF_MODULE_SIGNATURE) throw new KernelError(EBADMSG, `${name}: signature trailer too short`);
  const ms = image.subarray(modlen - SIZEOF_MODULE_SIGNATURE, modlen);
  const sigLen = new DataView(ms.buffer, ms.byteOffset + 8, 4).getUint32(0, false);
  if (sigLen >= modlen - SIZEOF_MODULE_SIGNATURE) throw new KernelError(EBADMSG, `${name}: signature length beyond the file`);
  const sig: SignatureInfo = {
    algo: ms[0], hash: ms[1], idType: ms[2], signerLen: ms[3], keyIdLen: ms[4], sigLen,
    offset: modlen - SIZEOF_MODULE_SIGNATURE - sigLen,
  };
  return { sig, elfLen: sig.offset };
}

export function module_sig_check(k: Kernel, image: Uint8Array, mangled: boolean): SigCheck {
  let err = -ENODATA;
  let len = image.length;
  let sig: SignatureInfo | undefined;
  if (!mangled) {
    let parsed;
    try {
      parsed = parseSignature(image);
    } catch (e) {
      if (e instanceof KernelError) return fatal(e.errno);
      throw e;
    }
    if (parsed) {
      sig = parsed.sig;
      if (sig.idType !== PKEY_ID_PKCS7) {
        k.printk(`<3>module: not signed with expected PKCS#7 message\n`);
        err = -ENOPKG;
      } else if (sig.algo || sig.hash || sig.signerLen || sig.keyIdLen) {
        k.printk(`<3>module: PKCS#7 signature info has unexpected non-zero params\n`);
        return fatal(EBADMSG);
      } else {
        len = parsed.elfLen;
        err = verify_pkcs7_signature(image.subarray(0, len), image.subarray(sig.offset, sig.offset + sig.sigLen), k.trustedKeys, k);
        if (!err) return { len, ok: true, sig };
      }
    }
  }
  const reasons: Record<number, string> = {
    [-ENODATA]: 'unsigned module', [-ENOPKG]: 'module with unsupported crypto', [-ENOKEY]: 'module with unavailable key',
  };
  const reason = reasons[err];
  if (!reason) return fatal(-err);
  if (is_module_sig_enforced(k)) {
    k.printk(`<5>Loading of ${reason} is rejected\n`);
    return fatal(EKEYREJECTED);
  }
  return { len, ok: false, sig, reason };
}

/** module.sig_enforce as it is now: set at boot, or by root through /sys/module/module/parameters. */
export function is_module_sig_enforced(k: Kernel): boolean {
  return k.machine.read(k.symbol('sig_enforce'), 1)[0] !== 0;
}

function fatal(errno: number): never {
  throw new KernelError(errno);
}
