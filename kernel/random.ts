// The one source of randomness: a seeded splitmix64. Same seed, same machine, same run.
export class Rng {
  private state: bigint;
  constructor(seed: number | bigint) {
    this.state = BigInt.asUintN(64, BigInt(seed) ^ 0x9e3779b97f4a7c15n);
  }
  next64(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }
  /** Uniform integer in [0, n). */
  below(n: number): number {
    return Number(this.next64() % BigInt(n));
  }
}
