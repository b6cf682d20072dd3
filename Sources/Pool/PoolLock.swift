import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The single-writer lock of a pool: an exclusive `flock` on `<pool>.lock` beside it, with
/// the holder's pid written inside so a refused writer can say who holds it.
///
/// The lock lives on its own file, not the pool, because compaction replaces the pool file
/// by rename and a lock on the old inode would silently stop excluding anyone. The kernel
/// drops the lock when the holder dies, so a crashed writer never leaves the pool locked.
final class PoolLock {
    /// The lock file's path.
    let path: String
    private var descriptor: Int32

    /// Takes the lock for `poolPath` or throws `PoolError` naming the holder's pid.
    init(poolPath: String) throws {
        path = poolPath + ".lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PoolError.system("create lock file", path: path) }
        guard Self.takeLock(descriptor) == 0 else {
            let code = errno
            let holder = Self.readPID(descriptor)
            close(descriptor)
            // The object is whole, so deinit runs after the throw: it must not close (and
            // truncate) the same descriptor number again, which may by then be another file's.
            descriptor = -1
            if code == EWOULDBLOCK {
                throw PoolError.locked(pool: poolPath, pid: holder, lockFile: path)
            }
            throw PoolError.system("lock", path: path, errno: code)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit { release() }

    /// Releases the lock; later calls do nothing.
    func release() {
        guard descriptor >= 0 else { return }
        _ = ftruncate(descriptor, 0)
        close(descriptor)
        descriptor = -1
    }

    /// `flock`, waiting a little while the lock is held by no process that says so: a lock
    /// file left empty by a holder that released it, whose descriptor lingers in a child
    /// forked in the moment before it exec'd (closed at exec, `O_CLOEXEC`, but the child may
    /// wait seconds for a CPU on a loaded machine). A holder that wrote its pid is refused at
    /// once. Returns `flock`'s result, with `errno` set on failure.
    private static func takeLock(_ descriptor: Int32) -> Int32 {
        for _ in 0..<600 {
            if flock(descriptor, LOCK_EX | LOCK_NB) == 0 { return 0 }
            let code = errno
            guard code == EWOULDBLOCK, readPID(descriptor) == nil else {
                errno = code
                return -1
            }
            usleep(50_000)
        }
        errno = EWOULDBLOCK
        return -1
    }

    private static func readPID(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }
}
