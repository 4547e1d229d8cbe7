import Foundation
import TerminalCurses
import TerminalUI

/// The loop on the UI thread: read input, fold every intent through the reducer, start the
/// effects, paint. Owns the curses terminal and the state; nothing else touches either.
final class UILoop {
    private let terminal: CursesTerminal
    private let inbox: Inbox
    private let executor: EffectExecutor
    private var state: AppState
    private var running = true
    /// The subscriptions last asked of the push channel.
    private var watching = PushWatch.none

    init(server: String, loginHint: String?, display: DisplayOptions = DisplayOptions(), language: Language = .en,
         inbox: Inbox, executor: EffectExecutor) throws {
        terminal = try CursesTerminal()
        self.inbox = inbox
        self.executor = executor
        state = AppState(size: terminal.size, now: Date(), timeZone: .current, server: server)
        state.loginHint = loginHint
        state.display = display
        state.language = language
    }

    func run() {
        defer { terminal.close() }
        terminal.paint(Renderer.render(state).styled(state.display))
        var lastSecond = Int(Date().timeIntervalSince1970)
        while running {
            // Wait briefly for the first event, then take whatever else is queued (a paste).
            var events: [InputEvent] = []
            var event = terminal.readEvent(timeoutMilliseconds: 50)
            while let current = event, events.count < 256 {
                events.append(current)
                event = terminal.readEvent(timeoutMilliseconds: 0)
            }
            var changed = !events.isEmpty
            // Each key is looked up in the keymap of the state it arrives in: Enter that logs in
            // and a "j" right behind it must not both be read as text typed into the form.
            for event in events where running {
                if let intent = Keymaps.intent(for: event, in: state) { apply(intent) }
            }
            var intents = inbox.drain()
            let now = Date()
            let second = Int(now.timeIntervalSince1970)
            if second != lastSecond {
                lastSecond = second
                intents.append(.tick(now))
            }
            changed = changed || !intents.isEmpty
            for intent in intents where running {
                apply(intent)
            }
            if running, changed { terminal.paint(Renderer.render(state).styled(state.display)) }
        }
    }

    private func apply(_ intent: Intent) {
        let (next, effects) = Reducer.reduce(state, intent)
        state = next
        for effect in effects {
            if effect == .quit {
                running = false
                return
            }
            perform(effect)
        }
        let watch = Reducer.pushWatch(state)
        if watch != watching {
            watching = watch
            executor.push?.want(watch)
        }
    }

    private func perform(_ effect: Effect) {
        let executor = executor
        let inbox = inbox
        Task { inbox.post(await executor.perform(effect)) }
    }
}
