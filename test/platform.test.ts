// The driver model as modules meet it: platform devices and drivers matched by name and id_table
// whichever comes first, probe and remove, dev_info's "DRIVER DEVICE:" prefix, devm memory given
// back at unbind, platform_get_irq() failing a probe, memory back to baseline.
import { describe, it, expect } from 'vitest';
import { Console } from '../tools/console.ts';
import { scenario, messages, EXAMPLES, memoryAccounting } from './helpers.ts';

const accounting = memoryAccounting;

/** The module messages of a run (the boot's and the loader's taint lines left out). */
function moduleMessages(out: string[]): string[] {
  return messages(out).filter((l) => /^(platdemo|platdev)/.test(l) && !/taints kernel|tainting kernel/.test(l));
}

describe('platform bus', () => {
  it('binds a driver registered after its devices, by id_table, and unbinds in reverse at rmmod', () => {
    const r = scenario('insmod platdev/platdev.ko\ninsmod platdrv/platdrv.ko\nrmmod platdrv\nrmmod platdev\ndmesg\n');
    expect(r.status).toBe(0);
    expect(moduleMessages(r.out)).toEqual([
      'platdev: registered platdemo.0, platdemo-v2.1 and platdemo.0.auto',
      'platdemo platdemo.0: probed platdemo#1 (id 0, irq 40, variant 1)',
      'platdemo platdemo-v2.1: probed platdemo-v2#2 (id 1, irq 41, variant 2)',
      // no IRQ resource: platform_get_irq() says so through dev_err_probe() and the probe fails
      'platdemo platdemo.0.auto: error -ENXIO: IRQ index 0 not found',
      'platdemo platdemo-v2.1: removing platdemo-v2#2',
      'platdemo platdemo.0: removing platdemo#1',
      'platdev: unregistered',
    ]);
  });

  it('probes devices added after the driver, and removes them when the devices go first', () => {
    const r = scenario('insmod platdrv/platdrv.ko\ninsmod platdev/platdev.ko\nlsmod\nrmmod platdev\nrmmod platdrv\ndmesg\n');
    expect(r.status).toBe(0);
    expect(moduleMessages(r.out)).toEqual([
      'platdemo platdemo.0: probed platdemo#1 (id 0, irq 40, variant 1)',
      'platdemo platdemo-v2.1: probed platdemo-v2#2 (id 1, irq 41, variant 2)',
      'platdemo platdemo.0.auto: error -ENXIO: IRQ index 0 not found',
      'platdev: registered platdemo.0, platdemo-v2.1 and platdemo.0.auto',
      'platdemo platdemo-v2.1: removing platdemo-v2#2',
      'platdemo platdemo.0: removing platdemo#1',
      'platdev: unregistered',
    ]);
    // the driver core holds no reference on either module
    expect(r.out.filter((l) => /^plat(drv|dev)\s/.test(l)).map((l) => l.split(/\s+/)[2])).toEqual(['0', '0']);
  });

  it('gives back devm memory, device names and private data: load/unload rounds leave memory as before', () => {
    const c = new Console({ baseDir: EXAMPLES, write: () => {} });
    c.exec('insmod platdev/platdev.ko');
    c.exec('insmod platdrv/platdrv.ko');
    c.exec('rmmod platdrv');
    c.exec('rmmod platdev');
    const k = c.kernel!;
    const base = accounting(k);
    for (let i = 0; i < 5; i++) {
      c.exec(i % 2 ? 'insmod platdev/platdev.ko' : 'insmod platdrv/platdrv.ko');
      c.exec(i % 2 ? 'insmod platdrv/platdrv.ko' : 'insmod platdev/platdev.ko');
      c.exec('rmmod platdrv');
      c.exec('rmmod platdev');
    }
    expect(accounting(k)).toEqual(base);
    k.close();
  });
});
