import KilnProtocol
import Testing
@testable import KilnTraining

@Suite struct ParameterLayoutSharedShapeTests {
    @Test(
        "the training core allocates exactly the parameters the planner counts",
        arguments: [(1, 8, 2, 5), (2, 64, 2, 64), (6, 192, 6, 128), (8, 256, 8, 256)])
    func layoutMatchesThePlannersCount(_ shape: (Int, Int, Int, Int)) {
        let model = ModelShape(layers: shape.0, width: shape.1, heads: shape.2, context: shape.3)
        #expect(ParameterLayout(shape: model).total == model.parameters)
    }
}
