// Real distro modules on the machine: request_module's modprobe is a directory modprobe over
// the machine's module directory (`boot moddir=DIR`, e.g. build/real-modules/modules), so a
// module's request for "nls_cp437" or "crypto-fcrypt" loads it from there with its
// dependencies even where depmod never ran (kernel/kmod.ts).
import { setModprobeHelper, directoryModprobe } from '../../kernel/kmod.ts';
import { moduleFiles } from './kmod.ts';

setModprobeHelper((k) => directoryModprobe(moduleFiles(k).moddir));
