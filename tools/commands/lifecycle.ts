// reap: free the memory that refcount=none rmmods kept (seed 001's proposed rmmod option,
// which taints the kernel).
import { reap_modules } from '../../kernel/module/main.ts';
import { defineCommand, ScenarioError } from './registry.ts';

defineCommand('reap', {
  usage: 'reap',
  help: 'frees the memory of modules unloaded under refcount=none (taints the kernel)',
  run(c) {
    if (c.texts.length) throw new ScenarioError(`usage: ${this.usage}`);
    const r = reap_modules(c.kernel);
    c.out(`reaped ${r.modules} module(s), ${r.bytes} bytes`);
  },
});
