import Foundation

/// The Mustache templates and CSS in `templates/html/`, shipped with the build.
public enum Templates {
    /// The folder holding `*.mustache` and `*.css` files.
    public static var directory: URL? { Bundle.module.url(forResource: "html", withExtension: nil) }
}
