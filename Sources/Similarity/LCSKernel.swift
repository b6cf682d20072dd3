import CBitParallelLCS

/// The instruction set the bit-parallel LCS runs on over a length group: AVX-512 or AVX2
/// lanes (one instruction each) where the CPU has them, four interleaved words otherwise.
/// Every kernel gives the same lengths; only the speed differs.
public enum LCSKernel: String, CaseIterable, Sendable {
    /// Four 64-bit (or 32-bit) words in lock-step, on any CPU.
    case scalar
    /// A block of sixteen instructions in two 256-bit registers (four for queries over 32
    /// tokens), each step's masks loaded lane by lane.
    case avx2
    /// A block in one 512-bit register (two for queries over 32 tokens); for queries of ≤ 32
    /// tokens the masks come from a perfect hash of the query's tokens, without loads.
    case avx512

    /// The fastest kernel this CPU runs.
    public static let best = LCSKernel(lcs_kernel_best_level())

    /// The kernels this CPU runs, slowest first.
    public static var available: [LCSKernel] { allCases.filter { $0.level.rawValue <= best.level.rawValue } }

    var level: LCSKernelLevel {
        switch self {
        case .scalar: LCSKernelLevelScalar
        case .avx2: LCSKernelLevelAVX2
        case .avx512: LCSKernelLevelAVX512
        }
    }

    private init(_ level: LCSKernelLevel) {
        switch level {
        case LCSKernelLevelAVX512: self = .avx512
        case LCSKernelLevelAVX2: self = .avx2
        default: self = .scalar
        }
    }
}
