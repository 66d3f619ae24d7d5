// Every file that defines scenario commands, imported for its side effect.
import './memory.ts';
import './tasks.ts';
import './signals.ts';
import './lifecycle.ts';
import './kmod.ts';
import './files.ts';
import './gpio.ts';
