// Tests that repeat exactly draw from the pool's seeded generator, so there is one SplitMix64
// in the project; re-exported here so a test target needs only `import TestSupport`.
@_exported import struct Pool.SplitMix64
