import ArgumentParser
import Engine
import Foundation
import Pool
import Terminal
import Workbench

/// A 10 MB instruction: words, a line break now and then, capitals and a Greek word (the
/// case mapping's slow path), as the workbench's huge-record test builds it.
private func hugeInstruction() -> String {
    var text = "Summarise this enormous document in one paragraph. "
    let words = ["alpha", "Beta", "gamma", "DELTA", "epsilon", "ΖΗΤΑ", "eta", "theta"]
    var index = 0
    while text.utf8.count < 10_000_000 {
        text += words[index % words.count]
        text += index % 97 == 0 ? "\n" : " "
        index += 1
    }
    return text
}

/// A pool holding a 10 MB pending record, selected in the Pool view: the frame's render
/// time, and beside it the filters' verdict on the same text, which the workbench computes
/// off the screen's thread when the record is selected.
func measureHugeRecord(in folder: TemporaryFolder) async throws {
    let huge = hugeInstruction()
    let url = folder.file("huge.jsonl")
    let pool = try PoolFile(at: url)
    try pool.add(contentsOf: [
        PoolRecord(id: "seed_task_0", instruction: "Write a poem about the ocean.", status: .seed),
        PoolRecord(id: "huge", instruction: huge, status: .pending, round: 1),
    ])
    try pool.close()

    let backend = try PoolCurationBackend(poolAt: url)
    var state = WorkbenchState(size: Size(width: 200, height: 60), poolName: "huge.jsonl")
    func send(_ event: WorkbenchEvent) async throws {
        for command in Workbench.update(&state, event) {
            if case .loadRecord(let id) = command { try await send(.recordLoaded(try await backend.record(id))) }
        }
    }
    try await send(.entriesLoaded(await backend.entries()))
    try await send(.key(.character("2")))
    try await send(.key(.end))
    guard state.detail?.id == "huge" else { throw ValidationError("the 10 MB record was not selected in the Pool view") }
    let renders = (0..<10).map { _ in seconds { _ = Workbench.render(state) } }
    let recipe = Recipe.selfInstruct()
    var judged: FilterVerdict?
    let cpuBefore = cpuSeconds()
    let verdicts = (0..<5).map { _ in seconds { judged = recipe.verdict(for: huge, threshold: 0.7) } }
    // CPU time too: on a shared machine the wall time follows the other processes' load.
    let cpu = (cpuSeconds() - cpuBefore) / Double(verdicts.count)
    await backend.shutDown()

    let render = percentile(renders, 0.5), judging = percentile(verdicts, 0.5)
    print(String(format: "10 MB record: render 200x60 p50 %6.2f ms · filters' verdict p50 %6.1f ms (CPU %.1f ms)   goal ≤ 1000 ms  %@",
                 render * 1000, judging * 1000, cpu * 1000, verdict(judging <= 1)))
    print("  (the verdict: \(judged?.description ?? ""))")
}
