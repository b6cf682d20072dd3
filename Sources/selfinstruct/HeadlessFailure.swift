import ArgumentParser
import Engine
import LLM
import Pool

/// Why a headless run (`generate`, `classify`, `instances`) failed, with the exit status a
/// script can act on. Printed once, as `error: …`, without the usage text: the flags were
/// fine, the input, the endpoint or the pool was not.
struct HeadlessFailure: Error, CustomStringConvertible {
    /// The exit statuses, documented in `--help` and the README.
    enum Status: Int32 {
        /// A bad flag value, config file, template folder or seed file.
        case badInput = 2
        /// The endpoint cannot be used (the run halted, or nothing answers).
        case endpointUnusable = 3
        /// The pool cannot be written: locked by another writer, read-only, disk full.
        case pool = 4
        /// The run stopped before a request could pass the budget (`max_cost`,
        /// `max_tokens_total` or a per-run limit); what was done before is in the pool.
        case budgetReached = 5
    }

    /// The `--help` paragraph that lists the statuses.
    static let statusHelp = "Exit status: 0 done; 1 some requests failed for good (their tasks are asked again next time); 2 bad input (a flag value, config file, templates, seeds); 3 endpoint unusable (the run stopped and says why); 4 pool problem (locked, read-only, disk full); 5 budget reached (the next request could pass max_cost, max_tokens_total or a per-run limit; raise it to go on)."

    let status: Status
    /// What happened, where and what to do next.
    let description: String

    init(_ status: Status, _ description: String) {
        self.status = status
        self.description = description
    }

    /// The failure `error` stands for, or nil for an error the caller reports as it is.
    init?(_ error: any Error) {
        switch error {
        case let failure as HeadlessFailure:
            self = failure
        case let error as EngineError:
            if error.haltReason?.budgetOverrun != nil {
                self.init(.budgetReached, error.description)
            } else if error.haltReason != nil {
                self.init(.endpointUnusable, error.description)
            } else if error.isPoolFailure {
                self.init(.pool, error.description)
            } else {
                self.init(.badInput, error.description)
            }
        case let error as PoolError:
            self.init(.pool, error.description)
        case let error as ValidationError:
            self.init(.badInput, error.message)
        case let error as LLMError:
            self.init(.endpointUnusable, error.description)
        case let error as LocalModel.Failure:
            self.init(.endpointUnusable, error.description)
        default:
            return nil
        }
    }

    /// Runs a headless command's body, turning the errors it throws into `HeadlessFailure`s.
    static func reporting(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            throw HeadlessFailure(error) ?? error
        }
    }

    /// The commands whose failures exit with these statuses.
    static let commands: Set<String> = ["generate", "classify", "instances", "batches"]
}
