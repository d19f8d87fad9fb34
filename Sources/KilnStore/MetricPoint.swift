/// One value of one metric of one run at one step.
public struct MetricPoint: Sendable, Hashable {
    public var runID: Int64
    public var name: String
    public var step: Int
    public var value: Double

    public init(runID: Int64, name: String, step: Int, value: Double) {
        self.runID = runID
        self.name = name
        self.step = step
        self.value = value
    }
}
