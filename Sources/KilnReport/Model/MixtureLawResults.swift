/// A saved D-CPT fit (`kiln fit mixture SWEEP`) as the report shows it: both laws' values with intervals, the
/// best domain ratio under the general-loss limit, and the predictions at held-out ratios.
package struct MixtureLawResults: Sendable {
    /// One fitted value of both laws.
    package struct Parameter: Sendable {
        /// `E`, `A`, `B`, `C`, `alpha`, `beta`, `gamma`, `eta`.
        package var name: String
        /// Its value in the general-loss law, with its 95% interval when bootstrapped.
        package var general: Double?
        package var generalInterval: (Double, Double)?
        /// Its value in the domain-loss law, with its 95% interval when bootstrapped.
        package var domain: Double?
        package var domainInterval: (Double, Double)?
    }

    /// One held-out run: observed and predicted losses.
    package struct Prediction: Sendable {
        package var params: Double
        package var tokens: Double
        package var ratio: Double
        package var generalObserved: Double
        package var generalPredicted: Double
        package var domainObserved: Double
        package var domainPredicted: Double
    }

    /// The sweep the fit was saved for.
    package var sweep: String
    /// The metrics fitted, as saved (`general,domain`), when recorded.
    package var metrics: String?
    /// Points fitted.
    package var dataCount: Int?
    /// ε of the law.
    package var epsilon: Double?
    /// Both laws' values.
    package var parameters: [Parameter]
    /// The best ratio, with its interval, and the sentence saying for which N, D and limit.
    package var bestRatio: Double?
    package var bestRatioInterval: (Double, Double)?
    package var optimum: String?
    /// Predictions at held-out ratios.
    package var predictions: [Prediction]
    /// The fit's warnings.
    package var warnings: [String]
}
