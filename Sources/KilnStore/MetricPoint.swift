/// One value of one metric of one run at one step.
package struct MetricPoint: Sendable, Hashable {
    package var runID: Int64
    package var name: String
    package var step: Int
    package var value: Double

    package init(runID: Int64, name: String, step: Int, value: Double) {
        self.runID = runID
        self.name = name
        self.step = step
        self.value = value
    }
}
