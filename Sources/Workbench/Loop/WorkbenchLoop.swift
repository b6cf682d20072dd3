import Foundation
import Settings
import Terminal

/// Runs the workbench on a terminal: renders the state, waits for a key or a wake-up (no
/// timeout, so an idle workbench uses no CPU), feeds events to the reducer and hands its
/// commands to a single worker that performs them in order on the backend.
///
/// The screen is used from the thread that calls `run` only; backend results and engine
/// reports arrive through an inbox and wake the screen.
public final class WorkbenchLoop {
    private let screen: NcursesScreen
    private let runner: EffectRunner
    private let themes: ThemeCatalog
    private let inbox = Inbox()
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var state: WorkbenchState
    private let commands: AsyncStream<WorkbenchCommand>.Continuation
    private let commandStream: AsyncStream<WorkbenchCommand>

    /// A loop drawing `state` on `screen` and acting through `backend`.
    public init(
        screen: NcursesScreen, backend: any PoolCuration, state: WorkbenchState, themes: ThemeCatalog = ThemeCatalog(),
        settings: ResolvedSettings? = nil
    ) {
        self.screen = screen
        self.runner = EffectRunner(backend: backend, settings: settings)
        self.themes = themes
        self.state = state
        self.state.size = screen.size
        start = clock.now
        (commandStream, commands) = AsyncStream.makeStream(of: WorkbenchCommand.self)
    }

    /// Where other threads post events to this loop.
    public var mailbox: WorkbenchMailbox { WorkbenchMailbox(inbox: inbox, waker: screen.waker) }

    /// Runs until the person quits; returns the last state. The backend is shut down (the
    /// pool closed) before this returns.
    public func run() -> WorkbenchState {
        let finished = DispatchSemaphore(value: 0)
        startWorker(finished: finished)
        startFeeds()
        screen.flush(Workbench.render(state))
        while !state.hasQuit {
            switch screen.nextEvent(timeout: nil) {
            case .key(.resize)?:
                apply(.resized(screen.size))
            case .key(let key)?:
                apply(.key(key))
            case .woken?:
                for event in inbox.take() { apply(event) }
            case nil:
                continue
            }
            screen.flush(Workbench.render(state))
        }
        commands.yield(.quit)
        commands.finish()
        finished.wait()
        return state
    }

    /// Applies `event`, stamped with the time it is applied.
    private func apply(_ event: WorkbenchEvent) {
        for command in Workbench.update(&state, event, at: sessionSeconds(since: start, clock)) {
            switch command {
            case .applyTheme(let name):
                do {
                    screen.apply(try themes.theme(named: name))
                    apply(.themeApplied(name))
                } catch {
                    apply(.failed("theme \(name): \(error); available: \(themes.availableNames().joined(separator: ", "))"))
                }
            case .openEditor(let request):
                do {
                    apply(.editorFinished(request, text: try screen.editExternally(request.text)))
                } catch {
                    apply(.failed(error.description))
                }
            case .tallyPool, .summarizeInstances:
                // Concurrently with the worker: a slow computation must not hold up decisions.
                let runner = runner, inbox = inbox, waker = screen.waker
                Task.detached {
                    if let event = await runner.perform(command) {
                        inbox.append(event)
                        waker.wake()
                    }
                }
            case .generateResponses(let request):
                // As long as the endpoints take: concurrently with the worker, reporting each step.
                let runner = runner, inbox = inbox, waker = screen.waker
                Task.detached {
                    let report: @Sendable (WorkbenchEvent) -> Void = { event in
                        inbox.append(event)
                        waker.wake()
                    }
                    report(await runner.generateResponses(request, progress: report))
                }
            case .analyzeVerbs(let entries):
                // Blocking for as long as spaCy installs and parses: a thread of its own, not
                // one of the two the task pool has.
                let runner = runner, inbox = inbox, waker = screen.waker
                Thread {
                    let report: @Sendable (WorkbenchEvent) -> Void = { event in
                        inbox.append(event)
                        waker.wake()
                    }
                    report(runner.analyzeVerbs(entries, progress: report))
                }.start()
            case .quit:
                break  // sent after the loop, so every earlier command completes first
            default:
                commands.yield(command)
            }
        }
    }

    /// The worker: performs commands in the order the reducer gave them.
    private func startWorker(finished: DispatchSemaphore) {
        let runner = runner, inbox = inbox, waker = screen.waker, stream = commandStream
        Task.detached {
            // A report takes seconds and reads the pool file on its own: it starts once the
            // commands before it are done (so their changes are on disk) and the ones after it
            // go on meanwhile. Quitting waits for it, so no half-written file is left.
            var reports: [Task<Void, Never>] = []
            for await command in stream {
                if case .writeReport = command {
                    reports.append(Task.detached {
                        if let event = await runner.perform(command) {
                            inbox.append(event)
                            waker.wake()
                        }
                    })
                } else if let event = await runner.perform(command) {
                    inbox.append(event)
                    waker.wake()
                }
            }
            for report in reports { await report.value }
            finished.signal()
        }
    }

    /// The pool's records at start, then the backend's reports as they come.
    private func startFeeds() {
        let backend = runner.backend, generation = runner.generation, inbox = inbox, waker = screen.waker, clock = clock, start = start
        Task.detached {
            inbox.append(.entriesLoaded(await backend.entries()))
            waker.wake()
            await backend.prepare()
            FreeMemoryRelease.release()  // what loading and indexing the pool left behind
        }
        guard let generation else { return }
        Task.detached {
            for await event in generation.events() {
                inbox.append(.curation(event, at: sessionSeconds(since: start, clock)))
                waker.wake()
            }
        }
    }
}

/// Posts events into a running `WorkbenchLoop` from any thread: each is applied, in order,
/// before the loop's next frame, as if it came from the terminal (keys) or the backend.
/// Benchmarks drive a real loop through it.
public struct WorkbenchMailbox: Sendable {
    let inbox: Inbox
    let waker: ScreenWaker

    /// Hands `event` to the loop and wakes it.
    public func post(_ event: WorkbenchEvent) {
        inbox.append(event)
        waker.wake()
    }
}

/// Events from other threads, waiting for the screen's thread.
final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [WorkbenchEvent] = []

    func append(_ event: WorkbenchEvent) {
        lock.withLock { events.append(event) }
    }

    func take() -> [WorkbenchEvent] {
        lock.withLock {
            defer { events.removeAll() }
            return events
        }
    }
}

/// Seconds from `start` to now on `clock`: the session time events are stamped with.
private func sessionSeconds(since start: ContinuousClock.Instant, _ clock: ContinuousClock) -> Double {
    let elapsed = start.duration(to: clock.now)
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
