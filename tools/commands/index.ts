// Every file that defines scenario commands, imported for its side effect.
export {};
