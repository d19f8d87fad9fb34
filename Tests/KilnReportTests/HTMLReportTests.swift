import Foundation
import Testing

@testable import KilnReport

@Suite struct HTMLReportTests {
    @Test("the report parses, is one file, and loads no external resource")
    func selfContained() throws {
        let html = try HTMLReport.render(SyntheticReport.model(runs: 12, points: 60))
        let document = try HTMLDocument(html)
        #expect(document.doctype)
        let elements = document.root.all
        #expect(elements.filter { $0.name == "link" }.isEmpty)
        #expect(elements.filter { $0.name == "script" }.count == 1)
        #expect(elements.allSatisfy { $0.name != "script" || $0.attributes["src"] == nil })
        #expect(elements.filter { $0.name == "style" }.count == 1)
        for element in elements {
            for attribute in ["src", "href", "xlink:href", "action", "data"] {
                let value = element.attributes[attribute]?.lowercased() ?? ""
                #expect(!value.hasPrefix("http") && !value.hasPrefix("//"), "\(element.name) \(attribute)=\(value)")
                #expect(!(element.name == "a" && attribute == "href") || value.hasPrefix("#"))
            }
        }
        let style = elements.first { $0.name == "style" }?.text ?? ""
        #expect(!style.contains("url(") && !style.contains("@import"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        let script = elements.first { $0.name == "script" }?.text ?? ""
        #expect(!script.contains("fetch(") && !script.contains("XMLHttpRequest") && !script.contains("import("))
    }

    @Test("an LR sweep has summary, curves and finals, and no scaling, CPT or fit section")
    func sectionsOfAnLRSweep() throws {
        let document = try HTMLDocument(HTMLReport.render(SyntheticReport.model(runs: 6, points: 40)))
        for id in ["summary", "curves", "finals"] { #expect(Fixtures.section(document, id) != nil, "\(id)") }
        for id in ["scaling", "cpt", "fits", "metrics"] { #expect(Fixtures.section(document, id) == nil, "\(id)") }
        let links = document.root.find("nav").first?.find("a").compactMap { $0.attributes["href"] }
        #expect(links == ["#summary", "#curves", "#finals"])
    }

    @Test("a scaling sweep shows the law with intervals, IsoFLOP profiles with minima, and the frontier")
    func scalingSection() throws {
        let document = try HTMLDocument(HTMLReport.render(SyntheticReport.scalingModel()))
        let section = try #require(Fixtures.section(document, "scaling"))
        let table = try #require(section.find("table").first)
        let cells = table.find("tr").map { $0.find("td").map(\.textContent) }.filter { !$0.isEmpty }
        #expect(cells.first == ["E", "1.69", "[1.62, 1.75]"])
        let figures = section.find("figure")
        #expect(figures.count == 2)
        // Three budgets: five runs each, one parabola each, one minimum each.
        #expect(figures[0].find("circle").count == 3 * 5 + 3)
        #expect(figures[0].find("circle").count { $0.attributes["class"]?.contains("hl") == true } == 3)
        #expect(figures[0].find("path", having: ["data-key"]).count == 3)
        #expect(figures[1].find("circle", having: ["data-key"]).count == 3)
        #expect(Fixtures.section(document, "cpt") == nil)
    }

    @Test("a continual-pretraining sweep shows upstream and downstream losses with a dashed baseline, and fits")
    func continualSection() throws {
        let document = try HTMLDocument(HTMLReport.render(SyntheticReport.continualModel()))
        let section = try #require(Fixtures.section(document, "cpt"))
        let figures = section.find("figure")
        #expect(
            figures.map { $0.find("figcaption").first?.textContent.hasPrefix("Upstream") ?? false } == [true, false])
        for figure in figures {
            let paths = figure.find("path", having: ["data-key"])
            #expect(paths.count == 7)
            #expect(paths.count { $0.attributes["class"]?.contains("dash") == true } == 1)
            #expect(paths.contains { $0.attributes["data-label"] == "warmup=0.01, peak_lr=0.0006, replay=0.05" })
        }
        let fits = try #require(Fixtures.section(document, "fits"))
        #expect(fits.find("path", having: ["data-key"]).count == 4)
        #expect(fits.find("tbody").first?.find("tr").count == 2)
    }

    @Test("every curve chart has exactly one series per run, and the LR chart shares the step axis")
    func oneSeriesPerRun() throws {
        let model = SyntheticReport.model(runs: 9, points: 30)
        let document = try HTMLDocument(HTMLReport.render(model))
        let section = try #require(Fixtures.section(document, "curves"))
        let figures = section.find("figure")
        let captions = figures.map { $0.find("figcaption").first?.textContent ?? "" }
        #expect(
            captions.map { $0.replacingOccurrences(of: "log scale", with: "").trimmingCharacters(in: .whitespaces) }
                == ["train/loss", "val/code/loss", "val/web/loss", "Learning rate (lr)"])
        let expected = model.runs.map { "r\($0.id)" }
        for figure in figures {
            #expect(figure.find("path", having: ["data-key"]).compactMap { $0.attributes["data-key"] } == expected)
        }
        let axes = Set(figures.compactMap { $0.find("svg").first?.attributes["data-x"] })
        #expect(axes.count == 1)
        #expect(figures.map { $0.find("input").count } == [1, 1, 1, 0])
        let legend = try #require(section.find("div").first { $0.attributes["class"] == "legend" })
        #expect(legend.find("button", having: ["data-key"]).count == model.runs.count)
    }

    @Test("large sweeps are drawn downsampled: 200 runs × 1000 points get 200 points per series")
    func downsampledForDrawing() throws {
        let document = try HTMLDocument(HTMLReport.render(SyntheticReport.model(runs: 200, points: 1000)))
        let section = try #require(Fixtures.section(document, "curves"))
        let paths = section.find("path", having: ["data-key"])
        #expect(paths.count == 4 * 200)
        #expect(paths.allSatisfy { Fixtures.vertices($0) == 200 })
        #expect(section.find("p").contains { $0.textContent.contains("at most 200 points per run") })
    }

    @Test("the summary has one sortable row per run with numeric sort keys")
    func summaryTable() throws {
        let model = SyntheticReport.model(runs: 7, points: 20)
        let document = try HTMLDocument(HTMLReport.render(model))
        let table = try #require(document.root.element(id: "runs"))
        #expect(table.attributes["class"] == "sortable")
        let rows = try #require(table.find("tbody").first).find("tr")
        #expect(rows.map { $0.find("td").first?.textContent } == model.runs.map(\.name))
        let headers = table.find("th").map(\.textContent)
        #expect(headers.contains("peak_lr") && headers.contains("val/web/loss") && headers.contains("wall time"))
        let column = try #require(headers.firstIndex(of: "val/web/loss"))
        let sortKey = rows[0].find("td")[column].attributes["data-sort"]
        #expect(sortKey.flatMap(Double.init) == model.runs[0].finalMetrics["val/web/loss"])
    }

    @Test("hostile names, descriptions, parameters and metric names show as text, never as markup")
    func hostileStringsAreEscaped() throws {
        let html = try HTMLReport.render(Fixtures.hostileModel())
        let document = try HTMLDocument(html)
        let elements = document.root.all
        #expect(elements.count { $0.name == "script" } == 1)
        #expect(!elements.contains { $0.name == "img" || $0.name == "b" && $0.parent?.name != "p" })
        #expect(!elements.contains { $0.attributes.keys.contains { $0.hasPrefix("on") } })
        let summary = try #require(Fixtures.section(document, "summary"))
        #expect(summary.textContent.contains(Fixtures.hostile))
        #expect(summary.textContent.contains("<b onmouseover=alert(3)>lr</b>"))
        #expect(document.root.find("header").first?.textContent.contains("</p><script>alert(4)</script>") == true)
        let curves = try #require(Fixtures.section(document, "curves"))
        #expect(curves.find("text").contains { $0.textContent == "val/<img src=x onerror=alert(2)>/loss" })
        #expect(curves.find("button").contains { $0.textContent == Fixtures.hostile })
        #expect(!html.contains("<script>alert"))
    }

    @Test("a diverged run (NaN and infinite losses) still draws its finite points and shows NaN in the summary")
    func divergedRun() throws {
        let curve = [3.0, 2.5, .infinity, 2.0, .nan].enumerated().map { CurvePoint(step: $0.offset, value: $0.element) }
        let run = ReportRun(id: 1, name: "diverged", sweep: "s", series: ["train/loss": curve])
        let document = try HTMLDocument(HTMLReport.render(ReportModel(sweeps: [], runs: [run])))
        let path = try #require(document.root.find("path", having: ["data-key"]).first)
        #expect(Fixtures.vertices(path) == 3)
        #expect(!(path.attributes["d"] ?? "").lowercased().contains("n"))
        #expect(document.root.element(id: "runs")?.find("td").contains { $0.textContent == "NaN" } == true)
    }

    @Test("a diverging run is cut off at the top edge instead of flattening the others; healthy sweeps are not cut")
    func divergingRunIsClipped() throws {
        var model = SyntheticReport.model(runs: 6, points: 50)
        model.runs[2].series["train/loss"] = model.runs[2].series["train/loss"]?.enumerated().map {
            CurvePoint(step: $0.element.step, value: $0.offset < 30 ? $0.element.value : 1e4)
        }
        let document = try HTMLDocument(HTMLReport.render(model))
        let figure = try #require(Fixtures.section(document, "curves")?.find("figure").first)
        let domain = (figure.find("svg").first?.attributes["data-y"] ?? "").split(separator: " ").compactMap {
            Double($0)
        }
        #expect(domain.count == 4 && domain[1] < 10)
        #expect(figure.find("p").first?.textContent.contains("drawn at the top edge") == true)
        #expect(figure.find("path", having: ["data-key"]).count == 6)
        let healthy = try HTMLReport.render(SyntheticReport.model(runs: 6, points: 50))
        #expect(!healthy.contains("drawn at the top edge"))
    }

    @Test("sections without data are left out: a model with no runs renders header only")
    func emptyModel() throws {
        let document = try HTMLDocument(
            HTMLReport.render(ReportModel(sweeps: [ReportSweep(id: 1, name: "empty")], runs: [])))
        #expect(document.root.find("section").isEmpty)
        #expect(document.root.find("h1").first?.textContent == "empty")
    }
}
