// drivers/char/random.c's get_random_bytes() (kernel/core/random.c builds the rest on it): its
// own stream of the machine's seed, so that modules drawing numbers do not move the canaries.
import type { Kernel } from './kernel.ts';
import { Rng } from './random.ts';
import { arg, type ServiceCall, type Service } from './service-args.ts';
import { PerKernel } from './attached.ts';

const streams = new PerKernel<Rng>();
function streamOf(k: Kernel): Rng {
  let r = streams.get(k);
  if (!r) streams.set(k, (r = new Rng(BigInt(k.opts.seed) ^ 0x72616e646f6dn)));
  return r;
}

export const RANDOM_SERVICES: Record<string, Service> = {
  // void get_random_bytes(void *buf, size_t len)
  get_random_bytes: (c: ServiceCall) => {
    const buf = arg(c, 0), len = Number(arg(c, 1) & 0xffffffffn);
    if (!len) return;
    const r = streamOf(c.k), out = new Uint8Array(len);
    for (let i = 0; i < len; i += 8) {
      let v = r.next64();
      for (let j = i; j < Math.min(len, i + 8); j++, v >>= 8n) out[j] = Number(v & 0xffn);
    }
    c.k.machine.write(buf, out);
  },
};
