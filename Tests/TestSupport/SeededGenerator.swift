import SeededRandom

/// Randomised tests use the simulator's generator (SplitMix64), so a seed means the same draws everywhere.
public typealias SeededGenerator = SeededRandom.SeededGenerator
