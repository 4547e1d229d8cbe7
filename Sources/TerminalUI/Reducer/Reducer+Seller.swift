import Foundation
import TicketingDomain
import TicketingProtocol

/// The seller's catalog: a venue from a hall file, a performance in one of their venues, and
/// coupons with live counts. Forms keep every value through errors; problems show under them.
extension Reducer {
    /// Seconds between coupon reloads while a coupon list is open: the API pushes no counts.
    static let couponRefreshInterval = 2

    static func showNewVenue(_ state: inout AppState) -> [Effect] {
        guard state.isSeller else { return [] }
        state.venueDraft = state.venueDraft ?? VenueDraftState()
        state.route = .newVenue
        return request(.loadHallFiles, &state)
    }

    static func reduceNewVenue(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        guard var draft = state.venueDraft else { return [] }
        switch intent {
        case .move(.down), .scroll(.down):
            draft.selected = min(max(0, draft.files.count - 1), draft.selected + 1)
            draft.problems = []
        case .move(.up), .scroll(.up):
            draft.selected = max(0, draft.selected - 1)
            draft.problems = []
        case .refresh: return request(.loadHallFiles, &state)
        case .back: state.route = .performances
        case .activate:
            guard let entry = draft.current else { return [] }
            guard let hall = entry.hall else {
                state.notify("{0} has problems; fix the file first.", entry.fileName, isError: true)
                return []
            }
            draft.problems = []
            state.venueDraft = draft
            return request(.createVenue(name: hall.name, layout: hall.layout), &state)
        default: break
        }
        state.venueDraft = draft
        return []
    }

    static func showNewPerformance(_ state: inout AppState, venueId: String? = nil) -> [Effect] {
        guard state.isSeller, let seller = state.session?.id else { return [] }
        state.performanceForm = PerformanceFormState(now: state.now, timeZone: state.timeZone,
                                                     preferredVenueId: venueId)
        state.route = .newPerformance
        state.pending.remove(.venues)
        // The executor matches each venue with its hall file for the grades.
        return request(.loadVenueChoices(ownerId: seller), &state)
    }

    static func reducePerformanceForm(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        guard var sheet = state.performanceForm else { return [] }
        var effects: [Effect] = []
        switch intent {
        case .back:
            state.route = .performances
            state.performanceForm = nil
            return []
        case .move(.left), .move(.right):
            if sheet.form.focusedField?.key == "venue", sheet.form.flip(intent == .move(.left) ? -1 : 1) {
                sheet.reshape()
            }
        case .type(" ") where sheet.form.focusedField?.key == "venue":
            if sheet.form.flip(1) { sheet.reshape() }
        case .activate:
            switch sheet.draft(timeZone: state.timeZone) {
            case .failure(let problem):
                sheet.form.problems = [problem.text(in: state.language)]
                sheet.form.focus(on: problem.field)
            case .success(let draft):
                sheet.form.problems = []
                effects = request(.createPerformance(draft), &state)
            }
        default:
            editForm(intent, &sheet.form)
        }
        state.performanceForm = sheet
        return effects
    }

    /// Typing, deleting and moving between fields: the same on every form.
    static func editForm(_ intent: Intent, _ form: inout EntryForm) {
        switch intent {
        case .type(let character): form.type(character)
        case .deleteBackward: form.deleteBackward()
        case .nextField: form.focusNext(1)
        case .previousField: form.focusNext(-1)
        case .move(.left): form.flip(-1)
        case .move(.right): form.flip(1)
        default: break
        }
    }

    static func showCouponsOfSelected(_ state: inout AppState) -> [Effect] {
        guard let show = state.list.current else { return [] }
        state.couponList = CouponListState(performance: show)
        state.route = .coupons
        state.pending.remove(.coupons)
        return request(.loadCoupons(performanceId: show.id), &state)
    }

    static func reduceCouponForm(_ intent: Intent, _ list: inout CouponListState, _ state: inout AppState) -> [Effect] {
        guard var sheet = list.form else { return [] }
        var effects: [Effect] = []
        switch intent {
        case .back:
            list.form = nil
            return []
        case .activate:
            switch sheet.draft() {
            case .failure(let problem):
                sheet.form.problems = [problem.text(in: state.language)]
                sheet.form.focus(on: problem.field)
            case .success(let draft):
                sheet.form.problems = []
                effects = request(.createCoupon(draft), &state)
            }
        default:
            let kind = sheet.form.value("kind")
            editForm(intent, &sheet.form)
            if sheet.form.value("kind") != kind { sheet.reshape() }
        }
        list.form = sheet
        return effects
    }

    static func couponTick(_ state: inout AppState) -> [Effect] {
        guard state.route == .coupons, let list = state.couponList, state.connection == .online,
              Int(state.now.timeIntervalSince1970) % couponRefreshInterval == 0 else { return [] }
        return request(.loadCoupons(performanceId: list.performance.id), &state)
    }

    static func applySellerResult(_ intent: Intent, _ state: inout AppState) -> [Effect] {
        switch intent {
        case .hallFilesLoaded(let files):
            state.pending.remove(.hallFiles)
            state.venueDraft?.files = files
            state.venueDraft?.loaded = true
            if let draft = state.venueDraft, draft.selected >= files.count {
                state.venueDraft?.selected = max(0, files.count - 1)
            }
        case .venueCreated(let venue):
            state.pending.remove(.createVenue)
            state.notify("Venue {0} created with {1} seats — now its first performance.", venue.name,
                         Money.grouped(venue.seatCount))
            guard state.route == .newVenue else { return [] }
            return showNewPerformance(&state, venueId: venue.id)
        case .venueChoicesLoaded(let choices):
            state.pending.remove(.venues)
            state.performanceForm?.setVenues(choices)
        case .performanceCreated(let show):
            state.pending.remove(.createPerformance)
            state.performanceForm = nil
            if state.route == .newPerformance { state.route = .performances }
            state.notify("{0} created: sale opens {1}.", show.title, TimeText.dateTime(show.saleOpensAt, in: state.timeZone))
            return request(.loadPerformances, &state)
        case .couponCreated(let coupon):
            state.pending.remove(.createCoupon)
            guard state.couponList?.performance.id == coupon.performanceId else { return [] }
            guard var list = state.couponList else { return [] }
            list.form = nil
            list.coupons.removeAll { $0.id == coupon.id }
            list.coupons.append(coupon)
            list.selected = list.coupons.count - 1
            state.couponList = list
            state.notify("Coupon {0} created: {1} to claim.", coupon.name, Money.grouped(coupon.remaining))
        case .rejected(let kind, let problems):
            state.pending.remove(kind)
            showProblems(problems, for: kind, &state)
        default: break
        }
        return []
    }

    /// The server's reasons under the form they concern; the status bar says where to look.
    static func showProblems(_ problems: [String], for kind: Request, _ state: inout AppState) {
        switch kind {
        case .createPerformance: state.performanceForm?.form.problems = problems
        case .createCoupon: state.couponList?.form?.form.problems = problems
        case .createVenue: state.venueDraft?.problems = problems
        default: return
        }
        let first = state.language.text(problems.first ?? "The server refused it.")
        if problems.count > 1 {
            state.notify("{0} (+{1} more)", first, "\(problems.count - 1)", isError: true)
        } else {
            state.notify(first, isError: true)
        }
    }
}
