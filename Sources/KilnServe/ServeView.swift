/// What `kiln serve` adds to a report page, read by the `serve/top` and `serve/bottom` templates. Every
/// string is user text (escaped by `{{…}}`) or a URL Kiln built from numeric ids.
///
/// Property names differ from the report page's (`title`, `sweeps`, `sections`, …) on purpose: Mustache looks
/// a missing (nil) name up in the enclosing contexts.
struct ServeView {
    /// Links at the top: all sweeps, the sweep of a run, compare.
    var crumbs: [Crumb] = []
    /// Buttons that POST an action (cancel, retry); none in read-only mode.
    var actionForms: [ActionForm] = []
    /// Why the actions are absent or what they need.
    var actionNote: String?
    /// The home page's list of sweeps.
    var overview: OverviewView?
    /// A sweep page's runs: links to run pages, compare checkboxes, per-run actions.
    var runList: RunListView?
    /// A run page's configuration, lineage, attempts and log.
    var runInfo: RunInfoView?
    /// The compare page's run picker.
    var picker: PickerView?
    /// The server-sent-events URL the live script follows; nil: the page does not update itself.
    var liveURL: String?
}

/// A link in the page's top line.
struct Crumb {
    var crumbHref: String
    var crumbText: String
}

/// A one-button form POSTing to `formAction` (same origin; the token travels in the cookie or header).
struct ActionForm {
    var formAction: String
    var buttonText: String
    /// Asked in a confirm() by the live script before posting.
    var confirmText: String
}

/// The home page: a filter form and one row per sweep.
struct OverviewView {
    var filterText: String
    var stateOptions: [Choice]
    var sortOptions: [Choice]
    var overviewRows: [OverviewRow]
    /// Sweeps the filter hides; nil when none.
    var hiddenCount: Int?
}

/// An option of a `<select>`.
struct Choice {
    var choiceValue: String
    var choiceText: String
    var chosen: Bool
}

/// A sweep on the home page.
struct OverviewRow {
    var sweepHref: String
    var sweepName: String
    var sweepNote: String?
    var pendingCount: Int
    var runningCount: Int
    var succeededCount: Int
    var failedCount: Int
    var cancelledCount: Int
    var prunedCount: Int
    var runCount: Int
    /// 0…1000, for `<progress max="1000">`.
    var progressPermille: Int
    var progressText: String
    var etaText: String
    var etaSort: String
    var flopsText: String
    var flopsSort: String
    var activityText: String
    var activitySort: String
}

/// A sweep's runs, linked, with compare checkboxes (a GET form to /compare: works without JavaScript).
struct RunListView {
    var runRows: [RunRow]
    /// `<details open>` when the list is short.
    var listOpen: Bool
}

/// A run in a sweep page's run list.
struct RunRow {
    var runID: String
    var runHref: String
    var runName: String
    var runState: String
    var runStep: String
    var rowActions: [ActionForm]
}

/// The run page's own sections.
struct RunInfoView {
    var configJSON: String
    var trainerJSON: String?
    var parentLink: Crumb?
    var branchStep: String
    var childRows: [ChildRow]
    var attemptRows: [AttemptRow]
    var logText: String
    var logSource: String
    var failureText: String?
}

/// A run branched from this one.
struct ChildRow {
    var childHref: String
    var childName: String
    var childState: String
    var childStep: String
}

/// One attempt of a run.
struct AttemptRow {
    var attemptNumber: Int
    var attemptHost: String
    var attemptWorker: String
    var attemptState: String
    var attemptStart: String
    var attemptEnd: String
    var attemptExit: String
    var attemptFailure: String
}

/// The compare page's form: run ids or names, comma-separated.
struct PickerView {
    var pickerText: String
    var pickerProblem: String?
}
