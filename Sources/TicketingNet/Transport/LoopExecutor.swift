/// The executor the current connection's task prefers (its server loop), for the unstructured
/// tasks it starts: `Task {}` copies task-locals but not an executor preference, and a task on
/// the global pool would hand every resumption back to the loop through its eventfd.
public enum LoopExecutor {
    @TaskLocal public static var current: (any TaskExecutor)?
}
